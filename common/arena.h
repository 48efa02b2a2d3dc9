/*
 * arena — a bump allocator for data that lives and dies together (a parsed YAML document,
 * an IR). Allocations are 16-byte aligned and zeroed; there is no per-object free.
 * Not thread-safe: one arena belongs to one owner.
 */
#ifndef COM_ARENA_H
#define COM_ARENA_H

#include <stddef.h>

typedef struct com_arena_block com_arena_block;
typedef struct com_arena {
  com_arena_block *head;
} com_arena;

/* Returns n zeroed bytes, or NULL when memory is exhausted or n is absurd (> 1 GiB). */
void *com_arena_alloc(com_arena *a, size_t n);
/* Returns a copy of the first n bytes of s, NUL-terminated, or NULL on exhaustion. */
char *com_arena_strndup(com_arena *a, const char *s, size_t n);
/* Returns a copy of the NUL-terminated s, or NULL on exhaustion. */
char *com_arena_strdup(com_arena *a, const char *s);
/* Frees every block; the arena is empty and reusable afterwards. */
void com_arena_free(com_arena *a);

#endif
