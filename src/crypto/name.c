/* name.c - names of TPM entities (Part 1, Names): nameAlg || H_nameAlg(public area) for
 * objects and NV indices, the handle itself for everything else.
 *
 * Must never report a name for an object without hashing its public area (the point
 * of a name is that an interposer cannot forge it), and never compare names in time
 * that depends on where they differ.
 */
#include <string.h>

#include "tpm2lite/crypto.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/marshal.h"

/* Large enough for any marshalled TPMT_PUBLIC: its wire form is never longer than the
 * C struct (every C field is at least as wide as its encoding). */
#define PUBLIC_MAX sizeof(TPMT_PUBLIC)

static TPM2_RC name_from_bytes(TPM2_ALG_ID alg, const uint8_t *p, size_t n, TPM2B_NAME *name)
{
    size_t dsize = tpm2l_hash_size(alg);
    if (!dsize)
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_SELECTOR);
    if (2 + dsize > sizeof name->name)
        return TPM2L_RC_CRYPTO(TPM2L_E_INSUFFICIENT);
    name->name[0] = (uint8_t)(alg >> 8);
    name->name[1] = (uint8_t)alg;
    TPM2_RC rc = tpm2l_hash(NULL, alg, p, n, name->name + 2, sizeof name->name - 2);
    if (rc) {
        memset(name, 0, sizeof *name);
        return rc;
    }
    name->size = (uint16_t)(2 + dsize);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_name_from_public(const TPMT_PUBLIC *pub, TPM2B_NAME *name)
{
    uint8_t buf[PUBLIC_MAX];
    tpm2l_wcur w;
    size_t n;

    memset(name, 0, sizeof *name);
    /* The reference TPM gives an object whose nameAlg is NULL the empty name. */
    if (pub->nameAlg == TPM2_ALG_NULL)
        return TPM2_RC_SUCCESS;
    tpm2l_wcur_init(&w, buf, sizeof buf);
    tpm2l_marshal_TPMT_PUBLIC(&w, pub);
    TPM2_RC rc = tpm2l_wcur_finish(&w, &n);
    if (rc)
        return rc;
    return name_from_bytes(pub->nameAlg, buf, n, name);
}

TPM2_RC tpm2l_name_from_nv_public(const TPMS_NV_PUBLIC *pub, TPM2B_NAME *name)
{
    uint8_t buf[sizeof(TPMS_NV_PUBLIC) + 8];
    tpm2l_wcur w;
    size_t n;

    memset(name, 0, sizeof *name);
    tpm2l_wcur_init(&w, buf, sizeof buf);
    tpm2l_marshal_TPMS_NV_PUBLIC(&w, pub);
    TPM2_RC rc = tpm2l_wcur_finish(&w, &n);
    if (rc)
        return rc;
    return name_from_bytes(pub->nameAlg, buf, n, name);
}

TPM2_RC tpm2l_name_from_handle(TPM2_HANDLE handle, TPM2B_NAME *name)
{
    memset(name, 0, sizeof *name);
    switch (handle >> 24) {
    case 0x00: /* PCR */
    case 0x02: /* HMAC session (loaded) */
    case 0x03: /* policy session (loaded) */
    case 0x40: /* permanent */
        break;
    default: /* NV indices, transient and persistent objects, AC: named by their public */
        return TPM2L_RC_CRYPTO(TPM2L_E_BAD_ARG);
    }
    name->size = 4;
    name->name[0] = (uint8_t)(handle >> 24);
    name->name[1] = (uint8_t)(handle >> 16);
    name->name[2] = (uint8_t)(handle >> 8);
    name->name[3] = (uint8_t)handle;
    return TPM2_RC_SUCCESS;
}

int tpm2l_name_equal(const TPM2B_NAME *a, const TPM2B_NAME *b)
{
    /* Sizes are public (they follow from nameAlg); only the contents need constant time. */
    if (a->size != b->size || a->size > sizeof a->name)
        return 0;
    return tpm2l_ct_equal(a->name, b->name, a->size);
}
