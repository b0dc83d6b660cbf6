/*  vp_val - the dynamic value tree of one message. */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vp/vp_val.h"

struct vp_val {
    vp_type_t type;
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double d;
        struct {
            char *ptr;          //  NUL-terminated for STR
            size_t len;
        } s;
        struct {
            vp_val_t **items;
            char **keys;        //  MAP only
            size_t len, cap;
        } c;
    } u;
};

static void *
s_alloc (size_t size)
{
    void *p = calloc (1, size ? size : 1);
    if (!p)
        abort ();       //  out of memory: nothing sensible is left to do
    return p;
}

static vp_val_t *
s_new (vp_type_t type)
{
    vp_val_t *self = (vp_val_t *) s_alloc (sizeof (vp_val_t));
    self->type = type;
    return self;
}

vp_val_t *vp_val_nil (void) { return s_new (VP_NIL); }
vp_val_t *vp_val_bool (bool b) { vp_val_t *v = s_new (VP_BOOL); v->u.b = b; return v; }
vp_val_t *vp_val_int (int64_t i) { vp_val_t *v = s_new (VP_INT); v->u.i = i; return v; }
vp_val_t *vp_val_float (double d) { vp_val_t *v = s_new (VP_FLOAT); v->u.d = d; return v; }
vp_val_t *vp_val_array (void) { return s_new (VP_ARRAY); }
vp_val_t *vp_val_map (void) { return s_new (VP_MAP); }

vp_val_t *
vp_val_uint (uint64_t u)
{
    if (u <= INT64_MAX)
        return vp_val_int ((int64_t) u);
    vp_val_t *v = s_new (VP_UINT);
    v->u.u = u;
    return v;
}

//  A string or bytes value and its bytes in one allocation: the bytes
//  follow the node (a row of a document is some 30 of them, each a malloc
//  and a free fewer); vp_val_destroy frees the bytes apart only when they
//  are elsewhere (vp_val_strf's).
static vp_val_t *
s_new_bytes (vp_type_t type, const void *data, size_t len)
{
    vp_val_t *v = (vp_val_t *) s_alloc (sizeof (vp_val_t) + len + 1);
    v->type = type;
    v->u.s.ptr = (char *) (v + 1);
    if (len)
        memcpy (v->u.s.ptr, data, len);
    v->u.s.len = len;
    return v;
}

vp_val_t *
vp_val_strn (const char *s, size_t len)
{
    return s_new_bytes (VP_STR, s, len);
}

vp_val_t *
vp_val_str (const char *s)
{
    return vp_val_strn (s ? s : "", s ? strlen (s) : 0);
}

vp_val_t *
vp_val_strf (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char *buf = NULL;
    int len = vasprintf (&buf, fmt, ap);
    va_end (ap);
    if (len < 0)
        abort ();
    vp_val_t *v = s_new (VP_STR);
    v->u.s.ptr = buf;
    v->u.s.len = (size_t) len;
    return v;
}

vp_val_t *
vp_val_bin (const void *data, size_t size)
{
    return s_new_bytes (VP_BIN, data, size);
}

vp_val_t *
vp_val_raw (const void *msgpack, size_t size)
{
    vp_val_t *v = vp_val_bin (msgpack, size);
    v->type = VP_RAW;
    return v;
}

void
vp_val_destroy (vp_val_t **self_p)
{
    assert (self_p);
    vp_val_t *self = *self_p;
    if (!self)
        return;
    if (self->type == VP_STR || self->type == VP_BIN || self->type == VP_RAW) {
        if (self->u.s.ptr != (char *) (self + 1))
            free (self->u.s.ptr);
    }
    else
    if (self->type == VP_ARRAY || self->type == VP_MAP) {
        for (size_t i = 0; i < self->u.c.len; i++) {
            vp_val_destroy (&self->u.c.items[i]);
            if (self->u.c.keys)
                free (self->u.c.keys[i]);
        }
        free (self->u.c.items);
        free (self->u.c.keys);
    }
    free (self);
    *self_p = NULL;
}

vp_val_t *
vp_val_dup (const vp_val_t *self)
{
    if (!self)
        return NULL;
    switch (self->type) {
        case VP_STR: return vp_val_strn (self->u.s.ptr, self->u.s.len);
        case VP_BIN: return vp_val_bin (self->u.s.ptr, self->u.s.len);
        case VP_RAW: return vp_val_raw (self->u.s.ptr, self->u.s.len);
        case VP_ARRAY: {
            vp_val_t *copy = vp_val_array ();
            for (size_t i = 0; i < self->u.c.len; i++)
                vp_array_push (copy, vp_val_dup (self->u.c.items[i]));
            return copy;
        }
        case VP_MAP: {
            vp_val_t *copy = vp_val_map ();
            for (size_t i = 0; i < self->u.c.len; i++)
                vp_map_put (copy, self->u.c.keys[i], vp_val_dup (self->u.c.items[i]));
            return copy;
        }
        default: {
            vp_val_t *copy = s_new (self->type);
            copy->u = self->u;
            return copy;
        }
    }
}

vp_type_t vp_val_type (const vp_val_t *self) { return self ? self->type : VP_NIL; }

const char *
vp_type_name (vp_type_t type)
{
    static const char *const names[] = {
        "nil", "bool", "int", "uint", "float", "string", "bin", "array", "map", "raw"
    };
    return (unsigned) type <= VP_RAW ? names[type] : "?";
}

bool vp_val_get_bool (const vp_val_t *self) { return self && self->type == VP_BOOL && self->u.b; }

int64_t
vp_val_get_int (const vp_val_t *self)
{
    if (!self)
        return 0;
    if (self->type == VP_INT)
        return self->u.i;
    if (self->type == VP_UINT)
        return INT64_MAX;
    return 0;
}

uint64_t
vp_val_get_uint (const vp_val_t *self)
{
    if (!self)
        return 0;
    if (self->type == VP_UINT)
        return self->u.u;
    if (self->type == VP_INT && self->u.i >= 0)
        return (uint64_t) self->u.i;
    return 0;
}

bool
vp_val_is_uint (const vp_val_t *self)
{
    return self && (self->type == VP_UINT || (self->type == VP_INT && self->u.i >= 0));
}

double
vp_val_get_float (const vp_val_t *self)
{
    if (!self)
        return 0;
    if (self->type == VP_FLOAT)
        return self->u.d;
    if (self->type == VP_INT)
        return (double) self->u.i;
    if (self->type == VP_UINT)
        return (double) self->u.u;
    return 0;
}

const char *
vp_val_get_str (const vp_val_t *self)
{
    return self && self->type == VP_STR ? self->u.s.ptr : NULL;
}

const void *
vp_val_get_bin (const vp_val_t *self, size_t *size)
{
    if (!self || (self->type != VP_BIN && self->type != VP_STR && self->type != VP_RAW)) {
        if (size)
            *size = 0;
        return NULL;
    }
    if (size)
        *size = self->u.s.len;
    return self->u.s.ptr;
}

size_t
vp_val_len (const vp_val_t *self)
{
    if (!self)
        return 0;
    if (self->type == VP_STR || self->type == VP_BIN || self->type == VP_RAW)
        return self->u.s.len;
    if (self->type == VP_ARRAY || self->type == VP_MAP)
        return self->u.c.len;
    return 0;
}

static void
s_grow (vp_val_t *self)
{
    if (self->u.c.len < self->u.c.cap)
        return;
    size_t cap = self->u.c.cap ? self->u.c.cap * 2 : 8;
    vp_val_t **items = (vp_val_t **) realloc (self->u.c.items, cap * sizeof *items);
    if (!items)
        abort ();
    self->u.c.items = items;
    if (self->type == VP_MAP) {
        char **keys = (char **) realloc (self->u.c.keys, cap * sizeof *keys);
        if (!keys)
            abort ();
        self->u.c.keys = keys;
    }
    self->u.c.cap = cap;
}

void
vp_array_push (vp_val_t *array, vp_val_t *item)
{
    assert (array && array->type == VP_ARRAY && item);
    s_grow (array);
    array->u.c.items[array->u.c.len++] = item;
}

vp_val_t *
vp_array_at (const vp_val_t *array, size_t index)
{
    if (!array || array->type != VP_ARRAY || index >= array->u.c.len)
        return NULL;
    return array->u.c.items[index];
}

static ssize_t
s_find (const vp_val_t *map, const char *key)
{
    //  The first bytes differ for most keys: no call for those.
    for (size_t i = 0; i < map->u.c.len; i++)
        if (map->u.c.keys[i][0] == key[0] && strcmp (map->u.c.keys[i], key) == 0)
            return (ssize_t) i;
    return -1;
}

void
vp_map_put (vp_val_t *map, const char *key, vp_val_t *value)
{
    assert (map && map->type == VP_MAP && key && value);
    ssize_t at = s_find (map, key);
    if (at >= 0) {
        vp_val_destroy (&map->u.c.items[at]);
        map->u.c.items[at] = value;
        return;
    }
    s_grow (map);
    map->u.c.keys[map->u.c.len] = strdup (key);
    if (!map->u.c.keys[map->u.c.len])
        abort ();
    map->u.c.items[map->u.c.len++] = value;
}

void
vp_map_append_owned (vp_val_t *map, char *key, vp_val_t *value)
{
    assert (map && map->type == VP_MAP && key && value);
    s_grow (map);
    map->u.c.keys[map->u.c.len] = key;
    map->u.c.items[map->u.c.len++] = value;
}

void vp_map_put_str (vp_val_t *map, const char *key, const char *s) { vp_map_put (map, key, vp_val_str (s)); }
void vp_map_put_int (vp_val_t *map, const char *key, int64_t i) { vp_map_put (map, key, vp_val_int (i)); }
void vp_map_put_bool (vp_val_t *map, const char *key, bool b) { vp_map_put (map, key, vp_val_bool (b)); }

vp_val_t *
vp_map_get (const vp_val_t *map, const char *key)
{
    if (!map || map->type != VP_MAP || !key)
        return NULL;
    ssize_t at = s_find (map, key);
    return at >= 0 ? map->u.c.items[at] : NULL;
}

void
vp_map_put_all (vp_val_t *map, const vp_val_t *from)
{
    for (size_t i = 0; i < vp_val_len (from); i++)
        vp_map_put (map, vp_map_key_at (from, i), vp_val_dup (vp_map_value_at (from, i)));
}

vp_val_t *
vp_map_take (vp_val_t *map, const char *key)
{
    if (!map || map->type != VP_MAP)
        return NULL;
    ssize_t at = s_find (map, key);
    if (at < 0)
        return NULL;
    vp_val_t *value = map->u.c.items[at];
    free (map->u.c.keys[at]);
    size_t tail = map->u.c.len - (size_t) at - 1;
    memmove (map->u.c.items + at, map->u.c.items + at + 1, tail * sizeof (vp_val_t *));
    memmove (map->u.c.keys + at, map->u.c.keys + at + 1, tail * sizeof (char *));
    map->u.c.len--;
    return value;
}

void
vp_map_drop (vp_val_t *map, const char *key)
{
    vp_val_t *value = vp_map_take (map, key);
    vp_val_destroy (&value);
}

const char *
vp_map_key_at (const vp_val_t *map, size_t index)
{
    if (!map || map->type != VP_MAP || index >= map->u.c.len)
        return NULL;
    return map->u.c.keys[index];
}

vp_val_t *
vp_map_value_at (const vp_val_t *map, size_t index)
{
    if (!map || map->type != VP_MAP || index >= map->u.c.len)
        return NULL;
    return map->u.c.items[index];
}

const char *
vp_map_str (const vp_val_t *map, const char *key)
{
    return vp_val_get_str (vp_map_get (map, key));
}

int64_t
vp_map_int (const vp_val_t *map, const char *key, int64_t dflt)
{
    vp_val_t *v = vp_map_get (map, key);
    return v && (v->type == VP_INT || v->type == VP_UINT) ? vp_val_get_int (v) : dflt;
}

bool
vp_map_bool (const vp_val_t *map, const char *key, bool dflt)
{
    vp_val_t *v = vp_map_get (map, key);
    return v && v->type == VP_BOOL ? v->u.b : dflt;
}

//  JSON rendering into a growable buffer

typedef struct {
    char *data;
    size_t len, cap;
} s_buf_t;

static void
s_put (s_buf_t *buf, const char *s, size_t len)
{
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 64;
        while (cap < buf->len + len + 1)
            cap *= 2;
        char *data = (char *) realloc (buf->data, cap);
        if (!data)
            abort ();
        buf->data = data;
        buf->cap = cap;
    }
    memcpy (buf->data + buf->len, s, len);
    buf->len += len;
    buf->data[buf->len] = 0;
}

static void __attribute__ ((format (printf, 2, 3)))
s_putf (s_buf_t *buf, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start (ap, fmt);
    int len = vsnprintf (tmp, sizeof tmp, fmt, ap);
    va_end (ap);
    s_put (buf, tmp, (size_t) len);
}

static void
s_put_json_str (s_buf_t *buf, const char *s, size_t len)
{
    s_put (buf, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c == '"' || c == '\\' || c < 0x20) {
            s_put (buf, s + run, i - run);
            if (c == '"')
                s_put (buf, "\\\"", 2);
            else
            if (c == '\\')
                s_put (buf, "\\\\", 2);
            else
            if (c == '\n')
                s_put (buf, "\\n", 2);
            else
            if (c == '\t')
                s_put (buf, "\\t", 2);
            else
                s_putf (buf, "\\u%04x", c);
            run = i + 1;
        }
    }
    s_put (buf, s + run, len - run);
    s_put (buf, "\"", 1);
}

static void
s_to_json (const vp_val_t *v, s_buf_t *buf)
{
    switch (v ? v->type : VP_NIL) {
        case VP_NIL: s_put (buf, "null", 4); break;
        case VP_BOOL: v->u.b ? s_put (buf, "true", 4) : s_put (buf, "false", 5); break;
        case VP_INT: s_putf (buf, "%" PRId64, v->u.i); break;
        case VP_UINT: s_putf (buf, "%" PRIu64, v->u.u); break;
        case VP_FLOAT:
            if (isfinite (v->u.d))
                s_putf (buf, "%.17g", v->u.d);
            else
                s_put (buf, "null", 4);     //  JSON has no NaN or infinity
            break;
        case VP_STR: s_put_json_str (buf, v->u.s.ptr, v->u.s.len); break;
        case VP_RAW: s_put (buf, "\"<msgpack>\"", 11); break;
        case VP_BIN:
            s_put (buf, "\"", 1);
            for (size_t i = 0; i < v->u.s.len; i++)
                s_putf (buf, "%02x", (unsigned char) v->u.s.ptr[i]);
            s_put (buf, "\"", 1);
            break;
        case VP_ARRAY:
            s_put (buf, "[", 1);
            for (size_t i = 0; i < v->u.c.len; i++) {
                if (i)
                    s_put (buf, ",", 1);
                s_to_json (v->u.c.items[i], buf);
            }
            s_put (buf, "]", 1);
            break;
        case VP_MAP:
            s_put (buf, "{", 1);
            for (size_t i = 0; i < v->u.c.len; i++) {
                if (i)
                    s_put (buf, ",", 1);
                s_put_json_str (buf, v->u.c.keys[i], strlen (v->u.c.keys[i]));
                s_put (buf, ":", 1);
                s_to_json (v->u.c.items[i], buf);
            }
            s_put (buf, "}", 1);
            break;
    }
}

char *
vp_val_to_json (const vp_val_t *self)
{
    s_buf_t buf = { NULL, 0, 0 };
    s_to_json (self, &buf);
    return buf.data;
}
