/* test_builders — gemm, conv2d and attention builders: shapes, output sizes, causal counts,
 * MAC totals, and formats applied through a workload. */
#include <stdio.h>

#include "ops/build.h"
#include "ops/op_parse.h"
#include "unit.h"

static const com_loc here = {"w.yaml", 1, 1};

int main(void) {
  com_err e = {0};
  ops_op op = {0};
  op.kind = OPS_KIND_GEMM;
  op.shape.gemm = (ops_gemm_shape){1, 64, 32, 16};
  CHECK(ops_build_gemm(&op, here, &e) == 0 && ops_op_count(&op, here, &e) == 0);
  CHECK_U64(op.neinsums, 1);
  CHECK_STR(op.einsums[0].expr, "Z[m,n] += A[m,k] * B[k,n]");
  CHECK_U64(op.macs, 64 * 32 * 16);
  ops_op_clear(&op);

  op.shape.gemm = (ops_gemm_shape){4, 8, 8, 8};
  CHECK(ops_build_gemm(&op, here, &e) == 0 && ops_op_count(&op, here, &e) == 0);
  CHECK_STR(op.einsums[0].expr, "Z[b,m,n] += A[b,m,k] * B[b,k,n]");
  CHECK_U64(op.macs, 4 * 512);
  ops_op_clear(&op);

  /* ResNet-50 conv1: 224x224, 7x7, stride 2, padding 3 -> 112x112 */
  op = (ops_op){0};
  op.kind = OPS_KIND_CONV2D;
  op.shape.conv = (ops_conv_shape){.n = 1, .c = 3, .k = 64, .h = 224, .w = 224, .r = 7, .s = 7,
                                   .stride = {2, 2}, .dilation = {1, 1}, .padding = {3, 3}};
  CHECK(ops_build_conv2d(&op, here, &e) == 0 && ops_op_count(&op, here, &e) == 0);
  CHECK_U64(op.shape.conv.p, 112);
  CHECK_U64(op.shape.conv.q, 112);
  CHECK_U64(op.macs, 112ull * 112 * 64 * 3 * 49);
  CHECK_STR(op.einsums[0].expr, "O[n,k,p,q] += I[n,c,p*2+r,q*2+s] * W[k,c,r,s]");
  CHECK_U64(op.einsums[0].in[0].extent[2], 229); /* 2*111 + 6 + 1: the padded rows read */
  ops_op_clear(&op);

  /* dilation 2 on a 3x3 filter reaches 5 rows: 8 + 0 - 5 + 1 = 4 */
  op.shape.conv = (ops_conv_shape){.n = 1, .c = 1, .k = 1, .h = 8, .w = 8, .r = 3, .s = 3,
                                   .stride = {1, 1}, .dilation = {2, 2}, .padding = {0, 0}};
  CHECK(ops_build_conv2d(&op, here, &e) == 0);
  CHECK_U64(op.shape.conv.p, 4);
  ops_op_clear(&op);
  op.shape.conv.h = 4;
  CHECK(ops_build_conv2d(&op, here, &e) == -1);
  CHECK_STR(e.msg, "w.yaml:1:1: error: the vertical filter (3 with dilation 2) is larger than the padded input (4)");

  /* attention: 6 einsums, causal mask keeps N(N+1)/2 of N^2 score pairs */
  op = (ops_op){0};
  op.kind = OPS_KIND_ATTENTION;
  op.shape.attn = (ops_attention_shape){2, 4, 16, 16, 8, true, OPS_CASCADE_3PASS, OPS_SCHED_UNFUSED};
  CHECK(ops_build_attention(&op, here, &e) == 0 && ops_op_count(&op, here, &e) == 0);
  CHECK_U64(op.neinsums, 6);
  CHECK_STR(op.einsums[1].expr, "GM[b,h,p] max= QK[b,h,m,p]");
  uint64_t pairs = 16 * 17 / 2;
  CHECK_U64(op.einsums[0].points_effective, 2 * 4 * 8 * pairs);
  CHECK_U64(op.einsums[0].points, 2 * 4 * 8 * 256);
  CHECK_U64(op.macs, 2 * (2 * 4 * 8 * pairs)); /* QK and AV */
  CHECK_U64(op.einsums[1].points_effective, 2 * 4 * pairs); /* max over kept pairs */
  ops_op_clear(&op);
  /* seq_kv > seq_q (bottom-right aligned): query i sees i + 1 + (kv - q) keys */
  op.shape.attn = (ops_attention_shape){1, 1, 4, 10, 1, true, OPS_CASCADE_3PASS, OPS_SCHED_UNFUSED};
  CHECK(ops_build_attention(&op, here, &e) == 0);
  CHECK_U64(op.einsums[0].points_effective, 7 + 8 + 9 + 10);
  ops_op_clear(&op);
  op.shape.attn = (ops_attention_shape){1, 1, 10, 4, 1, true, OPS_CASCADE_3PASS, OPS_SCHED_UNFUSED};
  CHECK(ops_build_attention(&op, here, &e) == 0);
  CHECK_U64(op.einsums[0].points_effective, 1 + 2 + 3 + 4);
  ops_op_clear(&op);
  /* 2^26 tokens: exact 64-bit counts; 2^30 tokens x 128 overflows and says so */
  op.shape.attn = (ops_attention_shape){1, 1, 1ull << 26, 1ull << 26, 128, true, OPS_CASCADE_3PASS, OPS_SCHED_UNFUSED};
  CHECK(ops_build_attention(&op, here, &e) == 0 && ops_op_count(&op, here, &e) == 0);
  CHECK_U64(op.einsums[0].points, 1ull << 59);
  CHECK_U64(op.einsums[0].points_effective, 128 * ((1ull << 26) * ((1ull << 26) + 1) / 2));
  ops_op_clear(&op);
  op.shape.attn = (ops_attention_shape){1, 1, 1ull << 30, 1ull << 30, 128, false, OPS_CASCADE_3PASS, OPS_SCHED_UNFUSED};
  CHECK(ops_build_attention(&op, here, &e) == -1);
  CHECK_STR(e.msg, "w.yaml:1:1: error: the einsum's iteration space overflows 64 bits");
  ops_op_clear(&op);
  op.shape.attn.cascade = OPS_CASCADE_1PASS;
  CHECK(ops_build_attention(&op, here, &e) == -1);
  CHECK_STR(e.msg, "w.yaml:1:1: error: cascade '1-pass' cannot be evaluated unfused: unfused "
            "attention maps the 3-pass cascade, fused schedules (`schedule: fusemax`, ...) the "
            "1-pass one, and the 2-pass one runs with `schedule: fusemax` or `architecture` "
            "(`accel-sim cascade --builtin attention-1-pass` shows its pass analysis)");
  /* 2-pass: built for fusemax (11 einsums; the QK scores' causal points are the visible pairs,
   * the per-(m1, p) ones the key tiles with a visible key), refused for flat */
  ops_op_clear(&op);
  op.shape.attn = (ops_attention_shape){1, 2, 512, 512, 64, true, OPS_CASCADE_2PASS, OPS_SCHED_FUSEMAX};
  CHECK(ops_build_attention(&op, here, &e) == 0);
  CHECK(op.neinsums == 11);
  CHECK_U64(op.einsums[0].points_effective, 2 * 64 * (512ull * 513 / 2));
  CHECK_U64(op.einsums[1].points_effective, 2 * (512ull * 513 / 2)); /* LM reduces over m0 */
  CHECK_U64(op.einsums[2].points_effective, 2 * (256ull * 1 + 256ull * 2)); /* RM: key tiles seen */
  ops_op_clear(&op);
  op.shape.attn.schedule = OPS_SCHED_FLAT;
  CHECK(ops_build_attention(&op, here, &e) == -1);

  CHECK_STR(ops_tensor_role(OPS_KIND_GEMM, "B"), "b");
  CHECK_STR(ops_tensor_role(OPS_KIND_ATTENTION, "SN"), "p");
  CHECK_STR(ops_tensor_role(OPS_KIND_EINSUM, "Foo"), "Foo");
  UNIT_DONE();
}
