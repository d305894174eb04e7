/* tcti_test.h - raw commands and small helpers shared by the transport tests. */
#ifndef TPM2LITE_TESTS_TCTI_TEST_H
#define TPM2LITE_TESTS_TCTI_TEST_H

#include <stdint.h>
#include <string.h>

#include "tpm2lite/tcti.h"

/* TPM2_GetRandom(bytesRequested = 8), no sessions. */
static const uint8_t GETRANDOM8[] = {0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,
                                     0x00, 0x00, 0x01, 0x7b, 0x00, 0x08};
/* TPM2_Startup(TPM_SU_CLEAR). */
static const uint8_t STARTUP_CLEAR[] = {0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,
                                        0x00, 0x00, 0x01, 0x44, 0x00, 0x00};
/* TPM2_GetCapability(TPM_CAP_COMMANDS, first 0, count 256): a response of a few
 * hundred bytes. */
static const uint8_t GETCAP_COMMANDS[] = {0x80, 0x01, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00,
                                          0x01, 0x7a, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
                                          0x00, 0x00, 0x00, 0x00, 0x01, 0x00};
/* TPM2_PCR_Reset(PCR 20) with a password session: allowed at locality 2 only (PC
 * Client PCR attributes in libtpms), TPM_RC_LOCALITY elsewhere. */
static const uint8_t PCR_RESET_20[] = {0x80, 0x02, 0x00, 0x00, 0x00, 0x1b, 0x00, 0x00, 0x01,
                                       0x3d, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x09,
                                       0x40, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00};

#define TPM_RC_INITIALIZE 0x100u
#define TPM_RC_LOCALITY 0x907u

static inline uint32_t rsp_code(const uint8_t *rsp)
{
    return (uint32_t)rsp[6] << 24 | (uint32_t)rsp[7] << 16 | (uint32_t)rsp[8] << 8 | rsp[9];
}

/* transmit + receive; returns the first error. */
static inline TPM2_RC exchange(tpm2l_tcti *t, const uint8_t *cmd, size_t len, uint8_t *rsp,
                               size_t cap, size_t *n)
{
    TPM2_RC rc = tpm2l_tcti_transmit(t, cmd, len);
    if (rc)
        return rc;
    return tpm2l_tcti_receive(t, rsp, cap, n);
}

/* Error code + "message contains" in one assertion-friendly check. */
#define assert_tcti_error(t, rc, want_rc, needle)                                       \
    do {                                                                                \
        if ((rc) != (want_rc) || !strstr((t)->err, (needle)))                           \
            print_error("rc 0x%x (want 0x%x), err \"%s\" (want \"%s\")\n", (unsigned)(rc), \
                        (unsigned)(want_rc), (t)->err, (needle));                      \
        assert_int_equal((rc), (want_rc));                                              \
        assert_non_null(strstr((t)->err, (needle)));                                    \
    } while (0)

#endif
