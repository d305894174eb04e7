/* secrets_util.c - the secrets tests' scanner, recording RNG and corrupting transport.
 * Test code: it prints what it finds, the library never does. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tests/integration/secrets/secrets_util.h"

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#endif
#endif
#ifndef VALGRIND_MAKE_MEM_DEFINED
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

static struct {
    const char *name;
    size_t len;
    uint8_t b[128];
} secrets[SECRETS_MAX];
static size_t n_secrets;

/* A residue shorter than the whole secret still leaks it (a cut-off memcpy, a
 * half-wiped buffer), so any 12-byte window counts: 96 bits never match by chance. */
#define WINDOW 12

void secret_add(const char *name, const void *p, size_t len)
{
    assert(len >= 8 && len <= sizeof secrets[0].b && n_secrets < SECRETS_MAX);
    secrets[n_secrets].name = name;
    secrets[n_secrets].len = len;
    memcpy(secrets[n_secrets].b, p, len);
    n_secrets++;
}

void secrets_clear(void)
{
    n_secrets = 0;
}

static const uint8_t *find(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    if (m > n)
        return NULL;
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

size_t secrets_scan(const char *region, const void *p, size_t len)
{
    /* Structs have padding and buffers the library never wrote: memcheck would flag
     * the compares. Scan a copy that memcheck is told is defined, so the library's own
     * memory keeps its real definedness for every other check. */
    static uint8_t scratch[65536];
    assert(len <= sizeof scratch);
    memcpy(scratch, p, len);
    VALGRIND_MAKE_MEM_DEFINED(scratch, len);
    const uint8_t *hay = scratch;
    size_t found = 0;
    for (size_t k = 0; k < n_secrets; k++) {
        size_t w = secrets[k].len < WINDOW ? secrets[k].len : WINDOW;
        for (size_t off = 0; off + w <= secrets[k].len; off++) {
            const uint8_t *at = find(hay, len, secrets[k].b + off, w);
            if (at) {
                fprintf(stderr, "secret \"%s\" (bytes %zu..%zu) found in %s at offset %zu\n",
                        secrets[k].name, off, off + w, region, (size_t)(at - hay));
                found++;
                break;
            }
        }
    }
    return found;
}

#define PROBE 32768
static uint8_t probe_copy[PROBE];

#ifndef NO_STACK_SCAN
__attribute__((noinline)) void stack_snapshot(void)
{
    volatile uint8_t frame[PROBE];
    /* valgrind would flag the reads below; the bytes are what we want to look at */
    VALGRIND_MAKE_MEM_DEFINED((void *)(uintptr_t)frame, sizeof frame);
    for (size_t i = 0; i < PROBE; i++)
        probe_copy[i] = frame[i];
}
#else
void stack_snapshot(void)
{
}
#endif

size_t stack_scan_count(const char *region)
{
    return secrets_scan(region, probe_copy, PROBE);
}

TPM2_RC rec_rng_fn(void *arg, uint8_t *out, size_t n)
{
    rec_rng *r = arg;
    for (size_t i = 0; i < n; i++) {
        /* xorshift64*: deterministic, and unlike a counter its output never repeats a
         * short pattern that could match a secret window by accident. */
        r->state ^= r->state >> 12;
        r->state ^= r->state << 25;
        r->state ^= r->state >> 27;
        out[i] = (uint8_t)((r->state * 0x2545F4914F6CDD1DULL) >> 56);
    }
    if (r->n < RNG_LOG_MAX) {
        r->draw[r->n].len = n;
        memcpy(r->draw[r->n].b, out, n < 64 ? n : 64);
        r->n++;
    }
    return TPM2_RC_SUCCESS;
}

static TPM2_RC c_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    corrupt_tcti *c = (corrupt_tcti *)t;
    return tpm2l_tcti_transmit(c->inner, cmd, len);
}

static TPM2_RC c_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    corrupt_tcti *c = (corrupt_tcti *)t;
    TPM2_RC rc = tpm2l_tcti_receive(c->inner, buf, cap, len);
    corrupt_mode m = c->mode;
    c->mode = CORRUPT_NONE;
    if (rc)
        return rc;
    if (m == CORRUPT_FLIP_LAST && *len > 10)
        buf[*len - 1] ^= 0x01;
    if (m == CORRUPT_FAIL_AFTER_READ) {
        *len = 0;
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_IO), "injected: read failed");
    }
    return TPM2_RC_SUCCESS;
}

static void c_close(tpm2l_tcti *t)
{
    (void)t; /* the inner transport is the test's to close */
}

static const struct tpm2l_tcti_ops corrupt_ops = {
    .name = "corrupt", .transmit = c_transmit, .receive = c_receive, .close = c_close,
};

void corrupt_tcti_init(corrupt_tcti *t, tpm2l_tcti *inner)
{
    memset(t, 0, sizeof *t);
    t->base.ops = &corrupt_ops;
    t->base.timeout_ms = inner->timeout_ms;
    t->inner = inner;
}
