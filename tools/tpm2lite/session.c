/* session.c - the policy commands on session files (policypcr, policypassword,
 * policyauthvalue, policysecret, policyor, policycommandcode, policygetdigest), and
 * loading and saving session files for every command.
 *
 * One CLI run is one process: a session lives between runs as a file, saved back
 * after every command because its nonces move on, whatever the command's outcome.
 * Files hold the sessionKey in clear and are written 0600 (sessionfile.h).
 */
#include <string.h>
#include <strings.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/policy.h"

#define SESSION_OPT_HELP                                                                    \
    "  -S, --session F       the session file (tpm2lite's or tpm2-tools')\n"              \
    "  -L, --policy F        write the session's policy digest (binary) to F\n"           \
    "  -T, --tcti S          the TPM to use (see tpm2lite --help)\n"

const char help_policypcr[] =
    "Usage: tpm2lite policypcr -S FILE -l SPEC [-f PCRS] [-L FILE]\n"
    "\n"
    "TPM2_PolicyPCR: the session's policy requires the PCRs in SPEC (sha256:0,1,2) to\n"
    "hold the values in PCRS (tpm2_pcrread -o output), or their current values. Prints\n"
    "the policy digest.\n"
    "\n"
    "  -l, --pcr-list SPEC   the PCR selection\n"
    "  -f, --pcr FILE        the expected PCR values\n" SESSION_OPT_HELP;

const char help_policypassword[] =
    "Usage: tpm2lite policypassword -S FILE [-L FILE]\n"
    "\n"
    "TPM2_PolicyPassword: the object's authValue is shown in clear (bound to the session)\n"
    "when the session authorises. Prints the policy digest.\n"
    "\n" SESSION_OPT_HELP;

const char help_policyauthvalue[] =
    "Usage: tpm2lite policyauthvalue -S FILE [-L FILE]\n"
    "\n"
    "TPM2_PolicyAuthValue: the object's authValue keys the session's HMAC when it\n"
    "authorises. Prints the policy digest.\n"
    "\n" SESSION_OPT_HELP;

const char help_policysecret[] =
    "Usage: tpm2lite policysecret -S FILE -c OBJECT [-L FILE] [AUTH]\n"
    "\n"
    "TPM2_PolicySecret: the policy requires OBJECT's authorization, given here as AUTH\n"
    "(any form, session:FILE included). Prints the policy digest.\n"
    "\n"
    "  -c, --object-context X  o, p, e, n, l, a handle or a context file\n" SESSION_OPT_HELP;

const char help_policyor[] =
    "Usage: tpm2lite policyor -S FILE -l [ALG:]FILE,FILE[,...] [-L FILE]\n"
    "\n"
    "TPM2_PolicyOR: the session's digest must be one of 2 to 8 branch digests (binary\n"
    "files, as -L writes them). Prints the policy digest.\n"
    "\n"
    "  -l, --policy-list L   the branches, e.g. sha256:a.policy,b.policy\n" SESSION_OPT_HELP;

const char help_policycommandcode[] =
    "Usage: tpm2lite policycommandcode -S FILE [-L FILE] CODE\n"
    "\n"
    "TPM2_PolicyCommandCode: the session may authorise only the command CODE (a number,\n"
    "or a name such as TPM2_CC_Unseal or unseal). Prints the policy digest.\n"
    "\n" SESSION_OPT_HELP;

const char help_policygetdigest[] =
    "Usage: tpm2lite policygetdigest -S FILE [-o FILE]\n"
    "\n"
    "TPM2_PolicyGetDigest: print the TPM's policy digest of the session.\n"
    "\n"
    "  -o, --output F        also write it (binary) to F\n"
    "  -S, --session F       the session file\n"
    "  -T, --tcti S          the TPM to use (see tpm2lite --help)\n";

/* ---- session files ---- */

int cli_session_load(cli *c, const char *path, tpm2l_session *s, tpm2l_session_file_format *fmt)
{
    int status = cli_connect(c);
    if (status)
        return status;
    TPM2_RC rc = tpm2l_session_load_format(&c->ctx, s, path, fmt);
    if (rc)
        return cli_fail(c, rc, "loading the session file");
    return CLI_OK;
}

int cli_session_store(cli *c, const char *path, tpm2l_session *s, tpm2l_session_file_format fmt,
                      int status)
{
    if (s->unusable) {
        cli_error(c, "the session in '%s' lost its nonce chain and was not saved; flush it "
                  "with 'tpm2lite flushcontext 0x%X'",
                  path, (unsigned)s->handle);
        tpm2l_session_wipe(s);
        return CLI_FAIL;
    }
    if (!s->handle) {
        fprintf(stderr, "tpm2lite %s: the TPM ended the session of '%s' (continueSession "
                "was clear); the file is stale\n",
                c->cmd->name, path);
        return status;
    }
    TPM2_RC rc = tpm2l_session_save_format(&c->ctx, s, path, fmt, NULL);
    tpm2l_session_wipe(s);
    if (rc) {
        cli_fail(c, rc, "saving the session back");
        return CLI_FAIL;
    }
    return status;
}

/* The name of an opened object: from its context file, else its own handle, else
 * ReadPublic (not pinned: the TPM's word). */
int cli_object_name(cli *c, cli_object *o, int *pinned)
{
    *pinned = o->name.size != 0;
    if (o->name.size || tpm2l_name_from_handle(o->handle, &o->name) == TPM2_RC_SUCCESS) {
        *pinned = 1;
        return CLI_OK;
    }
    static tpm2l_ReadPublic_in in;
    static tpm2l_ReadPublic_out out;
    memset(&in, 0, sizeof in);
    in.objectHandle.handle = o->handle;
    TPM2_RC rc = tpm2l_ReadPublic(&c->ctx, &in, &out);
    if (rc)
        return cli_fail(c, rc, "ReadPublic");
    o->name = out.name;
    return CLI_OK;
}

/* o, p, e, n, l or a handle or a context file. */
int cli_entity_open(cli *c, const char *arg, cli_object *o)
{
    TPM2_HANDLE h;
    memset(o, 0, sizeof *o);
    if (cli_parse_hierarchy(arg, "openl", &h) == 0) {
        o->handle = h;
        (void)tpm2l_name_from_handle(h, &o->name);
        return cli_connect(c);
    }
    return cli_object_open(c, arg, o);
}

/* ---- the policy commands ---- */

typedef struct {
    const char *session, *policy_out;
    tpm2l_session s;
    tpm2l_session_file_format fmt;
} policy_run;

/* After the policy command: print and write the digest, save the session back. */
static int policy_finish(cli *c, policy_run *r, TPM2_RC rc, const char *what)
{
    int status = CLI_OK;
    if (rc) {
        status = cli_fail(c, rc, what);
    } else {
        cli_print_hex(stdout, r->s.policy_digest.buffer, r->s.policy_digest.size);
        printf("\n");
        if (r->policy_out)
            status = cli_write_file(c, r->policy_out, r->s.policy_digest.buffer,
                                    r->s.policy_digest.size)
                         ? CLI_FAIL
                         : CLI_OK;
    }
    return cli_session_store(c, r->session, &r->s, r->fmt, status);
}

/* Options every policy command has (-S, -L) plus extra; returns CLI_END-style codes:
 * > 0 an extra option's id, CLI_END, or an exit status through *exit. */
static int policy_opt(cli_args *a, const cli_opt *opts, policy_run *r, const char **arg)
{
    int o;
    while ((o = cli_next(a, opts, arg)) > 0) {
        if (o == 100)
            r->session = *arg;
        else if (o == 101)
            r->policy_out = *arg;
        else
            return o;
    }
    return o;
}

static int policy_begin(cli *c, policy_run *r)
{
    if (!r->session)
        return cli_usage(c, "which session? (-S FILE)");
    return cli_session_load(c, r->session, &r->s, &r->fmt);
}

#define POLICY_OPTS {'S', "session", 1, 100}, {'L', "policy", 1, 101}

int cmd_policypcr(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        POLICY_OPTS, {'l', "pcr-list", 1, 1}, {'f', "pcr", 1, 2}, {0, NULL, 0, 0}};
    static policy_run r;
    static tpm2l_PolicyPCR_in in;
    const char *arg, *spec = NULL, *pcrs = NULL;
    char err[200];
    cli_args a;
    int o;
    memset(&r, 0, sizeof r);
    memset(&in, 0, sizeof in);
    cli_args_init(&a, c, argc, argv);
    while ((o = policy_opt(&a, opts, &r, &arg)) > 0) {
        if (o == 1)
            spec = arg;
        else
            pcrs = arg;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!spec)
        return cli_usage(c, "which PCRs? (-l sha256:0,1,2)");
    if (tpm2l_pcr_spec_parse(spec, &in.pcrs, err, sizeof err))
        return cli_usage(c, "-l: %s", err);
    int status = policy_begin(c, &r);
    if (status)
        return status;
    status = cli_pcr_check(c, &in.pcrs);
    if (!status && pcrs)
        status = cli_pcr_digest_file(c, pcrs, &in.pcrs, r.s.authHash, &in.pcrDigest);
    if (status)
        return cli_session_store(c, r.session, &r.s, r.fmt, status);
    in.policySession.session = &r.s;
    return policy_finish(c, &r, tpm2l_PolicyPCR(&c->ctx, &in), "PolicyPCR");
}

/* policypassword and policyauthvalue: only -S and -L. */
static int simple_policy(cli *c, int argc, char **argv, int password)
{
    static const cli_opt opts[] = {POLICY_OPTS, {0, NULL, 0, 0}};
    static policy_run r;
    const char *arg;
    cli_args a;
    memset(&r, 0, sizeof r);
    cli_args_init(&a, c, argc, argv);
    int o = policy_opt(&a, opts, &r, &arg);
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    int status = policy_begin(c, &r);
    if (status)
        return status;
    TPM2_RC rc;
    if (password) {
        tpm2l_PolicyPassword_in in = {{&r.s, 0}};
        rc = tpm2l_PolicyPassword(&c->ctx, &in);
    } else {
        tpm2l_PolicyAuthValue_in in = {{&r.s, 0}};
        rc = tpm2l_PolicyAuthValue(&c->ctx, &in);
    }
    return policy_finish(c, &r, rc, password ? "PolicyPassword" : "PolicyAuthValue");
}

int cmd_policypassword(cli *c, int argc, char **argv)
{
    return simple_policy(c, argc, argv, 1);
}

int cmd_policyauthvalue(cli *c, int argc, char **argv)
{
    return simple_policy(c, argc, argv, 0);
}

int cmd_policysecret(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {POLICY_OPTS, {'c', "object-context", 1, 1}, {0, NULL, 0, 0}};
    static policy_run r;
    static tpm2l_PolicySecret_in in;
    static tpm2l_PolicySecret_out out;
    static cli_auth au;
    const char *arg, *obj = NULL;
    cli_args a;
    int o, pinned;
    memset(&r, 0, sizeof r);
    memset(&in, 0, sizeof in);
    cli_args_init(&a, c, argc, argv);
    while ((o = policy_opt(&a, opts, &r, &arg)) > 0)
        obj = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (!obj)
        return cli_usage(c, "whose authorization? (-c OBJECT)");
    if (a.npos > 1)
        return cli_usage(c, "unexpected argument '%s'", a.pos[1]);
    if (cli_auth_parse(c, "AUTH", a.npos ? a.pos[0] : "", &au))
        return CLI_USAGE;
    cli_object ob;
    int status = policy_begin(c, &r);
    if (status) {
        tpm2l_auth_spec_wipe(&au.spec);
        return status;
    }
    status = cli_entity_open(c, obj, &ob);
    if (!status)
        status = cli_object_name(c, &ob, &pinned);
    if (!status)
        status = cli_auth_begin(c, &au);
    TPM2_RC rc = TPM2L_RC_COMMAND(TPM2L_E_GENERAL);
    if (!status) {
        in.authHandle.handle = ob.handle;
        in.authHandle.name = ob.name;
        cli_auth_use(&au, &in.authHandle);
        in.policySession.session = &r.s;
        rc = tpm2l_PolicySecret(&c->ctx, &in, &out);
    }
    status = cli_auth_end(c, &au, status);
    cli_object_done(c, &ob);
    tpm2l_cleanse(&in.authHandle.auth, sizeof in.authHandle.auth);
    if (status)
        return cli_session_store(c, r.session, &r.s, r.fmt, status);
    return policy_finish(c, &r, rc, "PolicySecret");
}

int cmd_policyor(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {POLICY_OPTS, {'l', "policy-list", 1, 1}, {0, NULL, 0, 0}};
    static policy_run r;
    static tpm2l_PolicyOR_in in;
    static char list[4096];
    const char *arg, *l = NULL;
    cli_args a;
    int o;
    memset(&r, 0, sizeof r);
    memset(&in, 0, sizeof in);
    cli_args_init(&a, c, argc, argv);
    while ((o = policy_opt(&a, opts, &r, &arg)) > 0)
        l = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (!l && a.npos == 1)
        l = a.pos[0];
    else if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!l)
        return cli_usage(c, "which branches? (-l sha256:a.policy,b.policy)");
    if (strlen(l) >= sizeof list)
        return cli_usage(c, "-l: too long");
    memcpy(list, l, strlen(l) + 1);
    TPM2_ALG_ID alg = TPM2_ALG_NULL;
    char *files = list, *colon = strchr(list, ':');
    if (colon) {
        *colon = '\0';
        alg = cli_hash_alg(list);
        if (alg == TPM2_ALG_NULL)
            return cli_usage(c, "-l: '%s' is not a hash algorithm", list);
        files = colon + 1;
    }
    for (char *f = strtok(files, ","); f; f = strtok(NULL, ",")) {
        if (in.pHashList.count == 8)
            return cli_usage(c, "-l: at most 8 branches");
        TPM2B_DIGEST *d = &in.pHashList.digests[in.pHashList.count++];
        size_t n;
        if (cli_read_file(c, f, d->buffer, sizeof d->buffer, &n))
            return CLI_FAIL;
        d->size = (uint16_t)n;
    }
    if (in.pHashList.count < 2)
        return cli_usage(c, "-l: PolicyOR needs 2 to 8 branches");
    int status = policy_begin(c, &r);
    if (status)
        return status;
    if (alg != TPM2_ALG_NULL && alg != r.s.authHash) {
        cli_error(c, "-l names %s but the session's hash is %s", list,
                  cli_alg_name(r.s.authHash) ? cli_alg_name(r.s.authHash) : "another");
        return cli_session_store(c, r.session, &r.s, r.fmt, CLI_USAGE);
    }
    in.policySession.session = &r.s;
    return policy_finish(c, &r, tpm2l_PolicyOR(&c->ctx, &in), "PolicyOR");
}

static int parse_cc(const char *s, TPM2_CC *cc)
{
    static const struct {
        const char *name;
        TPM2_CC cc;
    } t[] = {
        {"Unseal", TPM2_CC_Unseal},       {"NV_Read", TPM2_CC_NV_Read},
        {"NV_Write", TPM2_CC_NV_Write},   {"Sign", TPM2_CC_Sign},
        {"Duplicate", TPM2_CC_Duplicate}, {"Quote", TPM2_CC_Quote},
        {"Certify", TPM2_CC_Certify},     {"ActivateCredential", TPM2_CC_ActivateCredential},
        {"ObjectChangeAuth", TPM2_CC_ObjectChangeAuth}, {"Create", TPM2_CC_Create},
        {"Load", TPM2_CC_Load},           {"NV_ChangeAuth", TPM2_CC_NV_ChangeAuth},
        {"NV_Increment", TPM2_CC_NV_Increment}, {"NV_Extend", TPM2_CC_NV_Extend},
    };
    uint32_t v;
    if (cli_parse_u32(s, UINT32_MAX, &v) == 0) {
        *cc = v;
        return 0;
    }
    const char *n = strncmp(s, "TPM2_CC_", 8) == 0 ? s + 8 : s;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcasecmp(n, t[i].name) == 0) {
            *cc = t[i].cc;
            return 0;
        }
    return -1;
}

int cmd_policycommandcode(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {POLICY_OPTS, {0, NULL, 0, 0}};
    static policy_run r;
    const char *arg;
    cli_args a;
    memset(&r, 0, sizeof r);
    cli_args_init(&a, c, argc, argv);
    int o = policy_opt(&a, opts, &r, &arg);
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos != 1)
        return cli_usage(c, a.npos ? "one command code, please" : "which command code?");
    tpm2l_PolicyCommandCode_in in = {{NULL, 0}, 0};
    if (parse_cc(a.pos[0], &in.code))
        return cli_usage(c, "'%s' is not a command code", a.pos[0]);
    int status = policy_begin(c, &r);
    if (status)
        return status;
    in.policySession.session = &r.s;
    return policy_finish(c, &r, tpm2l_PolicyCommandCode(&c->ctx, &in), "PolicyCommandCode");
}

int cmd_policygetdigest(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'S', "session", 1, 100}, {'o', "output", 1, 101},
                                   {0, NULL, 0, 0}};
    static policy_run r;
    const char *arg;
    cli_args a;
    memset(&r, 0, sizeof r);
    cli_args_init(&a, c, argc, argv);
    int o = policy_opt(&a, opts, &r, &arg);
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    int status = policy_begin(c, &r);
    if (status)
        return status;
    tpm2l_PolicyGetDigest_in in = {{&r.s, 0}};
    tpm2l_PolicyGetDigest_out out;
    TPM2_RC rc = tpm2l_PolicyGetDigest(&c->ctx, &in, &out);
    if (!rc)
        r.s.policy_digest = out.policyDigest; /* print the TPM's own, not ours */
    return policy_finish(c, &r, rc, "PolicyGetDigest");
}
