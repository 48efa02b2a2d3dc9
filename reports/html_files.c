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

static const unsigned bits[] = {REP_JSON, REP_CSV, REP_HTML};
static const char *const exts[] = {"json", "csv", "html"}, *const what[] = {"JSON file", "CSV file", "HTML file"};
static const writer fns[] = {w_json, w_csv, w_html};

/* The run's JSON document in memory (*json, *len, owned) and its parsed form. */
static int render_doc(const rep_run *r, char **json, size_t *len, rep_run_doc *d, com_err *e) {
  FILE *mem = open_memstream(json, len);
  if (!mem) return com_err_oom(e);
  rep_run_json(mem, r);
  if (fclose(mem) != 0) {
    free(*json);
    *json = NULL;
    return com_err_oom(e);
  }
  return rep_run_doc_load(r->workload, *json, *len, d, e);
}

/* Writes format i (index into bits) of the document to path. */
static int write_one(const rep_run *r, const rep_run_doc *d, const char *json, size_t len, int i, const char *path,
                     com_err *e) {
  FILE *f = fopen(path, "w");
  if (!f) return rep_err_write(e, path, what[i]);
  fns[i](f, d, r->arch, json, len);
  return fclose(f) != 0 ? rep_err_write(e, path, what[i]) : 0;
}

int rep_run_write_files(const rep_run *r, const rep_options *o, com_err *e) {
  if (!(o->formats & (REP_JSON | REP_CSV | REP_HTML))) return 0;
  if (mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) return rep_err_write(e, o->out_dir, "report directory");
  char *json = NULL;
  size_t len = 0;
  rep_run_doc d;
  int rc = render_doc(r, &json, &len, &d, e);
  for (int i = 0; rc == 0 && i < 3; i++) {
    char path[4096];
    if (!(o->formats & bits[i])) continue;
    if (out_path(path, sizeof path, o->out_dir, r->workload, exts[i]))
      rc = com_err_file(e, o->out_dir, "the report path is too long");
    else
      rc = write_one(r, &d, json, len, i, path, e);
  }
  if (json) rep_run_doc_free(&d);
  free(json);
  return rc;
}

int rep_run_write_path(const rep_run *r, unsigned format, const char *path, com_err *e) {
  int i = format == REP_JSON ? 0 : format == REP_CSV ? 1 : 2;
  char *json = NULL;
  size_t len = 0;
  rep_run_doc d;
  int rc = render_doc(r, &json, &len, &d, e);
  if (rc == 0) rc = write_one(r, &d, json, len, i, path, e);
  if (json) rep_run_doc_free(&d);
  free(json);
  return rc;
}
