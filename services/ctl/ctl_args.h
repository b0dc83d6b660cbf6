/*  ctl_args - what a vpctl command line asks for.

    Options may come anywhere: vpctl's own (--tenant, --actor, --json...)
    and the common ones of every program (--keys-dir, --documents-cmd...,
    see vp_config). The first words name what to do: a group and the
    words of a command (`doc book set`), a shortcut (`inbox`), a command
    by its full name (`documents.book.set`), `health`, `batch` or `help`.
    The fields of the command follow as --field value, --field=value or
    field=value (a hyphen in a flag is an underscore in the field; a field
    of a map is --meeting.start); a word without a name goes to the field
    the shortcut table says (`doc search "hop nhat"` is q).
*/
#ifndef CTL_ARGS_H_INCLUDED
#define CTL_ARGS_H_INCLUDED

#include "ctl_alias.h"

//  vpctl's own options (VP_TENANT, VP_ACTOR... as defaults), for
//  vp_config_load.
extern vp_option_t ctl_options[];

typedef enum { CTL_CALL, CTL_HEALTH, CTL_BATCH, CTL_HELP } ctl_verb_t;

typedef struct {
    ctl_verb_t verb;
    bool help, json, table;     //  --help, --json, --table
    const char *group;          //  the group named, if any
    const vp_msgdef_t *def;     //  the command (CTL_CALL; CTL_HELP of a command)
    const ctl_alias_t *alias;   //  the shortcut used, if any
    bool dotted;                //  the command by its full name
    const char *operand;        //  health SERVICE, batch FILE
    char **words;               //  field=value of the command
    int nwords;
    const char **positional;    //  words without a name
    int npositional;
    char **options;             //  "vpctl" and the options, for vp_config_load
    int noptions;
} ctl_line_t;

//  Read argv into line; 0, or -1 with err (invalid_argument naming the
//  word, with the names it may have meant).
int ctl_line_parse (ctl_line_t *line, int argc, char **argv, vp_err_t *err);
void ctl_line_clear (ctl_line_t *line);

//  The args of the command, typed by its table (times in zone); -1 with
//  err naming the field.
int ctl_line_args (ctl_line_t *line, const char *zone, vp_val_t **args, vp_err_t *err);

//  After vp_config_load refused an option: say which fields the command
//  has that look like it.
void ctl_line_unknown_option (ctl_line_t *line, vp_err_t *err);

#endif
