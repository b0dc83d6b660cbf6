/*  vp_codec - msgpack <-> vp_val_t with hard limits.

    The decoder is written out here rather than taken from msgpack-c's
    unpacker because it must refuse before it allocates: a six-byte frame
    may claim a map of four billion entries. Every count is checked against
    the bytes that are left, every length against its limit.
*/
#include <stdlib.h>
#include <string.h>
#include "vp/vp_codec.h"

#define VP_DEFAULT_MAX_FRAME (1024 * 1024)

vp_limits_t
vp_limits_default (void)
{
    vp_limits_t limits = { VP_DEFAULT_MAX_FRAME, 16, 256 * 1024, 65536 };
    const char *env = getenv ("VP_MAX_FRAME");
    if (env && *env) {
        char *end = NULL;
        unsigned long long n = strtoull (env, &end, 10);
        if (end && *end == 0 && n >= 1024)
            limits.max_frame = (size_t) n;
    }
    return limits;
}

bool
vp_utf8_valid (const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *) str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else
        if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else
        if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else
            return false;
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF
        ||  (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

typedef struct {
    const unsigned char *p;
    const unsigned char *end;
    const vp_limits_t *limits;
    vp_err_t *err;
    const unsigned char *start;
} s_reader_t;

static int
s_fail (s_reader_t *r, const char *what)
{
    return vp_err_set (r->err, VP_E_INVALID_ARGUMENT, "",
                       "bad msgpack at byte %zu: %s", (size_t) (r->p - r->start), what);
}

static int
s_need (s_reader_t *r, size_t n)
{
    if ((size_t) (r->end - r->p) < n)
        return s_fail (r, "truncated");
    return 0;
}

static uint64_t
s_be (const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

static int s_read (s_reader_t *r, int depth, vp_val_t **out);

static int
s_read_len (s_reader_t *r, int width, uint64_t *len)
{
    if (s_need (r, (size_t) width))
        return -1;
    *len = s_be (r->p, width);
    r->p += width;
    return 0;
}

static int
s_read_str (s_reader_t *r, uint64_t len, bool is_bin, vp_val_t **out)
{
    if (len > r->limits->max_str)
        return s_fail (r, is_bin ? "bin longer than the limit" : "string longer than the limit");
    if (s_need (r, (size_t) len))
        return -1;
    if (!is_bin && !vp_utf8_valid ((const char *) r->p, (size_t) len))
        return s_fail (r, "string is not valid UTF-8 (or holds NUL)");
    *out = is_bin ? vp_val_bin (r->p, (size_t) len) : vp_val_strn ((const char *) r->p, (size_t) len);
    r->p += len;
    return 0;
}

static int
s_read_array (s_reader_t *r, int depth, uint64_t count, vp_val_t **out)
{
    if (depth >= r->limits->max_depth)
        return s_fail (r, "nested deeper than the limit");
    if (count > r->limits->max_items)
        return s_fail (r, "array has more items than the limit");
    if (count > (uint64_t) (r->end - r->p))
        return s_fail (r, "array count larger than the frame");
    vp_val_t *array = vp_val_array ();
    for (uint64_t i = 0; i < count; i++) {
        vp_val_t *item = NULL;
        if (s_read (r, depth + 1, &item)) {
            vp_val_destroy (&array);
            return -1;
        }
        vp_array_push (array, item);
    }
    *out = array;
    return 0;
}

static int
s_compare_keys (const void *a, const void *b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

//  A key twice in one map? Sorting the keys costs n log n; looking each
//  one up as it comes would cost n^2 (seconds for a 65536-key frame).
static int
s_check_unique (s_reader_t *r, const vp_val_t *map)
{
    size_t n = vp_val_len (map);
    if (n < 2)
        return 0;
    const char **keys = (const char **) malloc (n * sizeof *keys);
    if (!keys)
        abort ();
    for (size_t i = 0; i < n; i++)
        keys[i] = vp_map_key_at (map, i);
    qsort (keys, n, sizeof *keys, s_compare_keys);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++)
        if (strcmp (keys[i - 1], keys[i]) == 0)
            rc = vp_err_set (r->err, VP_E_INVALID_ARGUMENT, keys[i],
                             "bad msgpack at byte %zu: key \"%s\" appears twice",
                             (size_t) (r->p - r->start), keys[i]);
    free (keys);
    return rc;
}

//  A map key: a string, read straight into a C string the map will own.
static int
s_read_key (s_reader_t *r, char **key)
{
    if (s_need (r, 1))
        return -1;
    unsigned char c = *r->p;
    uint64_t len;
    if ((c & 0xe0) == 0xa0) {
        len = c & 0x1f;
        r->p++;
    }
    else
    if (c == 0xd9 || c == 0xda || c == 0xdb) {
        r->p++;
        if (s_read_len (r, c == 0xd9 ? 1 : c == 0xda ? 2 : 4, &len))
            return -1;
    }
    else
        return s_fail (r, "map key is not a string");
    if (len > r->limits->max_str)
        return s_fail (r, "string longer than the limit");
    if (s_need (r, (size_t) len))
        return -1;
    if (!vp_utf8_valid ((const char *) r->p, (size_t) len))
        return s_fail (r, "string is not valid UTF-8 (or holds NUL)");
    *key = (char *) malloc ((size_t) len + 1);
    if (!*key)
        abort ();
    memcpy (*key, r->p, (size_t) len);
    (*key)[len] = 0;
    r->p += len;
    return 0;
}

static int
s_read_map (s_reader_t *r, int depth, uint64_t count, vp_val_t **out)
{
    if (depth >= r->limits->max_depth)
        return s_fail (r, "nested deeper than the limit");
    if (count > r->limits->max_items)
        return s_fail (r, "map has more entries than the limit");
    if (count * 2 > (uint64_t) (r->end - r->p))
        return s_fail (r, "map count larger than the frame");
    vp_val_t *map = vp_val_map ();
    for (uint64_t i = 0; i < count; i++) {
        char *key = NULL;
        vp_val_t *value = NULL;
        if (s_read_key (r, &key))
            goto fail;
        if (s_read (r, depth + 1, &value)) {
            free (key);
            goto fail;
        }
        vp_map_append_owned (map, key, value);
    }
    if (s_check_unique (r, map))
        goto fail;
    *out = map;
    return 0;
fail:
    vp_val_destroy (&map);
    return -1;
}

static int
s_read (s_reader_t *r, int depth, vp_val_t **out)
{
    if (s_need (r, 1))
        return -1;
    unsigned char c = *r->p++;
    uint64_t n;
    if (c <= 0x7f) { *out = vp_val_int (c); return 0; }
    if (c >= 0xe0) { *out = vp_val_int ((int8_t) c); return 0; }
    if ((c & 0xf0) == 0x80) return s_read_map (r, depth, c & 0x0f, out);
    if ((c & 0xf0) == 0x90) return s_read_array (r, depth, c & 0x0f, out);
    if ((c & 0xe0) == 0xa0) return s_read_str (r, c & 0x1f, false, out);
    switch (c) {
        case 0xc0: *out = vp_val_nil (); return 0;
        case 0xc2: *out = vp_val_bool (false); return 0;
        case 0xc3: *out = vp_val_bool (true); return 0;
        case 0xc4: if (s_read_len (r, 1, &n)) return -1; return s_read_str (r, n, true, out);
        case 0xc5: if (s_read_len (r, 2, &n)) return -1; return s_read_str (r, n, true, out);
        case 0xc6: if (s_read_len (r, 4, &n)) return -1; return s_read_str (r, n, true, out);
        case 0xca: {
            if (s_need (r, 4)) return -1;
            uint32_t bits = (uint32_t) s_be (r->p, 4);
            float f;
            memcpy (&f, &bits, 4);
            r->p += 4;
            *out = vp_val_float (f);
            return 0;
        }
        case 0xcb: {
            if (s_need (r, 8)) return -1;
            uint64_t bits = s_be (r->p, 8);
            double d;
            memcpy (&d, &bits, 8);
            r->p += 8;
            *out = vp_val_float (d);
            return 0;
        }
        case 0xcc: case 0xcd: case 0xce: case 0xcf: {
            int width = 1 << (c - 0xcc);
            if (s_read_len (r, width, &n)) return -1;
            *out = vp_val_uint (n);
            return 0;
        }
        case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
            int width = 1 << (c - 0xd0);
            if (s_read_len (r, width, &n)) return -1;
            int64_t i;
            if (width == 1) i = (int8_t) n;
            else if (width == 2) i = (int16_t) n;
            else if (width == 4) i = (int32_t) n;
            else i = (int64_t) n;
            *out = vp_val_int (i);
            return 0;
        }
        case 0xd9: if (s_read_len (r, 1, &n)) return -1; return s_read_str (r, n, false, out);
        case 0xda: if (s_read_len (r, 2, &n)) return -1; return s_read_str (r, n, false, out);
        case 0xdb: if (s_read_len (r, 4, &n)) return -1; return s_read_str (r, n, false, out);
        case 0xdc: if (s_read_len (r, 2, &n)) return -1; return s_read_array (r, depth, n, out);
        case 0xdd: if (s_read_len (r, 4, &n)) return -1; return s_read_array (r, depth, n, out);
        case 0xde: if (s_read_len (r, 2, &n)) return -1; return s_read_map (r, depth, n, out);
        case 0xdf: if (s_read_len (r, 4, &n)) return -1; return s_read_map (r, depth, n, out);
        default:
            r->p--;
            return s_fail (r, "extension or reserved type is not accepted");
    }
}

int
vp_decode (const void *data, size_t size, const vp_limits_t *limits,
           vp_val_t **out, vp_err_t *err)
{
    vp_limits_t dflt;
    if (!limits) {
        dflt = vp_limits_default ();
        limits = &dflt;
    }
    *out = NULL;
    if (size > limits->max_frame)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "",
                           "frame of %zu bytes is over the limit of %zu bytes",
                           size, limits->max_frame);
    if (size == 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "", "empty frame");
    s_reader_t r = { data, (const unsigned char *) data + size, limits, err, data };
    vp_val_t *value = NULL;
    if (s_read (&r, 0, &value))
        return -1;
    if (r.p != r.end) {
        vp_val_destroy (&value);
        return s_fail (&r, "bytes left after the message");
    }
    *out = value;
    return 0;
}

void
vp_encode_into (const vp_val_t *v, msgpack_packer *pk)
{
    switch (vp_val_type (v)) {
        case VP_NIL: msgpack_pack_nil (pk); break;
        case VP_BOOL: vp_val_get_bool (v) ? msgpack_pack_true (pk) : msgpack_pack_false (pk); break;
        case VP_INT: msgpack_pack_int64 (pk, vp_val_get_int (v)); break;
        case VP_UINT: msgpack_pack_uint64 (pk, vp_val_get_uint (v)); break;
        case VP_FLOAT: msgpack_pack_double (pk, vp_val_get_float (v)); break;
        case VP_STR: {
            size_t len = vp_val_len (v);
            msgpack_pack_str (pk, len);
            msgpack_pack_str_body (pk, vp_val_get_str (v), len);
            break;
        }
        case VP_BIN: {
            size_t len = 0;
            const void *data = vp_val_get_bin (v, &len);
            msgpack_pack_bin (pk, len);
            msgpack_pack_bin_body (pk, data, len);
            break;
        }
        case VP_RAW: {
            size_t len = 0;
            const void *data = vp_val_get_bin (v, &len);
            pk->callback (pk->data, (const char *) data, len);
            break;
        }
        case VP_ARRAY: {
            size_t n = vp_val_len (v);
            msgpack_pack_array (pk, n);
            for (size_t i = 0; i < n; i++)
                vp_encode_into (vp_array_at (v, i), pk);
            break;
        }
        case VP_MAP: {
            size_t n = vp_val_len (v);
            msgpack_pack_map (pk, n);
            for (size_t i = 0; i < n; i++) {
                const char *key = vp_map_key_at (v, i);
                size_t len = strlen (key);
                msgpack_pack_str (pk, len);
                msgpack_pack_str_body (pk, key, len);
                vp_encode_into (vp_map_value_at (v, i), pk);
            }
            break;
        }
    }
}

//  A packing buffer that starts on the stack and moves to the heap only
//  for large messages: one allocation per message, of its exact size.
typedef struct {
    char *data;
    size_t size, cap;
    char local[2048];
} s_writer_t;

static int
s_write (void *data, const char *buf, size_t len)
{
    s_writer_t *w = (s_writer_t *) data;
    if (w->size + len > w->cap) {
        size_t cap = w->cap * 2;
        while (cap < w->size + len)
            cap *= 2;
        char *grown = (char *) malloc (cap);
        if (!grown)
            abort ();
        memcpy (grown, w->data, w->size);
        if (w->data != w->local)
            free (w->data);
        w->data = grown;
        w->cap = cap;
    }
    memcpy (w->data + w->size, buf, len);
    w->size += len;
    return 0;
}

char *
vp_encode (const vp_val_t *value, size_t *size)
{
    s_writer_t w;
    w.data = w.local;
    w.size = 0;
    w.cap = sizeof w.local;
    msgpack_packer pk;
    msgpack_packer_init (&pk, &w, s_write);
    vp_encode_into (value, &pk);
    *size = w.size;
    if (w.data != w.local)
        return w.data;
    char *copy = (char *) malloc (w.size ? w.size : 1);
    if (!copy)
        abort ();
    memcpy (copy, w.data, w.size);
    return copy;
}
