/* admin.c - tpm2lite startup, shutdown, selftest, gettestresult, readclock,
 * hierarchychangeauth, clear: the TPM's life cycle and hierarchy administration.
 *
 * Authorisation values pass through TPM2B_AUTH only and are wiped before return on
 * every path.
 */
#include <string.h>

#include "tools/tpm2lite/cli.h"

const char help_startup[] =
    "Usage: tpm2lite startup [-c]\n"
    "\n"
    "TPM2_Startup: resume the saved state (TPM_SU_STATE), or with -c start clear\n"
    "(TPM_SU_CLEAR). A TPM that is already started is reported on stderr, not an error.\n"
    "\n"
    "  -c, --clear   TPM_SU_CLEAR\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

const char help_shutdown[] =
    "Usage: tpm2lite shutdown [-c]\n"
    "\n"
    "TPM2_Shutdown: save the state for a later Startup(STATE) (TPM_SU_STATE), or with -c\n"
    "prepare for Startup(CLEAR) (TPM_SU_CLEAR).\n"
    "\n"
    "  -c, --clear   TPM_SU_CLEAR\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

const char help_selftest[] =
    "Usage: tpm2lite selftest [--full]\n"
    "\n"
    "TPM2_SelfTest: test the functions that still need it, or with --full all of them.\n"
    "\n"
    "  -f, --full    test everything (fullTest = YES)\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

const char help_gettestresult[] =
    "Usage: tpm2lite gettestresult\n"
    "\n"
    "TPM2_GetTestResult: print the self-test's status (exit status 1 if it failed) and the\n"
    "TPM's vendor data about it, if any.\n"
    "\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

const char help_readclock[] =
    "Usage: tpm2lite readclock\n"
    "\n"
    "TPM2_ReadClock: the time since the last TPM reset and the clock, in milliseconds,\n"
    "with the reset and restart counts.\n"
    "\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

const char help_hierarchychangeauth[] =
    "Usage: tpm2lite hierarchychangeauth -c o|e|l|p [-p OLD] NEWAUTH\n"
    "\n"
    "TPM2_HierarchyChangeAuth: set a hierarchy's authorization value. OLD is any\n"
    "authorization form (plain, str:, hex:, file:, session:FILE[+AUTH], pcr:SPEC[=FILE]);\n"
    "NEWAUTH is a value (plain, str:, hex:, file:); an empty NEWAUTH (\"\") removes it.\n"
    "\n"
    "  -c, --object-hierarchy H  o owner, e endorsement, l lockout, p platform\n"
    "  -p, --object-auth A       the current authorization (default: empty)\n"
    "  -T, --tcti S              the TPM to use (see tpm2lite --help)\n";

const char help_clear[] =
    "Usage: tpm2lite clear [-c l|p] [AUTH]\n"
    "\n"
    "TPM2_Clear: remove the owner's and endorsement's objects and authorizations and\n"
    "change their seeds. AUTH is the lockout (or platform) authorization.\n"
    "\n"
    "  -c, --auth-hierarchy H  l lockout (default) or p platform\n"
    "  -T, --tcti S            the TPM to use (see tpm2lite --help)\n";

/* Parse a command whose only option is one flag; returns -1 to go on, else an exit
 * status. */
static int flag_only(cli *c, int argc, char **argv, const cli_opt *opts, int *flag)
{
    cli_args a;
    const char *arg;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        *flag = 1;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    int status = cli_connect(c);
    return status ? status : -1;
}

int cmd_startup(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'c', "clear", 0, 1}, {0, NULL, 0, 0}};
    int clear = 0, status = flag_only(c, argc, argv, opts, &clear);
    if (status >= 0)
        return status;
    tpm2l_Startup_in in = {clear ? TPM2_SU_CLEAR : TPM2_SU_STATE};
    TPM2_RC rc = tpm2l_Startup(&c->ctx, &in);
    if (rc == TPM2_RC_INITIALIZE) {
        /* As tpm2_startup: the TPM is running, which is what was wanted. */
        fprintf(stderr, "tpm2lite startup: the TPM was already started (TPM_RC_INITIALIZE)\n");
        return CLI_OK;
    }
    return rc ? cli_fail(c, rc, "Startup") : CLI_OK;
}

int cmd_shutdown(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'c', "clear", 0, 1}, {0, NULL, 0, 0}};
    int clear = 0, status = flag_only(c, argc, argv, opts, &clear);
    if (status >= 0)
        return status;
    tpm2l_Shutdown_in in = {clear ? TPM2_SU_CLEAR : TPM2_SU_STATE};
    TPM2_RC rc = tpm2l_Shutdown(&c->ctx, &in);
    return rc ? cli_fail(c, rc, "Shutdown") : CLI_OK;
}

int cmd_selftest(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'f', "full", 0, 1}, {0, "fulltest", 0, 1}, {0, NULL, 0, 0}};
    int full = 0, status = flag_only(c, argc, argv, opts, &full);
    if (status >= 0)
        return status;
    tpm2l_SelfTest_in in = {full ? TPM2_YES : TPM2_NO};
    TPM2_RC rc = tpm2l_SelfTest(&c->ctx, &in);
    return rc ? cli_fail(c, rc, "SelfTest") : CLI_OK;
}

int cmd_gettestresult(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{0, NULL, 0, 0}};
    int unused = 0, status = flag_only(c, argc, argv, opts, &unused);
    if (status >= 0)
        return status;
    static tpm2l_GetTestResult_out out;
    TPM2_RC rc = tpm2l_GetTestResult(&c->ctx, &out);
    if (rc)
        return cli_fail(c, rc, "GetTestResult");
    if (out.testResult == TPM2_RC_SUCCESS)
        printf("status: success\n");
    else if (out.testResult == TPM2_RC_TESTING)
        printf("status: testing\n");
    else
        printf("status: failed\nresult: %s\n", tpm2l_rc_str(out.testResult).s);
    if (out.outData.size) {
        printf("data: ");
        cli_print_hex(stdout, out.outData.buffer, out.outData.size);
        printf("\n");
    }
    return out.testResult == TPM2_RC_SUCCESS || out.testResult == TPM2_RC_TESTING ? CLI_OK
                                                                                   : CLI_FAIL;
}

int cmd_readclock(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{0, NULL, 0, 0}};
    int unused = 0, status = flag_only(c, argc, argv, opts, &unused);
    if (status >= 0)
        return status;
    tpm2l_ReadClock_out out;
    TPM2_RC rc = tpm2l_ReadClock(&c->ctx, &out);
    if (rc)
        return cli_fail(c, rc, "ReadClock");
    const TPMS_CLOCK_INFO *ci = &out.currentTime.clockInfo;
    printf("time: %llu\n", (unsigned long long)out.currentTime.time);
    printf("clock_info:\n");
    printf("  clock: %llu\n", (unsigned long long)ci->clock);
    printf("  reset_count: %lu\n", (unsigned long)ci->resetCount);
    printf("  restart_count: %lu\n", (unsigned long)ci->restartCount);
    printf("  safe: %s\n", ci->safe ? "yes" : "no");
    return CLI_OK;
}

int cmd_hierarchychangeauth(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'c', "object-hierarchy", 1, 1},
        {'p', "object-auth", 1, 2},
        {0, NULL, 0, 0},
    };
    const char *hier = NULL, *old = NULL, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        if (o == 1)
            hier = arg;
        else
            old = arg;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (!hier)
        return cli_usage(c, "which hierarchy? (-c o|e|l|p)");
    if (a.npos != 1)
        return cli_usage(c, a.npos ? "one new authorization, please"
                                   : "what is the new authorization? (\"\" for none)");
    TPM2_HANDLE hh;
    if (cli_parse_hierarchy(hier, "oelp", &hh))
        return cli_usage(c, "-c: '%s' is not o, e, l or p", hier);

    tpm2l_HierarchyChangeAuth_in in;
    TPM2_RC rc = tpm2l_auth_handle_set(&in.authHandle, hh, NULL, 0);
    if (rc)
        return cli_fail(c, rc, "building the request");
    int status = CLI_OK;
    static cli_auth au;
    memset(&in.newAuth, 0, sizeof in.newAuth);
    if (cli_auth_parse(c, "-p", old ? old : "", &au))
        return CLI_USAGE;
    if (cli_parse_auth(c, "NEWAUTH", a.pos[0], &in.newAuth))
        status = CLI_USAGE;
    if (!status)
        status = cli_auth_begin(c, &au);
    if (!status) {
        cli_auth_use(&au, &in.authHandle);
        rc = tpm2l_HierarchyChangeAuth(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "HierarchyChangeAuth");
    }
    status = cli_auth_end(c, &au, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}

int cmd_clear(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'c', "auth-hierarchy", 1, 1}, {0, NULL, 0, 0}};
    const char *hier = "l", *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        hier = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos > 1)
        return cli_usage(c, "unexpected argument '%s'", a.pos[1]);
    TPM2_HANDLE hh;
    if (cli_parse_hierarchy(hier, "lp", &hh))
        return cli_usage(c, "-c: '%s' is not l or p", hier);
    tpm2l_Clear_in in;
    TPM2_RC rc = tpm2l_auth_handle_set(&in.authHandle, hh, NULL, 0);
    if (rc)
        return cli_fail(c, rc, "building the request");
    static cli_auth au;
    if (cli_auth_parse(c, "AUTH", a.npos ? a.pos[0] : "", &au))
        return CLI_USAGE;
    int status = cli_auth_begin(c, &au);
    if (!status) {
        cli_auth_use(&au, &in.authHandle);
        rc = tpm2l_Clear(&c->ctx, &in);
        if (rc)
            status = cli_fail(c, rc, "Clear");
    }
    status = cli_auth_end(c, &au, status);
    tpm2l_cleanse(&in, sizeof in);
    return status;
}
