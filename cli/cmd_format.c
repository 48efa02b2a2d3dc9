/* cmd_format — `accel-sim format quantize|table`; see cmd_format.h for the contract. */
#include "cli/cmd_format.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "common/num.h"
#include "ops/fmt_block.h"
#include "ops/fmt_int.h"
#include "ops/fmt_nf4.h"

#define FORMAT_MAX_BLOCK 4096

static const char format_help[] =
    "usage: accel-sim format quantize --format NAME [options] < values\n"
    "       accel-sim format table NAME\n\n"
    "quantize reads one value per line (decimal, hex float, nan, inf, -inf) and prints\n"
    "CODE_HEX<TAB>DECODED; block formats (mx*, nvfp4, bfp*, nf4, olive4*) read one block per\n"
    "line (space-separated) and print SCALE_HEX E0_HEX E1_HEX ...<TAB>D0 D1 ... (olive4* has no\n"
    "scale; nf4's scale is the fp32 bits of absmax).\n\n"
    "options of quantize:\n"
    "  --format NAME          a format name (accel-sim docs: docs/numerics.md), e.g. fp8_e4m3,\n"
    "                         e3m4_fn_b5, mxfp4_e2m1, int8, bfp6_g16\n"
    "  --rounding MODE        rne (default) | rtz | away (ties away) | stochastic | up | down\n"
    "  --seed N               stochastic rounding seed (default 0); value i uses draw i\n"
    "  --saturate             overflow and +-inf give +-max finite (element formats)\n"
    "  --no-saturate          overflow gives inf (IEEE styles) or nan (fn styles); default\n"
    "  --scale-method M       MX scale: floor (default, OCP) | ceil | even | rceil\n"
    "  --tensor-scale X       nvfp4: fp32 per-tensor scale; olive4*: the grid unit\n"
    "  --scale S              int formats: the scale (default 1)\n"
    "  --zero-point Z         int formats: the zero point (default 0)\n\n"
    "exit status: 0 ok, 1 failure, 2 usage or input error\n";

/* Parses one value token: nan/inf/-inf/+inf (any case) or a finite decimal / hex float,
 * rounded once to fp32 (strtof). false when it is not a number. */
static bool format_parse_value(const char *s, float *out) {
  const char *p = s + (*s == '+' || *s == '-');
  bool neg = *s == '-';
  if (!strcasecmp(p, "nan")) return *out = neg ? -NAN : NAN, true;
  if (!strcasecmp(p, "inf") || !strcasecmp(p, "infinity"))
    return *out = neg ? -INFINITY : INFINITY, true;
  double d;
  com_num_status st = com_parse_f64(s, &d);
  if (st == COM_NUM_RANGE) return *out = d < 0 || neg ? -INFINITY : INFINITY, true;
  if (st != COM_NUM_OK) return false;
  *out = strchr(s, '_') ? (float)d : strtof(s, NULL);
  return true;
}

static void format_print_value(double v) {
  if (isnan(v)) fputs("nan", stdout);
  else if (isinf(v)) fputs(v < 0 ? "-inf" : "inf", stdout);
  else printf("%.9g", v);
}

typedef struct format_job {
  const ops_format *f;
  ops_fmt_opts eo;     /* element formats */
  ops_block_opts bo;   /* block formats */
  ops_int_spec is;     /* int formats */
  float int_scale;
  int32_t zero_point;
} format_job;

static unsigned hex_digits(unsigned bits) { return (bits + 3) / 4; }

/* One element line: x -> code and decoded value. */
static void format_quantize_value(const format_job *j, float x, uint64_t index) {
  const ops_format *f = j->f;
  if (f->cls == OPS_FMT_INT) {
    int32_t q = ops_int_quantize(&j->is, x, j->int_scale, j->zero_point, index);
    printf("%0*X\t", (int)hex_digits(f->elem_bits), (uint32_t)q & ((1u << f->elem_bits) - 1u));
    format_print_value(ops_int_dequantize(q, j->int_scale, j->zero_point));
  } else {
    uint32_t c = ops_fmt_encode(&f->fp, x, &j->eo, index);
    printf("%0*X\t", (int)hex_digits(f->elem_bits), c);
    format_print_value(ops_fmt_decode_f64(&f->fp, c));
  }
  putchar('\n');
}

/* One block line of n values. */
static int format_quantize_block(const format_job *j, const float *x, size_t n, uint64_t counter0,
                                 com_err *e) {
  uint32_t scale, codes[FORMAT_MAX_BLOCK];
  float out[FORMAT_MAX_BLOCK];
  const ops_format *f = j->f;
  if (ops_block_quantize(f, x, n, &j->bo, counter0, &scale, codes, e) ||
      ops_block_dequantize(f, scale, codes, n, &j->bo, out, e))
    return -1;
  unsigned sbits = f->block_kind == OPS_BLOCK_NF4 ? 32 : 8;
  if (f->block_kind != OPS_BLOCK_OLIVE) printf("%0*X ", (int)hex_digits(sbits), scale);
  for (size_t i = 0; i < n; i++)
    printf("%0*X%c", (int)hex_digits(f->elem_bits), codes[i], i + 1 < n ? ' ' : '\t');
  for (size_t i = 0; i < n; i++) {
    format_print_value(out[i]);
    putchar(i + 1 < n ? ' ' : '\n');
  }
  return 0;
}

/* Reads stdin to the end; returns the exit status. */
static int format_quantize_stream(const format_job *j) {
  char *line = NULL;
  size_t cap = 0;
  int line_no = 0, status = CLI_OK;
  uint64_t counter = 0;
  bool block = j->f->cls == OPS_FMT_BLOCK;
  float x[FORMAT_MAX_BLOCK];
  com_err e = {0};
  while (getline(&line, &cap, stdin) >= 0) {
    line_no++;
    com_loc loc = {"<stdin>", line_no, 0};
    size_t n = 0;
    for (char *tok = strtok(line, " \t\r\n,"); tok; tok = strtok(NULL, " \t\r\n,")) {
      if (n == (block ? j->f->block : 1)) {
        com_err_at(&e, loc, "more than %u value%s on one line for %s", block ? j->f->block : 1,
                   block ? "s" : "", j->f->name);
        break;
      }
      if (!format_parse_value(tok, &x[n++])) {
        com_err_at(&e, loc, "'%s' is not a number (decimal, hex float, nan, inf)", tok);
        break;
      }
    }
    if (e.kind) break;
    if (n == 0) continue; /* blank lines are skipped */
    if (block) {
      if (format_quantize_block(j, x, n, counter, &e)) break;
      counter += j->f->block;
    } else {
      format_quantize_value(j, x[0], counter++);
    }
  }
  free(line);
  if (e.kind) status = cli_report_error(e.msg, e.kind);
  if (fflush(stdout) != 0) {
    fprintf(stderr, "accel-sim format: error: cannot write the output\n");
    return CLI_FAIL;
  }
  return status;
}

static int format_quantize(int argc, char **argv) {
  const char *cmd = "format quantize";
  const char *name = NULL, *rounding = NULL, *seed = NULL, *sat = NULL, *nosat = NULL,
             *method = NULL, *tscale = NULL, *scale = NULL, *zp = NULL, *pos[1];
  cli_opt opts[] = {{"--format", true, &name},        {"--rounding", true, &rounding},
                    {"--seed", true, &seed},          {"--saturate", false, &sat},
                    {"--no-saturate", false, &nosat}, {"--scale-method", true, &method},
                    {"--tensor-scale", true, &tscale}, {"--scale", true, &scale},
                    {"--zero-point", true, &zp}};
  int npos, rc = cli_args_parse(cmd, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos);
  if (rc == 1) return fputs(format_help, stdout), CLI_OK;
  if (rc) return rc;
  if (!name) return cli_usage_error(cmd, "--format NAME is required");
  format_job j = {.f = ops_format_find(name), .eo = ops_fmt_opts_default(),
                  .bo = ops_block_opts_default(), .int_scale = 1.0f};
  if (!j.f) return cli_usage_error(cmd, "unknown format '%s'", name);
  if (sat && nosat) return cli_usage_error(cmd, "--saturate and --no-saturate exclude each other");
  j.eo.saturate = sat != NULL;
  if (rounding && !ops_rounding_parse(rounding, &j.eo.rounding))
    return cli_usage_error(cmd, "unknown rounding '%s' (rne, rtz, away, stochastic, up, down)",
                           rounding);
  uint64_t s64 = 0;
  if (seed && com_parse_u64(seed, &s64) != COM_NUM_OK)
    return cli_usage_error(cmd, "--seed needs a non-negative integer, not '%s'", seed);
  j.eo.seed = j.bo.seed = s64;
  j.bo.elem_rounding = j.eo.rounding;
  if (method && !ops_mx_scale_parse(method, &j.bo.mx_scale))
    return cli_usage_error(cmd, "unknown scale method '%s' (floor, ceil, even, rceil)", method);
  double d;
  if (tscale) {
    if (com_parse_f64(tscale, &d) != COM_NUM_OK || d < 0)
      return cli_usage_error(cmd, "--tensor-scale needs a number >= 0, not '%s'", tscale);
    j.bo.tensor_scale = (float)d;
  }
  if (scale) {
    if (com_parse_f64(scale, &d) != COM_NUM_OK || !(d > 0))
      return cli_usage_error(cmd, "--scale needs a number > 0, not '%s'", scale);
    j.int_scale = (float)d;
  }
  if (zp) {
    if (com_parse_f64(zp, &d) != COM_NUM_OK || d != floor(d) || fabs(d) > 65536)
      return cli_usage_error(cmd, "--zero-point needs an integer, not '%s'", zp);
    j.zero_point = (int32_t)d;
  }
  if (j.f->cls == OPS_FMT_INT) {
    if (j.f->elem_bits > 16) return cli_usage_error(cmd, "%s is not a quantized integer format", name);
    j.is = (ops_int_spec){j.f->elem_bits, j.zero_point != 0, false, j.eo.rounding, s64};
  }
  return format_quantize_stream(&j);
}

/* Prints every code of an element format of <= 8 bits: CODE_HEX<TAB>VALUE. */
static int format_table(int argc, char **argv) {
  const char *cmd = "format table", *pos[1];
  int npos, rc = cli_args_parse(cmd, argc, argv, NULL, 0, pos, 1, &npos);
  if (rc == 1) return fputs(format_help, stdout), CLI_OK;
  if (rc) return rc;
  if (npos != 1) return cli_usage_error(cmd, "expects one format name");
  const ops_format *f = ops_format_find(pos[0]);
  if (!f) return cli_usage_error(cmd, "unknown format '%s'", pos[0]);
  bool elem_table = f->cls != OPS_FMT_BLOCK || f->block_kind == OPS_BLOCK_MX ||
                    f->block_kind == OPS_BLOCK_NVFP4 || f->block_kind == OPS_BLOCK_BFP ||
                    f->block_kind == OPS_BLOCK_NF4;
  if (!elem_table || f->elem_bits > 8)
    return cli_usage_error(cmd, "%s has no code table of at most 8 bits", f->name);
  for (uint32_t c = 0; c < (1u << f->elem_bits); c++) {
    double v;
    if (f->cls == OPS_FMT_INT) v = (int32_t)(c << (32 - f->elem_bits)) >> (32 - f->elem_bits);
    else if (f->cls == OPS_FMT_FLOAT) v = ops_fmt_decode_f64(&f->fp, c);
    else if (f->block_kind == OPS_BLOCK_NF4) v = OPS_NF4_CODEBOOK[c];
    else v = ops_block_elem_value(f, c);
    printf("%0*X\t", (int)hex_digits(f->elem_bits), c);
    format_print_value(v);
    putchar('\n');
  }
  return CLI_OK;
}

int cli_cmd_format(int argc, char **argv) {
  if (argc < 2) {
    fputs(format_help, stderr);
    return CLI_USAGE;
  }
  const char *sub = argv[1];
  if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help"))
    return fputs(format_help, stdout), CLI_OK;
  if (!strcmp(sub, "quantize")) return format_quantize(argc - 1, argv + 1);
  if (!strcmp(sub, "table")) return format_table(argc - 1, argv + 1);
  return cli_usage_error("format", "unknown subcommand '%s' (quantize, table)", sub);
}
