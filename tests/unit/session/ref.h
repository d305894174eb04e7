/* ref.h - a second, deliberately plain implementation of the session maths, straight
 * on OpenSSL (EVP_Q_mac, EVP_Digest, EVP aes-*-cfb128), so the library's results are
 * checked against something that shares none of its code. Test-only: aborts the test
 * on any OpenSSL failure. */
#ifndef TPM2LITE_TESTS_UNIT_SESSION_REF_H
#define TPM2LITE_TESTS_UNIT_SESSION_REF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t b[1024];
    size_t n;
} buf_t;

void buf_add(buf_t *b, const void *p, size_t n);
void buf_u32(buf_t *b, uint32_t v);
void buf_u8(buf_t *b, uint8_t v);

/* "SHA1", "SHA256", ... */
size_t ref_hash(const char *md, const void *data, size_t n, uint8_t *out);
size_t ref_hmac(const char *md, const void *key, size_t key_len, const void *data, size_t n,
                uint8_t *out);
/* KDFa per Part 1 §11.4.10.2, written from the formula (bits a multiple of 8). */
void ref_kdfa(const char *md, const void *key, size_t key_len, const char *label,
              const void *u, size_t u_len, const void *v, size_t v_len, uint32_t bits,
              uint8_t *out);
void ref_aes_cfb(int encrypt, const uint8_t *key, size_t key_bytes, const uint8_t iv[16],
                 uint8_t *buf, size_t n);

#endif
