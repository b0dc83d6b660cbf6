/*  ctl_alias - the groups of commands and the few shortcuts of vpctl.

    A group is the first part of command names ("documents" of
    documents.register), found in proto/, so a command added there is at
    once `vpctl <group> <words>`; a group may also be called by a short
    name (doc, staff, cal). The shortcuts are written once, in the table
    of ctl_alias.c: a command under another name (`vpctl inbox`), and
    which field the words without a name go to (`vpctl doc search "hop
    nhat"` is q; `vpctl doc show 12/2026` is arrival number 12 of 2026).
*/
#ifndef CTL_ALIAS_H_INCLUDED
#define CTL_ALIAS_H_INCLUDED

#include "vp/vp.h"

//  Turn the positional word of a shortcut into key=value words (at most
//  4, each a malloc'ed string); -1 with err naming the field when it
//  does not read.
typedef int (ctl_ref_fn) (const char *word, const char *zone, char *out[4], int *nout, vp_err_t *err);

typedef struct {
    const char *group;          //  "documents"; NULL: a word of its own (`vpctl inbox`)
    const char *words;          //  "show", "book set"
    const char *cmd;            //  the command it calls, e.g. "documents.get"
    const char *positional;     //  the field words without a name go to; NULL: none
    const char *usage;          //  what the positional is, for --help ("REF")
    ctl_ref_fn *ref;            //  reads the positional word (else: the field's value)
    const char *doc;            //  for --help, when not the command's own
} ctl_alias_t;

extern const ctl_alias_t ctl_aliases[];

//  The group a word names ("doc" or "documents" -> "documents"), NULL
//  when none.
const char *ctl_group (const char *word);

//  The short name of a group ("documents" -> "doc"), else the group.
const char *ctl_group_short (const char *group);

//  Every group: the first parts of command names in proto/, in the order
//  of the modules, at most max; returns how many.
int ctl_groups (const char *groups[], int max);

//  The commands of a group in the order of proto/, at most max.
int ctl_group_commands (const char *group, const vp_msgdef_t *defs[], int max);

//  The command `words` (n of them) names in group: the shortcut or the
//  command with the most words that match, and *used the words it took.
//  group NULL: the shortcuts of their own only. NULL when none.
const vp_msgdef_t *ctl_resolve (const char *group, const char *const words[], int n,
                                const ctl_alias_t **alias, int *used);

//  The shortcut that gives a command its positional field, NULL if none.
const ctl_alias_t *ctl_alias_of (const char *cmd);

//  "book set" for documents.book.set: the words after the group.
const char *ctl_command_words (const char *cmd, char *buf, size_t size);

#endif
