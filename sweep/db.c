/* db — the sweep's SQLite results database; see db.h for the contract. */
#include "sweep/db.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct swp_db {
  sqlite3 *h;
  sqlite3_stmt *ins, *meta;
  const char *path;
};

static int db_fail(swp_db *db, const char *what, com_err *e) {
  com_err_at(e, (com_loc){db->path, 0, 0}, "%s: %s", what, sqlite3_errmsg(db->h));
  e->kind = COM_EFAIL;
  return -1;
}

static int exec(swp_db *db, const char *sql, com_err *e) {
  char *msg = NULL;
  if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
  com_err_at(e, (com_loc){db->path, 0, 0}, "database: %s", msg ? msg : sqlite3_errmsg(db->h));
  if (e) e->kind = COM_EFAIL;
  sqlite3_free(msg);
  return -1;
}

/* The meta value for key into out (cap bytes); 1 found, 0 absent, -1 error. */
static int meta_get(swp_db *db, const char *key, char *out, size_t cap) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int r = sqlite3_step(st), found = 0;
  if (r == SQLITE_ROW) {
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    found = 1;
  } else if (r != SQLITE_DONE) {
    found = -1;
  }
  sqlite3_finalize(st);
  return found;
}

static int meta_set(swp_db *db, const char *key, const char *value) {
  sqlite3_reset(db->meta);
  sqlite3_bind_text(db->meta, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(db->meta, 2, value, -1, SQLITE_TRANSIENT);
  return sqlite3_step(db->meta) == SQLITE_DONE ? 0 : -1;
}

static int create(swp_db *db, const swp_spec *s, com_err *e) {
  char sql[8192];
  int n = snprintf(sql, sizeof sql,
                   "CREATE TABLE points (point INTEGER NOT NULL, workload INTEGER NOT NULL, "
                   "workload_file TEXT, status TEXT NOT NULL, error TEXT, cycles INTEGER, "
                   "latency_s REAL, energy_pj REAL, area_um2 REAL, edp REAL, dram_bytes INTEGER, "
                   "utilization REAL, macs INTEGER");
  for (int i = 0; i < s->nparams; i++) n += snprintf(sql + n, sizeof sql - (size_t)n, ", \"p_%s\"", s->params[i].name);
  snprintf(sql + n, sizeof sql - (size_t)n, ", PRIMARY KEY (point, workload));");
  if (exec(db, "BEGIN; DROP TABLE IF EXISTS points; DROP TABLE IF EXISTS pareto; DROP TABLE IF EXISTS params; "
               "DELETE FROM meta;", e) ||
      exec(db, sql, e) ||
      exec(db, "CREATE TABLE pareto (metrics TEXT NOT NULL, workload INTEGER NOT NULL, point INTEGER NOT NULL, "
               "PRIMARY KEY (metrics, workload, point));"
               "CREATE TABLE params (idx INTEGER PRIMARY KEY, name TEXT, path TEXT);", e))
    return -1;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->h, "INSERT INTO params VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK) return db_fail(db, "database", e);
  for (int i = 0; i < s->nparams; i++) {
    sqlite3_reset(st);
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_text(st, 2, s->params[i].name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->params[i].path, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) { sqlite3_finalize(st); return db_fail(db, "database", e); }
  }
  sqlite3_finalize(st);
  char total[32];
  snprintf(total, sizeof total, "%llu", (unsigned long long)s->total);
  if (meta_set(db, "sweep_hash", s->hash) || meta_set(db, "sweep_file", s->doc->file) ||
      meta_set(db, "name", s->name) || meta_set(db, "total_points", total) ||
      meta_set(db, "next_point", "0") || meta_set(db, "complete", "0") || meta_set(db, "schema", "1"))
    return db_fail(db, "database", e);
  return exec(db, "COMMIT;", e);
}

int swp_db_open(const char *path, const swp_spec *s, bool fresh, swp_db **out, uint64_t *next,
                bool *complete, com_err *e) {
  swp_db *db = calloc(1, sizeof *db);
  if (!db) return com_err_oom(e);
  db->path = path;
  char hash[64] = "", buf[64] = "";
  if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    com_err_at(e, (com_loc){path, 0, 0}, "cannot open the results database: %s",
               db->h ? sqlite3_errmsg(db->h) : "out of memory");
    goto fail;
  }
  sqlite3_busy_timeout(db->h, 10000);
  if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
               "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);", e))
    goto fail;
  if (sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO meta VALUES (?, ?)", -1, &db->meta, NULL) != SQLITE_OK) {
    db_fail(db, "database", e);
    goto fail;
  }
  int have = meta_get(db, "sweep_hash", hash, sizeof hash);
  if (have < 0) { db_fail(db, "database", e); goto fail; }
  if (have && strcmp(hash, s->hash) != 0 && !fresh) {
    char file[512] = "?";
    meta_get(db, "sweep_file", file, sizeof file);
    com_err_at(e, (com_loc){path, 0, 0}, "the database holds results of another sweep (file %s, hash %s; this "
               "one is %s): rerun with --new to discard them, or use another --db", file, hash, s->hash);
    goto fail;
  }
  if (!have || fresh) {
    if (create(db, s, e)) goto fail;
  }
  *next = 0;
  *complete = false;
  if (meta_get(db, "next_point", buf, sizeof buf) == 1) *next = strtoull(buf, NULL, 10);
  if (meta_get(db, "complete", buf, sizeof buf) == 1) *complete = buf[0] == '1';
  char sql[4096];
  int n = snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO points VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?");
  for (int i = 0; i < s->nparams; i++) n += snprintf(sql + n, sizeof sql - (size_t)n, ",?");
  snprintf(sql + n, sizeof sql - (size_t)n, ")");
  if (sqlite3_prepare_v2(db->h, sql, -1, &db->ins, NULL) != SQLITE_OK) {
    db_fail(db, "the database does not match this sweep's parameters", e);
    goto fail;
  }
  *out = db;
  return 0;
fail:
  swp_db_close(db);
  return -1;
}

static int insert(swp_db *db, const swp_spec *s, uint64_t p, int w, const swp_val *v, const swp_metrics *m) {
  sqlite3_stmt *st = db->ins;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  sqlite3_bind_int64(st, 1, (sqlite3_int64)p);
  sqlite3_bind_int(st, 2, w);
  sqlite3_bind_text(st, 3, s->workloads[w].path, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, m->ok ? "ok" : "failed", -1, SQLITE_STATIC);
  if (!m->ok) sqlite3_bind_text(st, 5, m->error, -1, SQLITE_STATIC);
  if (m->ok) {
    sqlite3_bind_int64(st, 6, (sqlite3_int64)m->cycles);
    sqlite3_bind_double(st, 7, m->latency_s);
    sqlite3_bind_double(st, 8, m->energy_pj);
    sqlite3_bind_double(st, 9, m->area_um2);
    sqlite3_bind_double(st, 10, m->edp);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)m->dram_bytes);
    sqlite3_bind_double(st, 12, m->utilization);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)m->macs);
  }
  for (int i = 0; i < s->nparams; i++) {
    if (v[i].numeric && v[i].num == floor(v[i].num) && fabs(v[i].num) < 9e15)
      sqlite3_bind_int64(st, 14 + i, (sqlite3_int64)v[i].num);
    else if (v[i].numeric) sqlite3_bind_double(st, 14 + i, v[i].num);
    else sqlite3_bind_text(st, 14 + i, v[i].text, -1, SQLITE_STATIC);
  }
  return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

int swp_db_write_batch(swp_db *db, const swp_spec *s, uint64_t first, uint64_t count,
                       const bool *kept, const swp_val *vals, const swp_metrics *m, com_err *e) {
  if (exec(db, "BEGIN IMMEDIATE;", e)) return -1;
  for (uint64_t i = 0; i < count; i++) {
    if (!kept[i]) continue;
    for (int w = 0; w < s->nworkloads; w++)
      if (insert(db, s, first + i, w, vals + i * (uint64_t)s->nparams, &m[i * (uint64_t)s->nworkloads + (uint64_t)w])) {
        db_fail(db, "cannot write results", e);
        exec(db, "ROLLBACK;", NULL);
        return -1;
      }
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)(first + count));
  if (meta_set(db, "next_point", buf) || meta_set(db, "complete", first + count >= s->total ? "1" : "0")) {
    db_fail(db, "cannot write results", e);
    exec(db, "ROLLBACK;", NULL);
    return -1;
  }
  return exec(db, "COMMIT;", e);
}

void swp_db_close(swp_db *db) {
  if (!db) return;
  sqlite3_finalize(db->ins);
  sqlite3_finalize(db->meta);
  sqlite3_close(db->h);
  free(db);
}
