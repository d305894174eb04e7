/* cc_name.c - command code names and handle-area sizes (Part 2 Table 12, Part 3).
 *
 * Used to annotate corpus files and to name the field where a replayed command first
 * differs from its recording. Pure lookup: no state, no allocation.
 */
#include <stddef.h>

#include "tpm2lite/corpus.h"
#include "src/tcti/cc_name.h"

typedef struct {
    uint32_t cc;
    uint8_t handles; /* Part 3: handles in the command's handle area */
    const char *name;
} cc_info;

#define CC(code, n, name) { code, n, "TPM2_CC_" name }

/* Sorted by code for the binary search below. */
static const cc_info table[] = {
    CC(0x11F, 2, "NV_UndefineSpaceSpecial"),
    CC(0x120, 2, "EvictControl"),
    CC(0x121, 1, "HierarchyControl"),
    CC(0x122, 2, "NV_UndefineSpace"),
    CC(0x124, 1, "ChangeEPS"),
    CC(0x125, 1, "ChangePPS"),
    CC(0x126, 1, "Clear"),
    CC(0x127, 1, "ClearControl"),
    CC(0x128, 1, "ClockSet"),
    CC(0x129, 1, "HierarchyChangeAuth"),
    CC(0x12A, 1, "NV_DefineSpace"),
    CC(0x12B, 1, "PCR_Allocate"),
    CC(0x12C, 1, "PCR_SetAuthPolicy"),
    CC(0x12D, 1, "PP_Commands"),
    CC(0x12E, 1, "SetPrimaryPolicy"),
    CC(0x12F, 2, "FieldUpgradeStart"),
    CC(0x130, 1, "ClockRateAdjust"),
    CC(0x131, 1, "CreatePrimary"),
    CC(0x132, 1, "NV_GlobalWriteLock"),
    CC(0x133, 2, "GetCommandAuditDigest"),
    CC(0x134, 2, "NV_Increment"),
    CC(0x135, 2, "NV_SetBits"),
    CC(0x136, 2, "NV_Extend"),
    CC(0x137, 2, "NV_Write"),
    CC(0x138, 2, "NV_WriteLock"),
    CC(0x139, 1, "DictionaryAttackLockReset"),
    CC(0x13A, 1, "DictionaryAttackParameters"),
    CC(0x13B, 1, "NV_ChangeAuth"),
    CC(0x13C, 1, "PCR_Event"),
    CC(0x13D, 1, "PCR_Reset"),
    CC(0x13E, 1, "SequenceComplete"),
    CC(0x13F, 1, "SetAlgorithmSet"),
    CC(0x140, 1, "SetCommandCodeAuditStatus"),
    CC(0x141, 0, "FieldUpgradeData"),
    CC(0x142, 0, "IncrementalSelfTest"),
    CC(0x143, 0, "SelfTest"),
    CC(0x144, 0, "Startup"),
    CC(0x145, 0, "Shutdown"),
    CC(0x146, 0, "StirRandom"),
    CC(0x147, 2, "ActivateCredential"),
    CC(0x148, 2, "Certify"),
    CC(0x149, 3, "PolicyNV"),
    CC(0x14A, 2, "CertifyCreation"),
    CC(0x14B, 2, "Duplicate"),
    CC(0x14C, 2, "GetTime"),
    CC(0x14D, 3, "GetSessionAuditDigest"),
    CC(0x14E, 2, "NV_Read"),
    CC(0x14F, 2, "NV_ReadLock"),
    CC(0x150, 2, "ObjectChangeAuth"),
    CC(0x151, 2, "PolicySecret"),
    CC(0x152, 2, "Rewrap"),
    CC(0x153, 1, "Create"),
    CC(0x154, 1, "ECDH_ZGen"),
    CC(0x155, 1, "HMAC"), /* also TPM2_CC_MAC */
    CC(0x156, 1, "Import"),
    CC(0x157, 1, "Load"),
    CC(0x158, 1, "Quote"),
    CC(0x159, 1, "RSA_Decrypt"),
    CC(0x15B, 1, "HMAC_Start"), /* also TPM2_CC_MAC_Start */
    CC(0x15C, 1, "SequenceUpdate"),
    CC(0x15D, 1, "Sign"),
    CC(0x15E, 1, "Unseal"),
    CC(0x160, 2, "PolicySigned"),
    CC(0x161, 0, "ContextLoad"),
    CC(0x162, 1, "ContextSave"),
    CC(0x163, 1, "ECDH_KeyGen"),
    CC(0x164, 1, "EncryptDecrypt"),
    CC(0x165, 0, "FlushContext"), /* flushHandle is a parameter */
    CC(0x167, 0, "LoadExternal"),
    CC(0x168, 1, "MakeCredential"),
    CC(0x169, 1, "NV_ReadPublic"),
    CC(0x16A, 1, "PolicyAuthorize"),
    CC(0x16B, 1, "PolicyAuthValue"),
    CC(0x16C, 1, "PolicyCommandCode"),
    CC(0x16D, 1, "PolicyCounterTimer"),
    CC(0x16E, 1, "PolicyCpHash"),
    CC(0x16F, 1, "PolicyLocality"),
    CC(0x170, 1, "PolicyNameHash"),
    CC(0x171, 1, "PolicyOR"),
    CC(0x172, 1, "PolicyTicket"),
    CC(0x173, 1, "ReadPublic"),
    CC(0x174, 1, "RSA_Encrypt"),
    CC(0x176, 2, "StartAuthSession"),
    CC(0x177, 1, "VerifySignature"),
    CC(0x178, 0, "ECC_Parameters"),
    CC(0x179, 0, "FirmwareRead"),
    CC(0x17A, 0, "GetCapability"),
    CC(0x17B, 0, "GetRandom"),
    CC(0x17C, 0, "GetTestResult"),
    CC(0x17D, 0, "Hash"),
    CC(0x17E, 0, "PCR_Read"),
    CC(0x17F, 1, "PolicyPCR"),
    CC(0x180, 1, "PolicyRestart"),
    CC(0x181, 0, "ReadClock"),
    CC(0x182, 1, "PCR_Extend"),
    CC(0x183, 1, "PCR_SetAuthValue"),
    CC(0x184, 3, "NV_Certify"),
    CC(0x185, 2, "EventSequenceComplete"),
    CC(0x186, 0, "HashSequenceStart"),
    CC(0x187, 1, "PolicyPhysicalPresence"),
    CC(0x188, 1, "PolicyDuplicationSelect"),
    CC(0x189, 1, "PolicyGetDigest"),
    CC(0x18A, 0, "TestParms"),
    CC(0x18B, 1, "Commit"),
    CC(0x18C, 1, "PolicyPassword"),
    CC(0x18D, 1, "ZGen_2Phase"),
    CC(0x18E, 0, "EC_Ephemeral"),
    CC(0x18F, 1, "PolicyNvWritten"),
    CC(0x190, 1, "PolicyTemplate"),
    CC(0x191, 1, "CreateLoaded"),
    CC(0x192, 3, "PolicyAuthorizeNV"),
    CC(0x193, 1, "EncryptDecrypt2"),
    CC(0x194, 1, "AC_GetCapability"),
    CC(0x195, 3, "AC_Send"),
    CC(0x196, 1, "Policy_AC_SendSelect"),
    CC(0x197, 2, "CertifyX509"),
    CC(0x198, 1, "ACT_SetTimeout"),
    CC(0x199, 1, "ECC_Encrypt"),
    CC(0x19A, 1, "ECC_Decrypt"),
    CC(0x19B, 1, "PolicyCapability"),
    CC(0x19C, 1, "PolicyParameters"),
    CC(0x19D, 1, "NV_DefineSpace2"),
    CC(0x19E, 1, "NV_ReadPublic2"),
    CC(0x19F, 1, "SetCapability"),
    CC(0x20000000, 0, "Vendor_TCG_Test"),
};

static const cc_info *lookup(uint32_t cc)
{
    size_t lo = 0, hi = sizeof table / sizeof table[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (table[mid].cc == cc)
            return &table[mid];
        if (table[mid].cc < cc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *tpm2l_cc_name(uint32_t cc)
{
    const cc_info *i = lookup(cc);
    return i ? i->name : NULL;
}

int tpm2l_cc_handles(uint32_t cc)
{
    const cc_info *i = lookup(cc);
    return i ? i->handles : -1;
}
