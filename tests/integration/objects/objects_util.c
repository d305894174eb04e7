/* objects_util.c - helpers the objects integration tests share. */
#include <string.h>

#include "tests/integration/objects/objects_util.h"

size_t count_handles(TPM2_HANDLE first)
{
    static TPMS_CAPABILITY_DATA cap;
    OK(tpm2l_GetCapability_all(&ctx, TPM2_CAP_HANDLES, first, &cap));
    size_t n = 0;
    for (size_t i = 0; i < cap.data.handles.count; i++)
        if ((cap.data.handles.handle[i] & TPM2_HR_RANGE_MASK) == (first & TPM2_HR_RANGE_MASK))
            n++;
    return n;
}

void assert_no_transients(void)
{
    assert_int_equal(count_handles(TPM2_HR_TRANSIENT), 0);
}
