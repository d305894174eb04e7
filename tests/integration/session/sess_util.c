/* sess_util.c - helpers for the session integration tests. */
#include <string.h>

#include "tests/integration/session/sess_util.h"

tpm2l_CreatePrimary_out rsa_key, ecc_key;

TPMT_SYM_DEF sym_aes(uint16_t bits)
{
    TPMT_SYM_DEF d;
    memset(&d, 0, sizeof d);
    d.algorithm = TPM2_ALG_AES;
    d.keyBits.aes = bits;
    d.mode.aes = TPM2_ALG_CFB;
    return d;
}

TPMT_SYM_DEF sym_xor(TPMI_ALG_HASH hash)
{
    TPMT_SYM_DEF d;
    memset(&d, 0, sizeof d);
    d.algorithm = TPM2_ALG_XOR;
    d.keyBits.exclusiveOr = hash;
    return d;
}

TPMT_SYM_DEF sym_null(void)
{
    TPMT_SYM_DEF d;
    memset(&d, 0, sizeof d);
    d.algorithm = TPM2_ALG_NULL;
    return d;
}

void start_session(tpm2l_session *s, TPM2_SE type, TPMI_ALG_HASH hash, TPMT_SYM_DEF sym,
                   const tpm2l_handle *salt_key, const tpm2l_auth_handle *bind,
                   TPMA_SESSION attrs)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = type;
    p.authHash = hash;
    p.symmetric = sym;
    p.tpmKey = salt_key;
    p.bind = bind;
    p.attrs = attrs;
    OK(tpm2l_session_start(&ctx, s, &p));
}

static size_t count_range(TPM2_HANDLE first)
{
    static tpm2l_GetCapability_in in;
    static tpm2l_GetCapability_out out;
    in.capability = TPM2_CAP_HANDLES;
    in.property = first;
    in.propertyCount = 64;
    OK(tpm2l_GetCapability(&ctx, &in, &out));
    size_t n = 0;
    for (uint32_t i = 0; i < out.capabilityData.data.handles.count; i++)
        if ((out.capabilityData.data.handles.handle[i] & TPM2_HR_RANGE_MASK) == first)
            n++;
    return n;
}

size_t count_loaded_sessions(void)
{
    return count_range(TPM2_HR_HMAC_SESSION) + count_range(TPM2_HR_POLICY_SESSION);
}

void assert_nothing_loaded(void)
{
    assert_int_equal(count_loaded_sessions(), 0);
    /* the salt keys are the only transients a test may leave */
    size_t keep = (rsa_key.objectHandle.handle != 0) + (ecc_key.objectHandle.handle != 0);
    assert_int_equal(count_range(TPM2_HR_TRANSIENT), keep);
}

void make_salt_keys(void)
{
    create_primary(TPM2_ALG_RSA, &rsa_key);
    create_primary(TPM2_ALG_ECC, &ecc_key);
}

void flush_salt_keys(void)
{
    flush(rsa_key.objectHandle.handle);
    flush(ecc_key.objectHandle.handle);
    memset(&rsa_key, 0, sizeof rsa_key);
    memset(&ecc_key, 0, sizeof ecc_key);
}

void owner_auth_reset(const char *old_auth)
{
    static tpm2l_HierarchyChangeAuth_in in;
    memset(&in, 0, sizeof in);
    in.authHandle = hierarchy(TPM2_RH_OWNER, old_auth);
    OK(tpm2l_HierarchyChangeAuth(&ctx, &in));
}

void flush_stray_objects(void)
{
    static tpm2l_GetCapability_in in;
    static tpm2l_GetCapability_out out;
    in.capability = TPM2_CAP_HANDLES;
    in.property = TPM2_HR_TRANSIENT;
    in.propertyCount = 64;
    if (tpm2l_GetCapability(&ctx, &in, &out))
        return;
    for (uint32_t i = 0; i < out.capabilityData.data.handles.count; i++) {
        TPM2_HANDLE h = out.capabilityData.data.handles.handle[i];
        if (h == rsa_key.objectHandle.handle || h == ecc_key.objectHandle.handle)
            continue;
        tpm2l_FlushContext_in fin = {h};
        (void)tpm2l_FlushContext(&ctx, &fin);
    }
}
