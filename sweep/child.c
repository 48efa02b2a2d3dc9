/* child — a function in a forked child process, its result through a pipe (see child.h). */
#include "sweep/child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ch_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The child's side: quiet, only the pipe open, the result written, _exit. */
static void ch_child(int wfd, swp_child_fn fn, const void *arg, void *out, size_t size) {
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) {
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO && null != wfd) close(null);
  }
  /* descriptors of other workers' pipes would keep their EOF from coming */
  if (wfd > 3) close_range(3, (unsigned)wfd - 1, 0);
  close_range((unsigned)wfd + 1, ~0u, 0);
  memset(out, 0, size);
  fn(arg, out, size);
  const char *p = out;
  size_t left = size;
  while (left > 0) {
    ssize_t n = write(wfd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);
    p += n;
    left -= (size_t)n;
  }
  _exit(0);
}

/* Reads up to size bytes before the deadline; returns the bytes read, or -1 on timeout. */
static ssize_t ch_read(int fd, char *buf, size_t size, double deadline) {
  size_t got = 0;
  while (got < size) {
    double left = deadline - ch_now();
    if (left <= 0) return -1;
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, left > 3600 ? 3600000 : (int)(left * 1000) + 1);
    if (r < 0 && errno == EINTR) continue; /* Ctrl-C: the batch in flight finishes */
    if (r < 0) return (ssize_t)got;
    if (r == 0) continue;
    ssize_t n = read(fd, buf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break; /* EOF: the child is gone */
    got += (size_t)n;
  }
  return (ssize_t)got;
}

int swp_child_run(swp_child_fn fn, const void *arg, void *out, size_t size, double timeout_s, char *why,
                  size_t cap) {
  int fd[2];
  if (pipe2(fd, O_CLOEXEC)) {
    snprintf(why, cap, "could not create a pipe for the simulator process: %s", strerror(errno));
    return -1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(why, cap, "could not start the simulator process: %s", strerror(errno));
    close(fd[0]);
    close(fd[1]);
    return -1;
  }
  if (pid == 0) ch_child(fd[1], fn, arg, out, size);
  close(fd[1]);
  ssize_t got = ch_read(fd[0], out, size, ch_now() + timeout_s);
  close(fd[0]);
  if (got < 0) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (got < 0) {
    snprintf(why, cap, "the simulation exceeded its time limit of %g s (process killed)", timeout_s);
    return -1;
  }
  if ((size_t)got == size) return 0;
  if (WIFSIGNALED(status))
    snprintf(why, cap, "the simulator process was killed by signal %d (%s)", WTERMSIG(status),
             strsignal(WTERMSIG(status)));
  else
    snprintf(why, cap, "the simulator process exited with status %d without a result",
             WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return -1;
}
