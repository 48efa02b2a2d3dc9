/* text — suggestions and paths; see text.h for the contract. */
#include "common/text.h"

#include <stdio.h>
#include <string.h>

/* Levenshtein distance, capped: words longer than 63 characters never match. */
static size_t text_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63) return (size_t)-1;
  size_t row[64];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = diag + cost;
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

const char *com_suggest(const char *word, const char *const *candidates) {
  /* Short words tolerate one edit, longer ones a third of their length; a suggestion must
   * keep at least one character of the word ("b" does not suggest "a"). */
  size_t len = strlen(word);
  size_t limit = len <= 3 ? 1 : (len / 3 > 2 ? len / 3 : 2);
  if (limit >= len) return NULL;
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; candidates[i]; i++) {
    size_t d = text_distance(word, candidates[i]);
    if (d < best_d) { best_d = d; best = candidates[i]; }
  }
  return best_d <= limit ? best : NULL;
}

void com_suggest_phrase(const char *word, const char *const *candidates, char *out, size_t cap) {
  const char *s = com_suggest(word, candidates);
  if (s) snprintf(out, cap, ", did you mean '%s'?", s);
  else if (cap) out[0] = '\0';
}

int com_path_relative_to(const char *base_file, const char *rel, char *out, size_t cap) {
  if (rel[0] == '/' || !strchr(base_file, '/')) return com_strlcpy(out, rel, cap);
  size_t dir_len = (size_t)(strrchr(base_file, '/') - base_file);
  int n = snprintf(out, cap, "%.*s/%s", (int)dir_len, base_file, rel);
  return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

int com_strlcpy(char *dst, const char *src, size_t cap) {
  if (cap == 0) return -1;
  size_t n = strlen(src);
  if (n >= cap) {
    memcpy(dst, src, cap - 1);
    dst[cap - 1] = '\0';
    return -1;
  }
  memcpy(dst, src, n + 1);
  return 0;
}
