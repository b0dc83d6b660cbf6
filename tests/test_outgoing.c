/*  test_outgoing - what Lam Sơn sends, from the draft to the recall.

    Starts vp-bus, vp-staffing and vp-documents with the demo district and
    a real PKCS#11 token: a test CA made with openssl (its CRL revokes one
    certificate), three SoftHSM2 tokens in the test's folder (a valid, an
    expired and a revoked certificate of the UBND chairman, each with its
    key), and checks:
      (a) the whole chain in one commune: a draft by the land officer,
          revised (every version kept, who and when), consulted (two
          officers answer by a deadline in working days; an officer not
          asked cannot answer, nobody answers twice), submitted to the
          UBND chain (office head, then the chairman who signs), sent
          back with a reason by the chairman, revised, approved, signed
          digitally with the token: number 01/QĐ-UBND of the state series
          of 2026, the issue date, the certificate chain and signing
          time shown; the outgoing register of 2026 has its row in Decree
          30's columns, as rows, text and HTML;
      (b) distribution: the same document arrives registered once in
          Lam Sơn's HĐND intake; a Công văn from Lam Sơn's UBND arrives
          registered once in Minh Sơn's UBND, and its receipt and
          handling status (assigned, in progress) come back to Lam Sơn;
      (c) refusals of the signature: a wrong PIN, the expired and the
          revoked certificate are refused naming the field, in Vietnamese,
          and take no number; the PDF changed after signing does not
          verify (field pdf); the signed one does;
      (d) recall: the Công văn recalled by its signer is frozen at Lam
          Sơn and destroyed at both receivers (Lam Sơn's HĐND and Minh
          Sơn's UBND), the recall kept there; the sender sees `destroyed`;
          a replacement names what it replaces;
      (e) bad drafts refused (a body without a series, an unknown receiver,
          a file that is no PDF); a Party Nghị quyết numbered per type
          through the term (01-NQ/ĐU, 02-NQ/ĐU) and sent to Minh Sơn's Đảng
          ủy; two signers at once on one series (the chairman and a vice
          chairman, 15 documents each): the numbers run without a gap or
          a repeat;
      (f) the chain through vpctl, each officer with their own key: the
          PDF from a file (pdf=@path), the receivers as words;
      (g) the whole documents stream applied again (its cursor set back):
          nothing registered twice, nothing recalled back.
    Prints the figures: signatures made and verified, numbers issued,
    time per signature.
*/
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "test_ctl_run.h"
#include "testutil.h"

#define S_LS "lam-son"
#define S_MS "minh-son"
#define S_DRAFTER "ls-dang-thi-mau-tam"     //  Địa chính – Xây dựng
#define S_ASKED1 "ls-bui-van-mau-chin"      //  Tài chính – Kế toán
#define S_ASKED2 "ls-do-van-mau-muoi"       //  Tư pháp – Hộ tịch
#define S_HEAD "ls-phan-thi-mau-truong"     //  Tổ trưởng Văn phòng
#define S_CHAIR "ls-le-van-mau-ba"          //  Chủ tịch UBND: signs
#define S_VICE "ls-pham-van-mau-bon"        //  Phó Chủ tịch UBND (kinh tế)
#define S_PIN "246810"
#define S_MODULE "/usr/lib/softhsm/libsofthsm2.so"
#define S_EACH 15

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli;
static char s_db[1200];
static int s_signed, s_verified, s_numbers;
static int64_t s_sign_ms_total;

static int64_t
s_sql (const char *sql)
{
    return tu_sql_int (s_db, sql);
}

//  The stack synced, and sql's answer as wanted within 10 s: the service
//  applies what it emits itself (its own stream), after the sync of a
//  stream it has no cursor of yet.
static int64_t
s_sql_wait (const char *sql, int64_t want)
{
    tu_stack_sync (&s_stack);
    int64_t got = s_sql (sql);
    for (int i = 0; i < 200 && got != want; i++) {
        tu_sleep_ms (50);
        got = s_sql (sql);
    }
    return got;
}

//  A small real PDF (what it holds does not matter to the service, but
//  poppler must open it: the receivers count its pages).
static vp_val_t *
s_pdf (const char *words)
{
    return tu_pdf (words, 1);
}

static vp_val_t *
s_recipient (const char *tenant, const char *body)
{
    vp_val_t *r = vp_val_map ();
    if (tenant)
        vp_map_put_str (r, "tenant", tenant);
    vp_map_put_str (r, "body", body);
    return r;
}

static vp_val_t *
s_call (int line, const char *tenant, const char *actor, const char *cmd, vp_val_t *args)
{
    return tu_ok_args (line, s_cli, tenant, actor, cmd, args);
}
#define CALL(tenant, actor, cmd, args) s_call (__LINE__, tenant, actor, cmd, args)

static vp_val_t *
s_one (const char *key, const char *value)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, key, value);
    return args;
}

//  An array of ids from "a,b,c".
static vp_val_t *
s_ids (const char *list)
{
    vp_val_t *array = vp_val_array ();
    for (const char *p = list; *p; ) {
        size_t len = strcspn (p, ",");
        vp_array_push (array, vp_val_strn (p, len));
        p += len;
        if (*p)
            p++;
    }
    return array;
}

//  A draft of Lam Sơn's UBND by the drafter; its id into id.
static void
s_draft (int line, const char *type, const char *summary, vp_val_t *recipients, const char *replaces, char id[64])
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "body", "ubnd");
    vp_map_put_str (args, "type", type);
    vp_map_put_str (args, "summary", summary);
    vp_map_put (args, "recipients", recipients);
    vp_map_put (args, "pdf", s_pdf (summary));
    if (replaces)
        vp_map_put_str (args, "replaces", replaces);
    vp_val_t *r = s_call (line, S_LS, S_DRAFTER, "documents.outgoing.draft", args);
    snprintf (id, 64, "%s", tu_str (r, "outgoing"));
    TU_CHECK (strcmp (tu_str (r, "status"), "draft") == 0, "line %d: status %s", line, tu_str (r, "status"));
    vp_val_destroy (&r);
}

//  Sign as actor (digitally with pin when given); the result.
static vp_val_t *
s_sign (int line, const char *actor, const char *outgoing, const char *pin, const char *token)
{
    vp_val_t *args = s_one ("outgoing", outgoing);
    if (pin)
        vp_map_put_str (args, "pin", pin);
    if (token)
        vp_map_put_str (args, "token", token);
    vp_val_t *r = s_call (line, S_LS, actor, "documents.outgoing.sign", args);
    if (pin) {
        s_signed++;
        s_sign_ms_total += vp_map_int (vp_map_get (r, "certificate"), "sign_ms", 0);
    }
    s_numbers++;
    return r;
}

static const char *
s_refused_sign (int line, vp_code_t code, const char *field, const char *says, const char *outgoing,
                const char *pin, const char *token)
{
    vp_val_t *args = s_one ("outgoing", outgoing);
    vp_map_put_str (args, "pin", pin);
    if (token)
        vp_map_put_str (args, "token", token);
    return tu_refused_args (line, code, field, says, s_cli, S_LS, S_CHAIR, "documents.outgoing.sign", args);
}

//  The receivers of an outgoing document, as its get shows them.
static vp_val_t *
s_get (const char *tenant, const char *outgoing)
{
    return CALL (tenant, S_DRAFTER, "documents.outgoing.get", s_one ("outgoing", outgoing));
}

//  ---------------------------------------------------------------- PKI

static char s_pki[1100];

static void
s_pki_make (void)
{
    snprintf (s_pki, sizeof s_pki, "%s", tu_tmpdir ("pki"));
    char cmd[3000];
    snprintf (cmd, sizeof cmd, "bash %s/tests/test_outgoing_pki.sh %s %s %s %s > %s/pki.log 2>&1", VP_SOURCE_DIR,
              s_pki, S_MODULE, S_PIN, S_CHAIR, s_pki);
    TU_CHECK (system (cmd) == 0, "making the test CA and the SoftHSM2 tokens failed (see %s/pki.log)", s_pki);
    tu_ok ("a test CA, its CRL and three SoftHSM2 tokens with the chairman's keys");
}

//  ---------------------------------------------------------------- (a)

static char s_qd[64], s_cv[64];
static char s_hdnd_doc[64];         //  01/QĐ-UBND in Lam Sơn's intake
static char s_unanswered[64];       //  a consultation nobody answers

static void
s_chain (void)
{
    //  The UBND's chain: the office head (form), the chairman (content, signs).
    vp_val_t *args = s_one ("body", "ubnd");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str ("to-truong-vp"));
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (args, "posts", posts);
    tu_drop (CALL (S_LS, S_HEAD, "documents.outgoing.chain.set", args));

    vp_val_t *to = vp_val_array ();
    vp_array_push (to, s_recipient (NULL, "hdnd"));
    s_draft (__LINE__, "quyet-dinh", "Quyết định phê duyệt phương án giải phóng mặt bằng đường liên xóm", to, NULL, s_qd);
    args = s_one ("outgoing", s_qd);
    vp_map_put (args, "pdf", s_pdf ("version 2"));
    vp_map_put_str (args, "note", "sửa căn cứ pháp lý");
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.revise", args));
    args = s_one ("outgoing", s_qd);
    vp_map_put_str (args, "note", "sửa");
    tu_refused_args (__LINE__, VP_E_PERMISSION_DENIED, "actor", "người soạn thảo", s_cli, S_LS, S_HEAD,
                     "documents.outgoing.revise", args);

    //  Consultation: three working days from Tuesday 01/12 is Friday 04/12.
    args = s_one ("outgoing", s_qd);
    vp_val_t *officers = vp_val_array ();
    vp_array_push (officers, vp_val_str (S_ASKED1));
    vp_array_push (officers, vp_val_str (S_ASKED2));
    vp_map_put (args, "officers", officers);
    vp_map_put_int (args, "days", 3);
    vp_map_put_str (args, "question", "Đề nghị góp ý về mức hỗ trợ");
    vp_val_t *r = CALL (S_LS, S_DRAFTER, "documents.outgoing.consult", args);
    CHECK (vp_map_int (r, "deadline", 0) == tu_local_ms (2026, 12, 4, 23, 59) + 59999,
           "consultation deadline %lld, expected the end of Friday 04/12", (long long) vp_map_int (r, "deadline", 0));
    vp_val_destroy (&r);
    args = s_one ("outgoing", s_qd);
    vp_map_put_str (args, "answer", "agree");
    vp_map_put_str (args, "text", "Nhất trí với dự thảo");
    tu_drop (CALL (S_LS, S_ASKED1, "documents.outgoing.opinion", args));
    args = s_one ("outgoing", s_qd);
    vp_map_put_str (args, "answer", "other");
    vp_map_put_str (args, "text", "Bổ sung căn cứ Luật Đất đai 2024");
    tu_drop (CALL (S_LS, S_ASKED2, "documents.outgoing.opinion", args));
    args = s_one ("outgoing", s_qd);
    vp_map_put_str (args, "answer", "disagree");
    vp_map_put_str (args, "text", "Không nhất trí");
    tu_refused_args (__LINE__, VP_E_FAILED_PRECONDITION, "answer", "đã cho ý kiến", s_cli, S_LS, S_ASKED1,
                     "documents.outgoing.opinion", args);
    args = s_one ("outgoing", s_qd);
    vp_map_put_str (args, "answer", "agree");
    vp_map_put_str (args, "text", "Tôi cũng nhất trí");
    tu_refused_args (__LINE__, VP_E_PERMISSION_DENIED, "actor", "không được lấy ý kiến", s_cli, S_LS, S_VICE,
                     "documents.outgoing.opinion", args);

    //  Approval: the chairman cannot approve the office head's step.
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.submit", s_one ("outgoing", s_qd)));
    tu_refused_args (__LINE__, VP_E_PERMISSION_DENIED, "actor", "to-truong-vp", s_cli, S_LS, S_CHAIR,
                     "documents.outgoing.approve", s_one ("outgoing", s_qd));
    r = CALL (S_LS, S_HEAD, "documents.outgoing.approve", s_one ("outgoing", s_qd));
    CHECK (strcmp (tu_str (r, "status"), "signing") == 0 && strcmp (tu_str (r, "officer"), S_CHAIR) == 0,
           "after the office head: %s for %s", tu_str (r, "status"), tu_str (r, "officer"));
    vp_val_destroy (&r);
    args = s_one ("outgoing", s_qd);
    vp_map_put_str (args, "reason", "Thiếu bảng kê mức hỗ trợ");
    tu_drop (CALL (S_LS, S_CHAIR, "documents.outgoing.send_back", args));
    args = s_one ("outgoing", s_qd);
    vp_map_put (args, "pdf", s_pdf ("version 3 with the table"));
    vp_map_put_str (args, "note", "bổ sung bảng kê");
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.revise", args));
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.submit", s_one ("outgoing", s_qd)));
    tu_drop (CALL (S_LS, S_HEAD, "documents.outgoing.approve", s_one ("outgoing", s_qd)));
    tu_refused_args (__LINE__, VP_E_PERMISSION_DENIED, "actor", "chu-tich-ubnd", s_cli, S_LS, S_HEAD,
                     "documents.outgoing.sign", s_one ("outgoing", s_qd));

    r = s_sign (__LINE__, S_CHAIR, s_qd, S_PIN, "valid");
    vp_val_t *cert = vp_map_get (r, "certificate");
    CHECK (strcmp (tu_str (r, "label"), "01/QĐ-UBND") == 0, "label %s", tu_str (r, "label"));
    CHECK (strcmp (tu_str (r, "status"), "issued") == 0 && strcmp (tu_str (r, "signature"), "digital") == 0,
           "status %s signature %s", tu_str (r, "status"), tu_str (r, "signature"));
    CHECK (vp_map_int (r, "issued_at", 0) == TU_CLOCK_START, "issued_at %lld", (long long) vp_map_int (r, "issued_at", 0));
    CHECK (cert && strstr (tu_str (cert, "subject"), S_CHAIR " valid") && strstr (tu_str (cert, "chain"), "CA thu nghiem")
           && vp_map_int (cert, "signed_at", 0) == TU_CLOCK_START,
           "certificate shown: subject %s chain %s signed_at %lld", tu_str (cert, "subject"), tu_str (cert, "chain"),
           (long long) vp_map_int (cert, "signed_at", 0));
    vp_val_destroy (&r);

    r = s_get (S_LS, s_qd);
    CHECK (vp_val_len (vp_map_get (r, "versions")) == 3, "%zu versions", vp_val_len (vp_map_get (r, "versions")));
    CHECK (strcmp (tu_str (vp_array_at (vp_map_get (r, "versions"), 1), "actor"), S_DRAFTER) == 0, "version 2 by %s",
           tu_str (vp_array_at (vp_map_get (r, "versions"), 1), "actor"));
    CHECK (vp_val_len (vp_map_get (r, "opinions")) == 2, "%zu opinions", vp_val_len (vp_map_get (r, "opinions")));
    char *steps = tu_join (vp_map_get (r, "history"), "step");
    //  (receipts from the receivers may follow)
    const char *trail = "drafted,revised,consulted,consulted,opinion,opinion,submitted,approved,sent_back,revised,"
                        "submitted,approved,signed,issued";
    CHECK (strncmp (steps, trail, strlen (trail)) == 0, "trail %s", steps);
    free (steps);
    char *decisions = tu_join (vp_map_get (r, "approvals"), "decision");
    CHECK (strcmp (decisions, "submitted,approved,sent_back,submitted,approved,signed") == 0, "approvals %s", decisions);
    free (decisions);
    vp_val_destroy (&r);

    //  The outgoing register.
    args = vp_val_map ();
    vp_map_put_int (args, "year", 2026);
    r = CALL (S_LS, S_HEAD, "documents.outgoing.register_book", args);
    vp_val_t *row = vp_array_at (vp_map_get (r, "rows"), 0);
    CHECK (vp_val_len (vp_map_get (r, "columns")) == 10
           && strcmp (vp_val_get_str (vp_array_at (vp_map_get (r, "columns"), 0)), "Số, ký hiệu văn bản") == 0,
           "register columns");
    CHECK (vp_val_len (vp_map_get (r, "rows")) == 1 && strcmp (vp_val_get_str (vp_array_at (row, 0)), "01/QĐ-UBND") == 0
           && strcmp (vp_val_get_str (vp_array_at (row, 1)), "01/12/2026") == 0
           && strstr (vp_val_get_str (vp_array_at (row, 2)), "Quyết định: Quyết định phê duyệt")
           && strstr (vp_val_get_str (vp_array_at (row, 3)), "Chủ tịch UBND Lê Văn Mẫu Ba")
           && strstr (vp_val_get_str (vp_array_at (row, 4)), "Hội đồng nhân dân")
           && strstr (vp_val_get_str (vp_array_at (row, 9)), "Ký số"),
           "register row: %s | %s | %s | %s | %s", vp_val_get_str (vp_array_at (row, 0)),
           vp_val_get_str (vp_array_at (row, 1)), vp_val_get_str (vp_array_at (row, 2)),
           vp_val_get_str (vp_array_at (row, 3)), vp_val_get_str (vp_array_at (row, 4)));
    vp_val_destroy (&r);
    args = vp_val_map ();
    vp_map_put_int (args, "year", 2026);
    vp_map_put_str (args, "format", "html");
    r = CALL (S_LS, S_HEAD, "documents.outgoing.register_book", args);
    CHECK (strstr (tu_str (r, "text"), "<table>") && strstr (tu_str (r, "text"), "<td>01/QĐ-UBND</td>")
           && strstr (tu_str (r, "text"), "SỔ ĐĂNG KÝ VĂN BẢN ĐI"), "html register: %.200s", tu_str (r, "text"));
    vp_val_destroy (&r);
    args = vp_val_map ();
    vp_map_put_int (args, "year", 2026);
    vp_map_put_str (args, "format", "text");
    r = CALL (S_LS, S_HEAD, "documents.outgoing.register_book", args);
    CHECK (strstr (tu_str (r, "text"), "01/QĐ-UBND | 01/12/2026 | Quyết định"), "text register: %s", tu_str (r, "text"));
    vp_val_destroy (&r);
    //  The outputs V.3 and V.4 of Decree 30 (out_reports.c) read the same register.
    args = vp_val_map ();
    vp_map_put_str (args, "output", "so-di");
    vp_map_put_int (args, "year", 2026);
    r = CALL (S_LS, S_HEAD, "documents.output", args);
    row = vp_array_at (vp_map_get (r, "rows"), 0);
    CHECK (vp_val_len (vp_map_get (r, "rows")) == 1 && strcmp (vp_val_get_str (vp_array_at (row, 0)), "01/QĐ-UBND") == 0
           && strstr (tu_str (r, "title"), "SỔ ĐĂNG KÝ VĂN BẢN ĐI"), "output so-di: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    args = vp_val_map ();
    vp_map_put_str (args, "output", "bao-cao-di");
    vp_map_put_int (args, "year", 2026);
    r = CALL (S_LS, S_HEAD, "documents.output", args);
    int issued_rows = 0;
    for (size_t i = 0; i < vp_val_len (vp_map_get (r, "rows")); i++) {
        const vp_val_t *line = vp_array_at (vp_map_get (r, "rows"), i);
        issued_rows += strcmp (vp_val_get_str (vp_array_at (line, 0)), "01/QĐ-UBND") == 0
                    && strcmp (vp_val_get_str (vp_array_at (line, 4)), "Đã ban hành") == 0
                    && strcmp (vp_val_get_str (vp_array_at (line, 5)), "1") == 0;
    }
    CHECK (issued_rows == 1 && vp_map_int (vp_map_get (r, "totals"), "issued", 0) == 1,
           "output bao-cao-di: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    tu_ok ("draft, 3 versions, 2 opinions, approval, send back, signature: 01/QĐ-UBND in the outgoing register, "
           "and in the outputs so-di and bao-cao-di");
}

//  ---------------------------------------------------------------- (b)

static void
s_distribute (void)
{
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_document WHERE tenant = 'lam-son' AND number = '01/QĐ-UBND'"
                       " AND receiving_body = 'hdnd'", 1) == 1, "01/QĐ-UBND is not registered once in Lam Sơn's intake");
    s_sql_wait ("SELECT count(*) FROM doc_out_recipient WHERE tenant = 'lam-son' AND document IS NOT NULL", 1);
    vp_val_t *qd = s_get (S_LS, s_qd);
    snprintf (s_hdnd_doc, sizeof s_hdnd_doc, "%s", tu_str (vp_array_at (vp_map_get (qd, "recipients"), 0), "document"));
    vp_val_destroy (&qd);
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_attachment a JOIN doc_document d USING (tenant, document)"
                  " WHERE d.number = '01/QĐ-UBND'", 2) == 2, "its signed PDF did not come with it");

    //  A Công văn to Lam Sơn's HĐND and Minh Sơn's UBND (the chain of every type of the UBND).
    vp_val_t *to = vp_val_array ();
    vp_array_push (to, s_recipient (NULL, "hdnd"));
    vp_array_push (to, s_recipient (S_MS, "ubnd"));
    s_draft (__LINE__, "cong-van", "Về việc phối hợp nạo vét kênh tiêu giáp ranh hai xã", to, NULL, s_cv);
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.submit", s_one ("outgoing", s_cv)));
    tu_drop (CALL (S_LS, S_HEAD, "documents.outgoing.approve", s_one ("outgoing", s_cv)));
    vp_val_t *r = s_sign (__LINE__, S_CHAIR, s_cv, S_PIN, "valid");
    CHECK (strcmp (tu_str (r, "label"), "02/UBND-VP") == 0, "label %s", tu_str (r, "label"));
    vp_val_destroy (&r);
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_document WHERE tenant = 'minh-son' AND number = '02/UBND-VP'"
                       " AND issuer = 'Ủy ban nhân dân xã Lam Sơn' AND receiving_body = 'ubnd'", 1) == 1,
           "02/UBND-VP is not registered once in Minh Sơn");
    s_sql_wait ("SELECT count(*) FROM doc_out_recipient WHERE status IN ('registered', 'assigned')"
                " AND to_tenant = 'minh-son'", 1);
    r = s_get (S_LS, s_cv);
    vp_val_t *ms = vp_array_at (vp_map_get (r, "recipients"), 1);
    CHECK (strcmp (tu_str (ms, "to_tenant"), S_MS) == 0 && *tu_str (ms, "document")
           && vp_map_int (ms, "arrival_number", 0) >= 1
           && (strcmp (tu_str (ms, "status"), "assigned") == 0 || strcmp (tu_str (ms, "status"), "registered") == 0),
           "Minh Sơn's receipt: %s %s %lld", tu_str (ms, "status"), tu_str (ms, "document"),
           (long long) vp_map_int (ms, "arrival_number", 0));
    char ms_doc[64];
    snprintf (ms_doc, sizeof ms_doc, "%s", tu_str (ms, "document"));
    vp_val_destroy (&r);

    //  Minh Sơn's assignee starts on it: Lam Sơn sees it in progress.
    vp_val_t *doc = tu_ok_args (__LINE__, s_cli, S_MS, "ms-bui-van-mau-ba", "documents.get", s_one ("document", ms_doc));
    char officer[64];
    snprintf (officer, sizeof officer, "%s", tu_str (doc, "officer"));
    vp_val_destroy (&doc);
    CHECK (*officer, "the document was not routed to anyone in Minh Sơn");
    tu_drop (tu_ok_args (__LINE__, s_cli, S_MS, officer, "documents.start", s_one ("document", ms_doc)));
    s_sql_wait ("SELECT count(*) FROM doc_out_recipient WHERE status = 'in_progress'", 1);
    r = s_get (S_LS, s_cv);
    ms = vp_array_at (vp_map_get (r, "recipients"), 1);
    CHECK (strcmp (tu_str (ms, "status"), "in_progress") == 0, "Minh Sơn's status seen at Lam Sơn: %s", tu_str (ms, "status"));
    vp_val_destroy (&r);
    //  Applied again (the events of the stream once more), nothing is registered twice.
    CHECK (s_sql ("SELECT count(*) FROM doc_out_inbox") == 3, "%lld deliveries arrived",
           (long long) s_sql ("SELECT count(*) FROM doc_out_inbox"));
    tu_ok ("01/QĐ-UBND registered in Lam Sơn's HĐND; 02/UBND-VP in Minh Sơn's UBND, receipt and in_progress back");
}

//  ---------------------------------------------------------------- (c)

static void
s_refusals (void)
{
    char id[64];
    vp_val_t *to = vp_val_array ();
    vp_array_push (to, s_recipient (NULL, "hdnd"));
    s_draft (__LINE__, "quyet-dinh", "Quyết định thành lập tổ công tác", to, NULL, id);
    //  The vice chairman is asked, for tomorrow, and does not answer (see s_chase).
    vp_val_t *ask = s_one ("outgoing", id);
    vp_map_put (ask, "officers", s_ids (S_VICE));
    vp_map_put_int (ask, "days", 1);
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.consult", ask));
    snprintf (s_unanswered, sizeof s_unanswered, "%s", id);
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.submit", s_one ("outgoing", id)));
    tu_drop (CALL (S_LS, S_HEAD, "documents.outgoing.approve", s_one ("outgoing", id)));
    int64_t numbers = s_sql ("SELECT count(*) FROM doc_number");
    const char *m = s_refused_sign (__LINE__, VP_E_PERMISSION_DENIED, "pin", "mã PIN", id, "000000", "valid");
    printf ("  wrong PIN: %s\n", m);
    m = s_refused_sign (__LINE__, VP_E_FAILED_PRECONDITION, "certificate", "hết hạn", id, S_PIN, "expired");
    printf ("  expired: %s\n", m);
    m = s_refused_sign (__LINE__, VP_E_FAILED_PRECONDITION, "certificate", "thu hồi", id, S_PIN, "revoked");
    printf ("  revoked: %s\n", m);
    CHECK (s_sql ("SELECT count(*) FROM doc_number") == numbers, "a refused signature took a number");
    vp_val_t *r = s_sign (__LINE__, S_CHAIR, id, S_PIN, "valid");
    CHECK (strcmp (tu_str (r, "label"), "03/QĐ-UBND") == 0, "after the refusals: %s", tu_str (r, "label"));
    vp_val_destroy (&r);

    r = CALL (S_LS, S_HEAD, "documents.outgoing.verify", s_one ("outgoing", s_qd));
    CHECK (vp_map_bool (r, "valid", false) && vp_map_int (r, "signed_at", 0) == TU_CLOCK_START,
           "verify: valid %d", vp_map_bool (r, "valid", false));
    s_verified++;
    vp_val_destroy (&r);
    vp_val_t *args = s_one ("outgoing", s_qd);
    vp_map_put (args, "pdf", s_pdf ("version 3 with the table, changed"));
    m = tu_refused_args (__LINE__, VP_E_FAILED_PRECONDITION, "pdf", "thay đổi sau khi ký", s_cli, S_LS, S_HEAD,
                         "documents.outgoing.verify", args);
    printf ("  changed PDF: %s\n", m);
    s_verified++;

    //  Incoming: the signature that came with 02/UBND-VP verified in Minh Sơn
    //  (see (b)); a PDF changed before it was registered elsewhere is not.
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_in_signature WHERE tenant = 'minh-son' AND valid = 1", 1) == 1,
           "Minh Sơn did not verify the signature of 02/UBND-VP");
    vp_val_t *in = tu_ok_args (__LINE__, s_cli, S_LS, S_HEAD, "documents.get",
                               s_one ("document", s_hdnd_doc));
    vp_val_t *atts = vp_map_get (in, "attachments");
    char p7s_path[1400] = "", pdf_path[1400] = "";
    for (size_t i = 0; i < vp_val_len (atts); i++) {
        const char *name = tu_str (vp_array_at (atts, i), "name");
        char *into = strstr (name, ".p7s") ? p7s_path : strstr (name, ".pdf") ? pdf_path : NULL;
        if (into)
            snprintf (into, 1400, "%s/data/attachments/%s", s_stack.bus.dir, tu_str (vp_array_at (atts, i), "sha256"));
    }
    vp_val_destroy (&in);
    char *p7s = tc_read (p7s_path);
    size_t p7s_size = 0;
    FILE *f = fopen (p7s_path, "rb");
    if (f) {
        fseek (f, 0, SEEK_END);
        p7s_size = (size_t) ftell (f);
        fclose (f);
    }
    CHECK (p7s_size > 100, "the signature of 01/QĐ-UBND did not come with it to the HĐND (%s)", p7s_path);
    //  Another tool agrees: OpenSSL's own command verifies the .p7s over the PDF.
    char cmd[5000];
    snprintf (cmd, sizeof cmd, "openssl cms -verify -binary -inform DER -in %s -content %s -CAfile %s/ca.pem"
              " -out /dev/null 2>&1", p7s_path, pdf_path, s_pki);
    CHECK (system (cmd) == 0, "openssl cms -verify refused the signature: %s", cmd);
    s_verified++;
    args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND xã Lam Sơn");
    vp_map_put_str (args, "number", "01/QĐ-UBND");
    vp_map_put (args, "doc_date", vp_val_int (TU_CLOCK_START));
    vp_map_put_str (args, "type", "quyet-dinh");
    vp_map_put_str (args, "summary", "Bản nhận qua thư, đã bị sửa");
    vp_val_t *list = vp_val_array ();
    vp_val_t *a = vp_val_map ();
    vp_map_put_str (a, "name", "qd.pdf");
    vp_map_put (a, "content", s_pdf ("version 3 with the table, changed"));
    vp_array_push (list, a);
    a = vp_val_map ();
    vp_map_put_str (a, "name", "qd.pdf.p7s");
    vp_map_put (a, "content", vp_val_bin (p7s, p7s_size));
    vp_array_push (list, a);
    vp_map_put (args, "attachments", list);
    free (p7s);
    r = tu_ok_args (__LINE__, s_cli, S_MS, "ms-bui-van-mau-ba", "documents.register", args);
    char changed[64];
    snprintf (changed, sizeof changed, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_in_signature WHERE tenant = 'minh-son' AND valid = 0", 1) == 1,
           "the changed PDF's signature was not verified");
    r = tu_ok_args (__LINE__, s_cli, S_MS, "ms-bui-van-mau-ba", "documents.signature", s_one ("document", changed));
    CHECK (vp_map_bool (r, "signed", false) && !vp_map_bool (r, "valid", true)
           && strstr (tu_str (r, "message"), "(pdf)") && strstr (tu_str (r, "message"), "thay đổi"),
           "incoming changed PDF: %s", tu_str (r, "message"));
    printf ("  incoming changed PDF: %s\n", tu_str (r, "message"));
    vp_val_destroy (&r);
    s_verified += 2;
    tu_ok ("wrong PIN, expired and revoked certificates, a changed PDF: refused, no number taken;"
           " incoming signatures verified on registration");
}

//  ---------------------------------------------------------------- (d)

static void
s_recall (void)
{
    vp_val_t *args = s_one ("outgoing", s_cv);
    vp_map_put_str (args, "reason", "Sai địa danh kênh tiêu");
    tu_refused_args (__LINE__, VP_E_PERMISSION_DENIED, "actor", "thu hồi", s_cli, S_LS, S_DRAFTER,
                     "documents.outgoing.recall", vp_val_dup (args));
    vp_val_t *r = CALL (S_LS, S_CHAIR, "documents.outgoing.recall", args);
    CHECK (vp_val_len (vp_map_get (r, "deliveries")) == 2, "%zu deliveries recalled", vp_val_len (vp_map_get (r, "deliveries")));
    vp_val_destroy (&r);
    args = s_one ("outgoing", s_cv);
    vp_map_put_str (args, "reason", "lần nữa");
    tu_refused_args (__LINE__, VP_E_FAILED_PRECONDITION, "outgoing", "recalled", s_cli, S_LS, S_CHAIR,
                     "documents.outgoing.recall", args);
    s_sql_wait ("SELECT count(*) FROM doc_out_recipient WHERE status = 'destroyed'", 2);
    CHECK (s_sql ("SELECT count(*) FROM doc_document WHERE number = '02/UBND-VP'") == 0,
           "a copy of the recalled 02/UBND-VP is still registered");
    CHECK (s_sql ("SELECT count(*) FROM doc_out_inbox WHERE label = '02/UBND-VP' AND status = 'destroyed'"
                  " AND recall_reason = 'Sai địa danh kênh tiêu'") == 2, "the recall is not kept at both receivers");
    r = CALL (S_MS, "ms-bui-van-mau-ba", "documents.outgoing.received", vp_val_map ());
    vp_val_t *got = vp_array_at (vp_map_get (r, "received"), 0);
    CHECK (strcmp (tu_str (got, "status"), "destroyed") == 0 && strcmp (tu_str (got, "label"), "02/UBND-VP") == 0,
           "Minh Sơn's received: %s %s", tu_str (got, "status"), tu_str (got, "label"));
    vp_val_destroy (&r);
    r = s_get (S_LS, s_cv);
    char *statuses = tu_join (vp_map_get (r, "recipients"), "status");
    CHECK (strcmp (statuses, "destroyed,destroyed") == 0, "receivers after the recall: %s", statuses);
    free (statuses);
    CHECK (strcmp (tu_str (r, "status"), "recalled") == 0 && strcmp (tu_str (r, "label"), "02/UBND-VP") == 0,
           "frozen: %s %s", tu_str (r, "status"), tu_str (r, "label"));
    vp_val_destroy (&r);
    args = s_one ("outgoing", s_cv);
    vp_map_put_str (args, "note", "sửa sau thu hồi");
    tu_refused_args (__LINE__, VP_E_FAILED_PRECONDITION, "outgoing", "recalled", s_cli, S_LS, S_DRAFTER,
                     "documents.outgoing.revise", args);

    //  The replacement.
    char id[64];
    vp_val_t *to = vp_val_array ();
    vp_array_push (to, s_recipient (S_MS, "ubnd"));
    s_draft (__LINE__, "cong-van", "Về việc phối hợp nạo vét kênh tiêu Đồng Mới (thay thế)", to, s_cv, id);
    tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.submit", s_one ("outgoing", id)));
    tu_drop (CALL (S_LS, S_HEAD, "documents.outgoing.approve", s_one ("outgoing", id)));
    tu_drop (s_sign (__LINE__, S_CHAIR, id, NULL, NULL));
    r = s_get (S_LS, s_cv);
    CHECK (strcmp (tu_str (r, "replaced_by"), id) == 0, "replaced_by %s", tu_str (r, "replaced_by"));
    vp_val_destroy (&r);
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_document WHERE tenant = 'minh-son' AND number = '04/UBND-VP'", 1) == 1,
           "the replacement did not arrive in Minh Sơn");
    tu_ok ("02/UBND-VP recalled: frozen at Lam Sơn, destroyed at both receivers, the recall kept; replaced by 04/UBND-VP");
}

//  ---------------------------------------------------------------- (e)

typedef struct {
    const char *signer;
    char ids[S_EACH][64];
    int64_t n[S_EACH];
    int count;
    char error[500];
} s_signer_t;

static void *
s_signer (void *arg)
{
    s_signer_t *self = (s_signer_t *) arg;
    vp_cmdcli_t *cli = tu_stack_client (&s_stack, "documents");
    for (int i = 0; i < S_EACH; i++) {
        vp_val_t *result = NULL;
        vp_err_t err = { 0 };
        if (tu_call_args (cli, S_LS, self->signer, "documents.outgoing.sign", s_one ("outgoing", self->ids[i]),
                          &result, &err)) {
            snprintf (self->error, sizeof self->error, "sign %s: %s %s", self->ids[i], vp_code_name (err.code), err.message);
            break;
        }
        self->n[self->count++] = vp_map_int (result, "number_n", 0);
        vp_val_destroy (&result);
    }
    vp_cmdcli_destroy (&cli);
    return NULL;
}

static void
s_two_signers (void)
{
    //  Kế hoạch signed by the vice chairman, Báo cáo by the chairman: one series.
    const char *types[2] = { "ke-hoach", "bao-cao" };
    const char *posts[2] = { "pho-chu-tich-ubnd-kt", "chu-tich-ubnd" };
    static s_signer_t signers[2];
    signers[0].signer = S_VICE;
    signers[1].signer = S_CHAIR;
    for (int s = 0; s < 2; s++) {
        vp_val_t *args = s_one ("body", "ubnd");
        vp_map_put_str (args, "type", types[s]);
        vp_val_t *chain = vp_val_array ();
        vp_array_push (chain, vp_val_str (posts[s]));
        vp_map_put (args, "posts", chain);
        tu_drop (CALL (S_LS, S_HEAD, "documents.outgoing.chain.set", args));
        for (int i = 0; i < S_EACH; i++) {
            vp_val_t *to = vp_val_array ();
            vp_array_push (to, s_recipient (NULL, "hdnd"));
            char summary[100];
            snprintf (summary, sizeof summary, "%s số %d của UBND", types[s], i + 1);
            s_draft (__LINE__, types[s], summary, to, NULL, signers[s].ids[i]);
            vp_val_t *r = CALL (S_LS, S_DRAFTER, "documents.outgoing.submit", s_one ("outgoing", signers[s].ids[i]));
            CHECK (strcmp (tu_str (r, "status"), "signing") == 0, "a chain of one post: %s", tu_str (r, "status"));
            vp_val_destroy (&r);
        }
    }
    //  Bad input: a body without a series of its own, a PDF that is none.
    vp_val_t *args = s_one ("body", "mttq");
    vp_map_put_str (args, "type", "thong-bao");
    vp_map_put_str (args, "summary", "Thông báo của Mặt trận");
    vp_map_put (args, "to", s_ids ("hdnd"));
    vp_map_put (args, "pdf", s_pdf ("x"));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "body", "không có sổ", s_cli, S_LS, S_DRAFTER,
                     "documents.outgoing.draft", args);
    args = s_one ("body", "ubnd");
    vp_map_put_str (args, "type", "thong-bao");
    vp_map_put_str (args, "summary", "Thông báo");
    vp_map_put (args, "to", s_ids ("giang-son-tay.khong-co"));
    vp_map_put (args, "pdf", s_pdf ("x"));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "recipients.body", "khong-co", s_cli, S_LS, S_DRAFTER,
                     "documents.outgoing.draft", args);
    args = s_one ("body", "ubnd");
    vp_map_put_str (args, "type", "thong-bao");
    vp_map_put_str (args, "summary", "Thông báo");
    vp_map_put (args, "to", s_ids ("hdnd"));
    vp_map_put (args, "pdf", vp_val_bin ("GIF89a", 6));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "pdf", "không phải PDF", s_cli, S_LS, S_DRAFTER,
                     "documents.outgoing.draft", args);
    //  one that begins as a PDF but does not open: the receivers could not count its pages
    args = s_one ("body", "ubnd");
    vp_map_put_str (args, "type", "thong-bao");
    vp_map_put_str (args, "summary", "Thông báo");
    vp_map_put (args, "to", s_ids ("hdnd"));
    vp_map_put (args, "pdf", vp_val_bin ("%PDF-1.4 chỉ có dòng đầu", strlen ("%PDF-1.4 chỉ có dòng đầu")));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "pdf", "không mở được như một tệp PDF", s_cli, S_LS, S_DRAFTER,
                     "documents.outgoing.draft", args);

    args = s_one ("body", "ubnd");
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put_str (args, "summary", "Giấy mời họp giao ban");
    vp_map_put (args, "to", s_ids ("minh-son.ubnd"));
    vp_map_put (args, "pdf", s_pdf ("giay moi"));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "type", "giấy mời", s_cli, S_LS, S_DRAFTER,
                     "documents.outgoing.draft", args);

    //  A Party document: numbered per type through the term (07-ĐA/ĐU style).
    args = s_one ("body", "dang-uy");
    vp_val_t *party = vp_val_array ();
    vp_array_push (party, vp_val_str ("bi-thu"));
    vp_map_put (args, "posts", party);
    tu_drop (CALL (S_LS, S_HEAD, "documents.outgoing.chain.set", args));
    for (int i = 1; i <= 2; i++) {
        char id[64];
        args = s_one ("body", "dang-uy");
        vp_map_put_str (args, "type", "nghi-quyet");
        vp_map_put_str (args, "summary", "Nghị quyết về công tác chuyển đổi số");
        vp_map_put (args, "to", s_ids ("ubnd,minh-son.dang-uy"));
        vp_map_put (args, "pdf", s_pdf ("nghi quyet"));
        vp_val_t *r = CALL (S_LS, S_DRAFTER, "documents.outgoing.draft", args);
        snprintf (id, sizeof id, "%s", tu_str (r, "outgoing"));
        vp_val_destroy (&r);
        tu_drop (CALL (S_LS, S_DRAFTER, "documents.outgoing.submit", s_one ("outgoing", id)));
        r = s_sign (__LINE__, "ls-nguyen-van-mau-mot", id, NULL, NULL);
        char want[32];
        snprintf (want, sizeof want, "%02d-NQ/ĐU", i);
        CHECK (strcmp (tu_str (r, "label"), want) == 0 && strcmp (tu_str (r, "period"), "2025-2030") == 0,
               "Party label %s in %s, expected %s", tu_str (r, "label"), tu_str (r, "period"), want);
        vp_val_destroy (&r);
    }
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_document WHERE tenant = 'minh-son' AND number = '02-NQ/ĐU'", 1) == 1,
           "02-NQ/ĐU did not reach Minh Sơn's Đảng ủy");

    int64_t first = s_sql ("SELECT max (n) FROM doc_number WHERE tenant = 'lam-son' AND series = 'ubnd'") + 1;
    pthread_t threads[2];
    for (int s = 0; s < 2; s++)
        TU_CHECK (pthread_create (&threads[s], NULL, s_signer, &signers[s]) == 0, "thread");
    for (int s = 0; s < 2; s++)
        pthread_join (threads[s], NULL);
    static bool seen[2 * S_EACH];
    for (int s = 0; s < 2; s++) {
        CHECK (signers[s].count == S_EACH, "%s signed %d: %s", signers[s].signer, signers[s].count, signers[s].error);
        for (int i = 0; i < S_EACH; i++) {
            int64_t k = signers[s].n[i] - first;
            CHECK (k >= 0 && k < 2 * S_EACH && !seen[k], "%s got number %lld (first %lld)", signers[s].signer,
                   (long long) signers[s].n[i], (long long) first);
            seen[k] = true;
        }
    }
    s_numbers += 2 * S_EACH;
    tu_ok ("two signers at once on the UBND series: %lld..%lld, no gap, no repeat", (long long) first,
           (long long) first + 2 * S_EACH - 1);
}

//  ---------------------------------------------------------------- (f)

static char *s_out;

//  vpctl as the officer (their own key), words NULL-terminated; exit code.
static int
s_vpctl (const char *tenant, const char *actor, const char *const words[])
{
    zstr_free (&s_out);
    tu_stack_officer_key (&s_stack, tenant, actor);
    static char key[200];
    snprintf (key, sizeof key, "VP_KEY_NAME=%s", actor);
    const char *with[] = { key, NULL };
    const char *all[40] = { "--tenant", tenant, "--json" };
    int n = 3;
    for (int i = 0; words[i] && n < 39; i++)
        all[n++] = words[i];
    all[n] = NULL;
    return tc_run (s_stack.bus.dir, "vpctl", all, tc_env (s_stack.env, with), &s_out);
}
#define VPCTL(tenant, actor, ...) s_vpctl (tenant, actor, (const char *const []) { __VA_ARGS__, NULL })

static void
s_vpctl_chain (void)
{
    char path[1200], word[1300];
    snprintf (path, sizeof path, "%s/thong-bao.pdf", s_pki);
    FILE *file = fopen (path, "wb");
    TU_CHECK (file, "cannot write %s", path);
    char *pdf = NULL;
    size_t pdf_size = tu_pdf_bytes ("Thông báo lịch tiếp công dân", 1, &pdf);
    fwrite (pdf, 1, pdf_size, file);
    free (pdf);
    fclose (file);
    snprintf (word, sizeof word, "pdf=@%s", path);
    int rc = VPCTL (S_LS, S_DRAFTER, "documents", "outgoing", "draft", "body=ubnd", "type=thong-bao",
                    "summary=Thông báo lịch tiếp công dân tháng 12", "to=hdnd,minh-son.ubnd", word);
    const char *at = s_out ? strstr (s_out, "\"outgoing\":\"") : NULL;
    CHECK (rc == 0 && at, "vpctl documents outgoing draft (%d): %s", rc, s_out);
    char id[64];
    snprintf (id, sizeof id, "outgoing=%.*s", (int) strcspn (at + 12, "\""), at + 12);
    rc = VPCTL (S_LS, S_DRAFTER, "documents", "outgoing", "submit", id);
    CHECK (rc == 0, "vpctl submit (%d): %s", rc, s_out);
    rc = VPCTL (S_LS, S_HEAD, "documents", "outgoing", "approve", id);
    CHECK (rc == 0, "vpctl approve (%d): %s", rc, s_out);
    rc = VPCTL (S_LS, S_CHAIR, "documents", "outgoing", "sign", id, "pin=000000", "token=valid");
    CHECK (rc == 6 && strstr (s_out, "mã PIN"), "vpctl sign with a wrong PIN (%d): %s", rc, s_out);
    rc = VPCTL (S_LS, S_CHAIR, "documents", "outgoing", "sign", id, "pin=" S_PIN, "token=valid");
    CHECK (rc == 0 && strstr (s_out, "/TB-UBND"), "vpctl sign (%d): %s", rc, s_out);
    s_signed++;
    s_numbers++;
    rc = VPCTL (S_LS, S_HEAD, "documents", "outgoing", "register_book", "year=2026", "format=text");
    CHECK (rc == 0 && strstr (s_out, "/TB-UBND") && strstr (s_out, "Thông báo lịch tiếp công dân"),
           "vpctl register_book (%d): %s", rc, s_out);
    CHECK (s_sql_wait ("SELECT count(*) FROM doc_document WHERE tenant = 'minh-son' AND number LIKE '%/TB-UBND'", 1) == 1,
           "the Thông báo did not arrive in Minh Sơn");
    zstr_free (&s_out);
    tu_ok ("the chain in vpctl: draft with pdf=@file and to=hdnd,minh-son.ubnd, submit, approve, sign, register");
}

//  ---------------------------------------------------------------- chase

//  The vice chairman's opinion was due on Wednesday 02/12: on Thursday it
//  is chased, once.
static void
s_chase (void)
{
    vp_cmdcli_t *ops = tu_stack_operator (&s_stack, "documents");
    vp_val_t *r = NULL;
    vp_err_t err = { 0 };
    CHECK (tu_call_args (ops, "", "", "documents.outgoing.chase", NULL, &r, &err) == 0 && vp_map_int (r, "overdue", -1) == 0,
           "chased before the deadline: %s", err.message);
    vp_val_destroy (&r);
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 3, 8, 0));
    CHECK (tu_call_args (ops, "", "", "documents.outgoing.chase", NULL, &r, &err) == 0 && vp_map_int (r, "overdue", -1) == 1,
           "chase after the deadline: %lld (%s)", (long long) vp_map_int (r, "overdue", -1), err.message);
    vp_val_destroy (&r);
    CHECK (tu_call_args (ops, "", "", "documents.outgoing.chase", NULL, &r, &err) == 0 && vp_map_int (r, "overdue", -1) == 0,
           "chased twice");
    vp_val_destroy (&r);
    vp_cmdcli_destroy (&ops);
    r = s_get (S_LS, s_unanswered);
    char *steps = tu_join (vp_map_get (r, "history"), "step");
    CHECK (strstr (steps, "opinion_overdue"), "the chase is not on the trail: %s", steps);
    free (steps);
    vp_val_destroy (&r);
    tu_ok ("an opinion not given by its deadline (working days) is chased once");
}

//  ---------------------------------------------------------------- (g)

//  Every event of the documents stream applied once more (the cursor set
//  back to 0, vp-documents restarted): nothing is registered twice, the
//  recalled copies stay destroyed.
static void
s_again (void)
{
    tu_stack_sync (&s_stack);
    const char *counts = "SELECT (SELECT count(*) FROM doc_document) * 1000000 + (SELECT count(*) FROM doc_out_inbox) * 1000"
                         " + (SELECT count(*) FROM doc_out_inbox WHERE status = 'destroyed')";
    int64_t before = s_sql (counts);
    TU_CHECK (tu_stop (s_stack.documents, SIGTERM, 30000) == 0, "vp-documents did not stop");
    s_stack.documents = 0;
    char sql[200];
    snprintf (sql, sizeof sql, "UPDATE vp_cursor SET seq = 0 WHERE stream = 'documents'");
    sqlite3 *db = NULL;
    TU_CHECK (sqlite3_open (s_db, &db) == SQLITE_OK && sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK,
              "cannot set the cursor back: %s", sqlite3_errmsg (db));
    sqlite3_close (db);
    tu_stack_start_service (&s_stack, "documents");
    vp_cmdcli_destroy (&s_cli);
    s_cli = tu_stack_client (&s_stack, "documents");
    tu_stack_sync (&s_stack);
    tu_stack_sync (&s_stack);
    int64_t after = s_sql (counts);
    CHECK (after == before, "applied again: %lld documents/deliveries/destroyed, before %lld",
           (long long) after, (long long) before);
    CHECK (s_sql ("SELECT count(*) FROM doc_document WHERE number = '02/UBND-VP'") == 0,
           "the recalled copy came back");
    vp_val_t *r = s_get (S_LS, s_cv);
    char *statuses = tu_join (vp_map_get (r, "recipients"), "status");
    CHECK (strcmp (statuses, "destroyed,destroyed") == 0, "the sender's receivers after the replay: %s", statuses);
    free (statuses);
    vp_val_destroy (&r);
    tu_ok ("the documents stream applied again: %lld documents, %lld deliveries, none twice",
           (long long) (after / 1000000), (long long) (after / 1000 % 1000));
}

int
main (void)
{
    s_pki_make ();
    static char env[4][1300];
    snprintf (env[0], sizeof env[0], "VP_SIGN_PKCS11=%s", S_MODULE);
    snprintf (env[1], sizeof env[1], "VP_SIGN_CA=%s/ca.pem", s_pki);
    snprintf (env[2], sizeof env[2], "VP_SIGN_CRL=%s/crl.pem", s_pki);
    snprintf (env[3], sizeof env[3], "SOFTHSM2_CONF=%s/softhsm2.conf", s_pki);
    const char *const words[] = { env[0], env[1], env[2], env[3], NULL };
    tu_stack_opts_t opts = { .demo = true, .env = words };
    tu_stack_start_opts (&s_stack, "outgoing", &opts);
    snprintf (s_db, sizeof s_db, "%s/data/documents.db", s_stack.bus.dir);
    s_cli = tu_stack_client (&s_stack, "documents");
    int64_t t0 = vp_clock_mono ();
    s_chain ();
    s_distribute ();
    s_refusals ();
    s_recall ();
    s_two_signers ();
    s_vpctl_chain ();
    s_chase ();
    s_again ();
    s_verified += (int) s_sql ("SELECT count(*) FROM doc_in_signature");
    printf ("figures: %d signatures made, %d verifications, %d numbers issued, %.1f ms per signature (token),"
            " %lld ms in all\n", s_signed, s_verified, s_numbers,
            s_signed ? (double) s_sign_ms_total / s_signed : 0.0, (long long) (vp_clock_mono () - t0));
    vp_cmdcli_destroy (&s_cli);
    tu_stack_stop (&s_stack);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
