/* arena — bump allocator; see arena.h for the contract. */
#include "common/arena.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN ((size_t)16 * 1024)
#define ARENA_ALLOC_MAX ((size_t)1 << 30)

struct com_arena_block {
  com_arena_block *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

void *com_arena_alloc(com_arena *a, size_t n) {
  if (n > ARENA_ALLOC_MAX) return NULL;
  n = (n + 15) & ~(size_t)15;
  if (n == 0) n = 16;
  com_arena_block *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > ARENA_BLOCK_MIN ? n : ARENA_BLOCK_MIN;
    b = malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->used = 0;
    b->cap = cap;
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  memset(p, 0, n);
  return p;
}

char *com_arena_strndup(com_arena *a, const char *s, size_t n) {
  char *p = com_arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *com_arena_strdup(com_arena *a, const char *s) { return com_arena_strndup(a, s, strlen(s)); }

void com_arena_free(com_arena *a) {
  com_arena_block *b = a->head;
  while (b) {
    com_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}
