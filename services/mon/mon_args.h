/*  mon_args - the flags of a vp-mon subcommand.

    A subcommand declares its flags in a table; mon_args_parse fills in
    the values it finds (`--name value` or `--name=value`; a switch takes
    no value). Flags that are not in the table are handed back in `rest`,
    with their values, so that the common options (--keys-dir, --bus-pub,
    ...) may also follow the subcommand: the caller gives them to
    vp_config_load.
*/
#ifndef MON_ARGS_H_INCLUDED
#define MON_ARGS_H_INCLUDED

#include "vp/vp.h"

typedef struct {
    const char *name;           //  "from" for --from
    bool is_switch;             //  takes no value (--json)
    const char *value;          //  set when given ("" for a switch), else NULL
} mon_flag_t;

//  Parse argv[0..argc-1] (the words after the subcommand). rest must have
//  room for argc pointers; *nrest gets how many it holds. Words that are
//  not flags go to words (room for argc), or are refused when words is
//  NULL. Returns 0, 1 for --help, or -1 with err naming the flag.
int mon_args_parse (mon_flag_t *flags, int argc, char **argv,
                    char **rest, int *nrest, const char **words, int *nwords, vp_err_t *err);

//  The value of a flag by name, NULL when not given.
const char *mon_args_get (const mon_flag_t *flags, const char *name);

//  An integer flag in [min, max]; *out is left alone when the flag was not
//  given. -1 with err naming the flag and the value when it is not one.
int mon_args_int (const mon_flag_t *flags, const char *name, int64_t min, int64_t max,
                  int64_t *out, vp_err_t *err);

#endif
