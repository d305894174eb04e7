/* cli.h - what the tpm2lite command-line tool's files share: the run state, the
 * command table entry, option parsing, argument parsers, output helpers.
 *
 * The tool is a thin shell over the library: it parses, calls tpm2l_<Command>, prints.
 * Exit status: 0 success, 1 the TPM or the transport said no (the decoded response code
 * on stderr), 2 a usage error (a message naming the command and how to get help).
 */
#ifndef TPM2LITE_TOOLS_CLI_H
#define TPM2LITE_TOOLS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tpm2lite/authstr.h"
#include "tpm2lite/command.h"
#include "tpm2lite/pcrspec.h"
#include "tpm2lite/session.h"
#include "tpm2lite/sessionfile.h"
#include "tpm2lite/tcti.h"

#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

typedef struct cli cli;

typedef struct {
    const char *name;
    int (*run)(cli *c, int argc, char **argv);
    const char *summary; /* one line for the global --help */
    const char *help;    /* the command's --help text */
} cli_command;

struct cli {
    const cli_command *cmd;
    const char *tcti_conf; /* --tcti, or NULL: the environment */
    int connected;
    tpm2l_tcti_any tcti;
    tpm2l_ctx ctx;
};

/* ---- main.c ---- */

/* Open the transport and the context (once); on failure print why and return
 * CLI_FAIL. Commands call it after their arguments have been checked, so --help and
 * usage errors never need a TPM. */
int cli_connect(cli *c);

/* ---- opts.c: option parsing ---- */

typedef struct {
    char short_name;       /* 0 = none */
    const char *long_name; /* NULL = none */
    int has_arg;
    int id; /* > 0, returned by cli_next */
} cli_opt;

#define CLI_MAX_POS 16

typedef struct {
    cli *c;
    int argc;
    char **argv;
    int i;            /* next argv index */
    const char *rest; /* the rest of a short-option cluster ("-ab": "b") */
    int no_more_opts; /* after "--" */
    int npos;
    const char *pos[CLI_MAX_POS];
} cli_args;

#define CLI_END 0
#define CLI_HELP (-1)  /* --help was printed: exit CLI_OK */
#define CLI_ERROR (-2) /* a usage message was printed: exit CLI_USAGE */

/* argv[0] is the command name. Options may come before, between or after the
 * positional arguments; "--" ends them. -h/--help and -T/--tcti are handled here. */
void cli_args_init(cli_args *a, cli *c, int argc, char **argv);
/* Next option's id with its argument in *arg; CLI_END when only positionals are left
 * (collected in a->pos); CLI_HELP or CLI_ERROR as above. */
int cli_next(cli_args *a, const cli_opt *opts, const char **arg);
/* The exit status for a non-positive cli_next result. */
int cli_args_exit(int r);

/* Print "tpm2lite CMD: message" and the hint to --help; returns CLI_USAGE. */
int cli_usage(const cli *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Print "tpm2lite CMD: what: <decoded rc> (<detail>)" for a failed library call;
 * returns CLI_FAIL. */
int cli_fail(const cli *c, TPM2_RC rc, const char *what);
/* Print "tpm2lite CMD: message"; returns CLI_FAIL. */
int cli_error(const cli *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- opts.c: values ---- */

/* Decimal or 0x hex, the whole string, at most max. 0 on success. */
int cli_parse_u32(const char *s, uint32_t max, uint32_t *v);
/* A hierarchy letter or word (o/owner, p/platform, e/endorsement, n/null, l/lockout)
 * or a 0x handle. allowed lists the letters accepted ("oepn"). 0 on success. */
int cli_parse_hierarchy(const char *s, const char *allowed, TPM2_HANDLE *h);
/* A tpm2-tools authorisation VALUE (authstr.h): bare or "str:" text, "hex:" bytes, or
 * "file:" holding one of those; for new values (a key's, NEWAUTH). session: and pcr:
 * are refused with a message. 0 on success; on failure a usage message was printed. */
int cli_parse_auth(const cli *c, const char *opt, const char *s, TPM2B_AUTH *out);
/* A public-key or hash algorithm name ("sha256") or NULL. */
TPM2_ALG_ID cli_hash_alg(const char *s);

/* ---- opts.c: files and printing ---- */

/* Write n bytes to path ("-" = stdout). 0 on success, else a message was printed. */
int cli_write_file(const cli *c, const char *path, const void *data, size_t n);
/* Read at most cap bytes of path into buf, *n = bytes read; a longer file is an error.
 * 0 on success, else a message was printed. */
int cli_read_file(const cli *c, const char *path, uint8_t *buf, size_t cap, size_t *n);
void cli_print_hex(FILE *f, const uint8_t *p, size_t n);

/* ---- names.c ---- */

const char *cli_alg_name(TPM2_ALG_ID alg); /* "sha256", or NULL */
const char *cli_pt_name(TPM2_PT pt);       /* "TPM2_PT_MANUFACTURER", or NULL */
const char *cli_curve_name(TPM2_ECC_CURVE c); /* "TPM2_ECC_NIST_P256", or NULL */
/* "fixedtpm|fixedparent|..." for TPMA_OBJECT bits into buf. */
void cli_object_attrs(TPMA_OBJECT a, char *buf, size_t cap);

/* ---- object.c, used by other groups ---- */

/* A handle or a context file, loaded if it is a file. */
typedef struct {
    TPM2_HANDLE handle;
    int loaded; /* loaded from a file by us: flush when done */
    TPM2B_NAME name;
} cli_object;

/* arg is a 0x handle or a context file (tpm2lite's or tpm2-tools'). Returns an exit
 * status (messages printed); on CLI_OK *o is ready and must go to cli_object_done. */
int cli_object_open(cli *c, const char *arg, cli_object *o);
void cli_object_done(cli *c, cli_object *o);
/* Print the public area in tpm2-tools' YAML shape. */
void cli_print_public(const TPMT_PUBLIC *p);

/* ---- ctxfile.c: tpm2-tools context files ---- */

/* Write ctx as a context file in the ESAPI form tpm2-tools reads, with the object's
 * name and public area (name may be empty: it is computed from pub). 0 on success,
 * else a message was printed. */
int cli_ctxfile_write(const cli *c, const char *path, const TPMS_CONTEXT *ctx,
                      const TPM2B_NAME *name, const TPM2B_PUBLIC *pub);
/* Read a context file written by tpm2lite or tpm2-tools (whose blob wraps the TPM's in
 * ESAPI metadata, which carries the object's name: returned in *name, else empty).
 * 0 on success, else a message was printed. */
int cli_ctxfile_read(const cli *c, const char *path, TPMS_CONTEXT *ctx, TPM2B_NAME *name);

/* ---- auth.c: authorisations of any form (-p/-P AUTH) ---- */

/* One authorisation for one handle: a value, a session from a file (saved back
 * after use, in the file's format), or a policy session started for pcr:. */
typedef struct {
    const char *opt; /* "-p", for messages */
    tpm2l_auth_spec spec;
    tpm2l_session sess;
    tpm2l_session_file_format fmt;
    int live; /* sess is loaded in the TPM and ours to save back or flush */
} cli_auth;

/* Parse s (no TPM). 0, or a usage message was printed and CLI_USAGE returned. */
int cli_auth_parse(const cli *c, const char *opt, const char *s, cli_auth *a);
/* Connect and make the session live (load session:FILE; start a policy session and
 * run PolicyPCR for pcr:). Returns an exit status. */
int cli_auth_begin(cli *c, cli_auth *a);
/* Put the authorisation into ah (auth value and session). */
void cli_auth_use(cli_auth *a, tpm2l_auth_handle *ah);
/* Save a file's session back into its file (its nonces moved on), flush a pcr:
 * session, wipe everything. Returns status, or CLI_FAIL if status was CLI_OK and the
 * session could not be saved. */
int cli_auth_end(cli *c, cli_auth *a, int status);

/* Check a PCR selection against the TPM's allocation (resizing it as the TPM wants). */
int cli_pcr_check(cli *c, TPML_PCR_SELECTION *sel);
/* pcrDigest for PolicyPCR from a PCR values file (tpm2_pcrread -o): H_alg(contents),
 * after checking its size fits sel. */
int cli_pcr_digest_file(cli *c, const char *path, const TPML_PCR_SELECTION *sel,
                        TPMI_ALG_HASH alg, TPM2B_DIGEST *out);

/* ---- session.c: session files on the command line ---- */

/* o, p, e, n, l, a 0x handle or a context file; ready for cli_object_done. */
int cli_entity_open(cli *c, const char *arg, cli_object *o);
/* o->name filled: from its context file or its handle (*pinned = 1), else from
 * ReadPublic (*pinned = 0: the TPM's own word). */
int cli_object_name(cli *c, cli_object *o, int *pinned);

/* Load the session in path for a policy command. Returns an exit status. */
int cli_session_load(cli *c, const char *path, tpm2l_session *s, tpm2l_session_file_format *fmt);
/* Save s back into path in fmt (s is wiped); if the TPM ended it, say so. */
int cli_session_store(cli *c, const char *path, tpm2l_session *s, tpm2l_session_file_format fmt,
                      int status);

/* ---- the command groups ---- */

int cmd_getrandom(cli *c, int argc, char **argv);
int cmd_getcap(cli *c, int argc, char **argv);
int cmd_pcrread(cli *c, int argc, char **argv);
int cmd_pcrextend(cli *c, int argc, char **argv);
int cmd_pcrreset(cli *c, int argc, char **argv);
int cmd_createprimary(cli *c, int argc, char **argv);
int cmd_readpublic(cli *c, int argc, char **argv);
int cmd_evictcontrol(cli *c, int argc, char **argv);
int cmd_flushcontext(cli *c, int argc, char **argv);
int cmd_startup(cli *c, int argc, char **argv);
int cmd_shutdown(cli *c, int argc, char **argv);
int cmd_selftest(cli *c, int argc, char **argv);
int cmd_gettestresult(cli *c, int argc, char **argv);
int cmd_readclock(cli *c, int argc, char **argv);
int cmd_hierarchychangeauth(cli *c, int argc, char **argv);
int cmd_clear(cli *c, int argc, char **argv);
int cmd_startauthsession(cli *c, int argc, char **argv);
int cmd_policypcr(cli *c, int argc, char **argv);
int cmd_policypassword(cli *c, int argc, char **argv);
int cmd_policyauthvalue(cli *c, int argc, char **argv);
int cmd_policysecret(cli *c, int argc, char **argv);
int cmd_policyor(cli *c, int argc, char **argv);
int cmd_policycommandcode(cli *c, int argc, char **argv);
int cmd_policygetdigest(cli *c, int argc, char **argv);
int cmd_create(cli *c, int argc, char **argv);
int cmd_load(cli *c, int argc, char **argv);
int cmd_unseal(cli *c, int argc, char **argv);
/* attest.c, attest_cred.c, attest_checkquote.c, quote.c */
int cmd_attest(cli *c, int argc, char **argv);
int cmd_createak(cli *c, int argc, char **argv);
int cmd_quote(cli *c, int argc, char **argv);
int cmd_checkquote(cli *c, int argc, char **argv);
extern const char help_attest[], help_createak[], help_quote[], help_checkquote[];
/* keystore: importkey.c, keystore.c, sign.c */
int cmd_importkey(cli *c, int argc, char **argv);
int cmd_loadkey(cli *c, int argc, char **argv);
int cmd_sign(cli *c, int argc, char **argv);
extern const char help_importkey[], help_loadkey[], help_sign[];

extern const char help_getrandom[], help_getcap[], help_pcrread[], help_pcrextend[],
    help_pcrreset[], help_createprimary[], help_readpublic[], help_evictcontrol[],
    help_flushcontext[], help_startup[], help_shutdown[], help_selftest[],
    help_gettestresult[], help_readclock[], help_hierarchychangeauth[], help_clear[],
    help_startauthsession[], help_policypcr[], help_policypassword[], help_policyauthvalue[],
    help_policysecret[], help_policyor[], help_policycommandcode[], help_policygetdigest[],
    help_create[], help_load[], help_unseal[];

/* nv.c, nv_io.c */
int cmd_nvdefine(cli *c, int argc, char **argv);
int cmd_nvundefine(cli *c, int argc, char **argv);
int cmd_nvreadpublic(cli *c, int argc, char **argv);
int cmd_nvwrite(cli *c, int argc, char **argv);
int cmd_nvread(cli *c, int argc, char **argv);
int cmd_nvincrement(cli *c, int argc, char **argv);
int cmd_nvextend(cli *c, int argc, char **argv);
int cmd_nvsetbits(cli *c, int argc, char **argv);
int cmd_nvwritelock(cli *c, int argc, char **argv);
int cmd_nvreadlock(cli *c, int argc, char **argv);
int cmd_nvchangeauth(cli *c, int argc, char **argv);
extern const char help_nvdefine[], help_nvundefine[], help_nvreadpublic[], help_nvwrite[],
    help_nvread[], help_nvincrement[], help_nvextend[], help_nvsetbits[], help_nvwritelock[],
    help_nvreadlock[], help_nvchangeauth[];

#endif
