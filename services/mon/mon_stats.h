/*  mon_stats - `vp-mon stats`: heads, rates, counters and peers of the bus.

    Calls `bus.stats` on the replay endpoint and shows its result as a
    small table (or one JSON line), once or every --watch seconds.
*/
#ifndef MON_STATS_H_INCLUDED
#define MON_STATS_H_INCLUDED

#include "vp/vp.h"

typedef struct {
    bool json;                  //  the result as one JSON line
    int64_t watch_s;            //  again every this many seconds; 0: once
} mon_stats_opts_t;

void mon_stats_usage (FILE *out);

//  Parse the words after `stats` (see mon_tail_parse).
int mon_stats_parse (mon_stats_opts_t *opts, int argc, char **argv,
                     char **rest, int *nrest, vp_err_t *err);

//  Call bus.stats: 0 with *result (caller frees), or -1 with err
//  (unavailable when the bus does not answer within timeout_ms).
int mon_stats_call (vp_cmdcli_t *cli, int timeout_ms, vp_val_t **result, vp_err_t *err);

//  The table for a bus.stats result; caller frees.
char *mon_stats_render (const vp_val_t *result);

//  Ask the bus at replay and print; 0, or -1 with err (unavailable when
//  the bus does not answer). With watch, a failed call is reported and
//  the watch goes on until interrupted.
int mon_stats_run (const char *replay, vp_keys_t *keys, const mon_stats_opts_t *opts,
                   vp_err_t *err);

#endif
