/*  ctl_help - `--help` at every level, from the tables of proto/.

    vpctl --help                 the groups, one line each, shortcuts, options
    vpctl doc --help             the group's commands with their doc line
    vpctl doc register --help    the command's fields: name, type, required,
                                 allowed values, doc
*/
#ifndef CTL_HELP_H_INCLUDED
#define CTL_HELP_H_INCLUDED

#include "ctl_alias.h"

void ctl_help_top (FILE *out);
void ctl_help_group (FILE *out, const char *group);
void ctl_help_command (FILE *out, const vp_msgdef_t *def, const ctl_alias_t *alias, bool dotted);

//  "; did you mean a, b?" naming the candidates close to word (a typo, or
//  the start of one), "" when none is; in buf.
const char *ctl_suggest (const char *word, const char *const candidates[], int n,
                         char *buf, size_t size);

#endif
