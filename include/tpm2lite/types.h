/* types.h - TPM 2.0 Part 2 constants and structures, with their specification names.
 *
 * Names follow Part 2 (structures, field names) and tpm2-tss (the TPM2_ prefix on
 * constants, TPM2B buffer sizes, the few places the specification leaves a name open),
 * so code written against either reads the same here. This header only describes data:
 * no functions, no storage. Wire encodings live in marshal.h.
 *
 * One deliberate difference from tpm2-tss: the capability lists (TPM2_MAX_CAP_*) are
 * sized so any capability response that fits TPM2_MAX_RESPONSE_SIZE (4096) bytes fits
 * TPMS_CAPABILITY_DATA, computed from wire sizes, not from a 1024-byte MAX_CAP_BUFFER.
 */
#ifndef TPM2LITE_TYPES_H
#define TPM2LITE_TYPES_H

#include <stdint.h>
#include "rc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Base types (Part 2 §5) ----------------------------------------------------- */
typedef uint8_t TPM2_SE;
typedef uint8_t TPM2_HT;
typedef int8_t TPM2_CLOCK_ADJUST;
typedef uint16_t TPM2_ALG_ID;
typedef uint16_t TPM2_ECC_CURVE;
typedef uint16_t TPM2_ST;
typedef uint16_t TPM2_SU;
typedef uint16_t TPM2_EO;
typedef uint16_t TPM2_KEY_BITS;
typedef uint16_t TPM2_KEY_SIZE;
typedef uint32_t TPM2_HANDLE;
typedef uint32_t TPM2_CC;
typedef uint32_t TPM2_CAP;
typedef uint32_t TPM2_PT;
typedef uint32_t TPM2_PT_PCR;
typedef uint32_t TPM2_PS;
typedef uint32_t TPM2_RH;
typedef uint32_t TPM2_HC;
typedef uint32_t TPM2_NT;
typedef uint32_t TPM2_AT;
typedef uint32_t TPM2_SPEC;
typedef uint32_t TPM2_GENERATED;
typedef uint32_t TPM2_MODIFIER_INDICATOR;
typedef uint32_t TPM2_AUTHORIZATION_SIZE;
typedef uint32_t TPM2_PARAMETER_SIZE;

/* ---- Implementation sizes -------------------------------------------------------- */
#define TPM2_MAX_COMMAND_SIZE   4096
#define TPM2_MAX_RESPONSE_SIZE  4096
#define TPM2_NUM_PCR_BANKS      16
#define TPM2_MAX_DIGEST_BUFFER  1024
#define TPM2_MAX_NV_BUFFER_SIZE 2048
#define TPM2_MAX_PCRS           32
#define TPM2_MAX_ALG_LIST_SIZE  128
#define TPM2_MAX_CONTEXT_SIZE   5120
#define TPM2_PCR_SELECT_MAX     ((TPM2_MAX_PCRS + 7) / 8)

#define TPM2_SHA_DIGEST_SIZE      20
#define TPM2_SHA1_DIGEST_SIZE     20
#define TPM2_SHA256_DIGEST_SIZE   32
#define TPM2_SHA384_DIGEST_SIZE   48
#define TPM2_SHA512_DIGEST_SIZE   64
#define TPM2_SM3_256_DIGEST_SIZE  32
#define TPM2_SHA3_256_DIGEST_SIZE 32
#define TPM2_SHA3_384_DIGEST_SIZE 48
#define TPM2_SHA3_512_DIGEST_SIZE 64
#define TPM2_MAX_DIGEST_SIZE      64

#define TPM2_MAX_SYM_BLOCK_SIZE 16
#define TPM2_MAX_SYM_DATA       256
#define TPM2_MAX_ECC_KEY_BYTES  128
#define TPM2_MAX_SYM_KEY_BYTES  32
#define TPM2_MAX_RSA_KEY_BYTES  512
#define TPM2_LABEL_MAX_BUFFER   32
#define TPM2_PRIVATE_VENDOR_SPECIFIC_BYTES ((TPM2_MAX_RSA_KEY_BYTES / 2) * (3 + 2))

/* Capability lists. The body of a GetCapability response is at most
 * 4096 - 10 (header) - 1 (moreData) - 4 (capability) - 4 (count) bytes; each bound is
 * that divided by the smallest wire size of one element, so a well-formed response
 * can never overflow these arrays (and a count above them is rejected, not clamped). */
#define TPM2_MAX_CAP_BUFFER      (TPM2_MAX_RESPONSE_SIZE - 10 - 1)
#define TPM2_MAX_CAP_DATA        (TPM2_MAX_CAP_BUFFER - 4 - 4)
#define TPM2_MAX_CAP_CC          (TPM2_MAX_CAP_DATA / 4)  /* TPM2_CC, TPMA_CC */
#define TPM2_MAX_CAP_HANDLES     (TPM2_MAX_CAP_DATA / 4)  /* TPM2_HANDLE */
#define TPM2_MAX_CAP_ALGS        (TPM2_MAX_CAP_DATA / 6)  /* TPMS_ALG_PROPERTY */
#define TPM2_MAX_TPM_PROPERTIES  (TPM2_MAX_CAP_DATA / 8)  /* TPMS_TAGGED_PROPERTY */
#define TPM2_MAX_PCR_PROPERTIES  (TPM2_MAX_CAP_DATA / 5)  /* TPMS_TAGGED_PCR_SELECT, empty */
#define TPM2_MAX_ECC_CURVES      (TPM2_MAX_CAP_DATA / 2)  /* TPM2_ECC_CURVE */
#define TPM2_MAX_TAGGED_POLICIES (TPM2_MAX_CAP_DATA / 6)  /* TPMS_TAGGED_POLICY, NULL hash */
#define TPM2_MAX_ACT_DATA        (TPM2_MAX_CAP_DATA / 12) /* TPMS_ACT_DATA */

/* ---- TPM2_ALG_ID (TCG Algorithm Registry) ------------------------------------------ */
#define TPM2_ALG_ERROR          ((TPM2_ALG_ID)0x0000)
#define TPM2_ALG_RSA            ((TPM2_ALG_ID)0x0001)
#define TPM2_ALG_TDES           ((TPM2_ALG_ID)0x0003)
#define TPM2_ALG_SHA            ((TPM2_ALG_ID)0x0004)
#define TPM2_ALG_SHA1           ((TPM2_ALG_ID)0x0004)
#define TPM2_ALG_HMAC           ((TPM2_ALG_ID)0x0005)
#define TPM2_ALG_AES            ((TPM2_ALG_ID)0x0006)
#define TPM2_ALG_MGF1           ((TPM2_ALG_ID)0x0007)
#define TPM2_ALG_KEYEDHASH      ((TPM2_ALG_ID)0x0008)
#define TPM2_ALG_XOR            ((TPM2_ALG_ID)0x000A)
#define TPM2_ALG_SHA256         ((TPM2_ALG_ID)0x000B)
#define TPM2_ALG_SHA384         ((TPM2_ALG_ID)0x000C)
#define TPM2_ALG_SHA512         ((TPM2_ALG_ID)0x000D)
#define TPM2_ALG_NULL           ((TPM2_ALG_ID)0x0010)
#define TPM2_ALG_SM3_256        ((TPM2_ALG_ID)0x0012)
#define TPM2_ALG_SM4            ((TPM2_ALG_ID)0x0013)
#define TPM2_ALG_RSASSA         ((TPM2_ALG_ID)0x0014)
#define TPM2_ALG_RSAES          ((TPM2_ALG_ID)0x0015)
#define TPM2_ALG_RSAPSS         ((TPM2_ALG_ID)0x0016)
#define TPM2_ALG_OAEP           ((TPM2_ALG_ID)0x0017)
#define TPM2_ALG_ECDSA          ((TPM2_ALG_ID)0x0018)
#define TPM2_ALG_ECDH           ((TPM2_ALG_ID)0x0019)
#define TPM2_ALG_ECDAA          ((TPM2_ALG_ID)0x001A)
#define TPM2_ALG_SM2            ((TPM2_ALG_ID)0x001B)
#define TPM2_ALG_ECSCHNORR      ((TPM2_ALG_ID)0x001C)
#define TPM2_ALG_ECMQV          ((TPM2_ALG_ID)0x001D)
#define TPM2_ALG_KDF1_SP800_56A ((TPM2_ALG_ID)0x0020)
#define TPM2_ALG_KDF2           ((TPM2_ALG_ID)0x0021)
#define TPM2_ALG_KDF1_SP800_108 ((TPM2_ALG_ID)0x0022)
#define TPM2_ALG_ECC            ((TPM2_ALG_ID)0x0023)
#define TPM2_ALG_SYMCIPHER      ((TPM2_ALG_ID)0x0025)
#define TPM2_ALG_CAMELLIA       ((TPM2_ALG_ID)0x0026)
#define TPM2_ALG_SHA3_256       ((TPM2_ALG_ID)0x0027)
#define TPM2_ALG_SHA3_384       ((TPM2_ALG_ID)0x0028)
#define TPM2_ALG_SHA3_512       ((TPM2_ALG_ID)0x0029)
#define TPM2_ALG_CMAC           ((TPM2_ALG_ID)0x003F)
#define TPM2_ALG_CTR            ((TPM2_ALG_ID)0x0040)
#define TPM2_ALG_OFB            ((TPM2_ALG_ID)0x0041)
#define TPM2_ALG_CBC            ((TPM2_ALG_ID)0x0042)
#define TPM2_ALG_CFB            ((TPM2_ALG_ID)0x0043)
#define TPM2_ALG_ECB            ((TPM2_ALG_ID)0x0044)
#define TPM2_ALG_FIRST          ((TPM2_ALG_ID)0x0001)
#define TPM2_ALG_LAST           ((TPM2_ALG_ID)0x0044)

/* ---- TPM2_ECC_CURVE ----------------------------------------------------------------- */
#define TPM2_ECC_NONE        ((TPM2_ECC_CURVE)0x0000)
#define TPM2_ECC_NIST_P192   ((TPM2_ECC_CURVE)0x0001)
#define TPM2_ECC_NIST_P224   ((TPM2_ECC_CURVE)0x0002)
#define TPM2_ECC_NIST_P256   ((TPM2_ECC_CURVE)0x0003)
#define TPM2_ECC_NIST_P384   ((TPM2_ECC_CURVE)0x0004)
#define TPM2_ECC_NIST_P521   ((TPM2_ECC_CURVE)0x0005)
#define TPM2_ECC_BN_P256     ((TPM2_ECC_CURVE)0x0010)
#define TPM2_ECC_BN_P638     ((TPM2_ECC_CURVE)0x0011)
#define TPM2_ECC_SM2_P256    ((TPM2_ECC_CURVE)0x0020)
#define TPM2_ECC_BP_P256_R1  ((TPM2_ECC_CURVE)0x0030)
#define TPM2_ECC_BP_P384_R1  ((TPM2_ECC_CURVE)0x0031)
#define TPM2_ECC_BP_P512_R1  ((TPM2_ECC_CURVE)0x0032)
#define TPM2_ECC_CURVE_25519 ((TPM2_ECC_CURVE)0x0040)
#define TPM2_ECC_CURVE_448   ((TPM2_ECC_CURVE)0x0041)

/* ---- TPM2_CC (Part 2 §6.5.2) -------------------------------------------------------- */
#define TPM2_CC_FIRST                      ((TPM2_CC)0x0000011F)
#define TPM2_CC_NV_UndefineSpaceSpecial    ((TPM2_CC)0x0000011F)
#define TPM2_CC_EvictControl               ((TPM2_CC)0x00000120)
#define TPM2_CC_HierarchyControl           ((TPM2_CC)0x00000121)
#define TPM2_CC_NV_UndefineSpace           ((TPM2_CC)0x00000122)
#define TPM2_CC_ChangeEPS                  ((TPM2_CC)0x00000124)
#define TPM2_CC_ChangePPS                  ((TPM2_CC)0x00000125)
#define TPM2_CC_Clear                      ((TPM2_CC)0x00000126)
#define TPM2_CC_ClearControl               ((TPM2_CC)0x00000127)
#define TPM2_CC_ClockSet                   ((TPM2_CC)0x00000128)
#define TPM2_CC_HierarchyChangeAuth        ((TPM2_CC)0x00000129)
#define TPM2_CC_NV_DefineSpace             ((TPM2_CC)0x0000012A)
#define TPM2_CC_PCR_Allocate               ((TPM2_CC)0x0000012B)
#define TPM2_CC_PCR_SetAuthPolicy          ((TPM2_CC)0x0000012C)
#define TPM2_CC_PP_Commands                ((TPM2_CC)0x0000012D)
#define TPM2_CC_SetPrimaryPolicy           ((TPM2_CC)0x0000012E)
#define TPM2_CC_FieldUpgradeStart          ((TPM2_CC)0x0000012F)
#define TPM2_CC_ClockRateAdjust            ((TPM2_CC)0x00000130)
#define TPM2_CC_CreatePrimary              ((TPM2_CC)0x00000131)
#define TPM2_CC_NV_GlobalWriteLock         ((TPM2_CC)0x00000132)
#define TPM2_CC_GetCommandAuditDigest      ((TPM2_CC)0x00000133)
#define TPM2_CC_NV_Increment               ((TPM2_CC)0x00000134)
#define TPM2_CC_NV_SetBits                 ((TPM2_CC)0x00000135)
#define TPM2_CC_NV_Extend                  ((TPM2_CC)0x00000136)
#define TPM2_CC_NV_Write                   ((TPM2_CC)0x00000137)
#define TPM2_CC_NV_WriteLock               ((TPM2_CC)0x00000138)
#define TPM2_CC_DictionaryAttackLockReset  ((TPM2_CC)0x00000139)
#define TPM2_CC_DictionaryAttackParameters ((TPM2_CC)0x0000013A)
#define TPM2_CC_NV_ChangeAuth              ((TPM2_CC)0x0000013B)
#define TPM2_CC_PCR_Event                  ((TPM2_CC)0x0000013C)
#define TPM2_CC_PCR_Reset                  ((TPM2_CC)0x0000013D)
#define TPM2_CC_SequenceComplete           ((TPM2_CC)0x0000013E)
#define TPM2_CC_SetAlgorithmSet            ((TPM2_CC)0x0000013F)
#define TPM2_CC_SetCommandCodeAuditStatus  ((TPM2_CC)0x00000140)
#define TPM2_CC_FieldUpgradeData           ((TPM2_CC)0x00000141)
#define TPM2_CC_IncrementalSelfTest        ((TPM2_CC)0x00000142)
#define TPM2_CC_SelfTest                   ((TPM2_CC)0x00000143)
#define TPM2_CC_Startup                    ((TPM2_CC)0x00000144)
#define TPM2_CC_Shutdown                   ((TPM2_CC)0x00000145)
#define TPM2_CC_StirRandom                 ((TPM2_CC)0x00000146)
#define TPM2_CC_ActivateCredential         ((TPM2_CC)0x00000147)
#define TPM2_CC_Certify                    ((TPM2_CC)0x00000148)
#define TPM2_CC_PolicyNV                   ((TPM2_CC)0x00000149)
#define TPM2_CC_CertifyCreation            ((TPM2_CC)0x0000014A)
#define TPM2_CC_Duplicate                  ((TPM2_CC)0x0000014B)
#define TPM2_CC_GetTime                    ((TPM2_CC)0x0000014C)
#define TPM2_CC_GetSessionAuditDigest      ((TPM2_CC)0x0000014D)
#define TPM2_CC_NV_Read                    ((TPM2_CC)0x0000014E)
#define TPM2_CC_NV_ReadLock                ((TPM2_CC)0x0000014F)
#define TPM2_CC_ObjectChangeAuth           ((TPM2_CC)0x00000150)
#define TPM2_CC_PolicySecret               ((TPM2_CC)0x00000151)
#define TPM2_CC_Rewrap                     ((TPM2_CC)0x00000152)
#define TPM2_CC_Create                     ((TPM2_CC)0x00000153)
#define TPM2_CC_ECDH_ZGen                  ((TPM2_CC)0x00000154)
#define TPM2_CC_HMAC                       ((TPM2_CC)0x00000155)
#define TPM2_CC_MAC                        ((TPM2_CC)0x00000155)
#define TPM2_CC_Import                     ((TPM2_CC)0x00000156)
#define TPM2_CC_Load                       ((TPM2_CC)0x00000157)
#define TPM2_CC_Quote                      ((TPM2_CC)0x00000158)
#define TPM2_CC_RSA_Decrypt                ((TPM2_CC)0x00000159)
#define TPM2_CC_HMAC_Start                 ((TPM2_CC)0x0000015B)
#define TPM2_CC_MAC_Start                  ((TPM2_CC)0x0000015B)
#define TPM2_CC_SequenceUpdate             ((TPM2_CC)0x0000015C)
#define TPM2_CC_Sign                       ((TPM2_CC)0x0000015D)
#define TPM2_CC_Unseal                     ((TPM2_CC)0x0000015E)
#define TPM2_CC_PolicySigned               ((TPM2_CC)0x00000160)
#define TPM2_CC_ContextLoad                ((TPM2_CC)0x00000161)
#define TPM2_CC_ContextSave                ((TPM2_CC)0x00000162)
#define TPM2_CC_ECDH_KeyGen                ((TPM2_CC)0x00000163)
#define TPM2_CC_EncryptDecrypt             ((TPM2_CC)0x00000164)
#define TPM2_CC_FlushContext               ((TPM2_CC)0x00000165)
#define TPM2_CC_LoadExternal               ((TPM2_CC)0x00000167)
#define TPM2_CC_MakeCredential             ((TPM2_CC)0x00000168)
#define TPM2_CC_NV_ReadPublic              ((TPM2_CC)0x00000169)
#define TPM2_CC_PolicyAuthorize            ((TPM2_CC)0x0000016A)
#define TPM2_CC_PolicyAuthValue            ((TPM2_CC)0x0000016B)
#define TPM2_CC_PolicyCommandCode          ((TPM2_CC)0x0000016C)
#define TPM2_CC_PolicyCounterTimer         ((TPM2_CC)0x0000016D)
#define TPM2_CC_PolicyCpHash               ((TPM2_CC)0x0000016E)
#define TPM2_CC_PolicyLocality             ((TPM2_CC)0x0000016F)
#define TPM2_CC_PolicyNameHash             ((TPM2_CC)0x00000170)
#define TPM2_CC_PolicyOR                   ((TPM2_CC)0x00000171)
#define TPM2_CC_PolicyTicket               ((TPM2_CC)0x00000172)
#define TPM2_CC_ReadPublic                 ((TPM2_CC)0x00000173)
#define TPM2_CC_RSA_Encrypt                ((TPM2_CC)0x00000174)
#define TPM2_CC_StartAuthSession           ((TPM2_CC)0x00000176)
#define TPM2_CC_VerifySignature            ((TPM2_CC)0x00000177)
#define TPM2_CC_ECC_Parameters             ((TPM2_CC)0x00000178)
#define TPM2_CC_FirmwareRead               ((TPM2_CC)0x00000179)
#define TPM2_CC_GetCapability              ((TPM2_CC)0x0000017A)
#define TPM2_CC_GetRandom                  ((TPM2_CC)0x0000017B)
#define TPM2_CC_GetTestResult              ((TPM2_CC)0x0000017C)
#define TPM2_CC_Hash                       ((TPM2_CC)0x0000017D)
#define TPM2_CC_PCR_Read                   ((TPM2_CC)0x0000017E)
#define TPM2_CC_PolicyPCR                  ((TPM2_CC)0x0000017F)
#define TPM2_CC_PolicyRestart              ((TPM2_CC)0x00000180)
#define TPM2_CC_ReadClock                  ((TPM2_CC)0x00000181)
#define TPM2_CC_PCR_Extend                 ((TPM2_CC)0x00000182)
#define TPM2_CC_PCR_SetAuthValue           ((TPM2_CC)0x00000183)
#define TPM2_CC_NV_Certify                 ((TPM2_CC)0x00000184)
#define TPM2_CC_EventSequenceComplete      ((TPM2_CC)0x00000185)
#define TPM2_CC_HashSequenceStart          ((TPM2_CC)0x00000186)
#define TPM2_CC_PolicyPhysicalPresence     ((TPM2_CC)0x00000187)
#define TPM2_CC_PolicyDuplicationSelect    ((TPM2_CC)0x00000188)
#define TPM2_CC_PolicyGetDigest            ((TPM2_CC)0x00000189)
#define TPM2_CC_TestParms                  ((TPM2_CC)0x0000018A)
#define TPM2_CC_Commit                     ((TPM2_CC)0x0000018B)
#define TPM2_CC_PolicyPassword             ((TPM2_CC)0x0000018C)
#define TPM2_CC_ZGen_2Phase                ((TPM2_CC)0x0000018D)
#define TPM2_CC_EC_Ephemeral               ((TPM2_CC)0x0000018E)
#define TPM2_CC_PolicyNvWritten            ((TPM2_CC)0x0000018F)
#define TPM2_CC_PolicyTemplate             ((TPM2_CC)0x00000190)
#define TPM2_CC_CreateLoaded               ((TPM2_CC)0x00000191)
#define TPM2_CC_PolicyAuthorizeNV          ((TPM2_CC)0x00000192)
#define TPM2_CC_EncryptDecrypt2            ((TPM2_CC)0x00000193)
#define TPM2_CC_AC_GetCapability           ((TPM2_CC)0x00000194)
#define TPM2_CC_AC_Send                    ((TPM2_CC)0x00000195)
#define TPM2_CC_Policy_AC_SendSelect       ((TPM2_CC)0x00000196)
#define TPM2_CC_CertifyX509                ((TPM2_CC)0x00000197)
#define TPM2_CC_ACT_SetTimeout             ((TPM2_CC)0x00000198)
#define TPM2_CC_ECC_Encrypt                ((TPM2_CC)0x00000199)
#define TPM2_CC_ECC_Decrypt                ((TPM2_CC)0x0000019A)
#define TPM2_CC_PolicyCapability           ((TPM2_CC)0x0000019B)
#define TPM2_CC_PolicyParameters           ((TPM2_CC)0x0000019C)
#define TPM2_CC_NV_DefineSpace2            ((TPM2_CC)0x0000019D)
#define TPM2_CC_NV_ReadPublic2             ((TPM2_CC)0x0000019E)
#define TPM2_CC_SetCapability              ((TPM2_CC)0x0000019F)
#define TPM2_CC_LAST                       ((TPM2_CC)0x0000019F)
#define TPM2_CC_Vendor_TCG_Test            ((TPM2_CC)0x20000000)
#define TPM2_CC_V                          ((TPM2_CC)0x20000000) /* vendor bit */

/* ---- TPM2_RC (Part 2 §6.6) ---------------------------------------------------------- */
#define TPM2_RC_VER1 ((TPM2_RC)0x100)
#define TPM2_RC_FMT1 ((TPM2_RC)0x080)
#define TPM2_RC_WARN ((TPM2_RC)0x900)
/* Format-zero (bit 7 clear) codes: bit 8 set means a ver1 code, bit 11 a warning. */
#define TPM2_RC_BAD_TAG           ((TPM2_RC)0x01E)
#define TPM2_RC_INITIALIZE        ((TPM2_RC)(TPM2_RC_VER1 + 0x000))
#define TPM2_RC_FAILURE           ((TPM2_RC)(TPM2_RC_VER1 + 0x001))
#define TPM2_RC_SEQUENCE          ((TPM2_RC)(TPM2_RC_VER1 + 0x003))
#define TPM2_RC_PRIVATE           ((TPM2_RC)(TPM2_RC_VER1 + 0x00B))
#define TPM2_RC_HMAC              ((TPM2_RC)(TPM2_RC_VER1 + 0x019))
#define TPM2_RC_DISABLED          ((TPM2_RC)(TPM2_RC_VER1 + 0x020))
#define TPM2_RC_EXCLUSIVE         ((TPM2_RC)(TPM2_RC_VER1 + 0x021))
#define TPM2_RC_AUTH_TYPE         ((TPM2_RC)(TPM2_RC_VER1 + 0x024))
#define TPM2_RC_AUTH_MISSING      ((TPM2_RC)(TPM2_RC_VER1 + 0x025))
#define TPM2_RC_POLICY            ((TPM2_RC)(TPM2_RC_VER1 + 0x026))
#define TPM2_RC_PCR               ((TPM2_RC)(TPM2_RC_VER1 + 0x027))
#define TPM2_RC_PCR_CHANGED       ((TPM2_RC)(TPM2_RC_VER1 + 0x028))
#define TPM2_RC_UPGRADE           ((TPM2_RC)(TPM2_RC_VER1 + 0x02D))
#define TPM2_RC_TOO_MANY_CONTEXTS ((TPM2_RC)(TPM2_RC_VER1 + 0x02E))
#define TPM2_RC_AUTH_UNAVAILABLE  ((TPM2_RC)(TPM2_RC_VER1 + 0x02F))
#define TPM2_RC_REBOOT            ((TPM2_RC)(TPM2_RC_VER1 + 0x030))
#define TPM2_RC_UNBALANCED        ((TPM2_RC)(TPM2_RC_VER1 + 0x031))
#define TPM2_RC_COMMAND_SIZE      ((TPM2_RC)(TPM2_RC_VER1 + 0x042))
#define TPM2_RC_COMMAND_CODE      ((TPM2_RC)(TPM2_RC_VER1 + 0x043))
#define TPM2_RC_AUTHSIZE          ((TPM2_RC)(TPM2_RC_VER1 + 0x044))
#define TPM2_RC_AUTH_CONTEXT      ((TPM2_RC)(TPM2_RC_VER1 + 0x045))
#define TPM2_RC_NV_RANGE          ((TPM2_RC)(TPM2_RC_VER1 + 0x046))
#define TPM2_RC_NV_SIZE           ((TPM2_RC)(TPM2_RC_VER1 + 0x047))
#define TPM2_RC_NV_LOCKED         ((TPM2_RC)(TPM2_RC_VER1 + 0x048))
#define TPM2_RC_NV_AUTHORIZATION  ((TPM2_RC)(TPM2_RC_VER1 + 0x049))
#define TPM2_RC_NV_UNINITIALIZED  ((TPM2_RC)(TPM2_RC_VER1 + 0x04A))
#define TPM2_RC_NV_SPACE          ((TPM2_RC)(TPM2_RC_VER1 + 0x04B))
#define TPM2_RC_NV_DEFINED        ((TPM2_RC)(TPM2_RC_VER1 + 0x04C))
#define TPM2_RC_BAD_CONTEXT       ((TPM2_RC)(TPM2_RC_VER1 + 0x050))
#define TPM2_RC_CPHASH            ((TPM2_RC)(TPM2_RC_VER1 + 0x051))
#define TPM2_RC_PARENT            ((TPM2_RC)(TPM2_RC_VER1 + 0x052))
#define TPM2_RC_NEEDS_TEST        ((TPM2_RC)(TPM2_RC_VER1 + 0x053))
#define TPM2_RC_NO_RESULT         ((TPM2_RC)(TPM2_RC_VER1 + 0x054))
#define TPM2_RC_SENSITIVE         ((TPM2_RC)(TPM2_RC_VER1 + 0x055))
#define TPM2_RC_MAX_FM0           ((TPM2_RC)(TPM2_RC_VER1 + 0x07F))
/* Format-one codes: the low 6 bits, with a handle, session or parameter number. */
#define TPM2_RC_ASYMMETRIC    ((TPM2_RC)(TPM2_RC_FMT1 + 0x001))
#define TPM2_RC_ATTRIBUTES    ((TPM2_RC)(TPM2_RC_FMT1 + 0x002))
#define TPM2_RC_HASH          ((TPM2_RC)(TPM2_RC_FMT1 + 0x003))
#define TPM2_RC_VALUE         ((TPM2_RC)(TPM2_RC_FMT1 + 0x004))
#define TPM2_RC_HIERARCHY     ((TPM2_RC)(TPM2_RC_FMT1 + 0x005))
#define TPM2_RC_KEY_SIZE      ((TPM2_RC)(TPM2_RC_FMT1 + 0x007))
#define TPM2_RC_MGF           ((TPM2_RC)(TPM2_RC_FMT1 + 0x008))
#define TPM2_RC_MODE          ((TPM2_RC)(TPM2_RC_FMT1 + 0x009))
#define TPM2_RC_TYPE          ((TPM2_RC)(TPM2_RC_FMT1 + 0x00A))
#define TPM2_RC_HANDLE        ((TPM2_RC)(TPM2_RC_FMT1 + 0x00B))
#define TPM2_RC_KDF           ((TPM2_RC)(TPM2_RC_FMT1 + 0x00C))
#define TPM2_RC_RANGE         ((TPM2_RC)(TPM2_RC_FMT1 + 0x00D))
#define TPM2_RC_AUTH_FAIL     ((TPM2_RC)(TPM2_RC_FMT1 + 0x00E))
#define TPM2_RC_NONCE         ((TPM2_RC)(TPM2_RC_FMT1 + 0x00F))
#define TPM2_RC_PP            ((TPM2_RC)(TPM2_RC_FMT1 + 0x010))
#define TPM2_RC_SCHEME        ((TPM2_RC)(TPM2_RC_FMT1 + 0x012))
#define TPM2_RC_SIZE          ((TPM2_RC)(TPM2_RC_FMT1 + 0x015))
#define TPM2_RC_SYMMETRIC     ((TPM2_RC)(TPM2_RC_FMT1 + 0x016))
#define TPM2_RC_TAG           ((TPM2_RC)(TPM2_RC_FMT1 + 0x017))
#define TPM2_RC_SELECTOR      ((TPM2_RC)(TPM2_RC_FMT1 + 0x018))
#define TPM2_RC_INSUFFICIENT  ((TPM2_RC)(TPM2_RC_FMT1 + 0x01A))
#define TPM2_RC_SIGNATURE     ((TPM2_RC)(TPM2_RC_FMT1 + 0x01B))
#define TPM2_RC_KEY           ((TPM2_RC)(TPM2_RC_FMT1 + 0x01C))
#define TPM2_RC_POLICY_FAIL   ((TPM2_RC)(TPM2_RC_FMT1 + 0x01D))
#define TPM2_RC_INTEGRITY     ((TPM2_RC)(TPM2_RC_FMT1 + 0x01F))
#define TPM2_RC_TICKET        ((TPM2_RC)(TPM2_RC_FMT1 + 0x020))
#define TPM2_RC_RESERVED_BITS ((TPM2_RC)(TPM2_RC_FMT1 + 0x021))
#define TPM2_RC_BAD_AUTH      ((TPM2_RC)(TPM2_RC_FMT1 + 0x022))
#define TPM2_RC_EXPIRED       ((TPM2_RC)(TPM2_RC_FMT1 + 0x023))
#define TPM2_RC_POLICY_CC     ((TPM2_RC)(TPM2_RC_FMT1 + 0x024))
#define TPM2_RC_BINDING       ((TPM2_RC)(TPM2_RC_FMT1 + 0x025))
#define TPM2_RC_CURVE         ((TPM2_RC)(TPM2_RC_FMT1 + 0x026))
#define TPM2_RC_ECC_POINT     ((TPM2_RC)(TPM2_RC_FMT1 + 0x027))
#define TPM2_RC_FW_LIMITED    ((TPM2_RC)(TPM2_RC_FMT1 + 0x028))
#define TPM2_RC_SVN_LIMITED   ((TPM2_RC)(TPM2_RC_FMT1 + 0x029))
#define TPM2_RC_CHANNEL       ((TPM2_RC)(TPM2_RC_FMT1 + 0x030))
#define TPM2_RC_CHANNEL_KEY   ((TPM2_RC)(TPM2_RC_FMT1 + 0x031))
#define TPM2_RC_MAX_FMT1      ((TPM2_RC)(TPM2_RC_FMT1 + 0x03F))
/* Warnings (format zero, bits 8 and 11 set). */
#define TPM2_RC_CONTEXT_GAP     ((TPM2_RC)(TPM2_RC_WARN + 0x001))
#define TPM2_RC_OBJECT_MEMORY   ((TPM2_RC)(TPM2_RC_WARN + 0x002))
#define TPM2_RC_SESSION_MEMORY  ((TPM2_RC)(TPM2_RC_WARN + 0x003))
#define TPM2_RC_MEMORY          ((TPM2_RC)(TPM2_RC_WARN + 0x004))
#define TPM2_RC_SESSION_HANDLES ((TPM2_RC)(TPM2_RC_WARN + 0x005))
#define TPM2_RC_OBJECT_HANDLES  ((TPM2_RC)(TPM2_RC_WARN + 0x006))
#define TPM2_RC_LOCALITY        ((TPM2_RC)(TPM2_RC_WARN + 0x007))
#define TPM2_RC_YIELDED         ((TPM2_RC)(TPM2_RC_WARN + 0x008))
#define TPM2_RC_CANCELED        ((TPM2_RC)(TPM2_RC_WARN + 0x009))
#define TPM2_RC_TESTING         ((TPM2_RC)(TPM2_RC_WARN + 0x00A))
#define TPM2_RC_REFERENCE_H0    ((TPM2_RC)(TPM2_RC_WARN + 0x010))
#define TPM2_RC_REFERENCE_H1    ((TPM2_RC)(TPM2_RC_WARN + 0x011))
#define TPM2_RC_REFERENCE_H2    ((TPM2_RC)(TPM2_RC_WARN + 0x012))
#define TPM2_RC_REFERENCE_H3    ((TPM2_RC)(TPM2_RC_WARN + 0x013))
#define TPM2_RC_REFERENCE_H4    ((TPM2_RC)(TPM2_RC_WARN + 0x014))
#define TPM2_RC_REFERENCE_H5    ((TPM2_RC)(TPM2_RC_WARN + 0x015))
#define TPM2_RC_REFERENCE_H6    ((TPM2_RC)(TPM2_RC_WARN + 0x016))
#define TPM2_RC_REFERENCE_S0    ((TPM2_RC)(TPM2_RC_WARN + 0x018))
#define TPM2_RC_REFERENCE_S1    ((TPM2_RC)(TPM2_RC_WARN + 0x019))
#define TPM2_RC_REFERENCE_S2    ((TPM2_RC)(TPM2_RC_WARN + 0x01A))
#define TPM2_RC_REFERENCE_S3    ((TPM2_RC)(TPM2_RC_WARN + 0x01B))
#define TPM2_RC_REFERENCE_S4    ((TPM2_RC)(TPM2_RC_WARN + 0x01C))
#define TPM2_RC_REFERENCE_S5    ((TPM2_RC)(TPM2_RC_WARN + 0x01D))
#define TPM2_RC_REFERENCE_S6    ((TPM2_RC)(TPM2_RC_WARN + 0x01E))
#define TPM2_RC_NV_RATE         ((TPM2_RC)(TPM2_RC_WARN + 0x020))
#define TPM2_RC_LOCKOUT         ((TPM2_RC)(TPM2_RC_WARN + 0x021))
#define TPM2_RC_RETRY           ((TPM2_RC)(TPM2_RC_WARN + 0x022))
#define TPM2_RC_NV_UNAVAILABLE  ((TPM2_RC)(TPM2_RC_WARN + 0x023))
#define TPM2_RC_NOT_USED        ((TPM2_RC)(TPM2_RC_WARN + 0x07F))
/* Format-one qualifiers: bit 6 (parameter), bit 11 (session), bits 8..11 the number. */
#define TPM2_RC_H      ((TPM2_RC)0x000)
#define TPM2_RC_P      ((TPM2_RC)0x040)
#define TPM2_RC_S      ((TPM2_RC)0x800)
#define TPM2_RC_1      ((TPM2_RC)0x100)
#define TPM2_RC_2      ((TPM2_RC)0x200)
#define TPM2_RC_3      ((TPM2_RC)0x300)
#define TPM2_RC_4      ((TPM2_RC)0x400)
#define TPM2_RC_5      ((TPM2_RC)0x500)
#define TPM2_RC_6      ((TPM2_RC)0x600)
#define TPM2_RC_7      ((TPM2_RC)0x700)
#define TPM2_RC_8      ((TPM2_RC)0x800)
#define TPM2_RC_9      ((TPM2_RC)0x900)
#define TPM2_RC_A      ((TPM2_RC)0xA00)
#define TPM2_RC_B      ((TPM2_RC)0xB00)
#define TPM2_RC_C      ((TPM2_RC)0xC00)
#define TPM2_RC_D      ((TPM2_RC)0xD00)
#define TPM2_RC_E      ((TPM2_RC)0xE00)
#define TPM2_RC_F      ((TPM2_RC)0xF00)
#define TPM2_RC_N_MASK ((TPM2_RC)0xF00)
/* Field masks for decoding (Part 2 §6.6.2, Figure 27). */
#define TPM2_RC_FMT1_NUMBER_MASK ((TPM2_RC)0x03F) /* error number of a format-one code */
#define TPM2_RC_FMT0_NUMBER_MASK ((TPM2_RC)0x07F) /* error number of a format-zero code */
#define TPM2_RC_FMT1_PARAM_BIT   ((TPM2_RC)0x040) /* format one: number is a parameter */
#define TPM2_RC_FMT1_SESSION_BIT ((TPM2_RC)0x800) /* format one, no P: a session */
#define TPM2_RC_FMT1_HANDLE_MASK ((TPM2_RC)0x700) /* handle/session number, bits 8..10 */
#define TPM2_RC_FMT0_VENDOR_BIT  ((TPM2_RC)0x400) /* format zero: vendor-defined (T) */
#define TPM2_RC_FMT0_SEVERITY_BIT ((TPM2_RC)0x800) /* format zero: a warning (S) */
#define TPM2_RC_IS_FMT1(rc) (((rc) & TPM2_RC_FMT1) != 0)

/* ---- TPM2_ST (Part 2 §6.9) ---------------------------------------------------------- */
#define TPM2_ST_RSP_COMMAND          ((TPM2_ST)0x00C4)
#define TPM2_ST_NULL                 ((TPM2_ST)0x8000)
#define TPM2_ST_NO_SESSIONS          ((TPM2_ST)0x8001)
#define TPM2_ST_SESSIONS             ((TPM2_ST)0x8002)
#define TPM2_ST_ATTEST_NV            ((TPM2_ST)0x8014)
#define TPM2_ST_ATTEST_COMMAND_AUDIT ((TPM2_ST)0x8015)
#define TPM2_ST_ATTEST_SESSION_AUDIT ((TPM2_ST)0x8016)
#define TPM2_ST_ATTEST_CERTIFY       ((TPM2_ST)0x8017)
#define TPM2_ST_ATTEST_QUOTE         ((TPM2_ST)0x8018)
#define TPM2_ST_ATTEST_TIME          ((TPM2_ST)0x8019)
#define TPM2_ST_ATTEST_CREATION      ((TPM2_ST)0x801A)
#define TPM2_ST_ATTEST_NV_DIGEST     ((TPM2_ST)0x801C)
#define TPM2_ST_CREATION             ((TPM2_ST)0x8021)
#define TPM2_ST_VERIFIED             ((TPM2_ST)0x8022)
#define TPM2_ST_AUTH_SECRET          ((TPM2_ST)0x8023)
#define TPM2_ST_HASHCHECK            ((TPM2_ST)0x8024)
#define TPM2_ST_AUTH_SIGNED          ((TPM2_ST)0x8025)
#define TPM2_ST_FU_MANIFEST          ((TPM2_ST)0x8029)

#define TPM2_SU_CLEAR ((TPM2_SU)0x0000)
#define TPM2_SU_STATE ((TPM2_SU)0x0001)

#define TPM2_SE_HMAC   ((TPM2_SE)0x00)
#define TPM2_SE_POLICY ((TPM2_SE)0x01)
#define TPM2_SE_TRIAL  ((TPM2_SE)0x03)

/* TPM2_EO: PolicyNV / PolicyCounterTimer operations (Part 2 §6.8). */
#define TPM2_EO_EQ          ((TPM2_EO)0x0000)
#define TPM2_EO_NEQ         ((TPM2_EO)0x0001)
#define TPM2_EO_SIGNED_GT   ((TPM2_EO)0x0002)
#define TPM2_EO_UNSIGNED_GT ((TPM2_EO)0x0003)
#define TPM2_EO_SIGNED_LT   ((TPM2_EO)0x0004)
#define TPM2_EO_UNSIGNED_LT ((TPM2_EO)0x0005)
#define TPM2_EO_SIGNED_GE   ((TPM2_EO)0x0006)
#define TPM2_EO_UNSIGNED_GE ((TPM2_EO)0x0007)
#define TPM2_EO_SIGNED_LE   ((TPM2_EO)0x0008)
#define TPM2_EO_UNSIGNED_LE ((TPM2_EO)0x0009)
#define TPM2_EO_BITSET      ((TPM2_EO)0x000A)
#define TPM2_EO_BITCLEAR    ((TPM2_EO)0x000B)

#define TPM2_CLOCK_COARSE_SLOWER ((TPM2_CLOCK_ADJUST)-3)
#define TPM2_CLOCK_MEDIUM_SLOWER ((TPM2_CLOCK_ADJUST)-2)
#define TPM2_CLOCK_FINE_SLOWER   ((TPM2_CLOCK_ADJUST)-1)
#define TPM2_CLOCK_NO_CHANGE     ((TPM2_CLOCK_ADJUST)0)
#define TPM2_CLOCK_FINE_FASTER   ((TPM2_CLOCK_ADJUST)1)
#define TPM2_CLOCK_MEDIUM_FASTER ((TPM2_CLOCK_ADJUST)2)
#define TPM2_CLOCK_COARSE_FASTER ((TPM2_CLOCK_ADJUST)3)

/* "TCG" with a leading 0xFF: the magic of every TPMS_ATTEST (Part 2 §6.2). */
#define TPM2_GENERATED_VALUE ((TPM2_GENERATED)0xFF544347)

#define TPM2_SPEC_FAMILY ((TPM2_SPEC)0x322E3000) /* "2.0" */

/* ---- TPM2_CAP (Part 2 §6.12) -------------------------------------------------------- */
#define TPM2_CAP_FIRST           ((TPM2_CAP)0x00000000)
#define TPM2_CAP_ALGS            ((TPM2_CAP)0x00000000)
#define TPM2_CAP_HANDLES         ((TPM2_CAP)0x00000001)
#define TPM2_CAP_COMMANDS        ((TPM2_CAP)0x00000002)
#define TPM2_CAP_PP_COMMANDS     ((TPM2_CAP)0x00000003)
#define TPM2_CAP_AUDIT_COMMANDS  ((TPM2_CAP)0x00000004)
#define TPM2_CAP_PCRS            ((TPM2_CAP)0x00000005)
#define TPM2_CAP_TPM_PROPERTIES  ((TPM2_CAP)0x00000006)
#define TPM2_CAP_PCR_PROPERTIES  ((TPM2_CAP)0x00000007)
#define TPM2_CAP_ECC_CURVES      ((TPM2_CAP)0x00000008)
#define TPM2_CAP_AUTH_POLICIES   ((TPM2_CAP)0x00000009)
#define TPM2_CAP_ACT             ((TPM2_CAP)0x0000000A)
#define TPM2_CAP_LAST            ((TPM2_CAP)0x0000000A)
#define TPM2_CAP_VENDOR_PROPERTY ((TPM2_CAP)0x00000100)

/* ---- TPM2_PT (Part 2 §6.13) --------------------------------------------------------- */
#define TPM2_PT_NONE  ((TPM2_PT)0x00000000)
#define TPM2_PT_GROUP ((TPM2_PT)0x00000100)
#define TPM2_PT_FIXED ((TPM2_PT)(TPM2_PT_GROUP * 1))
#define TPM2_PT_FAMILY_INDICATOR    ((TPM2_PT)(TPM2_PT_FIXED + 0))
#define TPM2_PT_LEVEL               ((TPM2_PT)(TPM2_PT_FIXED + 1))
#define TPM2_PT_REVISION            ((TPM2_PT)(TPM2_PT_FIXED + 2))
#define TPM2_PT_DAY_OF_YEAR         ((TPM2_PT)(TPM2_PT_FIXED + 3))
#define TPM2_PT_YEAR                ((TPM2_PT)(TPM2_PT_FIXED + 4))
#define TPM2_PT_MANUFACTURER        ((TPM2_PT)(TPM2_PT_FIXED + 5))
#define TPM2_PT_VENDOR_STRING_1     ((TPM2_PT)(TPM2_PT_FIXED + 6))
#define TPM2_PT_VENDOR_STRING_2     ((TPM2_PT)(TPM2_PT_FIXED + 7))
#define TPM2_PT_VENDOR_STRING_3     ((TPM2_PT)(TPM2_PT_FIXED + 8))
#define TPM2_PT_VENDOR_STRING_4     ((TPM2_PT)(TPM2_PT_FIXED + 9))
#define TPM2_PT_VENDOR_TPM_TYPE     ((TPM2_PT)(TPM2_PT_FIXED + 10))
#define TPM2_PT_FIRMWARE_VERSION_1  ((TPM2_PT)(TPM2_PT_FIXED + 11))
#define TPM2_PT_FIRMWARE_VERSION_2  ((TPM2_PT)(TPM2_PT_FIXED + 12))
#define TPM2_PT_INPUT_BUFFER        ((TPM2_PT)(TPM2_PT_FIXED + 13))
#define TPM2_PT_HR_TRANSIENT_MIN    ((TPM2_PT)(TPM2_PT_FIXED + 14))
#define TPM2_PT_HR_PERSISTENT_MIN   ((TPM2_PT)(TPM2_PT_FIXED + 15))
#define TPM2_PT_HR_LOADED_MIN       ((TPM2_PT)(TPM2_PT_FIXED + 16))
#define TPM2_PT_ACTIVE_SESSIONS_MAX ((TPM2_PT)(TPM2_PT_FIXED + 17))
#define TPM2_PT_PCR_COUNT           ((TPM2_PT)(TPM2_PT_FIXED + 18))
#define TPM2_PT_PCR_SELECT_MIN      ((TPM2_PT)(TPM2_PT_FIXED + 19))
#define TPM2_PT_CONTEXT_GAP_MAX     ((TPM2_PT)(TPM2_PT_FIXED + 20))
#define TPM2_PT_NV_COUNTERS_MAX     ((TPM2_PT)(TPM2_PT_FIXED + 22))
#define TPM2_PT_NV_INDEX_MAX        ((TPM2_PT)(TPM2_PT_FIXED + 23))
#define TPM2_PT_MEMORY              ((TPM2_PT)(TPM2_PT_FIXED + 24))
#define TPM2_PT_CLOCK_UPDATE        ((TPM2_PT)(TPM2_PT_FIXED + 25))
#define TPM2_PT_CONTEXT_HASH        ((TPM2_PT)(TPM2_PT_FIXED + 26))
#define TPM2_PT_CONTEXT_SYM         ((TPM2_PT)(TPM2_PT_FIXED + 27))
#define TPM2_PT_CONTEXT_SYM_SIZE    ((TPM2_PT)(TPM2_PT_FIXED + 28))
#define TPM2_PT_ORDERLY_COUNT       ((TPM2_PT)(TPM2_PT_FIXED + 29))
#define TPM2_PT_MAX_COMMAND_SIZE    ((TPM2_PT)(TPM2_PT_FIXED + 30))
#define TPM2_PT_MAX_RESPONSE_SIZE   ((TPM2_PT)(TPM2_PT_FIXED + 31))
#define TPM2_PT_MAX_DIGEST          ((TPM2_PT)(TPM2_PT_FIXED + 32))
#define TPM2_PT_MAX_OBJECT_CONTEXT  ((TPM2_PT)(TPM2_PT_FIXED + 33))
#define TPM2_PT_MAX_SESSION_CONTEXT ((TPM2_PT)(TPM2_PT_FIXED + 34))
#define TPM2_PT_PS_FAMILY_INDICATOR ((TPM2_PT)(TPM2_PT_FIXED + 35))
#define TPM2_PT_PS_LEVEL            ((TPM2_PT)(TPM2_PT_FIXED + 36))
#define TPM2_PT_PS_REVISION         ((TPM2_PT)(TPM2_PT_FIXED + 37))
#define TPM2_PT_PS_DAY_OF_YEAR      ((TPM2_PT)(TPM2_PT_FIXED + 38))
#define TPM2_PT_PS_YEAR             ((TPM2_PT)(TPM2_PT_FIXED + 39))
#define TPM2_PT_SPLIT_MAX           ((TPM2_PT)(TPM2_PT_FIXED + 40))
#define TPM2_PT_TOTAL_COMMANDS      ((TPM2_PT)(TPM2_PT_FIXED + 41))
#define TPM2_PT_LIBRARY_COMMANDS    ((TPM2_PT)(TPM2_PT_FIXED + 42))
#define TPM2_PT_VENDOR_COMMANDS     ((TPM2_PT)(TPM2_PT_FIXED + 43))
#define TPM2_PT_NV_BUFFER_MAX       ((TPM2_PT)(TPM2_PT_FIXED + 44))
#define TPM2_PT_MODES               ((TPM2_PT)(TPM2_PT_FIXED + 45))
#define TPM2_PT_MAX_CAP_BUFFER      ((TPM2_PT)(TPM2_PT_FIXED + 46))
#define TPM2_PT_FIRMWARE_SVN        ((TPM2_PT)(TPM2_PT_FIXED + 47))
#define TPM2_PT_FIRMWARE_MAX_SVN    ((TPM2_PT)(TPM2_PT_FIXED + 48))
#define TPM2_PT_VAR ((TPM2_PT)(TPM2_PT_GROUP * 2))
#define TPM2_PT_PERMANENT           ((TPM2_PT)(TPM2_PT_VAR + 0))
#define TPM2_PT_STARTUP_CLEAR       ((TPM2_PT)(TPM2_PT_VAR + 1))
#define TPM2_PT_HR_NV_INDEX         ((TPM2_PT)(TPM2_PT_VAR + 2))
#define TPM2_PT_HR_LOADED           ((TPM2_PT)(TPM2_PT_VAR + 3))
#define TPM2_PT_HR_LOADED_AVAIL     ((TPM2_PT)(TPM2_PT_VAR + 4))
#define TPM2_PT_HR_ACTIVE           ((TPM2_PT)(TPM2_PT_VAR + 5))
#define TPM2_PT_HR_ACTIVE_AVAIL     ((TPM2_PT)(TPM2_PT_VAR + 6))
#define TPM2_PT_HR_TRANSIENT_AVAIL  ((TPM2_PT)(TPM2_PT_VAR + 7))
#define TPM2_PT_HR_PERSISTENT       ((TPM2_PT)(TPM2_PT_VAR + 8))
#define TPM2_PT_HR_PERSISTENT_AVAIL ((TPM2_PT)(TPM2_PT_VAR + 9))
#define TPM2_PT_NV_COUNTERS         ((TPM2_PT)(TPM2_PT_VAR + 10))
#define TPM2_PT_NV_COUNTERS_AVAIL   ((TPM2_PT)(TPM2_PT_VAR + 11))
#define TPM2_PT_ALGORITHM_SET       ((TPM2_PT)(TPM2_PT_VAR + 12))
#define TPM2_PT_LOADED_CURVES       ((TPM2_PT)(TPM2_PT_VAR + 13))
#define TPM2_PT_LOCKOUT_COUNTER     ((TPM2_PT)(TPM2_PT_VAR + 14))
#define TPM2_PT_MAX_AUTH_FAIL       ((TPM2_PT)(TPM2_PT_VAR + 15))
#define TPM2_PT_LOCKOUT_INTERVAL    ((TPM2_PT)(TPM2_PT_VAR + 16))
#define TPM2_PT_LOCKOUT_RECOVERY    ((TPM2_PT)(TPM2_PT_VAR + 17))
#define TPM2_PT_NV_WRITE_RECOVERY   ((TPM2_PT)(TPM2_PT_VAR + 18))
#define TPM2_PT_AUDIT_COUNTER_0     ((TPM2_PT)(TPM2_PT_VAR + 19))
#define TPM2_PT_AUDIT_COUNTER_1     ((TPM2_PT)(TPM2_PT_VAR + 20))

/* ---- TPM2_PT_PCR (Part 2 §6.14) ----------------------------------------------------- */
#define TPM2_PT_PCR_FIRST        ((TPM2_PT_PCR)0x00000000)
#define TPM2_PT_PCR_SAVE         ((TPM2_PT_PCR)0x00000000)
#define TPM2_PT_PCR_EXTEND_L0    ((TPM2_PT_PCR)0x00000001)
#define TPM2_PT_PCR_RESET_L0     ((TPM2_PT_PCR)0x00000002)
#define TPM2_PT_PCR_EXTEND_L1    ((TPM2_PT_PCR)0x00000003)
#define TPM2_PT_PCR_RESET_L1     ((TPM2_PT_PCR)0x00000004)
#define TPM2_PT_PCR_EXTEND_L2    ((TPM2_PT_PCR)0x00000005)
#define TPM2_PT_PCR_RESET_L2     ((TPM2_PT_PCR)0x00000006)
#define TPM2_PT_PCR_EXTEND_L3    ((TPM2_PT_PCR)0x00000007)
#define TPM2_PT_PCR_RESET_L3     ((TPM2_PT_PCR)0x00000008)
#define TPM2_PT_PCR_EXTEND_L4    ((TPM2_PT_PCR)0x00000009)
#define TPM2_PT_PCR_RESET_L4     ((TPM2_PT_PCR)0x0000000A)
#define TPM2_PT_PCR_NO_INCREMENT ((TPM2_PT_PCR)0x00000011)
#define TPM2_PT_PCR_DRTM_RESET   ((TPM2_PT_PCR)0x00000012)
#define TPM2_PT_PCR_POLICY       ((TPM2_PT_PCR)0x00000013)
#define TPM2_PT_PCR_AUTH         ((TPM2_PT_PCR)0x00000014)
#define TPM2_PT_PCR_LAST         ((TPM2_PT_PCR)0x00000014)

/* ---- TPM2_PS (Part 2 §6.15) --------------------------------------------------------- */
#define TPM2_PS_MAIN           ((TPM2_PS)0x00000000)
#define TPM2_PS_PC             ((TPM2_PS)0x00000001)
#define TPM2_PS_PDA            ((TPM2_PS)0x00000002)
#define TPM2_PS_CELL_PHONE     ((TPM2_PS)0x00000003)
#define TPM2_PS_SERVER         ((TPM2_PS)0x00000004)
#define TPM2_PS_PERIPHERAL     ((TPM2_PS)0x00000005)
#define TPM2_PS_TSS            ((TPM2_PS)0x00000006)
#define TPM2_PS_STORAGE        ((TPM2_PS)0x00000007)
#define TPM2_PS_AUTHENTICATION ((TPM2_PS)0x00000008)
#define TPM2_PS_EMBEDDED       ((TPM2_PS)0x00000009)
#define TPM2_PS_HARDCOPY       ((TPM2_PS)0x0000000A)
#define TPM2_PS_INFRASTRUCTURE ((TPM2_PS)0x0000000B)
#define TPM2_PS_VIRTUALIZATION ((TPM2_PS)0x0000000C)
#define TPM2_PS_TNC            ((TPM2_PS)0x0000000D)
#define TPM2_PS_MULTI_TENANT   ((TPM2_PS)0x0000000E)
#define TPM2_PS_TC             ((TPM2_PS)0x0000000F)

/* ---- Handles (Part 2 §7) ------------------------------------------------------------ */
#define TPM2_HT_PCR            ((TPM2_HT)0x00)
#define TPM2_HT_NV_INDEX       ((TPM2_HT)0x01)
#define TPM2_HT_HMAC_SESSION   ((TPM2_HT)0x02)
#define TPM2_HT_LOADED_SESSION ((TPM2_HT)0x02)
#define TPM2_HT_POLICY_SESSION ((TPM2_HT)0x03)
#define TPM2_HT_SAVED_SESSION  ((TPM2_HT)0x03)
#define TPM2_HT_PERMANENT      ((TPM2_HT)0x40)
#define TPM2_HT_TRANSIENT      ((TPM2_HT)0x80)
#define TPM2_HT_PERSISTENT     ((TPM2_HT)0x81)
#define TPM2_HT_AC             ((TPM2_HT)0x90)

#define TPM2_HR_HANDLE_MASK    ((TPM2_HC)0x00FFFFFF)
#define TPM2_HR_RANGE_MASK     ((TPM2_HC)0xFF000000)
#define TPM2_HR_SHIFT          24
#define TPM2_HR_PCR            ((TPM2_HC)((TPM2_HC)TPM2_HT_PCR << TPM2_HR_SHIFT))
#define TPM2_HR_HMAC_SESSION   ((TPM2_HC)((TPM2_HC)TPM2_HT_HMAC_SESSION << TPM2_HR_SHIFT))
#define TPM2_HR_POLICY_SESSION ((TPM2_HC)((TPM2_HC)TPM2_HT_POLICY_SESSION << TPM2_HR_SHIFT))
#define TPM2_HR_TRANSIENT      ((TPM2_HC)((TPM2_HC)TPM2_HT_TRANSIENT << TPM2_HR_SHIFT))
#define TPM2_HR_PERSISTENT     ((TPM2_HC)((TPM2_HC)TPM2_HT_PERSISTENT << TPM2_HR_SHIFT))
#define TPM2_HR_NV_INDEX       ((TPM2_HC)((TPM2_HC)TPM2_HT_NV_INDEX << TPM2_HR_SHIFT))
#define TPM2_HR_PERMANENT      ((TPM2_HC)((TPM2_HC)TPM2_HT_PERMANENT << TPM2_HR_SHIFT))
/* Range ends below are the whole handle range, not one implementation's limits
 * (Part 2 §7.5 makes *_LAST implementation-dependent). */
#define TPM2_PCR_FIRST              ((TPM2_HC)0x00000000)
#define TPM2_PCR_LAST               ((TPM2_HC)(TPM2_PCR_FIRST + TPM2_MAX_PCRS - 1))
#define TPM2_HMAC_SESSION_FIRST     ((TPM2_HC)0x02000000)
#define TPM2_HMAC_SESSION_LAST      ((TPM2_HC)0x02FFFFFF)
#define TPM2_LOADED_SESSION_FIRST   TPM2_HMAC_SESSION_FIRST
#define TPM2_LOADED_SESSION_LAST    TPM2_HMAC_SESSION_LAST
#define TPM2_POLICY_SESSION_FIRST   ((TPM2_HC)0x03000000)
#define TPM2_POLICY_SESSION_LAST    ((TPM2_HC)0x03FFFFFF)
#define TPM2_ACTIVE_SESSION_FIRST   TPM2_POLICY_SESSION_FIRST
#define TPM2_ACTIVE_SESSION_LAST    TPM2_POLICY_SESSION_LAST
#define TPM2_TRANSIENT_FIRST        ((TPM2_HC)0x80000000)
#define TPM2_TRANSIENT_LAST         ((TPM2_HC)0x80FFFFFF)
#define TPM2_PERSISTENT_FIRST       ((TPM2_HC)0x81000000)
#define TPM2_PERSISTENT_LAST        ((TPM2_HC)0x81FFFFFF)
#define TPM2_PLATFORM_PERSISTENT    ((TPM2_HC)0x81800000)
#define TPM2_NV_INDEX_FIRST         ((TPM2_HC)0x01000000)
#define TPM2_NV_INDEX_LAST          ((TPM2_HC)0x01FFFFFF)
#define TPM2_PERMANENT_FIRST        ((TPM2_HC)0x40000000)
#define TPM2_PERMANENT_LAST         ((TPM2_HC)0x4000011F)
#define TPM2_NV_AC_FIRST            ((TPM2_HC)0x01D00000)
#define TPM2_NV_AC_LAST             ((TPM2_HC)0x01D0FFFF)
#define TPM2_AC_FIRST               ((TPM2_HC)0x90000000)
#define TPM2_AC_LAST                ((TPM2_HC)0x9000FFFF)

/* Permanent handles (Part 2 §7.4). */
#define TPM2_RH_FIRST       ((TPM2_RH)0x40000000)
#define TPM2_RH_SRK         ((TPM2_RH)0x40000000)
#define TPM2_RH_OWNER       ((TPM2_RH)0x40000001)
#define TPM2_RH_REVOKE      ((TPM2_RH)0x40000002)
#define TPM2_RH_TRANSPORT   ((TPM2_RH)0x40000003)
#define TPM2_RH_OPERATOR    ((TPM2_RH)0x40000004)
#define TPM2_RH_ADMIN       ((TPM2_RH)0x40000005)
#define TPM2_RH_EK          ((TPM2_RH)0x40000006)
#define TPM2_RH_NULL        ((TPM2_RH)0x40000007)
#define TPM2_RH_UNASSIGNED  ((TPM2_RH)0x40000008)
#define TPM2_RS_PW          ((TPM2_RH)0x40000009)
#define TPM2_RH_PW          ((TPM2_RH)0x40000009)
#define TPM2_RH_LOCKOUT     ((TPM2_RH)0x4000000A)
#define TPM2_RH_ENDORSEMENT ((TPM2_RH)0x4000000B)
#define TPM2_RH_PLATFORM    ((TPM2_RH)0x4000000C)
#define TPM2_RH_PLATFORM_NV ((TPM2_RH)0x4000000D)
#define TPM2_RH_AUTH_00     ((TPM2_RH)0x40000010)
#define TPM2_RH_AUTH_FF     ((TPM2_RH)0x4000010F)
#define TPM2_RH_ACT_0       ((TPM2_RH)0x40000110)
#define TPM2_RH_ACT_F       ((TPM2_RH)0x4000011F)
#define TPM2_RH_LAST        ((TPM2_RH)0x4000011F)

/* ---- TPM2_NT: the NV index type, TPMA_NV bits 4..7 (Part 2 §13.4) ------------------- */
#define TPM2_NT_ORDINARY ((TPM2_NT)0x0)
#define TPM2_NT_COUNTER  ((TPM2_NT)0x1)
#define TPM2_NT_BITS     ((TPM2_NT)0x2)
#define TPM2_NT_EXTEND   ((TPM2_NT)0x4)
#define TPM2_NT_PIN_FAIL ((TPM2_NT)0x8)
#define TPM2_NT_PIN_PASS ((TPM2_NT)0x9)

#define TPM2_AT_ANY   ((TPM2_AT)0x00000000)
#define TPM2_AT_ERROR ((TPM2_AT)0x00000001)
#define TPM2_AT_PV1   ((TPM2_AT)0x00000002)
#define TPM2_AT_VEND  ((TPM2_AT)0x80000000)

/* ---- Attributes (Part 2 §8) --------------------------------------------------------- */
typedef uint32_t TPMA_ALGORITHM;
#define TPMA_ALGORITHM_ASYMMETRIC    ((TPMA_ALGORITHM)0x00000001)
#define TPMA_ALGORITHM_SYMMETRIC     ((TPMA_ALGORITHM)0x00000002)
#define TPMA_ALGORITHM_HASH          ((TPMA_ALGORITHM)0x00000004)
#define TPMA_ALGORITHM_OBJECT        ((TPMA_ALGORITHM)0x00000008)
#define TPMA_ALGORITHM_SIGNING       ((TPMA_ALGORITHM)0x00000100)
#define TPMA_ALGORITHM_ENCRYPTING    ((TPMA_ALGORITHM)0x00000200)
#define TPMA_ALGORITHM_METHOD        ((TPMA_ALGORITHM)0x00000400)
#define TPMA_ALGORITHM_RESERVED_MASK ((TPMA_ALGORITHM)0xFFFFF8F0)

typedef uint32_t TPMA_OBJECT;
#define TPMA_OBJECT_FIXEDTPM             ((TPMA_OBJECT)0x00000002)
#define TPMA_OBJECT_STCLEAR              ((TPMA_OBJECT)0x00000004)
#define TPMA_OBJECT_FIXEDPARENT          ((TPMA_OBJECT)0x00000010)
#define TPMA_OBJECT_SENSITIVEDATAORIGIN  ((TPMA_OBJECT)0x00000020)
#define TPMA_OBJECT_USERWITHAUTH         ((TPMA_OBJECT)0x00000040)
#define TPMA_OBJECT_ADMINWITHPOLICY      ((TPMA_OBJECT)0x00000080)
#define TPMA_OBJECT_FIRMWARELIMITED      ((TPMA_OBJECT)0x00000100)
#define TPMA_OBJECT_SVNLIMITED           ((TPMA_OBJECT)0x00000200)
#define TPMA_OBJECT_NODA                 ((TPMA_OBJECT)0x00000400)
#define TPMA_OBJECT_ENCRYPTEDDUPLICATION ((TPMA_OBJECT)0x00000800)
#define TPMA_OBJECT_RESTRICTED           ((TPMA_OBJECT)0x00010000)
#define TPMA_OBJECT_DECRYPT              ((TPMA_OBJECT)0x00020000)
#define TPMA_OBJECT_SIGN_ENCRYPT         ((TPMA_OBJECT)0x00040000)
#define TPMA_OBJECT_X509SIGN             ((TPMA_OBJECT)0x00080000)
#define TPMA_OBJECT_RESERVED_MASK        ((TPMA_OBJECT)0xFFF0F009)

typedef uint8_t TPMA_SESSION;
#define TPMA_SESSION_CONTINUESESSION ((TPMA_SESSION)0x01)
#define TPMA_SESSION_AUDITEXCLUSIVE  ((TPMA_SESSION)0x02)
#define TPMA_SESSION_AUDITRESET      ((TPMA_SESSION)0x04)
#define TPMA_SESSION_DECRYPT         ((TPMA_SESSION)0x20)
#define TPMA_SESSION_ENCRYPT         ((TPMA_SESSION)0x40)
#define TPMA_SESSION_AUDIT           ((TPMA_SESSION)0x80)
#define TPMA_SESSION_RESERVED_MASK   ((TPMA_SESSION)0x18)

typedef uint8_t TPMA_LOCALITY;
#define TPMA_LOCALITY_TPM2_LOC_ZERO  ((TPMA_LOCALITY)0x01)
#define TPMA_LOCALITY_TPM2_LOC_ONE   ((TPMA_LOCALITY)0x02)
#define TPMA_LOCALITY_TPM2_LOC_TWO   ((TPMA_LOCALITY)0x04)
#define TPMA_LOCALITY_TPM2_LOC_THREE ((TPMA_LOCALITY)0x08)
#define TPMA_LOCALITY_TPM2_LOC_FOUR  ((TPMA_LOCALITY)0x10)
#define TPMA_LOCALITY_EXTENDED_MASK  ((TPMA_LOCALITY)0xE0)
#define TPMA_LOCALITY_EXTENDED_SHIFT 5
#define TPM2_LOC_ZERO  0
#define TPM2_LOC_ONE   1
#define TPM2_LOC_TWO   2
#define TPM2_LOC_THREE 3
#define TPM2_LOC_FOUR  4

typedef uint32_t TPMA_PERMANENT;
#define TPMA_PERMANENT_OWNERAUTHSET       ((TPMA_PERMANENT)0x00000001)
#define TPMA_PERMANENT_ENDORSEMENTAUTHSET ((TPMA_PERMANENT)0x00000002)
#define TPMA_PERMANENT_LOCKOUTAUTHSET     ((TPMA_PERMANENT)0x00000004)
#define TPMA_PERMANENT_DISABLECLEAR       ((TPMA_PERMANENT)0x00000100)
#define TPMA_PERMANENT_INLOCKOUT          ((TPMA_PERMANENT)0x00000200)
#define TPMA_PERMANENT_TPMGENERATEDEPS    ((TPMA_PERMANENT)0x00000400)

typedef uint32_t TPMA_STARTUP_CLEAR;
#define TPMA_STARTUP_CLEAR_PHENABLE   ((TPMA_STARTUP_CLEAR)0x00000001)
#define TPMA_STARTUP_CLEAR_SHENABLE   ((TPMA_STARTUP_CLEAR)0x00000002)
#define TPMA_STARTUP_CLEAR_EHENABLE   ((TPMA_STARTUP_CLEAR)0x00000004)
#define TPMA_STARTUP_CLEAR_PHENABLENV ((TPMA_STARTUP_CLEAR)0x00000008)
#define TPMA_STARTUP_CLEAR_ORDERLY    ((TPMA_STARTUP_CLEAR)0x80000000)

typedef uint32_t TPMA_MEMORY;
#define TPMA_MEMORY_SHAREDRAM         ((TPMA_MEMORY)0x00000001)
#define TPMA_MEMORY_SHAREDNV          ((TPMA_MEMORY)0x00000002)
#define TPMA_MEMORY_OBJECTCOPIEDTORAM ((TPMA_MEMORY)0x00000004)

typedef uint32_t TPMA_CC;
#define TPMA_CC_COMMANDINDEX_MASK  ((TPMA_CC)0x0000FFFF)
#define TPMA_CC_COMMANDINDEX_SHIFT 0
#define TPMA_CC_NV                 ((TPMA_CC)0x00400000)
#define TPMA_CC_EXTENSIVE          ((TPMA_CC)0x00800000)
#define TPMA_CC_FLUSHED            ((TPMA_CC)0x01000000)
#define TPMA_CC_CHANDLES_MASK      ((TPMA_CC)0x0E000000)
#define TPMA_CC_CHANDLES_SHIFT     25
#define TPMA_CC_RHANDLE            ((TPMA_CC)0x10000000)
#define TPMA_CC_V                  ((TPMA_CC)0x20000000)
#define TPMA_CC_RES_MASK           ((TPMA_CC)0xC0000000)
#define TPMA_CC_RES_SHIFT          30
#define TPMA_CC_RESERVED_MASK      ((TPMA_CC)0x003F0000)

typedef uint32_t TPMA_MODES;
#define TPMA_MODES_FIPS_140_2 ((TPMA_MODES)0x00000001)
#define TPMA_MODES_FIPS_140_3 ((TPMA_MODES)0x00000002)

typedef uint32_t TPMA_ACT;
#define TPMA_ACT_SIGNALED         ((TPMA_ACT)0x00000001)
#define TPMA_ACT_PRESERVESIGNALED ((TPMA_ACT)0x00000002)

typedef uint32_t TPMA_NV;
#define TPMA_NV_PPWRITE         ((TPMA_NV)0x00000001)
#define TPMA_NV_OWNERWRITE      ((TPMA_NV)0x00000002)
#define TPMA_NV_AUTHWRITE       ((TPMA_NV)0x00000004)
#define TPMA_NV_POLICYWRITE     ((TPMA_NV)0x00000008)
#define TPMA_NV_TPM2_NT_MASK    ((TPMA_NV)0x000000F0)
#define TPMA_NV_TPM2_NT_SHIFT   4
#define TPMA_NV_POLICY_DELETE   ((TPMA_NV)0x00000400)
#define TPMA_NV_WRITELOCKED     ((TPMA_NV)0x00000800)
#define TPMA_NV_WRITEALL        ((TPMA_NV)0x00001000)
#define TPMA_NV_WRITEDEFINE     ((TPMA_NV)0x00002000)
#define TPMA_NV_WRITE_STCLEAR   ((TPMA_NV)0x00004000)
#define TPMA_NV_GLOBALLOCK      ((TPMA_NV)0x00008000)
#define TPMA_NV_PPREAD          ((TPMA_NV)0x00010000)
#define TPMA_NV_OWNERREAD       ((TPMA_NV)0x00020000)
#define TPMA_NV_AUTHREAD        ((TPMA_NV)0x00040000)
#define TPMA_NV_POLICYREAD      ((TPMA_NV)0x00080000)
#define TPMA_NV_NO_DA           ((TPMA_NV)0x02000000)
#define TPMA_NV_ORDERLY         ((TPMA_NV)0x04000000)
#define TPMA_NV_CLEAR_STCLEAR   ((TPMA_NV)0x08000000)
#define TPMA_NV_READLOCKED      ((TPMA_NV)0x10000000)
#define TPMA_NV_WRITTEN         ((TPMA_NV)0x20000000)
#define TPMA_NV_PLATFORMCREATE  ((TPMA_NV)0x40000000)
#define TPMA_NV_READ_STCLEAR    ((TPMA_NV)0x80000000)
#define TPMA_NV_RESERVED_MASK   ((TPMA_NV)0x01F00300)
/* The index type lives in bits 4..7 of TPMA_NV. */
#define TPMA_NV_NT_GET(a)       ((TPM2_NT)(((a) & TPMA_NV_TPM2_NT_MASK) >> TPMA_NV_TPM2_NT_SHIFT))
#define TPMA_NV_NT_SET(nt)      ((TPMA_NV)(((TPMA_NV)(nt) << TPMA_NV_TPM2_NT_SHIFT) & TPMA_NV_TPM2_NT_MASK))

/* ---- Interface types (Part 2 §9): the value sets they restrict to are checked by the
 * TPM; on the wire and in C they are their base type. ---------------------------------- */
typedef uint8_t TPMI_YES_NO;
#define TPM2_NO  0
#define TPM2_YES 1
typedef TPM2_HANDLE TPMI_DH_OBJECT;
typedef TPM2_HANDLE TPMI_DH_PARENT;
typedef TPM2_HANDLE TPMI_DH_PERSISTENT;
typedef TPM2_HANDLE TPMI_DH_ENTITY;
typedef TPM2_HANDLE TPMI_DH_PCR;
typedef TPM2_HANDLE TPMI_DH_CONTEXT;
typedef TPM2_HANDLE TPMI_DH_SAVED;
typedef TPM2_HANDLE TPMI_SH_AUTH_SESSION;
typedef TPM2_HANDLE TPMI_SH_HMAC;
typedef TPM2_HANDLE TPMI_SH_POLICY;
typedef TPM2_HANDLE TPMI_RH_HIERARCHY;
typedef TPM2_HANDLE TPMI_RH_ENABLES;
typedef TPM2_HANDLE TPMI_RH_HIERARCHY_AUTH;
typedef TPM2_HANDLE TPMI_RH_HIERARCHY_POLICY;
typedef TPM2_HANDLE TPMI_RH_PLATFORM;
typedef TPM2_HANDLE TPMI_RH_OWNER;
typedef TPM2_HANDLE TPMI_RH_ENDORSEMENT;
typedef TPM2_HANDLE TPMI_RH_PROVISION;
typedef TPM2_HANDLE TPMI_RH_CLEAR;
typedef TPM2_HANDLE TPMI_RH_NV_AUTH;
typedef TPM2_HANDLE TPMI_RH_LOCKOUT;
typedef TPM2_HANDLE TPMI_RH_NV_INDEX;
typedef TPM2_HANDLE TPMI_RH_AC;
typedef TPM2_HANDLE TPMI_RH_ACT;
typedef TPM2_ALG_ID TPMI_ALG_HASH;
typedef TPM2_ALG_ID TPMI_ALG_ASYM;
typedef TPM2_ALG_ID TPMI_ALG_SYM;
typedef TPM2_ALG_ID TPMI_ALG_SYM_OBJECT;
typedef TPM2_ALG_ID TPMI_ALG_SYM_MODE;
typedef TPM2_ALG_ID TPMI_ALG_KDF;
typedef TPM2_ALG_ID TPMI_ALG_SIG_SCHEME;
typedef TPM2_ALG_ID TPMI_ECC_KEY_EXCHANGE;
typedef TPM2_ALG_ID TPMI_ALG_MAC_SCHEME;
typedef TPM2_ALG_ID TPMI_ALG_CIPHER_MODE;
typedef TPM2_ALG_ID TPMI_ALG_KEYEDHASH_SCHEME;
typedef TPM2_ALG_ID TPMI_ALG_ASYM_SCHEME;
typedef TPM2_ALG_ID TPMI_ALG_RSA_SCHEME;
typedef TPM2_ALG_ID TPMI_ALG_RSA_DECRYPT;
typedef TPM2_ALG_ID TPMI_ALG_ECC_SCHEME;
typedef TPM2_ALG_ID TPMI_ALG_PUBLIC;
typedef TPM2_ST TPMI_ST_COMMAND_TAG;
typedef TPM2_ST TPMI_ST_ATTEST;
typedef TPM2_KEY_BITS TPMI_AES_KEY_BITS;
typedef TPM2_KEY_BITS TPMI_SM4_KEY_BITS;
typedef TPM2_KEY_BITS TPMI_CAMELLIA_KEY_BITS;
typedef TPM2_KEY_BITS TPMI_RSA_KEY_BITS;
typedef TPM2_ECC_CURVE TPMI_ECC_CURVE;

/* ---- Structures (Part 2 §10 onwards) -------------------------------------------------
 * TPM2B buffers are { size; bytes[N] } with N as in tpm2-tss; a TPM2B that wraps a
 * structure is { size; <structure> } and its size is computed when marshalled. */

/* Part 2 §10.1: a structure with no members. C has no empty struct; the byte is never
 * marshalled. */
typedef struct {
    uint8_t empty[1];
} TPMS_EMPTY;

typedef union {
    uint8_t sha1[TPM2_SHA1_DIGEST_SIZE];
    uint8_t sha256[TPM2_SHA256_DIGEST_SIZE];
    uint8_t sha384[TPM2_SHA384_DIGEST_SIZE];
    uint8_t sha512[TPM2_SHA512_DIGEST_SIZE];
    uint8_t sm3_256[TPM2_SM3_256_DIGEST_SIZE];
    uint8_t sha3_256[TPM2_SHA3_256_DIGEST_SIZE];
    uint8_t sha3_384[TPM2_SHA3_384_DIGEST_SIZE];
    uint8_t sha3_512[TPM2_SHA3_512_DIGEST_SIZE];
} TPMU_HA;

typedef struct {
    TPMI_ALG_HASH hashAlg; /* +NULL: then digest is empty */
    TPMU_HA digest;
} TPMT_HA;

typedef struct {
    uint16_t size;
    uint8_t buffer[sizeof(TPMU_HA)];
} TPM2B_DIGEST;

typedef struct {
    uint16_t size;
    uint8_t buffer[sizeof(TPMT_HA)];
} TPM2B_DATA;

typedef TPM2B_DIGEST TPM2B_NONCE;
typedef TPM2B_DIGEST TPM2B_AUTH;
typedef TPM2B_DIGEST TPM2B_OPERAND;

typedef struct {
    uint16_t size;
    uint8_t buffer[1024];
} TPM2B_EVENT;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_DIGEST_BUFFER];
} TPM2B_MAX_BUFFER;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_NV_BUFFER_SIZE];
} TPM2B_MAX_NV_BUFFER;

/* Part 2 says sizeof(UINT64); tpm2-tss allows a digest's worth, and so do we, so a
 * TPM that returns a longer timeout is not refused. */
typedef struct {
    uint16_t size;
    uint8_t buffer[sizeof(TPMU_HA)];
} TPM2B_TIMEOUT;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_SYM_BLOCK_SIZE];
} TPM2B_IV;

typedef union {
    TPMT_HA digest;
    TPM2_HANDLE handle;
} TPMU_NAME;

/* A name is a handle (4 bytes) or nameAlg || digest; stored as bytes. */
typedef struct {
    uint16_t size;
    uint8_t name[sizeof(TPMU_NAME)];
} TPM2B_NAME;

typedef struct {
    uint8_t sizeofSelect;
    uint8_t pcrSelect[TPM2_PCR_SELECT_MAX];
} TPMS_PCR_SELECT;

typedef struct {
    TPMI_ALG_HASH hash;
    uint8_t sizeofSelect;
    uint8_t pcrSelect[TPM2_PCR_SELECT_MAX];
} TPMS_PCR_SELECTION;

/* Tickets (Part 2 §10.7). */
typedef struct {
    TPM2_ST tag;
    TPMI_RH_HIERARCHY hierarchy;
    TPM2B_DIGEST digest;
} TPMT_TK_CREATION;

typedef struct {
    TPM2_ST tag;
    TPMI_RH_HIERARCHY hierarchy;
    TPM2B_DIGEST digest;
} TPMT_TK_VERIFIED;

typedef struct {
    TPM2_ST tag;
    TPMI_RH_HIERARCHY hierarchy;
    TPM2B_DIGEST digest;
} TPMT_TK_AUTH;

typedef struct {
    TPM2_ST tag;
    TPMI_RH_HIERARCHY hierarchy;
    TPM2B_DIGEST digest;
} TPMT_TK_HASHCHECK;

/* Capability elements (Part 2 §10.8). */
typedef struct {
    TPM2_ALG_ID alg;
    TPMA_ALGORITHM algProperties;
} TPMS_ALG_PROPERTY;

typedef struct {
    TPM2_PT property;
    uint32_t value;
} TPMS_TAGGED_PROPERTY;

typedef struct {
    TPM2_PT_PCR tag;
    uint8_t sizeofSelect;
    uint8_t pcrSelect[TPM2_PCR_SELECT_MAX];
} TPMS_TAGGED_PCR_SELECT;

typedef struct {
    TPM2_HANDLE handle;
    TPMT_HA policyHash;
} TPMS_TAGGED_POLICY;

typedef struct {
    TPM2_HANDLE handle;
    uint32_t timeout;
    TPMA_ACT attributes;
} TPMS_ACT_DATA;

/* Lists (Part 2 §10.9). */
typedef struct {
    uint32_t count;
    TPM2_CC commandCodes[TPM2_MAX_CAP_CC];
} TPML_CC;

typedef struct {
    uint32_t count;
    TPMA_CC commandAttributes[TPM2_MAX_CAP_CC];
} TPML_CCA;

typedef struct {
    uint32_t count;
    TPM2_ALG_ID algorithms[TPM2_MAX_ALG_LIST_SIZE];
} TPML_ALG;

typedef struct {
    uint32_t count;
    TPM2_HANDLE handle[TPM2_MAX_CAP_HANDLES];
} TPML_HANDLE;

/* Eight digests: PolicyOR takes at most eight branches (Part 3 §23.6). */
typedef struct {
    uint32_t count;
    TPM2B_DIGEST digests[8];
} TPML_DIGEST;

typedef struct {
    uint32_t count;
    TPMT_HA digests[TPM2_NUM_PCR_BANKS];
} TPML_DIGEST_VALUES;

typedef struct {
    uint32_t count;
    TPMS_PCR_SELECTION pcrSelections[TPM2_NUM_PCR_BANKS];
} TPML_PCR_SELECTION;

typedef struct {
    uint32_t count;
    TPMS_ALG_PROPERTY algProperties[TPM2_MAX_CAP_ALGS];
} TPML_ALG_PROPERTY;

typedef struct {
    uint32_t count;
    TPMS_TAGGED_PROPERTY tpmProperty[TPM2_MAX_TPM_PROPERTIES];
} TPML_TAGGED_TPM_PROPERTY;

typedef struct {
    uint32_t count;
    TPMS_TAGGED_PCR_SELECT pcrProperty[TPM2_MAX_PCR_PROPERTIES];
} TPML_TAGGED_PCR_PROPERTY;

typedef struct {
    uint32_t count;
    TPM2_ECC_CURVE eccCurves[TPM2_MAX_ECC_CURVES];
} TPML_ECC_CURVE;

typedef struct {
    uint32_t count;
    TPMS_TAGGED_POLICY policies[TPM2_MAX_TAGGED_POLICIES];
} TPML_TAGGED_POLICY;

typedef struct {
    uint32_t count;
    TPMS_ACT_DATA actData[TPM2_MAX_ACT_DATA];
} TPML_ACT_DATA;

/* Selected by TPM2_CAP (Part 2 §10.10). */
typedef union {
    TPML_ALG_PROPERTY algorithms;          /* TPM2_CAP_ALGS */
    TPML_HANDLE handles;                   /* TPM2_CAP_HANDLES */
    TPML_CCA command;                      /* TPM2_CAP_COMMANDS */
    TPML_CC ppCommands;                    /* TPM2_CAP_PP_COMMANDS */
    TPML_CC auditCommands;                 /* TPM2_CAP_AUDIT_COMMANDS */
    TPML_PCR_SELECTION assignedPCR;        /* TPM2_CAP_PCRS */
    TPML_TAGGED_TPM_PROPERTY tpmProperties; /* TPM2_CAP_TPM_PROPERTIES */
    TPML_TAGGED_PCR_PROPERTY pcrProperties; /* TPM2_CAP_PCR_PROPERTIES */
    TPML_ECC_CURVE eccCurves;              /* TPM2_CAP_ECC_CURVES */
    TPML_TAGGED_POLICY authPolicies;       /* TPM2_CAP_AUTH_POLICIES */
    TPML_ACT_DATA actData;                 /* TPM2_CAP_ACT */
} TPMU_CAPABILITIES;

typedef struct {
    TPM2_CAP capability;
    TPMU_CAPABILITIES data;
} TPMS_CAPABILITY_DATA;

/* Clock and time (Part 2 §10.11). */
typedef struct {
    uint64_t clock;
    uint32_t resetCount;
    uint32_t restartCount;
    TPMI_YES_NO safe;
} TPMS_CLOCK_INFO;

typedef struct {
    uint64_t time;
    TPMS_CLOCK_INFO clockInfo;
} TPMS_TIME_INFO;

typedef struct {
    TPMS_TIME_INFO time;
    uint64_t firmwareVersion;
} TPMS_TIME_ATTEST_INFO;

/* Attestation (Part 2 §10.12). */
typedef struct {
    TPM2B_NAME name;
    TPM2B_NAME qualifiedName;
} TPMS_CERTIFY_INFO;

typedef struct {
    TPML_PCR_SELECTION pcrSelect;
    TPM2B_DIGEST pcrDigest;
} TPMS_QUOTE_INFO;

typedef struct {
    uint64_t auditCounter;
    TPM2_ALG_ID digestAlg;
    TPM2B_DIGEST auditDigest;
    TPM2B_DIGEST commandDigest;
} TPMS_COMMAND_AUDIT_INFO;

typedef struct {
    TPMI_YES_NO exclusiveSession;
    TPM2B_DIGEST sessionDigest;
} TPMS_SESSION_AUDIT_INFO;

typedef struct {
    TPM2B_NAME objectName;
    TPM2B_DIGEST creationHash;
} TPMS_CREATION_INFO;

typedef struct {
    TPM2B_NAME indexName;
    uint16_t offset;
    TPM2B_MAX_NV_BUFFER nvContents;
} TPMS_NV_CERTIFY_INFO;

typedef struct {
    TPM2B_NAME indexName;
    TPM2B_DIGEST nvDigest;
} TPMS_NV_DIGEST_CERTIFY_INFO;

/* Selected by TPMI_ST_ATTEST. */
typedef union {
    TPMS_CERTIFY_INFO certify;                /* TPM2_ST_ATTEST_CERTIFY */
    TPMS_CREATION_INFO creation;              /* TPM2_ST_ATTEST_CREATION */
    TPMS_QUOTE_INFO quote;                    /* TPM2_ST_ATTEST_QUOTE */
    TPMS_COMMAND_AUDIT_INFO commandAudit;     /* TPM2_ST_ATTEST_COMMAND_AUDIT */
    TPMS_SESSION_AUDIT_INFO sessionAudit;     /* TPM2_ST_ATTEST_SESSION_AUDIT */
    TPMS_TIME_ATTEST_INFO time;               /* TPM2_ST_ATTEST_TIME */
    TPMS_NV_CERTIFY_INFO nv;                  /* TPM2_ST_ATTEST_NV */
    TPMS_NV_DIGEST_CERTIFY_INFO nvDigest;     /* TPM2_ST_ATTEST_NV_DIGEST */
} TPMU_ATTEST;

typedef struct {
    TPM2_GENERATED magic;
    TPMI_ST_ATTEST type;
    TPM2B_NAME qualifiedSigner;
    TPM2B_DATA extraData;
    TPMS_CLOCK_INFO clockInfo;
    uint64_t firmwareVersion;
    TPMU_ATTEST attested;
} TPMS_ATTEST;

/* Kept as bytes: it is what the signature covers, so it must not be re-encoded. */
typedef struct {
    uint16_t size;
    uint8_t attestationData[sizeof(TPMS_ATTEST)];
} TPM2B_ATTEST;

/* Authorization area entries (Part 2 §10.13). */
typedef struct {
    TPMI_SH_AUTH_SESSION sessionHandle;
    TPM2B_NONCE nonce;
    TPMA_SESSION sessionAttributes;
    TPM2B_AUTH hmac;
} TPMS_AUTH_COMMAND;

typedef struct {
    TPM2B_NONCE nonce;
    TPMA_SESSION sessionAttributes;
    TPM2B_AUTH hmac;
} TPMS_AUTH_RESPONSE;

/* Symmetric (Part 2 §11.1). */
typedef union {
    TPMI_AES_KEY_BITS aes;
    TPMI_SM4_KEY_BITS sm4;
    TPMI_CAMELLIA_KEY_BITS camellia;
    TPM2_KEY_BITS sym;
    TPMI_ALG_HASH exclusiveOr; /* TPM2_ALG_XOR: the hash, not a size */
} TPMU_SYM_KEY_BITS;

typedef union {
    TPMI_ALG_SYM_MODE aes;
    TPMI_ALG_SYM_MODE sm4;
    TPMI_ALG_SYM_MODE camellia;
    TPMI_ALG_SYM_MODE sym;
} TPMU_SYM_MODE;

typedef struct {
    TPMI_ALG_SYM algorithm; /* +NULL */
    TPMU_SYM_KEY_BITS keyBits;
    TPMU_SYM_MODE mode;
} TPMT_SYM_DEF;

typedef struct {
    TPMI_ALG_SYM_OBJECT algorithm; /* +NULL; XOR is not allowed for objects */
    TPMU_SYM_KEY_BITS keyBits;
    TPMU_SYM_MODE mode;
} TPMT_SYM_DEF_OBJECT;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_SYM_KEY_BYTES];
} TPM2B_SYM_KEY;

typedef struct {
    TPMT_SYM_DEF_OBJECT sym;
} TPMS_SYMCIPHER_PARMS;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_LABEL_MAX_BUFFER];
} TPM2B_LABEL;

/* CreateLoaded's derivation input (Part 2 §11.1.11), used in place of unique. */
typedef struct {
    TPM2B_LABEL label;
    TPM2B_LABEL context;
} TPMS_DERIVE;

typedef struct {
    uint16_t size;
    uint8_t buffer[sizeof(TPMS_DERIVE)];
} TPM2B_DERIVE;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_SYM_DATA];
} TPM2B_SENSITIVE_DATA;

typedef struct {
    TPM2B_AUTH userAuth;
    TPM2B_SENSITIVE_DATA data;
} TPMS_SENSITIVE_CREATE;

typedef struct {
    uint16_t size; /* computed when marshalled */
    TPMS_SENSITIVE_CREATE sensitive;
} TPM2B_SENSITIVE_CREATE;

/* Schemes (Part 2 §11.1.17 onwards). */
typedef struct {
    TPMI_ALG_HASH hashAlg;
} TPMS_SCHEME_HASH;

typedef struct {
    TPMI_ALG_HASH hashAlg;
    uint16_t count;
} TPMS_SCHEME_ECDAA;

typedef TPMS_SCHEME_HASH TPMS_SCHEME_HMAC;

typedef struct {
    TPMI_ALG_HASH hashAlg;
    TPMI_ALG_KDF kdf;
} TPMS_SCHEME_XOR;

typedef union {
    TPMS_SCHEME_HMAC hmac;
    TPMS_SCHEME_XOR exclusiveOr;
} TPMU_SCHEME_KEYEDHASH;

typedef struct {
    TPMI_ALG_KEYEDHASH_SCHEME scheme; /* +NULL */
    TPMU_SCHEME_KEYEDHASH details;
} TPMT_KEYEDHASH_SCHEME;

typedef TPMS_SCHEME_HASH TPMS_SIG_SCHEME_RSASSA;
typedef TPMS_SCHEME_HASH TPMS_SIG_SCHEME_RSAPSS;
typedef TPMS_SCHEME_HASH TPMS_SIG_SCHEME_ECDSA;
typedef TPMS_SCHEME_HASH TPMS_SIG_SCHEME_SM2;
typedef TPMS_SCHEME_HASH TPMS_SIG_SCHEME_ECSCHNORR;
typedef TPMS_SCHEME_ECDAA TPMS_SIG_SCHEME_ECDAA;

typedef union {
    TPMS_SIG_SCHEME_RSASSA rsassa;
    TPMS_SIG_SCHEME_RSAPSS rsapss;
    TPMS_SIG_SCHEME_ECDSA ecdsa;
    TPMS_SIG_SCHEME_ECDAA ecdaa;
    TPMS_SIG_SCHEME_SM2 sm2;
    TPMS_SIG_SCHEME_ECSCHNORR ecschnorr;
    TPMS_SCHEME_HMAC hmac;
    TPMS_SCHEME_HASH any;
} TPMU_SIG_SCHEME;

typedef struct {
    TPMI_ALG_SIG_SCHEME scheme; /* +NULL */
    TPMU_SIG_SCHEME details;
} TPMT_SIG_SCHEME;

typedef TPMS_SCHEME_HASH TPMS_ENC_SCHEME_OAEP;
typedef TPMS_EMPTY TPMS_ENC_SCHEME_RSAES;
typedef TPMS_SCHEME_HASH TPMS_KEY_SCHEME_ECDH;
typedef TPMS_SCHEME_HASH TPMS_KEY_SCHEME_ECMQV;
typedef TPMS_SCHEME_HASH TPMS_KDF_SCHEME_MGF1;
typedef TPMS_SCHEME_HASH TPMS_KDF_SCHEME_KDF1_SP800_56A;
typedef TPMS_SCHEME_HASH TPMS_KDF_SCHEME_KDF2;
typedef TPMS_SCHEME_HASH TPMS_KDF_SCHEME_KDF1_SP800_108;

typedef union {
    TPMS_KDF_SCHEME_MGF1 mgf1;
    TPMS_KDF_SCHEME_KDF1_SP800_56A kdf1_sp800_56a;
    TPMS_KDF_SCHEME_KDF2 kdf2;
    TPMS_KDF_SCHEME_KDF1_SP800_108 kdf1_sp800_108;
} TPMU_KDF_SCHEME;

typedef struct {
    TPMI_ALG_KDF scheme; /* +NULL */
    TPMU_KDF_SCHEME details;
} TPMT_KDF_SCHEME;

typedef union {
    TPMS_KEY_SCHEME_ECDH ecdh;
    TPMS_KEY_SCHEME_ECMQV ecmqv;
    TPMS_SIG_SCHEME_RSASSA rsassa;
    TPMS_SIG_SCHEME_RSAPSS rsapss;
    TPMS_SIG_SCHEME_ECDSA ecdsa;
    TPMS_SIG_SCHEME_ECDAA ecdaa;
    TPMS_SIG_SCHEME_SM2 sm2;
    TPMS_SIG_SCHEME_ECSCHNORR ecschnorr;
    TPMS_ENC_SCHEME_RSAES rsaes;
    TPMS_ENC_SCHEME_OAEP oaep;
    TPMS_SCHEME_HASH anySig;
} TPMU_ASYM_SCHEME;

typedef struct {
    TPMI_ALG_ASYM_SCHEME scheme; /* +NULL */
    TPMU_ASYM_SCHEME details;
} TPMT_ASYM_SCHEME;

typedef struct {
    TPMI_ALG_RSA_SCHEME scheme; /* +NULL */
    TPMU_ASYM_SCHEME details;
} TPMT_RSA_SCHEME;

typedef struct {
    TPMI_ALG_RSA_DECRYPT scheme; /* +NULL */
    TPMU_ASYM_SCHEME details;
} TPMT_RSA_DECRYPT;

typedef struct {
    TPMI_ALG_ECC_SCHEME scheme; /* +NULL */
    TPMU_ASYM_SCHEME details;
} TPMT_ECC_SCHEME;

/* RSA and ECC values (Part 2 §11.2). */
typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_RSA_KEY_BYTES];
} TPM2B_PUBLIC_KEY_RSA;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_RSA_KEY_BYTES / 2];
} TPM2B_PRIVATE_KEY_RSA;

typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_ECC_KEY_BYTES];
} TPM2B_ECC_PARAMETER;

typedef struct {
    TPM2B_ECC_PARAMETER x;
    TPM2B_ECC_PARAMETER y;
} TPMS_ECC_POINT;

typedef struct {
    uint16_t size; /* computed when marshalled */
    TPMS_ECC_POINT point;
} TPM2B_ECC_POINT;

typedef struct {
    TPM2_ECC_CURVE curveID;
    uint16_t keySize;
    TPMT_KDF_SCHEME kdf;
    TPMT_ECC_SCHEME sign;
    TPM2B_ECC_PARAMETER p;
    TPM2B_ECC_PARAMETER a;
    TPM2B_ECC_PARAMETER b;
    TPM2B_ECC_PARAMETER gX;
    TPM2B_ECC_PARAMETER gY;
    TPM2B_ECC_PARAMETER n;
    TPM2B_ECC_PARAMETER h;
} TPMS_ALGORITHM_DETAIL_ECC;

/* Signatures (Part 2 §11.3). */
typedef struct {
    TPMI_ALG_HASH hash;
    TPM2B_PUBLIC_KEY_RSA sig;
} TPMS_SIGNATURE_RSA;

typedef TPMS_SIGNATURE_RSA TPMS_SIGNATURE_RSASSA;
typedef TPMS_SIGNATURE_RSA TPMS_SIGNATURE_RSAPSS;

typedef struct {
    TPMI_ALG_HASH hash;
    TPM2B_ECC_PARAMETER signatureR;
    TPM2B_ECC_PARAMETER signatureS;
} TPMS_SIGNATURE_ECC;

typedef TPMS_SIGNATURE_ECC TPMS_SIGNATURE_ECDSA;
typedef TPMS_SIGNATURE_ECC TPMS_SIGNATURE_ECDAA;
typedef TPMS_SIGNATURE_ECC TPMS_SIGNATURE_SM2;
typedef TPMS_SIGNATURE_ECC TPMS_SIGNATURE_ECSCHNORR;

typedef union {
    TPMS_SIGNATURE_RSASSA rsassa;
    TPMS_SIGNATURE_RSAPSS rsapss;
    TPMS_SIGNATURE_ECDSA ecdsa;
    TPMS_SIGNATURE_ECDAA ecdaa;
    TPMS_SIGNATURE_SM2 sm2;
    TPMS_SIGNATURE_ECSCHNORR ecschnorr;
    TPMT_HA hmac;
    TPMS_SCHEME_HASH any;
} TPMU_SIGNATURE;

typedef struct {
    TPMI_ALG_SIG_SCHEME sigAlg; /* +NULL */
    TPMU_SIGNATURE signature;
} TPMT_SIGNATURE;

/* Secrets for salts, Import and MakeCredential (Part 2 §11.4). */
typedef union {
    uint8_t ecc[sizeof(TPMS_ECC_POINT)];
    uint8_t rsa[TPM2_MAX_RSA_KEY_BYTES];
    uint8_t symmetric[sizeof(TPM2B_DIGEST)];
    uint8_t keyedHash[sizeof(TPM2B_DIGEST)];
} TPMU_ENCRYPTED_SECRET;

typedef struct {
    uint16_t size;
    uint8_t secret[sizeof(TPMU_ENCRYPTED_SECRET)];
} TPM2B_ENCRYPTED_SECRET;

/* Public area (Part 2 §12.2). */
typedef union {
    TPM2B_DIGEST keyedHash;
    TPM2B_DIGEST sym;
    TPM2B_PUBLIC_KEY_RSA rsa;
    TPMS_ECC_POINT ecc;
    TPMS_DERIVE derive; /* CreateLoaded only; never selected by type */
} TPMU_PUBLIC_ID;

typedef struct {
    TPMT_KEYEDHASH_SCHEME scheme;
} TPMS_KEYEDHASH_PARMS;

typedef struct {
    TPMT_SYM_DEF_OBJECT symmetric;
    TPMT_ASYM_SCHEME scheme;
} TPMS_ASYM_PARMS;

typedef struct {
    TPMT_SYM_DEF_OBJECT symmetric;
    TPMT_RSA_SCHEME scheme;
    TPMI_RSA_KEY_BITS keyBits;
    uint32_t exponent; /* 0 means 65537 (Part 2 §12.2.3.5) */
} TPMS_RSA_PARMS;

typedef struct {
    TPMT_SYM_DEF_OBJECT symmetric;
    TPMT_ECC_SCHEME scheme;
    TPMI_ECC_CURVE curveID;
    TPMT_KDF_SCHEME kdf;
} TPMS_ECC_PARMS;

typedef union {
    TPMS_KEYEDHASH_PARMS keyedHashDetail;
    TPMS_SYMCIPHER_PARMS symDetail;
    TPMS_RSA_PARMS rsaDetail;
    TPMS_ECC_PARMS eccDetail;
    TPMS_ASYM_PARMS asymDetail;
} TPMU_PUBLIC_PARMS;

typedef struct {
    TPMI_ALG_PUBLIC type;
    TPMU_PUBLIC_PARMS parameters;
} TPMT_PUBLIC_PARMS;

typedef struct {
    TPMI_ALG_PUBLIC type;
    TPMI_ALG_HASH nameAlg; /* +NULL */
    TPMA_OBJECT objectAttributes;
    TPM2B_DIGEST authPolicy;
    TPMU_PUBLIC_PARMS parameters;
    TPMU_PUBLIC_ID unique;
} TPMT_PUBLIC;

typedef struct {
    uint16_t size; /* computed when marshalled */
    TPMT_PUBLIC publicArea;
} TPM2B_PUBLIC;

/* A marshalled TPMT_PUBLIC (or TPMT_PUBLIC with a TPMS_DERIVE unique) as bytes. */
typedef struct {
    uint16_t size;
    uint8_t buffer[sizeof(TPMT_PUBLIC)];
} TPM2B_TEMPLATE;

/* Sensitive area (Part 2 §12.3). */
typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_PRIVATE_VENDOR_SPECIFIC_BYTES];
} TPM2B_PRIVATE_VENDOR_SPECIFIC;

typedef union {
    TPM2B_PRIVATE_KEY_RSA rsa;
    TPM2B_ECC_PARAMETER ecc;
    TPM2B_SENSITIVE_DATA bits;
    TPM2B_SYM_KEY sym;
    TPM2B_PRIVATE_VENDOR_SPECIFIC any;
} TPMU_SENSITIVE_COMPOSITE;

typedef struct {
    TPMI_ALG_PUBLIC sensitiveType;
    TPM2B_AUTH authValue;
    TPM2B_DIGEST seedValue;
    TPMU_SENSITIVE_COMPOSITE sensitive;
} TPMT_SENSITIVE;

typedef struct {
    uint16_t size; /* computed when marshalled */
    TPMT_SENSITIVE sensitiveArea;
} TPM2B_SENSITIVE;

/* The encrypted private area: integrityOuter || integrityInner || TPM2B_SENSITIVE at
 * most (Part 2 §12.3.7, _PRIVATE), kept as opaque bytes. */
#define TPM2L_PRIVATE_MAX (2 * sizeof(TPM2B_DIGEST) + sizeof(TPM2B_SENSITIVE))
typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2L_PRIVATE_MAX];
} TPM2B_PRIVATE;

typedef struct {
    TPM2B_DIGEST integrityHMAC;
    TPM2B_DIGEST encIdentity;
} TPMS_ID_OBJECT;

typedef struct {
    uint16_t size;
    uint8_t credential[sizeof(TPMS_ID_OBJECT)];
} TPM2B_ID_OBJECT;

/* NV (Part 2 §13). */
typedef struct {
    uint32_t pinCount;
    uint32_t pinLimit;
} TPMS_NV_PIN_COUNTER_PARAMETERS;

typedef struct {
    TPMI_RH_NV_INDEX nvIndex;
    TPMI_ALG_HASH nameAlg;
    TPMA_NV attributes;
    TPM2B_DIGEST authPolicy;
    uint16_t dataSize;
} TPMS_NV_PUBLIC;

typedef struct {
    uint16_t size; /* computed when marshalled */
    TPMS_NV_PUBLIC nvPublic;
} TPM2B_NV_PUBLIC;

/* Context (Part 2 §14). */
typedef struct {
    uint16_t size;
    uint8_t buffer[TPM2_MAX_CONTEXT_SIZE];
} TPM2B_CONTEXT_SENSITIVE;

typedef struct {
    TPM2B_DIGEST integrity;
    TPM2B_CONTEXT_SENSITIVE encrypted;
} TPMS_CONTEXT_DATA;

/* Opaque to the caller: the TPM's integrity || encrypted context. */
typedef struct {
    uint16_t size;
    uint8_t buffer[sizeof(TPMS_CONTEXT_DATA)];
} TPM2B_CONTEXT_DATA;

typedef struct {
    uint64_t sequence;
    TPMI_DH_SAVED savedHandle;
    TPMI_RH_HIERARCHY hierarchy;
    TPM2B_CONTEXT_DATA contextBlob;
} TPMS_CONTEXT;

/* Creation data (Part 2 §15). */
typedef struct {
    TPML_PCR_SELECTION pcrSelect;
    TPM2B_DIGEST pcrDigest;
    TPMA_LOCALITY locality;
    TPM2_ALG_ID parentNameAlg;
    TPM2B_NAME parentName;
    TPM2B_NAME parentQualifiedName;
    TPM2B_DATA outsideInfo;
} TPMS_CREATION_DATA;

typedef struct {
    uint16_t size; /* computed when marshalled */
    TPMS_CREATION_DATA creationData;
} TPM2B_CREATION_DATA;

#ifdef __cplusplus
}
#endif
#endif
