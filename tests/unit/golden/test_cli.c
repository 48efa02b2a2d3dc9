/* test_cli — the golden subcommands called directly (cli_cmd_golden, cli_cmd_compare,
 * cli_cmd_vectors): exit codes 0/1/2, outputs that round-trip, RTL vector files. */
#include <stdlib.h>

#include "cli/commands.h"
#include "common/npy.h"
#include "unit.h"

static int call(int (*fn)(int, char **), const char *line) {
  char buf[4096], *argv[64];
  int argc = 0;
  snprintf(buf, sizeof buf, "%s", line);
  for (char *t = strtok(buf, " "); t && argc < 63; t = strtok(NULL, " ")) argv[argc++] = t;
  argv[argc] = NULL;
  return fn(argc, argv);
}

static void put(const char *path, com_npy_dtype d, uint64_t r, uint64_t c, const double *v) {
  com_npy a;
  uint64_t shape[2] = {r, c};
  com_npy_alloc(&a, d, 2, shape, NULL);
  for (uint64_t i = 0; i < r * c; i++) {
    if (d == COM_NPY_F4) ((float *)a.data)[i] = (float)v[i];
    else ((int8_t *)a.data)[i] = (int8_t)v[i];
  }
  com_npy_write(path, &a, NULL);
  com_npy_free(&a);
}

int main(void) {
  char dir[] = "/tmp/gold_cli_XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char cmd[4096];
  double a[6] = {1, -2, 3, 4, 5, -6}, b[6] = {1, 2, 3, 4, 5, 6};
  char pa[256], pb[256], pc[256], pd[256];
  snprintf(pa, sizeof pa, "%s/a.npy", dir), snprintf(pb, sizeof pb, "%s/b.npy", dir);
  snprintf(pc, sizeof pc, "%s/c.npy", dir), snprintf(pd, sizeof pd, "%s/d.npy", dir);
  put(pa, COM_NPY_I1, 2, 3, a);
  put(pb, COM_NPY_I1, 3, 2, b);
  snprintf(cmd, sizeof cmd, "golden gemm --a %s --b %s --a-format int8 --b-format int8 --acc int32 --out %s -j 3", pa, pb, pc);
  CHECK(call(cli_cmd_golden, cmd) == 0);
  com_npy c;
  CHECK(com_npy_read(pc, &c, NULL) == 0);
  float want[4] = {1 * 1 - 2 * 3 + 3 * 5, 1 * 2 - 2 * 4 + 3 * 6, 4 * 1 + 5 * 3 - 6 * 5, 4 * 2 + 5 * 4 - 6 * 6};
  CHECK(c.count == 4 && memcmp(c.data, want, 16) == 0);
  com_npy_free(&c);
  put(pd, COM_NPY_F4, 2, 2, (double[]){want[0], want[1], want[2], want[3] + 1});
  snprintf(cmd, sizeof cmd, "compare %s %s", pc, pc);
  CHECK(call(cli_cmd_compare, cmd) == 0);
  snprintf(cmd, sizeof cmd, "compare %s %s", pc, pd);
  CHECK(call(cli_cmd_compare, cmd) == 1);
  snprintf(cmd, sizeof cmd, "compare %s %s --atol 1", pc, pd);
  CHECK(call(cli_cmd_compare, cmd) == 0);
  snprintf(cmd, sizeof cmd, "compare %s %s", pc, pa);
  CHECK(call(cli_cmd_compare, cmd) == 2);
  CHECK(call(cli_cmd_compare, "compare --help") == 0);
  CHECK(call(cli_cmd_compare, "compare only-one.npy") == 2);
  snprintf(cmd, sizeof cmd, "golden gemm --a %s --b %s --a-format int8 --b-format nope --acc int32 --out %s", pa, pb, pc);
  CHECK(call(cli_cmd_golden, cmd) == 2);
  snprintf(cmd, sizeof cmd, "golden gemm --a %s --b %s --a-format int8 --b-format int8 --acc fixed:1 --out %s", pa, pb, pc);
  CHECK(call(cli_cmd_golden, cmd) == 2);
  snprintf(cmd, sizeof cmd, "golden gemm --a %s --b %s --a-format int8 --b-format int8 --acc int32 --out %s", pa, pa, pc);
  CHECK(call(cli_cmd_golden, cmd) == 2);
  CHECK(call(cli_cmd_golden, "golden gemm --help") == 0);
  CHECK(call(cli_cmd_golden, "golden attention --help") == 0);
  CHECK(call(cli_cmd_golden, "golden frob") == 2);
  CHECK(call(cli_cmd_vectors, "vectors --help") == 0);
  /* attention: Q = K = V = a (2 x 3 as float) */
  put(pa, COM_NPY_F4, 2, 3, a);
  snprintf(cmd, sizeof cmd, "golden attention --q %s --k %s --v %s --cascade 1-pass --causal --tile-k 1 --q-format fp16 --out %s", pa, pa, pa, pc);
  CHECK(call(cli_cmd_golden, cmd) == 0);
  CHECK(com_npy_read(pc, &c, NULL) == 0);
  CHECK(c.count == 6 && ((float *)c.data)[0] == 1.0f && ((float *)c.data)[2] == 3.0f);
  com_npy_free(&c);
  snprintf(cmd, sizeof cmd, "golden attention --q %s --k %s --v %s --cascade 2-pass --out %s", pa, pa, pa, pc);
  CHECK(call(cli_cmd_golden, cmd) == 2);
  /* vectors: fp8 x fp8, fp32 out */
  snprintf(cmd, sizeof cmd, "vectors --a %s --b %s --a-format fp8_e4m3 --b-format fp8_e4m3 --acc fp32 --dir %s", pa, pa, dir);
  CHECK(call(cli_cmd_vectors, cmd) == 2); /* 2x3 times 2x3 */
  put(pb, COM_NPY_F4, 3, 2, b);
  snprintf(cmd, sizeof cmd, "vectors --a %s --b %s --a-format fp8_e4m3 --b-format fp8_e4m3 --acc fp32 --out-format bf16 --dir %s", pa, pb, dir);
  CHECK(call(cli_cmd_vectors, cmd) == 0);
  snprintf(pc, sizeof pc, "%s/a.hex", dir);
  FILE *f = fopen(pc, "r");
  char line[64] = "";
  CHECK(f && fgets(line, sizeof line, f));
  CHECK_STR(line, "38\n"); /* 1.0 in E4M3 */
  if (f) fclose(f);
  snprintf(pc, sizeof pc, "%s/c.hex", dir);
  f = fopen(pc, "r");
  CHECK(f && fgets(line, sizeof line, f));
  CHECK_STR(line, "4120\n"); /* 1 - 6 + 15 = 10 = 0x4120 in bf16 */
  if (f) fclose(f);
  char rm[300];
  snprintf(rm, sizeof rm, "rm -rf %s", dir);
  CHECK(system(rm) == 0);
  UNIT_DONE();
}
