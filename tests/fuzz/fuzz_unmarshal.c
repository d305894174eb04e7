/* fuzz_unmarshal.c - every tpm2l_unmarshal_* function, chosen by the first input byte.
 *
 * All of them can be reached from a TPM response (directly, or through a TPM2B the
 * library parses, such as TPM2B_ATTEST's TPMS_ATTEST). Each destination is a heap
 * block of exactly sizeof(type), so writing past a C array is caught by ASan even
 * where the struct has room behind it. Unions take their selector from the next four
 * input bytes (TPM2_CAP is 32 bits; the rest are truncated to 16, as a caller would).
 * After a successful unmarshal the value is marshalled again: a size or count larger
 * than its array (TPM2L_E_BAD_VALUE from marshal) means unmarshal let one through, and
 * the bytes written must be exactly the bytes consumed (a field read into the wrong
 * member, skipped or misordered shows here). The one documented exception: a nested
 * TPM2B of size 0 ("absent") marshals as its all-zero inner structure (marshal.h).
 * The table is generated from marshal.h's declarations (one line per type).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/tcti.h"

/* Large enough for any value marshal can write from a parsed response. */
static uint8_t out[4 * TPM2L_MAX_MESSAGE];

/* A bug in the library, not in the input: stop loudly so libFuzzer keeps the input. */
static void must_not(int cond, const char *what, const char *type)
{
    if (cond) {
        fprintf(stderr, "fuzz_unmarshal: %s: %s\n", type, what);
        abort();
    }
}

/* A nested TPM2B (marshal.h) read with size 0: it does not marshal back to 00 00. */
static int absent_nested(const char *type, const uint8_t *p, size_t n)
{
    static const char *const nested[] = {"TPM2B_PUBLIC",    "TPM2B_SENSITIVE_CREATE",
                                         "TPM2B_ECC_POINT", "TPM2B_NV_PUBLIC",
                                         "TPM2B_CREATION_DATA", "TPM2B_SENSITIVE"};
    for (size_t i = 0; i < sizeof nested / sizeof nested[0]; i++)
        if (!strcmp(type, nested[i]))
            return n >= 2 && p[0] == 0 && p[1] == 0;
    return 0;
}

static void check_again(const tpm2l_rcur *r, size_t start, const tpm2l_wcur *w, const char *type)
{
    must_not(w->err == TPM2L_RC_MARSHAL_VALUE, "unmarshal accepted an oversized value", type);
    size_t used = r->off - start;
    if (!w->err && !absent_nested(type, r->buf + start, used))
        must_not(w->off != used || memcmp(out, r->buf + start, used) != 0,
                 "marshal(unmarshal(x)) is not x", type);
}

#define CHECK_AGAIN(T, ...)                                                              \
    if (!r->err) {                                                                       \
        tpm2l_wcur w;                                                                    \
        tpm2l_wcur_init(&w, out, sizeof out);                                            \
        tpm2l_marshal_##T(&w, __VA_ARGS__);                                              \
        check_again(r, start, &w, #T);                                                   \
    }
#define X(T)                                                                             \
    static void run_##T(tpm2l_rcur *r, uint32_t sel)                                     \
    {                                                                                    \
        (void)sel;                                                                       \
        size_t start = r->off;                                                           \
        T *v = malloc(sizeof *v);                                                        \
        if (!v)                                                                          \
            return;                                                                      \
        tpm2l_unmarshal_##T(r, v);                                                       \
        CHECK_AGAIN(T, v)                                                                \
        free(v);                                                                         \
    }
#define U(T, S)                                                                          \
    static void run_##T(tpm2l_rcur *r, uint32_t sel)                                     \
    {                                                                                    \
        size_t start = r->off;                                                           \
        T *v = malloc(sizeof *v);                                                        \
        if (!v)                                                                          \
            return;                                                                      \
        tpm2l_unmarshal_##T(r, (S)sel, v);                                               \
        CHECK_AGAIN(T, (S)sel, v)                                                        \
        free(v);                                                                         \
    }
#define TYPES_PLAIN \
    X(TPM2B_DIGEST) \
    X(TPM2B_NONCE) \
    X(TPM2B_AUTH) \
    X(TPM2B_OPERAND) \
    X(TPM2B_DATA) \
    X(TPM2B_EVENT) \
    X(TPM2B_MAX_BUFFER) \
    X(TPM2B_MAX_NV_BUFFER) \
    X(TPM2B_TIMEOUT) \
    X(TPM2B_IV) \
    X(TPM2B_NAME) \
    X(TPM2B_ATTEST) \
    X(TPM2B_SYM_KEY) \
    X(TPM2B_LABEL) \
    X(TPM2B_DERIVE) \
    X(TPM2B_SENSITIVE_DATA) \
    X(TPM2B_PUBLIC_KEY_RSA) \
    X(TPM2B_PRIVATE_KEY_RSA) \
    X(TPM2B_ECC_PARAMETER) \
    X(TPM2B_ENCRYPTED_SECRET) \
    X(TPM2B_TEMPLATE) \
    X(TPM2B_PRIVATE_VENDOR_SPECIFIC) \
    X(TPM2B_PRIVATE) \
    X(TPM2B_ID_OBJECT) \
    X(TPM2B_CONTEXT_SENSITIVE) \
    X(TPM2B_CONTEXT_DATA) \
    X(TPMS_EMPTY) \
    X(TPMT_HA) \
    X(TPMT_TK_CREATION) \
    X(TPMT_TK_VERIFIED) \
    X(TPMT_TK_AUTH) \
    X(TPMT_TK_HASHCHECK) \
    X(TPMS_CLOCK_INFO) \
    X(TPMS_TIME_INFO) \
    X(TPMS_TIME_ATTEST_INFO) \
    X(TPMS_AUTH_COMMAND) \
    X(TPMS_AUTH_RESPONSE) \
    X(TPML_DIGEST) \
    X(TPML_DIGEST_VALUES) \
    X(TPMS_DERIVE) \
    X(TPMS_ID_OBJECT) \
    X(TPMS_PCR_SELECT) \
    X(TPMS_PCR_SELECTION) \
    X(TPML_PCR_SELECTION) \
    X(TPMS_TAGGED_PCR_SELECT) \
    X(TPMS_ALG_PROPERTY) \
    X(TPMS_TAGGED_PROPERTY) \
    X(TPMS_TAGGED_POLICY) \
    X(TPMS_ACT_DATA) \
    X(TPML_CC) \
    X(TPML_CCA) \
    X(TPML_ALG) \
    X(TPML_HANDLE) \
    X(TPML_ALG_PROPERTY) \
    X(TPML_TAGGED_TPM_PROPERTY) \
    X(TPML_TAGGED_PCR_PROPERTY) \
    X(TPML_ECC_CURVE) \
    X(TPML_TAGGED_POLICY) \
    X(TPML_ACT_DATA) \
    X(TPMS_CAPABILITY_DATA) \
    X(TPMT_SYM_DEF) \
    X(TPMT_SYM_DEF_OBJECT) \
    X(TPMS_SYMCIPHER_PARMS) \
    X(TPMS_SCHEME_HASH) \
    X(TPMS_SCHEME_ECDAA) \
    X(TPMS_SCHEME_XOR) \
    X(TPMT_KEYEDHASH_SCHEME) \
    X(TPMT_SIG_SCHEME) \
    X(TPMT_KDF_SCHEME) \
    X(TPMT_ASYM_SCHEME) \
    X(TPMT_RSA_SCHEME) \
    X(TPMT_RSA_DECRYPT) \
    X(TPMT_ECC_SCHEME) \
    X(TPMS_SIGNATURE_RSA) \
    X(TPMS_SIGNATURE_ECC) \
    X(TPMT_SIGNATURE) \
    X(TPMS_ECC_POINT) \
    X(TPM2B_ECC_POINT) \
    X(TPMS_ALGORITHM_DETAIL_ECC) \
    X(TPMS_KEYEDHASH_PARMS) \
    X(TPMS_ASYM_PARMS) \
    X(TPMS_RSA_PARMS) \
    X(TPMS_ECC_PARMS) \
    X(TPMT_PUBLIC_PARMS) \
    X(TPMT_PUBLIC) \
    X(TPM2B_PUBLIC) \
    X(TPMS_SENSITIVE_CREATE) \
    X(TPM2B_SENSITIVE_CREATE) \
    X(TPMT_SENSITIVE) \
    X(TPM2B_SENSITIVE) \
    X(TPMS_CERTIFY_INFO) \
    X(TPMS_QUOTE_INFO) \
    X(TPMS_COMMAND_AUDIT_INFO) \
    X(TPMS_SESSION_AUDIT_INFO) \
    X(TPMS_CREATION_INFO) \
    X(TPMS_NV_CERTIFY_INFO) \
    X(TPMS_NV_DIGEST_CERTIFY_INFO) \
    X(TPMS_ATTEST) \
    X(TPMS_CREATION_DATA) \
    X(TPM2B_CREATION_DATA) \
    X(TPMS_NV_PUBLIC) \
    X(TPM2B_NV_PUBLIC) \
    X(TPMS_CONTEXT_DATA) \
    X(TPMS_CONTEXT)
#define TYPES_UNION \
    U(TPMU_HA, TPMI_ALG_HASH) \
    U(TPMU_CAPABILITIES, TPM2_CAP) \
    U(TPMU_SYM_KEY_BITS, TPMI_ALG_SYM) \
    U(TPMU_SYM_MODE, TPMI_ALG_SYM) \
    U(TPMU_SCHEME_KEYEDHASH, TPMI_ALG_KEYEDHASH_SCHEME) \
    U(TPMU_SIG_SCHEME, TPMI_ALG_SIG_SCHEME) \
    U(TPMU_KDF_SCHEME, TPMI_ALG_KDF) \
    U(TPMU_ASYM_SCHEME, TPMI_ALG_ASYM_SCHEME) \
    U(TPMU_SIGNATURE, TPMI_ALG_SIG_SCHEME) \
    U(TPMU_PUBLIC_PARMS, TPMI_ALG_PUBLIC) \
    U(TPMU_PUBLIC_ID, TPMI_ALG_PUBLIC) \
    U(TPMU_SENSITIVE_COMPOSITE, TPMI_ALG_PUBLIC) \
    U(TPMU_ATTEST, TPMI_ST_ATTEST)

TYPES_PLAIN
TYPES_UNION
#undef X
#undef U

typedef void (*run_fn)(tpm2l_rcur *r, uint32_t sel);
#define X(T) run_##T,
#define U(T, S) run_##T,
/* Unions first: they alone take a selector. */
static const run_fn table[] = {TYPES_UNION TYPES_PLAIN};
#undef X
#undef U
#define N_UNIONS 13u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t which = data[0] % (sizeof table / sizeof table[0]);
    data++;
    size--;
    uint32_t sel = 0;
    if (which < N_UNIONS) {
        if (size < 4)
            return 0;
        sel = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
        data += 4;
        size -= 4;
    }
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, data, size);
    table[which](&r, sel);
    return 0;
}
