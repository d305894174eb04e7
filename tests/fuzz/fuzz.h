/* fuzz.h - what every fuzz target in tests/fuzz/ shares.
 *
 * Each target defines LLVMFuzzerTestOneInput and is built twice: with libFuzzer
 * (-Dfuzz=true, clang, scripts/fuzz.sh) and, in every normal build, with replay_main.c,
 * which runs the committed seeds and regression inputs through the same function so
 * the normal suites (valgrind, ASan+UBSan) keep checking them. A target must never
 * keep state between inputs that changes how the next input is handled, must never
 * touch the network and never write outside a private temporary directory.
 */
#ifndef TPM2LITE_TESTS_FUZZ_FUZZ_H
#define TPM2LITE_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A reader over the fuzz input that never fails: past the end it yields zeros, so a
 * target can take its configuration bytes first and hand the rest on. */
typedef struct {
    const uint8_t *p;
    size_t n;
} fuzz_in;

static inline uint8_t fuzz_u8(fuzz_in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static inline uint16_t fuzz_u16(fuzz_in *in)
{
    uint16_t hi = fuzz_u8(in);
    return (uint16_t)(hi << 8 | fuzz_u8(in));
}

/* Up to want bytes (fewer at the end of the input); *got says how many. */
static inline const uint8_t *fuzz_take(fuzz_in *in, size_t want, size_t *got)
{
    const uint8_t *p = in->p;
    *got = want < in->n ? want : in->n;
    in->p += *got;
    in->n -= *got;
    return p;
}

#endif
