/* options — the report section; see options.h for the contract. */
#include "reports/options.h"

static const char *const report_keys[] = {"out", "formats", NULL};
static const char *const format_names[] = {"text", "csv", "json", "html", NULL};

int rep_options_parse(const com_ynode *report, rep_options *opts, com_err *e) {
  opts->out_dir = "out";
  opts->formats = REP_TEXT;
  if (!report) return 0;
  if (com_yexpect(report, COM_Y_MAP, "report", e) || com_ycheck_keys(report, "'report'", report_keys, e))
    return -1;
  const com_ynode *n = com_yget(report, "out");
  if (n && com_ystr(n, "out", &opts->out_dir, e)) return -1;
  n = com_yget(report, "formats");
  if (!n) return 0;
  if (com_yexpect(n, COM_Y_SEQ, "formats", e)) return -1;
  if (n->len == 0) return com_err_at(e, n->loc, "'formats' is empty: name at least one of text, csv, json, html");
  opts->formats = 0;
  for (size_t i = 0; i < n->len; i++) {
    int idx;
    if (com_yenum(n->items[i], "report format", format_names, &idx, e)) return -1;
    opts->formats |= 1u << idx;
  }
  return 0;
}
