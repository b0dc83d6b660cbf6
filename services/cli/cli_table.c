/*  cli_table - results as people read them in a terminal. */
#include <ctype.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli_table.h"
#include "vp/vp_fields.h"

//  A column is not narrowed below this to fit the terminal.
#define S_MIN_WIDTH 10

typedef struct {
    char *heading;
    bool right;
    size_t cap;
    size_t width;               //  as printed
    int rank;                   //  0 most wanted .. 3 least, when space is short
    bool hidden;
} s_column_t;

struct cli_table {
    s_column_t *columns;
    size_t ncolumns;
    char **cells;               //  row by row
    size_t ncells;
    size_t size;
};

cli_table_t *
cli_table_new (void)
{
    return (cli_table_t *) zmalloc (sizeof (cli_table_t));
}

void
cli_table_destroy (cli_table_t **self_p)
{
    cli_table_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->ncolumns; i++)
        free (self->columns[i].heading);
    for (size_t i = 0; i < self->ncells; i++)
        free (self->cells[i]);
    free (self->columns);
    free (self->cells);
    free (self);
    *self_p = NULL;
}

void
cli_table_column (cli_table_t *self, const char *heading, bool right, size_t cap, int rank)
{
    assert (self->ncells == 0);
    self->columns = (s_column_t *) realloc (self->columns, (self->ncolumns + 1) * sizeof (s_column_t));
    self->columns[self->ncolumns++] = (s_column_t) {
        .heading = strdup (heading), .right = right, .cap = cap ? cap : CTL_CELL_MAX, .rank = rank
    };
}

void
cli_table_cell (cli_table_t *self, const char *text)
{
    assert (self->ncolumns);
    if (self->ncells == self->size) {
        self->size = self->size ? self->size * 2 : 64;
        self->cells = (char **) realloc (self->cells, self->size * sizeof (char *));
    }
    self->cells[self->ncells++] = strdup (text ? text : "");
}

void
cli_table_cellf (cli_table_t *self, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    char *text = zsys_vprintf (fmt, args);
    va_end (args);
    cli_table_cell (self, text);
    zstr_free (&text);
}

size_t
cli_table_rows (cli_table_t *self)
{
    return self->ncolumns ? self->ncells / self->ncolumns : 0;
}

static size_t
s_total (cli_table_t *self)
{
    size_t total = 0, shown = 0;
    for (size_t c = 0; c < self->ncolumns; c++)
        if (!self->columns[c].hidden) {
            total += self->columns[c].width;
            shown++;
        }
    return total + (shown ? 2 * (shown - 1) : 0);
}

//  Narrow the widest capped columns down to min until the table fits.
static void
s_narrow (cli_table_t *self, size_t width, size_t min)
{
    while (s_total (self) > width) {
        s_column_t *widest = NULL;
        for (size_t c = 0; c < self->ncolumns; c++) {
            s_column_t *col = &self->columns[c];
            if (!col->hidden && col->cap != CTL_NO_CAP && col->width > min
            &&  (!widest || col->width > widest->width))
                widest = col;
        }
        if (!widest)
            break;
        size_t excess = s_total (self) - width;
        size_t spare = widest->width - min;
        widest->width -= excess < spare ? excess : spare;
    }
}

//  Hide the columns of a rank, the last first (never the first column),
//  until the table fits.
static void
s_hide (cli_table_t *self, size_t width, int rank)
{
    for (size_t c = self->ncolumns; c-- > 1 && s_total (self) > width; )
        if (self->columns[c].rank == rank)
            self->columns[c].hidden = true;
}

//  Make the table fit in width: narrow a little, leave out what matters
//  least, narrow more, then leave out the rest from the right.
static void
s_fit (cli_table_t *self, size_t width)
{
    s_narrow (self, width, 2 * S_MIN_WIDTH);
    s_hide (self, width, 3);
    s_hide (self, width, 2);
    s_narrow (self, width, S_MIN_WIDTH);
    s_hide (self, width, 1);
    s_hide (self, width, 0);
}

void
cli_table_print (cli_table_t *self, FILE *out, size_t width)
{
    size_t rows = cli_table_rows (self);
    for (size_t c = 0; c < self->ncolumns; c++) {
        s_column_t *col = &self->columns[c];
        col->width = vp_text_width (col->heading);
        for (size_t r = 0; r < rows; r++) {
            size_t w = vp_text_width (self->cells[r * self->ncolumns + c]);
            if (w > col->width)
                col->width = w;
        }
        //  The last column aligns nothing after it: it is cut only to
        //  fit the terminal.
        if (col->width > col->cap && c + 1 < self->ncolumns)
            col->width = col->cap;
        col->hidden = false;
    }
    if (width)
        s_fit (self, width);
    size_t last = 0;
    for (size_t c = 0; c < self->ncolumns; c++)
        if (!self->columns[c].hidden)
            last = c;
    for (size_t r = 0; r <= rows; r++) {
        char *line = NULL;
        size_t size = 0;
        FILE *text = open_memstream (&line, &size);
        bool first = true;
        for (size_t c = 0; c <= last; c++) {
            s_column_t *col = &self->columns[c];
            if (col->hidden)
                continue;
            if (!first)
                fputs ("  ", text);
            first = false;
            cli_put_cell (text, r == 0 ? col->heading : self->cells[(r - 1) * self->ncolumns + c],
                          col->width, col->right);
        }
        fclose (text);
        //  No blanks at the end of a line (empty last cells, padding).
        size_t len = strlen (line);
        while (len > 0 && line[len - 1] == ' ')
            len--;
        fprintf (out, "%.*s\n", (int) len, line);
        free (line);
    }
}

size_t
cli_term_width (FILE *out)
{
    const char *columns = getenv ("COLUMNS");
    if (columns && atoi (columns) > 0)
        return (size_t) atoi (columns);
    struct winsize ws;
    if (isatty (fileno (out)) && ioctl (fileno (out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

//  Bytes of the UTF-8 character at s (1 for a byte that starts none).
static size_t
s_char_len (const unsigned char *s)
{
    size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
               : (s[0] & 0xF8) == 0xF0 ? 4 : 1;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return len;
}

char *
cli_text_safe (const char *text, size_t max)
{
    const unsigned char *p = (const unsigned char *) (text ? text : "");
    size_t total = vp_text_width ((const char *) p);
    bool cut = max != CTL_NO_CAP && total > max;
    size_t room = cut ? (max ? max - 1 : 0) : total;
    char *safe = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&safe, &size);
    size_t width = 0;
    while (*p) {
        size_t len = s_char_len (p);
        char one[5] = "";
        memcpy (one, p, len);
        size_t w = vp_text_width (one);
        if (width + w > room)
            break;
        if (len == 1 && (*p == '\n' || *p == '\t' || *p == '\r'))
            fputc (' ', out);
        else
        if ((len == 1 && (*p < 0x20 || *p >= 0x7F))
        ||  (len == 2 && p[0] == 0xC2 && p[1] <= 0x9F))
            fputc ('?', out);
        else
            fwrite (p, 1, len, out);
        width += w;
        p += len;
    }
    if (cut && max)
        fputs ("…", out);
    fclose (out);
    return safe;
}

void
cli_put_cell (FILE *out, const char *text, size_t width, bool right)
{
    char *safe = cli_text_safe (text, width);
    size_t pad = width - vp_text_width (safe);
    if (!right)
        fputs (safe, out);
    for (size_t i = 0; i < pad; i++)
        fputc (' ', out);
    if (right)
        fputs (safe, out);
    free (safe);
}

char *
cli_time_text (int64_t ms, const char *zone, char *buf, size_t size)
{
    vp_tm_t tm;
    vp_time_local (ms, zone, &tm);
    bool midnight = tm.hour == 0 && tm.minute == 0 && tm.second == 0 && ms % 1000 == 0;
    return vp_time_format (ms, zone, midnight ? "%d/%m/%Y" : "%d/%m/%Y %H:%M", buf, size);
}

static bool
s_time_field (const vp_field_t *fields, const char *key, bool *is_time)
{
    for (const vp_field_t *f = fields; f && f->name; f++)
        if (strcmp (f->name, key) == 0) {
            *is_time = f->type == VP_F_TIME;
            return true;
        }
    return false;
}

bool
cli_is_time (const vp_msgdef_t *def, const char *key)
{
    bool is_time = false;
    if (def && s_time_field (def->fields, key, &is_time))
        return is_time;
    for (int m = 0; vp_proto_modules[m]; m++)
        for (int d = 0; vp_proto_modules[m]->defs[d]; d++)
            if (s_time_field (vp_proto_modules[m]->defs[d]->fields, key, &is_time) && is_time)
                return true;
    static const char *const names[] = { "at", "start", "end", "deadline", "ts", NULL };
    for (int i = 0; names[i]; i++)
        if (strcmp (key, names[i]) == 0)
            return true;
    size_t len = strlen (key);
    return len > 3 && strcmp (key + len - 3, "_at") == 0;
}

//  What names a map in a list: its name, title or label, else its first
//  string.
static const char *
s_map_name (const vp_val_t *map)
{
    static const char *const keys[] = { "full_name", "name", "title", "label", NULL };
    for (int i = 0; keys[i]; i++)
        if (vp_map_str (map, keys[i]))
            return vp_map_str (map, keys[i]);
    for (size_t i = 0; i < vp_val_len (map); i++)
        if (vp_val_get_str (vp_map_value_at (map, i)))
            return vp_val_get_str (vp_map_value_at (map, i));
    return NULL;
}

char *
cli_value_text (const vp_val_t *value, bool is_time, const char *zone)
{
    char buf[64];
    switch (vp_val_type (value)) {
        case VP_NIL:
            return strdup ("");
        case VP_BOOL:
            return strdup (vp_val_get_bool (value) ? "yes" : "no");
        case VP_INT:
            if (is_time)
                return strdup (cli_time_text (vp_val_get_int (value), zone, buf, sizeof buf));
            return zsys_sprintf ("%lld", (long long) vp_val_get_int (value));
        case VP_UINT:
            return zsys_sprintf ("%llu", (unsigned long long) vp_val_get_uint (value));
        case VP_FLOAT:
            return zsys_sprintf ("%g", vp_val_get_float (value));
        case VP_STR:
            return strdup (vp_val_get_str (value));
        case VP_BIN:
            return zsys_sprintf ("(%zu bytes)", vp_val_len (value));
        case VP_ARRAY: {
            char *text = NULL;
            size_t size = 0;
            FILE *out = open_memstream (&text, &size);
            for (size_t i = 0; i < vp_val_len (value); i++) {
                const vp_val_t *item = vp_array_at (value, i);
                const char *name = vp_val_type (item) == VP_MAP ? s_map_name (item) : NULL;
                char *one = name ? strdup (name) : cli_value_text (item, is_time, zone);
                fprintf (out, "%s%s", i ? ", " : "", one);
                free (one);
            }
            fclose (out);
            return text;
        }
        default:
            return vp_val_to_json (value);
    }
}

//  ---------------------------------------------------------------------
//  A command's result

//  An array whose items are maps: shown as a table.
static bool
s_is_rows (const vp_val_t *value)
{
    return vp_val_type (value) == VP_ARRAY && vp_val_len (value) > 0
        && vp_val_type (vp_array_at (value, 0)) == VP_MAP;
}

//  The definition of the items or entries of a field of def, if any.
static const vp_msgdef_t *
s_sub (const vp_msgdef_t *def, const char *key)
{
    for (const vp_field_t *f = def ? def->fields : NULL; f && f->name; f++)
        if (strcmp (f->name, key) == 0)
            return f->sub;
    return NULL;
}

//  Aligned "key: value" lines of map's entries (tables left out), nested
//  maps indented under their key.
static void
s_lines (FILE *out, const vp_val_t *map, const vp_msgdef_t *def, const char *zone, int indent)
{
    size_t key_width = 0;
    for (size_t i = 0; i < vp_val_len (map); i++) {
        size_t w = vp_text_width (vp_map_key_at (map, i));
        if (!s_is_rows (vp_map_value_at (map, i)) && w > key_width)
            key_width = w;
    }
    for (size_t i = 0; i < vp_val_len (map); i++) {
        const char *key = vp_map_key_at (map, i);
        const vp_val_t *value = vp_map_value_at (map, i);
        if (s_is_rows (value))
            continue;
        fprintf (out, "%*s", indent, "");
        if (vp_val_type (value) == VP_MAP && vp_val_len (value)) {
            char *safe = cli_text_safe (key, CTL_NO_CAP);
            fprintf (out, "%s:\n", safe);
            free (safe);
            s_lines (out, value, s_sub (def, key), zone, indent + 2);
            continue;
        }
        char *label = zsys_sprintf ("%s:", key);
        cli_put_cell (out, label, key_width + 2, false);
        zstr_free (&label);
        char *text = cli_value_text (value, cli_is_time (def, key), zone);
        char *safe = cli_text_safe (*text ? text : "-", CTL_NO_CAP);
        fprintf (out, "%s\n", safe);
        free (safe);
        free (text);
    }
}

static bool
s_has_key (const vp_val_t *rows, const char *key)
{
    for (size_t r = 0; r < vp_val_len (rows); r++)
        if (vp_map_get (vp_array_at (rows, r), key))
            return true;
    return false;
}

//  Every row has the same text in this column.
static bool
s_same (char **cells, size_t nrows, size_t ncols, size_t c)
{
    for (size_t r = 1; r < nrows; r++)
        if (strcmp (cells[r * ncols + c], cells[c]) != 0)
            return false;
    return true;
}

//  The keys of the rows, in the order they first appear; `x` is left out
//  when `x_name` says the same for people (but the first, the id).
static zlistx_t *
s_columns (const vp_val_t *rows)
{
    zlistx_t *keys = zlistx_new ();
    zlistx_set_destructor (keys, (zlistx_destructor_fn *) zstr_free);
    zlistx_set_duplicator (keys, (zlistx_duplicator_fn *) strdup);
    zlistx_set_comparator (keys, (zlistx_comparator_fn *) strcmp);
    for (size_t r = 0; r < vp_val_len (rows); r++) {
        const vp_val_t *row = vp_array_at (rows, r);
        for (size_t i = 0; i < vp_val_len (row); i++) {
            const char *key = vp_map_key_at (row, i);
            if (!zlistx_find (keys, (void *) key))
                zlistx_add_end (keys, (void *) key);
        }
    }
    zlistx_first (keys);
    for (const char *key = (const char *) zlistx_next (keys); key; key = (const char *) zlistx_next (keys)) {
        char *named = zsys_sprintf ("%s_name", key);
        if (s_has_key (rows, named))
            zlistx_delete (keys, zlistx_cursor (keys));     //  the cursor goes back one
        zstr_free (&named);
    }
    return keys;
}

//  How much a column is wanted when the terminal is narrow: what names
//  and places a row most, the details least.
static int
s_rank (const char *key)
{
    static const char *const wanted[] = {
        "label", "number", "title", "full_name", "name", "summary", "text", "status", "start",
        "end", "deadline", "officer_name", "post_title", "type_name", "at", "holders", "participants",
        "recipient", NULL
    };
    static const char *const details[] = {
        "book", "urgency", "secrecy", "overdue", "tenant", "sequence", "source", "email", "phone",
        "chat_id", "registered_by", "registered_at", "version", "uptime_ms", "heads_office",
        "clearance", "appointment", NULL
    };
    for (int i = 0; wanted[i]; i++)
        if (strcmp (key, wanted[i]) == 0)
            return 1;
    for (int i = 0; details[i]; i++)
        if (strcmp (key, details[i]) == 0)
            return 3;
    return 2;
}

static void
s_rows_table (FILE *out, const vp_val_t *rows, const vp_msgdef_t *def, const char *zone, size_t width)
{
    zlistx_t *list = s_columns (rows);
    size_t ncols = zlistx_size (list), nrows = vp_val_len (rows);
    const char **keys = (const char **) zmalloc (ncols * sizeof (char *));
    size_t c = 0;
    for (const char *key = (const char *) zlistx_first (list); key; key = (const char *) zlistx_next (list))
        keys[c++] = key;
    char **cells = (char **) zmalloc (ncols * nrows * sizeof (char *));
    bool *numeric = (bool *) zmalloc (ncols * sizeof (bool));
    bool *keep = (bool *) zmalloc (ncols * sizeof (bool));
    size_t total = 0;
    for (c = 0; c < ncols; c++) {
        bool is_time = cli_is_time (def, keys[c]);
        numeric[c] = !is_time;
        size_t natural = vp_text_width (keys[c]);
        for (size_t r = 0; r < nrows; r++) {
            const vp_val_t *value = vp_map_get (vp_array_at (rows, r), keys[c]);
            char *cell = cells[r * ncols + c] = cli_value_text (value, is_time, zone);
            if (value && vp_val_type (value) != VP_INT && vp_val_type (value) != VP_UINT
            &&  vp_val_type (value) != VP_FLOAT)
                numeric[c] = false;
            if (vp_text_width (cell) > natural)
                natural = vp_text_width (cell);
        }
        //  A column that tells nothing is left out: empty on every row...
        keep[c] = !(s_same (cells, nrows, ncols, c) && !*cells[c]);
        if (keep[c])
            total += (natural < CTL_CELL_MAX ? natural : CTL_CELL_MAX) + 2;
    }
    //  ...or, when the table is too wide, the same on every row.
    for (c = 1; c < ncols && width && total > width + 2 && nrows > 1; c++)
        if (keep[c] && s_same (cells, nrows, ncols, c))
            keep[c] = false;
    cli_table_t *table = cli_table_new ();
    for (c = 0; c < ncols; c++) {
        if (!keep[c])
            continue;
        //  officer_name stands for officer, which was left out for it.
        size_t len = strlen (keys[c]);
        if (len > 5 && strcmp (keys[c] + len - 5, "_name") == 0) {
            char *base = strndup (keys[c], len - 5);
            if (s_has_key (rows, base) && strcmp (base, keys[0]) != 0)
                len -= 5;
            free (base);
        }
        char heading[96];
        size_t i = 0;
        for (; i < len && i + 1 < sizeof heading; i++)
            heading[i] = (char) toupper ((unsigned char) keys[c][i]);
        heading[i] = 0;
        //  Ids, numbers and times are never cut; the rest may be, to fit
        //  the terminal.
        bool whole = c == 0 || numeric[c] || cli_is_time (def, keys[c]);
        cli_table_column (table, heading, numeric[c], whole ? CTL_NO_CAP : 0, c == 0 ? 0 : s_rank (keys[c]));
    }
    for (size_t r = 0; r < nrows; r++)
        for (c = 0; c < ncols; c++)
            if (keep[c])
                cli_table_cell (table, cells[r * ncols + c]);
    cli_table_print (table, out, width);
    cli_table_destroy (&table);
    for (size_t i = 0; i < ncols * nrows; i++)
        free (cells[i]);
    free (cells);
    free (numeric);
    free (keep);
    free (keys);
    zlistx_destroy (&list);
}

void
cli_result_print (FILE *out, const vp_val_t *result, const vp_msgdef_t *reply,
                  const char *zone, size_t width)
{
    if (vp_val_type (result) != VP_MAP) {
        char *text = cli_value_text (result, false, zone);
        fprintf (out, "%s\n", text);
        free (text);
        return;
    }
    //  A text made to be read as it is (a week's schedule).
    const char *text = vp_map_str (result, VP_K_TEXT);
    if (text && strchr (text, '\n')) {
        fputs (text, out);
        if (*text && text[strlen (text) - 1] != '\n')
            fputc ('\n', out);
        return;
    }
    size_t tables = 0;
    for (size_t i = 0; i < vp_val_len (result); i++)
        tables += s_is_rows (vp_map_value_at (result, i));
    bool lines = vp_val_len (result) > tables;
    if (lines)
        s_lines (out, result, reply, zone, 0);
    for (size_t i = 0; i < vp_val_len (result); i++) {
        const vp_val_t *value = vp_map_value_at (result, i);
        if (!s_is_rows (value))
            continue;
        if (lines || tables > 1) {
            char *key = cli_text_safe (vp_map_key_at (result, i), CTL_NO_CAP);
            fprintf (out, "%s%s (%zu):\n", lines || i ? "\n" : "", key, vp_val_len (value));
            free (key);
        }
        s_rows_table (out, value, s_sub (reply, vp_map_key_at (result, i)), zone, width);
    }
    if (vp_val_len (result) == 0)
        fprintf (out, "done\n");
}
