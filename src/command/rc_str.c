/* rc_str.c - one line of text for every TPM2_RC: TPM response codes (Part 2 §6.6) and
 * the library's own layer+reason codes (rc.h).
 *
 * Must never allocate, never touch shared state and never return empty text: the
 * answer lives in the returned struct. A code nobody defined is still described by its
 * number and class, never dropped.
 */
#include <stdio.h>
#include <string.h>

#include "tpm2lite/rc.h"

struct rc_entry {
    uint16_t code;
    const char *name;
    const char *text;
};

/* Part 2 §6.6.3: format-zero codes (RC_VER1 0x100), then the warnings (RC_WARN 0x900).
 * The wording is ours; the spec's table is the authority on meaning. */
static const struct rc_entry fmt0[] = {
    {0x000, "TPM_RC_SUCCESS", "success"},
    {0x01E, "TPM_RC_BAD_TAG", "the command tag is not a TPM 2.0 tag"},
    {0x100, "TPM_RC_INITIALIZE", "TPM2_Startup has not run yet, or ran twice"},
    {0x101, "TPM_RC_FAILURE", "the TPM is in failure mode and accepts almost nothing"},
    {0x103, "TPM_RC_SEQUENCE", "a sequence handle was used wrongly"},
    {0x10B, "TPM_RC_PRIVATE", "reserved private-area error (not used by current TPMs)"},
    {0x119, "TPM_RC_HMAC", "reserved HMAC error (not used by current TPMs)"},
    {0x120, "TPM_RC_DISABLED", "the command is disabled"},
    {0x121, "TPM_RC_EXCLUSIVE", "an exclusive audit session was required and not kept"},
    {0x124, "TPM_RC_AUTH_TYPE", "the authorization handle is not valid for this command"},
    {0x125, "TPM_RC_AUTH_MISSING", "a handle needs an authorization session and none was given"},
    {0x126, "TPM_RC_POLICY", "policy failure: bad policy arithmetic or authPolicy value"},
    {0x127, "TPM_RC_PCR", "the PCR check failed"},
    {0x128, "TPM_RC_PCR_CHANGED", "PCRs changed since the policy checked them"},
    {0x12D, "TPM_RC_UPGRADE", "the TPM is in field upgrade mode"},
    {0x12E, "TPM_RC_TOO_MANY_CONTEXTS", "the context ID counter reached its maximum"},
    {0x12F, "TPM_RC_AUTH_UNAVAILABLE", "the entity's authValue or authPolicy cannot be used"},
    {0x130, "TPM_RC_REBOOT", "a TPM reset (_TPM_Init and Startup(CLEAR)) is required"},
    {0x131, "TPM_RC_UNBALANCED", "the hash and symmetric algorithms are not of balanced strength"},
    {0x142, "TPM_RC_COMMAND_SIZE", "commandSize does not match the command's contents"},
    {0x143, "TPM_RC_COMMAND_CODE", "the command code is not supported"},
    {0x144, "TPM_RC_AUTHSIZE", "authorizationSize is out of range or larger than needed"},
    {0x145, "TPM_RC_AUTH_CONTEXT", "this command cannot take an authorization session"},
    {0x146, "TPM_RC_NV_RANGE", "NV offset plus size is out of range"},
    {0x147, "TPM_RC_NV_SIZE", "the requested NV allocation is too large"},
    {0x148, "TPM_RC_NV_LOCKED", "NV access is locked"},
    {0x149, "TPM_RC_NV_AUTHORIZATION", "NV access authorization failed in command actions"},
    {0x14A, "TPM_RC_NV_UNINITIALIZED", "the NV index has never been written"},
    {0x14B, "TPM_RC_NV_SPACE", "not enough NV space for the allocation"},
    {0x14C, "TPM_RC_NV_DEFINED", "the NV index or persistent handle is already in use"},
    {0x150, "TPM_RC_BAD_CONTEXT", "the context blob given to ContextLoad is not valid"},
    {0x151, "TPM_RC_CPHASH", "cpHash is already set or does not match this command"},
    {0x152, "TPM_RC_PARENT", "the handle is not a valid parent"},
    {0x153, "TPM_RC_NEEDS_TEST", "a function this command uses still needs its self-test"},
    {0x154, "TPM_RC_NO_RESULT", "an internal function could not produce a result"},
    {0x155, "TPM_RC_SENSITIVE", "the sensitive area did not unmarshal after decryption"},
    {0x156, "TPM_RC_READ_ONLY", "the TPM is in read-only mode"},
    {0x901, "TPM_RC_CONTEXT_GAP", "the gap between saved context IDs is too large"},
    {0x902, "TPM_RC_OBJECT_MEMORY", "no room for another loaded object"},
    {0x903, "TPM_RC_SESSION_MEMORY", "no room for another loaded session"},
    {0x904, "TPM_RC_MEMORY", "out of shared object/session memory or internal space"},
    {0x905, "TPM_RC_SESSION_HANDLES", "out of session handles"},
    {0x906, "TPM_RC_OBJECT_HANDLES", "out of object handles"},
    {0x907, "TPM_RC_LOCALITY", "the command is not allowed at this locality"},
    {0x908, "TPM_RC_YIELDED", "the TPM paused the command after progress; retry it"},
    {0x909, "TPM_RC_CANCELED", "the command was cancelled"},
    {0x90A, "TPM_RC_TESTING", "the TPM is running self-tests"},
    {0x910, "TPM_RC_REFERENCE_H0", "handle 1 refers to a transient object or session not loaded"},
    {0x911, "TPM_RC_REFERENCE_H1", "handle 2 refers to a transient object or session not loaded"},
    {0x912, "TPM_RC_REFERENCE_H2", "handle 3 refers to a transient object or session not loaded"},
    {0x913, "TPM_RC_REFERENCE_H3", "handle 4 refers to a transient object or session not loaded"},
    {0x914, "TPM_RC_REFERENCE_H4", "handle 5 refers to a transient object or session not loaded"},
    {0x915, "TPM_RC_REFERENCE_H5", "handle 6 refers to a transient object or session not loaded"},
    {0x916, "TPM_RC_REFERENCE_H6", "handle 7 refers to a transient object or session not loaded"},
    {0x918, "TPM_RC_REFERENCE_S0", "session 1 refers to a session that is not loaded"},
    {0x919, "TPM_RC_REFERENCE_S1", "session 2 refers to a session that is not loaded"},
    {0x91A, "TPM_RC_REFERENCE_S2", "session 3 refers to a session that is not loaded"},
    {0x91B, "TPM_RC_REFERENCE_S3", "session 4 refers to a session that is not loaded"},
    {0x91C, "TPM_RC_REFERENCE_S4", "session 5 refers to a session that is not loaded"},
    {0x91D, "TPM_RC_REFERENCE_S5", "session 6 refers to a session that is not loaded"},
    {0x91E, "TPM_RC_REFERENCE_S6", "session 7 refers to a session that is not loaded"},
    {0x920, "TPM_RC_NV_RATE", "the TPM is rate-limiting NV writes to avoid wear-out"},
    {0x921, "TPM_RC_LOCKOUT", "dictionary-attack lockout: DA-protected authorizations refused"},
    {0x922, "TPM_RC_RETRY", "the TPM could not start the command; retry it"},
    {0x923, "TPM_RC_NV_UNAVAILABLE", "the command needs NV and NV is not accessible now"},
    {0x97F, "TPM_RC_NOT_USED", "reserved warning code (never returned)"},
};

/* Part 2 §6.6.3: format-one codes (RC_FMT1 0x080), number bits stripped. */
static const struct rc_entry fmt1[] = {
    {0x081, "TPM_RC_ASYMMETRIC", "asymmetric algorithm not supported or not correct"},
    {0x082, "TPM_RC_ATTRIBUTES", "inconsistent attributes"},
    {0x083, "TPM_RC_HASH", "hash algorithm not supported or not appropriate"},
    {0x084, "TPM_RC_VALUE", "value is out of range or not correct here"},
    {0x085, "TPM_RC_HIERARCHY", "hierarchy is disabled or not correct for this use"},
    {0x087, "TPM_RC_KEY_SIZE", "key size not supported"},
    {0x088, "TPM_RC_MGF", "mask generation function not supported"},
    {0x089, "TPM_RC_MODE", "mode of operation not supported"},
    {0x08A, "TPM_RC_TYPE", "the type of the value is not appropriate for this use"},
    {0x08B, "TPM_RC_HANDLE", "the handle is not correct for this use"},
    {0x08C, "TPM_RC_KDF", "key derivation function not supported or not appropriate"},
    {0x08D, "TPM_RC_RANGE", "value is outside its allowed range"},
    {0x08E, "TPM_RC_AUTH_FAIL", "the authorization HMAC check failed"},
    {0x08F, "TPM_RC_NONCE", "invalid nonce size or nonce mismatch"},
    {0x090, "TPM_RC_PP", "physical presence must be asserted for this authorization"},
    {0x092, "TPM_RC_SCHEME", "unsupported or incompatible scheme"},
    {0x095, "TPM_RC_SIZE", "a structure has the wrong size"},
    {0x096, "TPM_RC_SYMMETRIC", "symmetric algorithm or key size not supported or not appropriate"},
    {0x097, "TPM_RC_TAG", "incorrect structure tag"},
    {0x098, "TPM_RC_SELECTOR", "union selector is incorrect"},
    {0x09A, "TPM_RC_INSUFFICIENT", "the input ended before the TPM could unmarshal a value"},
    {0x09B, "TPM_RC_SIGNATURE", "the signature is not valid"},
    {0x09C, "TPM_RC_KEY", "key fields are not compatible with the selected use"},
    {0x09D, "TPM_RC_POLICY_FAIL", "a policy check failed"},
    {0x09F, "TPM_RC_INTEGRITY", "integrity check failed"},
    {0x0A0, "TPM_RC_TICKET", "invalid ticket"},
    {0x0A1, "TPM_RC_RESERVED_BITS", "reserved bits are not zero"},
    {0x0A2, "TPM_RC_BAD_AUTH", "authorization failed (no dictionary-attack penalty)"},
    {0x0A3, "TPM_RC_EXPIRED", "the policy has expired"},
    {0x0A4, "TPM_RC_POLICY_CC", "the policy's command code does not match this command"},
    {0x0A5, "TPM_RC_BINDING", "public and sensitive parts are not cryptographically bound"},
    {0x0A6, "TPM_RC_CURVE", "curve not supported"},
    {0x0A7, "TPM_RC_ECC_POINT", "the point is not on the required curve"},
    {0x0A8, "TPM_RC_FW_LIMITED", "firmware-limited hierarchy but the firmware secret is unavailable"},
    {0x0A9, "TPM_RC_SVN_LIMITED", "SVN-limited hierarchy but the SVN secret is unavailable"},
    {0x0AA, "TPM_RC_PARMS", "parameter set not supported"},
    {0x0AB, "TPM_RC_EXT_MU", "external mu is not supported"},
    {0x0AC, "TPM_RC_ONE_SHOT_SIGNATURE", "this key cannot sign an arbitrarily long message"},
    {0x0AD, "TPM_RC_SIGN_CONTEXT_KEY", "the key finishing a signature is not the one that started it"},
    {0x0B0, "TPM_RC_CHANNEL", "the command requires a secure channel"},
    {0x0B1, "TPM_RC_CHANNEL_KEY", "the secure channel uses the wrong requester or TPM key"},
};

#define RC_FMT1 0x080u
#define RC_VER1 0x100u
#define RC_VENDOR 0x400u /* T bit: vendor-defined format-zero code */
#define RC_P 0x040u      /* format one: the number is a parameter number */
#define RC_S 0x800u      /* format one, P clear: the number is a session number */

static const struct rc_entry *find(const struct rc_entry *t, size_t n, uint32_t code)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].code == code)
            return &t[i];
    return NULL;
}

/* Format-one codes carry a handle, session or parameter number in bits 8..11. */
static int is_fmt1(TPM2_RC rc) { return (rc & RC_FMT1) != 0; }

static const struct rc_entry *tpm_entry(TPM2_RC rc)
{
    if (rc > 0xFFFu)
        return NULL;
    if (is_fmt1(rc))
        return find(fmt1, sizeof fmt1 / sizeof fmt1[0], RC_FMT1 | (rc & 0x3Fu));
    return find(fmt0, sizeof fmt0 / sizeof fmt0[0], rc);
}

const char *tpm2l_rc_name(TPM2_RC rc)
{
    const struct rc_entry *e = tpm_entry(rc);
    return e ? e->name : NULL;
}

static const char *const layer_names[] = {
    [0x41] = "marshal", [0x42] = "crypto", [0x43] = "session",
    [0x44] = "command", [0x45] = "tcti",   [0x46] = "parse",
};

static const char *const reason_text[TPM2L_E_MAX + 1] = {
    [TPM2L_E_GENERAL] = "internal error",
    [TPM2L_E_BAD_ARG] = "invalid argument",
    [TPM2L_E_BAD_CONFIG] = "malformed configuration string",
    [TPM2L_E_INSUFFICIENT] = "destination too small",
    [TPM2L_E_TRUNCATED] = "input ended early",
    [TPM2L_E_BAD_SELECTOR] = "union selector or algorithm not recognised",
    [TPM2L_E_BAD_VALUE] = "value out of its allowed range",
    [TPM2L_E_TRAILING] = "unexpected bytes left over",
    [TPM2L_E_IO] = "input/output error",
    [TPM2L_E_TIMEOUT] = "timed out",
    [TPM2L_E_CONNECT] = "connection refused",
    [TPM2L_E_CLOSED] = "peer closed the connection",
    [TPM2L_E_PERMISSION] = "permission denied",
    [TPM2L_E_NOT_FOUND] = "not found",
    [TPM2L_E_BUSY] = "resource busy",
    [TPM2L_E_NOT_SUPPORTED] = "not supported",
    [TPM2L_E_BAD_RESPONSE] = "malformed response",
    [TPM2L_E_NAME_MISMATCH] = "name does not match the public area",
    [TPM2L_E_NO_MEMORY] = "out of memory",
    [TPM2L_E_CRYPTO] = "cryptographic operation failed",
    [TPM2L_E_RESPONSE_AUTH] = "response HMAC did not verify",
    [TPM2L_E_BAD_SEQUENCE] = "call made in the wrong state",
    [TPM2L_E_CHILD_EXITED] = "transport child process exited",
    [TPM2L_E_MISMATCH] = "command differs from the recording",
    [TPM2L_E_IN_USE] = "resource already open",
};

static void lib_str(TPM2_RC rc, tpm2l_rc_text *t)
{
    uint32_t layer = (rc & TPM2L_LAYER_MASK) >> 16;
    uint32_t reason = rc & 0xFFFFu;
    const char *ln = layer < sizeof layer_names / sizeof layer_names[0] ? layer_names[layer] : NULL;
    const char *rt = reason <= TPM2L_E_MAX ? reason_text[reason] : NULL;

    if ((rc >> 24) || !ln)
        snprintf(t->s, sizeof t->s, "0x%08x: not a libtpm2lite or TPM response code",
                 (unsigned)rc);
    else if (rt)
        snprintf(t->s, sizeof t->s, "%s: %s", ln, rt);
    else
        snprintf(t->s, sizeof t->s, "%s: undefined reason %u", ln, (unsigned)reason);
}

static void fmt1_where(TPM2_RC rc, char *buf, size_t len)
{
    unsigned n = (rc >> 8) & 0xFu;
    buf[0] = '\0';
    if (rc & RC_P) {
        if (n)
            snprintf(buf, len, " (parameter %u)", n);
    } else if (rc & RC_S) {
        if (n & 7u)
            snprintf(buf, len, " (session %u)", n & 7u);
    } else if (n) {
        snprintf(buf, len, " (handle %u)", n);
    }
}

tpm2l_rc_text tpm2l_rc_str(TPM2_RC rc)
{
    tpm2l_rc_text t;
    memset(&t, 0, sizeof t);

    if (TPM2L_RC_IS_LIB(rc) || rc > 0xFFFu) {
        lib_str(rc, &t);
        return t;
    }
    const struct rc_entry *e = tpm_entry(rc);
    if (is_fmt1(rc)) {
        char where[24];
        fmt1_where(rc, where, sizeof where);
        if (e)
            snprintf(t.s, sizeof t.s, "%s%s: %s", e->name, where, e->text);
        else
            snprintf(t.s, sizeof t.s, "TPM format-one code 0x%03x%s: not defined by the specification",
                     (unsigned)(RC_FMT1 | (rc & 0x3Fu)), where);
    } else if (e) {
        snprintf(t.s, sizeof t.s, "%s: %s", e->name, e->text);
    } else if (rc & RC_VENDOR) {
        /* Part 2 §6.6.2: the T bit marks codes a vendor defines; only its documents say more. */
        snprintf(t.s, sizeof t.s, "TPM vendor-specific %s 0x%03x", (rc & RC_S) ? "warning" : "error",
                 (unsigned)rc);
    } else if (!(rc & RC_VER1)) {
        /* Without RC_VER1 the code is TPM 1.2 style: the device is (or answered as) a TPM 1.2. */
        snprintf(t.s, sizeof t.s, "TPM 1.2 response code 0x%03x: the TPM did not answer as a TPM 2.0",
                 (unsigned)rc);
    } else {
        snprintf(t.s, sizeof t.s, "TPM %s 0x%03x: not defined by the specification",
                 (rc & RC_S) ? "warning" : "error", (unsigned)rc);
    }
    return t;
}
