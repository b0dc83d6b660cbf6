/*  test_keys - who gets through a CURVE server, and the name it sees.

    test_keys [VP-KEYGEN]

    Makes a deployment's keys in a temporary folder (with the vp-keygen
    given, else with zcert as vp-keygen does), serves a ROUTER with the
    "bus" key, and checks that:
      (a) a client whose key is in public/ gets through, named by its key;
      (b) a client whose key is not in public/ gets nothing through;
      (c) a key added to public/ while the server runs is let in;
      (d) a keys folder that is missing is an error naming the path;
      (e) a socket that lets in some roles only (the bus's stream of
          events) refuses a key of another role.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vp/vp_err.h"
#include "vp/vp_keys.h"
#include "vp/vp_log.h"

static const char *s_keygen;

#define CHECK(cond, ...) do { \
    if (!(cond)) { \
        fprintf (stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
        fprintf (stderr, __VA_ARGS__); \
        fprintf (stderr, "\n"); \
        exit (1); \
    } \
} while (0)

//  What scripts/gen-keys does for one name.
static void
s_make_key (const char *dir, const char *name, const char *role)
{
    if (s_keygen) {
        char *command = zsys_sprintf ("'%s' --dir '%s' --role %s %s >/dev/null",
                                      s_keygen, dir, role, name);
        int rc = system (command);
        CHECK (rc == 0, "%s exited with %d", command, rc);
        zstr_free (&command);
        return;
    }
    CHECK (zsys_dir_create ("%s/public", dir) == 0, "cannot make %s/public", dir);
    zcert_t *cert = zcert_new ();
    zcert_set_meta (cert, "name", "%s", name);
    zcert_set_meta (cert, "role", "%s", role);
    char *secret_path = zsys_sprintf ("%s/%s.secret", dir, name);
    char *public_path = zsys_sprintf ("%s/public/%s.pub", dir, name);
    CHECK (zcert_save_secret (cert, secret_path) == 0, "cannot write %s", secret_path);
    CHECK (zcert_save_public (cert, public_path) == 0, "cannot write %s", public_path);
    zstr_free (&secret_path);
    zstr_free (&public_path);
    zcert_destroy (&cert);
}

static vp_keys_t *
s_load (const char *dir, const char *name)
{
    vp_err_t err;
    vp_keys_t *keys = vp_keys_load (dir, name, &err);
    CHECK (keys, "vp_keys_load %s: %s", name, err.message);
    CHECK (streq (vp_keys_name (keys), name), "vp_keys_name is %s", vp_keys_name (keys));
    return keys;
}

//  The next message on server within timeout ms, or NULL.
static zmsg_t *
s_recv (zsock_t *server, int timeout)
{
    zsock_set_rcvtimeo (server, timeout);
    return zmsg_recv (server);
}

int
main (int argc, char **argv)
{
    s_keygen = argc > 1 ? argv[1] : NULL;
    vp_log_init ("test_keys", "warn", NULL);
    const char *tmp = getenv ("TMPDIR");
    char *root = zsys_sprintf ("%s/vp-test-keys-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    CHECK (mkdtemp (root), "cannot make a folder like %s", root);
    char *dir = zsys_sprintf ("%s/keys", root);
    s_make_key (dir, "bus", "service");
    s_make_key (dir, "staffing", "service");

    //  The bus serves with its key; staffing connects knowing the bus by name.
    vp_err_t err;
    vp_keys_t *bus_keys = s_load (dir, "bus");
    zsock_t *server = vp_sock_bind (bus_keys, ZMQ_ROUTER, "tcp://127.0.0.1:*", &err);
    CHECK (server, "vp_sock_bind: %s", err.message);
    const char *endpoint = zsock_endpoint (server);
    CHECK (endpoint && strncmp (endpoint, "tcp://127.0.0.1:", 16) == 0, "endpoint %s", endpoint);
    CHECK (streq (vp_keys_role (bus_keys, "staffing"), "service"), "role of staffing");
    CHECK (vp_keys_role (bus_keys, "nobody") == NULL, "role of an unknown key");

    //  (a) An allowed client gets through and is known by its key's name.
    vp_keys_t *staffing_keys = s_load (dir, "staffing");
    zsock_t *staffing = vp_sock_connect (staffing_keys, ZMQ_DEALER, endpoint, "bus", &err);
    CHECK (staffing, "vp_sock_connect: %s", err.message);
    zstr_send (staffing, "hello from staffing");
    zmsg_t *msg = s_recv (server, 5000);
    CHECK (msg, "(a) allowed client: server received nothing in 5 s");
    CHECK (zmsg_size (msg) == 2, "(a) %zu frames", zmsg_size (msg));
    zframe_t *routing_id = zmsg_first (msg);
    zframe_t *body = zmsg_next (msg);
    CHECK (streq (vp_peer_name (routing_id) ? vp_peer_name (routing_id) : "", "staffing"),
           "(a) peer name of the routing id frame is %s", vp_peer_name (routing_id));
    CHECK (streq (vp_peer_name (body) ? vp_peer_name (body) : "", "staffing"),
           "(a) peer name of the body is %s", vp_peer_name (body));
    CHECK (zframe_streq (body, "hello from staffing"), "(a) body");
    //  The ZAP handler also stamps the key's role.
    const char *role = zframe_meta (routing_id, "Role");
    CHECK (role && streq (role, "service"), "(a) Role is %s", role ? role : "(none)");
    //  ... and the reply finds its way back.
    zframe_reset (body, "hello from bus", 14);
    zmsg_send (&msg, server);
    zsock_set_rcvtimeo (staffing, 5000);
    char *reply = zstr_recv (staffing);
    CHECK (reply && streq (reply, "hello from bus"), "(a) reply %s", reply ? reply : "(none)");
    zstr_free (&reply);
    printf ("ok (a) allowed key 'staffing' got through, User-Id staffing\n");

    //  (b) A stranger who knows the bus's public key but whose own key is not
    //  in public/ gets nothing through.
    char *bus_public_path = zsys_sprintf ("%s/public/bus.pub", dir);
    zcert_t *bus_public = zcert_load (bus_public_path);
    CHECK (bus_public, "(b) cannot read %s", bus_public_path);
    zstr_free (&bus_public_path);
    zcert_t *stranger_cert = zcert_new ();
    zsock_t *stranger = zsock_new (ZMQ_DEALER);
    zsock_set_linger (stranger, 0);
    zcert_apply (stranger_cert, stranger);
    zsock_set_curve_serverkey (stranger, zcert_public_txt (bus_public));
    CHECK (zsock_connect (stranger, "%s", endpoint) == 0, "(b) connect");
    zstr_send (stranger, "let me in");
    msg = s_recv (server, 1000);
    CHECK (!msg, "(b) unknown key got a message through, from %s",
           vp_peer_name (zmsg_first (msg)));
    printf ("ok (b) unknown key got nothing through in 1 s\n");

    //  (c) A key made while the bus runs is let in without a restart.
    s_make_key (dir, "notify", "service");
    vp_keys_t *notify_keys = s_load (dir, "notify");
    zsock_t *notify = vp_sock_connect (notify_keys, ZMQ_DEALER, endpoint, "bus", &err);
    CHECK (notify, "vp_sock_connect: %s", err.message);
    zstr_send (notify, "hello from notify");
    msg = s_recv (server, 5000);
    CHECK (msg, "(c) new key: server received nothing in 5 s");
    CHECK (streq (vp_peer_name (zmsg_first (msg)) ? vp_peer_name (zmsg_first (msg)) : "", "notify"),
           "(c) peer name is %s", vp_peer_name (zmsg_first (msg)));
    CHECK (streq (vp_keys_role (bus_keys, "notify"), "service"), "(c) role of notify");
    zmsg_destroy (&msg);
    printf ("ok (c) key added while running got through, User-Id notify\n");

    //  (d) A missing keys folder is an error that names the path; no folder
    //  at all means CURVE is off.
    char *missing = zsys_sprintf ("%s/missing", root);
    CHECK (vp_keys_load (missing, "bus", &err) == NULL, "(d) loaded from a missing folder");
    CHECK (err.code != VP_OK, "(d) no error code");
    CHECK (strstr (err.message, missing), "(d) message does not name %s: %s", missing, err.message);
    CHECK (streq (err.field, "keys-dir"), "(d) field %s", err.field);
    printf ("ok (d) missing keys folder: %s\n", err.message);
    CHECK (vp_keys_load ("", "bus", &err) == NULL && err.code == VP_OK, "(d) empty dir");
    CHECK (vp_keys_load (NULL, "bus", &err) == NULL && err.code == VP_OK, "(d) NULL dir");
    zstr_free (&missing);

    //  (e) The stream of events lets in services, not an operator here.
    s_make_key (dir, "watcher", "operator");
    vp_keys_t *watcher_keys = s_load (dir, "watcher");
    vp_sockopts_t stream_opts = { .roles = "gateway,service" };
    zsock_t *stream = vp_sock_bind_opts (bus_keys, ZMQ_PUB, "tcp://127.0.0.1:*", &stream_opts, &err);
    CHECK (stream, "(e) bind: %s", err.message);
    zsock_t *service_sub = vp_sock_connect (notify_keys, ZMQ_SUB, zsock_endpoint (stream), "bus", &err);
    zsock_t *watcher_sub = vp_sock_connect (watcher_keys, ZMQ_SUB, zsock_endpoint (stream), "bus", &err);
    CHECK (service_sub && watcher_sub, "(e) connect: %s", err.message);
    zsock_set_subscribe (service_sub, "");
    zsock_set_subscribe (watcher_sub, "");
    zsock_set_rcvtimeo (service_sub, 50);
    zsock_set_rcvtimeo (watcher_sub, 0);
    int service_got = 0, watcher_got = 0;
    //  Published until the service has had 20 (a subscription takes a
    //  moment to arrive), at most 5 s.
    for (int round = 0; round < 100 && service_got < 20; round++) {
        zstr_send (stream, "event");
        char *got = zstr_recv (service_sub);
        service_got += got != NULL;
        zstr_free (&got);
        while ((got = zstr_recv (watcher_sub))) {
            watcher_got++;
            zstr_free (&got);
        }
    }
    CHECK (service_got == 20, "(e) the service received %d of the events", service_got);
    CHECK (watcher_got == 0, "(e) an operator key received %d events from a service-only stream", watcher_got);
    printf ("ok (e) role-limited socket: service received %d, operator key %d\n", service_got, watcher_got);
    zsock_destroy (&service_sub);
    zsock_destroy (&watcher_sub);
    zsock_destroy (&stream);
    vp_keys_destroy (&watcher_keys);

    //  A client asking for a server whose key is not in public/ is refused.
    CHECK (vp_sock_connect (staffing_keys, ZMQ_DEALER, endpoint, "nobody", &err) == NULL,
           "connect to an unknown server name");
    CHECK (strstr (err.message, "nobody"), "message does not name the server: %s", err.message);

    //  Without keys sockets are plain and nobody has a name.
    zsock_t *plain_server = vp_sock_bind (NULL, ZMQ_ROUTER, "tcp://127.0.0.1:*", &err);
    CHECK (plain_server, "plain bind: %s", err.message);
    zsock_t *plain = vp_sock_connect (NULL, ZMQ_DEALER, zsock_endpoint (plain_server), NULL, &err);
    CHECK (plain, "plain connect: %s", err.message);
    zstr_send (plain, "plain");
    msg = s_recv (plain_server, 5000);
    CHECK (msg, "plain: nothing received");
    CHECK (vp_peer_name (zmsg_first (msg)) == NULL, "plain peer has a name");
    zmsg_destroy (&msg);
    printf ("ok plain sockets carry no User-Id\n");

    zsock_destroy (&plain);
    zsock_destroy (&plain_server);
    zsock_destroy (&notify);
    zsock_destroy (&stranger);
    zsock_destroy (&staffing);
    zsock_destroy (&server);
    zcert_destroy (&stranger_cert);
    zcert_destroy (&bus_public);
    vp_keys_destroy (&notify_keys);
    vp_keys_destroy (&staffing_keys);
    vp_keys_destroy (&bus_keys);
    CHECK (bus_keys == NULL, "destroy did not clear the pointer");

    zdir_t *tree = zdir_new (root, NULL);
    if (tree)
        zdir_remove (tree, true);
    zdir_destroy (&tree);
    zstr_free (&dir);
    zstr_free (&root);
    printf ("test_keys: pass\n");
    return 0;
}
