/* handles.c - tpm2lite evictcontrol and flushcontext: what stays in the TPM.
 *
 * Must never guess a persistent handle that is in use: the first free one is found
 * from the TPM's own list (GetCapability), as tpm2_evictcontrol does.
 */
#include <string.h>

#include "tools/tpm2lite/cli.h"

const char help_evictcontrol[] =
    "Usage: tpm2lite evictcontrol [-C o|p] -c HANDLE|FILE [-P AUTH] [PERSISTENT]\n"
    "\n"
    "Make a transient object persistent (TPM2_EvictControl) at PERSISTENT or, without\n"
    "it, at the first free handle from 0x81000000 (owner) or 0x81800000 (platform); or,\n"
    "when -c names a persistent handle, remove that persistent object.\n"
    "\n"
    "  -C, --hierarchy H         o owner (default) or p platform\n"
    "  -c, --object-context X    a 0x handle or a context file\n"
    "  -P, --auth A              the hierarchy's authorization (any form: plain, str:,\n"
    "                            hex:, file:, session:FILE[+AUTH], pcr:SPEC[=FILE])\n"
    "  -T, --tcti S              the TPM to use (see tpm2lite --help)\n";

const char help_flushcontext[] =
    "Usage: tpm2lite flushcontext HANDLE|FILE\n"
    "       tpm2lite flushcontext -t | -l | -s\n"
    "\n"
    "Flush a transient object or a session from the TPM (TPM2_FlushContext). A FILE must\n"
    "hold a saved session: a session file (startauthsession -S, ours or tpm2-tools') or a\n"
    "context file (a saved object is not loaded, so there is nothing to flush).\n"
    "\n"
    "  -t, --transient-object  flush every transient object\n"
    "  -l, --loaded-session    flush every loaded session\n"
    "  -s, --saved-session     flush every saved session\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

/* Handles of one range, from the TPM. */
static int list_handles(cli *c, TPM2_HANDLE first, TPMS_CAPABILITY_DATA *out)
{
    TPM2_RC rc = tpm2l_GetCapability_all(&c->ctx, TPM2_CAP_HANDLES, first, out);
    if (rc)
        return cli_fail(c, rc, "GetCapability(HANDLES)");
    return CLI_OK;
}

static int first_free(cli *c, TPM2_HANDLE base, TPM2_HANDLE last, TPM2_HANDLE *h)
{
    static TPMS_CAPABILITY_DATA cap;
    int status = list_handles(c, base, &cap);
    if (status)
        return status;
    TPM2_HANDLE cand = base;
    /* The TPM lists handles in ascending order (Part 3 §30.2). */
    for (uint32_t i = 0; i < cap.data.handles.count; i++) {
        TPM2_HANDLE x = cap.data.handles.handle[i];
        if (x < cand)
            continue;
        if (x > cand)
            break;
        cand++;
    }
    if (cand > last)
        return cli_error(c, "no free persistent handle between 0x%X and 0x%X", (unsigned)base,
                         (unsigned)last);
    *h = cand;
    return CLI_OK;
}

static int is_persistent(TPM2_HANDLE h)
{
    return (h & TPM2_HR_RANGE_MASK) == TPM2_HR_PERSISTENT;
}

int cmd_evictcontrol(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 1},
        {'c', "object-context", 1, 2},
        {'P', "auth", 1, 3},
        {0, NULL, 0, 0},
    };
    const char *hier = "o", *obj = NULL, *auth = NULL, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        if (o == 1)
            hier = arg;
        else if (o == 2)
            obj = arg;
        else
            auth = arg;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (!obj)
        return cli_usage(c, "which object? (-c HANDLE|FILE)");
    if (a.npos > 1)
        return cli_usage(c, "unexpected argument '%s'", a.pos[1]);
    TPM2_HANDLE hh, target = 0;
    if (cli_parse_hierarchy(hier, "op", &hh))
        return cli_usage(c, "-C: '%s' is not o or p", hier);
    if (a.npos && (cli_parse_u32(a.pos[0], UINT32_MAX, &target) || !is_persistent(target)))
        return cli_usage(c, "'%s' is not a persistent handle (0x81000000 to 0x81FFFFFF)",
                         a.pos[0]);

    static tpm2l_EvictControl_in in;
    memset(&in, 0, sizeof in);
    TPM2_RC rc = tpm2l_auth_handle_set(&in.auth, hh, NULL, 0);
    if (rc)
        return cli_fail(c, rc, "building the request");
    static cli_auth au;
    if (cli_auth_parse(c, "-P", auth ? auth : "", &au))
        return CLI_USAGE;

    cli_object ob;
    int status = cli_object_open(c, obj, &ob);
    if (status)
        goto out;
    status = cli_auth_begin(c, &au);
    if (status)
        goto done;
    cli_auth_use(&au, &in.auth);
    int evict = is_persistent(ob.handle);
    if (evict) {
        if (target && target != ob.handle) {
            status = cli_usage(c, "removing 0x%X: no second handle is needed",
                               (unsigned)ob.handle);
            goto done;
        }
        target = ob.handle;
    } else if (!target) {
        int platform = hh == TPM2_RH_PLATFORM;
        status = first_free(c, platform ? TPM2_PLATFORM_PERSISTENT : TPM2_PERSISTENT_FIRST,
                            platform ? TPM2_PERSISTENT_LAST : TPM2_PLATFORM_PERSISTENT - 1,
                            &target);
        if (status)
            goto done;
    }
    in.objectHandle.handle = ob.handle;
    in.objectHandle.name = ob.name;
    in.persistentHandle = target;
    rc = tpm2l_EvictControl(&c->ctx, &in, NULL);
    if (rc) {
        status = cli_fail(c, rc, "EvictControl");
        goto done;
    }
    printf("persistent-handle: 0x%X\naction: %s\n", (unsigned)target,
           evict ? "evicted" : "persisted");
done:
    cli_object_done(c, &ob);
out:
    status = cli_auth_end(c, &au, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

static int flush_one(cli *c, TPM2_HANDLE h)
{
    tpm2l_FlushContext_in in = {h};
    TPM2_RC rc = tpm2l_FlushContext(&c->ctx, &in);
    if (rc) {
        char what[40];
        snprintf(what, sizeof what, "FlushContext(0x%X)", (unsigned)h);
        return cli_fail(c, rc, what);
    }
    return CLI_OK;
}

static int flush_all(cli *c, TPM2_HANDLE first)
{
    static TPMS_CAPABILITY_DATA cap;
    int status = list_handles(c, first, &cap);
    for (uint32_t i = 0; !status && i < cap.data.handles.count; i++)
        if ((cap.data.handles.handle[i] & TPM2_HR_RANGE_MASK) == first)
            status = flush_one(c, cap.data.handles.handle[i]);
    return status;
}

/* The handle a session file (either format) saved; -1 if path is not one. */
static int session_file_handle(cli *c, const char *path, uint32_t *h)
{
    static uint8_t buf[TPM2L_SESSION_FILE_MAX];
    static tpm2l_session s;
    static TPMS_CONTEXT saved;
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    (void)c;
    TPM2_RC rc = tpm2l_session_file_decode(buf, n, &s, &saved, NULL, NULL, 0);
    *h = s.handle;
    tpm2l_session_wipe(&s);
    tpm2l_cleanse(buf, sizeof buf);
    return rc ? -1 : 0;
}

int cmd_flushcontext(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'t', "transient-object", 0, 1},
        {'l', "loaded-session", 0, 2},
        {'s', "saved-session", 0, 3},
        {0, NULL, 0, 0},
    };
    static const TPM2_HANDLE range[] = {0, TPM2_TRANSIENT_FIRST, TPM2_LOADED_SESSION_FIRST,
                                        TPM2_ACTIVE_SESSION_FIRST};
    const char *arg;
    cli_args a;
    int o, which = 0, n = 0;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        which = o;
        n++;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (n + a.npos != 1)
        return cli_usage(c, "give one HANDLE or FILE, or one of -t, -l, -s");
    if (which) {
        int status = cli_connect(c);
        return status ? status : flush_all(c, range[which]);
    }
    uint32_t h;
    const char *s = a.pos[0];
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (cli_parse_u32(s, UINT32_MAX, &h))
            return cli_usage(c, "'%s' is not a handle", s);
    } else if (session_file_handle(c, s, &h) == 0) {
        /* a session file (ours or tpm2-tools'): flush the session it saved */
    } else {
        static TPMS_CONTEXT ctx;
        TPM2B_NAME name;
        if (cli_ctxfile_read(c, s, &ctx, &name))
            return CLI_FAIL;
        h = ctx.savedHandle;
        TPM2_HANDLE type = h & TPM2_HR_RANGE_MASK;
        if (type != TPM2_HR_HMAC_SESSION && type != TPM2_HR_POLICY_SESSION)
            return cli_error(c, "'%s' holds a saved object (0x%X), which is not loaded: nothing "
                             "to flush",
                             s, (unsigned)h);
    }
    int status = cli_connect(c);
    return status ? status : flush_one(c, h);
}
