/* keys_util.c - helpers the keys integration tests share. */
#include <string.h>

#include "tests/integration/keys/keys_util.h"

tpm2l_CreatePrimary_out primary;

int keys_setup(void **state)
{
    (void)state;
    create_primary(TPM2_ALG_ECC, &primary);
    return 0;
}

int keys_teardown(void **state)
{
    (void)state;
    flush(primary.objectHandle.handle);
    return 0;
}

tpm2l_auth_handle object_auth(const tpm2l_handle *h, const char *auth)
{
    tpm2l_auth_handle ah = hierarchy(h->handle, auth);
    ah.name = h->name;
    return ah;
}

void key_template(TPMT_PUBLIC *t, TPM2_ALG_ID type, TPMA_OBJECT attrs)
{
    memset(t, 0, sizeof *t);
    t->type = type;
    t->nameAlg = TPM2_ALG_SHA256;
    t->objectAttributes = attrs;
    switch (type) {
    case TPM2_ALG_RSA:
        t->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
        t->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
        t->parameters.rsaDetail.keyBits = 2048;
        break;
    case TPM2_ALG_ECC:
        t->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
        t->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
        t->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
        t->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
        break;
    case TPM2_ALG_SYMCIPHER:
        t->parameters.symDetail.sym.algorithm = TPM2_ALG_AES;
        t->parameters.symDetail.sym.keyBits.aes = 128;
        t->parameters.symDetail.sym.mode.aes = TPM2_ALG_CFB;
        break;
    case TPM2_ALG_KEYEDHASH:
        t->parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_HMAC;
        t->parameters.keyedHashDetail.scheme.details.hmac.hashAlg = TPM2_ALG_SHA256;
        break;
    default:
        fail_msg("key_template: type 0x%04x", type);
    }
}

void create_under(const tpm2l_handle *parent, const TPMT_PUBLIC *pub, const char *auth,
                  const uint8_t *data, size_t len, tpm2l_Create_out *out)
{
    static tpm2l_Create_in in;
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(parent, NULL);
    in.inPublic.publicArea = *pub;
    if (auth) {
        in.inSensitive.sensitive.userAuth.size = (uint16_t)strlen(auth);
        memcpy(in.inSensitive.sensitive.userAuth.buffer, auth, strlen(auth));
    }
    if (data) {
        in.inSensitive.sensitive.data.size = (uint16_t)len;
        memcpy(in.inSensitive.sensitive.data.buffer, data, len);
    }
    OK(tpm2l_Create(&ctx, &in, out));
}

void load_under(const tpm2l_handle *parent, const tpm2l_Create_out *cr, tpm2l_Load_out *out)
{
    static tpm2l_Load_in in;
    memset(&in, 0, sizeof in);
    in.parentHandle = object_auth(parent, NULL);
    in.inPrivate = cr->outPrivate;
    in.inPublic = cr->outPublic;
    OK(tpm2l_Load(&ctx, &in, out));
}

void create_loaded(const TPMT_PUBLIC *pub, const char *auth, const uint8_t *data, size_t len,
                   tpm2l_Create_out *cr, tpm2l_Load_out *out)
{
    create_under(&primary.objectHandle, pub, auth, data, len, cr);
    load_under(&primary.objectHandle, cr, out);
}
