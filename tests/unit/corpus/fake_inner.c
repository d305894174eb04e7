/* fake_inner.c - see fake_inner.h: canned responses for corpus format tests. */
#include <string.h>

#include "tests/unit/corpus/fake_inner.h"

const uint8_t fake_getrandom_cmd[12] = {
    0x80, 0x01, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x01, 0x7b, 0x00, 0x10,
};

const uint8_t fake_getrandom_rsp[28] = {
    0x80, 0x01, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

/* Offsets: header 0..9, handle 10..13, authorizationSize 14..17, sessionHandle
 * 18..21, nonceCaller.size 22..23, nonceCaller 24..39, sessionAttributes 40,
 * hmac.size 41..42, hmac 43..74, parameters 75..112. */
const uint8_t fake_extend_cmd[113] = {
    0x80, 0x02, 0x00, 0x00, 0x00, 0x71, 0x00, 0x00, 0x01, 0x82, /* header, 113 bytes */
    0x00, 0x00, 0x00, 0x10,                                     /* PCR 16 */
    0x00, 0x00, 0x00, 0x39,                                     /* authorizationSize 57 */
    0x02, 0x00, 0x00, 0x00,                                     /* HMAC session */
    0x00, 0x10,                                                 /* nonceCaller */
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
    0x01,                                                       /* continueSession */
    0x00, 0x20,                                                 /* hmac */
    0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb,
    0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
    0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x0b,                         /* 1 digest, SHA-256 */
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
    0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
    0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
};
const size_t fake_extend_cmd_len = sizeof fake_extend_cmd;

const uint8_t fake_extend_rsp[19] = {
    0x80, 0x02, 0x00, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, /* parameterSize 0 */
    0x00, 0x00, 0x01, 0x00, 0x00, /* empty nonceTPM, continueSession, empty hmac */
};

const uint8_t fake_error_rsp[10] = {
    0x80, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x8b,
};

static TPM2_RC f_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len)
{
    fake_inner *f = (fake_inner *)t;
    (void)cmd;
    (void)len;
    if (f->fail_transmit)
        return tpm2l_tcti_error(t, f->fail_transmit, "tcti(fake): scripted failure");
    f->transmits++;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC f_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len)
{
    fake_inner *f = (fake_inner *)t;
    if (f->next >= f->n)
        return tpm2l_tcti_error(t, TPM2L_RC_TCTI(TPM2L_E_CLOSED), "tcti(fake): no more");
    const fake_msg *m = &f->responses[f->next++];
    if (m->len > cap)
        return TPM2L_RC_TCTI(TPM2L_E_INSUFFICIENT);
    memcpy(buf, m->bytes, m->len);
    *len = m->len;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC f_set_locality(tpm2l_tcti *t, uint8_t locality)
{
    ((fake_inner *)t)->locality = locality;
    return TPM2_RC_SUCCESS;
}

static void f_close(tpm2l_tcti *t) { (void)t; }

static const struct tpm2l_tcti_ops fake_ops = {
    .name = "fake",
    .transmit = f_transmit,
    .receive = f_receive,
    .set_locality = f_set_locality,
    .cancel = NULL,
    .close = f_close,
};

void fake_inner_open(fake_inner *f, const fake_msg *responses, size_t n)
{
    memset(f, 0, sizeof *f);
    f->base.ops = &fake_ops;
    f->base.timeout_ms = 1000;
    f->responses = responses;
    f->n = n;
    f->locality = -1;
}
