/*  web_pages_outgoing - what the commune sends (văn bản đi):

      /van-ban-di        the queues of the signed-in officer (my drafts,
                         asking my opinion, waiting for my approval, for
                         my signature) and the form of a new draft
      /van-ban-di/<id>   one outgoing document: versions, opinions,
                         approvals, signature and number, receivers with
                         their receipt and handling, trail; the steps its
                         reader may take, each a form posting back here
      /so-di             Sổ đăng ký văn bản đi of a year, Decree 30's
                         columns, A4 landscape (static/web.css)

    vp-documents decides who may do what and answers in Vietnamese; the
    page shows its answer. The PIN of the signer's token is typed here and
    goes to vp-documents with documents.outgoing.sign (a secret field: no
    log or trail keeps it), which signs with the token on the server.
*/
#include "web.h"
#include "vp/vp_fields.h"

#define S_PDF_MAX 900000            //  proto/outgoing.c: the pdf field's max

static const char *const s_bodies[][2] = {
    { "ubnd", "Ủy ban nhân dân" }, { "hdnd", "Hội đồng nhân dân" }, { "dang-uy", "Đảng ủy" },
    { "ubkt", "Ủy ban Kiểm tra Đảng ủy" }, { NULL, NULL }
};
static const char *const s_statuses[][2] = {
    { "draft", "Dự thảo" }, { "approving", "Chờ duyệt" }, { "signing", "Chờ ký" }, { "sent_back", "Trả lại" },
    { "issued", "Đã phát hành" }, { "recalled", "Đã thu hồi" }, { NULL, NULL }
};
//  A receiver's status (the receipt that came back).
static const char *const s_receipts[][2] = {
    { "sent", "Đã gửi" }, { "email_pending", "Chờ gửi thư điện tử" }, { "emailed", "Đã gửi thư điện tử" }, { "registered", "Đã vào sổ" },
    { "assigned", "Đã giao xử lý" }, { "in_progress", "Đang xử lý" }, { "done", "Đã xử lý" },
    { "returned", "Trả lại" }, { "forwarded", "Đã chuyển" }, { "destroyed", "Đã hủy (thu hồi)" },
    { "email_failed", "Chưa gửi được thư điện tử" }, { "recalling", "Đang thu hồi" },
    { "recall_emailed", "Đã gửi thư báo thu hồi" }, { "recall_email_failed", "Chưa gửi được thư báo thu hồi" },
    { NULL, NULL }
};
static const char *const s_trail_steps[][2] = {
    { "drafted", "Soạn thảo" }, { "revised", "Sửa dự thảo" }, { "consulted", "Lấy ý kiến" },
    { "opinion", "Cho ý kiến" }, { "opinion_overdue", "Quá hạn cho ý kiến" }, { "submitted", "Trình duyệt" },
    { "approved", "Duyệt" }, { "sent_back", "Trả lại" }, { "signed", "Ký" }, { "issued", "Phát hành" },
    { "recalled", "Thu hồi" }, { "receipt", "Nơi nhận báo lại" }, { NULL, NULL }
};
static const char *const s_answers[][2] = {
    { "agree", "Nhất trí" }, { "disagree", "Không nhất trí" }, { "other", "Ý kiến khác" }, { NULL, NULL }
};

static void
s_select (web_buf_t *o, const char *name, const char *label, const char *const table[][2])
{
    web_buf_add (o, "<label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", name, label, name, name);
    for (int i = 0; table[i][0]; i++)
        web_buf_add (o, "<option value=\"%s\">%s</option>", table[i][0], table[i][1]);
    web_buf_add (o, "</select>");
}

//  The receivers typed one a line: an e-mail address (an agency outside
//  the deployment, "Tên <địa chỉ>" or the address alone), or a body as a
//  word: `hdnd` (of this commune), `minh-son.ubnd` (of another commune).
static void
s_receivers (const char *text, vp_val_t *args)
{
    vp_val_t *recipients = vp_val_array (), *to = vp_val_array ();
    for (const char *p = text; *p; ) {
        size_t n = strcspn (p, "\r\n");
        char line[400];
        snprintf (line, sizeof line, "%.*s", (int) (n < sizeof line ? n : sizeof line - 1), p);
        p += n;
        p += strspn (p, "\r\n");
        char *s = line + strspn (line, " \t,;");
        for (char *e = s + strlen (s); e > s && strchr (" \t,;", e[-1]); )
            *--e = 0;
        if (!*s)
            continue;
        if (strchr (s, '@')) {
            vp_val_t *r = vp_val_map ();
            char *lt = strchr (s, '<'), *gt = lt ? strchr (lt, '>') : NULL;
            if (lt && gt) {
                *gt = 0;
                vp_map_put_str (r, VP_K_EMAIL, lt + 1);
                for (char *e = lt; e > s && e[-1] == ' '; )
                    *--e = 0;
                *lt = 0;
                if (*s)
                    vp_map_put_str (r, VP_K_NAME, s);
            }
            else
                vp_map_put_str (r, VP_K_EMAIL, s);
            vp_array_push (recipients, r);
        }
        else
            vp_array_push (to, vp_val_str (s));
    }
    if (vp_val_len (recipients))
        vp_map_put (args, VP_K_RECIPIENTS, recipients);
    else
        vp_val_destroy (&recipients);
    if (vp_val_len (to))
        vp_map_put (args, VP_K_TO, to);
    else
        vp_val_destroy (&to);
}

//  The PDF of the form (field pdf), checked by its first bytes and size;
//  NULL and no error when none was chosen.
static vp_val_t *
s_pdf (web_req_t *req, vp_err_t *err)
{
    const web_field_t *f = web_form_field (req, "pdf");
    if (!f || !f->filename || !*f->filename || !f->size)
        return NULL;
    if (f->size > S_PDF_MAX) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PDF, "Tệp \"%s\" lớn hơn 900 KB (dự thảo gửi đi tối đa 900 KB).",
                    f->filename);
        return NULL;
    }
    if (f->size < 5 || memcmp (f->value, "%PDF-", 5) != 0) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PDF, "Tệp \"%s\" không phải PDF.", f->filename);
        return NULL;
    }
    return vp_val_bin (f->value, f->size);
}

//  An array of ids from "a, b c" (officers asked for their opinion).
static vp_val_t *
s_ids (const char *text)
{
    vp_val_t *ids = vp_val_array ();
    for (const char *p = text; *p; ) {
        p += strspn (p, " ,;\r\n\t");
        size_t n = strcspn (p, " ,;\r\n\t");
        if (n)
            vp_array_push (ids, vp_val_strn (p, n));
        p += n;
    }
    return ids;
}

//  ------------------------------------------------------------ the queues

static void
s_queue (web_req_t *req, const char *queue, const char *caption)
{
    web_buf_t *o = &req->out;
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_str (args, VP_K_QUEUE, queue);
    vp_err_t err = { 0 };
    web_buf_add (o, "<section class=\"queue\" id=\"hang-%s\"><h2>%s</h2>", queue, caption);
    if (web_cmd_call (req->web, &req->session, "documents", "documents.outgoing.list", args, &result, &err)) {
        web_error_box (req, &err);
        web_buf_add (o, "</section>");
        return;
    }
    vp_val_t *rows = vp_map_get (result, VP_K_OUTGOING);
    if (!vp_val_len (rows))
        web_buf_add (o, "<p class=\"empty\">Không có văn bản.</p>");
    else {
        web_buf_add (o, "<table class=\"docs\"><thead><tr><th>Mã</th><th>Loại</th><th>Trích yếu</th><th>Phiên bản</th>"
                        "<th>Trạng thái</th><th>Số, ký hiệu</th><th>Ngày ban hành</th></tr></thead><tbody>");
        for (size_t i = 0; i < vp_val_len (rows); i++) {
            vp_val_t *r = vp_array_at (rows, i);
            char d[32];
            web_buf_add (o, "<tr><td><a href=\"/van-ban-di/");
            web_buf_esc (o, vp_map_str (r, VP_K_OUTGOING));
            web_buf_add (o, "\">");
            web_buf_esc (o, vp_map_str (r, VP_K_OUTGOING));
            web_buf_add (o, "</a></td>");
            web_cell (o, web_name (vp_doc_type_choices, vp_map_str (r, VP_K_TYPE)));
            web_cell (o, vp_map_str (r, VP_K_SUMMARY));
            web_buf_add (o, "<td class=\"num\">%lld</td>", (long long) vp_map_int (r, VP_K_VERSION, 1));
            web_cell (o, web_name (s_statuses, vp_map_str (r, VP_K_STATUS)));
            web_cell (o, vp_map_str (r, VP_K_LABEL));
            web_cell (o, vp_map_get (r, "issued_at") ? web_date (req->web, vp_map_int (r, "issued_at", 0), false, d) : "");
            web_buf_add (o, "</tr>");
        }
        web_buf_add (o, "</tbody></table>");
    }
    web_buf_add (o, "</section>");
    vp_val_destroy (&result);
}

//  documents.outgoing.draft from the form; the new id into id.
static int
s_draft (web_req_t *req, char id[80], vp_err_t *err)
{
    vp_val_t *pdf = s_pdf (req, err);
    if (!pdf)
        return err->code ? -1 : vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PDF, "Chọn tệp PDF của dự thảo.");
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_BODY, web_form (req, "body"));
    vp_map_put_str (args, VP_K_TYPE, web_form (req, "type"));
    vp_map_put_str (args, VP_K_SUMMARY, web_form (req, "summary"));
    if (*web_form (req, "note"))
        vp_map_put_str (args, VP_K_NOTE, web_form (req, "note"));
    vp_map_put (args, VP_K_PDF, pdf);
    s_receivers (web_form (req, "receivers"), args);
    vp_val_t *result = NULL;
    int rc = web_cmd_call (req->web, &req->session, "documents", "documents.outgoing.draft", args, &result, err);
    if (rc == 0)
        snprintf (id, 80, "%s", vp_map_str (result, VP_K_OUTGOING) ? vp_map_str (result, VP_K_OUTGOING) : "");
    vp_val_destroy (&result);
    return rc;
}

void
web_page_outgoing_list (web_req_t *req)
{
    vp_err_t err = { 0 };
    bool failed = false;
    if (strcmp (req->method, "POST") == 0) {
        char id[80] = "";
        if (s_draft (req, id, &err) == 0) {
            web_redirect (req, "/van-ban-di/%s", id);
            return;
        }
        failed = true;
    }
    web_buf_t *o = &req->out;
    web_page_begin (req, "Văn bản đi");
    web_buf_add (o, "<h1>Văn bản đi</h1>");
    if (failed) {
        req->status = 400;
        web_error_box (req, &err);
    }
    s_queue (req, "consult", "Xin ý kiến của tôi");
    s_queue (req, "approve", "Chờ tôi duyệt");
    s_queue (req, "sign", "Chờ tôi ký");
    s_queue (req, "mine", "Dự thảo của tôi");
    web_buf_add (o, "<section><h2>Dự thảo mới</h2><form method=\"post\" action=\"/van-ban-di\" "
                    "enctype=\"multipart/form-data\" class=\"form\" id=\"du-thao-moi\">");
    web_csrf_field (req);
    s_select (o, "body", "Cơ quan ban hành", s_bodies);
    s_select (o, "type", "Loại văn bản", vp_doc_type_choices);
    web_buf_add (o, "<label for=\"summary\">Trích yếu</label><textarea id=\"summary\" name=\"summary\" rows=\"2\" "
                    "maxlength=\"500\" required></textarea>"
                    "<label for=\"receivers\">Nơi nhận (mỗi dòng một nơi)</label>"
                    "<textarea id=\"receivers\" name=\"receivers\" rows=\"3\" "
                    "placeholder=\"hdnd&#10;minh-son.ubnd&#10;Sở Tư pháp &lt;vanthu@sotuphap.example&gt;\"></textarea>"
                    "<p class=\"hint\">Cơ quan trong xã: mã (hdnd); xã khác: xã.cơ quan (minh-son.ubnd); "
                    "cơ quan ngoài hệ thống: địa chỉ thư điện tử.</p>"
                    "<label for=\"pdf\">Tệp PDF (tối đa 900 KB)</label>"
                    "<input id=\"pdf\" name=\"pdf\" type=\"file\" accept=\"application/pdf\" required>"
                    "<label for=\"note\">Ghi chú phiên bản</label><input id=\"note\" name=\"note\" maxlength=\"2000\">"
                    "<button type=\"submit\">Tạo dự thảo</button></form></section>");
    web_page_end (req);
}

//  ------------------------------------------------------- one document

//  A step posted to /van-ban-di/<id>; the answer for the page (sign's).
static int
s_step (web_req_t *req, const char *id, vp_val_t **answer, vp_err_t *err)
{
    const char *action = web_form (req, "action");
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_OUTGOING, id);
    const char *cmd = NULL;
    if (!strcmp (action, "revise")) {
        cmd = "documents.outgoing.revise";
        vp_map_put_str (args, VP_K_NOTE, web_form (req, "note"));
        if (*web_form (req, "summary"))
            vp_map_put_str (args, VP_K_SUMMARY, web_form (req, "summary"));
        if (*web_form (req, "receivers"))
            s_receivers (web_form (req, "receivers"), args);
        vp_val_t *pdf = s_pdf (req, err);
        if (err->code) {
            vp_val_destroy (&args);
            return -1;
        }
        if (pdf)
            vp_map_put (args, VP_K_PDF, pdf);
    }
    else if (!strcmp (action, "consult")) {
        cmd = "documents.outgoing.consult";
        vp_map_put (args, VP_K_OFFICERS, s_ids (web_form (req, "officers")));
        vp_map_put_int (args, VP_K_DAYS, atoi (web_form (req, "days")));
        if (*web_form (req, "question"))
            vp_map_put_str (args, VP_K_QUESTION, web_form (req, "question"));
    }
    else if (!strcmp (action, "opinion")) {
        cmd = "documents.outgoing.opinion";
        vp_map_put_str (args, VP_K_ANSWER, web_form (req, "answer"));
        vp_map_put_str (args, VP_K_TEXT, web_form (req, "text"));
    }
    else if (!strcmp (action, "submit"))
        cmd = "documents.outgoing.submit";
    else if (!strcmp (action, "approve")) {
        cmd = "documents.outgoing.approve";
        if (*web_form (req, "note"))
            vp_map_put_str (args, VP_K_NOTE, web_form (req, "note"));
    }
    else if (!strcmp (action, "send_back")) {
        cmd = "documents.outgoing.send_back";
        vp_map_put_str (args, VP_K_REASON, web_form (req, "reason"));
    }
    else if (!strcmp (action, "sign")) {
        cmd = "documents.outgoing.sign";
        if (!*web_form (req, "pin")) {
            vp_val_destroy (&args);
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PIN, "Nhập mã PIN của token ký số.");
        }
        vp_map_put_str (args, VP_K_PIN, web_form (req, "pin"));
    }
    else if (!strcmp (action, "recall")) {
        cmd = "documents.outgoing.recall";
        vp_map_put_str (args, VP_K_REASON, web_form (req, "reason"));
    }
    if (!cmd) {
        vp_val_destroy (&args);
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "action", "Không có thao tác \"%s\".", action);
    }
    int rc = web_cmd_call (req->web, &req->session, "documents", cmd, args, answer, err);
    //  The token's refusal names the PIN in plain words, whatever the
    //  library said after it.
    if (rc && !strcmp (action, "sign") && !strcmp (err->field, "pin") && err->code == VP_E_PERMISSION_DENIED)
        vp_err_set (err, err->code, VP_K_PIN, "Mã PIN của token ký số không đúng: văn bản chưa được ký. Nhập lại mã PIN.");
    return rc;
}

static void
s_form (web_req_t *req, const char *id, const char *action, const char *label, bool files, const char *fields)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<form method=\"post\" action=\"/van-ban-di/");
    web_buf_esc (o, id);
    web_buf_add (o, "\" class=\"form step\" id=\"buoc-%s\"%s><fieldset><legend>%s</legend>", action,
                 files ? " enctype=\"multipart/form-data\"" : "", label);
    web_csrf_field (req);
    web_buf_add (o, "<input type=\"hidden\" name=\"action\" value=\"%s\">%s<button type=\"submit\">%s</button>"
                    "</fieldset></form>", action, fields, label);
}

//  The signature as the signer is shown it: number, date, certificate.
static void
s_signature (web_req_t *req, const vp_val_t *doc)
{
    web_buf_t *o = &req->out;
    if (!vp_map_str (doc, VP_K_LABEL))
        return;
    char d[32], t[32];
    web_buf_add (o, "<section id=\"chu-ky\"><h2>Số, ngày ban hành và chữ ký</h2><table class=\"fields\">");
    web_field_row (o, "Số, ký hiệu", vp_map_str (doc, VP_K_LABEL));
    web_field_row (o, "Ngày ban hành", web_date (req->web, vp_map_int (doc, "issued_at", 0), false, d));
    const char *sig = vp_map_str (doc, "signature");
    web_field_row (o, "Hình thức ký", sig && !strcmp (sig, "digital") ? "Ký số" : "Ký trên giấy");
    web_field_row (o, "Chứng thư số", vp_map_str (doc, "cert_subject"));
    web_field_row (o, "Cơ quan cấp", vp_map_str (doc, "cert_issuer"));
    web_field_row (o, "Chuỗi chứng thư", vp_map_str (doc, "cert_chain"));
    if (sig && !strcmp (sig, "digital"))
        web_field_row (o, "Thời điểm ký", web_date (req->web, vp_map_int (doc, "issued_at", 0), true, t));
    web_buf_add (o, "</table></section>");
}

static void
s_receivers_table (web_req_t *req, const vp_val_t *doc)
{
    web_buf_t *o = &req->out;
    const vp_val_t *list = vp_map_get (doc, VP_K_RECIPIENTS);
    web_buf_add (o, "<section id=\"noi-nhan\"><h2>Nơi nhận</h2>");
    if (!vp_val_len (list)) {
        web_buf_add (o, "<p class=\"empty\">Chưa có nơi nhận.</p></section>");
        return;
    }
    web_buf_add (o, "<table><thead><tr><th>Nơi nhận</th><th>Gửi qua</th><th>Tình trạng</th><th>Số đến</th>"
                    "<th>Cập nhật</th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (list); i++) {
        const vp_val_t *r = vp_array_at (list, i);
        char who[300], at[32];
        if (vp_map_str (r, VP_K_EMAIL))
            snprintf (who, sizeof who, "%s%s%s", vp_map_str (r, VP_K_NAME) ? vp_map_str (r, VP_K_NAME) : "",
                      vp_map_str (r, VP_K_NAME) ? " – " : "", vp_map_str (r, VP_K_EMAIL));
        else
            snprintf (who, sizeof who, "%s%s%s.%s", vp_map_str (r, VP_K_NAME) ? vp_map_str (r, VP_K_NAME) : "",
                      vp_map_str (r, VP_K_NAME) ? " – " : "", vp_map_str (r, VP_K_TO_TENANT) ? vp_map_str (r, VP_K_TO_TENANT) : "",
                      vp_map_str (r, VP_K_TO_BODY) ? vp_map_str (r, VP_K_TO_BODY) : "");
        web_buf_add (o, "<tr>");
        web_cell (o, who);
        web_cell (o, vp_map_str (r, VP_K_EMAIL) ? "Thư điện tử" : "Hệ thống");
        //  A mail that failed says why (the SMTP server's answer).
        char status[1400];
        snprintf (status, sizeof status, "%s%s%s",
                  vp_map_str (r, VP_K_STATUS) ? web_name (s_receipts, vp_map_str (r, VP_K_STATUS)) : "Chưa gửi",
                  vp_map_str (r, VP_K_ERROR) ? ": " : "", vp_map_str (r, VP_K_ERROR) ? vp_map_str (r, VP_K_ERROR) : "");
        web_cell (o, status);
        if (vp_map_int (r, VP_K_ARRIVAL_NUMBER, 0))
            web_buf_add (o, "<td class=\"num\">%lld</td>", (long long) vp_map_int (r, VP_K_ARRIVAL_NUMBER, 0));
        else
            web_buf_add (o, "<td></td>");
        web_cell (o, vp_map_get (r, VP_K_AT) ? web_date (req->web, vp_map_int (r, VP_K_AT, 0), true, at) : "");
        web_buf_add (o, "</tr>");
    }
    web_buf_add (o, "</tbody></table></section>");
}

//  Whoever holds the signing post may recall (vp-documents decides; the
//  form is shown to them only): the signer, or an officer of that post.
static bool
s_may_recall (web_req_t *req, const vp_val_t *doc)
{
    const char *signer = vp_map_str (doc, VP_K_SIGNER), *post = vp_map_str (doc, "signer_post");
    if (signer && !strcmp (signer, req->session.officer))
        return true;
    size_t n = post ? strlen (post) : 0;
    for (const char *p = req->session.post_ids; n && *p; ) {
        size_t len = strcspn (p, ",");
        if (len == n && !strncmp (p, post, n))
            return true;
        p += len;
        p += *p == ',';
    }
    return false;
}

static void
s_steps (web_req_t *req, const char *id, const vp_val_t *doc)
{
    const char *status = vp_map_str (doc, VP_K_STATUS);
    bool drafting = !strcmp (status, "draft") || !strcmp (status, "sent_back");
    bool mine = !strcmp (vp_map_str (doc, "drafter"), req->session.officer);
    bool asked = false;
    const vp_val_t *opinions = vp_map_get (doc, "opinions");
    for (size_t i = 0; i < vp_val_len (opinions); i++) {
        const vp_val_t *op = vp_array_at (opinions, i);
        if (!strcmp (vp_map_str (op, VP_K_OFFICER), req->session.officer) && !vp_map_get (op, "answered_at"))
            asked = true;
    }
    web_buf_add (&req->out, "<section><h2>Xử lý</h2><div class=\"steps\">");
    if (drafting && mine) {
        s_form (req, id, "revise", "Sửa dự thảo", true,
                "<label for=\"revise-note\">Sửa gì</label><input id=\"revise-note\" name=\"note\" required>"
                "<label for=\"revise-summary\">Trích yếu mới</label><input id=\"revise-summary\" name=\"summary\">"
                "<label for=\"revise-receivers\">Nơi nhận mới (mỗi dòng một nơi)</label>"
                "<textarea id=\"revise-receivers\" name=\"receivers\" rows=\"2\"></textarea>"
                "<label for=\"revise-pdf\">Tệp PDF mới</label>"
                "<input id=\"revise-pdf\" name=\"pdf\" type=\"file\" accept=\"application/pdf\">");
        s_form (req, id, "consult", "Xin ý kiến", false,
                "<label for=\"consult-officers\">Cán bộ cho ý kiến (mã, cách nhau dấu phẩy)</label>"
                "<input id=\"consult-officers\" name=\"officers\" required>"
                "<label for=\"consult-days\">Hạn (số ngày làm việc)</label>"
                "<input id=\"consult-days\" name=\"days\" type=\"number\" min=\"1\" max=\"60\" value=\"3\" required>"
                "<label for=\"consult-question\">Nội dung xin ý kiến</label>"
                "<textarea id=\"consult-question\" name=\"question\" rows=\"2\"></textarea>");
        s_form (req, id, "submit", "Trình duyệt", false, "");
    }
    if (asked)
        s_form (req, id, "opinion", "Cho ý kiến", false,
                "<label for=\"opinion-answer\">Ý kiến</label><select id=\"opinion-answer\" name=\"answer\">"
                "<option value=\"agree\">Nhất trí</option><option value=\"disagree\">Không nhất trí</option>"
                "<option value=\"other\">Ý kiến khác</option></select>"
                "<label for=\"opinion-text\">Nội dung</label>"
                "<textarea id=\"opinion-text\" name=\"text\" rows=\"2\" required></textarea>");
    if (!strcmp (status, "approving")) {
        s_form (req, id, "approve", "Duyệt", false,
                "<label for=\"approve-note\">Ghi chú</label><input id=\"approve-note\" name=\"note\">");
    }
    if (!strcmp (status, "approving") || !strcmp (status, "signing"))
        s_form (req, id, "send_back", "Trả lại người soạn", false,
                "<label for=\"back-reason\">Lý do</label>"
                "<textarea id=\"back-reason\" name=\"reason\" rows=\"2\" required></textarea>");
    if (!strcmp (status, "signing"))
        s_form (req, id, "sign", "Ký số và phát hành", false,
                "<label for=\"sign-pin\">Mã PIN của token ký số</label>"
                "<input id=\"sign-pin\" name=\"pin\" type=\"password\" autocomplete=\"off\" required>");
    if (!strcmp (status, "issued") && s_may_recall (req, doc))
        s_form (req, id, "recall", "Thu hồi văn bản", false,
                "<label for=\"recall-reason\">Lý do thu hồi</label>"
                "<textarea id=\"recall-reason\" name=\"reason\" rows=\"2\" required></textarea>");
    web_buf_add (&req->out, "</div></section>");
}

void
web_page_outgoing (web_req_t *req, const char *id)
{
    web_t *web = req->web;
    vp_err_t err = { 0 };
    bool failed = false;
    if (strcmp (req->method, "POST") == 0) {
        vp_val_t *answer = NULL;
        int rc = s_step (req, id, &answer, &err);
        vp_val_destroy (&answer);
        if (rc == 0) {
            web_redirect (req, "/van-ban-di/%s", id);
            return;
        }
        failed = true;
    }
    vp_val_t *args = vp_val_map (), *doc = NULL;
    vp_map_put_str (args, VP_K_OUTGOING, id);
    vp_err_t gerr = { 0 };
    if (web_cmd_call (web, &req->session, "documents", "documents.outgoing.get", args, &doc, &gerr)) {
        if (gerr.code == VP_E_NOT_FOUND || gerr.code == VP_E_PERMISSION_DENIED || gerr.code == VP_E_INVALID_ARGUMENT)
            web_not_found (req);
        else {
            req->status = 503;
            web_page_begin (req, "Lỗi");
            web_error_box (req, &gerr);
            web_page_end (req);
        }
        return;
    }
    web_buf_t *o = &req->out;
    char title[160], a[32];
    snprintf (title, sizeof title, "Văn bản đi %s", vp_map_str (doc, VP_K_LABEL) ? vp_map_str (doc, VP_K_LABEL) : id);
    web_page_begin (req, title);
    web_buf_add (o, "<h1>");
    web_buf_esc (o, web_name (vp_doc_type_choices, vp_map_str (doc, VP_K_TYPE)));
    web_buf_add (o, " ");
    web_buf_esc (o, vp_map_str (doc, VP_K_LABEL) ? vp_map_str (doc, VP_K_LABEL) : id);
    web_buf_add (o, "</h1>");
    if (failed) {
        req->status = 400;
        web_error_box (req, &err);
    }
    web_buf_add (o, "<table class=\"fields\">");
    web_field_row (o, "Mã", id);
    web_field_row (o, "Cơ quan ban hành", web_name (s_bodies, vp_map_str (doc, VP_K_BODY)));
    web_field_row (o, "Trích yếu", vp_map_str (doc, VP_K_SUMMARY));
    web_field_row (o, "Người soạn", vp_map_str (doc, "drafter"));
    web_field_row (o, "Ngày soạn", web_date (web, vp_map_int (doc, "drafted_at", 0), true, a));
    web_field_row (o, "Trạng thái", web_name (s_statuses, vp_map_str (doc, VP_K_STATUS)));
    web_field_row (o, "Lý do thu hồi", vp_map_str (doc, "recall_reason"));
    web_field_row (o, "Thay thế văn bản", vp_map_str (doc, VP_K_REPLACES));
    web_field_row (o, "Được thay thế bởi", vp_map_str (doc, "replaced_by"));
    web_buf_add (o, "</table>");
    s_signature (req, doc);
    s_receivers_table (req, doc);

    web_buf_add (o, "<section id=\"phien-ban\"><h2>Các phiên bản</h2><table><thead><tr><th>Phiên bản</th>"
                    "<th>Người sửa</th><th>Thời gian</th><th>Trích yếu</th><th>Ghi chú</th><th>Cỡ tệp</th>"
                    "</tr></thead><tbody>");
    const vp_val_t *versions = vp_map_get (doc, "versions");
    for (size_t i = 0; i < vp_val_len (versions); i++) {
        const vp_val_t *v = vp_array_at (versions, i);
        char at[32];
        web_buf_add (o, "<tr><td class=\"num\">%lld</td>", (long long) vp_map_int (v, VP_K_VERSION, 0));
        web_cell (o, vp_map_str (v, VP_K_ACTOR));
        web_cell (o, web_date (web, vp_map_int (v, VP_K_AT, 0), true, at));
        web_cell (o, vp_map_str (v, VP_K_SUMMARY));
        web_cell (o, vp_map_str (v, VP_K_NOTE));
        web_buf_add (o, "<td class=\"num\">%lld KB</td></tr>", (long long) (vp_map_int (v, VP_K_SIZE, 0) + 1023) / 1024);
    }
    web_buf_add (o, "</tbody></table></section>");

    const vp_val_t *opinions = vp_map_get (doc, "opinions");
    if (vp_val_len (opinions)) {
        web_buf_add (o, "<section id=\"y-kien\"><h2>Ý kiến</h2><table><thead><tr><th>Cán bộ</th><th>Hạn</th>"
                        "<th>Ý kiến</th><th>Nội dung</th><th>Lúc</th></tr></thead><tbody>");
        for (size_t i = 0; i < vp_val_len (opinions); i++) {
            const vp_val_t *op = vp_array_at (opinions, i);
            char dl[32], at[32];
            web_buf_add (o, "<tr>");
            web_cell (o, vp_map_str (op, VP_K_OFFICER));
            web_cell (o, web_date (web, vp_map_int (op, VP_K_DEADLINE, 0), false, dl));
            web_cell (o, vp_map_str (op, VP_K_ANSWER) ? web_name (s_answers, vp_map_str (op, VP_K_ANSWER)) : "Chưa cho ý kiến");
            web_cell (o, vp_map_str (op, VP_K_TEXT));
            web_cell (o, vp_map_get (op, "answered_at") ? web_date (web, vp_map_int (op, "answered_at", 0), true, at) : "");
            web_buf_add (o, "</tr>");
        }
        web_buf_add (o, "</tbody></table></section>");
    }
    s_steps (req, id, doc);

    web_buf_add (o, "<section id=\"qua-trinh\"><h2>Quá trình</h2><table class=\"trail\"><thead><tr>"
                    "<th>Thời gian</th><th>Người</th><th>Việc</th><th>Chi tiết</th></tr></thead><tbody>");
    const vp_val_t *history = vp_map_get (doc, "history");
    for (size_t i = 0; i < vp_val_len (history); i++) {
        const vp_val_t *h = vp_array_at (history, i);
        char at[32];
        web_buf_add (o, "<tr><td>%s</td>", web_date (web, vp_map_int (h, VP_K_AT, 0), true, at));
        web_cell (o, vp_map_str (h, VP_K_ACTOR));
        web_cell (o, web_name (s_trail_steps, vp_map_str (h, "step")));
        web_cell (o, vp_map_str (h, VP_K_DETAIL));
        web_buf_add (o, "</tr>");
    }
    web_buf_add (o, "</tbody></table></section>");
    vp_val_destroy (&doc);
    web_page_end (req);
}

//  ----------------------------------------------------------- the register

void
web_page_outgoing_book (web_req_t *req)
{
    web_t *web = req->web;
    web_buf_t *o = &req->out;
    const char *year = web_query (req, "nam");
    vp_tm_t now;
    vp_time_local (vp_clock_now (), web->zone, &now);
    int y = year && atoi (year) > 0 && atoi (year) <= 9999 ? atoi (year) : now.year;
    web_page_begin (req, "Sổ đăng ký văn bản đi");
    web_buf_add (o, "<div class=\"noprint\"><form method=\"get\" action=\"/so-di\" class=\"form search\">"
                    "<label for=\"nam\">Năm</label><input id=\"nam\" name=\"nam\" type=\"number\" value=\"%d\">"
                    "<button type=\"submit\">Xem</button></form></div>", y);
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_int (args, VP_K_YEAR, y);
    vp_err_t err = { 0 };
    if (web_cmd_call (web, &req->session, "documents", "documents.outgoing.register_book", args, &result, &err))
        web_error_box (req, &err);
    else {
        web_buf_add (o, "<article class=\"print book-print\"><h1>SỔ ĐĂNG KÝ VĂN BẢN ĐI</h1><p class=\"center\">Năm %d</p>"
                        "<table class=\"register\" id=\"so-di\"><thead><tr>", y);
        const vp_val_t *cols = vp_map_get (result, "columns");
        for (size_t i = 0; i < vp_val_len (cols); i++) {
            web_buf_add (o, "<th>");
            web_buf_esc (o, vp_val_get_str (vp_array_at (cols, i)));
            web_buf_add (o, "</th>");
        }
        web_buf_add (o, "</tr></thead><tbody>");
        const vp_val_t *rows = vp_map_get (result, "rows");
        for (size_t i = 0; i < vp_val_len (rows); i++) {
            const vp_val_t *r = vp_array_at (rows, i);
            web_buf_add (o, "<tr>");
            for (size_t j = 0; j < vp_val_len (r); j++)
                web_cell (o, vp_val_get_str (vp_array_at (r, j)));
            web_buf_add (o, "</tr>");
        }
        if (!vp_val_len (rows))
            web_buf_add (o, "<tr><td colspan=\"%zu\">Chưa có văn bản đi trong năm %d.</td></tr>", vp_val_len (cols), y);
        web_buf_add (o, "</tbody></table></article>");
    }
    vp_val_destroy (&result);
    web_page_end (req);
}
