/*  fuzz_decode - libFuzzer target of the decoder and the proto checks.

    Whatever bytes arrive, vp_decode (default limits) either refuses them
    with a clear error or gives a value that vp_envelope_check and
    vp_proto_validate (bus.replay, then every definition) can read, and
    that survives a round trip: encode, decode again, the same JSON and
    the same bytes. Any other outcome aborts, which libFuzzer reports.

    Built only with clang and -DVP_FUZZ=ON (tests/fuzz.cmake); run with
    scripts/fuzz. With VP_FUZZ_SEEDS=DIR it writes a seed corpus (valid
    envelopes and bus messages, made by libvp) and a dictionary of the
    proto/ names into DIR, then exits. VP_FUZZ_ERROR_UTF8=1 also requires
    every error message and field to be valid UTF-8, as they go back on
    the wire.
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vp/vp.h"

static vp_limits_t s_limits;
static const vp_msgdef_t *s_replay;
static bool s_error_utf8;

static void __attribute__ ((noreturn, format (printf, 1, 2)))
s_die (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    fprintf (stderr, "fuzz_decode: ");
    vfprintf (stderr, fmt, ap);
    fprintf (stderr, "\n");
    va_end (ap);
    abort ();
}

//  A refusal must say why, with the design's code.
static void
s_check_refusal (const vp_err_t *err, const char *what)
{
    if (err->code != VP_E_INVALID_ARGUMENT || !err->message[0])
        s_die ("%s: refused without a clear error (code %s, message \"%s\")",
               what, vp_code_name (err->code), err->message);
    if (s_error_utf8 && (!vp_utf8_valid (err->message, strlen (err->message))
                     ||  !vp_utf8_valid (err->field, strlen (err->field))))
        s_die ("%s: error text is not valid UTF-8: field \"%s\" message \"%s\"",
               what, err->field, err->message);
}

static void
s_validate (const vp_msgdef_t *def, const vp_val_t *value)
{
    vp_err_t err = { 0 };
    if (vp_proto_validate (def, value, &err))
        s_check_refusal (&err, def->name);
}

//  ---------------------------------------------------------------------
//  Seeds and dictionary (VP_FUZZ_SEEDS=DIR)

static void
s_write_seed (const char *dir, const char *name, vp_val_t *value)
{
    size_t size;
    char *bytes = vp_encode (value, &size);
    char path[1024];
    snprintf (path, sizeof path, "%s/%s.msgpack", dir, name);
    FILE *file = fopen (path, "wb");
    if (!file || fwrite (bytes, 1, size, file) != size)
        s_die ("cannot write %s", path);
    fclose (file);
    free (bytes);
    vp_val_destroy (&value);
}

static vp_val_t *
s_ping (int64_t n, const char *note, int64_t seq)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_int (data, "n", n);
    if (note)
        vp_map_put_str (data, "note", note);
    vp_val_t *env = vp_envelope_new ("probe", "probe.ping", "lam-son", "Nguyễn Thị Hương", NULL, data);
    if (seq)
        vp_map_put_int (env, "seq", seq);
    return env;
}

static void
s_dict_word (FILE *dict, const char *word)
{
    //  The word as msgpack writes it: a fixstr header, then its bytes.
    size_t len = strlen (word);
    if (len > 31)
        return;
    fprintf (dict, "\"\\x%02x", 0xa0 | (unsigned) len);
    for (const char *p = word; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char) *p < 0x20 || (unsigned char) *p >= 0x7f)
            fprintf (dict, "\\x%02x", (unsigned char) *p);
        else
            fputc (*p, dict);
    fprintf (dict, "\"\n");
}

static void
s_write_seeds (const char *dir)
{
    s_write_seed (dir, "ping", s_ping (1, "Hợp nhất văn phòng Đảng ủy – Chính quyền", 0));
    s_write_seed (dir, "ping-published", s_ping (2, NULL, 17));
    //  A long Vietnamese value near its limit (actor: at most 128 bytes).
    vp_val_t *near = s_ping (3, NULL, 0);
    vp_map_put_str (near, "actor", "Nguyễn Thị Hương – Phó Chánh Văn phòng Đảng ủy – Chính quyền "
                                   "xã Lâm Sơn, huyện Lương Sơn");
    s_write_seed (dir, "ping-long-actor", near);

    vp_val_t *heads = vp_val_map ();
    vp_map_put_int (heads, "probe", 3);
    vp_map_put_int (heads, "documents", 120);
    vp_val_t *data = vp_val_map ();
    vp_map_put (data, "heads", heads);
    vp_map_put_int (data, "uptime_ms", 86400000);
    s_write_seed (dir, "heartbeat", vp_envelope_new ("bus", "bus.heartbeat", "", NULL, NULL, data));

    vp_val_t *replay = vp_val_map ();
    vp_map_put_str (replay, "stream", "probe");
    vp_map_put_int (replay, "from", 1);
    vp_map_put_int (replay, "limit", 100);
    vp_map_put_str (replay, "id", "r-1");
    s_write_seed (dir, "replay", replay);

    vp_val_t *answer = vp_val_map ();
    vp_map_put_bool (answer, "ok", true);
    vp_map_put_str (answer, "stream", "probe");
    vp_val_t *events = vp_val_array ();
    vp_array_push (events, s_ping (1, "một", 1));
    vp_array_push (events, s_ping (2, "hai", 2));
    vp_map_put (answer, "events", events);
    vp_map_put_int (answer, "head", 2);
    s_write_seed (dir, "replay-answer", answer);

    vp_val_t *request = vp_val_map ();
    vp_map_put_int (request, "v", 1);
    vp_map_put_str (request, "id", "01JD0000000000000000000000");
    vp_map_put_str (request, "cmd", "documents.register");
    vp_map_put_str (request, "tenant", "lam-son");
    vp_map_put_str (request, "actor", "officer-7");
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "title", "Công văn số 12/UBND");
    vp_map_put (args, "secret", vp_val_bool (false));
    vp_map_put (request, "args", args);
    s_write_seed (dir, "command", request);

    vp_err_t err = { 0 };
    vp_err_set (&err, VP_E_INVALID_ARGUMENT, "data.n", "data.n must be >= 0, not -1");
    s_write_seed (dir, "refusal", vp_reply_error ("01JD0000000000000000000000", &err));

    vp_val_t *values = vp_val_array ();
    vp_array_push (values, vp_val_int (INT64_MIN));
    vp_array_push (values, vp_val_int (INT64_MAX));
    vp_array_push (values, vp_val_uint (UINT64_MAX));
    vp_array_push (values, vp_val_int (-33));
    vp_array_push (values, vp_val_float (1.5));
    vp_array_push (values, vp_val_bin ("\x00\x01\xff", 3));
    vp_array_push (values, vp_val_nil ());
    vp_array_push (values, vp_val_bool (true));
    vp_val_t *nested = vp_val_int (0);
    for (int i = 0; i < 14; i++) {
        vp_val_t *outer = vp_val_map ();
        vp_map_put (outer, "a", nested);
        nested = outer;
    }
    vp_array_push (values, nested);
    s_write_seed (dir, "values", values);

    //  Every name in proto/ is a word the fuzzer should try.
    char path[1024];
    snprintf (path, sizeof path, "%s/msgpack.dict", dir);
    FILE *dict = fopen (path, "w");
    if (!dict)
        s_die ("cannot write %s", path);
    for (const vp_proto_module_t *const *m = vp_proto_modules; *m; m++)
        for (const vp_msgdef_t *const *d = (*m)->defs; *d; d++) {
            s_dict_word (dict, (*d)->name);
            for (const vp_field_t *f = (*d)->fields; f->name; f++) {
                s_dict_word (dict, f->name);
                for (const char *const *o = f->one_of; o && *o; o++)
                    s_dict_word (dict, *o);
            }
        }
    //  Headers with big counts and lengths, and the widest numbers.
    fprintf (dict, "\"\\xdf\\x00\\x01\\x00\\x00\"\n\"\\xdd\\x00\\x01\\x00\\x00\"\n"
                   "\"\\xdb\\x00\\x01\\x00\\x00\"\n\"\\xc6\\x00\\x00\\x01\\x00\"\n"
                   "\"\\xcf\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\"\n"
                   "\"\\xd3\\x80\\x00\\x00\\x00\\x00\\x00\\x00\\x00\"\n"
                   "\"\\xcb\\x7f\\xf8\\x00\\x00\\x00\\x00\\x00\\x00\"\n"
                   "\"\\xe1\\xbb\\xa3\"\n\"\\xed\\xa0\\x80\"\n\"\\xc0\\xaf\"\n");
    fclose (dict);
}

//  ---------------------------------------------------------------------

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    s_limits = vp_limits_default ();
    s_replay = vp_proto_find ("bus.replay", VP_KIND_COMMAND);
    if (!s_replay)
        s_die ("proto/ has no bus.replay command");
    const char *strict = getenv ("VP_FUZZ_ERROR_UTF8");
    s_error_utf8 = strict && *strict && strcmp (strict, "0") != 0;
    const char *seeds = getenv ("VP_FUZZ_SEEDS");
    if (seeds && *seeds) {
        s_write_seeds (seeds);
        exit (0);
    }
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    vp_val_t *value = NULL;
    vp_err_t err = { 0 };
    if (vp_decode (data, size, &s_limits, &value, &err)) {
        if (value)
            s_die ("a refused frame left a value behind");
        s_check_refusal (&err, "vp_decode");
        return 0;
    }
    if (!value)
        s_die ("vp_decode succeeded without a value");

    //  What the bus does with a frame: the envelope checks, the replay request.
    vp_err_t check = { 0 };
    if (vp_envelope_check (value, false, &check))
        s_check_refusal (&check, "vp_envelope_check");
    else
    if (!vp_id_valid (vp_map_str (value, "id"))
    ||  !vp_proto_find (vp_map_str (value, "type"), VP_KIND_EVENT))
        s_die ("an envelope passed the check without a valid id or a defined type");
    vp_err_clear (&check);
    if (vp_envelope_check (value, true, &check))
        s_check_refusal (&check, "vp_envelope_check (published)");
    s_validate (s_replay, value);
    for (const vp_proto_module_t *const *m = vp_proto_modules; *m; m++)
        for (const vp_msgdef_t *const *d = (*m)->defs; *d; d++)
            s_validate (*d, value);

    //  Round trip: encode, decode again, same JSON, same bytes. Floats may
    //  grow (float32 -> float64), so the second decode may need more room.
    size_t first_size;
    char *first = vp_encode (value, &first_size);
    vp_limits_t limits = s_limits;
    if (first_size > limits.max_frame)
        limits.max_frame = first_size;
    vp_val_t *again = NULL;
    if (vp_decode (first, first_size, &limits, &again, &err))
        s_die ("a decoded value re-encodes to a frame the decoder refuses: %s", err.message);
    char *json = vp_val_to_json (value);
    char *json_again = vp_val_to_json (again);
    if (strcmp (json, json_again) != 0)
        s_die ("round trip changed the value:\n  %s\n  %s", json, json_again);
    size_t second_size;
    char *second = vp_encode (again, &second_size);
    if (second_size != first_size || memcmp (first, second, first_size) != 0)
        s_die ("encoding is not stable: %zu bytes, then %zu", first_size, second_size);
    vp_val_t *copy = vp_val_dup (value);
    char *json_copy = vp_val_to_json (copy);
    if (strcmp (json, json_copy) != 0)
        s_die ("vp_val_dup changed the value");

    free (json_copy);
    vp_val_destroy (&copy);
    free (second);
    free (json_again);
    free (json);
    vp_val_destroy (&again);
    free (first);
    vp_val_destroy (&value);
    return 0;
}
