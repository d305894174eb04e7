/* fake_tpm.h - a scripted transport for the command-layer unit tests: records every
 * command sent and answers with queued responses (or transport errors), plus the
 * context the tests run on and helpers to build and check messages. */
#ifndef TPM2LITE_TESTS_UNIT_COMMAND_FAKE_TPM_H
#define TPM2LITE_TESTS_UNIT_COMMAND_FAKE_TPM_H

#include <stddef.h>
#include <stdint.h>

#include "tpm2lite/command.h"
#include "tpm2lite/cursor.h"
#include "tpm2lite/tcti.h"

#define FAKE_MAX 8

typedef struct {
    tpm2l_tcti base;
    /* commands seen, in order */
    size_t n_sent;
    uint8_t sent[FAKE_MAX][TPM2L_MAX_MESSAGE];
    size_t sent_len[FAKE_MAX];
    /* responses to give, in order */
    size_t n_rsp, next_rsp;
    uint8_t rsp[FAKE_MAX][TPM2L_MAX_MESSAGE];
    size_t rsp_len[FAKE_MAX];
    TPM2_RC tx_rc, rx_rc; /* transport failures to report instead */
} fake_tpm;

extern fake_tpm fake;
extern tpm2l_ctx ctx;

/* cmocka setup/teardown: a fresh fake and a context on it. */
int fake_setup(void **state);
int fake_teardown(void **state);

void fake_queue(fake_tpm *f, const uint8_t *p, size_t n);
/* Queue a response given as hex (spaces allowed). */
void fake_queue_hex(fake_tpm *f, const char *hex);
/* Hex (spaces ignored) into out; returns the byte count. */
size_t fake_unhex(const char *hex, uint8_t *out, size_t cap);

/* Command i sent was exactly hex. */
void assert_sent(size_t i, const char *hex);
/* tpm2l_ctx_error(&ctx) contains s. */
void assert_error_mentions(const char *s);
int contains(const uint8_t *buf, size_t n, const void *pat, size_t m);

/* Build a response in place: begin with a tag, append with rsp_w, then queue it (the
 * size field is filled in). */
extern tpm2l_wcur rsp_w;
void rsp_begin(uint16_t tag);
void rsp_queue(void);
/* The password session's answer: empty nonce, continueSession, empty hmac. */
void rsp_pw_session(void);

#define RC_BAD_RESPONSE TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_BAD_RESPONSE)
#define RC_NAME_MISMATCH TPM2L_RC(TPM2L_LAYER_COMMAND, TPM2L_E_NAME_MISMATCH)

#endif
