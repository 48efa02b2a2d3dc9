/*
 * child — runs a function in a forked child process and brings its fixed-size result back
 * through a pipe, under a time limit. The sweep uses it for the cycle simulator, whose SystemC
 * kernel can be elaborated only once per process (sim/sim.h): every design point simulates in
 * a fresh child, so the sweep process itself never elaborates.
 *
 * Constraints (fork without exec, from a worker thread of a multi-threaded process): the child
 * holds a copy of the whole address space but only the calling thread. It must not touch state
 * that another thread may have been changing at the fork: the caller's own data (read-only
 * here), the parsed arch/workload/mappings and glibc's malloc and stdio (whose locks glibc's
 * fork resets) are safe; the SQLite handle is not (the sweep writes the database only between
 * batches, while no worker runs, and the child never touches it). The child closes every file
 * descriptor except its result pipe, sends stdout and stderr to /dev/null (the simulator must
 * not write into the sweep's output) and leaves with _exit, so no atexit handler or stdio
 * buffer of the parent runs twice. A child that crashes, exits without a full result or runs
 * past the limit (then it is killed with SIGKILL) is a failure with the reason in words.
 */
#ifndef SWP_CHILD_H
#define SWP_CHILD_H

#include <stddef.h>

/* Runs in the child: fills out (size bytes; zeroed first) from arg. Its return value is
 * ignored: failures travel inside the result. */
typedef void (*swp_child_fn)(const void *arg, void *out, size_t size);

/* Runs fn(arg, out, size) in a child process and copies its result into out. Returns 0, or -1
 * with why (cap bytes): the process could not start, was killed by a signal (named), exited
 * without a full result, or exceeded timeout_s seconds. Thread-safe. */
int swp_child_run(swp_child_fn fn, const void *arg, void *out, size_t size, double timeout_s, char *why,
                  size_t cap);

#endif
