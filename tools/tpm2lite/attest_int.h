/* attest_int.h - what tpm2lite attest's files share (attest.c, attest_cred.c,
 * quote.c, attest_checkquote.c): the
 * signing EK, name files, PEM output, flushing. Not part of the CLI's shared cli.h. */
#ifndef TPM2LITE_TOOLS_ATTEST_INT_H
#define TPM2LITE_TOOLS_ATTEST_INT_H

#include "tools/tpm2lite/cli.h"

/* CreatePrimary(TPM2_RH_ENDORSEMENT, the signing EK template) with eauth; out->name is
 * checked against out->outPublic by the library. Returns an exit status. */
int att_signing_ek(cli *c, const TPM2B_AUTH *eauth, tpm2l_CreatePrimary_out *out);

/* Compare name with the hex name in path (attest_tpm2_primary's name files and the
 * kernel's null_name: hex, trailing whitespace allowed, either case). On a mismatch
 * print "<what> ... does not match <path>" with both values; returns an exit status. */
int att_name_check(cli *c, const char *path, const TPM2B_NAME *name, const char *what);

/* Write pub as a SubjectPublicKeyInfo PEM file. Returns an exit status. */
int att_write_pem(cli *c, const char *path, const TPMT_PUBLIC *pub);

/* FlushContext(h), reporting a failure; h 0 is ignored. Returns an exit status. */
int att_flush(cli *c, TPM2_HANDLE h);

/* Hex (either case, even length, nothing else) into out (cap bytes); 0 on success. */
int att_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *n);

/* The public key of the X.509 certificate in path (PEM or DER) as a TPMT_PUBLIC
 * (type, parameters, unique), read before any TPM is opened. Returns an exit status. */
int att_cert_key(cli *c, const char *path, TPMT_PUBLIC *key);

/* The --attest flow (attest_cred.c) for the certificate's key. */
int att_attest(cli *c, const char *cert_path, const TPMT_PUBLIC *key, const char *name_path,
               const char *pem_path, const TPM2B_AUTH *eauth);

#endif
