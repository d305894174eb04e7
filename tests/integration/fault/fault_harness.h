/* fault_harness.h - what the fault tests share: one swtpm whose state is put back to a
 * snapshot before every run (so lockout, owner auth and persistent handles never leak
 * from one run into the next), a census of what is loaded in it asked on a fresh
 * connection, and a tracker transport that learns from the traffic the client saw
 * which handles the client knows it created and did not flush.
 */
#ifndef TESTS_FAULT_HARNESS_H
#define TESTS_FAULT_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "tpm2lite/command.h"
#include "tpm2lite/tcti.h"

typedef struct {
    sim_t sim;             /* SIM_CMD_SOCAT: a TCP swtpm and a cmd:socat string for it */
    char swtpm_conf[600];  /* swtpm:host=127.0.0.1,port=P */
    uint8_t snapshot[65536]; /* tpm2-00.permall right after start */
    size_t snapshot_len;
    char err[512];
} fh_tpm;

/* Start the swtpm and take the snapshot. 0 or -1 (h->err). */
int fh_start(fh_tpm *h);
/* Stop the TPM, put the snapshot back, _TPM_Init it again: a TPM that was just powered
 * on and waits for TPM2_Startup, exactly what every scenario expects. 0 or -1. */
int fh_restore(fh_tpm *h);
void fh_stop(fh_tpm *h);

#define FH_MAX_HANDLES 64
typedef struct {
    uint32_t n;
    TPM2_HANDLE h[FH_MAX_HANDLES];
} fh_handles;

/* Transient objects, loaded and saved sessions, asked through a new connection. A TPM
 * left without Startup has nothing loaded (TPM_RC_INITIALIZE counts as empty). */
int fh_census(fh_tpm *h, fh_handles *out);

/* The tracker: a transport between the context and the transport under test; it
 * passes everything through and keeps the handles that the responses the client got
 * say were created (and were not flushed since). */
typedef struct {
    tpm2l_tcti base;
    tpm2l_tcti *inner;
    uint32_t cc;
    TPM2_HANDLE flush_target;
    fh_handles known;
} fh_tracker;

void fh_tracker_open(fh_tracker *t, tpm2l_tcti *inner);
int fh_handles_has(const fh_handles *s, TPM2_HANDLE h);
/* Command codes whose success creates a transient object or session. */
int fh_cc_creates(uint32_t cc);

#endif
