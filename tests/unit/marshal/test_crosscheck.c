/* test_crosscheck.c - libtpm2lite against libtss2-mu, an independent implementation of
 * the same encodings. For every structure and every union arm, 2000 seeded values:
 *   1. both libraries generate the value and marshal it: the bytes must be equal;
 *   2. libtss2 unmarshals our bytes to its generated value and re-marshals them
 *      unchanged, and we unmarshal those bytes back to our generated value;
 *   3. we unmarshal libtss2's bytes to our generated value and re-marshal them
 *      unchanged, and libtss2 unmarshals ours back to its generated value.
 * A field marshalled out of order, a wrong width or a missed union arm fails step 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crosscheck.h"

#define SEEDS 2000
#define BUF_CAP 65536

static const char *const type_names[XC_COUNT] = {
    "TPMT_PUBLIC",     "TPM2B_PUBLIC",         "TPMT_PUBLIC_PARMS",     "TPM2B_SENSITIVE_CREATE",
    "TPMT_SENSITIVE",  "TPM2B_SENSITIVE",      "TPML_PCR_SELECTION",    "TPMS_CAPABILITY_DATA",
    "TPMS_ATTEST",     "TPMT_SIGNATURE",       "TPMS_CONTEXT",          "TPM2B_CREATION_DATA",
    "TPM2B_NV_PUBLIC", "TPM2B_ECC_POINT",      "TPMT_SYM_DEF",
};

static const char *const obj_names[] = { "rsa", "ecc", "keyedhash", "symcipher" };
static const char *const cap_names[] = { "algs",           "handles",        "commands",
                                         "pp_commands",    "audit_commands", "pcrs",
                                         "tpm_properties", "pcr_properties", "ecc_curves",
                                         "auth_policies",  "act" };
static const char *const attest_names[] = { "certify",       "creation", "quote",
                                            "command_audit", "session_audit", "time",
                                            "nv",            "nv_digest" };
static const char *const sig_names[] = { "rsassa", "rsapss",    "ecdsa", "ecdaa",
                                         "sm2",    "ecschnorr", "hmac",  "null" };

const char *xc_type_name(int type) { return type_names[type]; }

unsigned xc_variants(int type)
{
    switch (type) {
    case XC_TPMT_PUBLIC:
    case XC_TPM2B_PUBLIC:
    case XC_TPMT_PUBLIC_PARMS:
    case XC_TPMT_SENSITIVE:
    case XC_TPM2B_SENSITIVE: return 4;
    case XC_TPMS_CAPABILITY_DATA: return 11;
    case XC_TPMS_ATTEST: return 8;
    case XC_TPMT_SIGNATURE: return 8;
    default: return 1;
    }
}

static const char *variant_name(int type, unsigned v)
{
    switch (type) {
    case XC_TPMT_PUBLIC:
    case XC_TPM2B_PUBLIC:
    case XC_TPMT_PUBLIC_PARMS:
    case XC_TPMT_SENSITIVE:
    case XC_TPM2B_SENSITIVE: return obj_names[v];
    case XC_TPMS_CAPABILITY_DATA: return cap_names[v];
    case XC_TPMS_ATTEST: return attest_names[v];
    case XC_TPMT_SIGNATURE: return sig_names[v];
    default: return "any";
    }
}

typedef struct {
    int type;
    unsigned variant;
} xc_case;

static xc_limits lim;
static uint8_t *ours, *tss, *again;

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

static void check(int rc, const char *step, const xc_case *c, uint64_t seed, const char *why)
{
    if (rc)
        fail_msg("%s/%s seed %llu: %s: %s (rc 0x%x)", type_names[c->type],
                 variant_name(c->type, c->variant), (unsigned long long)seed, step,
                 why ? why : "?", (unsigned)rc);
}

static void test_same_bytes_and_values_both_ways(void **state)
{
    const xc_case *c = *state;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        size_t n_ours = 0, n_tss = 0, n_again = 0;
        const char *why = NULL;
        int rc;

        rc = xc_ours_gen(c->type, c->variant, seed, &lim, ours, BUF_CAP, &n_ours, &why);
        check(rc, "our generate+marshal", c, seed, why);
        rc = xc_tss_gen(c->type, c->variant, seed, &lim, tss, BUF_CAP, &n_tss, &why);
        check(rc, "libtss2 generate+marshal", c, seed, why);
        if (n_ours != n_tss || memcmp(ours, tss, n_ours) != 0) {
            size_t i = 0;
            while (i < min_size(n_ours, n_tss) && ours[i] == tss[i])
                i++;
            fail_msg("%s/%s seed %llu: our bytes (%zu) differ from libtss2's (%zu) at offset %zu",
                     type_names[c->type], variant_name(c->type, c->variant),
                     (unsigned long long)seed, n_ours, n_tss, i);
        }

        /* ours -> libtss2 unmarshal/marshal -> same bytes -> ours unmarshal -> equal */
        rc = xc_tss_matches(c->type, c->variant, seed, &lim, ours, n_ours, &why);
        check(rc, "libtss2 reads our bytes as the generated value", c, seed, why);
        rc = xc_tss_reencode(c->type, ours, n_ours, again, BUF_CAP, &n_again, &why);
        check(rc, "libtss2 re-encodes our bytes", c, seed, why);
        assert_int_equal(n_again, n_ours);
        assert_memory_equal(again, ours, n_ours);
        rc = xc_ours_matches(c->type, c->variant, seed, &lim, again, n_again, &why);
        check(rc, "we read libtss2's re-encoding as the generated value", c, seed, why);

        /* libtss2 -> our unmarshal/marshal -> same bytes -> libtss2 unmarshal -> equal */
        rc = xc_ours_reencode(c->type, tss, n_tss, again, BUF_CAP, &n_again, &why);
        check(rc, "we re-encode libtss2's bytes", c, seed, why);
        assert_int_equal(n_again, n_tss);
        assert_memory_equal(again, tss, n_tss);
        rc = xc_tss_matches(c->type, c->variant, seed, &lim, again, n_again, &why);
        check(rc, "libtss2 reads our re-encoding as the generated value", c, seed, why);
    }
}

int main(void)
{
    xc_limits a, b;
    xc_ours_limits(&a);
    xc_tss_limits(&b);
    lim.data = min_size(a.data, b.data);
    lim.cc = min_size(a.cc, b.cc);
    lim.handles = min_size(a.handles, b.handles);
    lim.algs = min_size(a.algs, b.algs);
    lim.tpm_props = min_size(a.tpm_props, b.tpm_props);
    lim.pcr_props = min_size(a.pcr_props, b.pcr_props);
    lim.curves = min_size(a.curves, b.curves);
    lim.policies = min_size(a.policies, b.policies);
    lim.act = min_size(a.act, b.act);
    lim.alg_list = min_size(a.alg_list, b.alg_list);

    ours = malloc(BUF_CAP);
    tss = malloc(BUF_CAP);
    again = malloc(BUF_CAP);
    size_t n = 0;
    for (int t = 0; t < XC_COUNT; t++)
        n += xc_variants(t);
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    xc_case *cases = calloc(n, sizeof *cases);
    char (*names)[96] = calloc(n, sizeof *names);
    if (!ours || !tss || !again || !tests || !cases || !names)
        return 1;
    size_t k = 0;
    for (int t = 0; t < XC_COUNT; t++) {
        for (unsigned v = 0; v < xc_variants(t); v++, k++) {
            cases[k].type = t;
            cases[k].variant = v;
            snprintf(names[k], sizeof names[k], "%s_%s_same_bytes_and_values_both_ways",
                     type_names[t], variant_name(t, v));
            tests[k].name = names[k];
            tests[k].test_func = test_same_bytes_and_values_both_ways;
            tests[k].initial_state = &cases[k];
        }
    }
    int rc = _cmocka_run_group_tests("marshal_crosscheck", tests, n, NULL, NULL);
    free(tests);
    free(cases);
    free(names);
    free(ours);
    free(tss);
    free(again);
    return rc;
}
