/*  vp_err - error codes and errors that name the field. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vp/vp_err.h"
#include "vp/vp_text.h"

static const char *const s_names[] = {
    "ok", "invalid_argument", "not_found", "already_exists", "failed_precondition",
    "permission_denied", "unauthenticated", "unavailable", "internal"
};

//  The message and field go back on the wire (vp_reply_error), so a cut
//  made to fit them falls between characters (vp_utf8_whole).
int
vp_err_set (vp_err_t *err, vp_code_t code, const char *field, const char *fmt, ...)
{
    if (!err)
        return -1;
    err->code = code;
    err->retry_after_ms = 0;
    snprintf (err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (err->message, sizeof err->message, fmt, ap);
    va_end (ap);
    vp_utf8_whole (err->field);
    vp_utf8_whole (err->message);
    return -1;
}

void
vp_err_prefix (vp_err_t *err, const char *prefix)
{
    if (!err || !prefix || !*prefix)
        return;
    char joined[2 * sizeof err->field];
    if (*err->field)
        snprintf (joined, sizeof joined, "%s.%s", prefix, err->field);
    else
        snprintf (joined, sizeof joined, "%s", prefix);
    snprintf (err->field, sizeof err->field, "%.*s", (int) sizeof err->field - 1, joined);
    vp_utf8_whole (err->field);
}

void
vp_err_clear (vp_err_t *err)
{
    if (err)
        memset (err, 0, sizeof *err);
}

const char *
vp_code_name (vp_code_t code)
{
    if ((int) code < 0 || code > VP_E_INTERNAL)
        return "internal";
    return s_names[code];
}

vp_code_t
vp_code_parse (const char *name)
{
    for (int i = 0; name && i <= VP_E_INTERNAL; i++)
        if (strcmp (s_names[i], name) == 0)
            return (vp_code_t) i;
    return VP_E_INTERNAL;
}
