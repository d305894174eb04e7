/* record_replay.c - record an application's TPM traffic once, replay it with no TPM.
 *
 *     record_replay record TCTI FILE   run app() against a real TPM, writing FILE
 *     record_replay replay FILE        run app() against FILE alone (no TPM, no network)
 *
 * app() draws its nonces from the context's random source; seeding that source with
 * the seed stored in the recording makes every byte the library sends identical on
 * replay, so the replay transport can check each command byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tpm2lite/tpm2lite.h>

/* The code under test: anything that uses a tpm2l_ctx. */
static TPM2_RC app(tpm2l_ctx *ctx)
{
    uint8_t nonce[16];
    TPM2_RC rc = tpm2l_random(ctx, nonce, sizeof nonce); /* from the seeded source */
    if (rc)
        return rc;
    tpm2l_StirRandom_in stir = {.inData = {.size = sizeof nonce}};
    memcpy(stir.inData.buffer, nonce, sizeof nonce);
    rc = tpm2l_StirRandom(ctx, &stir);
    if (rc)
        return rc;
    tpm2l_GetRandom_in in = {.bytesRequested = 8};
    tpm2l_GetRandom_out out;
    rc = tpm2l_GetRandom(ctx, &in, &out);
    if (!rc)
        printf("%u random bytes, first 0x%02x\n", out.randomBytes.size, out.randomBytes.buffer[0]);
    return rc;
}

static const uint8_t seed[] = "record_replay example seed";

static int report(const char *what, TPM2_RC rc, const char *detail)
{
    fprintf(stderr, "%s: %s\n  %s\n", what, tpm2l_rc_str(rc).s, detail);
    return 1;
}

static int record(const char *conf, const char *path)
{
    static tpm2l_tcti_any tpm;
    static tpm2l_tcti_record rec;
    static tpm2l_ctx ctx;
    tpm2l_seeded_rng rng;

    TPM2_RC rc = tpm2l_tcti_open(&tpm, conf);
    if (rc)
        return report("open", rc, tpm.base.err);
    tpm2l_record_opts opts = {.scenario = "example", .seed = seed, .seed_len = sizeof seed};
    rc = tpm2l_tcti_record_open(&rec, &tpm.base, path, &opts);
    if (rc) {
        tpm2l_tcti_close(&tpm.base);
        return report("record", rc, rec.base.err);
    }
    tpm2l_ctx_init(&ctx, &rec.base);
    tpm2l_seeded_rng_init(&rng, seed, sizeof seed);
    tpm2l_ctx_set_rng(&ctx, tpm2l_seeded_rng_fn, &rng);

    rc = app(&ctx);
    int status = rc ? report("app", rc, tpm2l_ctx_error(&ctx)) : 0;
    if (!rc && (rc = tpm2l_tcti_record_finish(&rec)) != 0)
        status = report("finish", rc, rec.base.err);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&rec.base); /* the recorder first, then what it wraps */
    tpm2l_tcti_close(&tpm.base);
    return status;
}

static int replay(const char *path)
{
    static tpm2l_tcti_replay rp;
    static uint8_t store[64 * 1024]; /* at least the file's size */
    static tpm2l_ctx ctx;
    tpm2l_seeded_rng rng;
    const uint8_t *s;
    size_t s_len;

    TPM2_RC rc = tpm2l_tcti_replay_open(&rp, path, store, sizeof store);
    if (rc)
        return report("replay", rc, rp.base.err);
    tpm2l_ctx_init(&ctx, &rp.base);
    tpm2l_tcti_replay_seed(&rp, &s, &s_len);
    tpm2l_seeded_rng_init(&rng, s, s_len);
    tpm2l_ctx_set_rng(&ctx, tpm2l_seeded_rng_fn, &rng);

    rc = app(&ctx);
    int status = rc ? report("app", rc, tpm2l_ctx_error(&ctx)) : 0;
    /* Every recorded exchange must have been used: a test that stops early fails. */
    if (!rc && (rc = tpm2l_tcti_replay_finish(&rp)) != 0)
        status = report("finish", rc, rp.base.err);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&rp.base);
    return status;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "record"))
        return record(argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "replay"))
        return replay(argv[2]);
    fprintf(stderr, "usage: %s record TCTI FILE | replay FILE\n", argv[0]);
    return 2;
}
