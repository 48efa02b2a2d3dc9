/* einsum — the expression parser; see einsum.h for the grammar and contract. */
#include "ops/einsum.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "common/num.h"
#include "common/text.h"

#define EINSUM_MAX_COEF ((uint64_t)1 << 20)

typedef struct einsum_parser {
  const char *s;
  size_t pos;
  com_loc where;
  const ops_rank_decl *ranks;
  int nranks;
  bool used[OPS_MAX_RANKS];
  com_err *e;
} einsum_parser;

static com_loc einsum_loc(const einsum_parser *p, size_t pos) {
  com_loc loc = p->where;
  if (loc.col > 0) loc.col += (int)pos;
  return loc;
}

static void einsum_skip(einsum_parser *p) {
  while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t') p->pos++;
}

static bool einsum_accept(einsum_parser *p, char c) {
  einsum_skip(p);
  if (p->s[p->pos] != c) return false;
  p->pos++;
  return true;
}

static int einsum_expect(einsum_parser *p, char c, const char *what) {
  if (einsum_accept(p, c)) return 0;
  einsum_skip(p);
  if (!p->s[p->pos])
    return com_err_at(p->e, einsum_loc(p, p->pos), "einsum ends early: expected %s", what);
  return com_err_at(p->e, einsum_loc(p, p->pos), "einsum: expected %s, found '%c'", what,
                    p->s[p->pos]);
}

/* Reads an identifier into out; returns its length (0 when there is none). */
static size_t einsum_name(einsum_parser *p, char out[OPS_NAME_MAX]) {
  einsum_skip(p);
  size_t start = p->pos, n = 0;
  if (!isalpha((unsigned char)p->s[start]) && p->s[start] != '_') return 0;
  while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_') p->pos++;
  n = p->pos - start;
  if (n >= OPS_NAME_MAX) n = OPS_NAME_MAX - 1;
  memcpy(out, p->s + start, n);
  out[n] = '\0';
  return p->pos - start;
}

int ops_einsum_rank_declared(const ops_rank_decl *ranks, int nranks, const char *name) {
  for (int i = 0; i < nranks; i++)
    if (strcmp(ranks[i].name, name) == 0) return i;
  return -1;
}

bool ops_tensor_is_recurrence(const ops_tensor *out) {
  for (int d = 0; d < out->ndims; d++)
    if (out->dims[d].offset > 0) return true;
  return false;
}

static int einsum_rank_index(einsum_parser *p, const char *name, size_t pos) {
  int r = ops_einsum_rank_declared(p->ranks, p->nranks, name);
  if (r >= 0) {
    p->used[r] = true;
    return r;
  }
  const char *names[OPS_MAX_RANKS + 1];
  for (int i = 0; i < p->nranks; i++) names[i] = p->ranks[i].name;
  names[p->nranks] = NULL;
  char hint[96];
  com_suggest_phrase(name, names, hint, sizeof hint);
  com_err_at(p->e, einsum_loc(p, pos), "rank '%s' is not declared in 'ranks'%s", name, hint);
  return -1;
}

/* Reads a decimal constant at the cursor into *v (at most EINSUM_MAX_COEF); *found tells
 * whether there was one. */
static int einsum_int(einsum_parser *p, uint64_t *v, bool *found) {
  einsum_skip(p);
  size_t pos = p->pos, n = 0;
  char digits[24];
  while (isdigit((unsigned char)p->s[p->pos]) && n + 1 < sizeof digits) digits[n++] = p->s[p->pos++];
  digits[n] = '\0';
  *found = n > 0;
  if (!*found) return 0;
  if (isdigit((unsigned char)p->s[p->pos]) || com_parse_u64(digits, v) != COM_NUM_OK ||
      *v > EINSUM_MAX_COEF)
    return com_err_at(p->e, einsum_loc(p, pos), "index constant is too large (at most %llu)",
                      (unsigned long long)EINSUM_MAX_COEF);
  return 0;
}

/* The size of the declared rank whose upper-case spelling is name ("M1" for m1): the final
 * index of a recurrence over that rank. Returns false when there is none. */
static bool einsum_final_index(const einsum_parser *p, const char *name, uint64_t *size) {
  char lower[OPS_NAME_MAX];
  bool has_upper = false;
  size_t i = 0;
  for (; name[i] && i + 1 < sizeof lower; i++) {
    has_upper |= isupper((unsigned char)name[i]) != 0;
    lower[i] = (char)tolower((unsigned char)name[i]);
  }
  lower[i] = '\0';
  for (int r = 0; has_upper && r < p->nranks; r++)
    if (strcmp(p->ranks[r].name, lower) == 0) {
      *size = p->ranks[r].size;
      return true;
    }
  return false;
}

/* term := NAME | INT | INT "*" NAME | NAME "*" INT | FINAL, added into the affine index a.
 * FINAL is a declared rank spelled in capitals (M1): the constant index equal to its size. */
static int einsum_term(einsum_parser *p, ops_affine *a) {
  char name[OPS_NAME_MAX] = "";
  uint64_t coef = 1, final_size;
  bool have_int = false, found;
  if (einsum_int(p, &coef, &have_int)) return -1;
  if (have_int && !einsum_accept(p, '*')) {
    a->offset += coef;
    return 0;
  }
  einsum_skip(p);
  size_t pos = p->pos;
  if (!einsum_name(p, name))
    return com_err_at(p->e, einsum_loc(p, p->pos), "einsum: expected a rank name in an index");
  if (!have_int && ops_einsum_rank_declared(p->ranks, p->nranks, name) < 0 &&
      einsum_final_index(p, name, &final_size)) {
    a->offset += final_size;
    return 0;
  }
  int r = einsum_rank_index(p, name, pos);
  if (r < 0) return -1;
  if (!have_int && einsum_accept(p, '*')) {
    size_t cpos = p->pos;
    if (einsum_int(p, &coef, &found)) return -1;
    if (!found)
      return com_err_at(p->e, einsum_loc(p, cpos), "einsum: a rank can only be scaled by an integer");
  }
  if (coef == 0) return com_err_at(p->e, einsum_loc(p, pos), "a rank coefficient must be at least 1");
  for (int i = 0; i < a->nterms; i++)
    if (a->rank[i] == r)
      return com_err_at(p->e, einsum_loc(p, pos), "rank '%s' appears twice in one index", name);
  if (a->nterms == OPS_MAX_TERMS)
    return com_err_at(p->e, einsum_loc(p, pos), "an index may combine at most %d ranks", OPS_MAX_TERMS);
  a->rank[a->nterms] = r;
  a->coef[a->nterms++] = coef;
  return 0;
}

/* operand := NAME [ "[" index { "," index } "]" ] */
static int einsum_operand(einsum_parser *p, ops_tensor *t) {
  einsum_skip(p);
  size_t pos = p->pos;
  if (!einsum_name(p, t->name)) {
    if (!p->s[p->pos])
      return com_err_at(p->e, einsum_loc(p, pos), "einsum ends early: expected a tensor name");
    return com_err_at(p->e, einsum_loc(p, pos), "einsum: expected a tensor name, found '%c'",
                      p->s[p->pos]);
  }
  if (p->pos - pos >= OPS_NAME_MAX)
    return com_err_at(p->e, einsum_loc(p, pos), "tensor name is longer than %d characters",
                      OPS_NAME_MAX - 1);
  if (!einsum_accept(p, '[')) return 0; /* a scalar */
  do {
    if (t->ndims == OPS_MAX_DIMS)
      return com_err_at(p->e, einsum_loc(p, p->pos), "tensor '%s' has more than %d dimensions",
                        t->name, OPS_MAX_DIMS);
    ops_affine *a = &t->dims[t->ndims++];
    do {
      if (einsum_term(p, a)) return -1;
    } while (einsum_accept(p, '+'));
  } while (einsum_accept(p, ','));
  return einsum_expect(p, ']', "',' or ']'");
}

static int einsum_binop(einsum_parser *p, ops_binop *op) {
  einsum_skip(p);
  switch (p->s[p->pos]) {
  case '*': *op = OPS_BIN_MUL; break;
  case '+': *op = OPS_BIN_ADD; break;
  case '-': *op = OPS_BIN_SUB; break;
  case '/': *op = OPS_BIN_DIV; break;
  default: *op = OPS_BIN_NONE; return 0;
  }
  p->pos++;
  return 0;
}

/* rhs := operand [binop operand] | exp( rhs ) | max( operand , operand ) */
static int einsum_rhs(einsum_parser *p, ops_einsum *es, int depth) {
  einsum_skip(p);
  size_t save = p->pos;
  char fn[OPS_NAME_MAX];
  if (einsum_name(p, fn) && einsum_accept(p, '(')) {
    if (strcmp(fn, "exp") == 0 && depth == 0) {
      es->unop = OPS_UN_EXP;
      if (einsum_rhs(p, es, 1)) return -1;
      return einsum_expect(p, ')', "')'");
    }
    if (strcmp(fn, "max") == 0) {
      es->binop = OPS_BIN_MAX;
      es->ninputs = 2;
      if (einsum_operand(p, &es->in[0]) || einsum_expect(p, ',', "',' between the arguments of max") ||
          einsum_operand(p, &es->in[1]))
        return -1;
      return einsum_expect(p, ')', "')'");
    }
    return com_err_at(p->e, einsum_loc(p, save), "einsum: unknown function '%s' (use exp or max)", fn);
  }
  p->pos = save;
  es->ninputs = 1;
  if (einsum_operand(p, &es->in[0]) || einsum_binop(p, &es->binop)) return -1;
  if (es->binop == OPS_BIN_NONE) return 0;
  es->ninputs = 2;
  return einsum_operand(p, &es->in[1]);
}

static int einsum_assign(einsum_parser *p, ops_reduce *red) {
  einsum_skip(p);
  size_t pos = p->pos;
  if (einsum_accept(p, '=')) { *red = OPS_RED_NONE; return 0; }
  if (p->s[p->pos] == '+' && p->s[p->pos + 1] == '=') { p->pos += 2; *red = OPS_RED_SUM; return 0; }
  if (strncmp(p->s + p->pos, "max", 3) == 0) {
    p->pos += 3;
    if (einsum_accept(p, '=')) { *red = OPS_RED_MAX; return 0; }
  }
  p->pos = pos;
  return einsum_expect(p, '=', "'=', '+=' or 'max=' after the output tensor");
}

/* Output indices must be distinct plain ranks. */
static int einsum_check_output(einsum_parser *p, const ops_einsum *es) {
  bool seen[OPS_MAX_RANKS] = {false};
  for (int d = 0; d < es->out.ndims; d++) {
    const ops_affine *a = &es->out.dims[d];
    if (a->nterms != 1 || a->coef[0] != 1)
      return com_err_at(p->e, p->where,
                        "the output '%s' must be indexed by plain ranks (or rank+N for a recurrence)",
                        es->out.name);
    if (seen[a->rank[0]])
      return com_err_at(p->e, p->where, "rank '%s' indexes the output '%s' twice",
                        p->ranks[a->rank[0]].name, es->out.name);
    seen[a->rank[0]] = true;
  }
  return 0;
}

static int einsum_sizes(einsum_parser *p, ops_tensor *t) {
  t->elems = 1;
  for (int d = 0; d < t->ndims; d++) {
    const ops_affine *a = &t->dims[d];
    uint64_t extent = a->offset + 1, part;
    for (int i = 0; i < a->nterms; i++)
      if (!com_mul_u64(a->coef[i], p->ranks[a->rank[i]].size - 1, &part) ||
          !com_add_u64(extent, part, &extent))
        return com_err_at(p->e, p->where, "an index of '%s' overflows 64 bits", t->name);
    t->extent[d] = extent;
    if (!com_mul_u64(t->elems, extent, &t->elems))
      return com_err_at(p->e, p->where, "tensor '%s' has more than 2^64 elements", t->name);
  }
  return 0;
}

/* Writes the canonical form of one operand. */
static size_t einsum_print_operand(char *buf, size_t cap, const ops_tensor *t, const ops_einsum *es) {
  size_t n = (size_t)snprintf(buf, cap, "%s", t->name);
  if (t->ndims == 0 || n >= cap) return n;
  n += (size_t)snprintf(buf + n, cap - n, "[");
  for (int d = 0; d < t->ndims && n < cap; d++) {
    const ops_affine *a = &t->dims[d];
    for (int i = 0; i < a->nterms && n < cap; i++) {
      n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? "+" : "", es->rank_name[a->rank[i]]);
      if (a->coef[i] != 1 && n < cap)
        n += (size_t)snprintf(buf + n, cap - n, "*%llu", (unsigned long long)a->coef[i]);
    }
    if ((a->offset || a->nterms == 0) && n < cap)
      n += (size_t)snprintf(buf + n, cap - n, "%s%llu", a->nterms ? "+" : "", (unsigned long long)a->offset);
    if (n < cap) n += (size_t)snprintf(buf + n, cap - n, "%s", d + 1 < t->ndims ? "," : "]");
  }
  return n;
}

static void einsum_canonical(ops_einsum *es) {
  static const char *const assign[] = {"=", "+=", "max="};
  static const char *const binop[] = {"", " * ", " + ", " - ", " / ", ", "};
  char *b = es->expr;
  size_t cap = sizeof es->expr, n = 0;
  n += einsum_print_operand(b + n, cap - n, &es->out, es);
  if (n < cap) n += (size_t)snprintf(b + n, cap - n, " %s ", assign[es->reduce]);
  if (n < cap && es->unop == OPS_UN_EXP) n += (size_t)snprintf(b + n, cap - n, "exp(");
  if (n < cap && es->binop == OPS_BIN_MAX) n += (size_t)snprintf(b + n, cap - n, "max(");
  if (n < cap) n += einsum_print_operand(b + n, cap - n, &es->in[0], es);
  if (es->ninputs == 2 && n < cap) {
    n += (size_t)snprintf(b + n, cap - n, "%s", binop[es->binop]);
    if (n < cap) n += einsum_print_operand(b + n, cap - n, &es->in[1], es);
  }
  if (n < cap && es->binop == OPS_BIN_MAX) n += (size_t)snprintf(b + n, cap - n, ")");
  if (n < cap && es->unop == OPS_UN_EXP) n += (size_t)snprintf(b + n, cap - n, ")");
}

/* Renumbers the ranks of es so that only the used ones remain, in declaration order. */
static void einsum_drop_unused(einsum_parser *p, ops_einsum *es, ops_rank_decl *kept, int *nkept) {
  int remap[OPS_MAX_RANKS];
  *nkept = 0;
  for (int i = 0; i < p->nranks; i++) {
    remap[i] = p->used[i] ? *nkept : -1;
    if (p->used[i]) kept[(*nkept)++] = p->ranks[i];
  }
  ops_tensor *tensors[3] = {&es->in[0], &es->in[1], &es->out};
  for (int t = 0; t < 3; t++)
    for (int d = 0; d < tensors[t]->ndims; d++)
      for (int i = 0; i < tensors[t]->dims[d].nterms; i++)
        tensors[t]->dims[d].rank[i] = remap[tensors[t]->dims[d].rank[i]];
  for (int i = 0; i < *nkept; i++) p->used[i] = true;
  p->ranks = kept;
  p->nranks = *nkept;
}

int ops_einsum_parse(const char *expr, com_loc where, const ops_rank_decl *ranks, int nranks,
                     unsigned flags, ops_einsum *es, com_err *e) {
  memset(es, 0, sizeof *es);
  if (nranks > OPS_MAX_RANKS)
    return com_err_at(e, ranks[OPS_MAX_RANKS].loc, "an einsum may have at most %d ranks", OPS_MAX_RANKS);
  einsum_parser p = {.s = expr, .where = where, .ranks = ranks, .nranks = nranks, .e = e};
  if (einsum_operand(&p, &es->out) || einsum_assign(&p, &es->reduce) || einsum_rhs(&p, es, 0))
    return -1;
  einsum_skip(&p);
  if (p.s[p.pos])
    return com_err_at(e, einsum_loc(&p, p.pos), "einsum: unexpected '%s' at the end", p.s + p.pos);
  ops_rank_decl kept[OPS_MAX_RANKS];
  if (flags & OPS_EINSUM_DROP_UNUSED) einsum_drop_unused(&p, es, kept, &nranks);
  ranks = p.ranks;
  if (einsum_check_output(&p, es)) return -1;
  for (int i = 0; i < es->ninputs; i++)
    if (strcmp(es->in[i].name, es->out.name) == 0 && !ops_tensor_is_recurrence(&es->out))
      return com_err_at(e, where,
                        "'%s' is both read and written; name the output differently (a recurrence "
                        "writes rank+1, e.g. R[m1+1] = max(R[m1], X[m1]))", es->out.name);
  for (int i = 0; i < nranks; i++)
    if (!p.used[i])
      return com_err_at(e, ranks[i].loc, "rank '%s' is declared but not used in the einsum",
                        ranks[i].name);
  bool in_out[OPS_MAX_RANKS] = {false};
  for (int d = 0; d < es->out.ndims; d++) in_out[es->out.dims[d].rank[0]] = true;
  bool reduces = false;
  for (int i = 0; i < nranks; i++) reduces |= !in_out[i];
  if (reduces && es->reduce == OPS_RED_NONE)
    return com_err_at(e, where, "ranks missing from the output '%s' are reduced: write '+=' or 'max='",
                      es->out.name);
  es->nranks = nranks;
  es->points = 1;
  for (int i = 0; i < nranks; i++) {
    com_strlcpy(es->rank_name[i], ranks[i].name, OPS_NAME_MAX);
    es->rank_size[i] = ranks[i].size;
    if (!com_mul_u64(es->points, ranks[i].size, &es->points))
      return com_err_at(e, where, "the einsum's iteration space overflows 64 bits");
  }
  es->points_effective = es->points;
  es->in[0].role = OPS_ROLE_INPUT;
  es->in[1].role = OPS_ROLE_WEIGHT;
  es->out.role = OPS_ROLE_OUTPUT;
  for (int i = 0; i < es->ninputs; i++)
    if (einsum_sizes(&p, &es->in[i])) return -1;
  if (einsum_sizes(&p, &es->out)) return -1;
  com_strlcpy(es->name, es->out.name, OPS_NAME_MAX);
  einsum_canonical(es);
  return 0;
}

int ops_tensor_set_format(ops_tensor *t, const ops_format *f, com_loc where, com_err *e) {
  unsigned long long bytes;
  if (!ops_format_bytes(f, t->elems, &bytes))
    return com_err_at(e, where, "tensor '%s' needs more than 2^64 bytes", t->name);
  t->format = f;
  t->bytes = bytes;
  return 0;
}
