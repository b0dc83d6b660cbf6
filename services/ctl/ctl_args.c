/*  ctl_args - what a vpctl command line asks for. */
#include "ctl_args.h"
#include "ctl_help.h"
#include "vp/vp_fields.h"

vp_option_t ctl_options[] = {
    { "tenant", "", "the commune acted in (VP_TENANT)" },
    { "actor", "", "the acting officer (VP_ACTOR)" },
    { "timeout-ms", "5000", "how long to wait for an answer" },
    { "keep-going", "no", "batch: go on after a failed line (yes/no)" },
    { NULL }
};

typedef enum { S_WORD, S_FLAG, S_VALUE, S_SWITCH } s_kind_t;

#define S_MAX_WORDS 256

static void
s_push (char ***list, int *n, char *item)
{
    *list = (char **) realloc (*list, (size_t) (*n + 1) * sizeof (char *));
    (*list)[(*n)++] = item;
}

//  The field of def a name (`doc_date`, `meeting.start`) stands for.
static const vp_field_t *
s_field (const vp_msgdef_t *def, const char *name)
{
    size_t len = strcspn (name, ".");
    for (const vp_field_t *f = def ? def->fields : NULL; f && f->name; f++)
        if (strlen (f->name) == len && strncmp (f->name, name, len) == 0) {
            if (!name[len])
                return f;
            return f->type == VP_F_MAP && f->sub ? s_field (f->sub, name + len + 1) : NULL;
        }
    return NULL;
}

//  A flag's name as a field's: --doc-date is doc_date.
static char *
s_field_name (const char *flag, size_t len)
{
    char *name = strndup (flag, len);
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_';
    return name;
}

static bool
s_is_bool (const char *text)
{
    static const char *const words[] = {
        "true", "false", "yes", "no", "1", "0", "có", "co", "không", "khong", NULL
    };
    for (int i = 0; words[i]; i++)
        if (strcmp (text, words[i]) == 0)
            return true;
    return false;
}

//  The names of the fields of def (and of its maps, dotted), for
//  suggestions; returns how many.
static int
s_field_names (const vp_msgdef_t *def, const char *prefix, char *names[], int n, int max)
{
    for (const vp_field_t *f = def ? def->fields : NULL; f && f->name && n < max; f++) {
        names[n++] = zsys_sprintf ("%s%s", prefix, f->name);
        if (f->type == VP_F_MAP && f->sub) {
            char *sub = zsys_sprintf ("%s%s.", prefix, f->name);
            n = s_field_names (f->sub, sub, names, n, max);
            zstr_free (&sub);
        }
    }
    return n;
}

//  "; did you mean ...?" for a name that is not a field of the command.
static const char *
s_field_hint (const ctl_line_t *line, const char *name, char *hint, size_t size)
{
    char *names[128];
    int n = s_field_names (line->def, "", names, 0, 128);
    ctl_suggest (name, (const char *const *) names, n, hint, size);
    for (int i = 0; i < n; i++)
        free (names[i]);
    return hint;
}

static int
s_not_a_field (const ctl_line_t *line, const char *name, vp_err_t *err)
{
    char hint[200];
    return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s is not a field of %s%s (see --help)",
                       name, line->def->name, s_field_hint (line, name, hint, sizeof hint));
}

void
ctl_line_unknown_option (ctl_line_t *line, vp_err_t *err)
{
    if (line->def && strstr (err->message, "unknown option")) {
        char flag[96], hint[200];
        snprintf (flag, sizeof flag, "%s", err->field);
        char *field = s_field_name (flag, strlen (flag));
        vp_err_set (err, VP_E_INVALID_ARGUMENT, flag, "--%s is neither a field of %s nor an option of vpctl%s "
                    "(see --help)", flag, line->def->name, s_field_hint (line, field, hint, sizeof hint));
        free (field);
    }
}

//  The first words: what to do. Sets verb, group, def, alias, dotted and
//  operand; *used gets how many of the words it took.
static int
s_resolve (ctl_line_t *line, const char *words[], int n, int *used, vp_err_t *err)
{
    char hint[300];
    *used = 0;
    if (n > 0 && strcmp (words[0], "help") == 0) {
        line->help = true;
        words++, n--, (*used)++;
    }
    if (n == 0) {
        line->verb = CTL_HELP;
        return 0;
    }
    const char *first = words[0];
    if (strcmp (first, "batch") == 0 || strcmp (first, "health") == 0) {
        line->verb = first[0] == 'b' ? CTL_BATCH : CTL_HEALTH;
        line->operand = n > 1 ? words[1] : NULL;
        *used += n > 1 ? 2 : 1;
        if (line->verb == CTL_BATCH && !line->operand && !line->help)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, "batch", "batch needs a FILE (or - for stdin)");
        if (line->help)
            line->verb = CTL_HELP;
        return 0;
    }
    line->verb = CTL_CALL;
    if (strchr (first, '.') && !strchr (first, '=')) {
        line->dotted = true;
        line->def = vp_proto_find (first, VP_KIND_COMMAND);
        (*used)++;
        if (!line->def) {
            const char *names[512];
            int count = 0;
            const char *groups[32];
            int ngroups = ctl_groups (groups, 32);
            for (int g = 0; g < ngroups; g++) {
                const vp_msgdef_t *defs[256];
                int ndefs = ctl_group_commands (groups[g], defs, 256);
                for (int i = 0; i < ndefs && count < 512; i++)
                    names[count++] = defs[i]->name;
            }
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_CMD, "\"%s\" is not a command%s (see docs/protocol.md)",
                               first, ctl_suggest (first, names, count, hint, sizeof hint));
        }
        return 0;
    }
    const char *group = ctl_group (first);
    int took = 0;
    line->group = group;
    line->def = group ? ctl_resolve (group, words + 1, n - 1, &line->alias, &took)
                      : ctl_resolve (NULL, words, n, &line->alias, &took);
    *used += took + (group ? 1 : 0);
    if (!line->def && line->alias)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_CMD, "%s calls %s, which is not defined yet",
                           line->alias->words, line->alias->cmd);
    if (line->def)
        return 0;
    if (group && (n == 1 || line->help)) {
        line->verb = CTL_HELP;
        return 0;
    }
    const char *names[300];
    int count = 0;
    if (group) {
        const vp_msgdef_t *defs[256];
        char phrases[256][64];
        int ndefs = ctl_group_commands (group, defs, 256);
        for (int i = 0; i < ndefs; i++)
            names[count++] = ctl_command_words (defs[i]->name, phrases[i], sizeof phrases[i]);
        for (const ctl_alias_t *a = ctl_aliases; a->words && count < 300; a++)
            if (a->group && strcmp (a->group, group) == 0)
                names[count++] = a->words;
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_CMD, "%s has no command \"%s\"%s (see vpctl %s --help)",
                           group, words[1], ctl_suggest (words[1], names, count, hint, sizeof hint),
                           ctl_group_short (group));
    }
    const char *groups[32];
    int ngroups = ctl_groups (groups, 32);
    for (int i = 0; i < ngroups; i++) {
        names[count++] = groups[i];
        if (ctl_group_short (groups[i]) != groups[i])
            names[count++] = ctl_group_short (groups[i]);
    }
    for (const ctl_alias_t *a = ctl_aliases; a->words && count < 290; a++)
        if (!a->group)
            names[count++] = a->words;
    names[count++] = "health";
    names[count++] = "batch";
    names[count++] = "help";
    return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_CMD, "\"%s\" is neither a group nor a command%s (see vpctl --help)",
                       first, ctl_suggest (first, names, count, hint, sizeof hint));
}

int
ctl_line_parse (ctl_line_t *line, int argc, char **argv, vp_err_t *err)
{
    memset (line, 0, sizeof *line);
    s_push (&line->options, &line->noptions, strdup (argv[0]));
    s_kind_t *kind = (s_kind_t *) zmalloc ((size_t) (argc + 1) * sizeof (s_kind_t));
    int index[S_MAX_WORDS];
    const char *words[S_MAX_WORDS];
    int nwords = 0;
    bool rest = false;          //  after "--", only words
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (rest || strncmp (arg, "-", 1) != 0 || strcmp (arg, "-") == 0)
            kind[i] = S_WORD;
        else
        if (strcmp (arg, "--") == 0) {
            kind[i] = S_SWITCH;
            rest = true;
        }
        else
        if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
            kind[i] = S_SWITCH, line->help = true;
        else
        if (strcmp (arg, "--json") == 0)
            kind[i] = S_SWITCH, line->json = true;
        else
        if (strcmp (arg, "--table") == 0)
            kind[i] = S_SWITCH, line->table = true;
        else
        if (strncmp (arg, "--", 2) == 0) {
            kind[i] = S_FLAG;
            if (!strchr (arg, '=') && i + 1 < argc && strncmp (argv[i + 1], "--", 2) != 0)
                kind[++i] = S_VALUE;
        }
        else
            kind[i] = S_WORD;       //  -5, a negative number
        if (kind[i] == S_WORD && nwords < S_MAX_WORDS) {
            index[nwords] = i;
            words[nwords++] = argv[i];
        }
    }
    int used = 0;
    int rc = s_resolve (line, words, nwords, &used, err);
    for (int w = 0; w < used; w++)
        kind[index[w]] = S_SWITCH;  //  taken
    const ctl_alias_t *alias = line->alias ? line->alias
                             : line->def && !line->dotted ? ctl_alias_of (line->def->name) : NULL;
    for (int i = 1; rc == 0 && i < argc; i++) {
        const char *arg = argv[i];
        if (kind[i] == S_SWITCH)
            continue;
        if (kind[i] == S_FLAG) {
            const char *eq = strchr (arg, '=');
            size_t len = eq ? (size_t) (eq - arg - 2) : strlen (arg + 2);
            char *name = s_field_name (arg + 2, len);
            const vp_field_t *field = line->verb == CTL_CALL ? s_field (line->def, name) : NULL;
            if (!field) {
                //  An option of vpctl or of every program: vp_config_load
                //  knows it or says it does not.
                s_push (&line->options, &line->noptions, strdup (arg));
                if (!eq && i + 1 < argc && kind[i + 1] == S_VALUE)
                    s_push (&line->options, &line->noptions, strdup (argv[++i]));
                free (name);
                continue;
            }
            const char *value = eq ? eq + 1 : NULL;
            bool next = i + 1 < argc && kind[i + 1] == S_VALUE;
            if (!value && field->type == VP_F_BOOL) {
                if (next && s_is_bool (argv[i + 1]))
                    value = argv[++i];
                else {
                    value = "true";
                    if (next)
                        kind[i + 1] = S_WORD;   //  not its value after all
                }
            }
            else
            if (!value && next)
                value = argv[++i];
            if (!value) {
                rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "--%.*s needs a value", (int) len, arg + 2);
                free (name);
                break;
            }
            s_push (&line->words, &line->nwords, zsys_sprintf ("%s=%s", name, value));
            //  --tenant is also the request's tenant when a command has a
            //  field of that name (staffing.tenant.get).
            if (strcmp (name, "tenant") == 0 || strcmp (name, "actor") == 0)
                s_push (&line->options, &line->noptions, zsys_sprintf ("--%s=%s", name, value));
            free (name);
            continue;
        }
        //  A word after what to do.
        if (line->verb != CTL_CALL) {
            if (!line->help)
                rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, arg, "unexpected word \"%s\" (see vpctl --help)", arg);
            continue;
        }
        const char *eq = strchr (arg, '=');
        if (eq && eq != arg) {
            char *name = strndup (arg, (size_t) (eq - arg));
            bool known = s_field (line->def, name) != NULL;
            if (known)
                s_push (&line->words, &line->nwords, strdup (arg));
            else
            if (!alias)
                rc = s_not_a_field (line, name, err);
            free (name);
            if (known || rc)
                continue;
        }
        if (!alias && !line->help) {
            rc = line->dotted
               ? vp_err_set (err, VP_E_INVALID_ARGUMENT, arg, "\"%s\" is not key=value", arg)
               : vp_err_set (err, VP_E_INVALID_ARGUMENT, arg,
                             "unexpected word \"%s\": give fields as --name value (see --help)", arg);
            continue;
        }
        line->positional = (const char **) realloc (line->positional,
                                                    (size_t) (line->npositional + 1) * sizeof (char *));
        line->positional[line->npositional++] = arg;
    }
    if (rc == 0 && !line->alias)
        line->alias = alias;
    free (kind);
    return rc;
}

void
ctl_line_clear (ctl_line_t *line)
{
    for (int i = 0; i < line->nwords; i++)
        free (line->words[i]);
    for (int i = 0; i < line->noptions; i++)
        free (line->options[i]);
    free (line->words);
    free (line->options);
    free (line->positional);
    memset (line, 0, sizeof *line);
}

//  The field positional words go to: the shortcut's, or "" for the
//  command's first required field, else its first.
static const vp_field_t *
s_positional_field (const ctl_line_t *line)
{
    const char *name = line->alias ? line->alias->positional : NULL;
    if (!name)
        return NULL;
    if (*name)
        return s_field (line->def, name);
    for (const vp_field_t *f = line->def->fields; f->name; f++)
        if (f->required)
            return f;
    return line->def->fields[0].name ? &line->def->fields[0] : NULL;
}

//  The words without a name as field=value words.
static int
s_positional (ctl_line_t *line, const char *zone, vp_err_t *err)
{
    if (line->npositional == 0)
        return 0;
    const vp_field_t *field = s_positional_field (line);
    if (!field)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, line->positional[0],
                           "unexpected word \"%s\": give fields as --name value (see --help)", line->positional[0]);
    bool text = field->type == VP_F_STR && !line->alias->ref;
    if (line->npositional > 1 && !text)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, line->positional[1],
                           "unexpected word \"%s\": %s takes one %s", line->positional[1],
                           line->alias->words, *line->alias->usage ? line->alias->usage : field->name);
    size_t len = strlen (field->name);
    for (int i = 0; i < line->nwords; i++)
        if (strncmp (line->words[i], field->name, len) == 0 && line->words[i][len] == '=')
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, field->name, "%s is given twice: \"%s\" and \"%s\"",
                               field->name, line->words[i] + len + 1, line->positional[0]);
    if (line->alias->ref) {
        char *out[4];
        int nout = 0;
        if (line->alias->ref (line->positional[0], zone, out, &nout, err))
            return -1;
        for (int i = 0; i < nout; i++)
            s_push (&line->words, &line->nwords, out[i]);
        return 0;
    }
    //  Words of a text field are one text: `doc search hop nhat`.
    char *value = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&value, &size);
    for (int i = 0; i < line->npositional; i++)
        fprintf (out, "%s%s", i ? " " : "", line->positional[i]);
    fclose (out);
    s_push (&line->words, &line->nwords, zsys_sprintf ("%s=%s", field->name, value));
    free (value);
    return 0;
}

int
ctl_line_args (ctl_line_t *line, const char *zone, vp_val_t **args, vp_err_t *err)
{
    assert (line->def);
    *args = NULL;
    if (s_positional (line, zone, err))
        return -1;
    //  Fields of a map (meeting.start=...) make a map of their own.
    const char *top[S_MAX_WORDS];
    int ntop = 0;
    for (int i = 0; i < line->nwords && ntop < S_MAX_WORDS; i++)
        if (!strchr (line->words[i], '.') || strchr (line->words[i], '.') > strchr (line->words[i], '='))
            top[ntop++] = line->words[i];
    if (vp_args_from_words (line->def, ntop, top, zone, args, err))
        return -1;
    for (const vp_field_t *f = line->def->fields; f->name; f++) {
        if (f->type != VP_F_MAP || !f->sub)
            continue;
        const char *sub[S_MAX_WORDS];
        int nsub = 0;
        size_t len = strlen (f->name);
        for (int i = 0; i < line->nwords && nsub < S_MAX_WORDS; i++)
            if (strncmp (line->words[i], f->name, len) == 0 && line->words[i][len] == '.')
                sub[nsub++] = line->words[i] + len + 1;
        vp_val_t *map = NULL;
        if (nsub && vp_args_from_words (f->sub, nsub, sub, zone, &map, err)) {
            vp_err_prefix (err, f->name);
            vp_val_destroy (args);
            return -1;
        }
        if (map)
            vp_map_put (*args, f->name, map);
    }
    return 0;
}
