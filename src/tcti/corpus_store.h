/* corpus_store.h - internal: the parsed form of a corpus in the replay's store, the
 * loader that fills it, and the command field locator used for mismatch reports.
 *
 * Store layout, per message: line number (4 bytes, big-endian), length (2 bytes,
 * big-endian), the message bytes. Messages alternate command, response; the loader has
 * checked every one (whole header, size field equal to length, at most
 * TPM2L_MAX_MESSAGE bytes), so readers need only stay inside store_len.
 */
#ifndef TPM2LITE_SRC_TCTI_CORPUS_STORE_H
#define TPM2LITE_SRC_TCTI_CORPUS_STORE_H

#include <stdio.h>

#include "tpm2lite/corpus.h"

#define CORPUS_MSG_HDR 6u

typedef struct {
    uint32_t line;
    size_t len;
    const uint8_t *bytes;
} corpus_msg;

/* Read the message at *pos and advance *pos past it. 0 on success, -1 if the store
 * holds no whole message there. */
int tpm2l_corpus_msg(const uint8_t *store, size_t store_len, size_t *pos, corpus_msg *m);

/* Parse corpus text from fp (if not NULL) or from text/len into rp->store (capacity
 * cap), filling store_len, n_exchanges, scenario and seed. Errors: TPM2L_LAYER_PARSE,
 * detail with the line number in rp->base.err. */
TPM2_RC tpm2l_corpus_load(tpm2l_tcti_replay *rp, FILE *fp, const char *text, size_t len,
                          size_t cap);

/* Name the field of command cmd (len bytes) that byte off falls in, parsing the
 * header, handle area and authorization area (Part 1 §18, Part 3 handle counts):
 * "header.commandCode", "handle area: handle 2", "authorization area: session 1
 * hmac", "parameters", ... Always writes a NUL-terminated string to out. */
void tpm2l_corpus_field(const uint8_t *cmd, size_t len, size_t off, char *out, size_t cap);

#endif
