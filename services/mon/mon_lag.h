/*  mon_lag - `vp-mon lag`: how far behind each consumer is.

    Asks every service (each VP_*_CMD endpoint, or those named) for its
    health, and the bus for the heads of its streams, all at once, and
    shows per (service, stream followed) its cursor, the head, the lag
    (head - cursor: events logged it has not applied yet), its outbox
    depth (events it made that the bus has not acknowledged) and its
    status; a service that does not answer is shown as unreachable.
*/
#ifndef MON_LAG_H_INCLUDED
#define MON_LAG_H_INCLUDED

#include "vp/vp.h"

typedef struct {
    const char *services[8];    //  the services named; none: every one
    int nservices;
    bool json;
    int64_t timeout_ms;         //  how long to wait for each answer
} mon_lag_opts_t;

void mon_lag_usage (FILE *out);

//  Parse the words after `lag` (see mon_tail_parse).
int mon_lag_parse (mon_lag_opts_t *opts, int argc, char **argv,
                   char **rest, int *nrest, vp_err_t *err);

//  Ask and show: 0 when every service and the bus answered, else -1 with
//  err (unavailable, naming those that did not).
int mon_lag_run (const vp_config_t *cfg, vp_keys_t *keys, const mon_lag_opts_t *opts, vp_err_t *err);

#endif
