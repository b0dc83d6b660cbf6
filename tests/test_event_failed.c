/*  test_event_failed - an event a service cannot apply is told, never
    dropped in silence, and the stream goes on.

    vp-documents now refuses a meeting longer than vp-calendar takes; the
    bus's log is never rewritten, so an invitation registered before (a
    Giấy mời 45/GM-UBND of Giang Sơn Tây whose meeting lasts 40 days) is
    still there for a calendar that catches up. The test puts one on the
    documents stream with vp-documents' key, as vp-documents wrote it
    then, while vp-calendar is stopped; the clerk registers a proper
    invitation after it; vp-calendar starts again. Then:
      (a) one calendar.event_failed is on the bus, naming the cause (id,
          type, stream and seq, the clerk as actor, document, number) and
          the reason (the end, 31 days), and no text of the document;
      (b) vp-calendar's cursor moved past it: it is parked (vp_parked, and
          `parked: 1` in health) and the next invitation is on the
          schedule;
      (c) vp-notify told the clerk who registered it and the office head,
          one notification each: "Không đưa được văn bản 45/GM-UBND lên
          lịch: <reason>";
      (d) applied again (the cursor set back), it is told no second time
          and the next invitation is still one entry;
      (e) an operator lists it (calendar.parked.list) and applies it again
          (calendar.parked.retry): refused again with the same reason, it
          stays parked and nobody is told twice; a seq that is not parked
          is not_found.
*/
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include "testutil.h"

#define GST "giang-son-tay"
#define CLERK "gst-le-thi-mau-muoi-bon"         //  Văn phòng – Thống kê: registers
#define HEAD "gst-vu-thi-mau-truong"            //  Tổ trưởng Văn phòng
#define CHU_TICH "gst-dang-xuan-quang"          //  Chủ tịch UBND: invited
#define DAY_MS ((int64_t) 86400000)
//  A word of the summary that must not leave vp-documents' own events.
#define MARKER "Thuyền-Rồng-Bạc"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_doc, *s_cal, *s_ntf;

//  A Giấy mời as documents.registered carried it before the check: its
//  meeting, from Thursday 09:00, lasts 40 days.
static vp_val_t *
s_old_invitation (void)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, "document", "d-900");
    vp_map_put_str (data, "book", "den-chinh-quyen");
    vp_map_put_int (data, "arrival_number", 900);
    vp_map_put_int (data, "year", 2026);
    vp_map_put_str (data, "issuer", "UBND huyện Đô Lương");
    vp_map_put_str (data, "number", "45/GM-UBND");
    vp_map_put_int (data, "doc_date", tu_local_ms (2026, 11, 30, 0, 0));
    vp_map_put_str (data, "type", "giay-moi");
    vp_map_put_str (data, "summary", "Mời dự lớp bồi dưỡng " MARKER);
    vp_map_put_int (data, "arrived_at", TU_CLOCK_START);
    vp_val_t *meeting = vp_val_map ();
    vp_map_put_int (meeting, "start", tu_local_ms (2026, 12, 3, 9, 0));
    vp_map_put_int (meeting, "end", tu_local_ms (2026, 12, 3, 9, 0) + 40 * DAY_MS);
    vp_map_put_str (meeting, "place", "Trường Chính trị tỉnh");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (meeting, "invited_posts", posts);
    vp_map_put (data, "meeting", meeting);
    return data;
}

//  Put an event on the documents stream with vp-documents' key; its seq.
static int64_t
s_publish (vp_val_t *data, char id[32])
{
    vp_keys_t *keys = tu_bus_keys (&s_stack.bus, "documents");
    vp_err_t err = { 0 };
    vp_cmdcli_t *ingest = vp_cmdcli_new (s_stack.bus.ingest, keys, "bus", &err);
    TU_CHECK (ingest, "ingest: %s", err.message);
    vp_val_t *env = vp_envelope_new ("documents", "documents.registered", GST, CLERK, NULL, data);
    snprintf (id, 32, "%s", tu_str (env, "id"));
    vp_val_t *reply = NULL;
    TU_CHECK (vp_cmdcli_request (ingest, env, TU_TIMEOUT, &reply, &err) == 0, "publish: %s", err.message);
    TU_CHECK (vp_map_bool (reply, "ok", false), "the bus refused it: %s", vp_val_to_json (reply));
    int64_t seq = vp_map_int (reply, "seq", 0);
    vp_val_destroy (&reply);
    vp_cmdcli_destroy (&ingest);
    vp_keys_destroy (&keys);
    return seq;
}

//  The clerk registers a Giấy mời for the Chủ tịch UBND, Thursday 14:00.
static void
s_register (char document[32])
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
    vp_map_put_str (args, "number", "46/GM-UBND");
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 30, 0, 0));
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put_str (args, "summary", "Mời dự hội nghị triển khai hợp nhất văn phòng");
    vp_val_t *meeting = vp_val_map ();
    vp_map_put_int (meeting, "start", tu_local_ms (2026, 12, 3, 14, 0));
    vp_map_put_int (meeting, "end", tu_local_ms (2026, 12, 3, 16, 0));
    vp_map_put_str (meeting, "place", "Hội trường UBND huyện");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (meeting, "invited_posts", posts);
    vp_map_put (args, "meeting", meeting);
    vp_val_t *r = tu_ok_args (__LINE__, s_doc, GST, CLERK, "documents.register", args);
    snprintf (document, 32, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
}

//  calendar.event_failed about cause, as many as there are; the last in *last.
static int
s_failed (const char *cause, vp_val_t **last)
{
    vp_val_t *events = tu_stack_events (&s_stack, "calendar", "calendar.event_failed", "cause", cause);
    int n = (int) vp_val_len (events);
    if (last)
        *last = n ? vp_val_dup (vp_array_at (events, (size_t) n - 1)) : NULL;
    vp_val_destroy (&events);
    return n;
}

//  Entries vp-calendar made of a document.
static int
s_entries_of (const char *document)
{
    vp_val_t *events = tu_stack_events (&s_stack, "calendar", "calendar.entry_created", "document", document);
    int n = (int) vp_val_len (events);
    vp_val_destroy (&events);
    return n;
}

//  The officer's notifications of calendar.event_failed (the last in *last).
static int
s_told (const char *officer, vp_val_t **last)
{
    vp_val_t *inbox = tu_ok_call (s_ntf, GST, officer, "notify.inbox");
    vp_val_t *items = vp_map_get (inbox, "items");
    int n = 0;
    for (size_t i = 0; i < vp_val_len (items); i++)
        if (strcmp (tu_str (vp_array_at (items, i), "cause_type"), "calendar.event_failed") == 0) {
            if (n++ == 0 && last)
                *last = vp_val_dup (vp_array_at (items, i));
        }
    vp_val_destroy (&inbox);
    return n;
}

static void
s_stop_calendar (void)
{
    CHECK (tu_stop (s_stack.calendar, SIGTERM, 30000) == 0, "vp-calendar did not stop cleanly");
    s_stack.calendar = 0;
}

static int64_t
s_parked_count (void)
{
    vp_val_t *health = tu_ok_call (s_cal, "", "", "health");
    int64_t parked = vp_map_int (health, "parked", -1);
    vp_val_destroy (&health);
    return parked;
}

int
main (void)
{
    vp_log_init ("test_event_failed", "warn", NULL);
    tu_stack_opts_t opts = {
        .demo = true, .services = (const char *[]) { "staffing", "documents", "calendar", "notify", NULL },
        .env = (const char *[]) { "VP_SMTP_URL=", NULL }
    };
    tu_stack_start_opts (&s_stack, "event_failed", &opts);
    s_doc = tu_stack_client (&s_stack, "documents");
    s_ntf = tu_stack_client (&s_stack, "notify");
    char db[1300];
    snprintf (db, sizeof db, "%s/data/calendar.db", s_stack.bus.dir);

    s_stop_calendar ();
    char cause[32], good[32];
    int64_t seq = s_publish (s_old_invitation (), cause);
    s_register (good);
    tu_stack_start_service (&s_stack, "calendar");
    s_cal = tu_stack_client (&s_stack, "calendar");
    tu_stack_sync (&s_stack);

    //  (a) told on the bus, by name, with the reason.
    vp_val_t *env = NULL;
    CHECK (s_failed (cause, &env) == 1, "%d calendar.event_failed about %s", s_failed (cause, NULL), cause);
    const vp_val_t *data = vp_map_get (env, "data");
    CHECK (strcmp (tu_str (env, "tenant"), GST) == 0 && strcmp (tu_str (data, "cause_type"), "documents.registered") == 0
           && strcmp (tu_str (data, "cause_stream"), "documents") == 0 && vp_map_int (data, "cause_seq", 0) == seq
           && strcmp (tu_str (data, "cause_actor"), CLERK) == 0 && strcmp (tu_str (data, "document"), "d-900") == 0
           && strcmp (tu_str (data, "number"), "45/GM-UBND") == 0
           && strcmp (tu_str (data, "code"), "invalid_argument") == 0 && strcmp (tu_str (data, "field"), "end") == 0
           && strstr (tu_str (data, "reason"), "31 days"),
           "calendar.event_failed: %s", vp_val_to_json (env));
    char *json = vp_val_to_json (env);
    CHECK (!strstr (json, MARKER), "the document's text went with calendar.event_failed: %s", json);
    free (json);
    tu_ok ("one calendar.event_failed names the cause (documents.registered #%lld by the clerk, d-900, "
           "45/GM-UBND) and why: %s", (long long) seq, tu_str (data, "reason"));

    //  (b) parked, and the stream went on.
    char sql[200];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM vp_parked WHERE stream = 'documents' AND seq = %lld"
                               " AND code = 'invalid_argument'", (long long) seq);
    CHECK (tu_sql_int (db, sql) == 1, "the event is not in vp_parked");
    CHECK (s_parked_count () == 1, "health counts %lld parked", (long long) s_parked_count ());
    CHECK (tu_sql_int (db, "SELECT seq FROM vp_cursor WHERE stream = 'documents'") > seq,
           "the calendar's cursor stayed at or before seq %lld", (long long) seq);
    CHECK (s_entries_of ("d-900") == 0 && s_entries_of (good) == 1,
           "entries: %d of d-900, %d of %s", s_entries_of ("d-900"), s_entries_of (good), good);
    tu_ok ("parked (vp_parked, health parked 1), the cursor past it, the next invitation %s on the schedule", good);

    //  (c) the clerk and the office head are told, once each.
    vp_val_t *notice = NULL;
    int clerk = s_told (CLERK, &notice);
    CHECK (clerk == 1, "the clerk was told %d times", clerk);
    CHECK (strcmp (tu_str (notice, "subject"), "Không đưa được văn bản 45/GM-UBND lên lịch") == 0
           && strstr (tu_str (notice, "text"), "Không đưa được văn bản 45/GM-UBND lên lịch: ")
           && strstr (tu_str (notice, "text"), "31 days") && strcmp (tu_str (notice, "document"), "d-900") == 0
           && !strstr (tu_str (notice, "text"), MARKER),
           "the clerk's notification: %s", vp_val_to_json (notice));
    printf ("    %s\n    %s\n", tu_str (notice, "subject"), tu_str (notice, "text"));
    vp_val_destroy (&notice);
    CHECK (s_told (HEAD, NULL) == 1, "the office head was told %d times", s_told (HEAD, NULL));
    CHECK (s_told (CHU_TICH, NULL) == 0, "the Chủ tịch was told of it");
    tu_ok ("vp-notify told the clerk who registered it and the office head, one notification each");

    //  (d) applied again: told once, placed once.
    s_stop_calendar ();
    sqlite3 *handle = NULL;
    snprintf (sql, sizeof sql, "UPDATE vp_cursor SET seq = %lld WHERE stream = 'documents'", (long long) seq - 1);
    CHECK (sqlite3_open (db, &handle) == SQLITE_OK && sqlite3_exec (handle, sql, NULL, NULL, NULL) == SQLITE_OK,
           "cannot set the calendar's cursor back: %s", sqlite3_errmsg (handle));
    sqlite3_close (handle);
    tu_stack_start_service (&s_stack, "calendar");
    tu_stack_sync (&s_stack);
    CHECK (s_failed (cause, NULL) == 1 && s_parked_count () == 1 && s_entries_of (good) == 1
           && s_told (CLERK, NULL) == 1 && s_told (HEAD, NULL) == 1,
           "applied again: %d calendar.event_failed, %lld parked, %d entries of %s, clerk told %d times",
           s_failed (cause, NULL), (long long) s_parked_count (), s_entries_of (good), good, s_told (CLERK, NULL));
    tu_ok ("applied again from seq %lld: still one calendar.event_failed, one entry, one notification each",
           (long long) seq - 1);

    //  (e) the operator's view and retry.
    vp_cmdcli_t *op = tu_stack_operator (&s_stack, "calendar");
    vp_val_t *args = vp_val_map (), *listed = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_cmdcli_call (op, "calendar.parked.list", "", "", args, 5000, &listed, &err) == 0,
           "calendar.parked.list: %s", err.message);
    vp_val_t *row = vp_array_at (vp_map_get (listed, "parked"), 0);
    CHECK (vp_map_int (listed, "total", 0) == 1 && row && vp_map_int (row, "seq", 0) == seq
           && strcmp (tu_str (row, "id"), cause) == 0 && strcmp (tu_str (row, "code"), "invalid_argument") == 0,
           "calendar.parked.list: %s", vp_val_to_json (listed));
    vp_val_destroy (&listed);
    args = vp_val_map ();
    vp_map_put_str (args, "stream", "documents");
    vp_map_put_int (args, "seq", seq);
    vp_val_t *retried = NULL;
    int rc = vp_cmdcli_call (op, "calendar.parked.retry", "", "", args, 10000, &retried, &err);
    CHECK (rc != 0 && err.code == VP_E_INVALID_ARGUMENT && strcmp (err.field, "end") == 0
           && strstr (err.message, "31 days"), "retry of a meeting of 40 days: rc %d, %s %s: %s", rc,
           vp_code_name (err.code), err.field, err.message);
    vp_val_destroy (&retried);
    CHECK (s_parked_count () == 1 && s_failed (cause, NULL) == 1 && s_told (CLERK, NULL) == 1
           && s_entries_of ("d-900") == 0, "after the retry: %lld parked, %d event_failed, clerk told %d times",
           (long long) s_parked_count (), s_failed (cause, NULL), s_told (CLERK, NULL));
    args = vp_val_map ();
    vp_map_put_str (args, "stream", "documents");
    vp_map_put_int (args, "seq", seq + 1);
    rc = vp_cmdcli_call (op, "calendar.parked.retry", "", "", args, 10000, &retried, &err);
    CHECK (rc != 0 && err.code == VP_E_NOT_FOUND && strcmp (err.field, "seq") == 0,
           "retry of seq %lld, not parked: rc %d, %s", (long long) seq + 1, rc, err.message);
    vp_cmdcli_destroy (&op);
    tu_ok ("the operator lists it and retries it: refused again (%s), still parked, nobody told twice",
           "invalid_argument end");

    vp_val_destroy (&env);
    vp_cmdcli_destroy (&s_doc);
    vp_cmdcli_destroy (&s_cal);
    vp_cmdcli_destroy (&s_ntf);
    tu_stack_stop (&s_stack);
    printf ("test_event_failed: %d checks passed\n", tu_checks);
    return 0;
}
