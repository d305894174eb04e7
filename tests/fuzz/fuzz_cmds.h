/* fuzz_cmds.h - command wrappers for the response fuzzers, and the scripted transport
 * they run on (fuzz_response.c without sessions, fuzz_sessions.c with HMAC sessions).
 *
 * Each entry calls a real wrapper (tpm2l_GetRandom, tpm2l_Unseal, ...) with fixed,
 * valid arguments, so the command is built and sent, and whatever the transport hands
 * back goes through the executor's checks and the wrapper's own parsing. Objects and
 * NV indices carry fixed names so HMAC sessions can compute cpHash.
 */
#ifndef TPM2LITE_TESTS_FUZZ_FUZZ_CMDS_H
#define TPM2LITE_TESTS_FUZZ_FUZZ_CMDS_H

#include <stddef.h>
#include <stdint.h>

#include "tpm2lite/command.h"
#include "tpm2lite/session.h"

/* The authValue every authorised handle carries. */
#define FUZZ_AUTH "fuzz-auth"

typedef struct {
    const char *name;
    uint8_t n_handles;     /* command handle area */
    uint8_t n_auths;       /* of which authorised ("@"), the first ones in Part 3 order */
    uint8_t n_rsp_handles; /* response handle area */
    uint8_t changes_auth;  /* the response HMAC is under a new authValue: skip */
} fuzz_cmd_info;

size_t fuzz_cmd_count(void);
const fuzz_cmd_info *fuzz_cmd_info_of(size_t i);
/* Run command i. sess[0..n) authorise its authorised handles in order (the rest use
 * passwords); sessions beyond n_auths go through tpm2l_ctx_next_sessions. */
TPM2_RC fuzz_cmd_run(tpm2l_ctx *ctx, size_t i, tpm2l_session *const *sess, size_t n);

/* The scripted transport: keeps the command sent, and answers with respond(). */
typedef struct fuzz_tcti fuzz_tcti;
struct fuzz_tcti {
    tpm2l_tcti base;
    uint8_t cmd[TPM2L_MAX_MESSAGE];
    size_t cmd_len;
    size_t exchanges; /* receives so far */
    /* Build the response to cmd into rsp (cap bytes); return its length. */
    size_t (*respond)(fuzz_tcti *t, uint8_t *rsp, size_t cap);
    void *arg;
};

void fuzz_tcti_init(fuzz_tcti *t, size_t (*respond)(fuzz_tcti *, uint8_t *, size_t), void *arg);
/* Deterministic "random" bytes: nonces the same on every run of one input. */
TPM2_RC fuzz_counter_rng(void *arg, uint8_t *out, size_t n);

#endif
