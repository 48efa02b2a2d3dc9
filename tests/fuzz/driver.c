/* driver — replays inputs through a fuzz target without libFuzzer: every file named on the
 * command line, or every regular file of a directory named there (AFL++-compatible: one input
 * per file). Prints how many inputs ran; a crash is the failure. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fuzz.h"

static int driver_run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  size_t cap = 1 << 16, n = 0;
  unsigned char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0 || n > (1u << 24)) break;
    if (n == cap) {
      unsigned char *bigger = realloc(buf, cap * 2);
      if (!bigger) break;
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (!buf) return 0;
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 1;
}

int main(int argc, char **argv) {
  int runs = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) continue;
    if (!S_ISDIR(st.st_mode)) {
      runs += driver_run_file(argv[i]);
      continue;
    }
    DIR *d = opendir(argv[i]);
    struct dirent *ent;
    while (d && (ent = readdir(d))) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], ent->d_name);
      if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) runs += driver_run_file(path);
    }
    if (d) closedir(d);
  }
  printf("%d passed, 0 failed\n", runs);
  return runs > 0 ? 0 : 1;
}
