/* marshal.h - TPM 2.0 wire encodings of every structure in types.h.
 *
 * For each type T there are two functions, a straight list of Part 2's fields:
 *     void tpm2l_marshal_T(tpm2l_wcur *w, const T *v);   append v to w
 *     void tpm2l_unmarshal_T(tpm2l_rcur *r, T *v);       read v from r
 * Unions take their selector, the preceding field of the enclosing structure:
 *     tpm2l_marshal_TPMU_PUBLIC_PARMS(w, TPM2_ALG_RSA, &pub.parameters);
 * None returns anything: the first failure is recorded in the cursor and every later
 * operation is a no-op (cursor.h), so the caller checks once, with tpm2l_wcur_finish()
 * or tpm2l_rcur_finish() (which also refuses trailing bytes), or looks at ->err. On
 * error the destination of an unmarshal holds whatever was read so far (never bytes
 * from outside the input); do not use it. Nothing here allocates or keeps state.
 *
 * Errors (TPM2L_LAYER_MARSHAL):
 *   TPM2L_RC_MARSHAL_TRUNCATED     the input ended inside a value
 *   TPM2L_RC_MARSHAL_INSUFFICIENT  unmarshal: a TPM2B size, TPML count or sizeofSelect
 *                                  larger than the C array (never clamped); marshal: the
 *                                  output buffer is full
 *   TPM2L_RC_MARSHAL_VALUE         marshal: v holds a TPM2B size, TPML count or
 *                                  sizeofSelect larger than its array (nothing past the
 *                                  struct is ever read)
 *   TPM2L_RC_MARSHAL_SELECTOR      a union selector this library does not know, in
 *                                  either direction
 *   TPM2L_RC_MARSHAL_TRAILING      a nested TPM2B's size covers more bytes than its
 *                                  structure uses (and tpm2l_rcur_finish on leftovers)
 *
 * Selectors: every union accepts TPM2_ALG_NULL (as the empty member) exactly where
 * Part 2 marks the selector "+NULL": TPMU_HA, TPMU_SYM_KEY_BITS, TPMU_SYM_MODE,
 * TPMU_SCHEME_KEYEDHASH, TPMU_SIG_SCHEME, TPMU_KDF_SCHEME, TPMU_ASYM_SCHEME,
 * TPMU_SIGNATURE. TPMU_PUBLIC_PARMS, TPMU_PUBLIC_ID and TPMU_SENSITIVE_COMPOSITE
 * (keyedhash, symcipher, rsa, ecc) and TPMU_ATTEST and TPMU_CAPABILITIES have no empty
 * member. TPMT_SYM_DEF_OBJECT refuses TPM2_ALG_XOR (TPMI_ALG_SYM_OBJECT has no XOR).
 * TPM2_CAP_VENDOR_PROPERTY has no Part 2 structure and is refused.
 *
 * Nested TPM2Bs (a size, then a structure): TPM2B_PUBLIC, TPM2B_SENSITIVE_CREATE,
 * TPM2B_ECC_POINT, TPM2B_NV_PUBLIC, TPM2B_CREATION_DATA, TPM2B_SENSITIVE.
 *   - marshal ignores v->size: it writes the inner structure and back-fills its length,
 *     as libtss2-mu does. To send an empty one (LoadExternal without inPrivate, Commit
 *     without P1, ...) write the size yourself: tpm2l_wcur_u16(w, 0).
 *   - unmarshal reads the size, parses the inner structure from exactly that many bytes
 *     and fails with TRAILING if it uses fewer (TRUNCATED if it needs more). A size of
 *     zero is accepted for every one of them, as libtss2-mu does, and means "absent":
 *     v->size is 0 and the inner structure is all zero bytes. Callers for whom absence
 *     is an error (a public area in ReadPublic's response) check v->size.
 * TPM2B_ATTEST, TPM2B_TEMPLATE, TPM2B_PRIVATE, TPM2B_ID_OBJECT, TPM2B_CONTEXT_DATA and
 * TPM2B_ENCRYPTED_SECRET hold their contents as bytes (they are signed, encrypted or
 * opaque), so they are plain byte TPM2Bs; parse TPM2B_ATTEST's bytes with
 * tpm2l_unmarshal_TPMS_ATTEST on a reader over attestationData.
 *
 * Type aliases (TPMS_SCHEME_HMAC, TPMS_SIG_SCHEME_*, TPMS_ENC_SCHEME_*, TPMS_KEY_SCHEME_*,
 * TPMS_KDF_SCHEME_*, TPMS_SIGNATURE_RSASSA/ECDSA/...) use their base type's functions;
 * TPM2B_NONCE, TPM2B_AUTH and TPM2B_OPERAND have their own names for readability.
 * Integer types (TPMA_*, TPMI_*, TPM2_*) are written with the cursor's u8/u16/u32.
 *
 * Where libtss2-mu (3.2.1, the cross-check peer) behaves differently, on purpose:
 *   - it parses a nested TPM2B's structure without holding it to its size (slack is
 *     left unread, a short size is read past); we refuse both (TRAILING, TRUNCATED);
 *   - it unmarshals a nested TPM2B only into a destination whose size field is 0;
 *   - it accepts TPM2_ALG_XOR in TPMT_SYM_DEF_OBJECT, which Part 2 excludes;
 *   - it refuses TPM2_ALG_KDF2 in TPMU_KDF_SCHEME, SHA-3 digests in TPMU_HA and
 *     TPM2_ST_ATTEST_NV_DIGEST in TPMU_ATTEST, all of which Part 2 has and we accept;
 *   - TPM2B_DATA holds 66 bytes (sizeof(TPMT_HA), Part 2) where it holds 64, and the
 *     capability lists are larger (types.h). Every other encoding is byte-identical.
 *
 * Name computation needs nothing special: a name is nameAlg || H(marshalled TPMT_PUBLIC
 * or TPMS_NV_PUBLIC), the bytes tpm2l_marshal_TPMT_PUBLIC / _TPMS_NV_PUBLIC write.
 */
#ifndef TPM2LITE_MARSHAL_H
#define TPM2LITE_MARSHAL_H

#include "cursor.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Byte TPM2Bs (tpm2b.c): size, then that many bytes ---------------------------- */
void tpm2l_marshal_TPM2B_DIGEST(tpm2l_wcur *w, const TPM2B_DIGEST *v);
void tpm2l_unmarshal_TPM2B_DIGEST(tpm2l_rcur *r, TPM2B_DIGEST *v);
void tpm2l_marshal_TPM2B_NONCE(tpm2l_wcur *w, const TPM2B_NONCE *v);
void tpm2l_unmarshal_TPM2B_NONCE(tpm2l_rcur *r, TPM2B_NONCE *v);
void tpm2l_marshal_TPM2B_AUTH(tpm2l_wcur *w, const TPM2B_AUTH *v);
void tpm2l_unmarshal_TPM2B_AUTH(tpm2l_rcur *r, TPM2B_AUTH *v);
void tpm2l_marshal_TPM2B_OPERAND(tpm2l_wcur *w, const TPM2B_OPERAND *v);
void tpm2l_unmarshal_TPM2B_OPERAND(tpm2l_rcur *r, TPM2B_OPERAND *v);
void tpm2l_marshal_TPM2B_DATA(tpm2l_wcur *w, const TPM2B_DATA *v);
void tpm2l_unmarshal_TPM2B_DATA(tpm2l_rcur *r, TPM2B_DATA *v);
void tpm2l_marshal_TPM2B_EVENT(tpm2l_wcur *w, const TPM2B_EVENT *v);
void tpm2l_unmarshal_TPM2B_EVENT(tpm2l_rcur *r, TPM2B_EVENT *v);
void tpm2l_marshal_TPM2B_MAX_BUFFER(tpm2l_wcur *w, const TPM2B_MAX_BUFFER *v);
void tpm2l_unmarshal_TPM2B_MAX_BUFFER(tpm2l_rcur *r, TPM2B_MAX_BUFFER *v);
void tpm2l_marshal_TPM2B_MAX_NV_BUFFER(tpm2l_wcur *w, const TPM2B_MAX_NV_BUFFER *v);
void tpm2l_unmarshal_TPM2B_MAX_NV_BUFFER(tpm2l_rcur *r, TPM2B_MAX_NV_BUFFER *v);
void tpm2l_marshal_TPM2B_TIMEOUT(tpm2l_wcur *w, const TPM2B_TIMEOUT *v);
void tpm2l_unmarshal_TPM2B_TIMEOUT(tpm2l_rcur *r, TPM2B_TIMEOUT *v);
void tpm2l_marshal_TPM2B_IV(tpm2l_wcur *w, const TPM2B_IV *v);
void tpm2l_unmarshal_TPM2B_IV(tpm2l_rcur *r, TPM2B_IV *v);
void tpm2l_marshal_TPM2B_NAME(tpm2l_wcur *w, const TPM2B_NAME *v);
void tpm2l_unmarshal_TPM2B_NAME(tpm2l_rcur *r, TPM2B_NAME *v);
void tpm2l_marshal_TPM2B_ATTEST(tpm2l_wcur *w, const TPM2B_ATTEST *v);
void tpm2l_unmarshal_TPM2B_ATTEST(tpm2l_rcur *r, TPM2B_ATTEST *v);
void tpm2l_marshal_TPM2B_SYM_KEY(tpm2l_wcur *w, const TPM2B_SYM_KEY *v);
void tpm2l_unmarshal_TPM2B_SYM_KEY(tpm2l_rcur *r, TPM2B_SYM_KEY *v);
void tpm2l_marshal_TPM2B_LABEL(tpm2l_wcur *w, const TPM2B_LABEL *v);
void tpm2l_unmarshal_TPM2B_LABEL(tpm2l_rcur *r, TPM2B_LABEL *v);
void tpm2l_marshal_TPM2B_DERIVE(tpm2l_wcur *w, const TPM2B_DERIVE *v);
void tpm2l_unmarshal_TPM2B_DERIVE(tpm2l_rcur *r, TPM2B_DERIVE *v);
void tpm2l_marshal_TPM2B_SENSITIVE_DATA(tpm2l_wcur *w, const TPM2B_SENSITIVE_DATA *v);
void tpm2l_unmarshal_TPM2B_SENSITIVE_DATA(tpm2l_rcur *r, TPM2B_SENSITIVE_DATA *v);
void tpm2l_marshal_TPM2B_PUBLIC_KEY_RSA(tpm2l_wcur *w, const TPM2B_PUBLIC_KEY_RSA *v);
void tpm2l_unmarshal_TPM2B_PUBLIC_KEY_RSA(tpm2l_rcur *r, TPM2B_PUBLIC_KEY_RSA *v);
void tpm2l_marshal_TPM2B_PRIVATE_KEY_RSA(tpm2l_wcur *w, const TPM2B_PRIVATE_KEY_RSA *v);
void tpm2l_unmarshal_TPM2B_PRIVATE_KEY_RSA(tpm2l_rcur *r, TPM2B_PRIVATE_KEY_RSA *v);
void tpm2l_marshal_TPM2B_ECC_PARAMETER(tpm2l_wcur *w, const TPM2B_ECC_PARAMETER *v);
void tpm2l_unmarshal_TPM2B_ECC_PARAMETER(tpm2l_rcur *r, TPM2B_ECC_PARAMETER *v);
void tpm2l_marshal_TPM2B_ENCRYPTED_SECRET(tpm2l_wcur *w, const TPM2B_ENCRYPTED_SECRET *v);
void tpm2l_unmarshal_TPM2B_ENCRYPTED_SECRET(tpm2l_rcur *r, TPM2B_ENCRYPTED_SECRET *v);
void tpm2l_marshal_TPM2B_TEMPLATE(tpm2l_wcur *w, const TPM2B_TEMPLATE *v);
void tpm2l_unmarshal_TPM2B_TEMPLATE(tpm2l_rcur *r, TPM2B_TEMPLATE *v);
void tpm2l_marshal_TPM2B_PRIVATE_VENDOR_SPECIFIC(tpm2l_wcur *w,
                                                 const TPM2B_PRIVATE_VENDOR_SPECIFIC *v);
void tpm2l_unmarshal_TPM2B_PRIVATE_VENDOR_SPECIFIC(tpm2l_rcur *r, TPM2B_PRIVATE_VENDOR_SPECIFIC *v);
void tpm2l_marshal_TPM2B_PRIVATE(tpm2l_wcur *w, const TPM2B_PRIVATE *v);
void tpm2l_unmarshal_TPM2B_PRIVATE(tpm2l_rcur *r, TPM2B_PRIVATE *v);
void tpm2l_marshal_TPM2B_ID_OBJECT(tpm2l_wcur *w, const TPM2B_ID_OBJECT *v);
void tpm2l_unmarshal_TPM2B_ID_OBJECT(tpm2l_rcur *r, TPM2B_ID_OBJECT *v);
void tpm2l_marshal_TPM2B_CONTEXT_SENSITIVE(tpm2l_wcur *w, const TPM2B_CONTEXT_SENSITIVE *v);
void tpm2l_unmarshal_TPM2B_CONTEXT_SENSITIVE(tpm2l_rcur *r, TPM2B_CONTEXT_SENSITIVE *v);
void tpm2l_marshal_TPM2B_CONTEXT_DATA(tpm2l_wcur *w, const TPM2B_CONTEXT_DATA *v);
void tpm2l_unmarshal_TPM2B_CONTEXT_DATA(tpm2l_rcur *r, TPM2B_CONTEXT_DATA *v);

/* ---- Small structures (basic.c) -------------------------------------------------- */
void tpm2l_marshal_TPMU_HA(tpm2l_wcur *w, TPMI_ALG_HASH sel, const TPMU_HA *v);
void tpm2l_unmarshal_TPMU_HA(tpm2l_rcur *r, TPMI_ALG_HASH sel, TPMU_HA *v);
void tpm2l_marshal_TPMS_EMPTY(tpm2l_wcur *w, const TPMS_EMPTY *v);
void tpm2l_unmarshal_TPMS_EMPTY(tpm2l_rcur *r, TPMS_EMPTY *v);
void tpm2l_marshal_TPMT_HA(tpm2l_wcur *w, const TPMT_HA *v);
void tpm2l_unmarshal_TPMT_HA(tpm2l_rcur *r, TPMT_HA *v);
void tpm2l_marshal_TPMT_TK_CREATION(tpm2l_wcur *w, const TPMT_TK_CREATION *v);
void tpm2l_unmarshal_TPMT_TK_CREATION(tpm2l_rcur *r, TPMT_TK_CREATION *v);
void tpm2l_marshal_TPMT_TK_VERIFIED(tpm2l_wcur *w, const TPMT_TK_VERIFIED *v);
void tpm2l_unmarshal_TPMT_TK_VERIFIED(tpm2l_rcur *r, TPMT_TK_VERIFIED *v);
void tpm2l_marshal_TPMT_TK_AUTH(tpm2l_wcur *w, const TPMT_TK_AUTH *v);
void tpm2l_unmarshal_TPMT_TK_AUTH(tpm2l_rcur *r, TPMT_TK_AUTH *v);
void tpm2l_marshal_TPMT_TK_HASHCHECK(tpm2l_wcur *w, const TPMT_TK_HASHCHECK *v);
void tpm2l_unmarshal_TPMT_TK_HASHCHECK(tpm2l_rcur *r, TPMT_TK_HASHCHECK *v);
void tpm2l_marshal_TPMS_CLOCK_INFO(tpm2l_wcur *w, const TPMS_CLOCK_INFO *v);
void tpm2l_unmarshal_TPMS_CLOCK_INFO(tpm2l_rcur *r, TPMS_CLOCK_INFO *v);
void tpm2l_marshal_TPMS_TIME_INFO(tpm2l_wcur *w, const TPMS_TIME_INFO *v);
void tpm2l_unmarshal_TPMS_TIME_INFO(tpm2l_rcur *r, TPMS_TIME_INFO *v);
void tpm2l_marshal_TPMS_TIME_ATTEST_INFO(tpm2l_wcur *w, const TPMS_TIME_ATTEST_INFO *v);
void tpm2l_unmarshal_TPMS_TIME_ATTEST_INFO(tpm2l_rcur *r, TPMS_TIME_ATTEST_INFO *v);
void tpm2l_marshal_TPMS_AUTH_COMMAND(tpm2l_wcur *w, const TPMS_AUTH_COMMAND *v);
void tpm2l_unmarshal_TPMS_AUTH_COMMAND(tpm2l_rcur *r, TPMS_AUTH_COMMAND *v);
void tpm2l_marshal_TPMS_AUTH_RESPONSE(tpm2l_wcur *w, const TPMS_AUTH_RESPONSE *v);
void tpm2l_unmarshal_TPMS_AUTH_RESPONSE(tpm2l_rcur *r, TPMS_AUTH_RESPONSE *v);
void tpm2l_marshal_TPML_DIGEST(tpm2l_wcur *w, const TPML_DIGEST *v);
void tpm2l_unmarshal_TPML_DIGEST(tpm2l_rcur *r, TPML_DIGEST *v);
void tpm2l_marshal_TPML_DIGEST_VALUES(tpm2l_wcur *w, const TPML_DIGEST_VALUES *v);
void tpm2l_unmarshal_TPML_DIGEST_VALUES(tpm2l_rcur *r, TPML_DIGEST_VALUES *v);
void tpm2l_marshal_TPMS_DERIVE(tpm2l_wcur *w, const TPMS_DERIVE *v);
void tpm2l_unmarshal_TPMS_DERIVE(tpm2l_rcur *r, TPMS_DERIVE *v);
void tpm2l_marshal_TPMS_ID_OBJECT(tpm2l_wcur *w, const TPMS_ID_OBJECT *v);
void tpm2l_unmarshal_TPMS_ID_OBJECT(tpm2l_rcur *r, TPMS_ID_OBJECT *v);
void tpm2l_marshal_TPMS_NV_PIN_COUNTER_PARAMETERS(tpm2l_wcur *w,
                                                  const TPMS_NV_PIN_COUNTER_PARAMETERS *v);
void tpm2l_unmarshal_TPMS_NV_PIN_COUNTER_PARAMETERS(tpm2l_rcur *r,
                                                    TPMS_NV_PIN_COUNTER_PARAMETERS *v);

/* ---- PCR selections (pcr.c) ------------------------------------------------------ */
void tpm2l_marshal_TPMS_PCR_SELECT(tpm2l_wcur *w, const TPMS_PCR_SELECT *v);
void tpm2l_unmarshal_TPMS_PCR_SELECT(tpm2l_rcur *r, TPMS_PCR_SELECT *v);
void tpm2l_marshal_TPMS_PCR_SELECTION(tpm2l_wcur *w, const TPMS_PCR_SELECTION *v);
void tpm2l_unmarshal_TPMS_PCR_SELECTION(tpm2l_rcur *r, TPMS_PCR_SELECTION *v);
void tpm2l_marshal_TPML_PCR_SELECTION(tpm2l_wcur *w, const TPML_PCR_SELECTION *v);
void tpm2l_unmarshal_TPML_PCR_SELECTION(tpm2l_rcur *r, TPML_PCR_SELECTION *v);
void tpm2l_marshal_TPMS_TAGGED_PCR_SELECT(tpm2l_wcur *w, const TPMS_TAGGED_PCR_SELECT *v);
void tpm2l_unmarshal_TPMS_TAGGED_PCR_SELECT(tpm2l_rcur *r, TPMS_TAGGED_PCR_SELECT *v);

/* ---- Capabilities (capability.c) ------------------------------------------------- */
void tpm2l_marshal_TPMS_ALG_PROPERTY(tpm2l_wcur *w, const TPMS_ALG_PROPERTY *v);
void tpm2l_unmarshal_TPMS_ALG_PROPERTY(tpm2l_rcur *r, TPMS_ALG_PROPERTY *v);
void tpm2l_marshal_TPMS_TAGGED_PROPERTY(tpm2l_wcur *w, const TPMS_TAGGED_PROPERTY *v);
void tpm2l_unmarshal_TPMS_TAGGED_PROPERTY(tpm2l_rcur *r, TPMS_TAGGED_PROPERTY *v);
void tpm2l_marshal_TPMS_TAGGED_POLICY(tpm2l_wcur *w, const TPMS_TAGGED_POLICY *v);
void tpm2l_unmarshal_TPMS_TAGGED_POLICY(tpm2l_rcur *r, TPMS_TAGGED_POLICY *v);
void tpm2l_marshal_TPMS_ACT_DATA(tpm2l_wcur *w, const TPMS_ACT_DATA *v);
void tpm2l_unmarshal_TPMS_ACT_DATA(tpm2l_rcur *r, TPMS_ACT_DATA *v);
void tpm2l_marshal_TPML_CC(tpm2l_wcur *w, const TPML_CC *v);
void tpm2l_unmarshal_TPML_CC(tpm2l_rcur *r, TPML_CC *v);
void tpm2l_marshal_TPML_CCA(tpm2l_wcur *w, const TPML_CCA *v);
void tpm2l_unmarshal_TPML_CCA(tpm2l_rcur *r, TPML_CCA *v);
void tpm2l_marshal_TPML_ALG(tpm2l_wcur *w, const TPML_ALG *v);
void tpm2l_unmarshal_TPML_ALG(tpm2l_rcur *r, TPML_ALG *v);
void tpm2l_marshal_TPML_HANDLE(tpm2l_wcur *w, const TPML_HANDLE *v);
void tpm2l_unmarshal_TPML_HANDLE(tpm2l_rcur *r, TPML_HANDLE *v);
void tpm2l_marshal_TPML_ALG_PROPERTY(tpm2l_wcur *w, const TPML_ALG_PROPERTY *v);
void tpm2l_unmarshal_TPML_ALG_PROPERTY(tpm2l_rcur *r, TPML_ALG_PROPERTY *v);
void tpm2l_marshal_TPML_TAGGED_TPM_PROPERTY(tpm2l_wcur *w, const TPML_TAGGED_TPM_PROPERTY *v);
void tpm2l_unmarshal_TPML_TAGGED_TPM_PROPERTY(tpm2l_rcur *r, TPML_TAGGED_TPM_PROPERTY *v);
void tpm2l_marshal_TPML_TAGGED_PCR_PROPERTY(tpm2l_wcur *w, const TPML_TAGGED_PCR_PROPERTY *v);
void tpm2l_unmarshal_TPML_TAGGED_PCR_PROPERTY(tpm2l_rcur *r, TPML_TAGGED_PCR_PROPERTY *v);
void tpm2l_marshal_TPML_ECC_CURVE(tpm2l_wcur *w, const TPML_ECC_CURVE *v);
void tpm2l_unmarshal_TPML_ECC_CURVE(tpm2l_rcur *r, TPML_ECC_CURVE *v);
void tpm2l_marshal_TPML_TAGGED_POLICY(tpm2l_wcur *w, const TPML_TAGGED_POLICY *v);
void tpm2l_unmarshal_TPML_TAGGED_POLICY(tpm2l_rcur *r, TPML_TAGGED_POLICY *v);
void tpm2l_marshal_TPML_ACT_DATA(tpm2l_wcur *w, const TPML_ACT_DATA *v);
void tpm2l_unmarshal_TPML_ACT_DATA(tpm2l_rcur *r, TPML_ACT_DATA *v);
void tpm2l_marshal_TPMU_CAPABILITIES(tpm2l_wcur *w, TPM2_CAP sel, const TPMU_CAPABILITIES *v);
void tpm2l_unmarshal_TPMU_CAPABILITIES(tpm2l_rcur *r, TPM2_CAP sel, TPMU_CAPABILITIES *v);
void tpm2l_marshal_TPMS_CAPABILITY_DATA(tpm2l_wcur *w, const TPMS_CAPABILITY_DATA *v);
void tpm2l_unmarshal_TPMS_CAPABILITY_DATA(tpm2l_rcur *r, TPMS_CAPABILITY_DATA *v);

/* ---- Symmetric definitions and schemes (scheme.c) -------------------------------- */
void tpm2l_marshal_TPMU_SYM_KEY_BITS(tpm2l_wcur *w, TPMI_ALG_SYM sel, const TPMU_SYM_KEY_BITS *v);
void tpm2l_unmarshal_TPMU_SYM_KEY_BITS(tpm2l_rcur *r, TPMI_ALG_SYM sel, TPMU_SYM_KEY_BITS *v);
void tpm2l_marshal_TPMU_SYM_MODE(tpm2l_wcur *w, TPMI_ALG_SYM sel, const TPMU_SYM_MODE *v);
void tpm2l_unmarshal_TPMU_SYM_MODE(tpm2l_rcur *r, TPMI_ALG_SYM sel, TPMU_SYM_MODE *v);
void tpm2l_marshal_TPMT_SYM_DEF(tpm2l_wcur *w, const TPMT_SYM_DEF *v);
void tpm2l_unmarshal_TPMT_SYM_DEF(tpm2l_rcur *r, TPMT_SYM_DEF *v);
void tpm2l_marshal_TPMT_SYM_DEF_OBJECT(tpm2l_wcur *w, const TPMT_SYM_DEF_OBJECT *v);
void tpm2l_unmarshal_TPMT_SYM_DEF_OBJECT(tpm2l_rcur *r, TPMT_SYM_DEF_OBJECT *v);
void tpm2l_marshal_TPMS_SYMCIPHER_PARMS(tpm2l_wcur *w, const TPMS_SYMCIPHER_PARMS *v);
void tpm2l_unmarshal_TPMS_SYMCIPHER_PARMS(tpm2l_rcur *r, TPMS_SYMCIPHER_PARMS *v);
void tpm2l_marshal_TPMS_SCHEME_HASH(tpm2l_wcur *w, const TPMS_SCHEME_HASH *v);
void tpm2l_unmarshal_TPMS_SCHEME_HASH(tpm2l_rcur *r, TPMS_SCHEME_HASH *v);
void tpm2l_marshal_TPMS_SCHEME_ECDAA(tpm2l_wcur *w, const TPMS_SCHEME_ECDAA *v);
void tpm2l_unmarshal_TPMS_SCHEME_ECDAA(tpm2l_rcur *r, TPMS_SCHEME_ECDAA *v);
void tpm2l_marshal_TPMS_SCHEME_XOR(tpm2l_wcur *w, const TPMS_SCHEME_XOR *v);
void tpm2l_unmarshal_TPMS_SCHEME_XOR(tpm2l_rcur *r, TPMS_SCHEME_XOR *v);
void tpm2l_marshal_TPMU_SCHEME_KEYEDHASH(tpm2l_wcur *w, TPMI_ALG_KEYEDHASH_SCHEME sel,
                                         const TPMU_SCHEME_KEYEDHASH *v);
void tpm2l_unmarshal_TPMU_SCHEME_KEYEDHASH(tpm2l_rcur *r, TPMI_ALG_KEYEDHASH_SCHEME sel,
                                           TPMU_SCHEME_KEYEDHASH *v);
void tpm2l_marshal_TPMT_KEYEDHASH_SCHEME(tpm2l_wcur *w, const TPMT_KEYEDHASH_SCHEME *v);
void tpm2l_unmarshal_TPMT_KEYEDHASH_SCHEME(tpm2l_rcur *r, TPMT_KEYEDHASH_SCHEME *v);
void tpm2l_marshal_TPMU_SIG_SCHEME(tpm2l_wcur *w, TPMI_ALG_SIG_SCHEME sel,
                                   const TPMU_SIG_SCHEME *v);
void tpm2l_unmarshal_TPMU_SIG_SCHEME(tpm2l_rcur *r, TPMI_ALG_SIG_SCHEME sel, TPMU_SIG_SCHEME *v);
void tpm2l_marshal_TPMT_SIG_SCHEME(tpm2l_wcur *w, const TPMT_SIG_SCHEME *v);
void tpm2l_unmarshal_TPMT_SIG_SCHEME(tpm2l_rcur *r, TPMT_SIG_SCHEME *v);
void tpm2l_marshal_TPMU_KDF_SCHEME(tpm2l_wcur *w, TPMI_ALG_KDF sel, const TPMU_KDF_SCHEME *v);
void tpm2l_unmarshal_TPMU_KDF_SCHEME(tpm2l_rcur *r, TPMI_ALG_KDF sel, TPMU_KDF_SCHEME *v);
void tpm2l_marshal_TPMT_KDF_SCHEME(tpm2l_wcur *w, const TPMT_KDF_SCHEME *v);
void tpm2l_unmarshal_TPMT_KDF_SCHEME(tpm2l_rcur *r, TPMT_KDF_SCHEME *v);
void tpm2l_marshal_TPMU_ASYM_SCHEME(tpm2l_wcur *w, TPMI_ALG_ASYM_SCHEME sel,
                                    const TPMU_ASYM_SCHEME *v);
void tpm2l_unmarshal_TPMU_ASYM_SCHEME(tpm2l_rcur *r, TPMI_ALG_ASYM_SCHEME sel, TPMU_ASYM_SCHEME *v);
void tpm2l_marshal_TPMT_ASYM_SCHEME(tpm2l_wcur *w, const TPMT_ASYM_SCHEME *v);
void tpm2l_unmarshal_TPMT_ASYM_SCHEME(tpm2l_rcur *r, TPMT_ASYM_SCHEME *v);
void tpm2l_marshal_TPMT_RSA_SCHEME(tpm2l_wcur *w, const TPMT_RSA_SCHEME *v);
void tpm2l_unmarshal_TPMT_RSA_SCHEME(tpm2l_rcur *r, TPMT_RSA_SCHEME *v);
void tpm2l_marshal_TPMT_RSA_DECRYPT(tpm2l_wcur *w, const TPMT_RSA_DECRYPT *v);
void tpm2l_unmarshal_TPMT_RSA_DECRYPT(tpm2l_rcur *r, TPMT_RSA_DECRYPT *v);
void tpm2l_marshal_TPMT_ECC_SCHEME(tpm2l_wcur *w, const TPMT_ECC_SCHEME *v);
void tpm2l_unmarshal_TPMT_ECC_SCHEME(tpm2l_rcur *r, TPMT_ECC_SCHEME *v);

/* ---- Signatures and ECC points (signature.c) ------------------------------------- */
void tpm2l_marshal_TPMS_SIGNATURE_RSA(tpm2l_wcur *w, const TPMS_SIGNATURE_RSA *v);
void tpm2l_unmarshal_TPMS_SIGNATURE_RSA(tpm2l_rcur *r, TPMS_SIGNATURE_RSA *v);
void tpm2l_marshal_TPMS_SIGNATURE_ECC(tpm2l_wcur *w, const TPMS_SIGNATURE_ECC *v);
void tpm2l_unmarshal_TPMS_SIGNATURE_ECC(tpm2l_rcur *r, TPMS_SIGNATURE_ECC *v);
void tpm2l_marshal_TPMU_SIGNATURE(tpm2l_wcur *w, TPMI_ALG_SIG_SCHEME sel, const TPMU_SIGNATURE *v);
void tpm2l_unmarshal_TPMU_SIGNATURE(tpm2l_rcur *r, TPMI_ALG_SIG_SCHEME sel, TPMU_SIGNATURE *v);
void tpm2l_marshal_TPMT_SIGNATURE(tpm2l_wcur *w, const TPMT_SIGNATURE *v);
void tpm2l_unmarshal_TPMT_SIGNATURE(tpm2l_rcur *r, TPMT_SIGNATURE *v);
void tpm2l_marshal_TPMS_ECC_POINT(tpm2l_wcur *w, const TPMS_ECC_POINT *v);
void tpm2l_unmarshal_TPMS_ECC_POINT(tpm2l_rcur *r, TPMS_ECC_POINT *v);
void tpm2l_marshal_TPM2B_ECC_POINT(tpm2l_wcur *w, const TPM2B_ECC_POINT *v);
void tpm2l_unmarshal_TPM2B_ECC_POINT(tpm2l_rcur *r, TPM2B_ECC_POINT *v);
void tpm2l_marshal_TPMS_ALGORITHM_DETAIL_ECC(tpm2l_wcur *w, const TPMS_ALGORITHM_DETAIL_ECC *v);
void tpm2l_unmarshal_TPMS_ALGORITHM_DETAIL_ECC(tpm2l_rcur *r, TPMS_ALGORITHM_DETAIL_ECC *v);

/* ---- Public areas (public.c) ----------------------------------------------------- */
void tpm2l_marshal_TPMS_KEYEDHASH_PARMS(tpm2l_wcur *w, const TPMS_KEYEDHASH_PARMS *v);
void tpm2l_unmarshal_TPMS_KEYEDHASH_PARMS(tpm2l_rcur *r, TPMS_KEYEDHASH_PARMS *v);
void tpm2l_marshal_TPMS_ASYM_PARMS(tpm2l_wcur *w, const TPMS_ASYM_PARMS *v);
void tpm2l_unmarshal_TPMS_ASYM_PARMS(tpm2l_rcur *r, TPMS_ASYM_PARMS *v);
void tpm2l_marshal_TPMS_RSA_PARMS(tpm2l_wcur *w, const TPMS_RSA_PARMS *v);
void tpm2l_unmarshal_TPMS_RSA_PARMS(tpm2l_rcur *r, TPMS_RSA_PARMS *v);
void tpm2l_marshal_TPMS_ECC_PARMS(tpm2l_wcur *w, const TPMS_ECC_PARMS *v);
void tpm2l_unmarshal_TPMS_ECC_PARMS(tpm2l_rcur *r, TPMS_ECC_PARMS *v);
void tpm2l_marshal_TPMU_PUBLIC_PARMS(tpm2l_wcur *w, TPMI_ALG_PUBLIC sel,
                                     const TPMU_PUBLIC_PARMS *v);
void tpm2l_unmarshal_TPMU_PUBLIC_PARMS(tpm2l_rcur *r, TPMI_ALG_PUBLIC sel, TPMU_PUBLIC_PARMS *v);
void tpm2l_marshal_TPMT_PUBLIC_PARMS(tpm2l_wcur *w, const TPMT_PUBLIC_PARMS *v);
void tpm2l_unmarshal_TPMT_PUBLIC_PARMS(tpm2l_rcur *r, TPMT_PUBLIC_PARMS *v);
void tpm2l_marshal_TPMU_PUBLIC_ID(tpm2l_wcur *w, TPMI_ALG_PUBLIC sel, const TPMU_PUBLIC_ID *v);
void tpm2l_unmarshal_TPMU_PUBLIC_ID(tpm2l_rcur *r, TPMI_ALG_PUBLIC sel, TPMU_PUBLIC_ID *v);
void tpm2l_marshal_TPMT_PUBLIC(tpm2l_wcur *w, const TPMT_PUBLIC *v);
void tpm2l_unmarshal_TPMT_PUBLIC(tpm2l_rcur *r, TPMT_PUBLIC *v);
void tpm2l_marshal_TPM2B_PUBLIC(tpm2l_wcur *w, const TPM2B_PUBLIC *v);
void tpm2l_unmarshal_TPM2B_PUBLIC(tpm2l_rcur *r, TPM2B_PUBLIC *v);

/* ---- Sensitive areas (sensitive.c) ----------------------------------------------- */
void tpm2l_marshal_TPMS_SENSITIVE_CREATE(tpm2l_wcur *w, const TPMS_SENSITIVE_CREATE *v);
void tpm2l_unmarshal_TPMS_SENSITIVE_CREATE(tpm2l_rcur *r, TPMS_SENSITIVE_CREATE *v);
void tpm2l_marshal_TPM2B_SENSITIVE_CREATE(tpm2l_wcur *w, const TPM2B_SENSITIVE_CREATE *v);
void tpm2l_unmarshal_TPM2B_SENSITIVE_CREATE(tpm2l_rcur *r, TPM2B_SENSITIVE_CREATE *v);
void tpm2l_marshal_TPMU_SENSITIVE_COMPOSITE(tpm2l_wcur *w, TPMI_ALG_PUBLIC sel,
                                            const TPMU_SENSITIVE_COMPOSITE *v);
void tpm2l_unmarshal_TPMU_SENSITIVE_COMPOSITE(tpm2l_rcur *r, TPMI_ALG_PUBLIC sel,
                                              TPMU_SENSITIVE_COMPOSITE *v);
void tpm2l_marshal_TPMT_SENSITIVE(tpm2l_wcur *w, const TPMT_SENSITIVE *v);
void tpm2l_unmarshal_TPMT_SENSITIVE(tpm2l_rcur *r, TPMT_SENSITIVE *v);
void tpm2l_marshal_TPM2B_SENSITIVE(tpm2l_wcur *w, const TPM2B_SENSITIVE *v);
void tpm2l_unmarshal_TPM2B_SENSITIVE(tpm2l_rcur *r, TPM2B_SENSITIVE *v);

/* ---- Attestation and creation data (attest.c) ------------------------------------ */
void tpm2l_marshal_TPMS_CERTIFY_INFO(tpm2l_wcur *w, const TPMS_CERTIFY_INFO *v);
void tpm2l_unmarshal_TPMS_CERTIFY_INFO(tpm2l_rcur *r, TPMS_CERTIFY_INFO *v);
void tpm2l_marshal_TPMS_QUOTE_INFO(tpm2l_wcur *w, const TPMS_QUOTE_INFO *v);
void tpm2l_unmarshal_TPMS_QUOTE_INFO(tpm2l_rcur *r, TPMS_QUOTE_INFO *v);
void tpm2l_marshal_TPMS_COMMAND_AUDIT_INFO(tpm2l_wcur *w, const TPMS_COMMAND_AUDIT_INFO *v);
void tpm2l_unmarshal_TPMS_COMMAND_AUDIT_INFO(tpm2l_rcur *r, TPMS_COMMAND_AUDIT_INFO *v);
void tpm2l_marshal_TPMS_SESSION_AUDIT_INFO(tpm2l_wcur *w, const TPMS_SESSION_AUDIT_INFO *v);
void tpm2l_unmarshal_TPMS_SESSION_AUDIT_INFO(tpm2l_rcur *r, TPMS_SESSION_AUDIT_INFO *v);
void tpm2l_marshal_TPMS_CREATION_INFO(tpm2l_wcur *w, const TPMS_CREATION_INFO *v);
void tpm2l_unmarshal_TPMS_CREATION_INFO(tpm2l_rcur *r, TPMS_CREATION_INFO *v);
void tpm2l_marshal_TPMS_NV_CERTIFY_INFO(tpm2l_wcur *w, const TPMS_NV_CERTIFY_INFO *v);
void tpm2l_unmarshal_TPMS_NV_CERTIFY_INFO(tpm2l_rcur *r, TPMS_NV_CERTIFY_INFO *v);
void tpm2l_marshal_TPMS_NV_DIGEST_CERTIFY_INFO(tpm2l_wcur *w, const TPMS_NV_DIGEST_CERTIFY_INFO *v);
void tpm2l_unmarshal_TPMS_NV_DIGEST_CERTIFY_INFO(tpm2l_rcur *r, TPMS_NV_DIGEST_CERTIFY_INFO *v);
void tpm2l_marshal_TPMU_ATTEST(tpm2l_wcur *w, TPMI_ST_ATTEST sel, const TPMU_ATTEST *v);
void tpm2l_unmarshal_TPMU_ATTEST(tpm2l_rcur *r, TPMI_ST_ATTEST sel, TPMU_ATTEST *v);
void tpm2l_marshal_TPMS_ATTEST(tpm2l_wcur *w, const TPMS_ATTEST *v);
void tpm2l_unmarshal_TPMS_ATTEST(tpm2l_rcur *r, TPMS_ATTEST *v);
void tpm2l_marshal_TPMS_CREATION_DATA(tpm2l_wcur *w, const TPMS_CREATION_DATA *v);
void tpm2l_unmarshal_TPMS_CREATION_DATA(tpm2l_rcur *r, TPMS_CREATION_DATA *v);
void tpm2l_marshal_TPM2B_CREATION_DATA(tpm2l_wcur *w, const TPM2B_CREATION_DATA *v);
void tpm2l_unmarshal_TPM2B_CREATION_DATA(tpm2l_rcur *r, TPM2B_CREATION_DATA *v);

/* ---- NV and contexts (nv.c, context.c) ------------------------------------------- */
void tpm2l_marshal_TPMS_NV_PUBLIC(tpm2l_wcur *w, const TPMS_NV_PUBLIC *v);
void tpm2l_unmarshal_TPMS_NV_PUBLIC(tpm2l_rcur *r, TPMS_NV_PUBLIC *v);
void tpm2l_marshal_TPM2B_NV_PUBLIC(tpm2l_wcur *w, const TPM2B_NV_PUBLIC *v);
void tpm2l_unmarshal_TPM2B_NV_PUBLIC(tpm2l_rcur *r, TPM2B_NV_PUBLIC *v);
void tpm2l_marshal_TPMS_CONTEXT_DATA(tpm2l_wcur *w, const TPMS_CONTEXT_DATA *v);
void tpm2l_unmarshal_TPMS_CONTEXT_DATA(tpm2l_rcur *r, TPMS_CONTEXT_DATA *v);
void tpm2l_marshal_TPMS_CONTEXT(tpm2l_wcur *w, const TPMS_CONTEXT *v);
void tpm2l_unmarshal_TPMS_CONTEXT(tpm2l_rcur *r, TPMS_CONTEXT *v);

#ifdef __cplusplus
}
#endif
#endif
