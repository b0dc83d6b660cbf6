/*  mon_format - the line vp-mon shows for one event.

    Human:  2026-11-27 14:05:01.123 documents#12 documents.registered
            tenant=lam-son actor=... corr=... {"data":"as compact JSON"}
            (one line; time in the zone set, data cut at MON_DATA_MAX bytes)
    JSON:   the whole envelope as one JSON object, for jq.
*/
#ifndef MON_FORMAT_H_INCLUDED
#define MON_FORMAT_H_INCLUDED

#include "vp/vp.h"

#define MON_DATA_MAX 160

//  Show times in zone tz (e.g. "Asia/Ho_Chi_Minh"; NULL or "": that one).
//  -1 when the zone is not installed: times then show in UTC.
int mon_format_set_tz (const char *tz);

//  "2026-11-27 14:05:01.123" in the zone set; buf of at least 32 bytes.
char *mon_format_time (int64_t ms, char *buf, size_t size);

//  The line for an envelope, without its newline. Caller frees.
char *mon_format_event (const vp_val_t *env, bool json);

#endif
