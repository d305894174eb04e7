/* tcti.h - transports: how whole command and response byte strings reach a TPM.
 *
 * A transport is a struct whose first member is a tpm2l_tcti; the caller owns its
 * storage (stack or static), opens it with the transport's open function (or, from a
 * configuration string, into a tpm2l_tcti_any), uses it through tpm2l_tcti_transmit /
 * tpm2l_tcti_receive, and closes it. Transports know only the 10-byte header.
 *
 * Errors are TPM2L_LAYER_TCTI codes; the transport also writes one line of detail
 * into t->err ("tcti(swtpm): connection refused on 127.0.0.1:2321"), which the
 * command layer copies into the context so tpm2l_ctx_error() can show it.
 */
#ifndef TPM2LITE_TCTI_H
#define TPM2LITE_TCTI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "rc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest command or response a transport moves (TPM_PT_MAX_COMMAND_SIZE on every
 * TPM seen in practice is at most 4096). */
#define TPM2L_MAX_MESSAGE 4096u
/* Default receive timeout: RSA key generation on slow chips can take a minute. */
#define TPM2L_TCTI_DEFAULT_TIMEOUT_MS 120000

#define TPM2L_RC_TCTI(reason) TPM2L_RC(TPM2L_LAYER_TCTI, (reason))

typedef struct tpm2l_tcti tpm2l_tcti;

struct tpm2l_tcti_ops {
    const char *name; /* "device", "mssim", "swtpm", "cmd", "libtpms", "record", ... */
    /* Send one whole command (len bytes, header included). */
    TPM2_RC (*transmit)(tpm2l_tcti *t, const uint8_t *cmd, size_t len);
    /* Receive one whole response into buf (cap bytes); *len = its size. Must check the
     * header's size field against cap and against what arrives, and honour
     * t->timeout_ms (negative = wait forever). */
    TPM2_RC (*receive)(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len);
    /* Optional (NULL = not supported): locality for the next command, cancel. */
    TPM2_RC (*set_locality)(tpm2l_tcti *t, uint8_t locality);
    TPM2_RC (*cancel)(tpm2l_tcti *t);
    /* Release everything the transport holds; safe to call twice. */
    void (*close)(tpm2l_tcti *t);
};

struct tpm2l_tcti {
    const struct tpm2l_tcti_ops *ops;
    int timeout_ms;
    char err[200]; /* detail of the last error, one line, NUL-terminated */
};

TPM2_RC tpm2l_tcti_transmit(tpm2l_tcti *t, const uint8_t *cmd, size_t len);
TPM2_RC tpm2l_tcti_receive(tpm2l_tcti *t, uint8_t *buf, size_t cap, size_t *len);
TPM2_RC tpm2l_tcti_set_locality(tpm2l_tcti *t, uint8_t locality);
TPM2_RC tpm2l_tcti_cancel(tpm2l_tcti *t);
void tpm2l_tcti_close(tpm2l_tcti *t);
void tpm2l_tcti_set_timeout(tpm2l_tcti *t, int timeout_ms);

/* For transport implementations: fill t->err (printf-style) and return rc. */
TPM2_RC tpm2l_tcti_error(tpm2l_tcti *t, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- Configuration strings: "name[:conf]", conf = "key=value,..." or free text ---- */

#define TPM2L_TCTI_CONF_MAX 512
#define TPM2L_TCTI_KV_MAX 8

typedef struct {
    char name[16];
    char conf[TPM2L_TCTI_CONF_MAX]; /* everything after the first ':' */
    size_t n_kv;
    struct {
        char key[32];
        char value[256];
    } kv[TPM2L_TCTI_KV_MAX];
} tpm2l_tcti_config;

/* Split a configuration string. conf is always filled; kv only when conf has the
 * key=value form (cmd: and device: take conf as free text). Errors are
 * TPM2L_LAYER_PARSE codes with a message in errbuf (may be NULL). */
TPM2_RC tpm2l_tcti_config_parse(const char *s, tpm2l_tcti_config *cfg, char *errbuf,
                                size_t errlen);
/* Value for key, or NULL. */
const char *tpm2l_tcti_config_get(const tpm2l_tcti_config *cfg, const char *key);

#ifdef __cplusplus
}
#endif

#include "tcti_impl.h" /* the concrete transports and tpm2l_tcti_any */

#endif
