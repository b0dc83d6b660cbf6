/*  ctl_alias - the groups of commands and the few shortcuts of vpctl. */
#include <ctype.h>
#include "ctl_alias.h"
#include "vp/vp_fields.h"

static const struct {
    const char *word;
    const char *group;
} s_short[] = {
    { "staff", "staffing" },
    { "doc", "documents" },
    { "cal", "calendar" },
    { NULL }
};

//  REF of `vpctl doc show REF`: a document id (d-12), or an arrival
//  number as the register writes it (12/2026), or alone (this year's).
static int
s_doc_ref (const char *word, const char *zone, char *out[4], int *nout, vp_err_t *err)
{
    size_t digits = strspn (word, "0123456789");
    *nout = 0;
    if (digits && (!word[digits] || (word[digits] == '/' && strlen (word + digits + 1) == 4
                                     && strspn (word + digits + 1, "0123456789") == 4))) {
        int year = atoi (word + digits + 1);
        if (!word[digits]) {
            vp_tm_t now;
            vp_time_local (vp_clock_now (), zone, &now);
            year = now.year;
        }
        out[(*nout)++] = zsys_sprintf ("arrival_number=%.*s", (int) digits, word);
        out[(*nout)++] = zsys_sprintf ("year=%d", year);
        return 0;
    }
    for (const char *p = word; *p; p++)
        if (isalpha ((unsigned char) *p)) {
            out[(*nout)++] = zsys_sprintf ("document=%s", word);
            return 0;
        }
    return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DOCUMENT,
                       "\"%s\" is neither a document id (d-12) nor an arrival number (12/2026)", word);
}

//  positional "": the command's first required field, else its first.
const ctl_alias_t ctl_aliases[] = {
    { "documents", "get", "documents.get", "document", "REF", s_doc_ref, NULL },
    { "documents", "show", "documents.get", "document", "REF", s_doc_ref,
      "A document by its id (d-12) or its arrival number (12/2026: số đến 12 of 2026; 12: of this year)." },
    { "documents", "history", "documents.history", "document", "DOCUMENT", NULL, NULL },
    { "documents", "search", "documents.search", "q", "WORDS", NULL, NULL },
    { "staffing", "whois", "staffing.whois", "post", "POST", NULL, NULL },
    { "staffing", "officer get", "staffing.officer.get", "officer", "OFFICER", NULL, NULL },
    { "staffing", "post get", "staffing.post.get", "post", "POST", NULL, NULL },
    { "calendar", "week", "calendar.week", "", "", NULL, NULL },
    { NULL, "inbox", "notify.inbox", "", "", NULL, "An officer's inbox (notify.inbox)." },
    { NULL }
};

const char *
ctl_group (const char *word)
{
    for (int i = 0; s_short[i].word; i++)
        if (strcmp (word, s_short[i].word) == 0)
            return s_short[i].group;
    const char *groups[32];
    int n = ctl_groups (groups, 32);
    for (int i = 0; i < n; i++)
        if (strcmp (word, groups[i]) == 0)
            return groups[i];
    return NULL;
}

const char *
ctl_group_short (const char *group)
{
    for (int i = 0; s_short[i].word; i++)
        if (strcmp (group, s_short[i].group) == 0)
            return s_short[i].word;
    return group;
}

//  Calls fn on every command of proto/ in order; stops when fn says so.
static void
s_each_command (bool (*fn) (const vp_msgdef_t *def, void *arg), void *arg)
{
    for (int m = 0; vp_proto_modules[m]; m++)
        for (int d = 0; vp_proto_modules[m]->defs[d]; d++) {
            const vp_msgdef_t *def = vp_proto_modules[m]->defs[d];
            if (def->kind == VP_KIND_COMMAND && strchr (def->name, '.') && !fn (def, arg))
                return;
        }
}

typedef struct {
    const char **groups;
    int n, max;
} s_groups_t;

static bool
s_add_group (const vp_msgdef_t *def, void *arg)
{
    s_groups_t *g = (s_groups_t *) arg;
    size_t len = strcspn (def->name, ".");
    for (int i = 0; i < g->n; i++)
        if (strlen (g->groups[i]) == len && strncmp (g->groups[i], def->name, len) == 0)
            return true;
    //  The group's name as a string that lives as long as proto/: its
    //  module's name.
    for (int m = 0; vp_proto_modules[m]; m++)
        if (strlen (vp_proto_modules[m]->name) == len && strncmp (vp_proto_modules[m]->name, def->name, len) == 0) {
            g->groups[g->n++] = vp_proto_modules[m]->name;
            break;
        }
    return g->n < g->max;
}

int
ctl_groups (const char *groups[], int max)
{
    s_groups_t g = { groups, 0, max };
    s_each_command (s_add_group, &g);
    return g.n;
}

typedef struct {
    const char *group;
    const vp_msgdef_t **defs;
    int n, max;
} s_commands_t;

static bool
s_add_command (const vp_msgdef_t *def, void *arg)
{
    s_commands_t *c = (s_commands_t *) arg;
    size_t len = strlen (c->group);
    if (strncmp (def->name, c->group, len) == 0 && def->name[len] == '.')
        c->defs[c->n++] = def;
    return c->n < c->max;
}

int
ctl_group_commands (const char *group, const vp_msgdef_t *defs[], int max)
{
    s_commands_t c = { group, defs, 0, max };
    s_each_command (s_add_command, &c);
    return c.n;
}

const char *
ctl_command_words (const char *cmd, char *buf, size_t size)
{
    const char *dot = strchr (cmd, '.');
    snprintf (buf, size, "%s", dot ? dot + 1 : cmd);
    for (char *p = buf; *p; p++)
        if (*p == '.')
            *p = ' ';
    return buf;
}

//  How many of words the phrase ("book set", separated by sep) matches
//  from the start: all of its words or 0.
static int
s_match (const char *phrase, char sep, const char *const words[], int n)
{
    int matched = 0;
    const char *p = phrase;
    while (*p) {
        size_t len = strcspn (p, sep == ' ' ? " " : ".");
        if (matched == n || strlen (words[matched]) != len || strncmp (words[matched], p, len) != 0)
            return 0;
        matched++;
        p += len;
        if (*p)
            p++;
    }
    return matched;
}

const vp_msgdef_t *
ctl_resolve (const char *group, const char *const words[], int n,
             const ctl_alias_t **alias, int *used)
{
    *alias = NULL;
    *used = 0;
    for (const ctl_alias_t *a = ctl_aliases; a->words; a++) {
        bool here = group ? a->group && strcmp (a->group, group) == 0 : !a->group;
        int m = here ? s_match (a->words, ' ', words, n) : 0;
        if (m > *used) {
            *alias = a;
            *used = m;
        }
    }
    const vp_msgdef_t *found = *alias ? vp_proto_find ((*alias)->cmd, VP_KIND_COMMAND) : NULL;
    if (!group)
        return found;
    const vp_msgdef_t *defs[256];
    int ndefs = ctl_group_commands (group, defs, 256);
    for (int i = 0; i < ndefs; i++) {
        int m = s_match (defs[i]->name + strlen (group) + 1, '.', words, n);
        if (m > *used) {
            *alias = NULL;
            *used = m;
            found = defs[i];
        }
    }
    return found;
}

const ctl_alias_t *
ctl_alias_of (const char *cmd)
{
    for (const ctl_alias_t *a = ctl_aliases; a->words; a++)
        if (a->positional && strcmp (a->cmd, cmd) == 0)
            return a;
    return NULL;
}
