/* test_w1_allocs.c - counts heap allocations (ours and OpenSSL's: CRYPTO_malloc ends in
 * malloc) while workload W1 runs against a swtpm in another process, and asserts the
 * per-phase counts of the command loops: none in PCR_Read, and for the session
 * commands no more than the floor OpenSSL 3.0's EVP init calls impose (see below).
 *
 * Counting: in a plain build this executable defines malloc/calloc/realloc/free (and
 * friends) on top of glibc's __libc_* entry points, so every allocation in the process,
 * libcrypto's included, comes here. Under ASan the sanitizer owns malloc, so its
 * allocation hook counts instead. swtpm runs in its own process (libtpms in-process
 * would count the simulator's allocations as ours).
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

#define MAX_PHASES 16
static const char *ph_name[MAX_PHASES];
static unsigned long ph_allocs[MAX_PHASES];
static int n_ph;
static unsigned long last;

static void mark(void *arg, const char *name)
{
    (void)arg;
    unsigned long now = n_allocs;
    if (n_ph < MAX_PHASES) {
        ph_name[n_ph] = name;
        ph_allocs[n_ph++] = now - last;
    }
    last = n_allocs;
}

static unsigned long allocs_in(const char *name)
{
    for (int i = 0; i < n_ph; i++)
        if (ph_name[i] && !strcmp(ph_name[i], name))
            return ph_allocs[i];
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

/* The measured floor with OpenSSL 3.0's EVP API (bench/RESULTS.md explains it): every
 * EVP_DigestInit allocates the provider's digest state (1 allocation per hash, even on a
 * reused EVP_MD_CTX; 3.0 has no way to re-initialise it in place), an HMAC is two
 * digests (hmac.c), and AES-CFB on the cached cipher context allocates nothing.
 * An encrypted GetRandom = cpHash + rpHash (1 each) + command HMAC, response HMAC and
 * one KDFa block (2 each) = 8. A policy Unseal round (StartAuthSession, PolicyPCR,
 * PolicyPassword, Unseal with the password in clear) = 3 hashes. PCR_Read: nothing. */
#define ALLOCS_PER_ENC_GETRANDOM 8
#define ALLOCS_PER_UNSEAL_ROUND 3

/* Run W1 twice on one context: the first run warms what the context caches on first use
 * (method fetches, the parked contexts), the second is the steady state. */
static void w1_command_loops_allocate_at_most_the_evp_floor(void **state)
{
    (void)state;
    static w1_opts o = {.n_rand = 20, .n_pcr = 20, .n_unseal = 5, .phase = mark};
    assert_int_equal(w1_run(&ctx, &o), 0);
    n_ph = 0;
    last = n_allocs;
    int st = w1_run(&ctx, &o);
    if (st)
        fail_msg("%s", o.err);
    for (int i = 0; i < n_ph; i++)
        printf("# allocs %-28s %lu\n", ph_name[i], ph_allocs[i]);
    assert_int_equal(allocs_in("(e) pcr_read x n"), 0);
    assert_in_range(allocs_in("(d) getrandom x n (enc)"), 0,
                    (unsigned long)o.n_rand * ALLOCS_PER_ENC_GETRANDOM);
    assert_in_range(allocs_in("(f) unseal x n (policy)"), 0,
                    (unsigned long)o.n_unseal * ALLOCS_PER_UNSEAL_ROUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(w1_command_loops_allocate_at_most_the_evp_floor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
