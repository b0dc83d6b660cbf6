/*  cal_events - what other services' events put on the schedule.

      staffing.*                the staffing read model (vp_service:
                                staff_model)
      staffing.tenant_created   the commune's default rooms (cal_room)
      staffing.leave_started    the officer's entries in [from, to) are
                                marked with the delegate (sequence + 1);
                                one calendar.leave_marked
      staffing.leave_ended      marks of that leave on entries that start
                                at or after the new end are taken off
                                (entry_updated, changed participants.delegate)
      documents.registered      with a meeting (a Giấy mời): one meeting
                                entry for the invited posts and officers,
                                its room when `place` is a room id of the
                                commune, else the place in words. Never
                                refused (the paper has arrived): a person
                                or room booked twice is booked and the
                                conflict published (a room: forced).
      documents.assigned        with a deadline: a deadline item on the
                                assignee's schedule, from 30 minutes
                                before the deadline to the deadline (a
                                deadline at the end of a day shows as an
                                all-day item in the feeds, see cal_ical);
                                a later assignment of the same document
                                MOVES that item to the new officer (same
                                entry, sequence + 1)
      documents.deadline_changed  the item moves to the new deadline
      documents.status_changed  done or archived: the item is done;
                                returned: it moves to the officer the
                                document now rests with (the office head);
                                forwarded to another body: cancelled, no
                                officer of ours must meet it any more;
                                in_progress: nothing

    Each entry made from an event links back to its document and is made
    once, however often the event is delivered: the consumer applies an
    event once, and (source, document) is unique in cal_entry, so a replay
    of the stream finds the entry already there. A person who cannot be
    resolved (a post nobody holds then) is left out and said on the
    entry. An event that cannot be placed at all (a meeting longer than
    VP_SPAN_MAX, a time out of range: what vp-documents refuses now, in an
    event logged before) fails with its reason, and vp_service parks it
    and tells it (calendar.event_failed), so one bad event neither blocks
    the stream nor goes unseen; a database that fails makes the batch be
    tried again.
*/
#ifndef CAL_EVENTS_H_INCLUDED
#define CAL_EVENTS_H_INCLUDED

#include "cal_service.h"

//  The handlers of the events followed (arg: the cal_service_t).
extern const vp_handler_t cal_events[];

#endif
