/* test_npy — .npy round trips for every dtype and versions 1/2/3, and a corpus of malformed
 * images, each with its exact error message. */
#include <stdlib.h>

#include "common/npy.h"
#include "unit.h"

/* Builds an image: prefix for version v, the dict text, newline padding, then nbytes of data. */
static size_t image(unsigned char *buf, int v, const char *dict, size_t nbytes) {
  size_t dl = strlen(dict), pre = v == 1 ? 10 : 12, hl = dl + 1;
  memcpy(buf, "\x93NUMPY", 6);
  buf[6] = (unsigned char)v, buf[7] = 0;
  buf[8] = (unsigned char)(hl & 0xFF), buf[9] = (unsigned char)(hl >> 8);
  if (v != 1) buf[10] = buf[11] = 0;
  memcpy(buf + pre, dict, dl);
  buf[pre + dl] = '\n';
  memset(buf + pre + hl, 0x3C, nbytes);
  return pre + hl + nbytes;
}

static void expect_err(const unsigned char *buf, size_t len, const char *msg) {
  com_npy a;
  com_err e = {0};
  CHECK(com_npy_parse("t.npy", buf, len, &a, &e) == -1);
  CHECK_STR(e.msg, msg);
  CHECK(e.kind == COM_EINPUT);
}

int main(void) {
  static unsigned char buf[4096];
  /* round trips through a file */
  com_npy_dtype all[] = {COM_NPY_F4, COM_NPY_F8, COM_NPY_F2, COM_NPY_I1, COM_NPY_U1,
                         COM_NPY_I2, COM_NPY_I4, COM_NPY_U4, COM_NPY_I8};
  for (size_t t = 0; t < 9; t++)
    for (int nd = 0; nd <= 3; nd++) {
      uint64_t shape[3] = {3, 1, 5};
      com_npy a, b;
      com_err e = {0};
      CHECK(com_npy_alloc(&a, all[t], nd, shape, &e) == 0);
      for (size_t i = 0; i < a.count * com_npy_itemsize(all[t]); i++) ((unsigned char *)a.data)[i] = (unsigned char)(i * 37 + t);
      CHECK(com_npy_write("test_npy_tmp.npy", &a, &e) == 0);
      CHECK(com_npy_read("test_npy_tmp.npy", &b, &e) == 0);
      CHECK(b.dtype == a.dtype && b.ndim == a.ndim && b.count == a.count);
      CHECK(memcmp(a.data, b.data, a.count * com_npy_itemsize(all[t])) == 0);
      FILE *f = fopen("test_npy_tmp.npy", "rb");
      size_t len = fread(buf, 1, sizeof buf, f);
      fclose(f);
      CHECK((len - a.count * com_npy_itemsize(all[t])) % 64 == 0);
      com_npy_free(&a), com_npy_free(&b);
    }
  remove("test_npy_tmp.npy");
  /* versions 2.0 and 3.0, both endianness spellings of bytes, values */
  com_npy a;
  size_t n = image(buf, 2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
  CHECK(com_npy_parse("t.npy", buf, n, &a, NULL) == 0 && a.count == 2 && a.ndim == 1);
  com_npy_free(&a);
  n = image(buf, 3, "{\"shape\": (), \"descr\": \"|u1\", \"fortran_order\": False}", 1);
  CHECK(com_npy_parse("t.npy", buf, n, &a, NULL) == 0 && a.count == 1 && a.ndim == 0);
  double d;
  CHECK(com_npy_get_f64(&a, 0, &d) && d == 0x3C);
  com_npy_free(&a);
  n = image(buf, 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (0, 7), }", 0);
  CHECK(com_npy_parse("t.npy", buf, n, &a, NULL) == 0 && a.count == 0);
  com_npy_free(&a);

  /* the malformed corpus */
  expect_err((const unsigned char *)"\x93NUMPZ\x01\x00\x00\x00", 10, "t.npy: error: not a .npy file (bad magic; expected \\x93NUMPY)");
  expect_err((const unsigned char *)"\x93NUM", 4, "t.npy: error: not a .npy file (bad magic; expected \\x93NUMPY)");
  n = image(buf, 4, "{}", 0);
  expect_err(buf, n, "t.npy: error: unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
  buf[9] = 0x7F;
  expect_err(buf, n, "t.npy: error: truncated header: it claims 32570 bytes, the file has 66 after the prefix");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 4);
  expect_err(buf, n, "t.npy: error: truncated data: shape and dtype need 8 bytes, the file has 4");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 12);
  expect_err(buf, n, "t.npy: error: wrong size: shape and dtype need 8 bytes of data, the file has 12");
  n = image(buf, 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8);
  expect_err(buf, n, "t.npy: error: unsupported dtype '>f4' (supported: <f4 <f8 <f2 <i1 <u1 <i2 <i4 <u4 <i8)");
  n = image(buf, 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16);
  expect_err(buf, n, "t.npy: error: unsupported dtype '<c8' (supported: <f4 <f8 <f2 <i1 <u1 <i2 <i4 <u4 <i8)");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);
  expect_err(buf, n, "t.npy: error: fortran_order True is not supported (save the array in C order)");
  n = image(buf, 1, "{'descr': '<f4', 'shape': (2,), }", 8);
  expect_err(buf, n, "t.npy: error: malformed header: missing key 'fortran_order'");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8);
  expect_err(buf, n, "t.npy: error: malformed header: unknown key 'x'");
  n = image(buf, 1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 8);
  expect_err(buf, n, "t.npy: error: malformed header: duplicate key 'descr'");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", 8);
  expect_err(buf, n, "t.npy: error: malformed header: 'shape' holds a non-integer");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", 8);
  expect_err(buf, n, "t.npy: error: malformed header: 'shape' is not a tuple");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", 8);
  expect_err(buf, n, "t.npy: error: 'shape' dimension does not fit in 64 bits");
  n = image(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 8);
  expect_err(buf, n, "t.npy: error: shape's element count does not fit in 64 bits");
  n = image(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 536870912), }", 8);
  expect_err(buf, n, "t.npy: error: data size does not fit in 64 bits");
  n = image(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", 8);
  expect_err(buf, n, "t.npy: error: truncated data: shape and dtype need 8000000000000 bytes, the file has 8");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", 8);
  expect_err(buf, n, "t.npy: error: malformed header: text after the closing '}'");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), ", 8);
  expect_err(buf, n, "t.npy: error: malformed header: expected a quoted key");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,2,3,4,5,6,7,8,9), }", 8);
  expect_err(buf, n, "t.npy: error: more than 8 dimensions are not supported");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", 8);
  expect_err(buf, n, "t.npy: error: malformed header: 'fortran_order' is not True or False");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
  buf[10 + 5] = 0;
  expect_err(buf, n, "t.npy: error: malformed header: it is not ASCII text");
  n = image(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
  buf[10 + 57] = ' ';
  expect_err(buf, n, "t.npy: error: malformed header: it does not end with a newline");
  com_err e = {0};
  CHECK(com_npy_read("no/such/file.npy", &a, &e) == -1);
  CHECK_STR(e.msg, "no/such/file.npy: error: cannot open file: No such file or directory");
  CHECK(com_npy_read("tests", &a, &e) == -1);
  CHECK_STR(e.msg, "tests: error: cannot read file: not a regular file");
  UNIT_DONE();
}
