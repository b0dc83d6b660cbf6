/*  ctl_help - `--help` at every level, from the tables of proto/. */
#include "ctl_help.h"
#include "ctl_args.h"
#include "cli_table.h"

//  What a module is for: its doc after "vp-x (...): ", else all of it.
static const char *
s_module_doc (const char *group)
{
    for (int m = 0; vp_proto_modules[m]; m++)
        if (strcmp (vp_proto_modules[m]->name, group) == 0) {
            const char *doc = vp_proto_modules[m]->doc;
            const char *colon = strstr (doc, "): ");
            return colon ? colon + 3 : doc;
        }
    return "";
}

static void
s_print_table (FILE *out, cli_table_t *table)
{
    cli_table_print (table, out, 0);
}

void
ctl_help_top (FILE *out)
{
    fprintf (out,
        "vpctl - every command of every vanphong service, from the command line\n"
        "\n"
        "usage: vpctl [options] GROUP COMMAND [--field value | field=value | VALUE]...\n"
        "       vpctl [options] health [SERVICE]     one service, or all of them and the bus\n"
        "       vpctl [options] batch FILE           a file of commands, one a line:\n"
        "                                            CMD [@tenant=T] [@actor=A] key=value...\n"
        "       vpctl [options] CMD key=value...     a command by its full name (staffing.whois),\n"
        "                                            its result as JSON, as scripts read it\n"
        "       vpctl GROUP --help                   the commands of a group\n"
        "       vpctl GROUP COMMAND --help           the fields of a command\n"
        "\n"
        "groups:\n");
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "  GROUP", false, 0, 0);
    cli_table_column (table, "WHAT", false, CTL_NO_CAP, 0);
    const char *groups[32];
    int n = ctl_groups (groups, 32);
    for (int i = 0; i < n; i++) {
        const char *shorter = ctl_group_short (groups[i]);
        if (shorter != groups[i])
            cli_table_cellf (table, "  %s (%s)", shorter, groups[i]);
        else
            cli_table_cellf (table, "  %s", groups[i]);
        cli_table_cell (table, s_module_doc (groups[i]));
    }
    s_print_table (out, table);
    cli_table_destroy (&table);

    fprintf (out, "\nshortcuts:\n");
    table = cli_table_new ();
    cli_table_column (table, "  COMMAND", false, 0, 0);
    cli_table_column (table, "WHAT", false, CTL_NO_CAP, 0);
    for (const ctl_alias_t *a = ctl_aliases; a->words; a++) {
        if (!a->doc && a->group)
            continue;               //  only a positional for a command of the group
        const vp_msgdef_t *def = vp_proto_find (a->cmd, VP_KIND_COMMAND);
        cli_table_cellf (table, "  vpctl %s%s%s%s%s", a->group ? ctl_group_short (a->group) : "",
                         a->group ? " " : "", a->words, a->usage && *a->usage ? " " : "",
                         a->usage ? a->usage : "");
        cli_table_cellf (table, "%s%s", a->doc ? a->doc : def->doc, def ? "" : " (not defined yet)");
    }
    cli_table_cell (table, "  vpctl health");
    cli_table_cell (table, "Every service and the bus in one table: status, database, bus, outbox, lag.");
    s_print_table (out, table);
    cli_table_destroy (&table);

    fprintf (out, "\noptions (anywhere on the line):\n");
    for (const vp_option_t *o = ctl_options; o->name; o++)
        fprintf (out, "  --%-14s %s%s%s%s\n", o->name, o->doc, *o->dflt ? " (default " : "", o->dflt,
                 *o->dflt ? ")" : "");
    fprintf (out,
        "  --json           the result as JSON (for scripts)\n"
        "  --table          the result for people (the default, but with a full command name)\n"
        "  --help           help for the group or command before it\n"
        "\n"
        "A field is given as --field value, --field=value or field=value (--doc-date is\n"
        "doc_date); a field of a map as --meeting.start value. Times as people write them:\n"
        "27/11/2026 14:00, 27/11/2026, or 2026-11-27T14:00, in VP_TZ (default Asia/Ho_Chi_Minh).\n"
        "Exit codes: 0 done, 2 bad input, 3 not found, 4 conflict (exists, or a rule\n"
        "refused it), 5 unavailable, 6 not allowed, 1 anything else.\n"
        "\n"
        "Endpoints, keys and the rest, each also from its VP_* variable:\n");
    fflush (out);
    vp_config_t cfg;
    char *argv[] = { "vpctl", "--help", NULL };
    vp_config_load (&cfg, "ctl", 2, argv, NULL, NULL, NULL);
}

void
ctl_help_group (FILE *out, const char *group)
{
    const char *shorter = ctl_group_short (group);
    fprintf (out, "vpctl %s - %s\n\ncommands (%s.*):\n", shorter, s_module_doc (group), group);
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "  COMMAND", false, 0, 0);
    cli_table_column (table, "WHAT", false, CTL_NO_CAP, 0);
    const vp_msgdef_t *defs[256];
    int n = ctl_group_commands (group, defs, 256);
    char words[128];
    for (int i = 0; i < n; i++) {
        const ctl_alias_t *alias = ctl_alias_of (defs[i]->name);
        bool own = alias && alias->group && strcmp (alias->group, group) == 0
                && strcmp (alias->words, ctl_command_words (defs[i]->name, words, sizeof words)) == 0;
        cli_table_cellf (table, "  %s%s%s", ctl_command_words (defs[i]->name, words, sizeof words),
                         own && *alias->usage ? " " : "", own ? alias->usage : "");
        cli_table_cell (table, defs[i]->doc);
    }
    for (const ctl_alias_t *a = ctl_aliases; a->words; a++)
        if (a->group && strcmp (a->group, group) == 0 && a->doc) {
            cli_table_cellf (table, "  %s%s%s", a->words, *a->usage ? " " : "", a->usage);
            cli_table_cell (table, a->doc);
        }
    if (n == 0)
        fprintf (out, "  (none defined yet)\n");
    else
        s_print_table (out, table);
    cli_table_destroy (&table);
    fprintf (out, "\nvpctl %s COMMAND --help shows the fields of a command.\n", shorter);
}

static const char *
s_type_name (vp_ftype_t type)
{
    switch (type) {
        case VP_F_STR: return "text";
        case VP_F_ID: return "id";
        case VP_F_ULID: return "ulid";
        case VP_F_INT: return "integer";
        case VP_F_UINT: return "number";
        case VP_F_TIME: return "time";
        case VP_F_BOOL: return "yes/no";
        case VP_F_FLOAT: return "decimal";
        case VP_F_BIN: return "bytes";
        case VP_F_MAP: return "map";
        case VP_F_ARRAY: return "list";
        default: return "any";
    }
}

static void
s_field_rows (cli_table_t *table, const vp_field_t *fields, const char *prefix)
{
    for (const vp_field_t *f = fields; f && f->name; f++) {
        cli_table_cellf (table, "  %s%s", prefix, f->name);
        if (f->type == VP_F_ARRAY)
            cli_table_cellf (table, "list of %s", f->item == VP_F_MAP ? "map" : s_type_name (f->item));
        else
            cli_table_cell (table, s_type_name (f->type));
        cli_table_cell (table, f->required ? "yes" : "");
        char *allowed = NULL;
        size_t size = 0;
        FILE *text = open_memstream (&allowed, &size);
        for (int i = 0; f->one_of && f->one_of[i]; i++)
            fprintf (text, "%s%s", i ? ", " : "", f->one_of[i]);
        fclose (text);
        const char *how = f->type == VP_F_ARRAY && f->item != VP_F_MAP ? " (comma-separated)"
                        : f->type == VP_F_ARRAY || f->type == VP_F_BIN ? " (not on the command line)"
                        : f->type == VP_F_TIME ? " (27/11/2026 14:00)" : "";
        cli_table_cellf (table, "%s%s%s%s", f->doc ? f->doc : "", how, *allowed ? "; one of: " : "", allowed);
        free (allowed);
        if (f->type == VP_F_MAP && f->sub) {
            char *sub = zsys_sprintf ("%s%s.", prefix, f->name);
            s_field_rows (table, f->sub->fields, sub);
            zstr_free (&sub);
        }
    }
}

void
ctl_help_command (FILE *out, const vp_msgdef_t *def, const ctl_alias_t *alias, bool dotted)
{
    char words[128];
    const char *group_end = strchr (def->name, '.');
    char *name;
    if (dotted || !group_end)
        name = strdup (def->name);
    else
    if (alias && !alias->group)
        name = strdup (alias->words);
    else {
        char group[32];
        snprintf (group, sizeof group, "%.*s", (int) (group_end - def->name), def->name);
        name = zsys_sprintf ("%s %s", ctl_group_short (group),
                             alias ? alias->words : ctl_command_words (def->name, words, sizeof words));
    }
    fprintf (out, "vpctl %s - %s\n\nusage: vpctl [options] %s", name, def->doc, name);
    if (alias && alias->positional && alias->usage && *alias->usage)
        fprintf (out, " %s", alias->usage);
    for (const vp_field_t *f = def->fields; f->name; f++)
        if (f->required) {
            char flag[64];
            snprintf (flag, sizeof flag, "%s", f->name);
            for (char *p = flag; *p; p++)
                if (*p == '_')
                    *p = '-';
            fprintf (out, " --%s %s", flag, s_type_name (f->type));
        }
    fprintf (out, " [--field value]...\n");
    if (!dotted)
        fprintf (out, "       vpctl [options] %s key=value...   (full name; its result as JSON)\n", def->name);
    if (!def->fields[0].name) {
        fprintf (out, "\nno fields.\n");
        free (name);
        return;
    }
    fprintf (out, "\nfields:\n");
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "  FIELD", false, 0, 0);
    cli_table_column (table, "TYPE", false, 0, 0);
    cli_table_column (table, "REQUIRED", false, 0, 0);
    cli_table_column (table, "WHAT", false, CTL_NO_CAP, 0);
    s_field_rows (table, def->fields, "");
    s_print_table (out, table);
    cli_table_destroy (&table);
    free (name);
}

//  Edit distance of two short words (bytes).
static size_t
s_distance (const char *a, const char *b)
{
    size_t la = strlen (a), lb = strlen (b);
    if (la > 63 || lb > 63)
        return 64;
    size_t row[64], prev[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t del = prev[j] + 1, ins = row[j - 1] + 1, sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            row[j] = del < ins ? (del < sub ? del : sub) : (ins < sub ? ins : sub);
        }
        memcpy (prev, row, (lb + 1) * sizeof (size_t));
    }
    return prev[lb];
}

const char *
ctl_suggest (const char *word, const char *const candidates[], int n, char *buf, size_t size)
{
    size_t len = strlen (word), at = 0;
    buf[0] = 0;
    int found = 0;
    for (int i = 0; i < n && at + 1 < size; i++) {
        size_t limit = len / 3 > 1 ? len / 3 : 1;
        bool close = s_distance (word, candidates[i]) <= limit
                  || (len >= 2 && strncmp (candidates[i], word, len) == 0);
        bool seen = false;
        for (int j = 0; j < i; j++)
            seen = seen || strcmp (candidates[j], candidates[i]) == 0;
        if (close && !seen && found < 6)
            at += (size_t) snprintf (buf + at, size - at, "%s%s", found++ ? ", " : "; did you mean ",
                                     candidates[i]);
    }
    if (found && at + 2 < size)
        snprintf (buf + at, size - at, "?");
    return buf;
}
