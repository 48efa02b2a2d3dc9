/* err — formatting of located error messages; see err.h for the contract. */
#include "common/err.h"

#include <stdarg.h>
#include <stdio.h>

static int err_vset(com_err *e, int kind, const char *prefix, const char *fmt, va_list ap) {
  if (!e) return -1;
  e->kind = kind;
  int n = snprintf(e->msg, sizeof e->msg, "%s", prefix);
  if (n < 0 || (size_t)n >= sizeof e->msg) return -1;
  vsnprintf(e->msg + n, sizeof e->msg - (size_t)n, fmt, ap);
  return -1;
}

int com_err_at(com_err *e, com_loc loc, const char *fmt, ...) {
  char prefix[512];
  if (loc.file && loc.line > 0 && loc.col > 0)
    snprintf(prefix, sizeof prefix, "%s:%d:%d: error: ", loc.file, loc.line, loc.col);
  else if (loc.file && loc.line > 0)
    snprintf(prefix, sizeof prefix, "%s:%d: error: ", loc.file, loc.line);
  else if (loc.file)
    snprintf(prefix, sizeof prefix, "%s: error: ", loc.file);
  else
    snprintf(prefix, sizeof prefix, "error: ");
  va_list ap;
  va_start(ap, fmt);
  err_vset(e, COM_EINPUT, prefix, fmt, ap);
  va_end(ap);
  return -1;
}

int com_err_file(com_err *e, const char *file, const char *fmt, ...) {
  char prefix[512];
  snprintf(prefix, sizeof prefix, "%s: error: ", file ? file : "<input>");
  va_list ap;
  va_start(ap, fmt);
  err_vset(e, COM_EINPUT, prefix, fmt, ap);
  va_end(ap);
  return -1;
}

int com_err_plain(com_err *e, int kind, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  err_vset(e, kind, "error: ", fmt, ap);
  va_end(ap);
  return -1;
}

int com_err_oom(com_err *e) { return com_err_plain(e, COM_EFAIL, "out of memory"); }
