/*
 * test_vcd — the VCD writer without SystemC: spans given out of time order come out sorted
 * with strictly increasing timestamps; touching spans of one wire merge (given in order) or
 * cancel their fall/rise (given out of order); empty spans and unknown wires are ignored;
 * spans past the limit are dropped and counted; an unwritable path is a file error.
 */
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

#include "sim/core/vcd.h"

static char *slurp(const char *path) {
  FILE *f = fopen(path, "r");
  static char buf[4096];
  size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
  buf[n] = 0;
  if (f) fclose(f);
  return buf;
}

int main(void) {
  static const char *const names[] = {"dma_load", "array"};
  char path[] = "/tmp/test_vcd_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  sim_vcd v;
  com_err e = {0};
  CHECK(sim_vcd_open(&v, path, 3, 800, names, 2, &e) == 0);
  sim_vcd_busy(&v, 1, 10, 20);
  sim_vcd_busy(&v, 0, 0, 5);
  sim_vcd_busy(&v, 1, 20, 25);   /* touches the last: merged into 10-25 */
  sim_vcd_busy(&v, 0, 8, 8);     /* empty: ignored */
  sim_vcd_busy(&v, 7, 0, 100);   /* no such wire: ignored */
  sim_vcd_busy(&v, 0, 5, 6);     /* merged into 0-6 */
  sim_vcd_busy(&v, 0, 30, 40);
  sim_vcd_busy(&v, 1, 40, 41);   /* the limit of 3 spans: dropped */
  CHECK_U64(v.n, 3);
  CHECK_U64(v.dropped, 1);
  CHECK(sim_vcd_close(&v, &e) == 0);
  const char *s = slurp(path);
  CHECK(strstr(s, "$var wire 1 ! dma_load $end\n$var wire 1 \" array $end\n") != NULL);
  CHECK(strstr(s, "$dumpvars\n0!\n0\"\n$end\n") != NULL);
  CHECK(strstr(s, "#0\n1!\n#6\n0!\n#10\n1\"\n#25\n0\"\n#30\n1!\n#40\n0!\n") != NULL);
  CHECK(strstr(s, "1 busy intervals dropped") != NULL);
  /* touching spans of one wire given out of order: the fall and rise at 10 cancel */
  CHECK(sim_vcd_open(&v, path, 0, 1000, names, 2, &e) == 0);
  sim_vcd_busy(&v, 0, 10, 20);
  sim_vcd_busy(&v, 0, 0, 10);
  CHECK(sim_vcd_close(&v, &e) == 0);
  s = slurp(path);
  CHECK(strstr(s, "$end\n#0\n1!\n#20\n0!\n") != NULL);
  CHECK(strstr(s, "#10") == NULL);
  close(fd);
  remove(path);
  CHECK(sim_vcd_open(&v, "/nonexistent-dir/x.vcd", 0, 1000, names, 2, &e) == -1);
  CHECK(strstr(e.msg, "cannot write the VCD file") != NULL);
  CHECK(sim_vcd_close(&v, &e) == 0); /* never opened */
  UNIT_DONE();
}
