/* quote.c - tpm2lite createak and quote: a restricted signing key (an attestation
 * key) and PCR quotes with it, in tpm2-tools' file formats (-m the TPMS_ATTEST bytes as
 * signed, -s a marshalled TPMT_SIGNATURE, -o the PCR values concatenated: tpm2_quote
 * -F values), so tpm2_checkquote and tpm2lite checkquote read each other's files.
 *
 * quote reads the PCRs after quoting and checks that their digest is the one the TPM
 * signed, so a values file never disagrees with its quote (a PCR extended in between
 * is reported, not written). Must never leave the key it loaded in the TPM.
 */
#include <string.h>

#include "tools/tpm2lite/attest_int.h"
#include "tpm2lite/attest.h"
#include "tpm2lite/ek.h"
#include "tpm2lite/keyfile.h"
#include "tpm2lite/marshal.h"
#include "tpm2lite/session.h"
#include "tpm2lite/templates.h"

const char help_createak[] =
    "Usage: tpm2lite createak -c FILE [-C e|o|n|p|ek] [-G ecc|rsa] [-P AUTH] [-u FILE]\n"
    "                         [-f PEM] [-n FILE]\n"
    "\n"
    "Create a restricted signing key (an attestation key) and save its context: a primary\n"
    "of hierarchy -C, or with -C ek a child of the TCG EK as tpm2_createak makes it (the EK\n"
    "of the AK's type: the TPM's NV EK template if it has one, else L-1 / L-2).\n"
    "ecc (default): NIST P-256, ECDSA-SHA256, the signing EK's template (0x00050472);\n"
    "rsa: RSA 2048, RSASSA-SHA256, the same attributes. Prints its name.\n"
    "\n"
    "  -C, --hierarchy H      e endorsement (default), o owner, n null, p platform, ek\n"
    "  -G, --key-algorithm A  ecc (also ecc256) or rsa (also rsa2048)\n"
    "  -P, --hierarchy-auth A the hierarchy's authorization (any form, see createprimary;\n"
    "                         for ek: the endorsement hierarchy's, for the EK's policy)\n"
    "  -c, --key-context F    save the key's context to F (tpm2-tools context file)\n"
    "  -u, --public F         write its public area (marshalled TPM2B_PUBLIC, as\n"
    "                         tpm2_readpublic -o)\n"
    "  -f, --pem F            write its public key as PEM\n"
    "  -n, --name F           write its name (binary, as tpm2_readpublic -n)\n"
    "  -T, --tcti S           the TPM to use (see tpm2lite --help)\n";

const char help_quote[] =
    "Usage: tpm2lite quote -c KEY -l SPEC [-q HEX] [-m FILE] [-s FILE] [-o FILE] [-p AUTH]\n"
    "\n"
    "Quote PCRs with a signing key (TPM2_Quote, the key's own scheme) and write the\n"
    "results in tpm2-tools' formats. The PCRs are read after the quote and must have the\n"
    "digest the TPM signed (else: they changed meanwhile, run it again).\n"
    "\n"
    "  -c, --key-context K    the signing key: a 0x handle or a context file\n"
    "  -l, --pcr-list SPEC    PCRs to quote (sha256:0,1,16+sha1:all; see pcrread --help)\n"
    "  -q, --qualification H  qualifying data (a nonce) in hex, at most 64 bytes\n"
    "  -m, --message F        write the quote (TPMS_ATTEST as signed, tpm2_quote -m)\n"
    "  -s, --signature F      write the signature (marshalled TPMT_SIGNATURE, -f tss)\n"
    "  -o, --pcr F            write the PCR values (tpm2_quote -F values: the digests\n"
    "                         concatenated, bank by bank, ascending PCR within a bank)\n"
    "  -p, --auth A           the key's authorization (any form, see createprimary)\n"
    "  -T, --tcti S           the TPM to use (see tpm2lite --help)\n";

/* ---- createak ---- */

static void rsa_ak(TPMT_PUBLIC *t)
{
    /* The signing EK's attributes on RSA: restricted|sign, fixedTPM|fixedParent,
     * sensitiveDataOrigin, userWithAuth, noDA. */
    TPMT_PUBLIC ecc;
    (void)tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &ecc);
    memset(t, 0, sizeof *t);
    t->type = TPM2_ALG_RSA;
    t->nameAlg = TPM2_ALG_SHA256;
    t->objectAttributes = ecc.objectAttributes;
    t->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
    t->parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
    t->parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
    t->parameters.rsaDetail.keyBits = 2048;
}

static int write_outputs(cli *c, const tpm2l_CreatePrimary_out *out, const char *pub_path,
                         const char *pem_path, const char *name_path)
{
    if (name_path && cli_write_file(c, name_path, out->name.name, out->name.size))
        return CLI_FAIL;
    if (pem_path && att_write_pem(c, pem_path, &out->outPublic.publicArea))
        return CLI_FAIL;
    if (pub_path) {
        static uint8_t buf[sizeof(TPM2B_PUBLIC) + 2];
        tpm2l_wcur w;
        size_t len;
        tpm2l_wcur_init(&w, buf, sizeof buf);
        tpm2l_marshal_TPM2B_PUBLIC(&w, &out->outPublic);
        TPM2_RC rc = tpm2l_wcur_finish(&w, &len);
        if (rc)
            return cli_fail(c, rc, "marshalling the public area");
        if (cli_write_file(c, pub_path, buf, len))
            return CLI_FAIL;
    }
    return CLI_OK;
}

/* A policy session holding the EK's policy, authorising parent as the EK. */
static int ek_session(cli *c, const tpm2l_auth_handle *eh, const tpm2l_CreatePrimary_out *ek,
                      tpm2l_session *s, tpm2l_auth_handle *parent)
{
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = ek->outPublic.publicArea.nameAlg;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    TPM2_RC rc = tpm2l_session_start(&c->ctx, s, &p);
    if (rc)
        return cli_fail(c, rc, "StartAuthSession");
    rc = tpm2l_ek_policy_run(&c->ctx, &ek->outPublic.publicArea, eh, s);
    if (rc) {
        (void)tpm2l_session_flush(&c->ctx, s);
        return cli_fail(c, rc, "the EK's policy");
    }
    memset(parent, 0, sizeof *parent);
    parent->handle = ek->objectHandle.handle;
    parent->name = ek->name;
    parent->session = s;
    return CLI_OK;
}

/* -C ek: Create and Load the AK under the EK, each through the EK's policy (its
 * sessions end with the command); the EK is flushed again, the AK left loaded in out. */
static int ak_under_ek(cli *c, const tpm2l_auth_handle *eh, const TPMT_PUBLIC *tmpl,
                       tpm2l_CreatePrimary_out *out)
{
    static tpm2l_ek work;
    static tpm2l_CreatePrimary_in pin;
    static tpm2l_CreatePrimary_out ek;
    static tpm2l_Create_in cin;
    static tpm2l_Create_out cout;
    static tpm2l_Load_in lin;
    static tpm2l_Load_out lout;
    static tpm2l_session s; /* lin and cin point at it: it must outlive this call */
    int found;
    memset(&pin, 0, sizeof pin);
    TPM2_RC rc = tpm2l_ek_template_from_tpm(&c->ctx, tmpl->type, &work, &pin.inPublic.publicArea,
                                            &found);
    if (rc)
        return cli_fail(c, rc, "the EK template");
    pin.primaryHandle = *eh;
    rc = tpm2l_CreatePrimary(&c->ctx, &pin, &ek);
    tpm2l_cleanse(&pin.primaryHandle.auth, sizeof pin.primaryHandle.auth);
    if (rc)
        return cli_fail(c, rc, "CreatePrimary of the EK");
    memset(&cin, 0, sizeof cin);
    cin.inPublic.publicArea = *tmpl;
    int status = ek_session(c, eh, &ek, &s, &cin.parentHandle);
    if (!status) {
        rc = tpm2l_Create(&c->ctx, &cin, &cout);
        (void)tpm2l_session_flush(&c->ctx, &s);
        if (rc)
            status = cli_fail(c, rc, "Create of the AK under the EK");
    }
    memset(&lin, 0, sizeof lin);
    if (!status)
        status = ek_session(c, eh, &ek, &s, &lin.parentHandle);
    if (!status) {
        lin.inPrivate = cout.outPrivate;
        lin.inPublic = cout.outPublic;
        rc = tpm2l_Load(&c->ctx, &lin, &lout);
        (void)tpm2l_session_flush(&c->ctx, &s);
        if (rc)
            status = cli_fail(c, rc, "Load of the AK");
    }
    int fe = att_flush(c, ek.objectHandle.handle);
    if (status || fe) {
        if (!status)
            (void)att_flush(c, lout.objectHandle.handle);
        return status ? status : fe;
    }
    out->objectHandle = lout.objectHandle;
    out->outPublic = cout.outPublic;
    out->name = lout.name;
    return CLI_OK;
}

int cmd_createak(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'C', "hierarchy", 1, 'C'}, {'G', "key-algorithm", 1, 'G'},
        {'P', "hierarchy-auth", 1, 'P'}, {'c', "key-context", 1, 'c'},
        {'u', "public", 1, 'u'}, {'f', "pem", 1, 'f'}, {'n', "name", 1, 'n'},
        {0, NULL, 0, 0},
    };
    const char *hier = "e", *alg = "ecc", *hauth = "", *ctx_path = NULL, *pub = NULL;
    const char *pem = NULL, *name = NULL, *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        switch (o) {
        case 'C': hier = arg; break;
        case 'G': alg = arg; break;
        case 'P': hauth = arg; break;
        case 'c': ctx_path = arg; break;
        case 'u': pub = arg; break;
        case 'f': pem = arg; break;
        default: name = arg; break;
        }
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!ctx_path)
        return cli_usage(c, "where should the key's context go? (-c FILE)");
    TPM2_HANDLE hh = TPM2_RH_ENDORSEMENT;
    int under_ek = strcmp(hier, "ek") == 0;
    if (!under_ek && cli_parse_hierarchy(hier, "oenp", &hh))
        return cli_usage(c, "-C: '%s' is not e, o, n, p or ek", hier);
    static tpm2l_CreatePrimary_in in;
    static tpm2l_CreatePrimary_out out;
    memset(&in, 0, sizeof in);
    if (!strcmp(alg, "ecc") || !strcmp(alg, "ecc256"))
        (void)tpm2l_template_get(TPM2L_TPL_EK_SIGNING, &in.inPublic.publicArea);
    else if (!strcmp(alg, "rsa") || !strcmp(alg, "rsa2048"))
        rsa_ak(&in.inPublic.publicArea);
    else
        return cli_usage(c, "-G: '%s' is not ecc or rsa", alg);
    static cli_auth ha;
    if (cli_auth_parse(c, "-P", hauth, &ha))
        return CLI_USAGE;
    TPM2_RC rc = tpm2l_auth_handle_set(&in.primaryHandle, hh, NULL, 0);
    if (rc)
        return cli_fail(c, rc, "building the request");
    int status = cli_auth_begin(c, &ha);
    if (!status) {
        cli_auth_use(&ha, &in.primaryHandle);
        if (under_ek) {
            status = ak_under_ek(c, &in.primaryHandle, &in.inPublic.publicArea, &out);
        } else {
            rc = tpm2l_CreatePrimary(&c->ctx, &in, &out);
            if (rc)
                status = cli_fail(c, rc, "CreatePrimary");
        }
    }
    status = cli_auth_end(c, &ha, status);
    tpm2l_cleanse(&in, sizeof in);
    if (status)
        return status;

    static tpm2l_ContextSave_out saved;
    tpm2l_ContextSave_in sin;
    sin.saveHandle = out.objectHandle;
    rc = tpm2l_ContextSave(&c->ctx, &sin, &saved);
    if (rc)
        status = cli_fail(c, rc, "ContextSave");
    else
        status = cli_ctxfile_write(c, ctx_path, &saved.context, &out.name, &out.outPublic);
    int fs = att_flush(c, out.objectHandle.handle);
    if (status || fs)
        return status ? status : fs;
    printf("name: ");
    cli_print_hex(stdout, out.name.name, out.name.size);
    printf("\n");
    return write_outputs(c, &out, pub, pem, name);
}

/* ---- quote ---- */

typedef struct {
    TPML_PCR_SELECTION sel;
    uint8_t values[sizeof(TPMU_HA) * TPM2_NUM_PCR_BANKS * TPM2_MAX_PCRS];
    size_t len;
    TPM2B_DIGEST v[TPM2_MAX_PCRS];
    tpm2l_PCR_Read_in in;
    tpm2l_PCR_Read_out out;
} pcr_dump;

/* Every PCR of d->sel into d->values in pcr.dat order (a TPM returns at most eight
 * digests per PCR_Read, Part 3 §22.4, so repeat with what is left). */
static int read_pcrs(cli *c, pcr_dump *d)
{
    d->len = 0;
    for (uint32_t e = 0; e < d->sel.count; e++) {
        TPMS_PCR_SELECTION left = d->sel.pcrSelections[e];
        size_t dsize = tpm2l_hash_size(left.hash);
        for (;;) {
            int any = 0;
            for (unsigned i = 0; i < left.sizeofSelect; i++)
                any |= left.pcrSelect[i];
            if (!any)
                break;
            memset(&d->in, 0, sizeof d->in);
            d->in.pcrSelectionIn.count = 1;
            d->in.pcrSelectionIn.pcrSelections[0] = left;
            TPM2_RC rc = tpm2l_PCR_Read(&c->ctx, &d->in, &d->out);
            if (rc)
                return cli_fail(c, rc, "PCR_Read");
            const TPMS_PCR_SELECTION *got = &d->out.pcrSelectionOut.pcrSelections[0];
            uint32_t k = 0;
            int progress = 0;
            for (unsigned pcr = 0; d->out.pcrSelectionOut.count == 1 && got->hash == left.hash &&
                                   pcr < 8u * got->sizeofSelect && pcr < 8u * left.sizeofSelect;
                 pcr++) {
                uint8_t bit = (uint8_t)(1u << (pcr % 8));
                if (!(got->pcrSelect[pcr / 8] & bit))
                    continue;
                if (!(left.pcrSelect[pcr / 8] & bit) || k >= d->out.pcrValues.count ||
                    d->out.pcrValues.digests[k].size != dsize)
                    return cli_error(c, "PCR_Read answered with PCRs or sizes not asked for");
                d->v[pcr] = d->out.pcrValues.digests[k++];
                left.pcrSelect[pcr / 8] &= (uint8_t)~bit;
                progress = 1;
            }
            if (!progress)
                return cli_error(c, "the TPM returned none of the PCRs asked for");
        }
        const TPMS_PCR_SELECTION *s = &d->sel.pcrSelections[e];
        for (unsigned pcr = 0; pcr < 8u * s->sizeofSelect; pcr++)
            if (s->pcrSelect[pcr / 8] & (1u << (pcr % 8))) {
                memcpy(d->values + d->len, d->v[pcr].buffer, dsize);
                d->len += dsize;
            }
    }
    return CLI_OK;
}

typedef struct {
    tpm2l_Quote_in in;
    tpm2l_Quote_out out;
    tpm2l_ReadPublic_out pub;
    pcr_dump pcrs;
} quote_state;

/* The signature over the quote and its PCR digest against the values just read. */
static int self_check(cli *c, quote_state *st)
{
    tpm2l_attest_expect e = {0};
    e.type = TPM2_ST_ATTEST_QUOTE;
    e.extraData = &st->in.qualifyingData;
    e.pcrSelect = &st->in.PCRselect;
    e.pcrValues = st->pcrs.values;
    e.pcrValues_len = st->pcrs.len;
    e.unrestricted_signer_ok = 1; /* a consistency check here, not a judgement of trust */
    tpm2l_verify_result res;
    if (!tpm2l_attest_verify(&c->ctx.crypto, &st->pub.outPublic.publicArea, &st->out.quoted,
                             &st->out.signature, &e, NULL, &res))
        return CLI_OK;
    if (res.failed == TPM2L_VERIFY_PCR_DIGEST)
        return cli_error(c, "the PCRs changed between the quote and reading them; run it again");
    return cli_error(c, "the TPM's quote failed the %s check: %s",
                     tpm2l_verify_check_str(res.failed), res.detail);
}

static int write_quote(cli *c, quote_state *st, const char *m, const char *s, const char *o)
{
    static uint8_t sig[sizeof(TPMT_SIGNATURE) + 16];
    tpm2l_wcur w;
    size_t sig_len;
    tpm2l_wcur_init(&w, sig, sizeof sig);
    tpm2l_marshal_TPMT_SIGNATURE(&w, &st->out.signature);
    TPM2_RC rc = tpm2l_wcur_finish(&w, &sig_len);
    if (rc)
        return cli_fail(c, rc, "marshalling the signature");
    char spec[256];
    if (tpm2l_pcr_spec_format(&st->in.PCRselect, spec, sizeof spec))
        strcpy(spec, "?");
    printf("quoted: ");
    cli_print_hex(stdout, st->out.quoted.attestationData, st->out.quoted.size);
    printf("\nsignature: ");
    cli_print_hex(stdout, sig, sig_len);
    printf("\npcrs: %s\n", spec);
    if ((m && cli_write_file(c, m, st->out.quoted.attestationData, st->out.quoted.size)) ||
        (s && cli_write_file(c, s, sig, sig_len)) ||
        (o && cli_write_file(c, o, st->pcrs.values, st->pcrs.len)))
        return CLI_FAIL;
    return CLI_OK;
}

int cmd_quote(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {'c', "key-context", 1, 'c'}, {'l', "pcr-list", 1, 'l'},
        {'q', "qualification", 1, 'q'}, {'m', "message", 1, 'm'},
        {'s', "signature", 1, 's'}, {'o', "pcr", 1, 'o'}, {'p', "auth", 1, 'p'},
        {0, NULL, 0, 0},
    };
    const char *key = NULL, *spec = NULL, *q = "", *m = NULL, *s = NULL, *o_path = NULL;
    const char *auth = "", *arg;
    cli_args a;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        switch (o) {
        case 'c': key = arg; break;
        case 'l': spec = arg; break;
        case 'q': q = arg; break;
        case 'm': m = arg; break;
        case 's': s = arg; break;
        case 'o': o_path = arg; break;
        default: auth = arg; break;
        }
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos)
        return cli_usage(c, "unexpected argument '%s'", a.pos[0]);
    if (!key)
        return cli_usage(c, "which signing key? (-c HANDLE|FILE)");
    if (!spec)
        return cli_usage(c, "which PCRs? (-l SPEC, e.g. sha256:0,1,16)");
    static quote_state st;
    memset(&st, 0, sizeof st);
    char err[160];
    if (tpm2l_pcr_spec_parse(spec, &st.in.PCRselect, err, sizeof err))
        return cli_usage(c, "-l: %s", err);
    size_t qn;
    if (att_parse_hex(q, st.in.qualifyingData.buffer, 64, &qn))
        return cli_usage(c, "-q: '%s' is not hex of at most 64 bytes", q);
    st.in.qualifyingData.size = (uint16_t)qn;
    static cli_auth ka;
    if (cli_auth_parse(c, "-p", auth, &ka))
        return CLI_USAGE;

    int status = cli_connect(c);
    if (!status)
        status = cli_pcr_check(c, &st.in.PCRselect);
    if (status)
        return status;
    cli_object ob;
    status = cli_object_open(c, key, &ob);
    if (status)
        return status;
    static tpm2l_ReadPublic_in rin;
    rin.objectHandle.handle = ob.handle;
    rin.objectHandle.name = ob.name;
    TPM2_RC rc = tpm2l_ReadPublic(&c->ctx, &rin, &st.pub);
    if (rc)
        status = cli_fail(c, rc, "ReadPublic of the signing key");
    if (!status)
        status = cli_auth_begin(c, &ka);
    if (!status) {
        st.in.signHandle.handle = ob.handle;
        st.in.signHandle.name = st.pub.name;
        cli_auth_use(&ka, &st.in.signHandle);
        st.in.inScheme.scheme = TPM2_ALG_NULL;
        rc = tpm2l_Quote(&c->ctx, &st.in, &st.out);
        if (rc)
            status = cli_fail(c, rc, "Quote");
        status = cli_auth_end(c, &ka, status);
    }
    tpm2l_cleanse(&st.in.signHandle.auth, sizeof st.in.signHandle.auth);
    cli_object_done(c, &ob);
    if (status)
        return status;
    st.pcrs.sel = st.in.PCRselect;
    status = read_pcrs(c, &st.pcrs);
    if (!status)
        status = self_check(c, &st);
    return status ? status : write_quote(c, &st, m, s, o_path);
}
