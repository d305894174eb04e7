/* config.c - configuration strings ("name[:conf]") and opening a transport by name.
 *
 * The syntax is the one tpm2-tools and tpm2-tss users already type, so an existing
 * TPM2TOOLS_TCTI or TCTI setting works unchanged. The parser must never accept a
 * string it half understood: an unknown key, a duplicate, an overlong value or a bad
 * port is an error naming the offending piece, not a silent default.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/tcti/config_util.h"
#include "tpm2lite/tcti.h"

#define PARSE_ERR TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_BAD_CONFIG)

static TPM2_RC perr(char *errbuf, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static TPM2_RC perr(char *errbuf, size_t errlen, const char *fmt, ...)
{
    if (errbuf && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, fmt, ap);
        va_end(ap);
    }
    return PARSE_ERR;
}

/* Transports whose conf is free text rather than key=value pairs. */
static int conf_is_text(const char *name)
{
    return strcmp(name, "device") == 0 || strcmp(name, "cmd") == 0;
}

static int key_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* tpm2-tss's loader also takes library file names ("libtss2-tcti-mssim.so.0"). */
static void strip_tss_name(const char *in, size_t n, const char **out, size_t *outn)
{
    static const char pfx[] = "libtss2-tcti-";
    *out = in;
    *outn = n;
    if (n > sizeof pfx - 1 && strncmp(in, pfx, sizeof pfx - 1) == 0) {
        const char *s = in + sizeof pfx - 1;
        size_t m = n - (sizeof pfx - 1);
        for (size_t i = 0; i + 3 <= m; i++) {
            if (strncmp(s + i, ".so", 3) == 0) {
                m = i;
                break;
            }
        }
        *out = s;
        *outn = m;
    }
}

static TPM2_RC parse_pairs(const char *conf, tpm2l_tcti_config *cfg, char *errbuf,
                           size_t errlen)
{
    const char *p = conf;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0)
            return perr(errbuf, errlen, "%s: empty key=value pair in '%s'", cfg->name, conf);
        const char *eq = memchr(p, '=', n);
        if (!eq)
            return perr(errbuf, errlen, "%s: '%.*s' is not key=value", cfg->name, (int)n, p);
        size_t kn = (size_t)(eq - p), vn = n - kn - 1;
        if (kn == 0)
            return perr(errbuf, errlen, "%s: missing key before '=' in '%.*s'", cfg->name,
                        (int)n, p);
        if (kn >= sizeof cfg->kv[0].key)
            return perr(errbuf, errlen, "%s: key '%.*s...' is longer than %zu characters",
                        cfg->name, 16, p, sizeof cfg->kv[0].key - 1);
        for (size_t i = 0; i < kn; i++)
            if (!key_char_ok(p[i]))
                return perr(errbuf, errlen, "%s: key '%.*s' has an invalid character",
                            cfg->name, (int)kn, p);
        if (vn >= sizeof cfg->kv[0].value)
            return perr(errbuf, errlen, "%s: value of '%.*s' is longer than %zu characters",
                        cfg->name, (int)kn, p, sizeof cfg->kv[0].value - 1);
        for (size_t i = 0; i < cfg->n_kv; i++)
            if (strlen(cfg->kv[i].key) == kn && strncmp(cfg->kv[i].key, p, kn) == 0)
                return perr(errbuf, errlen, "%s: key '%.*s' is given twice", cfg->name,
                            (int)kn, p);
        if (cfg->n_kv == TPM2L_TCTI_KV_MAX)
            return perr(errbuf, errlen, "%s: more than %d key=value pairs", cfg->name,
                        TPM2L_TCTI_KV_MAX);
        memcpy(cfg->kv[cfg->n_kv].key, p, kn);
        cfg->kv[cfg->n_kv].key[kn] = '\0';
        memcpy(cfg->kv[cfg->n_kv].value, eq + 1, vn);
        cfg->kv[cfg->n_kv].value[vn] = '\0';
        cfg->n_kv++;
        if (!end)
            break;
        p = end + 1;
        if (!*p)
            return perr(errbuf, errlen, "%s: trailing ',' in '%s'", cfg->name, conf);
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_config_parse(const char *s, tpm2l_tcti_config *cfg, char *errbuf,
                                size_t errlen)
{
    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!cfg)
        return TPM2L_RC(TPM2L_LAYER_PARSE, TPM2L_E_BAD_ARG);
    memset(cfg, 0, sizeof *cfg);
    if (!s)
        return perr(errbuf, errlen, "no configuration string");

    const char *colon = strchr(s, ':');
    size_t n = colon ? (size_t)(colon - s) : strlen(s);
    const char *name;
    size_t nn;
    strip_tss_name(s, n, &name, &nn);
    if (nn == 0)
        return perr(errbuf, errlen, "empty transport name in '%s' (expected e.g. "
                                    "'device:/dev/tpmrm0' or 'swtpm:port=2321')", s);
    if (nn >= sizeof cfg->name)
        return perr(errbuf, errlen, "transport name '%.*s' is too long", (int)nn, name);
    for (size_t i = 0; i < nn; i++)
        if (!key_char_ok(name[i]))
            return perr(errbuf, errlen, "transport name '%.*s' has an invalid character",
                        (int)nn, name);
    memcpy(cfg->name, name, nn);

    const char *conf = colon ? colon + 1 : "";
    if (strlen(conf) >= sizeof cfg->conf)
        return perr(errbuf, errlen, "%s: configuration is longer than %zu characters",
                    cfg->name, sizeof cfg->conf - 1);
    memcpy(cfg->conf, conf, strlen(conf) + 1);

    if (conf_is_text(cfg->name))
        return TPM2_RC_SUCCESS;
    /* "libtpms:mem" names the default (state in memory) explicitly. */
    if (strcmp(cfg->name, "libtpms") == 0 && strcmp(conf, "mem") == 0)
        return TPM2_RC_SUCCESS;
    return parse_pairs(conf, cfg, errbuf, errlen);
}

const char *tpm2l_tcti_config_get(const tpm2l_tcti_config *cfg, const char *key)
{
    if (!cfg || !key)
        return NULL;
    for (size_t i = 0; i < cfg->n_kv && i < TPM2L_TCTI_KV_MAX; i++)
        if (strcmp(cfg->kv[i].key, key) == 0)
            return cfg->kv[i].value;
    return NULL;
}

/* ---- helpers for the transports' open-from-config functions (config_util.h) ---- */

TPM2_RC tcti_config_check_keys(tpm2l_tcti *t, const tpm2l_tcti_config *cfg,
                               const char *const *known)
{
    for (size_t i = 0; cfg && i < cfg->n_kv; i++) {
        int ok = 0;
        for (const char *const *k = known; *k; k++)
            if (strcmp(cfg->kv[i].key, *k) == 0)
                ok = 1;
        if (ok)
            continue;
        char list[120] = "";
        for (const char *const *k = known; *k; k++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", *k);
        }
        return tpm2l_tcti_error(t, PARSE_ERR, "unknown key '%s' (known: %s)",
                                cfg->kv[i].key, list);
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tcti_config_port(tpm2l_tcti *t, const char *key, const char *v, unsigned max,
                         uint16_t *port)
{
    unsigned long x = 0;
    size_t n = strlen(v);
    if (n == 0 || n > 5)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            goto bad;
        x = x * 10 + (unsigned long)(v[i] - '0');
    }
    if (x == 0 || x > max)
        goto bad;
    *port = (uint16_t)x;
    return TPM2_RC_SUCCESS;
bad:
    return tpm2l_tcti_error(t, PARSE_ERR, "%s '%s' is not a port number from 1 to %u", key, v,
                            max);
}

TPM2_RC tcti_config_bool(tpm2l_tcti *t, const char *key, const char *v, int *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on")) {
        *out = 1;
        return TPM2_RC_SUCCESS;
    }
    if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off")) {
        *out = 0;
        return TPM2_RC_SUCCESS;
    }
    return tpm2l_tcti_error(t, PARSE_ERR, "%s '%s' is not 0/1, yes/no, true/false or on/off",
                            key, v);
}

TPM2_RC tcti_config_copy(tpm2l_tcti *t, const char *key, const char *v, char *dst, size_t cap)
{
    size_t n = strlen(v);
    if (n == 0)
        return tpm2l_tcti_error(t, PARSE_ERR, "%s is empty", key);
    if (n >= cap)
        return tpm2l_tcti_error(t, PARSE_ERR, "%s '%.40s...' is longer than %zu characters",
                                key, v, cap - 1);
    memcpy(dst, v, n + 1);
    return TPM2_RC_SUCCESS;
}

/* ---- opening by name ---- */

static TPM2_RC open_parsed(tpm2l_tcti_any *any, const tpm2l_tcti_config *cfg)
{
    const char *name = cfg->name;
    if (strcmp(name, "device") == 0)
        return tpm2l_tcti_device_open(&any->device, cfg->conf);
    if (strcmp(name, "mssim") == 0)
        return tpm2l_tcti_mssim_open(&any->mssim, cfg);
    if (strcmp(name, "swtpm") == 0)
        return tpm2l_tcti_swtpm_open(&any->swtpm, cfg);
    if (strcmp(name, "cmd") == 0)
        return tpm2l_tcti_cmd_open(&any->cmd, cfg->conf);
    if (strcmp(name, "libtpms") == 0)
        return tpm2l_tcti_libtpms_open_config(&any->libtpms, cfg);
    /* ---- record/replay (corpus engineer): add their names here ---- */
    if (strcmp(name, "tabrmd") == 0)
        return tpm2l_tcti_error(&any->base, TPM2L_RC_TCTI(TPM2L_E_NOT_SUPPORTED),
                                "tabrmd (tpm2-abrmd over D-Bus) is not supported; the "
                                "kernel resource manager does the same job: use "
                                "'device:/dev/tpmrm0'");
    return tpm2l_tcti_error(&any->base, PARSE_ERR,
                            "unknown transport '%s' (known: device, mssim, swtpm, cmd, "
                            "libtpms)", name);
}

TPM2_RC tpm2l_tcti_open(tpm2l_tcti_any *any, const char *conf_string)
{
    if (!any)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(&any->base, 0, sizeof any->base);
    tpm2l_tcti_config cfg;
    char msg[sizeof any->base.err];
    TPM2_RC rc = tpm2l_tcti_config_parse(conf_string, &cfg, msg, sizeof msg);
    if (rc)
        return tpm2l_tcti_error(&any->base, rc, "%s", msg);
    return open_parsed(any, &cfg);
}

const char *tpm2l_tcti_env_string(void)
{
    static const char *const vars[] = {"TPM2LITE_TCTI", "TPM2TOOLS_TCTI", "TCTI"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

TPM2_RC tpm2l_tcti_open_env(tpm2l_tcti_any *any)
{
    if (!any)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    const char *s = tpm2l_tcti_env_string();
    if (s)
        return tpm2l_tcti_open(any, s);
    memset(&any->base, 0, sizeof any->base);
    return tpm2l_tcti_device_open(&any->device, NULL);
}
