/* keystore.h - what the key-file commands (importkey, loadkey, sign) share: parent
 * handles written the way create_tpm2_key takes them, key files read with messages
 * that name the problem, and "a key" on the command line (a TSS2 PRIVATE KEY file, a
 * tpm2-tools context file or a handle) loaded for one command.
 *
 * Internal to tools/tpm2lite; every function prints its own message and returns an
 * exit status (CLI_OK, CLI_FAIL, CLI_USAGE).
 */
#ifndef TPM2LITE_TOOLS_KEYSTORE_H
#define TPM2LITE_TOOLS_KEYSTORE_H

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/keyfile.h"

/* owner/o, endorsement/e, platform/p, null/n, 0x-prefixed hex, or bare hex as
 * create_tpm2_key takes it ("81000001"). Only hierarchies and persistent handles. */
int ks_parse_parent(const cli *c, const char *s, uint32_t *h);

/* Read and parse a TSS2 PRIVATE KEY file (PEM or DER). No TPM. */
int ks_key_read(const cli *c, const char *path, tpm2l_tpmkey *key);

/* 1 if the file at path starts like a TSS2 key (PEM text or DER SEQUENCE) rather than
 * a tpm2-tools context file (0xBADCC0DE). */
int ks_is_keyfile(const char *path);

/* A key for one command: arg is a 0x handle, a context file or a TSS2 key file (loaded
 * under its parent with parent_auth). key_in (may be NULL) gets the parsed key file,
 * if it was one. o is ready for cli_object_done; pub gets the key's public area. */
int ks_key_open(cli *c, const char *arg, const TPM2B_AUTH *parent_auth, cli_object *o,
                TPM2B_PUBLIC *pub, tpm2l_tpmkey **key_in);

/* Write a key file as PEM to path (mode 0600: it is a secret's wrapping). */
int ks_key_write(const cli *c, const char *path, const tpm2l_tpmkey *key);

/* ContextSave the loaded object and write a tpm2-tools context file. */
int ks_save_context(cli *c, const char *path, const tpm2l_handle *obj, const TPM2B_PUBLIC *pub);

#endif
