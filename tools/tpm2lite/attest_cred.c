/* attest_cred.c - tpm2lite attest --attest CERT: the signing EK proved to live in the
 * TPM whose EK the certificate names.
 *
 * A credential (a random challenge) is made in software for the signing EK's name and
 * encrypted to the CERTIFICATE's key, never to a key the TPM reports: only a TPM
 * holding that key's private part, and holding an object with the signing EK's name,
 * gets the challenge back from ActivateCredential (Part 1 §24, Part 3 §12.5). The EK
 * handle used for ActivateCredential is the one whose key equals the certificate's
 * (tpm2l_ek_create_for_key); if the TPM lied about it, activation fails.
 *
 * Must never accept a challenge that differs (compared in constant time) and never
 * leave the EK, the signing EK or the policy session loaded.
 */
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "tools/tpm2lite/attest_int.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/ek.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/session.h"

int att_cert_key(cli *c, const char *path, TPMT_PUBLIC *key)
{
    static uint8_t buf[16384];
    size_t n;
    if (cli_read_file(c, path, buf, sizeof buf, &n))
        return CLI_FAIL;
    X509 *x = NULL;
    BIO *b = BIO_new_mem_buf(buf, (int)n);
    if (b)
        x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
    if (!x) {
        const unsigned char *p = buf;
        x = d2i_X509(NULL, &p, (long)n);
    }
    if (!x)
        return cli_error(c, "'%s' is not an X.509 certificate (PEM or DER)", path);
    EVP_PKEY *pk = X509_get0_pubkey(x);
    TPM2_RC rc = pk ? tpm2l_pubkey_from_evp(pk, key) : TPM2L_RC(TPM2L_LAYER_CRYPTO, TPM2L_E_BAD_VALUE);
    X509_free(x);
    if (rc)
        return cli_error(c, "the key of certificate '%s' is not an RSA or NIST P-256/384/521 "
                            "key: %s", path, tpm2l_rc_str(rc).s);
    return CLI_OK;
}

typedef struct {
    TPMT_PUBLIC key, protector;
    tpm2l_CreatePrimary_out sek;
    tpm2l_ek ek;
    TPM2B_DIGEST challenge;
    tpm2l_ActivateCredential_in ain;
    tpm2l_ActivateCredential_out aout;
    tpm2l_session s;
} attest_state;

static const char *source_str(const tpm2l_ek *ek)
{
    switch (ek->source) {
    case TPM2L_EK_FROM_NV: return "the TPM's NV EK template";
    default: return tpm2l_template_id_str(ek->id);
    }
}

/* MakeCredential in software, then ActivateCredential through the EK's policy. */
static int activate(cli *c, attest_state *st, const TPM2B_AUTH *eauth)
{
    tpm2l_auth_handle eh;
    TPM2_RC rc = tpm2l_auth_handle_set(&eh, TPM2_RH_ENDORSEMENT, eauth->buffer, eauth->size);
    if (rc)
        return cli_fail(c, rc, "endorsement authorization");
    /* Our own template with the certificate's key: the encryption follows the
     * template's nameAlg and symmetric algorithm, the key comes from the certificate. */
    st->protector = st->ek.tmpl;
    st->protector.unique = st->key.unique;
    st->challenge.size = 32;
    rc = tpm2l_random(&c->ctx, st->challenge.buffer, 32);
    memset(&st->ain, 0, sizeof st->ain);
    if (!rc)
        rc = tpm2l_make_credential(&c->ctx.crypto, &st->protector, &st->challenge,
                                   &st->sek.name, &st->ain.credentialBlob, &st->ain.secret);
    if (rc) {
        tpm2l_cleanse(&eh, sizeof eh);
        return cli_fail(c, rc, "MakeCredential (software)");
    }

    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = st->ek.pub.publicArea.nameAlg;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    rc = tpm2l_session_start(&c->ctx, &st->s, &p);
    if (rc) {
        tpm2l_cleanse(&eh, sizeof eh);
        return cli_fail(c, rc, "StartAuthSession");
    }
    rc = tpm2l_ek_policy_run(&c->ctx, &st->ek.pub.publicArea, &eh, &st->s);
    tpm2l_cleanse(&eh, sizeof eh);
    int status = CLI_OK;
    if (rc)
        status = cli_fail(c, rc, "the EK's policy");
    if (!status) {
        st->ain.activateHandle.handle = st->sek.objectHandle.handle;
        st->ain.activateHandle.name = st->sek.name;
        st->ain.keyHandle.handle = st->ek.handle.handle;
        st->ain.keyHandle.name = st->ek.handle.name;
        st->ain.keyHandle.session = &st->s;
        rc = tpm2l_ActivateCredential(&c->ctx, &st->ain, &st->aout);
        if (rc)
            status = cli_fail(c, rc, "ActivateCredential (the TPM refused the credential "
                                     "made for the signing EK)");
    }
    (void)tpm2l_session_flush(&c->ctx, &st->s);
    if (status)
        return status;
    int same = st->aout.certInfo.size == st->challenge.size &&
               tpm2l_ct_equal(st->aout.certInfo.buffer, st->challenge.buffer, 32);
    tpm2l_cleanse(&st->aout, sizeof st->aout);
    tpm2l_cleanse(&st->challenge, sizeof st->challenge);
    if (!same)
        return cli_error(c, "ActivateCredential returned another challenge than the one sent");
    return CLI_OK;
}

int att_attest(cli *c, const char *cert_path, const TPMT_PUBLIC *key, const char *name_path,
               const char *pem_path, const TPM2B_AUTH *eauth)
{
    static attest_state st;
    memset(&st, 0, sizeof st);
    st.key = *key;
    int status = att_signing_ek(c, eauth, &st.sek);
    if (status)
        return status;
    if (name_path)
        status = att_name_check(c, name_path, &st.sek.name, "the signing EK");
    if (!status) {
        tpm2l_auth_handle eh;
        TPM2_RC rc = tpm2l_auth_handle_set(&eh, TPM2_RH_ENDORSEMENT, eauth->buffer, eauth->size);
        if (!rc)
            rc = tpm2l_ek_create_for_key(&c->ctx, &eh, &st.key, &st.ek);
        tpm2l_cleanse(&eh, sizeof eh);
        if (rc == TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_NOT_FOUND))
            status = cli_error(c, "the certificate '%s' is not for this TPM's EK: %s", cert_path,
                               tpm2l_ctx_error(&c->ctx));
        else if (rc)
            status = cli_fail(c, rc, "deriving the EK");
    }
    if (!status) {
        status = activate(c, &st, eauth);
        int f = att_flush(c, st.ek.handle.handle);
        status = status ? status : f;
    }
    int f = att_flush(c, st.sek.objectHandle.handle);
    status = status ? status : f;
    if (status)
        return status;
    printf("Attestation of signing EK successful (EK from %s)\n", source_str(&st.ek));
    return pem_path ? att_write_pem(c, pem_path, &st.sek.outPublic.publicArea) : CLI_OK;
}
