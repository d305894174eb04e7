/* tpmkey_load.c - put a parsed TSS2 PRIVATE KEY (keyfile.h) into the TPM under the
 * parent it names: resolve the parent, Import an importable key, Load.
 *
 * The parent rule is draft-bottomley-tpm2-keys §"parent": a hierarchy handle
 * (0x40000001 owner, 0x4000000B endorsement, 0x4000000C platform, 0x40000007 null)
 * means the storage primary derived from that hierarchy's seed (ECC P-256 "H"
 * template, RSA 2048 when rsaParent is TRUE); a persistent handle names the parent key
 * itself. Getting the template wrong by one bit gives a different primary, and the TPM
 * then answers Load with TPM_RC_INTEGRITY: that is why the templates below are spelled
 * out and tested against keys tpm2-openssl made.
 *
 * Must never allocate, print or keep anything: all memory is the caller's; a derived
 * primary is always flushed again, on every path.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tpm2lite/keyfile.h"
#include "tpm2lite/keys.h"
#include "tpm2lite/templates.h"

#define CMD_ERR(reason) TPM2L_RC_COMMAND(reason)

/* The error number of a TPM response code, without the handle/parameter/session
 * number Part 2 §6.6.3 packs into format-one codes. */
static TPM2_RC rc_base(TPM2_RC rc)
{
    if (TPM2L_RC_IS_LIB(rc))
        return rc;
    return (rc & TPM2_RC_FMT1) ? (rc & 0xBFu) : rc;
}

/* Keep what the executor recorded (the command and the decoded code, which the CLI
 * prints once) and add what it means for a key file. */
static TPM2_RC explain(tpm2l_ctx *ctx, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static TPM2_RC explain(tpm2l_ctx *ctx, TPM2_RC rc, const char *fmt, ...)
{
    char was[sizeof ctx->err], add[sizeof ctx->err];
    memcpy(was, ctx->err, sizeof was);
    was[sizeof was - 1] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(add, sizeof add, fmt, ap);
    va_end(ap);
    if (was[0])
        snprintf(ctx->err, sizeof ctx->err, "%.110s: %.140s", was, add);
    else
        snprintf(ctx->err, sizeof ctx->err, "%s", add);
    return rc;
}

static int is_hierarchy(uint32_t h)
{
    return h == TPM2_RH_OWNER || h == TPM2_RH_ENDORSEMENT || h == TPM2_RH_PLATFORM ||
           h == TPM2_RH_NULL;
}

TPM2_RC tpm2l_tpmkey_parent_template(int rsaParent, TPMT_PUBLIC *out)
{
    if (!out)
        return CMD_ERR(TPM2L_E_BAD_ARG);
    if (!rsaParent)
        return tpm2l_template_get(TPM2L_TPL_NULL_KEY, out);
    /* openssl_tpm2_engine's RSA parent: the same attributes as the ECC "H" key
     * (0x00030472, noDA included), RSA 2048, exponent 0, AES-128-CFB. tpm2_createprimary's
     * RSA default differs only in lacking noDA, which changes the key. */
    TPM2_RC rc = tpm2l_template_get(TPM2L_TPL_STORAGE_RSA, out);
    if (rc)
        return rc;
    out->objectAttributes |= TPMA_OBJECT_NODA;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tpmkey_parent_open(tpm2l_ctx *ctx, uint32_t parent, int rsaParent,
                                 const TPM2B_AUTH *auth, tpm2l_tpmkey_parent *out)
{
    if (!ctx || !out)
        return CMD_ERR(TPM2L_E_BAD_ARG);
    memset(out, 0, sizeof *out);
    TPM2_RC rc;
    if (is_hierarchy(parent)) {
        tpm2l_CreatePrimary_in in;
        tpm2l_CreatePrimary_out o;
        memset(&in, 0, sizeof in);
        rc = tpm2l_auth_handle_set(&in.primaryHandle, parent, auth ? auth->buffer : NULL,
                                   auth ? auth->size : 0);
        if (!rc)
            rc = tpm2l_tpmkey_parent_template(rsaParent, &in.inPublic.publicArea);
        if (!rc)
            rc = tpm2l_CreatePrimary(ctx, &in, &o);
        tpm2l_cleanse(&in.primaryHandle.auth, sizeof in.primaryHandle.auth);
        if (rc)
            return explain(ctx, rc, "deriving the %s storage primary of hierarchy 0x%08x",
                           rsaParent ? "RSA 2048" : "ECC P-256", (unsigned)parent);
        out->handle = o.objectHandle;
        out->pub = o.outPublic;
        out->derived = 1;
        return TPM2_RC_SUCCESS;
    }
    if ((parent >> 24) != TPM2_HT_PERSISTENT) {
        ctx->err[0] = '\0';
        return explain(ctx, CMD_ERR(TPM2L_E_BAD_VALUE),
                       "key file parent 0x%08x is neither a hierarchy (0x40000001 owner, "
                       "0x4000000B, 0x4000000C, 0x40000007) nor a persistent handle 0x81xxxxxx",
                       (unsigned)parent);
    }
    tpm2l_ReadPublic_in ri;
    tpm2l_ReadPublic_out ro;
    memset(&ri, 0, sizeof ri);
    ri.objectHandle.handle = parent;
    rc = tpm2l_ReadPublic(ctx, &ri, &ro);
    if (rc)
        return explain(ctx, rc, "the key file's parent 0x%08x is not in the TPM%s",
                       (unsigned)parent,
                       rc_base(rc) == TPM2_RC_HANDLE ? " (persist a storage key there first)"
                                                     : "");
    /* Part 1 §27 (protected storage): only a restricted decryption key parents objects.
     * Saying so here beats the TPM's TPM_RC_TYPE on Load. */
    TPMA_OBJECT need = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
    if ((ro.outPublic.publicArea.objectAttributes & need) != need ||
        (ro.outPublic.publicArea.objectAttributes & TPMA_OBJECT_SIGN_ENCRYPT)) {
        ctx->err[0] = '\0';
        return explain(ctx, CMD_ERR(TPM2L_E_BAD_VALUE),
                       "the key file's parent 0x%08x is not a storage key (restricted, "
                       "decrypt, not sign)",
                       (unsigned)parent);
    }
    out->handle.handle = parent;
    out->handle.name = ro.name;
    out->pub = ro.outPublic;
    return TPM2_RC_SUCCESS;
}

void tpm2l_tpmkey_parent_close(tpm2l_ctx *ctx, tpm2l_tpmkey_parent *p)
{
    if (!ctx || !p)
        return;
    if (p->derived) {
        /* Keep the first failure's detail: a flush error must not hide it. */
        char keep[sizeof ctx->err];
        memcpy(keep, ctx->err, sizeof keep);
        tpm2l_FlushContext_in fl = {p->handle.handle};
        (void)tpm2l_FlushContext(ctx, &fl);
        memcpy(ctx->err, keep, sizeof keep);
    }
    p->derived = 0;
}

/* "000b1234...": the first bytes of a name, for messages. */
static void name_hex(const TPM2B_NAME *n, char *s, size_t cap)
{
    static const char hx[] = "0123456789abcdef";
    size_t i = 0, o = 0;
    for (; i < n->size && o + 3 < cap && i < 8; i++) {
        s[o++] = hx[n->name[i] >> 4];
        s[o++] = hx[n->name[i] & 15];
    }
    if (i < n->size && o + 3 < cap) {
        s[o++] = '.';
        s[o++] = '.';
    }
    s[o] = '\0';
}

/* TPM_RC_INTEGRITY on Load or Import (a duplicate's or private area's HMAC keyed by
 * the parent's seed), TPM_RC_VALUE / _ECC_POINT / _SIZE on Import (the seed decrypted
 * with the wrong private key): the TPM cannot say "wrong parent", so we do. */
static int wrong_parent_code(TPM2_RC rc)
{
    TPM2_RC b = rc_base(rc);
    return b == TPM2_RC_INTEGRITY || b == TPM2_RC_VALUE || b == TPM2_RC_ECC_POINT ||
           b == TPM2_RC_SIZE || b == TPM2_RC_KEY;
}

static TPM2_RC wrong_parent(tpm2l_ctx *ctx, TPM2_RC rc, const char *what,
                            const tpm2l_tpmkey_parent *p)
{
    char nm[32];
    name_hex(&p->handle.name, nm, sizeof nm);
    if (!wrong_parent_code(rc))
        return explain(ctx, rc, "%s under parent 0x%08x (name %s)", what,
                       (unsigned)p->handle.handle, nm);
    return explain(ctx, rc,
                   "%s under parent 0x%08x (name %s): wrapped for another parent (or "
                   "rsaParent is wrong), or damaged",
                   what, (unsigned)p->handle.handle, nm);
}

static TPM2_RC set_auth(tpm2l_auth_handle *ah, const tpm2l_tpmkey_parent *p,
                        const TPM2B_AUTH *auth)
{
    /* A derived primary is made with an empty authValue: the hierarchy's auth was
     * for CreatePrimary only. */
    const TPM2B_AUTH *a = p->derived ? NULL : auth;
    TPM2_RC rc = tpm2l_auth_handle_set(ah, p->handle.handle, a ? a->buffer : NULL,
                                       a ? a->size : 0);
    ah->name = p->handle.name;
    return rc;
}

TPM2_RC tpm2l_tpmkey_import(tpm2l_ctx *ctx, const tpm2l_tpmkey_parent *parent,
                            const TPM2B_AUTH *auth, const TPM2B_PUBLIC *pub,
                            const TPM2B_PRIVATE *duplicate,
                            const TPM2B_ENCRYPTED_SECRET *inSymSeed, TPM2B_PRIVATE *out)
{
    if (!ctx || !parent || !pub || !duplicate || !inSymSeed || !out)
        return CMD_ERR(TPM2L_E_BAD_ARG);
    tpm2l_Import_in in;
    tpm2l_Import_out o;
    memset(&in, 0, sizeof in);
    TPM2_RC rc = set_auth(&in.parentHandle, parent, auth);
    if (rc)
        return rc;
    in.objectPublic = *pub;
    in.duplicate = *duplicate;
    in.inSymSeed = *inSymSeed;
    in.symmetricAlg.algorithm = TPM2_ALG_NULL; /* outer wrapper only (credential.h) */
    rc = tpm2l_Import(ctx, &in, &o);
    tpm2l_cleanse(&in.parentHandle.auth, sizeof in.parentHandle.auth);
    if (rc)
        return wrong_parent(ctx, rc, "key", parent);
    *out = o.outPrivate;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tpmkey_load(tpm2l_ctx *ctx, const tpm2l_tpmkey *key, const TPM2B_AUTH *auth,
                          tpm2l_tpmkey_loaded *out)
{
    if (!ctx || !key || !out)
        return CMD_ERR(TPM2L_E_BAD_ARG);
    memset(out, 0, sizeof *out);
    if (key->type != TPM2L_TPMKEY_LOADABLE && key->type != TPM2L_TPMKEY_IMPORTABLE &&
        key->type != TPM2L_TPMKEY_SEALED) {
        ctx->err[0] = '\0';
        return explain(ctx, CMD_ERR(TPM2L_E_BAD_ARG), "unknown key file type %d",
                       (int)key->type);
    }
    if (key->pub.size == 0) {
        ctx->err[0] = '\0';
        return explain(ctx, CMD_ERR(TPM2L_E_BAD_ARG), "key file without a public area");
    }
    tpm2l_tpmkey_parent p;
    TPM2_RC rc = tpm2l_tpmkey_parent_open(ctx, key->parent, key->rsaParent, auth, &p);
    if (rc)
        return rc;
    out->parent = p.handle;
    if (key->type == TPM2L_TPMKEY_IMPORTABLE)
        rc = tpm2l_tpmkey_import(ctx, &p, auth, &key->pub, &key->priv, &key->secret,
                                 &out->priv);
    else
        out->priv = key->priv;
    if (!rc) {
        tpm2l_Load_in in;
        tpm2l_Load_out o;
        memset(&in, 0, sizeof in);
        rc = set_auth(&in.parentHandle, &p, auth);
        in.inPrivate = out->priv;
        in.inPublic = key->pub;
        if (!rc) {
            rc = tpm2l_Load(ctx, &in, &o);
            if (rc)
                rc = wrong_parent(ctx, rc, "key", &p);
            else
                out->object = o.objectHandle;
        }
        tpm2l_cleanse(&in.parentHandle.auth, sizeof in.parentHandle.auth);
    }
    tpm2l_tpmkey_parent_close(ctx, &p);
    return rc;
}
