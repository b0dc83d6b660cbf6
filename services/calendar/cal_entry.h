/*  cal_entry - the entries of the schedule.

    An entry is a calendar.entry map (proto/calendar.c) everywhere in the
    service: loaded, changed, stored and published as such. It is stored
    as one row of cal_entry and one row of cal_participant per officer
    (with the post through which they come), so one person holding two
    posts is one row per entry and the person check finds them whichever
    post booked them.

    A post resolves to whoever acts for it at the entry's start
    (vp_staff_whois: the holder; the delegate when the holder is on leave,
    on behalf of the holder; the office head when the post is vacant). An
    officer named in person who is on leave then is kept, with the
    delegate named on their row.
*/
#ifndef CAL_ENTRY_H_INCLUDED
#define CAL_ENTRY_H_INCLUDED

#include "cal_service.h"

//  A meeting or a work item that is planned or moved: it counts for
//  presence. Deadline items are reminders and never conflict.
bool cal_entry_busy (const char *kind, const char *status);

//  The entry as a calendar.entry map, or NULL when tenant has none so named.
vp_val_t *cal_entry_load (cal_service_t *self, const char *tenant, const char *entry);

//  The entry an event made from (source, document), or NULL.
vp_val_t *cal_entry_of_source (cal_service_t *self, const char *tenant, const char *source,
                               const char *document);

//  Write an entry map (new or changed: its row, its participants, the
//  tenant's longest span) in the caller's transaction.
int cal_entry_store (cal_service_t *self, const char *tenant, const vp_val_t *entry, vp_err_t *err);

//  The longest entry of tenant so far (ms), 0 when none.
int64_t cal_entry_span (cal_service_t *self, const char *tenant);

//  Who takes part: posts and officers as given, and the chair (an officer
//  or a post). strict (commands): an unknown post or officer is an error
//  naming it; otherwise (events) it is left out and said in *skipped.
typedef struct {
    const vp_val_t *posts;          //  array of post ids, or NULL
    const vp_val_t *officers;       //  array of officer ids, or NULL
    const char *chair;              //  officer or post, or NULL
    bool strict;
} cal_people_t;

//  Resolve people at `at` into entry: participants (one per officer, the
//  first way they come wins), chair and chair_post.
int cal_entry_people (cal_service_t *self, const char *tenant, int64_t at, const cal_people_t *people,
                      vp_val_t *entry, char *skipped, size_t skipped_size, vp_err_t *err);

//  A participant map: officer, the post through which (or NULL), on whose
//  behalf (or NULL); the delegate named when the officer is on leave at `at`.
vp_val_t *cal_entry_participant (cal_service_t *self, const char *officer, const char *post,
                                 const char *on_behalf_of, int64_t at);

//  Store an entry and tell the bus, in the caller's transaction: `event`
//  (entry_created, entry_updated, entry_cancelled) with the entry and
//  extra's keys (changed, previous_start, reason...), then, when check,
//  each conflict of the entry as calendar.conflict (also put in
//  conflicts when not NULL). A room booked twice is refused
//  (already_exists, field room, naming the other entry) unless force.
int cal_entry_book (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const vp_val_t *entry,
                    const char *event, const vp_val_t *extra, bool check, bool force,
                    vp_val_t *conflicts, vp_err_t *err);

//  Store `after`, a changed copy of `before`, as the entry's next
//  revision: status moved when its time or place changed (from planned),
//  sequence + 1, modified now; entry_updated with `changed` (also pushed
//  onto changed when not NULL) and previous_start/previous_end when it
//  moved; its conflicts checked when its time, place, people or status
//  changed. Nothing changed: nothing stored, 0.
int cal_entry_revise (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const vp_val_t *before,
                      vp_val_t *after, bool force, vp_val_t *conflicts, vp_val_t *changed, vp_err_t *err);

//  Cancel an entry (the map is changed): status cancelled, sequence + 1,
//  entry_cancelled with the reason (or NULL). failed_precondition when
//  it is cancelled already.
int cal_entry_cancel (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, vp_val_t *entry,
                      const char *reason, vp_err_t *err);

//  Entries of a tenant that overlap [from, to).
typedef struct {
    int64_t from, to;
    const char *officer;            //  only where they take part (or chair), or NULL
    const char *body;               //  only this body's, or NULL
    const char *status;             //  only this status, or NULL
    const char *kind;               //  only this kind, or NULL
    const char *leave;              //  with officer: only where marked with this leave, or NULL
    bool live;                      //  leave cancelled ones out
    int limit;
} cal_query_t;

//  The entries (calendar.entry maps) by start; *more when there were more
//  than q->limit.
vp_val_t *cal_entry_list (cal_service_t *self, const char *tenant, const cal_query_t *q, bool *more,
                          vp_err_t *err);

//  The title anyone may read: the entry's own, or a busy block's
//  (VP_SECRET_MEETING) when the entry is secret. What conflicts and
//  other events carry.
const char *cal_entry_public_title (const vp_val_t *entry);
//  What a viewer cleared up to `clearance` (vp_staff_clearance) may see
//  of entry: an entry secret above it becomes a busy block, its time and
//  place only (SECURITY.md §2). True when it was masked.
bool cal_entry_mask (vp_val_t *entry, int clearance);
//  The same for every entry of an array.
void cal_entry_mask_all (vp_val_t *entries, int clearance);
//  The clearance of the officer acting in ctx now (VP_SECRECY_NONE for
//  anyone who is not an officer of the tenant).
int cal_viewer_clearance (cal_service_t *self, const char *officer);

//  Where, in words: the room's name or the place ("" when neither).
void cal_entry_place (cal_service_t *self, const char *tenant, const vp_val_t *entry, char *place, size_t size);

//  Who takes part, in words: "Name, Name (thay Holder), Name (nghỉ phép,
//  Delegate dự thay)". The caller frees.
char *cal_entry_people_text (cal_service_t *self, const vp_val_t *entry);

//  Check start and end (field names as given): end after start, at most
//  CAL_SPAN_MAX apart, in range; the message shows them in zone.
int cal_entry_times (int64_t start, int64_t end, const char *zone, vp_err_t *err);

#endif
