/* pcapng.c - write TPM messages as a pcapng capture that Wireshark decodes.
 *
 * Each message is one Ethernet/IPv4/TCP frame on loopback between the host port
 * 50000 and the TPM port 2321 (Wireshark's tpm20 dissector is registered on TCP
 * ports 2321-2322 and treats the frame whose source port is the higher one as a
 * command). Blocks follow the pcapng specification (IETF draft-ietf-opsawg-pcapng):
 * Section Header, Interface Description (LINKTYPE_ETHERNET), then one Enhanced Packet
 * Block per message. Everything is written little-endian, whatever the host, so the
 * same traffic gives the same bytes apart from timestamps.
 *
 * Debugging output only: it must never alter or hold back a message, and never
 * allocate per message (frames are assembled in a small stack buffer).
 */
#include <string.h>
#include <time.h>

#include "tpm2lite/corpus.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define LINKTYPE_ETHERNET 1u

#define HOST_PORT 50000u
#define TPM_PORT 2321u
#define LOOPBACK 0x7F000001u

#define ETH_LEN 14u
#define IP_LEN 20u
#define TCP_LEN 20u
#define HDRS_LEN (ETH_LEN + IP_LEN + TCP_LEN)

#define IO_ERR TPM2L_RC_TCTI(TPM2L_E_IO)

static void le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

static void be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
    be16(p, v >> 16);
    be16(p + 2, v);
}

/* RFC 1071 one's-complement sum over 16-bit big-endian words; an odd last byte is
 * padded with zero. */
static uint32_t sum16(uint32_t acc, const uint8_t *p, size_t n)
{
    for (; n >= 2; p += 2, n -= 2)
        acc += (uint32_t)p[0] << 8 | p[1];
    if (n)
        acc += (uint32_t)p[0] << 8;
    return acc;
}

static uint16_t fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFFu) + (acc >> 16);
    return (uint16_t)~acc;
}

static TPM2_RC put(tpm2l_pcapng *p, const void *b, size_t n)
{
    if (n && fwrite(b, 1, n, p->fp) != n)
        return IO_ERR;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC write_preamble(tpm2l_pcapng *p)
{
    uint8_t b[28 + 20];
    memset(b, 0, sizeof b);
    /* Section Header Block: type, length, byte-order magic, version 1.0, section
     * length -1 (unknown), length again. */
    le32(b, BT_SHB);
    le32(b + 4, 28);
    le32(b + 8, 0x1A2B3C4Du);
    b[12] = 1; /* major, u16 LE */
    le32(b + 16, 0xFFFFFFFFu);
    le32(b + 20, 0xFFFFFFFFu);
    le32(b + 24, 28);
    /* Interface Description Block: link type, reserved, snaplen 0 = unlimited. The
     * default timestamp resolution (no if_tsresol option) is microseconds. */
    le32(b + 28, BT_IDB);
    le32(b + 32, 20);
    b[36] = LINKTYPE_ETHERNET;
    le32(b + 44, 20);
    TPM2_RC rc = put(p, b, sizeof b);
    if (rc)
        return rc;
    return fflush(p->fp) == 0 ? TPM2_RC_SUCCESS : IO_ERR;
}

TPM2_RC tpm2l_pcapng_open_stream(tpm2l_pcapng *p, FILE *fp)
{
    if (!p || !fp)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(p, 0, sizeof *p);
    p->fp = fp;
    p->seq_host = 1;
    p->seq_tpm = 1;
    return write_preamble(p);
}

TPM2_RC tpm2l_pcapng_open(tpm2l_pcapng *p, const char *path)
{
    if (!p || !path)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return IO_ERR;
    TPM2_RC rc = tpm2l_pcapng_open_stream(p, fp);
    if (rc) {
        fclose(fp);
        p->fp = NULL;
        return rc;
    }
    p->own_fp = 1;
    return TPM2_RC_SUCCESS;
}

/* Ethernet + IPv4 + TCP headers for one segment carrying len payload bytes. */
static void build_headers(tpm2l_pcapng *p, int to_tpm, const uint8_t *msg, size_t len,
                          uint8_t *h)
{
    /* Locally administered MACs: 02:..:01 is the host, 02:..:02 the TPM. */
    static const uint8_t mac_host[6] = { 2, 0, 0, 0, 0, 1 };
    static const uint8_t mac_tpm[6] = { 2, 0, 0, 0, 0, 2 };
    memcpy(h, to_tpm ? mac_tpm : mac_host, 6);
    memcpy(h + 6, to_tpm ? mac_host : mac_tpm, 6);
    be16(h + 12, 0x0800); /* IPv4 */

    uint8_t *ip = h + ETH_LEN;
    memset(ip, 0, IP_LEN);
    ip[0] = 0x45; /* version 4, 5 words */
    be16(ip + 2, (uint32_t)(IP_LEN + TCP_LEN + len));
    be16(ip + 4, p->ip_id++);
    be16(ip + 6, 0x4000); /* don't fragment */
    ip[8] = 64;           /* TTL */
    ip[9] = 6;            /* TCP */
    be32(ip + 12, LOOPBACK);
    be32(ip + 16, LOOPBACK);
    be16(ip + 10, fold(sum16(0, ip, IP_LEN)));

    uint8_t *tcp = ip + IP_LEN;
    memset(tcp, 0, TCP_LEN);
    be16(tcp, to_tpm ? HOST_PORT : TPM_PORT);
    be16(tcp + 2, to_tpm ? TPM_PORT : HOST_PORT);
    be32(tcp + 4, to_tpm ? p->seq_host : p->seq_tpm);
    be32(tcp + 8, to_tpm ? p->seq_tpm : p->seq_host);
    tcp[12] = 5 << 4;  /* data offset: 5 words */
    tcp[13] = 0x18;    /* PSH, ACK */
    be16(tcp + 14, 0xFFFF);
    /* Checksum over the pseudo-header (addresses, protocol, TCP length), the TCP
     * header and the payload (RFC 793 §3.1). */
    uint32_t acc = sum16(0, ip + 12, 8);
    acc += 6 + (uint32_t)(TCP_LEN + len);
    acc = sum16(acc, tcp, TCP_LEN);
    acc = sum16(acc, msg, len);
    be16(tcp + 16, fold(acc));

    if (to_tpm)
        p->seq_host += (uint32_t)len;
    else
        p->seq_tpm += (uint32_t)len;
}

TPM2_RC tpm2l_pcapng_write(tpm2l_pcapng *p, int to_tpm, const uint8_t *msg, size_t len)
{
    if (!p || !p->fp || (!msg && len) || len > TPM2L_MAX_MESSAGE)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    uint32_t cap = (uint32_t)(HDRS_LEN + len);
    uint32_t pad = (4 - cap % 4) % 4;
    uint32_t total = 28 + cap + pad + 4;

    struct timespec ts;
    uint64_t us = 0;
    if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
        us = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;

    uint8_t b[28 + HDRS_LEN];
    le32(b, BT_EPB);
    le32(b + 4, total);
    le32(b + 8, 0); /* interface 0 */
    le32(b + 12, (uint32_t)(us >> 32));
    le32(b + 16, (uint32_t)us);
    le32(b + 20, cap);
    le32(b + 24, cap);
    build_headers(p, to_tpm, msg, len, b + 28);

    static const uint8_t zeros[4] = { 0 };
    uint8_t trailer[4];
    le32(trailer, total);
    TPM2_RC rc = put(p, b, sizeof b);
    if (!rc)
        rc = put(p, msg, len);
    if (!rc)
        rc = put(p, zeros, pad);
    if (!rc)
        rc = put(p, trailer, 4);
    if (!rc && fflush(p->fp) != 0)
        rc = IO_ERR;
    return rc;
}

TPM2_RC tpm2l_pcapng_close(tpm2l_pcapng *p)
{
    if (!p || !p->fp)
        return TPM2_RC_SUCCESS;
    int bad = fflush(p->fp) != 0;
    if (p->own_fp && fclose(p->fp) != 0)
        bad = 1;
    p->fp = NULL;
    return bad ? IO_ERR : TPM2_RC_SUCCESS;
}
