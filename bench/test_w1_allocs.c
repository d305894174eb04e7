/* test_w1_allocs.c - counts heap allocations (ours and OpenSSL's: CRYPTO_malloc ends in
 * malloc) while workload W1 runs against a swtpm in another process, and asserts that
 * the command loops (encrypted GetRandom, PCR_Read, policy+Unseal) make none at all once
 * the context is warm. OpenSSL 3.0's EVP_DigestInit_ex2 would cost one per digest (it
 * frees and reallocates the provider's state on every init: bench/evp_floor.c), so this
 * also proves the per-command hashes run on the parked provider states of
 * src/crypto/pdigest.c; the EVP_DigestInit_ex2 calls are still counted and printed.
 *
 * Counting: in a plain build this executable defines malloc/calloc/realloc/free (and
 * friends) on top of glibc's __libc_* entry points, so every allocation in the process,
 * libcrypto's included, comes here. Under ASan the sanitizer owns malloc, so its
 * allocation hook counts instead. EVP_DigestInit_ex2 is wrapped here too (the library is
 * linked statically into this executable, so its calls bind to the wrapper, which calls
 * libcrypto's through dlsym(RTLD_NEXT)). swtpm runs in its own process (libtpms
 * in-process would count the simulator's allocations as ours).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dlfcn.h>
#include <openssl/evp.h>

#include "tests/helpers/sim.h"
#include "w1_core.h"

static volatile unsigned long n_allocs;

#ifdef W1_ASAN /* set by bench/meson.build when b_sanitize includes address */
/* From the sanitizer runtime (gcc ships no header for it). */
int __sanitizer_install_malloc_and_free_hooks(void (*m)(const volatile void *, size_t),
                                              void (*f)(const volatile void *));
static void on_malloc(const volatile void *p, size_t n)
{
    (void)p;
    (void)n;
    n_allocs++;
}
static void on_free(const volatile void *p)
{
    (void)p;
}
static void install_counter(void)
{
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}
#else
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
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
void free(void *p)
{
    __libc_free(p);
}
static void install_counter(void)
{
}
#endif

static unsigned long n_inits, n_init_allocs, init_depth;

typedef int init_fn(EVP_MD_CTX *, const EVP_MD *, const OSSL_PARAM *);

int EVP_DigestInit_ex2(EVP_MD_CTX *ctx, const EVP_MD *type, const OSSL_PARAM params[])
{
    static init_fn *real;
    if (!real) {
        void *p = dlsym(RTLD_NEXT, "EVP_DigestInit_ex2");
        if (!p)
            return 0; /* the library reports a crypto error; the test fails */
        memcpy(&real, &p, sizeof real); /* ISO C has no object-to-function cast */
    }
    unsigned long before = n_allocs;
    init_depth++;
    int ok = real(ctx, type, params);
    if (--init_depth == 0) {
        n_inits++;
        n_init_allocs += n_allocs - before;
    }
    return ok;
}

#define MAX_PHASES 16
static struct {
    const char *name;
    unsigned long allocs, inits, init_allocs;
} ph[MAX_PHASES];
static int n_ph;
static unsigned long last, last_inits, last_init_allocs;

static void mark(void *arg, const char *name)
{
    (void)arg;
    if (n_ph < MAX_PHASES) {
        ph[n_ph].name = name;
        ph[n_ph].allocs = n_allocs - last;
        ph[n_ph].inits = n_inits - last_inits;
        ph[n_ph++].init_allocs = n_init_allocs - last_init_allocs;
    }
    last = n_allocs;
    last_inits = n_inits;
    last_init_allocs = n_init_allocs;
}

static int phase(const char *name)
{
    for (int i = 0; i < n_ph; i++)
        if (ph[i].name && !strcmp(ph[i].name, name))
            return i;
    fail_msg("no phase %s", name);
    return 0;
}

static sim_t sim;
static tpm2l_tcti_any tcti;
static tpm2l_ctx ctx;

static int setup(void **state)
{
    (void)state;
    install_counter();
    if (sim_start(SIM_SWTPM_TCP, &sim)) {
        fprintf(stderr, "sim: %s\n", sim.err);
        return -1;
    }
    if (tpm2l_tcti_open(&tcti, sim.tcti))
        return -1;
    tpm2l_ctx_init(&ctx, &tcti.base);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&tcti.base);
    sim_stop(&sim);
    return 0;
}

/* Run W1 twice on one context: the first run warms what the context caches on first use
 * (method fetches, the parked contexts), the second is the steady state. */
static void w1_command_loops_make_no_heap_allocation(void **state)
{
    (void)state;
    static w1_opts o = {.n_rand = 20, .n_pcr = 20, .n_unseal = 5, .phase = mark};
    assert_int_equal(w1_run(&ctx, &o), 0);
    n_ph = 0;
    last = n_allocs;
    last_inits = n_inits;
    last_init_allocs = n_init_allocs;
    int st = w1_run(&ctx, &o);
    if (st)
        fail_msg("%s", o.err);
    for (int i = 0; i < n_ph; i++)
        printf("# allocs %-28s %lu (digest inits %lu, allocations outside them %lu)\n",
               ph[i].name, ph[i].allocs, ph[i].inits, ph[i].allocs - ph[i].init_allocs);
    static const char *const loops[] = {"(d) getrandom x n (enc)", "(e) pcr_read x n",
                                        "(f) unseal x n (policy)"};
    for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++) {
        int k = phase(loops[i]);
        if (ph[k].allocs)
            fail_msg("%s: %lu heap allocations (%lu inside EVP_DigestInit_ex2)", loops[i],
                     ph[k].allocs, ph[k].init_allocs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(w1_command_loops_make_no_heap_allocation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
