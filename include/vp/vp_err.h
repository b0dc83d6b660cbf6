/*  vp_err - error codes of the design and an error that names the field.

    A fallible function of libvp returns -1 (or NULL) and fills a vp_err_t
    when the caller passed one.
    The code is one of the design's error codes; `field` names the input
    field that was wrong (dotted path, e.g. "data.tenant"), or is empty.
*/
#ifndef VP_ERR_H_INCLUDED
#define VP_ERR_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    VP_OK = 0,
    VP_E_INVALID_ARGUMENT,
    VP_E_NOT_FOUND,
    VP_E_ALREADY_EXISTS,
    VP_E_FAILED_PRECONDITION,
    VP_E_PERMISSION_DENIED,
    VP_E_UNAUTHENTICATED,
    VP_E_UNAVAILABLE,
    VP_E_INTERNAL
} vp_code_t;

typedef struct {
    vp_code_t code;
    char field[96];
    char message[400];
    //  When the same request may succeed later (a sign-in locked out):
    //  how long to wait, in ms; 0 when it says nothing.
    int64_t retry_after_ms;
} vp_err_t;

//  Fill err (when not NULL) and return -1, so callers can write
//  `return vp_err_set (err, VP_E_INVALID_ARGUMENT, "tenant", "...", ...);`
int vp_err_set (vp_err_t *err, vp_code_t code, const char *field,
                const char *fmt, ...) __attribute__ ((format (printf, 4, 5)));

//  Put `prefix.` in front of err->field (for nested validation).
void vp_err_prefix (vp_err_t *err, const char *prefix);

void vp_err_clear (vp_err_t *err);

//  "invalid_argument", "not_found", ... as on the wire.
const char *vp_code_name (vp_code_t code);

//  The code for a wire name; VP_E_INTERNAL when unknown.
vp_code_t vp_code_parse (const char *name);

#endif
