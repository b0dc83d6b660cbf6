/*  CURVE: a client with an unknown key is refused; an operator's key can
    tail and replay but not write; a service key writes only its stream. */
#include <signal.h>
#include "testutil.h"

//  Send one frame to ingest and wait for the answer (NULL on timeout).
static vp_val_t *
s_send (zsock_t *sock, vp_val_t *env, int timeout_ms)
{
    size_t size = 0;
    char *body = vp_encode (env, &size);
    zframe_t *frame = zframe_new (body, size);
    free (body);
    zframe_send (&frame, sock, 0);
    zpoller_t *poller = zpoller_new (sock, NULL);
    vp_val_t *reply = NULL;
    if (zpoller_wait (poller, timeout_ms)) {
        zframe_t *answer = zframe_recv (sock);
        vp_decode (zframe_data (answer), zframe_size (answer), NULL, &reply, NULL);
        zframe_destroy (&answer);
    }
    zpoller_destroy (&poller);
    return reply;
}

static vp_val_t *
s_probe_event (const char *stream, const char *type)
{
    vp_val_t *data = vp_val_map ();
    if (strcmp (type, "probe.ping") == 0)
        vp_map_put_int (data, "n", 1);
    else {
        vp_map_put (data, "heads", vp_val_map ());
    }
    return vp_envelope_new (stream, type, "lam-son", "test", NULL, data);
}

int
main (void)
{
    tu_bus_t bus;
    tu_bus_init (&bus, "auth");
    tu_bus_start (&bus, NULL);
    vp_err_t err = { 0 };

    //  A stranger: a well-formed key, not among the deployment's.
    char stranger_dir[1200], copy[2600];
    snprintf (stranger_dir, sizeof stranger_dir, "%s/stranger", bus.dir);
    tu_make_keys (stranger_dir, (const char *const []) { "stranger:service", NULL });
    snprintf (copy, sizeof copy, "cp %s/public/bus.pub %s/public/bus.pub", bus.keys_dir, stranger_dir);
    TU_CHECK (system (copy) == 0, "cannot copy the bus's public key");
    vp_keys_t *stranger = vp_keys_load (stranger_dir, "stranger", &err);
    TU_CHECK (stranger, "%s", err.message);
    TU_CHECK (!tu_wait_health (bus.replay, stranger, "bus", 1500),
              "a client with an unknown key got an answer from replay");
    zsock_t *sock = vp_sock_connect (stranger, ZMQ_DEALER, bus.ingest, "bus", &err);
    vp_val_t *env = s_probe_event ("probe", "probe.ping");
    vp_val_t *reply = s_send (sock, env, 1500);
    TU_CHECK (!reply, "a client with an unknown key got an answer from ingest");
    vp_val_destroy (&env);
    zsock_destroy (&sock);
    tu_ok ("unknown key: no answer from replay nor ingest");

    //  No key at all (plain TCP) against a CURVE bus.
    TU_CHECK (!tu_wait_health (bus.replay, NULL, "bus", 1000), "a plain client got an answer");
    tu_ok ("client without CURVE: no answer");

    //  The operator key: health, replay and tail work; writing does not.
    vp_keys_t *operator = tu_bus_keys (&bus, "operator");
    TU_CHECK (tu_wait_health (bus.replay, operator, "bus", 3000), "operator cannot call health");
    sock = vp_sock_connect (operator, ZMQ_DEALER, bus.ingest, "bus", &err);
    env = s_probe_event ("probe", "probe.ping");
    reply = s_send (sock, env, 3000);
    TU_CHECK (reply && !vp_map_bool (reply, "ok", true), "operator wrote an event");
    vp_val_t *error = vp_map_get (reply, "error");
    TU_CHECK (streq (vp_map_str (error, "code"), "permission_denied"), "code %s", vp_map_str (error, "code"));
    TU_CHECK (streq (vp_map_str (reply, "id"), vp_map_str (env, "id")), "the refusal does not name the event id");
    tu_ok ("operator key may not write: %s", vp_map_str (error, "message"));
    vp_val_destroy (&reply);
    vp_val_destroy (&env);
    zsock_destroy (&sock);

    //  The probe key writes probe, and nothing else.
    vp_keys_t *probe = tu_bus_keys (&bus, "probe");
    sock = vp_sock_connect (probe, ZMQ_DEALER, bus.ingest, "bus", &err);
    env = s_probe_event ("probe", "probe.ping");
    reply = s_send (sock, env, 3000);
    TU_CHECK (reply && vp_map_bool (reply, "ok", false) && vp_map_int (reply, "seq", 0) == 1,
              "probe could not write its own stream");
    vp_val_destroy (&reply);
    vp_val_destroy (&env);
    env = s_probe_event ("bus", "bus.heartbeat");
    reply = s_send (sock, env, 3000);
    error = vp_map_get (reply, "error");
    TU_CHECK (reply && streq (vp_map_str (error, "code"), "permission_denied")
              && streq (vp_map_str (error, "field"), "stream"),
              "probe wrote the bus's stream");
    tu_ok ("service key may not write another stream: %s", vp_map_str (error, "message"));
    vp_val_destroy (&reply);
    vp_val_destroy (&env);
    zsock_destroy (&sock);

    //  The operator can tail (subscribe) and replay what probe wrote.
    zsock_t *sub = vp_sock_connect (operator, ZMQ_SUB, bus.pub, "bus", &err);
    zsock_set_subscribe (sub, "bus.heartbeat");
    zpoller_t *poller = zpoller_new (sub, NULL);
    TU_CHECK (zpoller_wait (poller, 3000) == sub, "operator received no heartbeat in 3 s");
    zmsg_t *msg = zmsg_recv (sub);
    char *topic = zmsg_popstr (msg);
    TU_CHECK (streq (topic, "bus.heartbeat"), "topic %s", topic);
    zstr_free (&topic);
    zmsg_destroy (&msg);
    zpoller_destroy (&poller);
    zsock_destroy (&sub);
    vp_cmdcli_t *cli = vp_cmdcli_new (bus.replay, operator, "bus", &err);
    vp_val_t *request = vp_val_map ();
    vp_map_put_str (request, "stream", "probe");
    vp_map_put_int (request, "from", 1);
    TU_CHECK (vp_cmdcli_request (cli, request, 3000, &reply, &err) == 0, "replay: %s", err.message);
    TU_CHECK (vp_val_len (vp_map_get (reply, "events")) == 1 && vp_map_int (reply, "head", 0) == 1,
              "replay did not return the one event");
    vp_val_destroy (&reply);
    vp_cmdcli_destroy (&cli);
    tu_ok ("operator key can tail (heartbeat) and replay");

    vp_keys_destroy (&stranger);
    vp_keys_destroy (&operator);
    vp_keys_destroy (&probe);
    TU_CHECK (tu_stop (bus.pid, SIGTERM, 10000) == 0, "bus did not stop cleanly");
    printf ("1 passed, 0 failed\n");
    return 0;
}
