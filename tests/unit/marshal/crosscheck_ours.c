/* crosscheck_ours.c - our side of the libtss2-mu cross-check: generate, marshal and
 * unmarshal with libtpm2lite. Sees only our headers (and crosscheck.h). */
#include "crosscheck.h"
#include "tpm2lite/marshal.h"

#include "gen.inc"

#define SIDE(name) xc_ours_##name

#define SIDE_MARSHAL(T, v, buf, cap, plen)                                                   \
    do {                                                                                     \
        tpm2l_wcur w_;                                                                       \
        tpm2l_wcur_init(&w_, (buf), (cap));                                                  \
        tpm2l_marshal_##T(&w_, (v));                                                         \
        rc = (int)tpm2l_wcur_finish(&w_, (plen));                                            \
    } while (0)

/* tpm2l_rcur_finish refuses leftovers, so "all of buf" is checked here too. */
#define SIDE_UNMARSHAL(T, buf, len, v)                                                       \
    do {                                                                                     \
        tpm2l_rcur r_;                                                                       \
        tpm2l_rcur_init(&r_, (buf), (len));                                                  \
        tpm2l_unmarshal_##T(&r_, (v));                                                       \
        rc = (int)tpm2l_rcur_finish(&r_);                                                    \
    } while (0)

#define SIDE_ATTEST_NV_DIGEST_MARSHAL(v, buf, cap, plen) SIDE_MARSHAL(TPMS_ATTEST, v, buf, cap, plen)
#define SIDE_ATTEST_NV_DIGEST_UNMARSHAL(buf, len, v) SIDE_UNMARSHAL(TPMS_ATTEST, buf, len, v)
#define SIDE_ATTEST_NV_DIGEST_GEN(g, v) gen_TPMS_NV_DIGEST_CERTIFY_INFO((g), &(v)->attested.nvDigest)

#include "crosscheck_side.inc"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

void xc_ours_limits(xc_limits *lim)
{
    TPMU_CAPABILITIES *u = NULL;
    TPM2B_DATA *d = NULL;
    lim->data = sizeof d->buffer;
    lim->cc = COUNT_OF(u->command.commandAttributes);
    lim->handles = COUNT_OF(u->handles.handle);
    lim->algs = COUNT_OF(u->algorithms.algProperties);
    lim->tpm_props = COUNT_OF(u->tpmProperties.tpmProperty);
    lim->pcr_props = COUNT_OF(u->pcrProperties.pcrProperty);
    lim->curves = COUNT_OF(u->eccCurves.eccCurves);
    lim->policies = COUNT_OF(u->authPolicies.policies);
    lim->act = COUNT_OF(u->actData.actData);
    lim->alg_list = TPM2_MAX_ALG_LIST_SIZE;
}
