/*
 * text — small string helpers: "did you mean" suggestions and path joining.
 * Pure and thread-safe.
 */
#ifndef COM_TEXT_H
#define COM_TEXT_H

#include <stddef.h>

/* Returns the candidate closest to word by edit distance when it is close enough to be a
 * plausible typo (one edit for words of up to 3 characters, else max(2, length/3)), else NULL. candidates ends with NULL. */
const char *com_suggest(const char *word, const char *const *candidates);
/* Writes into out (cap bytes) ", did you mean 'X'?" when a suggestion exists, else "". */
void com_suggest_phrase(const char *word, const char *const *candidates, char *out, size_t cap);
/* Resolves rel against the directory of base_file: an absolute rel is copied as is.
 * Returns 0, or -1 when the result does not fit in cap. */
int com_path_relative_to(const char *base_file, const char *rel, char *out, size_t cap);
/* Copies src into dst (cap bytes), always NUL-terminated; returns 0, or -1 if truncated. */
int com_strlcpy(char *dst, const char *src, size_t cap);

#endif
