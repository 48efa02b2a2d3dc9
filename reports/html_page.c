/* html_page — the common frame of the HTML report pages; see html_page.h. */
#include "reports/html_page.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "reports/svg.h"

void rep_html_begin(FILE *f, const char *title, const char *heading) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", f);
  rep_esc(f, title);
  fputs("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
        "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}"
        "svg.chart{display:block;margin:1em 0}p.note{color:#555}</style></head><body>\n<h1>", f);
  rep_esc(f, heading);
  fputs("</h1>\n", f);
}

void rep_html_end(FILE *f) { fputs("</body></html>\n", f); }

void rep_html_num(FILE *f, const char *field, double v) {
  fputs("<td class=\"num\" data-field=\"", f);
  rep_esc(f, field);
  if (isfinite(v)) fprintf(f, "\" data-value=\"%.17g\">%.6g</td>", v, v);
  else fputs("\" data-value=\"null\">\xe2\x80\x94</td>", f);
}

void rep_html_text(FILE *f, const char *text) {
  fputs("<td>", f);
  rep_esc(f, text);
  fputs("</td>", f);
}

void rep_html_file(FILE *f, const char *id, const char *label, const char *path, size_t max_bytes) {
  FILE *in = fopen(path, "rb");
  fprintf(f, "<details id=\"%s\"><summary>", id);
  rep_esc(f, label);
  fputs(": ", f);
  rep_esc(f, path);
  if (!in) {
    fprintf(f, " (cannot be read here: %s)</summary></details>\n", strerror(errno));
    return;
  }
  fputs("</summary><pre>", f);
  char buf[4097];
  size_t n, total = 0, want;
  while ((want = max_bytes - total < sizeof buf - 1 ? max_bytes - total : sizeof buf - 1) > 0 &&
         (n = fread(buf, 1, want, in)) > 0) {
    total += n;
    for (size_t i = 0; i < n; i++) /* a NUL byte would end rep_esc early: show it as ? */
      if (buf[i] == 0) buf[i] = '?';
    buf[n] = 0;
    rep_esc(f, buf);
  }
  bool more = fgetc(in) != EOF;
  fclose(in);
  fputs("</pre>", f);
  if (more) fprintf(f, "<p class=\"note\">(only the first %zu bytes are shown)</p>", max_bytes);
  fputs("</details>\n", f);
}

int rep_err_write(com_err *e, const char *path, const char *what) {
  com_err_file(e, path, "cannot write the %s: %s", what, strerror(errno));
  if (e) e->kind = COM_EFAIL;
  return -1;
}
