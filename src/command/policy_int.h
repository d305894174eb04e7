/* policy_int.h - what the policy command wrappers share (internal): the session a
 * policy command acts on, and its software digest computed ahead of the command and
 * committed only after the TPM's success.
 */
#ifndef TPM2LITE_SRC_COMMAND_POLICY_INT_H
#define TPM2LITE_SRC_COMMAND_POLICY_INT_H

#include "src/command/exec.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/session.h"

typedef struct {
    tpm2l_session *s;   /* NULL: a bare handle, nothing tracked */
    TPM2_HANDLE handle; /* the policy session's handle */
    TPM2B_NAME name;    /* its name: the handle itself */
    tpm2l_policy next;  /* s's digest after the command (valid when s) */
} tpm2l_policy_target;

/* Resolve ps into t (refusing a session that is not started, not a policy or trial
 * session, or unusable) with t->next = the session's current digest. what names the
 * command for the error detail. */
TPM2_RC tpm2l_policy_target_begin(tpm2l_ctx *ctx, const char *what,
                                  const tpm2l_policy_session *ps, tpm2l_policy_target *t);
/* A calculator refusal before anything was sent, with detail. */
TPM2_RC tpm2l_policy_target_refuse(tpm2l_ctx *ctx, const char *what, TPM2_RC rc);
/* After the TPM's success: s->policy_digest = t->next.digest (no-op without s). */
void tpm2l_policy_target_commit(tpm2l_policy_target *t);

#endif
