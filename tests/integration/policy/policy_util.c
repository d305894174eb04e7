/* policy_util.c - helpers of the policy integration tests (policy_util.h). */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "src/command/exec.h"
#include "tests/integration/policy/policy_util.h"
#include "tpm2lite/marshal.h"

void start_session(TPM2_SE type, tpm2l_session *s)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = type;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    p.attrs = TPMA_SESSION_CONTINUESESSION;
    OK(tpm2l_session_start(&ctx, s, &p));
    assert_int_equal(s->type, type);
}

void end_session(tpm2l_session *s)
{
    OK(tpm2l_session_flush(&ctx, s));
}

tpm2l_policy_session ps(tpm2l_session *s)
{
    tpm2l_policy_session p = {.session = s, .handle = 0};
    return p;
}

void tpm_digest(tpm2l_session *s, TPM2B_DIGEST *d)
{
    tpm2l_PolicyGetDigest_in in = {.policySession = ps(s)};
    tpm2l_PolicyGetDigest_out out;
    OK(tpm2l_PolicyGetDigest(&ctx, &in, &out));
    *d = out.policyDigest;
}

void assert_digests_agree(tpm2l_session *s, const tpm2l_policy *want)
{
    TPM2B_DIGEST d;
    tpm_digest(s, &d);
    assert_int_equal(d.size, 32);
    assert_int_equal(want->digest.size, 32);
    assert_int_equal(s->policy_digest.size, 32);
    assert_memory_equal(d.buffer, want->digest.buffer, 32);
    assert_memory_equal(s->policy_digest.buffer, want->digest.buffer, 32);
}

tpm2l_policy calc(void)
{
    tpm2l_policy p;
    assert_int_equal(tpm2l_policy_init(&p, TPM2_ALG_SHA256), 0);
    return p;
}

TPML_PCR_SELECTION pcrs_0_1(void)
{
    TPML_PCR_SELECTION s = one_pcr(TPM2_ALG_SHA256, 0);
    s.pcrSelections[0].pcrSelect[0] |= 0x02;
    return s;
}

void read_pcrs(const TPML_PCR_SELECTION *sel, TPM2B_DIGEST *values, size_t n)
{
    static tpm2l_PCR_Read_in in;
    static tpm2l_PCR_Read_out out;
    in.pcrSelectionIn = *sel;
    OK(tpm2l_PCR_Read(&ctx, &in, &out));
    assert_int_equal(out.pcrValues.count, n);
    assert_memory_equal(&out.pcrSelectionOut, sel, sizeof *sel);
    for (size_t i = 0; i < n; i++)
        values[i] = out.pcrValues.digests[i];
}

void ext_key_load(ext_key *k, TPMI_RH_HIERARCHY hierarchy)
{
    static tpm2l_LoadExternal_in in;
    tpm2l_LoadExternal_out out;
    BIGNUM *n = NULL;

    memset(&in, 0, sizeof in);
    k->pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    assert_non_null(k->pkey);
    assert_int_equal(EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N, &n), 1);
    TPMT_PUBLIC *p = &in.inPublic.publicArea;
    p->type = TPM2_ALG_RSA;
    p->nameAlg = TPM2_ALG_SHA256;
    p->objectAttributes = TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_USERWITHAUTH;
    p->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
    p->parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
    p->parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
    p->parameters.rsaDetail.keyBits = 2048;
    p->unique.rsa.size = 256;
    assert_int_equal(BN_bn2binpad(n, p->unique.rsa.buffer, 256), 256);
    BN_free(n);
    in.hierarchy = hierarchy;
    OK(tpm2l_LoadExternal(&ctx, &in, &out));
    k->h = out.objectHandle;
}

void ext_key_unload(ext_key *k)
{
    flush(k->h.handle);
    EVP_PKEY_free(k->pkey);
    k->pkey = NULL;
}

void ext_key_sign(const ext_key *k, const TPM2B_DIGEST *d, TPMT_SIGNATURE *sig)
{
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(k->pkey, NULL);
    size_t len = 256;
    memset(sig, 0, sizeof *sig);
    assert_non_null(pc);
    assert_int_equal(EVP_PKEY_sign_init(pc), 1);
    assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING), 1);
    assert_int_equal(EVP_PKEY_CTX_set_signature_md(pc, EVP_sha256()), 1);
    sig->sigAlg = TPM2_ALG_RSASSA;
    sig->signature.rsassa.hash = TPM2_ALG_SHA256;
    assert_int_equal(EVP_PKEY_sign(pc, sig->signature.rsassa.sig.buffer, &len, d->buffer,
                                   d->size), 1);
    sig->signature.rsassa.sig.size = (uint16_t)len;
    EVP_PKEY_CTX_free(pc);
}

void assert_rc_text(TPM2_RC rc, const char *s)
{
    const char *t = tpm2l_rc_str(rc).s;
    if (!strstr(t, s))
        fail_msg("0x%x is \"%s\", which lacks \"%s\"", (unsigned)rc, t, s);
}
