/*  test_ctl_run - running vpctl and vp-mon as a user does, for the tests
    of the command line (test_ctl, test_mon_trace). */
#ifndef TEST_CTL_RUN_H_INCLUDED
#define TEST_CTL_RUN_H_INCLUDED

#include "testutil.h"

//  Run a program of the build (vpctl, vp-mon; or one by its full path)
//  with words (NULL-terminated)
//  and env (NULL-terminated "NAME=VALUE"), in dir; its output (stdout
//  and stderr) is in *out (the caller frees). Returns its exit code.
int tc_run (const char *dir, const char *bin, const char *const words[], const char *const env[],
            char **out);

//  The lines of text that start with prefix (all when NULL), in a list
//  the caller destroys.
zlist_t *tc_lines (const char *text, const char *prefix);

//  What a file holds ("" when it cannot be read); the caller frees.
char *tc_read (const char *path);

//  An environment: base plus more (each NULL-terminated), in a static
//  array valid until the next call.
const char *const *tc_env (const char *const base[], const char *const more[]);

#endif
