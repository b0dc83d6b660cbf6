/*  cal_conflict - one person or one room booked twice.

    The same officer in two overlapping entries that count for presence
    (meetings and work items, planned or moved) is a person conflict,
    whichever posts booked them: participants are rows per officer. The
    same room in two overlapping live entries is a room conflict.

    Both checks read one index range: cal_participant (tenant, officer,
    busy, start, end) and cal_entry (tenant, room, start, end), bounded by
    start < new_end and start >= new_start - the tenant's longest entry
    (cal_span, at most CAL_SPAN_MAX), then end > new_start: the rows read
    are the officer's or the room's entries of that window, whatever the
    size of the schedule.
*/
#ifndef CAL_CONFLICT_H_INCLUDED
#define CAL_CONFLICT_H_INCLUDED

#include "cal_service.h"

//  Most conflicts one check reports.
#define CAL_CONFLICTS_MAX 100

//  Append to conflicts (an array) the conflicts of entry (a
//  calendar.entry map, as about to be stored) with the other entries of
//  tenant, as calendar.conflict maps: persons first (by participant, then
//  start), then the room.
int cal_conflict_find (cal_service_t *self, const char *tenant, const vp_val_t *entry, vp_val_t *conflicts,
                       vp_err_t *err);

//  Tell the bus what changed in the conflicts of entry, now that `found`
//  (cal_conflict_find's, as booked) are its conflicts: a conflict new, or
//  at another hour, as calendar.conflict; one told before and no longer
//  found (moved apart, cancelled, the person gone) as
//  calendar.conflict_resolved. The same conflict found again is told
//  nothing: the office head hears of a conflict once (cal_conflict).
int cal_conflict_publish (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const vp_val_t *entry,
                          const vp_val_t *found, vp_err_t *err);

#endif
