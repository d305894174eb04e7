/* scenarios_attest.c - corpus scenarios of the quote and attest workflows: a restricted
 * signing key quotes PCRs and software checks signature, extraData, signer and PCR
 * digest; the signing EK (attest_tpm2_primary) receives a credential made in software
 * for the EK and activated through PolicySecret(endorsement), and certifies the NULL
 * and owner storage primaries. Each software check is also shown to fail on a changed
 * input, so none of them passes vacuously. Nonces come from the seeded source. */
#include <stdio.h>
#include <string.h>

#include "tests/corpus/scenarios.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/credential.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/pcrspec.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"
#include "tpm2lite/templates.h"

#define BAD_VALUE TPM2L_RC_CRYPTO(TPM2L_E_BAD_VALUE)
#define BAD_NAME TPM2L_RC_CRYPTO(TPM2L_E_NAME_MISMATCH)

typedef struct {
    tpm2l_handle h;
    TPMT_PUBLIC pub;
    TPM2B_NAME qn; /* qualified name */
} att_key;

/* CreatePrimary from template id (or tmpl when given) under hierarchy, kept loaded. */
static TPM2_RC primary(scenario_run *s, TPM2_HANDLE hierarchy, tpm2l_template_id id,
                       const TPMT_PUBLIC *tmpl, att_key *k)
{
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    TPM2B_NAME hn;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.primaryHandle, hierarchy, NULL, 0), 0);
    if (tmpl)
        in.inPublic.publicArea = *tmpl;
    else
        CHECK(s, tpm2l_template_get(id, &in.inPublic.publicArea), 0);
    CHECK(s, tpm2l_CreatePrimary(s->ctx, &in, &out), 0);
    k->h = out.objectHandle;
    k->pub = out.outPublic.publicArea;
    /* Part 1 §16: a primary's parent qualified name is its hierarchy's handle. */
    CHECK(s, tpm2l_name_from_handle(hierarchy, &hn), 0);
    CHECK(s, tpm2l_qualified_name(&s->ctx->crypto, &hn, &k->h.name, &k->qn), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC nonce(scenario_run *s, TPM2B_DATA *d)
{
    d->size = 16;
    return tpm2l_random(s->ctx, d->buffer, d->size);
}

static TPM2_RC read_pcrs(scenario_run *s, const TPML_PCR_SELECTION *sel, uint8_t vals[4 * 32])
{
    static tpm2l_PCR_Read_in in;
    static tpm2l_PCR_Read_out out;
    in.pcrSelectionIn = *sel;
    CHECK(s, tpm2l_PCR_Read(s->ctx, &in, &out), 0);
    REQUIRE(s, out.pcrValues.count == 4);
    for (size_t i = 0; i < 4; i++) {
        REQUIRE(s, out.pcrValues.digests[i].size == 32);
        memcpy(vals + 32 * i, out.pcrValues.digests[i].buffer, 32);
    }
    return TPM2_RC_SUCCESS;
}

/* A restricted ECDSA signing key (the signing EK's template) created under parent. */
static TPM2_RC signing_child(scenario_run *s, const att_key *parent, att_key *k)
{
    static tpm2l_Create_in cr;
    static tpm2l_Create_out co;
    static tpm2l_Load_in ld;
    static tpm2l_Load_out lo;
    memset(&cr, 0, sizeof cr);
    CHECK(s, tpm2l_auth_handle_set(&cr.parentHandle, parent->h.handle, NULL, 0), 0);
    cr.parentHandle.name = parent->h.name;
    CHECK(s, tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &cr.inPublic.publicArea), 0);
    CHECK(s, tpm2l_Create(s->ctx, &cr, &co), 0);
    memset(&ld, 0, sizeof ld);
    ld.parentHandle = cr.parentHandle;
    ld.inPrivate = co.outPrivate;
    ld.inPublic = co.outPublic;
    CHECK(s, tpm2l_Load(s->ctx, &ld, &lo), 0);
    k->h = lo.objectHandle;
    k->pub = co.outPublic.publicArea;
    CHECK(s, tpm2l_qualified_name(&s->ctx->crypto, &parent->qn, &lo.name, &k->qn), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC quote(scenario_run *s, const att_key *ak, const TPML_PCR_SELECTION *sel,
                     const TPM2B_DATA *q, tpm2l_Quote_out *out)
{
    static tpm2l_Quote_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.signHandle, ak->h.handle, NULL, 0), 0);
    in.signHandle.name = ak->h.name;
    in.qualifyingData = *q;
    in.inScheme.scheme = TPM2_ALG_NULL;
    in.PCRselect = *sel;
    return tpm2l_Quote(s->ctx, &in, out);
}

static TPM2_RC verify_quote(scenario_run *s, const att_key *ak, const tpm2l_Quote_out *qo,
                            const TPM2B_DATA *q, const TPML_PCR_SELECTION *sel,
                            const uint8_t *vals, tpm2l_verify_check *failed)
{
    static TPMS_ATTEST parsed;
    tpm2l_verify_result res;
    tpm2l_attest_expect exp;
    memset(&exp, 0, sizeof exp);
    exp.type = TPM2_ST_ATTEST_QUOTE;
    exp.extraData = q;
    exp.qualifiedSigner = &ak->qn;
    exp.pcrSelect = sel;
    exp.pcrValues = vals;
    exp.pcrValues_len = 4 * 32;
    TPM2_RC rc = tpm2l_attest_verify(&s->ctx->crypto, &ak->pub, &qo->quoted, &qo->signature,
                                     &exp, &parsed, &res);
    *failed = res.failed;
    return rc;
}

TPM2_RC sc_quote(scenario_run *s)
{
    static att_key srk, ak;
    static tpm2l_Quote_out qo;
    static uint8_t vals[4 * 32], now[4 * 32];
    static tpm2l_PCR_Extend_in ext;
    TPML_PCR_SELECTION sel;
    TPM2B_DATA q, other;
    TPMT_PUBLIC t;
    tpm2l_verify_check failed;
    char err[128];
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "CreatePrimary ECC storage key; Create + Load a restricted signing key");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, primary(s, TPM2_RH_OWNER, TPM2L_TPL_COUNT, &t, &srk), 0);
    CHECK(s, signing_child(s, &srk, &ak), 0);

    scenario_step(s, "PCR_Read sha256:0,1,2,3; Quote them with fresh qualifying data");
    CHECK(s, tpm2l_pcr_spec_parse("sha256:0,1,2,3", &sel, err, sizeof err), 0);
    CHECK(s, read_pcrs(s, &sel, vals), 0);
    CHECK(s, nonce(s, &q), 0);
    CHECK(s, quote(s, &ak, &sel, &q, &qo), 0);
    scenario_step(s, "software: signature, extraData, signer and PCR digest verify");
    CHECK(s, verify_quote(s, &ak, &qo, &q, &sel, vals, &failed), 0);
    other = q;
    other.buffer[0] ^= 1;
    CHECK(s, verify_quote(s, &ak, &qo, &other, &sel, vals, &failed), BAD_VALUE);
    REQUIRE(s, failed == TPM2L_VERIFY_EXTRA_DATA);
    vals[0] ^= 1;
    CHECK(s, verify_quote(s, &ak, &qo, &q, &sel, vals, &failed), BAD_VALUE);
    REQUIRE(s, failed == TPM2L_VERIFY_PCR_DIGEST);
    vals[0] ^= 1;
    qo.quoted.attestationData[qo.quoted.size - 1] ^= 1;
    CHECK(s, verify_quote(s, &ak, &qo, &q, &sel, vals, &failed), BAD_VALUE);
    REQUIRE(s, failed == TPM2L_VERIFY_SIGNATURE);

    scenario_step(s, "PCR_Extend PCR 3; a new Quote no longer matches the old values");
    memset(&ext, 0, sizeof ext);
    CHECK(s, tpm2l_auth_handle_set(&ext.pcrHandle, 3, NULL, 0), 0);
    ext.digests.count = 1;
    ext.digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    CHECK(s, tpm2l_random(s->ctx, ext.digests.digests[0].digest.sha256, 32), 0);
    CHECK(s, tpm2l_PCR_Extend(s->ctx, &ext), 0);
    CHECK(s, nonce(s, &q), 0);
    CHECK(s, quote(s, &ak, &sel, &q, &qo), 0);
    CHECK(s, verify_quote(s, &ak, &qo, &q, &sel, vals, &failed), BAD_VALUE);
    REQUIRE(s, failed == TPM2L_VERIFY_PCR_DIGEST);
    CHECK(s, read_pcrs(s, &sel, now), 0);
    REQUIRE(s, memcmp(now, vals, 3 * 32) == 0 && memcmp(now + 96, vals + 96, 32) != 0);
    CHECK(s, verify_quote(s, &ak, &qo, &q, &sel, now, &failed), 0);

    scenario_step(s, "FlushContext both keys; nothing left loaded");
    CHECK(s, scenario_flush(s, ak.h.handle), 0);
    CHECK(s, scenario_flush(s, srk.h.handle), 0);
    CHECK(s, scenario_nothing_loaded(s), 0);
    return TPM2_RC_SUCCESS;
}

/* ActivateCredential(activate, ek) with the EK's PolicyA in a fresh policy session. */
static TPM2_RC activate(scenario_run *s, const att_key *obj, const att_key *ek,
                        const TPM2B_ID_OBJECT *blob, const TPM2B_ENCRYPTED_SECRET *secret,
                        TPM2B_DIGEST *got, TPM2_RC want)
{
    static tpm2l_ActivateCredential_in in;
    static tpm2l_ActivateCredential_out out;
    static tpm2l_PolicySecret_in ps;
    static tpm2l_PolicySecret_out pso;
    static tpm2l_session se;
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    CHECK(s, tpm2l_session_start(s->ctx, &se, &p), 0);
    memset(&ps, 0, sizeof ps);
    CHECK(s, tpm2l_auth_handle_set(&ps.authHandle, TPM2_RH_ENDORSEMENT, NULL, 0), 0);
    ps.policySession.session = &se;
    ps.nonceTPM = se.nonceTPM;
    CHECK(s, tpm2l_PolicySecret(s->ctx, &ps, &pso), 0);
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.activateHandle, obj->h.handle, NULL, 0), 0);
    in.activateHandle.name = obj->h.name;
    CHECK(s, tpm2l_auth_handle_set(&in.keyHandle, ek->h.handle, NULL, 0), 0);
    in.keyHandle.name = ek->h.name;
    in.keyHandle.session = &se;
    in.credentialBlob = *blob;
    in.secret = *secret;
    TPM2_RC rc = tpm2l_ActivateCredential(s->ctx, &in, &out);
    if (rc == 0)
        *got = out.certInfo;
    tpm2l_cleanse(&out, sizeof out);
    /* Checked before the flush: an unexpected answer must stop the scenario at once. */
    CHECK(s, rc, want);
    /* continueSession clear: on success the TPM ended it; on failure it stays. */
    if (se.handle)
        CHECK(s, tpm2l_session_flush(s->ctx, &se), 0);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC certify(scenario_run *s, const att_key *obj, const att_key *signer,
                       tpm2l_Certify_out *out, TPM2B_DATA *q)
{
    static tpm2l_Certify_in in;
    memset(&in, 0, sizeof in);
    CHECK(s, tpm2l_auth_handle_set(&in.objectHandle, obj->h.handle, NULL, 0), 0);
    in.objectHandle.name = obj->h.name;
    CHECK(s, tpm2l_auth_handle_set(&in.signHandle, signer->h.handle, NULL, 0), 0);
    in.signHandle.name = signer->h.name;
    CHECK(s, nonce(s, q), 0);
    in.qualifyingData = *q;
    in.inScheme.scheme = TPM2_ALG_NULL;
    return tpm2l_Certify(s->ctx, &in, out);
}

static TPM2_RC verify_certify(scenario_run *s, const att_key *obj, const att_key *signer,
                              const tpm2l_Certify_out *co, const TPM2B_DATA *q,
                              const TPM2B_NAME *qn)
{
    tpm2l_attest_expect exp;
    memset(&exp, 0, sizeof exp);
    exp.type = TPM2_ST_ATTEST_CERTIFY;
    exp.extraData = q;
    exp.qualifiedSigner = &signer->qn;
    exp.name = &obj->h.name;
    exp.qualifiedName = qn;
    return tpm2l_attest_verify(&s->ctx->crypto, &signer->pub, &co->certifyInfo,
                               &co->signature, &exp, NULL, NULL);
}

TPM2_RC sc_attest(scenario_run *s)
{
    static att_key sek, ek, null_key, owner_key;
    static tpm2l_Certify_out co;
    TPM2B_DIGEST cred, got;
    TPM2B_ID_OBJECT blob;
    TPM2B_ENCRYPTED_SECRET secret;
    TPM2B_DATA q;
    TPMT_PUBLIC t;
    CHECK(s, scenario_startup(s), 0);
    scenario_step(s, "CreatePrimary the signing EK and the EK (L-2) under endorsement");
    CHECK(s, primary(s, TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_SIGNING, NULL, &sek), 0);
    CHECK(s, primary(s, TPM2_RH_ENDORSEMENT, TPM2L_TPL_EK_L2, NULL, &ek), 0);

    scenario_step(s, "MakeCredential in software for the EK, naming the signing EK");
    cred.size = 32;
    CHECK(s, tpm2l_random(s->ctx, cred.buffer, 32), 0);
    CHECK(s, tpm2l_make_credential(&s->ctx->crypto, &ek.pub, &cred, &sek.h.name, &blob,
                                   &secret), 0);
    scenario_step(s, "ActivateCredential through PolicySecret(endorsement) gives it back");
    CHECK(s, activate(s, &sek, &ek, &blob, &secret, &got, 0), 0);
    REQUIRE(s, got.size == 32 && memcmp(got.buffer, cred.buffer, 32) == 0);
    scenario_step(s, "a credential naming the EK itself, activated as the signing EK");
    CHECK(s, tpm2l_make_credential(&s->ctx->crypto, &ek.pub, &cred, &ek.h.name, &blob,
                                   &secret), 0);
    CHECK(s, activate(s, &sek, &ek, &blob, &secret, &got,
                      TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1), 0);

    scenario_step(s, "CreatePrimary the NULL storage key; the signing EK certifies it");
    CHECK(s, primary(s, TPM2_RH_NULL, TPM2L_TPL_NULL_KEY, NULL, &null_key), 0);
    CHECK(s, certify(s, &null_key, &sek, &co, &q), 0);
    CHECK(s, verify_certify(s, &null_key, &sek, &co, &q, &null_key.qn), 0);
    scenario_step(s, "software refuses it for another name and another qualified name");
    CHECK(s, verify_certify(s, &sek, &sek, &co, &q, NULL), BAD_NAME);
    CHECK(s, verify_certify(s, &null_key, &sek, &co, &q, &sek.qn), BAD_NAME);
    CHECK(s, scenario_flush(s, null_key.h.handle), 0);

    scenario_step(s, "CreatePrimary the owner storage key; the signing EK certifies it");
    CHECK(s, tpm2l_template_primary(&t, TPM2_ALG_ECC), 0);
    CHECK(s, primary(s, TPM2_RH_OWNER, TPM2L_TPL_COUNT, &t, &owner_key), 0);
    CHECK(s, certify(s, &owner_key, &sek, &co, &q), 0);
    CHECK(s, verify_certify(s, &owner_key, &sek, &co, &q, &owner_key.qn), 0);
    q.buffer[0] ^= 1;
    CHECK(s, verify_certify(s, &owner_key, &sek, &co, &q, &owner_key.qn), BAD_VALUE);

    scenario_step(s, "FlushContext all keys; nothing left loaded");
    CHECK(s, scenario_flush(s, owner_key.h.handle), 0);
    CHECK(s, scenario_flush(s, ek.h.handle), 0);
    CHECK(s, scenario_flush(s, sek.h.handle), 0);
    CHECK(s, scenario_nothing_loaded(s), 0);
    return TPM2_RC_SUCCESS;
}
