/*
 * test_arch_bad_files — every tests/bad/arch_NAME.yaml fails to load with exactly the error its
 * first line announces ("# expect: FILE:LINE:COL: error: MESSAGE"), as an input error (the CLI
 * exits 2). This is what `accel-sim arch` does first, so the CLI corpus runner sees the same
 * first stderr line. ARCH_BAD_PRINT=1 prints the actual messages.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "unit.h"

static void check_file(const char *path) {
  char line[1200] = "", second[256] = "";
  FILE *f = fopen(path, "r");
  CHECK(f != NULL);
  if (!f) return;
  if (!fgets(line, sizeof line, f)) line[0] = '\0';
  if (!fgets(second, sizeof second, f)) second[0] = '\0';
  fclose(f);
  line[strcspn(line, "\n")] = '\0';
  second[strcspn(second, "\n")] = '\0';
  const char *prefix = "# expect: ";
  CHECK(strncmp(line, prefix, strlen(prefix)) == 0);
  CHECK_STR(second, "# command: arch");
  arch_spec *a = NULL;
  com_err e = {0};
  int st = arch_load_file(path, &a, &e);
  if (getenv("ARCH_BAD_PRINT")) printf("%s\t%s\n", path, e.msg);
  CHECK(st == -1 && a == NULL);
  CHECK(e.kind == COM_EINPUT);
  CHECK_STR(e.msg, line + strlen(prefix));
  arch_free(a);
}

int main(void) {
  DIR *d = opendir("tests/bad");
  CHECK(d != NULL);
  if (!d) UNIT_DONE();
  int count = 0;
  struct dirent *ent;
  while ((ent = readdir(d))) {
    size_t n = strlen(ent->d_name);
    if (strncmp(ent->d_name, "arch_", 5) != 0 || n < 6 || strcmp(ent->d_name + n - 5, ".yaml"))
      continue;
    char path[512];
    snprintf(path, sizeof path, "tests/bad/%s", ent->d_name);
    check_file(path);
    count++;
  }
  closedir(d);
  CHECK(count >= 15);
  UNIT_DONE();
}
