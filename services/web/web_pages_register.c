/*  web_pages_register - Vào sổ văn bản đến (/vao-so), for the clerk.

    Decree 30's fields of documents.register; a Giấy mời's meeting; the
    scanned files (PDF, PNG or JPEG, checked by their first bytes, up to
    50 MB each: one of at most 900 KB goes with documents.register, a
    larger one after it in 192 KB chunks of documents.attachment.put,
    named by its SHA-256). A duplicate links
    to the first registration; a saved one shows its arrival number and
    where it was routed.
*/
#include "web.h"
#include "vp/vp_fields.h"

#define S_INLINE_MAX 900000
#define S_FILE_MAX (50 * 1024 * 1024)
#define S_CHUNK (192 * 1024)


//  A field of the form, showing what was typed when it comes back (web_input).
static void
s_input (web_req_t *req, const char *name, const char *label, const char *type, bool required, const char *hint)
{
    web_input_t in = { .name = name, .label = label, .required = required, .hint = hint,
                       .kind = strcmp (type, "number") ? WEB_IN_TEXT : WEB_IN_UINT };
    web_input (req, name, &in, web_form (req, name));
}

static void
s_select (web_req_t *req, const char *name, const char *label, const char *const opts[][2])
{
    web_input_t in = { .name = name, .label = label, .kind = WEB_IN_SELECT, .required = true, .options = opts };
    web_input (req, name, &in, web_form (req, name));
}

static void
s_textarea (web_req_t *req, const char *name, const char *label, bool required, int rows)
{
    web_input_t in = { .name = name, .label = label, .kind = WEB_IN_TEXTAREA, .required = required, .rows = rows };
    web_input (req, name, &in, web_form (req, name));
}

static void
s_form (web_req_t *req)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<form method=\"post\" action=\"/vao-so\" enctype=\"multipart/form-data\" class=\"form\">");
    web_csrf_field (req);
    s_input (req, "issuer", "Cơ quan ban hành", "text", true, NULL);
    s_input (req, "number", "Số, ký hiệu", "text", true, "07-ĐA/HU");
    s_input (req, "doc_date", "Ngày văn bản (dd/mm/yyyy)", "text", true, "dd/mm/yyyy");
    s_select (req, "type", "Loại văn bản", vp_doc_type_choices);
    s_textarea (req, "summary", "Trích yếu nội dung", true, 3);
    s_select (req, "urgency", "Độ khẩn", vp_urgency_choices);
    s_select (req, "secrecy", "Độ mật", vp_secrecy_choices);
    s_input (req, "receiving_body", "Nơi nhận (mã cơ quan)", "text", false, NULL);
    s_input (req, "field", "Lĩnh vực (mã)", "text", false, NULL);
    s_input (req, "signer", "Người ký", "text", false, NULL);
    s_input (req, "pages", "Số trang (để trống: đếm từ các tệp)", "number", false, NULL);
    s_input (req, "deadline_days", "Hạn xử lý (ngày làm việc)", "number", false, NULL);
    s_textarea (req, "note", "Ghi chú", false, 2);
    web_buf_add (o, "<fieldset><legend>Cuộc họp (Giấy mời)</legend>");
    s_input (req, "meeting_start", "Bắt đầu (dd/mm/yyyy hh:mm)", "text", false, "dd/mm/yyyy hh:mm");
    s_input (req, "meeting_end", "Kết thúc (dd/mm/yyyy hh:mm)", "text", false, "dd/mm/yyyy hh:mm");
    s_input (req, "meeting_place", "Địa điểm", "text", false, NULL);
    s_input (req, "invited_posts", "Chức danh được mời (mã, cách nhau bởi dấu phẩy)", "text", false, NULL);
    web_buf_add (o, "</fieldset><label for=\"files\">Tệp đính kèm (PDF, PNG, JPEG; mỗi tệp tối đa 50 MB)</label>"
                    "<input id=\"files\" name=\"files\" type=\"file\" multiple accept=\"application/pdf,image/png,image/jpeg\">"
                    "<button type=\"submit\">Vào sổ</button></form>");
}

static bool
s_magic_ok (const web_field_t *f)
{
    const unsigned char *b = (const unsigned char *) f->value;
    if (f->size >= 5 && memcmp (b, "%PDF-", 5) == 0) return true;
    if (f->size >= 8 && memcmp (b, "\x89PNG\r\n\x1a\n", 8) == 0) return true;
    if (f->size >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return true;
    return false;
}

static void
s_opt (vp_val_t *args, web_req_t *req, const char *name)
{
    const char *v = web_form (req, name);
    if (*v)
        vp_map_put_str (args, name, v);
}

//  The request, or NULL with err naming the field.
static vp_val_t *
s_args (web_req_t *req, vp_err_t *err)
{
    web_t *web = req->web;
    vp_val_t *args = vp_val_map ();
    s_opt (args, req, "issuer");
    s_opt (args, req, "number");
    s_opt (args, req, "type");
    s_opt (args, req, "summary");
    s_opt (args, req, "urgency");
    s_opt (args, req, "secrecy");
    s_opt (args, req, "receiving_body");
    s_opt (args, req, "field");
    int64_t ms = 0;
    if (vp_time_parse (web_form (req, "doc_date"), web->zone, "doc_date", &ms, err))
        goto fail;
    vp_map_put_int (args, VP_K_DOC_DATE, ms);
    const char *days = web_form (req, "deadline_days");
    if (*days)
        vp_map_put_int (args, VP_K_DEADLINE_DAYS, atoll (days));
    //  Số trang: the document's; left empty, vp-documents sums its files' pages
    const char *pages = web_form (req, "pages");
    if (*pages) {
        char *end = NULL;
        long long n = strtoll (pages, &end, 10);
        if (!end || *end || n < 1 || n > 100000 || strspn (pages, "0123456789") != strlen (pages)) {
            vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PAGES, "Số trang \"%.40s\" phải là một số nguyên dương.", pages);
            goto fail;
        }
        vp_map_put_int (args, VP_K_PAGES, n);
    }
    //  Người ký: kept in the note (the register has no field of its own for it)
    web_buf_t note = { 0 };
    web_buf_add (&note, "%s", web_form (req, "note"));
    if (*web_form (req, "signer"))
        web_buf_add (&note, "%sNgười ký: %s", note.len ? "; " : "", web_form (req, "signer"));
    if (note.len)
        vp_map_put_str (args, VP_K_NOTE, note.data);
    web_buf_free (&note);
    if (*web_form (req, "meeting_start") || strcmp (web_form (req, "type"), "giay-moi") == 0) {
        vp_val_t *m = vp_val_map ();
        vp_map_put (args, VP_K_MEETING, m);
        if (vp_time_parse (web_form (req, "meeting_start"), web->zone, "meeting.start", &ms, err))
            goto fail;
        vp_map_put_int (m, VP_K_START, ms);
        if (vp_time_parse (web_form (req, "meeting_end"), web->zone, "meeting.end", &ms, err))
            goto fail;
        vp_map_put_int (m, VP_K_END, ms);
        vp_map_put_str (m, VP_K_PLACE, web_form (req, "meeting_place"));
        vp_val_t *posts = vp_val_array ();
        char list[1024];
        snprintf (list, sizeof list, "%s", web_form (req, "invited_posts"));
        for (char *save = NULL, *p = strtok_r (list, ", ", &save); p; p = strtok_r (NULL, ", ", &save))
            vp_array_push (posts, vp_val_str (p));
        vp_map_put (m, VP_K_INVITED_POSTS, posts);
    }
    vp_val_t *files = vp_val_array ();
    vp_map_put (args, VP_K_ATTACHMENTS, files);
    for (int i = 0; i < req->nfields; i++) {
        const web_field_t *f = &req->fields[i];
        if (strcmp (f->name, "files") || !f->filename || !*f->filename || !f->size)
            continue;
        if (f->size > S_FILE_MAX) {
            vp_err_set (err, VP_E_INVALID_ARGUMENT, "files", "Tệp \"%s\" lớn hơn 50 MB.", f->filename);
            goto fail;
        }
        if (!s_magic_ok (f)) {
            vp_err_set (err, VP_E_INVALID_ARGUMENT, "files", "Tệp \"%s\" không phải PDF, PNG hay JPEG.", f->filename);
            goto fail;
        }
        if (f->size > S_INLINE_MAX)
            continue;           //  sent after the registration, in chunks
        vp_val_t *a = vp_val_map ();
        vp_map_put_str (a, VP_K_NAME, f->filename);
        vp_map_put (a, VP_K_CONTENT, vp_val_bin (f->value, f->size));
        vp_array_push (files, a);
    }
    return args;
fail:
    vp_val_destroy (&args);
    return NULL;
}

//  One chunk of a large file: documents.attachment.put's args.
typedef struct {
    const char *document;
    const web_field_t *file;
    char sha[VP_SHA256_HEX];
} s_upload_t;

static vp_val_t *
s_chunk_args (size_t i, void *arg)
{
    const s_upload_t *up = (const s_upload_t *) arg;
    size_t at = i * S_CHUNK;
    size_t n = up->file->size - at < S_CHUNK ? up->file->size - at : S_CHUNK;
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_DOCUMENT, up->document);
    vp_map_put_str (args, VP_K_NAME, up->file->filename);
    vp_map_put_str (args, VP_K_SHA256, up->sha);
    vp_map_put_int (args, VP_K_OFFSET, (int64_t) at);
    vp_map_put_int (args, VP_K_TOTAL, (int64_t) up->file->size);
    vp_map_put (args, VP_K_DATA, vp_val_bin (up->file->value + at, n));
    return args;
}

//  The large files, in chunks to the registered document (in order, the
//  next on its way before the last is answered); 0, or -1 with err.
static int
s_put_large (web_req_t *req, const char *document, vp_err_t *err)
{
    for (int i = 0; i < req->nfields; i++) {
        const web_field_t *f = &req->fields[i];
        if (strcmp (f->name, "files") || !f->filename || f->size <= S_INLINE_MAX)
            continue;
        s_upload_t up = { .document = document, .file = f };
        vp_sha256_hex (f->value, f->size, up.sha);
        size_t chunks = (f->size + S_CHUNK - 1) / S_CHUNK;
        if (web_cmd_call_each (req->web, &req->session, "documents", "documents.attachment.put", chunks,
                               s_chunk_args, &up, err)) {
            char why[400];
            snprintf (why, sizeof why, "%s", err->message);
            vp_err_set (err, err->code, "files", "Đã vào sổ nhưng chưa lưu được tệp \"%.200s\": %.180s", f->filename, why);
            return -1;
        }
    }
    return 0;
}

static void
s_duplicate_link (web_req_t *req, const vp_err_t *err)
{
    const char *at = strstr (err->message, "(document ");
    if (!at)
        return;
    char id[64];
    if (sscanf (at, "(document %63[^)])", id) != 1)
        return;
    web_buf_add (&req->out, "<p>Văn bản này đã vào sổ: <a href=\"/van-ban/");
    web_buf_esc (&req->out, id);
    web_buf_add (&req->out, "\">xem lần vào sổ đầu tiên</a>.</p>");
}

void
web_page_register (web_req_t *req)
{
    web_page_begin (req, "Vào sổ văn bản đến");
    web_buf_t *o = &req->out;
    web_buf_add (o, "<h1>Vào sổ văn bản đến</h1>");
    if (strcmp (req->method, "POST") == 0) {
        vp_err_t err = { 0 };
        vp_val_t *args = s_args (req, &err);
        vp_val_t *result = NULL;
        if (args && web_cmd_call (req->web, &req->session, "documents", "documents.register", args, &result, &err) == 0) {
            vp_err_t ferr = { 0 };
            if (s_put_large (req, vp_map_str (result, VP_K_DOCUMENT), &ferr))
                web_error_box (req, &ferr);
            web_buf_add (o, "<div class=\"ok\" role=\"status\"><p>Đã vào sổ: số đến <strong>%02lld/%lld</strong>, ",
                         (long long) vp_map_int (result, VP_K_ARRIVAL_NUMBER, 0), (long long) vp_map_int (result, VP_K_YEAR, 0));
            web_buf_esc (o, vp_map_str (result, "book_name"));
            web_buf_add (o, ".</p><p>");
            if (vp_map_str (result, "officer_name")) {
                web_buf_add (o, "Đã chuyển đến: ");
                web_buf_esc (o, vp_map_str (result, "officer_name"));
                if (vp_map_str (result, "post_title")) {
                    web_buf_add (o, " (");
                    web_buf_esc (o, vp_map_str (result, "post_title"));
                    web_buf_add (o, ")");
                }
            }
            else {
                web_buf_add (o, "Chưa giao cho ai: ");
                web_buf_esc (o, vp_map_str (result, "routing"));
            }
            web_buf_add (o, "</p><p><a href=\"/van-ban/");
            web_buf_esc (o, vp_map_str (result, VP_K_DOCUMENT));
            web_buf_add (o, "\">Mở văn bản</a> · <a href=\"/vao-so\">Vào sổ văn bản khác</a></p></div>");
            vp_val_destroy (&result);
            web_page_end (req);
            return;
        }
        req->status = 400;
        web_error_box (req, &err);
        if (err.code == VP_E_ALREADY_EXISTS)
            s_duplicate_link (req, &err);
    }
    s_form (req);
    web_page_end (req);
}
