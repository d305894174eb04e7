/* matrix.h - the session matrix's engine (matrix.c) for test_matrix.c: the shared
 * entities, one cell run and checked, the result table, and the record transport
 * check that a secret is on the wire only without encryption. */
#ifndef TPM2LITE_TESTS_INTEGRATION_SESSION_MATRIX_H
#define TPM2LITE_TESTS_INTEGRATION_SESSION_MATRIX_H

#include "tests/integration/session/sess_util.h"
#include "tpm2lite/policy.h"

#define CONT TPMA_SESSION_CONTINUESESSION
#define DEC TPMA_SESSION_DECRYPT
#define ENC TPMA_SESSION_ENCRYPT
#define NV_INDEX 0x01500031u
#define NV_SIZE 32
#define RAND_SIZE 24
#define N_CELLS 80
#define VERIFY_FAILED 0xFFFFFFFFu /* the command succeeded but its secret is wrong */
#define RC_LIB_EMPTY_KEY TPM2L_RC_SESSION(TPM2L_E_BAD_ARG)

enum { T_HMAC, T_POLICY };
enum { B_NONE, B_BOUND, B_RSA, B_ECC, B_SALT_BOUND };
enum { E_NONE, E_DEC, E_ENC, E_BOTH };
enum { Y_AES, Y_XOR };
typedef enum { WORKED, LIB_REFUSED, TPM_REFUSED } outcome;

typedef struct {
    int type, bind, enc, sym;
} cfg;

typedef struct {
    outcome want, got;
    TPM2_RC want_rc, rc;
    int ok;
    char why[120];
} cell_result;

/* What one command's test supplies. */
typedef struct {
    const char *name;
    tpm2l_auth_handle *own;      /* the entity authorised (NULL for GetRandom) */
    tpm2l_auth_handle *other;    /* another entity, for the XOR bound cells */
    /* Run the command under s (policy sessions get PolicyAuthValue first, in here);
     * 0, a TPM/library code, or VERIFY_FAILED with why filled. */
    TPM2_RC (*run)(tpm2l_session *s, int cell, char *why, size_t cap);
    /* The TPM's documented refusal for a cell the library lets through, else 0. */
    TPM2_RC (*tpm_refuses)(const cfg *c);
    const uint8_t *secret; /* after run: the bytes that must not be on the wire */
    size_t secret_len;
} command;

/* The shared world, made by matrix_setup() on first use. */
extern tpm2l_policy pav; /* PolicyAuthValue's digest: every entity's authPolicy */
extern tpm2l_auth_handle parent, sealed, nv, owner;
extern const char sealed_data[24];
extern tpm2l_handle rsa_salt, ecc_salt; /* persistent */
extern int world_ready;
extern size_t nv_baseline; /* NV indices the TPM had before the matrix */
#define RSA_SALT_HANDLE 0x81000131u
#define ECC_SALT_HANDLE 0x81000132u

int matrix_setup(void **state);
int matrix_teardown(void **state);
size_t count_handles(TPM2_HANDLE first);
size_t sessions_loaded(void);
tpm2l_auth_handle entity(const tpm2l_handle *h, const char *auth);
/* obj made persistent at handle p (out: with its name), or p evicted (obj NULL). */
void persist(const tpm2l_handle *obj, TPM2_HANDLE p, tpm2l_handle *out);
/* PolicyAuthValue on s when it is a policy session (before every authorisation). */
TPM2_RC policy_prep(tpm2l_session *s);
/* Around the command under test: recorded when the current cell is being recorded. */
void rec_on(void);
void rec_off(void);
/* All 80 cells of cmd; fails with the table if any is not as documented, then the
 * recorded cells. */
void run_matrix(const command *cmd);

#endif
