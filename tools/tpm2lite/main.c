/* main.c - tpm2lite: global options (--tcti, --help, --version), the command table and
 * the one place the transport is opened and closed.
 *
 * Must never open the TPM before a command's arguments are known to be good: --help
 * and usage errors work with no TPM at all.
 */
#include <stdio.h>
#include <string.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite_config.h"

static const cli_command commands[] = {
    {"getrandom", cmd_getrandom, "random bytes from the TPM", help_getrandom},
    {"getcap", cmd_getcap, "TPM capabilities (algorithms, commands, properties, handles)",
     help_getcap},
    {"pcrread", cmd_pcrread, "read PCRs", help_pcrread},
    {"pcrextend", cmd_pcrextend, "extend a PCR with digests", help_pcrextend},
    {"pcrreset", cmd_pcrreset, "reset resettable PCRs", help_pcrreset},
    {"createprimary", cmd_createprimary, "create a primary key (tpm2-tools templates)",
     help_createprimary},
    {"readpublic", cmd_readpublic, "show an object's public area and name", help_readpublic},
    {"evictcontrol", cmd_evictcontrol, "make an object persistent, or remove a persistent one",
     help_evictcontrol},
    {"flushcontext", cmd_flushcontext, "flush transient objects and sessions",
     help_flushcontext},
    {"startup", cmd_startup, "TPM2_Startup", help_startup},
    {"shutdown", cmd_shutdown, "TPM2_Shutdown", help_shutdown},
    {"selftest", cmd_selftest, "run the TPM's self-test", help_selftest},
    {"gettestresult", cmd_gettestresult, "the self-test's result", help_gettestresult},
    {"readclock", cmd_readclock, "the TPM's time and clock", help_readclock},
    {"attest", cmd_attest, "attest_tpm2_primary: signing EK, EK certificate, certify primaries",
     help_attest},
    {"createak", cmd_createak, "create a restricted signing (attestation) key", help_createak},
    {"quote", cmd_quote, "quote PCRs with a signing key", help_quote},
    {"checkquote", cmd_checkquote, "verify a quote in software (no TPM)", help_checkquote},
    {"hierarchychangeauth", cmd_hierarchychangeauth, "change a hierarchy's authorization value",
     help_hierarchychangeauth},
    {"clear", cmd_clear, "TPM2_Clear: remove the owner's and endorsement's objects",
     help_clear},
    {"startauthsession", cmd_startauthsession, "start a session and save it to a file",
     help_startauthsession},
    {"policypcr", cmd_policypcr, "PolicyPCR on a session file", help_policypcr},
    {"policypassword", cmd_policypassword, "PolicyPassword on a session file",
     help_policypassword},
    {"policyauthvalue", cmd_policyauthvalue, "PolicyAuthValue on a session file",
     help_policyauthvalue},
    {"policysecret", cmd_policysecret, "PolicySecret on a session file", help_policysecret},
    {"policyor", cmd_policyor, "PolicyOR on a session file", help_policyor},
    {"policycommandcode", cmd_policycommandcode, "PolicyCommandCode on a session file",
     help_policycommandcode},
    {"policygetdigest", cmd_policygetdigest, "the TPM's policy digest of a session file",
     help_policygetdigest},
    {"create", cmd_create, "seal a secret under a parent key (TPM2_Create)", help_create},
    {"load", cmd_load, "load a created object and save its context", help_load},
    {"unseal", cmd_unseal, "the secret of a sealed object", help_unseal},
    {"importkey", cmd_importkey, "wrap an RSA/ECC PEM key into a TSS2 PRIVATE KEY file",
     help_importkey},
    {"loadkey", cmd_loadkey, "load a TSS2 PRIVATE KEY file, save a tpm2-tools context",
     help_loadkey},
    {"sign", cmd_sign, "sign a message or digest with a key file, context or handle",
     help_sign},
    {"nvdefine", cmd_nvdefine, "define an NV index", help_nvdefine},
    {"nvundefine", cmd_nvundefine, "remove an NV index", help_nvundefine},
    {"nvreadpublic", cmd_nvreadpublic, "show NV indices' public areas and names",
     help_nvreadpublic},
    {"nvwrite", cmd_nvwrite, "write data to an NV index", help_nvwrite},
    {"nvread", cmd_nvread, "read data from an NV index", help_nvread},
    {"nvincrement", cmd_nvincrement, "increment an NV counter", help_nvincrement},
    {"nvextend", cmd_nvextend, "extend an NV extend index", help_nvextend},
    {"nvsetbits", cmd_nvsetbits, "set bits in an NV bit-field index", help_nvsetbits},
    {"nvwritelock", cmd_nvwritelock, "lock an NV index against writes", help_nvwritelock},
    {"nvreadlock", cmd_nvreadlock, "lock an NV index against reads", help_nvreadlock},
    {"nvchangeauth", cmd_nvchangeauth, "change an NV index's authorization value",
     help_nvchangeauth},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void global_help(FILE *f)
{
    fprintf(f,
            "Usage: tpm2lite [--tcti STRING] COMMAND [ARGS]\n"
            "       tpm2lite COMMAND --help\n"
            "\n"
            "A TPM 2.0 tool on libtpm2lite, with tpm2-tools' command names and options.\n"
            "\n"
            "Options:\n"
            "  -T, --tcti STRING  the TPM to talk to: device[:PATH], swtpm[:host=H,port=P],\n"
            "                     mssim[:host=H,port=P], cmd:COMMAND, libtpms[:dir=PATH]\n"
            "                     (default: $TPM2LITE_TCTI, $TPM2TOOLS_TCTI, $TCTI, then\n"
            "                     /dev/tpmrm0 or /dev/tpm0)\n"
            "  -h, --help         this text\n"
            "  -v, --version      the version\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-20s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nExit status: 0 success, 1 the TPM or the transport failed, 2 usage error.\n");
}

int cli_connect(cli *c)
{
    if (c->connected)
        return CLI_OK;
    TPM2_RC rc = c->tcti_conf ? tpm2l_tcti_open(&c->tcti, c->tcti_conf)
                              : tpm2l_tcti_open_env(&c->tcti);
    if (rc) {
        const char *conf = c->tcti_conf ? c->tcti_conf : tpm2l_tcti_env_string();
        fprintf(stderr, "tpm2lite %s: cannot open the TPM transport '%s': %s [0x%08x]\n",
                c->cmd->name, conf ? conf : "device (default)",
                c->tcti.base.err[0] ? c->tcti.base.err : tpm2l_rc_str(rc).s, (unsigned)rc);
        tpm2l_tcti_close(&c->tcti.base);
        return CLI_FAIL;
    }
    rc = tpm2l_ctx_init(&c->ctx, &c->tcti.base);
    if (rc) {
        tpm2l_tcti_close(&c->tcti.base);
        return cli_fail(c, rc, "initialising the context");
    }
    c->connected = 1;
    return CLI_OK;
}

static void disconnect(cli *c)
{
    if (!c->connected)
        return;
    tpm2l_ctx_close(&c->ctx);
    tpm2l_tcti_close(&c->tcti.base);
    c->connected = 0;
}

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    /* tpm2-tools users type the tool names: accept "tpm2_getrandom" too. */
    if (strncmp(name, "tpm2_", 5) == 0)
        return find_command(name + 5);
    return NULL;
}

/* The transport and context are large (two 4 KB buffers each): static storage. */
static cli state;

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            global_help(stdout);
            return CLI_OK;
        }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--version") == 0) {
            printf("tpm2lite %s\n", TPM2L_VERSION);
            return CLI_OK;
        }
        if (strcmp(a, "-T") == 0 || strcmp(a, "--tcti") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tpm2lite: %s needs a value (e.g. swtpm:port=2321)\n", a);
                return CLI_USAGE;
            }
            state.tcti_conf = argv[++i];
            continue;
        }
        if (strncmp(a, "--tcti=", 7) == 0) {
            state.tcti_conf = a + 7;
            continue;
        }
        if (a[0] == '-') {
            fprintf(stderr, "tpm2lite: unknown option '%s'\nTry 'tpm2lite --help'.\n", a);
            return CLI_USAGE;
        }
        break;
    }
    if (i >= argc) {
        fprintf(stderr, "tpm2lite: no command given\nTry 'tpm2lite --help'.\n");
        return CLI_USAGE;
    }
    if (strcmp(argv[i], "help") == 0) {
        const cli_command *h = i + 1 < argc ? find_command(argv[i + 1]) : NULL;
        if (i + 1 < argc && !h) {
            fprintf(stderr, "tpm2lite: unknown command '%s'\nTry 'tpm2lite --help'.\n",
                    argv[i + 1]);
            return CLI_USAGE;
        }
        if (h)
            fputs(h->help, stdout);
        else
            global_help(stdout);
        return CLI_OK;
    }
    state.cmd = find_command(argv[i]);
    if (!state.cmd) {
        fprintf(stderr, "tpm2lite: unknown command '%s'\nTry 'tpm2lite --help'.\n", argv[i]);
        return CLI_USAGE;
    }
    int status = state.cmd->run(&state, argc - i, argv + i);
    disconnect(&state);
    if (fflush(stdout) != 0 && status == CLI_OK) {
        fprintf(stderr, "tpm2lite %s: writing the output failed\n", state.cmd->name);
        status = CLI_FAIL;
    }
    return status;
}
