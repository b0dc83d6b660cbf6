/*  vp_proto - validation and the reference page, from the tables of proto/. */
#include <czmq.h>
#include <ctype.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "vp/vp_codec.h"
#include "vp/vp_id.h"
#include "vp/vp_proto.h"
#include "vp/vp_text.h"
#include "vp/vp_time.h"

static const char *const s_kind_names[] = { "message", "event", "command", "reply" };

static const char *
s_ftype_name (vp_ftype_t type)
{
    static const char *const names[] = {
        "any", "str", "id", "ulid", "int", "uint", "time", "bool", "float", "bin", "map", "array"
    };
    return (unsigned) type <= VP_F_ARRAY ? names[type] : "?";
}

//  A short, printable rendering of a bad value for an error message.
static void
s_quote (const vp_val_t *value, char *buf, size_t size)
{
    char *json = vp_val_to_json (value);
    if (strlen (json) > 60)
        snprintf (buf, size, "%.*s...", (int) vp_utf8_prefix (json, strlen (json), 57), json);
    else
        snprintf (buf, size, "%s", json);
    free (json);
}

//  The bad value, quoted for an error message (only ever built for one).
static const char *
s_shown (const vp_val_t *value)
{
    static __thread char buf[80];
    s_quote (value, buf, sizeof buf);
    return buf;
}

static bool
s_is_id (const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

static int s_check_value (const vp_field_t *f, vp_ftype_t type, const vp_val_t *value,
                          const char *path, vp_err_t *err);

//  --------------------------------------------------------------------------
//  Times
//
//  A time is an int64 of ms, and any int64 used to pass: 2^62 was stored
//  as a document date and shown as 24/04/146140482, an arrival of 0 gave
//  the arrival number 01/1970, and a deadline vp-documents took was one
//  vp-calendar could not place. So a time is checked at the door, once,
//  here, against what an office can mean:
//
//  - from 01/01/2000 (VP_TIME_MIN): what vanphong records happens while
//    it runs (events, arrivals, meetings, deadlines, leave, appointments,
//    the posts of the communes of 2025), and nothing of that is before
//    this century; the values below it that reach a program are an unset
//    0 (01/01/1970), a -1, or seconds taken for ms.
//  - up to 01/01/2100, excluded (VP_TIME_MAX): the farthest an office
//    plans is a term, a retention period (at most 20 years in the table
//    of doc_archive) or a review; beyond is a typo of the year or a
//    number that overflowed.
//  - a document's own date may be older (VP_TIME_DOC_MIN, 01/01/1971): a
//    paper can arrive decades after it was signed, as a copy in a
//    dossier, or when a commune's archive is registered. It stays after
//    1970 because times on the wire have always been ms since 1970 and
//    never negative, which every consumer and database relies on, and
//    because 1970 itself is what an unset 0 reads as.
//
//  A field narrows or widens the bounds with min and max (ms).

char *
vp_proto_time_text (int64_t ms, char *buf, size_t size)
{
    int64_t days = ms / 86400000, rest = ms % 86400000;
    if (rest < 0) {
        rest += 86400000;
        days--;
    }
    int64_t year;
    int month, day;
    vp_time_civil (days, &year, &month, &day);
    snprintf (buf, size, "%02d/%02d/%" PRId64 " %02d:%02d UTC", day, month, year,
              (int) (rest / 3600000), (int) (rest / 60000 % 60));
    return buf;
}

//  The date part of a bound, "01/01/2000".
static const char *
s_day_text (int64_t ms, char buf[40])
{
    vp_proto_time_text (ms, buf, 40);
    char *blank = strchr (buf, ' ');
    if (blank)
        *blank = 0;
    return buf;
}

static int
s_time_check (int64_t ms, int64_t min, int64_t max, const char *path, vp_err_t *err)
{
    if (ms >= min && ms < max)
        return 0;
    char shown[40], from[40], to[40];
    return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                       "%s %" PRId64 " (%s) is not a time vanphong takes: give one from %s to %s (UTC)",
                       path, ms, vp_proto_time_text (ms, shown, sizeof shown),
                       s_day_text (min, from), s_day_text (max, to));
}

int
vp_proto_time_check (int64_t ms, const char *field, vp_err_t *err)
{
    return s_time_check (ms, VP_TIME_MIN, VP_TIME_MAX, field, err);
}

//  A nested message failed: its field, and the message that starts with
//  it, get the path in front ("start ..." becomes "meeting.start ...").
static void
s_nested (vp_err_t *err, const char *path)
{
    if (!err)
        return;
    char inner[sizeof err->field];
    snprintf (inner, sizeof inner, "%s", err->field);
    vp_err_prefix (err, path);
    size_t len = strlen (inner);
    if (len && strncmp (err->message, inner, len) == 0) {
        char message[sizeof err->message];
        snprintf (message, sizeof message, "%s", err->message);
        char field[sizeof err->field];
        snprintf (field, sizeof field, "%s", err->field);
        vp_err_set (err, err->code, field, "%s.%s", path, message);
    }
}

static int
s_bad_type (const char *path, const char *want, const vp_val_t *value, vp_err_t *err)
{
    char shown[80];
    s_quote (value, shown, sizeof shown);
    return vp_err_set (err, VP_E_INVALID_ARGUMENT, path, "%s must be %s, not %s %s",
                       path, want, vp_type_name (vp_val_type (value)), shown);
}

static int
s_check_value (const vp_field_t *f, vp_ftype_t type, const vp_val_t *value,
               const char *path, vp_err_t *err)
{
    vp_type_t vt = vp_val_type (value);
    switch (type) {
        case VP_F_ANY:
            return 0;
        case VP_F_STR: case VP_F_ID: case VP_F_ULID: {
            if (vt != VP_STR)
                return s_bad_type (path, "a string", value, err);
            const char *s = vp_val_get_str (value);
            size_t len = vp_val_len (value);
            //  Decoded strings are checked by the decoder; this catches one
            //  a program built, before it reaches the outbox or the wire.
            if (!vp_utf8_valid (s, len))
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s is not valid UTF-8 (or holds NUL)", path);
            if (type == VP_F_ULID && !vp_id_valid (s))
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must be a ULID (26 characters of Crockford base32), not %s",
                                   path, s_shown (value));
            if (type == VP_F_ID && !s_is_id (s, len))
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must be a non-empty id of a-z 0-9 . _ -, not %s", path, s_shown (value));
            if (f->min && (int64_t) len < f->min)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must have at least %" PRId64 " bytes, not %zu (%s)",
                                   path, f->min, len, s_shown (value));
            if (f->max && (int64_t) len > f->max)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must have at most %" PRId64 " bytes, not %zu (%s)",
                                   path, f->max, len, s_shown (value));
            if (f->one_of) {
                for (const char *const *o = f->one_of; *o; o++)
                    if (strcmp (*o, s) == 0)
                        return 0;
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s %s is not one of the allowed values", path, s_shown (value));
            }
            return 0;
        }
        case VP_F_INT: case VP_F_TIME: case VP_F_UINT: {
            if (vt != VP_INT && vt != VP_UINT)
                return s_bad_type (path, "an integer", value, err);
            if (type == VP_F_UINT) {
                if (!vp_val_is_uint (value))
                    return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                       "%s must be >= 0, not %s", path, s_shown (value));
                uint64_t u = vp_val_get_uint (value);
                if (f->min && u < (uint64_t) f->min)
                    return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                       "%s must be >= %" PRId64 ", not %s", path, f->min, s_shown (value));
                if (f->max && u > (uint64_t) f->max)
                    return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                       "%s must be <= %" PRId64 ", not %s", path, f->max, s_shown (value));
                return 0;
            }
            if (vt == VP_UINT)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s %s is out of range", path, s_shown (value));
            int64_t i = vp_val_get_int (value);
            if (type == VP_F_TIME)
                return s_time_check (i, f->min ? f->min : VP_TIME_MIN, f->max ? f->max : VP_TIME_MAX,
                                     path, err);
            if (f->min && i < f->min)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must be >= %" PRId64 ", not %s", path, f->min, s_shown (value));
            if (f->max && i > f->max)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must be <= %" PRId64 ", not %s", path, f->max, s_shown (value));
            return 0;
        }
        case VP_F_BOOL:
            return vt == VP_BOOL ? 0 : s_bad_type (path, "true or false", value, err);
        case VP_F_FLOAT:
            return vt == VP_FLOAT || vt == VP_INT || vt == VP_UINT
                   ? 0 : s_bad_type (path, "a number", value, err);
        case VP_F_BIN:
            if (vt != VP_BIN)
                return s_bad_type (path, "bytes", value, err);
            if (f->max && (int64_t) vp_val_len (value) > f->max)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must have at most %" PRId64 " bytes, not %zu",
                                   path, f->max, vp_val_len (value));
            return 0;
        case VP_F_MAP:
            if (vt != VP_MAP)
                return s_bad_type (path, "a map", value, err);
            if (f->sub && vp_proto_validate (f->sub, value, err)) {
                s_nested (err, path);
                return -1;
            }
            return 0;
        case VP_F_ARRAY: {
            if (vt != VP_ARRAY)
                return s_bad_type (path, "an array", value, err);
            size_t n = vp_val_len (value);
            if (f->min && (int64_t) n < f->min)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must have at least %" PRId64 " items, not %zu", path, f->min, n);
            if (f->max && (int64_t) n > f->max)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, path,
                                   "%s must have at most %" PRId64 " items, not %zu", path, f->max, n);
            //  An array's one_of is what each of its strings may be.
            vp_field_t item = { .name = f->name, .type = f->item, .sub = f->sub, .one_of = f->one_of };
            for (size_t i = 0; i < n; i++) {
                char item_path[96];
                snprintf (item_path, sizeof item_path, "%s[%zu]", path, i);
                if (s_check_value (&item, f->item, vp_array_at (value, i), item_path, err))
                    return -1;
            }
            return 0;
        }
    }
    return 0;
}

int
vp_proto_validate (const vp_msgdef_t *def, const vp_val_t *value, vp_err_t *err)
{
    if (vp_val_type (value) != VP_MAP)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "", "%s must be a map, not %s",
                           def->name, vp_type_name (vp_val_type (value)));
    for (const vp_field_t *f = def->fields; f->name; f++) {
        vp_val_t *field = vp_map_get (value, f->name);
        if (!field) {
            if (f->required)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, f->name,
                                   "%s is required (%s)", f->name, def->name);
            continue;
        }
        if (s_check_value (f, f->type, field, f->name, err))
            return -1;
    }
    if (!def->open) {
        size_t n = vp_val_len (value);
        for (size_t i = 0; i < n; i++) {
            const char *key = vp_map_key_at (value, i);
            const vp_field_t *f = def->fields;
            while (f->name && strcmp (f->name, key) != 0)
                f++;
            if (!f->name)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, key,
                                   "%s is not a field of %s", key, def->name);
        }
    }
    return 0;
}

//  Every definition by "<kind>:<name>", made once (validation looks a
//  type up for every event).
static zhashx_t *s_index;
static pthread_once_t s_index_once = PTHREAD_ONCE_INIT;

static void
s_index_destroy (void)
{
    zhashx_destroy (&s_index);
}

static void
s_index_build (void)
{
    s_index = zhashx_new ();
    zhashx_set_destructor (s_index, NULL);
    zhashx_set_duplicator (s_index, NULL);
    for (const vp_proto_module_t *const *m = vp_proto_modules; *m; m++)
        for (const vp_msgdef_t *const *d = (*m)->defs; *d; d++) {
            char key[128];
            snprintf (key, sizeof key, "%d:%s", (*d)->kind, (*d)->name);
            zhashx_insert (s_index, key, (void *) *d);
        }
    atexit (s_index_destroy);
}

const vp_msgdef_t *
vp_proto_find (const char *name, vp_kind_t kind)
{
    if (!name || strlen (name) > 100)
        return NULL;
    pthread_once (&s_index_once, s_index_build);
    char key[128];
    snprintf (key, sizeof key, "%d:%s", kind, name);
    return (const vp_msgdef_t *) zhashx_lookup (s_index, key);
}

static void
s_write_def (FILE *out, const vp_msgdef_t *def)
{
    fprintf (out, "### `%s` (%s, v%d)\n\n%s\n\n", def->name, s_kind_names[def->kind],
             def->version, def->doc ? def->doc : "");
    if (!def->fields[0].name) {
        fprintf (out, "No fields.\n\n");
        return;
    }
    fprintf (out, "| field | type | required | limits | meaning |\n|---|---|---|---|---|\n");
    for (const vp_field_t *f = def->fields; f->name; f++) {
        char type[96];
        if (f->type == VP_F_ARRAY)
            snprintf (type, sizeof type, "array of %s", f->sub ? f->sub->name : s_ftype_name (f->item));
        else
        if (f->type == VP_F_MAP && f->sub)
            snprintf (type, sizeof type, "map `%s`", f->sub->name);
        else
            snprintf (type, sizeof type, "%s", s_ftype_name (f->type));
        char limits[160] = "", day[40];
        size_t at = 0;
        if (f->type == VP_F_TIME) {
            //  Bounds of a time are dates (UTC); the type's own are said once, above.
            if (f->min)
                at += (size_t) snprintf (limits + at, sizeof limits - at, "from %s ", s_day_text (f->min, day));
            if (f->max)
                at += (size_t) snprintf (limits + at, sizeof limits - at, "before %s ", s_day_text (f->max, day));
        }
        else {
            if (f->min)
                at += (size_t) snprintf (limits + at, sizeof limits - at, "min %" PRId64 " ", f->min);
            if (f->max)
                at += (size_t) snprintf (limits + at, sizeof limits - at, "max %" PRId64 " ", f->max);
        }
        if (f->one_of) {
            at += (size_t) snprintf (limits + at, sizeof limits - at, "one of");
            for (const char *const *o = f->one_of; *o && at < sizeof limits; o++)
                at += (size_t) snprintf (limits + at, sizeof limits - at, " `%s`", *o);
        }
        fprintf (out, "| `%s` | %s | %s | %s | %s |\n", f->name, type,
                 f->required ? "yes" : "", limits, f->doc ? f->doc : "");
    }
    if (def->open)
        fprintf (out, "\nOther keys are allowed.\n");
    if (def->reply)
        fprintf (out, "\nResult: `%s`.\n", def->reply->name);
    fprintf (out, "\n");
}

void
vp_proto_write_doc (FILE *out)
{
    char from[40], to[40];
    fprintf (out, "# vanphong protocol reference\n\n"
                  "Made by `vp-protodoc` from the tables in `proto/`; do not edit by hand "
                  "(a test checks that this page matches them).\n\n"
                  "Every message is one msgpack map with string keys. Strings are UTF-8 "
                  "without NUL. Times are int64 ms since the Unix epoch, UTC. A decoder "
                  "refuses a frame over its size limit (default 1 MiB, `VP_MAX_FRAME`), "
                  "nesting deeper than 16, a string over 256 KiB, a map or array of more "
                  "than 65,536 entries, duplicate keys, extension types, and unknown keys "
                  "unless the definition says other keys are allowed.\n\n"
                  "Types: `str` UTF-8 string; `id` lower-case identifier `[a-z0-9._-]`; "
                  "`ulid` 26 characters of Crockford base32; `time` int ms since epoch, "
                  "from %s 00:00 UTC to before %s 00:00 UTC unless its limits say otherwise "
                  "(a time out of them is refused, naming the field); "
                  "limits on strings count bytes.\n\n", s_day_text (VP_TIME_MIN, from), s_day_text (VP_TIME_MAX, to));
    for (const vp_proto_module_t *const *m = vp_proto_modules; *m; m++) {
        fprintf (out, "## Module `%s`\n\n%s\n\n", (*m)->name, (*m)->doc);
        for (const vp_msgdef_t *const *d = (*m)->defs; *d; d++)
            s_write_def (out, *d);
    }
}

//  Every field name of the tables, each once, for vp_proto_write_names.
static void
s_collect_names (const vp_msgdef_t *def, zlistx_t *names)
{
    for (const vp_field_t *f = def->fields; f && f->name; f++) {
        if (!zlistx_find (names, (void *) f->name))
            zlistx_add_end (names, (void *) f->name);
        if (f->sub)
            s_collect_names (f->sub, names);
    }
    if (def->reply)
        s_collect_names (def->reply, names);
}

static int
s_name_compare (const void *a, const void *b)
{
    return strcmp ((const char *) a, (const char *) b);
}

void
vp_proto_write_names (FILE *out)
{
    zlistx_t *names = zlistx_new ();
    zlistx_set_comparator (names, s_name_compare);
    for (const vp_proto_module_t *const *m = vp_proto_modules; *m; m++)
        for (const vp_msgdef_t *const *d = (*m)->defs; *d; d++)
            s_collect_names (*d, names);
    zlistx_sort (names);
    fprintf (out, "/*  vp_fields - the name of every field (VP_K_), command (VP_C_) and event (VP_T_)\n"
                  "    of the tables in proto/, as a C name: a misspelt one fails to compile. Made by\n"
                  "    `vp-protodoc --names include/vp/vp_fields.h`; do not edit by hand (a test\n"
                  "    checks that this file matches the tables).\n"
                  "*/\n"
                  "#ifndef VP_FIELDS_H_INCLUDED\n#define VP_FIELDS_H_INCLUDED\n\n");
    for (const char *name = (const char *) zlistx_first (names); name; name = (const char *) zlistx_next (names)) {
        fprintf (out, "#define VP_K_");
        for (const char *c = name; *c; c++)
            fputc (isalnum ((unsigned char) *c) ? toupper ((unsigned char) *c) : '_', out);
        fprintf (out, " \"%s\"\n", name);
    }
    //  The commands (VP_C_DOCUMENTS_GET is "documents.get") and the events
    //  (VP_T_DOCUMENTS_ASSIGNED, the type "documents.assigned").
    static const struct { vp_kind_t kind; const char *prefix; } kinds[] = {
        { VP_KIND_COMMAND, "VP_C_" }, { VP_KIND_EVENT, "VP_T_" }
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        zlistx_t *list = zlistx_new ();
        zlistx_set_comparator (list, s_name_compare);
        for (const vp_proto_module_t *const *m = vp_proto_modules; *m; m++)
            for (const vp_msgdef_t *const *d = (*m)->defs; *d; d++)
                if ((*d)->kind == kinds[k].kind && !zlistx_find (list, (void *) (*d)->name))
                    zlistx_add_end (list, (void *) (*d)->name);
        zlistx_sort (list);
        fprintf (out, "\n");
        for (const char *name = (const char *) zlistx_first (list); name; name = (const char *) zlistx_next (list)) {
            fprintf (out, "#define %s", kinds[k].prefix);
            for (const char *c = name; *c; c++)
                fputc (isalnum ((unsigned char) *c) ? toupper ((unsigned char) *c) : '_', out);
            fprintf (out, " \"%s\"\n", name);
        }
        zlistx_destroy (&list);
    }
    fprintf (out, "\n#endif\n");
    zlistx_destroy (&names);
}
