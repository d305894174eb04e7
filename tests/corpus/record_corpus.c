/* record_corpus.c - record one scenario against a live TPM into DIR/<name>.corpus.
 *
 *     record_corpus TCTI_CONFIG DIR "TPM description" SCENARIO [PCAPNG]
 *
 * Driven by tests/corpus/record.sh, which starts a fresh swtpm for each scenario. The
 * file is written by the record transport wrapped around the transport TCTI_CONFIG
 * opens; the scenario's random source is seeded with the scenario's name. */
#include <stdio.h>
#include <string.h>

#include "tests/corpus/scenarios.h"

int main(int argc, char **argv)
{
    static tpm2l_tcti_any inner;
    static tpm2l_tcti_record rec;
    static tpm2l_ctx ctx;
    static scenario_run run;
    char path[1024];
    if (argc < 5) {
        fprintf(stderr, "usage: %s TCTI_CONFIG DIR TPM_DESCRIPTION SCENARIO [PCAPNG]\n",
                argv[0]);
        return 2;
    }
    const scenario *sc = scenario_find(argv[4]);
    if (!sc) {
        fprintf(stderr, "no scenario '%s'\n", argv[4]);
        return 2;
    }
    TPM2_RC rc = tpm2l_tcti_open(&inner, argv[1]);
    if (rc) {
        fprintf(stderr, "%s: %s\n", argv[1], tpm2l_rc_str(rc).s);
        return 1;
    }
    snprintf(path, sizeof path, "%s/%s.corpus", argv[2], sc->name);
    const tpm2l_record_opts opts = {
        .scenario = sc->name,
        .seed = (const uint8_t *)sc->name,
        .seed_len = strlen(sc->name),
        .tpm = argv[3],
        .pcapng_path = argc > 5 ? argv[5] : NULL,
    };
    rc = tpm2l_tcti_record_open(&rec, &inner.base, path, &opts);
    if (rc) {
        fprintf(stderr, "%s\n", rec.base.err);
        tpm2l_tcti_close(&inner.base);
        return 1;
    }
    tpm2l_ctx_init(&ctx, &rec.base);
    rc = scenario_execute(sc, &ctx, &rec, opts.seed, opts.seed_len, &run);
    TPM2_RC wrc = tpm2l_tcti_record_finish(&rec);
    tpm2l_ctx_close(&ctx);
    tpm2l_tcti_close(&rec.base);
    tpm2l_tcti_close(&inner.base);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sc->name, run.why);
        return 1;
    }
    if (wrc) {
        fprintf(stderr, "%s: %s\n", path, rec.base.err);
        return 1;
    }
    printf("%s: %s\n", path, sc->what);
    return 0;
}
