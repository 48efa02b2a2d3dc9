/*
 * fuzz — the one entry point every fuzz target defines (libFuzzer's signature). The same
 * target links either with libFuzzer (-fsanitize=fuzzer, clang) for coverage-guided runs, or
 * with driver.c, a standalone main that replays files (the committed corpus, crash
 * reproducers, AFL++ queue entries) under the normal build.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
