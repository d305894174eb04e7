/* tcti_impl.h - the concrete transports, tpm2l_tcti_any, and opening by name.
 *
 * Each transport is a caller-owned struct whose first member is a tpm2l_tcti, so
 * &x.base goes wherever a tpm2l_tcti * is wanted. Open functions fill the whole struct
 * (no need to zero it first); on failure the struct holds nothing to release but its
 * base.err says why, and closing it is harmless. Close is safe to call twice.
 *
 * Configuration strings (tpm2l_tcti_open):
 *   device[:PATH]                 default: /dev/tpmrm0, then /dev/tpm0
 *   mssim[:host=H,port=P]         default 127.0.0.1:2321; platform port is P+1
 *   mssim:path=SOCK               UNIX sockets SOCK and SOCK.ctrl (platform)
 *         ,poweron=1              send POWER_ON and NV_ON on the platform port at open
 *   swtpm[:host=H,port=P]         default 127.0.0.1:2321; control port P+1 (ctrlport=)
 *   swtpm:path=SOCK[,ctrl=CTRL]   UNIX data socket; control socket CTRL (default
 *                                 SOCK.ctrl, tpm2-tss's convention)
 *   cmd:COMMAND LINE              spawned with /bin/sh -c; everything after "cmd:"
 *   libtpms[:mem]                 in-process libtpms, state in memory (lost at close)
 *   libtpms:dir=PATH              state files in PATH (created as the TPM writes them)
 *          ,startup=clear|state|none   TPM2_Startup sent at open (default clear)
 * Locality: mssim sends it in each frame; swtpm sets it at once through the control
 * channel (swtpm keeps it until set again); libtpms reads it per command; device and
 * cmd cannot choose one (TPM2L_E_NOT_SUPPORTED). Cancel: swtpm (CMD_CANCEL_TPM_CMD)
 * and libtpms may be cancelled from another thread while receive waits; mssim raises
 * CANCEL_ON on the platform port and lowers it when the response arrives, so call it
 * between transmit and receive, not concurrently with them.
 * tpm2-tss spellings are accepted where they mean the same thing ("libtss2-tcti-X.so.0"
 * for X, host=localhost); tabrmd (a D-Bus daemon) is refused with an explanation.
 */
#ifndef TPM2LITE_TCTI_IMPL_H
#define TPM2LITE_TCTI_IMPL_H

#include <stdint.h>
#include <sys/types.h>
#include "tcti.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- device: /dev/tpmrm0, /dev/tpm0 ---- */

typedef struct {
    tpm2l_tcti base;
    int fd;
    uint8_t pending; /* a command is out and its response not yet read */
    char path[256];
    /* The kernel drops whatever a read() does not take (older kernels), so a response
     * is always read into a 4096-byte buffer: here when the caller's is smaller. */
    uint8_t rbuf[TPM2L_MAX_MESSAGE];
} tpm2l_tcti_device;

/* path NULL or "": /dev/tpmrm0, then /dev/tpm0 if the first does not exist. */
TPM2_RC tpm2l_tcti_device_open(tpm2l_tcti_device *t, const char *path);

/* ---- mssim: Microsoft/IBM simulator protocol (command + platform sockets) ---- */

/* Platform-port codes (TpmTcpProtocol.h of the reference simulator). */
#define TPM2L_MSSIM_POWER_ON 1u
#define TPM2L_MSSIM_POWER_OFF 2u
#define TPM2L_MSSIM_PHYS_PRES_ON 3u
#define TPM2L_MSSIM_PHYS_PRES_OFF 4u
#define TPM2L_MSSIM_SEND_COMMAND 8u /* command port */
#define TPM2L_MSSIM_CANCEL_ON 9u
#define TPM2L_MSSIM_CANCEL_OFF 10u
#define TPM2L_MSSIM_NV_ON 11u
#define TPM2L_MSSIM_NV_OFF 12u
#define TPM2L_MSSIM_REMOTE_HANDSHAKE 15u /* command port */
#define TPM2L_MSSIM_RESET 17u
#define TPM2L_MSSIM_RESTART 18u
#define TPM2L_MSSIM_SESSION_END 20u /* both ports; no answer */
#define TPM2L_MSSIM_STOP 21u        /* both ports; no answer, the simulator exits */

typedef struct {
    tpm2l_tcti base;
    int cmd_fd;  /* connected at open, kept for the life of the transport */
    int plat_fd; /* connected on the first platform operation only */
    uint8_t locality;
    uint8_t pending;
    uint8_t is_unix;
    uint8_t cancel_on; /* CANCEL_ON was sent; CANCEL_OFF goes after the response */
    uint16_t port;
    char host[128];
    char path[108], plat_path[108];
    char cmd_ep[140], plat_ep[140]; /* endpoints as shown in messages */
    /* A frame goes out in one write: u32 SEND_COMMAND, u8 locality, u32 length, command. */
    uint8_t frame[9 + TPM2L_MAX_MESSAGE];
} tpm2l_tcti_mssim;

/* cfg NULL: 127.0.0.1:2321. Keys: host, port, path, poweron. */
TPM2_RC tpm2l_tcti_mssim_open(tpm2l_tcti_mssim *t, const tpm2l_tcti_config *cfg);
TPM2_RC tpm2l_tcti_mssim_open_tcp(tpm2l_tcti_mssim *t, const char *host, uint16_t port);
TPM2_RC tpm2l_tcti_mssim_open_unix(tpm2l_tcti_mssim *t, const char *path);
/* Send one platform code (TPM2L_MSSIM_*) and check the simulator's u32 answer is 0.
 * The platform connection is made on first use: swtpm's port+1 speaks another
 * protocol, so nothing is sent there unless asked. */
TPM2_RC tpm2l_tcti_mssim_platform(tpm2l_tcti_mssim *t, uint32_t code);
/* POWER_ON then NV_ON: what a simulator needs before TPM2_Startup. */
TPM2_RC tpm2l_tcti_mssim_power_on(tpm2l_tcti_mssim *t);

/* ---- swtpm: data socket + swtpm's own control channel ---- */

/* Control-channel codes (swtpm's tpm_ioctl.h). */
#define TPM2L_SWTPM_CMD_INIT 2u          /* u32 flags; re-runs _TPM_Init */
#define TPM2L_SWTPM_CMD_SHUTDOWN 3u      /* swtpm saves state and exits */
#define TPM2L_SWTPM_CMD_SET_LOCALITY 5u  /* u8 locality */
#define TPM2L_SWTPM_CMD_CANCEL_TPM_CMD 9u
#define TPM2L_SWTPM_CMD_STOP 0x0eu       /* TPM stops; CMD_INIT restarts it */
#define TPM2L_SWTPM_INIT_DELETE_VOLATILE 1u

typedef struct {
    tpm2l_tcti base;
    int fd; /* data connection, kept open; reconnected after a transport error */
    uint8_t locality; /* last one set through the control channel */
    uint8_t pending;
    uint8_t is_unix;
    uint16_t port, ctrl_port;
    char host[128];
    char path[108], ctrl_path[108];
    char data_ep[140], ctrl_ep[140];
} tpm2l_tcti_swtpm;

/* cfg NULL: 127.0.0.1:2321. Keys: host, port, ctrlport, path, ctrl. */
TPM2_RC tpm2l_tcti_swtpm_open(tpm2l_tcti_swtpm *t, const tpm2l_tcti_config *cfg);
TPM2_RC tpm2l_tcti_swtpm_open_tcp(tpm2l_tcti_swtpm *t, const char *host, uint16_t port);
/* ctrl_path NULL: path + ".ctrl". */
TPM2_RC tpm2l_tcti_swtpm_open_unix(tpm2l_tcti_swtpm *t, const char *path,
                                   const char *ctrl_path);
/* One control request (u32 code + payload) whose answer is a u32 result, which must be
 * 0. The control connection lasts one request so other clients can use it too. */
TPM2_RC tpm2l_tcti_swtpm_control(tpm2l_tcti_swtpm *t, uint32_t code, const uint8_t *payload,
                                 size_t n);
/* CMD_INIT: a fresh _TPM_Init (TPM2_Startup is needed again). flags: 0 or
 * TPM2L_SWTPM_INIT_DELETE_VOLATILE. */
TPM2_RC tpm2l_tcti_swtpm_init(tpm2l_tcti_swtpm *t, uint32_t flags);

/* ---- cmd: a spawned command's stdin/stdout ---- */

typedef struct {
    tpm2l_tcti base;
    pid_t pid; /* 0 when no child */
    int to_child, from_child;
    uint8_t pending;
    uint8_t broken; /* the stream is out of step: only close is possible */
    char cmdline[TPM2L_TCTI_CONF_MAX];
    char label[72]; /* the command line, shortened for messages */
} tpm2l_tcti_cmd;

/* Spawn "/bin/sh -c cmdline" (its own process group, stderr inherited). Close sends
 * EOF, waits briefly, then SIGTERM and SIGKILL; the child is always reaped. */
TPM2_RC tpm2l_tcti_cmd_open(tpm2l_tcti_cmd *t, const char *cmdline);

/* ---- libtpms: the TPM in this process ---- */

typedef struct {
    tpm2l_tcti base;
    uint8_t active; /* holds the process-wide libtpms claim */
    uint8_t pending;
    uint8_t locality;
    uint8_t physical_presence;
    char dir[256]; /* "" = state in memory */
    struct {
        unsigned char *data; /* in-memory state: grown as the TPM writes, wiped and
                                freed at close */
        uint32_t len, cap;
    } nv[3]; /* permall, volatilestate, savestate */
    uint8_t cmd[TPM2L_MAX_MESSAGE]; /* TPMLIB_Process takes a non-const command */
    unsigned char *resp; /* libtpms's response buffer, reused; TPM_Free'd at close */
    uint32_t resp_len, resp_cap;
} tpm2l_tcti_libtpms;

typedef enum {
    TPM2L_LIBTPMS_STARTUP_CLEAR, /* TPM2_Startup(TPM_SU_CLEAR) at open */
    TPM2L_LIBTPMS_STARTUP_STATE, /* TPM2_Startup(TPM_SU_STATE): resume a saved state */
    TPM2L_LIBTPMS_STARTUP_NONE,  /* the caller sends TPM2_Startup */
} tpm2l_libtpms_startup;

/* libtpms is one TPM per process: a second open while one is active fails with
 * TPM2L_E_IN_USE. dir NULL or "": state in memory. Without libtpms in the build,
 * TPM2L_E_NOT_SUPPORTED. */
TPM2_RC tpm2l_tcti_libtpms_open(tpm2l_tcti_libtpms *t, const char *dir,
                                tpm2l_libtpms_startup startup);
/* cfg keys: dir, startup; the bare word "mem" means no keys. */
TPM2_RC tpm2l_tcti_libtpms_open_config(tpm2l_tcti_libtpms *t, const tpm2l_tcti_config *cfg);
/* What the TPM's physical-presence input reads (for PP-gated commands). */
TPM2_RC tpm2l_tcti_libtpms_set_physical_presence(tpm2l_tcti_libtpms *t, int asserted);

/* ---- record/replay (corpus engineer): struct definitions that should be members of
 * tpm2l_tcti_any go here, before the union, free of further #includes ---- */

/* ---- any transport, by configuration string ---- */

typedef union {
    tpm2l_tcti base;
    tpm2l_tcti_device device;
    tpm2l_tcti_mssim mssim;
    tpm2l_tcti_swtpm swtpm;
    tpm2l_tcti_cmd cmd;
    tpm2l_tcti_libtpms libtpms;
    /* ---- record/replay (corpus engineer): members go here ---- */
} tpm2l_tcti_any;

/* Open the transport a configuration string names. Parse errors are
 * TPM2L_LAYER_PARSE codes; either way any->base.err says what went wrong. */
TPM2_RC tpm2l_tcti_open(tpm2l_tcti_any *any, const char *conf_string);

/* The configuration string the environment selects: TPM2LITE_TCTI, else
 * TPM2TOOLS_TCTI (tpm2-tools), else TCTI (tpm2-tss); empty values are skipped. NULL
 * when none is set. */
const char *tpm2l_tcti_env_string(void);

/* tpm2l_tcti_open(tpm2l_tcti_env_string()), or the default device when none is set. */
TPM2_RC tpm2l_tcti_open_env(tpm2l_tcti_any *any);

/* ---- fault (fault engineer): break another transport on purpose, by a plan ----
 * Wraps an opened transport; at one exchange (1-based, counted by commands sent) it
 * does what a failing link, TPM or proxy does, once, and is a pass-through otherwise.
 * For testing error paths (ours and applications'): it never runs in production code.
 * Exchange k is always the first exchange whose result is wrong:
 *   DROP_BEFORE_SEND  the inner transport is closed (the peer sees the connection go)
 *                     and command k is not sent: TPM2L_E_CLOSED.
 *   DROP_AFTER_SEND   command k is sent, then the connection is closed before its
 *                     response is read (the TPM may have acted): TPM2L_E_CLOSED.
 *   SHORT_READ        the response is cut to `offset` bytes (seeded if
 *                     TPM2L_FAULT_SEEDED), its size field rewritten to match when it
 *                     is still there, so the cut reaches the command layer.
 *   EMPTY_READ        zero bytes are handed up as the response.
 *   DELAY             the response is held past the fault transport's timeout_ms:
 *                     TPM2L_E_TIMEOUT after timeout_ms (1 s if it is negative); a
 *                     receive retried before the next command gets it, late.
 *   CORRUPT           response byte `offset` (modulo the length; seeded if
 *                     TPM2L_FAULT_SEEDED) is XORed with `value` (seeded if 0).
 *   DUPLICATE         exchange k gets response k-1 again; response k is discarded.
 *   REORDER           exchange k gets response k-1, exchange k+1 gets response k;
 *                     response k+1 is discarded (in step again from k+2).
 *   CHILD_EXIT        the cmd transport's child is terminated (and has exited) just
 *                     before command k is written (only over a cmd transport):
 *                     TPM2L_E_CHILD_EXITED from the cmd transport itself.
 * DUPLICATE and REORDER at exchange 1 have no earlier response and do nothing.
 * After a drop or a child exit, every later call fails with TPM2L_E_CLOSED unless
 * tpm2l_tcti_fault_reopen_with() was given: then the next command reopens the inner
 * transport from its configuration string, as an application reconnects.
 * The fault transport's timeout_ms bounds only what it adds (DELAY); the inner
 * transport keeps its own, so a slow real command is not taken for an injected fault.
 */
typedef enum {
    TPM2L_FAULT_NONE, /* pass-through: counts exchanges */
    TPM2L_FAULT_DROP_BEFORE_SEND,
    TPM2L_FAULT_DROP_AFTER_SEND,
    TPM2L_FAULT_SHORT_READ,
    TPM2L_FAULT_EMPTY_READ,
    TPM2L_FAULT_DELAY,
    TPM2L_FAULT_CORRUPT,
    TPM2L_FAULT_DUPLICATE,
    TPM2L_FAULT_REORDER,
    TPM2L_FAULT_CHILD_EXIT,
    TPM2L_FAULT_KIND_COUNT
} tpm2l_fault_kind;

#define TPM2L_FAULT_SEEDED 0xFFFFFFFFu /* offset: draw it from the seed */

typedef struct {
    tpm2l_fault_kind kind;
    uint32_t exchange; /* 1-based; 0 = never */
    uint32_t offset;   /* SHORT_READ: bytes kept; CORRUPT: byte changed */
    uint8_t value;     /* CORRUPT: XOR mask; 0 = a nonzero one from the seed */
    uint64_t seed;     /* same seed, same plan, same bytes */
} tpm2l_fault_plan;

typedef struct {
    tpm2l_tcti base; /* first */
    tpm2l_tcti *inner; /* not owned: the caller closes it after this one */
    tpm2l_tcti_any *reopen_any; /* NULL: a dropped connection stays dropped */
    char reopen_conf[TPM2L_TCTI_CONF_MAX];
    tpm2l_fault_plan plan;
    uint64_t rng;
    uint32_t exchanges; /* commands sent (or dropped) so far */
    uint32_t cc;        /* command code of exchange `exchanges` */
    uint8_t pending, dropped, fired;
    /* Exchanges whose response the caller did not get intact, and their commands. */
    uint8_t n_hits;
    uint32_t hit_exchange[2], hit_cc[2];
    size_t prev_len, held_len, rsp_len;
    uint8_t prev[TPM2L_MAX_MESSAGE]; /* the previous real response (DUPLICATE, REORDER) */
    uint8_t held[TPM2L_MAX_MESSAGE]; /* held back: late (DELAY) or reordered */
    uint8_t rsp[TPM2L_MAX_MESSAGE];
} tpm2l_tcti_fault;

/* Wrap the opened transport inner with plan (copied). Errors (TPM2L_LAYER_TCTI):
 * E_BAD_ARG (no inner, unknown kind), E_NOT_SUPPORTED (CHILD_EXIT over a transport
 * that is not cmd). */
TPM2_RC tpm2l_tcti_fault_open(tpm2l_tcti_fault *f, tpm2l_tcti *inner,
                              const tpm2l_fault_plan *plan);
/* After a drop, reopen *any (which must be the inner transport) from conf. */
TPM2_RC tpm2l_tcti_fault_reopen_with(tpm2l_tcti_fault *f, tpm2l_tcti_any *any,
                                     const char *conf);
const char *tpm2l_fault_kind_name(tpm2l_fault_kind kind);

#ifdef __cplusplus
}
#endif
#endif
