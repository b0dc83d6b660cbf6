/*  test_rebuild_once - a rebuilt or restored service tells no one twice
    and emits no event twice.

    Starts vp-bus, vp-staffing, vp-documents, vp-calendar and vp-notify
    with CURVE on the demo district, a real SMTP server and a real HTTP
    receiver on loopback (tests/ntf_smtp_sink.py). Documents go to
    officers by e-mail (Lâm Sơn, Giang Sơn Tây) and by webhook, and
    Giấy mời make calendar entries. Then:
      1. vp-notify rebuilt from an empty data folder: no second e-mail, no
         second webhook, the inbox back, no event twice on any stream;
      2. vp-notify restored from a backup taken mid-stream (notify.backup,
         more documents after it): the same;
      3. vp-calendar rebuilt from empty: no second calendar.entry_created,
         its entries back under the same ids, and the edition of a
         published week (publishing again is unchanged);
      4. every service restored from backups taken under load (documents
         registered while the backups are made), the load going on after
         the restore: nothing on the bus twice, each document told once;
      5. the Message-IDs of every e-mail (two communes, before and after
         the rebuilds) never collide and carry the mail domain.
    "Twice on a stream" is counted over a replay of every stream: by
    envelope id, and by what the event is about (notify.created: cause
    and recipient; notify.sent: notification and channel;
    calendar.entry_created: entry).
*/
#include <dirent.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"

#define LS_CLERK "ls-nguyen-van-cong"
#define LS_HEAD "ls-phan-thi-mau-truong"
#define LS_DIA_CHINH "ls-dang-thi-mau-tam"      //  dat-dai, by e-mail
#define LS_VAN_HOA "ls-ho-thi-mau-muoi-mot"     //  lao-dong, by webhook here
#define GST_CLERK "gst-le-thi-mau-muoi-bon"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_docs;
static char s_mail_dir[1200], s_hook_dir[1200], s_data[1200];
static int s_smtp_port, s_http_port;
static pid_t s_smtp_pid, s_http_pid;
static int s_number = 100;

//  The files "<prefix>-*.txt" of dir; each one's text to fn when given.
static int
s_files (const char *dir, const char *prefix, void (*fn) (const char *text, void *arg), void *arg)
{
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
        count++;
        if (!fn)
            continue;
        char path[1500];
        snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *file = fopen (path, "rb");
        if (!file)
            continue;
        char text[16384];
        size_t got = fread (text, 1, sizeof text - 1, file);
        text[got] = 0;
        fclose (file);
        fn (text, arg);
    }
    closedir (d);
    return count;
}

static int s_mails (void) { return s_files (s_mail_dir, "mail", NULL, NULL); }
static int s_hooks (void) { return s_files (s_hook_dir, "hook", NULL, NULL); }

//  The database file of a service.
static const char *
s_db (const char *service)
{
    static char path[4][1300];
    static int n;
    char *out = path[n++ % 4];
    snprintf (out, 1300, "%s/%s.db", s_data, service);
    return out;
}

//  Wait until vp-notify has no delivery left to make, every outbox is
//  empty and every consumer is at the heads.
static void
s_settle (void)
{
    tu_stack_sync (&s_stack);
    for (int i = 0; i < 500; i++) {
        int64_t busy = tu_sql_int (s_db ("notify"),
                                   "SELECT count(*) FROM ntf_delivery WHERE status IN ('pending', 'sending')");
        if (busy == 0)
            break;
        tu_sleep_ms (20);
    }
    tu_stack_sync (&s_stack);
    //  A delivery the worker would make again would be on its way by now.
    tu_sleep_ms (600);
    tu_stack_sync (&s_stack);
}

//  A document to an officer of tenant (by field); its id.
static void
s_register (const char *tenant, const char *clerk, const char *field)
{
    char number[64], summary[96], w_field[64];
    snprintf (number, sizeof number, "number=%d/UBND-TN", s_number);
    snprintf (summary, sizeof summary, "summary=Văn bản kiểm tra gửi lại số %d", s_number++);
    snprintf (w_field, sizeof w_field, "field=%s", field);
    int64_t now = vp_clock_now ();
    tu_drop (tu_ok_call (s_docs, tenant, clerk, "documents.register", "issuer=UBND huyện Đô Lương", number,
                         tu_ms_word ("doc_date", now), "type=cong-van", summary, "urgency=thuong", w_field,
                         tu_ms_word ("arrived_at", now), NULL));
}

//  A Giấy mời in Giang Sơn Tây for the Chủ tịch: a calendar entry.
static void
s_invitation (int day)
{
    vp_val_t *args = vp_val_map ();
    char number[32];
    snprintf (number, sizeof number, "%d/GM-UBND", s_number++);
    vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
    vp_map_put_str (args, "number", number);
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 12, 1, 0, 0));
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put_str (args, "summary", "Mời dự hội nghị triển khai nhiệm vụ");
    vp_val_t *meeting = vp_val_map ();
    vp_map_put_int (meeting, "start", tu_local_ms (2026, 12, day, 14, 0));
    vp_map_put_int (meeting, "end", tu_local_ms (2026, 12, day, 16, 0));
    vp_map_put_str (meeting, "place", "Hội trường UBND huyện");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (meeting, "invited_posts", posts);
    vp_map_put (args, "meeting", meeting);
    tu_drop (tu_ok_args (__LINE__, s_docs, "giang-son-tay", GST_CLERK, "documents.register", args));
}

//  One round of work: three e-mails (two communes), one webhook, one entry.
static void
s_round (int day)
{
    //  A minute on for every round: backups are named by the time.
    tu_stack_set_clock (&s_stack, vp_clock_now () + 60 * 1000);
    s_register ("lam-son", LS_CLERK, "dat-dai");
    s_register ("lam-son", LS_CLERK, "tai-chinh");
    s_register ("lam-son", LS_CLERK, "lao-dong");
    s_register ("giang-son-tay", GST_CLERK, "dat-dai");
    s_invitation (day);
}

//  --------------------------------------------------------------------------
//  Counting twice over every stream

typedef struct {
    char **keys;
    size_t n, cap;
} s_set_t;

//  Add key; true when it was there already.
static bool
s_set_add (s_set_t *set, const char *key)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp (set->keys[i], key) == 0)
            return true;
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 256;
        set->keys = (char **) realloc (set->keys, set->cap * sizeof (char *));
    }
    set->keys[set->n++] = strdup (key);
    return false;
}

static void
s_set_free (s_set_t *set)
{
    for (size_t i = 0; i < set->n; i++)
        free (set->keys[i]);
    free (set->keys);
    memset (set, 0, sizeof *set);
}

//  Events twice on any stream; *total gets how many there are.
static int
s_twice (const char *when, int64_t *total)
{
    static const char *const streams[] = { "staffing", "documents", "calendar", "notify", NULL };
    s_set_t ids = { 0 }, about = { 0 };
    int twice = 0;
    *total = 0;
    for (int s = 0; streams[s]; s++) {
        vp_val_t *events = tu_stack_replay (&s_stack, streams[s]);
        for (size_t i = 0; i < vp_val_len (events); i++) {
            vp_val_t *env = vp_array_at (events, i);
            vp_val_t *data = vp_map_get (env, "data");
            const char *type = tu_str (env, "type");
            (*total)++;
            if (s_set_add (&ids, tu_str (env, "id"))) {
                twice++;
                printf ("  twice (id): %s %s seq %lld\n", type, tu_str (env, "id"),
                        (long long) vp_map_int (env, "seq", 0));
            }
            char key[600] = "";
            if (strcmp (type, "notify.created") == 0)
                snprintf (key, sizeof key, "%s|%s|%s|%s|%s", type, tu_str (env, "tenant"), tu_str (data, "cause"),
                          tu_str (data, "cause_type"), tu_str (data, "officer"));
            else
            if (strcmp (type, "notify.sent") == 0)
                snprintf (key, sizeof key, "%s|%s|%s|%s", type, tu_str (env, "tenant"), tu_str (data, "id"),
                          tu_str (data, "channel"));
            else
            if (strcmp (type, "calendar.entry_created") == 0)
                snprintf (key, sizeof key, "%s|%s|%s", type, tu_str (env, "tenant"), tu_str (data, "entry"));
            if (*key && s_set_add (&about, key)) {
                twice++;
                printf ("  twice (same thing): %s seq %lld\n", key, (long long) vp_map_int (env, "seq", 0));
            }
        }
        vp_val_destroy (&events);
    }
    s_set_free (&ids);
    s_set_free (&about);
    printf ("%s: %lld events on the bus, %d twice\n", when, (long long) *total, twice);
    return twice;
}

//  --------------------------------------------------------------------------
//  Stopping, emptying, restoring a service

static void
s_remove_db (const char *service)
{
    char path[1400];
    static const char *const ext[] = { "", "-wal", "-shm", NULL };
    for (int i = 0; ext[i]; i++) {
        snprintf (path, sizeof path, "%s%s", s_db (service), ext[i]);
        unlink (path);
    }
}

static pid_t *
s_pid (const char *service)
{
    return strcmp (service, "notify") == 0 ? &s_stack.notify
         : strcmp (service, "calendar") == 0 ? &s_stack.calendar
         : strcmp (service, "documents") == 0 ? &s_stack.documents : &s_stack.staffing;
}

static void
s_service_stop (const char *service)
{
    pid_t *pid = s_pid (service);
    TU_CHECK (tu_stop (*pid, SIGTERM, 10000) == 0, "vp-%s did not stop cleanly", service);
    *pid = 0;
}

//  An online backup of a service's database: its file (static ring).
static const char *
s_backup (const char *service)
{
    static char files[8][1300];
    static int n;
    char cmd[64];
    snprintf (cmd, sizeof cmd, "%s.backup", service);
    vp_cmdcli_t *ops = tu_stack_operator (&s_stack, service);
    vp_val_t *r = tu_ok_call (ops, NULL, NULL, cmd, NULL);
    char *file = files[n++ % 8];
    snprintf (file, 1300, "%s", tu_str (r, "file"));
    vp_val_destroy (&r);
    vp_cmdcli_destroy (&ops);
    struct stat st;
    TU_CHECK (*file && stat (file, &st) == 0, "%s gave no backup file", cmd);
    return file;
}

static void
s_restore (const char *service, const char *file)
{
    s_remove_db (service);
    char cmd[3000];
    snprintf (cmd, sizeof cmd, "cp '%s' '%s'", file, s_db (service));
    TU_CHECK (system (cmd) == 0, "cannot copy %s", file);
}

//  --------------------------------------------------------------------------

typedef struct {
    s_set_t ids;                //  Message-IDs
    s_set_t mails;              //  Message-ID, recipient and subject
    int n_files;
    int collisions;             //  one Message-ID for two different mails
    int copies;                 //  the same mail again, same Message-ID
    int foreign;                //  without the mail domain
} s_msgids_t;

//  The value of header name ("name: ") in the sink's text, into out.
static void
s_header (const char *text, const char *name, char *out, size_t size)
{
    const char *at = strstr (text, name);
    *out = 0;
    if (at) {
        at += strlen (name);
        snprintf (out, size, "%.*s", (int) strcspn (at, "\n"), at);
    }
}

static void
s_msgid (const char *text, void *arg)
{
    s_msgids_t *m = (s_msgids_t *) arg;
    m->n_files++;
    char id[400], rcpt[300], subject[500], mail[1300];
    s_header (text, "message-id: ", id, sizeof id);
    s_header (text, "rcpt: ", rcpt, sizeof rcpt);
    s_header (text, "subject: ", subject, sizeof subject);
    size_t len = strlen (id);
    if (len < 19 || id[0] != '<' || strcmp (id + len - 18, "@vanphong.invalid>") != 0)
        m->foreign++;
    snprintf (mail, sizeof mail, "%s|%s|%s", id, rcpt, subject);
    bool seen_id = s_set_add (&m->ids, id);
    bool seen_mail = s_set_add (&m->mails, mail);
    if (seen_mail)
        m->copies++;
    else
    if (seen_id)
        m->collisions++;
}

static void
s_msgids_free (s_msgids_t *m)
{
    s_set_free (&m->ids);
    s_set_free (&m->mails);
}

int
main (void)
{
    const char *dir = tu_tmpdir ("rebuild-once-sink");
    snprintf (s_mail_dir, sizeof s_mail_dir, "%s/mail", dir);
    snprintf (s_hook_dir, sizeof s_hook_dir, "%s/hooks", dir);
    s_smtp_port = tu_free_port ();
    s_http_port = tu_free_port ();
    s_smtp_pid = tu_sink_start ("smtp", s_mail_dir, s_smtp_port);
    s_http_pid = tu_sink_start ("http", s_hook_dir, s_http_port);

    char smtp[100];
    snprintf (smtp, sizeof smtp, "VP_SMTP_URL=smtp://127.0.0.1:%d", s_smtp_port);
    const char *env[] = { smtp, "VP_SMTP_FROM=Văn phòng <vanphong@do-luong.example>", "VP_NOTIFY_SCAN_MS=100", NULL };
    tu_stack_opts_t opts = {
        .demo = true, .services = (const char *[]) { "staffing", "documents", "calendar", "notify", NULL },
        .env = env, .clock = tu_local_ms (2026, 12, 2, 9, 0)
    };
    tu_stack_start_opts (&s_stack, "rebuild-once", &opts);
    snprintf (s_data, sizeof s_data, "%s/data", s_stack.bus.dir);
    s_docs = tu_stack_client (&s_stack, "documents");
    vp_cmdcli_t *ntf = tu_stack_client (&s_stack, "notify");
    char url[160];
    snprintf (url, sizeof url, "webhook=http://127.0.0.1:%d/hook/lam-son", s_http_port);
    tu_drop (tu_ok_call (ntf, "lam-son", LS_VAN_HOA, "notify.prefs.set", "channels=inbox,webhook", url, NULL));
    int64_t total = 0;

    //  Before: two rounds, a backup of vp-notify between them.
    s_round (10);
    s_settle ();
    const char *notify_backup = s_backup ("notify");
    s_round (11);
    s_settle ();
    int mails = s_mails (), hooks = s_hooks ();
    CHECK (mails >= 6 && hooks >= 2, "before: %d e-mails and %d webhooks, expected at least 6 and 2", mails, hooks);
    CHECK (s_twice ("before", &total) == 0, "events twice on the bus before any rebuild");
    int64_t inbox = tu_sql_int (s_db ("notify"), "SELECT count(*) FROM ntf_notification");

    //  1. vp-notify rebuilt from an empty data folder.
    s_service_stop ("notify");
    s_remove_db ("notify");
    tu_stack_start_service (&s_stack, "notify");
    s_settle ();
    int twice = s_twice ("notify rebuilt from empty", &total);
    printf ("notify rebuilt from empty: e-mails %d before, %d after; webhooks %d before, %d after; "
            "inbox %lld before, %lld after; events twice: %d\n", mails, s_mails (), hooks, s_hooks (),
            (long long) inbox, (long long) tu_sql_int (s_db ("notify"), "SELECT count(*) FROM ntf_notification"),
            twice);
    CHECK (s_mails () == mails && s_hooks () == hooks && twice == 0,
           "a rebuilt vp-notify told again: %d e-mails (was %d), %d webhooks (was %d), %d events twice",
           s_mails (), mails, s_hooks (), hooks, twice);
    CHECK (tu_sql_int (s_db ("notify"), "SELECT count(*) FROM ntf_notification") == inbox,
           "the rebuilt inbox has %lld notifications, not %lld",
           (long long) tu_sql_int (s_db ("notify"), "SELECT count(*) FROM ntf_notification"), (long long) inbox);

    //  2. vp-notify restored from the backup taken between the rounds.
    s_service_stop ("notify");
    s_restore ("notify", notify_backup);
    tu_stack_start_service (&s_stack, "notify");
    s_settle ();
    twice = s_twice ("notify restored from a backup", &total);
    printf ("notify restored from a mid-stream backup: e-mails %d before, %d after; webhooks %d before, %d after; "
            "events twice: %d\n", mails, s_mails (), hooks, s_hooks (), twice);
    CHECK (s_mails () == mails && s_hooks () == hooks && twice == 0,
           "a restored vp-notify told again: %d e-mails (was %d), %d webhooks (was %d), %d events twice",
           s_mails (), mails, s_hooks (), hooks, twice);

    //  3. vp-calendar rebuilt from empty (with a week of Lam Sơn published).
    vp_cmdcli_t *cal = tu_stack_client (&s_stack, "calendar");
    vp_val_t *ed = tu_ok_call (cal, "lam-son", LS_HEAD, "calendar.week.publish",
                               tu_ms_word ("date", vp_clock_now ()), "signer=" LS_HEAD);
    CHECK (vp_map_int (ed, "edition", 0) == 1, "Lam Sơn's week published: edition 1");
    tu_drop (ed);
    int64_t entries = tu_sql_int (s_db ("calendar"), "SELECT count(*) FROM cal_entry");
    int64_t created = 0;
    vp_val_t *made = tu_stack_events (&s_stack, "calendar", "calendar.entry_created", NULL, NULL);
    created = (int64_t) vp_val_len (made);
    vp_val_destroy (&made);
    s_service_stop ("calendar");
    s_remove_db ("calendar");
    tu_stack_start_service (&s_stack, "calendar");
    s_settle ();
    made = tu_stack_events (&s_stack, "calendar", "calendar.entry_created", NULL, NULL);
    int64_t created_after = (int64_t) vp_val_len (made);
    vp_val_destroy (&made);
    twice = s_twice ("calendar rebuilt from empty", &total);
    int64_t entries_after = tu_sql_int (s_db ("calendar"), "SELECT count(*) FROM cal_entry");
    printf ("calendar rebuilt from empty: entry_created %lld before, %lld after; entries %lld before, %lld after; "
            "events twice: %d\n", (long long) created, (long long) created_after, (long long) entries,
            (long long) entries_after, twice);
    CHECK (created_after == created && twice == 0 && entries_after == entries,
           "a rebuilt vp-calendar emitted again: %lld entry_created (was %lld), %lld entries (was %lld)",
           (long long) created_after, (long long) created, (long long) entries_after, (long long) entries);
    ed = tu_ok_call (cal, "lam-son", LS_HEAD, "calendar.week.publish", tu_ms_word ("date", vp_clock_now ()),
                     "signer=" LS_HEAD);
    CHECK (vp_map_int (ed, "edition", 0) == 1 && vp_map_bool (ed, "unchanged", false),
           "the rebuilt vp-calendar knows the edition: published again unchanged, edition %lld",
           (long long) vp_map_int (ed, "edition", 0));
    tu_drop (ed);
    vp_cmdcli_destroy (&cal);

    //  4. Every service restored from backups taken under load.
    const char *const services[] = { "staffing", "documents", "calendar", "notify", NULL };
    const char *files[4];
    for (int i = 0; services[i]; i++) {
        s_round (12 + i);
        files[i] = s_backup (services[i]);
    }
    s_round (16);
    s_settle ();
    mails = s_mails ();
    hooks = s_hooks ();
    for (int i = 3; i >= 0; i--)
        s_service_stop (services[i]);
    for (int i = 0; services[i]; i++)
        s_restore (services[i], files[i]);
    for (int i = 0; services[i]; i++)
        tu_stack_start_service (&s_stack, services[i]);
    s_settle ();
    twice = s_twice ("every service restored", &total);
    printf ("every service restored from backups taken under load: e-mails %d before, %d after; "
            "webhooks %d before, %d after; events twice: %d\n", mails, s_mails (), hooks, s_hooks (), twice);
    CHECK (s_mails () == mails && s_hooks () == hooks && twice == 0,
           "the restored stack told again: %d e-mails (was %d), %d webhooks (was %d), %d events twice",
           s_mails (), mails, s_hooks (), hooks, twice);

    //  5. New work after it all: told once; Message-IDs never collide.
    s_round (17);
    s_settle ();
    //  Three documents and an invitation by e-mail, one document by webhook.
    CHECK (s_mails () == mails + 4 && s_hooks () == hooks + 1, "after the restores a round gave %d e-mails and %d "
           "webhooks, expected 4 and 1", s_mails () - mails, s_hooks () - hooks);
    //  4b. The whole stack restored from backups taken under load: work
    //  goes on between the copies, the bus copied last right after
    //  vp-documents (as scripts/backup does, services first, bus last),
    //  and more work after the copies that the restore loses.
    const char *const all[] = { "staffing", "calendar", "notify", "documents", NULL };
    for (int i = 0; all[i]; i++) {
        s_round (20 + i);
        files[i] = s_backup (all[i]);
    }
    vp_cmdcli_t *bus_ops = tu_stack_client (&s_stack, "bus");
    vp_val_t *copied = tu_ok_call (bus_ops, NULL, NULL, "bus.backup", NULL);
    char bus_file[1200];
    snprintf (bus_file, sizeof bus_file, "%s", tu_str (copied, "file"));
    vp_val_destroy (&copied);
    vp_cmdcli_destroy (&bus_ops);
    s_msgids_t at_copy = { 0 };
    s_files (s_mail_dir, "mail", s_msgid, &at_copy);
    s_round (24);
    s_settle ();
    mails = s_mails ();
    hooks = s_hooks ();
    for (int i = 3; i >= 0; i--)
        s_service_stop (all[i]);
    TU_CHECK (tu_stop (s_stack.bus.pid, SIGTERM, 10000) == 0, "vp-bus did not stop cleanly");
    s_stack.bus.pid = 0;
    char bus_db[1200], cmd[6000];
    snprintf (bus_db, sizeof bus_db, "%s/bus.db", s_stack.bus.data_dir);
    snprintf (cmd, sizeof cmd, "rm -f '%s-wal' '%s-shm' && cp '%s' '%s'", bus_db, bus_db, bus_file, bus_db);
    TU_CHECK (system (cmd) == 0, "cannot restore %s", bus_file);
    for (int i = 0; all[i]; i++)
        s_restore (all[i], files[i]);
    tu_bus_start (&s_stack.bus, NULL);
    for (int i = 0; all[i]; i++)
        tu_stack_start_service (&s_stack, all[i]);
    s_settle ();
    twice = s_twice ("every database restored", &total);
    //  What was sent after the bus's copy is in no copy: sent again, with
    //  the Message-ID it had. Nothing sent before the copy goes again, and
    //  no mail goes out with a Message-ID not seen before.
    s_msgids_t after = { 0 };
    s_files (s_mail_dir, "mail", s_msgid, &after);
    //  Sent, but not so on the bus's copy (notify.sent not in it yet):
    //  the only deliveries a restore of the bus may make again.
    int64_t sent_in_copy = tu_sql_int (bus_file, "SELECT count(*) FROM log WHERE type = 'notify.sent'");
    int copies = s_mails () - mails, hook_copies = s_hooks () - hooks;
    int64_t unrecorded = (int64_t) after.ids.n + hooks - sent_in_copy;
    printf ("every database restored (bus too) from backups taken under load: e-mails %d before, %d after, "
            "webhooks %d before, %d after: %d copies with the Message-ID they had, of the %lld deliveries made but "
            "not yet on the bus's copy; Message-IDs %zu before, %zu after, %d collisions; events twice: %d\n",
            mails, s_mails (), hooks, s_hooks (), copies + hook_copies, (long long) unrecorded,
            (size_t) mails - (size_t) at_copy.copies, after.ids.n, after.collisions, twice);
    CHECK (copies + hook_copies <= unrecorded && after.ids.n == (size_t) mails - (size_t) at_copy.copies
           && after.collisions == 0 && twice == 0,
           "the restored stack told again: %d deliveries of %lld not on the copy, Message-IDs %zu (was %d), "
           "%d collisions, %d events twice", copies + hook_copies, (long long) unrecorded, after.ids.n, mails,
           after.collisions, twice);
    s_msgids_free (&at_copy);
    s_msgids_free (&after);
    mails = s_mails ();
    hooks = s_hooks ();

    //  The Message-IDs of every e-mail sent.
    s_msgids_t m = { 0 };
    s_files (s_mail_dir, "mail", s_msgid, &m);
    twice = s_twice ("at the end", &total);
    printf ("Message-IDs: %zu for %d e-mails in two communes (%d copies of one mail), %d collisions, "
            "%d without @vanphong.invalid; events twice: %d of %lld\n", m.ids.n, m.n_files, m.copies,
            m.collisions, m.foreign, twice, (long long) total);
    CHECK (m.collisions == 0 && m.foreign == 0 && m.ids.n + (size_t) m.copies == (size_t) m.n_files,
           "Message-IDs: %d collisions, %d foreign, %zu ids for %d e-mails", m.collisions, m.foreign, m.ids.n,
           m.n_files);
    CHECK (twice == 0, "%d events twice at the end", twice);
    s_msgids_free (&m);

    vp_cmdcli_destroy (&ntf);
    vp_cmdcli_destroy (&s_docs);
    tu_stack_stop (&s_stack);
    tu_stop (s_smtp_pid, SIGTERM, 5000);
    tu_stop (s_http_pid, SIGTERM, 5000);
    printf ("%d checks\n", tu_checks);
    tu_cleanup ();
    return tu_failed ? 1 : 0;
}
