/* session_file_int.h - internal: what session_file_io.c needs from session_file.c. */
#ifndef TPM2LITE_SRC_COMMAND_SESSION_FILE_INT_H
#define TPM2LITE_SRC_COMMAND_SESSION_FILE_INT_H

#include "tpm2lite/sessionfile.h"

/* tpm2l_session_file_decode, and for a bound session in tpm2-tools' format the bind
 * authValue ESAPI's marker carries (SECRET: the caller wipes it; empty otherwise). */
TPM2_RC tpm2l_session_file_decode_bind(const uint8_t *buf, size_t len, tpm2l_session *s,
                                       TPMS_CONTEXT *saved, tpm2l_session_file_format *fmt,
                                       TPM2B_AUTH *bind_auth, char *err, size_t errlen);

#endif
