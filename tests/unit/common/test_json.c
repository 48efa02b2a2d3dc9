/* test_json — the JSON writer: nesting, commas, escaping, exact numbers. */
#include <stdlib.h>

#include "common/json.h"
#include "unit.h"

int main(void) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  com_json j;
  com_json_init(&j, f);
  com_json_obj_begin(&j, NULL);
  com_json_str(&j, "s", "a\"b\\c\n\x01");
  com_json_u64(&j, "big", UINT64_MAX);
  com_json_f64(&j, "tenth", 0.1);
  com_json_f64(&j, "inf", 1.0 / 0.0);
  com_json_arr_begin(&j, "empty");
  com_json_arr_end(&j);
  com_json_arr_begin(&j, "list");
  com_json_bool(&j, NULL, true);
  com_json_null(&j, NULL);
  com_json_arr_end(&j);
  com_json_obj_end(&j);
  com_json_finish(&j);
  fclose(f);
  CHECK_STR(buf, "{\n  \"s\": \"a\\\"b\\\\c\\n\\u0001\",\n  \"big\": 18446744073709551615,\n"
                 "  \"tenth\": 0.1,\n  \"inf\": null,\n  \"empty\": [],\n  \"list\": [\n    true,\n"
                 "    null\n  ]\n}\n");
  free(buf);
  UNIT_DONE();
}
