/* attest_util.c - what the attest integration tests share (attest_util.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tests/integration/attest/attest_util.h"

void create(TPM2_HANDLE hierarchy_handle, const TPMT_PUBLIC *tmpl, primary_t *p)
{
    static tpm2l_CreatePrimary_in in;
    TPM2B_NAME hq;
    memset(&in, 0, sizeof in);
    in.primaryHandle = hierarchy(hierarchy_handle, NULL);
    in.inPublic.publicArea = *tmpl;
    OK(tpm2l_CreatePrimary(&ctx, &in, &p->out));
    assert_int_equal(tpm2l_name_from_handle(hierarchy_handle, &hq), 0);
    assert_int_equal(tpm2l_qualified_name(NULL, &hq, &p->out.name, &p->qn), 0);
}

void create_id(TPM2_HANDLE hierarchy_handle, tpm2l_template_id id, primary_t *p)
{
    TPMT_PUBLIC t;
    assert_int_equal(tpm2l_template_get(id, &t), 0);
    create(hierarchy_handle, &t, p);
}

tpm2l_auth_handle use(const primary_t *p)
{
    tpm2l_auth_handle ah = hierarchy(p->out.objectHandle.handle, NULL);
    ah.name = p->out.name;
    return ah;
}

void fresh_nonce(TPM2B_DATA *d)
{
    memset(d, 0, sizeof *d);
    d->size = 32;
    OK(tpm2l_random(&ctx, d->buffer, 32));
}

void expect_failed(TPM2_RC rc, const tpm2l_verify_result *res, tpm2l_verify_check want)
{
    if (!rc || res->failed != want)
        fail_msg("got rc 0x%x check %s (%s), want check %s", (unsigned)rc,
                 tpm2l_verify_check_str(res->failed), res->detail,
                 tpm2l_verify_check_str(want));
}


void run(const char *fmt, ...)
{
    char cmd[2048], out[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    int rc = sim_run(argv, out, sizeof out, 120000);
    if (rc)
        fail_msg("%s: exit %d: %s", cmd, rc, out);
}


size_t slurp(const char *name, uint8_t *buf, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", sim.dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}
