/* evp_floor.c - which EVP calls allocate once everything is fetched and warm: the
 * evidence for the allocation floor in bench/RESULTS.md. Prints one line per call,
 * "<allocations> <call>", counting through CRYPTO_set_mem_functions (a standalone
 * program may; the library must not touch that global).
 *
 * In OpenSSL 3.0, evp_md_init_internal() (crypto/evp/digest.c) frees ctx->algctx
 * unconditionally and asks the provider for a new one, so every digest init costs one
 * allocation even on a reused EVP_MD_CTX with the same EVP_MD; EVP_MD_CTX_copy_ex()
 * resets the destination and calls the provider's dupctx, also one. Cipher re-keys
 * (NULL cipher) and warm RAND_bytes allocate nothing. EVP_MAC's HMAC is no way out:
 * its init copies the keyed inner digest and its final the outer one (one each).
 */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

static unsigned long n;

static void *count_malloc(size_t s, const char *f, int l)
{
    (void)f;
    (void)l;
    n++;
    return malloc(s);
}

static void *count_realloc(void *p, size_t s, const char *f, int l)
{
    (void)f;
    (void)l;
    n++;
    return realloc(p, s);
}

static void plain_free(void *p, const char *f, int l)
{
    (void)f;
    (void)l;
    free(p);
}

#define SHOW(call)                                                                       \
    do {                                                                                 \
        unsigned long before = n;                                                        \
        int ok = (call);                                                                 \
        printf("%lu %s%s\n", n - before, #call, ok > 0 ? "" : " (failed)");             \
    } while (0)

int main(void)
{
    if (!CRYPTO_set_mem_functions(count_malloc, count_realloc, plain_free))
        return 1;
    unsigned char key[32] = {1}, iv[16] = {2}, buf[64] = {0}, rnd[16];
    int outl;
    size_t macl;
    char sha256[] = "SHA256";
    OSSL_PARAM digest[] = {OSSL_PARAM_construct_utf8_string("digest", sha256, 0),
                           OSSL_PARAM_construct_end()};
    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *m = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
    EVP_MD_CTX *a = EVP_MD_CTX_new(), *b = EVP_MD_CTX_new();
    EVP_CIPHER *aes = EVP_CIPHER_fetch(NULL, "AES-128-CFB", NULL);
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    if (!md || !a || !b || !aes || !x || !m || !EVP_MAC_init(m, key, sizeof key, digest) || RAND_bytes(rnd, sizeof rnd) != 1 ||
        !EVP_DigestInit_ex2(a, md, NULL) || !EVP_MD_CTX_copy_ex(b, a) ||
        !EVP_CipherInit_ex2(x, aes, NULL, NULL, 1, NULL))
        return 1;
    SHOW(EVP_DigestFinal_ex(a, buf, NULL));
    SHOW(EVP_DigestInit_ex2(a, md, NULL));
    SHOW(EVP_DigestInit_ex2(a, NULL, NULL));
    SHOW(EVP_DigestUpdate(a, key, sizeof key));
    SHOW(EVP_MD_CTX_copy_ex(b, a));
    SHOW(EVP_MD_CTX_reset(b));
    SHOW(EVP_CipherInit_ex2(x, NULL, key, iv, 1, NULL));
    SHOW(EVP_CipherUpdate(x, buf, &outl, buf, sizeof buf));
    SHOW(RAND_bytes(rnd, sizeof rnd));
    SHOW(EVP_MAC_init(m, NULL, 0, NULL));
    SHOW(EVP_MAC_update(m, key, sizeof key));
    SHOW(EVP_MAC_final(m, buf, &macl, sizeof buf));
    printf("# OpenSSL %s\n", OpenSSL_version(OPENSSL_VERSION_STRING));
    EVP_MD_CTX_free(a);
    EVP_MD_CTX_free(b);
    EVP_MD_free(md);
    EVP_CIPHER_CTX_free(x);
    EVP_CIPHER_free(aes);
    EVP_MAC_CTX_free(m);
    EVP_MAC_free(hmac);
    return 0;
}
