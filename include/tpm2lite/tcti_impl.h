/* tcti_impl.h - the concrete transports (filled in by the tcti layer). */
#ifndef TPM2LITE_TCTI_IMPL_H
#define TPM2LITE_TCTI_IMPL_H
#endif
