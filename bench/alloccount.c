/* alloccount.c - LD_PRELOAD heap-allocation counter for bench/run.sh: counts every
 * malloc/calloc/realloc (and posix_memalign/aligned_alloc) of a whole process and writes
 * the total to the file named by $ALLOCCOUNT_OUT at exit. Used the same way on both
 * W1 programs, so the totals compare; never linked into the library.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long n_allocs;

void *malloc(size_t n)
{
    n_allocs++;
    return __libc_malloc(n);
}
void *calloc(size_t a, size_t b)
{
    n_allocs++;
    return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n)
{
    n_allocs++;
    return __libc_realloc(p, n);
}
int posix_memalign(void **p, size_t al, size_t n)
{
    n_allocs++;
    *p = __libc_memalign(al, n);
    return *p ? 0 : 12;
}
void *aligned_alloc(size_t al, size_t n)
{
    n_allocs++;
    return __libc_memalign(al, n);
}

__attribute__((destructor)) static void report(void)
{
    const char *f = getenv("ALLOCCOUNT_OUT");
    FILE *o = f ? fopen(f, "w") : NULL;
    if (o) {
        fprintf(o, "%lu\n", n_allocs);
        fclose(o);
    }
}
