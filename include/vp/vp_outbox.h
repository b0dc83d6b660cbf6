/*  vp_outbox - the producer side: state change and events in one transaction.

    A service writes its change and the events it causes in one sqlite
    transaction: vp_outbox_add () inside the caller's transaction. The pump
    (vp_outbox_t, run by the service's loop) sends unsent rows to the bus's
    ingest in order, keeps up to `window` (default 1,000) unacknowledged in
    flight, and
    deletes a row once the bus has acknowledged it durably. If the bus is
    down rows wait; unacknowledged rows are sent again (the bus answers an
    id it already has with its existing seq), so a crash of either side
    loses nothing and logs nothing twice.
*/
#ifndef VP_OUTBOX_H_INCLUDED
#define VP_OUTBOX_H_INCLUDED

#include <czmq.h>
#include <sqlite3.h>
#include "vp_err.h"
#include "vp_keys.h"
#include "vp_val.h"

//  The outbox tables; call once after opening the database.
int vp_outbox_schema (sqlite3 *db, vp_err_t *err);

//  Validate and append one envelope (takes ownership) in the caller's
//  transaction.
int vp_outbox_add (sqlite3 *db, vp_val_t *env, vp_err_t *err);

typedef struct vp_outbox vp_outbox_t;

//  A pump over db (the service's own connection) to the ingest endpoint.
vp_outbox_t *vp_outbox_new (sqlite3 *db, const char *ingest, vp_keys_t *keys,
                            vp_err_t *err);
void vp_outbox_destroy (vp_outbox_t **self_p);
void vp_outbox_set_window (vp_outbox_t *self, int window);
//  Seconds without an acknowledgement before in-flight rows are resent.
void vp_outbox_set_timeout (vp_outbox_t *self, int timeout_ms);

//  Register on a loop: the ack socket and a timer that sends what is new.
int vp_outbox_attach (vp_outbox_t *self, zloop_t *loop);
//  Send what is new now (call after committing a transaction that added).
void vp_outbox_kick (vp_outbox_t *self);

//  Rows not yet acknowledged; rows the bus refused for good.
int64_t vp_outbox_depth (vp_outbox_t *self);
int64_t vp_outbox_rejected (vp_outbox_t *self);
int64_t vp_outbox_acked (vp_outbox_t *self);   //  acknowledged since start

#endif
