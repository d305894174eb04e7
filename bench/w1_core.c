/* w1_core.c - workload W1 on libtpm2lite, step for step what ../shared/peers/esys_w1.c
 * does on ESAPI (its header is the specification), with the same result checks.
 *
 * Every large struct is static (no heap, small stack): this file must never allocate,
 * because the allocation test counts what the library does while it runs. One
 * difference in shape, not in work: PolicyPCR is sent with the pcrDigest computed from
 * the PCR_Read values of phase (e) instead of an empty one. The TPM then checks the
 * same current PCR values; with an empty digest our wrapper would add a
 * PolicyGetDigest per call to learn the digest, a command ESAPI does not send.
 */
#define _POSIX_C_SOURCE 200809L
#include "w1_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define STORAGE_ATTRS                                                                    \
    (TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM |               \
     TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH | \
     TPMA_OBJECT_NODA)

static const char secret[] = "peer-bench sealed secret 0123456789";
static const char pw[] = "sealpw";

static tpm2l_CreatePrimary_in cp_in;
static tpm2l_CreatePrimary_out rsa_out, ecc_out;
static tpm2l_session hs, trial, ps;
static tpm2l_GetRandom_out gr_out;
static tpm2l_PCR_Read_in pr_in;
static tpm2l_PCR_Read_out pr_out;
static tpm2l_PolicyPCR_in ppcr;
static tpm2l_Create_in cr_in;
static tpm2l_Create_out cr_out;
static tpm2l_Load_in ld_in;
static tpm2l_Load_out ld_out;
static tpm2l_Unseal_in us_in;
static tpm2l_Unseal_out us_out;
static tpm2l_PolicyGetDigest_out gd_out;

static int fail(w1_opts *o, tpm2l_ctx *ctx, const char *what, TPM2_RC rc)
{
    snprintf(o->err, sizeof o->err, "%s: %s%s%s", what, rc ? tpm2l_rc_str(rc).s : "wrong result",
             ctx && ctx->err[0] ? ": " : "", ctx ? ctx->err : "");
    return 1;
}

static void phase(w1_opts *o, const char *name)
{
    if (o->phase)
        o->phase(o->arg, name);
}

static void pcr_sel_0_7(TPML_PCR_SELECTION *s)
{
    memset(s, 0, sizeof *s);
    s->count = 1;
    s->pcrSelections[0].hash = TPM2_ALG_SHA256;
    s->pcrSelections[0].sizeofSelect = 3;
    s->pcrSelections[0].pcrSelect[0] = 0xff;
}

static TPM2_RC create_primary(tpm2l_ctx *ctx, TPM2_ALG_ID type, tpm2l_CreatePrimary_out *out)
{
    memset(&cp_in, 0, sizeof cp_in);
    TPM2_RC rc = tpm2l_auth_handle_set(&cp_in.primaryHandle, TPM2_RH_OWNER, NULL, 0);
    if (rc)
        return rc;
    TPMT_PUBLIC *p = &cp_in.inPublic.publicArea;
    p->type = type;
    p->nameAlg = TPM2_ALG_SHA256;
    p->objectAttributes = STORAGE_ATTRS;
    if (type == TPM2_ALG_RSA) {
        TPMS_RSA_PARMS *r = &p->parameters.rsaDetail;
        r->symmetric.algorithm = TPM2_ALG_AES;
        r->symmetric.keyBits.aes = 128;
        r->symmetric.mode.aes = TPM2_ALG_CFB;
        r->scheme.scheme = TPM2_ALG_NULL;
        r->keyBits = 2048;
    } else {
        TPMS_ECC_PARMS *e = &p->parameters.eccDetail;
        e->symmetric.algorithm = TPM2_ALG_AES;
        e->symmetric.keyBits.aes = 128;
        e->symmetric.mode.aes = TPM2_ALG_CFB;
        e->scheme.scheme = TPM2_ALG_NULL;
        e->curveID = TPM2_ECC_NIST_P256;
        e->kdf.scheme = TPM2_ALG_NULL;
    }
    return tpm2l_CreatePrimary(ctx, &cp_in, out);
}

/* PolicyPCR(sha256:0-7) + PolicyPassword on s, as esys_w1's policy_pcr_password. */
static TPM2_RC policy_pcr_password(tpm2l_ctx *ctx, tpm2l_session *s)
{
    ppcr.policySession.session = s;
    TPM2_RC rc = tpm2l_PolicyPCR(ctx, &ppcr);
    if (rc)
        return rc;
    tpm2l_PolicyPassword_in pp = {.policySession = {.session = s}};
    return tpm2l_PolicyPassword(ctx, &pp);
}

static void flush_quietly(tpm2l_ctx *ctx)
{
    tpm2l_FlushContext_in fl;
    tpm2l_session_flush(ctx, &ps);
    tpm2l_session_flush(ctx, &trial);
    tpm2l_session_flush(ctx, &hs);
    TPM2_HANDLE hs_[3] = {ld_out.objectHandle.handle, ecc_out.objectHandle.handle,
                          rsa_out.objectHandle.handle};
    for (int i = 0; i < 3; i++)
        if (hs_[i]) {
            fl.flushHandle = hs_[i];
            tpm2l_FlushContext(ctx, &fl);
        }
}

static int run(tpm2l_ctx *ctx, w1_opts *o)
{
    TPM2_RC rc;

    /* (a) */
    tpm2l_Startup_in su = {.startupType = TPM2_SU_CLEAR};
    rc = tpm2l_Startup(ctx, &su);
    if (rc && rc != TPM2_RC_INITIALIZE)
        return fail(o, ctx, "Startup", rc);
    phase(o, "(a) startup");

    /* (b) */
    if ((rc = create_primary(ctx, TPM2_ALG_RSA, &rsa_out)))
        return fail(o, ctx, "CreatePrimary(rsa)", rc);
    phase(o, "(b) createprimary rsa2048");
    if ((rc = create_primary(ctx, TPM2_ALG_ECC, &ecc_out)))
        return fail(o, ctx, "CreatePrimary(ecc)", rc);
    phase(o, "(b) createprimary ecc p256");

    /* (c) salted to the ECC primary (its name pinned), bound to the RSA primary */
    static tpm2l_auth_handle bind;
    memset(&bind, 0, sizeof bind);
    bind.handle = rsa_out.objectHandle.handle;
    bind.name = rsa_out.name;
    tpm2l_session_params sp = {
        .sessionType = TPM2_SE_HMAC,
        .authHash = TPM2_ALG_SHA256,
        .symmetric = {.algorithm = TPM2_ALG_AES, .keyBits.aes = 128, .mode.aes = TPM2_ALG_CFB},
        .tpmKey = &ecc_out.objectHandle,
        .bind = &bind,
    };
    if ((rc = tpm2l_session_start(ctx, &hs, &sp)))
        return fail(o, ctx, "StartAuthSession(hmac)", rc);
    phase(o, "(c) salted+bound session");

    /* (d) GetRandom, response encrypted by the encrypt-only extra session */
    hs.attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_ENCRYPT;
    tpm2l_GetRandom_in gr_in = {.bytesRequested = 32};
    for (int i = 0; i < o->n_rand; i++) {
        tpm2l_ctx_next_sessions(ctx, &hs, NULL);
        if ((rc = tpm2l_GetRandom(ctx, &gr_in, &gr_out)))
            return fail(o, ctx, "GetRandom", rc);
        if (gr_out.randomBytes.size != 32)
            return fail(o, ctx, "GetRandom size", 0);
    }
    phase(o, "(d) getrandom x n (enc)");

    /* (e) */
    pcr_sel_0_7(&pr_in.pcrSelectionIn);
    for (int i = 0; i < o->n_pcr; i++) {
        if ((rc = tpm2l_PCR_Read(ctx, &pr_in, &pr_out)))
            return fail(o, ctx, "PCR_Read", rc);
        if (pr_out.pcrValues.count != 8)
            return fail(o, ctx, "PCR_Read count", 0);
    }
    phase(o, "(e) pcr_read x n");

    /* (f) trial policy, computed on the TPM as esys_w1 does */
    pcr_sel_0_7(&ppcr.pcrs);
    if (o->n_pcr < 1) {
        if ((rc = tpm2l_PCR_Read(ctx, &pr_in, &pr_out)))
            return fail(o, ctx, "PCR_Read", rc);
    }
    if ((rc = tpm2l_policy_pcr_digest(&ctx->crypto, TPM2_ALG_SHA256, pr_out.pcrValues.digests,
                                      pr_out.pcrValues.count, &ppcr.pcrDigest)))
        return fail(o, ctx, "pcr digest", rc);
    tpm2l_session_params tp = {.sessionType = TPM2_SE_TRIAL,
                               .authHash = TPM2_ALG_SHA256,
                               .symmetric = {.algorithm = TPM2_ALG_NULL}};
    if ((rc = tpm2l_session_start(ctx, &trial, &tp)))
        return fail(o, ctx, "StartAuthSession(trial)", rc);
    if ((rc = policy_pcr_password(ctx, &trial)))
        return fail(o, ctx, "trial policy", rc);
    tpm2l_PolicyGetDigest_in gd_in = {.policySession = {.session = &trial}};
    if ((rc = tpm2l_PolicyGetDigest(ctx, &gd_in, &gd_out)))
        return fail(o, ctx, "PolicyGetDigest", rc);
    if (gd_out.policyDigest.size != trial.policy_digest.size ||
        memcmp(gd_out.policyDigest.buffer, trial.policy_digest.buffer, trial.policy_digest.size))
        return fail(o, ctx, "PolicyGetDigest differs from the software digest", 0);
    if ((rc = tpm2l_session_flush(ctx, &trial)))
        return fail(o, ctx, "Flush(trial)", rc);

    memset(&cr_in, 0, sizeof cr_in);
    cr_in.parentHandle.handle = rsa_out.objectHandle.handle;
    cr_in.parentHandle.name = rsa_out.name;
    cr_in.parentHandle.session = &hs;
    TPMS_SENSITIVE_CREATE *sc = &cr_in.inSensitive.sensitive;
    sc->userAuth.size = sizeof pw - 1;
    memcpy(sc->userAuth.buffer, pw, sizeof pw - 1);
    sc->data.size = sizeof secret - 1;
    memcpy(sc->data.buffer, secret, sizeof secret - 1);
    TPMT_PUBLIC *sp_ = &cr_in.inPublic.publicArea;
    sp_->type = TPM2_ALG_KEYEDHASH;
    sp_->nameAlg = TPM2_ALG_SHA256;
    sp_->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT;
    sp_->authPolicy = gd_out.policyDigest;
    sp_->parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
    hs.attrs = TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_ENCRYPT | TPMA_SESSION_DECRYPT;
    rc = tpm2l_Create(ctx, &cr_in, &cr_out);
    tpm2l_cleanse(sc, sizeof *sc);
    if (rc)
        return fail(o, ctx, "Create(sealed)", rc);
    ld_in.parentHandle = cr_in.parentHandle;
    ld_in.inPrivate = cr_out.outPrivate;
    ld_in.inPublic = cr_out.outPublic;
    if ((rc = tpm2l_Load(ctx, &ld_in, &ld_out)))
        return fail(o, ctx, "Load", rc);
    phase(o, "(f) trial policy+create+load");

    us_in.itemHandle.handle = ld_out.objectHandle.handle;
    us_in.itemHandle.name = ld_out.name;
    us_in.itemHandle.auth.size = sizeof pw - 1;
    memcpy(us_in.itemHandle.auth.buffer, pw, sizeof pw - 1);
    us_in.itemHandle.session = &ps;
    tpm2l_session_params pp = {.sessionType = TPM2_SE_POLICY,
                               .authHash = TPM2_ALG_SHA256,
                               .symmetric = {.algorithm = TPM2_ALG_NULL}};
    for (int i = 0; i < o->n_unseal; i++) {
        if ((rc = tpm2l_session_start(ctx, &ps, &pp)))
            return fail(o, ctx, "StartAuthSession(policy)", rc);
        if ((rc = policy_pcr_password(ctx, &ps)))
            return fail(o, ctx, "policy", rc);
        ps.attrs = 0; /* continueSession clear: the TPM ends the session after Unseal */
        if ((rc = tpm2l_Unseal(ctx, &us_in, &us_out)))
            return fail(o, ctx, "Unseal", rc);
        if (us_out.outData.size != sizeof secret - 1 ||
            memcmp(us_out.outData.buffer, secret, sizeof secret - 1))
            return fail(o, ctx, "unseal mismatch", 0);
        if (ps.handle)
            return fail(o, ctx, "policy session still loaded after Unseal", 0);
    }
    tpm2l_cleanse(&us_out, sizeof us_out);
    phase(o, "(f) unseal x n (policy)");

    /* (g) */
    tpm2l_FlushContext_in fl = {.flushHandle = ld_out.objectHandle.handle};
    if ((rc = tpm2l_FlushContext(ctx, &fl)))
        return fail(o, ctx, "Flush(sealed)", rc);
    ld_out.objectHandle.handle = 0;
    if ((rc = tpm2l_session_flush(ctx, &hs)))
        return fail(o, ctx, "Flush(hmac)", rc);
    fl.flushHandle = ecc_out.objectHandle.handle;
    if ((rc = tpm2l_FlushContext(ctx, &fl)))
        return fail(o, ctx, "Flush(ecc)", rc);
    ecc_out.objectHandle.handle = 0;
    fl.flushHandle = rsa_out.objectHandle.handle;
    if ((rc = tpm2l_FlushContext(ctx, &fl)))
        return fail(o, ctx, "Flush(rsa)", rc);
    rsa_out.objectHandle.handle = 0;
    return 0;
}

int w1_run(tpm2l_ctx *ctx, w1_opts *o)
{
    o->err[0] = 0;
    memset(&rsa_out, 0, sizeof rsa_out);
    memset(&ecc_out, 0, sizeof ecc_out);
    memset(&ld_out, 0, sizeof ld_out);
    int st = run(ctx, o);
    if (st)
        flush_quietly(ctx);
    return st;
}
