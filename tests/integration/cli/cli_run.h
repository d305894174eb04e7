/* cli_run.h - run the tpm2lite binary (and tpm2-tools as a peer) for the CLI tests,
 * with stdout and stderr captured apart, and a scratch directory for files.
 *
 * Every run has a deadline: a child that hangs is killed and the run fails.
 */
#ifndef TPM2LITE_TESTS_CLI_RUN_H
#define TPM2LITE_TESTS_CLI_RUN_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    int status; /* exit status; -1 if it did not exit normally or could not run */
    size_t out_len;
    char out[1 << 18]; /* stdout, NUL-terminated (may hold binary before the NUL) */
    char err[1 << 14]; /* stderr, NUL-terminated */
} run_result;

/* Run argv[0] (searched on PATH when it has no '/'). Returns r->status. */
int run_argv(run_result *r, const char *const argv[]);
/* tpm2lite [--tcti tcti] args... (NULL-terminated); tcti NULL: no --tcti. */
int run_cli(run_result *r, const char *tcti, ...);
/* A tpm2-tools command (NULL-terminated); TPM2TOOLS_TCTI must be set by the caller. */
int run_tool(run_result *r, ...);
/* /bin/sh -c with a printf-made command line (openssl, tpm2-tools pipelines); returns
 * r->status. The line is cut at 4095 bytes. */
int run_vsh(run_result *r, const char *fmt, va_list ap);
int run_sh(run_result *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print what a run produced (for failure messages). */
void run_dump(const char *what, const run_result *r);

/* A path in this process's scratch directory (created on first use, removed at exit).
 * Returns static storage that the eighth call after it overwrites. */
const char *scratch(const char *name);
/* Read a whole small file; returns its size or -1. */
long file_read(const char *path, unsigned char *buf, size_t cap);
/* 1 if the tpm2-tools binaries are on PATH. */
int have_tpm2_tools(void);

/* The line of out that starts with key ("name: "): its rest, copied into val (cap
 * bytes) without the newline. NULL if there is no such line. */
const char *line_value(const char *out, const char *key, char *val, size_t cap);
/* Lowercase hex of n bytes into s (2n+1 bytes). */
void hex_of(const unsigned char *p, size_t n, char *s);

/* ---- the swtpm every test of a file shares (cmocka group setup/teardown) ---- */

/* Our configuration string for it (for --tcti). */
extern const char *cli_tcti;
/* Starts swtpm over TCP, points TPM2TOOLS_TCTI at it, unsets TPM2LITE_TCTI and TCTI. */
int cli_sim_start(void **state);
int cli_sim_stop(void **state);

#endif
