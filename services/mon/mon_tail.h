/*  mon_tail - `vp-mon tail`: the events as they happen, one line each.

    A vp_consumer with its cursors in memory does the following: it
    subscribes, replays what is missing (on start, on a gap, when a
    heartbeat shows a head past its cursor) and never delivers an event
    twice, so what is shown has no gap and no repeat, even when PUB/SUB
    drops. A stream starts at --from, else just after the head bus.stats
    reports at start (live only).
*/
#ifndef MON_TAIL_H_INCLUDED
#define MON_TAIL_H_INCLUDED

#include "vp/vp.h"

//  Shows one event instead of the line of mon_format (vp-mon trace).
typedef void (mon_tail_show_fn) (const vp_val_t *env, void *arg);

typedef struct {
    const char *stream;         //  one stream; NULL: all streams
    int64_t from;               //  replay from this seq first; 0: live only
    const char *type;           //  show only types with this prefix; NULL: all
    const char *tenant;         //  show only this tenant; NULL: all
    bool json;                  //  the whole envelope as JSON, one per line
    int64_t count;              //  exit after this many shown; 0: never
    int64_t timeout_ms;         //  exit after this long without one shown; 0: never
    const char *corr;           //  show only the events of this flow; NULL: all
    const vp_val_t *starts;     //  {stream: first seq}: follow these streams from there
                                //  (instead of stream/from); NULL: none
    mon_tail_show_fn *show;     //  shows an event; NULL: one line of mon_format
    void *show_arg;
} mon_tail_opts_t;

typedef struct mon_tail mon_tail_t;

void mon_tail_usage (FILE *out);

//  The streams an envelope may name (proto/), NULL-terminated.
const char *const *mon_tail_streams (void);

//  Parse the words after `tail` into opts (pointing into argv); flags not
//  of tail go to rest (see mon_args_parse). 0, 1 for --help, -1 with err.
int mon_tail_parse (mon_tail_opts_t *opts, int argc, char **argv,
                    char **rest, int *nrest, vp_err_t *err);

//  A tail of the bus at pub (its publish endpoint) and replay; keys may
//  be NULL (no CURVE) and must outlive the tail.
mon_tail_t *mon_tail_new (const char *pub, const char *replay, vp_keys_t *keys,
                          const mon_tail_opts_t *opts, vp_err_t *err);
void mon_tail_destroy (mon_tail_t **self_p);

//  Show events until the count is reached, the timeout passes, or the
//  process is interrupted (all 0); -1 with err when the bus does not
//  answer bus.stats at start (unavailable). Once following, a bus gone
//  away is waited for: the consumer asks again until it answers.
int mon_tail_run (mon_tail_t *self, vp_err_t *err);

#endif
