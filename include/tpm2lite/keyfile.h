/* keyfile.h - the key and context files people already have, parsed and written.
 *
 * Pure file formats (src/file/): bytes in, caller-owned structs out, and back. Nothing
 * here talks to a TPM, prints, allocates or keeps state. Every length in a file is
 * checked against the input and against the destination; a malformed file gets a
 * TPM2L_LAYER_PARSE error (TRUNCATED: a length runs past the end; BAD_VALUE: a wrong
 * tag, a non-minimal DER length, a bad base64 character...; BAD_SELECTOR: an unknown
 * key type OID or ESAPI record type; TRAILING: bytes after the structure;
 * INSUFFICIENT: more policies, or a longer field, than the struct holds) and, where
 * the output struct has one, a one-line reason in its `why` field.
 *
 * 1. TSS2 PRIVATE KEY (draft-bottomley-tpm2-keys; openssl_tpm2_engine, tpm2-openssl):
 *    PEM armour around the DER of
 *      TPMKey ::= SEQUENCE { type OBJECT IDENTIFIER,
 *        emptyAuth [0] EXPLICIT BOOLEAN OPTIONAL,
 *        policy [1] EXPLICIT SEQUENCE OF TPMPolicy OPTIONAL,
 *        secret [2] EXPLICIT OCTET STRING OPTIONAL,
 *        authPolicy [3] EXPLICIT SEQUENCE OF TPMAuthPolicy OPTIONAL,
 *        description [4] EXPLICIT UTF8String OPTIONAL,
 *        rsaParent [5] EXPLICIT BOOLEAN OPTIONAL,
 *        parent INTEGER, pubkey OCTET STRING, privkey OCTET STRING }
 *      TPMPolicy ::= SEQUENCE { commandCode [0] EXPLICIT INTEGER,
 *                               commandPolicy [1] EXPLICIT OCTET STRING }
 *      TPMAuthPolicy ::= SEQUENCE { name [0] EXPLICIT UTF8String OPTIONAL,
 *                                   policy [1] EXPLICIT SEQUENCE OF TPMPolicy }
 *    pubkey is a marshalled TPM2B_PUBLIC and privkey a marshalled TPM2B_PRIVATE, each
 *    WITH its u16 size (checked on files tpm2-openssl 1.1 writes); secret is taken to be
 *    a marshalled TPM2B_ENCRYPTED_SECRET with its size likewise (not yet checked against
 *    an importable key from openssl_tpm2_engine, which Debian does not package). Only DER is accepted (definite minimal lengths, minimal INTEGERs),
 *    with one leniency: tpm2-openssl 1.1 writes BOOLEAN TRUE as 0x01, not DER's 0xFF, so
 *    any non-zero BOOLEAN reads as TRUE. We write 0xFF, so re-encoding such a file
 *    changes that byte (openssl_tpm2_engine, the kernel and tpm2-openssl read both).
 *    tpm2-openssl 1.1.1 (Debian bookworm) refuses a file carrying description [4]: leave
 *    description empty for keys meant for it.
 *
 * 2. tpm2-tools context files (tpm2_createprimary -c, tpm2_load -c, ...): u32 magic
 *    0xBADCC0DE, u32 version 1, u32 hierarchy, u32 savedHandle, u64 sequence, u16 size,
 *    blob. The blob is either the TPM's own TPM2B_CONTEXT_DATA contents ("plain"), or,
 *    as tpm2-tools 5.x (ESAPI) writes and requires, ESAPI's IESYS_CONTEXT_DATA:
 *      u32 reserved (0), TPM2B_CONTEXT_DATA (the TPM's blob),
 *      u16 metadata size (ESAPI writes 0 and ignores it on reading),
 *      IESYS_RESOURCE: u32 handle (the TPM handle), TPM2B_NAME,
 *        u32 type: 0 nothing more, 1 key: TPM2B_PUBLIC, 2 NV: TPM2B_NV_PUBLIC,
 *        3 session: ESAPI's session state (which holds the session key in clear).
 *    A TPM blob starts with its integrity digest's non-zero u16 size, never with four
 *    zero bytes, which tells the two apart.
 *
 * 3. Public keys as SubjectPublicKeyInfo PEM: declared at the end of this header,
 *    implemented in src/crypto/pubkey.c (the only layer that includes OpenSSL).
 *
 * 4. Loading a parsed key file into a TPM under its parent: src/command/tpmkey_load.c,
 *    the one section here that talks to a TPM (through a tpm2l_ctx, no heap).
 */
#ifndef TPM2LITE_KEYFILE_H
#define TPM2LITE_KEYFILE_H

#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "crypto.h"
#include "rc.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TPM2L_RC_PARSE(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

/* ==== PEM armour (pem.c), RFC 7468 ================================================ */

/* The DER inside "-----BEGIN label-----" ... "-----END label-----" in in[0..len).
 * Text before the BEGIN line is skipped (RFC 7468 explanatory text); after the END
 * line only whitespace may follow. The body must be canonical base64 (RFC 4648: no
 * characters outside the alphabet except line breaks, spaces and tabs; padding only at
 * the end; unused bits zero). PEM headers ("Proc-Type:" ...) are refused. Errors:
 * NOT_FOUND (no BEGIN line for label), TRUNCATED (no END line, or base64 cut short),
 * BAD_VALUE (bad character, padding or END label), TRAILING (text after END),
 * INSUFFICIENT (der too small). */
TPM2_RC tpm2l_pem_decode(const char *in, size_t len, const char *label, uint8_t *der,
                         size_t cap, size_t *der_len);

/* PEM of der with 64-character lines and '\n' line ends, NUL-terminated: cap must
 * hold *out_len + 1 bytes, else INSUFFICIENT. */
TPM2_RC tpm2l_pem_encode(const char *label, const uint8_t *der, size_t der_len, char *out,
                         size_t cap, size_t *out_len);

#define TPM2L_PEM_TSS2_PRIVATE_KEY "TSS2 PRIVATE KEY"

/* ==== TSS2 PRIVATE KEY (tpmkey.c) ================================================= */

typedef enum {
    TPM2L_TPMKEY_LOADABLE = 3,   /* 2.23.133.10.1.3: Load under parent */
    TPM2L_TPMKEY_IMPORTABLE = 4, /* 2.23.133.10.1.4: Import (secret = encrypted seed) */
    TPM2L_TPMKEY_SEALED = 5      /* 2.23.133.10.1.5: sealed data, Unseal */
} tpm2l_tpmkey_type;

#define TPM2L_TPMKEY_MAX_POLICY 8         /* steps in one policy */
#define TPM2L_TPMKEY_MAX_AUTH_POLICY 4    /* authPolicy entries (signed policies) */
#define TPM2L_TPMKEY_POLICY_BYTES 1024    /* one step's marshalled parameters */
#define TPM2L_TPMKEY_NAME_MAX 127         /* authPolicy name, bytes */
#define TPM2L_TPMKEY_DESCRIPTION_MAX 255  /* description, bytes */

/* One policy step: the command code and that command's marshalled parameters after
 * the policy session handle (e.g. PolicyPCR: pcrDigest || pcrs). */
typedef struct {
    TPM2_CC commandCode;
    uint16_t size;
    uint8_t commandPolicy[TPM2L_TPMKEY_POLICY_BYTES];
} tpm2l_tpmkey_policy;

typedef struct {
    char name[TPM2L_TPMKEY_NAME_MAX + 1]; /* NUL-terminated; "" = absent */
    size_t count;
    tpm2l_tpmkey_policy policy[TPM2L_TPMKEY_MAX_POLICY];
} tpm2l_tpmkey_auth_policy;

/* A whole key file (about 42 KB: put it in static or caller-allocated storage).
 * Reading: absent optional fields are 0 / empty; an explicit FALSE for emptyAuth or
 * rsaParent reads as 0, so such a file does not round-trip byte for byte. Writing:
 * emptyAuth / rsaParent are written only when non-zero; secret when its size is not 0;
 * policy / authPolicy when their count is not 0; description when not "". */
typedef struct {
    tpm2l_tpmkey_type type;
    int emptyAuth; /* 1: the key's authValue is empty: no password needed */
    int rsaParent; /* 1: parent is the RSA 2048 storage primary, not ECC P-256 */
    uint32_t parent; /* a persistent handle, or a hierarchy (0x40000001 owner): the
                      * storage primary derived from it */
    TPM2B_PUBLIC pub;
    TPM2B_PRIVATE priv;
    TPM2B_ENCRYPTED_SECRET secret; /* importable keys: the seed encrypted to parent */
    size_t policy_count;
    tpm2l_tpmkey_policy policy[TPM2L_TPMKEY_MAX_POLICY];
    size_t auth_policy_count;
    tpm2l_tpmkey_auth_policy auth_policy[TPM2L_TPMKEY_MAX_AUTH_POLICY];
    char description[TPM2L_TPMKEY_DESCRIPTION_MAX + 1]; /* NUL-terminated; "" = absent */
    char why[160]; /* on a read error: what was wrong and at which byte offset */
} tpm2l_tpmkey;

/* Parse exactly one TPMKey from der[0..len) (trailing bytes are an error). The public
 * area must parse (tpm2l_unmarshal_TPM2B_PUBLIC) and be non-empty; a loadable or
 * sealed key's private part must be non-empty; an importable key needs a secret. On
 * error *key is zeroed except key->why. */
TPM2_RC tpm2l_tpmkey_from_der(const uint8_t *der, size_t len, tpm2l_tpmkey *key);

/* DER of key into buf (cap bytes): BAD_ARG for an unknown type, a count above its
 * array, or an empty pub; INSUFFICIENT if buf is too small. */
TPM2_RC tpm2l_tpmkey_to_der(const tpm2l_tpmkey *key, uint8_t *buf, size_t cap,
                            size_t *len);

/* A key file as users have it: PEM ("-----BEGIN TSS2 PRIVATE KEY-----", text before
 * it allowed) or DER (told apart by the first byte: DER starts with 0x30). scratch
 * (cap bytes; the DER is at most 3/4 of len) holds the decoded DER of a PEM file and is
 * wiped before returning; unused for DER input. Errors as tpm2l_pem_decode and
 * tpm2l_tpmkey_from_der (a PEM error leaves a reason in key->why too). */
TPM2_RC tpm2l_tpmkey_read(const uint8_t *in, size_t len, uint8_t *scratch, size_t cap,
                          tpm2l_tpmkey *key);

/* PEM of key, NUL-terminated, into out (cap bytes). out is also the DER scratch, so cap
 * must be at least *len + 9 (the NUL and 8 spare bytes): INSUFFICIENT otherwise. The
 * bytes of out past the NUL are zeroed. */
TPM2_RC tpm2l_tpmkey_to_pem(const tpm2l_tpmkey *key, char *out, size_t cap, size_t *len);

/* ==== Loading a key file into the TPM (src/command/tpmkey_load.c) ================== *
 *
 * The parent a key file names (draft-bottomley-tpm2-keys): a hierarchy handle
 * (0x40000001 owner, 0x4000000B endorsement, 0x4000000C platform, 0x40000007 null)
 * stands for the storage primary derived from that hierarchy's seed with the ECC
 * P-256 "H" template (TPM2L_TPL_NULL_KEY: 0x00030472, AES-128-CFB), or, when rsaParent
 * is TRUE, RSA 2048 with the same attributes and symmetric (openssl_tpm2_engine); a
 * persistent handle (0x81xxxxxx) is the parent key itself. auth is the hierarchy's
 * authValue for a hierarchy parent (the derived primary's own is empty), the parent
 * key's for a persistent one; NULL = empty. Passwords only. No heap (about 9 KB of
 * stack for tpm2l_tpmkey_load's own frames, gcc -O2, plus the executor's); the TPM's
 * response codes come back unchanged, with tpm2l_ctx_error() saying what they mean for
 * the key file: an integrity failure on Load or Import (TPM_RC_INTEGRITY, or a seed
 * that does not decrypt) is "wrapped for another parent"; a missing persistent parent
 * is the TPM's TPM_RC_HANDLE; a parent that is not a storage key, or a parent value
 * that is neither kind, is TPM2L_E_BAD_VALUE (command layer) before Load is sent. */

typedef struct {
    tpm2l_handle handle; /* in the TPM, with the name the TPM gave */
    TPM2B_PUBLIC pub;    /* its public area: what an importable key is wrapped to */
    int derived;         /* 1: a primary made for this; tpm2l_tpmkey_parent_close flushes it */
} tpm2l_tpmkey_parent;

typedef struct {
    tpm2l_handle object; /* the loaded key with its verified name: flush it when done */
    tpm2l_handle parent; /* the parent it was loaded under (flushed again if derived) */
    TPM2B_PRIVATE priv;  /* what Load took: for an importable key Import's outPrivate,
                          * which makes it a loadable key file under the same parent */
} tpm2l_tpmkey_loaded;

/* The template a hierarchy parent stands for (see above). */
TPM2_RC tpm2l_tpmkey_parent_template(int rsaParent, TPMT_PUBLIC *out);

/* Resolve parent: CreatePrimary for a hierarchy, ReadPublic for a persistent handle
 * (which must be a restricted decryption key). Pair with tpm2l_tpmkey_parent_close. */
TPM2_RC tpm2l_tpmkey_parent_open(tpm2l_ctx *ctx, uint32_t parent, int rsaParent,
                                 const TPM2B_AUTH *auth, tpm2l_tpmkey_parent *out);
/* Flush a derived primary (keeping the context's error text); no-op otherwise. */
void tpm2l_tpmkey_parent_close(tpm2l_ctx *ctx, tpm2l_tpmkey_parent *p);

/* Import a duplicate wrapped with tpm2l_wrap_for_import (outer wrapper only) under an
 * open parent: out is the private area to Load, or to write as a loadable key. */
TPM2_RC tpm2l_tpmkey_import(tpm2l_ctx *ctx, const tpm2l_tpmkey_parent *parent,
                            const TPM2B_AUTH *auth, const TPM2B_PUBLIC *pub,
                            const TPM2B_PRIVATE *duplicate,
                            const TPM2B_ENCRYPTED_SECRET *inSymSeed, TPM2B_PRIVATE *out);

/* Load key under its parent (Import first for an importable key), then flush a derived
 * parent. key's policies are not run: they govern using the key, not loading it. */
TPM2_RC tpm2l_tpmkey_load(tpm2l_ctx *ctx, const tpm2l_tpmkey *key, const TPM2B_AUTH *auth,
                          tpm2l_tpmkey_loaded *out);

/* ==== tpm2-tools context files (ctxfile.c) ======================================== */

typedef enum {
    TPM2L_CTXFILE_PLAIN = 0, /* the TPM's blob as it is (tpm2lite before, tpm2-tools 3) */
    TPM2L_CTXFILE_ESAPI = 1  /* IESYS_CONTEXT_DATA around it (tpm2-tools 4, 5) */
} tpm2l_ctxfile_form;

/* ESAPI resource types (IESYSC_RESOURCE_TYPE). */
#define TPM2L_ESYS_RSRC_NONE 0u
#define TPM2L_ESYS_RSRC_KEY 1u
#define TPM2L_ESYS_RSRC_NV 2u
#define TPM2L_ESYS_RSRC_SESSION 3u

typedef struct {
    TPMS_CONTEXT context;     /* for ContextLoad: the TPM's own blob, unwrapped */
    tpm2l_ctxfile_form form;
    int has_record;           /* ESAPI form with its resource record */
    uint32_t esys_handle;     /* the record's handle */
    uint32_t rsrc_type;       /* TPM2L_ESYS_RSRC_* */
    TPM2B_NAME name;          /* the record's name; empty when absent */
    TPM2B_PUBLIC pub;         /* KEY records: checked to hash to name */
    TPM2B_NV_PUBLIC nv_pub;   /* NV records: checked to hash to name */
    char why[160];            /* on a read error: what was wrong */
} tpm2l_ctxfile;

/* Read a context file of either form. SESSION records are not parsed (ESAPI keeps the
 * session key there in clear; this never copies it): the context is returned with
 * rsrc_type 3 and the rest of the record skipped. A KEY or NV record whose name does
 * not match its public area is NAME_MISMATCH. On error *out is zeroed except why. */
TPM2_RC tpm2l_ctxfile_read(const uint8_t *buf, size_t len, tpm2l_ctxfile *out);

/* Write ctx in the ESAPI form that tpm2-tools 5.x reads, with a KEY record for the
 * object whose public area is pub (required, non-empty). name, if not NULL and not
 * empty, must be the name of pub (NAME_MISMATCH otherwise); the record always holds
 * the name computed from pub. Byte-identical to what tpm2-tools writes for the same
 * context. INSUFFICIENT if buf (cap bytes) is too small. */
TPM2_RC tpm2l_ctxfile_write(const TPMS_CONTEXT *ctx, const TPM2B_NAME *name,
                            const TPM2B_PUBLIC *pub, uint8_t *buf, size_t cap,
                            size_t *len);

/* Write the plain form (the TPM's blob unwrapped). tpm2-tools 4+ cannot read it. */
TPM2_RC tpm2l_ctxfile_write_plain(const TPMS_CONTEXT *ctx, uint8_t *buf, size_t cap,
                                  size_t *len);

/* A context file is never larger than this. */
#define TPM2L_CTXFILE_MAX (26 + 4 + 2 + sizeof(TPMS_CONTEXT_DATA) + 2 + 4 + 2 + \
                           sizeof(TPMU_NAME) + 4 + 2 + sizeof(TPMT_PUBLIC))

/* ==== Public keys and SubjectPublicKeyInfo PEM (src/crypto/pubkey.c) ============== *
 *
 * RSA (1024..4096 bits) and ECC NIST P-256, P-384, P-521. Crypto-layer errors:
 * BAD_SELECTOR for another type or curve in a TPMT_PUBLIC, NOT_SUPPORTED for such a
 * key from OpenSSL, BAD_VALUE for a malformed PEM, a modulus whose length is not
 * keyBits / 8 or a point off its curve, INSUFFICIENT for a small out. c may be NULL. */

struct evp_pkey_st; /* EVP_PKEY */

/* A new public EVP_PKEY for pub (exponent 0 is 65537); *out is the caller's to
 * EVP_PKEY_free. Allocates: not for the command path. */
TPM2_RC tpm2l_pubkey_to_evp(tpm2l_crypto *c, const TPMT_PUBLIC *pub, struct evp_pkey_st **out);

/* pub's type, parameters and unique from pkey's public part: symmetric, scheme and kdf
 * TPM2_ALG_NULL, exponent 0 for 65537, ECC coordinates padded to the curve size.
 * nameAlg, objectAttributes and authPolicy are left as the caller set them (fill in a
 * template first). */
TPM2_RC tpm2l_pubkey_from_evp(const struct evp_pkey_st *pkey, TPMT_PUBLIC *pub);

/* "-----BEGIN PUBLIC KEY-----" PEM of pub, NUL-terminated (cap >= *len + 1). */
TPM2_RC tpm2l_pubkey_to_pem(tpm2l_crypto *c, const TPMT_PUBLIC *pub, char *out, size_t cap,
                            size_t *len);
/* The first PUBLIC KEY in pem[0..len) into pub, as tpm2l_pubkey_from_evp. */
TPM2_RC tpm2l_pubkey_from_pem(tpm2l_crypto *c, const char *pem, size_t len, TPMT_PUBLIC *pub);

#ifdef __cplusplus
}
#endif
#endif
