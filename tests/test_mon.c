/*  test_mon - what an operator sees with vp-mon.

    Starts vp-bus with CURVE keys, sends probe events as the `probe`
    service, and checks that:
      (a) `tail --stream probe --from 1 --json --count 5` prints the five
          events as JSON lines, seq 1 to 5, and exits 0;
      (b) the human line shows the time in VP_TZ, stream#seq, type, tenant,
          actor, corr and the data, cut on a character boundary;
      (c) a live tail started before two more events shows seq 6 and 7,
          nothing before and nothing twice;
      (d) `stats --json` reports head 7 for probe;
      (e) a bad flag exits 2 naming it, and an unreachable bus exits 5.
*/
#include <string.h>
#include <unistd.h>
#include "test_ctl_run.h"

//  2026-11-27T07:05:01.123Z, 14:05:01.123 in Asia/Ho_Chi_Minh.
#define S_TS 1795763101123LL

static int64_t
s_fixed_clock (void *arg)
{
    return S_TS;
}

//  The lines of a file that start with `prefix`, in a list the caller
//  destroys.
static zlist_t *
s_lines (const char *path, const char *prefix)
{
    char *text = tc_read (path);
    zlist_t *lines = tc_lines (text, prefix);
    free (text);
    return lines;
}

//  Send one probe event and return the seq the bus gave it.
static int64_t
s_send_probe (zsock_t *ingest, int n, const char *note)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_int (data, "n", n);
    if (note)
        vp_map_put_str (data, "note", note);
    vp_val_t *env = vp_envelope_new ("probe", "probe.ping", "lam-son", "test", NULL, data);
    size_t size = 0;
    char *body = vp_encode (env, &size);
    vp_val_destroy (&env);
    zframe_t *frame = zframe_new (body, size);
    free (body);
    TU_CHECK (zframe_send (&frame, ingest, 0) == 0, "cannot send probe %d", n);
    zframe_t *answer = zframe_recv (ingest);
    TU_CHECK (answer, "no answer from ingest for probe %d", n);
    vp_val_t *reply = NULL;
    vp_err_t err = { 0 };
    vp_limits_t limits = vp_limits_default ();
    TU_CHECK (vp_decode (zframe_data (answer), zframe_size (answer), &limits, &reply, &err) == 0,
              "unreadable answer: %s", err.message);
    zframe_destroy (&answer);
    TU_CHECK (vp_map_bool (reply, "ok", false), "probe %d refused: %s", n,
              vp_map_str (vp_map_get (reply, "error"), "message"));
    int64_t seq = vp_map_int (reply, "seq", 0);
    vp_val_destroy (&reply);
    return seq;
}

//  Is line the JSON of the event with this seq?
static bool
s_is_seq (const char *line, int seq)
{
    char want[32];
    snprintf (want, sizeof want, "\"seq\":%d", seq);
    const char *at = strstr (line, want);
    return at && (at[strlen (want)] == ',' || at[strlen (want)] == '}')
        && line[0] == '{' && line[strlen (line) - 1] == '}';
}

static const char *s_env[16];

//  Start vp-mon with args, its output (stdout and stderr) to out_path.
//  VP_TEST_WRAPPER runs it under a tool given by its full path, e.g.
//  VP_TEST_WRAPPER="$(command -v valgrind) --leak-check=full --error-exitcode=1".
static pid_t
s_mon_start (const char *out_path, const char *const args[])
{
    static char wrapper[512];
    const char *argv[48];
    int n = 0;
    const char *tool = getenv ("VP_TEST_WRAPPER");
    if (tool && *tool) {
        snprintf (wrapper, sizeof wrapper, "%s", tool);
        char *save = NULL;
        for (char *word = strtok_r (wrapper, " ", &save); word && n < 20; word = strtok_r (NULL, " ", &save))
            argv[n++] = word;
    }
    argv[n++] = tu_bin ("vp-mon");
    for (int i = 0; args[i] && n < 47; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    return tu_spawn (argv, s_env, out_path);
}

//  Run vp-mon with args to the end. Returns its exit status.
static int
s_mon (const char *out_path, int timeout_ms, const char *const args[])
{
    pid_t pid = s_mon_start (out_path, args);
    int rc = tu_wait (pid, timeout_ms);
    if (rc < 0)
        tu_stop (pid, SIGKILL, 1000);
    return rc;
}

int
main (void)
{
    vp_log_init ("test_mon", "warn", NULL);
    const char *dir = tu_tmpdir ("mon");
    char *keys_dir = zsys_sprintf ("%s/keys", dir);
    tu_make_keys (keys_dir, (const char *[]) { "bus:service", "probe:service", "operator:operator", NULL });

    const char *ingest = tu_endpoint ();
    const char *pub = tu_endpoint ();
    const char *replay = tu_endpoint ();
    char *env_data = zsys_sprintf ("VP_DATA_DIR=%s/data", dir);
    char *env_ingest = zsys_sprintf ("VP_BUS_INGEST=%s", ingest);
    char *env_pub = zsys_sprintf ("VP_BUS_PUB=%s", pub);
    char *env_replay = zsys_sprintf ("VP_BUS_REPLAY=%s", replay);
    char *env_keys = zsys_sprintf ("VP_KEYS_DIR=%s", keys_dir);
    const char *bus_env[] = { env_data, env_ingest, env_pub, env_replay, env_keys, NULL };
    char *bus_log = zsys_sprintf ("%s/bus.log", dir);
    pid_t bus = tu_spawn ((const char *[]) { tu_bin ("vp-bus"), NULL }, bus_env, bus_log);

    vp_err_t err = { 0 };
    vp_keys_t *operator_keys = vp_keys_load (keys_dir, "operator", &err);
    TU_CHECK (operator_keys, "operator key: %s", err.message);
    TU_CHECK (tu_wait_health (replay, operator_keys, "bus", 10000), "vp-bus did not come up (see %s)", bus_log);
    tu_ok ("vp-bus is up with CURVE");

    vp_keys_t *probe_keys = vp_keys_load (keys_dir, "probe", &err);
    TU_CHECK (probe_keys, "probe key: %s", err.message);
    zsock_t *producer = vp_sock_connect (probe_keys, ZMQ_DEALER, ingest, "bus", &err);
    TU_CHECK (producer, "producer: %s", err.message);
    zsock_set_rcvtimeo (producer, 5000);

    //  The five first events happen at a known time, the last one with a
    //  note too long for one line.
    vp_clock_set (s_fixed_clock, NULL);
    char note[400] = "";
    while (strlen (note) + strlen ("Ủy ban nhân dân xã Lâm Sơn ") < sizeof note)
        strcat (note, "Ủy ban nhân dân xã Lâm Sơn ");
    for (int i = 1; i <= 5; i++) {
        int64_t seq = s_send_probe (producer, i, i == 5 ? note : NULL);
        TU_CHECK (seq == i, "probe %d got seq %lld", i, (long long) seq);
    }
    vp_clock_set (NULL, NULL);
    tu_ok ("5 probe events logged as seq 1..5");

    //  vp-mon reads the same variables as the services; its key is "operator".
    s_env[0] = env_ingest;
    s_env[1] = env_pub;
    s_env[2] = env_replay;
    s_env[3] = env_keys;
    s_env[4] = "VP_TZ=Asia/Ho_Chi_Minh";
    s_env[5] = "VP_LOG_LEVEL=info";
    s_env[6] = NULL;

    //  (a) replay as JSON
    char *out = zsys_sprintf ("%s/replay.out", dir);
    int rc = s_mon (out, 20000, (const char *[]) {
        "tail", "--stream", "probe", "--from", "1", "--json", "--count", "5", NULL });
    char *text = tc_read (out);
    TU_CHECK (rc == 0, "tail --from 1 exited %d:\n%s", rc, text);
    zstr_free (&text);
    zlist_t *lines = s_lines (out, "{");
    TU_CHECK (zlist_size (lines) == 5, "%zu JSON lines, not 5", zlist_size (lines));
    int expect = 1;
    for (char *line = (char *) zlist_first (lines); line; line = (char *) zlist_next (lines), expect++) {
        TU_CHECK (s_is_seq (line, expect) && strstr (line, "\"type\":\"probe.ping\""),
                  "line %d is not event seq %d: %s", expect, expect, line);
    }
    zlist_destroy (&lines);
    tu_ok ("tail --stream probe --from 1 --json --count 5 prints seq 1..5 as JSON and exits 0");

    //  (b) the human lines, in the zone of VP_TZ
    char *human = zsys_sprintf ("%s/human.out", dir);
    rc = s_mon (human, 20000, (const char *[]) {
        "tail", "--stream", "probe", "--from", "4", "--count", "2", NULL });
    TU_CHECK (rc == 0, "tail --from 4 exited %d", rc);
    lines = s_lines (human, "2026-11-27 14:05:01.123 probe#");
    TU_CHECK (zlist_size (lines) == 2, "%zu human lines, not 2", zlist_size (lines));
    char *line4 = (char *) zlist_first (lines);
    TU_CHECK (strncmp (line4, "2026-11-27 14:05:01.123 probe#4 probe.ping tenant=lam-son actor=test corr=", 74) == 0
              && strstr (line4, " {\"n\":4}"), "line of seq 4: %s", line4);
    char *line5 = (char *) zlist_next (lines);
    const char *data5 = strstr (line5, " {\"n\":5,\"note\":\"");
    TU_CHECK (data5, "line of seq 5: %s", line5);
    size_t shown = strlen (data5 + 1);
    TU_CHECK (shown <= 160 + strlen ("…") && strcmp (line5 + strlen (line5) - strlen ("…"), "…") == 0
              && vp_utf8_valid (line5, strlen (line5)),
              "the long data is not cut to one line of valid UTF-8 (%zu bytes): %s", shown, line5);
    zlist_destroy (&lines);
    tu_ok ("human line: local time, probe#4, type, tenant, actor, corr, data cut at 160 bytes");

    //  (c) live: start the tail, wait until it follows, then send
    char *live = zsys_sprintf ("%s/live.out", dir);
    pid_t mon = s_mon_start (live, (const char *[]) { "tail", "--stream", "probe", "--json",
                                                      "--count", "2", NULL });
    bool following = false;
    for (int waited = 0; !following && waited < 20000; waited += 20) {
        text = tc_read (live);
        following = strstr (text, "following probe live after seq 5") != NULL;
        zstr_free (&text);
        if (!following)
            tu_sleep_ms (20);
    }
    text = tc_read (live);
    TU_CHECK (following, "the live tail did not start following:\n%s", text);
    zstr_free (&text);
    TU_CHECK (s_send_probe (producer, 6, NULL) == 6, "probe 6 did not get seq 6");
    TU_CHECK (s_send_probe (producer, 7, NULL) == 7, "probe 7 did not get seq 7");
    rc = tu_wait (mon, 15000);
    text = tc_read (live);
    if (rc < 0)
        tu_stop (mon, SIGKILL, 1000);
    TU_CHECK (rc == 0, "the live tail exited %d:\n%s", rc, text);
    zstr_free (&text);
    lines = s_lines (live, "{");
    TU_CHECK (zlist_size (lines) == 2, "%zu live lines, not 2", zlist_size (lines));
    TU_CHECK (s_is_seq ((char *) zlist_first (lines), 6), "first live line: %s", (char *) zlist_first (lines));
    TU_CHECK (s_is_seq ((char *) zlist_next (lines), 7), "second live line is not seq 7");
    zlist_destroy (&lines);
    tu_ok ("a live tail shows seq 6 and 7 exactly");

    //  (d) stats
    char *stats = zsys_sprintf ("%s/stats.out", dir);
    rc = s_mon (stats, 10000, (const char *[]) { "stats", "--json", NULL });
    text = tc_read (stats);
    TU_CHECK (rc == 0 && strstr (text, "\"heads\":{\"probe\":7}"), "stats --json exited %d:\n%s", rc, text);
    zstr_free (&text);
    char *table = zsys_sprintf ("%s/table.out", dir);
    rc = s_mon (table, 10000, (const char *[]) { "stats", NULL });
    text = tc_read (table);
    TU_CHECK (rc == 0, "stats exited %d:\n%s", rc, text);
    lines = s_lines (table, "probe ");
    const char *row = (const char *) zlist_first (lines);
    TU_CHECK (zlist_size (lines) == 1 && strcmp (row + strlen (row) - 2, " 7") == 0,
              "no row \"probe ... 7\" in the table:\n%s", text);
    zlist_destroy (&lines);
    zstr_free (&text);
    tu_ok ("stats reports head 7 for probe, as JSON and as a table");

    //  (e) mistakes and an absent bus
    char *bad = zsys_sprintf ("%s/bad.out", dir);
    rc = s_mon (bad, 10000, (const char *[]) { "tail", "--from", "1", NULL });
    text = tc_read (bad);
    TU_CHECK (rc == 2 && strstr (text, "--from") && strstr (text, "--stream"),
              "tail --from without --stream exited %d: %s", rc, text);
    zstr_free (&text);
    unlink (bad);
    rc = s_mon (bad, 10000, (const char *[]) { "tail", "--count", "many", NULL });
    text = tc_read (bad);
    TU_CHECK (rc == 2 && strstr (text, "--count") && strstr (text, "\"many\""),
              "tail --count many exited %d: %s", rc, text);
    zstr_free (&text);
    unlink (bad);
    rc = s_mon (bad, 10000, (const char *[]) { "stats", "--bus-replay", tu_endpoint (), NULL });
    text = tc_read (bad);
    TU_CHECK (rc == 5 && strstr (text, "bus.stats"), "stats without a bus exited %d: %s", rc, text);
    zstr_free (&text);
    tu_ok ("a bad flag exits 2 naming it; no bus exits 5");

    zsock_destroy (&producer);
    vp_keys_destroy (&probe_keys);
    vp_keys_destroy (&operator_keys);
    rc = tu_stop (bus, SIGTERM, 10000);
    TU_CHECK (rc == 0, "vp-bus exited %d (see %s)", rc, bus_log);
    tu_ok ("vp-bus stopped cleanly");

    zstr_free (&out);
    zstr_free (&human);
    zstr_free (&live);
    zstr_free (&stats);
    zstr_free (&table);
    zstr_free (&bad);
    zstr_free (&bus_log);
    zstr_free (&env_data);
    zstr_free (&env_ingest);
    zstr_free (&env_pub);
    zstr_free (&env_replay);
    zstr_free (&env_keys);
    zstr_free (&keys_dir);
    return 0;
}
