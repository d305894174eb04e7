/* getcap.c - tpm2lite getcap: TPM2_GetCapability by tpm2_getcap's names, printed in
 * tpm2_getcap's YAML shape.
 *
 * Every list is gathered whole (tpm2l_GetCapability_all follows moreData); a TPM that
 * returns handles outside the range asked for does not get them printed under it.
 */
#include <string.h>

#include "tpm2lite/corpus.h" /* tpm2l_cc_name */
#include "tools/tpm2lite/cli.h"

const char help_getcap[] =
    "Usage: tpm2lite getcap NAME\n"
    "       tpm2lite getcap -l\n"
    "\n"
    "Print a TPM capability (TPM2_GetCapability, following moreData to the end):\n"
    "  algorithms, commands, pcrs, properties-fixed, properties-variable, ecc-curves,\n"
    "  handles-transient, handles-persistent, handles-permanent, handles-pcr,\n"
    "  handles-nv-index, handles-loaded-session, handles-saved-session\n"
    "\n"
    "  -l, --list    list the names\n"
    "  -T, --tcti S  the TPM to use (see tpm2lite --help)\n";

typedef enum { K_ALGS, K_COMMANDS, K_PCRS, K_FIXED, K_VARIABLE, K_CURVES, K_HANDLES } kind;

static const struct {
    const char *name;
    kind k;
    uint32_t first; /* property / first handle */
} caps[] = {
    {"algorithms", K_ALGS, TPM2_ALG_FIRST},
    {"commands", K_COMMANDS, TPM2_CC_FIRST},
    {"pcrs", K_PCRS, 0},
    {"properties-fixed", K_FIXED, TPM2_PT_FIXED},
    {"properties-variable", K_VARIABLE, TPM2_PT_VAR},
    {"ecc-curves", K_CURVES, TPM2_ECC_NONE},
    {"handles-transient", K_HANDLES, TPM2_TRANSIENT_FIRST},
    {"handles-persistent", K_HANDLES, TPM2_PERSISTENT_FIRST},
    {"handles-permanent", K_HANDLES, TPM2_PERMANENT_FIRST},
    {"handles-pcr", K_HANDLES, TPM2_PCR_FIRST},
    {"handles-nv-index", K_HANDLES, TPM2_NV_INDEX_FIRST},
    {"handles-loaded-session", K_HANDLES, TPM2_LOADED_SESSION_FIRST},
    {"handles-saved-session", K_HANDLES, TPM2_ACTIVE_SESSION_FIRST},
};
#define N_CAPS (sizeof caps / sizeof caps[0])

/* Tens of KB: static, not on the stack. */
static TPMS_CAPABILITY_DATA data;

static void print_algs(const TPML_ALG_PROPERTY *l)
{
    for (uint32_t i = 0; i < l->count; i++) {
        const TPMS_ALG_PROPERTY *p = &l->algProperties[i];
        const char *n = cli_alg_name(p->alg);
        TPMA_ALGORITHM a = p->algProperties;
        if (n)
            printf("%s:\n", n);
        else
            printf("0x%x:\n", (unsigned)p->alg);
        printf("  value:      0x%X\n", (unsigned)p->alg);
        printf("  asymmetric: %u\n", !!(a & TPMA_ALGORITHM_ASYMMETRIC));
        printf("  symmetric:  %u\n", !!(a & TPMA_ALGORITHM_SYMMETRIC));
        printf("  hash:       %u\n", !!(a & TPMA_ALGORITHM_HASH));
        printf("  object:     %u\n", !!(a & TPMA_ALGORITHM_OBJECT));
        printf("  reserved:   0x%X\n", (unsigned)((a >> 4) & 0xF));
        printf("  signing:    %u\n", !!(a & TPMA_ALGORITHM_SIGNING));
        printf("  encrypting: %u\n", !!(a & TPMA_ALGORITHM_ENCRYPTING));
        printf("  method:     %u\n", !!(a & TPMA_ALGORITHM_METHOD));
    }
}

static void print_commands(const TPML_CCA *l)
{
    for (uint32_t i = 0; i < l->count; i++) {
        TPMA_CC a = l->commandAttributes[i];
        uint32_t cc = (a & TPMA_CC_COMMANDINDEX_MASK) | ((a & TPMA_CC_V) ? 0x20000000u : 0);
        const char *n = tpm2l_cc_name(cc);
        if (n)
            printf("%s:\n", n);
        else
            printf("TPM2_CC_0x%X:\n", (unsigned)cc);
        printf("  value: 0x%X\n", (unsigned)a);
        printf("  commandIndex: 0x%x\n", (unsigned)(a & TPMA_CC_COMMANDINDEX_MASK));
        printf("  reserved1:    0x%x\n", (unsigned)((a & TPMA_CC_RESERVED_MASK) >> 16));
        printf("  nv:           %u\n", !!(a & TPMA_CC_NV));
        printf("  extensive:    %u\n", !!(a & TPMA_CC_EXTENSIVE));
        printf("  flushed:      %u\n", !!(a & TPMA_CC_FLUSHED));
        printf("  cHandles:     0x%x\n", (unsigned)((a & TPMA_CC_CHANDLES_MASK) >>
                                                   TPMA_CC_CHANDLES_SHIFT));
        printf("  rHandle:      %u\n", !!(a & TPMA_CC_RHANDLE));
        printf("  V:            %u\n", !!(a & TPMA_CC_V));
        printf("  Res:          0x%x\n", (unsigned)((a & TPMA_CC_RES_MASK) >> TPMA_CC_RES_SHIFT));
    }
}

static void print_pcrs(const TPML_PCR_SELECTION *l)
{
    printf("selected-pcrs:\n");
    for (uint32_t i = 0; i < l->count; i++) {
        const TPMS_PCR_SELECTION *s = &l->pcrSelections[i];
        const char *n = tpm2l_pcr_bank_name(s->hash);
        if (n)
            printf("  - %s: [", n);
        else
            printf("  - 0x%04x: [", (unsigned)s->hash);
        int first = 1;
        for (unsigned pcr = 0; pcr < 8u * s->sizeofSelect; pcr++) {
            if (!(s->pcrSelect[pcr / 8] & (1u << (pcr % 8))))
                continue;
            printf("%s %u", first ? "" : ",", pcr);
            first = 0;
        }
        printf(" ]\n");
    }
}

/* The four characters of a vendor string property, without padding. */
static void print_string(uint32_t v)
{
    char s[5];
    for (int i = 0; i < 4; i++) {
        char ch = (char)(v >> (24 - 8 * i));
        s[i] = (ch >= 0x20 && ch < 0x7F) ? ch : ' ';
    }
    s[4] = '\0';
    const char *p = s;
    while (*p == ' ')
        p++;
    size_t n = strlen(p);
    while (n && p[n - 1] == ' ')
        n--;
    printf("  value: \"%.*s\"\n", (int)n, p);
}

static void print_name(TPM2_PT pt)
{
    const char *n = cli_pt_name(pt);
    if (n)
        printf("%s:", n);
    else
        printf("0x%08X:", (unsigned)pt);
}

static void print_fixed(const TPML_TAGGED_TPM_PROPERTY *l)
{
    for (uint32_t i = 0; i < l->count; i++) {
        TPM2_PT pt = l->tpmProperty[i].property;
        uint32_t v = l->tpmProperty[i].value;
        if (pt >= TPM2_PT_VAR)
            break;
        print_name(pt);
        printf("\n  raw: 0x%X\n", (unsigned)v);
        switch (pt) {
        case TPM2_PT_FAMILY_INDICATOR:
        case TPM2_PT_MANUFACTURER:
        case TPM2_PT_VENDOR_STRING_1:
        case TPM2_PT_VENDOR_STRING_2:
        case TPM2_PT_VENDOR_STRING_3:
        case TPM2_PT_VENDOR_STRING_4:
            print_string(v);
            break;
        case TPM2_PT_REVISION:
            printf("  value: %u.%02u\n", (unsigned)(v / 100), (unsigned)(v % 100));
            break;
        default:
            break;
        }
    }
}

/* One line per named field of a bit-field property, tpm2_getcap's layout. */
typedef struct {
    const char *name;
    unsigned shift, width;
} field;

static void print_fields(uint32_t v, const field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t mask = f[i].width >= 32 ? 0xFFFFFFFFu : ((1u << f[i].width) - 1);
        printf("  %-26s %lu\n", f[i].name, (unsigned long)((v >> f[i].shift) & mask));
    }
}

static void print_variable(const TPML_TAGGED_TPM_PROPERTY *l)
{
    /* TPMA_PERMANENT and TPMA_STARTUP_CLEAR, Part 2 §8.6 and §8.7. */
    static const field permanent[] = {
        {"ownerAuthSet:", 0, 1}, {"endorsementAuthSet:", 1, 1}, {"lockoutAuthSet:", 2, 1},
        {"reserved1:", 3, 5},    {"disableClear:", 8, 1},       {"inLockout:", 9, 1},
        {"tpmGeneratedEPS:", 10, 1}, {"reserved2:", 11, 21},
    };
    static const field startup[] = {
        {"phEnable:", 0, 1},   {"shEnable:", 1, 1},  {"ehEnable:", 2, 1},
        {"phEnableNV:", 3, 1}, {"reserved1:", 4, 27}, {"orderly:", 31, 1},
    };
    for (uint32_t i = 0; i < l->count; i++) {
        TPM2_PT pt = l->tpmProperty[i].property;
        uint32_t v = l->tpmProperty[i].value;
        if (pt < TPM2_PT_VAR || pt >= TPM2_PT_VAR + TPM2_PT_GROUP)
            continue;
        print_name(pt);
        if (pt == TPM2_PT_PERMANENT) {
            printf("\n");
            print_fields(v, permanent, sizeof permanent / sizeof permanent[0]);
        } else if (pt == TPM2_PT_STARTUP_CLEAR) {
            printf("\n");
            print_fields(v, startup, sizeof startup / sizeof startup[0]);
        } else {
            printf(" 0x%X\n", (unsigned)v);
        }
    }
}

static void print_curves(const TPML_ECC_CURVE *l)
{
    for (uint32_t i = 0; i < l->count; i++) {
        const char *n = cli_curve_name(l->eccCurves[i]);
        if (n)
            printf("%s: 0x%X\n", n, (unsigned)l->eccCurves[i]);
        else
            printf("0x%X: 0x%X\n", (unsigned)l->eccCurves[i], (unsigned)l->eccCurves[i]);
    }
}

static void print_handles(const TPML_HANDLE *l, uint32_t first)
{
    /* Saved sessions are listed with the HMAC session handle type (0x02...), not the
     * 0x03 range asked for (the reference TPM; tpm2_getcap prints them so): the TPM
     * lists one range per call, so that list is printed whole. */
    int saved = (first & TPM2_HR_RANGE_MASK) == (TPM2_ACTIVE_SESSION_FIRST & TPM2_HR_RANGE_MASK);
    for (uint32_t i = 0; i < l->count; i++)
        if (saved || (l->handle[i] & TPM2_HR_RANGE_MASK) == (first & TPM2_HR_RANGE_MASK))
            printf("- 0x%X\n", (unsigned)l->handle[i]);
}

int cmd_getcap(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {{'l', "list", 0, 1}, {0, NULL, 0, 0}};
    cli_args a;
    const char *arg;
    int list = 0, o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0)
        list = 1;
    if (o < 0)
        return cli_args_exit(o);
    if (list) {
        if (a.npos)
            return cli_usage(c, "-l takes no capability name");
        for (size_t i = 0; i < N_CAPS; i++)
            printf("- %s\n", caps[i].name);
        return CLI_OK;
    }
    if (a.npos != 1)
        return cli_usage(c, "which capability? (getcap -l lists them)");
    size_t i = 0;
    while (i < N_CAPS && strcmp(caps[i].name, a.pos[0]) != 0)
        i++;
    if (i == N_CAPS)
        return cli_usage(c, "unknown capability '%s' (getcap -l lists them)", a.pos[0]);

    int status = cli_connect(c);
    if (status)
        return status;
    static const TPM2_CAP cap_of[] = {
        [K_ALGS] = TPM2_CAP_ALGS,          [K_COMMANDS] = TPM2_CAP_COMMANDS,
        [K_PCRS] = TPM2_CAP_PCRS,          [K_FIXED] = TPM2_CAP_TPM_PROPERTIES,
        [K_VARIABLE] = TPM2_CAP_TPM_PROPERTIES, [K_CURVES] = TPM2_CAP_ECC_CURVES,
        [K_HANDLES] = TPM2_CAP_HANDLES,
    };
    TPM2_RC rc = tpm2l_GetCapability_all(&c->ctx, cap_of[caps[i].k], caps[i].first, &data);
    if (rc)
        return cli_fail(c, rc, "GetCapability");
    switch (caps[i].k) {
    case K_ALGS: print_algs(&data.data.algorithms); break;
    case K_COMMANDS: print_commands(&data.data.command); break;
    case K_PCRS: print_pcrs(&data.data.assignedPCR); break;
    case K_FIXED: print_fixed(&data.data.tpmProperties); break;
    case K_VARIABLE: print_variable(&data.data.tpmProperties); break;
    case K_CURVES: print_curves(&data.data.eccCurves); break;
    case K_HANDLES: print_handles(&data.data.handles, caps[i].first); break;
    }
    return CLI_OK;
}
