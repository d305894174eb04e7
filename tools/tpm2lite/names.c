/* names.c - the names tpm2-tools prints for algorithms, TPM properties, ECC curves and
 * object attributes, so output from either tool reads the same.
 *
 * Pure lookups: an unknown value gets NULL and the caller prints the number.
 */
#include <stdio.h>
#include <string.h>

#include "tools/tpm2lite/cli.h"

typedef struct {
    uint32_t v;
    const char *name;
} named;

static const char *lookup(const named *t, size_t n, uint32_t v)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].v == v)
            return t[i].name;
    return NULL;
}

#define LOOKUP(table, v) lookup((table), sizeof(table) / sizeof((table)[0]), (v))

static const named algs[] = {
    {TPM2_ALG_RSA, "rsa"},
    {TPM2_ALG_TDES, "tdes"},
    {TPM2_ALG_SHA1, "sha1"},
    {TPM2_ALG_HMAC, "hmac"},
    {TPM2_ALG_AES, "aes"},
    {TPM2_ALG_MGF1, "mgf1"},
    {TPM2_ALG_KEYEDHASH, "keyedhash"},
    {TPM2_ALG_XOR, "xor"},
    {TPM2_ALG_SHA256, "sha256"},
    {TPM2_ALG_SHA384, "sha384"},
    {TPM2_ALG_SHA512, "sha512"},
    {TPM2_ALG_NULL, "null"},
    {TPM2_ALG_SM3_256, "sm3_256"},
    {TPM2_ALG_SM4, "sm4"},
    {TPM2_ALG_RSASSA, "rsassa"},
    {TPM2_ALG_RSAES, "rsaes"},
    {TPM2_ALG_RSAPSS, "rsapss"},
    {TPM2_ALG_OAEP, "oaep"},
    {TPM2_ALG_ECDSA, "ecdsa"},
    {TPM2_ALG_ECDH, "ecdh"},
    {TPM2_ALG_ECDAA, "ecdaa"},
    {TPM2_ALG_SM2, "sm2"},
    {TPM2_ALG_ECSCHNORR, "ecschnorr"},
    {TPM2_ALG_ECMQV, "ecmqv"},
    {TPM2_ALG_KDF1_SP800_56A, "kdf1_sp800_56a"},
    {TPM2_ALG_KDF2, "kdf2"},
    {TPM2_ALG_KDF1_SP800_108, "kdf1_sp800_108"},
    {TPM2_ALG_ECC, "ecc"},
    {TPM2_ALG_SYMCIPHER, "symcipher"},
    {TPM2_ALG_CAMELLIA, "camellia"},
    {TPM2_ALG_SHA3_256, "sha3_256"},
    {TPM2_ALG_SHA3_384, "sha3_384"},
    {TPM2_ALG_SHA3_512, "sha3_512"},
    {TPM2_ALG_CMAC, "cmac"},
    {TPM2_ALG_CTR, "ctr"},
    {TPM2_ALG_OFB, "ofb"},
    {TPM2_ALG_CBC, "cbc"},
    {TPM2_ALG_CFB, "cfb"},
    {TPM2_ALG_ECB, "ecb"},
};

const char *cli_alg_name(TPM2_ALG_ID alg)
{
    return LOOKUP(algs, alg);
}

#define PT(x) {TPM2_PT_##x, "TPM2_PT_" #x}
static const named pts[] = {
    PT(FAMILY_INDICATOR), PT(LEVEL), PT(REVISION), PT(DAY_OF_YEAR), PT(YEAR),
    PT(MANUFACTURER), PT(VENDOR_STRING_1), PT(VENDOR_STRING_2), PT(VENDOR_STRING_3),
    PT(VENDOR_STRING_4), PT(VENDOR_TPM_TYPE), PT(FIRMWARE_VERSION_1), PT(FIRMWARE_VERSION_2),
    PT(INPUT_BUFFER), PT(HR_TRANSIENT_MIN), PT(HR_PERSISTENT_MIN), PT(HR_LOADED_MIN),
    PT(ACTIVE_SESSIONS_MAX), PT(PCR_COUNT), PT(PCR_SELECT_MIN), PT(CONTEXT_GAP_MAX),
    PT(NV_COUNTERS_MAX), PT(NV_INDEX_MAX), PT(MEMORY), PT(CLOCK_UPDATE), PT(CONTEXT_HASH),
    PT(CONTEXT_SYM), PT(CONTEXT_SYM_SIZE), PT(ORDERLY_COUNT), PT(MAX_COMMAND_SIZE),
    PT(MAX_RESPONSE_SIZE), PT(MAX_DIGEST), PT(MAX_OBJECT_CONTEXT), PT(MAX_SESSION_CONTEXT),
    PT(PS_FAMILY_INDICATOR), PT(PS_LEVEL), PT(PS_REVISION), PT(PS_DAY_OF_YEAR), PT(PS_YEAR),
    PT(SPLIT_MAX), PT(TOTAL_COMMANDS), PT(LIBRARY_COMMANDS), PT(VENDOR_COMMANDS),
    PT(NV_BUFFER_MAX), PT(MODES), PT(MAX_CAP_BUFFER), PT(FIRMWARE_SVN), PT(FIRMWARE_MAX_SVN),
    PT(PERMANENT), PT(STARTUP_CLEAR), PT(HR_NV_INDEX), PT(HR_LOADED), PT(HR_LOADED_AVAIL),
    PT(HR_ACTIVE), PT(HR_ACTIVE_AVAIL), PT(HR_TRANSIENT_AVAIL), PT(HR_PERSISTENT),
    PT(HR_PERSISTENT_AVAIL), PT(NV_COUNTERS), PT(NV_COUNTERS_AVAIL), PT(ALGORITHM_SET),
    PT(LOADED_CURVES), PT(LOCKOUT_COUNTER), PT(MAX_AUTH_FAIL), PT(LOCKOUT_INTERVAL),
    PT(LOCKOUT_RECOVERY), PT(NV_WRITE_RECOVERY), PT(AUDIT_COUNTER_0), PT(AUDIT_COUNTER_1),
};
#undef PT

const char *cli_pt_name(TPM2_PT pt)
{
    return LOOKUP(pts, pt);
}

#define CURVE(x) {TPM2_ECC_##x, "TPM2_ECC_" #x}
static const named curves[] = {
    CURVE(NIST_P192), CURVE(NIST_P224), CURVE(NIST_P256), CURVE(NIST_P384),
    CURVE(NIST_P521), CURVE(BN_P256),   CURVE(BN_P638),   CURVE(SM2_P256),
    CURVE(BP_P256_R1), CURVE(BP_P384_R1), CURVE(BP_P512_R1), CURVE(CURVE_25519),
    CURVE(CURVE_448),
};
#undef CURVE

const char *cli_curve_name(TPM2_ECC_CURVE c)
{
    return LOOKUP(curves, c);
}

void cli_object_attrs(TPMA_OBJECT a, char *buf, size_t cap)
{
    static const named bits[] = {
        {TPMA_OBJECT_FIXEDTPM, "fixedtpm"},
        {TPMA_OBJECT_STCLEAR, "stclear"},
        {TPMA_OBJECT_FIXEDPARENT, "fixedparent"},
        {TPMA_OBJECT_SENSITIVEDATAORIGIN, "sensitivedataorigin"},
        {TPMA_OBJECT_USERWITHAUTH, "userwithauth"},
        {TPMA_OBJECT_ADMINWITHPOLICY, "adminwithpolicy"},
        {TPMA_OBJECT_FIRMWARELIMITED, "firmwarelimited"},
        {TPMA_OBJECT_SVNLIMITED, "svnlimited"},
        {TPMA_OBJECT_NODA, "noda"},
        {TPMA_OBJECT_ENCRYPTEDDUPLICATION, "encryptedduplication"},
        {TPMA_OBJECT_RESTRICTED, "restricted"},
        {TPMA_OBJECT_DECRYPT, "decrypt"},
        {TPMA_OBJECT_SIGN_ENCRYPT, "sign"},
        {TPMA_OBJECT_X509SIGN, "x509sign"},
    };
    size_t used = 0;
    if (!cap)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        if (!(a & bits[i].v))
            continue;
        a &= ~bits[i].v;
        int n = snprintf(buf + used, cap - used, "%s%s", used ? "|" : "", bits[i].name);
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
    if (a)
        snprintf(buf + used, cap - used, "%s0x%x", used ? "|" : "", (unsigned)a);
}
