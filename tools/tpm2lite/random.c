/* random.c - tpm2lite getrandom: N bytes from TPM2_GetRandom, as raw bytes (like
 * tpm2_getrandom) or hex.
 *
 * A TPM returns at most one digest's worth per call, and may return less than asked
 * (Part 3 §16.1): loop until N bytes have arrived, and refuse a TPM that returns none
 * rather than loop forever.
 */
#include <string.h>

#include "tools/tpm2lite/cli.h"

/* More than anyone needs from a TPM at a few hundred bytes per millisecond. */
#define MAX_BYTES (1u << 20)

const char help_getrandom[] =
    "Usage: tpm2lite getrandom N [--hex] [-o FILE]\n"
    "\n"
    "Get N random bytes from the TPM (TPM2_GetRandom, repeated as needed: a TPM returns\n"
    "at most one digest's worth per call). Raw bytes go to stdout unless --hex or -o.\n"
    "\n"
    "  --hex           print the bytes as lowercase hex and a newline\n"
    "  -o, --output F  write the raw bytes to file F\n"
    "  -T, --tcti S    the TPM to use (see tpm2lite --help)\n";

enum { OPT_HEX = 1, OPT_OUT };

int cmd_getrandom(cli *c, int argc, char **argv)
{
    static const cli_opt opts[] = {
        {0, "hex", 0, OPT_HEX},
        {'o', "output", 1, OPT_OUT},
        {0, NULL, 0, 0},
    };
    cli_args a;
    const char *arg, *out_path = NULL;
    int hex = 0, o;
    cli_args_init(&a, c, argc, argv);
    while ((o = cli_next(&a, opts, &arg)) > 0) {
        if (o == OPT_HEX)
            hex = 1;
        else
            out_path = arg;
    }
    if (o < 0)
        return cli_args_exit(o);
    if (a.npos != 1)
        return cli_usage(c, a.npos ? "one size, please" : "how many bytes? (getrandom N)");
    uint32_t n;
    if (cli_parse_u32(a.pos[0], MAX_BYTES, &n) || n == 0)
        return cli_usage(c, "'%s' is not a byte count from 1 to %u", a.pos[0], MAX_BYTES);
    if (hex && out_path)
        return cli_usage(c, "--hex prints to stdout; -o writes raw bytes: choose one");

    int status = cli_connect(c);
    if (status)
        return status;
    FILE *f = stdout;
    if (out_path && strcmp(out_path, "-") != 0) {
        f = fopen(out_path, "wb");
        if (!f)
            return cli_error(c, "cannot create '%s'", out_path);
    }
    tpm2l_GetRandom_out r;
    for (uint32_t done = 0; done < n;) {
        uint32_t want = n - done;
        tpm2l_GetRandom_in in = {(uint16_t)(want > sizeof r.randomBytes.buffer
                                                 ? sizeof r.randomBytes.buffer
                                                 : want)};
        TPM2_RC rc = tpm2l_GetRandom(&c->ctx, &in, &r);
        if (rc) {
            status = cli_fail(c, rc, "GetRandom");
            break;
        }
        if (r.randomBytes.size == 0 || r.randomBytes.size > in.bytesRequested) {
            status = cli_error(c, "the TPM returned %u bytes for a request of %u",
                               (unsigned)r.randomBytes.size, (unsigned)in.bytesRequested);
            break;
        }
        if (hex)
            cli_print_hex(f, r.randomBytes.buffer, r.randomBytes.size);
        else if (fwrite(r.randomBytes.buffer, 1, r.randomBytes.size, f) != r.randomBytes.size) {
            status = cli_error(c, "writing the output failed");
            break;
        }
        done += r.randomBytes.size;
    }
    tpm2l_cleanse(&r, sizeof r);
    if (hex && status == CLI_OK)
        fputc('\n', f);
    if (f != stdout && fclose(f) != 0 && status == CLI_OK)
        status = cli_error(c, "writing '%s' failed", out_path);
    return status;
}
