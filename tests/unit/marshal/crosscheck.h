/* crosscheck.h - the whole interface between the two sides of the libtss2-mu
 * cross-check. Our types.h and tss2's headers define the same names, so each side is
 * its own translation unit (crosscheck_ours.c, crosscheck_tss.c) and they exchange only
 * bytes, seeds and the plain numbers below. */
#ifndef TPM2LITE_TEST_CROSSCHECK_H
#define TPM2LITE_TEST_CROSSCHECK_H

#include <stddef.h>
#include <stdint.h>

/* The structures compared; each has variants that force a union arm (see xc_variants). */
enum {
    XC_TPMT_PUBLIC,           /* variant: RSA, ECC, KEYEDHASH, SYMCIPHER */
    XC_TPM2B_PUBLIC,          /* same variants */
    XC_TPMT_PUBLIC_PARMS,     /* same variants */
    XC_TPM2B_SENSITIVE_CREATE,
    XC_TPMT_SENSITIVE,        /* variant: RSA, ECC, KEYEDHASH, SYMCIPHER */
    XC_TPM2B_SENSITIVE,       /* same variants */
    XC_TPML_PCR_SELECTION,
    XC_TPMS_CAPABILITY_DATA,  /* variant: TPM2_CAP_ALGS .. TPM2_CAP_ACT */
    XC_TPMS_ATTEST,           /* variant: the eight TPM2_ST_ATTEST_* types */
    XC_TPMT_SIGNATURE,        /* variant: every TPMI_ALG_SIG_SCHEME and NULL */
    XC_TPMS_CONTEXT,
    XC_TPM2B_CREATION_DATA,
    XC_TPM2B_NV_PUBLIC,
    XC_TPM2B_ECC_POINT,
    XC_TPMT_SYM_DEF,
    XC_COUNT
};

/* Caps on sizes and counts so generated values fit both libraries' arrays. */
typedef struct {
    size_t data, cc, handles, algs, tpm_props, pcr_props, curves, policies, act, alg_list;
} xc_limits;

const char *xc_type_name(int type);
unsigned xc_variants(int type);

/* Each side, S = ours or tss. All return 0 on success, nonzero with *why set.
 * gen: the seeded value (variant v, capped by lim) marshalled into out.
 * reencode: unmarshal in (all of it), marshal the result into out.
 * matches: unmarshal in and compare with the seeded value field by field (memcmp of
 *          zero-initialised structures): 0 if equal. */
void xc_ours_limits(xc_limits *lim);
int xc_ours_gen(int type, unsigned v, uint64_t seed, const xc_limits *lim, uint8_t *out,
                size_t cap, size_t *len, const char **why);
int xc_ours_reencode(int type, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                     size_t *outlen, const char **why);
int xc_ours_matches(int type, unsigned v, uint64_t seed, const xc_limits *lim,
                    const uint8_t *in, size_t len, const char **why);

void xc_tss_limits(xc_limits *lim);
int xc_tss_gen(int type, unsigned v, uint64_t seed, const xc_limits *lim, uint8_t *out,
               size_t cap, size_t *len, const char **why);
int xc_tss_reencode(int type, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
                    size_t *outlen, const char **why);
int xc_tss_matches(int type, unsigned v, uint64_t seed, const xc_limits *lim,
                   const uint8_t *in, size_t len, const char **why);

#endif
