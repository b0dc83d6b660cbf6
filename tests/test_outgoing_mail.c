/*  test_outgoing_mail - an issued document reaches an outside agency by
    e-mail once, with the signed PDF and its signature attached.

    The demo district with vp-staffing, vp-documents and vp-notify, a
    SoftHSM2 token with the chairman's key (tests/test_outgoing_pki.sh)
    and a real SMTP server on loopback (tests/ntf_smtp_sink.py), down at
    first. Lam Sơn's UBND drafts a Công văn for the province's Sở Tài
    nguyên và Môi trường by e-mail (a malformed address is refused at
    draft time naming the field and the value); the Chủ tịch signs it
    digitally. With the SMTP server down the receiver shows `email_failed`
    with the server's error; vp-notify is killed (-9) and started again
    while the mail waits for its retry; the server comes up and the next
    attempt delivers: exactly one mail, whose two attachments (decoded by
    Python's own e-mail parser) have the SHA-256 of the PDF drafted and of
    the signature vp-documents keeps, and the receiver shows `emailed`
    (documents.outgoing.get, and the document's page in vp-web).
    vp-notify killed again, then rebuilt from an empty database: still one
    mail. The document recalled: the agency gets one recall notice, the
    receiver shows `recall_emailed`; rebuilt again: still two mails. A
    second document, signed on paper while the server is down and
    recalled before its mail could go: the mail is cancelled, only the
    recall notice goes.
*/
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "vp/vp_hash.h"
#include "test_web_util.h"

#define LS "lam-son"
#define DRAFTER "ls-dang-thi-mau-tam"
#define HEAD "ls-phan-thi-mau-truong"
#define CHAIR "ls-le-van-mau-ba"
#define PIN "246810"
#define MODULE "/usr/lib/softhsm/libsofthsm2.so"
#define AGENCY "vanthu@sotnmt.thanhhoa.example"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli;
static char s_mail_dir[1200], s_pki[1100];
static int s_smtp_port;
static pid_t s_smtp_pid;
static int64_t s_now;

static vp_val_t *
s_one (const char *key, const char *value)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, key, value);
    return args;
}

static void
s_clock (int64_t ms)
{
    s_now = ms;
    tu_stack_set_clock (&s_stack, ms);
}

//  The sink's mails to the agency (officers get theirs too), the n-th's
//  text into text when asked (1-based; caller frees). The sink numbers
//  its files in the order it received them.
static int
s_mails (int n, char **text)
{
    int count = 0;
    for (int k = 1; ; k++) {
        char path[1600];
        snprintf (path, sizeof path, "%s/mail-%06d.txt", s_mail_dir, k);
        FILE *f = fopen (path, "rb");
        if (!f)
            break;
        char *body = (char *) calloc (1, 200000);
        size_t got = fread (body, 1, 199999, f);
        body[got] = 0;
        fclose (f);
        if (strstr (body, "\nrcpt: " AGENCY "\n") && ++count == n && text) {
            *text = body;
            body = NULL;
        }
        free (body);
    }
    return count;
}

//  The agency's receiver of the document, as documents.outgoing.get shows it.
static vp_val_t *
s_receiver (const char *outgoing)
{
    vp_val_t *r = tu_ok_args (__LINE__, s_cli, LS, DRAFTER, "documents.outgoing.get", s_one ("outgoing", outgoing));
    const vp_val_t *list = vp_map_get (r, "recipients");
    vp_val_t *one = vp_val_len (list) ? vp_val_dup (vp_array_at (list, 0)) : vp_val_map ();
    vp_val_destroy (&r);
    return one;
}

//  Wait (moving the clock on a second at a time: the retries' backoff)
//  until the receiver's status is want; it.
static vp_val_t *
s_wait_status (int line, const char *outgoing, const char *want, bool tick)
{
    vp_val_t *r = NULL;
    for (int i = 0; i < 300; i++) {
        vp_val_destroy (&r);
        r = s_receiver (outgoing);
        if (tu_str (r, "status") && strcmp (tu_str (r, "status"), want) == 0)
            return r;
        if (tick && i % 10 == 9)
            s_clock (s_now + 1000);
        tu_sleep_ms (50);
    }
    CHECK (false, "line %d: the receiver is %s, not %s", line, tu_str (r, "status"), want);
    return r;
}

//  Wait until the sink has n mails (10 s); how many it has.
static int
s_wait_mails (int n)
{
    for (int i = 0; i < 200 && s_mails (0, NULL) < n; i++)
        tu_sleep_ms (50);
    return s_mails (0, NULL);
}

static void
s_notify_rebuilt (void)
{
    TU_CHECK (tu_stop (s_stack.notify, SIGTERM, 10000) == 0, "vp-notify did not stop cleanly");
    s_stack.notify = 0;
    static const char *const ext[] = { "", "-wal", "-shm", NULL };
    for (int i = 0; ext[i]; i++) {
        char path[1400];
        snprintf (path, sizeof path, "%s/data/notify.db%s", s_stack.bus.dir, ext[i]);
        unlink (path);
    }
    tu_stack_start_service (&s_stack, "notify");
    tu_stack_sync (&s_stack);
}

//  The document's page in vp-web as the drafter sees it: does it show
//  the agency with says in its row of receivers?
static tw_browser_t s_web;

static bool
s_page_says (const char *outgoing, const char *says)
{
    char path[100];
    snprintf (path, sizeof path, "/van-ban-di/%s", outgoing);
    tw_answer_t a = tw_get (&s_web, path);
    const char *table = a.body ? strstr (a.body, "id=\"noi-nhan\"") : NULL;
    const char *row = table ? strstr (table, AGENCY) : NULL;
    const char *end = row ? strstr (row, "</tr>") : NULL;
    const char *hit = row ? strstr (row, says) : NULL;
    bool ok = a.status == 200 && hit && hit < end;
    if (!ok)
        printf ("  page %s (%d): %.600s\n", path, a.status, row ? row : a.body ? a.body : "");
    tw_free (&a);
    return ok;
}

//  "attachment: NAME TYPE SIZE SHA" of the sink's text: its SHA-256.
static const char *
s_attachment (const char *text, const char *name, char sha[65])
{
    char head[300];
    snprintf (head, sizeof head, "attachment: %s ", name);
    const char *at = strstr (text, head);
    *sha = 0;
    if (at) {
        const char *end = strchr (at, '\n');
        const char *last = end;
        while (last > at && last[-1] != ' ')
            last--;
        snprintf (sha, 65, "%.*s", (int) (end - last), last);
    }
    return sha;
}

int
main (void)
{
    //  The chairman's token (the CA, the tokens of test_outgoing).
    snprintf (s_pki, sizeof s_pki, "%s", tu_tmpdir ("mail-pki"));
    char cmd[3000];
    snprintf (cmd, sizeof cmd, "bash %s/tests/test_outgoing_pki.sh %s %s %s %s > %s/pki.log 2>&1", VP_SOURCE_DIR,
              s_pki, MODULE, PIN, CHAIR, s_pki);
    TU_CHECK (system (cmd) == 0, "making the test CA and the SoftHSM2 tokens failed (see %s/pki.log)", s_pki);

    //  The SMTP server's port, nobody listening on it yet.
    snprintf (s_mail_dir, sizeof s_mail_dir, "%s/mail", tu_tmpdir ("outgoing-mail-sink"));
    s_smtp_port = tu_free_port ();
    static char env[8][1300];
    snprintf (env[0], sizeof env[0], "VP_SIGN_PKCS11=%s", MODULE);
    snprintf (env[1], sizeof env[1], "VP_SIGN_CA=%s/ca.pem", s_pki);
    snprintf (env[2], sizeof env[2], "VP_SIGN_CRL=%s/crl.pem", s_pki);
    snprintf (env[3], sizeof env[3], "SOFTHSM2_CONF=%s/softhsm2.conf", s_pki);
    snprintf (env[4], sizeof env[4], "VP_SMTP_URL=smtp://127.0.0.1:%d", s_smtp_port);
    snprintf (env[5], sizeof env[5], "VP_SMTP_FROM=Văn phòng UBND xã Lam Sơn <vanphong@lam-son.example>");
    snprintf (env[6], sizeof env[6], "VP_NOTIFY_RETRY_BASE_MS=1000");
    snprintf (env[7], sizeof env[7], "VP_NOTIFY_RETRY_MAX_MS=1000");
    const char *const words[] = { env[0], env[1], env[2], env[3], env[4], env[5], env[6], env[7],
                                  "VP_NOTIFY_MAX_ATTEMPTS=50", "VP_NOTIFY_SCAN_MS=100", NULL };
    tu_stack_opts_t opts = { .demo = true, .env = words,
                             .services = (const char *const[]) { "staffing", "documents", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "outgoing-mail", &opts);
    s_now = TU_CLOCK_START;
    s_cli = tu_stack_client (&s_stack, "documents");
    tu_stack_set_password (&s_stack, LS, DRAFTER, "mat-khau-thu-nghiem");
    pid_t web = 0;
    s_web.port = tw_start (&s_stack, &web);
    TU_CHECK (tw_login (&s_web, LS, DRAFTER, "mat-khau-thu-nghiem") == 303, "the drafter signs in to vp-web");

    vp_val_t *args = s_one ("body", "ubnd");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str ("to-truong-vp"));
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (args, "posts", posts);
    tu_drop (tu_ok_args (__LINE__, s_cli, LS, HEAD, "documents.outgoing.chain.set", args));

    //  A malformed address is refused when the draft names it.
    static const char *const bad[] = { "sotnmt@@thanhhoa", "van thu@sotnmt.example", "vanthu@localhost",
                                       "vanthu@sotnmt.example>\r\nBcc: x@y.example", NULL };
    for (int i = 0; bad[i]; i++) {
        args = s_one ("body", "ubnd");
        vp_map_put_str (args, "type", "cong-van");
        vp_map_put_str (args, "summary", "V/v báo cáo hiện trạng sử dụng đất");
        vp_val_t *recipients = vp_val_array (), *r = vp_val_map ();
        vp_map_put_str (r, "email", bad[i]);
        vp_array_push (recipients, r);
        vp_map_put (args, "recipients", recipients);
        vp_map_put (args, "pdf", tu_pdf ("Báo cáo", 1));
        const char *says = tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "recipients.email", "không hợp lệ", s_cli,
                                            LS, DRAFTER, "documents.outgoing.draft", args);
        CHECK (says && strstr (says, bad[i]), "the refusal names the address \"%s\": %s", bad[i], says);
    }
    args = s_one ("body", "ubnd");
    vp_map_put_str (args, "type", "cong-van");
    vp_map_put_str (args, "summary", "V/v báo cáo hiện trạng sử dụng đất");
    vp_val_t *twice = vp_val_array ();
    for (int i = 0; i < 2; i++) {
        vp_val_t *r = vp_val_map ();
        vp_map_put_str (r, "email", i ? "VanThu@sotnmt.thanhhoa.example" : AGENCY);
        vp_array_push (twice, r);
    }
    vp_map_put (args, "recipients", twice);
    vp_map_put (args, "pdf", tu_pdf ("Báo cáo", 1));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "recipients.email", "có hai lần", s_cli, LS, DRAFTER,
                     "documents.outgoing.draft", args);
    tu_ok ("%d malformed addresses refused at draft time, naming recipients.email and the value; the same "
           "address twice refused", 4);

    //  Drafted for the agency, approved, signed with the token.
    char *pdf = NULL;
    size_t pdf_size = tu_pdf_bytes ("Báo cáo hiện trạng sử dụng đất", 1, &pdf);
    char pdf_sha[65];
    vp_sha256_hex (pdf, pdf_size, pdf_sha);
    args = s_one ("body", "ubnd");
    vp_map_put_str (args, "type", "cong-van");
    vp_map_put_str (args, "summary", "V/v báo cáo hiện trạng sử dụng đất năm 2026");
    vp_val_t *recipients = vp_val_array (), *agency = vp_val_map ();
    vp_map_put_str (agency, "email", AGENCY);
    vp_map_put_str (agency, "name", "Sở Tài nguyên và Môi trường tỉnh Thanh Hóa");
    vp_array_push (recipients, agency);
    vp_map_put (args, "recipients", recipients);
    vp_map_put (args, "pdf", vp_val_bin (pdf, pdf_size));
    vp_val_t *r = tu_ok_args (__LINE__, s_cli, LS, DRAFTER, "documents.outgoing.draft", args);
    char id[64];
    snprintf (id, sizeof id, "%s", tu_str (r, "outgoing"));
    vp_val_destroy (&r);
    tu_drop (tu_ok_args (__LINE__, s_cli, LS, DRAFTER, "documents.outgoing.submit", s_one ("outgoing", id)));
    tu_drop (tu_ok_args (__LINE__, s_cli, LS, HEAD, "documents.outgoing.approve", s_one ("outgoing", id)));
    args = s_one ("outgoing", id);
    vp_map_put_str (args, "pin", PIN);
    vp_map_put_str (args, "token", "valid");
    r = tu_ok_args (__LINE__, s_cli, LS, CHAIR, "documents.outgoing.sign", args);
    char label[130];
    snprintf (label, sizeof label, "%s", tu_str (r, "label"));
    CHECK (strcmp (tu_str (r, "pdf_sha256"), pdf_sha) == 0, "the signed PDF is the one drafted");
    vp_val_destroy (&r);

    //  SMTP down: email_failed with the server's error, retried.
    r = s_wait_status (__LINE__, id, "email_failed", false);
    CHECK (tu_str (r, "error") && strlen (tu_str (r, "error")) > 0, "email_failed names no error");
    printf ("  SMTP down: %s (%s)\n", tu_str (r, "status"), tu_str (r, "error"));
    vp_val_destroy (&r);
    CHECK (s_page_says (id, "Chưa gửi được thư điện tử") && s_page_says (id, "Couldn"),
           "the page shows the mail not sent and why");
    tu_ok ("issued %s; SMTP down: the agency's receiver is email_failed with the server's error", label);

    //  vp-notify killed while the mail waits for its retry; then the
    //  server comes up: the next attempt delivers, once.
    tu_stack_restart (&s_stack, "notify", SIGKILL);
    s_smtp_pid = tu_sink_start ("smtp", s_mail_dir, s_smtp_port);
    r = s_wait_status (__LINE__, id, "emailed", true);
    vp_val_destroy (&r);
    CHECK (s_wait_mails (1) == 1, "the sink has %d mails, not 1", s_mails (0, NULL));
    char *text = NULL;
    s_mails (1, &text);
    TU_CHECK (text, "no mail-000001.txt");
    char rcpt[300];
    snprintf (rcpt, sizeof rcpt, "rcpt: %s", AGENCY);
    CHECK (strstr (text, rcpt), "sent to %s: %.300s", AGENCY, text);
    CHECK (strstr (text, "to: Sở Tài nguyên và Môi trường tỉnh Thanh Hóa <" AGENCY ">"),
           "the To names the agency (encoded-words, decoded by the parser): %.300s", text);
    char subject[300];
    snprintf (subject, sizeof subject, "subject: Văn bản số %s: V/v báo cáo hiện trạng sử dụng đất năm 2026", label);
    CHECK (strstr (text, subject), "the subject names the number and the summary: %.600s", text);
    CHECK (strstr (text, "Kính gửi: Sở Tài nguyên và Môi trường tỉnh Thanh Hóa") && strstr (text, "Ủy ban nhân dân")
        && strstr (text, "Người ký: ") && strstr (text, "Lê Văn") && strstr (text, "ngày 01/12/2026"),
           "the body names the agency, the issuer, the date and the signer: %.2000s", text);
    char file[80], sha[65];
    snprintf (file, sizeof file, "%s.pdf", id);
    CHECK (strcmp (s_attachment (text, file, sha), pdf_sha) == 0, "the PDF attached is %s, not %s", sha, pdf_sha);
    //  The signature vp-documents keeps, read from its database.
    char db[1300], cms_sha[65] = "";
    snprintf (db, sizeof db, "%s/data/documents.db", s_stack.bus.dir);
    sqlite3 *handle = NULL;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
    &&  sqlite3_prepare_v2 (handle, "SELECT cms FROM doc_out WHERE tenant = 'lam-son' AND outgoing = ?1", -1, &stmt,
                            NULL) == SQLITE_OK) {
        sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) > 0)
            vp_sha256_hex (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0), cms_sha);
    }
    sqlite3_finalize (stmt);
    sqlite3_close (handle);
    snprintf (file, sizeof file, "%s.pdf.p7s", id);
    CHECK (*cms_sha && strcmp (s_attachment (text, file, sha), cms_sha) == 0, "the .p7s attached is %s, not %s", sha,
           cms_sha);
    CHECK (strstr (text, "application/pkcs7-signature"), "the signature's type: %.1500s", text);
    char msgid[300] = "";
    const char *m = strstr (text, "message-id: ");
    if (m)
        snprintf (msgid, sizeof msgid, "%.*s", (int) strcspn (m, "\n"), m);
    free (text);
    CHECK (s_page_says (id, "Đã gửi thư điện tử"), "the page shows the mail sent");
    tu_ok ("vp-notify killed and restarted, SMTP up: one mail to the agency, its PDF and .p7s the SHA-256 of those "
           "kept, the receiver emailed");

    //  Killed again, then rebuilt from nothing: no second mail.
    tu_stack_restart (&s_stack, "notify", SIGKILL);
    tu_stack_sync (&s_stack);
    s_clock (s_now + 5000);
    tu_sleep_ms (1500);
    CHECK (s_mails (0, NULL) == 1, "a restart sent the mail again: %d mails", s_mails (0, NULL));
    s_notify_rebuilt ();
    s_clock (s_now + 5000);
    tu_sleep_ms (1500);
    CHECK (s_mails (0, NULL) == 1, "a rebuilt vp-notify sent the mail again: %d mails", s_mails (0, NULL));
    r = s_receiver (id);
    CHECK (strcmp (tu_str (r, "status"), "emailed") == 0, "after the rebuild the receiver is %s", tu_str (r, "status"));
    vp_val_destroy (&r);
    tu_ok ("killed again, then rebuilt from an empty database: still one mail (%s)", msgid);

    //  Recalled: one recall notice to the agency.
    args = s_one ("outgoing", id);
    vp_map_put_str (args, "reason", "Số liệu báo cáo chưa đầy đủ");
    tu_drop (tu_ok_args (__LINE__, s_cli, LS, CHAIR, "documents.outgoing.recall", args));
    r = s_wait_status (__LINE__, id, "recall_emailed", true);
    vp_val_destroy (&r);
    CHECK (s_page_says (id, "Đã gửi thư báo thu hồi"), "the page shows the recall notice sent");
    CHECK (s_wait_mails (2) == 2, "the sink has %d mails, not 2", s_mails (0, NULL));
    text = NULL;
    s_mails (2, &text);
    snprintf (subject, sizeof subject, "subject: Thu hồi văn bản số %s", label);
    CHECK (text && strstr (text, subject) && strstr (text, "Lý do: Số liệu báo cáo chưa đầy đủ")
        && strstr (text, "Kính gửi: Sở Tài nguyên và Môi trường tỉnh Thanh Hóa.")
        && strstr (text, rcpt) && !strstr (text, "attachment: "),
           "the recall notice names the number and the reason, without files: %.1500s", text);
    free (text);
    s_notify_rebuilt ();
    s_clock (s_now + 5000);
    tu_sleep_ms (1500);
    CHECK (s_mails (0, NULL) == 2, "a rebuilt vp-notify sent again: %d mails", s_mails (0, NULL));
    tu_ok ("recalled: one recall notice (recall_emailed); rebuilt again: still two mails");

    //  Signed on paper with the SMTP server down, recalled before its mail
    //  could go: the mail is cancelled (vp-documents gives no files of a
    //  recalled document), only the recall notice goes.
    tu_stop (s_smtp_pid, SIGTERM, 5000);
    args = s_one ("body", "ubnd");
    vp_map_put_str (args, "type", "cong-van");
    vp_map_put_str (args, "summary", "V/v đăng ký kế hoạch sử dụng đất năm 2027");
    recipients = vp_val_array ();
    agency = vp_val_map ();
    vp_map_put_str (agency, "email", AGENCY);
    vp_array_push (recipients, agency);
    vp_map_put (args, "recipients", recipients);
    vp_map_put (args, "pdf", vp_val_bin (pdf, pdf_size));
    r = tu_ok_args (__LINE__, s_cli, LS, DRAFTER, "documents.outgoing.draft", args);
    char id2[64];
    snprintf (id2, sizeof id2, "%s", tu_str (r, "outgoing"));
    vp_val_destroy (&r);
    tu_drop (tu_ok_args (__LINE__, s_cli, LS, DRAFTER, "documents.outgoing.submit", s_one ("outgoing", id2)));
    tu_drop (tu_ok_args (__LINE__, s_cli, LS, HEAD, "documents.outgoing.approve", s_one ("outgoing", id2)));
    r = tu_ok_args (__LINE__, s_cli, LS, CHAIR, "documents.outgoing.sign", s_one ("outgoing", id2));
    char label2[130];
    snprintf (label2, sizeof label2, "%s", tu_str (r, "label"));
    vp_val_destroy (&r);
    r = s_wait_status (__LINE__, id2, "email_failed", false);
    vp_val_destroy (&r);
    args = s_one ("outgoing", id2);
    vp_map_put_str (args, "reason", "Ban hành nhầm");
    tu_drop (tu_ok_args (__LINE__, s_cli, LS, CHAIR, "documents.outgoing.recall", args));
    vp_val_t *cancelled = NULL;
    for (int i = 0; i < 300; i++) {
        vp_val_destroy (&cancelled);
        cancelled = tu_stack_events (&s_stack, "notify", "notify.cancelled", NULL, NULL);
        if (vp_val_len (cancelled) > 0)
            break;
        if (i % 10 == 9)
            s_clock (s_now + 1000);
        tu_sleep_ms (50);
    }
    CHECK (vp_val_len (cancelled) == 1, "%zu notify.cancelled, not 1", vp_val_len (cancelled));
    vp_val_destroy (&cancelled);
    s_smtp_pid = tu_sink_start ("smtp", s_mail_dir, s_smtp_port);
    r = s_wait_status (__LINE__, id2, "recall_emailed", true);
    vp_val_destroy (&r);
    CHECK (s_wait_mails (3) == 3, "the sink has %d mails, not 3", s_mails (0, NULL));
    text = NULL;
    s_mails (3, &text);
    snprintf (subject, sizeof subject, "subject: Thu hồi văn bản số %s", label2);
    CHECK (text && strstr (text, subject), "the third mail is the recall notice of %s: %.800s", label2, text);
    free (text);
    s_clock (s_now + 5000);
    tu_sleep_ms (1000);
    CHECK (s_mails (0, NULL) == 3, "the recalled document's mail went after all: %d mails", s_mails (0, NULL));
    tu_ok ("%s recalled while its mail waited for the SMTP server: the mail cancelled, the recall notice sent",
           label2);

    vp_val_t *events = tu_stack_replay (&s_stack, "notify");
    printf ("figures: %d mails to the agency, %zu notify events\n", s_mails (0, NULL), vp_val_len (events));
    vp_val_destroy (&events);
    free (pdf);
    vp_cmdcli_destroy (&s_cli);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    tu_stop (s_smtp_pid, SIGTERM, 5000);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
