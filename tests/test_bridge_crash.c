/*  Two districts' stacks, each with its vp-bridge, one nats-server with
    JetStream on a temporary store, and vp-province reading both. 10,000
    probe events (5,000 a district) and some real registrations, half of
    them gone overdue; mid-stream the bridge, then the bus, then
    nats-server are SIGKILLed and started again. Then JetStream holds
    every event of each district's bus exactly once (counted by
    Nats-Msg-Id), each stream in its bus order (Vp-Seq 1, 2, ... in
    JetStream's order), and vp-province's report equals what each
    district's own documents database counts, by month. */
#include <signal.h>
#include <string.h>
#include "testutil.h"
#include "vp_nats.h"

#define S_PROBES 5000
#define S_GST "giang-son-tay"
#define S_CLERK "gst-le-thi-mau-muoi-bon"

typedef struct {
    const char *district;
    tu_stack_t stack;
    char env_store[6][1200];
    const char *env[48];
    char log[1200], bridge_db[1200], bus_db[1200], documents_db[1200];
    pid_t bridge, producer;
    int registered;
} s_district_t;

static char s_nats_url[64], s_nats_dir[1100], s_nats_log[1200];
static int s_nats_port;
static pid_t s_nats;

static void
s_nats_start (void)
{
    char port[16];
    snprintf (port, sizeof port, "%d", s_nats_port);
    s_nats = tu_spawn ((const char *[]) { "/usr/sbin/nats-server", "-a", "127.0.0.1", "-p", port,
                                          "-js", "-sd", s_nats_dir, NULL }, NULL, s_nats_log);
    for (int i = 0; i < 200; i++) {
        natsConnection *nc = NULL;
        if (natsConnection_ConnectTo (&nc, s_nats_url) == NATS_OK) {
            natsConnection_Destroy (nc);
            return;
        }
        tu_sleep_ms (50);
    }
    TU_CHECK (false, "nats-server did not come up (log: %s)", s_nats_log);
}

static void
s_bridge_start (s_district_t *d)
{
    d->bridge = tu_spawn ((const char *[]) { tu_bin ("vp-bridge"), NULL }, d->env, d->log);
    vp_keys_t *keys = tu_bus_keys (&d->stack.bus, "operator");
    TU_CHECK (tu_wait_health (d->env_store[0] + strlen ("VP_BRIDGE_CMD="), keys, "bridge", 30000),
              "vp-bridge of %s did not come up (log: %s)", d->district, d->log);
    vp_keys_destroy (&keys);
}

static void
s_district_start (s_district_t *d, const char *district)
{
    d->district = district;
    tu_stack_opts_t opts = { .demo = true, .clock = tu_local_ms (2026, 11, 27, 8, 0) };
    tu_stack_start_opts (&d->stack, district, &opts);
    tu_make_keys (d->stack.bus.keys_dir, (const char *[]) { "bridge:service", NULL });
    snprintf (d->env_store[0], 1200, "VP_BRIDGE_CMD=%s", tu_endpoint ());
    snprintf (d->env_store[1], 1200, "VP_DISTRICT=%s", district);
    snprintf (d->env_store[2], 1200, "VP_NATS_URL=%s", s_nats_url);
    snprintf (d->env_store[3], 1200, "VP_BRIDGE_STREAMS=probe,staffing,documents");
    snprintf (d->env_store[4], 1200, "VP_BRIDGE_ACK_TIMEOUT_MS=2000");
    int n = 0;
    for (int i = 0; d->stack.env[i]; i++)
        d->env[n++] = d->stack.env[i];
    for (int i = 0; i < 5; i++)
        d->env[n++] = d->env_store[i];
    d->env[n] = NULL;
    snprintf (d->log, sizeof d->log, "%s/bridge.log", d->stack.bus.dir);
    snprintf (d->bridge_db, sizeof d->bridge_db, "%s/data/bridge.db", d->stack.bus.dir);
    snprintf (d->bus_db, sizeof d->bus_db, "%s/bus.db", d->stack.bus.data_dir);
    snprintf (d->documents_db, sizeof d->documents_db, "%s/data/documents.db", d->stack.bus.dir);
}

//  n documents registered now; with a deadline when due is given.
static void
s_register (s_district_t *d, int n, const char *due)
{
    vp_cmdcli_t *cli = tu_stack_client (&d->stack, "documents");
    for (int i = 0; i < n; i++) {
        char number[64], deadline[64];
        snprintf (number, sizeof number, "number=%d/UBND-%s", ++d->registered, d->district);
        snprintf (deadline, sizeof deadline, "deadline=%s", due ? due : "");
        vp_val_t *r = tu_ok_call (cli, S_GST, S_CLERK, "documents.register", "issuer=UBND tỉnh", number,
                                  "doc_date=26/11/2026", "type=cong-van", "summary=Báo cáo tình hình tháng",
                                  "field=van-hoa", due ? deadline : "urgency=thuong");
        vp_val_destroy (&r);
    }
    vp_cmdcli_destroy (&cli);
}

static int64_t
s_cursor (s_district_t *d)
{
    return tu_sql_int (d->bridge_db, "SELECT coalesce(max(seq), 0) FROM vp_cursor WHERE stream = 'probe'");
}

static void
s_wait_cursor (s_district_t *d, int64_t want, const char *before)
{
    int64_t at = 0;
    for (int i = 0; i < 1200 && (at = s_cursor (d)) < want; i++)
        tu_sleep_ms (50);
    TU_CHECK (at >= want, "%s: the bridge of %s reached only %lld of %lld probe events before %s (log: %s)",
              d->district, d->district, (long long) at, (long long) want, before, d->log);
}

//  Every event of the followed streams, read back from JetStream by its
//  stream sequence: once each by id, each bus stream in its order.
static void
s_check_jetstream (jsCtx *js, s_district_t *d)
{
    char name[64];
    vp_nats_stream_name (d->district, name, sizeof name);
    jsStreamInfo *si = NULL;
    TU_CHECK (js_GetStreamInfo (&si, js, name, NULL, NULL) == NATS_OK, "no stream %s", name);
    uint64_t msgs = si->State.Msgs, last = si->State.LastSeq;
    jsStreamInfo_Destroy (si);
    zhashx_t *ids = zhashx_new ();
    const char *streams[] = { "probe", "staffing", "documents" };
    int64_t next[3] = { 1, 1, 1 };
    int64_t out_of_order = 0, duplicates = 0;
    for (uint64_t seq = 1; seq <= last; seq++) {
        natsMsg *msg = NULL;
        if (js_GetMsg (&msg, js, name, seq, NULL, NULL) != NATS_OK)
            continue;
        const char *id = NULL, *vseq = NULL;
        natsMsgHeader_Get (msg, "Nats-Msg-Id", &id);
        natsMsgHeader_Get (msg, "Vp-Seq", &vseq);
        TU_CHECK (id && vseq, "%s seq %llu has no Nats-Msg-Id or Vp-Seq", name, (unsigned long long) seq);
        if (zhashx_insert (ids, id, (void *) 1))
            duplicates++;
        char prefix[80];
        for (int k = 0; k < 3; k++) {
            snprintf (prefix, sizeof prefix, "vp.%s.%s.", d->district, streams[k]);
            if (strncmp (natsMsg_GetSubject (msg), prefix, strlen (prefix)) == 0) {
                if (atoll (vseq) != next[k])
                    out_of_order++;
                next[k] = atoll (vseq) + 1;
            }
        }
        natsMsg_Destroy (msg);
    }
    int64_t logged = tu_sql_int (d->bus_db, "SELECT count(*) FROM log WHERE stream IN ('probe', 'staffing', 'documents')");
    int64_t probes = tu_sql_int (d->bus_db, "SELECT count(*) FROM log WHERE stream = 'probe'");
    printf ("%s: bus logged %lld events (%lld probe); JetStream %s holds %llu messages, %zu distinct ids, "
            "%lld duplicates, %lld out of order\n", d->district, (long long) logged, (long long) probes, name,
            (unsigned long long) msgs, zhashx_size (ids), (long long) duplicates, (long long) out_of_order);
    CHECK (probes == S_PROBES, "%s: the bus logged %lld probe events", d->district, (long long) probes);
    CHECK (duplicates == 0 && (int64_t) msgs == logged && (int64_t) zhashx_size (ids) == logged,
           "%s: JetStream holds %llu messages (%zu ids, %lld duplicates) for %lld events logged", d->district,
           (unsigned long long) msgs, zhashx_size (ids), (long long) duplicates, (long long) logged);
    CHECK (out_of_order == 0, "%s: %lld events out of their bus order", d->district, (long long) out_of_order);
    zhashx_destroy (&ids);
    tu_ok ("%s: every one of %lld events once in JetStream, in the bus's order", d->district, (long long) logged);
}

//  vp-province's counts equal the district's own, month by month.
static bool
s_report_matches (const char *province_db, s_district_t *d, bool say)
{
    static const char *const months[] = { "2026-11", "2026-12" };
    bool same = true;
    for (int m = 0; m < 2; m++) {
        char sql[600];
        snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_document WHERE strftime ('%%Y-%%m', "
                  "registered_at / 1000, 'unixepoch', '+7 hours') = '%s'", months[m]);
        int64_t registered = tu_sql_int (d->documents_db, sql);
        snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_document WHERE overdue_sent IS NOT NULL AND "
                  "strftime ('%%Y-%%m', deadline / 1000, 'unixepoch', '+7 hours') = '%s'", months[m]);
        int64_t overdue = tu_sql_int (d->documents_db, sql);
        snprintf (sql, sizeof sql, "SELECT coalesce(sum(registered), 0) FROM prv_month WHERE district = '%s' "
                  "AND month = '%s'", d->district, months[m]);
        int64_t p_registered = tu_sql_int (province_db, sql);
        snprintf (sql, sizeof sql, "SELECT coalesce(sum(overdue), 0) FROM prv_month WHERE district = '%s' "
                  "AND month = '%s'", d->district, months[m]);
        int64_t p_overdue = tu_sql_int (province_db, sql);
        if (say)
            printf ("%s %s: documents.db %lld registered, %lld overdue; province %lld registered, %lld overdue\n",
                    d->district, months[m], (long long) registered, (long long) overdue,
                    (long long) p_registered, (long long) p_overdue);
        same = same && registered == p_registered && overdue == p_overdue;
    }
    return same;
}

int
main (void)
{
    const char *dir = tu_tmpdir ("bridge-crash");
    snprintf (s_nats_dir, sizeof s_nats_dir, "%s/jetstream", dir);
    snprintf (s_nats_log, sizeof s_nats_log, "%s/nats.log", dir);
    s_nats_port = tu_free_port ();
    snprintf (s_nats_url, sizeof s_nats_url, "nats://127.0.0.1:%d", s_nats_port);
    s_nats_start ();

    //  A bad setting: refused by name, nothing started.
    char bad_log[1200], bad_dir[1200];
    snprintf (bad_log, sizeof bad_log, "%s/bad.log", dir);
    snprintf (bad_dir, sizeof bad_dir, "VP_DATA_DIR=%s/bad", dir);
    const char *bad[][2] = { { "VP_DISTRICT=Huyện A", "district" }, { "VP_BRIDGE_DUP_WINDOW_MS=1000", "bridge-dup-window-ms" },
                             { "VP_BRIDGE_REPLICAS=0", "bridge-replicas" } };
    for (int i = 0; i < 3; i++) {
        const char *env[] = { bad_dir, "VP_DISTRICT=huyen-a", bad[i][0], "VP_BRIDGE_CMD=tcp://127.0.0.1:1", NULL };
        int rc = tu_wait (tu_spawn ((const char *[]) { tu_bin ("vp-bridge"), NULL }, env, bad_log), 10000);
        char *text = zsys_sprintf ("%s", "");
        FILE *f = fopen (bad_log, "r");
        char line[2000];
        while (f && fgets (line, sizeof line, f))
            if (strstr (line, bad[i][1])) {
                zstr_free (&text);
                text = strdup (line);
            }
        if (f)
            fclose (f);
        CHECK (rc == 2 && *text, "vp-bridge with %s exited %d, said: %s", bad[i][0], rc, text);
        zstr_free (&text);
    }
    tu_ok ("vp-bridge refuses a bad district, a window under 4 ack timeouts, 0 replicas, naming the setting");

    static s_district_t a, b;
    s_district_start (&a, "huyen-a");
    s_district_start (&b, "huyen-b");
    s_district_t *ds[] = { &a, &b };

    //  November: documents in; December 1st: more, due that afternoon.
    s_register (&a, 12, NULL);
    s_register (&b, 7, NULL);
    for (int i = 0; i < 2; i++)
        tu_stack_set_clock (&ds[i]->stack, tu_local_ms (2026, 12, 1, 8, 0));
    s_register (&a, 9, "01/12/2026 17:00");
    s_register (&b, 5, "01/12/2026 17:00");

    for (int i = 0; i < 2; i++)
        s_bridge_start (ds[i]);
    char province_dir[1200], province_log[1200], province_db[1300], w_dir[1300], w_url[100], w_districts[100];
    snprintf (province_dir, sizeof province_dir, "%s/province", dir);
    snprintf (province_log, sizeof province_log, "%s/province.log", dir);
    snprintf (province_db, sizeof province_db, "%s/province.db", province_dir);
    snprintf (w_dir, sizeof w_dir, "VP_DATA_DIR=%s", province_dir);
    snprintf (w_url, sizeof w_url, "VP_NATS_URL=%s", s_nats_url);
    snprintf (w_districts, sizeof w_districts, "VP_PROVINCE_DISTRICTS=huyen-a,huyen-b");
    const char *province_env[] = { w_dir, w_url, w_districts, NULL };
    pid_t province = tu_spawn ((const char *[]) { tu_bin ("vp-province"), NULL }, province_env, province_log);

    //  The load: 5,000 probe events into each bus, about 1,000 a second.
    for (int i = 0; i < 2; i++) {
        char producer_dir[1300], producer_log[1300];
        snprintf (producer_dir, sizeof producer_dir, "%s/producer", ds[i]->stack.bus.dir);
        snprintf (producer_log, sizeof producer_log, "%s/producer.log", ds[i]->stack.bus.dir);
        const char *argv[] = { tu_bin ("tu_producer"), "--data-dir", producer_dir, "--count", "5000",
                               "--per-tick", "5", "--tick-ms", "5", "--pad", "200", NULL };
        ds[i]->producer = tu_spawn (argv, ds[i]->stack.env, producer_log);
    }

    //  The bridge of A dies, then A's bus, then nats-server (both bridges
    //  lose it), each once the bridge has gone on a while.
    s_wait_cursor (&a, 800, "the bridge's kill");
    TU_CHECK (tu_stop (a.bridge, SIGKILL, 5000) == 128 + SIGKILL, "vp-bridge did not die of SIGKILL");
    int64_t at_bridge = s_cursor (&a);
    s_bridge_start (&a);
    s_wait_cursor (&a, at_bridge + 1000, "the bus's kill");
    int64_t at_bus = s_cursor (&a);
    tu_stack_restart (&a.stack, "bus", SIGKILL);
    s_wait_cursor (&a, at_bus + 1000, "nats-server's kill");
    int64_t at_nats = s_cursor (&a);
    TU_CHECK (tu_stop (s_nats, SIGKILL, 5000) == 128 + SIGKILL, "nats-server did not die of SIGKILL");
    tu_sleep_ms (1000);
    s_nats_start ();
    CHECK (at_nats < S_PROBES, "the kills did not land mid-stream: nats-server killed at %lld of %d",
           (long long) at_nats, S_PROBES);
    tu_ok ("SIGKILLed vp-bridge at %lld, vp-bus at %lld, nats-server at %lld of %d probe events of huyen-a",
           (long long) at_bridge, (long long) at_bus, (long long) at_nats, S_PROBES);

    for (int i = 0; i < 2; i++)
        TU_CHECK (tu_wait (ds[i]->producer, 120000) == 0, "the producer of %s did not finish", ds[i]->district);
    //  The next morning the afternoon's deadline has passed.
    for (int i = 0; i < 2; i++) {
        tu_stack_set_clock (&ds[i]->stack, tu_local_ms (2026, 12, 2, 8, 0));
        vp_cmdcli_t *cli = tu_stack_operator (&ds[i]->stack, "documents");
        tu_drop (tu_ok_call (cli, S_GST, NULL, "documents.scan"));
        vp_cmdcli_destroy (&cli);
        tu_stack_sync (&ds[i]->stack);
    }
    //  Each bridge goes up to its bus's heads.
    for (int i = 0; i < 2; i++) {
        const char *sql = "SELECT count(*) FROM log WHERE stream IN ('probe', 'staffing', 'documents')";
        int64_t want = tu_sql_int (ds[i]->bus_db, sql), at = 0;
        for (int k = 0; k < 1200; k++) {
            at = tu_sql_int (ds[i]->bridge_db, "SELECT coalesce(sum(seq), 0) FROM vp_cursor");
            if (at >= want)
                break;
            tu_sleep_ms (50);
        }
        TU_CHECK (at == want, "%s: the bridge's cursors sum to %lld, the bus logged %lld (log: %s)",
                  ds[i]->district, (long long) at, (long long) want, ds[i]->log);
    }

    natsConnection *nc = NULL;
    jsCtx *js = NULL;
    TU_CHECK (natsConnection_ConnectTo (&nc, s_nats_url) == NATS_OK
              && natsConnection_JetStream (&js, nc, NULL) == NATS_OK, "no JetStream at %s", s_nats_url);
    for (int i = 0; i < 2; i++)
        s_check_jetstream (js, ds[i]);
    jsCtx_Destroy (js);
    natsConnection_Destroy (nc);

    bool same = false;
    for (int k = 0; k < 600 && !same; k++) {
        same = s_report_matches (province_db, &a, false) && s_report_matches (province_db, &b, false);
        if (!same)
            tu_sleep_ms (50);
    }
    for (int i = 0; i < 2; i++)
        s_report_matches (province_db, ds[i], true);
    CHECK (same, "the province report does not match the districts' own counts (log: %s)", province_log);
    int64_t overdue = tu_sql_int (province_db, "SELECT sum(overdue) FROM prv_month");
    CHECK (overdue == 14, "%lld documents overdue in the province report, not 14", (long long) overdue);
    tu_ok ("the province report equals each district's documents, by month");
    pid_t report = tu_spawn ((const char *[]) { tu_bin ("vp-province"), "report", NULL }, province_env, NULL);
    CHECK (tu_wait (report, 10000) == 0, "vp-province report failed");

    TU_CHECK (tu_stop (province, SIGTERM, 10000) == 0, "vp-province did not stop cleanly (log: %s)", province_log);
    for (int i = 0; i < 2; i++) {
        TU_CHECK (tu_stop (ds[i]->bridge, SIGTERM, 10000) == 0, "vp-bridge did not stop cleanly (log: %s)",
                  ds[i]->log);
        tu_stack_stop (&ds[i]->stack);
    }
    TU_CHECK (tu_stop (s_nats, SIGTERM, 10000) >= 0, "nats-server did not stop");
    printf ("%d checks\n", tu_checks);
    tu_cleanup ();
    return tu_failed ? 1 : 0;
}
