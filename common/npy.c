/* npy — NumPy .npy reading and writing; see npy.h for the contract. */
#include "common/npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/num.h"

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAX_HEADER (1u << 20) /* a sane cap on the dict text; numpy's own is 10000 */

static const struct { const char *descr; com_npy_dtype d; size_t size; } npy_types[] = {
    {"<f4", COM_NPY_F4, 4}, {"<f8", COM_NPY_F8, 8}, {"<f2", COM_NPY_F2, 2},
    {"|i1", COM_NPY_I1, 1}, {"|u1", COM_NPY_U1, 1}, {"<i2", COM_NPY_I2, 2},
    {"<i4", COM_NPY_I4, 4}, {"<u4", COM_NPY_U4, 4}, {"<i8", COM_NPY_I8, 8},
    {"<i1", COM_NPY_I1, 1}, {"<u1", COM_NPY_U1, 1}};
#define NPY_NTYPES (sizeof npy_types / sizeof npy_types[0])

size_t com_npy_itemsize(com_npy_dtype d) {
  for (size_t i = 0; i < NPY_NTYPES; i++)
    if (npy_types[i].d == d) return npy_types[i].size;
  return 0;
}

const char *com_npy_dtype_name(com_npy_dtype d) {
  for (size_t i = 0; i < NPY_NTYPES; i++)
    if (npy_types[i].d == d) return npy_types[i].descr;
  return "?";
}

bool com_npy_dtype_parse(const char *s, com_npy_dtype *out) {
  for (size_t i = 0; i < NPY_NTYPES; i++)
    if (!strcmp(npy_types[i].descr, s)) { *out = npy_types[i].d; return true; }
  return false;
}

/* --- the header dict: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } --- */

typedef struct npy_scan {
  const char *p, *end, *name;
  com_err *e;
} npy_scan;

static void npy_ws(npy_scan *s) {
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) s->p++;
}

static bool npy_eat(npy_scan *s, char c) {
  npy_ws(s);
  if (s->p < s->end && *s->p == c) { s->p++; return true; }
  return false;
}

/* A quoted Python string without escapes into out. */
static int npy_string(npy_scan *s, char *out, size_t cap, const char *what) {
  npy_ws(s);
  if (s->p >= s->end || (*s->p != '\'' && *s->p != '"'))
    return com_err_file(s->e, s->name, "malformed header: expected a quoted %s", what);
  char q = *s->p++;
  size_t n = 0;
  while (s->p < s->end && *s->p != q) {
    if (*s->p == '\\' || n + 1 >= cap)
      return com_err_file(s->e, s->name, "malformed header: unsupported %s", what);
    out[n++] = *s->p++;
  }
  if (s->p >= s->end) return com_err_file(s->e, s->name, "malformed header: unterminated string");
  s->p++;
  out[n] = '\0';
  return 0;
}

static int npy_shape(npy_scan *s, com_npy *a) {
  if (!npy_eat(s, '(')) return com_err_file(s->e, s->name, "malformed header: 'shape' is not a tuple");
  a->ndim = 0;
  for (;;) {
    npy_ws(s);
    if (s->p < s->end && *s->p == ')') { s->p++; break; }
    if (s->p >= s->end || *s->p < '0' || *s->p > '9')
      return com_err_file(s->e, s->name, "malformed header: 'shape' holds a non-integer");
    uint64_t v = 0;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
      if (!com_mul_u64(v, 10, &v) || !com_add_u64(v, (uint64_t)(*s->p - '0'), &v))
        return com_err_file(s->e, s->name, "'shape' dimension does not fit in 64 bits");
      s->p++;
    }
    if (a->ndim == COM_NPY_MAX_DIMS)
      return com_err_file(s->e, s->name, "more than %d dimensions are not supported", COM_NPY_MAX_DIMS);
    a->shape[a->ndim++] = v;
    if (npy_eat(s, ',')) continue;
    if (npy_eat(s, ')')) break;
    return com_err_file(s->e, s->name, "malformed header: expected ',' or ')' in 'shape'");
  }
  return 0;
}

static int npy_dict(npy_scan *s, com_npy *a) {
  bool have_descr = false, have_order = false, have_shape = false;
  if (!npy_eat(s, '{')) return com_err_file(s->e, s->name, "malformed header: expected '{'");
  for (;;) {
    if (npy_eat(s, '}')) break;
    char key[32], val[32];
    if (npy_string(s, key, sizeof key, "key")) return -1;
    if (!npy_eat(s, ':')) return com_err_file(s->e, s->name, "malformed header: expected ':' after '%s'", key);
    if (!strcmp(key, "descr")) {
      if (have_descr) return com_err_file(s->e, s->name, "malformed header: duplicate key 'descr'");
      if (npy_string(s, val, sizeof val, "dtype")) return -1;
      if (!com_npy_dtype_parse(val, &a->dtype))
        return com_err_file(s->e, s->name, "unsupported dtype '%s' (supported: <f4 <f8 <f2 <i1 <u1 <i2 <i4 <u4 <i8)", val);
      have_descr = true;
    } else if (!strcmp(key, "fortran_order")) {
      if (have_order) return com_err_file(s->e, s->name, "malformed header: duplicate key 'fortran_order'");
      npy_ws(s);
      if ((size_t)(s->end - s->p) >= 5 && !strncmp(s->p, "False", 5)) s->p += 5;
      else if ((size_t)(s->end - s->p) >= 4 && !strncmp(s->p, "True", 4))
        return com_err_file(s->e, s->name, "fortran_order True is not supported (save the array in C order)");
      else return com_err_file(s->e, s->name, "malformed header: 'fortran_order' is not True or False");
      have_order = true;
    } else if (!strcmp(key, "shape")) {
      if (have_shape) return com_err_file(s->e, s->name, "malformed header: duplicate key 'shape'");
      if (npy_shape(s, a)) return -1;
      have_shape = true;
    } else {
      return com_err_file(s->e, s->name, "malformed header: unknown key '%s'", key);
    }
    if (npy_eat(s, ',')) continue;
    if (npy_eat(s, '}')) break;
    return com_err_file(s->e, s->name, "malformed header: expected ',' or '}'");
  }
  npy_ws(s);
  if (s->p != s->end) return com_err_file(s->e, s->name, "malformed header: text after the closing '}'");
  if (!have_descr) return com_err_file(s->e, s->name, "malformed header: missing key 'descr'");
  if (!have_order) return com_err_file(s->e, s->name, "malformed header: missing key 'fortran_order'");
  if (!have_shape) return com_err_file(s->e, s->name, "malformed header: missing key 'shape'");
  return 0;
}

int com_npy_parse(const char *name, const unsigned char *buf, size_t len, com_npy *out, com_err *e) {
  memset(out, 0, sizeof *out);
  if (len < 10 || memcmp(buf, NPY_MAGIC, 6) != 0)
    return com_err_file(e, name, "not a .npy file (bad magic; expected \\x93NUMPY)");
  unsigned major = buf[6], minor = buf[7];
  size_t prefix, hlen;
  if (major == 1 && minor == 0) {
    prefix = 10, hlen = (size_t)buf[8] | (size_t)buf[9] << 8;
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (len < 12) return com_err_file(e, name, "truncated header");
    prefix = 12;
    hlen = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 | (size_t)buf[11] << 24;
  } else {
    return com_err_file(e, name, "unsupported .npy format version %u.%u (supported: 1.0, 2.0, 3.0)", major, minor);
  }
  if (hlen > len - prefix)
    return com_err_file(e, name, "truncated header: it claims %zu bytes, the file has %zu after the prefix", hlen, len - prefix);
  if (hlen > NPY_MAX_HEADER) return com_err_file(e, name, "header of %zu bytes is too long", hlen);
  if (hlen == 0 || buf[prefix + hlen - 1] != '\n')
    return com_err_file(e, name, "malformed header: it does not end with a newline");
  for (size_t i = 0; i < hlen; i++)
    if (buf[prefix + i] == 0 || (major < 3 && buf[prefix + i] >= 0x80))
      return com_err_file(e, name, "malformed header: it is not ASCII text");
  npy_scan s = {(const char *)buf + prefix, (const char *)buf + prefix + hlen, name, e};
  com_npy a = {0};
  if (npy_dict(&s, &a)) return -1;
  uint64_t count = 1, bytes;
  for (int d = 0; d < a.ndim; d++)
    if (!com_mul_u64(count, a.shape[d], &count))
      return com_err_file(e, name, "shape's element count does not fit in 64 bits");
  if (!com_mul_u64(count, com_npy_itemsize(a.dtype), &bytes))
    return com_err_file(e, name, "data size does not fit in 64 bits");
  size_t have = len - prefix - hlen;
  if (bytes > have)
    return com_err_file(e, name, "truncated data: shape and dtype need %llu bytes, the file has %zu",
                        (unsigned long long)bytes, have);
  if (bytes < have)
    return com_err_file(e, name, "wrong size: shape and dtype need %llu bytes of data, the file has %zu",
                        (unsigned long long)bytes, have);
  a.count = count;
  a.data = malloc(bytes ? (size_t)bytes : 1);
  if (!a.data) return com_err_oom(e);
  memcpy(a.data, buf + prefix + hlen, (size_t)bytes);
  *out = a;
  return 0;
}

int com_npy_read(const char *path, com_npy *out, com_err *e) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f) return com_err_file(e, path, "cannot open file: %s", strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    return com_err_file(e, path, "cannot read file: not a regular file");
  }
  size_t len = (size_t)st.st_size;
  unsigned char *buf = malloc(len ? len : 1);
  if (!buf) { fclose(f); return com_err_oom(e); }
  size_t got = fread(buf, 1, len, f);
  fclose(f);
  if (got != len) { free(buf); return com_err_file(e, path, "cannot read file: short read"); }
  int rc = com_npy_parse(path, buf, len, out, e);
  free(buf);
  return rc;
}

int com_npy_alloc(com_npy *a, com_npy_dtype d, int ndim, const uint64_t *shape, com_err *e) {
  memset(a, 0, sizeof *a);
  if (ndim < 0 || ndim > COM_NPY_MAX_DIMS)
    return com_err_plain(e, COM_EINPUT, "a tensor of %d dimensions is not supported", ndim);
  uint64_t count = 1, bytes;
  for (int i = 0; i < ndim; i++)
    if (!com_mul_u64(count, shape[i], &count))
      return com_err_plain(e, COM_EINPUT, "tensor element count does not fit in 64 bits");
  if (!com_mul_u64(count, com_npy_itemsize(d), &bytes) || bytes > SIZE_MAX / 2)
    return com_err_plain(e, COM_EINPUT, "tensor byte size does not fit in memory");
  a->data = calloc(bytes ? (size_t)bytes : 1, 1);
  if (!a->data) return com_err_oom(e);
  a->dtype = d, a->ndim = ndim, a->count = count;
  for (int i = 0; i < ndim; i++) a->shape[i] = shape[i];
  return 0;
}

int com_npy_write(const char *path, const com_npy *a, com_err *e) {
  char dict[512];
  int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                   com_npy_dtype_name(a->dtype));
  for (int i = 0; i < a->ndim; i++)
    n += snprintf(dict + n, sizeof dict - (size_t)n, "%llu%s", (unsigned long long)a->shape[i],
                  a->ndim == 1 || i + 1 < a->ndim ? ", " : "");
  if (a->ndim == 1) n -= 1; /* "(5,)" */
  n += snprintf(dict + n, sizeof dict - (size_t)n, "), }");
  size_t total = 10 + (size_t)n + 1, pad = (64 - total % 64) % 64;
  size_t hlen = (size_t)n + pad + 1;
  unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hlen & 0xFF),
                           (unsigned char)(hlen >> 8)};
  FILE *f = fopen(path, "wb");
  if (!f) return com_err_plain(e, COM_EFAIL, "cannot write '%s': %s", path, strerror(errno));
  size_t bytes = (size_t)a->count * com_npy_itemsize(a->dtype);
  bool ok = fwrite(pre, 1, 10, f) == 10 && fwrite(dict, 1, (size_t)n, f) == (size_t)n;
  for (size_t i = 0; ok && i < pad; i++) ok = fputc(' ', f) != EOF;
  ok = ok && fputc('\n', f) != EOF && fwrite(a->data, 1, bytes, f) == bytes;
  if (fclose(f) != 0) ok = false;
  if (!ok) return com_err_plain(e, COM_EFAIL, "cannot write '%s': %s", path, strerror(errno));
  return 0;
}

void com_npy_free(com_npy *a) {
  free(a->data);
  memset(a, 0, sizeof *a);
}

uint64_t com_npy_get_bits(const com_npy *a, uint64_t i) {
  const unsigned char *p = (const unsigned char *)a->data + i * com_npy_itemsize(a->dtype);
  uint64_t v = 0;
  memcpy(&v, p, com_npy_itemsize(a->dtype)); /* little-endian host */
  return v;
}

bool com_npy_get_f64(const com_npy *a, uint64_t i, double *out) {
  uint64_t b = com_npy_get_bits(a, i);
  switch (a->dtype) {
    case COM_NPY_F4: { float f; uint32_t w = (uint32_t)b; memcpy(&f, &w, 4); *out = f; return true; }
    case COM_NPY_F8: memcpy(out, &b, 8); return true;
    case COM_NPY_F2: return false;
    case COM_NPY_I1: *out = (int8_t)b; return true;
    case COM_NPY_U1: *out = (uint8_t)b; return true;
    case COM_NPY_I2: *out = (int16_t)b; return true;
    case COM_NPY_I4: *out = (int32_t)b; return true;
    case COM_NPY_U4: *out = (uint32_t)b; return true;
    case COM_NPY_I8: *out = (double)(int64_t)b; return true;
  }
  return false;
}
