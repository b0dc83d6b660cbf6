/*  vp_consumer - the consumer side: apply each event once, lose none.

    The consumer keeps cursor(stream, seq) in the service's own database and
    applies each event and its cursor in one transaction (many events per
    transaction when they arrive together). It subscribes to the bus's
    publish endpoint and, on start, on a gap (seq != cursor + 1) and when a
    heartbeat shows a head past its cursor, fetches the missing range from
    replay before going on live. Events at or below the cursor are skipped,
    so a redelivered event is never applied twice.
*/
#ifndef VP_CONSUMER_H_INCLUDED
#define VP_CONSUMER_H_INCLUDED

#include <czmq.h>
#include <sqlite3.h>
#include "vp_err.h"
#include "vp_keys.h"
#include "vp_val.h"

//  Apply one event (the envelope as the bus published it) inside the
//  consumer's transaction. Return 0 when applied or deliberately ignored;
//  -1 to roll back the batch and try again later (after a pause).
typedef int (vp_apply_fn) (sqlite3 *db, const vp_val_t *env, void *arg);

typedef struct vp_consumer vp_consumer_t;

//  The cursor table; call once after opening the database.
int vp_consumer_schema (sqlite3 *db, vp_err_t *err);

//  With db NULL the consumer keeps its cursors in memory only (a monitor
//  that starts where it is told): apply gets db NULL and there are no
//  transactions, but delivery is the same: in order, no gap, no repeat.
vp_consumer_t *vp_consumer_new (sqlite3 *db, const char *pub_endpoint,
                                const char *replay_endpoint, vp_keys_t *keys,
                                vp_apply_fn *apply, void *arg, vp_err_t *err);
void vp_consumer_destroy (vp_consumer_t **self_p);

//  Follow one stream (all its events), from the stored cursor.
int vp_consumer_follow (vp_consumer_t *self, const char *stream);
//  Follow one stream from seq `first` on (first 1: everything logged),
//  whatever the stored cursor says.
int vp_consumer_follow_from (vp_consumer_t *self, const char *stream, int64_t first);
//  Receive high-water mark of the subscription (before attach).
void vp_consumer_set_hwm (vp_consumer_t *self, int hwm);
//  Most events one transaction applies (default 1000).
void vp_consumer_set_batch (vp_consumer_t *self, int batch);

//  Called after each transaction that applied events is committed (e.g. to
//  send at once the events the handlers emitted); NULL for none.
typedef void (vp_commit_fn) (void *arg);
void vp_consumer_set_on_commit (vp_consumer_t *self, vp_commit_fn *fn, void *arg);

//  Called once per transaction, after every event of it was applied and
//  before the cursors are written: returning -1 (err says why) rolls the
//  batch back, to be tried again after a pause, so the cursor moves only
//  past what fn confirmed (vp-bridge: JetStream acknowledged each
//  publish). NULL for none.
typedef int (vp_precommit_fn) (void *arg, vp_err_t *err);
void vp_consumer_set_before_commit (vp_consumer_t *self, vp_precommit_fn *fn, void *arg);

int vp_consumer_attach (vp_consumer_t *self, zloop_t *loop);

//  The stored cursor of a stream (0 when none), and the last head seen.
int64_t vp_consumer_cursor (vp_consumer_t *self, const char *stream);
int64_t vp_consumer_head (vp_consumer_t *self, const char *stream);
//  Events applied since start, and replay requests made.
int64_t vp_consumer_applied (vp_consumer_t *self);
int64_t vp_consumer_replays (vp_consumer_t *self);
//  A heartbeat came in the last 3 s.
bool vp_consumer_connected (vp_consumer_t *self);
//  Cursors and heads as a map {stream: {cursor, head}} for health.
vp_val_t *vp_consumer_status (vp_consumer_t *self);

#endif
