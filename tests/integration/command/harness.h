/* harness.h - what the command integration tests share: one real TPM per simulator
 * kind (tests/helpers/sim.h), a context on it, small helpers, and a main loop that
 * runs a test list over every kind.
 *
 * TPM2L_TEST_SIM_KINDS (sim_kind_name()s, e.g. "libtpms,swtpm_tcp") limits the kinds
 * run; TPM2L_TEST_SIM_SKIP (same form) then drops kinds from whatever was selected.
 * A group whose simulator cannot start fails.
 */
#ifndef TPM2LITE_TESTS_INTEGRATION_COMMAND_HARNESS_H
#define TPM2LITE_TESTS_INTEGRATION_COMMAND_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/helpers/sim.h"
#include "tpm2lite/command.h"

extern sim_t sim;
extern sim_kind kind;
extern tpm2l_ctx ctx;

/* Fail the test unless rc == want, saying which call, on which kind, and why. */
void check(TPM2_RC rc, TPM2_RC want, const char *what);
#define OK(call) check((call), 0, #call)
#define FAILS_WITH(call, want) check((call), (want), #call)
void assert_error_mentions(const char *s);

#define RC_HANDLE_1 (TPM2_RC_HANDLE | TPM2_RC_H | TPM2_RC_1)

/* Open / close our transport and context on the running simulator. */
int open_tpm(void);
void close_tpm(void);

/* A fresh _TPM_Init (TPM2_Startup needed again) where the transport can send one
 * (swtpm's control channel); -1 elsewhere. */
int tpm_reinit(void);

tpm2l_auth_handle hierarchy(TPM2_HANDLE h, const char *auth);
/* tpm2l_template_primary(type) under the owner hierarchy, empty auth. */
void create_primary(TPM2_ALG_ID type, tpm2l_CreatePrimary_out *out);
void flush(TPM2_HANDLE h);
TPML_PCR_SELECTION one_pcr(TPM2_ALG_ID bank, unsigned pcr);
void read_pcr(TPM2_ALG_ID bank, unsigned pcr, TPM2B_DIGEST *value);

/* Run tests over every selected simulator kind, one fresh TPM per kind. Returns the
 * process exit status. */
int run_over_kinds(const struct CMUnitTest *tests, size_t n);

#endif
