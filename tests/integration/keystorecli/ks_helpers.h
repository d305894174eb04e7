/* ks_helpers.h - what the keystore CLI tests share: running tpm2lite and the peers
 * (openssl, tpm2-openssl, tpm2-tools) on the swtpm of cli_run.h, keys made with
 * openssl genpkey, the walkthrough's storage key at 0x81000001, and key files damaged
 * on purpose through the library's own codec. */
#ifndef TPM2LITE_TESTS_KS_HELPERS_H
#define TPM2LITE_TESTS_KS_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "cli_check.h"

extern run_result R;

/* A transport nobody listens on: a command that touched the TPM would exit 1. */
#define DEAD_TCTI "swtpm:host=127.0.0.1,port=1"
#define USAGE(text, ...)                                                                     \
    do {                                                                                     \
        if (run_cli(&R, DEAD_TCTI, __VA_ARGS__, NULL) != 2 || !strstr(R.err, (text))) {      \
            run_dump(#__VA_ARGS__, &R);                                                      \
            fail_msg("tpm2lite %s: want usage error saying '%s'", #__VA_ARGS__, (text));     \
        }                                                                                    \
    } while (0)

#define SH(...)                                                                              \
    do {                                                                                     \
        if (sh(__VA_ARGS__) != 0) {                                                          \
            run_dump("sh", &R);                                                              \
            fail_msg("shell command failed");                                                \
        }                                                                                    \
    } while (0)

/* A shell line (into R), then tpm2_flushcontext -t: with no resource manager what a
 * peer loads stays loaded. */
int sh(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
int have_provider(void); /* tpm2-openssl installed */
void write_bytes(const char *path, const void *p, size_t n);
void ensure_srk(void);   /* tpm2_createprimary's ECC storage key at 0x81000001 */
const char *genkey(const char *name, int rsa); /* scratch NAME and NAME.pub, once */
const char *message(void);
int openssl_verifies(const char *pubpem, const char *sig, const char *msg, const char *extra);
/* importkey NAME (made once) under parent into NAME.tss, sign message() into NAME.sig,
 * and check openssl verifies it. */
void import_sign_verify(const char *name, int rsa, const char *parent);
size_t key_der(uint8_t *der, size_t cap); /* DER of an imported ECC key file */
void reparent(const char *in, uint32_t parent, const char *out);
int keystore_setup(void **state); /* swtpm, and TPM2OPENSSL_TCTI pointed at it */

#endif
