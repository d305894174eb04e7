/* pcr_spec.c - PCR selection strings ("sha256:0,1+sha1:all") and PCR digest strings
 * ("16:sha256=<hex>"), the grammar of pcrspec.h.
 *
 * Input is untrusted text (command lines, later fuzzers): every read is bounded by the
 * string's own end, every write by the destination's array, and a PCR the TPM cannot
 * hold is an error, never dropped (tpm2-tools 5.4 prints an empty bank for
 * "sha256:24" on a 24-PCR TPM; a policy built from that would silently cover less).
 * Never allocates, never prints.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tpm2lite/pcrspec.h"

#define PERR(reason) TPM2L_RC(TPM2L_LAYER_PARSE, (reason))

typedef struct {
    const char *name;
    TPM2_ALG_ID alg;
    uint8_t size;
} bank_info;

static const bank_info banks[] = {
    {"sha1", TPM2_ALG_SHA1, TPM2_SHA1_DIGEST_SIZE},
    {"sha256", TPM2_ALG_SHA256, TPM2_SHA256_DIGEST_SIZE},
    {"sha384", TPM2_ALG_SHA384, TPM2_SHA384_DIGEST_SIZE},
    {"sha512", TPM2_ALG_SHA512, TPM2_SHA512_DIGEST_SIZE},
    {"sm3_256", TPM2_ALG_SM3_256, TPM2_SM3_256_DIGEST_SIZE},
    {"sha3_256", TPM2_ALG_SHA3_256, TPM2_SHA3_256_DIGEST_SIZE},
    {"sha3_384", TPM2_ALG_SHA3_384, TPM2_SHA3_384_DIGEST_SIZE},
    {"sha3_512", TPM2_ALG_SHA3_512, TPM2_SHA3_512_DIGEST_SIZE},
};
#define N_BANKS (sizeof banks / sizeof banks[0])

static TPM2_RC fail(TPM2_RC rc, char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static TPM2_RC fail(TPM2_RC rc, char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static const bank_info *bank_by_alg(TPM2_ALG_ID alg)
{
    for (size_t i = 0; i < N_BANKS; i++)
        if (banks[i].alg == alg)
            return &banks[i];
    return NULL;
}

const char *tpm2l_pcr_bank_name(TPM2_ALG_ID alg)
{
    const bank_info *b = bank_by_alg(alg);
    return b ? b->name : NULL;
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Decimal without leading zeros, or 0x hex; at most 32 bits. 0 on success. */
static int parse_number(const char *s, size_t len, uint32_t *v)
{
    uint64_t x = 0;
    if (len > 2 && s[0] == '0' && lower(s[1]) == 'x') {
        if (len - 2 > 8)
            return -1;
        for (size_t i = 2; i < len; i++) {
            int c = lower((unsigned char)s[i]);
            if (c >= '0' && c <= '9')
                x = x * 16 + (uint64_t)(c - '0');
            else if (c >= 'a' && c <= 'f')
                x = x * 16 + (uint64_t)(c - 'a' + 10);
            else
                return -1;
        }
    } else {
        if (!len || len > 10 || (len > 1 && s[0] == '0'))
            return -1;
        for (size_t i = 0; i < len; i++) {
            if (s[i] < '0' || s[i] > '9')
                return -1;
            x = x * 10 + (uint64_t)(s[i] - '0');
        }
        if (x > UINT32_MAX)
            return -1;
    }
    *v = (uint32_t)x;
    return 0;
}

TPM2_ALG_ID tpm2l_pcr_bank_alg(const char *name, size_t len)
{
    if (!name)
        return TPM2_ALG_ERROR;
    for (size_t i = 0; i < N_BANKS; i++) {
        size_t n = strlen(banks[i].name);
        if (n != len)
            continue;
        size_t j = 0;
        while (j < n && lower((unsigned char)name[j]) == banks[i].name[j])
            j++;
        if (j == n)
            return banks[i].alg;
    }
    uint32_t v;
    if (parse_number(name, len, &v) == 0 && v <= 0xFFFF && bank_by_alg((TPM2_ALG_ID)v))
        return (TPM2_ALG_ID)v;
    return TPM2_ALG_ERROR;
}

static const TPMS_PCR_SELECTION *find_bank(const TPML_PCR_SELECTION *assigned, TPM2_ALG_ID alg)
{
    for (uint32_t i = 0; i < assigned->count && i < TPM2_NUM_PCR_BANKS; i++)
        if (assigned->pcrSelections[i].hash == alg)
            return &assigned->pcrSelections[i];
    return NULL;
}

static const char *alg_text(TPM2_ALG_ID alg, char buf[8])
{
    const char *n = tpm2l_pcr_bank_name(alg);
    if (n)
        return n;
    snprintf(buf, 8, "0x%04x", (unsigned)alg);
    return buf;
}

/* "bank sm3_256 is not allocated on this TPM (it has sha1, sha256)" */
static TPM2_RC no_bank(TPM2_ALG_ID alg, const TPML_PCR_SELECTION *assigned, char *err,
                       size_t errlen)
{
    char have[128] = "";
    size_t used = 0;
    for (uint32_t i = 0; i < assigned->count && i < TPM2_NUM_PCR_BANKS; i++) {
        char b[8];
        int n = snprintf(have + used, sizeof have - used, "%s%s", used ? ", " : "",
                         alg_text(assigned->pcrSelections[i].hash, b));
        if (n < 0 || (size_t)n >= sizeof have - used)
            break;
        used += (size_t)n;
    }
    char b[8];
    return fail(PERR(TPM2L_E_NOT_SUPPORTED), err, errlen,
                "bank %s is not allocated on this TPM (it has %s)", alg_text(alg, b),
                used ? have : "no PCR banks");
}

static int assigned_ok(const TPMS_PCR_SELECTION *a)
{
    return a->sizeofSelect <= TPM2_PCR_SELECT_MAX;
}

/* Select pcr in sel, checked against the TPM's bank a (or, without one, against what
 * a selection can hold). */
static TPM2_RC select_pcr(TPMS_PCR_SELECTION *sel, const TPMS_PCR_SELECTION *a, uint32_t pcr,
                          char *err, size_t errlen)
{
    char b[8];
    if (a) {
        uint32_t n = 8u * a->sizeofSelect;
        if (pcr >= n)
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "PCR %lu is past the %u PCRs this TPM has", (unsigned long)pcr,
                        (unsigned)n);
        if (!(a->pcrSelect[pcr / 8] & (1u << (pcr % 8))))
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "PCR %lu is not allocated in bank %s on this TPM", (unsigned long)pcr,
                        alg_text(sel->hash, b));
    } else if (pcr >= TPM2_MAX_PCRS) {
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "PCR %lu is past the %u PCRs a selection can name", (unsigned long)pcr,
                    (unsigned)TPM2_MAX_PCRS);
    }
    sel->pcrSelect[pcr / 8] |= (uint8_t)(1u << (pcr % 8));
    if (!a && sel->sizeofSelect < pcr / 8 + 1)
        sel->sizeofSelect = (uint8_t)(pcr / 8 + 1);
    return TPM2_RC_SUCCESS;
}

static void select_all(TPMS_PCR_SELECTION *sel, const TPMS_PCR_SELECTION *a)
{
    if (a) {
        for (uint8_t i = 0; i < a->sizeofSelect; i++)
            sel->pcrSelect[i] |= a->pcrSelect[i];
        return;
    }
    for (unsigned i = 0; i < TPM2L_PCR_SELECT_DEFAULT; i++)
        sel->pcrSelect[i] = 0xFF;
}

/* One PCR list item: "all" or a number. */
static TPM2_RC parse_item(TPMS_PCR_SELECTION *sel, const TPMS_PCR_SELECTION *a, const char *s,
                          size_t len, char *err, size_t errlen)
{
    char b[8];
    if (!len)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "empty PCR number in bank %s",
                    alg_text(sel->hash, b));
    if (len == 3 && lower(s[0]) == 'a' && lower(s[1]) == 'l' && lower(s[2]) == 'l') {
        select_all(sel, a);
        return TPM2_RC_SUCCESS;
    }
    uint32_t pcr;
    if (parse_number(s, len, &pcr) == 0)
        return select_pcr(sel, a, pcr, err, errlen);
    if (memchr(s, '-', len))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "'%.*s': ranges are not part of the PCR selection grammar (tpm2-tools "
                    "rejects them too); list the PCRs: 0,1,2,3",
                    (int)(len > 40 ? 40 : len), s);
    if (len > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9')
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "'%.*s': a leading zero is ambiguous (tpm2-tools reads it as octal); "
                    "write the number without it, or in 0x hex",
                    (int)(len > 40 ? 40 : len), s);
    return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                "'%.*s' is not a PCR number (decimal, 0x hex or 'all')",
                (int)(len > 40 ? 40 : len), s);
}

/* One "alg[:list]" segment of len bytes at s, appended to out. */
static TPM2_RC parse_bank(const char *s, size_t len, const TPML_PCR_SELECTION *assigned,
                          TPML_PCR_SELECTION *out, char *err, size_t errlen)
{
    const char *colon = memchr(s, ':', len);
    size_t alg_len = colon ? (size_t)(colon - s) : len;
    TPM2_ALG_ID alg = tpm2l_pcr_bank_alg(s, alg_len);
    if (alg == TPM2_ALG_ERROR)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "unknown bank '%.*s' (sha1, sha256, sha384, sha512, sm3_256, sha3_256, "
                    "sha3_384, sha3_512)",
                    (int)(alg_len > 40 ? 40 : alg_len), s);
    if (out->count >= TPM2_NUM_PCR_BANKS)
        return fail(PERR(TPM2L_E_INSUFFICIENT), err, errlen,
                    "more than %u banks in one selection", (unsigned)TPM2_NUM_PCR_BANKS);
    const TPMS_PCR_SELECTION *a = NULL;
    if (assigned) {
        a = find_bank(assigned, alg);
        if (!a)
            return no_bank(alg, assigned, err, errlen);
        if (!assigned_ok(a))
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "the TPM's allocation has a %u-byte selection", (unsigned)a->sizeofSelect);
    }
    TPMS_PCR_SELECTION *sel = &out->pcrSelections[out->count++];
    memset(sel, 0, sizeof *sel);
    sel->hash = alg;
    sel->sizeofSelect = a ? a->sizeofSelect : (uint8_t)TPM2L_PCR_SELECT_DEFAULT;
    if (!colon) {
        select_all(sel, a);
        return TPM2_RC_SUCCESS;
    }
    const char *p = colon + 1, *end = s + len;
    if (p == end) {
        char b[8];
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "bank %s has an empty PCR list",
                    alg_text(alg, b));
    }
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *item_end = comma ? comma : end;
        TPM2_RC rc = parse_item(sel, a, p, (size_t)(item_end - p), err, errlen);
        if (rc)
            return rc;
        if (!comma)
            return TPM2_RC_SUCCESS;
        p = comma + 1;
    }
}

static TPM2_RC parse(const char *spec, const TPML_PCR_SELECTION *assigned,
                     TPML_PCR_SELECTION *out, char *err, size_t errlen)
{
    if (!spec || !out)
        return fail(PERR(TPM2L_E_BAD_ARG), err, errlen, "no PCR selection");
    memset(out, 0, sizeof *out);
    if (!*spec)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "empty PCR selection");
    const char *p = spec;
    for (;;) {
        const char *plus = strchr(p, '+');
        size_t len = plus ? (size_t)(plus - p) : strlen(p);
        if (!len)
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "empty bank at offset %zu of the PCR selection", (size_t)(p - spec));
        TPM2_RC rc = parse_bank(p, len, assigned, out, err, errlen);
        if (rc)
            return rc;
        if (!plus)
            return TPM2_RC_SUCCESS;
        p = plus + 1;
    }
}

TPM2_RC tpm2l_pcr_spec_parse(const char *spec, TPML_PCR_SELECTION *out, char *err, size_t errlen)
{
    return parse(spec, NULL, out, err, errlen);
}

TPM2_RC tpm2l_pcr_spec_parse_tpm(const char *spec, const TPML_PCR_SELECTION *assigned,
                                 TPML_PCR_SELECTION *out, char *err, size_t errlen)
{
    if (!assigned)
        return fail(PERR(TPM2L_E_BAD_ARG), err, errlen, "no PCR allocation to check against");
    return parse(spec, assigned, out, err, errlen);
}

TPM2_RC tpm2l_pcr_selection_check(TPML_PCR_SELECTION *sel, const TPML_PCR_SELECTION *assigned,
                                  char *err, size_t errlen)
{
    if (!sel || !assigned)
        return fail(PERR(TPM2L_E_BAD_ARG), err, errlen, "no PCR selection or allocation");
    if (sel->count > TPM2_NUM_PCR_BANKS)
        return fail(PERR(TPM2L_E_INSUFFICIENT), err, errlen,
                    "more than %u banks in one selection", (unsigned)TPM2_NUM_PCR_BANKS);
    for (uint32_t i = 0; i < sel->count; i++) {
        TPMS_PCR_SELECTION *s = &sel->pcrSelections[i];
        const TPMS_PCR_SELECTION *a = find_bank(assigned, s->hash);
        if (!a)
            return no_bank(s->hash, assigned, err, errlen);
        if (s->sizeofSelect > TPM2_PCR_SELECT_MAX || !assigned_ok(a))
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                        "a %u-byte PCR selection is larger than %u bytes",
                        (unsigned)(s->sizeofSelect > a->sizeofSelect ? s->sizeofSelect
                                                                     : a->sizeofSelect),
                        (unsigned)TPM2_PCR_SELECT_MAX);
        TPMS_PCR_SELECTION checked;
        memset(&checked, 0, sizeof checked);
        checked.hash = s->hash;
        checked.sizeofSelect = a->sizeofSelect;
        for (uint32_t pcr = 0; pcr < 8u * s->sizeofSelect; pcr++) {
            if (!(s->pcrSelect[pcr / 8] & (1u << (pcr % 8))))
                continue;
            TPM2_RC rc = select_pcr(&checked, a, pcr, err, errlen);
            if (rc)
                return rc;
        }
        *s = checked;
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_pcr_spec_format(const TPML_PCR_SELECTION *sel, char *buf, size_t cap)
{
    if (!sel || !buf || !cap)
        return PERR(TPM2L_E_BAD_ARG);
    size_t used = 0;
    buf[0] = '\0';
    if (sel->count > TPM2_NUM_PCR_BANKS)
        return PERR(TPM2L_E_BAD_VALUE);
    for (uint32_t i = 0; i < sel->count; i++) {
        const TPMS_PCR_SELECTION *s = &sel->pcrSelections[i];
        const char *name = tpm2l_pcr_bank_name(s->hash);
        if (!name)
            return PERR(TPM2L_E_BAD_SELECTOR);
        if (s->sizeofSelect > TPM2_PCR_SELECT_MAX)
            return PERR(TPM2L_E_BAD_VALUE);
        int n = snprintf(buf + used, cap - used, "%s%s:", i ? "+" : "", name);
        if (n < 0 || (size_t)n >= cap - used)
            return PERR(TPM2L_E_INSUFFICIENT);
        used += (size_t)n;
        int first = 1;
        for (unsigned pcr = 0; pcr < 8u * s->sizeofSelect; pcr++) {
            if (!(s->pcrSelect[pcr / 8] & (1u << (pcr % 8))))
                continue;
            n = snprintf(buf + used, cap - used, "%s%u", first ? "" : ",", pcr);
            if (n < 0 || (size_t)n >= cap - used)
                return PERR(TPM2L_E_INSUFFICIENT);
            used += (size_t)n;
            first = 0;
        }
    }
    return TPM2_RC_SUCCESS;
}

static int hexval(int c)
{
    c = lower(c);
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* One "alg=hex" item of len bytes at s. */
static TPM2_RC parse_digest(const char *s, size_t len, TPML_DIGEST_VALUES *out, char *err,
                            size_t errlen)
{
    const char *eq = memchr(s, '=', len);
    if (!eq)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "'%.*s' is not ALG=HEX",
                    (int)(len > 40 ? 40 : len), s);
    size_t alg_len = (size_t)(eq - s);
    TPM2_ALG_ID alg = tpm2l_pcr_bank_alg(s, alg_len);
    if (alg == TPM2_ALG_ERROR)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "unknown bank '%.*s'",
                    (int)(alg_len > 40 ? 40 : alg_len), s);
    const bank_info *b = bank_by_alg(alg);
    for (uint32_t i = 0; i < out->count; i++)
        if (out->digests[i].hashAlg == alg)
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "%s is given twice", b->name);
    if (out->count >= TPM2_NUM_PCR_BANKS)
        return fail(PERR(TPM2L_E_INSUFFICIENT), err, errlen, "more than %u digests",
                    (unsigned)TPM2_NUM_PCR_BANKS);
    const char *hex = eq + 1;
    size_t hex_len = len - alg_len - 1;
    if (hex_len > 2 && hex[0] == '0' && lower(hex[1]) == 'x') {
        hex += 2;
        hex_len -= 2;
    }
    if (hex_len != 2u * b->size)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "a %s digest is %u hex characters, not %zu", b->name, 2u * b->size, hex_len);
    TPMT_HA *ha = &out->digests[out->count];
    memset(ha, 0, sizeof *ha);
    ha->hashAlg = alg;
    uint8_t *d = (uint8_t *)&ha->digest;
    for (size_t i = 0; i < b->size; i++) {
        int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "the %s digest is not hex",
                        b->name);
        d[i] = (uint8_t)(hi << 4 | lo);
    }
    out->count++;
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_pcr_digest_spec_parse(const char *spec, TPMI_DH_PCR *pcr, TPML_DIGEST_VALUES *out,
                                    char *err, size_t errlen)
{
    if (!spec || !pcr || !out)
        return fail(PERR(TPM2L_E_BAD_ARG), err, errlen, "no PCR digest string");
    memset(out, 0, sizeof *out);
    const char *colon = strchr(spec, ':');
    if (!colon)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "'%.40s' is not PCR:ALG=HEX[,ALG=HEX...]", spec);
    uint32_t n;
    if (parse_number(spec, (size_t)(colon - spec), &n))
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "'%.*s' is not a PCR number (decimal or 0x hex)",
                    (int)(colon - spec > 40 ? 40 : colon - spec), spec);
    if (n >= TPM2_MAX_PCRS)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen,
                    "PCR %lu is past the %u PCRs a TPM can have", (unsigned long)n,
                    (unsigned)TPM2_MAX_PCRS);
    *pcr = n;
    const char *p = colon + 1, *end = colon + 1 + strlen(colon + 1);
    if (p == end)
        return fail(PERR(TPM2L_E_BAD_VALUE), err, errlen, "no digest after 'PCR:'");
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *item_end = comma ? comma : end;
        TPM2_RC rc = parse_digest(p, (size_t)(item_end - p), out, err, errlen);
        if (rc)
            return rc;
        if (!comma)
            return TPM2_RC_SUCCESS;
        p = comma + 1;
    }
}

size_t tpm2l_pcr_selection_count(const TPML_PCR_SELECTION *sel)
{
    size_t n = 0;
    for (uint32_t i = 0; i < sel->count && i < TPM2_NUM_PCR_BANKS; i++)
        for (uint8_t b = 0; b < sel->pcrSelections[i].sizeofSelect && b < TPM2_PCR_SELECT_MAX;
             b++)
            for (unsigned v = sel->pcrSelections[i].pcrSelect[b]; v; v &= v - 1)
                n++;
    return n;
}
