/*  test_mon_trace - an operator follows one flow and the consumers' lag.

    Starts vp-bus, vp-staffing and vp-documents with CURVE and the demo
    district. Checks that:
      (a) after a document is registered, `vp-mon trace <corr>` shows
          documents.registered then documents.assigned, in time order,
          with the time between the steps and since the first; --json
          gives the envelopes; an event id starts the flow at that event;
          a corr nothing has exits 3;
      (b) `trace --follow` shows the steps of a flow that starts after
          it, as they happen;
      (c) `vp-mon lag` shows vp-documents' staffing cursor at the head
          after sync; a vp-documents that does not answer (SIGSTOP) is
          unreachable (exit 5); one cut off from the bus while staffing
          events are made shows a lag of exactly those events; started
          again, it catches up to lag 0;
      (d) a trace over 20,000 events takes seconds (replay in pages).
*/
#include <string.h>
#include "test_ctl_run.h"

#define LS_CLERK "ls-nguyen-van-cong"

static tu_stack_t s_stack;
static char *s_out;

static int
s_mon (const char *const words[])
{
    zstr_free (&s_out);
    return tc_run (s_stack.bus.dir, "vp-mon", words, s_stack.env, &s_out);
}

#define MON(...) s_mon ((const char *const []) { __VA_ARGS__, NULL })

//  The event of type for document in a replayed stream.
static const vp_val_t *
s_event (const vp_val_t *events, const char *type, const char *document)
{
    for (size_t i = 0; i < vp_val_len (events); i++) {
        const vp_val_t *env = vp_array_at (events, i);
        if (strcmp (tu_str (env, "type"), type) == 0
        &&  strcmp (tu_str (vp_map_get (env, "data"), "document"), document) == 0)
            return env;
    }
    return NULL;
}

//  Where the line showing `type` is in the output (-1: none).
static int
s_line_of (const char *type, char *line, size_t size)
{
    zlist_t *lines = tc_lines (s_out, NULL);
    int index = 0, found = -1;
    for (const char *one = (const char *) zlist_first (lines); one && found < 0; one = (const char *) zlist_next (lines), index++)
        if (strstr (one, type)) {
            found = index;
            snprintf (line, size, "%s", one);
        }
    zlist_destroy (&lines);
    return found;
}

//  Register a document; its id into document (size 64), the result's.
static void
s_register (vp_cmdcli_t *cli, const char *number, char document[64])
{
    vp_val_t *result = tu_ok_call (cli, "lam-son", LS_CLERK, "documents.register", "issuer=Huyện ủy Đô Lương",
                                   number, "doc_date=01/11/2026", "type=de-an", "summary=Hợp nhất văn phòng");
    snprintf (document, 64, "%s", tu_str (result, "document"));
    vp_val_destroy (&result);
}

//  One row of `vp-mon lag`: service stream cursor head lag outbox status.
typedef struct {
    char service[32], stream[32], status[32];
    long long cursor, head, lag, outbox;
} s_lag_t;

static bool
s_lag_row (const char *service, const char *stream, s_lag_t *row)
{
    zlist_t *lines = tc_lines (s_out, service);
    bool found = false;
    for (const char *line = (const char *) zlist_first (lines); line && !found; line = (const char *) zlist_next (lines))
        found = sscanf (line, "%31s %31s %lld %lld %lld %lld %31s", row->service, row->stream, &row->cursor,
                        &row->head, &row->lag, &row->outbox, row->status) == 7
             && strcmp (row->stream, stream) == 0;
    zlist_destroy (&lines);
    return found;
}

static int64_t
s_head (const char *stream)
{
    vp_cmdcli_t *bus = tu_stack_client (&s_stack, "bus");
    vp_val_t *stats = tu_ok_call (bus, NULL, NULL, "bus.stats", NULL);
    int64_t head = vp_map_int (vp_map_get (stats, "heads"), stream, 0);
    vp_val_destroy (&stats);
    vp_cmdcli_destroy (&bus);
    return head;
}

static void
s_trace (vp_cmdcli_t *documents)
{
    char document[64], line[1024];
    s_register (documents, "number=07-ĐA/HU", document);
    tu_stack_sync (&s_stack);
    vp_val_t *events = tu_stack_replay (&s_stack, "documents");
    const vp_val_t *registered = s_event (events, "documents.registered", document);
    const vp_val_t *assigned = s_event (events, "documents.assigned", document);
    CHECK (registered && assigned, "no registered and assigned events for %s", document);
    const char *corr = tu_str (registered, "corr");
    CHECK (strcmp (corr, tu_str (assigned, "corr")) == 0, "registered and assigned have different corrs");

    int rc = MON ("trace", corr);
    CHECK (rc == 0, "trace %s exited %d:\n%s", corr, rc, s_out);
    int first = s_line_of ("documents.registered", line, sizeof line);
    CHECK (first > 0 && strstr (line, "+0ms      +0ms") && strstr (line, document),
           "no line for documents.registered at +0ms, +0ms about %s:\n%s", document, s_out);
    int second = s_line_of ("documents.assigned", line, sizeof line);
    char step[32];
    int64_t ms = vp_map_int (assigned, "ts", 0) - vp_map_int (registered, "ts", 0);
    if (ms < 1000)
        snprintf (step, sizeof step, "+%lldms", (long long) ms);
    else
        snprintf (step, sizeof step, "+%lld.%03llds", (long long) (ms / 1000), (long long) (ms % 1000));
    char both[80];
    snprintf (both, sizeof both, "%s", step);
    CHECK (second > first && strstr (line, both) && strstr (line, "officer="),
           "documents.assigned is not shown after registered with %s and its officer:\n%s", step, s_out);
    CHECK (strstr (s_out, "STEP") && strstr (s_out, "TOTAL") && strstr (s_out, "SUMMARY"), "no heading:\n%s", s_out);
    tu_ok ("trace %s: registered at +0ms, then assigned %s later, with its officer", corr, step);

    rc = MON ("trace", corr, "--json");
    zlist_t *lines = tc_lines (s_out, "{");
    CHECK (rc == 0 && zlist_size (lines) == 2 && strstr (zlist_first (lines), corr) && strstr (zlist_next (lines), corr),
           "trace --json (exit %d) is not two envelopes of %s:\n%s", rc, corr, s_out);
    zlist_destroy (&lines);
    rc = MON ("trace", tu_str (assigned, "id"));
    CHECK (rc == 0 && !strstr (s_out, "documents.registered") && s_line_of ("documents.assigned", line, sizeof line) > 0
           && strstr (line, "+0ms      +0ms"), "trace from the assigned event (exit %d):\n%s", rc, s_out);
    rc = MON ("trace", "01NONEXISTENTCORR000000000");
    CHECK (rc == 3 && strstr (s_out, "01NONEXISTENTCORR000000000"), "trace of nothing exited %d:\n%s", rc, s_out);
    rc = MON ("trace");
    CHECK (rc == 2 && strstr (s_out, "corr"), "trace without a corr exited %d:\n%s", rc, s_out);
    tu_ok ("trace --json gives the envelopes; an event id starts there; no such corr exits 3");
    vp_val_destroy (&events);
}

//  (b) a flow that starts after the trace does: the request's id is its corr.
static void
s_follow (vp_cmdcli_t *documents)
{
    char corr[VP_ID_LEN + 1];
    vp_id_new (corr);
    char *path = zsys_sprintf ("%s/follow.out", s_stack.bus.dir);
    pid_t mon = tu_spawn ((const char *[]) { tu_bin ("vp-mon"), "trace", corr, "--follow", "--timeout-ms", "1500", NULL },
                          s_stack.env, path);
    //  The heading says the replay is done; what comes after is followed.
    bool ready = false;
    for (int waited = 0; !ready && waited < 20000; waited += 20) {
        char *text = tc_read (path);
        ready = strstr (text, "SUMMARY") != NULL;
        free (text);
        if (!ready)
            tu_sleep_ms (20);
    }
    CHECK (ready, "trace --follow did not start");
    vp_val_t *request = vp_val_map ();
    vp_map_put_int (request, "v", 1);
    vp_map_put_str (request, "id", corr);
    vp_map_put_str (request, "cmd", "documents.register");
    vp_map_put_str (request, "tenant", "lam-son");
    vp_map_put_str (request, "actor", LS_CLERK);
    vp_map_put_str (request, "session", TU_SESSION);
    const char *words[] = {
        "issuer=Huyện ủy Đô Lương", "number=09-TB/HU", "doc_date=02/11/2026", "type=thong-bao", "summary=Lịch họp"
    };
    vp_val_t *args = NULL, *reply = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_args_from_words (vp_proto_find ("documents.register", VP_KIND_COMMAND), 5, words, TU_ZONE,
                               &args, &err) == 0, "args: %s", err.message);
    vp_map_put (request, "args", args);
    CHECK (vp_cmdcli_request (documents, request, TU_TIMEOUT, &reply, &err) == 0 && vp_map_bool (reply, "ok", false),
           "register with id %s: %s", corr, err.message);
    vp_val_destroy (&reply);
    int rc = tu_wait (mon, 30000);
    char *text = tc_read (path);
    const char *registered = strstr (text, "documents.registered");
    const char *assigned = strstr (text, "documents.assigned");
    CHECK (rc == 0 && registered && assigned && registered < assigned,
           "trace --follow (exit %d) did not show registered then assigned live:\n%s", rc, text);
    free (text);
    zstr_free (&path);
    tu_ok ("trace --follow shows the steps of a flow started after it, live");
}

static void
s_lag (vp_cmdcli_t *staffing)
{
    s_lag_t row;
    tu_stack_sync (&s_stack);
    int64_t head = s_head ("staffing");
    int rc = MON ("lag", "staffing", "documents");
    CHECK (rc == 0 && s_lag_row ("documents", "staffing", &row) && row.cursor == head && row.head == head
           && row.lag == 0 && strcmp (row.status, "ok") == 0,
           "lag after sync (exit %d), staffing head %lld:\n%s", rc, (long long) head, s_out);
    CHECK (strstr (s_out, "SERVICE") && strstr (s_out, "LAG") && strstr (s_out, "\nstaffing "),
           "no heading or no row for vp-staffing:\n%s", s_out);
    tu_ok ("lag: vp-documents' staffing cursor is the head (%lld), lag 0", (long long) head);

    //  Not answering at all.
    kill (s_stack.documents, SIGSTOP);
    rc = MON ("lag", "documents", "--timeout-ms", "500");
    kill (s_stack.documents, SIGCONT);
    CHECK (rc == 5 && strstr (s_out, "unreachable"), "lag of a stopped vp-documents exited %d:\n%s", rc, s_out);
    tu_ok ("a vp-documents that does not answer is unreachable, exit 5");

    //  Running, but cut off from the bus while staffing goes on.
    CHECK (tu_stop (s_stack.documents, SIGTERM, 10000) == 0, "vp-documents did not stop cleanly");
    s_stack.documents = 0;
    for (int i = 1; i <= 3; i++) {
        char officer[64];
        snprintf (officer, sizeof officer, "officer=ls-moi-%d", i);
        tu_drop (tu_ok_call (staffing, "lam-son", NULL, "staffing.officer.create", officer,
                             "full_name=Cán bộ Mẫu Mới"));
    }
    const char *nowhere = tu_endpoint ();
    pid_t cut = tu_spawn ((const char *[]) { tu_bin ("vp-documents"), "--bus-pub", nowhere, "--bus-replay", nowhere,
                                             NULL }, s_stack.env, s_stack.log);
    CHECK (tu_wait_health (s_stack.documents_cmd, s_stack.keys, "documents", 30000), "vp-documents did not come up");
    rc = MON ("lag", "documents");
    CHECK (rc == 0 && s_lag_row ("documents", "staffing", &row) && row.cursor == head && row.head == head + 3
           && row.lag == 3, "lag of a vp-documents cut off after 3 staffing events (exit %d):\n%s", rc, s_out);
    tu_ok ("cut off from the bus, vp-documents lags by the 3 staffing events made meanwhile (%s)", row.status);
    CHECK (tu_stop (cut, SIGTERM, 10000) == 0, "the cut-off vp-documents did not stop cleanly");
    tu_stack_start_service (&s_stack, "documents");
    tu_stack_sync (&s_stack);
    rc = MON ("lag", "documents", "--json");
    char want[96];
    snprintf (want, sizeof want, "\"staffing\":{\"cursor\":%lld,\"head\":%lld,\"lag\":0}", (long long) head + 3,
              (long long) head + 3);
    CHECK (rc == 0 && strstr (s_out, want), "lag --json after the restart (exit %d) has no %s:\n%s", rc, want, s_out);
    tu_ok ("started again, it catches up: lag 0 (--json)");
}

//  (d) a trace reads the whole log in pages: 20,000 probe events.
static void
s_large (void)
{
    char *data = zsys_sprintf ("--data-dir=%s/producer", s_stack.bus.dir);
    pid_t producer = tu_spawn ((const char *[]) { tu_bin ("tu_producer"), "--count", "20000", "--per-tick", "1000",
                                                  "--tick-ms", "1", data, NULL }, s_stack.env, s_stack.log);
    CHECK (tu_wait (producer, 60000) == 0, "tu_producer did not send 20,000 events");
    zstr_free (&data);
    int64_t start = vp_clock_mono ();
    int rc = MON ("trace", "01NONEXISTENTCORR000000000");
    int64_t took = vp_clock_mono () - start;
    CHECK (rc == 3 && took < 15000, "trace over 20,000 events took %lld ms (exit %d)", (long long) took, rc);
    tu_ok ("a trace reads %lld events in %lld ms", (long long) s_head ("probe") + s_head ("staffing"), (long long) took);
}

int
main (void)
{
    vp_log_init ("test_mon_trace", "warn", NULL);
    tu_stack_start (&s_stack, "mon_trace", true);
    vp_cmdcli_t *documents = tu_stack_client (&s_stack, "documents");
    vp_cmdcli_t *staffing = tu_stack_admin (&s_stack, "staffing");
    s_trace (documents);
    s_follow (documents);
    s_lag (staffing);
    s_large ();
    vp_cmdcli_destroy (&documents);
    vp_cmdcli_destroy (&staffing);
    tu_stack_stop (&s_stack);
    zstr_free (&s_out);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
