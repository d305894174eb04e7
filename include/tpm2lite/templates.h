/* templates.h - the well-known public-area templates: the TCG endorsement keys, the
 * kernel's NULL key, the signing EK of attest_tpm2_primary and the tpm2_createprimary
 * storage keys; and the EK template a TPM's NV overrides.
 *
 * A primary key is a deterministic function of the hierarchy's seed and the template,
 * so "the EK" or "the NULL key" is only the key a verifier expects if every byte of the
 * template is right. Each template below says where its bytes come from; the unit
 * tests compare them byte for byte, and the integration tests compare the names the
 * TPM gives them with the names tpm2-tools' own templates get.
 */
#ifndef TPM2LITE_TEMPLATES_H
#define TPM2LITE_TEMPLATES_H

#include <stddef.h>
#include <stdint.h>

#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sources:
 *  [EKP] TCG EK Credential Profile for TPM Family 2.0, Version 2.4 Rev 3 (2021):
 *        §2.2.1.4 "Low Range" (the EK Certificate / Nonce / Template NV indices) and
 *        its annex of EK templates (L-1, L-2, H-1..H-7) and policy digests (PolicyA,
 *        PolicyB, PolicyC). tpm2_createek / tpm2_createak (tpm2-tools 5.x, "Templates
 *        from TCG EK Credential Profile TPM 2.0, Version 2.4 Rev. 3") carry the same
 *        values; the integration test checks the TPM's names against tpm2_createek's.
 *  [KRN] Linux drivers/char/tpm/tpm2-sessions.c: the NULL primary ("H" storage key,
 *        ECC NIST P-256).
 *  [ATT] openssl_tpm2_engine attest_tpm2_primary --eksign: the signing EK.
 *  [T2T] tpm2_createprimary's defaults (tpm2l_template_primary in command.h).
 * Every template has nameAlg as listed, scheme NULL unless listed, empty unique unless
 * listed, and exponent 0 (65537) for RSA. */
typedef enum {
    TPM2L_TPL_EK_L1,          /* [EKP] RSA 2048, SHA-256, 0x000300B2, AES-128-CFB, PolicyA,
                                 unique 256 zero bytes */
    TPM2L_TPL_EK_L2,          /* [EKP] ECC P-256, SHA-256, 0x000300B2, AES-128-CFB, PolicyA,
                                 unique x,y 32 zero bytes each */
    TPM2L_TPL_EK_H1,          /* [EKP] RSA 2048, SHA-256, 0x000300F2, AES-128-CFB, PolicyB */
    TPM2L_TPL_EK_H2,          /* [EKP] ECC P-256, SHA-256, 0x000300F2, AES-128-CFB, PolicyB */
    TPM2L_TPL_EK_H3,          /* [EKP] ECC P-384, SHA-384, 0x000300F2, AES-256-CFB, PolicyB */
    TPM2L_TPL_EK_H4,          /* [EKP] ECC P-521, SHA-512, 0x000300F2, AES-256-CFB, PolicyB */
    TPM2L_TPL_EK_H5,          /* [EKP] ECC SM2 P-256, SM3-256, 0x000300F2, SM4-128-CFB,
                                 PolicyB */
    TPM2L_TPL_EK_H6,          /* [EKP] RSA 3072, SHA-384, 0x000300F2, AES-256-CFB, PolicyB */
    TPM2L_TPL_EK_H7,          /* [EKP] RSA 4096, SHA-384, 0x000300F2, AES-256-CFB, PolicyB */
    TPM2L_TPL_NULL_KEY,       /* [KRN] "H" storage key: ECC P-256, SHA-256, 0x00030472 (adds
                                 noDA), AES-128-CFB, kdf NULL; also the parent TSS2 key
                                 files mean by a hierarchy handle */
    TPM2L_TPL_EK_SIGNING,     /* [ATT] ECC P-256, SHA-256, 0x00050472 (restricted sign, noDA),
                                 symmetric NULL, ECDSA SHA-256 */
    TPM2L_TPL_STORAGE_RSA,    /* [T2T] RSA 2048, SHA-256, 0x00030072, AES-128-CFB */
    TPM2L_TPL_STORAGE_ECC,    /* [T2T] ECC P-256, SHA-256, 0x00030072, AES-128-CFB */
    TPM2L_TPL_COUNT
} tpm2l_template_id;

/* out = the template id names. Unknown id: TPM2L_E_BAD_ARG (command layer), out zeroed. */
TPM2_RC tpm2l_template_get(tpm2l_template_id id, TPMT_PUBLIC *out);

/* "EK L-1 (RSA 2048)", ...; "?" for an unknown id. Never NULL. */
const char *tpm2l_template_id_str(tpm2l_template_id id);

/* The EK policies of [EKP] Annex B as digests of hash (TPM2_ALG_SHA256, _SHA384,
 * _SHA512, _SM3_256):
 *   PolicyA = PolicySecret(TPM2_RH_ENDORSEMENT), empty policyRef;
 *   PolicyC = PolicyAuthorizeNV on the EK policy NV index of that hash (0x01C07F01..04);
 *   PolicyB = PolicyOR(PolicyA, PolicyC): what H templates carry.
 * Another hash is TPM2L_E_BAD_SELECTOR (command layer). */
TPM2_RC tpm2l_ek_policy_a(TPM2_ALG_ID hash, TPM2B_DIGEST *out);
TPM2_RC tpm2l_ek_policy_b(TPM2_ALG_ID hash, TPM2B_DIGEST *out);
TPM2_RC tpm2l_ek_policy_c(TPM2_ALG_ID hash, TPM2B_DIGEST *out);

/* NV indices of [EKP] §2.2.1.4 (Low Range). */
#define TPM2L_NV_EK_CERT_RSA      0x01C00002u
#define TPM2L_NV_EK_NONCE_RSA     0x01C00003u
#define TPM2L_NV_EK_TEMPLATE_RSA  0x01C00004u
#define TPM2L_NV_EK_CERT_ECC      0x01C0000Au
#define TPM2L_NV_EK_NONCE_ECC     0x01C0000Bu
#define TPM2L_NV_EK_TEMPLATE_ECC  0x01C0000Cu
#define TPM2L_NV_EK_CERT_RSA_HIGH 0x01C00012u /* H-1 certificate */
#define TPM2L_NV_EK_CERT_ECC_HIGH 0x01C00014u /* H-2 certificate */

/* The EK a TPM's manufacturer provisioned for the Low Range, from what was read from
 * its NV indices ([EKP] §2.2.1.4, "EK Template" / "EK Nonce"):
 *   type      TPM2_ALG_RSA (indices 0x01C00004 / 0x01C00003, default L-1) or
 *             TPM2_ALG_ECC (0x01C0000C / 0x01C0000B, default L-2);
 *   tmpl      the EK Template index's contents, a marshalled TPMT_PUBLIC, which replaces
 *             the default template; NULL / 0 when the index does not exist. It must
 *             parse exactly (no trailing bytes) and be of type;
 *   nonce     the EK Nonce index's contents; NULL / 0 when it does not exist. The
 *             nonce is placed at the start of the unique field, zero-padded to the
 *             key size: RSA unique = nonce || zeros (keyBits / 8 bytes, 256 for
 *             2048 bits); ECC unique.x = nonce || zeros (the curve's coordinate size, 32
 *             for P-256), unique.y = that many zero bytes, exactly as the L templates'
 *             unique fields are sized.
 * Without either, out is L-1 / L-2. With a nonce but no template, the nonce goes into
 * the default template. Other stacks differ at the edges: tpm2_createek -t reads the
 * nonce only together with a template (and tpm2-tools 5.4 copies the address of its
 * nonce buffer, not the nonce); tpm2-tss FAPI leaves unique empty when the template has
 * userWithAuth (an H-style template), nonce or not. A nonce longer than the
 * padded size is TPM2L_E_BAD_VALUE; a template that does not parse is the marshal
 * layer's error; a template of the wrong type TPM2L_E_BAD_VALUE (command layer). The
 * High Range has no nonce ([EKP]: "EK Nonces SHALL NOT be Populated in any NV Index in
 * the High Range"). */
TPM2_RC tpm2l_template_ek_from_nv(TPM2_ALG_ID type, const uint8_t *tmpl, size_t tmpl_len,
                                  const uint8_t *nonce, size_t nonce_len, TPMT_PUBLIC *out);

#ifdef __cplusplus
}
#endif
#endif
