/* session_file_io.c - session files on disk and in the TPM: ContextSave and a 0600
 * write through a temporary file; a bounded read and ContextLoad. The formats are
 * session_file.c's (layouts in sessionfile.h).
 *
 * Must never leave the session secret in a file others can read, never leave half a
 * file behind, and never lose a session because its file could not be written (it is
 * loaded back). Never prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/command/session_file_int.h"
#include "tpm2lite/policy.h"
#include "tpm2lite/sessionfile.h"

#define PERR(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

static TPM2_RC ctx_fail(tpm2l_ctx *ctx, TPM2_RC rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static TPM2_RC ctx_fail(tpm2l_ctx *ctx, TPM2_RC rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->err, sizeof ctx->err, fmt, ap);
    va_end(ap);
    return rc;
}

static TPM2_RC errno_rc(int e)
{
    if (e == ENOENT || e == ENOTDIR)
        return PERR(TPM2L_E_NOT_FOUND);
    if (e == EACCES || e == EPERM)
        return PERR(TPM2L_E_PERMISSION);
    return PERR(TPM2L_E_IO);
}

/* Write buf to path, mode 0600: a new file made with mkstemp (O_EXCL, 0600) next to
 * path, renamed over it, so the secret is never in a file others can read and a failed
 * write never leaves half a session behind. */
static TPM2_RC write_private(tpm2l_ctx *ctx, const char *path, const uint8_t *buf, size_t len)
{
    char tmp[TPM2L_SESSION_PATH_MAX + 8];
    size_t pl = strlen(path);
    if (pl == 0 || pl >= TPM2L_SESSION_PATH_MAX)
        return ctx_fail(ctx, PERR(TPM2L_E_BAD_ARG), "session file: bad path");
    /* The second copy brings the terminator. */
    memcpy(tmp, path, pl); /* NOLINT(bugprone-not-null-terminated-result) */
    memcpy(tmp + pl, ".XXXXXX", 8);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        return ctx_fail(ctx, errno_rc(e), "cannot create a file next to '%s': %s", path,
                        strerror(e));
    }
    int e = fchmod(fd, S_IRUSR | S_IWUSR) ? errno : 0;
    for (size_t off = 0; !e && off < len;) {
        ssize_t n = write(fd, buf + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            e = n < 0 ? errno : EIO;
        else
            off += (size_t)n;
    }
    if (!e && fsync(fd))
        e = errno;
    if (close(fd) && !e)
        e = errno;
    if (!e && rename(tmp, path))
        e = errno;
    if (e) {
        unlink(tmp);
        return ctx_fail(ctx, errno_rc(e), "writing session file '%s' failed: %s", path,
                        strerror(e));
    }
    return TPM2_RC_SUCCESS;
}

static TPM2_RC read_file(tpm2l_ctx *ctx, const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return ctx_fail(ctx, errno_rc(e), "session file '%s': %s", path, strerror(e));
    }
    size_t n = 0;
    int e = 0;
    for (;;) {
        if (n == cap) {
            close(fd);
            return ctx_fail(ctx, PERR(TPM2L_E_BAD_VALUE),
                            "'%s' is larger than any session file (%zu bytes)", path, cap);
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            e = errno;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (e)
        return ctx_fail(ctx, errno_rc(e), "reading '%s' failed: %s", path, strerror(e));
    *len = n;
    return TPM2_RC_SUCCESS;
}

/* The bind authValue of the tpm2-tools session file being replaced, if it is this
 * session's (same bind name, same authValue digest): a session loaded from such a file
 * goes back into it with the same ESAPI bind marker. 0 if found. */
static int keep_bind_auth(tpm2l_ctx *ctx, const tpm2l_session *s, const char *path,
                          uint8_t *buf, size_t cap, TPMS_CONTEXT *scratch, TPM2B_AUTH *auth)
{
    tpm2l_session old;
    size_t len = 0;
    char keep[sizeof ctx->err];
    int found = -1;
    memcpy(keep, ctx->err, sizeof keep);
    if (read_file(ctx, path, buf, cap, &len) == TPM2_RC_SUCCESS &&
        tpm2l_session_file_decode_bind(buf, len, &old, scratch, NULL, auth, NULL, 0) == 0 &&
        old.handle == s->handle && tpm2l_name_equal(&old.bind_name, &s->bind_name) &&
        old.bind_auth_digest.size == s->bind_auth_digest.size &&
        tpm2l_ct_equal(old.bind_auth_digest.buffer, s->bind_auth_digest.buffer,
                       s->bind_auth_digest.size))
        found = 0;
    memcpy(ctx->err, keep, sizeof keep); /* a missing old file is not an error here */
    tpm2l_cleanse(&old, sizeof old);
    tpm2l_cleanse(buf, cap);
    if (found)
        tpm2l_cleanse(auth, sizeof *auth);
    return found;
}

TPM2_RC tpm2l_session_save_format(tpm2l_ctx *ctx, tpm2l_session *s, const char *path,
                                  tpm2l_session_file_format fmt, const TPM2B_AUTH *bind_auth)
{
    uint8_t buf[TPM2L_SESSION_FILE_MAX];
    tpm2l_ContextSave_out out;
    size_t len;
    TPM2B_AUTH kept;
    if (!ctx || !s || !path)
        return PERR(TPM2L_E_BAD_ARG);
    memset(&kept, 0, sizeof kept);
    if (fmt == TPM2L_SESSION_FILE_TPM2_TOOLS && s->bound && !bind_auth &&
        keep_bind_auth(ctx, s, path, buf, sizeof buf, &out.context, &kept) == 0)
        bind_auth = &kept;
    /* Refuse before the session leaves the TPM's loaded set, so a refusal changes
     * nothing: a dry run of the encoding with a one-byte stand-in blob. */
    memset(&out, 0, sizeof out);
    out.context.savedHandle = s->handle;
    out.context.contextBlob.size = 1;
    TPM2_RC rc = tpm2l_session_file_encode(s, &out.context, fmt, bind_auth, buf, sizeof buf,
                                           &len);
    if (rc)
        return ctx_fail(ctx, rc,
                        "session file: this session cannot be saved (not started, unusable, "
                        "inconsistent, or bound to an authValue tpm2-tools' format needs)");
    tpm2l_ContextSave_in in;
    memset(&in, 0, sizeof in);
    in.saveHandle.handle = s->handle;
    (void)tpm2l_name_from_handle(s->handle, &in.saveHandle.name);
    rc = tpm2l_ContextSave(ctx, &in, &out);
    if (rc)
        return rc;
    rc = tpm2l_session_file_encode(s, &out.context, fmt, bind_auth, buf, sizeof buf, &len);
    if (rc)
        rc = ctx_fail(ctx, rc, "session file: encoding failed");
    else
        rc = write_private(ctx, path, buf, len);
    tpm2l_cleanse(buf, sizeof buf);
    tpm2l_cleanse(&kept, sizeof kept);
    if (rc) {
        /* Load it back so the caller's session still works; keep the first error. */
        static const char why[] = " (the session was loaded back)";
        tpm2l_ContextLoad_in li;
        tpm2l_ContextLoad_out lo;
        char keep[sizeof ctx->err];
        memcpy(keep, ctx->err, sizeof keep);
        memset(&li, 0, sizeof li);
        li.context = out.context;
        if (tpm2l_ContextLoad(ctx, &li, &lo) == TPM2_RC_SUCCESS) {
            memcpy(ctx->err, keep, sizeof keep);
            size_t used = strlen(ctx->err);
            if (used + sizeof why <= sizeof ctx->err)
                memcpy(ctx->err + used, why, sizeof why);
        } else {
            memcpy(ctx->err, keep, sizeof keep);
        }
        return rc;
    }
    tpm2l_cleanse(s, sizeof *s);
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_session_save(tpm2l_ctx *ctx, tpm2l_session *s, const char *path)
{
    return tpm2l_session_save_format(ctx, s, path, TPM2L_SESSION_FILE_OURS, NULL);
}

TPM2_RC tpm2l_session_load_format(tpm2l_ctx *ctx, tpm2l_session *s, const char *path,
                                  tpm2l_session_file_format *fmt)
{
    uint8_t buf[TPM2L_SESSION_FILE_MAX];
    tpm2l_ContextLoad_in in;
    tpm2l_ContextLoad_out out;
    size_t len = 0;
    char why[200];
    tpm2l_session_file_format f = TPM2L_SESSION_FILE_OURS;
    if (!ctx || !s || !path)
        return PERR(TPM2L_E_BAD_ARG);
    memset(s, 0, sizeof *s);
    memset(&in, 0, sizeof in);
    TPM2_RC rc = read_file(ctx, path, buf, sizeof buf, &len);
    if (!rc) {
        rc = tpm2l_session_file_decode(buf, len, s, &in.context, &f, why, sizeof why);
        if (rc)
            ctx_fail(ctx, rc, "session file '%s': %s", path, why);
    }
    tpm2l_cleanse(buf, sizeof buf);
    if (rc)
        return rc;
    (void)tpm2l_name_from_handle(s->handle, &in.name);
    rc = tpm2l_ContextLoad(ctx, &in, &out);
    if (!rc && out.loadedHandle.handle != s->handle) {
        /* Sessions keep their handle across save and load (Part 3 §28.3). */
        tpm2l_FlushContext_in fl = {out.loadedHandle.handle};
        (void)tpm2l_FlushContext(ctx, &fl);
        rc = ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE),
                      "ContextLoad of session 0x%08x gave handle 0x%08x", (unsigned)s->handle,
                      (unsigned)out.loadedHandle.handle);
    }
    if (!rc && f == TPM2L_SESSION_FILE_TPM2_TOOLS && s->type != TPM2_SE_HMAC) {
        /* ESAPI keeps no policy digest: ask the TPM, whose digest is the real one, so
         * the software digest the policy wrappers extend starts where the TPM is. */
        tpm2l_PolicyGetDigest_in gi;
        tpm2l_PolicyGetDigest_out go;
        memset(&gi, 0, sizeof gi);
        gi.policySession.handle = s->handle;
        rc = tpm2l_PolicyGetDigest(ctx, &gi, &go);
        if (!rc && go.policyDigest.size != s->policy_digest.size)
            rc = ctx_fail(ctx, TPM2L_RC_COMMAND(TPM2L_E_BAD_RESPONSE),
                          "PolicyGetDigest gave %u bytes for a %u-byte policy",
                          (unsigned)go.policyDigest.size, (unsigned)s->policy_digest.size);
        if (!rc)
            s->policy_digest = go.policyDigest;
        else
            (void)tpm2l_FlushContext(ctx, &(tpm2l_FlushContext_in){s->handle});
    }
    if (rc)
        tpm2l_cleanse(s, sizeof *s);
    if (!rc && fmt)
        *fmt = f;
    return rc;
}

TPM2_RC tpm2l_session_load(tpm2l_ctx *ctx, tpm2l_session *s, const char *path)
{
    return tpm2l_session_load_format(ctx, s, path, NULL);
}
