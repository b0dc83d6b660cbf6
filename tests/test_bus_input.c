/*  Each class of bad input sent to a real bus is refused with a clear
    error, and the bus keeps serving: random bytes, truncated msgpack,
    wrong types, missing keys, unknown version, oversize frame, invalid
    UTF-8, deep nesting, a stream that is not the sender's, several frames.
    A flood of refusals is logged rate-limited; a locked database is an
    error reply, not an abort, and nothing is acknowledged before a commit. */
#include <signal.h>
#include "testutil.h"

static zsock_t *s_sock;

static vp_val_t *
s_roundtrip (const void *data, size_t size)
{
    zframe_t *frame = zframe_new (data, size);
    zframe_send (&frame, s_sock, 0);
    zpoller_t *poller = zpoller_new (s_sock, NULL);
    vp_val_t *reply = NULL;
    if (zpoller_wait (poller, 10000)) {
        zframe_t *answer = zframe_recv (s_sock);
        vp_decode (zframe_data (answer), zframe_size (answer), NULL, &reply, NULL);
        zframe_destroy (&answer);
    }
    zpoller_destroy (&poller);
    TU_CHECK (reply, "no answer from the bus");
    return reply;
}

//  Send bytes; the bus must refuse with `code`, naming `field` (or any
//  field when NULL) and with `words` in its message.
static void
s_refused (const char *what, const void *data, size_t size, const char *code,
           const char *field, const char *words)
{
    vp_val_t *reply = s_roundtrip (data, size);
    vp_val_t *error = vp_map_get (reply, "error");
    const char *message = vp_map_str (error, "message");
    TU_CHECK (!vp_map_bool (reply, "ok", true), "%s: accepted", what);
    TU_CHECK (streq (vp_map_str (error, "code"), code), "%s: code %s, want %s", what,
              vp_map_str (error, "code"), code);
    TU_CHECK (!field || streq (vp_map_str (error, "field") ? vp_map_str (error, "field") : "", field),
              "%s: field \"%s\", want \"%s\" (%s)", what, vp_map_str (error, "field"), field, message);
    TU_CHECK (message && strstr (message, words), "%s: message \"%s\" lacks \"%s\"", what, message, words);
    tu_ok ("%s refused: %s", what, message);
    vp_val_destroy (&reply);
}

static void
s_refused_env (const char *what, vp_val_t *env, const char *field, const char *words)
{
    size_t size = 0;
    char *body = vp_encode (env, &size);
    s_refused (what, body, size, "invalid_argument", field, words);
    free (body);
    vp_val_destroy (&env);
}

static vp_val_t *
s_event (int n)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_int (data, "n", n);
    return vp_envelope_new ("probe", "probe.ping", "lam-son", "test", NULL, data);
}

static int64_t
s_accepted (vp_val_t *env)
{
    size_t size = 0;
    char *body = vp_encode (env, &size);
    vp_val_destroy (&env);
    vp_val_t *reply = s_roundtrip (body, size);
    free (body);
    TU_CHECK (vp_map_bool (reply, "ok", false), "a good event was refused");
    int64_t seq = vp_map_int (reply, "seq", 0);
    vp_val_destroy (&reply);
    return seq;
}

int
main (void)
{
    tu_bus_t bus;
    tu_bus_init (&bus, "bus-input");
    tu_bus_start (&bus, NULL);
    vp_keys_t *keys = tu_bus_keys (&bus, "probe");
    vp_err_t err = { 0 };
    s_sock = vp_sock_connect (keys, ZMQ_DEALER, bus.ingest, "bus", &err);
    TU_CHECK (s_sock, "%s", err.message);

    TU_CHECK (s_accepted (s_event (1)) == 1, "first event is not seq 1");

    unsigned char noise[512];
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof noise; i++)
            noise[i] = (unsigned char) random ();
        noise[0] = 0xc1;        //  never-used byte: always bad msgpack
        vp_val_t *reply = s_roundtrip (noise, 1 + (size_t) random () % sizeof noise);
        TU_CHECK (!vp_map_bool (reply, "ok", true), "random bytes accepted");
        vp_val_destroy (&reply);
    }
    s_refused ("random bytes", "\xc1\x01\x02", 3, "invalid_argument", "", "bad msgpack");

    vp_val_t *env = s_event (2);
    size_t size = 0;
    char *body = vp_encode (env, &size);
    vp_val_destroy (&env);
    s_refused ("truncated msgpack", body, size - 3, "invalid_argument", "", "bad msgpack");
    free (body);

    env = s_event (3);
    vp_map_put_str (env, "ts", "yesterday");
    s_refused_env ("wrong type (ts as string)", env, "ts", "must be an integer");

    env = s_event (4);
    vp_val_t *gone = vp_map_take (env, "tenant");
    vp_val_destroy (&gone);
    s_refused_env ("missing key (tenant)", env, "tenant", "required");

    env = s_event (5);
    vp_map_put_int (env, "v", 2);
    s_refused_env ("unknown version (v=2)", env, "v", "must be <= 1");

    env = s_event (6);
    vp_map_put_str (env, "type", "probe.nonesuch");
    s_refused_env ("undefined event type", env, "type", "not an event defined");

    env = s_event (7);
    vp_map_put (vp_map_get (env, "data"), "note", vp_val_str ("Gi\xe1\xba\xa5y m\xe1\xbb\x9di \xc3\x28"));
    body = vp_encode (env, &size);
    vp_val_destroy (&env);
    s_refused ("invalid UTF-8", body, size, "invalid_argument", "", "UTF-8");
    free (body);

    //  A note nested 40 deep: [[[[...]]]]
    unsigned char deep[64];
    for (int i = 0; i < 40; i++)
        deep[i] = 0x91;
    deep[40] = 0x01;
    s_refused ("deep nesting", deep, 41, "invalid_argument", "", "deeper");

    size_t big = 1200 * 1024;
    char *huge = (char *) zmalloc (big);
    memset (huge, 0xc0, big);
    s_refused ("oversize frame (1.2 MiB)", huge, big, "invalid_argument", "", "over the limit");
    free (huge);

    s_refused ("claimed map of 4 billion entries", "\xdf\xff\xff\xff\xff", 5,
               "invalid_argument", "", "map");

    vp_val_t *data = vp_val_map ();
    vp_map_put (data, "heads", vp_val_map ());
    env = vp_envelope_new ("bus", "bus.heartbeat", "", "test", NULL, data);
    body = vp_encode (env, &size);
    vp_val_destroy (&env);
    s_refused ("a stream that is not the sender's", body, size, "permission_denied", "stream",
               "not the sender's");
    free (body);

    zmsg_t *msg = zmsg_new ();
    zmsg_addstr (msg, "one");
    zmsg_addstr (msg, "two");
    zmsg_send (&msg, s_sock);
    zpoller_t *poller = zpoller_new (s_sock, NULL);
    TU_CHECK (zpoller_wait (poller, 5000), "no answer to a two-frame message");
    zpoller_destroy (&poller);
    zframe_t *answer = zframe_recv (s_sock);
    vp_val_t *reply = NULL;
    vp_decode (zframe_data (answer), zframe_size (answer), NULL, &reply, NULL);
    TU_CHECK (reply && !vp_map_bool (reply, "ok", true), "two frames accepted");
    vp_val_destroy (&reply);
    zframe_destroy (&answer);
    tu_ok ("two-frame message refused");

    //  A flood: every message answered, the log line rate-limited.
    for (int i = 0; i < 2000; i++) {
        zframe_t *frame = zframe_new ("\xc1", 1);
        zframe_send (&frame, s_sock, 0);
    }
    poller = zpoller_new (s_sock, NULL);
    int answers = 0;
    while (answers < 2000 && zpoller_wait (poller, 5000)) {
        zframe_t *frame = zframe_recv (s_sock);
        zframe_destroy (&frame);
        answers++;
    }
    zpoller_destroy (&poller);
    TU_CHECK (answers == 2000, "%d of 2000 bad messages answered", answers);
    TU_CHECK (s_accepted (s_event (8)) == 2, "the bus stopped serving after bad input");
    tu_ok ("after every refusal the bus still logs good events (seq 2)");

    //  A locked database: the bus answers `unavailable`, then recovers.
    char bus_db[1200];
    snprintf (bus_db, sizeof bus_db, "%s/bus.db", bus.data_dir);
    sqlite3 *locker = NULL;
    sqlite3_open (bus_db, &locker);
    TU_CHECK (sqlite3_exec (locker, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK, "cannot lock");
    env = s_event (9);
    char id[32];
    snprintf (id, sizeof id, "%s", vp_map_str (env, "id"));
    body = vp_encode (env, &size);
    vp_val_destroy (&env);
    s_refused ("event while the database is locked", body, size, "unavailable", NULL, "locked");
    sqlite3_exec (locker, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close (locker);
    reply = s_roundtrip (body, size);
    free (body);
    TU_CHECK (vp_map_bool (reply, "ok", false) && vp_map_int (reply, "seq", 0) == 3,
              "the same event after the lock was not logged as seq 3");
    vp_val_destroy (&reply);
    tu_ok ("locked database: refused as unavailable, the retry is logged as seq 3");

    zsock_destroy (&s_sock);
    vp_keys_destroy (&keys);
    TU_CHECK (tu_stop (bus.pid, SIGTERM, 10000) == 0, "bus did not stop cleanly");
    int64_t logged = tu_sql_int (bus_db, "SELECT count(*) FROM log");
    TU_CHECK (logged == 3, "log has %lld events: only the 3 good ones belong", (long long) logged);
    tu_ok ("log holds only the 3 good events");

    FILE *file = fopen (bus.log, "r");
    char line[2048];
    int refusals = 0;
    while (file && fgets (line, sizeof line, file))
        if (strstr (line, "refused"))
            refusals++;
    if (file)
        fclose (file);
    TU_CHECK (refusals > 0 && refusals < 100, "%d refusal lines for ~2040 refusals", refusals);
    tu_ok ("%d log lines for about 2040 refusals (rate-limited)", refusals);
    printf ("1 passed, 0 failed\n");
    return 0;
}
