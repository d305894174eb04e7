/* libtpms.c - a TPM inside this process: libtpms, the TPM that swtpm runs.
 *
 * libtpms is one TPM per process with process-wide callbacks that take no user
 * pointer, so this file has the library's only global: an atomic pointer to the open
 * transport, which is both the "one at a time" claim and how the NVRAM, locality and
 * physical-presence callbacks find their state. A second open fails with
 * TPM2L_E_IN_USE instead of corrupting the first. While open, the transport struct
 * must not move. Close terminates libtpms so the next open starts from its state
 * again (memory state is then gone: it was wiped and freed).
 *
 * State in memory, or in files DIR/tpm2lite.{permall,volatilestate,savestate}
 * written atomically (temporary file + rename). libtpms allocates responses with its
 * own allocator: they are released with TPM_Free, data handed to it with malloc.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libtpms/tpm_error.h>
#include <libtpms/tpm_library.h>
#include <libtpms/tpm_memory.h>
#include <libtpms/tpm_nvfilename.h>
#include <libtpms/tpm_types.h>

#include "src/tcti/config_util.h"
#include "src/tcti/io.h"
#include "tpm2lite/crypto.h"
#include "tpm2lite/tcti.h"

static _Atomic(tpm2l_tcti_libtpms *) owner = NULL;

static const char *const nv_names[3] = {TPM_PERMANENT_ALL_NAME, TPM_VOLATILESTATE_NAME,
                                        TPM_SAVESTATE_NAME};

static int nv_index(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, nv_names[i]) == 0)
            return i;
    return -1;
}

static int nv_path(const tpm2l_tcti_libtpms *t, const char *name, const char *suffix,
                   char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/tpm2lite.%s%s", t->dir, name, suffix);
    return n > 0 && (size_t)n < cap;
}

/* ---- callbacks (run inside TPMLIB_* calls, with owner set) ---- */

static TPM_RESULT cb_nvram_init(void)
{
    return TPM_SUCCESS;
}

static TPM_RESULT load_file(const tpm2l_tcti_libtpms *t, const char *name, unsigned char **data,
                            uint32_t *length)
{
    char path[300];
    if (!nv_path(t, name, "", path, sizeof path))
        return TPM_FAIL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? TPM_RETRY : TPM_FAIL; /* RETRY: none yet, manufacture */
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > 16 * 1024 * 1024) {
        close(fd);
        return TPM_FAIL;
    }
    unsigned char *p = malloc((size_t)st.st_size);
    size_t got = 0;
    while (p && got < (size_t)st.st_size) {
        ssize_t k = read(fd, p + got, (size_t)st.st_size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (!p || got != (size_t)st.st_size) {
        free(p);
        return TPM_FAIL;
    }
    *data = p;
    *length = (uint32_t)got;
    return TPM_SUCCESS;
}

static TPM_RESULT store_file(const tpm2l_tcti_libtpms *t, const char *name,
                             const unsigned char *data, uint32_t length)
{
    char path[300], tmp[310];
    if (!nv_path(t, name, "", path, sizeof path) || !nv_path(t, name, ".tmp", tmp, sizeof tmp))
        return TPM_FAIL;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return TPM_FAIL;
    size_t done = 0;
    while (done < length) {
        ssize_t k = write(fd, data + done, length - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        done += (size_t)k;
    }
    /* A crash must leave the old state or the new one, never half of the new. */
    int ok = done == length && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return TPM_FAIL;
    }
    return TPM_SUCCESS;
}

static TPM_RESULT cb_nvram_loaddata(unsigned char **data, uint32_t *length, uint32_t tpm_number,
                                    const char *name)
{
    (void)tpm_number;
    tpm2l_tcti_libtpms *t = atomic_load(&owner);
    int i = nv_index(name);
    *data = NULL;
    *length = 0;
    if (!t || i < 0)
        return TPM_FAIL;
    if (t->dir[0])
        return load_file(t, name, data, length);
    if (!t->nv[i].data)
        return TPM_RETRY;
    /* libtpms frees what it is given with free(). */
    unsigned char *p = malloc(t->nv[i].len);
    if (!p)
        return TPM_FAIL;
    memcpy(p, t->nv[i].data, t->nv[i].len);
    *data = p;
    *length = t->nv[i].len;
    return TPM_SUCCESS;
}

static TPM_RESULT cb_nvram_storedata(const unsigned char *data, uint32_t length,
                                     uint32_t tpm_number, const char *name)
{
    (void)tpm_number;
    tpm2l_tcti_libtpms *t = atomic_load(&owner);
    int i = nv_index(name);
    if (!t || i < 0)
        return TPM_FAIL;
    if (t->dir[0])
        return store_file(t, name, data, length);
    if (length > t->nv[i].cap || !t->nv[i].data) {
        /* Grow only: the permanent state is rewritten on every NV change. */
        unsigned char *p = malloc(length ? length : 1);
        if (!p)
            return TPM_FAIL;
        if (t->nv[i].data) {
            tpm2l_cleanse(t->nv[i].data, t->nv[i].cap);
            free(t->nv[i].data);
        }
        t->nv[i].data = p;
        t->nv[i].cap = length ? length : 1;
    }
    memcpy(t->nv[i].data, data, length);
    if (length < t->nv[i].len)
        tpm2l_cleanse(t->nv[i].data + length, t->nv[i].len - length);
    t->nv[i].len = length;
    return TPM_SUCCESS;
}

static void nv_free(tpm2l_tcti_libtpms *t, int i)
{
    if (t->nv[i].data) {
        tpm2l_cleanse(t->nv[i].data, t->nv[i].cap);
        free(t->nv[i].data);
    }
    t->nv[i].data = NULL;
    t->nv[i].len = t->nv[i].cap = 0;
}

static TPM_RESULT cb_nvram_deletename(uint32_t tpm_number, const char *name, TPM_BOOL mustExist)
{
    (void)tpm_number;
    tpm2l_tcti_libtpms *t = atomic_load(&owner);
    int i = nv_index(name);
    if (!t || i < 0)
        return TPM_FAIL;
    if (t->dir[0]) {
        char path[300];
        if (!nv_path(t, name, "", path, sizeof path))
            return TPM_FAIL;
        if (unlink(path) != 0 && (errno != ENOENT || mustExist))
            return TPM_FAIL;
        return TPM_SUCCESS;
    }
    if (!t->nv[i].data && mustExist)
        return TPM_FAIL;
    nv_free(t, i);
    return TPM_SUCCESS;
}

static TPM_RESULT cb_io_init(void)
{
    return TPM_SUCCESS;
}

static TPM_RESULT cb_io_getlocality(TPM_MODIFIER_INDICATOR *locality, uint32_t tpm_number)
{
    (void)tpm_number;
    tpm2l_tcti_libtpms *t = atomic_load(&owner);
    *locality = t ? t->locality : 0;
    return TPM_SUCCESS;
}

static TPM_RESULT cb_io_getphysicalpresence(TPM_BOOL *pp, uint32_t tpm_number)
{
    (void)tpm_number;
    tpm2l_tcti_libtpms *t = atomic_load(&owner);
    *pp = (TPM_BOOL)(t && t->physical_presence);
    return TPM_SUCCESS;
}

/* ---- transport ---- */

static TPM2_RC process(tpm2l_tcti_libtpms *t, size_t len)
{
    TPM_RESULT r = TPMLIB_Process(&t->resp, &t->resp_len, &t->resp_cap, t->cmd, (uint32_t)len);
    if (r != TPM_SUCCESS)
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                "TPMLIB_Process failed with 0x%x", (unsigned)r);
    return TPM2_RC_SUCCESS;
}

static TPM2_RC libtpms_transmit(tpm2l_tcti *base, const uint8_t *cmd, size_t len)
{
    tpm2l_tcti_libtpms *t = (tpm2l_tcti_libtpms *)base;
    if (!t->active)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE), "libtpms is closed");
    if (t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "the previous command's response was not received");
    if (len > sizeof t->cmd) /* for callers of ops->transmit itself */
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_ARG),
                                "command of %zu bytes exceeds %zu", len, sizeof t->cmd);
    memcpy(t->cmd, cmd, len);
    TPM2_RC rc = process(t, len);
    if (rc)
        return rc;
    t->pending = 1;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC libtpms_receive(tpm2l_tcti *base, uint8_t *buf, size_t cap, size_t *len)
{
    tpm2l_tcti_libtpms *t = (tpm2l_tcti_libtpms *)base;
    if (!t->active || !t->pending)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "receive without a command sent");
    t->pending = 0;
    uint32_t size;
    if (!t->resp || t->resp_len < TCTI_HEADER_SIZE)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "libtpms returned %u bytes", (unsigned)t->resp_len);
    TPM2_RC rc = tcti_check_header(base, t->resp, cap, &size, "libtpms");
    if (rc)
        return rc;
    if (size != t->resp_len)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_BAD_RESPONSE),
                                "libtpms returned %u bytes for a response whose header says %u",
                                (unsigned)t->resp_len, (unsigned)size);
    memcpy(buf, t->resp, size);
    *len = size;
    return TPM2_RC_SUCCESS;
}

static TPM2_RC libtpms_set_locality(tpm2l_tcti *base, uint8_t locality)
{
    ((tpm2l_tcti_libtpms *)base)->locality = locality; /* read by cb_io_getlocality */
    return TPM2_RC_SUCCESS;
}

static TPM2_RC libtpms_cancel(tpm2l_tcti *base)
{
    /* Meaningful from another thread while TPMLIB_Process runs (as swtpm does it). */
    TPM_RESULT r = TPMLIB_CancelCommand();
    if (r != TPM_SUCCESS)
        return tpm2l_tcti_error(base, TPM2L_RC_TCTI(TPM2L_E_IO),
                                "TPMLIB_CancelCommand failed with 0x%x", (unsigned)r);
    return TPM2_RC_SUCCESS;
}

static void libtpms_close(tpm2l_tcti *base)
{
    tpm2l_tcti_libtpms *t = (tpm2l_tcti_libtpms *)base;
    if (!t->active)
        return;
    TPMLIB_Terminate();
    if (t->resp) {
        tpm2l_cleanse(t->resp, t->resp_cap);
        TPM_Free(t->resp);
    }
    t->resp = NULL;
    t->resp_len = t->resp_cap = 0;
    for (int i = 0; i < 3; i++)
        nv_free(t, i);
    tpm2l_cleanse(t->cmd, sizeof t->cmd);
    t->active = 0;
    t->pending = 0;
    atomic_store(&owner, NULL);
}

static const struct tpm2l_tcti_ops libtpms_ops = {
    .name = "libtpms",
    .transmit = libtpms_transmit,
    .receive = libtpms_receive,
    .set_locality = libtpms_set_locality,
    .cancel = libtpms_cancel,
    .close = libtpms_close,
};

static TPM2_RC fail(tpm2l_tcti_libtpms *t, TPM2_RC rc)
{
    libtpms_close(&t->base);
    t->base.ops = NULL;
    return rc;
}

static TPM2_RC startup(tpm2l_tcti_libtpms *t, tpm2l_libtpms_startup how)
{
    static const uint8_t cmd[12] = {0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x44, 0, 0};
    memcpy(t->cmd, cmd, sizeof cmd);
    t->cmd[11] = how == TPM2L_LIBTPMS_STARTUP_STATE ? 1 : 0; /* TPM_SU_STATE : TPM_SU_CLEAR */
    TPM2_RC rc = process(t, sizeof cmd);
    if (rc)
        return rc;
    uint32_t code = t->resp_len >= TCTI_HEADER_SIZE ? tcti_be32(t->resp + 6) : 0xffffffffu;
    if (code != 0)
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_GENERAL),
                                "TPM2_Startup(%s) answered 0x%x%s",
                                how == TPM2L_LIBTPMS_STARTUP_STATE ? "STATE" : "CLEAR",
                                (unsigned)code,
                                how == TPM2L_LIBTPMS_STARTUP_STATE
                                    ? " (no state saved by TPM2_Shutdown(STATE)?)"
                                    : "");
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_libtpms_open(tpm2l_tcti_libtpms *t, const char *dir,
                                tpm2l_libtpms_startup how)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    if (atomic_load(&owner) == t)
        /* Wiping it below would lose libtpms's buffers and strand the claim. */
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "this libtpms transport is already open; close it first");
    memset(t, 0, sizeof *t);
    t->base.ops = &libtpms_ops;
    t->base.timeout_ms = TPM2L_TCTI_DEFAULT_TIMEOUT_MS;
    if (dir && *dir) {
        struct stat st;
        if (strlen(dir) >= sizeof t->dir)
            return fail(t, tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                            "state directory path is longer than %zu "
                                            "characters",
                                            sizeof t->dir - 1));
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_NOT_FOUND),
                                            "state directory %s does not exist", dir));
        memcpy(t->dir, dir, strlen(dir) + 1);
    }
    tpm2l_tcti_libtpms *expected = NULL;
    if (!atomic_compare_exchange_strong(&owner, &expected, t))
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_IN_USE),
                                        "libtpms runs one TPM per process and another libtpms "
                                        "transport is open; close it first"));
    t->active = 1;

    struct libtpms_callbacks cbs = {
        .sizeOfStruct = sizeof cbs,
        .tpm_nvram_init = cb_nvram_init,
        .tpm_nvram_loaddata = cb_nvram_loaddata,
        .tpm_nvram_storedata = cb_nvram_storedata,
        .tpm_nvram_deletename = cb_nvram_deletename,
        .tpm_io_init = cb_io_init,
        .tpm_io_getlocality = cb_io_getlocality,
        .tpm_io_getphysicalpresence = cb_io_getphysicalpresence,
    };
    TPM_RESULT r = TPMLIB_ChooseTPMVersion(TPMLIB_TPM_VERSION_2);
    if (r == TPM_SUCCESS)
        r = TPMLIB_RegisterCallbacks(&cbs);
    if (r != TPM_SUCCESS) {
        t->active = 0; /* nothing to terminate yet */
        atomic_store(&owner, NULL);
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_GENERAL),
                                        "libtpms setup failed with 0x%x", (unsigned)r));
    }
    r = TPMLIB_MainInit();
    if (r != TPM_SUCCESS) {
        t->active = 0;
        atomic_store(&owner, NULL);
        return fail(t, tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_GENERAL),
                                        "TPMLIB_MainInit failed with 0x%x%s", (unsigned)r,
                                        t->dir[0] ? " (unreadable or corrupt state files?)"
                                                  : ""));
    }
    if (how != TPM2L_LIBTPMS_STARTUP_NONE) {
        TPM2_RC rc = startup(t, how);
        if (rc)
            return fail(t, rc);
    }
    return TPM2_RC_SUCCESS;
}

TPM2_RC tpm2l_tcti_libtpms_open_config(tpm2l_tcti_libtpms *t, const tpm2l_tcti_config *cfg)
{
    static const char *const known[] = {"dir", "startup", NULL};
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    memset(&t->base, 0, sizeof t->base);
    t->base.ops = &libtpms_ops; /* for the message prefix only */
    TPM2_RC rc = tcti_config_check_keys(&t->base, cfg, known);
    const char *dir = tpm2l_tcti_config_get(cfg, "dir");
    const char *st = tpm2l_tcti_config_get(cfg, "startup");
    tpm2l_libtpms_startup how = TPM2L_LIBTPMS_STARTUP_CLEAR;
    if (!rc && dir && !*dir)
        rc = tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR, "dir is empty (omit it for memory)");
    if (!rc && st) {
        if (strcmp(st, "clear") == 0 || strcmp(st, "1") == 0)
            how = TPM2L_LIBTPMS_STARTUP_CLEAR;
        else if (strcmp(st, "state") == 0)
            how = TPM2L_LIBTPMS_STARTUP_STATE;
        else if (strcmp(st, "none") == 0 || strcmp(st, "0") == 0)
            how = TPM2L_LIBTPMS_STARTUP_NONE;
        else
            rc = tpm2l_tcti_error(&t->base, TCTI_PARSE_ERR,
                                  "startup '%s' is not clear, state or none", st);
    }
    if (rc) {
        t->base.ops = NULL;
        return rc;
    }
    return tpm2l_tcti_libtpms_open(t, dir, how);
}

TPM2_RC tpm2l_tcti_libtpms_set_physical_presence(tpm2l_tcti_libtpms *t, int asserted)
{
    if (!t)
        return TPM2L_RC_TCTI(TPM2L_E_BAD_ARG);
    if (t->base.ops != &libtpms_ops || !t->active)
        return tpm2l_tcti_error(&t->base, TPM2L_RC_TCTI(TPM2L_E_BAD_SEQUENCE),
                                "not an open libtpms transport");
    t->physical_presence = asserted ? 1 : 0;
    return TPM2_RC_SUCCESS;
}
