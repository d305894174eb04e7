/* policy.c - Part 3 §23 policy commands that take only the policy session as a handle:
 * PolicyPCR, PolicyPassword, PolicyAuthValue, PolicyOR, PolicyCommandCode,
 * PolicyCpHash, PolicyNameHash, PolicyLocality, PolicyDuplicationSelect,
 * PolicyCounterTimer, PolicyPhysicalPresence, PolicyNvWritten, PolicyTemplate,
 * PolicyGetDigest, and PolicyRestart (§11.2); plus the session target they share.
 *
 * Must never move a session's software digest or flags unless the TPM said success,
 * and never send an update the calculator refuses (the two digests would part ways).
 */
#include <string.h>

#include "src/command/policy_int.h"
#include "tpm2lite/marshal.h"

/* ---- the policy session a command acts on ---- */

TPM2_RC tpm2l_policy_target_begin(tpm2l_ctx *ctx, const char *what,
                                  const tpm2l_policy_session *ps, tpm2l_policy_target *t)
{
    memset(t, 0, sizeof *t);
    if (!ps)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), what, "no policy session");
    t->s = ps->session;
    t->handle = t->s ? t->s->handle : ps->handle;
    if (t->s) {
        if (!t->handle)
            return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_SEQUENCE), what,
                                  "the policy session is not started (or was flushed)");
        if (t->s->type != TPM2_SE_POLICY && t->s->type != TPM2_SE_TRIAL)
            return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), what,
                                  "session 0x%08x is an HMAC session, not a policy session",
                                  (unsigned)t->handle);
        if (t->s->unusable)
            return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_SEQUENCE), what,
                                  "session 0x%08x lost its nonce chain: flush it",
                                  (unsigned)t->handle);
        TPM2_RC rc = tpm2l_policy_init(&t->next, t->s->authHash);
        if (rc)
            return tpm2l_ctx_fail(ctx, rc, what, "the session's authHash 0x%04x is unknown",
                                  (unsigned)t->s->authHash);
        /* A session fresh from StartAuthSession may not have its zeros written yet. */
        if (t->s->policy_digest.size) {
            if (t->s->policy_digest.size != t->next.digest.size)
                return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), what,
                                      "the session's policy digest has the wrong size");
            t->next.digest = t->s->policy_digest;
        }
        t->next.crypto = &ctx->crypto;
    }
    TPM2_RC rc = tpm2l_name_from_handle(t->handle, &t->name);
    if (rc || (t->handle >> 24) != TPM2_HT_POLICY_SESSION)
        return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_ARG), what,
                              "0x%08x is not a policy session handle", (unsigned)t->handle);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_policy_target_refuse(tpm2l_ctx *ctx, const char *what, TPM2_RC rc)
{
    return tpm2l_ctx_fail(ctx, rc, what,
                          "refused before sending: the policy update is invalid (%s)",
                          tpm2l_rc_str(rc).s);
}

void tpm2l_policy_target_commit(tpm2l_policy_target *t)
{
    if (t->s)
        t->s->policy_digest = t->next.digest;
}

/* ---- commands ---- */

static const tpm2l_cmd_desc pcr_desc = {"PolicyPCR", TPM2_CC_PolicyPCR, 1, 0, 0,
                                        TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc password_desc = {"PolicyPassword", TPM2_CC_PolicyPassword, 1, 0,
                                             0, 0};
static const tpm2l_cmd_desc authvalue_desc = {"PolicyAuthValue", TPM2_CC_PolicyAuthValue, 1,
                                              0, 0, 0};
static const tpm2l_cmd_desc or_desc = {"PolicyOR", TPM2_CC_PolicyOR, 1, 0, 0, 0};
static const tpm2l_cmd_desc cc_desc = {"PolicyCommandCode", TPM2_CC_PolicyCommandCode, 1, 0,
                                       0, 0};
static const tpm2l_cmd_desc cphash_desc = {"PolicyCpHash", TPM2_CC_PolicyCpHash, 1, 0, 0,
                                           TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc namehash_desc = {"PolicyNameHash", TPM2_CC_PolicyNameHash, 1, 0,
                                             0, TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc locality_desc = {"PolicyLocality", TPM2_CC_PolicyLocality, 1, 0,
                                             0, 0};
static const tpm2l_cmd_desc dupsel_desc = {"PolicyDuplicationSelect",
                                           TPM2_CC_PolicyDuplicationSelect, 1, 0, 0,
                                           TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc getdigest_desc = {"PolicyGetDigest", TPM2_CC_PolicyGetDigest, 1,
                                              0, 0, TPM2L_RSP_TPM2B};
static const tpm2l_cmd_desc countertimer_desc = {"PolicyCounterTimer",
                                                 TPM2_CC_PolicyCounterTimer, 1, 0, 0,
                                                 TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc pp_desc = {"PolicyPhysicalPresence", TPM2_CC_PolicyPhysicalPresence,
                                       1, 0, 0, 0};
static const tpm2l_cmd_desc nvwritten_desc = {"PolicyNvWritten", TPM2_CC_PolicyNvWritten, 1, 0,
                                              0, 0};
static const tpm2l_cmd_desc template_desc = {"PolicyTemplate", TPM2_CC_PolicyTemplate, 1, 0, 0,
                                             TPM2L_CMD_TPM2B};
static const tpm2l_cmd_desc restart_desc = {"PolicyRestart", TPM2_CC_PolicyRestart, 1, 0, 0,
                                            0};

/* Send a command whose parameters are already in c (or none) and finish it. */
static TPM2_RC run_empty_response(tpm2l_cmd *c)
{
    TPM2_RC rc = tpm2l_cmd_run(c);
    if (rc)
        return rc;
    return tpm2l_cmd_end(c);
}

TPM2_RC tpm2l_PolicyGetDigest(tpm2l_ctx *ctx, const tpm2l_PolicyGetDigest_in *in,
                              tpm2l_PolicyGetDigest_out *out)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, getdigest_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    tpm2l_cmd_begin(ctx, &c, &getdigest_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    rc = tpm2l_cmd_run(&c);
    if (rc)
        return rc;
    tpm2l_unmarshal_TPM2B_DIGEST(&c.r, &out->policyDigest);
    return tpm2l_cmd_end(&c);
}

TPM2_RC tpm2l_PolicyPCR(tpm2l_ctx *ctx, const tpm2l_PolicyPCR_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, pcr_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    int from_tpm = t.s && in->pcrDigest.size == 0;
    if (t.s && !from_tpm) {
        rc = tpm2l_policy_pcr(&t.next, &in->pcrs, &in->pcrDigest);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, pcr_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &pcr_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_DIGEST(w, &in->pcrDigest);
    tpm2l_marshal_TPML_PCR_SELECTION(w, &in->pcrs);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    if (from_tpm) {
        /* Part 3 §23.7: with an empty pcrDigest the TPM hashed the current PCR values
         * itself; only it knows the result. */
        tpm2l_PolicyGetDigest_in gin = {.policySession = in->policySession};
        tpm2l_PolicyGetDigest_out gout;
        rc = tpm2l_PolicyGetDigest(ctx, &gin, &gout);
        if (rc)
            return tpm2l_ctx_fail(ctx, rc, pcr_desc.name,
                                  "PolicyPCR succeeded but PolicyGetDigest failed (%s): the "
                                  "session's software digest is behind the TPM's; restart it",
                                  tpm2l_rc_str(rc).s);
        if (gout.policyDigest.size != t.next.digest.size)
            return tpm2l_ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE), pcr_desc.name,
                                  "PolicyGetDigest returned %u bytes, want %u",
                                  (unsigned)gout.policyDigest.size,
                                  (unsigned)t.next.digest.size);
        t.next.digest = gout.policyDigest;
    }
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

/* PolicyPassword and PolicyAuthValue: the same digest, different ways of showing the
 * authValue later; the reference TPM sets one flag and clears the other. */
static TPM2_RC auth_flag_command(tpm2l_ctx *ctx, const tpm2l_cmd_desc *desc,
                                 const tpm2l_policy_session *ps, int password)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, desc->name, ps, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_auth_value(&t.next);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, desc->name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    if (t.s) {
        t.s->policy_password = password ? 1 : 0;
        t.s->policy_auth_value = password ? 0 : 1;
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyPassword(tpm2l_ctx *ctx, const tpm2l_PolicyPassword_in *in)
{
    return auth_flag_command(ctx, &password_desc, &in->policySession, 1);
}

TPM2_RC tpm2l_PolicyAuthValue(tpm2l_ctx *ctx, const tpm2l_PolicyAuthValue_in *in)
{
    return auth_flag_command(ctx, &authvalue_desc, &in->policySession, 0);
}

TPM2_RC tpm2l_PolicyOR(tpm2l_ctx *ctx, const tpm2l_PolicyOR_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, or_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_or(&t.next, &in->pHashList);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, or_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &or_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_marshal_TPML_DIGEST(tpm2l_cmd_params(&c), &in->pHashList);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyCommandCode(tpm2l_ctx *ctx, const tpm2l_PolicyCommandCode_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, cc_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_command_code(&t.next, in->code);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, cc_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &cc_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur_u32(tpm2l_cmd_params(&c), in->code);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

/* PolicyCpHash and PolicyNameHash: one digest parameter. */
static TPM2_RC one_digest_command(tpm2l_ctx *ctx, const tpm2l_cmd_desc *desc,
                                  const tpm2l_policy_session *ps, const TPM2B_DIGEST *d,
                                  TPM2_RC (*calc)(tpm2l_policy *, const TPM2B_DIGEST *))
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, desc->name, ps, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = calc(&t.next, d);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, desc->name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_marshal_TPM2B_DIGEST(tpm2l_cmd_params(&c), d);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyCpHash(tpm2l_ctx *ctx, const tpm2l_PolicyCpHash_in *in)
{
    return one_digest_command(ctx, &cphash_desc, &in->policySession, &in->cpHashA,
                              tpm2l_policy_cp_hash);
}

TPM2_RC tpm2l_PolicyNameHash(tpm2l_ctx *ctx, const tpm2l_PolicyNameHash_in *in)
{
    return one_digest_command(ctx, &namehash_desc, &in->policySession, &in->nameHash,
                              tpm2l_policy_name_hash);
}

TPM2_RC tpm2l_PolicyLocality(tpm2l_ctx *ctx, const tpm2l_PolicyLocality_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, locality_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_locality(&t.next, in->locality);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, locality_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &locality_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur_u8(tpm2l_cmd_params(&c), in->locality);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyDuplicationSelect(tpm2l_ctx *ctx, const tpm2l_PolicyDuplicationSelect_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, dupsel_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_duplication_select(&t.next, &in->objectName, &in->newParentName,
                                             in->includeObject);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, dupsel_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &dupsel_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_NAME(w, &in->objectName);
    tpm2l_marshal_TPM2B_NAME(w, &in->newParentName);
    tpm2l_wcur_u8(w, in->includeObject);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyRestart(tpm2l_ctx *ctx, const tpm2l_PolicyRestart_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, restart_desc.name, &in->sessionHandle, &t);
    if (rc)
        return rc;
    tpm2l_cmd_begin(ctx, &c, &restart_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    if (t.s) {
        tpm2l_policy_restart(&t.next);
        tpm2l_policy_target_commit(&t);
        /* The reference TPM's PolicyRestart resets all policy state (Part 3 §11.2). */
        t.s->policy_password = 0;
        t.s->policy_auth_value = 0;
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyTemplate(tpm2l_ctx *ctx, const tpm2l_PolicyTemplate_in *in)
{
    return one_digest_command(ctx, &template_desc, &in->policySession, &in->templateHash,
                              tpm2l_policy_template);
}

TPM2_RC tpm2l_PolicyPhysicalPresence(tpm2l_ctx *ctx, const tpm2l_PolicyPhysicalPresence_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, pp_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_physical_presence(&t.next);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, pp_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &pp_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyNvWritten(tpm2l_ctx *ctx, const tpm2l_PolicyNvWritten_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, nvwritten_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_nv_written(&t.next, in->writtenSet);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, nvwritten_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &nvwritten_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur_u8(tpm2l_cmd_params(&c), in->writtenSet);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_PolicyCounterTimer(tpm2l_ctx *ctx, const tpm2l_PolicyCounterTimer_in *in)
{
    tpm2l_policy_target t;
    tpm2l_cmd c;
    TPM2_RC rc = tpm2l_policy_target_begin(ctx, countertimer_desc.name, &in->policySession, &t);
    if (rc)
        return rc;
    if (t.s) {
        rc = tpm2l_policy_counter_timer(&t.next, &in->operandB, in->offset, in->operation);
        if (rc)
            return tpm2l_policy_target_refuse(ctx, countertimer_desc.name, rc);
    }
    tpm2l_cmd_begin(ctx, &c, &countertimer_desc);
    tpm2l_cmd_handle(&c, t.handle, &t.name);
    tpm2l_wcur *w = tpm2l_cmd_params(&c);
    tpm2l_marshal_TPM2B_OPERAND(w, &in->operandB);
    tpm2l_wcur_u16(w, in->offset);
    tpm2l_wcur_u16(w, in->operation);
    rc = run_empty_response(&c);
    if (rc)
        return rc;
    tpm2l_policy_target_commit(&t);
    return TPM2_RC_SUCCESS;
}
