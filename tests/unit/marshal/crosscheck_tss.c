/* crosscheck_tss.c - libtss2-mu's side of the cross-check: the same generated values,
 * filled into tss2's structures and encoded by Tss2_MU_*. Sees only tss2's headers (and
 * crosscheck.h), never ours. */
#include <tss2/tss2_mu.h>

#include "crosscheck.h"

/* libtss2 3.x predates Part 2 rev 1.59's NV_DIGEST attestation tag. */
#ifndef TPM2_ST_ATTEST_NV_DIGEST
#define TPM2_ST_ATTEST_NV_DIGEST ((TPM2_ST)0x801C)
#endif

#define GEN_TSS
#include "gen.inc"

#define SIDE(name) xc_tss_##name

#define SIDE_MARSHAL(T, v, buf, cap, plen)                                                   \
    do {                                                                                     \
        size_t o_ = 0;                                                                       \
        rc = (int)Tss2_MU_##T##_Marshal((v), (buf), (cap), &o_);                             \
        *(plen) = o_;                                                                        \
    } while (0)

/* libtss2-mu stops where the structure ends; the cross-check wants all of buf used. */
#define SIDE_UNMARSHAL(T, buf, len, v)                                                       \
    do {                                                                                     \
        size_t o_ = 0;                                                                       \
        rc = (int)Tss2_MU_##T##_Unmarshal((buf), (len), &o_, (v));                           \
        if (!rc && o_ != (len))                                                              \
            rc = -2;                                                                         \
    } while (0)

/* libtss2 3.x has TPMS_NV_DIGEST_CERTIFY_INFO but no nvDigest arm in TPMU_ATTEST, so an
 * NV_DIGEST attestation is built from its parts with libtss2's own encoders. The
 * structure is kept in the attested union's storage, which is larger than it. */
#define NVD(v) ((TPMS_NV_DIGEST_CERTIFY_INFO *)(void *)&(v)->attested)
#define NVDC(v) ((const TPMS_NV_DIGEST_CERTIFY_INFO *)(const void *)&(v)->attested)
#define CHAIN(call)                                                                          \
    do {                                                                                     \
        if (!rc)                                                                             \
            rc = (int)(call);                                                                \
    } while (0)
#define SIDE_ATTEST_NV_DIGEST_GEN(g, v) gen_TPMS_NV_DIGEST_CERTIFY_INFO((g), NVD(v))
#define SIDE_ATTEST_NV_DIGEST_MARSHAL(v, buf, cap, plen)                                     \
    do {                                                                                     \
        size_t o_ = 0;                                                                       \
        rc = 0;                                                                              \
        CHAIN(Tss2_MU_UINT32_Marshal((v)->magic, (buf), (cap), &o_));                        \
        CHAIN(Tss2_MU_UINT16_Marshal((v)->type, (buf), (cap), &o_));                         \
        CHAIN(Tss2_MU_TPM2B_NAME_Marshal(&(v)->qualifiedSigner, (buf), (cap), &o_));         \
        CHAIN(Tss2_MU_TPM2B_DATA_Marshal(&(v)->extraData, (buf), (cap), &o_));               \
        CHAIN(Tss2_MU_TPMS_CLOCK_INFO_Marshal(&(v)->clockInfo, (buf), (cap), &o_));          \
        CHAIN(Tss2_MU_UINT64_Marshal((v)->firmwareVersion, (buf), (cap), &o_));              \
        CHAIN(Tss2_MU_TPMS_NV_DIGEST_CERTIFY_INFO_Marshal(NVDC(v), (buf), (cap), &o_));       \
        *(plen) = o_;                                                                        \
    } while (0)
#define SIDE_ATTEST_NV_DIGEST_UNMARSHAL(buf, len, v)                                         \
    do {                                                                                     \
        size_t o_ = 0;                                                                       \
        rc = 0;                                                                              \
        CHAIN(Tss2_MU_UINT32_Unmarshal((buf), (len), &o_, &(v)->magic));                     \
        CHAIN(Tss2_MU_UINT16_Unmarshal((buf), (len), &o_, &(v)->type));                      \
        CHAIN(Tss2_MU_TPM2B_NAME_Unmarshal((buf), (len), &o_, &(v)->qualifiedSigner));       \
        CHAIN(Tss2_MU_TPM2B_DATA_Unmarshal((buf), (len), &o_, &(v)->extraData));             \
        CHAIN(Tss2_MU_TPMS_CLOCK_INFO_Unmarshal((buf), (len), &o_, &(v)->clockInfo));        \
        CHAIN(Tss2_MU_UINT64_Unmarshal((buf), (len), &o_, &(v)->firmwareVersion));           \
        CHAIN(Tss2_MU_TPMS_NV_DIGEST_CERTIFY_INFO_Unmarshal((buf), (len), &o_, NVD(v)));     \
        if (!rc && o_ != (len))                                                              \
            rc = -2;                                                                         \
    } while (0)

#include "crosscheck_side.inc"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

void xc_tss_limits(xc_limits *lim)
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
