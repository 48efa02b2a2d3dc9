/*
 * npy — NumPy .npy tensors: read (format versions 1.0, 2.0, 3.0) and write (1.0, or 2.0 when the
 * header does not fit 65535 bytes). Supported dtypes: <f4 <f8 <f2 <i1 <u1 <i2 <i4 <u4 <i8 (the
 * one-byte ones also as |i1 |u1); C order only (fortran_order True is refused), at most
 * COM_NPY_MAX_DIMS dimensions. Data is kept as the file's little-endian bytes (the host is
 * little-endian; com_npy_check_host says so).
 *
 * Every malformed file is an input error "FILE: error: SENTENCE" (com_err_file): bad magic,
 * unknown version, header length past the end of the file, a header that is not the expected
 * Python dict, unknown/missing/duplicate keys, unsupported dtype, data shorter or longer than the
 * shape implies. Sizes are overflow-checked and nothing is allocated beyond what the file's own
 * size implies. Functions are thread-safe on distinct objects.
 */
#ifndef COM_NPY_H
#define COM_NPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

#define COM_NPY_MAX_DIMS 8

typedef enum {
  COM_NPY_F4, COM_NPY_F8, COM_NPY_F2, COM_NPY_I1, COM_NPY_U1,
  COM_NPY_I2, COM_NPY_I4, COM_NPY_U4, COM_NPY_I8
} com_npy_dtype;

typedef struct com_npy {
  com_npy_dtype dtype;
  int ndim;                          /* 0 (a scalar) .. COM_NPY_MAX_DIMS */
  uint64_t shape[COM_NPY_MAX_DIMS];
  uint64_t count;                    /* product of the shape (1 for a scalar) */
  void *data;                        /* count * itemsize bytes, owned (malloc) */
} com_npy;

/* Bytes of one element of dtype d. */
size_t com_npy_itemsize(com_npy_dtype d);
/* The descr string written for d ("<f4", "|i1", ...). */
const char *com_npy_dtype_name(com_npy_dtype d);
/* Parses a descr ("<f4", "|u1", "<i1" ...); false when it is not a supported one. */
bool com_npy_dtype_parse(const char *s, com_npy_dtype *out);

/* Parses a whole .npy image (len bytes) named name (for messages). On success *out owns a
 * fresh copy of the data. Returns 0, or -1 with an input error (COM_EFAIL when out of memory). */
int com_npy_parse(const char *name, const unsigned char *buf, size_t len, com_npy *out,
                  com_err *e);
/* Reads path. Returns 0, or -1 with "PATH: error: ..." (cannot open, not a regular file, and
 * every com_npy_parse error). */
int com_npy_read(const char *path, com_npy *out, com_err *e);

/* Allocates a zeroed tensor of dtype d and shape (ndim dims). Returns 0, or -1 with an input
 * error when ndim is out of range or the byte size overflows, COM_EFAIL when out of memory. */
int com_npy_alloc(com_npy *a, com_npy_dtype d, int ndim, const uint64_t *shape, com_err *e);
/* Writes a to path (version 1.0, header padded to a multiple of 64 bytes). Returns 0, or -1
 * with a COM_EFAIL error naming the path when it cannot be written. */
int com_npy_write(const char *path, const com_npy *a, com_err *e);
/* Frees a's data; a becomes empty. Safe on a zeroed or already freed tensor. */
void com_npy_free(com_npy *a);

/* Element i as a double for every dtype except f2 (returns false for f2: decode its bits
 * with the fp16 codec of ops/, see com_npy_get_bits). i must be < count. */
bool com_npy_get_f64(const com_npy *a, uint64_t i, double *out);
/* The raw bits of element i, zero-extended (f2: the half-precision bit pattern). */
uint64_t com_npy_get_bits(const com_npy *a, uint64_t i);

#endif
