/*  vp_val - a dynamic value: the in-memory form of one msgpack message.

    Messages are msgpack maps with string keys. A vp_val_t tree is what the
    codec decodes into and encodes from, what proto validates, and what
    handlers read with the typed getters below. A parent owns its children:
    destroying the root frees the whole tree. Strings are NUL-terminated
    copies (the codec refuses NUL inside strings, so C strings are exact).
*/
#ifndef VP_VAL_H_INCLUDED
#define VP_VAL_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    VP_NIL = 0,
    VP_BOOL,
    VP_INT,         //  any integer that fits int64
    VP_UINT,        //  only integers above INT64_MAX
    VP_FLOAT,
    VP_STR,
    VP_BIN,
    VP_ARRAY,
    VP_MAP,
    VP_RAW          //  bytes that are already msgpack, encoded as they are
} vp_type_t;

typedef struct vp_val vp_val_t;

//  Constructors; each returns a new value the caller owns.
vp_val_t *vp_val_nil (void);
vp_val_t *vp_val_bool (bool b);
vp_val_t *vp_val_int (int64_t i);
vp_val_t *vp_val_uint (uint64_t u);
vp_val_t *vp_val_float (double d);
vp_val_t *vp_val_str (const char *s);
vp_val_t *vp_val_strn (const char *s, size_t len);
vp_val_t *vp_val_strf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
vp_val_t *vp_val_bin (const void *data, size_t size);
//  Already-encoded msgpack (one object), written out verbatim by the
//  encoder: lets the bus send logged envelopes without decoding them.
vp_val_t *vp_val_raw (const void *msgpack, size_t size);
vp_val_t *vp_val_array (void);
vp_val_t *vp_val_map (void);

void vp_val_destroy (vp_val_t **self_p);
vp_val_t *vp_val_dup (const vp_val_t *self);

vp_type_t vp_val_type (const vp_val_t *self);
const char *vp_type_name (vp_type_t type);

//  Scalars. Getters on the wrong type return the zero value.
bool vp_val_get_bool (const vp_val_t *self);
int64_t vp_val_get_int (const vp_val_t *self);   //  VP_INT; VP_UINT saturates
uint64_t vp_val_get_uint (const vp_val_t *self); //  VP_UINT, or VP_INT >= 0
double vp_val_get_float (const vp_val_t *self);
const char *vp_val_get_str (const vp_val_t *self); //  NULL unless VP_STR
const void *vp_val_get_bin (const vp_val_t *self, size_t *size);
size_t vp_val_len (const vp_val_t *self);   //  bytes of str/bin, items of array/map

//  True when the value is an integer >= 0 (VP_INT or VP_UINT).
bool vp_val_is_uint (const vp_val_t *self);

//  Arrays
void vp_array_push (vp_val_t *array, vp_val_t *item);      //  takes item
vp_val_t *vp_array_at (const vp_val_t *array, size_t index);

//  Maps keep insertion order (the order they encode in). Put replaces an
//  existing key. All setters take ownership of the value they are given.
void vp_map_put (vp_val_t *map, const char *key, vp_val_t *value);
//  Append a key the caller knows is not in the map yet, as a malloc'ed
//  string the map takes (no search: the decoder checks duplicates itself,
//  in n log n).
void vp_map_append_owned (vp_val_t *map, char *key, vp_val_t *value);
void vp_map_put_str (vp_val_t *map, const char *key, const char *s);
void vp_map_put_int (vp_val_t *map, const char *key, int64_t i);
void vp_map_put_bool (vp_val_t *map, const char *key, bool b);
vp_val_t *vp_map_get (const vp_val_t *map, const char *key);
//  Put a copy of every entry of `from` into map.
void vp_map_put_all (vp_val_t *map, const vp_val_t *from);
//  Remove a key and hand its value to the caller (NULL if absent).
vp_val_t *vp_map_take (vp_val_t *map, const char *key);
//  Remove a key and its value, if there.
void vp_map_drop (vp_val_t *map, const char *key);
const char *vp_map_key_at (const vp_val_t *map, size_t index);
vp_val_t *vp_map_value_at (const vp_val_t *map, size_t index);

//  Typed lookups: the default when the key is absent or has another type.
const char *vp_map_str (const vp_val_t *map, const char *key);
int64_t vp_map_int (const vp_val_t *map, const char *key, int64_t dflt);
bool vp_map_bool (const vp_val_t *map, const char *key, bool dflt);

//  One line of JSON for logs, vp-mon and tests (bin as base64-less hex).
//  Returns a fresh string the caller frees.
char *vp_val_to_json (const vp_val_t *self);

#endif
