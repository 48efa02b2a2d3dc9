/*
 * expr — constraints over parameter values: numbers, parameter names, + - * / (unary -, !),
 * comparisons < <= > >= == !=, && and ||, parentheses; usual precedence. Parsed once into a
 * small tree when the sweep is loaded (located errors), evaluated per point (thread-safe).
 * Division by zero yields inf/nan as in IEEE arithmetic; a comparison with nan is false.
 * Bounded: nesting <= 64 and <= SWP_EXPR_MAX_NODES numbers, names and operators, because a chain
 * such as 1+1+...+1 builds a tree as deep as it is long and evaluation and freeing recurse.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"

enum { X_NUM, X_VAR, X_NEG, X_NOT, X_BIN };
#define SWP_EXPR_MAX_NODES 256 /* the message below says 256 too */

struct swp_expr {
  int kind;
  double num;          /* X_NUM */
  int var;             /* X_VAR: parameter index */
  char op[3];          /* X_BIN */
  swp_expr *a, *b;
};

typedef struct parser {
  const swp_spec *s;
  const char *text, *p;
  com_loc loc;
  com_err *e;
  int failed;
  int depth;
  int nodes;
} parser;

static void fail(parser *ps, const char *what) {
  if (ps->failed) return;
  ps->failed = 1;
  com_err_at(ps->e, ps->loc, "constraint '%s': %s at column %d", ps->text, what,
             (int)(ps->p - ps->text) + 1);
}

static swp_expr *node(parser *ps, int kind) {
  if (++ps->nodes > SWP_EXPR_MAX_NODES) {
    fail(ps, "more than 256 numbers, names and operators");
    return NULL;
  }
  swp_expr *x = calloc(1, sizeof *x);
  if (!x && !ps->failed) { ps->failed = 1; com_err_oom(ps->e); }
  if (x) x->kind = kind;
  return x;
}

static void skip(parser *ps) { while (isspace((unsigned char)*ps->p)) ps->p++; }

static swp_expr *parse_or(parser *ps);

static swp_expr *parse_primary(parser *ps) {
  skip(ps);
  if (++ps->depth > 64) { fail(ps, "nested too deeply"); return NULL; }
  const char *c = ps->p;
  swp_expr *x = NULL;
  if (*c == '(') {
    ps->p++;
    x = parse_or(ps);
    skip(ps);
    if (*ps->p != ')') { fail(ps, "expected ')'"); swp_expr_free(x); x = NULL; }
    else ps->p++;
  } else if (*c == '-' || *c == '!') {
    ps->p++;
    swp_expr *a = parse_primary(ps);
    x = a ? node(ps, *c == '-' ? X_NEG : X_NOT) : NULL;
    if (x) x->a = a; else swp_expr_free(a);
  } else if (isdigit((unsigned char)*c) || *c == '.') {
    char *end;
    double v = strtod(c, &end);
    if (end == c) { fail(ps, "bad number"); ps->depth--; return NULL; }
    ps->p = end;
    if ((x = node(ps, X_NUM))) x->num = v;
  } else if (isalpha((unsigned char)*c) || *c == '_') {
    size_t n = 0;
    while (isalnum((unsigned char)c[n]) || c[n] == '_') n++;
    int var = -1;
    for (int i = 0; i < ps->s->nparams; i++)
      if (strlen(ps->s->params[i].name) == n && strncmp(ps->s->params[i].name, c, n) == 0) var = i;
    if (var < 0) { fail(ps, "unknown parameter name"); ps->depth--; return NULL; }
    if (!ps->s->params[var].numeric) { fail(ps, "parameter is not numeric"); ps->depth--; return NULL; }
    ps->p += n;
    if ((x = node(ps, X_VAR))) x->var = var;
  } else {
    fail(ps, *c ? "unexpected character" : "unexpected end");
  }
  ps->depth--;
  return x;
}

/* Binary levels: 0 ||, 1 &&, 2 comparisons, 3 + -, 4 * /. */
static const char *const level_ops[5][6] = {{"||"}, {"&&"}, {"<=", ">=", "==", "!=", "<", ">"},
                                            {"+", "-"}, {"*", "/"}};

static swp_expr *parse_level(parser *ps, int lvl) {
  if (lvl == 5) return parse_primary(ps);
  swp_expr *a = parse_level(ps, lvl + 1);
  while (a && !ps->failed) {
    skip(ps);
    const char *op = NULL;
    for (int i = 0; i < 6 && level_ops[lvl][i]; i++)
      if (strncmp(ps->p, level_ops[lvl][i], strlen(level_ops[lvl][i])) == 0) { op = level_ops[lvl][i]; break; }
    if (!op) break;
    ps->p += strlen(op);
    swp_expr *b = parse_level(ps, lvl + 1);
    swp_expr *x = b ? node(ps, X_BIN) : NULL;
    if (!x) { swp_expr_free(a); swp_expr_free(b); return NULL; }
    strcpy(x->op, op);
    x->a = a;
    x->b = b;
    a = x;
  }
  return a;
}

static swp_expr *parse_or(parser *ps) { return parse_level(ps, 0); }

int swp_expr_parse(const swp_spec *s, const char *text, com_loc loc, swp_expr **out, com_err *e) {
  parser ps = {s, text, text, loc, e, 0, 0, 0};
  swp_expr *x = parse_or(&ps);
  skip(&ps);
  if (x && !ps.failed && *ps.p) fail(&ps, "unexpected text");
  if (ps.failed || !x) {
    if (!ps.failed) fail(&ps, "empty expression");
    swp_expr_free(x);
    return -1;
  }
  *out = x;
  return 0;
}

double swp_expr_eval(const swp_expr *x, const swp_val *vals) {
  switch (x->kind) {
  case X_NUM: return x->num;
  case X_VAR: return vals[x->var].num;
  case X_NEG: return -swp_expr_eval(x->a, vals);
  case X_NOT: return swp_expr_eval(x->a, vals) != 0 ? 0 : 1;
  default: break;
  }
  double a = swp_expr_eval(x->a, vals);
  if (strcmp(x->op, "&&") == 0) return a != 0 && swp_expr_eval(x->b, vals) != 0;
  if (strcmp(x->op, "||") == 0) return a != 0 || swp_expr_eval(x->b, vals) != 0;
  double b = swp_expr_eval(x->b, vals);
  switch (x->op[0]) {
  case '+': return a + b;
  case '-': return a - b;
  case '*': return a * b;
  case '/': return a / b;
  case '<': return x->op[1] ? a <= b : a < b;
  case '>': return x->op[1] ? a >= b : a > b;
  case '=': return a == b;
  case '!': return a != b;
  default: return 0;
  }
}

void swp_expr_free(swp_expr *x) {
  if (!x) return;
  swp_expr_free(x->a);
  swp_expr_free(x->b);
  free(x);
}
