/* ref.c - see ref.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "tests/unit/session/ref.h"

void buf_add(buf_t *b, const void *p, size_t n)
{
    assert_true(b->n + n <= sizeof b->b);
    if (n)
        memcpy(b->b + b->n, p, n);
    b->n += n;
}

void buf_u32(buf_t *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    buf_add(b, x, 4);
}

void buf_u8(buf_t *b, uint8_t v)
{
    buf_add(b, &v, 1);
}

size_t ref_hash(const char *md, const void *data, size_t n, uint8_t *out)
{
    unsigned int len = 0;
    assert_int_equal(EVP_Digest(data, n, out, &len, EVP_get_digestbyname(md), NULL), 1);
    return len;
}

size_t ref_hmac(const char *md, const void *key, size_t key_len, const void *data, size_t n,
                uint8_t *out)
{
    size_t len = 0;
    static const uint8_t none[1];
    assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, key_len ? key : none, key_len,
                              data, n, out, 64, &len));
    return len;
}

void ref_kdfa(const char *md, const void *key, size_t key_len, const char *label,
              const void *u, size_t u_len, const void *v, size_t v_len, uint32_t bits,
              uint8_t *out)
{
    size_t want = bits / 8, done = 0;
    for (uint32_t i = 1; done < want; i++) {
        buf_t m = {.n = 0};
        uint8_t block[64];
        buf_u32(&m, i);
        buf_add(&m, label, strlen(label) + 1);
        buf_add(&m, u, u_len);
        buf_add(&m, v, v_len);
        buf_u32(&m, bits);
        size_t h = ref_hmac(md, key, key_len, m.b, m.n, block);
        size_t k = want - done < h ? want - done : h;
        memcpy(out + done, block, k);
        done += k;
    }
}

void ref_aes_cfb(int encrypt, const uint8_t *key, size_t key_bytes, const uint8_t iv[16],
                 uint8_t *buf, size_t n)
{
    const EVP_CIPHER *c = key_bytes == 16   ? EVP_aes_128_cfb128()
                          : key_bytes == 24 ? EVP_aes_192_cfb128()
                                            : EVP_aes_256_cfb128();
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    int len = 0;
    assert_non_null(x);
    assert_int_equal(EVP_CipherInit_ex(x, c, NULL, key, iv, encrypt), 1);
    assert_int_equal(EVP_CipherUpdate(x, buf, &len, buf, (int)n), 1);
    EVP_CIPHER_CTX_free(x);
}
