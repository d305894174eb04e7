/* tpm2b.c - the byte TPM2Bs (size, then bytes) and the helpers every marshal file uses.
 *
 * Must never read past a source array (a size above the array is refused, not trusted)
 * nor write past a destination array (a size above it is INSUFFICIENT, not clamped).
 */
#include "tpm2lite/marshal.h"
#include "src/marshal/internal.h"

void tpm2l_put_tpm2b(tpm2l_wcur *w, uint16_t size, const uint8_t *buf, size_t cap)
{
    if (size > cap) {
        tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_VALUE);
        return;
    }
    tpm2l_wcur_u16(w, size);
    tpm2l_wcur_bytes(w, buf, size);
}

void tpm2l_get_tpm2b(tpm2l_rcur *r, uint16_t *size, uint8_t *buf, size_t cap)
{
    *size = tpm2l_rcur_sized16(r, buf, cap);
}

void tpm2l_put_count(tpm2l_wcur *w, uint32_t count, size_t max)
{
    if (count > max) {
        tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_VALUE);
        return;
    }
    tpm2l_wcur_u32(w, count);
}

uint32_t tpm2l_get_count(tpm2l_rcur *r, size_t max)
{
    uint32_t count = tpm2l_rcur_u32(r);
    if (r->err)
        return 0;
    if (count > max) {
        tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_INSUFFICIENT);
        return 0;
    }
    return count;
}

void tpm2l_put_select(tpm2l_wcur *w, uint8_t sizeofSelect, const uint8_t *sel, size_t cap)
{
    if (sizeofSelect > cap) {
        tpm2l_wcur_fail(w, TPM2L_RC_MARSHAL_VALUE);
        return;
    }
    tpm2l_wcur_u8(w, sizeofSelect);
    tpm2l_wcur_bytes(w, sel, sizeofSelect);
}

uint8_t tpm2l_get_select(tpm2l_rcur *r, uint8_t *sel, size_t cap)
{
    uint8_t n = tpm2l_rcur_u8(r);
    if (r->err)
        return 0;
    if (n > cap) {
        tpm2l_rcur_fail(r, TPM2L_RC_MARSHAL_INSUFFICIENT);
        return 0;
    }
    tpm2l_rcur_bytes(r, sel, n);
    return r->err ? 0 : n;
}

uint16_t tpm2l_nested_begin(tpm2l_rcur *r, tpm2l_rcur *sub)
{
    uint16_t size = tpm2l_rcur_u16(r);
    tpm2l_rcur_sub(r, size, sub);
    return r->err ? 0 : size;
}

void tpm2l_nested_end(tpm2l_rcur *r, const tpm2l_rcur *sub)
{
    TPM2_RC rc = tpm2l_rcur_finish(sub);
    if (rc)
        tpm2l_rcur_fail(r, rc);
}

void tpm2l_marshal_TPM2B_DIGEST(tpm2l_wcur *w, const TPM2B_DIGEST *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_DIGEST(tpm2l_rcur *r, TPM2B_DIGEST *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_NONCE(tpm2l_wcur *w, const TPM2B_NONCE *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_NONCE(tpm2l_rcur *r, TPM2B_NONCE *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_AUTH(tpm2l_wcur *w, const TPM2B_AUTH *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_AUTH(tpm2l_rcur *r, TPM2B_AUTH *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_OPERAND(tpm2l_wcur *w, const TPM2B_OPERAND *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_OPERAND(tpm2l_rcur *r, TPM2B_OPERAND *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_DATA(tpm2l_wcur *w, const TPM2B_DATA *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_DATA(tpm2l_rcur *r, TPM2B_DATA *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_EVENT(tpm2l_wcur *w, const TPM2B_EVENT *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_EVENT(tpm2l_rcur *r, TPM2B_EVENT *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_MAX_BUFFER(tpm2l_wcur *w, const TPM2B_MAX_BUFFER *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_MAX_BUFFER(tpm2l_rcur *r, TPM2B_MAX_BUFFER *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_MAX_NV_BUFFER(tpm2l_wcur *w, const TPM2B_MAX_NV_BUFFER *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_MAX_NV_BUFFER(tpm2l_rcur *r, TPM2B_MAX_NV_BUFFER *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_TIMEOUT(tpm2l_wcur *w, const TPM2B_TIMEOUT *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_TIMEOUT(tpm2l_rcur *r, TPM2B_TIMEOUT *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_IV(tpm2l_wcur *w, const TPM2B_IV *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_IV(tpm2l_rcur *r, TPM2B_IV *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_NAME(tpm2l_wcur *w, const TPM2B_NAME *v)
{
    tpm2l_put_tpm2b(w, v->size, v->name, sizeof v->name);
}

void tpm2l_unmarshal_TPM2B_NAME(tpm2l_rcur *r, TPM2B_NAME *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->name, sizeof v->name);
}

void tpm2l_marshal_TPM2B_ATTEST(tpm2l_wcur *w, const TPM2B_ATTEST *v)
{
    tpm2l_put_tpm2b(w, v->size, v->attestationData, sizeof v->attestationData);
}

void tpm2l_unmarshal_TPM2B_ATTEST(tpm2l_rcur *r, TPM2B_ATTEST *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->attestationData, sizeof v->attestationData);
}

void tpm2l_marshal_TPM2B_SYM_KEY(tpm2l_wcur *w, const TPM2B_SYM_KEY *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_SYM_KEY(tpm2l_rcur *r, TPM2B_SYM_KEY *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_LABEL(tpm2l_wcur *w, const TPM2B_LABEL *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_LABEL(tpm2l_rcur *r, TPM2B_LABEL *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_DERIVE(tpm2l_wcur *w, const TPM2B_DERIVE *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_DERIVE(tpm2l_rcur *r, TPM2B_DERIVE *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_SENSITIVE_DATA(tpm2l_wcur *w, const TPM2B_SENSITIVE_DATA *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_SENSITIVE_DATA(tpm2l_rcur *r, TPM2B_SENSITIVE_DATA *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_PUBLIC_KEY_RSA(tpm2l_wcur *w, const TPM2B_PUBLIC_KEY_RSA *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_PUBLIC_KEY_RSA(tpm2l_rcur *r, TPM2B_PUBLIC_KEY_RSA *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_PRIVATE_KEY_RSA(tpm2l_wcur *w, const TPM2B_PRIVATE_KEY_RSA *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_PRIVATE_KEY_RSA(tpm2l_rcur *r, TPM2B_PRIVATE_KEY_RSA *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_ECC_PARAMETER(tpm2l_wcur *w, const TPM2B_ECC_PARAMETER *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_ECC_PARAMETER(tpm2l_rcur *r, TPM2B_ECC_PARAMETER *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_ENCRYPTED_SECRET(tpm2l_wcur *w, const TPM2B_ENCRYPTED_SECRET *v)
{
    tpm2l_put_tpm2b(w, v->size, v->secret, sizeof v->secret);
}

void tpm2l_unmarshal_TPM2B_ENCRYPTED_SECRET(tpm2l_rcur *r, TPM2B_ENCRYPTED_SECRET *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->secret, sizeof v->secret);
}

void tpm2l_marshal_TPM2B_TEMPLATE(tpm2l_wcur *w, const TPM2B_TEMPLATE *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_TEMPLATE(tpm2l_rcur *r, TPM2B_TEMPLATE *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_PRIVATE_VENDOR_SPECIFIC(tpm2l_wcur *w,
                                                 const TPM2B_PRIVATE_VENDOR_SPECIFIC *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_PRIVATE_VENDOR_SPECIFIC(tpm2l_rcur *r, TPM2B_PRIVATE_VENDOR_SPECIFIC *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_PRIVATE(tpm2l_wcur *w, const TPM2B_PRIVATE *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_PRIVATE(tpm2l_rcur *r, TPM2B_PRIVATE *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_ID_OBJECT(tpm2l_wcur *w, const TPM2B_ID_OBJECT *v)
{
    tpm2l_put_tpm2b(w, v->size, v->credential, sizeof v->credential);
}

void tpm2l_unmarshal_TPM2B_ID_OBJECT(tpm2l_rcur *r, TPM2B_ID_OBJECT *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->credential, sizeof v->credential);
}

void tpm2l_marshal_TPM2B_CONTEXT_SENSITIVE(tpm2l_wcur *w, const TPM2B_CONTEXT_SENSITIVE *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_CONTEXT_SENSITIVE(tpm2l_rcur *r, TPM2B_CONTEXT_SENSITIVE *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_marshal_TPM2B_CONTEXT_DATA(tpm2l_wcur *w, const TPM2B_CONTEXT_DATA *v)
{
    tpm2l_put_tpm2b(w, v->size, v->buffer, sizeof v->buffer);
}

void tpm2l_unmarshal_TPM2B_CONTEXT_DATA(tpm2l_rcur *r, TPM2B_CONTEXT_DATA *v)
{
    tpm2l_get_tpm2b(r, &v->size, v->buffer, sizeof v->buffer);
}
