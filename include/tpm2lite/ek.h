/* ek.h - finding the endorsement key an EK certificate speaks for, and using it
 * (src/command/ek.c).
 *
 * An EK certificate carries only a public key. The EK itself is re-derived from the
 * endorsement seed with a template, and only the right template gives the
 * certificate's key. Which one is right depends on the TPM: the manufacturer may have
 * stored a template and a nonce in the Low Range NV indices (templates.h,
 * tpm2l_template_ek_from_nv), else it is the L template of the key's type, and some
 * certificates are for the H templates ([EKP] High Range). attest_tpm2_primary tries
 * L, then H; we try the NV override first, then L, then H, and accept a candidate only
 * when the TPM's key equals the certificate's key byte for byte.
 *
 * Nothing here trusts the TPM to say which EK is "the" EK: the certificate's key is
 * the reference, and a TPM that derives another key is simply not a match.
 */
#ifndef TPM2LITE_EK_H
#define TPM2LITE_EK_H

#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "rc.h"
#include "templates.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tpm2l_session;

/* The catalogue templates whose key has key's type and size, in the order to try:
 * RSA 2048: L-1, H-1; NIST P-256: L-2, H-2; P-384: H-3; P-521: H-4; RSA 3072: H-6;
 * RSA 4096: H-7. Returns how many were written to ids (at most cap); 0 for a key no
 * EK template makes. */
size_t tpm2l_ek_candidates(const TPMT_PUBLIC *key, tpm2l_template_id *ids, size_t cap);

/* 1 if pub holds the same public key as key: same type, RSA key size, exponent (0
 * and 65537 are the same) and modulus, or same curve and point; else 0. Names,
 * attributes and schemes are not compared: a certificate has none of them. */
int tpm2l_ek_key_matches(const TPMT_PUBLIC *pub, const TPMT_PUBLIC *key);

/* Where an EK's template came from. */
typedef enum {
    TPM2L_EK_FROM_NV = 1, /* the Low Range EK Template / EK Nonce indices */
    TPM2L_EK_FROM_LOW,    /* the default L template (L-1, L-2) */
    TPM2L_EK_FROM_HIGH,   /* an H template */
} tpm2l_ek_source;

/* An EK found by tpm2l_ek_create_for_key, and the working storage it needs (about
 * 8 KB: caller-allocated, static or heap, so the library neither allocates nor puts
 * it on its stack). */
typedef struct {
    /* results */
    tpm2l_handle handle;      /* loaded EK with its checked name: flush it when done */
    TPM2B_PUBLIC pub;         /* as the TPM returned it (checked against handle.name) */
    TPMT_PUBLIC tmpl;         /* the template that derived it */
    tpm2l_ek_source source;
    tpm2l_template_id id;     /* the catalogue template, when source is LOW or HIGH */
    int nv_override;          /* the TPM had an EK Template or EK Nonce index */
    /* working storage */
    struct {
        tpm2l_CreatePrimary_in in;
        tpm2l_CreatePrimary_out out;
        tpm2l_NV_ReadPublic_out nvpub;
        tpm2l_NV_Read_in nvread_in;
        tpm2l_NV_Read_out nvread;
        uint8_t tmpl[1024];
        uint8_t nonce[256];
    } work;
} tpm2l_ek;

/* The EK template the TPM's Low Range NV indices define for type (TPM2_ALG_RSA or
 * TPM2_ALG_ECC): reads the EK Template and EK Nonce indices (an index that does not
 * exist counts as absent; one that exists must be readable by its own empty
 * authValue (AUTHREAD) or by owner with an empty authValue (OWNERREAD), else the
 * TPM's error) and builds the template with tpm2l_template_ek_from_nv. *found = 1 if
 * either index exists (out is then the override), 0 if neither (out is L-1 / L-2).
 * An index too large for work's buffers is TPM2L_E_INSUFFICIENT (command layer). */
TPM2_RC tpm2l_ek_template_from_tpm(tpm2l_ctx *ctx, TPM2_ALG_ID type, tpm2l_ek *work,
                                   TPMT_PUBLIC *out, int *found);

/* CreatePrimary under the endorsement hierarchy (endorsement: its handle, name and
 * auth) with each candidate template in turn: the NV override for key's type if the
 * TPM has one, then the L template, then the H template(s); the first whose key
 * equals key (tpm2l_ek_key_matches) is kept loaded in ek, every other one is flushed.
 * None: TPM2L_E_NOT_FOUND (command layer) with tpm2l_ctx_error() saying what was
 * tried. A key type or size no EK template has: TPM2L_E_NOT_SUPPORTED. TPM errors
 * pass through (nothing is left loaded). */
TPM2_RC tpm2l_ek_create_for_key(tpm2l_ctx *ctx, const tpm2l_auth_handle *endorsement,
                                const TPMT_PUBLIC *key, tpm2l_ek *ek);

/* Satisfy an EK's authPolicy in the started policy session s (authHash = ek's
 * nameAlg): PolicyA is PolicySecret(TPM2_RH_ENDORSEMENT) (endorsement gives that
 * hierarchy's auth); PolicyB is PolicySecret, then PolicyOR(PolicyA, PolicyC) (the
 * PolicyC branch is not run: PolicyA's is enough, and not every TPM has the EK policy
 * NV indices). Another policy is TPM2L_E_NOT_SUPPORTED (command layer): an EK made
 * from an NV template with its own policy needs the caller's own session. */
TPM2_RC tpm2l_ek_policy_run(tpm2l_ctx *ctx, const TPMT_PUBLIC *ek,
                            const tpm2l_auth_handle *endorsement, struct tpm2l_session *s);

#ifdef __cplusplus
}
#endif
#endif
