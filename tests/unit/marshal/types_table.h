/* types_table.h - one row per marshalled type, so the generic round-trip and truncation
 * tests cover every type in marshal.h without a hand-written test each. */
#ifndef TPM2LITE_TEST_TYPES_TABLE_H
#define TPM2LITE_TEST_TYPES_TABLE_H

#include <stddef.h>

#include "tpm2lite/marshal.h"


enum { ROW_PLAIN, ROW_BYTES, ROW_NESTED };

typedef struct {
    const char *name;
    int kind;                                    /* ROW_BYTES: { size; bytes[] } */
    size_t size;                                 /* sizeof the C type */
    void (*gen)(uint64_t seed, void *v);         /* fill zeroed v with a seeded value */
    void (*mar)(tpm2l_wcur *w, const void *v);   /* tpm2l_marshal_T */
    void (*unm)(tpm2l_rcur *r, void *v);         /* tpm2l_unmarshal_T */
} type_row;

extern const type_row type_rows[];
extern const size_t type_rows_count;

#endif
