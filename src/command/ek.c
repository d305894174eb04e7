/* ek.c - the EK a certificate's key belongs to (ek.h): candidate templates, the Low
 * Range NV override read from the TPM, CreatePrimary until the key matches, and the EK
 * policies (PolicyA, PolicyB) run in a policy session.
 *
 * Must never accept an EK because of where its template came from: only a key equal
 * to the certificate's counts. Must never leave a non-matching EK loaded.
 */
#include <string.h>

#include "src/command/exec.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/ek.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

size_t tpm2l_ek_candidates(const TPMT_PUBLIC *key, tpm2l_template_id *ids, size_t cap)
{
    tpm2l_template_id c[2] = {0};
    size_t n = 0;

    if (key->type == TPM2_ALG_RSA) {
        switch (key->parameters.rsaDetail.keyBits) {
        case 2048: c[n++] = TPM2L_TPL_EK_L1; c[n++] = TPM2L_TPL_EK_H1; break;
        case 3072: c[n++] = TPM2L_TPL_EK_H6; break;
        case 4096: c[n++] = TPM2L_TPL_EK_H7; break;
        default: break;
        }
    } else if (key->type == TPM2_ALG_ECC) {
        switch (key->parameters.eccDetail.curveID) {
        case TPM2_ECC_NIST_P256: c[n++] = TPM2L_TPL_EK_L2; c[n++] = TPM2L_TPL_EK_H2; break;
        case TPM2_ECC_NIST_P384: c[n++] = TPM2L_TPL_EK_H3; break;
        case TPM2_ECC_NIST_P521: c[n++] = TPM2L_TPL_EK_H4; break;
        default: break;
        }
    }
    if (n > cap)
        n = cap;
    memcpy(ids, c, n * sizeof c[0]);
    return n;
}

static int same_bytes(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    return an == bn && an > 0 && memcmp(a, b, an) == 0;
}

int tpm2l_ek_key_matches(const TPMT_PUBLIC *pub, const TPMT_PUBLIC *key)
{
    if (pub->type != key->type)
        return 0;
    if (pub->type == TPM2_ALG_RSA) {
        const TPMS_RSA_PARMS *p = &pub->parameters.rsaDetail, *k = &key->parameters.rsaDetail;
        /* Part 2 §12.2.3.5: exponent 0 means 2^16 + 1. */
        uint32_t pe = p->exponent ? p->exponent : 65537u, ke = k->exponent ? k->exponent : 65537u;
        return p->keyBits == k->keyBits && pe == ke &&
               same_bytes(pub->unique.rsa.buffer, pub->unique.rsa.size, key->unique.rsa.buffer,
                          key->unique.rsa.size);
    }
    if (pub->type == TPM2_ALG_ECC)
        return pub->parameters.eccDetail.curveID == key->parameters.eccDetail.curveID &&
               same_bytes(pub->unique.ecc.x.buffer, pub->unique.ecc.x.size,
                          key->unique.ecc.x.buffer, key->unique.ecc.x.size) &&
               same_bytes(pub->unique.ecc.y.buffer, pub->unique.ecc.y.size,
                          key->unique.ecc.y.buffer, key->unique.ecc.y.size);
    return 0;
}

/* The contents of NV index idx into buf (cap bytes); *len 0 and rc 0 when the index
 * does not exist. */
static TPM2_RC read_index(tpm2l_ctx *ctx, tpm2l_ek *w, TPM2_HANDLE idx, uint8_t *buf, size_t cap,
                          size_t *len)
{
    tpm2l_NV_ReadPublic_in pin;
    TPM2_RC rc;

    *len = 0;
    memset(&pin, 0, sizeof pin);
    pin.nvIndex.handle = idx;
    rc = tpm2l_NV_ReadPublic(ctx, &pin, &w->work.nvpub);
    /* TPM_RC_HANDLE on handle 1: no such index, which is the usual case. */
    if ((rc & ~TPM2_RC_N_MASK) == TPM2_RC_HANDLE) {
        ctx->err[0] = '\0';
        return TPM2_RC_SUCCESS;
    }
    if (rc)
        return rc;
    const TPMS_NV_PUBLIC *np = &w->work.nvpub.nvPublic.nvPublic;
    if (np->dataSize > cap)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_INSUFFICIENT), "EK NV index",
                              "0x%08x holds %u bytes, more than an EK template or nonce can",
                              (unsigned)idx, (unsigned)np->dataSize);
    tpm2l_NV_Read_in *in = &w->work.nvread_in;
    memset(in, 0, sizeof *in);
    in->nvIndex.handle = idx;
    in->nvIndex.name = w->work.nvpub.nvName;
    /* [EKP] provisions these indices readable by their empty authValue (AUTHREAD); an
     * index defined by the owner may only allow OWNERREAD. */
    TPM2_HANDLE by = (np->attributes & TPMA_NV_AUTHREAD) ? idx : TPM2_RH_OWNER;
    if (!(np->attributes & (TPMA_NV_AUTHREAD | TPMA_NV_OWNERREAD)))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_PERMISSION), "EK NV index",
                              "0x%08x is readable neither by its authValue nor by owner",
                              (unsigned)idx);
    in->authHandle.handle = by;
    if (by == idx)
        in->authHandle.name = w->work.nvpub.nvName;
    else if ((rc = tpm2l_name_from_handle(by, &in->authHandle.name)) != 0)
        return rc;
    /* A TPM reads at most TPM2_PT_NV_BUFFER_MAX bytes per NV_Read; 512 is below every
     * value seen (1024 on the reference TPM and swtpm). */
    while (*len < np->dataSize) {
        size_t left = np->dataSize - *len;
        in->offset = (uint16_t)*len;
        in->size = (uint16_t)(left < 512 ? left : 512);
        rc = tpm2l_NV_Read(ctx, in, &w->work.nvread);
        if (rc)
            return rc;
        memcpy(buf + *len, w->work.nvread.data.buffer, in->size);
        *len += in->size;
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_ek_template_from_tpm(tpm2l_ctx *ctx, TPM2_ALG_ID type, tpm2l_ek *w,
                                   TPMT_PUBLIC *out, int *found)
{
    size_t tl = 0, nl = 0;
    TPM2_RC rc;

    *found = 0;
    if (type != TPM2_ALG_RSA && type != TPM2_ALG_ECC)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), "EK template",
                              "type 0x%x has no Low Range indices", (unsigned)type);
    rc = read_index(ctx, w,
                    type == TPM2_ALG_RSA ? TPM2L_NV_EK_TEMPLATE_RSA : TPM2L_NV_EK_TEMPLATE_ECC,
                    w->work.tmpl, sizeof w->work.tmpl, &tl);
    if (!rc)
        rc = read_index(ctx, w, type == TPM2_ALG_RSA ? TPM2L_NV_EK_NONCE_RSA : TPM2L_NV_EK_NONCE_ECC,
                        w->work.nonce, sizeof w->work.nonce, &nl);
    if (rc)
        return rc;
    *found = tl || nl;
    rc = tpm2l_template_ek_from_nv(type, tl ? w->work.tmpl : NULL, tl, nl ? w->work.nonce : NULL,
                                   nl, out);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "EK template", "the NV template or nonce is malformed");
    return TPM2_RC_SUCCESS;
}

static void flush_quietly(tpm2l_ctx *ctx, TPM2_HANDLE h)
{
    tpm2l_FlushContext_in in = {h};
    (void)tpm2l_FlushContext(ctx, &in);
}

/* CreatePrimary(tmpl); 1 in *match if its key is key's (left loaded), else flushed. */
static TPM2_RC try_template(tpm2l_ctx *ctx, const tpm2l_auth_handle *endorsement,
                           const TPMT_PUBLIC *tmpl, const TPMT_PUBLIC *key, tpm2l_ek *ek,
                           int *match)
{
    tpm2l_CreatePrimary_in *in = &ek->work.in;
    tpm2l_CreatePrimary_out *out = &ek->work.out;
    TPM2_RC rc;

    *match = 0;
    memset(in, 0, sizeof *in);
    in->primaryHandle = *endorsement;
    in->inPublic.publicArea = *tmpl;
    rc = tpm2l_CreatePrimary(ctx, in, out);
    tpm2l_cleanse(&in->primaryHandle.auth, sizeof in->primaryHandle.auth);
    if (rc)
        return rc;
    if (!tpm2l_ek_key_matches(&out->outPublic.publicArea, key)) {
        flush_quietly(ctx, out->objectHandle.handle);
        return TPM2_RC_SUCCESS;
    }
    *match = 1;
    ek->handle = out->objectHandle;
    ek->pub = out->outPublic;
    ek->tmpl = *tmpl;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_ek_create_for_key(tpm2l_ctx *ctx, const tpm2l_auth_handle *endorsement,
                                const TPMT_PUBLIC *key, tpm2l_ek *ek)
{
    tpm2l_template_id ids[2];
    TPMT_PUBLIC t;
    int match = 0, found = 0;
    TPM2_RC rc;

    memset(&ek->handle, 0, sizeof ek->handle);
    ek->nv_override = 0;
    size_t n = tpm2l_ek_candidates(key, ids, 2);
    if (!n)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NOT_SUPPORTED), "EK",
                              "no EK template makes a key of the certificate's type and size");
    /* The override replaces only the Low Range template of its type ([EKP] §2.2.1.4):
     * for a key no L template makes, there is nothing to override. */
    if (ids[0] == TPM2L_TPL_EK_L1 || ids[0] == TPM2L_TPL_EK_L2) {
        rc = tpm2l_ek_template_from_tpm(ctx, key->type, ek, &t, &found);
        if (rc)
            return rc;
        ek->nv_override = found;
        if (found) {
            rc = try_template(ctx, endorsement, &t, key, ek, &match);
            if (rc || match) {
                ek->source = TPM2L_EK_FROM_NV;
                ek->id = TPM2L_TPL_COUNT;
                return rc;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        rc = tpm2l_template_get(ids[i], &t);
        if (!rc)
            rc = try_template(ctx, endorsement, &t, key, ek, &match);
        if (rc)
            return rc;
        if (match) {
            ek->id = ids[i];
            ek->source = (ids[i] == TPM2L_TPL_EK_L1 || ids[i] == TPM2L_TPL_EK_L2)
                             ? TPM2L_EK_FROM_LOW
                             : TPM2L_EK_FROM_HIGH;
            return TPM2_RC_SUCCESS;
        }
    }
    return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NOT_FOUND), "EK search",
                          "no EK of this TPM has the certificate's key (tried %s%s%s%s)",
                          found ? "the NV template, " : "", tpm2l_template_id_str(ids[0]),
                          n > 1 ? " and " : "", n > 1 ? tpm2l_template_id_str(ids[1]) : "");
}

TPM2_RC tpm2l_ek_policy_run(tpm2l_ctx *ctx, const TPMT_PUBLIC *ek,
                            const tpm2l_auth_handle *endorsement, struct tpm2l_session *s)
{
    TPM2B_DIGEST a, b;
    TPM2_RC rc;
    TPMI_ALG_HASH h = ek->nameAlg;

    if (tpm2l_ek_policy_a(h, &a) || tpm2l_ek_policy_b(h, &b))
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NOT_SUPPORTED), "EK policy",
                              "no TCG EK policy for name algorithm 0x%x", (unsigned)h);
    int is_a = ek->authPolicy.size == a.size && !memcmp(ek->authPolicy.buffer, a.buffer, a.size);
    int is_b = ek->authPolicy.size == b.size && !memcmp(ek->authPolicy.buffer, b.buffer, b.size);
    if (!is_a && !is_b)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_NOT_SUPPORTED), "EK policy",
                              "the EK's authPolicy is neither PolicyA nor PolicyB");

    static const tpm2l_PolicySecret_in zero_secret;
    tpm2l_PolicySecret_in sin = zero_secret;
    tpm2l_PolicySecret_out sout;
    sin.authHandle = *endorsement;
    sin.policySession.session = s;
    sin.nonceTPM = s->nonceTPM;
    rc = tpm2l_PolicySecret(ctx, &sin, &sout);
    tpm2l_cleanse(&sin.authHandle.auth, sizeof sin.authHandle.auth);
    if (rc || is_a)
        return rc;

    /* PolicyB = PolicyOR(PolicyA, PolicyC): the session now holds PolicyA, one of the
     * branches, which is all PolicyOR asks. */
    tpm2l_PolicyOR_in oin;
    memset(&oin, 0, sizeof oin);
    oin.policySession.session = s;
    oin.pHashList.count = 2;
    oin.pHashList.digests[0] = a;
    rc = tpm2l_ek_policy_c(h, &oin.pHashList.digests[1]);
    if (rc)
        return tpm2l_ctx_fail(ctx, rc, "EK policy", "no PolicyC for name algorithm 0x%x",
                              (unsigned)h);
    return tpm2l_PolicyOR(ctx, &oin);
}
