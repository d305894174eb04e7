/* credential_sw.c - the outer wrapper of Part 1 §24 in software: MakeCredential's
 * credential blob ("IDENTITY") and an Import duplicate ("DUPLICATE") made for a TPM
 * key whose private part we never see; and OpenSSL key pairs as TPM areas to wrap.
 *
 * Must never return a blob the TPM would not accept byte for byte (the integration
 * tests hand every one to a real TPM), never leave a seed, derived key or sensitive
 * area unwiped, and never allocate on the blob path (OpenSSL's HMAC and cipher state
 * aside, as everywhere in this layer).
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "tpm2lite/credential.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/marshal.h"

#define CRYPTO(reason) TPM2L_RC_CRYPTO(reason)

/* The protector's symmetric key size in bytes: Part 1 §24.4 takes the outer wrapper's
 * cipher from the protector's own symmetric definition, and the TPM only ever uses
 * CFB there. */
static TPM2_RC protector_sym_bytes(const TPMT_PUBLIC *p, size_t *bytes)
{
    const TPMT_SYM_DEF_OBJECT *s;
    if (p->type == TPM2_ALG_RSA)
        s = &p->parameters.rsaDetail.symmetric;
    else if (p->type == TPM2_ALG_ECC)
        s = &p->parameters.eccDetail.symmetric;
    else
        return CRYPTO(TPM2L_E_BAD_SELECTOR);
    if (s->algorithm != TPM2_ALG_AES || s->mode.aes != TPM2_ALG_CFB)
        return CRYPTO(TPM2L_E_NOT_SUPPORTED);
    if (s->keyBits.aes != 128 && s->keyBits.aes != 192 && s->keyBits.aes != 256)
        return CRYPTO(TPM2L_E_BAD_VALUE);
    *bytes = s->keyBits.aes / 8u;
    return 0;
}

/* out[0..*out_len) = u16 ds || HMAC(hmacKey, C || name) || C, C = AES-CFB(symKey, 0,
 * plain). The TPM2B_DIGEST size prefix of the HMAC is part of the blob (Part 2
 * TPMS_ID_OBJECT / _PRIVATE), the ciphertext has none. */
static TPM2_RC outer_wrap(tpm2l_crypto *c, const TPMT_PUBLIC *protector, const char *label,
                          const TPM2B_NAME *name, const uint8_t *plain, size_t plain_len,
                          uint8_t *out, size_t cap, size_t *out_len,
                          TPM2B_ENCRYPTED_SECRET *seed_out)
{
    uint8_t seed[64], sym_key[32], hmac_key[64];
    static const uint8_t zero_iv[16];
    size_t seed_len = 0, key_bytes = 0;
    size_t ds = tpm2l_hash_size(protector->nameAlg);
    TPM2_RC rc;

    *out_len = 0;
    if (!ds)
        return CRYPTO(TPM2L_E_BAD_SELECTOR);
    if ((rc = protector_sym_bytes(protector, &key_bytes)))
        return rc;
    if (name->size < 2 + 20 || name->size > sizeof name->name)
        return CRYPTO(TPM2L_E_BAD_ARG);
    if (2 + ds + plain_len > cap)
        return CRYPTO(TPM2L_E_INSUFFICIENT);

    rc = tpm2l_encaps(c, protector, label, seed, sizeof seed, &seed_len, seed_out);
    if (!rc)
        rc = tpm2l_kdfa(c, protector->nameAlg, seed, seed_len, "STORAGE", name->name,
                        name->size, NULL, 0, (uint32_t)(8 * key_bytes), sym_key,
                        sizeof sym_key);
    if (!rc)
        rc = tpm2l_kdfa(c, protector->nameAlg, seed, seed_len, "INTEGRITY", NULL, 0, NULL, 0,
                        (uint32_t)(8 * ds), hmac_key, sizeof hmac_key);
    uint8_t *ct = out + 2 + ds;
    if (!rc) {
        memcpy(ct, plain, plain_len);
        rc = tpm2l_aes_cfb(c, 1, sym_key, key_bytes, zero_iv, ct, plain_len);
    }
    if (!rc) {
        tpm2l_hmac_state h;
        rc = tpm2l_hmac_start(c, &h, protector->nameAlg, hmac_key, ds);
        if (!rc) {
            tpm2l_hmac_update(&h, ct, plain_len);
            tpm2l_hmac_update(&h, name->name, name->size);
            rc = tpm2l_hmac_finish(&h, out + 2, ds);
        }
    }
    OPENSSL_cleanse(seed, sizeof seed);
    OPENSSL_cleanse(sym_key, sizeof sym_key);
    OPENSSL_cleanse(hmac_key, sizeof hmac_key);
    if (rc) {
        OPENSSL_cleanse(out, cap);
        memset(seed_out, 0, sizeof *seed_out);
        return rc;
    }
    out[0] = (uint8_t)(ds >> 8);
    out[1] = (uint8_t)ds;
    *out_len = 2 + ds + plain_len;
    return 0;
}

TPM2_RC tpm2l_make_credential(tpm2l_crypto *c, const TPMT_PUBLIC *ekPub,
                              const TPM2B_DIGEST *credential, const TPM2B_NAME *objectName,
                              TPM2B_ID_OBJECT *credentialBlob, TPM2B_ENCRYPTED_SECRET *secret)
{
    if (!ekPub || !credential || !objectName || !credentialBlob || !secret)
        return CRYPTO(TPM2L_E_BAD_ARG);
    memset(credentialBlob, 0, sizeof *credentialBlob);
    memset(secret, 0, sizeof *secret);
    /* Part 3 §12.6: the TPM refuses a credential longer than the EK's nameAlg digest
     * (TPM_RC_SIZE); a blob it could never have made is no use to anyone. */
    size_t ds = tpm2l_hash_size(ekPub->nameAlg);
    if (!ds)
        return CRYPTO(TPM2L_E_BAD_SELECTOR);
    if (!credential->size || credential->size > ds)
        return CRYPTO(TPM2L_E_BAD_ARG);

    uint8_t plain[2 + sizeof credential->buffer];
    tpm2l_wcur w;
    size_t plain_len = 0, len = 0;
    tpm2l_wcur_init(&w, plain, sizeof plain);
    tpm2l_marshal_TPM2B_DIGEST(&w, credential);
    TPM2_RC rc = tpm2l_wcur_finish(&w, &plain_len);
    if (!rc)
        rc = outer_wrap(c, ekPub, "IDENTITY", objectName, plain, plain_len,
                        credentialBlob->credential, sizeof credentialBlob->credential, &len,
                        secret);
    OPENSSL_cleanse(plain, sizeof plain);
    if (rc)
        return rc;
    credentialBlob->size = (uint16_t)len;
    return 0;
}

TPM2_RC tpm2l_wrap_for_import(tpm2l_crypto *c, const TPMT_PUBLIC *parentPub,
                              const TPMT_SENSITIVE *sensitive, const TPMT_PUBLIC *objectPublic,
                              TPM2B_PRIVATE *duplicate, TPM2B_ENCRYPTED_SECRET *inSymSeed)
{
    if (!parentPub || !sensitive || !objectPublic || !duplicate || !inSymSeed)
        return CRYPTO(TPM2L_E_BAD_ARG);
    memset(duplicate, 0, sizeof *duplicate);
    memset(inSymSeed, 0, sizeof *inSymSeed);
    /* Part 3 §13.3: Import refuses fixedTPM and fixedParent objects (TPM_RC_ATTRIBUTES). */
    if (objectPublic->objectAttributes & (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT))
        return CRYPTO(TPM2L_E_BAD_ARG);
    if (sensitive->sensitiveType != objectPublic->type)
        return CRYPTO(TPM2L_E_BAD_ARG);

    TPM2B_NAME name;
    TPM2_RC rc = tpm2l_name_from_public(objectPublic, &name);
    if (rc)
        return rc;

    /* No inner wrapper: the plaintext is the marshalled TPM2B_SENSITIVE itself. */
    uint8_t plain[sizeof(TPM2B_SENSITIVE) + 2];
    TPM2B_SENSITIVE s2b;
    memset(&s2b, 0, sizeof s2b);
    s2b.sensitiveArea = *sensitive;
    tpm2l_wcur w;
    size_t plain_len = 0, len = 0;
    tpm2l_wcur_init(&w, plain, sizeof plain);
    tpm2l_marshal_TPM2B_SENSITIVE(&w, &s2b);
    rc = tpm2l_wcur_finish(&w, &plain_len);
    OPENSSL_cleanse(&s2b, sizeof s2b);
    if (!rc)
        rc = outer_wrap(c, parentPub, "DUPLICATE", &name, plain, plain_len, duplicate->buffer,
                        sizeof duplicate->buffer, &len, inSymSeed);
    OPENSSL_cleanse(plain, sizeof plain);
    if (rc)
        return rc;
    duplicate->size = (uint16_t)len;
    return 0;
}

static TPM2_RC bn_out(const EVP_PKEY *pkey, const char *param, uint8_t *buf, size_t bytes)
{
    BIGNUM *bn = NULL;
    if (!EVP_PKEY_get_bn_param(pkey, param, &bn))
        return CRYPTO(TPM2L_E_BAD_VALUE); /* a public key only, or no such factor */
    int ok = BN_bn2binpad(bn, buf, (int)bytes) == (int)bytes;
    BN_clear_free(bn);
    return ok ? 0 : CRYPTO(TPM2L_E_BAD_VALUE);
}

TPM2_RC tpm2l_key_from_evp(const struct evp_pkey_st *pkey, TPM2_ALG_ID nameAlg,
                           TPMA_OBJECT objectAttributes, const TPM2B_AUTH *auth,
                           TPMT_PUBLIC *pub, TPMT_SENSITIVE *sens)
{
    if (!pkey || !pub || !sens)
        return CRYPTO(TPM2L_E_BAD_ARG);
    size_t ds = tpm2l_hash_size(nameAlg);
    if (!ds)
        return CRYPTO(TPM2L_E_BAD_SELECTOR);
    if (auth && auth->size > ds)
        return CRYPTO(TPM2L_E_BAD_ARG);
    memset(pub, 0, sizeof *pub);
    memset(sens, 0, sizeof *sens);
    TPM2_RC rc = tpm2l_pubkey_from_evp(pkey, pub);
    if (rc)
        return rc;
    pub->nameAlg = nameAlg;
    pub->objectAttributes = objectAttributes;
    sens->sensitiveType = pub->type;
    if (auth)
        sens->authValue = *auth;
    if (pub->type == TPM2_ALG_RSA) {
        /* Part 2 §12.3.2.3: the TPM keeps one prime and rebuilds the rest from it. */
        size_t half = pub->parameters.rsaDetail.keyBits / 16u;
        sens->sensitive.rsa.size = (uint16_t)half;
        rc = bn_out(pkey, OSSL_PKEY_PARAM_RSA_FACTOR1, sens->sensitive.rsa.buffer, half);
    } else {
        size_t cs = pub->unique.ecc.x.size;
        sens->sensitive.ecc.size = (uint16_t)cs;
        rc = bn_out(pkey, OSSL_PKEY_PARAM_PRIV_KEY, sens->sensitive.ecc.buffer, cs);
    }
    if (rc)
        OPENSSL_cleanse(sens, sizeof *sens);
    return rc;
}
