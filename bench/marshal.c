/* marshal.c - libtpm2lite marshal+unmarshal cost, the twin of ../shared/peers/mu_bench.c.
 *
 * One "op" = marshal into a byte buffer + unmarshal back into a struct, for the same
 * three values the peer uses (an RSA-2048 storage TPMT_PUBLIC, the same as a
 * TPM2B_PUBLIC, and a quote TPMS_ATTEST), so the two programs' figures are ratios.
 *
 *     bench_marshal [N=1000000] [REPS=5]   -> median ns/op over REPS runs of N ops
 *
 * Instructions: valgrind --tool=callgrind ./bench_marshal 100000 1 and divide the
 * inclusive Ir of loop_tpmt_public / loop_tpm2b_public / loop_attest by N (REPS=1 runs
 * no warm-up, so each loop runs exactly N ops); bench/run.sh does this for both.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tpm2lite/tpm2lite.h>

#define NOINLINE __attribute__((noinline))
#define DIE(...) do { fprintf(stderr, __VA_ARGS__); exit(1); } while (0)

static TPMT_PUBLIC g_pub;
static TPM2B_PUBLIC g_pub2b;
static TPMS_ATTEST g_att;
static uint8_t g_buf[4096];
static volatile size_t g_sink;

static void init_objects(void)
{
    memset(&g_pub, 0, sizeof g_pub);
    g_pub.type = TPM2_ALG_RSA;
    g_pub.nameAlg = TPM2_ALG_SHA256;
    g_pub.objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT |
        TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
        TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA;
    g_pub.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_AES;
    g_pub.parameters.rsaDetail.symmetric.keyBits.aes = 128;
    g_pub.parameters.rsaDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    g_pub.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
    g_pub.parameters.rsaDetail.keyBits = 2048;
    g_pub.parameters.rsaDetail.exponent = 0;
    g_pub.unique.rsa.size = 256;
    for (int i = 0; i < 256; i++)
        g_pub.unique.rsa.buffer[i] = (uint8_t)(i * 7 + 1);

    g_pub2b.size = 0; /* marshalling computes it */
    g_pub2b.publicArea = g_pub;

    memset(&g_att, 0, sizeof g_att);
    g_att.magic = TPM2_GENERATED_VALUE;
    g_att.type = TPM2_ST_ATTEST_QUOTE;
    g_att.qualifiedSigner.size = 34;
    g_att.qualifiedSigner.name[0] = 0x00;
    g_att.qualifiedSigner.name[1] = 0x0b;
    for (int i = 2; i < 34; i++)
        g_att.qualifiedSigner.name[i] = (uint8_t)i;
    g_att.extraData.size = 32;
    for (int i = 0; i < 32; i++)
        g_att.extraData.buffer[i] = (uint8_t)(0xa0 + i);
    g_att.clockInfo.clock = 0x0000001234567890ULL;
    g_att.clockInfo.resetCount = 3;
    g_att.clockInfo.restartCount = 1;
    g_att.clockInfo.safe = TPM2_YES;
    g_att.firmwareVersion = 0x2019102400163636ULL;
    TPMS_QUOTE_INFO *q = &g_att.attested.quote;
    q->pcrSelect.count = 1;
    q->pcrSelect.pcrSelections[0].hash = TPM2_ALG_SHA256;
    q->pcrSelect.pcrSelections[0].sizeofSelect = 3;
    q->pcrSelect.pcrSelections[0].pcrSelect[0] = 0xff;
    q->pcrDigest.size = 32;
    for (int i = 0; i < 32; i++)
        q->pcrDigest.buffer[i] = (uint8_t)(0x55 ^ i);
}

/* Each loop body is one op, written as a caller would: cursors on the stack, one error
 * check per direction. */
static NOINLINE void loop_tpmt_public(long n)
{
    TPMT_PUBLIC out;
    for (long i = 0; i < n; i++) {
        tpm2l_wcur w;
        tpm2l_rcur r;
        size_t len;
        tpm2l_wcur_init(&w, g_buf, sizeof g_buf);
        tpm2l_marshal_TPMT_PUBLIC(&w, &g_pub);
        if (tpm2l_wcur_finish(&w, &len))
            DIE("m1\n");
        tpm2l_rcur_init(&r, g_buf, len);
        tpm2l_unmarshal_TPMT_PUBLIC(&r, &out);
        if (tpm2l_rcur_finish(&r))
            DIE("u1\n");
        g_sink += out.unique.rsa.size;
    }
}

static NOINLINE void loop_tpm2b_public(long n)
{
    TPM2B_PUBLIC out;
    for (long i = 0; i < n; i++) {
        tpm2l_wcur w;
        tpm2l_rcur r;
        size_t len;
        tpm2l_wcur_init(&w, g_buf, sizeof g_buf);
        tpm2l_marshal_TPM2B_PUBLIC(&w, &g_pub2b);
        if (tpm2l_wcur_finish(&w, &len))
            DIE("m2\n");
        tpm2l_rcur_init(&r, g_buf, len);
        tpm2l_unmarshal_TPM2B_PUBLIC(&r, &out);
        if (tpm2l_rcur_finish(&r))
            DIE("u2\n");
        g_sink += out.size;
    }
}

static NOINLINE void loop_attest(long n)
{
    TPMS_ATTEST out;
    for (long i = 0; i < n; i++) {
        tpm2l_wcur w;
        tpm2l_rcur r;
        size_t len;
        tpm2l_wcur_init(&w, g_buf, sizeof g_buf);
        tpm2l_marshal_TPMS_ATTEST(&w, &g_att);
        if (tpm2l_wcur_finish(&w, &len))
            DIE("m3\n");
        tpm2l_rcur_init(&r, g_buf, len);
        tpm2l_unmarshal_TPMS_ATTEST(&r, &out);
        if (tpm2l_rcur_finish(&r))
            DIE("u3\n");
        g_sink += out.extraData.size;
    }
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Marshal, unmarshal, marshal again: the same bytes, of the sizes the peer prints. */
#define ROUNDTRIP(T, v, label)                                                           \
    do {                                                                                 \
        uint8_t a[4096], b[4096];                                                        \
        size_t la, lb;                                                                   \
        T tmp;                                                                           \
        tpm2l_wcur w;                                                                    \
        tpm2l_rcur r;                                                                    \
        tpm2l_wcur_init(&w, a, sizeof a);                                                \
        tpm2l_marshal_##T(&w, v);                                                        \
        if (tpm2l_wcur_finish(&w, &la))                                                  \
            DIE("rt " #T "\n");                                                          \
        tpm2l_rcur_init(&r, a, la);                                                      \
        tpm2l_unmarshal_##T(&r, &tmp);                                                   \
        if (tpm2l_rcur_finish(&r))                                                       \
            DIE("rt " #T " unmarshal\n");                                                \
        tpm2l_wcur_init(&w, b, sizeof b);                                                \
        tpm2l_marshal_##T(&w, &tmp);                                                     \
        if (tpm2l_wcur_finish(&w, &lb) || la != lb || memcmp(a, b, la))                  \
            DIE("rt " #T " compare\n");                                                  \
        printf("%-12s wire size %zu bytes\n", label, la);                                \
    } while (0)

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    if (n <= 0 || reps <= 0 || reps > 99)
        DIE("usage: bench_marshal [N] [REPS]\n");
    init_objects();
    ROUNDTRIP(TPMT_PUBLIC, &g_pub, "TPMT_PUBLIC");
    ROUNDTRIP(TPM2B_PUBLIC, &g_pub2b, "TPM2B_PUBLIC");
    ROUNDTRIP(TPMS_ATTEST, &g_att, "TPMS_ATTEST");
    struct {
        const char *name;
        void (*fn)(long);
    } t[] = {
        {"TPMT_PUBLIC  (rsa2048 storage)", loop_tpmt_public},
        {"TPM2B_PUBLIC (rsa2048 storage)", loop_tpm2b_public},
        {"TPMS_ATTEST  (quote)", loop_attest},
    };
    for (unsigned k = 0; k < sizeof t / sizeof t[0]; k++) {
        double v[99];
        if (reps > 1)
            t[k].fn(n / 10 + 1); /* warm-up (skipped for REPS=1, i.e. callgrind) */
        for (int r = 0; r < reps; r++) {
            double a = now();
            t[k].fn(n);
            v[r] = (now() - a) * 1e9 / (double)n;
        }
        qsort(v, (size_t)reps, sizeof v[0], cmpd);
        printf("%-32s marshal+unmarshal: median %7.1f ns/op (min %7.1f, max %7.1f) over %d x %ld\n",
               t[k].name, v[reps / 2], v[0], v[reps - 1], reps, n);
    }
    return g_sink == 0;
}
