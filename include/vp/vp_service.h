/*  vp_service - what every service process is made of, once.

    Its database (<data-dir>/<name>.db with the service's migrations, the
    outbox and the cursors), its command server (with `health` and
    `<name>.backup`, an online copy of the database: vp_backup), its outbox
    pump, a consumer of the streams it follows, and one zloop. A command
    that changes something runs in one transaction with the events it
    causes (vp_service_change + vp_service_emit); they are committed
    together and the pump takes them to the bus. An event followed goes
    from the consumer to the handler the service's table names for its
    type (vp_handler_t), with the cursor, in one transaction, under one
    failure policy (vp_service_apply_failed).
*/
#ifndef VP_SERVICE_H_INCLUDED
#define VP_SERVICE_H_INCLUDED

#include "vp_cmd.h"
#include "vp_config.h"
#include "vp_consumer.h"
#include "vp_keys.h"
#include "vp_outbox.h"

//  A handler of one type of event followed, run in the consumer's
//  transaction, in a savepoint of its own. It gets the service's arg
//  (opts.arg), the envelope as the bus published it, its tenant (never
//  empty: an event of no office goes to no handler) and its data (a map).
//  It returns 0 when the event is applied or deliberately ignored; -1
//  with err set when it cannot apply it: err's code decides what happens
//  (vp_service_apply_failed, the one failure policy); -1 with err left
//  VP_OK is a database that failed: the batch is tried again after a pause.
typedef int (vp_event_fn) (void *arg, const vp_val_t *env, const char *tenant,
                           const vp_val_t *data, vp_err_t *err);

//  One row of a service's table of event handlers; the table ends with
//  { NULL }. The first row that names the event's type runs; an event no
//  row names is ignored, deliberately (a stream followed for some of its
//  events).
typedef struct {
    const char *type;           //  VP_T_...; or "*.<event>": that event of every stream
    vp_event_fn *fn;
    //  A field of data without which the event concerns nobody here: an
    //  event without it is ignored (logged, rate-limited); NULL for none.
    const char *needs;
    //  What the handler does is worth doing only soon (people are told):
    //  an event older than opts.stale_ms when it is applied (a service
    //  started on an old log) is ignored. Else it is applied at any age.
    bool timely;
} vp_handler_t;

typedef struct {
    const char *name;                   //  "staffing": its stream, db file, log name
    const char *cmd_endpoint;           //  where its commands are served
    const char *const *migrations;      //  its own schema (vp_db_migrate), or NULL
    //  More tables to make at start (e.g. vp_staff_schema), or NULL.
    int (*schema) (sqlite3 *db, vp_err_t *err);
    //  Streams to follow (NULL-terminated), or NULL for none; each event
    //  to the handler its table names (handlers, NULL-terminated).
    const char *const *follow;
    const vp_handler_t *handlers;
    void *arg;                          //  given to every handler (and to apply)
    //  The service keeps the staffing read model (vp_staff_schema's
    //  tables): every staffing.* event it follows is applied with
    //  vp_staff_apply before its handler runs, and so is every one it
    //  emits (vp-staffing's own), before it goes to the outbox, so that
    //  vp-staffing's tables and every other service's copy are the same code.
    bool staff_model;
    //  How old (ms) an event may be for a handler with .timely; 0: any age.
    int64_t stale_ms;
    //  Every event followed, as it is, before the handlers, in the same
    //  savepoint and with the same return and failure policy, for a
    //  service that forwards its streams rather than handles types
    //  (vp-bridge); NULL for none.
    vp_apply_fn *apply;
    //  Folders of the data folder copied by `<name>.backup` after the
    //  database (files named by their content, vp_backup_files),
    //  NULL-terminated; NULL for none.
    const char *const *backup_folders;
} vp_service_opts_t;

typedef struct vp_service vp_service_t;

vp_service_t *vp_service_new (const vp_config_t *cfg, vp_keys_t *keys,
                              const vp_service_opts_t *opts, vp_err_t *err);
void vp_service_destroy (vp_service_t **self_p);
//  Run until interrupted (SIGINT/SIGTERM).
int vp_service_run (vp_service_t *self);

sqlite3 *vp_service_db (vp_service_t *self);
vp_cmdsrv_t *vp_service_cmdsrv (vp_service_t *self);
zloop_t *vp_service_loop (vp_service_t *self);
//  The consumer of the followed streams (NULL when none).
vp_consumer_t *vp_service_consumer (vp_service_t *self);
const vp_config_t *vp_service_config (vp_service_t *self);

//  The event being applied (inside a handler or `apply`), or NULL.
const vp_val_t *vp_service_cause (vp_service_t *self);

//  What happens to an event followed that a handler cannot apply, for the
//  reason in err: a handler that returns -1 with err set gets it from
//  vp_service; `apply` calls it and returns the -1 it returns. What the
//  handler wrote is undone either way. The one failure policy of every
//  service, by err's code:
//  - invalid_argument, not_found, already_exists, failed_precondition,
//    permission_denied: the event can never be applied as it is. It is
//    parked (table vp_parked: stream, seq, id, type, tenant, code,
//    reason, at) and `<name>.event_failed` is emitted, both in the
//    consumer's transaction with the cursor, which goes on to the next
//    event. vp-notify tells the officer who caused it and the office
//    head; `health` counts what is parked. Parked again (a cursor set
//    back), it is told once.
//  - anything else (unavailable, internal: the database): the batch is
//    rolled back and tried again after a pause, as for a bare -1.
int vp_service_apply_failed (vp_service_t *self, const vp_err_t *err);

//  Add fields of the service's own to `health`.
void vp_service_set_health (vp_service_t *self, vp_cmd_fn *fn, void *arg);

//  Run fn (a command handler that changes something) in one transaction:
//  committed when it returns 0, then the outbox is kicked; rolled back
//  otherwise. The events it emitted are logged with the request's corr.
//  A command whose vp_cmd_t row says `.changes = true` is run this way by
//  the command server itself: the handler does only the work.
int vp_service_change (vp_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
                       vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn);
//  The command being run by vp_service_change (for what it writes on a
//  trail: its principal, role and session), or NULL outside one.
vp_cmdctx_t *vp_service_command (vp_service_t *self);

//  Emit `<name>.<event>` with data (taken) in the change's transaction:
//  envelope with the tenant given, the request's actor (or the caller's
//  key name) and the request id as corr; the staffing read model
//  (staff_model), then the outbox. ctx NULL for an event the service
//  causes by itself (actor = the service): inside a handler, the event
//  keeps the corr of the event being applied, so one flow has one corr
//  from the command that started it to the last event it causes;
//  elsewhere it starts a flow of its own (corr = id). Events emitted
//  inside a handler go to the bus as soon as the consumer's transaction
//  commits.
int vp_service_emit (vp_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
                     const char *event, vp_val_t *data, vp_err_t *err);

//  Before it runs: the service's own stream read back from the bus into
//  recall, from its own cursor to the head (vp_recall), for a service
//  whose acts reach people (mail) to record what was done, so that a
//  rebuilt or restored database does none of it again. The events read,
//  or -1 when interrupted while the bus did not answer.
int64_t vp_service_recall (vp_service_t *self, vp_apply_fn *recall, void *arg);

//  An id of vp_service_next_id's form ("<prefix>-<n>") seen in a recalled
//  event: the counter of prefix in tenant goes past n, so that no id is
//  made twice after a rebuild.
int vp_service_id_seen (vp_service_t *self, const char *tenant, const char *id, vp_err_t *err);

//  The next "<prefix>-<n>" (n counts per prefix and tenant), in the
//  change's transaction.
int vp_service_next_id (vp_service_t *self, const char *tenant, const char *prefix,
                        char *id, size_t size, vp_err_t *err);

#endif
