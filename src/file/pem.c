/* pem.c - PEM armour (RFC 7468) with a strict base64 (RFC 4648 §4) codec of our own,
 * so the file layer needs no OpenSSL.
 *
 * Must never read past len, write past cap, or accept a body that is not canonical
 * base64 (a decoder that tolerates junk lets two different files mean one key).
 */
#include <string.h>

#include "tpm2lite/keyfile.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Position of needle in hay[from..len), or len if absent. */
static size_t find(const char *hay, size_t len, size_t from, const char *needle, size_t n)
{
    if (n > len)
        return len;
    for (size_t i = from; i + n <= len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return i;
    return len;
}

/* "-----BEGIN " label "-----" into buf; 0 if it does not fit. */
static size_t boundary(char *buf, size_t cap, const char *kind, const char *label)
{
    size_t k = strlen(kind), l = strlen(label);
    if (5 + k + l + 5 > cap)
        return 0;
    /* A line fragment, not a C string: the caller adds the line end. */
    /* NOLINTBEGIN(bugprone-not-null-terminated-result) */
    memcpy(buf, "-----", 5);
    memcpy(buf + 5, kind, k);
    memcpy(buf + 5 + k, label, l);
    memcpy(buf + 5 + k + l, "-----", 5);
    /* NOLINTEND(bugprone-not-null-terminated-result) */
    return 5 + k + l + 5;
}

static TPM2_RC b64_decode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
    uint32_t acc = 0;
    size_t got = 0, o = 0, pad = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_space(c))
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad) /* a character outside the alphabet, or data after '=' */
            return TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE);
        acc = (acc << 6) | (uint32_t)v;
        if (++got % 4 == 0) {
            if (cap - o < 3)
                return TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT);
            out[o++] = (uint8_t)(acc >> 16);
            out[o++] = (uint8_t)(acc >> 8);
            out[o++] = (uint8_t)acc;
            acc = 0;
        }
    }
    size_t rem = got % 4;
    if (rem == 1)
        return TPM2L_RC_PARSE(TPM2L_E_TRUNCATED);
    /* Padding must complete the last quantum exactly; a body without any is cut short. */
    if ((rem == 0 && pad != 0) || (rem && pad != 4 - rem))
        return TPM2L_RC_PARSE(rem && pad == 0 ? TPM2L_E_TRUNCATED : TPM2L_E_BAD_VALUE);
    if (rem) {
        size_t bytes = rem - 1;
        size_t unused = 6 * rem - 8 * bytes;
        if (acc & ((1u << unused) - 1)) /* non-canonical: stray low bits */
            return TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE);
        acc >>= unused;
        if (cap - o < bytes)
            return TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT);
        for (size_t k = bytes; k-- > 0;)
            out[o++] = (uint8_t)(acc >> (8 * k));
    }
    *out_len = o;
    return 0;
}

TPM2_RC tpm2l_pem_decode(const char *in, size_t len, const char *label, uint8_t *der,
                         size_t cap, size_t *der_len)
{
    if (!in || !label || !der || !der_len)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    char begin[96], end[96];
    size_t bl = boundary(begin, sizeof begin, "BEGIN ", label);
    size_t el = boundary(end, sizeof end, "END ", label);
    if (!bl || !el)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    size_t b = find(in, len, 0, begin, bl);
    /* The BEGIN line starts a line. */
    while (b < len && b > 0 && in[b - 1] != '\n')
        b = find(in, len, b + 1, begin, bl);
    if (b == len)
        return TPM2L_RC_PARSE(TPM2L_E_NOT_FOUND);
    size_t body = b + bl;
    while (body < len && (in[body] == ' ' || in[body] == '\t' || in[body] == '\r'))
        body++;
    if (body == len)
        return TPM2L_RC_PARSE(TPM2L_E_TRUNCATED);
    if (in[body] != '\n')
        return TPM2L_RC_PARSE(TPM2L_E_BAD_VALUE);
    size_t e = find(in, len, body, "-----", 5);
    if (e == len)
        return TPM2L_RC_PARSE(TPM2L_E_TRUNCATED);
    if (len - e < el || memcmp(in + e, end, el) != 0)
        return TPM2L_RC_PARSE(len - e < el && memcmp(in + e, end, len - e) == 0
                                  ? TPM2L_E_TRUNCATED
                                  : TPM2L_E_BAD_VALUE);
    for (size_t i = e + el; i < len; i++)
        if (!is_space(in[i]) && !(in[i] == 0 && i == len - 1))
            return TPM2L_RC_PARSE(TPM2L_E_TRAILING);
    return b64_decode(in + body, e - body, der, cap, der_len);
}

TPM2_RC tpm2l_pem_encode(const char *label, const uint8_t *der, size_t der_len, char *out,
                         size_t cap, size_t *out_len)
{
    if (!label || (!der && der_len) || !out || !out_len)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    char begin[96], end[96];
    size_t bl = boundary(begin, sizeof begin, "BEGIN ", label);
    size_t el = boundary(end, sizeof end, "END ", label);
    if (!bl || !el)
        return TPM2L_RC_PARSE(TPM2L_E_BAD_ARG);
    size_t chars = (der_len + 2) / 3 * 4;
    size_t lines = (chars + 63) / 64;
    size_t need = bl + 1 + chars + lines + el + 1;
    if (der_len > (SIZE_MAX - 200) / 2 || cap < need + 1)
        return TPM2L_RC_PARSE(TPM2L_E_INSUFFICIENT);
    size_t o = 0;
    memcpy(out, begin, bl);
    o += bl;
    out[o++] = '\n';
    size_t col = 0;
    for (size_t i = 0; i < der_len; i += 3) {
        uint32_t v = (uint32_t)der[i] << 16;
        size_t k = der_len - i;
        if (k > 1)
            v |= (uint32_t)der[i + 1] << 8;
        if (k > 2)
            v |= der[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = k > 1 ? b64[(v >> 6) & 63] : '=';
        out[o++] = k > 2 ? b64[v & 63] : '=';
        col += 4;
        if (col == 64) {
            out[o++] = '\n';
            col = 0;
        }
    }
    if (col)
        out[o++] = '\n';
    memcpy(out + o, end, el);
    o += el;
    out[o++] = '\n';
    out[o] = 0;
    *out_len = o;
    return 0;
}
