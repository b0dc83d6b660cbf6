/*  vp_args - args from key=value words, typed by proto. */
#include <czmq.h>
#include <stdlib.h>
#include <string.h>
#include "vp/vp_args.h"
#include "vp/vp_time.h"

//  The largest file a word name=@path reads.
#define VP_ARGS_FILE_MAX (16 * 1024 * 1024)

static const vp_field_t *
s_field (const vp_msgdef_t *def, const char *name)
{
    for (const vp_field_t *f = def->fields; f->name; f++)
        if (strcmp (f->name, name) == 0)
            return f;
    return NULL;
}

static int
s_scalar (vp_ftype_t type, const char *name, const char *text, const char *zone,
          vp_val_t **out, vp_err_t *err)
{
    char *end = NULL;
    switch (type) {
        case VP_F_INT: case VP_F_UINT: {
            long long n = strtoll (text, &end, 10);
            if (!*text || *end)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s must be a whole number, not \"%s\"", name, text);
            *out = vp_val_int (n);
            return 0;
        }
        case VP_F_TIME: {
            int64_t ms = 0;
            if (vp_time_parse (text, zone, name, &ms, err))
                return -1;
            *out = vp_val_int (ms);
            return 0;
        }
        case VP_F_FLOAT: {
            double d = strtod (text, &end);
            if (!*text || *end)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s must be a number, not \"%s\"", name, text);
            *out = vp_val_float (d);
            return 0;
        }
        case VP_F_BOOL: {
            static const char *const yes[] = { "true", "yes", "1", "có", "co", NULL };
            static const char *const no[] = { "false", "no", "0", "không", "khong", NULL };
            for (int i = 0; yes[i]; i++)
                if (strcmp (text, yes[i]) == 0)
                    return (*out = vp_val_bool (true)), 0;
            for (int i = 0; no[i]; i++)
                if (strcmp (text, no[i]) == 0)
                    return (*out = vp_val_bool (false)), 0;
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s must be true or false, not \"%s\"", name, text);
        }
        case VP_F_BIN: {
            //  Bytes are a file: name=@path (a PDF to sign, an attachment).
            if (text[0] != '@' || !text[1])
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s is a file: write %s=@path", name, name);
            FILE *file = fopen (text + 1, "rb");
            if (!file)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s: cannot read file \"%s\"", name, text + 1);
            zchunk_t *chunk = zchunk_read (file, VP_ARGS_FILE_MAX + 1);
            fclose (file);
            size_t size = chunk ? zchunk_size (chunk) : 0;
            if (size > VP_ARGS_FILE_MAX) {
                zchunk_destroy (&chunk);
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s: file \"%s\" is larger than %d bytes",
                                   name, text + 1, VP_ARGS_FILE_MAX);
            }
            *out = vp_val_bin (chunk ? zchunk_data (chunk) : (const byte *) "", size);
            zchunk_destroy (&chunk);
            return 0;
        }
        case VP_F_MAP: case VP_F_ARRAY:
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s cannot be typed as text", name);
        default:
            *out = vp_val_str (text);
            return 0;
    }
}

int
vp_args_from_words (const vp_msgdef_t *def, int argc, const char *const argv[],
                    const char *zone, vp_val_t **args, vp_err_t *err)
{
    vp_val_t *map = vp_val_map ();
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr (argv[i], '=');
        if (!eq || eq == argv[i]) {
            vp_val_destroy (&map);
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, argv[i],
                               "\"%s\" is not key=value", argv[i]);
        }
        char name[64];
        snprintf (name, sizeof name, "%.*s", (int) (eq - argv[i]), argv[i]);
        const char *text = eq + 1;
        const vp_field_t *f = def ? s_field (def, name) : NULL;
        if (def && !f) {
            vp_val_destroy (&map);
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s is not a field of %s", name, def->name);
        }
        vp_val_t *value = NULL;
        int rc = 0;
        if (f && f->type == VP_F_ARRAY) {
            value = vp_val_array ();
            char *copy = strdup (text);
            for (char *save = NULL, *item = strtok_r (copy, ",", &save); item && rc == 0;
                 item = strtok_r (NULL, ",", &save)) {
                vp_val_t *one = NULL;
                rc = s_scalar (f->item, name, item, zone, &one, err);
                if (one)
                    vp_array_push (value, one);
            }
            free (copy);
        }
        else
            rc = s_scalar (f ? f->type : VP_F_STR, name, text, zone, &value, err);
        if (rc) {
            vp_val_destroy (&value);
            vp_val_destroy (&map);
            return -1;
        }
        vp_map_put (map, name, value);
    }
    *args = map;
    return 0;
}

int
vp_args_split (char *line, char *words[], int max)
{
    int n = 0;
    char *in = line, *out = line;
    while (*in) {
        while (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n')
            in++;
        if (!*in || *in == '#')
            break;
        if (n == max)
            return n;
        words[n++] = out;
        bool quoted = false;
        while (*in && (quoted || (*in != ' ' && *in != '\t' && *in != '\r' && *in != '\n'))) {
            if (*in == '"')
                quoted = !quoted, in++;
            else
            if (*in == '\\' && in[1])
                *out++ = in[1], in += 2;
            else
                *out++ = *in++;
        }
        if (quoted)
            return -1;
        bool more = *in != 0;
        *out++ = 0;
        if (more)
            in++;
        if (out > in)
            in = out;
    }
    return n;
}
