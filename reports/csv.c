/* csv — CSV fields and the run report's CSV table; see csv.h and html_run.h. */
#include "reports/csv.h"

#include <math.h>
#include <string.h>

#include "reports/html_run.h"

void rep_csv_field(FILE *f, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

void rep_csv_num(FILE *f, double v) {
  if (isfinite(v)) fprintf(f, "%.17g", v);
}

void rep_csv_run(FILE *f, const rep_run_doc *d) {
  fputs("op,kind,fused,cycles,latency_s,energy_pj,macs,dram_bytes,utilization,compute_cycles,fill_drain_cycles,"
        "compute_energy_pj,read_energy_pj,write_energy_pj,intensity_mac_per_byte,throughput_mac_per_cycle\n", f);
  for (int i = 0; i < d->nops; i++) {
    const rep_doc_op *o = &d->ops[i];
    double rd = 0, wr = 0;
    for (int k = 0; k < o->nlevels; k++) rd += o->levels[k].read_pj, wr += o->levels[k].write_pj; /* NaN: fused */
    rep_csv_field(f, o->name);
    fputc(',', f);
    rep_csv_field(f, o->kind);
    fputs(o->fused ? ",true" : ",false", f);
    const double v[] = {o->cycles, o->latency_s, o->energy_pj, o->macs, o->dram_bytes, o->utilization,
                        o->compute_cycles, o->fill_drain_cycles, o->compute_energy_pj, rd, wr,
                        o->dram_bytes > 0 ? o->macs / o->dram_bytes : NAN, o->cycles > 0 ? o->macs / o->cycles : NAN};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
      fputc(',', f);
      rep_csv_num(f, v[k]);
    }
    fputc('\n', f);
  }
}
