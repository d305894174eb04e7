/* auth.c - authorisations of every tpm2-tools form for the handles a command
 * authorises: a value (plain, str:, hex:, file:), a saved session (session:FILE[+auth])
 * and a PCR policy (pcr:SPEC[=FILE], a policy session started here).
 *
 * Must never lose a saved session: one that was loaded from a file is saved back into
 * it after the command, whatever the command's outcome, unless the TPM ended it. A
 * session started here for pcr: is flushed before exit. Secrets are wiped on every
 * path out.
 */
#include <string.h>
#include <unistd.h>

#include "tools/tpm2lite/cli.h"
#include "tpm2lite/policy.h"

int cli_auth_parse(const cli *c, const char *opt, const char *s, cli_auth *a)
{
    char err[300];
    memset(a, 0, sizeof *a);
    a->opt = opt;
    if (strcmp(s, "file:-") == 0 && isatty(STDIN_FILENO))
        fprintf(stderr, "Enter the authorization for %s: ", opt);
    TPM2_RC rc = tpm2l_auth_parse(s, &a->spec, err, sizeof err);
    if (rc)
        return cli_usage(c, "%s: %s", opt, err);
    return 0;
}

int cli_pcr_check(cli *c, TPML_PCR_SELECTION *sel)
{
    static TPMS_CAPABILITY_DATA cap;
    char err[200];
    TPM2_RC rc = tpm2l_GetCapability_all(&c->ctx, TPM2_CAP_PCRS, 0, &cap);
    if (rc)
        return cli_fail(c, rc, "GetCapability(PCRS)");
    rc = tpm2l_pcr_selection_check(sel, &cap.data.assignedPCR, err, sizeof err);
    if (rc)
        return cli_error(c, "%s", err);
    return CLI_OK;
}

int cli_pcr_digest_file(cli *c, const char *path, const TPML_PCR_SELECTION *sel,
                        TPMI_ALG_HASH alg, TPM2B_DIGEST *out)
{
    static uint8_t buf[TPM2_MAX_PCRS * TPM2_NUM_PCR_BANKS * TPM2_MAX_DIGEST_SIZE];
    size_t n, want = 0;
    for (uint32_t b = 0; b < sel->count; b++) {
        size_t dl = tpm2l_hash_size(sel->pcrSelections[b].hash);
        for (unsigned i = 0; i < sel->pcrSelections[b].sizeofSelect && i < TPM2_PCR_SELECT_MAX; i++)
            for (unsigned bit = 0; bit < 8; bit++)
                if (sel->pcrSelections[b].pcrSelect[i] & (1u << bit))
                    want += dl;
    }
    if (cli_read_file(c, path, buf, sizeof buf, &n))
        return CLI_FAIL;
    if (n != want)
        return cli_error(c, "'%s' holds %zu bytes; the selection's PCR values take %zu", path, n,
                         want);
    /* Part 3 §23.7: the TPM hashes the selected values concatenated, which is what the
     * file holds (tpm2_pcrread -o order). */
    TPM2_RC rc = tpm2l_hash(&c->ctx.crypto, alg, buf, n, out->buffer, sizeof out->buffer);
    if (rc)
        return cli_fail(c, rc, "hashing the PCR values");
    out->size = (uint16_t)tpm2l_hash_size(alg);
    return CLI_OK;
}

static int begin_pcr(cli *c, cli_auth *a)
{
    static tpm2l_PolicyPCR_in in;
    tpm2l_session_params p;
    memset(&p, 0, sizeof p);
    p.sessionType = TPM2_SE_POLICY;
    p.authHash = TPM2_ALG_SHA256;
    p.symmetric.algorithm = TPM2_ALG_NULL;
    p.attrs = TPMA_SESSION_CONTINUESESSION;
    memset(&in, 0, sizeof in);
    in.pcrs = a->spec.pcrs;
    int status = cli_pcr_check(c, &in.pcrs);
    if (!status && a->spec.path[0])
        status = cli_pcr_digest_file(c, a->spec.path, &in.pcrs, p.authHash, &in.pcrDigest);
    if (status)
        return status;
    TPM2_RC rc = tpm2l_session_start(&c->ctx, &a->sess, &p);
    if (rc)
        return cli_fail(c, rc, "StartAuthSession for pcr:");
    a->live = 1;
    in.policySession.session = &a->sess;
    rc = tpm2l_PolicyPCR(&c->ctx, &in);
    if (rc)
        return cli_fail(c, rc, "PolicyPCR for pcr:");
    return CLI_OK;
}

int cli_auth_begin(cli *c, cli_auth *a)
{
    int status = cli_connect(c);
    if (status)
        return status;
    if (a->spec.kind == TPM2L_AUTH_SESSION) {
        status = cli_session_load(c, a->spec.path, &a->sess, &a->fmt);
        if (!status)
            a->live = 1;
        return status;
    }
    if (a->spec.kind == TPM2L_AUTH_PCR)
        return begin_pcr(c, a);
    return CLI_OK;
}

void cli_auth_use(cli_auth *a, tpm2l_auth_handle *ah)
{
    ah->auth = a->spec.value;
    ah->session = a->live ? &a->sess : NULL;
}

int cli_auth_end(cli *c, cli_auth *a, int status)
{
    if (a->live && a->spec.kind == TPM2L_AUTH_SESSION) {
        status = cli_session_store(c, a->spec.path, &a->sess, a->fmt, status);
    } else if (a->live && a->sess.handle) {
        TPM2_RC rc = tpm2l_session_flush(&c->ctx, &a->sess);
        if (rc && status == CLI_OK)
            status = cli_fail(c, rc, "FlushContext of the pcr: session");
    }
    tpm2l_session_wipe(&a->sess);
    tpm2l_auth_spec_wipe(&a->spec);
    a->live = 0;
    return status;
}
