/* sim_internal.h - pieces shared by sim.c and sim_run.c (test code). */
#ifndef TPM2LITE_TESTS_SIM_INTERNAL_H
#define TPM2LITE_TESTS_SIM_INTERNAL_H

/* execvp wants char *const[]; our argument lists are string literals. */
typedef struct {
    char buf[4096];
    char *v[32];
} argv_copy;

/* Copy a NULL-terminated list; -1 if it does not fit. */
int copy_argv(argv_copy *c, const char *const argv[]);

#endif
