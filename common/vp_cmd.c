/*  vp_cmd - command server and client over ROUTER/DEALER. */
#include <string.h>
#include "vp/vp_clock.h"
#include "vp/vp_cmd.h"
#include "vp/vp_db.h"
#include "vp/vp_id.h"
#include "vp/vp_log.h"

extern const vp_msgdef_t vp_proto_request;

#define S_MAX_TABLES 64

typedef struct {
    const vp_cmd_t *table;
    void *arg;
} s_table_t;

struct vp_cmdsrv {
    char service[32];
    zsock_t *sock;
    vp_limits_t limits;
    s_table_t tables[S_MAX_TABLES];
    int ntables;
    vp_cmd_raw_fn *raw;
    void *raw_arg;
    vp_cmd_fn *health;
    void *health_arg;
    vp_cmd_access_fn *access;
    void *access_arg;
    vp_cmd_batch_fn *batch_begin;
    vp_cmd_commit_fn *batch_end;
    void *batch_arg;
    vp_cmd_change_fn *change;
    void *change_arg;
    int batch_max;
    int64_t started;
    vp_ratelimit_t refusals;
    zhashx_t *peers;            //  hex identity -> mono ms last seen (as a pointer-sized int)
    zloop_t *loop;              //  while attached
};

#define S_PEER_TTL_MS 60000

vp_val_t *
vp_reply_ok (const char *id, vp_val_t *result)
{
    vp_val_t *reply = vp_val_map ();
    vp_map_put_bool (reply, "ok", true);
    if (id)
        vp_map_put_str (reply, "id", id);
    vp_map_put (reply, "result", result ? result : vp_val_map ());
    return reply;
}

vp_val_t *
vp_reply_error (const char *id, const vp_err_t *err)
{
    vp_val_t *reply = vp_val_map ();
    vp_map_put_bool (reply, "ok", false);
    if (id)
        vp_map_put_str (reply, "id", id);
    vp_val_t *error = vp_val_map ();
    vp_map_put_str (error, "code", vp_code_name (err->code ? err->code : VP_E_INTERNAL));
    vp_map_put_str (error, "message", err->message);
    if (*err->field)
        vp_map_put_str (error, "field", err->field);
    if (err->retry_after_ms > 0)
        vp_map_put_int (error, "retry_after_ms", err->retry_after_ms);
    vp_map_put (reply, "error", error);
    return reply;
}

vp_cmdsrv_t *
vp_cmdsrv_new (const char *service, const char *endpoint, vp_keys_t *keys, const char *roles, vp_err_t *err)
{
    vp_sockopts_t opts = { .roles = roles };
    zsock_t *sock = vp_sock_bind_opts (keys, ZMQ_ROUTER, endpoint, &opts, err);
    if (!sock)
        return NULL;
    vp_cmdsrv_t *self = (vp_cmdsrv_t *) zmalloc (sizeof (vp_cmdsrv_t));
    snprintf (self->service, sizeof self->service, "%s", service);
    self->sock = sock;
    self->limits = vp_limits_default ();
    self->started = vp_clock_mono ();
    self->refusals = (vp_ratelimit_t) VP_RATELIMIT_INIT (10);
    zsock_set_router_mandatory (sock, 0);
    self->peers = zhashx_new ();
    zhashx_set_destructor (self->peers, NULL);
    zhashx_set_duplicator (self->peers, NULL);
    return self;
}

void
vp_cmdsrv_destroy (vp_cmdsrv_t **self_p)
{
    vp_cmdsrv_t *self = *self_p;
    if (!self)
        return;
    if (self->loop)
        zloop_reader_end (self->loop, self->sock);
    zsock_destroy (&self->sock);
    zhashx_destroy (&self->peers);
    free (self);
    *self_p = NULL;
}

int64_t
vp_cmdsrv_peers (vp_cmdsrv_t *self)
{
    int64_t now = vp_clock_mono ();
    zlistx_t *keys = zhashx_keys (self->peers);
    int64_t live = 0;
    for (const char *key = (const char *) zlistx_first (keys); key; key = (const char *) zlistx_next (keys)) {
        intptr_t seen = (intptr_t) zhashx_lookup (self->peers, key);
        if (now - (int64_t) seen > S_PEER_TTL_MS)
            zhashx_delete (self->peers, key);
        else
            live++;
    }
    zlistx_destroy (&keys);
    return live;
}

void
vp_cmdsrv_add (vp_cmdsrv_t *self, const vp_cmd_t *table, void *arg)
{
    //  A program error, not an input's: stop loudly (assert is off in
    //  release builds, and a table past the end would corrupt the server).
    if (self->ntables >= S_MAX_TABLES) {
        vp_error ("%s: more than %d command tables", self->service, S_MAX_TABLES);
        abort ();
    }
    self->tables[self->ntables++] = (s_table_t) { table, arg };
}

void vp_cmdsrv_set_raw (vp_cmdsrv_t *self, vp_cmd_raw_fn *fn, void *arg) { self->raw = fn; self->raw_arg = arg; }
void vp_cmdsrv_set_health (vp_cmdsrv_t *self, vp_cmd_fn *fn, void *arg) { self->health = fn; self->health_arg = arg; }
void vp_cmdsrv_set_limits (vp_cmdsrv_t *self, const vp_limits_t *limits) { self->limits = *limits; }
void vp_cmdsrv_set_access (vp_cmdsrv_t *self, vp_cmd_access_fn *fn, void *arg) { self->access = fn; self->access_arg = arg; }

void
vp_cmdsrv_set_batch (vp_cmdsrv_t *self, vp_cmd_batch_fn *begin, vp_cmd_commit_fn *end, void *arg, int most)
{
    self->batch_begin = begin;
    self->batch_end = end;
    self->batch_arg = arg;
    self->batch_max = most;
}
void vp_cmdsrv_set_change (vp_cmdsrv_t *self, vp_cmd_change_fn *fn, void *arg) { self->change = fn; self->change_arg = arg; }

int
vp_cmd_change (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn)
{
    vp_cmdsrv_t *self = ctx->server;
    if (!self || !self->change)
        return vp_err_set (err, VP_E_INTERNAL, "cmd", "%s changes state but has no change hook", ctx->cmd);
    return self->change (ctx, args, result, err, fn, self->change_arg);
}
zsock_t *vp_cmdsrv_sock (vp_cmdsrv_t *self) { return self->sock; }

static void
s_send (zsock_t *sock, zframe_t *identity, bool delimiter, vp_val_t **reply_p)
{
    size_t size = 0;
    char *body = vp_encode (*reply_p, &size);
    vp_val_destroy (reply_p);
    zmsg_t *msg = zmsg_new ();
    zmsg_append (msg, &identity);
    if (delimiter)
        zmsg_addmem (msg, "", 0);
    zmsg_addmem (msg, body, size);
    free (body);
    zmsg_send (&msg, sock);
}

static const vp_cmd_t *
s_lookup (vp_cmdsrv_t *self, const char *name, void **arg)
{
    for (int t = 0; t < self->ntables; t++)
        for (const vp_cmd_t *c = self->tables[t].table; c->name; c++)
            if (strcmp (c->name, name) == 0) {
                *arg = self->tables[t].arg;
                return c;
            }
    return NULL;
}

static const char *const s_access_names[] = { "office", "directory", "setup", "district", "ops", "gateway" };

static int
s_health (vp_cmdsrv_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    //  Asked for: every command served and who may run it (the access
    //  matrix's test reads the rules from here).
    if (vp_map_bool (args, "commands", false)) {
        vp_val_t *commands = vp_val_map ();
        for (int t = 0; t < self->ntables; t++)
            for (const vp_cmd_t *c = self->tables[t].table; c->name; c++)
                vp_map_put_str (commands, c->name, s_access_names[c->access]);
        vp_map_put (result, "commands", commands);
    }
    vp_map_put_str (result, "status", "ok");
    vp_map_put_str (result, "service", self->service);
    vp_map_put_str (result, "version", VP_VERSION);
    vp_map_put_int (result, "uptime_ms", vp_clock_mono () - self->started);
    if (self->health) {
        ctx->arg = self->health_arg;
        return self->health (ctx, NULL, result, err);
    }
    return 0;
}

//  The rule of the caller's key for a command (SECURITY.md §1), before
//  anything of the request is believed: an officer's key acts as its
//  officer, in its tenant; a gateway acts for a session; an operator only
//  operates; an admin only sets up, in its tenant when it has one.
static int
s_role_check (vp_cmdctx_t *ctx, const char *key_tenant, vp_access_t access, vp_err_t *err)
{
    const char *role = ctx->role;
    if (!ctx->peer)
        return 0;       //  no CURVE: development on loopback, claims are believed
    if (!role)
        return vp_err_set (err, VP_E_UNAUTHENTICATED, "", "key %s has no role", ctx->peer);
    if (strcmp (role, "service") == 0)
        return 0;
    //  Operation (stats, backups, scans, parked events) is for the
    //  operators' and the district-wide admins' keys: a backup or a parked
    //  event holds every commune's data, so a commune's admin key has none
    //  of it. Health is everyone's (vp_cmd).
    if (access == VP_ACCESS_OPS) {
        if (strcmp (role, "operator") == 0 || (strcmp (role, "admin") == 0 && !key_tenant))
            return 0;
        if (strcmp (role, "admin") == 0)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "cmd",
                               "%s is for operators and the district's admin: admin key %s is tenant \"%s\"'s",
                               ctx->cmd, ctx->peer, key_tenant);
        return vp_err_set (err, VP_E_PERMISSION_DENIED, "cmd", "%s is for operators: key %s is an %s's",
                           ctx->cmd, ctx->peer, role);
    }
    if (access == VP_ACCESS_GATEWAY)
        return strcmp (role, "gateway") == 0 ? 0
             : vp_err_set (err, VP_E_PERMISSION_DENIED, "cmd", "%s is vp-web's (a gateway key), not key %s's",
                           ctx->cmd, ctx->peer);
    if (strcmp (role, "operator") == 0)
        return vp_err_set (err, VP_E_PERMISSION_DENIED, "cmd",
                           "key %s is an operator's: health, stats, replay and backup only, not %s",
                           ctx->peer, ctx->cmd);
    if (strcmp (role, "officer") == 0) {
        if (*ctx->actor && strcmp (ctx->actor, ctx->peer) != 0)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "actor",
                               "key %s is officer %s's own: it cannot act as \"%s\"", ctx->peer, ctx->peer,
                               ctx->actor);
        if (key_tenant && *ctx->tenant && strcmp (ctx->tenant, key_tenant) != 0)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "tenant",
                               "officer %s is of tenant \"%s\", not \"%s\"", ctx->peer, key_tenant, ctx->tenant);
        if (access == VP_ACCESS_DISTRICT)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "cmd", "%s is for the district's admin", ctx->cmd);
        ctx->actor = ctx->peer;
        return 0;
    }
    if (strcmp (role, "gateway") == 0) {
        if (!*ctx->session)
            return vp_err_set (err, VP_E_UNAUTHENTICATED, "session",
                               "gateway %s sent %s without the session it acts for", ctx->peer, ctx->cmd);
        if (access == VP_ACCESS_DISTRICT)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "cmd", "%s is for the district's admin", ctx->cmd);
        return 0;       //  the actor is checked like an officer's (vp_access)
    }
    if (strcmp (role, "admin") == 0) {
        if (*ctx->actor && strcmp (ctx->actor, ctx->peer) != 0)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "actor",
                               "key %s is an admin's: it acts as itself, not as \"%s\"", ctx->peer, ctx->actor);
        ctx->actor = ctx->peer;
        if (access == VP_ACCESS_OFFICE)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "cmd",
                               "key %s is an admin's: set-up only, not office work (%s)", ctx->peer, ctx->cmd);
        if (key_tenant && (access == VP_ACCESS_DISTRICT || strcmp (ctx->tenant, key_tenant) != 0))
            return vp_err_set (err, VP_E_PERMISSION_DENIED, "tenant",
                               "admin key %s sets up tenant \"%s\" only, not %s%s%s", ctx->peer, key_tenant,
                               *ctx->tenant ? "\"" : "the district", ctx->tenant, *ctx->tenant ? "\"" : "");
        return 0;
    }
    return vp_err_set (err, VP_E_PERMISSION_DENIED, "", "key %s of role %s may not run %s", ctx->peer, role,
                       ctx->cmd);
}

//  A refusal's message as the log keeps it. An invalid argument's message
//  quotes what the caller sent, which may be a secret document's text
//  (SECURITY.md §2): the caller is told it, the log keeps the words
//  around it, each quoted value "…" (one cut short elides to the end).
static const char *
s_logged (const vp_err_t *err, char *out, size_t size)
{
    if (err->code != VP_E_INVALID_ARGUMENT)
        return err->message;
    size_t n = 0;
    bool quoted = false;
    for (const char *p = err->message; *p && n + 5 < size; p++) {
        if (quoted && *p == '\\' && p[1])
            p++;
        else
        if (*p == '"') {
            if (!quoted) {
                memcpy (out + n, "\"…", 4);
                n += 4;
            }
            else
                out[n++] = '"';
            quoted = !quoted;
        }
        else
        if (!quoted)
            out[n++] = *p;
    }
    out[n] = 0;
    return out;
}

//  Run one decoded request; returns the reply map, and whether the
//  request changed something (its reply then waits for the batch's commit).
static vp_val_t *
s_dispatch (vp_cmdsrv_t *self, vp_val_t *request, zframe_t *frame, bool *changed)
{
    vp_err_t err = { 0 };
    const char *id = vp_map_str (request, "id");
    if (vp_proto_validate (&vp_proto_request, request, &err))
        return vp_reply_error (id, &err);
    const char *name = vp_map_str (request, "cmd");
    vp_cmdctx_t ctx = {
        .cmd = name, .id = id,
        .tenant = vp_map_str (request, "tenant") ? vp_map_str (request, "tenant") : "",
        .actor = vp_map_str (request, "actor") ? vp_map_str (request, "actor") : "",
        .session = vp_map_str (request, "session") ? vp_map_str (request, "session") : "",
        .peer = vp_peer_name (frame), .role = vp_peer_role (frame),
        .server = self
    };
    vp_val_t *args = vp_map_get (request, "args");
    vp_val_t *empty = NULL;
    if (!args)
        args = empty = vp_val_map ();
    vp_val_t *result = vp_val_map ();
    int rc;
    if (strcmp (name, "health") == 0)
        rc = s_health (self, &ctx, args, result, &err);
    else {
        const vp_cmd_t *cmd = s_lookup (self, name, &ctx.arg);
        const vp_msgdef_t *def = cmd ? vp_proto_find (name, VP_KIND_COMMAND) : NULL;
        if (!cmd)
            rc = vp_err_set (&err, VP_E_INVALID_ARGUMENT, "cmd",
                             "cmd \"%s\" is not a command of %s", name, self->service);
        else
        if (cmd->needs_tenant && !*ctx.tenant)
            rc = vp_err_set (&err, VP_E_INVALID_ARGUMENT, "tenant",
                             "tenant is required for %s", name);
        else
        if (s_role_check (&ctx, vp_peer_tenant (frame), cmd->access, &err))
            rc = -1;
        else
        if (cmd->access != VP_ACCESS_OPS && !self->access && ctx.peer && strcmp (ctx.role, "service") != 0)
            rc = vp_err_set (&err, VP_E_PERMISSION_DENIED, "cmd", "%s serves operation only", self->service);
        else
        if (cmd->access != VP_ACCESS_OPS && self->access && self->access (&ctx, cmd->access, self->access_arg, &err))
            rc = -1;
        else
        if (def && vp_proto_validate (def, args, &err)) {
            vp_err_prefix (&err, "args");
            rc = -1;
        }
        else
        if (cmd->changes && !self->change)
            rc = vp_err_set (&err, VP_E_INTERNAL, "cmd", "%s changes state but %s has no change hook", name, self->service);
        else
            rc = cmd->changes ? self->change (&ctx, args, result, &err, cmd->fn, self->change_arg)
                              : cmd->fn (&ctx, args, result, &err);
    }
    *changed = ctx.changed;
    vp_val_destroy (&empty);
    if (rc) {
        vp_val_destroy (&result);
        if (err.code == VP_OK)
            vp_err_set (&err, VP_E_INTERNAL, "", "%s failed without saying why", name);
        char logged[sizeof err.message + 8];
        vp_log (err.code == VP_E_INTERNAL || err.code == VP_E_UNAVAILABLE ? VP_LOG_ERROR : VP_LOG_INFO,
                ctx.tenant, id, "%s refused: %s: %s", name, vp_code_name (err.code),
                s_logged (&err, logged, sizeof logged));
        return vp_reply_error (id, &err);
    }
    return vp_reply_ok (id, result);
}

//  One request read off the socket, and its reply until it is sent.
typedef struct {
    zframe_t *identity;
    bool delimiter;
    bool changed;
    vp_val_t *reply;
} s_pending_t;

//  Decode and run one message into p.
static void
s_handle (vp_cmdsrv_t *self, zmsg_t *msg, s_pending_t *p)
{
    zframe_t *identity = zmsg_pop (msg);
    zframe_t *body = zmsg_pop (msg);
    bool delimiter = false;
    if (body && zframe_size (body) == 0 && zmsg_size (msg) > 0) {
        zframe_destroy (&body);
        body = zmsg_pop (msg);
        delimiter = true;
    }
    if (identity) {
        char *key = zframe_strhex (identity);
        zhashx_update (self->peers, key, (void *) (intptr_t) vp_clock_mono ());
        free (key);
    }
    vp_val_t *reply = NULL;
    vp_val_t *request = NULL;
    vp_err_t err = { 0 };
    bool changed = false;
    if (!identity || !body || zmsg_size (msg) > 0)
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "", "a request is exactly one msgpack frame");
    else
        vp_decode (zframe_data (body), zframe_size (body), &self->limits, &request, &err);
    if (!request) {
        int held = 0;
        if (vp_ratelimit_ok (&self->refusals, &held))
            vp_warn ("refused a request: %s%s", err.message, held ? " (and others held back)" : "");
        reply = vp_reply_error (NULL, &err);
    }
    else {
        if (vp_val_type (request) == VP_MAP && !vp_map_get (request, "cmd") && self->raw)
            reply = self->raw (request, vp_peer_name (body), self->raw_arg);
        else
            reply = s_dispatch (self, request, body, &changed);
    }
    vp_val_destroy (&request);
    zframe_destroy (&body);
    *p = (s_pending_t) { identity, delimiter, changed, reply };
}

//  Every request waiting on the socket, up to the batch's size, is run in
//  one transaction of the service (each change in a savepoint of its own:
//  vp_service_change), so that one commit, one fsync, makes them all
//  durable; then every reply goes, none before the commit. When the commit
//  fails, each request that changed something gets that failure instead.
static int
s_on_request (zloop_t *loop, zsock_t *sock, void *arg)
{
    vp_cmdsrv_t *self = (vp_cmdsrv_t *) arg;
    s_pending_t pending[VP_CMD_BATCH_MAX];
    int n = 0;
    int most = self->batch_max > 0 && self->batch_max <= VP_CMD_BATCH_MAX ? self->batch_max : VP_CMD_BATCH_MAX;
    if (self->batch_begin)
        self->batch_begin (self->batch_arg);
    while (n < most) {
        if (n > 0 && !(zsock_events (sock) & ZMQ_POLLIN))
            break;
        zmsg_t *msg = zmsg_recv (sock);
        if (!msg)
            break;
        s_handle (self, msg, &pending[n++]);
        zmsg_destroy (&msg);
    }
    vp_err_t err = { 0 };
    if (self->batch_end && self->batch_end (self->batch_arg, &err))
        for (int i = 0; i < n; i++)
            if (pending[i].changed) {
                const char *id = vp_map_str (pending[i].reply, "id");
                vp_val_t *failed = vp_reply_error (id, &err);
                vp_val_destroy (&pending[i].reply);
                pending[i].reply = failed;
            }
    for (int i = 0; i < n; i++) {
        if (pending[i].identity)
            s_send (sock, pending[i].identity, pending[i].delimiter, &pending[i].reply);
        else
            vp_val_destroy (&pending[i].reply);
    }
    return 0;
}

int
vp_cmdsrv_attach (vp_cmdsrv_t *self, zloop_t *loop)
{
    self->loop = loop;
    return zloop_reader (loop, self->sock, s_on_request, self);
}

//  --------------------------------------------------------------------------
//  Client

struct vp_cmdcli {
    char endpoint[256];
    char server[64];
    vp_keys_t *keys;
    zsock_t *sock;
    vp_limits_t limits;
    char last_id[VP_ID_LEN + 1];    //  of the last vp_cmdcli_call
    bool answered;                  //  the last vp_cmdcli_call got a reply
    char next_id[VP_ID_LEN + 1];    //  the next call's, when given (vp_cmdcli_use_id)
    //  Calls sent by vp_cmdcli_send and not yet collected, oldest first.
    char pending[VP_CMDCLI_WINDOW][VP_ID_LEN + 1];
    int npending, first;
    char *session;                  //  named in every call, or NULL
    int retries;                    //  times a call with no answer is sent again
};

static int
s_connect (vp_cmdcli_t *self, vp_err_t *err)
{
    zsock_destroy (&self->sock);
    self->sock = vp_sock_connect (self->keys, ZMQ_DEALER, self->endpoint, self->server, err);
    return self->sock ? 0 : -1;
}

vp_cmdcli_t *
vp_cmdcli_new (const char *endpoint, vp_keys_t *keys, const char *server_name, vp_err_t *err)
{
    vp_cmdcli_t *self = (vp_cmdcli_t *) zmalloc (sizeof (vp_cmdcli_t));
    snprintf (self->endpoint, sizeof self->endpoint, "%s", endpoint);
    snprintf (self->server, sizeof self->server, "%s", server_name ? server_name : "");
    self->keys = keys;
    self->limits = vp_limits_default ();
    self->limits.max_depth += 2;
    self->retries = 1;
    if (s_connect (self, err)) {
        free (self);
        return NULL;
    }
    return self;
}

void vp_cmdcli_set_limits (vp_cmdcli_t *self, const vp_limits_t *limits) { self->limits = *limits; }

void
vp_cmdcli_destroy (vp_cmdcli_t **self_p)
{
    vp_cmdcli_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy (&self->sock);
    free (self->session);
    free (self);
    *self_p = NULL;
}

void vp_cmdcli_set_retries (vp_cmdcli_t *self, int retries) { self->retries = retries; }

void
vp_cmdcli_use_id (vp_cmdcli_t *self, const char *id)
{
    snprintf (self->next_id, sizeof self->next_id, "%s", id && vp_id_valid (id) ? id : "");
}

void
vp_cmdcli_set_session (vp_cmdcli_t *self, const char *session)
{
    free (self->session);
    self->session = session ? strdup (session) : NULL;
}

//  Sends a request (taking it); 0, or -1 with err (the socket is made again).
static int
s_cli_send (vp_cmdcli_t *self, vp_val_t *request, vp_err_t *err)
{
    size_t size = 0;
    char *body = vp_encode (request, &size);
    vp_val_destroy (&request);
    if (!self->sock && s_connect (self, err)) {
        free (body);
        return -1;
    }
    zframe_t *frame = zframe_new (body, size);
    free (body);
    if (zframe_send (&frame, self->sock, ZFRAME_DONTWAIT)) {
        zframe_destroy (&frame);
        s_connect (self, NULL);
        return vp_err_set (err, VP_E_UNAVAILABLE, "", "cannot send to %s", self->endpoint);
    }
    return 0;
}

//  Waits for the reply to the request of id want (any reply when want is
//  empty); answers to other requests are dropped.
static int
s_cli_wait (vp_cmdcli_t *self, const char *want, int timeout_ms, vp_val_t **reply, vp_err_t *err)
{
    int64_t deadline = vp_clock_mono () + timeout_ms;
    zpoller_t *poller = zpoller_new (self->sock, NULL);
    int rc = -1;
    while (true) {
        int64_t left = deadline - vp_clock_mono ();
        if (left <= 0 || !zpoller_wait (poller, (int) left)) {
            if (zpoller_terminated (poller))
                vp_err_set (err, VP_E_UNAVAILABLE, "", "interrupted");
            else
                vp_err_set (err, VP_E_UNAVAILABLE, "",
                            "no answer from %s within %d ms", self->endpoint, timeout_ms);
            zpoller_destroy (&poller);
            s_connect (self, NULL);     //  drop what may still come late
            self->npending = 0;         //  and with it the answers still due
            return -1;
        }
        zmsg_t *msg = zmsg_recv (self->sock);
        zframe_t *last = msg ? zmsg_last (msg) : NULL;
        vp_val_t *value = NULL;
        vp_err_t derr = { 0 };
        if (last && vp_decode (zframe_data (last), zframe_size (last), &self->limits, &value, &derr) == 0) {
            const char *got = vp_map_str (value, "id");
            if (!*want || !got || strcmp (got, want) == 0) {
                *reply = value;
                rc = 0;
                zmsg_destroy (&msg);
                break;
            }
            vp_val_destroy (&value);    //  a late answer to an earlier request
        }
        else
        if (last) {
            vp_err_set (err, VP_E_INTERNAL, "", "unreadable reply from %s: %s",
                        self->endpoint, derr.message);
            zmsg_destroy (&msg);
            break;
        }
        zmsg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    return rc;
}

int
vp_cmdcli_request (vp_cmdcli_t *self, vp_val_t *request, int timeout_ms,
                   vp_val_t **reply, vp_err_t *err)
{
    *reply = NULL;
    const char *id = vp_map_str (request, "id");
    char want[80] = "";
    if (id)
        snprintf (want, sizeof want, "%s", id);
    if (s_cli_send (self, request, err))
        return -1;
    return s_cli_wait (self, want, timeout_ms, reply, err);
}

const char *vp_cmdcli_last_id (vp_cmdcli_t *self) { return self->last_id; }
bool vp_cmdcli_answered (vp_cmdcli_t *self) { return self->answered; }

//  A request of the protocol: {v, id, cmd, tenant?, actor?, session?, args}.
static vp_val_t *
s_request_new (vp_cmdcli_t *self, const char *id, const char *cmd, const char *tenant, const char *actor,
               vp_val_t *args)
{
    vp_val_t *request = vp_val_map ();
    vp_map_put_int (request, "v", 1);
    vp_map_put_str (request, "id", id);
    vp_map_put_str (request, "cmd", cmd);
    if (tenant)
        vp_map_put_str (request, "tenant", tenant);
    if (actor)
        vp_map_put_str (request, "actor", actor);
    if (self->session)
        vp_map_put_str (request, "session", self->session);
    vp_map_put (request, "args", args ? args : vp_val_map ());
    return request;
}

//  The result of a reply (taking it), or its error.
static int
s_result (vp_val_t *reply, vp_val_t **result, vp_err_t *err)
{
    int rc = 0;
    if (vp_map_bool (reply, "ok", false))
        *result = vp_map_take (reply, "result");
    else {
        vp_val_t *error = vp_map_get (reply, "error");
        const char *message = vp_map_str (error, "message");
        const char *field = vp_map_str (error, "field");
        vp_err_set (err, vp_code_parse (vp_map_str (error, "code")), field ? field : "",
                    "%s", message ? message : "refused without a message");
        if (err)
            err->retry_after_ms = vp_map_int (error, "retry_after_ms", 0);
        rc = -1;
    }
    if (rc == 0 && !*result)
        *result = vp_val_map ();
    vp_val_destroy (&reply);
    return rc;
}

int
vp_cmdcli_call (vp_cmdcli_t *self, const char *cmd, const char *tenant, const char *actor,
                vp_val_t *args, int timeout_ms, vp_val_t **result, vp_err_t *err)
{
    *result = NULL;
    char *id = self->last_id;
    if (*self->next_id)
        memcpy (id, self->next_id, sizeof self->next_id);
    else
        vp_id_new (id);
    self->next_id[0] = 0;
    vp_val_t *request = s_request_new (self, id, cmd, tenant, actor, args);
    vp_val_t *reply = NULL;
    //  No answer in time: once more with the same id. The service may
    //  have done it (the answer lost, or it crashed after its commit):
    //  it answers the first reply again and does nothing twice (vp_request).
    vp_val_t *again = vp_val_dup (request);
    int sent = vp_cmdcli_request (self, request, timeout_ms, &reply, err);
    if (sent && err->code == VP_E_UNAVAILABLE && self->retries > 0) {
        vp_log (VP_LOG_INFO, tenant, id, "%s: no answer from %s, asking again with the same id", cmd, self->endpoint);
        sent = vp_cmdcli_request (self, again, timeout_ms, &reply, err);
        again = NULL;
    }
    vp_val_destroy (&again);
    self->answered = !sent;
    if (sent)
        return -1;
    return s_result (reply, result, err);
}

int
vp_cmdcli_send (vp_cmdcli_t *self, const char *cmd, const char *tenant, const char *actor, vp_val_t *args,
                vp_err_t *err)
{
    if (self->npending == VP_CMDCLI_WINDOW) {
        vp_val_destroy (&args);
        return vp_err_set (err, VP_E_INTERNAL, "", "%d calls to %s already wait for their answer",
                           VP_CMDCLI_WINDOW, self->endpoint);
    }
    char *id = self->pending[(self->first + self->npending) % VP_CMDCLI_WINDOW];
    vp_id_new (id);
    memcpy (self->last_id, id, sizeof self->last_id);
    if (s_cli_send (self, s_request_new (self, id, cmd, tenant, actor, args), err)) {
        self->npending = 0;             //  the socket is new: no answer will come
        self->answered = false;
        return -1;
    }
    self->npending++;
    return 0;
}

int
vp_cmdcli_collect (vp_cmdcli_t *self, int timeout_ms, vp_val_t **result, vp_err_t *err)
{
    *result = NULL;
    if (self->npending == 0)
        return vp_err_set (err, VP_E_INTERNAL, "", "no call to %s waits for its answer", self->endpoint);
    char want[VP_ID_LEN + 1];
    memcpy (want, self->pending[self->first], sizeof want);
    self->first = (self->first + 1) % VP_CMDCLI_WINDOW;
    self->npending--;
    vp_val_t *reply = NULL;
    self->answered = s_cli_wait (self, want, timeout_ms, &reply, err) == 0;
    if (!self->answered)
        return -1;
    return s_result (reply, result, err);
}

int vp_cmdcli_pending (vp_cmdcli_t *self) { return self->npending; }
