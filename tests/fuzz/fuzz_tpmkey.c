/* fuzz_tpmkey.c - TSS2 PRIVATE KEY files (keyfile.h): PEM armour, DER, the TPMKey
 * structure and the TPM2B_PUBLIC / TPM2B_PRIVATE inside, through tpm2l_tpmkey_read
 * as a user's key file goes in (PEM or DER told apart by the first byte), plus the
 * PEM decoder on its own with the SubjectPublicKeyInfo label and public-key PEM to
 * TPMT_PUBLIC (tpm2l_pubkey_from_pem: OpenSSL parses, our code converts).
 *
 * Beyond "no crash": a key that reads must write again as DER and as PEM, and both
 * must read back; writing into one byte too few must fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/keyfile.h"

static void bug(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_tpmkey: %s: %s\n", what, why);
    abort();
}

/* memmem is a GNU extension; this build is C11 + POSIX. */
static int contains(const uint8_t *p, size_t n, const char *pat, size_t m)
{
    for (size_t i = 0; m <= n && i <= n - m; i++)
        if (p[i] == (uint8_t)pat[0] && !memcmp(p + i, pat, m))
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tpm2l_tpmkey *k = malloc(sizeof *k), *k2 = malloc(sizeof *k2);
    /* The scratch is exactly as large as the documented bound (3/4 of the input). */
    size_t cap = size * 3 / 4 + 1;
    uint8_t *scratch = malloc(cap);
    size_t out_cap = 64 * 1024;
    uint8_t *out = malloc(out_cap);
    if (!k || !k2 || !scratch || !out)
        goto out;

    size_t der_len = 0;
    (void)tpm2l_pem_decode((const char *)data, size, "PUBLIC KEY", scratch, cap, &der_len);
    TPMT_PUBLIC pub;
    memset(&pub, 0, sizeof pub);
    pub.nameAlg = TPM2_ALG_SHA256;
    /* OpenSSL's decoder costs a millisecond per call: only where a key could be. */
    static const char spki[] = "-----BEGIN PUBLIC KEY-----";
    if (contains(data, size, spki, sizeof spki - 1) &&
        tpm2l_pubkey_from_pem(NULL, (const char *)data, size, &pub) == TPM2_RC_SUCCESS) {
        /* What it converted must convert back: the key is a valid public key. */
        char *pem = malloc(8192);
        size_t pem_len;
        if (pem && tpm2l_pubkey_to_pem(NULL, &pub, pem, 8192, &pem_len))
            bug("a public key that read does not write", "");
        free(pem);
    }

    if (tpm2l_tpmkey_read(data, size, scratch, cap, k))
        goto out;
    size_t len = 0;
    if (tpm2l_tpmkey_to_der(k, out, out_cap, &len))
        bug("a key that read does not write as DER", "");
    if (tpm2l_tpmkey_from_der(out, len, k2))
        bug("our DER does not read", k2->why);
    if (k2->type != k->type || k2->parent != k->parent || k2->pub.size != k->pub.size ||
        k2->priv.size != k->priv.size || k2->policy_count != k->policy_count ||
        k2->auth_policy_count != k->auth_policy_count || k2->emptyAuth != k->emptyAuth ||
        memcmp(k2->priv.buffer, k->priv.buffer, k->priv.size))
        bug("DER round trip changed the key", "");
    uint8_t *tight = malloc(len - 1);
    if (tight && tpm2l_tpmkey_to_der(k, tight, len - 1, &len) == TPM2_RC_SUCCESS)
        bug("DER written into a buffer too small", "");
    free(tight);
    if (tpm2l_tpmkey_to_pem(k, (char *)out, out_cap, &len))
        bug("a key that read does not write as PEM", "");
    uint8_t *pem_scratch = malloc(len);
    if (pem_scratch && tpm2l_tpmkey_read(out, len, pem_scratch, len, k2))
        bug("our PEM does not read", k2->why);
    free(pem_scratch);
out:
    free(k);
    free(k2);
    free(scratch);
    free(out);
    return 0;
}
