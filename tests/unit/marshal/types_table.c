/* types_table.c - the rows of types_table.h: wrappers from void * to each type's
 * generator and marshal functions. Macros here only adapt signatures; every field list
 * lives in the library (marshal) or gen*.inc (values). */
#include <stdlib.h>

#include "types_table.h"
#include "gen.inc"
#include "gen_ours.inc"

static uint8_t scratch[1 << 17];

/* Marshalled length of an inner structure: what a nested TPM2B's size must be. */
static uint16_t inner_len(void (*mar)(tpm2l_wcur *, const void *), const void *v)
{
    tpm2l_wcur w;
    size_t n = 0;
    tpm2l_wcur_init(&w, scratch, sizeof scratch);
    mar(&w, v);
    if (tpm2l_wcur_finish(&w, &n))
        abort();
    return (uint16_t)n;
}

#define WRAP_MU(T)                                                                           \
    static void m_##T(tpm2l_wcur *w, const void *v) { tpm2l_marshal_##T(w, (const T *)v); } \
    static void u_##T(tpm2l_rcur *r, void *v) { tpm2l_unmarshal_##T(r, (T *)v); }
#define WRAP(T)                                                                              \
    WRAP_MU(T)                                                                               \
    static void g_##T(uint64_t seed, void *v)                                                \
    {                                                                                        \
        gen_rng g;                                                                           \
        gen_init(&g, seed);                                                                  \
        gen_##T(&g, (T *)v);                                                                 \
    }
/* A TPM2B alias generated as its base type. */
#define WRAP_AS(T, BASE)                                                                     \
    WRAP_MU(T)                                                                               \
    static void g_##T(uint64_t seed, void *v)                                                \
    {                                                                                        \
        gen_rng g;                                                                           \
        gen_init(&g, seed);                                                                  \
        gen_##BASE(&g, (BASE *)v);                                                           \
    }
/* A capability list, generated through its TPMU_CAPABILITIES arm. */
#define WRAP_CAP(T, CAP, ARM)                                                                \
    WRAP_MU(T)                                                                               \
    static void g_##T(uint64_t seed, void *v)                                                \
    {                                                                                        \
        gen_rng g;                                                                           \
        TPMU_CAPABILITIES *u = calloc(1, sizeof *u);                                         \
        if (!u)                                                                              \
            abort();                                                                         \
        gen_init(&g, seed);                                                                  \
        gen_TPMU_CAPABILITIES(&g, CAP, u);                                                   \
        memcpy(v, &u->ARM, sizeof(T));                                                       \
        free(u);                                                                             \
    }
/* A nested TPM2B: the inner structure, then the size the encoding will carry. */
#define WRAP_NESTED(T, INNER, FIELD)                                                         \
    WRAP_MU(T)                                                                               \
    static void g_##T(uint64_t seed, void *v)                                                \
    {                                                                                        \
        gen_rng g;                                                                           \
        T *t = v;                                                                            \
        gen_init(&g, seed);                                                                  \
        gen_##INNER(&g, &t->FIELD);                                                          \
        t->size = inner_len(m_##INNER, &t->FIELD);                                           \
    }


WRAP(TPM2B_DIGEST)
WRAP_AS(TPM2B_NONCE, TPM2B_DIGEST)
WRAP_AS(TPM2B_AUTH, TPM2B_DIGEST)
WRAP_AS(TPM2B_OPERAND, TPM2B_DIGEST)
WRAP(TPM2B_DATA)
WRAP(TPM2B_EVENT)
WRAP(TPM2B_MAX_BUFFER)
WRAP(TPM2B_MAX_NV_BUFFER)
WRAP(TPM2B_TIMEOUT)
WRAP(TPM2B_IV)
WRAP(TPM2B_NAME)
WRAP(TPM2B_ATTEST)
WRAP(TPM2B_SYM_KEY)
WRAP(TPM2B_LABEL)
WRAP(TPM2B_DERIVE)
WRAP(TPM2B_SENSITIVE_DATA)
WRAP(TPM2B_PUBLIC_KEY_RSA)
WRAP(TPM2B_PRIVATE_KEY_RSA)
WRAP(TPM2B_ECC_PARAMETER)
WRAP(TPM2B_ENCRYPTED_SECRET)
WRAP(TPM2B_TEMPLATE)
WRAP(TPM2B_PRIVATE_VENDOR_SPECIFIC)
WRAP(TPM2B_PRIVATE)
WRAP(TPM2B_ID_OBJECT)
WRAP(TPM2B_CONTEXT_SENSITIVE)
WRAP(TPM2B_CONTEXT_DATA)
WRAP(TPMS_EMPTY)
WRAP(TPMT_HA)
WRAP(TPMT_TK_CREATION)
WRAP(TPMT_TK_VERIFIED)
WRAP(TPMT_TK_AUTH)
WRAP(TPMT_TK_HASHCHECK)
WRAP(TPMS_CLOCK_INFO)
WRAP(TPMS_TIME_INFO)
WRAP(TPMS_TIME_ATTEST_INFO)
WRAP(TPMS_AUTH_COMMAND)
WRAP(TPMS_AUTH_RESPONSE)
WRAP(TPML_DIGEST)
WRAP(TPML_DIGEST_VALUES)
WRAP(TPMS_DERIVE)
WRAP(TPMS_ID_OBJECT)
WRAP(TPMS_NV_PIN_COUNTER_PARAMETERS)
WRAP(TPMS_PCR_SELECT)
WRAP(TPMS_PCR_SELECTION)
WRAP(TPML_PCR_SELECTION)
WRAP(TPMS_TAGGED_PCR_SELECT)
WRAP(TPMS_ALG_PROPERTY)
WRAP(TPMS_TAGGED_PROPERTY)
WRAP(TPMS_TAGGED_POLICY)
WRAP(TPMS_ACT_DATA)
WRAP_CAP(TPML_CC, TPM2_CAP_PP_COMMANDS, ppCommands)
WRAP_CAP(TPML_CCA, TPM2_CAP_COMMANDS, command)
WRAP(TPML_ALG)
WRAP_CAP(TPML_HANDLE, TPM2_CAP_HANDLES, handles)
WRAP_CAP(TPML_ALG_PROPERTY, TPM2_CAP_ALGS, algorithms)
WRAP_CAP(TPML_TAGGED_TPM_PROPERTY, TPM2_CAP_TPM_PROPERTIES, tpmProperties)
WRAP_CAP(TPML_TAGGED_PCR_PROPERTY, TPM2_CAP_PCR_PROPERTIES, pcrProperties)
WRAP_CAP(TPML_ECC_CURVE, TPM2_CAP_ECC_CURVES, eccCurves)
WRAP_CAP(TPML_TAGGED_POLICY, TPM2_CAP_AUTH_POLICIES, authPolicies)
WRAP_CAP(TPML_ACT_DATA, TPM2_CAP_ACT, actData)
WRAP(TPMS_CAPABILITY_DATA)
WRAP(TPMT_SYM_DEF)
WRAP(TPMT_SYM_DEF_OBJECT)
WRAP(TPMS_SYMCIPHER_PARMS)
WRAP(TPMS_SCHEME_HASH)
WRAP(TPMS_SCHEME_ECDAA)
WRAP(TPMS_SCHEME_XOR)
WRAP(TPMT_KEYEDHASH_SCHEME)
WRAP(TPMT_SIG_SCHEME)
WRAP(TPMT_KDF_SCHEME)
WRAP(TPMT_ASYM_SCHEME)
WRAP(TPMT_RSA_SCHEME)
WRAP(TPMT_RSA_DECRYPT)
WRAP(TPMT_ECC_SCHEME)
WRAP(TPMS_SIGNATURE_RSA)
WRAP(TPMS_SIGNATURE_ECC)
WRAP(TPMT_SIGNATURE)
WRAP(TPMS_ECC_POINT)
WRAP_NESTED(TPM2B_ECC_POINT, TPMS_ECC_POINT, point)
WRAP(TPMS_ALGORITHM_DETAIL_ECC)
WRAP(TPMS_KEYEDHASH_PARMS)
WRAP(TPMS_ASYM_PARMS)
WRAP(TPMS_RSA_PARMS)
WRAP(TPMS_ECC_PARMS)
WRAP(TPMT_PUBLIC_PARMS)
WRAP(TPMT_PUBLIC)
WRAP_NESTED(TPM2B_PUBLIC, TPMT_PUBLIC, publicArea)
WRAP(TPMS_SENSITIVE_CREATE)
WRAP_NESTED(TPM2B_SENSITIVE_CREATE, TPMS_SENSITIVE_CREATE, sensitive)
WRAP(TPMT_SENSITIVE)
WRAP_NESTED(TPM2B_SENSITIVE, TPMT_SENSITIVE, sensitiveArea)
WRAP(TPMS_CERTIFY_INFO)
WRAP(TPMS_QUOTE_INFO)
WRAP(TPMS_COMMAND_AUDIT_INFO)
WRAP(TPMS_SESSION_AUDIT_INFO)
WRAP(TPMS_CREATION_INFO)
WRAP(TPMS_NV_CERTIFY_INFO)
WRAP(TPMS_NV_DIGEST_CERTIFY_INFO)
WRAP(TPMS_ATTEST)
WRAP(TPMS_CREATION_DATA)
WRAP_NESTED(TPM2B_CREATION_DATA, TPMS_CREATION_DATA, creationData)
WRAP(TPMS_NV_PUBLIC)
WRAP_NESTED(TPM2B_NV_PUBLIC, TPMS_NV_PUBLIC, nvPublic)
WRAP(TPMS_CONTEXT_DATA)
WRAP(TPMS_CONTEXT)

#define ROW(T) { #T, ROW_PLAIN, sizeof(T), g_##T, m_##T, u_##T }
#define ROWB(T) { #T, ROW_BYTES, sizeof(T), g_##T, m_##T, u_##T }
#define ROWN(T) { #T, ROW_NESTED, sizeof(T), g_##T, m_##T, u_##T }

const type_row type_rows[] = {
    ROWB(TPM2B_DIGEST), ROWB(TPM2B_NONCE), ROWB(TPM2B_AUTH), ROWB(TPM2B_OPERAND),
    ROWB(TPM2B_DATA), ROWB(TPM2B_EVENT), ROWB(TPM2B_MAX_BUFFER), ROWB(TPM2B_MAX_NV_BUFFER),
    ROWB(TPM2B_TIMEOUT), ROWB(TPM2B_IV), ROWB(TPM2B_NAME), ROWB(TPM2B_ATTEST),
    ROWB(TPM2B_SYM_KEY), ROWB(TPM2B_LABEL), ROWB(TPM2B_DERIVE), ROWB(TPM2B_SENSITIVE_DATA),
    ROWB(TPM2B_PUBLIC_KEY_RSA), ROWB(TPM2B_PRIVATE_KEY_RSA), ROWB(TPM2B_ECC_PARAMETER),
    ROWB(TPM2B_ENCRYPTED_SECRET), ROWB(TPM2B_TEMPLATE), ROWB(TPM2B_PRIVATE_VENDOR_SPECIFIC),
    ROWB(TPM2B_PRIVATE), ROWB(TPM2B_ID_OBJECT), ROWB(TPM2B_CONTEXT_SENSITIVE),
    ROWB(TPM2B_CONTEXT_DATA),
    ROW(TPMS_EMPTY), ROW(TPMT_HA), ROW(TPMT_TK_CREATION), ROW(TPMT_TK_VERIFIED),
    ROW(TPMT_TK_AUTH), ROW(TPMT_TK_HASHCHECK), ROW(TPMS_CLOCK_INFO), ROW(TPMS_TIME_INFO),
    ROW(TPMS_TIME_ATTEST_INFO), ROW(TPMS_AUTH_COMMAND), ROW(TPMS_AUTH_RESPONSE),
    ROW(TPML_DIGEST), ROW(TPML_DIGEST_VALUES), ROW(TPMS_DERIVE), ROW(TPMS_ID_OBJECT),
    ROW(TPMS_NV_PIN_COUNTER_PARAMETERS),
    ROW(TPMS_PCR_SELECT), ROW(TPMS_PCR_SELECTION), ROW(TPML_PCR_SELECTION),
    ROW(TPMS_TAGGED_PCR_SELECT),
    ROW(TPMS_ALG_PROPERTY), ROW(TPMS_TAGGED_PROPERTY), ROW(TPMS_TAGGED_POLICY),
    ROW(TPMS_ACT_DATA), ROW(TPML_CC), ROW(TPML_CCA), ROW(TPML_ALG), ROW(TPML_HANDLE),
    ROW(TPML_ALG_PROPERTY), ROW(TPML_TAGGED_TPM_PROPERTY), ROW(TPML_TAGGED_PCR_PROPERTY),
    ROW(TPML_ECC_CURVE), ROW(TPML_TAGGED_POLICY), ROW(TPML_ACT_DATA),
    ROW(TPMS_CAPABILITY_DATA),
    ROW(TPMT_SYM_DEF), ROW(TPMT_SYM_DEF_OBJECT), ROW(TPMS_SYMCIPHER_PARMS),
    ROW(TPMS_SCHEME_HASH), ROW(TPMS_SCHEME_ECDAA), ROW(TPMS_SCHEME_XOR),
    ROW(TPMT_KEYEDHASH_SCHEME), ROW(TPMT_SIG_SCHEME), ROW(TPMT_KDF_SCHEME),
    ROW(TPMT_ASYM_SCHEME), ROW(TPMT_RSA_SCHEME), ROW(TPMT_RSA_DECRYPT), ROW(TPMT_ECC_SCHEME),
    ROW(TPMS_SIGNATURE_RSA), ROW(TPMS_SIGNATURE_ECC), ROW(TPMT_SIGNATURE),
    ROW(TPMS_ECC_POINT), ROWN(TPM2B_ECC_POINT), ROW(TPMS_ALGORITHM_DETAIL_ECC),
    ROW(TPMS_KEYEDHASH_PARMS), ROW(TPMS_ASYM_PARMS), ROW(TPMS_RSA_PARMS), ROW(TPMS_ECC_PARMS),
    ROW(TPMT_PUBLIC_PARMS), ROW(TPMT_PUBLIC), ROWN(TPM2B_PUBLIC),
    ROW(TPMS_SENSITIVE_CREATE), ROWN(TPM2B_SENSITIVE_CREATE), ROW(TPMT_SENSITIVE),
    ROWN(TPM2B_SENSITIVE),
    ROW(TPMS_CERTIFY_INFO), ROW(TPMS_QUOTE_INFO), ROW(TPMS_COMMAND_AUDIT_INFO),
    ROW(TPMS_SESSION_AUDIT_INFO), ROW(TPMS_CREATION_INFO), ROW(TPMS_NV_CERTIFY_INFO),
    ROW(TPMS_NV_DIGEST_CERTIFY_INFO), ROW(TPMS_ATTEST), ROW(TPMS_CREATION_DATA),
    ROWN(TPM2B_CREATION_DATA),
    ROW(TPMS_NV_PUBLIC), ROWN(TPM2B_NV_PUBLIC), ROW(TPMS_CONTEXT_DATA), ROW(TPMS_CONTEXT),
};

const size_t type_rows_count = sizeof type_rows / sizeof type_rows[0];
