/*  test_request_once - a command is done once per request id.

    Real vp-bus, vp-staffing, vp-documents, vp-calendar and vp-notify on
    the demo district, CURVE on, the clock set. For changing commands of
    every service, the same request (same id) sent three times: one effect
    (the events it caused, by corr, are those of the first time) and the
    same reply each time. The same id with other arguments is refused,
    naming the field `id`. And vp-documents killed between the commit of a
    registration and its reply: the registration asked again with the same
    id gets the first one's reply, and the document is registered once.
*/
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"

#define GST "giang-son-tay"
#define GST_CLERK "gst-le-thi-mau-muoi-bon"
#define GST_HEAD "gst-vu-thi-mau-truong"
#define GST_CHU_TICH "gst-dang-xuan-quang"

static tu_stack_t s_stack;
static char s_fault_file[1300];
static int s_commands;

//  Events of every stream caused by the request `id`.
static size_t
s_caused (const char *id)
{
    static const char *const streams[] = { "staffing", "documents", "calendar", "notify", NULL };
    size_t n = 0;
    for (int s = 0; streams[s]; s++) {
        vp_val_t *all = tu_stack_replay (&s_stack, streams[s]);
        for (size_t i = 0; i < vp_val_len (all); i++)
            if (strcmp (tu_str (vp_array_at (all, i), "corr"), id) == 0)
                n++;
        vp_val_destroy (&all);
    }
    return n;
}

static vp_val_t *
s_request (const char *id, const char *cmd, const char *actor, vp_val_t *args)
{
    vp_val_t *request = vp_val_map ();
    vp_map_put_int (request, "v", 1);
    vp_map_put_str (request, "id", id);
    vp_map_put_str (request, "cmd", cmd);
    vp_map_put_str (request, "tenant", GST);
    if (actor)
        vp_map_put_str (request, "actor", actor);
    vp_map_put_str (request, "session", TU_SESSION);
    vp_map_put (request, "args", args);
    return request;
}

//  The reply to a request, as JSON (caller frees).
static char *
s_send (vp_cmdcli_t *cli, const vp_val_t *request)
{
    vp_val_t *reply = NULL;
    vp_err_t err = { 0 };
    TU_CHECK (vp_cmdcli_request (cli, vp_val_dup (request), TU_TIMEOUT, &reply, &err) == 0,
              "%s: no reply: %s", vp_map_str (request, "cmd"), err.message);
    char *json = vp_val_to_json (reply);
    vp_val_destroy (&reply);
    return json;
}

//  cmd with words, sent three times under one id: one effect, one reply.
//  Returns the reply (caller frees).
static char *
s_thrice (int line, const char *service, const char *cmd, const char *actor, ...)
{
    va_list ap;
    va_start (ap, actor);
    vp_val_t *args = tu_args (line, cmd, ap);
    va_end (ap);
    char id[VP_ID_LEN + 1];
    vp_id_new (id);
    vp_val_t *request = s_request (id, cmd, actor, args);
    vp_cmdcli_t *cli = tu_stack_client (&s_stack, service);
    char *first = s_send (cli, request);
    TU_CHECK (strstr (first, "\"ok\":true"), "line %d: %s refused: %s", line, cmd, first);
    tu_stack_sync (&s_stack);
    size_t effect = s_caused (id);
    for (int i = 2; i <= 3; i++) {
        char *again = s_send (cli, request);
        TU_CHECK (strcmp (again, first) == 0, "line %d: %s, time %d, replied\n  %s\nnot\n  %s", line, cmd, i,
                  again, first);
        free (again);
    }
    tu_stack_sync (&s_stack);
    size_t after = s_caused (id);
    TU_CHECK (after == effect, "line %d: %s three times caused %zu events, once %zu", line, cmd, after, effect);
    vp_val_destroy (&request);
    vp_cmdcli_destroy (&cli);
    tu_checks += 3;
    s_commands++;
    return first;
}
#define THRICE(service, cmd, actor, ...) s_thrice (__LINE__, service, cmd, actor, __VA_ARGS__, NULL)

//  A string field of a reply's result, copied into out.
static const char *
s_result (const char *json, const char *key, char *out, size_t size)
{
    char pattern[80];
    snprintf (pattern, sizeof pattern, "\"%s\":\"", key);
    const char *at = strstr (json, pattern);
    TU_CHECK (at, "no %s in %s", key, json);
    at += strlen (pattern);
    snprintf (out, size, "%.*s", (int) strcspn (at, "\""), at);
    return out;
}

static void
s_every_service (void)
{
    char doc[32], entry[32], n1[32];
    free (THRICE ("staffing", "staffing.officer.create", GST_HEAD, "officer=gst-moi-mot", "full_name=Nguyễn Văn Mới"));
    free (THRICE ("staffing", "staffing.appoint", GST_HEAD, "officer=gst-moi-mot", "post=van-hoa",
                  "from=01/12/2026"));
    free (THRICE ("staffing", "staffing.leave.start", GST_HEAD, "officer=gst-moi-mot", "from=10/12/2026",
                  "to=12/12/2026", "delegate=" GST_CLERK));
    char *r = THRICE ("documents", "documents.register", GST_CLERK, "issuer=UBND huyện Đô Lương",
                      "number=77/UBND-VP", "doc_date=30/11/2026", "type=cong-van", "field=dieu-hanh",
                      "summary=Về việc rà soát hồ sơ một cửa");
    s_result (r, "document", doc, sizeof doc);
    free (r);
    char w_doc[64];
    snprintf (w_doc, sizeof w_doc, "document=%s", doc);
    free (THRICE ("documents", "documents.comment", GST_CHU_TICH, w_doc, "text=Giao văn hóa chủ trì"));
    free (THRICE ("documents", "documents.assign", GST_HEAD, w_doc, "post=van-hoa"));
    free (THRICE ("documents", "documents.number.reserve", GST_CLERK, "series=ubnd", "type=quyet-dinh",
                  "doc_date=01/12/2026"));
    free (THRICE ("documents", "documents.holiday.add", GST_HEAD, "date=31/12/2026", "name=Nghỉ bù"));
    r = THRICE ("calendar", "calendar.entry.create", GST_CLERK, "title=Họp giao ban", "start=03/12/2026 08:00",
                "end=03/12/2026 09:00", "officers=" GST_CHU_TICH);
    s_result (r, "entry", entry, sizeof entry);
    free (r);
    char w_entry[64];
    snprintf (w_entry, sizeof w_entry, "entry=%s", entry);
    free (THRICE ("calendar", "calendar.entry.update", GST_CLERK, w_entry, "start=03/12/2026 14:00",
                  "end=03/12/2026 15:00"));
    free (THRICE ("calendar", "calendar.room.set", GST_HEAD, "room=phong-hop-2", "name=Phòng họp 2"));
    free (THRICE ("calendar", "calendar.entry.cancel", GST_CLERK, w_entry));
    free (THRICE ("notify", "notify.prefs.set", GST_CHU_TICH, "quiet_hours=22:00-06:00"));
    vp_cmdcli_t *ntf = tu_stack_client (&s_stack, "notify");
    vp_val_t *inbox = tu_ok_call (ntf, GST, GST_CHU_TICH, "notify.inbox", "officer=" GST_CHU_TICH);
    const vp_val_t *items = vp_map_get (inbox, "items");
    TU_CHECK (vp_val_len (items) > 0, "the Chủ tịch has nothing in his inbox");
    snprintf (n1, sizeof n1, "id=%s", tu_str (vp_array_at (items, 0), "id"));
    vp_val_destroy (&inbox);
    vp_cmdcli_destroy (&ntf);
    free (THRICE ("notify", "notify.ack", GST_CHU_TICH, n1));
    tu_ok ("%d changing commands of the four services, each sent three times under one id: one effect, "
           "the same reply", s_commands);

    //  The same id asked for something else.
    char id[VP_ID_LEN + 1];
    vp_id_new (id);
    vp_cmdcli_t *cli = tu_stack_client (&s_stack, "documents");
    const char *words[] = { "issuer=UBND huyện Đô Lương", "number=78/UBND-VP", "doc_date=30/11/2026",
                            "type=cong-van", "summary=Văn bản thứ nhất", NULL };
    vp_val_t *args = NULL;
    vp_err_t err = { 0 };
    TU_CHECK (vp_args_from_words (vp_proto_find ("documents.register", VP_KIND_COMMAND), 5, words, TU_ZONE,
                                  &args, &err) == 0, "%s", err.message);
    vp_val_t *request = s_request (id, "documents.register", GST_CLERK, args);
    char *first = s_send (cli, request);
    vp_val_t *other = vp_val_dup (args);
    vp_map_put_str (other, "summary", "Văn bản thứ hai, khác hẳn");
    vp_map_put_str (other, "number", "79/UBND-VP");
    vp_map_put (request, "args", other);
    char *second = s_send (cli, request);
    TU_CHECK (strstr (first, "\"ok\":true") && strstr (second, "invalid_argument") && strstr (second, "\"field\":\"id\""),
              "the same id with another registration: %s", second);
    tu_stack_sync (&s_stack);
    vp_val_t *found = tu_ok_call (cli, GST, GST_CLERK, "documents.search", "q=79/UBND-VP");
    TU_CHECK (vp_map_int (found, "total", vp_val_len (vp_map_get (found, "items"))) == 0,
              "the second registration under a used id was made: %s", vp_val_to_json (found));
    vp_val_destroy (&found);
    free (first);
    free (second);
    vp_val_destroy (&request);
    vp_cmdcli_destroy (&cli);
    tu_ok ("the same request id with another registration: invalid_argument naming id, nothing registered");
}

//  vp-documents dies after it commits a registration, before it replies.
static void
s_crash_after_commit (void)
{
    char id[VP_ID_LEN + 1];
    vp_id_new (id);
    const char *words[] = { "issuer=Huyện ủy Đô Lương", "number=12-TB/HU", "doc_date=30/11/2026",
                            "type=thong-bao", "summary=Thông báo kết luận hội nghị", NULL };
    vp_val_t *args = NULL;
    vp_err_t err = { 0 };
    TU_CHECK (vp_args_from_words (vp_proto_find ("documents.register", VP_KIND_COMMAND), 5, words, TU_ZONE,
                                  &args, &err) == 0, "%s", err.message);
    vp_val_t *request = s_request (id, "documents.register", GST_CLERK, args);
    FILE *flag = fopen (s_fault_file, "w");
    TU_CHECK (flag, "cannot write %s", s_fault_file);
    fclose (flag);
    vp_cmdcli_t *cli = tu_stack_client (&s_stack, "documents");
    vp_val_t *reply = NULL;
    int rc = vp_cmdcli_request (cli, vp_val_dup (request), 3000, &reply, &err);
    TU_CHECK (rc != 0, "vp-documents answered although it was to die after its commit: %s", vp_val_to_json (reply));
    TU_CHECK (access (s_fault_file, F_OK) != 0, "vp-documents did not reach the point after its commit");
    int status = tu_wait (s_stack.documents, 10000);
    TU_CHECK (status == 99, "vp-documents exited %d, not at the failpoint", status);
    s_stack.documents = 0;
    tu_stack_start_service (&s_stack, "documents");
    char *again = s_send (cli, request);
    TU_CHECK (strstr (again, "\"ok\":true") && strstr (again, "12-TB/HU"), "asked again: %s", again);
    tu_stack_sync (&s_stack);
    vp_val_t *registered = tu_stack_events (&s_stack, "documents", "documents.registered", "number", "12-TB/HU");
    TU_CHECK (vp_val_len (registered) == 1, "%zu documents.registered for 12-TB/HU, expected 1",
              vp_val_len (registered));
    char doc[32];
    s_result (again, "document", doc, sizeof doc);
    TU_CHECK (strcmp (tu_str (vp_map_get (vp_array_at (registered, 0), "data"), "document"), doc) == 0
           && strcmp (tu_str (vp_array_at (registered, 0), "corr"), id) == 0,
              "the reply names %s, the bus registered %s", doc,
              tu_str (vp_map_get (vp_array_at (registered, 0), "data"), "document"));
    vp_val_destroy (&registered);
    free (again);
    vp_val_destroy (&reply);
    vp_val_destroy (&request);
    vp_cmdcli_destroy (&cli);
    tu_ok ("vp-documents died after committing a registration and before its reply (exit 99); asked again "
           "with the same id it answers %s, registered once", doc);
}

int
main (void)
{
    static char w_fault[1300];
    tu_stack_opts_t opts = {
        .demo = true, .services = (const char *[]) { "staffing", "documents", "calendar", "notify", NULL },
        .env = (const char *[]) { "VP_FAULT_AFTER_COMMIT=documents.register", w_fault, "VP_SMTP_URL=", NULL },
        .clock = tu_local_ms (2026, 12, 2, 9, 0)
    };
    //  The failpoint's flag file lives in the test's folder, made below:
    //  the folder is known once the stack has one.
    snprintf (w_fault, sizeof w_fault, "VP_FAULT_FILE=%s/vp-fault-%d", P_tmpdir, (int) getpid ());
    snprintf (s_fault_file, sizeof s_fault_file, "%s", w_fault + strlen ("VP_FAULT_FILE="));
    tu_stack_start_opts (&s_stack, "request-once", &opts);
    s_every_service ();
    s_crash_after_commit ();
    tu_stack_stop (&s_stack);
    unlink (s_fault_file);
    printf ("%d checks\n", tu_checks);
    tu_cleanup ();
    return tu_failed ? 1 : 0;
}
