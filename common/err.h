/*
 * err — error values that carry a source location.
 *
 * Every function that can fail on user input returns 0 on success and -1 on failure after
 * filling a com_err. The message is complete and printable as is:
 *     FILE:LINE:COL: error: SENTENCE      (com_err_at, a YAML or expression location)
 *     FILE: error: SENTENCE               (com_err_file, a whole file: missing, unreadable)
 *     error: SENTENCE                     (com_err_plain, no file involved)
 * LINE and COL are 1-based. The kind decides the CLI exit status: COM_EINPUT (the user's input
 * is wrong: exit 2) or COM_EFAIL (the tool could not do it: exit 1).
 */
#ifndef COM_ERR_H
#define COM_ERR_H

#include <stddef.h>

#define COM_ERR_MAX 1024

enum { COM_EINPUT = 2, COM_EFAIL = 1 };

typedef struct com_loc {
  const char *file; /* not owned; NULL when unknown */
  int line;         /* 1-based; 0 when unknown */
  int col;          /* 1-based; 0 when unknown */
} com_loc;

typedef struct com_err {
  int kind; /* COM_EINPUT or COM_EFAIL; 0 when no error was set */
  char msg[COM_ERR_MAX];
} com_err;

#if defined(__GNUC__)
#define COM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define COM_PRINTF(a, b)
#endif

/* Sets an input error at loc (falls back to the file or plain form when loc is incomplete).
 * Returns -1 so callers can write `return com_err_at(...)`. e may be NULL. */
int com_err_at(com_err *e, com_loc loc, const char *fmt, ...) COM_PRINTF(3, 4);
/* Sets an input error about a whole file. Returns -1. */
int com_err_file(com_err *e, const char *file, const char *fmt, ...) COM_PRINTF(3, 4);
/* Sets an error with no location, of the given kind. Returns -1. */
int com_err_plain(com_err *e, int kind, const char *fmt, ...) COM_PRINTF(3, 4);
/* Sets "out of memory" (COM_EFAIL). Returns -1. */
int com_err_oom(com_err *e);

#endif
