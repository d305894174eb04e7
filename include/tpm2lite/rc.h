/* rc.h - the one error space of libtpm2lite.
 *
 * Every function that can fail returns TPM2_RC. Codes the TPM itself returns pass
 * through unchanged (they only ever use bits 0..11 plus the format-one number bits
 * 8..11, so bits 16..23 are always zero for them). Errors raised by the library carry
 * a layer in bits 16..23 and a reason in bits 0..15, so one value says both where it
 * happened and why, like TSS2's layer bits but in a range TSS2 does not use.
 *
 * tpm2l_rc_str() turns any of them into one line of text without allocating and
 * without shared state: the text lives in the returned struct, so
 *     printf("%s\n", tpm2l_rc_str(rc).s);
 * is valid C11 (the temporary lives until the end of the full expression).
 */
#ifndef TPM2LITE_RC_H
#define TPM2LITE_RC_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t TPM2_RC;

#define TPM2_RC_SUCCESS ((TPM2_RC)0x000)

/* Layers (bits 16..23). 0 is the TPM itself. */
#define TPM2L_LAYER_MASK    0x00FF0000u
#define TPM2L_LAYER_TPM     0x00000000u
#define TPM2L_LAYER_MARSHAL 0x00410000u /* cursor, marshal and unmarshal */
#define TPM2L_LAYER_CRYPTO  0x00420000u /* OpenSSL-backed primitives */
#define TPM2L_LAYER_SESSION 0x00430000u /* session logic, HMACs, encryption */
#define TPM2L_LAYER_COMMAND 0x00440000u /* executor and command wrappers */
#define TPM2L_LAYER_TCTI    0x00450000u /* transports */
#define TPM2L_LAYER_PARSE   0x00460000u /* config strings, auth strings, files */

/* Reasons (bits 0..15), shared by every layer. */
#define TPM2L_E_GENERAL        1u  /* an internal error that has no better name */
#define TPM2L_E_BAD_ARG        2u  /* the caller passed an invalid argument */
#define TPM2L_E_BAD_CONFIG     3u  /* a configuration string is malformed */
#define TPM2L_E_INSUFFICIENT   4u  /* the destination is too small */
#define TPM2L_E_TRUNCATED      5u  /* the input ended early */
#define TPM2L_E_BAD_SELECTOR   6u  /* a union selector or algorithm is unknown */
#define TPM2L_E_BAD_VALUE      7u  /* a value is out of its allowed range */
#define TPM2L_E_TRAILING       8u  /* bytes were left over where none may be */
#define TPM2L_E_IO             9u  /* read, write or another system call failed */
#define TPM2L_E_TIMEOUT       10u  /* no answer in time */
#define TPM2L_E_CONNECT       11u  /* the endpoint could not be reached */
#define TPM2L_E_CLOSED        12u  /* the peer closed the connection */
#define TPM2L_E_PERMISSION    13u  /* the system refused access */
#define TPM2L_E_NOT_FOUND     14u  /* no such device, file or object */
#define TPM2L_E_BUSY          15u  /* the resource is in use by someone else */
#define TPM2L_E_NOT_SUPPORTED 16u  /* not built in, or not possible here */
#define TPM2L_E_BAD_RESPONSE  17u  /* a response is malformed (tag, size, length) */
#define TPM2L_E_NAME_MISMATCH 18u  /* a name does not match its public area */
#define TPM2L_E_NO_MEMORY     19u  /* an allocation failed (open-time only) */
#define TPM2L_E_CRYPTO        20u  /* an OpenSSL operation failed */
#define TPM2L_E_RESPONSE_AUTH 21u  /* a response HMAC did not verify */
#define TPM2L_E_BAD_SEQUENCE  22u  /* a call made in the wrong state */
#define TPM2L_E_CHILD_EXITED  23u  /* the cmd transport's child process ended */
#define TPM2L_E_MISMATCH      24u  /* a replayed command differs from the recording */
#define TPM2L_E_IN_USE        25u  /* a single-instance resource is already open */
#define TPM2L_E_MAX           25u

#define TPM2L_RC(layer, reason) ((TPM2_RC)((layer) | (reason)))

/* True for errors raised by the library rather than the TPM. */
#define TPM2L_RC_IS_LIB(rc) (((rc) & TPM2L_LAYER_MASK) != 0)

typedef struct {
    char s[192];
} tpm2l_rc_text;

/* One line describing rc: a TPM code by name with its handle, session or parameter
 * number and meaning, or a library error by layer and reason. Never fails. */
tpm2l_rc_text tpm2l_rc_str(TPM2_RC rc);

/* The TPM_RC_* name of rc's base code ("TPM_RC_AUTH_FAIL"), or NULL if unknown. */
const char *tpm2l_rc_name(TPM2_RC rc);

#ifdef __cplusplus
}
#endif
#endif
