/*
 * tensor — golden kernels' view of .npy tensors: values as fp32/fp64 (fp16 files decoded with
 * the fp16 codec of ops/; f8 files rounded to fp32 RNE where fp32 is asked for), integer files
 * as codes, and RTL test vectors ($readmemh hex files, one code per line). Thread-safe on
 * distinct arguments.
 */
#ifndef GOLD_TENSOR_H
#define GOLD_TENSOR_H

#include "common/npy.h"
#include "golden/golden.h"

/* True for the integer dtypes (whose elements are codes). */
bool gold_npy_is_int(const com_npy *a);
/* Every element as fp32 (malloc'd into *out). Returns 0 or -1 (out of memory). */
int gold_npy_to_f32(const com_npy *a, float **out, com_err *e);
/* Every element as fp64. */
int gold_npy_to_f64(const com_npy *a, double **out, com_err *e);
/* Every element of an integer dtype as an int64 code. */
int gold_npy_to_codes(const com_npy *a, int64_t **out, com_err *e);
/* Loads path as a 2-D matrix (name for messages: "--a"): integer dtypes as codes, others as
 * fp32 values; the buffers are returned in *vals / *codes (one is NULL, the caller frees). */
int gold_npy_matrix(const char *path, gold_matrix *m, float **vals, int64_t **codes, com_err *e);

/* Writes RTL vectors for C = A B under spec into dir: a.hex (A codes, row-major), b.hex (B
 * codes, row-major), c.hex (C codes of the output format, row-major), a_scale.hex / b_scale.hex
 * for block formats (A: per row and block; B: per column and block), and vectors.txt describing
 * widths and layout. Codes are lowercase hex, zero-padded to ceil(bits / 4) digits. Returns 0 or
 * -1 (COM_EFAIL when a file cannot be written, input errors from the codecs). */
int gold_vectors_write(const char *dir, const gold_gemm_spec *spec, const gold_matrix *a,
                       const gold_matrix *b, const gold_gemm_result *c, com_err *e);

#endif
