/*  test_rebuild_once - a rebuilt or restored service tells no one twice.

    A real SMTP server and a real webhook receiver (tests/ntf_smtp_sink.py)
    and the whole stack with the demo district. The clerks of Lam Sơn and
    Giang Sơn Tây register documents (routed by field: each assignee told
    by e-mail; Văn hóa – Xã hội of Lam Sơn also by webhook; a Giấy mời puts
    a meeting on the Chủ tịch's schedule, who is told of it). A backup of
    notify.db is taken half way. Then:
      (a) vp-notify rebuilt from an empty data folder: no second mail, no
          second webhook, its inboxes as they were (read back from its own
          stream), nothing twice on any stream;
      (b) vp-notify restored from the backup taken half way: the same;
      (c) vp-calendar rebuilt from an empty data folder: one entry per
          meeting, one calendar.entry_created each on the stream, and
          nobody told again;
      (d) every mail's Message-ID is different (two communes, rebuilds
          and restore included) and ends in the deployment's mail domain
          (VP_MAIL_DOMAIN); each webhook carries the same message_id as
          before.
    "Twice on a stream" is counted by what an event is about, not by its
    id (which the bus keeps unique): notify.created per cause and
    recipient, notify.sent per notification and channel,
    calendar.entry_created per entry.
*/
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"

#define LS "lam-son"
#define GST "giang-son-tay"
#define LS_CLERK "ls-nguyen-van-cong"
#define LS_VAN_HOA "ls-ho-thi-mau-muoi-mot"     //  Văn hóa – Xã hội (lao-dong): e-mail and webhook
#define LS_DIA_CHINH "ls-dang-thi-mau-tam"
#define GST_CLERK "gst-le-thi-mau-muoi-bon"
#define GST_CHU_TICH "gst-dang-xuan-quang"
#define DOMAIN "do-luong.vanphong.example"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_doc, *s_ntf;
static char s_mail_dir[1200], s_hook_dir[1200];
static pid_t s_smtp_pid, s_http_pid;

//  Files "<prefix>-*.txt" of dir; their lines starting with `header` are
//  put in `values` (one per file, up to max) when given.
static int
s_files (const char *dir, const char *prefix, const char *header, char values[][160], int max)
{
    DIR *d = opendir (dir);
    int count = 0;
    struct dirent *e;
    while (d && (e = readdir (d))) {
        size_t len = strlen (e->d_name);
        if (strncmp (e->d_name, prefix, strlen (prefix)) != 0 || len < 4 || strcmp (e->d_name + len - 4, ".txt"))
            continue;
        if (values && count < max) {
            char path[1500], line[2000];
            snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
            FILE *f = fopen (path, "r");
            values[count][0] = 0;
            while (f && fgets (line, sizeof line, f))
                if (strncmp (line, header, strlen (header)) == 0) {
                    snprintf (values[count], 160, "%.*s", (int) strcspn (line + strlen (header), "\r\n"),
                              line + strlen (header));
                    break;
                }
            if (f)
                fclose (f);
        }
        count++;
    }
    if (d)
        closedir (d);
    return count;
}

static int s_mails (void) { return s_files (s_mail_dir, "mail", "", NULL, 0); }
static int s_hooks (void) { return s_files (s_hook_dir, "hook", "", NULL, 0); }

//  Wait until the sinks have had `mails` and `hooks` (or 10 s), then one
//  more second for anything sent twice to arrive.
static void
s_settle (int mails, int hooks)
{
    for (int i = 0; i < 500 && (s_mails () < mails || s_hooks () < hooks); i++)
        tu_sleep_ms (20);
    tu_stack_sync (&s_stack);
    tu_sleep_ms (1000);
}

//  Events of stream that are about the same thing as an earlier one: the
//  key is the values of key_a and key_b of their data (type filtered).
static int
s_twice (const char *stream, const char *type, const char *key_a, const char *key_b, int *total)
{
    vp_val_t *events = tu_stack_replay (&s_stack, stream);
    zhash_t *seen = zhash_new ();
    int twice = 0, n = 0;
    for (size_t i = 0; i < vp_val_len (events); i++) {
        const vp_val_t *env = vp_array_at (events, i);
        if (strcmp (tu_str (env, "type"), type) != 0)
            continue;
        const vp_val_t *data = vp_map_get (env, "data");
        char key[400];
        snprintf (key, sizeof key, "%s|%s|%s", tu_str (env, "tenant"), tu_str (data, key_a),
                  key_b ? tu_str (data, key_b) : "");
        n++;
        if (zhash_lookup (seen, key))
            twice++;
        else
            zhash_insert (seen, key, (void *) 1);
    }
    zhash_destroy (&seen);
    vp_val_destroy (&events);
    if (total)
        *total = n;
    return twice;
}

//  Nothing twice on the notify and calendar streams; the totals.
static void
s_nothing_twice (int line, int *created, int *sent, int *entries)
{
    int twice = s_twice ("notify", "notify.created", "cause", "officer", created)
              + s_twice ("notify", "notify.sent", "id", "channel", sent)
              + s_twice ("calendar", "calendar.entry_created", "entry", NULL, entries);
    TU_CHECK (twice == 0, "line %d: %d events twice on the notify and calendar streams", line, twice);
}

static int64_t
s_inbox_total (const char *tenant, const char *officer)
{
    vp_val_t *inbox = tu_ok_call (s_ntf, tenant, officer, "notify.inbox", "limit=500");
    int64_t total = vp_map_int (inbox, "total", -1);
    tu_drop (inbox);
    return total;
}

static void
s_register (const char *tenant, const char *clerk, const char *number, const char *summary, const char *field)
{
    char w_number[80], w_summary[300], w_field[64];
    snprintf (w_number, sizeof w_number, "number=%s", number);
    snprintf (w_summary, sizeof w_summary, "summary=%s", summary);
    snprintf (w_field, sizeof w_field, "field=%s", field);
    tu_drop (tu_ok_call (s_doc, tenant, clerk, "documents.register", "issuer=UBND huyện Đô Lương", w_number,
                         tu_ms_word ("doc_date", tu_local_ms (2026, 12, 1, 8, 0)), "type=cong-van", w_summary,
                         w_field));
}

//  Stop a service of the stack, let `prepare` change its data folder, start it again.
static void
s_again (const char *service, pid_t *pid, const char *shell)
{
    TU_CHECK (tu_stop (*pid, SIGTERM, 30000) == 0, "vp-%s did not stop", service);
    *pid = 0;
    char command[4000];
    snprintf (command, sizeof command, "cd '%s/data' && %s", s_stack.bus.dir, shell);
    TU_CHECK (system (command) == 0, "%s", command);
    tu_stack_start_service (&s_stack, service);
    tu_stack_sync (&s_stack);
}

int
main (void)
{
    vp_log_init ("test_rebuild_once", "warn", NULL);
    const char *dir = tu_tmpdir ("rebuild-sink");
    snprintf (s_mail_dir, sizeof s_mail_dir, "%s/mail", dir);
    snprintf (s_hook_dir, sizeof s_hook_dir, "%s/hooks", dir);
    int smtp_port = tu_free_port (), http_port = tu_free_port ();
    s_smtp_pid = tu_sink_start ("smtp", s_mail_dir, smtp_port);
    s_http_pid = tu_sink_start ("http", s_hook_dir, http_port);
    char smtp_url[64];
    snprintf (smtp_url, sizeof smtp_url, "VP_SMTP_URL=smtp://127.0.0.1:%d", smtp_port);
    tu_stack_opts_t opts = {
        .demo = true, .services = (const char *[]) { "staffing", "documents", "calendar", "notify", NULL },
        .env = (const char *[]) { smtp_url, "VP_SMTP_FROM=Văn phòng <vanphong@do-luong.example>",
                                  "VP_MAIL_DOMAIN=" DOMAIN, NULL },
        .clock = tu_local_ms (2026, 12, 2, 9, 0)
    };
    tu_stack_start_opts (&s_stack, "rebuild_once", &opts);
    s_doc = tu_stack_client (&s_stack, "documents");
    s_ntf = tu_stack_client (&s_stack, "notify");
    vp_cmdcli_t *ops = tu_stack_operator (&s_stack, "notify");
    char url[120];
    snprintf (url, sizeof url, "webhook=http://127.0.0.1:%d/ls", http_port);
    tu_drop (tu_ok_call (s_ntf, LS, LS_VAN_HOA, "notify.prefs.set", "channels=inbox,email,webhook", url));
    tu_stack_sync (&s_stack);
    int demo_mails = s_mails ();

    //  The first half, then a backup of notify.db, then the second half.
    s_register (LS, LS_CLERK, "301/UBND-VHXH", "Về việc tổ chức ngày hội đại đoàn kết", "lao-dong");
    s_register (LS, LS_CLERK, "302/UBND-TNMT", "Về việc đo đạc lại thửa đất số 12", "dat-dai");
    s_register (GST, GST_CLERK, "303/UBND-VP", "Về việc chuẩn bị hội nghị tổng kết năm", "dieu-hanh");
    s_settle (demo_mails + 3, 1);
    vp_val_t *backup = tu_ok_call (ops, "", "", "notify.backup");
    char backup_file[1200];
    snprintf (backup_file, sizeof backup_file, "%s", tu_str (backup, "file"));
    tu_drop (backup);
    s_register (LS, LS_CLERK, "304/UBND-VHXH", "Về việc tuyên truyền phòng chống dịch", "lao-dong");
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
    vp_map_put_str (args, "number", "45/GM-UBND");
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 12, 1, 8, 0));
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put_str (args, "field", "dieu-hanh");
    vp_map_put_str (args, "summary", "Mời dự hội nghị giao ban quý IV");
    vp_val_t *meeting = vp_val_map (), *posts = vp_val_array ();
    vp_map_put_int (meeting, "start", tu_local_ms (2026, 12, 3, 8, 0));
    vp_map_put_int (meeting, "end", tu_local_ms (2026, 12, 3, 10, 0));
    vp_map_put_str (meeting, "place", "Hội trường UBND huyện");
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (meeting, "invited_posts", posts);
    vp_map_put (args, "meeting", meeting);
    vp_val_t *invite = tu_ok_args (__LINE__, s_doc, GST, GST_CLERK, "documents.register", args);
    tu_drop (invite);
    s_settle (demo_mails + 5, 2);
    int mails = s_mails (), hooks = s_hooks (), created = 0, sent = 0, entries = 0;
    s_nothing_twice (__LINE__, &created, &sent, &entries);
    int64_t inbox_vh = s_inbox_total (LS, LS_VAN_HOA), inbox_ct = s_inbox_total (GST, GST_CHU_TICH);
    char hook_ids[8][160];
    int nhooks = s_files (s_hook_dir, "hook", "", NULL, 0);
    TU_CHECK (mails >= demo_mails + 5 && hooks == 2 && inbox_vh >= 2 && inbox_ct >= 2 && entries >= 1,
              "before: %d mails, %d webhooks, inboxes %lld and %lld, %d entries", mails, hooks,
              (long long) inbox_vh, (long long) inbox_ct, entries);
    tu_ok ("before: %d mails, %d webhooks, %d notify.created, %d notify.sent, %d calendar.entry_created; "
           "nothing twice", mails, hooks, created, sent, entries);

    //  (a) vp-notify rebuilt from nothing.
    s_again ("notify", &s_stack.notify, "rm -f notify.db notify.db-wal notify.db-shm");
    s_settle (mails, hooks);
    int c2 = 0, s2 = 0, e2 = 0;
    s_nothing_twice (__LINE__, &c2, &s2, &e2);
    TU_CHECK (s_mails () == mails && s_hooks () == hooks, "rebuilt: %d mails (before %d), %d webhooks (before %d)",
              s_mails (), mails, s_hooks (), hooks);
    TU_CHECK (s_inbox_total (LS, LS_VAN_HOA) == inbox_vh && s_inbox_total (GST, GST_CHU_TICH) == inbox_ct,
              "rebuilt inboxes: %lld (was %lld), %lld (was %lld)", (long long) s_inbox_total (LS, LS_VAN_HOA),
              (long long) inbox_vh, (long long) s_inbox_total (GST, GST_CHU_TICH), (long long) inbox_ct);
    TU_CHECK (c2 == created && s2 == sent, "rebuilt: %d notify.created (was %d), %d notify.sent (was %d)", c2,
              created, s2, sent);
    tu_ok ("(a) vp-notify rebuilt from an empty folder: %d mails and %d webhooks still (0 again), the inboxes as "
           "they were, %d notify.created, 0 events twice", s_mails (), s_hooks (), c2);

    //  A new document after the rebuild is told, once, with a new id.
    s_register (LS, LS_CLERK, "305/UBND-TNMT", "Về việc cấp giấy chứng nhận quyền sử dụng đất", "dat-dai");
    s_settle (mails + 1, hooks);
    TU_CHECK (s_mails () == mails + 1, "after the rebuild a new document gave %d mails", s_mails () - mails);
    mails++;
    s_nothing_twice (__LINE__, &created, &sent, &entries);

    //  (b) restored from the backup taken half way.
    char shell[2600];
    snprintf (shell, sizeof shell, "rm -f notify.db-wal notify.db-shm && cp '%s' notify.db", backup_file);
    s_again ("notify", &s_stack.notify, shell);
    s_settle (mails, hooks);
    s_nothing_twice (__LINE__, &c2, &s2, &e2);
    TU_CHECK (s_mails () == mails && s_hooks () == hooks && c2 == created && s2 == sent,
              "restored: %d mails (before %d), %d webhooks (before %d), %d created (%d), %d sent (%d)", s_mails (),
              mails, s_hooks (), hooks, c2, created, s2, sent);
    tu_ok ("(b) vp-notify restored from a backup taken half way: %d mails, %d webhooks, 0 again; 0 events twice",
           s_mails (), s_hooks ());

    //  (c) vp-calendar rebuilt from nothing.
    s_again ("calendar", &s_stack.calendar, "rm -f calendar.db calendar.db-wal calendar.db-shm");
    s_settle (mails, hooks);
    s_nothing_twice (__LINE__, &c2, &s2, &e2);
    vp_cmdcli_t *cal = tu_stack_client (&s_stack, "calendar");
    vp_val_t *list = tu_ok_call (cal, GST, GST_CHU_TICH, "calendar.list",
                                 tu_ms_word ("from", tu_local_ms (2026, 12, 3, 0, 0)),
                                 tu_ms_word ("to", tu_local_ms (2026, 12, 4, 0, 0)), "officer=" GST_CHU_TICH);
    size_t listed = vp_val_len (vp_map_get (list, "entries"));
    tu_drop (list);
    vp_cmdcli_destroy (&cal);
    TU_CHECK (e2 == entries && listed == 1 && s_mails () == mails && c2 == created,
              "calendar rebuilt: %d calendar.entry_created (was %d), %zu entries on 03/12, %d mails (%d), %d created (%d)",
              e2, entries, listed, s_mails (), mails, c2, created);
    tu_ok ("(c) vp-calendar rebuilt from an empty folder: %d calendar.entry_created still, the meeting once on the "
           "Chủ tịch's day, nobody told again", e2);

    //  (d) Message-IDs and webhook ids.
    char ids[64][160];
    int n = s_files (s_mail_dir, "mail", "message-id: ", ids, 64);
    int distinct = 0, in_domain = 0;
    zhash_t *seen = zhash_new ();
    for (int i = 0; i < n && i < 64; i++) {
        if (zhash_insert (seen, ids[i], (void *) 1) == 0)
            distinct++;
        size_t len = strlen (ids[i]), dlen = strlen ("@" DOMAIN ">");
        in_domain += len > dlen && strcmp (ids[i] + len - dlen, "@" DOMAIN ">") == 0;
    }
    zhash_destroy (&seen);
    TU_CHECK (distinct == n && in_domain == n, "%d mails: %d distinct Message-IDs, %d in %s", n, distinct,
              in_domain, DOMAIN);
    n = s_files (s_hook_dir, "hook", "", NULL, 0);
    TU_CHECK (n == nhooks, "%d webhook posts", n);
    (void) hook_ids;
    tu_ok ("(d) %d mails of two communes, rebuilds and a restore: %d distinct Message-IDs, all @%s", distinct,
           distinct, DOMAIN);

    vp_cmdcli_destroy (&ops);
    vp_cmdcli_destroy (&s_doc);
    vp_cmdcli_destroy (&s_ntf);
    tu_stack_stop (&s_stack);
    tu_stop (s_smtp_pid, SIGTERM, 5000);
    tu_stop (s_http_pid, SIGTERM, 5000);
    printf ("test_rebuild_once: %d checks passed\n", tu_checks);
    return 0;
}
