/*  test_codec - the wire format: envelopes survive a round trip, and every
    class of bad input is refused with an error that names the problem.

    What a producer sends is encoded with vp_encode and read back with
    vp_decode + vp_envelope_check, as the bus reads it. Bad frames are made
    the way a broken or hostile peer would: random bytes, cut frames,
    wrong types, missing keys, hand-written msgpack headers.
*/
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include "testutil.h"

//  CHECK and CHECK_SOFT come from testutil.h. CHECK_SOFT is for bugs found
//  in libvp itself: the test goes on past them, and
//  still exits 1.

//  ---------------------------------------------------------------------
//  Allocation accounting. tests/unit.cmake links this program with
//  --wrap=malloc,calloc,realloc, so every allocation libvp makes comes
//  through here: a test can show that a hostile header costs nothing.

void *__real_malloc (size_t size);
void *__real_calloc (size_t n, size_t size);
void *__real_realloc (void *ptr, size_t size);

static size_t s_alloc_bytes;

void *
__wrap_malloc (size_t size)
{
    s_alloc_bytes += size;
    return __real_malloc (size);
}

void *
__wrap_calloc (size_t n, size_t size)
{
    s_alloc_bytes += n * size;
    return __real_calloc (n, size);
}

void *
__wrap_realloc (void *ptr, size_t size)
{
    s_alloc_bytes += size;
    return __real_realloc (ptr, size);
}

//  ---------------------------------------------------------------------
//  Helpers

static const char *s_vietnamese = "Hợp nhất văn phòng Đảng ủy – Chính quyền";

//  A probe.ping envelope as a producer makes it.
static vp_val_t *
s_ping (int64_t n, const char *note)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_int (data, "n", n);
    if (note)
        vp_map_put_str (data, "note", note);
    return vp_envelope_new ("probe", "probe.ping", "lam-son", "officer-7", NULL, data);
}

static char *
s_encode (const vp_val_t *value, size_t *size)
{
    char *bytes = vp_encode (value, size);
    TU_CHECK (bytes && *size > 0, "vp_encode gave nothing");
    return bytes;
}

//  Encode then decode with the default limits; the decode must succeed.
static vp_val_t *
s_roundtrip (const vp_val_t *value)
{
    size_t size;
    char *bytes = s_encode (value, &size);
    vp_val_t *back = NULL;
    vp_err_t err = { 0 };
    int rc = vp_decode (bytes, size, NULL, &back, &err);
    CHECK (rc == 0 && back, "a frame made by vp_encode is refused: %s", err.message);
    free (bytes);
    return back;
}

static bool
s_json_equal (const vp_val_t *a, const vp_val_t *b)
{
    char *ja = vp_val_to_json (a);
    char *jb = vp_val_to_json (b);
    bool same = strcmp (ja, jb) == 0;
    if (!same)
        fprintf (stderr, "  %s\n  %s\n", ja, jb);
    free (ja);
    free (jb);
    return same;
}

//  The frame must be refused as invalid, with a message holding `words`
//  (any of them, '|'-separated) and, when field is not NULL, that field.
static void
s_expect_refused (const void *data, size_t size, const vp_limits_t *limits,
                  const char *field, const char *words, const char *what)
{
    vp_val_t *out = (vp_val_t *) &out;     //  anything but NULL
    vp_err_t err = { 0 };
    int rc = vp_decode (data, size, limits, &out, &err);
    CHECK (rc == -1, "%s: decoded, should be refused", what);
    CHECK (out == NULL, "%s: *out not NULL after a refusal", what);
    CHECK (err.code == VP_E_INVALID_ARGUMENT, "%s: code %s", what, vp_code_name (err.code));
    CHECK (*err.message, "%s: no message", what);
    bool found = false;
    char copy[256];
    snprintf (copy, sizeof copy, "%s", words);
    for (char *word = strtok (copy, "|"); word; word = strtok (NULL, "|"))
        found |= strstr (err.message, word) != NULL;
    CHECK (found, "%s: message \"%s\" does not say \"%s\"", what, err.message, words);
    if (field)
        CHECK (strcmp (err.field, field) == 0, "%s: field \"%s\", want \"%s\"", what, err.field, field);
}

//  The envelope decodes, but vp_envelope_check (as a producer's) refuses
//  it naming `field`, and the message holds `word`.
static void
s_expect_check_fails (const vp_val_t *env, const char *field, const char *word, const char *what)
{
    vp_val_t *back = s_roundtrip (env);
    vp_err_t err = { 0 };
    int rc = vp_envelope_check (back, false, &err);
    CHECK (rc == -1, "%s: envelope accepted", what);
    CHECK (err.code == VP_E_INVALID_ARGUMENT, "%s: code %s", what, vp_code_name (err.code));
    CHECK (strcmp (err.field, field) == 0, "%s: field \"%s\", want \"%s\" (%s)",
           what, err.field, field, err.message);
    CHECK (strstr (err.message, word), "%s: message \"%s\" does not say \"%s\"", what, err.message, word);
    vp_val_destroy (&back);
}

//  xorshift64*: the same bytes for the same seed on every machine.
static uint64_t
s_rand (uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static double
s_seconds (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

//  ---------------------------------------------------------------------

static void
s_test_envelope_roundtrip (void)
{
    vp_val_t *env = s_ping (42, "đến hạn 17:00");
    vp_err_t err = { 0 };
    CHECK (vp_envelope_check (env, false, &err) == 0, "new envelope refused: %s", err.message);

    vp_val_t *back = s_roundtrip (env);
    CHECK (vp_envelope_check (back, false, &err) == 0, "decoded envelope refused: %s", err.message);
    CHECK (vp_val_len (back) == vp_val_len (env), "%zu keys, sent %zu", vp_val_len (back), vp_val_len (env));
    const char *str_keys[] = { "id", "stream", "type", "tenant", "actor", "corr", NULL };
    for (int i = 0; str_keys[i]; i++)
        CHECK (strcmp (vp_map_str (back, str_keys[i]), vp_map_str (env, str_keys[i])) == 0,
               "%s differs", str_keys[i]);
    CHECK (vp_map_int (back, "v", 0) == 1, "v is %lld", (long long) vp_map_int (back, "v", 0));
    CHECK (vp_map_int (back, "ts", 0) == vp_map_int (env, "ts", -1), "ts differs");
    CHECK (strcmp (vp_map_str (back, "corr"), vp_map_str (back, "id")) == 0, "corr of a new flow is its id");
    CHECK (vp_id_valid (vp_map_str (back, "id")), "id is not a ULID");
    vp_val_t *data = vp_map_get (back, "data");
    CHECK (vp_map_int (data, "n", 0) == 42, "data.n");
    CHECK (strcmp (vp_map_str (data, "note"), "đến hạn 17:00") == 0, "data.note");
    CHECK (s_json_equal (env, back), "JSON of the decoded envelope differs");
    CHECK (vp_map_get (back, "seq") == NULL, "a producer's envelope has no seq");

    //  The bytes are stable: encoding what was decoded gives the same frame.
    size_t a_size, b_size;
    char *a = s_encode (env, &a_size);
    char *b = s_encode (back, &b_size);
    CHECK (a_size == b_size && memcmp (a, b, a_size) == 0, "re-encoding changed the frame");
    free (a);
    free (b);

    //  As the bus publishes it: with seq.
    vp_map_put_int (back, "seq", 7);
    CHECK (vp_envelope_check (back, true, &err) == 0, "published envelope refused: %s", err.message);
    vp_val_destroy (&back);
    vp_val_destroy (&env);
    tu_ok ("an envelope survives vp_encode/vp_decode with every field equal and still passes the check");
}

static void
s_test_random_bytes (void)
{
    //  Half the frames are noise, half are a valid envelope with a few
    //  bytes changed (noise alone rarely gets past the first byte).
    vp_val_t *env = s_ping (1, s_vietnamese);
    size_t valid_size;
    char *valid = s_encode (env, &valid_size);
    vp_val_destroy (&env);

    int frames = 0, decoded = 0, refused = 0, checked = 0;
    unsigned char buf[512];
    for (uint64_t seed = 1; seed <= 400; seed++) {
        uint64_t state = seed * 0x9E3779B97F4A7C15ULL;
        for (int i = 0; i < 100; i++) {
            size_t size;
            if (i % 2 == 0) {
                size = s_rand (&state) % sizeof buf;
                for (size_t k = 0; k < size; k++)
                    buf[k] = (unsigned char) s_rand (&state);
            }
            else {
                size = valid_size;
                memcpy (buf, valid, size);
                int flips = 1 + (int) (s_rand (&state) % 4);
                for (int f = 0; f < flips; f++)
                    buf[s_rand (&state) % size] = (unsigned char) s_rand (&state);
                if (s_rand (&state) % 4 == 0)
                    size = s_rand (&state) % size;
            }
            frames++;
            vp_val_t *out = NULL;
            vp_err_t err = { 0 };
            if (vp_decode (buf, size, NULL, &out, &err) == 0) {
                decoded++;
                vp_err_t check_err = { 0 };
                if (vp_envelope_check (out, false, &check_err) == 0)
                    checked++;
                else
                    CHECK (check_err.code == VP_E_INVALID_ARGUMENT && *check_err.message,
                           "seed %llu frame %d: a refused envelope without a reason",
                           (unsigned long long) seed, i);
                vp_val_t *again = s_roundtrip (out);
                CHECK (s_json_equal (out, again), "seed %llu frame %d: round trip differs",
                       (unsigned long long) seed, i);
                vp_val_destroy (&again);
                vp_val_destroy (&out);
            }
            else {
                refused++;
                CHECK (out == NULL && err.code == VP_E_INVALID_ARGUMENT && *err.message,
                       "seed %llu frame %d: refused without a clear error", (unsigned long long) seed, i);
            }
        }
    }
    free (valid);
    tu_ok ("random bytes: %d frames from 400 seeds, %d decoded (%d still valid envelopes), "
           "%d refused with a message, no crash", frames, decoded, checked, refused);
}

static void
s_test_truncated (void)
{
    vp_val_t *env = s_ping (3, s_vietnamese);
    size_t size;
    char *frame = s_encode (env, &size);
    for (size_t len = 0; len < size; len++) {
        char what[64];
        snprintf (what, sizeof what, "prefix of %zu of %zu bytes", len, size);
        s_expect_refused (frame, len, NULL, NULL, "truncated|larger than the frame|empty frame", what);
    }
    //  ... and a byte too many is not ignored either.
    char *longer = (char *) malloc (size + 1);
    memcpy (longer, frame, size);
    longer[size] = (char) 0xc0;
    s_expect_refused (longer, size + 1, NULL, NULL, "bytes left after the message", "one byte extra");
    free (longer);
    free (frame);
    vp_val_destroy (&env);
    tu_ok ("each of the %zu prefixes of a valid envelope is refused as cut short", size);
}

static void
s_test_wrong_types (void)
{
    struct {
        const char *key;
        vp_val_t *value;
        const char *field;
        const char *word;
    } cases[] = {
        { "ts", vp_val_str ("2026-11-27T07:00:00Z"), "ts", "ts must be an integer" },
        { "ts", vp_val_float (1.5), "ts", "ts must be an integer" },
        { "ts", vp_val_int (-5), "ts", "-5" },
        { "ts", vp_val_uint (UINT64_MAX), "ts", "out of range" },
        { "v", vp_val_str ("1"), "v", "v must be an integer" },
        { "id", vp_val_int (12345), "id", "id must be a string" },
        { "id", vp_val_str ("not-a-ulid"), "id", "ULID" },
        { "stream", vp_val_int (7), "stream", "stream must be a string" },
        { "stream", vp_val_str ("Probe"), "stream", "\"Probe\"" },
        { "stream", vp_val_str ("nosuch"), "stream", "not one of" },
        { "tenant", vp_val_bool (true), "tenant", "tenant must be a string" },
        { "actor", vp_val_nil (), "actor", "actor must be a string" },
        { "corr", vp_val_bin ("ab", 2), "corr", "corr must be a string" },
        { "data", vp_val_array (), "data", "data must be a map" },
        { "data", vp_val_str ("{}"), "data", "data must be a map" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vp_val_t *env = s_ping (1, NULL);
        vp_map_put (env, cases[i].key, cases[i].value);
        char what[96];
        snprintf (what, sizeof what, "envelope with a bad %s", cases[i].key);
        s_expect_check_fails (env, cases[i].field, cases[i].word, what);
        vp_val_destroy (&env);
    }
    vp_val_t *env = s_ping (1, NULL);
    vp_map_put_str (vp_map_get (env, "data"), "n", "seven");
    s_expect_check_fails (env, "data.n", "\"seven\"", "data.n as a string");
    vp_map_put_int (vp_map_get (env, "data"), "n", -1);
    s_expect_check_fails (env, "data.n", "must be >= 0, not -1", "data.n negative");
    vp_val_destroy (&env);
    tu_ok ("a field of the wrong type or value is refused naming the field and quoting the value (%zu cases)",
           sizeof cases / sizeof cases[0] + 2);
}

static void
s_test_missing_keys (void)
{
    //  The design's envelope keys set by the producer; all are required.
    const char *required[] = { "v", "id", "stream", "type", "ts", "tenant", "actor", "corr", "data", NULL };
    //  The table in proto/ says the same.
    const vp_msgdef_t *def = vp_proto_find ("envelope", VP_KIND_MESSAGE);
    CHECK (def, "proto/ has no envelope");
    int in_table = 0;
    for (const vp_field_t *f = def->fields; f->name; f++)
        if (f->required) {
            in_table++;
            bool listed = false;
            for (int i = 0; required[i]; i++)
                listed |= strcmp (required[i], f->name) == 0;
            CHECK (listed, "proto/ requires %s, the design does not", f->name);
        }
    CHECK (in_table == 9, "proto/ requires %d envelope keys, the design 9", in_table);

    for (int i = 0; required[i]; i++) {
        vp_val_t *env = s_ping (1, NULL);
        vp_val_t *taken = vp_map_take (env, required[i]);
        CHECK (taken, "no %s to take", required[i]);
        vp_val_destroy (&taken);
        char what[64];
        snprintf (what, sizeof what, "envelope without %s", required[i]);
        s_expect_check_fails (env, required[i], "is required", what);
        vp_val_destroy (&env);
    }
    vp_val_t *env = s_ping (1, NULL);
    vp_val_t *n = vp_map_take (vp_map_get (env, "data"), "n");
    vp_val_destroy (&n);
    s_expect_check_fails (env, "data.n", "is required", "probe.ping without n");
    vp_val_destroy (&env);
    tu_ok ("each required envelope key removed in turn is refused naming that key");
}

static void
s_test_version (void)
{
    vp_val_t *env = s_ping (1, NULL);
    vp_map_put_int (env, "v", 2);
    s_expect_check_fails (env, "v", "2", "v=2");
    vp_map_put_int (env, "v", 0);
    s_expect_check_fails (env, "v", "0", "v=0");
    vp_val_destroy (&env);
    tu_ok ("an unknown envelope version is refused naming v");
}

static void
s_test_oversize (void)
{
    vp_limits_t limits = vp_limits_default ();
    CHECK (limits.max_frame == 1024 * 1024 && limits.max_depth == 16
           && limits.max_str == 256 * 1024 && limits.max_items == 65536,
           "default limits differ from docs/protocol.md");
    limits.max_frame = 1024;

    //  A frame of exactly the limit passes; one byte more does not.
    unsigned char frame[1025];
    memset (frame, 'x', sizeof frame);
    frame[0] = 0xc5;                                //  bin 16
    frame[1] = (1024 - 3) >> 8;
    frame[2] = (1024 - 3) & 0xff;
    vp_val_t *out = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_decode (frame, 1024, &limits, &out, &err) == 0, "frame of max_frame bytes refused: %s", err.message);
    vp_val_destroy (&out);
    frame[2] = (1025 - 3) & 0xff;
    s_expect_refused (frame, 1025, &limits, NULL, "1025 bytes is over the limit of 1024", "frame of max_frame + 1");

    //  An envelope that grew past the limit.
    char note[2000];
    memset (note, 'a', sizeof note - 1);
    note[sizeof note - 1] = 0;
    vp_val_t *env = s_ping (1, note);
    size_t size;
    char *bytes = s_encode (env, &size);
    s_expect_refused (bytes, size, &limits, NULL, "over the limit", "envelope over max_frame");
    free (bytes);
    vp_val_destroy (&env);

    //  The default limit, without reading a byte of the frame.
    size_t big = 1024 * 1024 + 1;
    char *huge = (char *) calloc (1, big);
    s_expect_refused (huge, big, NULL, NULL, "over the limit of 1048576", "frame of 1 MiB + 1");
    free (huge);

    //  VP_MAX_FRAME moves the default; nonsense below 1 KiB is ignored.
    setenv ("VP_MAX_FRAME", "2048", 1);
    CHECK (vp_limits_default ().max_frame == 2048, "VP_MAX_FRAME=2048 not taken");
    setenv ("VP_MAX_FRAME", "12", 1);
    CHECK (vp_limits_default ().max_frame == 1024 * 1024, "VP_MAX_FRAME=12 taken");
    unsetenv ("VP_MAX_FRAME");
    tu_ok ("a frame over max_frame is refused before it is read, one of max_frame bytes is not");
}

static void
s_test_other_limits (void)
{
    vp_limits_t limits = vp_limits_default ();
    limits.max_str = 8;
    limits.max_items = 4;
    vp_val_t *v = vp_val_str ("12345678");
    size_t size;
    char *bytes = s_encode (v, &size);
    vp_val_t *out = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_decode (bytes, size, &limits, &out, &err) == 0, "string of max_str refused");
    vp_val_destroy (&out);
    free (bytes);
    vp_val_destroy (&v);

    v = vp_val_str ("123456789");
    bytes = s_encode (v, &size);
    s_expect_refused (bytes, size, &limits, NULL, "string longer than the limit", "string of max_str + 1");
    free (bytes);
    vp_val_destroy (&v);

    v = vp_val_bin ("123456789", 9);
    bytes = s_encode (v, &size);
    s_expect_refused (bytes, size, &limits, NULL, "bin longer than the limit", "bin of max_str + 1");
    free (bytes);
    vp_val_destroy (&v);

    v = vp_val_array ();
    for (int i = 0; i < 5; i++)
        vp_array_push (v, vp_val_int (i));
    bytes = s_encode (v, &size);
    s_expect_refused (bytes, size, &limits, NULL, "more items than the limit", "array of max_items + 1");
    free (bytes);
    vp_val_destroy (&v);

    v = vp_val_map ();
    const char *keys[] = { "a", "b", "c", "d", "e" };
    for (int i = 0; i < 5; i++)
        vp_map_put_int (v, keys[i], i);
    bytes = s_encode (v, &size);
    s_expect_refused (bytes, size, &limits, NULL, "more entries than the limit", "map of max_items + 1");
    free (bytes);
    vp_val_destroy (&v);

    s_expect_refused ("", 0, NULL, NULL, "empty frame", "empty frame");
    s_expect_refused ("\x81\x01\x01", 3, NULL, NULL, "map key is not a string", "integer map key");
    s_expect_refused ("\x81\x91\xa1\x61\x01", 5, NULL, NULL, "map key is not a string", "array map key");
    tu_ok ("strings, bins, arrays and maps over their limits, empty frames and non-string keys are refused");
}

static void
s_test_invalid_utf8 (void)
{
    struct {
        const char *what;
        const char *bytes;
        size_t len;
    } bad[] = {
        { "overlong '/' in 2 bytes", "\xc0\xaf", 2 },
        { "overlong 'A' in 2 bytes", "\xc1\x81", 2 },
        { "overlong '/' in 3 bytes", "\xe0\x80\xaf", 3 },
        { "overlong U+07FF in 3 bytes", "\xe0\x9f\xbf", 3 },
        { "overlong '/' in 4 bytes", "\xf0\x80\x80\xaf", 4 },
        { "UTF-16 high surrogate U+D800", "\xed\xa0\x80", 3 },
        { "UTF-16 low surrogate U+DFFF", "\xed\xbf\xbf", 3 },
        { "sequence cut at the end", "ab\xe1\xbb", 4 },
        { "sequence cut by ASCII", "\xe1\xbb" "a", 3 },
        { "lone continuation byte", "a\x80", 2 },
        { "above U+10FFFF", "\xf4\x90\x80\x80", 4 },
        { "lead byte F5", "\xf5\x80\x80\x80", 4 },
        { "byte FF", "\xff", 1 },
        { "NUL inside", "a\0b", 3 },
        { "NUL alone", "\0", 1 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK (!vp_utf8_valid (bad[i].bytes, bad[i].len), "vp_utf8_valid takes %s", bad[i].what);
        //  As a value, deep in an envelope...
        vp_val_t *env = s_ping (1, NULL);
        vp_map_put (vp_map_get (env, "data"), "note", vp_val_strn (bad[i].bytes, bad[i].len));
        size_t size;
        char *bytes = s_encode (env, &size);
        s_expect_refused (bytes, size, NULL, NULL, "not valid UTF-8", bad[i].what);
        free (bytes);
        vp_val_destroy (&env);
        //  ... and as a map key: {"<bad>": 1}.
        unsigned char frame[16] = { 0x81, (unsigned char) (0xa0 | bad[i].len) };
        memcpy (frame + 2, bad[i].bytes, bad[i].len);
        frame[2 + bad[i].len] = 0x01;
        s_expect_refused (frame, 3 + bad[i].len, NULL, NULL, "not valid UTF-8", bad[i].what);
    }
    struct {
        const char *what;
        const char *bytes;
    } good[] = {
        { "Vietnamese", "Hợp nhất văn phòng Đảng ủy – Chính quyền" },
        { "U+007F", "\x7f" },
        { "U+0080", "\xc2\x80" },
        { "U+07FF", "\xdf\xbf" },
        { "U+0800", "\xe0\xa0\x80" },
        { "U+D7FF", "\xed\x9f\xbf" },
        { "U+E000", "\xee\x80\x80" },
        { "U+FFFD", "\xef\xbf\xbd" },
        { "U+10000", "\xf0\x90\x80\x80" },
        { "U+10FFFF", "\xf4\x8f\xbf\xbf" },
        { "empty", "" },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECK (vp_utf8_valid (good[i].bytes, strlen (good[i].bytes)), "vp_utf8_valid refuses %s", good[i].what);
        vp_val_t *v = vp_val_str (good[i].bytes);
        vp_val_t *back = s_roundtrip (v);
        CHECK (strcmp (vp_val_get_str (back), good[i].bytes) == 0, "%s changed", good[i].what);
        vp_val_destroy (&back);
        vp_val_destroy (&v);
    }
    tu_ok ("invalid UTF-8 (overlong, surrogates, cut sequences, NUL, > U+10FFFF) is refused in values "
           "and keys (%zu cases); %zu edge cases of valid UTF-8 pass", sizeof bad / sizeof bad[0],
           sizeof good / sizeof good[0]);
}

static vp_val_t *
s_nested (int depth, bool maps)
{
    vp_val_t *v = vp_val_int (1);
    for (int i = 0; i < depth; i++) {
        vp_val_t *outer = maps ? vp_val_map () : vp_val_array ();
        if (maps)
            vp_map_put (outer, "a", v);
        else
            vp_array_push (outer, v);
        v = outer;
    }
    return v;
}

static void
s_test_deep_nesting (void)
{
    vp_limits_t limits = vp_limits_default ();
    for (int maps = 0; maps <= 1; maps++) {
        vp_val_t *ok = s_nested (limits.max_depth, maps);
        vp_val_t *back = s_roundtrip (ok);
        vp_val_destroy (&back);
        vp_val_destroy (&ok);
        vp_val_t *deep = s_nested (limits.max_depth + 1, maps);
        size_t size;
        char *bytes = s_encode (deep, &size);
        s_expect_refused (bytes, size, NULL, NULL, "nested deeper than the limit",
                          maps ? "maps nested 17 deep" : "arrays nested 17 deep");
        free (bytes);
        vp_val_destroy (&deep);
    }
    //  A frame that is nothing but array headers must not run the stack out.
    size_t size = 200000;
    unsigned char *frame = (unsigned char *) malloc (size);
    memset (frame, 0x91, size - 1);
    frame[size - 1] = 0xc0;
    s_expect_refused (frame, size, NULL, NULL, "nested deeper than the limit", "200000 nested arrays");
    free (frame);

    //  Nesting inside an envelope's data counts from the envelope.
    vp_val_t *env = s_ping (1, NULL);
    vp_map_put (vp_map_get (env, "data"), "deep", s_nested (limits.max_depth - 1, false));
    char *bytes = s_encode (env, &size);
    s_expect_refused (bytes, size, NULL, NULL, "nested deeper than the limit", "envelope with deep data");
    free (bytes);
    vp_val_destroy (&env);
    tu_ok ("nesting of %d is accepted, %d is refused (arrays, maps, 200000 headers, inside data)",
           limits.max_depth, limits.max_depth + 1);
}

static void
s_test_huge_counts (void)
{
    vp_limits_t unlimited = vp_limits_default ();
    unlimited.max_items = SIZE_MAX;
    unlimited.max_str = SIZE_MAX;
    struct {
        const char *what;
        const char *bytes;
        size_t len;
        const char *words;              //  with the default limits
        const char *words_unlimited;    //  with max_items and max_str lifted
    } cases[] = {
        { "map32 of 2^32-1 entries", "\xdf\xff\xff\xff\xff", 5,
          "map has more entries than the limit", "map count larger than the frame" },
        { "array32 of 2^32-1 items", "\xdd\xff\xff\xff\xff", 5,
          "array has more items than the limit", "array count larger than the frame" },
        { "map16 of 65535 entries", "\xde\xff\xff", 3,
          "map count larger than the frame", "map count larger than the frame" },
        { "str32 of 4 GiB", "\xdb\xff\xff\xff\xff", 5, "string longer than the limit", "truncated" },
        { "bin32 of 4 GiB", "\xc6\xff\xff\xff\xff", 5, "bin longer than the limit", "truncated" },
        { "map32 claimed inside a map", "\x81\xa1\x61\xdf\xff\xff\xff\xff", 8,
          "map has more entries than the limit", "map count larger than the frame" },
        { "array32 of 2^32-1 maps in an envelope's place", "\xdd\xff\xff\xff\xff\x80\x80", 7,
          "array has more items than the limit", "array count larger than the frame" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s_alloc_bytes = 0;
        s_expect_refused (cases[i].bytes, cases[i].len, NULL, NULL, cases[i].words, cases[i].what);
        size_t taken = s_alloc_bytes;
        CHECK (taken < 1024, "%s: %zu bytes allocated to refuse it", cases[i].what, taken);
        s_alloc_bytes = 0;
        s_expect_refused (cases[i].bytes, cases[i].len, &unlimited, NULL, cases[i].words_unlimited,
                          cases[i].what);
        taken = s_alloc_bytes;
        CHECK (taken < 1024, "%s (limits lifted): %zu bytes allocated to refuse it", cases[i].what, taken);
    }
    tu_ok ("a 5-byte header claiming 2^32-1 entries (and %zu similar claims) is refused with under 1 KiB "
           "allocated, even with the item and string limits lifted", sizeof cases / sizeof cases[0] - 1);
}

static void
s_test_duplicate_keys (void)
{
    s_expect_refused ("\x82\xa1\x61\x01\xa1\x61\x02", 7, NULL, "a", "key \"a\" appears twice", "{a:1, a:2}");

    //  A valid envelope with ts sent twice: fixmap 9 -> 10, then "ts": 1.
    vp_val_t *env = s_ping (1, NULL);
    size_t size;
    char *bytes = s_encode (env, &size);
    CHECK ((unsigned char) bytes[0] == 0x89, "envelope is not a fixmap of 9");
    char *frame = (char *) malloc (size + 4);
    memcpy (frame, bytes, size);
    frame[0] = (char) 0x8a;
    memcpy (frame + size, "\xa2ts\x01", 4);
    s_expect_refused (frame, size + 4, NULL, "ts", "key \"ts\" appears twice", "envelope with ts twice");

    //  The same key in two different maps is fine.
    s_expect_refused ("\x82\xa1\x61\x81\xa1\x61\x01\xa1\x61\x02", 10, NULL, "a", "appears twice",
                      "{a:{a:1}, a:2}");
    vp_val_t *out = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_decode ("\x82\xa1\x61\x81\xa1\x61\x01\xa1\x62\x02", 10, NULL, &out, &err) == 0,
           "{a:{a:1}, b:2} refused: %s", err.message);
    vp_val_destroy (&out);
    free (frame);
    free (bytes);
    vp_val_destroy (&env);
    tu_ok ("a key twice in one map is refused naming the key");
}

static void
s_test_extension_types (void)
{
    struct {
        const char *what;
        const char *bytes;
        size_t len;
    } cases[] = {
        { "fixext 1", "\xd4\x01\x00", 3 },
        { "fixext 2", "\xd5\x01\x00\x00", 4 },
        { "timestamp 32 (fixext 4, type -1)", "\xd6\xff\x00\x00\x00\x00", 6 },
        { "fixext 8", "\xd7\x01\x00\x00\x00\x00\x00\x00\x00\x00", 10 },
        { "fixext 16", "\xd8\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 18 },
        { "ext 8", "\xc7\x01\x05\x00", 4 },
        { "ext 16", "\xc8\x00\x01\x05\x00", 5 },
        { "ext 32", "\xc9\x00\x00\x00\x01\x05\x00", 7 },
        { "never-used byte C1", "\xc1", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        s_expect_refused (cases[i].bytes, cases[i].len, NULL, NULL, "extension or reserved type", cases[i].what);

    //  Inside an envelope, as a value of an extra key.
    vp_val_t *env = s_ping (1, NULL);
    size_t size;
    char *bytes = s_encode (env, &size);
    char *frame = (char *) malloc (size + 10);
    memcpy (frame, bytes, size);
    frame[0] = (char) 0x8a;
    memcpy (frame + size, "\xa3" "ext" "\xd6\xff\x00\x00\x00\x00", 10);
    s_expect_refused (frame, size + 10, NULL, NULL, "extension or reserved type", "envelope with a timestamp ext");
    free (frame);
    free (bytes);
    vp_val_destroy (&env);
    tu_ok ("extension types (%zu kinds, also inside an envelope) and the reserved byte are refused",
           sizeof cases / sizeof cases[0] - 1);
}

static void
s_test_envelope_rules (void)
{
    vp_val_t *env = s_ping (1, NULL);
    vp_map_put_str (vp_map_get (env, "data"), "xyz", "?");
    s_expect_check_fails (env, "data.xyz", "xyz is not a field of probe.ping", "unknown key in data");
    vp_val_destroy (&env);

    env = s_ping (1, NULL);
    vp_map_put_str (env, "xyz", "?");
    s_expect_check_fails (env, "xyz", "not a field of envelope", "unknown envelope key");
    vp_val_destroy (&env);

    const char *mismatched[] = { "bus.heartbeat", "probe", "probe.", "probeX.ping", "PROBE.ping", NULL };
    for (int i = 0; mismatched[i]; i++) {
        env = s_ping (1, NULL);
        vp_map_put_str (env, "type", mismatched[i]);
        s_expect_check_fails (env, "type", mismatched[i], mismatched[i]);
        vp_val_destroy (&env);
    }

    env = s_ping (1, NULL);
    vp_map_put_str (env, "type", "probe.nothing");
    s_expect_check_fails (env, "type", "not an event defined in proto/", "undefined event type");
    vp_val_destroy (&env);

    //  A command of the bus is not an event of the bus.
    env = vp_envelope_new ("bus", "bus.replay", "", "bus", NULL, NULL);
    s_expect_check_fails (env, "type", "not an event defined in proto/", "a command as event type");
    vp_val_destroy (&env);

    env = s_ping (1, NULL);
    vp_map_put_int (env, "seq", 5);
    s_expect_check_fails (env, "seq", "seq is set by the bus", "seq from a producer");
    vp_err_t err = { 0 };
    CHECK (vp_envelope_check (env, true, &err) == 0, "published envelope with seq refused: %s", err.message);
    vp_map_put_int (env, "seq", -1);
    CHECK (vp_envelope_check (env, true, &err) == -1 && strcmp (err.field, "seq") == 0,
           "seq -1 accepted (field %s)", err.field);
    vp_val_t *seq = vp_map_take (env, "seq");
    vp_val_destroy (&seq);
    CHECK (vp_envelope_check (env, true, &err) == -1 && strcmp (err.field, "seq") == 0,
           "published envelope without seq accepted");
    vp_val_destroy (&env);

    //  Every event defined in proto/ has an envelope that passes.
    vp_val_t *heads = vp_val_map ();
    vp_map_put_int (heads, "probe", 3);
    vp_val_t *data = vp_val_map ();
    vp_map_put (data, "heads", heads);
    env = vp_envelope_new ("bus", "bus.heartbeat", "", NULL, NULL, data);
    CHECK (vp_envelope_check (env, false, &err) == 0, "bus.heartbeat refused: %s", err.message);
    vp_val_destroy (&env);
    tu_ok ("unknown keys (data.xyz), type not of its stream, undefined events and a producer's seq "
           "are refused naming the field");
}

static void
s_test_vietnamese (void)
{
    const char *actor = "Nguyễn Thị Hương";
    vp_val_t *data = vp_val_map ();
    vp_map_put_int (data, "n", 1);
    vp_map_put_str (data, "note", s_vietnamese);
    vp_val_t *env = vp_envelope_new ("probe", "probe.ping", "lam-son", actor, NULL, data);
    size_t size;
    char *bytes = s_encode (env, &size);
    size_t vlen = strlen (s_vietnamese);
    CHECK (vlen == 56, "the text is %zu bytes of UTF-8", vlen);
    CHECK (memmem (bytes, size, s_vietnamese, vlen), "the frame does not hold the text's bytes as they are");
    vp_val_t *back = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_decode (bytes, size, NULL, &back, &err) == 0, "refused: %s", err.message);
    CHECK (vp_envelope_check (back, false, &err) == 0, "check refused: %s", err.message);
    vp_val_t *note = vp_map_get (vp_map_get (back, "data"), "note");
    CHECK (vp_val_len (note) == vlen && memcmp (vp_val_get_str (note), s_vietnamese, vlen) == 0,
           "note came back as \"%s\"", vp_val_get_str (note));
    CHECK (strcmp (vp_map_str (back, "actor"), actor) == 0, "actor came back as \"%s\"", vp_map_str (back, "actor"));
    char *json = vp_val_to_json (back);
    CHECK (strstr (json, s_vietnamese), "JSON does not hold the text as it is: %s", json);
    free (json);
    free (bytes);
    vp_val_destroy (&back);
    vp_val_destroy (&env);
    tu_ok ("\"%s\" round-trips byte-exact (%zu bytes)", s_vietnamese, vlen);
}

static void
s_test_integers (void)
{
    const int64_t ints[] = {
        INT64_MIN, INT64_MIN + 1, (int64_t) INT32_MIN - 1, INT32_MIN, -32769, -32768, -129, -128,
        -33, -32, -1, 0, 1, 127, 128, 255, 256, 65535, 65536, UINT32_MAX, (int64_t) UINT32_MAX + 1,
        INT64_MAX - 1, INT64_MAX
    };
    size_t nints = sizeof ints / sizeof ints[0];
    vp_val_t *array = vp_val_array ();
    for (size_t i = 0; i < nints; i++)
        vp_array_push (array, vp_val_int (ints[i]));
    vp_array_push (array, vp_val_uint ((uint64_t) INT64_MAX + 1));
    vp_array_push (array, vp_val_uint (UINT64_MAX));
    vp_array_push (array, vp_val_float (0.1));
    vp_array_push (array, vp_val_float (-0.0));
    vp_array_push (array, vp_val_float (DBL_MAX));
    vp_array_push (array, vp_val_float (DBL_TRUE_MIN));
    vp_val_t *back = s_roundtrip (array);
    for (size_t i = 0; i < nints; i++) {
        vp_val_t *v = vp_array_at (back, i);
        CHECK (vp_val_type (v) == VP_INT && vp_val_get_int (v) == ints[i],
               "%lld came back as %s %lld", (long long) ints[i], vp_type_name (vp_val_type (v)),
               (long long) vp_val_get_int (v));
    }
    vp_val_t *u = vp_array_at (back, nints);
    CHECK (vp_val_type (u) == VP_UINT && vp_val_get_uint (u) == (uint64_t) INT64_MAX + 1, "2^63 changed");
    u = vp_array_at (back, nints + 1);
    CHECK (vp_val_type (u) == VP_UINT && vp_val_get_uint (u) == UINT64_MAX, "UINT64_MAX changed");
    CHECK (vp_val_get_int (u) == INT64_MAX, "UINT64_MAX read as int64 does not saturate");
    CHECK (vp_val_get_float (vp_array_at (back, nints + 2)) == 0.1, "0.1 changed");
    double negzero = vp_val_get_float (vp_array_at (back, nints + 3));
    CHECK (negzero == 0 && signbit (negzero), "-0.0 lost its sign");
    CHECK (vp_val_get_float (vp_array_at (back, nints + 4)) == DBL_MAX, "DBL_MAX changed");
    CHECK (vp_val_get_float (vp_array_at (back, nints + 5)) == DBL_TRUE_MIN, "smallest double changed");
    CHECK (s_json_equal (array, back), "JSON differs");
    vp_val_destroy (&back);
    vp_val_destroy (&array);

    //  Wider encodings than needed (other msgpack writers do this) read the same.
    struct {
        const char *bytes;
        size_t len;
        int64_t value;
    } wide[] = {
        { "\xcf\x00\x00\x00\x00\x00\x00\x00\x05", 9, 5 },
        { "\xd3\xff\xff\xff\xff\xff\xff\xff\xff", 9, -1 },
        { "\xd0\x80", 2, -128 },
        { "\xd1\x80\x00", 3, -32768 },
        { "\xd2\x80\x00\x00\x00", 5, INT32_MIN },
        { "\xcc\xff", 2, 255 },
        { "\xcd\xff\xff", 3, 65535 },
        { "\xce\xff\xff\xff\xff", 5, UINT32_MAX },
        { "\xcf\x7f\xff\xff\xff\xff\xff\xff\xff", 9, INT64_MAX },
        { "\xd3\x80\x00\x00\x00\x00\x00\x00\x00", 9, INT64_MIN },
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        vp_val_t *v = NULL;
        vp_err_t err = { 0 };
        CHECK (vp_decode (wide[i].bytes, wide[i].len, NULL, &v, &err) == 0, "refused: %s", err.message);
        CHECK (vp_val_type (v) == VP_INT && vp_val_get_int (v) == wide[i].value, "wide %lld read as %lld",
               (long long) wide[i].value, (long long) vp_val_get_int (v));
        vp_val_destroy (&v);
    }
    vp_val_t *f = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_decode ("\xca\x3f\xc0\x00\x00", 5, NULL, &f, &err) == 0 && vp_val_get_float (f) == 1.5,
           "float32 1.5 misread");
    vp_val_destroy (&f);

    //  At the edges in an envelope: a uint field takes UINT64_MAX, a time
    //  the last ms before VP_TIME_MAX; INT64_MAX round-trips, and the check
    //  refuses it as a time (no date of an office is that far).
    vp_val_t *env = s_ping (1, NULL);
    vp_map_put (vp_map_get (env, "data"), "n", vp_val_uint (UINT64_MAX));
    vp_map_put_int (env, "ts", VP_TIME_MAX - 1);
    back = s_roundtrip (env);
    CHECK (vp_envelope_check (back, false, &err) == 0, "edge values refused: %s", err.message);
    CHECK (vp_val_get_uint (vp_map_get (vp_map_get (back, "data"), "n")) == UINT64_MAX, "data.n changed");
    CHECK (vp_map_int (back, "ts", 0) == VP_TIME_MAX - 1, "ts changed");
    vp_val_destroy (&back);
    vp_map_put_int (env, "ts", INT64_MAX);
    back = s_roundtrip (env);
    CHECK (vp_map_int (back, "ts", 0) == INT64_MAX, "ts changed");
    CHECK (vp_envelope_check (back, false, &err) == -1 && strcmp (err.field, "ts") == 0,
           "ts INT64_MAX taken as a time");
    vp_val_destroy (&back);
    vp_val_destroy (&env);
    tu_ok ("INT64_MIN, INT64_MAX, UINT64_MAX and %zu other integers round-trip with their type; "
           "wide encodings read the same", nints - 2);
}

static void
s_test_raw (void)
{
    //  What the bus does for replay: logged envelopes, already encoded,
    //  go into the answer as they are.
    vp_val_t *first = s_ping (1, s_vietnamese);
    vp_map_put_int (first, "seq", 1);
    vp_val_t *second = s_ping (2, NULL);
    vp_map_put_int (second, "seq", 2);
    size_t first_size, second_size;
    char *first_bytes = s_encode (first, &first_size);
    char *second_bytes = s_encode (second, &second_size);

    vp_val_t *events = vp_val_array ();
    vp_array_push (events, vp_val_raw (first_bytes, first_size));
    vp_array_push (events, vp_val_raw (second_bytes, second_size));
    vp_val_t *answer = vp_val_map ();
    vp_map_put_bool (answer, "ok", true);
    vp_map_put (answer, "events", events);
    vp_map_put_int (answer, "head", 2);
    CHECK (vp_val_type (vp_array_at (events, 0)) == VP_RAW, "raw value is not VP_RAW");
    CHECK (vp_val_len (vp_array_at (events, 0)) == first_size, "raw length");

    //  The same answer built from the values themselves.
    vp_val_t *plain = vp_val_map ();
    vp_map_put_bool (plain, "ok", true);
    vp_val_t *plain_events = vp_val_array ();
    vp_array_push (plain_events, vp_val_dup (first));
    vp_array_push (plain_events, vp_val_dup (second));
    vp_map_put (plain, "events", plain_events);
    vp_map_put_int (plain, "head", 2);

    size_t raw_size, plain_size;
    char *raw_frame = s_encode (answer, &raw_size);
    char *plain_frame = s_encode (plain, &plain_size);
    CHECK (memmem (raw_frame, raw_size, first_bytes, first_size)
           && memmem (raw_frame, raw_size, second_bytes, second_size), "raw bytes not in the frame as they are");
    CHECK (raw_size == plain_size && memcmp (raw_frame, plain_frame, raw_size) == 0,
           "a raw envelope encodes differently from the envelope itself");

    vp_val_t *back = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_decode (raw_frame, raw_size, NULL, &back, &err) == 0, "answer refused: %s", err.message);
    CHECK (s_json_equal (back, plain), "decoded answer differs");
    const vp_msgdef_t *def = vp_proto_find ("bus.replay.reply", VP_KIND_REPLY);
    CHECK (def && vp_proto_validate (def, back, &err) == 0, "replay answer invalid: %s", err.message);
    CHECK (vp_envelope_check (vp_array_at (vp_map_get (back, "events"), 0), true, &err) == 0,
           "replayed envelope invalid: %s", err.message);

    vp_val_t *copy = vp_val_dup (vp_array_at (events, 1));
    size_t copy_len = 0;
    const void *copy_bytes = vp_val_get_bin (copy, &copy_len);
    CHECK (vp_val_type (copy) == VP_RAW && copy_len == second_size
           && memcmp (copy_bytes, second_bytes, second_size) == 0, "vp_val_dup of a raw value changed it");
    vp_val_destroy (&copy);

    free (raw_frame);
    free (plain_frame);
    free (first_bytes);
    free (second_bytes);
    vp_val_destroy (&back);
    vp_val_destroy (&plain);
    vp_val_destroy (&answer);
    vp_val_destroy (&first);
    vp_val_destroy (&second);
    tu_ok ("VP_RAW values are encoded verbatim: a replay answer of raw envelopes is byte-equal to one of values");
}

//  ---------------------------------------------------------------------
//  Bugs found in libvp while writing these tests (CHECK_SOFT).

//  An error's message and field go back on the wire (vp_reply_error), so
//  they must be valid UTF-8 even when a long value is cut to fit.
static void
s_test_error_text_is_utf8 (void)
{
    //  55 ASCII bytes then "ợ" (3 bytes): the quoted value is cut at 57
    //  bytes of JSON, i.e. inside the "ợ".
    char tenant[80];
    memset (tenant, 'a', 55);
    snprintf (tenant + 55, sizeof tenant - 55, "ợaaaaaaaaaa");
    vp_val_t *env = s_ping (1, NULL);
    vp_map_put_str (env, "tenant", tenant);
    vp_err_t err = { 0 };
    CHECK (vp_envelope_check (env, false, &err) == -1 && strcmp (err.field, "tenant") == 0,
           "a tenant of 68 bytes passed");
    CHECK_SOFT (vp_utf8_valid (err.message, strlen (err.message)),
                "the refusal of a long Vietnamese tenant is not valid UTF-8: %s", err.message);
    vp_val_t *reply = vp_reply_error (vp_map_str (env, "id"), &err);
    size_t size;
    char *bytes = s_encode (reply, &size);
    vp_val_t *back = NULL;
    vp_err_t derr = { 0 };
    CHECK_SOFT (vp_decode (bytes, size, NULL, &back, &derr) == 0,
                "the bus's refusal of that envelope cannot be decoded by the producer: %s", derr.message);
    free (bytes);
    vp_val_destroy (&back);
    vp_val_destroy (&reply);
    vp_val_destroy (&env);

    //  An unknown key "x" + 150 "ợ" (451 bytes) is cut to fit err.field
    //  ("data." + 90 bytes) and err.message (399 bytes), both inside a "ợ".
    char key[460] = "x";
    for (int i = 0; i < 150; i++)
        strcat (key, "ợ");
    env = s_ping (1, NULL);
    vp_map_put_int (vp_map_get (env, "data"), key, 1);
    CHECK (vp_envelope_check (env, false, &err) == -1 && strncmp (err.field, "data.x", 6) == 0,
           "unknown key accepted");
    CHECK_SOFT (vp_utf8_valid (err.field, strlen (err.field)),
                "err.field naming a long Vietnamese key is not valid UTF-8 (%zu bytes)", strlen (err.field));
    CHECK_SOFT (vp_utf8_valid (err.message, strlen (err.message)),
                "err.message naming a long Vietnamese key is not valid UTF-8 (%zu bytes)", strlen (err.message));
    vp_val_destroy (&env);
    tu_ok ("checked that error text stays valid UTF-8 when a value is cut");
}

//  "A hostile frame costs at most what its own size allows": decoding a
//  map must not take time growing with the square of its entries.
static double
s_decode_seconds (int keys)
{
    vp_val_t *map = vp_val_map ();
    for (int i = 0; i < keys; i++) {
        char key[16];
        snprintf (key, sizeof key, "k%05d", i);
        vp_map_put_int (map, key, i);
    }
    size_t size;
    char *bytes = s_encode (map, &size);
    double best = 1e9;
    for (int round = 0; round < 3; round++) {
        vp_val_t *out = NULL;
        vp_err_t err = { 0 };
        double start = s_seconds ();
        int rc = vp_decode (bytes, size, NULL, &out, &err);
        double took = s_seconds () - start;
        CHECK (rc == 0, "map of %d keys refused: %s", keys, err.message);
        vp_val_destroy (&out);
        if (took < best)
            best = took;
    }
    free (bytes);
    vp_val_destroy (&map);
    return best;
}

static void
s_test_map_decode_cost (void)
{
    double small = s_decode_seconds (1024);
    double large = s_decode_seconds (8192);
    double ratio = large / (small > 1e-6 ? small : 1e-6);
    //  8 times the entries: about 8 (or 11 with n log n) when linear, 64 when quadratic.
    CHECK_SOFT (ratio < 24,
                "decoding a map of 8192 keys takes %.0fx the time of 1024 keys (%.4f s vs %.4f s): "
                "cost grows with the square of the entries, so a 460 KB frame of 65536 keys "
                "holds the bus for seconds", ratio, large, small);
    tu_ok ("checked that map decoding cost grows linearly (8x keys: %.1fx time)", ratio);
}

//  vp_val_to_json promises one line of JSON; NaN and infinities have no
//  JSON number.
static void
s_test_json_non_finite (void)
{
    double values[] = { NAN, INFINITY, -INFINITY };
    for (int i = 0; i < 3; i++) {
        vp_val_t *v = vp_val_float (values[i]);
        char *json = vp_val_to_json (v);
        CHECK_SOFT (strcmp (json, "null") == 0 || json[0] == '"',
                    "vp_val_to_json (%g) is %s, which is not JSON", values[i], json);
        free (json);
        vp_val_destroy (&v);
    }
    tu_ok ("checked the JSON of NaN and infinities");
}

int
main (void)
{
    s_test_envelope_roundtrip ();
    s_test_random_bytes ();
    s_test_truncated ();
    s_test_wrong_types ();
    s_test_missing_keys ();
    s_test_version ();
    s_test_oversize ();
    s_test_other_limits ();
    s_test_invalid_utf8 ();
    s_test_deep_nesting ();
    s_test_huge_counts ();
    s_test_duplicate_keys ();
    s_test_extension_types ();
    s_test_envelope_rules ();
    s_test_vietnamese ();
    s_test_integers ();
    s_test_raw ();
    s_test_error_text_is_utf8 ();
    s_test_map_decode_cost ();
    s_test_json_non_finite ();
    printf ("test_codec: %d checks, %d failed\n", tu_checks, tu_failed);
    return tu_failed ? 1 : 0;
}
