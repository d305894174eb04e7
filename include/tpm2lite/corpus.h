/* corpus.h - record TPM traffic once, replay it byte-for-byte with no TPM at all.
 *
 * Three pieces, meant to be used together by tests (ours and yours):
 *
 *  - the record transport wraps any opened transport, forwards every exchange to it
 *    and appends the exchange to a corpus text file (and optionally a pcapng capture
 *    that Wireshark's TPM 2.0 dissector decodes);
 *  - the replay transport serves the responses of a corpus file and checks every
 *    command byte-for-byte against the recording, naming the first difference by
 *    exchange, byte offset and field;
 *  - a seeded random source, so that everything the library draws at random (nonces,
 *    salts) is the same on replay as it was when recording.
 *
 * Typical use: record your application's traffic once against swtpm with
 *     tpm2l_tcti_record_open(&rec, &swtpm.base, "app.corpus", &opts);
 *     tpm2l_seeded_rng_init(&rng, seed, sizeof seed);
 *     tpm2l_ctx_init(&ctx, &rec.base); tpm2l_ctx_set_rng(&ctx, tpm2l_seeded_rng_fn, &rng);
 *     ... run the application code ...
 *     tpm2l_tcti_record_finish(&rec);
 * then, in a unit test, replace the first line by tpm2l_tcti_replay_open(&rp, ...),
 * seed the generator with tpm2l_tcti_replay_seed(), run the same code and finish with
 * tpm2l_tcti_replay_finish(&rp), which fails if exchanges were left unused.
 *
 * ---- The corpus file format, version 1 ----
 * A UTF-8 text file of lines ending in '\n' (a '\r' before it and trailing blanks are
 * ignored), each at most TPM2L_CORPUS_LINE_MAX - 1 characters:
 *   line 1        exactly "# tpm2lite corpus v1"
 *   header        the comment lines that follow line 1 directly, "# key: value":
 *                   "# scenario: NAME"  required; NAME is 1..63 of [A-Za-z0-9_.-]
 *                   "# seed: HEX"       required; the RNG seed, 0..64 bytes (may be empty)
 *                   "# tpm: TEXT"       optional, repeatable: what TPM answered
 *                 other keys are ignored (room to grow).
 *   exchanges     a command message followed by its response message. A message starts
 *                 with "> " (command) or "< " (response), continues on lines that
 *                 start with a space, and ends where the next line that does not start
 *                 with a space begins. Its bytes are the hex digits on those lines (upper
 *                 or lower case), in order; single spaces may separate groups of digits,
 *                 each group having an even number of digits. A '#' ends the data of a
 *                 line; the rest of the line is an annotation that the reader ignores.
 *                 Every message is a whole TPM message: at least the 10-byte header, at
 *                 most TPM2L_MAX_MESSAGE bytes, and its header size field equals its
 *                 length.
 *   comments      any line starting with '#' between messages; blank lines are ignored.
 *   trailer       the last non-blank line is "# end: N exchanges" with N the number of
 *                 command/response pairs; a file without it was cut short.
 * The writer puts the header (tag, size, code) of each message on its first line,
 * annotated with the command code name or the response code text, and the rest in
 * lines of 32 bytes, so that two recordings diff line by line:
 *     > 8001 0000000c 0000017b  # TPM2_CC_GetRandom
 *       0010
 *     < 8001 0000001c 00000000  # TPM_RC_SUCCESS
 *       0010 7f1e...
 * Exchanges are numbered from 1 in order of appearance, in messages and in this API.
 *
 * None of this is for production use: the record transport writes every byte,
 * including any secret a command carries, to disk in clear, and the seeded generator
 * is predictable by design.
 */
#ifndef TPM2LITE_CORPUS_H
#define TPM2LITE_CORPUS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "rc.h"
#include "tcti.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TPM2L_CORPUS_SEED_MAX 64u
#define TPM2L_CORPUS_NAME_MAX 64u  /* scenario name, NUL included */
#define TPM2L_CORPUS_LINE_MAX 1024u /* longest line the reader accepts, NUL included */

/* ---- Command code names ---- */

/* "TPM2_CC_GetRandom" for TPM2_CC_GetRandom, or NULL for a code Part 2 does not
 * define. Static storage; never fails. */
const char *tpm2l_cc_name(uint32_t cc);

/* ---- pcapng writer (used by the record transport; usable alone) ----
 * Each message becomes one Ethernet/IPv4/TCP frame between 127.0.0.1:50000 (the
 * host) and 127.0.0.1:2321 (the TPM), the port Wireshark's TPM 2.0 dissector is
 * registered on; it takes the higher port as the sender of commands. Sequence and
 * acknowledgement numbers follow the byte counts and checksums are valid, so
 * Wireshark shows a clean TCP stream. */
typedef struct {
    FILE *fp;
    int own_fp;          /* opened by tpm2l_pcapng_open: closed by tpm2l_pcapng_close */
    uint32_t seq_host;   /* next TCP sequence number, host -> TPM */
    uint32_t seq_tpm;    /* next TCP sequence number, TPM -> host */
    uint16_t ip_id;
} tpm2l_pcapng;

/* Create (truncate) path and write the section header and interface description.
 * Errors: TPM2L_LAYER_TCTI E_BAD_ARG, E_IO. */
TPM2_RC tpm2l_pcapng_open(tpm2l_pcapng *p, const char *path);
/* The same on a stream the caller opened (binary, writable) and keeps owning. */
TPM2_RC tpm2l_pcapng_open_stream(tpm2l_pcapng *p, FILE *fp);
/* Append one message: to_tpm != 0 for a command, 0 for a response. Timestamped with
 * the wall clock. len at most TPM2L_MAX_MESSAGE. Errors: E_BAD_ARG, E_IO. */
TPM2_RC tpm2l_pcapng_write(tpm2l_pcapng *p, int to_tpm, const uint8_t *msg, size_t len);
/* Flush, and close the file if tpm2l_pcapng_open opened it. Errors: E_IO. Safe twice. */
TPM2_RC tpm2l_pcapng_close(tpm2l_pcapng *p);

/* ---- Record transport ---- */

typedef struct {
    const char *scenario;   /* required: 1..63 of [A-Za-z0-9_.-] */
    const uint8_t *seed;    /* the RNG seed the scenario uses (may be NULL if seed_len 0) */
    size_t seed_len;        /* 0..TPM2L_CORPUS_SEED_MAX */
    const char *tpm;        /* optional: TPM description; '\n' separates lines */
    const char *pcapng_path; /* optional: also write a pcapng capture there */
} tpm2l_record_opts;

typedef struct {
    tpm2l_tcti base;       /* first: use &rec.base wherever a tpm2l_tcti * is wanted */
    tpm2l_tcti *inner;     /* not owned: the caller closes it after closing this */
    FILE *fp;              /* the corpus text, NULL if only a pcapng is written */
    int own_fp;
    tpm2l_pcapng pcap;
    int have_pcap;
    int finished;
    TPM2_RC write_err;     /* first failure to write a file; sticky */
    size_t exchanges;      /* complete exchanges recorded so far */
    size_t cmd_len;        /* > 0: a command was sent and awaits its response */
    uint8_t cmd[TPM2L_MAX_MESSAGE];
} tpm2l_tcti_record;

/* Wrap the opened transport inner: every command and response passes through
 * unchanged, and each completed exchange is appended to path (created or truncated;
 * NULL to write only the pcapng of opts->pcapng_path). The header (scenario, seed, tpm
 * lines) is written here. Locality changes and cancels are forwarded and noted as
 * comments. Nothing is allocated per exchange (stdio buffers are set up here).
 * Errors: TPM2L_LAYER_TCTI E_BAD_ARG (bad opts, no inner, no output), E_IO (a file
 * cannot be created or written); detail in rec->base.err. */
TPM2_RC tpm2l_tcti_record_open(tpm2l_tcti_record *rec, tpm2l_tcti *inner, const char *path,
                               const tpm2l_record_opts *opts);
/* The same, writing the corpus text to fp, which the caller opened and keeps owning. */
TPM2_RC tpm2l_tcti_record_open_stream(tpm2l_tcti_record *rec, tpm2l_tcti *inner, FILE *fp,
                                      const tpm2l_record_opts *opts);
/* Write "# text" between exchanges (a scenario step, for the reader of a diff). text
 * is one line: no '\n', and not starting with "end:". Errors: E_BAD_ARG, E_IO. */
TPM2_RC tpm2l_tcti_record_comment(tpm2l_tcti_record *rec, const char *text);
/* Write the trailer ("# end: N exchanges") and flush. Returns the first write error
 * of the whole recording, so a test that checks it knows the file is complete. Later
 * calls return the same result; tpm2l_tcti_close() calls it if the caller did not. */
TPM2_RC tpm2l_tcti_record_finish(tpm2l_tcti_record *rec);

/* ---- Replay transport ---- */

typedef struct {
    tpm2l_tcti base;       /* first */
    /* The parsed recording, in the caller's store: per message a 4-byte line number, a
     * 2-byte length and the bytes; command and response alternate. */
    uint8_t *store;
    size_t store_len;
    size_t n_exchanges;
    size_t next;           /* exchanges served so far; the next is number next + 1 */
    size_t pos;            /* offset in store of exchange next + 1 */
    int awaiting_receive;  /* a command matched; its response is due */
    TPM2_RC failed;        /* first runtime error; every later call returns it */
    char scenario[TPM2L_CORPUS_NAME_MAX];
    uint8_t seed[TPM2L_CORPUS_SEED_MAX];
    size_t seed_len;
    /* Where the first difference was found (valid when failed is a mismatch). */
    size_t mismatch_exchange; /* 1-based; 0 = none */
    size_t mismatch_offset;   /* byte offset in the command */
    char mismatch_field[64];  /* "header.commandCode", "session 1 nonceCaller", ... */
    /* Test hook: serve these bytes instead of the recorded response of one exchange. */
    size_t override_exchange; /* 0 = none */
    const uint8_t *override_rsp;
    size_t override_len;
} tpm2l_tcti_replay;

/* Read the corpus file at path, check all of it, and keep its exchanges in store
 * (cap bytes, owned by the caller, which must outlive the transport; the file's size
 * always suffices). Only open reads the file; replaying does no I/O and no allocation.
 * Errors: TPM2L_LAYER_PARSE with the line number in rp->base.err:
 * E_NOT_FOUND (cannot open), E_BAD_VALUE (not a v1 corpus, bad hex, a size field that
 * disagrees with the bytes, a bad header or trailer), E_TRUNCATED (odd digits, a
 * message shorter than its header, a command without response, no trailer),
 * E_BAD_SEQUENCE (messages out of order), E_INSUFFICIENT (store too small);
 * TPM2L_LAYER_TCTI E_BAD_ARG for NULL arguments. */
TPM2_RC tpm2l_tcti_replay_open(tpm2l_tcti_replay *rp, const char *path, uint8_t *store,
                               size_t cap);
/* The same from text already in memory (len bytes, no NUL needed). */
TPM2_RC tpm2l_tcti_replay_open_mem(tpm2l_tcti_replay *rp, const char *text, size_t len,
                                   uint8_t *store, size_t cap);
/* The recording's seed, to initialise a tpm2l_seeded_rng (points into rp). */
void tpm2l_tcti_replay_seed(const tpm2l_tcti_replay *rp, const uint8_t **seed,
                            size_t *seed_len);
/* Success only if every recorded exchange was served and nothing failed: else the
 * first runtime error, or TPM2L_LAYER_TCTI E_MISMATCH naming the first unused
 * exchange. Tests must call it: a scenario that stops early otherwise passes. */
TPM2_RC tpm2l_tcti_replay_finish(tpm2l_tcti_replay *rp);
/* Exchange number n (1-based) as recorded; pointers into the store. Errors:
 * TPM2L_LAYER_TCTI E_BAD_ARG if there is no such exchange. */
TPM2_RC tpm2l_tcti_replay_exchange(const tpm2l_tcti_replay *rp, size_t n,
                                   const uint8_t **cmd, size_t *cmd_len,
                                   const uint8_t **rsp, size_t *rsp_len);
/* Test hook (robustness mutants): when exchange n is served, hand out rsp (len bytes,
 * owned by the caller, any content, at most TPM2L_MAX_MESSAGE bytes) instead of the
 * recorded response. The replay checks it as any transport checks what arrives (at
 * least a header, size field equal to the length). n = 0 removes the override. */
void tpm2l_tcti_replay_override_response(tpm2l_tcti_replay *rp, size_t n,
                                         const uint8_t *rsp, size_t len);

/* Runtime errors of the replay transport (TPM2L_LAYER_TCTI), detail in rp->base.err:
 *   E_MISMATCH      a command differs from the recording ("exchange 3
 *                   (TPM2_CC_GetRandom, line 14): command differs at byte 12
 *                   (parameters): sent 0x10, recorded 0x08"), or a command beyond the
 *                   end of the recording, or unused exchanges at finish;
 *   E_BAD_SEQUENCE  receive without transmit, or transmit twice;
 *   E_INSUFFICIENT  the receive buffer is smaller than the response;
 *   E_TRUNCATED, E_BAD_RESPONSE  an overridden response is not a whole message. */

/* ---- Seeded random source (tests only: predictable by design) ----
 * Output stream: block i (i = 0, 1, ...) is HMAC-SHA256(key = seed,
 * "tpm2lite seeded rng v1" || i as 8 big-endian bytes); the stream is block 0 ||
 * block 1 || ..., and each request takes its next n bytes, so the bytes depend only
 * on the seed and on how many were drawn before, not on how requests were split. */
typedef struct {
    uint8_t key[TPM2L_CORPUS_SEED_MAX];
    size_t key_len;
    uint64_t counter;     /* next block number */
    uint8_t block[32];
    size_t used;          /* bytes of block already handed out (32 = none left) */
    uint32_t magic;       /* set by init: catches use of an uninitialised state */
} tpm2l_seeded_rng;

/* Start the stream for seed (1..TPM2L_CORPUS_SEED_MAX bytes, copied). Errors:
 * TPM2L_LAYER_CRYPTO E_BAD_ARG. */
TPM2_RC tpm2l_seeded_rng_init(tpm2l_seeded_rng *st, const uint8_t *seed, size_t seed_len);
/* A tpm2l_rng_fn: arg is a tpm2l_seeded_rng *. Fills out with the next n bytes.
 * Errors: TPM2L_LAYER_CRYPTO E_BAD_ARG (NULL), E_BAD_SEQUENCE (not initialised),
 * E_CRYPTO (OpenSSL failed; out is zeroed). */
TPM2_RC tpm2l_seeded_rng_fn(void *arg, uint8_t *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif
