/* authstr.h - authorization strings in the form tpm2-tools users type after -p / -P.
 *
 *     auth    = value | "file:" path | "session:" path [ "+" value ] | "pcr:" spec [ "=" path ]
 *     value   = text | "str:" text | "hex:" hexbytes
 *
 * - text (bare or after "str:"): at most 63 characters, as tpm2-tools (which keeps room
 *   for a NUL in TPM2B_AUTH's 64 bytes). Used as bytes, without a terminator.
 * - "hex:": an even number of hex digits, at most 64 bytes; "hex:" alone is empty.
 * - "file:path": the file's contents, trailing CR/LF removed, parsed again as an auth
 *   string (so a file may hold "hex:...", "session:..." or "pcr:..."). "file:-" reads
 *   standard input, with echo turned off when it is a terminal (the caller prints any
 *   prompt: this library never prints). Files inside files are followed at most
 *   TPM2L_AUTH_MAX_DEPTH deep, so a file that names itself is an error, not a hang.
 *   A file holding a NUL byte, or more than TPM2L_AUTH_MAX_FILE bytes, is refused.
 * - "session:path": a saved session to authorise with (sessionfile.h reads it); an
 *   optional "+value" after the FIRST '+' is the entity's authValue, for sessions that
 *   use it (HMAC sessions, PolicyAuthValue, PolicyPassword). A path containing '+' must
 *   be given through file:.
 * - "pcr:spec[=path]": start a policy session and run PolicyPCR over the PCR selection
 *   spec (pcrspec.h grammar); path, if given, holds the expected PCR values
 *   (digests concatenated as tpm2_pcrread -o writes them).
 *
 * Anything else that starts like a prefix (lowercase letters then ':') is refused
 * rather than taken as a password, so a typo or a retired form never becomes a
 * secret silently: in particular "hmac:", removed from tpm2-tools in 2019 as
 * misdocumented. A password that really starts that way is written "str:hmac:...".
 *
 * Errors are TPM2L_LAYER_PARSE codes (TPM2L_E_BAD_VALUE for malformed or too long
 * strings; TPM2L_E_NOT_FOUND, TPM2L_E_PERMISSION, TPM2L_E_IO for files) with one line in
 * err (may be NULL). Messages never repeat any part of a secret. On failure *out is
 * wiped. The caller owns *out and its secret bytes: wipe it with tpm2l_auth_spec_wipe.
 */
#ifndef TPM2LITE_AUTHSTR_H
#define TPM2LITE_AUTHSTR_H

#include <stddef.h>

#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TPM2L_AUTH_MAX_STR 63u    /* characters of a plain or str: value */
#define TPM2L_AUTH_MAX_PATH 4096u /* bytes of a path, NUL included */
#define TPM2L_AUTH_MAX_FILE 8192u /* bytes a file: source may hold */
#define TPM2L_AUTH_MAX_DEPTH 4u   /* file: inside file: nesting */

typedef enum {
    TPM2L_AUTH_VALUE = 1, /* value: the bytes are in .value */
    TPM2L_AUTH_SESSION,   /* session:path[+value]: .path, .value (may be empty) */
    TPM2L_AUTH_PCR,       /* pcr:spec[=path]: .pcrs, .path ("" = read the PCRs) */
} tpm2l_auth_kind;

typedef struct {
    tpm2l_auth_kind kind;
    TPM2B_AUTH value;              /* secret */
    char path[TPM2L_AUTH_MAX_PATH]; /* NUL-terminated; "" when not used */
    TPML_PCR_SELECTION pcrs;       /* TPM2L_AUTH_PCR only */
} tpm2l_auth_spec;

/* Parse s into *out (see above). */
TPM2_RC tpm2l_auth_parse(const char *s, tpm2l_auth_spec *out, char *err, size_t errlen);

/* Wipe *out (secret bytes included). */
void tpm2l_auth_spec_wipe(tpm2l_auth_spec *out);

#ifdef __cplusplus
}
#endif
#endif
