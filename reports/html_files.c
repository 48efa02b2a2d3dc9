/* html_files — the report files of a run; see html_files.h. */
#include "reports/html_files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reports/html_page.h"
#include "reports/html_run.h"

/* DIR/NAME.EXT with NAME made safe for a file name; -1 when it does not fit. */
static int out_path(char *out, size_t cap, const char *dir, const char *name, const char *ext) {
  int n = snprintf(out, cap, "%s/", dir);
  if (n < 0 || (size_t)n >= cap) return -1;
  for (const char *p = name; *p && (size_t)n < cap - 1; p++, n++) {
    char c = *p;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(".-_", c);
    out[n] = ok ? c : '_';
  }
  out[n] = 0;
  size_t used = (size_t)n;
  return snprintf(out + used, cap - used, ".%s", ext) < (int)(cap - used) ? 0 : -1;
}

typedef void (*writer)(FILE *f, const rep_run_doc *d, const arch_spec *a, const void *json, size_t len);

static void w_json(FILE *f, const rep_run_doc *d, const arch_spec *a, const void *json, size_t len) {
  (void)d, (void)a;
  fwrite(json, 1, len, f);
}
static void w_csv(FILE *f, const rep_run_doc *d, const arch_spec *a, const void *json, size_t len) {
  (void)a, (void)json, (void)len;
  rep_csv_run(f, d);
}
static void w_html(FILE *f, const rep_run_doc *d, const arch_spec *a, const void *json, size_t len) {
  (void)json, (void)len;
  rep_html_run(f, d, a, "");
}

int rep_run_write_files(const rep_run *r, const rep_options *o, com_err *e) {
  static const unsigned bits[] = {REP_JSON, REP_CSV, REP_HTML};
  static const char *const exts[] = {"json", "csv", "html"}, *const what[] = {"JSON file", "CSV file", "HTML file"};
  static const writer fns[] = {w_json, w_csv, w_html};
  if (!(o->formats & (REP_JSON | REP_CSV | REP_HTML))) return 0;
  if (mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) return rep_err_write(e, o->out_dir, "report directory");
  char *json = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&json, &len);
  if (!mem) return com_err_oom(e);
  rep_run_json(mem, r);
  if (fclose(mem) != 0) {
    free(json);
    return com_err_oom(e);
  }
  rep_run_doc d;
  int rc = rep_run_doc_load(r->workload, json, len, &d, e);
  for (int i = 0; rc == 0 && i < 3; i++) {
    char path[4096];
    if (!(o->formats & bits[i])) continue;
    if (out_path(path, sizeof path, o->out_dir, r->workload, exts[i])) {
      rc = com_err_file(e, o->out_dir, "the report path is too long");
      break;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
      rc = rep_err_write(e, path, what[i]);
      break;
    }
    fns[i](f, &d, r->arch, json, len);
    if (fclose(f) != 0) rc = rep_err_write(e, path, what[i]);
  }
  rep_run_doc_free(&d);
  free(json);
  return rc;
}
