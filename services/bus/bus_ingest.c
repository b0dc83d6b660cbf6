/*  bus_ingest - envelopes in: validate, authorize, group commit, answer, publish. */
#include "bus_server.h"
#include "vp/vp_fields.h"

static void
s_answer (bus_server_t *self, zframe_t **identity_p, bool delimited, vp_val_t **reply_p)
{
    size_t size = 0;
    char *body = vp_encode (*reply_p, &size);
    vp_val_destroy (reply_p);
    zmsg_t *msg = zmsg_new ();
    zmsg_append (msg, identity_p);
    if (delimited)
        zmsg_addmem (msg, "", 0);
    zmsg_addmem (msg, body, size);
    free (body);
    zmsg_send (&msg, self->ingest);
}

static void
s_refuse (bus_server_t *self, zframe_t **identity_p, bool delimited, const char *id,
          const vp_err_t *err, const char *peer)
{
    bus_stats_refused (self->stats);
    int held = 0;
    if (vp_ratelimit_ok (&self->refusals, &held))
        vp_log (VP_LOG_WARN, NULL, id, "refused an event from %s: %s: %s%s",
                peer ? peer : "an unauthenticated peer", vp_code_name (err->code), err->message,
                held ? " (similar refusals held back)" : "");
    vp_val_t *reply = vp_reply_error (id, err);
    s_answer (self, identity_p, delimited, &reply);
}

//  May the peer write this envelope? With CURVE, a key writes only the
//  stream of its own name, and an operator's key writes nothing.
static int
s_authorize (bus_server_t *self, const vp_val_t *env, const char *peer, vp_err_t *err)
{
    if (!self->opts.keys)
        return 0;
    if (!peer)
        return vp_err_set (err, VP_E_UNAUTHENTICATED, "", "the connection has no key");
    const char *role = vp_keys_role (self->opts.keys, peer);
    if (!role || strcmp (role, "service") != 0)
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_STREAM,
                           "key \"%s\" (role %s) may read and replay but not write",
                           peer, role ? role : "unknown");
    const char *stream = vp_map_str (env, VP_K_STREAM);
    if (strcmp (stream, peer) != 0)
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_STREAM,
                           "stream \"%s\" is not the sender's: key \"%s\" writes only stream \"%s\"",
                           stream, peer, peer);
    return 0;
}

//  Read one message; an accepted envelope joins the batch, anything else
//  is answered at once.
static void
s_take (bus_server_t *self, zmsg_t *msg, int *count)
{
    zframe_t *identity = zmsg_pop (msg);
    zframe_t *body = zmsg_pop (msg);
    bool delimited = false;
    if (body && zframe_size (body) == 0 && zmsg_size (msg) > 0) {
        zframe_destroy (&body);
        body = zmsg_pop (msg);
        delimited = true;
    }
    if (!identity) {
        zframe_destroy (&body);
        return;
    }
    bus_stats_peer (self->stats, identity);
    vp_err_t err = { 0 };
    vp_val_t *env = NULL;
    const char *peer = body ? vp_peer_name (body) : NULL;
    if (!body || zmsg_size (msg) > 0)
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "", "an event is exactly one msgpack frame");
    else
    if (vp_decode (zframe_data (body), zframe_size (body), &self->opts.limits, &env, &err) == 0
    &&  vp_envelope_check (env, false, &err) == 0
    &&  s_authorize (self, env, peer, &err) == 0) {
        int at = (*count)++;
        self->entries[at] = (bus_entry_t) { .env = env };
        self->peers[at] = identity;
        self->delimited[at] = delimited;
        zframe_destroy (&body);
        return;
    }
    const char *id = vp_val_type (env) == VP_MAP ? vp_map_str (env, VP_K_ID) : NULL;
    s_refuse (self, &identity, delimited, id, &err, peer);
    vp_val_destroy (&env);
    zframe_destroy (&body);
}

static void
s_publish (bus_server_t *self, const bus_entry_t *e)
{
    const char *type = vp_map_str (e->env, VP_K_TYPE);
    zmsg_t *msg = zmsg_new ();
    zmsg_addstr (msg, type);
    zmsg_addmem (msg, e->body, e->size);
    zmsg_send (&msg, self->pub);
}

int
bus_ingest_on_readable (zloop_t *loop, zsock_t *sock, void *arg)
{
    bus_server_t *self = (bus_server_t *) arg;
    int count = 0;
    while (count < self->opts.batch_max) {
        zmsg_t *msg = zmsg_recv (sock);     //  rcvtimeo 0: NULL when drained
        if (!msg)
            break;
        s_take (self, msg, &count);
        zmsg_destroy (&msg);
    }
    if (count == 0)
        return 0;

    vp_err_t err = { 0 };
    bool committed = bus_log_append (self->log, self->entries, count, &err) == 0;
    if (committed)
        bus_stats_commit (self->stats);
    else
        vp_error ("could not commit %d events; none acknowledged: %s", count, err.message);
    int64_t logged = 0;
    for (int i = 0; i < count; i++) {
        bus_entry_t *e = &self->entries[i];
        const char *id = vp_map_str (e->env, VP_K_ID);
        if (committed) {
            vp_val_t *reply = vp_val_map ();
            vp_map_put_bool (reply, VP_K_OK, true);
            vp_map_put_str (reply, VP_K_ID, id);
            vp_map_put_int (reply, VP_K_SEQ, e->seq);
            if (e->dup) {
                vp_map_put_bool (reply, VP_K_DUP, true);
                bus_stats_duplicate (self->stats);
            }
            else {
                s_publish (self, e);
                logged++;
            }
            s_answer (self, &self->peers[i], self->delimited[i], &reply);
        }
        else {
            vp_val_t *reply = vp_reply_error (id, &err);
            s_answer (self, &self->peers[i], self->delimited[i], &reply);
        }
        free (e->body);
        vp_val_destroy (&e->env);
    }
    bus_stats_logged (self->stats, logged);
    return 0;
}
