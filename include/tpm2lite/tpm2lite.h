/* tpm2lite.h - the whole public API of libtpm2lite in one include.
 *
 *     #include <tpm2lite/tpm2lite.h>
 *
 * Layers, bottom up: rc.h (the error space), types.h (Part 2 structures), cursor.h and
 * marshal.h (wire encodings), crypto.h (hashes, names, random), tcti.h (transports),
 * command.h (the context and one function per Part 3 command), session.h (HMAC,
 * policy and trial sessions), pcrspec.h (PCR
 * selection strings), corpus.h (recorded exchanges and the seeded random source for
 * tests).
 */
#ifndef TPM2LITE_TPM2LITE_H
#define TPM2LITE_TPM2LITE_H

#include "rc.h"
#include "types.h"
#include "cursor.h"
#include "marshal.h"
#include "crypto.h"
#include "keyfile.h"
#include "tcti.h"
#include "command.h"
#include "session.h"
#include "policy.h"
#include "pcrspec.h"
#include "authstr.h"
#include "sessionfile.h"
#include "corpus.h"
#include "templates.h"
#include "attest.h"
#include "credential.h"
#include "keys.h"
#include "ek.h"

#endif
