/*
 * trace — the Chrome/Perfetto trace writer (see trace.h).
 */
#include "sim/core/trace.h"

#include <inttypes.h>
#include <string.h>

static void tr_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

int sim_trace_open(sim_trace *t, const char *path, uint64_t max, double clock_mhz,
                   const char *const *names, int ntracks, com_err *e) {
  memset(t, 0, sizeof *t);
  t->f = fopen(path, "w");
  if (!t->f) return com_err_file(e, path, "cannot write the trace file");
  t->max = max ? max : 1000000;
  t->us_per_cycle = clock_mhz > 0 ? 1.0 / clock_mhz : 1e-3;
  fprintf(t->f, "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n");
  fprintf(t->f, "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 1, \"args\": {\"name\": "
                "\"accel-sim cycle simulator\"}}");
  for (int i = 0; i < ntracks; i++) {
    fprintf(t->f, ",\n{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": %d, "
                  "\"args\": {\"name\": ", i);
    tr_str(t->f, names[i]);
    fprintf(t->f, "}}");
  }
  return 0;
}

void sim_trace_slice(sim_trace *t, int tid, const char *name, uint64_t start, uint64_t dur) {
  if (!t || !t->f) return;
  if (t->n >= t->max) {
    t->dropped++;
    return;
  }
  t->n++;
  fprintf(t->f, ",\n{\"name\": ");
  tr_str(t->f, name);
  fprintf(t->f, ", \"ph\": \"X\", \"pid\": 1, \"tid\": %d, \"ts\": %.6f, \"dur\": %.6f}", tid,
          (double)start * t->us_per_cycle, (double)dur * t->us_per_cycle);
}

int sim_trace_close(sim_trace *t, com_err *e) {
  if (!t || !t->f) return 0;
  fprintf(t->f, "\n], \"otherData\": {\"slices\": %" PRIu64 ", \"dropped_slices\": %" PRIu64
                "}}\n", t->n, t->dropped);
  int bad = ferror(t->f);
  bad |= fclose(t->f);
  t->f = NULL;
  return bad ? com_err_plain(e, COM_EFAIL, "writing the trace file failed") : 0;
}
