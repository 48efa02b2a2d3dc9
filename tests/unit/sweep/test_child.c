/*
 * test_child — the forked-child runner of the cycle engine (sweep/child.h): a result comes back
 * intact; a child killed by a signal, one that exits without a result and one that runs past its
 * time limit are failures that say so (the time limit is 0.3 s against a 60 s sleep, so the
 * outcome does not depend on the machine's speed); two threads running children at the same time
 * each get their own results; the child's stdout does not reach the parent's.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "sweep/child.h"
#include "unit.h"

typedef struct res {
  uint64_t a, b;
  char text[64];
} res;

static void ok_fn(const void *arg, void *out, size_t size) {
  res *r = out;
  (void)size;
  r->a = *(const uint64_t *)arg;
  r->b = r->a * 3;
  printf("this line must not reach the test's stdout\n");
  fflush(stdout);
  snprintf(r->text, sizeof r->text, "pid %d", (int)getpid());
}

/* SIGKILL rather than SIGSEGV: a sanitizer build would catch a SEGV and exit with a status. */
static void crash_fn(const void *arg, void *out, size_t size) {
  (void)arg, (void)out, (void)size;
  raise(SIGKILL);
}

static void exit_fn(const void *arg, void *out, size_t size) {
  (void)arg, (void)out, (void)size;
  _exit(5);
}

static void sleep_fn(const void *arg, void *out, size_t size) {
  (void)arg, (void)out, (void)size;
  sleep(60);
}

static void *thread_main(void *arg) {
  uint64_t base = *(uint64_t *)arg, bad = 0;
  for (uint64_t i = 0; i < 20; i++) {
    uint64_t v = base + i;
    res r;
    char why[256];
    if (swp_child_run(ok_fn, &v, &r, sizeof r, 60, why, sizeof why) || r.a != v || r.b != 3 * v) bad++;
  }
  *(uint64_t *)arg = bad;
  return NULL;
}

int main(void) {
  char why[256];
  res r;
  uint64_t v = 14;
  fflush(stdout);
  int saved = dup(STDOUT_FILENO);
  FILE *cap = tmpfile();
  CHECK(saved >= 0 && cap && dup2(fileno(cap), STDOUT_FILENO) >= 0);
  int rc = swp_child_run(ok_fn, &v, &r, sizeof r, 60, why, sizeof why);
  fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  char seen[256] = {0};
  rewind(cap);
  size_t n = fread(seen, 1, sizeof seen - 1, cap);
  fclose(cap);
  CHECK(n == 0 && strstr(seen, "must not reach") == NULL);
  CHECK(rc == 0);
  CHECK_U64(r.a, 14);
  CHECK_U64(r.b, 42);
  CHECK(strncmp(r.text, "pid ", 4) == 0 && atoi(r.text + 4) != (int)getpid());

  CHECK(swp_child_run(crash_fn, NULL, &r, sizeof r, 60, why, sizeof why) == -1);
  CHECK(strstr(why, "killed by signal 9") != NULL);
  printf("crash: %s\n", why);

  CHECK(swp_child_run(exit_fn, NULL, &r, sizeof r, 60, why, sizeof why) == -1);
  CHECK(strstr(why, "exited with status 5 without a result") != NULL);

  CHECK(swp_child_run(sleep_fn, NULL, &r, sizeof r, 0.3, why, sizeof why) == -1);
  CHECK(strstr(why, "time limit of 0.3 s") != NULL);
  printf("timeout: %s\n", why);

  pthread_t t[2];
  uint64_t arg[2] = {1000, 2000};
  for (int i = 0; i < 2; i++) CHECK(pthread_create(&t[i], NULL, thread_main, &arg[i]) == 0);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  CHECK_U64(arg[0], 0);
  CHECK_U64(arg[1], 0);
  UNIT_DONE();
}
