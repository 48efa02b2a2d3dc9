/* test_fmt_cli — `accel-sim format` through cli_cmd_format: quantize lines for element, int and
 * block formats, the exit statuses and messages of bad input, table and --help. stdin/stdout
 * are redirected to temporary files. */
#include <stdlib.h>
#include <unistd.h>

#include "cli/cmd_format.h"
#include "unit.h"

static char out_buf[1 << 16];

/* Runs `format ARGS...` with `input` on stdin; returns the status, output in out_buf. */
static int run(const char *input, int argc, char **argv) {
  char in_path[] = "/tmp/fmtcli_inXXXXXX", out_path[] = "/tmp/fmtcli_outXXXXXX";
  int in_fd = mkstemp(in_path), out_fd = mkstemp(out_path);
  if (in_fd < 0 || out_fd < 0) return -100;
  if (write(in_fd, input, strlen(input)) != (ssize_t)strlen(input)) return -100;
  close(in_fd);
  fflush(stdout);
  int saved_in = dup(0), saved_out = dup(1);
  if (!freopen(in_path, "r", stdin)) return -100;
  dup2(out_fd, 1);
  int rc = cli_cmd_format(argc, argv);
  fflush(stdout);
  dup2(saved_out, 1);
  dup2(saved_in, 0);
  close(saved_out), close(saved_in);
  clearerr(stdin);
  FILE *f = fopen(out_path, "r");
  size_t n = f ? fread(out_buf, 1, sizeof out_buf - 1, f) : 0;
  out_buf[n] = '\0';
  if (f) fclose(f);
  close(out_fd);
  unlink(in_path), unlink(out_path);
  return rc;
}

#define ARGV(...) (char *[]){__VA_ARGS__}, sizeof((char *[]){__VA_ARGS__}) / sizeof(char *)

static int run_args(const char *input, char **argv, size_t argc) { return run(input, (int)argc, argv); }

int main(void) {
  CHECK(run_args("464\n465\n0x1.8p3\nnan\n-inf\n\n1e-9\n", ARGV("format", "quantize", "--format", "fp8_e4m3")) == 0);
  CHECK_STR(out_buf, "7E\t448\n7F\tnan\n54\t12\n7F\tnan\nFF\tnan\n00\t0\n");
  CHECK(run_args("465\n-inf\n", ARGV("format", "quantize", "--format", "fp8_e4m3", "--saturate")) == 0);
  CHECK_STR(out_buf, "7E\t448\nFE\t-448\n");
  CHECK(run_args("61440\n400\n", ARGV("format", "quantize", "--format", "fp8_e5m2")) == 0);
  CHECK_STR(out_buf, "7C\tinf\n5E\t384\n");
  CHECK(run_args("400\n", ARGV("format", "quantize", "--format", "fp8_e4m3", "--rounding", "away")) == 0);
  CHECK_STR(out_buf, "7D\t416\n");
  CHECK(run_args("5\n0.25\n", ARGV("format", "quantize", "--format", "fp4_e2m1")) == 0);
  CHECK_STR(out_buf, "6\t4\n0\t0\n");
  CHECK(run_args("485 475 400 -485 -475 -450 0x1p-6 -0x1p-6\n",
                 ARGV("format", "quantize", "--format", "mxfp8_e4m3")) == 0);
  CHECK_STR(out_buf, "7F 7E 7E 7C FE FE FE 08 88\t448 448 384 -448 -448 -448 0.015625 -0.015625\n");
  CHECK(run_args("3.7\n-200\n", ARGV("format", "quantize", "--format", "int8", "--scale", "0.5")) == 0);
  CHECK_STR(out_buf, "07\t3.5\n81\t-63.5\n");
  CHECK(run_args("1\n2\n", ARGV("format", "quantize", "--format", "e3m4_b5", "--rounding", "stochastic", "--seed", "9")) == 0);
  CHECK(run_args("1\nabc\n", ARGV("format", "quantize", "--format", "fp16")) == 2);
  CHECK_STR(out_buf, "3C00\t1\n");
  CHECK(run_args("1 2 3\n", ARGV("format", "quantize", "--format", "olive4")) == 2);
  CHECK(run_args("", ARGV("format", "quantize", "--format", "nope")) == 2);
  CHECK(run_args("", ARGV("format", "quantize")) == 2);
  CHECK(run_args("", ARGV("format", "quantize", "--format", "fp16", "--rounding", "up2")) == 2);
  CHECK(run_args("", ARGV("format", "quantize", "--format", "fp16", "--saturate", "--no-saturate")) == 2);
  CHECK(run_args("", ARGV("format", "quantize", "--help")) == 0);
  CHECK(strstr(out_buf, "usage: accel-sim format") != NULL);
  CHECK(run_args("", ARGV("format", "table", "fp4_e2m1")) == 0);
  CHECK(strncmp(out_buf, "0\t0\n1\t0.5\n", 10) == 0 && strstr(out_buf, "F\t-6\n") != NULL);
  CHECK(run_args("", ARGV("format", "table", "fp8_e4m3")) == 0);
  CHECK(strstr(out_buf, "7E\t448\n7F\tnan\n") != NULL);
  CHECK(run_args("", ARGV("format", "table", "fp16")) == 2);
  CHECK(run_args("", ARGV("format", "table", "nf4")) == 0);
  CHECK(strstr(out_buf, "7\t0\n") != NULL);
  CHECK(run_args("", ARGV("format", "bogus")) == 2);
  UNIT_DONE();
}
