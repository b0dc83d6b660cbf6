/*  vp_args - a command's args from words people type: key=value.

    Each value is read by the type its field has in proto/: strings as
    they are, integers, times as people type them (vp_time, in `zone`),
    booleans (true/false, yes/no, 1/0, có/không), arrays as comma-separated
    items, bytes as a file (name=@path). So a command line or a batch file needs no per-command code.
*/
#ifndef VP_ARGS_H_INCLUDED
#define VP_ARGS_H_INCLUDED

#include "vp_err.h"
#include "vp_proto.h"
#include "vp_val.h"

int vp_args_from_words (const vp_msgdef_t *def, int argc, const char *const argv[],
                        const char *zone, vp_val_t **args, vp_err_t *err);

//  Split a line into words: blanks separate, "double quotes" group, a
//  backslash escapes the next character; '#' starts a comment outside
//  quotes. Returns the number of words (at most max; -1 on an open quote).
//  Words point into `line`, which is modified.
int vp_args_split (char *line, char *words[], int max);

#endif
