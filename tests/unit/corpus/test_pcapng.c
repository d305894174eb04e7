/* test_pcapng.c - the pcapng capture: block structure per the pcapng specification,
 * frames whose IPv4 and TCP checksums verify, ports and sequence numbers that make a
 * clean TCP stream for Wireshark's TPM 2.0 dissector. With a tshark path as argv[1],
 * also checks that tshark decodes the command codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tpm2lite/corpus.h"
#include "tests/unit/corpus/fake_inner.h"

static const char *tshark;

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }

static uint32_t be32(const uint8_t *p) { return be16(p) << 16 | be16(p + 2); }

/* RFC 1071: a correct checksum makes the one's-complement sum 0xFFFF. */
static uint32_t ones_sum(uint32_t acc, const uint8_t *p, size_t n)
{
    for (; n >= 2; p += 2, n -= 2)
        acc += be16(p);
    if (n)
        acc += (uint32_t)p[0] << 8;
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return acc;
}

static size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void temp_path(char *path, size_t cap)
{
    snprintf(path, cap, "/tmp/tpm2l-pcapng-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

static const fake_msg responses[] = {
    { fake_getrandom_rsp, sizeof fake_getrandom_rsp },
    { fake_extend_rsp, sizeof fake_extend_rsp },
};

/* Record GetRandom and PCR_Extend through the fake into a pcapng at path. */
static void record_pcapng(const char *path)
{
    fake_inner f;
    tpm2l_tcti_record rec;
    uint8_t buf[TPM2L_MAX_MESSAGE];
    size_t got;
    const tpm2l_record_opts o = { .scenario = "pcap", .pcapng_path = path };
    fake_inner_open(&f, responses, 2);
    assert_int_equal(tpm2l_tcti_record_open(&rec, &f.base, NULL, &o), 0);
    assert_int_equal(tpm2l_tcti_transmit(&rec.base, fake_getrandom_cmd,
                                         sizeof fake_getrandom_cmd), 0);
    assert_int_equal(tpm2l_tcti_receive(&rec.base, buf, sizeof buf, &got), 0);
    assert_int_equal(tpm2l_tcti_transmit(&rec.base, fake_extend_cmd, fake_extend_cmd_len), 0);
    assert_int_equal(tpm2l_tcti_receive(&rec.base, buf, sizeof buf, &got), 0);
    assert_int_equal(tpm2l_tcti_record_finish(&rec), 0);
}

static void test_capture_has_valid_blocks_and_frames(void **state)
{
    (void)state;
    char path[64];
    static uint8_t file[65536];
    temp_path(path, sizeof path);
    record_pcapng(path);
    size_t n = read_file(path, file, sizeof file);
    unlink(path);

    /* Section Header Block, then Interface Description Block (Ethernet). */
    assert_true(n >= 48);
    assert_int_equal(le32(file), 0x0A0D0D0A);
    assert_int_equal(le32(file + 4), 28);
    assert_int_equal(le32(file + 8), 0x1A2B3C4D);
    assert_int_equal(file[12] | file[13] << 8, 1);
    assert_int_equal(le32(file + 24), 28);
    assert_int_equal(le32(file + 28), 1);
    assert_int_equal(le32(file + 32), 20);
    assert_int_equal(file[36] | file[37] << 8, 1);
    assert_int_equal(le32(file + 44), 20);

    const struct {
        const uint8_t *msg;
        size_t len;
        int to_tpm;
    } want[] = {
        { fake_getrandom_cmd, sizeof fake_getrandom_cmd, 1 },
        { fake_getrandom_rsp, sizeof fake_getrandom_rsp, 0 },
        { fake_extend_cmd, fake_extend_cmd_len, 1 },
        { fake_extend_rsp, sizeof fake_extend_rsp, 0 },
    };
    uint32_t seq[2] = { 1, 1 }; /* [0] TPM -> host, [1] host -> TPM */
    size_t at = 48;
    for (size_t i = 0; i < 4; i++) {
        const uint8_t *b = file + at;
        assert_true(n - at >= 32);
        uint32_t total = le32(b + 4), cap = le32(b + 20);
        assert_int_equal(le32(b), 6);                   /* Enhanced Packet Block */
        assert_int_equal(total % 4, 0);
        assert_true(total <= n - at);
        assert_int_equal(le32(b + total - 4), total);   /* trailing length copy */
        assert_int_equal(cap, 54 + want[i].len);
        assert_int_equal(le32(b + 24), cap);            /* not truncated */
        assert_int_equal(total, 32 + ((cap + 3) & ~3u));

        const uint8_t *eth = b + 28, *ip = eth + 14, *tcp = ip + 20;
        assert_int_equal(be16(eth + 12), 0x0800);
        assert_int_equal(ip[0], 0x45);
        assert_int_equal(be16(ip + 2), 40 + want[i].len);
        assert_int_equal(ip[9], 6);
        assert_int_equal(ones_sum(0, ip, 20), 0xFFFF);
        uint32_t pseudo = ones_sum(0, ip + 12, 8) + 6 + (uint32_t)(20 + want[i].len);
        assert_int_equal(ones_sum(ones_sum(pseudo, tcp, 20), tcp + 20, want[i].len), 0xFFFF);
        assert_int_equal(be16(tcp), want[i].to_tpm ? 50000 : 2321);
        assert_int_equal(be16(tcp + 2), want[i].to_tpm ? 2321 : 50000);
        assert_int_equal(be32(tcp + 4), seq[want[i].to_tpm]);
        assert_int_equal(be32(tcp + 8), seq[!want[i].to_tpm]);
        assert_memory_equal(tcp + 20, want[i].msg, want[i].len);
        seq[want[i].to_tpm] += (uint32_t)want[i].len;
        at += total;
    }
    assert_int_equal(at, n);
}

static void test_open_fails_on_an_unwritable_path(void **state)
{
    (void)state;
    tpm2l_pcapng p;
    assert_int_equal(tpm2l_pcapng_open(&p, "/nonexistent/dir/x.pcapng"),
                     TPM2L_RC_TCTI(TPM2L_E_IO));
}

static void test_write_rejects_an_oversized_message(void **state)
{
    (void)state;
    tpm2l_pcapng p;
    static uint8_t big[TPM2L_MAX_MESSAGE + 1];
    FILE *f = tmpfile();
    assert_int_equal(tpm2l_pcapng_open_stream(&p, f), 0);
    assert_int_equal(tpm2l_pcapng_write(&p, 1, big, sizeof big),
                     TPM2L_RC_TCTI(TPM2L_E_BAD_ARG));
    assert_int_equal(tpm2l_pcapng_close(&p), 0);
    fclose(f);
}

static void test_tshark_decodes_the_command_codes(void **state)
{
    (void)state;
    char path[64], cmd[256], out[256] = "";
    temp_path(path, sizeof path);
    record_pcapng(path);
    snprintf(cmd, sizeof cmd, "'%s' -r '%s' -Y tpm -T fields -e tpm.req.cc 2>/dev/null",
             tshark, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
    unlink(path);
    /* One line per frame: the two commands carry their codes, the responses none. */
    assert_string_equal(out, "0x0000017b\n\n0x00000182\n\n");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture_has_valid_blocks_and_frames),
        cmocka_unit_test(test_open_fails_on_an_unwritable_path),
        cmocka_unit_test(test_write_rejects_an_oversized_message),
    };
    const struct CMUnitTest tshark_tests[] = {
        cmocka_unit_test(test_tshark_decodes_the_command_codes),
    };
    if (argc > 1) {
        tshark = argv[1];
        return cmocka_run_group_tests(tshark_tests, NULL, NULL);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
