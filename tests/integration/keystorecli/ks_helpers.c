/* ks_helpers.c - see ks_helpers.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "ks_helpers.h"
#include "tpm2lite/keyfile.h"

run_result R;

static void flush_transient(void)
{
    static run_result f;
    const char *argv[] = {"tpm2_flushcontext", "-t", NULL};
    run_argv(&f, argv);
}

int sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = run_vsh(&R, fmt, ap);
    va_end(ap);
    flush_transient();
    return st;
}

int have_provider(void)
{
    return sh("openssl list -providers -provider tpm2 2>&1 | grep -qi tpm2") == 0;
}

void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The storage primary of the walkthrough at 0x81000001 (tpm2_createprimary's ECC
 * template), made once and kept. */
void ensure_srk(void)
{
    static run_result q;
    if (run_cli(&q, cli_tcti, "readpublic", "-c", "0x81000001", NULL) == 0)
        return;
    OK("createprimary", "-C", "o", "-G", "ecc", "-c", scratch("srk.ctx"));
    OK("evictcontrol", "-C", "o", "-c", scratch("srk.ctx"), "0x81000001");
    OK("flushcontext", "-t");
}

/* name.pem (openssl genpkey) and name.pub.pem, once per run. */
const char *genkey(const char *name, int rsa)
{
    static char path[512];
    snprintf(path, sizeof path, "%s", scratch(name));
    struct stat st;
    if (stat(path, &st) != 0) {
        if (rsa)
            SH("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '%s' && "
               "openssl pkey -in '%s' -pubout -out '%s.pub'",
               path, path, path);
        else
            SH("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '%s' && "
               "openssl pkey -in '%s' -pubout -out '%s.pub'",
               path, path, path);
    }
    return path;
}

const char *message(void)
{
    const char *m = scratch("msg.txt");
    write_bytes(m, "attack at dawn\n", 15);
    return m;
}

int openssl_verifies(const char *pubpem, const char *sig, const char *msg,
                            const char *extra)
{
    return sh("openssl dgst -sha256 %s -verify '%s' -signature '%s' '%s'", extra, pubpem, sig,
              msg);
}

void import_sign_verify(const char *name, int rsa, const char *parent)
{
    ensure_srk();
    const char *k = genkey(name, rsa);
    char out[512], sig[512], pub[520];
    snprintf(out, sizeof out, "%s.tss", k);
    snprintf(sig, sizeof sig, "%s.sig", k);
    snprintf(pub, sizeof pub, "%s.pub", k);
    OK("importkey", "-p", parent, "-w", k, "-o", out);
    assert_non_null(strstr(R.out, "type: loadable"));
    OK("sign", "-c", out, "-o", sig, message());
    assert_int_equal(openssl_verifies(pub, sig, message(), ""), 0);
}

size_t key_der(uint8_t *der, size_t cap)
{
    static tpm2l_tpmkey key;
    static uint8_t buf[16384], scratch_buf[16384];
    ensure_srk();
    const char *k = genkey("ec.pem", 0);
    OK("importkey", "-p", "81000001", "-w", k, "-o", scratch("d.tss"));
    long n = file_read(scratch("d.tss"), buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(tpm2l_tpmkey_read(buf, (size_t)n, scratch_buf, sizeof scratch_buf, &key), 0);
    size_t len;
    assert_int_equal(tpm2l_tpmkey_to_der(&key, der, cap, &len), 0);
    return len;
}

void reparent(const char *in, uint32_t parent, const char *out)
{
    static tpm2l_tpmkey key;
    static uint8_t buf[16384], sb[16384];
    static char pem[16384];
    long n = file_read(in, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(tpm2l_tpmkey_read(buf, (size_t)n, sb, sizeof sb, &key), 0);
    key.parent = parent;
    size_t len;
    assert_int_equal(tpm2l_tpmkey_to_pem(&key, pem, sizeof pem, &len), 0);
    write_bytes(out, pem, len);
}

/* swtpm for the whole file, and tpm2-openssl pointed at it too. */
int keystore_setup(void **state)
{
    if (cli_sim_start(state))
        return -1;
    const char *t = getenv("TPM2TOOLS_TCTI");
    if (t)
        setenv("TPM2OPENSSL_TCTI", t, 1);
    return 0;
}
