/* attest_checkquote.c - tpm2lite checkquote: a quote verified in software, no TPM:
 * the signature under the attestation key, then magic, type, extraData (the nonce),
 * the PCR selection and the digest of the given PCR values (tpm2l_attest_verify).
 *
 * Reads tpm2-tools' files (tpm2_quote -m / -s / -o -F values, tpm2_readpublic -o or a
 * PEM key) and ours. Must never report success for a quote with another nonce, other
 * PCR values or a signature that does not verify, and never talks to a TPM.
 */
#include <string.h>

#include "tools/tpm2lite/attest_int.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/marshal.h"

const char help_checkquote[] =
    "Usage: tpm2lite checkquote -u KEY -m FILE -s FILE -f FILE -q HEX [-l SPEC] [-g HASH]\n"
    "\n"
    "Verify a quote in software (no TPM): the signature, the TPMS_ATTEST magic and type,\n"
    "extraData against the nonce, the PCR selection, and the digest of the PCR values.\n"
    "Reads the files of tpm2lite quote and of tpm2_quote (-F values).\n"
    "\n"
    "  -u, --public F         the attestation key: PEM (taken to be a restricted signing\n"
    "                         key: you vouch for it) or a TPM2B_PUBLIC (tpm2_readpublic -o,\n"
    "                         tpm2lite createak -u; must be restricted and signing)\n"
    "  -m, --message F        the quote (TPMS_ATTEST as signed)\n"
    "  -s, --signature F      the signature (marshalled TPMT_SIGNATURE)\n"
    "  -f, --pcr F            the PCR values (concatenated digests in selection order)\n"
    "  -q, --qualification H  the nonce the quote was asked with, in hex ('' for none)\n"
    "  -l, --pcr-list SPEC    the PCRs that must have been quoted (default: the ones the\n"
    "                         quote names)\n"
    "  -g, --hash-algorithm H the signature's hash must be H (e.g. sha256)\n"
    "\n"
    "Exit status: 0 verified, 1 a check failed (stderr names it), 2 usage error.\n";

typedef struct {
    TPM2B_PUBLIC pub;
    TPM2B_ATTEST quoted;
    TPMT_SIGNATURE sig;
    TPMS_ATTEST parsed;
    TPML_PCR_SELECTION sel;
    TPM2B_DATA nonce;
    uint8_t buf[8192];
    uint8_t values[TPM2_NUM_PCR_BANKS * TPM2_MAX_PCRS * sizeof(TPMU_HA)];
    size_t values_len;
} check_state;

/* A PEM public key or a marshalled TPM2B_PUBLIC. Returns an exit status. */
static int read_key(cli *c, const char *path, check_state *st)
{
    size_t n;
    if (cli_read_file(c, path, st->buf, sizeof st->buf - 1, &n))
        return CLI_FAIL;
    st->buf[n] = 0;
    TPMT_PUBLIC *p = &st->pub.publicArea;
    if (strstr((const char *)st->buf, "-----BEGIN PUBLIC KEY-----")) {
        TPM2_RC rc = tpm2l_pubkey_from_pem(NULL, (const char *)st->buf, n, p);
        if (rc)
            return cli_error(c, "'%s': not a public key we can use: %s", path,
                             tpm2l_rc_str(rc).s);
        /* A bare key has no attributes: whoever names it as the attestation key
         * vouches that it is a restricted signing key; the scheme comes from the
         * signature. */
        p->objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT;
        p->nameAlg = TPM2_ALG_SHA256;
        return CLI_OK;
    }
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, st->buf, n);
    tpm2l_unmarshal_TPM2B_PUBLIC(&r, &st->pub);
    if (tpm2l_rcur_finish(&r))
        return cli_error(c, "'%s' is neither a PEM public key nor a TPM2B_PUBLIC", path);
    if ((p->objectAttributes & (TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT)) !=
        (TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT))
        return cli_error(c, "'%s' is not a restricted signing key: an unrestricted key signs "
                            "any digest, so its quotes prove nothing", path);
    return CLI_OK;
}

static int read_inputs(cli *c, check_state *st, const char *m, const char *s, const char *f)
{
    size_t n;
    if (cli_read_file(c, m, st->quoted.attestationData, sizeof st->quoted.attestationData, &n))
        return CLI_FAIL;
    st->quoted.size = (uint16_t)n;
    if (cli_read_file(c, s, st->buf, sizeof st->buf, &n))
        return CLI_FAIL;
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, st->buf, n);
    tpm2l_unmarshal_TPMT_SIGNATURE(&r, &st->sig);
    if (tpm2l_rcur_finish(&r))
        return cli_error(c, "'%s' is not a TPMT_SIGNATURE", s);
    if (cli_read_file(c, f, st->values, sizeof st->values, &st->values_len))
        return CLI_FAIL;
    return CLI_OK;
}

/* The selection the quote names, read before anything is verified: only used as the
 * expected value, which the verification then holds the signed quote to. */
static int quote_selection(cli *c, check_state *st)
{
    tpm2l_rcur r;
    tpm2l_rcur_init(&r, st->quoted.attestationData, st->quoted.size);
    tpm2l_unmarshal_TPMS_ATTEST(&r, &st->parsed);
    if (tpm2l_rcur_finish(&r) || st->parsed.type != TPM2_ST_ATTEST_QUOTE)
        return cli_error(c, "the message is not a quote (TPMS_ATTEST of TPM_ST_ATTEST_QUOTE)");
    st->sel = st->parsed.attested.quote.pcrSelect;
    return CLI_OK;
}

int cmd_checkquote(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'u', "public", 1, 'u'}, {'m', "message", 1, 'm'}, {'s', "signature", 1, 's'},
        {'f', "pcr", 1, 'f'}, {'q', "qualification", 1, 'q'}, {'l', "pcr-list", 1, 'l'},
        {'g', "hash-algorithm", 1, 'g'}, {0, NULL, 0, 0},
    };
    const char *u = NULL, *m = NULL, *s = NULL, *f = NULL, *q = NULL, *spec = NULL, *g = NULL;
    const char *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        switch (o) {
        case 'u': u = arg; break;
        case 'm': m = arg; break;
        case 's': s = arg; break;
        case 'f': f = arg; break;
        case 'q': q = arg; break;
        case 'l': spec = arg; break;
        default: g = arg; break;
        }
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!u || !m || !s || !f)
        return cli_usage(c, "-u KEY, -m MESSAGE, -s SIGNATURE and -f PCRS are all needed");
    if (!q)
        return cli_usage(c, "-q NONCE is needed: a quote without its nonce may be a replay "
                            "(give -q '' if it was made without one)");
    static check_state st;
    memset(&st, 0, sizeof st);
    size_t qn;
    if (att_parse_hex(q, st.nonce.buffer, 64, &qn))
        return cli_usage(c, "-q: '%s' is not hex of at most 64 bytes", q);
    st.nonce.size = (uint16_t)qn;
    char err[160];
    if (spec && tpm2l_pcr_spec_parse(spec, &st.sel, err, sizeof err))
        return cli_usage(c, "-l: %s", err);
    TPM2_ALG_ID want_hash = g ? cli_hash_alg(g) : TPM2_ALG_NULL;
    if (g && want_hash == TPM2_ALG_NULL)
        return cli_usage(c, "-g: '%s' is not a hash algorithm", g);

    int status = read_key(c, u, &st);
    if (!status)
        status = read_inputs(c, &st, m, s, f);
    if (!status && !spec)
        status = quote_selection(c, &st);
    if (status)
        return status;
    if (g && st.sig.signature.any.hashAlg != want_hash)
        return cli_error(c, "the signature's hash is not %s", g);

    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_QUOTE;
    e.extraData = &st.nonce;
    e.pcrSelect = &st.sel;
    e.pcrValues = st.values;
    e.pcrValues_len = st.values_len;
    tpm2l_verify_result res;
    TPM2_RC rc = tpm2l_attest_verify(NULL, &st.pub.publicArea, &st.quoted, &st.sig, &e,
                                     &st.parsed, &res);
    if (rc)
        return cli_error(c, "the quote failed the %s check: %s",
                         tpm2l_verify_check_str(res.failed), res.detail);
    char sel[256];
    if (tpm2l_pcr_spec_format(&st.sel, sel, sizeof sel))
        strcpy(sel, "?");
    printf("quote verified: signature, magic, type, extraData and PCR digest of %s "
           "(clock %llu ms, reset count %u)\n",
           sel, (unsigned long long)st.parsed.clockInfo.clock,
           (unsigned)st.parsed.clockInfo.resetCount);
    return CLI_OK;
}
