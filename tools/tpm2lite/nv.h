/* nv.h - what the tpm2lite NV commands (nv.c, nv_io.c) share: index and attribute
 * parsing, and one "operation on an index" that knows the index's current name and
 * the authorisation of the entity that authorises it (o, p or the index itself).
 *
 * Internal to the tool; never included by the library.
 */
#ifndef TPM2LITE_TOOLS_NV_H
#define TPM2LITE_TOOLS_NV_H

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/credential.h"

/* An index given as a handle (0x01000001) or, as tpm2-tools allow, an offset into
 * the NV range (1). 0 on success, else a usage message was printed. */
int nv_parse_index(const cli *c, const char *opt, const char *s, TPM2_HANDLE *h);

/* "ownerread|ownerwrite|nt=counter|..." in tpm2-tools' spelling, or a number. 0 on
 * success; on failure err names the bad token. */
int nv_attrs_parse(const char *s, TPMA_NV *a, char *err, size_t errlen);
/* tpm2-tools' spelling of a (nt=0xN for a non-ordinary type). */
void nv_attrs_str(TPMA_NV a, char *buf, size_t cap);

/* NV_ReadPublic with no expected name: the TPM's current public area and name. */
int nv_read_public(cli *c, TPM2_HANDLE h, TPMS_NV_PUBLIC *pub, TPM2B_NAME *name);
/* TPM2_PT_NV_BUFFER_MAX: the most one NV_Read or NV_Write may move. */
int nv_buffer_max(cli *c, uint16_t *max);
/* Read path ("-" = standard input) into buf; a longer input is an error. */
int nv_read_input(const cli *c, const char *path, uint8_t *buf, size_t cap, size_t *n);

/* An authorised operation on one index. */
typedef struct {
    TPM2_HANDLE index;
    TPM2_HANDLE auth_entity; /* TPM2_RH_OWNER, TPM2_RH_PLATFORM or index */
    TPMS_NV_PUBLIC pub;      /* as the TPM reported it in nv_op_begin */
    cli_auth au;
    tpm2l_auth_handle ah; /* filled by nv_op_begin: the handles for the command */
    tpm2l_handle nv;
} nv_op;

/* No TPM: the index, -C (NULL = the index itself), -P (NULL = empty). Returns 0 or
 * CLI_USAGE (message printed, nothing left to wipe). */
int nv_op_parse(const cli *c, nv_op *op, const char *index, const char *entity,
                const char *auth);
/* Connect, read the index's public area and name, make the authorisation live. */
int nv_op_begin(cli *c, nv_op *op);
/* After a command that writes the index: TPMA_NV_WRITTEN is now set, so its name
 * (and, when it authorises itself, the authorising handle's name) changed. */
void nv_op_written(nv_op *op);
/* Save or flush the session, wipe the authorisation. Returns status (see cli_auth_end). */
int nv_op_end(cli *c, nv_op *op, int status);

#endif
