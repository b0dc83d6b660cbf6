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
    const char *actor;      //  "" when absent
    const char *peer;       //  key name of the caller, NULL without CURVE
    void *arg;              //  the server's handler argument
} vp_cmdctx_t;

//  Fill *result (a map the server created) and return 0, or return -1
//  with err set. Handlers never send anything themselves.
typedef int (vp_cmd_fn) (vp_cmdctx_t *ctx, const vp_val_t *args,
                         vp_val_t *result, vp_err_t *err);

typedef struct {
    const char *name;           //  "staffing.tenant.create"
    vp_cmd_fn *fn;
    bool needs_tenant;          //  refuse a request without tenant
} vp_cmd_t;

//  A request with no `cmd`: return a reply map (owned by the server).
typedef vp_val_t *(vp_cmd_raw_fn) (const vp_val_t *request, const char *peer,
                                    void *arg);

typedef struct vp_cmdsrv vp_cmdsrv_t;

vp_cmdsrv_t *vp_cmdsrv_new (const char *service, const char *endpoint,
                            vp_keys_t *keys, vp_err_t *err);
void vp_cmdsrv_destroy (vp_cmdsrv_t **self_p);
//  Table ends with a {NULL} row; args are validated against the proto
//  COMMAND definition of the same name (none: args must be a map).
void vp_cmdsrv_add (vp_cmdsrv_t *self, const vp_cmd_t *table, void *arg);
void vp_cmdsrv_set_raw (vp_cmdsrv_t *self, vp_cmd_raw_fn *fn, void *arg);
//  Add service fields to the `health` result.
void vp_cmdsrv_set_health (vp_cmdsrv_t *self, vp_cmd_fn *fn, void *arg);
void vp_cmdsrv_set_limits (vp_cmdsrv_t *self, const vp_limits_t *limits);
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
//  (the client then reconnects, so the next call starts clean).
int vp_cmdcli_call (vp_cmdcli_t *self, const char *cmd, const char *tenant,
                    const char *actor, vp_val_t *args, int timeout_ms,
                    vp_val_t **result, vp_err_t *err);

//  Send any map and wait for its reply map (for raw requests).
//  The id of the last request vp_cmdcli_call sent: the `corr` of every
//  event the command caused ("" before the first).
const char *vp_cmdcli_last_id (vp_cmdcli_t *self);
int vp_cmdcli_request (vp_cmdcli_t *self, vp_val_t *request, int timeout_ms,
                       vp_val_t **reply, vp_err_t *err);

//  Reply helpers shared by every ROUTER endpoint.
vp_val_t *vp_reply_ok (const char *id, vp_val_t *result);
vp_val_t *vp_reply_error (const char *id, const vp_err_t *err);

#endif
