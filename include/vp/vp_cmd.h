/*  vp_cmd - commands: request/reply on a ROUTER endpoint, and its client.

    Request  {v:1, id, cmd, tenant, actor, args:{...}}
    Reply    {ok:true, id, result:{...}} or {ok:false, id, error:{code, message, field?}}

    A server has a table of commands; each names its args definition in
    proto/, so args are validated before the handler runs, and the handler
    only ever sees valid input. An empty delimiter frame before the request
    (REQ clients) is accepted and mirrored. Every server answers `health`.
    A request that is not a command map at all (no `cmd`) goes to the raw
    handler when one is set (the bus's replay uses this), else is refused.
*/
#ifndef VP_CMD_H_INCLUDED
#define VP_CMD_H_INCLUDED

#include <czmq.h>
#include "vp_codec.h"
#include "vp_err.h"
#include "vp_keys.h"
#include "vp_proto.h"
#include "vp_val.h"

typedef struct {
    const char *cmd;        //  command name
    const char *id;         //  request id (the corr of what it causes)
    const char *tenant;     //  "" when absent
    //  The acting officer: for an officer's key, the key's officer
    //  whatever the request says; otherwise the request's (checked by
    //  the access rule of the command before its handler runs). "" when
    //  none (a service or an admin acting as itself).
    const char *actor;
    const char *peer;       //  key name of the caller, NULL without CURVE
    const char *role;       //  its role (vp_keys.h), NULL without CURVE
    const char *session;    //  a gateway's session for the audit trail, "" when none
    void *arg;              //  the server's handler argument
    //  Set by a handler whose change waits for the batch's commit
    //  (vp_service_change): its reply goes after the commit, or the commit's
    //  failure instead.
    bool changed;
    struct vp_cmdsrv *server;   //  the server that runs it (vp_cmd_change)
} vp_cmdctx_t;

//  Fill *result (a map the server created) and return 0, or return -1
//  with err set. Handlers never send anything themselves.
typedef int (vp_cmd_fn) (vp_cmdctx_t *ctx, const vp_val_t *args,
                         vp_val_t *result, vp_err_t *err);

//  Who may run a command (SECURITY.md §1). The server checks the key's
//  role itself; what needs the staffing read model (is the actor an active
//  officer of the tenant, its office head) is the access hook's.
typedef enum {
    //  Office work: an active officer of the tenant acts, through their
    //  own key or a gateway's session. The default: a table row that says
    //  nothing is the strictest.
    VP_ACCESS_OFFICE = 0,
    //  Reading the directory of the commune (staffing's lists): its
    //  officers, an admin of it, or a service.
    VP_ACCESS_DIRECTORY,
    //  Set-up of a commune: an admin key (district-wide or the tenant's),
    //  or an officer acting as the commune's office head.
    VP_ACCESS_SETUP,
    //  Set-up of the district (a new commune): a district-wide admin key.
    VP_ACCESS_DISTRICT,
    //  Operation: health, backup, stats; any allowed key, operators too.
    VP_ACCESS_OPS,
    //  The gateway's own business before anyone acts (signing in): a
    //  gateway key (or a service), no session or actor yet.
    VP_ACCESS_GATEWAY
} vp_access_t;

typedef struct {
    const char *name;           //  "staffing.tenant.create"
    vp_cmd_fn *fn;
    bool needs_tenant;          //  refuse a request without tenant
    vp_access_t access;         //  who may run it
    //  It changes state: the server runs it through its change hook
    //  (vp_cmdsrv_set_change; vp_service's runs it in the service's
    //  transaction with its events, grouped with the commands read with
    //  it), so the handler only does the work.
    bool changes;
} vp_cmd_t;

//  The checks of an access rule that need the service's own data, after
//  the role's: 0, or -1 with permission_denied naming the actor.
typedef int (vp_cmd_access_fn) (vp_cmdctx_t *ctx, vp_access_t access, void *arg, vp_err_t *err);

//  A request with no `cmd`: return a reply map (owned by the server).
typedef vp_val_t *(vp_cmd_raw_fn) (const vp_val_t *request, const char *peer,
                                    void *arg);

typedef struct vp_cmdsrv vp_cmdsrv_t;

//  roles: the key roles let in (vp_sockopts_t.roles), NULL for every known key.
vp_cmdsrv_t *vp_cmdsrv_new (const char *service, const char *endpoint,
                            vp_keys_t *keys, const char *roles, vp_err_t *err);
void vp_cmdsrv_destroy (vp_cmdsrv_t **self_p);
//  Table ends with a {NULL} row; args are validated against the proto
//  COMMAND definition of the same name (none: args must be a map).
void vp_cmdsrv_add (vp_cmdsrv_t *self, const vp_cmd_t *table, void *arg);
void vp_cmdsrv_set_raw (vp_cmdsrv_t *self, vp_cmd_raw_fn *fn, void *arg);
//  Add service fields to the `health` result.
void vp_cmdsrv_set_health (vp_cmdsrv_t *self, vp_cmd_fn *fn, void *arg);
void vp_cmdsrv_set_limits (vp_cmdsrv_t *self, const vp_limits_t *limits);
//  The access hook (vp_service sets it from the staffing read model). A
//  server without one (the bus) serves VP_ACCESS_OPS commands only.
void vp_cmdsrv_set_access (vp_cmdsrv_t *self, vp_cmd_access_fn *fn, void *arg);

//  Group commit (vp_service sets it): the requests waiting on the socket,
//  at most `most` (1: one at a time; at most VP_CMD_BATCH_MAX), run
//  between begin and end, which commits what they changed; every reply is
//  sent after end.
#define VP_CMD_BATCH_MAX 64
typedef void (vp_cmd_batch_fn) (void *arg);
//  Run fn, a command that changes state (vp_cmd_t.changes), as the
//  owner of the state wants it run.
typedef int (vp_cmd_change_fn) (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result,
                                vp_err_t *err, vp_cmd_fn *fn, void *arg);
void vp_cmdsrv_set_change (vp_cmdsrv_t *self, vp_cmd_change_fn *fn, void *arg);
//  Run fn through the server's change hook from a handler that changes
//  state only sometimes (a first view, a first download), so that its
//  table row need not say `.changes` for the times it only reads.
int vp_cmd_change (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result,
                   vp_err_t *err, vp_cmd_fn *fn);
typedef int (vp_cmd_commit_fn) (void *arg, vp_err_t *err);
void vp_cmdsrv_set_batch (vp_cmdsrv_t *self, vp_cmd_batch_fn *begin, vp_cmd_commit_fn *end, void *arg, int most);
int vp_cmdsrv_attach (vp_cmdsrv_t *self, zloop_t *loop);
//  Distinct callers seen in the last minute.
int64_t vp_cmdsrv_peers (vp_cmdsrv_t *self);
zsock_t *vp_cmdsrv_sock (vp_cmdsrv_t *self);

typedef struct vp_cmdcli vp_cmdcli_t;

//  A client of the server at endpoint whose key is named server_name.
vp_cmdcli_t *vp_cmdcli_new (const char *endpoint, vp_keys_t *keys,
                            const char *server_name, vp_err_t *err);
void vp_cmdcli_destroy (vp_cmdcli_t **self_p);
//  Limits for decoding answers (default: the process's, two levels deeper
//  so that a replay answer can hold envelopes as deep as ingest allows).
void vp_cmdcli_set_limits (vp_cmdcli_t *self, const vp_limits_t *limits);

//  Call a command and wait up to timeout_ms. Takes ownership of args
//  (NULL: empty map). On success *result is the result map (caller frees).
//  On failure err holds the server's error, or `unavailable` on timeout
//  (the client then reconnects, so the next call starts clean). A call
//  with no answer in time is sent again with the same request id (once
//  by default), which a service answers without doing it twice.
int vp_cmdcli_call (vp_cmdcli_t *self, const char *cmd, const char *tenant,
                    const char *actor, vp_val_t *args, int timeout_ms,
                    vp_val_t **result, vp_err_t *err);

//  The id of the last request vp_cmdcli_call sent: the `corr` of every
//  event the command caused ("" before the first).
const char *vp_cmdcli_last_id (vp_cmdcli_t *self);
//  Whether the last vp_cmdcli_call got the service's reply (false: it
//  could not be sent or nothing came back in time, even when asked twice).
bool vp_cmdcli_answered (vp_cmdcli_t *self);
//  Send any map and wait for its reply map (for raw requests).
int vp_cmdcli_request (vp_cmdcli_t *self, vp_val_t *request, int timeout_ms,
                       vp_val_t **reply, vp_err_t *err);
//  The session every later call names (a gateway's: the signed-in
//  officer's session id), or NULL for none.
void vp_cmdcli_set_session (vp_cmdcli_t *self, const char *session);
//  The next vp_cmdcli_call sends this request id (a valid ULID) instead
//  of a new one: a form's, made when the page was, so that the form sent
//  twice is done once (vp_request). NULL or an invalid id: a new one.
void vp_cmdcli_use_id (vp_cmdcli_t *self, const char *id);
//  How many times a call with no answer is sent again (default 1; 0: never).
void vp_cmdcli_set_retries (vp_cmdcli_t *self, int retries);

//  Calls in a row without waiting for each answer (a file's chunks): the
//  next is on its way while the service does the last. vp_cmdcli_send
//  sends one (taking args; at most VP_CMDCLI_WINDOW wait at once);
//  vp_cmdcli_collect waits for the answer to the oldest sent and not yet
//  collected, with vp_cmdcli_call's result and errors. Answers come in the
//  order of the calls (one connection, one server thread). Not sent again
//  when none comes: every call still due is then lost (vp_cmdcli_pending
//  says 0) and the caller starts again from what it knows was done.
#define VP_CMDCLI_WINDOW 8
int vp_cmdcli_send (vp_cmdcli_t *self, const char *cmd, const char *tenant,
                    const char *actor, vp_val_t *args, vp_err_t *err);
int vp_cmdcli_collect (vp_cmdcli_t *self, int timeout_ms, vp_val_t **result,
                       vp_err_t *err);
int vp_cmdcli_pending (vp_cmdcli_t *self);

//  Reply helpers shared by every ROUTER endpoint.
vp_val_t *vp_reply_ok (const char *id, vp_val_t *result);
vp_val_t *vp_reply_error (const char *id, const vp_err_t *err);

#endif
