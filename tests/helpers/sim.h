/* sim.h - start and stop a real TPM for a test: swtpm over TCP, UNIX sockets, mssim
 * framing, a socat pipe or a pty, in-process libtpms, or our mssim test server.
 *
 * Each sim lives in its own temporary directory with its own ports, so tests may run
 * in parallel. Ports are picked below the kernel's ephemeral range and a started
 * swtpm is checked to be the process that owns its port (not another test's). Every
 * process runs in its own process group with a parent-death signal, and sim_stop()
 * (also run at exit for sims still running) kills and reaps the group and removes the
 * directory, so a failing or killed test leaves nothing behind.
 *
 * Notes for tests:
 * - swtpm serves one data connection at a time: close our transport before pointing
 *   tpm2-tools (sim_tools_tcti) at the same sim, or the tool waits.
 * - SIM_DEVICE_PTY: a raw pty passes at most 4095 bytes per read(), so a response may
 *   arrive in pieces; the device transport reads until the header's size is complete.
 * - SIM_LIBTPMS: in-process; only one may be open per process (TPM2L_E_IN_USE).
 * - SIM_MSSIM_ON_SWTPM: swtpm's port+1 is its control channel, not an mssim platform
 *   port: never send platform codes there.
 */
#ifndef TPM2LITE_TESTS_SIM_H
#define TPM2LITE_TESTS_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum {
    SIM_SWTPM_TCP,      /* swtpm socket, TCP data + control ports */
    SIM_SWTPM_UNIX,     /* swtpm socket, UNIX data + control sockets */
    SIM_MSSIM_ON_SWTPM, /* our mssim transport's framing on swtpm's TCP data port */
    SIM_CMD_SOCAT,      /* cmd:socat - TCP:... to a swtpm */
    SIM_DEVICE_PTY,     /* device:DIR/tpm0, a pty that socat joins to swtpm chardev */
    SIM_LIBTPMS,        /* libtpms:dir=DIR in this process */
    SIM_MSSIM_SERVER,   /* our mssim_server (libtpms behind the whole mssim protocol) */
    SIM_KIND_COUNT
} sim_kind;

typedef struct {
    sim_kind kind;
    char dir[200];   /* temporary directory: state, sockets, logs */
    pid_t pgid;      /* process group of everything started (0: none) */
    uint16_t port;   /* TCP data / command port, 0 for none */
    char tools[600]; /* tpm2-tools / tpm2-tss TCTI string, "" for none */
    char tcti[600];  /* configuration string for tpm2l_tcti_open */
    char err[300];   /* why sim_start failed */
} sim_t;

/* Start a TPM of that kind; 0 when it answers and TPM2_Startup(CLEAR) is done, else
 * -1 with s->err set (nothing left running). */
int sim_start(sim_kind kind, sim_t *s);
/* Stop everything the sim started and remove its directory; safe to call twice. */
void sim_stop(sim_t *s);
/* A tpm2-tools / tpm2-tss TCTI string for the same TPM, or NULL where none exists. */
const char *sim_tools_tcti(const sim_t *s);
const char *sim_kind_name(sim_kind kind);

/* Path of the mssim_server executable (for tests that start it themselves). */
const char *sim_mssim_server_path(void);

/* Run argv (NULL-terminated) with stdout+stderr captured into out (NUL-terminated,
 * truncated to cap); returns the exit status, or -1. Killed after timeout_ms. */
int sim_run(const char *const argv[], char *out, size_t cap, int timeout_ms);

#endif
