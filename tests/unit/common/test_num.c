/* test_num — strict number parsing and overflow-checked arithmetic. */
#include "common/num.h"
#include "common/text.h"
#include "unit.h"

int main(void) {
  uint64_t v = 0;
  CHECK(com_parse_u64("4096", &v) == COM_NUM_OK);
  CHECK_U64(v, 4096);
  CHECK(com_parse_u64("1_000_000", &v) == COM_NUM_OK);
  CHECK_U64(v, 1000000);
  CHECK(com_parse_u64("1e6", &v) == COM_NUM_OK);
  CHECK_U64(v, 1000000);
  CHECK(com_parse_u64("18446744073709551615", &v) == COM_NUM_OK);
  CHECK_U64(v, UINT64_MAX);
  CHECK(com_parse_u64("18446744073709551616", &v) == COM_NUM_RANGE);
  CHECK(com_parse_u64("1e300", &v) == COM_NUM_RANGE);
  CHECK(com_parse_u64("-3", &v) == COM_NUM_NEGATIVE);
  CHECK(com_parse_u64("2.5", &v) == COM_NUM_FRACTION);
  CHECK(com_parse_u64("abc", &v) == COM_NUM_SYNTAX);
  CHECK(com_parse_u64("0x10", &v) == COM_NUM_SYNTAX);
  CHECK(com_parse_u64("1__0", &v) == COM_NUM_SYNTAX);
  CHECK(com_parse_u64("", &v) == COM_NUM_EMPTY);
  CHECK(com_parse_u64(" 5", &v) == COM_NUM_SYNTAX);

  double d = 0;
  CHECK(com_parse_f64("0.5", &d) == COM_NUM_OK && d == 0.5);
  CHECK(com_parse_f64("0x1.8p3", &d) == COM_NUM_OK && d == 12.0);
  CHECK(com_parse_f64("inf", &d) == COM_NUM_SYNTAX);
  CHECK(com_parse_f64("nan", &d) == COM_NUM_SYNTAX);
  CHECK(com_parse_f64("1e999", &d) == COM_NUM_RANGE);

  CHECK(com_parse_bytes("108 KiB", &v) == COM_NUM_OK);
  CHECK_U64(v, 108 * 1024);
  CHECK(com_parse_bytes("24MiB", &v) == COM_NUM_OK);
  CHECK_U64(v, 24u << 20);
  CHECK(com_parse_bytes("16 MB", &v) == COM_NUM_OK);
  CHECK_U64(v, 16u << 20);
  CHECK(com_parse_bytes("0.5 KiB", &v) == COM_NUM_OK);
  CHECK_U64(v, 512);
  CHECK(com_parse_bytes("1.3 B", &v) == COM_NUM_FRACTION);
  CHECK(com_parse_bytes("4 parsecs", &v) == COM_NUM_SYNTAX);
  CHECK(com_parse_bytes("-1 KiB", &v) == COM_NUM_NEGATIVE);
  CHECK(com_parse_bytes("9000000 TiB", &v) == COM_NUM_RANGE);

  CHECK(com_mul_u64(1ull << 32, 1ull << 31, &v) && v == 1ull << 63);
  CHECK(!com_mul_u64(1ull << 32, 1ull << 32, &v));
  CHECK(!com_add_u64(UINT64_MAX, 1, &v));

  static const char *const keys[] = {"version", "name", "workload", "mapper", NULL};
  CHECK_STR(com_suggest("workloads", keys), "workload");
  CHECK_STR(com_suggest("mappr", keys), "mapper");
  CHECK(com_suggest("zzzzzz", keys) == NULL);
  char path[64];
  CHECK(com_path_relative_to("a/b/w.yaml", "../x.yaml", path, sizeof path) == 0);
  CHECK_STR(path, "a/b/../x.yaml");
  CHECK(com_path_relative_to("w.yaml", "x.yaml", path, sizeof path) == 0);
  CHECK_STR(path, "x.yaml");
  CHECK(com_path_relative_to("a/w.yaml", "/abs.yaml", path, sizeof path) == 0);
  CHECK_STR(path, "/abs.yaml");
  UNIT_DONE();
}
