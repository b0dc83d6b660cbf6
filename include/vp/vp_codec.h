/*  vp_codec - msgpack <-> vp_val_t with hard limits.

    The decoder is strict: exactly one msgpack object filling the frame,
    no extension types, string keys only in maps, valid UTF-8 without NUL
    in strings, and every limit below enforced before memory is taken, so
    a hostile frame costs at most what its own size allows. The encoder
    writes with msgpack-c's packer.
*/
#ifndef VP_CODEC_H_INCLUDED
#define VP_CODEC_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <msgpack.h>
#include "vp_err.h"
#include "vp_val.h"

typedef struct {
    size_t max_frame;   //  bytes of one encoded message (default 1 MiB)
    int max_depth;      //  nesting of maps and arrays (default 16)
    size_t max_str;     //  bytes of one string or bin (default 256 KiB)
    size_t max_items;   //  entries of one map or array (default 65536)
} vp_limits_t;

//  The defaults, with max_frame from VP_MAX_FRAME when that is set.
vp_limits_t vp_limits_default (void);

//  Decode one frame. On error returns -1 with err->code
//  VP_E_INVALID_ARGUMENT and a message that says what and where.
int vp_decode (const void *data, size_t size, const vp_limits_t *limits,
               vp_val_t **out, vp_err_t *err);

//  Append the encoding of a value to a msgpack buffer.
void vp_encode_into (const vp_val_t *value, msgpack_packer *pk);

//  Encode to a fresh buffer the caller frees; *size gets its length.
char *vp_encode (const vp_val_t *value, size_t *size);

//  Valid UTF-8 (shortest form, no surrogates, no NUL)?
bool vp_utf8_valid (const char *s, size_t len);

#endif
