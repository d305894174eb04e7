/* attest_util.h - helpers of the attest integration tests, on the command tests'
 * harness (tests/integration/command/harness.h): primaries with their qualified names,
 * nonces, tpm2-tools runs, and the check that a verification failed as expected. */
#ifndef TPM2LITE_TESTS_INTEGRATION_ATTEST_UTIL_H
#define TPM2LITE_TESTS_INTEGRATION_ATTEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "tests/integration/command/harness.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/templates.h"

typedef struct {
    tpm2l_CreatePrimary_out out;
    TPM2B_NAME qn; /* qualified name: H(hierarchy handle || name) */
} primary_t;

/* CreatePrimary(tmpl) under the hierarchy (empty auth); p->qn = H(hierarchy || name). */
void create(TPM2_HANDLE hierarchy_handle, const TPMT_PUBLIC *tmpl, primary_t *p);
void create_id(TPM2_HANDLE hierarchy_handle, tpm2l_template_id id, primary_t *p);
/* p's handle with its name and an empty password. */
tpm2l_auth_handle use(const primary_t *p);
/* 32 random bytes. */
void fresh_nonce(TPM2B_DATA *d);
/* Fail unless rc is an error and res names the check want. */
void expect_failed(TPM2_RC rc, const tpm2l_verify_result *res, tpm2l_verify_check want);
/* Run a shell command line (tpm2-tools) with a time limit; fail the test if it fails. */
void run(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Read the file name in the sim's directory into buf; its length. */
size_t slurp(const char *name, uint8_t *buf, size_t cap);

#endif
