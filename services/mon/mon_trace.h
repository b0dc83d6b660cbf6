/*  mon_trace - `vp-mon trace <corr>`: one flow, end to end.

    Every event of one flow carries the same corr: the id of the command
    that started it (documents.register), passed on by each service that
    applies an event to what it emits. trace replays the streams from the
    bus (paged, as many events a request as the frame holds), keeps the
    events of that corr and shows them in time order with the time since
    the previous step and since the first:

      TIME                     STEP    TOTAL   STREAM     TYPE                  SEQ  SUMMARY
      2026-11-27 14:05:01.123  +0ms    +0ms    documents  documents.registered   12  document=d-12 ...
      2026-11-27 14:05:01.125  +2ms    +2ms    documents  documents.assigned     13  officer=...

    Given the id of an event instead, it shows that event's flow from
    that event on. --follow then watches live for the next steps.
*/
#ifndef MON_TRACE_H_INCLUDED
#define MON_TRACE_H_INCLUDED

#include "vp/vp.h"

typedef struct {
    const char *id;             //  a corr, or the id of an event to start from
    const char *stream;         //  only this stream; NULL: every stream
    bool follow;                //  then watch live for more
    bool json;                  //  each event as one JSON line
    int64_t timeout_ms;         //  with follow: exit after this long without a step; 0: never
    const char *zone;           //  for times in summaries
} mon_trace_opts_t;

void mon_trace_usage (FILE *out);

//  Parse the words after `trace` (see mon_tail_parse).
int mon_trace_parse (mon_trace_opts_t *opts, int argc, char **argv,
                     char **rest, int *nrest, vp_err_t *err);

//  Show the flow: 0, or -1 with err: not_found when no event has that
//  corr (or id), unavailable when the bus does not answer.
int mon_trace_run (const char *pub, const char *replay, vp_keys_t *keys,
                   const mon_trace_opts_t *opts, vp_err_t *err);

#endif
