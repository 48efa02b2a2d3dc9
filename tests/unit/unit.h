/*
 * unit — the minimal test harness of the unit tests: CHECK macros that count and report
 * failures with file:line, and UNIT_DONE() that prints the closing line CTest logs show
 * ("N passed, N failed") and returns the exit status. Each test_*.c is one executable.
 */
#ifndef UNIT_H
#define UNIT_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (cond) unit_passed++;                                                        \
    else {                                                                          \
      unit_failed++;                                                                \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);      \
    }                                                                               \
  } while (0)

#define CHECK_U64(a, b)                                                             \
  do {                                                                              \
    uint64_t unit_a = (uint64_t)(a), unit_b = (uint64_t)(b);                        \
    if (unit_a == unit_b) unit_passed++;                                            \
    else {                                                                          \
      unit_failed++;                                                                \
      fprintf(stderr, "%s:%d: %s == %" PRIu64 ", expected %" PRIu64 "\n", __FILE__, \
              __LINE__, #a, unit_a, unit_b);                                        \
    }                                                                               \
  } while (0)

#define CHECK_STR(a, b)                                                             \
  do {                                                                              \
    const char *unit_a = (a), *unit_b = (b);                                        \
    if (unit_a && unit_b && strcmp(unit_a, unit_b) == 0) unit_passed++;             \
    else {                                                                          \
      unit_failed++;                                                                \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
              #a, unit_a ? unit_a : "(null)", unit_b ? unit_b : "(null)");          \
    }                                                                               \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                       \
  do {                                                                              \
    double unit_a = (a), unit_b = (b);                                              \
    if (fabs(unit_a - unit_b) <= (tol)) unit_passed++;                              \
    else {                                                                          \
      unit_failed++;                                                                \
      fprintf(stderr, "%s:%d: %s == %.17g, expected %.17g\n", __FILE__, __LINE__,   \
              #a, unit_a, unit_b);                                                  \
    }                                                                               \
  } while (0)

#define UNIT_DONE()                                                                 \
  do {                                                                              \
    printf("%d passed, %d failed\n", unit_passed, unit_failed);                     \
    return unit_failed ? 1 : 0;                                                     \
  } while (0)

#endif
