/*  test_notify - vp-notify tells the right officer, once, on the channel
    they use, and escalates.

    Starts vp-bus, vp-staffing, vp-documents and vp-notify with CURVE,
    loads the demo district, and a real SMTP server and a real HTTP
    receiver on loopback (tests/ntf_smtp_sink.py, Debian's aiosmtpd and
    http.server), which write every message they receive to a folder that
    this test reads. Documents are registered through vp-documents, which
    routes them; the time of every process is set by the test.

    test_notify inbox (the decisions, the inbox and the text):
      1. an assignment reaches the assignee by e-mail with the right text:
         number, summary, and the deadline in the commune's zone;
      2. an officer on leave: the delegate is told, on whose behalf (in
         the subject, the text and the inbox row);
      3. the same event applied three times (the cursor rewound twice
         while vp-notify is stopped): one inbox row, one e-mail;
      5. an urgent (hỏa tốc) notification left unacknowledged past its
         time escalates to the office head; one acknowledged does not;
      6. quiet hours hold a non-urgent e-mail until they end (notify.held);
         an urgent one goes at once;
      +  calendar events (a meeting to each participant, moved, cancelled,
         a participant on leave, a conflict to the officer and the office
         head) and a delegation started (to the delegate);
      8. bad input to every command is refused naming the field and the
         value; nobody acknowledges another's notification; another
         commune's inbox is not there;
         and a message changed with notify.template.set is the one sent.
    test_notify delivery (channels and failures):
      4. SMTP down: retries with exponential backoff, then notify.failed
         and the office head's inbox has the failure;
      7. a webhook gets the JSON; answered 500 then 200, it is retried,
         then sent;
      9. vp-notify killed (SIGKILL) in the middle of a burst: afterwards
         every notification is in the inbox exactly once and every e-mail
         arrived (one Message-ID each; a copy only for a message in flight
         at the kill, the one edge the design accepts).
*/
#include <dirent.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include "testutil.h"

//  The demo district's people (scripts/demo/district.vp).
#define LS_HEAD "ls-phan-thi-mau-truong"        //  Tổ trưởng Văn phòng, Lam Sơn
#define LS_CLERK "ls-nguyen-van-cong"           //  Văn phòng – Thống kê
#define LS_DIA_CHINH "ls-dang-thi-mau-tam"      //  Địa chính – Xây dựng (dat-dai)
#define LS_TAI_CHINH "ls-bui-van-mau-chin"      //  Tài chính – Kế toán (tai-chinh)
#define LS_TU_PHAP "ls-do-van-mau-muoi"         //  Tư pháp – Hộ tịch (tu-phap)
#define LS_VAN_HOA "ls-ho-thi-mau-muoi-mot"     //  Văn hóa – Xã hội (lao-dong)
#define MS_CLERK "ms-phan-thi-mau-muoi-bon"
#define MS_TU_PHAP "ms-tran-van-mau-muoi"       //  on leave 20/11/2026 - 15/12/2026
#define MS_DELEGATE "ms-le-thi-mau-muoi-mot"
#define GST_CLERK "gst-le-thi-mau-muoi-bon"
#define GST_HEAD "gst-vu-thi-mau-truong"
#define GST_DIA_CHINH "gst-ho-thi-mau-tam"

#define S_MINUTE (60 * 1000LL)
#define S_HOUR (60 * S_MINUTE)

static tu_stack_t s_stack;
static vp_cmdcli_t *s_docs;
static vp_cmdcli_t *s_ntf;
static char s_mail_dir[1200];
static char s_hook_dir[1200];
static int s_smtp_port, s_http_port;
static pid_t s_smtp_pid, s_http_pid;
static int64_t s_now;                   //  the time every process reads

#define OK(cli, tenant, actor, ...) tu_ok_call (cli, tenant, actor, __VA_ARGS__)
#define DONE(cli, tenant, actor, ...) tu_drop (OK (cli, tenant, actor, __VA_ARGS__))
#define REFUSED(code, field, says, tenant, actor, ...) tu_refused (code, field, says, s_ntf, tenant, actor, __VA_ARGS__)

static void
s_clock (int64_t ms)
{
    s_now = ms;
    tu_stack_set_clock (&s_stack, ms);
}

//  --------------------------------------------------------------------------
//  The sinks: a real SMTP server and a real HTTP receiver

//  A file of the folder read whole (caller frees), or NULL.
static char *
s_read_file (const char *path)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    fseek (file, 0, SEEK_END);
    long size = ftell (file);
    fseek (file, 0, SEEK_SET);
    char *text = (char *) malloc ((size_t) size + 1);
    size_t got = fread (text, 1, (size_t) size, file);
    text[got] = 0;
    fclose (file);
    return text;
}

//  The files "<prefix>-*.txt" of dir that hold `needle`: how many, and
//  (when text is given) the last one read whole (caller frees).
static int
s_files (const char *dir, const char *prefix, const char *needle, char **text)
{
    if (text)
        *text = NULL;
    DIR *d = opendir (dir);
    if (!d)
        return 0;
    int count = 0;
    struct dirent *e;
    size_t plen = strlen (prefix);
    while ((e = readdir (d))) {
        size_t len = strlen (e->d_name);
        if (strncmp (e->d_name, prefix, plen) != 0 || len < 4 || strcmp (e->d_name + len - 4, ".txt") != 0)
            continue;
        char path[1500];
        snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
        char *content = s_read_file (path);
        if (content && strstr (content, needle)) {
            count++;
            if (text) {
                free (*text);
                *text = content;
                content = NULL;
            }
        }
        free (content);
    }
    closedir (d);
    return count;
}

//  The headers that name a notification's e-mail, as the sink writes them
//  (the Message-ID is derived from its cause: test_rebuild_once).
static const char *
s_message_id (const char *tenant, const char *id)
{
    static char header[4][200];
    static int n;
    char *out = header[n++ % 4];
    snprintf (out, 200, "x-vanphong-notification: %s\nx-vanphong-tenant: %s\n", id, tenant);
    return out;
}

//  Wait up to ms for the e-mail of a notification; its file (caller frees).
static char *
s_wait_mail (int line, const char *tenant, const char *id, int ms)
{
    char *text = NULL;
    for (int waited = 0; waited <= ms; waited += 20) {
        if (s_files (s_mail_dir, "mail", s_message_id (tenant, id), &text))
            return text;
        tu_sleep_ms (20);
    }
    TU_CHECK (false, "line %d: no e-mail for %s of %s in %d ms (log: %s)", line, id, tenant, ms, s_stack.log);
    return NULL;
}

static int
s_mails (const char *tenant, const char *id)
{
    return s_files (s_mail_dir, "mail", s_message_id (tenant, id), NULL);
}

//  A header line of a sink file: "name: value" -> value (static buffer).
static const char *
s_header (const char *text, const char *name)
{
    static char value[1024];
    value[0] = 0;
    char key[64];
    snprintf (key, sizeof key, "%s: ", name);
    for (const char *line = text; line && *line && *line != '\n'; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL)
        if (strncmp (line, key, strlen (key)) == 0) {
            const char *v = line + strlen (key);
            snprintf (value, sizeof value, "%.*s", (int) strcspn (v, "\n"), v);
            break;
        }
    return value;
}

static const char *
s_body (const char *text)
{
    const char *blank = strstr (text, "\n\n");
    return blank ? blank + 2 : "";
}

//  --------------------------------------------------------------------------
//  The services

//  Wait until documents and notify have handed every event to the bus and
//  every service applied every event.
static void
s_settle (void)
{
    vp_err_t err = { 0 };
    for (int round = 0; round < 2; round++) {
        const char *services[] = { "documents", "notify" };
        for (int s = 0; s < 2; s++) {
            vp_cmdcli_t *cli = tu_stack_client (&s_stack, services[s]);
            bool empty = false;
            for (int attempt = 0; attempt < 600 && !empty; attempt++) {
                vp_val_t *health = NULL;
                empty = vp_cmdcli_call (cli, "health", NULL, NULL, NULL, TU_TIMEOUT, &health, &err) == 0
                     && vp_map_int (health, "outbox", -1) == 0;
                vp_val_destroy (&health);
                if (!empty)
                    tu_sleep_ms (20);
            }
            vp_cmdcli_destroy (&cli);
            TU_CHECK (empty, "vp-%s did not empty its outbox in 12 s", services[s]);
        }
        tu_stack_sync (&s_stack);
    }
}

//  Register a document (arrived now) of a field; its id (static ring).
static const char *
s_register (int line, const char *tenant, const char *actor, const char *number, const char *summary,
            const char *urgency, const char *field, const char *extra)
{
    static char ids[64][64];
    static int n;
    char w_number[128], w_summary[600], w_urgency[64], w_field[64];
    snprintf (w_number, sizeof w_number, "number=%s", number);
    snprintf (w_summary, sizeof w_summary, "summary=%s", summary);
    snprintf (w_urgency, sizeof w_urgency, "urgency=%s", urgency);
    snprintf (w_field, sizeof w_field, "field=%s", field);
    vp_val_t *result = tu_ok_at (line, s_docs, tenant, actor, "documents.register",
                                 "issuer=Ủy ban nhân dân huyện Đô Lương", w_number,
                                 tu_ms_word ("doc_date", s_now), "type=cong-van", w_summary, w_urgency, w_field,
                                 tu_ms_word ("arrived_at", s_now), extra, NULL);
    char *id = ids[n++ % 64];
    snprintf (id, 64, "%s", tu_str (result, "document"));
    TU_CHECK (*id, "line %d: documents.register gave no document id", line);
    vp_val_destroy (&result);
    return id;
}

#define REGISTER(tenant, actor, number, summary, urgency, field, extra) \
    s_register (__LINE__, tenant, actor, number, summary, urgency, field, extra)

//  The inbox item of officer for cause_type whose `key` (document, entry)
//  is value (any when NULL): a copy (caller destroys), waited for; NULL
//  when `must` is false and there is none.
static vp_val_t *
s_item (int line, const char *tenant, const char *officer, const char *cause_type, const char *key,
        const char *value, bool must)
{
    s_settle ();
    vp_val_t *inbox = tu_ok_at (line, s_ntf, tenant, officer, "notify.inbox", "limit=500", NULL);
    vp_val_t *found = NULL;
    vp_val_t *items = vp_map_get (inbox, "items");
    for (size_t i = 0; !found && i < vp_val_len (items); i++) {
        vp_val_t *item = vp_array_at (items, i);
        if (strcmp (tu_str (item, "cause_type"), cause_type) == 0
        &&  (!value || strcmp (tu_str (item, key), value) == 0))
            found = vp_val_dup (item);
    }
    vp_val_destroy (&inbox);
    TU_CHECK (found || !must, "line %d: %s's inbox in %s has no %s with %s %s", line, officer, tenant, cause_type,
              key, value ? value : "-");
    return found;
}

#define ITEM(tenant, officer, cause_type, document) \
    s_item (__LINE__, tenant, officer, cause_type, "document", document, true)

//  How many notify.<event> the bus holds for notification id (of tenant);
//  *last gets a copy of the last one's data when given.
static int
s_events (const char *tenant, const char *event, const char *id, vp_val_t **last)
{
    char type[64];
    snprintf (type, sizeof type, "notify.%s", event);
    vp_val_t *events = tu_stack_replay (&s_stack, "notify");
    int count = 0;
    if (last)
        *last = NULL;
    for (size_t i = 0; i < vp_val_len (events); i++) {
        vp_val_t *env = vp_array_at (events, i);
        vp_val_t *data = vp_map_get (env, "data");
        if (strcmp (tu_str (env, "type"), type) == 0 && strcmp (tu_str (env, "tenant"), tenant) == 0
        &&  strcmp (tu_str (data, "id"), id) == 0) {
            count++;
            if (last) {
                vp_val_destroy (last);
                *last = vp_val_dup (data);
            }
        }
    }
    vp_val_destroy (&events);
    return count;
}

//  Wait until the bus has `count` notify.<event> of a notification.
static void
s_wait_events (int line, const char *tenant, const char *event, const char *id, int count)
{
    int got = 0;
    for (int attempt = 0; attempt < 300; attempt++) {
        got = s_events (tenant, event, id, NULL);
        if (got >= count)
            return;
        tu_sleep_ms (50);
    }
    TU_CHECK (false, "line %d: %d notify.%s of %s on the bus, expected %d (log: %s)", line, got, event, id,
              count, s_stack.log);
}

static void
s_start (const char *name, const char *const *env)
{
    static char store[8][1200];
    const char *words[16];
    int n = 0;
    snprintf (store[0], 1200, "VP_SMTP_URL=smtp://127.0.0.1:%d", s_smtp_port);
    snprintf (store[1], 1200, "VP_SMTP_FROM=Văn phòng <vanphong@do-luong.example>");
    snprintf (store[2], 1200, "VP_NOTIFY_SCAN_MS=100");
    words[n++] = store[0];
    words[n++] = store[1];
    words[n++] = store[2];
    for (int i = 0; env && env[i]; i++)
        words[n++] = env[i];
    words[n] = NULL;
    //  Wednesday 2 December 2026, 09:00, from the start (the demo's load
    //  included): Minh Sơn's officer is on leave.
    tu_stack_opts_t opts = {
        .demo = true, .services = (const char *[]) { "staffing", "documents", "notify", NULL }, .env = words,
        .clock = tu_local_ms (2026, 12, 2, 9, 0)
    };
    s_now = opts.clock;
    tu_stack_start_opts (&s_stack, name, &opts);
    s_docs = tu_stack_client (&s_stack, "documents");
    s_ntf = tu_stack_client (&s_stack, "notify");
}

static void
s_stop (void)
{
    vp_cmdcli_destroy (&s_docs);
    vp_cmdcli_destroy (&s_ntf);
    tu_stack_stop (&s_stack);
    tu_stop (s_smtp_pid, SIGTERM, 5000);
    tu_stop (s_http_pid, SIGTERM, 5000);
}

static void
s_sinks (void)
{
    const char *dir = tu_tmpdir ("notify-sink");
    snprintf (s_mail_dir, sizeof s_mail_dir, "%s/mail", dir);
    snprintf (s_hook_dir, sizeof s_hook_dir, "%s/hooks", dir);
    s_smtp_port = tu_free_port ();
    s_http_port = tu_free_port ();
    //  Up before vp-notify: the demo district is told things too.
    s_smtp_pid = tu_sink_start ("smtp", s_mail_dir, s_smtp_port);
    s_http_pid = tu_sink_start ("http", s_hook_dir, s_http_port);
}

//  --------------------------------------------------------------------------
//  1. An assignment reaches the assignee by e-mail with the right text

static void
s_assignment (void)
{
    const char *doc = REGISTER ("lam-son", LS_CLERK, "215/UBND-TNMT", "Kiểm tra hiện trạng sử dụng đất khu Đồng Mẫu",
                                "thuong", "dat-dai", tu_ms_word ("deadline", tu_local_ms (2026, 12, 4, 17, 0)));
    vp_val_t *item = ITEM ("lam-son", LS_DIA_CHINH, "documents.assigned", doc);
    const char *id = tu_str (item, "id");
    CHECK (strncmp (id, "n-", 2) == 0, "notification id %s", id);
    CHECK (strstr (tu_str (item, "text"), "17:00 04/12/2026"), "inbox text: %s", tu_str (item, "text"));
    char *mail = s_wait_mail (__LINE__, "lam-son", id, 10000);
    const char *body = s_body (mail);
    CHECK (strstr (s_header (mail, "to"), LS_DIA_CHINH "@lam-son.example"), "To: %s", s_header (mail, "to"));
    CHECK (strstr (s_header (mail, "to"), "Đặng Thị Mẫu Tám"), "To without the name: %s", s_header (mail, "to"));
    CHECK (strcmp (s_header (mail, "rcpt"), LS_DIA_CHINH "@lam-son.example") == 0, "RCPT %s", s_header (mail, "rcpt"));
    CHECK (strstr (s_header (mail, "from"), "vanphong@do-luong.example"), "From: %s", s_header (mail, "from"));
    CHECK (strstr (s_header (mail, "subject"), "Văn bản 215/UBND-TNMT giao đồng chí xử lý"),
           "Subject: %s", s_header (mail, "subject"));
    CHECK (strstr (s_header (mail, "content-type"), "text/plain") && strstr (s_header (mail, "content-type"), "UTF-8"),
           "Content-Type: %s", s_header (mail, "content-type"));
    CHECK (*s_header (mail, "date"), "no Date header");
    CHECK (strstr (body, "215/UBND-TNMT") && strstr (body, "Kiểm tra hiện trạng sử dụng đất khu Đồng Mẫu")
        && strstr (body, "Hạn xử lý: 17:00 04/12/2026") && strstr (body, "Đặng Thị Mẫu Tám"),
           "the body lacks the number, summary, deadline or name:\n%s", body);
    tu_ok ("assignment: %s's e-mail (%s) says 215/UBND-TNMT, the summary and \"Hạn xử lý: 17:00 04/12/2026\" "
           "(UTF-8 subject and body read by Python's e-mail parser)", LS_DIA_CHINH, id);
    free (mail);
    //  The inbox keeps it, unread, and the office head sees it delivered.
    vp_val_t *inbox = OK (s_ntf, "lam-son", LS_DIA_CHINH, "notify.inbox", "unread=true");
    CHECK (vp_map_int (inbox, "unread", 0) >= 1, "unread %lld", (long long) vp_map_int (inbox, "unread", 0));
    vp_val_destroy (&inbox);
    s_wait_events (__LINE__, "lam-son", "sent", id, 1);
    vp_val_t *list = OK (s_ntf, "lam-son", LS_HEAD, "notify.list", "status=sent", "officer=" LS_DIA_CHINH);
    char *json = vp_val_to_json (list);
    CHECK (strstr (json, id) && strstr (json, "\"status\":\"sent\""), "notify.list: %s", json);
    free (json);
    vp_val_destroy (&list);
    vp_val_destroy (&item);
    tu_ok ("the inbox has it unread; notify.list shows the head its e-mail delivery sent");
}

//  --------------------------------------------------------------------------
//  2. An officer on leave: the delegate, on whose behalf

static void
s_delegate (void)
{
    //  The tu-phap post of Minh Sơn: its holder is on leave, with a delegate.
    const char *doc = REGISTER ("minh-son", MS_CLERK, "77/UBND-TP", "Chứng thực bản sao giấy tờ hộ tịch",
                                "thuong", "tu-phap", NULL);
    vp_val_t *item = ITEM ("minh-son", MS_DELEGATE, "documents.assigned", doc);
    const char *id = tu_str (item, "id");
    CHECK (strcmp (tu_str (item, "on_behalf_of"), MS_TU_PHAP) == 0, "on_behalf_of \"%s\"", tu_str (item, "on_behalf_of"));
    CHECK (strstr (tu_str (item, "subject"), "(thay Trần Văn Mẫu Mười)"), "subject: %s", tu_str (item, "subject"));
    vp_val_t *absent = s_item (__LINE__, "minh-son", MS_TU_PHAP, "documents.assigned", "document", doc, false);
    CHECK (!absent, "the officer on leave was told too");
    char *mail = s_wait_mail (__LINE__, "minh-son", id, 10000);
    CHECK (strstr (s_header (mail, "rcpt"), MS_DELEGATE "@minh-son.example"), "RCPT %s", s_header (mail, "rcpt"));
    CHECK (strstr (s_header (mail, "subject"), "(thay Trần Văn Mẫu Mười)"), "Subject: %s", s_header (mail, "subject"));
    CHECK (strstr (s_body (mail), "xử lý thay đồng chí Trần Văn Mẫu Mười"), "body: %s", s_body (mail));
    tu_ok ("leave: the delegate %s is told (e-mail and inbox), on behalf of %s, said in subject and text",
           MS_DELEGATE, MS_TU_PHAP);
    free (mail);
    vp_val_destroy (&item);
}

//  --------------------------------------------------------------------------
//  3. The same event delivered three times: one e-mail, one inbox row

static void
s_rewind (void)
{
    char db_path[1300];
    snprintf (db_path, sizeof db_path, "%s/data/notify.db", s_stack.bus.dir);
    int rc = tu_stop (s_stack.notify, SIGTERM, 30000);
    CHECK (rc == 0, "vp-notify exited %d on SIGTERM", rc);
    s_stack.notify = 0;
    sqlite3 *db = NULL;
    CHECK (sqlite3_open (db_path, &db) == SQLITE_OK, "open %s", db_path);
    sqlite3_busy_timeout (db, 5000);
    char *error = NULL;
    CHECK (sqlite3_exec (db, "UPDATE vp_cursor SET seq = 0 WHERE stream = 'documents'", NULL, NULL, &error) == SQLITE_OK,
           "rewind: %s", error ? error : "?");
    sqlite3_close (db);
    tu_stack_start_service (&s_stack, "notify");
    s_settle ();
}

static void
s_redelivery (void)
{
    const char *doc = REGISTER ("lam-son", LS_CLERK, "16/UBND-TC", "Quyết toán ngân sách xã năm 2026",
                                "thuong", "tai-chinh", NULL);
    vp_val_t *item = ITEM ("lam-son", LS_TAI_CHINH, "documents.assigned", doc);
    char id[64];
    snprintf (id, sizeof id, "%s", tu_str (item, "id"));
    vp_val_destroy (&item);
    free (s_wait_mail (__LINE__, "lam-son", id, 10000));
    char db_path[1300];
    snprintf (db_path, sizeof db_path, "%s/data/notify.db", s_stack.bus.dir);
    int64_t before = tu_sql_int (db_path, "SELECT count(*) FROM ntf_notification");
    //  Twice more: every documents event is applied again.
    s_rewind ();
    s_rewind ();
    CHECK (tu_sql_int (db_path, "SELECT seq FROM vp_cursor WHERE stream = 'documents'") > 0, "the cursor did not move on");
    int64_t after = tu_sql_int (db_path, "SELECT count(*) FROM ntf_notification");
    CHECK (after == before, "%lld notifications after two replays, %lld before", (long long) after, (long long) before);
    tu_sleep_ms (500);          //  time for a second e-mail, were there one
    int mails = s_mails ("lam-son", id);
    CHECK (mails == 1, "%d e-mails for %s after three deliveries of its cause", mails, id);
    vp_val_t *inbox = OK (s_ntf, "lam-son", LS_TAI_CHINH, "notify.inbox");
    int rows = 0;
    vp_val_t *items = vp_map_get (inbox, "items");
    for (size_t i = 0; i < vp_val_len (items); i++)
        rows += strcmp (tu_str (vp_array_at (items, i), "document"), doc) == 0;
    vp_val_destroy (&inbox);
    CHECK (rows == 1, "%d inbox rows about %s", rows, doc);
    tu_ok ("redelivery: documents.assigned applied three times (cursor rewound twice): one inbox row, "
           "one e-mail, %lld notifications before and after", (long long) before);
}

//  --------------------------------------------------------------------------
//  Calendar events (published here with the calendar key, as vp-calendar
//  would: these tests do not depend on it) and a delegation

static void
s_publish (const char *tenant, const char *type, vp_val_t *data)
{
    vp_keys_t *keys = tu_bus_keys (&s_stack.bus, "calendar");
    vp_err_t err = { 0 };
    vp_cmdcli_t *ingest = vp_cmdcli_new (s_stack.bus.ingest, keys, "bus", &err);
    TU_CHECK (ingest, "ingest: %s", err.message);
    vp_val_t *env = vp_envelope_new ("calendar", type, tenant, "calendar", NULL, data);
    vp_val_t *reply = NULL;
    TU_CHECK (vp_cmdcli_request (ingest, env, TU_TIMEOUT, &reply, &err) == 0, "publish %s: %s", type, err.message);
    TU_CHECK (vp_map_bool (reply, "ok", false), "the bus refused %s: %s", type, vp_val_to_json (reply));
    vp_val_destroy (&reply);
    vp_cmdcli_destroy (&ingest);
    vp_keys_destroy (&keys);
}

//  An entry as calendar.entry_* carries it.
static vp_val_t *
s_entry (const char *entry, const char *kind, const char *title, int64_t start, const char *room,
         const char *const participants[])
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, "entry", entry);
    vp_map_put_str (data, "kind", kind);
    vp_map_put_str (data, "title", title);
    vp_map_put_int (data, "start", start);
    vp_map_put_int (data, "end", start + 2 * S_HOUR);
    vp_map_put_str (data, "room", room);
    vp_val_t *list = vp_val_array ();
    for (int i = 0; participants[i]; i++) {
        vp_val_t *p = vp_val_map ();
        vp_map_put_str (p, "officer", participants[i]);
        vp_array_push (list, p);
    }
    vp_map_put (data, "participants", list);
    vp_map_put_str (data, "status", "planned");
    vp_map_put_int (data, "sequence", 0);
    vp_map_put_str (data, "source", "command");
    return data;
}

static void
s_calendar (void)
{
    vp_val_t *room = vp_val_map ();
    vp_map_put_str (room, "room", "hoi-truong");
    vp_map_put_str (room, "name", "Hội trường UBND xã");
    s_publish ("lam-son", "calendar.room_set", room);
    int64_t start = tu_local_ms (2026, 12, 3, 8, 0);
    s_publish ("lam-son", "calendar.entry_created", s_entry ("e-901", "meeting", "Họp giao ban tháng 12", start,
               "hoi-truong", (const char *[]) { LS_DIA_CHINH, LS_TAI_CHINH, NULL }));
    s_publish ("lam-son", "calendar.entry_created", s_entry ("e-902", "deadline", "Hạn xử lý 215/UBND-TNMT", start,
               "hoi-truong", (const char *[]) { LS_DIA_CHINH, NULL }));
    for (int i = 0; i < 2; i++) {
        const char *who = i ? LS_TAI_CHINH : LS_DIA_CHINH;
        vp_val_t *item = s_item (__LINE__, "lam-son", who, "calendar.entry_created", "entry", "e-901", true);
        CHECK (strstr (tu_str (item, "subject"), "Cuộc họp: Họp giao ban tháng 12, 08:00 03/12/2026")
            && strstr (tu_str (item, "text"), "tại Hội trường UBND xã"), "%s: %s / %s", who,
               tu_str (item, "subject"), tu_str (item, "text"));
        vp_val_destroy (&item);
    }
    vp_val_t *none = s_item (__LINE__, "lam-son", LS_DIA_CHINH, "calendar.entry_created", "entry", "e-902", false);
    CHECK (!none, "a deadline item of the calendar was told (documents.assigned told it already)");
    tu_ok ("calendar: a meeting is told to each participant, with its time and room by name; a deadline item is not");

    //  Moved: told again; a note changed: not.
    vp_val_t *moved = s_entry ("e-901", "meeting", "Họp giao ban tháng 12", start + S_HOUR, "hoi-truong",
                               (const char *[]) { LS_DIA_CHINH, LS_TAI_CHINH, NULL });
    vp_val_t *changed = vp_val_array ();
    vp_array_push (changed, vp_val_str ("note"));
    vp_val_t *noted = vp_val_dup (moved);
    vp_map_put (noted, "changed", changed);
    s_publish ("lam-son", "calendar.entry_updated", noted);
    changed = vp_val_array ();
    vp_array_push (changed, vp_val_str ("start"));
    vp_array_push (changed, vp_val_str ("end"));
    vp_map_put (moved, "changed", changed);
    vp_map_put_int (moved, "previous_start", start);
    s_publish ("lam-son", "calendar.entry_updated", moved);
    s_settle ();
    char db_path[1300];
    snprintf (db_path, sizeof db_path, "%s/data/notify.db", s_stack.bus.dir);
    CHECK (tu_sql_int (db_path, "SELECT count(*) FROM ntf_notification WHERE cause_type = 'calendar.entry_updated'"
                                " AND entry = 'e-901'") == 2, "the move is not told once to each of two");
    vp_val_t *item = s_item (__LINE__, "lam-son", LS_TAI_CHINH, "calendar.entry_updated", "entry", "e-901", true);
    CHECK (strstr (tu_str (item, "text"), "nay từ 09:00 03/12/2026") && strstr (tu_str (item, "text"),
           "Trước đây: 08:00 03/12/2026"), "moved: %s", tu_str (item, "text"));
    vp_val_destroy (&item);
    vp_val_t *cancelled = s_entry ("e-901", "meeting", "Họp giao ban tháng 12", start + S_HOUR, "hoi-truong",
                                   (const char *[]) { LS_DIA_CHINH, LS_TAI_CHINH, NULL });
    vp_map_put_str (cancelled, "status", "cancelled");
    vp_map_put_str (cancelled, "reason", "Trùng lịch họp huyện");
    s_publish ("lam-son", "calendar.entry_cancelled", cancelled);
    item = s_item (__LINE__, "lam-son", LS_DIA_CHINH, "calendar.entry_cancelled", "entry", "e-901", true);
    CHECK (strstr (tu_str (item, "subject"), "Hủy lịch: Họp giao ban tháng 12")
        && strstr (tu_str (item, "text"), "Lý do: Trùng lịch họp huyện"), "cancelled: %s", tu_str (item, "text"));
    CHECK (!vp_map_get (item, "escalate_at"), "a cancellation escalates");
    vp_val_destroy (&item);
    tu_ok ("calendar: moved -> told again with the new and the former time; a note changed -> not told; "
           "cancelled -> told with the reason");

    //  A participant on leave: the delegate goes, on whose behalf.
    s_publish ("minh-son", "calendar.entry_created", s_entry ("e-903", "work", "Rà soát sổ hộ tịch", start,
               "phong-tu-phap", (const char *[]) { MS_TU_PHAP, NULL }));
    item = s_item (__LINE__, "minh-son", MS_DELEGATE, "calendar.entry_created", "entry", "e-903", true);
    CHECK (strcmp (tu_str (item, "on_behalf_of"), MS_TU_PHAP) == 0 && strstr (tu_str (item, "subject"), "Công việc")
        && strstr (tu_str (item, "text"), "tham dự thay đồng chí Trần Văn Mẫu Mười"), "work item: %s / %s",
           tu_str (item, "subject"), tu_str (item, "text"));
    vp_val_destroy (&item);

    //  A conflict: the officer in both, and the office head.
    vp_val_t *conflict = vp_val_map ();
    vp_map_put_str (conflict, "entry", "e-904");
    vp_map_put_str (conflict, "with", "e-901");
    vp_map_put_str (conflict, "kind", "person");
    vp_map_put_str (conflict, "officer", LS_DIA_CHINH);
    vp_map_put_str (conflict, "title", "Đo đạc thửa đất số 12");
    vp_map_put_str (conflict, "with_title", "Họp giao ban tháng 12");
    vp_map_put_int (conflict, "start", start + S_HOUR);
    vp_map_put_int (conflict, "end", start + 2 * S_HOUR);
    s_publish ("lam-son", "calendar.conflict", conflict);
    vp_val_t *mine = s_item (__LINE__, "lam-son", LS_DIA_CHINH, "calendar.conflict", "entry", "e-904", true);
    vp_val_t *head = s_item (__LINE__, "lam-son", LS_HEAD, "calendar.conflict", "entry", "e-904", true);
    CHECK (strstr (tu_str (head, "subject"), "Trùng lịch: Đo đạc thửa đất số 12 và Họp giao ban tháng 12")
        && strstr (tu_str (head, "text"), "Đồng chí Đặng Thị Mẫu Tám có hai lịch trùng nhau"), "conflict: %s / %s",
           tu_str (head, "subject"), tu_str (head, "text"));
    CHECK (vp_map_get (mine, "escalate_at") && !vp_map_get (head, "escalate_at"),
           "the officer's copy escalates, the office head's does not");
    vp_val_destroy (&mine);
    vp_val_destroy (&head);
    tu_ok ("calendar: a participant on leave -> the delegate, on whose behalf; a conflict -> the officer "
           "concerned and the office head");
}

//  A delegation started: the delegate is told they act for the officer.
static void
s_leave (void)
{
    vp_cmdcli_t *staffing = tu_stack_admin (&s_stack, "staffing");
    DONE (staffing, "giang-son-tay", NULL, "staffing.leave.start", "officer=gst-duong-van-mau-muoi",
          tu_ms_word ("from", tu_local_ms (2026, 12, 3, 0, 0)), tu_ms_word ("to", tu_local_ms (2026, 12, 10, 0, 0)),
          "delegate=gst-ly-thi-mau-muoi-mot");
    vp_cmdcli_destroy (&staffing);
    vp_val_t *item = ITEM ("giang-son-tay", "gst-ly-thi-mau-muoi-mot", "staffing.leave_started", NULL);
    CHECK (strcmp (tu_str (item, "on_behalf_of"), "gst-duong-van-mau-muoi") == 0
        && strstr (tu_str (item, "subject"), "xử lý thay đồng chí Dương Văn Mẫu Mười từ 03/12/2026")
        && strstr (tu_str (item, "text"), "đến 10/12/2026"), "leave: %s / %s", tu_str (item, "subject"),
           tu_str (item, "text"));
    free (s_wait_mail (__LINE__, "giang-son-tay", tu_str (item, "id"), 10000));
    vp_val_destroy (&item);
    tu_ok ("delegation: staffing.leave_started -> the delegate is told (inbox, e-mail) whom they act for, "
           "from and to");
}

//  --------------------------------------------------------------------------
//  5. Escalation of what nobody acknowledged

static void
s_escalation (void)
{
    const char *left = REGISTER ("lam-son", LS_CLERK, "01/CĐ-UBND", "Ứng phó khẩn cấp với mưa lũ",
                                 "hoa-toc", "tai-chinh", NULL);
    const char *acked = REGISTER ("lam-son", LS_CLERK, "02/CĐ-UBND", "Hỗ trợ khẩn cấp các hộ bị ngập",
                                  "hoa-toc", "lao-dong", NULL);
    vp_val_t *a = ITEM ("lam-son", LS_TAI_CHINH, "documents.assigned", left);
    vp_val_t *b = ITEM ("lam-son", LS_VAN_HOA, "documents.assigned", acked);
    char id_a[64], id_b[64];
    snprintf (id_a, sizeof id_a, "%s", tu_str (a, "id"));
    snprintf (id_b, sizeof id_b, "%s", tu_str (b, "id"));
    CHECK (vp_map_int (a, "escalate_at", 0) == s_now + 30 * S_MINUTE, "escalate_at %lld, now %lld",
           (long long) vp_map_int (a, "escalate_at", 0), (long long) s_now);
    vp_val_destroy (&a);
    vp_val_destroy (&b);
    //  Hỏa tốc goes at once.
    char *mail = s_wait_mail (__LINE__, "lam-son", id_a, 10000);
    CHECK (strstr (s_header (mail, "subject"), "[Hỏa tốc]") && strstr (s_header (mail, "importance"), "high"),
           "Subject %s, Importance %s", s_header (mail, "subject"), s_header (mail, "importance"));
    free (mail);
    char word[80];
    snprintf (word, sizeof word, "id=%s", id_b);
    vp_val_t *ack = OK (s_ntf, "lam-son", LS_VAN_HOA, "notify.ack", word);
    vp_val_destroy (&ack);
    ack = OK (s_ntf, "lam-son", LS_VAN_HOA, "notify.ack", word);
    CHECK (vp_map_bool (ack, "already", false), "a second ack is not \"already\"");
    vp_val_destroy (&ack);
    CHECK (s_events ("lam-son", "acked", id_b, NULL) == 1, "notify.acked of %s: not once", id_b);
    //  29 minutes: nothing yet.
    s_clock (s_now + 29 * S_MINUTE);
    tu_sleep_ms (400);
    CHECK (s_events ("lam-son", "escalated", id_a, NULL) == 0, "escalated before its time");
    s_clock (s_now + 2 * S_MINUTE);
    s_wait_events (__LINE__, "lam-son", "escalated", id_a, 1);
    vp_val_t *data = NULL;
    s_events ("lam-son", "escalated", id_a, &data);
    CHECK (strcmp (tu_str (data, "to"), LS_HEAD) == 0 && strcmp (tu_str (data, "officer"), LS_TAI_CHINH) == 0
        && vp_map_int (data, "after_ms", 0) == 31 * S_MINUTE, "notify.escalated %s", vp_val_to_json (data));
    vp_val_destroy (&data);
    vp_val_t *notice = ITEM ("lam-son", LS_HEAD, "notify.escalated", left);
    CHECK (strstr (tu_str (notice, "subject"), "Chưa xác nhận") && strstr (tu_str (notice, "text"), "Bùi Văn Mẫu Chín")
        && strstr (tu_str (notice, "text"), "01/CĐ-UBND") && strstr (tu_str (notice, "text"), "31 phút"),
           "the head's notice: %s / %s", tu_str (notice, "subject"), tu_str (notice, "text"));
    free (s_wait_mail (__LINE__, "lam-son", tu_str (notice, "id"), 10000));
    vp_val_destroy (&notice);
    tu_sleep_ms (300);          //  three scans more
    CHECK (s_events ("lam-son", "escalated", id_b, NULL) == 0, "the acknowledged %s escalated", id_b);
    CHECK (s_events ("lam-son", "escalated", id_a, NULL) == 1, "%s escalated more than once", id_a);
    vp_val_t *none = s_item (__LINE__, "lam-son", LS_HEAD, "notify.escalated", "document", acked, false);
    CHECK (!none, "the head was told of an acknowledged notification");
    tu_ok ("escalation: hỏa tốc unacknowledged for 31 min -> notify.escalated once, the office head told "
           "(inbox and e-mail); the one acknowledged is not escalated");
}

//  --------------------------------------------------------------------------
//  6. Quiet hours

static void
s_quiet (void)
{
    vp_val_t *prefs = OK (s_ntf, "lam-son", LS_TU_PHAP, "notify.prefs.set", "quiet_hours=22:00-06:00");
    CHECK (strcmp (tu_str (prefs, "quiet_hours"), "22:00-06:00") == 0, "prefs %s", vp_val_to_json (prefs));
    vp_val_destroy (&prefs);
    int64_t night = tu_local_ms (2026, 12, 2, 23, 0);
    s_clock (night);
    const char *calm = REGISTER ("lam-son", LS_CLERK, "88/UBND-TP", "Tuyên truyền pháp luật về hộ tịch",
                                 "thuong", "tu-phap", NULL);
    const char *fire = REGISTER ("lam-son", LS_CLERK, "03/CĐ-UBND", "Di dời dân khỏi vùng sạt lở",
                                 "hoa-toc", "tu-phap", NULL);
    vp_val_t *a = ITEM ("lam-son", LS_TU_PHAP, "documents.assigned", calm);
    vp_val_t *b = ITEM ("lam-son", LS_TU_PHAP, "documents.assigned", fire);
    char id_a[64], id_b[64];
    snprintf (id_a, sizeof id_a, "%s", tu_str (a, "id"));
    snprintf (id_b, sizeof id_b, "%s", tu_str (b, "id"));
    int64_t morning = tu_local_ms (2026, 12, 3, 6, 0);
    CHECK (vp_map_int (a, "held_until", 0) == morning, "held_until %lld, expected 06:00 (%lld)",
           (long long) vp_map_int (a, "held_until", 0), (long long) morning);
    CHECK (!vp_map_get (b, "held_until"), "the urgent one is held");
    vp_val_destroy (&a);
    vp_val_destroy (&b);
    free (s_wait_mail (__LINE__, "lam-son", id_b, 10000));
    vp_val_t *held = NULL;
    CHECK (s_events ("lam-son", "held", id_a, &held) == 1, "notify.held of %s", id_a);
    CHECK (vp_map_int (held, "until", 0) == morning, "notify.held until %lld", (long long) vp_map_int (held, "until", 0));
    vp_val_destroy (&held);
    tu_sleep_ms (500);
    CHECK (s_mails ("lam-son", id_a) == 0, "the non-urgent e-mail went out in quiet hours");
    tu_ok ("quiet hours 22:00-06:00: at 23:00 the hỏa tốc e-mail goes at once; the thường one waits "
           "(inbox at once, notify.held until 06:00)");
    s_clock (morning - S_MINUTE);
    tu_sleep_ms (400);
    CHECK (s_mails ("lam-son", id_a) == 0, "the e-mail went out at 05:59");
    s_clock (morning + 30 * 1000);
    char *mail = s_wait_mail (__LINE__, "lam-son", id_a, 10000);
    CHECK (strstr (s_header (mail, "subject"), "88/UBND-TP"), "Subject %s", s_header (mail, "subject"));
    free (mail);
    tu_ok ("... and goes at 06:00");
}

//  --------------------------------------------------------------------------
//  8. Bad input, access; templates

static void
s_refusals (void)
{
    vp_val_t *item = ITEM ("lam-son", LS_DIA_CHINH, "documents.assigned", NULL);
    char word[80];
    snprintf (word, sizeof word, "id=%s", tu_str (item, "id"));
    REFUSED (VP_E_PERMISSION_DENIED, "id", tu_str (item, "id"), "lam-son", LS_CLERK, "notify.ack", word);
    REFUSED (VP_E_NOT_FOUND, "id", "n-999999", "lam-son", LS_DIA_CHINH, "notify.ack", "id=n-999999");
    //  The same id in another commune is another notification (or none).
    REFUSED (VP_E_PERMISSION_DENIED, "actor", LS_DIA_CHINH, "giang-son-tay", LS_DIA_CHINH, "notify.ack", word);
    vp_val_destroy (&item);
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "giang-son-tay", "giang-son-tay", LS_HEAD, "notify.inbox", "unread=true");
    REFUSED (VP_E_NOT_FOUND, "officer", GST_DIA_CHINH, "lam-son", LS_HEAD, "notify.inbox", "officer=" GST_DIA_CHINH);
    REFUSED (VP_E_PERMISSION_DENIED, "officer", LS_DIA_CHINH, "lam-son", LS_CLERK, "notify.inbox",
             "officer=" LS_DIA_CHINH);
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "no acting officer", "lam-son", "", "notify.inbox", "unread=true");
    REFUSED (VP_E_INVALID_ARGUMENT, "args.limit", "100000", "lam-son", LS_CLERK, "notify.inbox", "limit=100000");
    REFUSED (VP_E_INVALID_ARGUMENT, "channels", "sms", "lam-son", LS_CLERK, "notify.prefs.set", "channels=email,sms");
    REFUSED (VP_E_INVALID_ARGUMENT, "quiet_hours", "25:00-06:00", "lam-son", LS_CLERK, "notify.prefs.set",
             "quiet_hours=25:00-06:00");
    REFUSED (VP_E_INVALID_ARGUMENT, "quiet_hours", "06:00-06:00", "lam-son", LS_CLERK, "notify.prefs.set",
             "quiet_hours=06:00-06:00");
    REFUSED (VP_E_INVALID_ARGUMENT, "webhook", "ftp://gateway", "lam-son", LS_CLERK, "notify.prefs.set",
             "webhook=ftp://gateway");
    REFUSED (VP_E_INVALID_ARGUMENT, "webhook", "no webhook URL", "lam-son", LS_CLERK, "notify.prefs.set",
             "channels=webhook");
    REFUSED (VP_E_PERMISSION_DENIED, "officer", LS_HEAD, "lam-son", LS_CLERK, "notify.prefs.set",
             "officer=" LS_HEAD, "channels=email");
    REFUSED (VP_E_PERMISSION_DENIED, "actor", LS_CLERK, "lam-son", LS_CLERK, "notify.list", "status=failed");
    REFUSED (VP_E_INVALID_ARGUMENT, "args.status", "lost", "lam-son", LS_HEAD, "notify.list", "status=lost");
    REFUSED (VP_E_PERMISSION_DENIED, "actor", LS_CLERK, "lam-son", LS_CLERK, "notify.template.set",
             "type=documents.assigned", "subject=Việc mới");
    REFUSED (VP_E_INVALID_ARGUMENT, "text", "{so_van_ban}", "lam-son", LS_HEAD, "notify.template.set",
             "type=documents.assigned", "text=Văn bản {so_van_ban}");
    REFUSED (VP_E_INVALID_ARGUMENT, "subject", "not closed", "lam-son", LS_HEAD, "notify.template.set",
             "type=documents.assigned", "subject={?deadline}Hạn {deadline}");
    REFUSED (VP_E_INVALID_ARGUMENT, "args.type", "documents.lost", "lam-son", LS_HEAD, "notify.template.set",
             "type=documents.lost", "subject=x");
    tu_ok ("bad input and access refused naming the field and value: ack of another's notification, unknown "
           "id, another commune's inbox, an officer of another commune, channels, quiet hours, webhook URL, "
           "list and templates by a non-head, unknown placeholders, open sections");
}

static void
s_templates (void)
{
    vp_val_t *set = OK (s_ntf, "giang-son-tay", GST_HEAD, "notify.template.set", "type=documents.assigned",
                        "subject=Việc mới {number}{?deadline}, hạn {deadline}{/}",
                        "text=Đồng chí {officer_name} nhận văn bản {number} ({summary}).");
    CHECK (!vp_map_bool (set, "builtin", true), "the template is still the built-in one");
    vp_val_destroy (&set);
    vp_val_t *list = OK (s_ntf, "lam-son", LS_CLERK, "notify.template.list");
    char *json = vp_val_to_json (list);
    CHECK (strstr (json, "giao đồng chí xử lý") && strstr (json, "\"placeholders\""), "lam-son's templates: %.300s", json);
    free (json);
    vp_val_destroy (&list);
    const char *doc = REGISTER ("giang-son-tay", GST_CLERK, "9/UBND-ĐC", "Cấp đổi giấy chứng nhận quyền sử dụng đất",
                                "thuong", "dat-dai", tu_ms_word ("deadline", tu_local_ms (2026, 12, 9, 17, 0)));
    vp_val_t *item = ITEM ("giang-son-tay", GST_DIA_CHINH, "documents.assigned", doc);
    char *mail = s_wait_mail (__LINE__, "giang-son-tay", tu_str (item, "id"), 10000);
    CHECK (strcmp (s_header (mail, "subject"), "Việc mới 9/UBND-ĐC, hạn 17:00 09/12/2026") == 0,
           "Subject: %s", s_header (mail, "subject"));
    CHECK (strstr (s_body (mail), "Đồng chí Hồ Thị Mẫu Tám nhận văn bản 9/UBND-ĐC (Cấp đổi giấy chứng nhận"),
           "body: %s", s_body (mail));
    free (mail);
    vp_val_destroy (&item);
    vp_val_t *back = OK (s_ntf, "giang-son-tay", GST_HEAD, "notify.template.set", "type=documents.assigned", "reset=true");
    CHECK (vp_map_bool (back, "builtin", false), "reset did not go back to the built-in message");
    vp_val_destroy (&back);
    tu_ok ("notify.template.set: Giang Sơn Tây's own subject and text are the ones e-mailed; Lam Sơn keeps the "
           "built-in; reset=true goes back");
}

//  --------------------------------------------------------------------------
//  4. SMTP down: retries, then notify.failed and the office head's inbox

static void
s_smtp_down (void)
{
    tu_stop (s_smtp_pid, SIGTERM, 5000);
    s_smtp_pid = 0;
    const char *doc = REGISTER ("lam-son", LS_CLERK, "301/UBND-ĐC", "Giải quyết đơn tranh chấp đất đai",
                                "thuong", "dat-dai", NULL);
    vp_val_t *item = ITEM ("lam-son", LS_DIA_CHINH, "documents.assigned", doc);
    char id[64];
    snprintf (id, sizeof id, "%s", tu_str (item, "id"));
    vp_val_destroy (&item);
    //  Attempt 1 fails at once; the next after 1 s, then 2 s (base 1000).
    int64_t t0 = s_now;
    s_wait_events (__LINE__, "lam-son", "retry", id, 1);
    vp_val_t *retry = NULL;
    s_events ("lam-son", "retry", id, &retry);
    CHECK (vp_map_int (retry, "attempt", 0) == 1 && vp_map_int (retry, "next_at", 0) == t0 + 1000,
           "first retry %s", vp_val_to_json (retry));
    CHECK (strlen (tu_str (retry, "error")) > 0, "no error in %s", vp_val_to_json (retry));
    vp_val_destroy (&retry);
    tu_sleep_ms (300);
    CHECK (s_events ("lam-son", "retry", id, NULL) == 1, "retried before its time");
    s_clock (t0 + 1000);
    s_wait_events (__LINE__, "lam-son", "retry", id, 2);
    s_events ("lam-son", "retry", id, &retry);
    CHECK (vp_map_int (retry, "attempt", 0) == 2 && vp_map_int (retry, "next_at", 0) == t0 + 1000 + 2000,
           "second retry %s (backoff doubles)", vp_val_to_json (retry));
    vp_val_destroy (&retry);
    s_clock (t0 + 3000);
    s_wait_events (__LINE__, "lam-son", "failed", id, 1);
    vp_val_t *failed = NULL;
    s_events ("lam-son", "failed", id, &failed);
    CHECK (vp_map_int (failed, "attempts", 0) == 3 && strcmp (tu_str (failed, "channel"), "email") == 0,
           "notify.failed %s", vp_val_to_json (failed));
    vp_val_destroy (&failed);
    vp_val_t *notice = ITEM ("lam-son", LS_HEAD, "notify.failed", doc);
    CHECK (strstr (tu_str (notice, "text"), "Đặng Thị Mẫu Tám") && strstr (tu_str (notice, "text"), "e-mail")
        && strstr (tu_str (notice, "text"), "3 lần"), "the head's notice: %s", tu_str (notice, "text"));
    vp_val_destroy (&notice);
    vp_val_t *list = OK (s_ntf, "lam-son", LS_HEAD, "notify.list", "status=failed");
    char *json = vp_val_to_json (list);
    CHECK (strstr (json, id), "notify.list status=failed lacks %s: %.400s", id, json);
    free (json);
    vp_val_destroy (&list);
    tu_ok ("SMTP down: attempts at +0, +1 s, +3 s (notify.retry, backoff doubling), then notify.failed after 3 "
           "and the office head's inbox says who was not reached and how");
    s_smtp_pid = tu_sink_start ("smtp", s_mail_dir, s_smtp_port);
}

//  --------------------------------------------------------------------------
//  7. Webhook, failing once

static void
s_webhook (void)
{
    vp_cmdcli_t *staffing = tu_stack_admin (&s_stack, "staffing");
    DONE (staffing, "lam-son", NULL, "staffing.officer.update",
          "officer=" LS_VAN_HOA, "phone=+84912000111", "chat_id=zalo-ls-11");
    vp_cmdcli_destroy (&staffing);
    char url[160];
    snprintf (url, sizeof url, "webhook=http://127.0.0.1:%d/fail/1/lam-son", s_http_port);
    vp_val_t *prefs = OK (s_ntf, "lam-son", LS_VAN_HOA, "notify.prefs.set", "channels=inbox,webhook", url);
    char *json = vp_val_to_json (prefs);
    CHECK (strstr (json, "\"webhook\"") && !strstr (json, "\"email\",") , "prefs %s", json);
    free (json);
    vp_val_destroy (&prefs);
    prefs = OK (s_ntf, "lam-son", LS_HEAD, "notify.prefs.get", "officer=" LS_VAN_HOA);
    char *channels = tu_join (vp_map_get (prefs, "channels"), NULL);
    CHECK (strcmp (channels, "inbox,webhook") == 0 && strstr (tu_str (prefs, "webhook"), "/fail/1/lam-son")
        && !vp_map_bool (prefs, "default", true), "the office head reads %s's preferences: %s", LS_VAN_HOA, channels);
    free (channels);
    vp_val_destroy (&prefs);
    s_settle ();
    const char *doc = REGISTER ("lam-son", LS_CLERK, "45/UBND-LĐ", "Chi trả trợ cấp cho người có công",
                                "khan", "lao-dong", NULL);
    vp_val_t *item = ITEM ("lam-son", LS_VAN_HOA, "documents.assigned", doc);
    char id[64];
    snprintf (id, sizeof id, "%s", tu_str (item, "id"));
    vp_val_destroy (&item);
    s_wait_events (__LINE__, "lam-son", "retry", id, 1);
    vp_val_t *retry = NULL;
    s_events ("lam-son", "retry", id, &retry);
    CHECK (strcmp (tu_str (retry, "channel"), "webhook") == 0 && strstr (tu_str (retry, "error"), "500"),
           "retry %s", vp_val_to_json (retry));
    vp_val_destroy (&retry);
    s_clock (s_now + 1000);
    s_wait_events (__LINE__, "lam-son", "sent", id, 1);
    vp_val_t *sent = NULL;
    s_events ("lam-son", "sent", id, &sent);
    CHECK (vp_map_int (sent, "attempt", 0) == 2 && strcmp (tu_str (sent, "channel"), "webhook") == 0,
           "sent %s", vp_val_to_json (sent));
    vp_val_destroy (&sent);
    char needle[96];
    snprintf (needle, sizeof needle, "\"id\":\"%s\"", id);
    char *hook = NULL;
    int hooks = 0;
    for (int i = 0; i < 100 && !(hooks = s_files (s_hook_dir, "hook", needle, &hook)); i++)
        tu_sleep_ms (20);
    CHECK (hooks == 1, "%d webhook posts of %s received", hooks, id);
    CHECK (strstr (hook, "path: /fail/1/lam-son") && strstr (hook, "application/json")
        && strstr (hook, "\"officer\":\"" LS_VAN_HOA "\"") && strstr (hook, "\"phone\":\"+84912000111\"")
        && strstr (hook, "\"chat_id\":\"zalo-ls-11\"") && strstr (hook, "\"urgency\":\"khan\"")
        && strstr (hook, "\"cause_type\":\"documents.assigned\"") && strstr (hook, "45/UBND-LĐ")
        && strstr (hook, "\"document\":\""), "the webhook's request:\n%s", hook);
    free (hook);
    CHECK (s_mails ("lam-son", id) == 0, "an e-mail went to an officer who chose the webhook only");
    tu_ok ("webhook: a POST of JSON (officer, phone, chat_id, subject, text, urgency, document); 500 -> "
           "notify.retry, then 200 -> notify.sent on attempt 2");
}

//  --------------------------------------------------------------------------
//  9. SIGKILL in the middle of a burst

static void
s_burst (void)
{
    enum { N = 40 };
    char docs[N][64];
    //  Officers told by e-mail (Văn hóa – Xã hội chose the webhook).
    static const char *const fields[] = { "dat-dai", "tai-chinh", "tu-phap" };
    char db_path[1300];
    snprintf (db_path, sizeof db_path, "%s/data/notify.db", s_stack.bus.dir);
    int64_t before = tu_sql_int (db_path, "SELECT count(*) FROM ntf_notification");
    int killed_at = -1;
    for (int i = 0; i < N; i++) {
        char number[32], summary[64];
        snprintf (number, sizeof number, "%d/UBND-LOAT", 500 + i);
        snprintf (summary, sizeof summary, "Văn bản số %d của đợt gửi dồn", i + 1);
        snprintf (docs[i], 64, "%s", REGISTER ("lam-son", LS_CLERK, number, summary, "thuong", fields[i % 3], NULL));
        //  Mid-burst, once e-mails are on their way: kill it.
        if (killed_at < 0 && i >= N / 2
        &&  tu_sql_int (db_path, "SELECT count(*) FROM ntf_delivery WHERE status = 'sent'") > 0) {
            CHECK (tu_stop (s_stack.notify, SIGKILL, 10000) == 128 + SIGKILL, "vp-notify did not die by SIGKILL");
            s_stack.notify = 0;
            killed_at = i;
        }
    }
    CHECK (killed_at >= 0, "vp-notify was never killed");
    int64_t in_flight = tu_sql_int (db_path, "SELECT count(*) FROM ntf_delivery WHERE status = 'sending'");
    tu_stack_start_service (&s_stack, "notify");
    s_settle ();
    //  Every delivery settles: sent (the sink is up).
    char busy[200];
    snprintf (busy, sizeof busy, "SELECT count(*) FROM ntf_delivery WHERE status IN ('pending', 'sending')"
                                 " AND next_at <= %lld", (long long) s_now);
    for (int i = 0; i < 500 && tu_sql_int (db_path, busy) > 0; i++)
        tu_sleep_ms (20);
    int64_t after = tu_sql_int (db_path, "SELECT count(*) FROM ntf_notification");
    int copies = 0;
    for (int i = 0; i < N; i++) {
        char sql[300];
        snprintf (sql, sizeof sql, "SELECT count(*) FROM ntf_notification WHERE tenant = 'lam-son'"
                                   " AND cause_type = 'documents.assigned' AND document = '%.63s'", docs[i]);
        CHECK (tu_sql_int (db_path, sql) == 1, "%s is in the inbox %lld times", docs[i], (long long) tu_sql_int (db_path, sql));
        snprintf (sql, sizeof sql, "SELECT id FROM ntf_notification WHERE tenant = 'lam-son'"
                                   " AND cause_type = 'documents.assigned' AND document = '%.63s'", docs[i]);
        char id[64];
        sqlite3 *db = NULL;
        sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
        sqlite3_stmt *stmt = NULL;
        sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
        snprintf (id, sizeof id, "%s", sqlite3_step (stmt) == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : "?");
        sqlite3_finalize (stmt);
        sqlite3_close (db);
        int mails = 0;
        for (int w = 0; w < 250 && (mails = s_mails ("lam-son", id)) == 0; w++)
            tu_sleep_ms (20);
        CHECK (mails >= 1, "the e-mail of %s (%s) was lost", id, docs[i]);
        copies += mails - 1;
    }
    CHECK (after - before >= N, "%lld notifications for %d documents", (long long) (after - before), N);
    CHECK (copies <= in_flight, "%d e-mails sent twice, more than the %lld in flight at the kill",
           copies, (long long) in_flight);
    tu_ok ("SIGKILL after %d of %d registrations: every document in the inbox exactly once, every e-mail "
           "arrived (one Message-ID each; %d sent again, of %lld in flight at the kill)", killed_at + 1, N,
           copies, (long long) in_flight);
}

//  Every e-mail as received: headers in ASCII (names as encoded-words),
//  CRLF line ends, no line over 78 characters.
static void
s_wire_format (void)
{
    DIR *d = opendir (s_mail_dir);
    CHECK (d, "no mail folder");
    int mails = 0;
    struct dirent *e;
    while ((e = readdir (d))) {
        size_t len = strlen (e->d_name);
        if (len < 4 || strcmp (e->d_name + len - 4, ".eml") != 0)
            continue;
        char path[1500];
        snprintf (path, sizeof path, "%s/%s", s_mail_dir, e->d_name);
        char *raw = s_read_file (path);
        CHECK (raw, "cannot read %s", path);
        const char *end = strstr (raw, "\r\n\r\n");
        CHECK (end, "%s: no blank line after the headers", e->d_name);
        size_t column = 0;
        const char *wrong = NULL;
        for (const char *p = raw; *p && !wrong; p++) {
            column = *p == '\n' ? 0 : column + 1;
            if ((p < end && (unsigned char) *p >= 0x80) || (*p == '\n' && (p == raw || p[-1] != '\r')) || column > 79)
                wrong = p;
        }
        CHECK (!wrong, "%s: byte %ld is not ASCII in a header, a bare LF or past 78 characters:\n%.*s", e->d_name,
               (long) (wrong - raw), (int) (wrong - raw + 1), raw);
        free (raw);
        mails++;
    }
    closedir (d);
    CHECK (mails > 10, "only %d e-mails", mails);
    tu_ok ("all %d e-mails: headers in ASCII (UTF-8 as encoded-words), CRLF, lines within 78", mails);
}

//  --------------------------------------------------------------------------

static int
s_inbox_part (void)
{
    s_sinks ();
    s_start ("notify", NULL);
    s_settle ();
    s_assignment ();
    s_delegate ();
    s_redelivery ();
    s_refusals ();
    s_templates ();
    s_calendar ();
    s_leave ();
    s_escalation ();
    s_quiet ();
    s_wire_format ();
    s_stop ();
    return 0;
}

static int
s_delivery_part (void)
{
    s_sinks ();
    s_start ("notify-delivery", (const char *[]) {
        "VP_NOTIFY_RETRY_BASE_MS=1000", "VP_NOTIFY_MAX_ATTEMPTS=3", NULL });
    s_settle ();
    s_smtp_down ();
    s_webhook ();
    s_burst ();
    s_stop ();
    return 0;
}

int
main (int argc, char **argv)
{
    const char *part = argc > 1 ? argv[1] : "inbox";
    int rc = strcmp (part, "delivery") == 0 ? s_delivery_part () : s_inbox_part ();
    printf ("%d checks, %d failed\n", tu_checks, tu_failed);
    tu_cleanup ();
    return rc || tu_failed ? 1 : 0;
}
