/* fake_inner.h - a scripted inner transport for the corpus FORMAT tests only.
 *
 * It answers the n-th command with the n-th canned response, whatever the command
 * says. The real corpus in tests/corpus/ is always recorded from swtpm; these canned
 * messages exist only to pin the file format and the replay checks.
 */
#ifndef TESTS_UNIT_CORPUS_FAKE_INNER_H
#define TESTS_UNIT_CORPUS_FAKE_INNER_H

#include "tpm2lite/tcti.h"

typedef struct {
    const uint8_t *bytes;
    size_t len;
} fake_msg;

typedef struct {
    tpm2l_tcti base;
    const fake_msg *responses;
    size_t n, next;
    size_t transmits;
    TPM2_RC fail_transmit; /* returned (with a detail) by every transmit if not 0 */
    int locality;
} fake_inner;

void fake_inner_open(fake_inner *f, const fake_msg *responses, size_t n);

/* Canned messages shaped like real ones (tests only). */
extern const uint8_t fake_getrandom_cmd[12];
extern const uint8_t fake_getrandom_rsp[28];
/* PCR_Extend(PCR 16) with one HMAC session: nonceCaller 16 bytes, hmac 32 bytes. */
extern const uint8_t fake_extend_cmd[113];
extern const size_t fake_extend_cmd_len;
extern const uint8_t fake_extend_rsp[19];
/* A 10-byte error response: TPM_RC_HANDLE for handle 1 (0x08B). */
extern const uint8_t fake_error_rsp[10];

#endif
