/* pcr.c - tpm2lite pcrread, pcrextend, pcrreset.
 *
 * pcrread asks PCR_Read one bank at a time until every selected PCR has a value (a TPM
 * returns at most eight digests per call, Part 3 §22.4) and refuses a TPM that returns
 * PCRs it was not asked for, a digest of the wrong size, or nothing at all. Selections
 * are checked against the TPM's own allocation first, so a PCR the TPM does not have is
 * an error, not a silently shorter listing.
 */
#include <string.h>

#include "tools/tpm2lite/cli.h"

const char help_pcrread[] =
    "Usage: tpm2lite pcrread [SPEC] [-o FILE]\n"
    "\n"
    "Read PCRs (TPM2_PCR_Read, repeated until every selected PCR was returned).\n"
    "SPEC selects banks and PCRs: banks separated by '+', each BANK[:LIST], LIST items\n"
    "separated by ',', each a decimal or 0x hex PCR number or 'all'; BANK is sha1, sha256,\n"
    "sha384, sha512, sm3_256, sha3_256, sha3_384 or sha3_512. Example: sha256:0,1,2,16+sha1:all\n"
    "Default: every PCR of every bank the TPM has. A PCR or bank the TPM does not have is an\n"
    "error. Ranges (0-7) are not accepted, as in tpm2-tools.\n"
    "\n"
    "  -o, --output F  also write the values to F (tpm2-tools pcr.dat: the digests\n"
    "                  concatenated, bank by bank in SPEC order, ascending PCR within a bank)\n"
    "  -T, --tcti S    the TPM to use (see tpm2lite --help)\n";

const char help_pcrextend[] =
    "Usage: tpm2lite pcrextend PCR:ALG=HEX[,ALG=HEX...] [PCR:ALG=HEX...]...\n"
    "\n"
    "Extend PCR with the given digests (TPM2_PCR_Extend, empty PCR authorization), as\n"
    "tpm2_pcrextend does. HEX is exactly the algorithm's digest size. A bank the TPM has\n"
    "not allocated is an error.\n"
    "Example: tpm2lite pcrextend 16:sha256=$(printf x | sha256sum | cut -c1-64)\n"
    "\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

const char help_pcrreset[] =
    "Usage: tpm2lite pcrreset PCR...\n"
    "\n"
    "Reset each PCR (TPM2_PCR_Reset, empty PCR authorization). At locality 0 usually only\n"
    "PCR 16 (debug) and 23 (application) are resettable.\n"
    "\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

/* The TPM's PCR allocation (GetCapability(TPM2_CAP_PCRS)). */
static int get_assigned(cli *c, TPML_PCR_SELECTION *assigned)
{
    static TPMS_CAPABILITY_DATA cap;
    memset(assigned, 0, sizeof *assigned);
    TPM2_RC rc = tpm2l_GetCapability_all(&c->ctx, TPM2_CAP_PCRS, 0, &cap);
    if (rc)
        return cli_fail(c, rc, "GetCapability(PCRS)");
    *assigned = cap.data.assignedPCR;
    return CLI_OK;
}

/* Values of the selection, by selection entry and PCR. */
typedef struct {
    TPML_PCR_SELECTION sel;
    TPM2B_DIGEST value[TPM2_NUM_PCR_BANKS][TPM2_MAX_PCRS];
} pcr_values;

static int has_bits(const TPMS_PCR_SELECTION *s)
{
    for (unsigned i = 0; i < s->sizeofSelect && i < TPM2_PCR_SELECT_MAX; i++)
        if (s->pcrSelect[i])
            return 1;
    return 0;
}

/* Read every PCR of entry e of v->sel. */
static int read_bank(cli *c, pcr_values *v, uint32_t e)
{
    const TPMS_PCR_SELECTION *want = &v->sel.pcrSelections[e];
    size_t dsize = tpm2l_hash_size(want->hash);
    TPMS_PCR_SELECTION left = *want;
    static tpm2l_PCR_Read_out out;
    while (has_bits(&left)) {
        tpm2l_PCR_Read_in in;
        memset(&in, 0, sizeof in);
        in.pcrSelectionIn.count = 1;
        in.pcrSelectionIn.pcrSelections[0] = left;
        TPM2_RC rc = tpm2l_PCR_Read(&c->ctx, &in, &out);
        if (rc)
            return cli_fail(c, rc, "PCR_Read");
        const TPMS_PCR_SELECTION *got = out.pcrSelectionOut.count == 1
                                            ? &out.pcrSelectionOut.pcrSelections[0]
                                            : NULL;
        if (out.pcrSelectionOut.count > 1 || (got && got->hash != left.hash))
            return cli_error(c, "PCR_Read answered with banks that were not asked for");
        if (!got || !has_bits(got)) {
            char spec[64];
            TPML_PCR_SELECTION l = {.count = 1};
            l.pcrSelections[0] = left;
            if (tpm2l_pcr_spec_format(&l, spec, sizeof spec))
                strcpy(spec, "(selection)");
            return cli_error(c, "the TPM returned none of %s", spec);
        }
        uint32_t k = 0;
        for (unsigned pcr = 0; pcr < 8u * got->sizeofSelect; pcr++) {
            if (!(got->pcrSelect[pcr / 8] & (1u << (pcr % 8))))
                continue;
            if (pcr >= 8u * left.sizeofSelect || !(left.pcrSelect[pcr / 8] & (1u << (pcr % 8))))
                return cli_error(c, "PCR_Read returned PCR %u, which was not asked for", pcr);
            const TPM2B_DIGEST *d = &out.pcrValues.digests[k++];
            if (d->size != dsize)
                return cli_error(c, "PCR_Read returned a %u-byte value for a %zu-byte bank",
                                 (unsigned)d->size, dsize);
            v->value[e][pcr] = *d;
            left.pcrSelect[pcr / 8] &= (uint8_t) ~(1u << (pcr % 8));
        }
    }
    return CLI_OK;
}

int cmd_pcrread(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'o', "output", 1, 1}, {0, NULL, 0, 0}};
    cli_args a;
    const char *arg, *out_path = NULL;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        out_path = arg;
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos > 1)
        return cli_usage(c, "one selection, please (join banks with '+')");
    char err[160];
    static pcr_values v;
    /* Catch a malformed spec before any TPM is needed. */
    if (a.npos && tpm2l_pcr_spec_parse(a.pos[0], &v.sel, err, sizeof err))
        return cli_usage(c, "%s", err);

    int status = cli_connect(c);
    if (status)
        return status;
    TPML_PCR_SELECTION assigned;
    status = get_assigned(c, &assigned);
    if (status)
        return status;
    if (a.npos) {
        if (tpm2l_pcr_spec_parse_tpm(a.pos[0], &assigned, &v.sel, err, sizeof err))
            return cli_error(c, "%s", err);
    } else {
        memset(&v.sel, 0, sizeof v.sel);
        for (uint32_t i = 0; i < assigned.count; i++)
            if (has_bits(&assigned.pcrSelections[i]))
                v.sel.pcrSelections[v.sel.count++] = assigned.pcrSelections[i];
    }
    for (uint32_t e = 0; e < v.sel.count; e++) {
        status = read_bank(c, &v, e);
        if (status)
            return status;
    }

    static uint8_t dat[TPM2_NUM_PCR_BANKS * TPM2_MAX_PCRS * sizeof(TPMU_HA)];
    size_t dat_len = 0;
    for (uint32_t e = 0; e < v.sel.count; e++) {
        const TPMS_PCR_SELECTION *s = &v.sel.pcrSelections[e];
        const char *name = tpm2l_pcr_bank_name(s->hash);
        printf("  %s:\n", name ? name : "?");
        for (unsigned pcr = 0; pcr < 8u * s->sizeofSelect; pcr++) {
            if (!(s->pcrSelect[pcr / 8] & (1u << (pcr % 8))))
                continue;
            const TPM2B_DIGEST *d = &v.value[e][pcr];
            printf("    %-2u: 0x", pcr);
            for (unsigned i = 0; i < d->size; i++)
                printf("%02X", d->buffer[i]);
            printf("\n");
            memcpy(dat + dat_len, d->buffer, d->size);
            dat_len += d->size;
        }
    }
    if (out_path && cli_write_file(c, out_path, dat, dat_len))
        return CLI_FAIL;
    return CLI_OK;
}

int cmd_pcrextend(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{0, NULL, 0, 0}};
    cli_args a;
    const char *arg;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        ;
    if (o < 0)
        return cli_args_exit(o);
    if (!a.npos)
        return cli_usage(c, "what to extend? (pcrextend PCR:ALG=HEX[,ALG=HEX...])");
    static tpm2l_PCR_Extend_in in[CLI_MAX_POS];
    char err[160];
    for (int i = 0; i < a.npos; i++) {
        TPMI_DH_PCR pcr;
        if (tpm2l_pcr_digest_spec_parse(a.pos[i], &pcr, &in[i].digests, err, sizeof err))
            return cli_usage(c, "%s", err);
        TPM2_RC rc = tpm2l_auth_handle_set(&in[i].pcrHandle, pcr, NULL, 0);
        if (rc)
            return cli_fail(c, rc, "setting the PCR handle");
    }

    int status = cli_connect(c);
    if (status)
        return status;
    TPML_PCR_SELECTION assigned;
    status = get_assigned(c, &assigned);
    if (status)
        return status;
    for (int i = 0; i < a.npos; i++) {
        /* A digest for a bank the TPM implements but has not allocated is skipped
         * without an error (the reference PCR_Extend only extends allocated banks):
         * refuse it here instead of reporting an extend that did not happen. */
        TPML_PCR_SELECTION want = {.count = in[i].digests.count};
        for (uint32_t d = 0; d < in[i].digests.count; d++) {
            TPMS_PCR_SELECTION *s = &want.pcrSelections[d];
            uint32_t pcr = in[i].pcrHandle.handle;
            s->hash = in[i].digests.digests[d].hashAlg;
            s->sizeofSelect = (uint8_t)(pcr / 8 + 1);
            s->pcrSelect[pcr / 8] = (uint8_t)(1u << (pcr % 8));
        }
        if (tpm2l_pcr_selection_check(&want, &assigned, err, sizeof err))
            return cli_error(c, "%s", err);
    }
    for (int i = 0; i < a.npos; i++) {
        TPM2_RC rc = tpm2l_PCR_Extend(&c->ctx, &in[i]);
        if (rc)
            return cli_fail(c, rc, "PCR_Extend");
    }
    return CLI_OK;
}

int cmd_pcrreset(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{0, NULL, 0, 0}};
    cli_args a;
    const char *arg;
    int o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        ;
    if (o < 0)
        return cli_args_exit(o);
    if (!a.npos)
        return cli_usage(c, "which PCR? (pcrreset PCR...)");
    uint32_t pcr[CLI_MAX_POS];
    for (int i = 0; i < a.npos; i++)
        if (cli_parse_u32(a.pos[i], TPM2_MAX_PCRS - 1, &pcr[i]))
            return cli_usage(c, "'%s' is not a PCR number (0 to %u)", a.pos[i],
                             (unsigned)TPM2_MAX_PCRS - 1);
    int status = cli_connect(c);
    if (status)
        return status;
    for (int i = 0; i < a.npos; i++) {
        tpm2l_PCR_Reset_in in;
        TPM2_RC rc = tpm2l_auth_handle_set(&in.pcrHandle, pcr[i], NULL, 0);
        if (!rc)
            rc = tpm2l_PCR_Reset(&c->ctx, &in);
        if (rc) {
            char what[32];
            snprintf(what, sizeof what, "PCR_Reset(%u)", (unsigned)pcr[i]);
            return cli_fail(c, rc, what);
        }
    }
    return CLI_OK;
}
