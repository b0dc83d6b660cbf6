/*  web_form - a form that is one command: drawn, read, sent, refused.

    A set-up page describes each of its forms once (web_action_t: the
    command, and each input's name, Vietnamese label and kind); this file
    draws it (keeping what was typed when the same form comes back
    refused), turns the posted fields into the command's arguments (dates
    typed dd/mm/yyyy in the commune's zone, lists by commas, yes/no
    boxes), calls the service, and shows a refusal in Vietnamese naming
    the field by its label and the value typed. The services decide; the
    words of their refusals (English for the programs that read them) are
    put into Vietnamese here, with their own text kept as the detail.
*/
#include "web.h"
#include <ctype.h>

//  ------------------------------------------------------------- drawing

//  The form came back refused: what was typed is shown again.
static bool
s_posted (web_req_t *req, const web_action_t *a)
{
    return strcmp (req->method, "POST") == 0 && strcmp (web_form (req, "action"), a->action) == 0;
}

void
web_input (web_req_t *req, const char *id, const web_input_t *in, const char *value)
{
    web_buf_t *o = &req->out;
    if (in->kind == WEB_IN_BOOL) {
        web_buf_add (o, "<label class=\"check\"><input type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"1\"%s> %s</label>",
                     id, in->name, *value ? " checked" : "", in->label);
        return;
    }
    web_buf_add (o, "<label for=\"%s\">%s%s</label>", id, in->label, in->required ? " *" : "");
    if (in->kind == WEB_IN_SELECT) {
        web_buf_add (o, "<select id=\"%s\" name=\"%s\">", id, in->name);
        if (!in->required)
            web_buf_add (o, "<option value=\"\">(không chọn)</option>");
        for (int i = 0; in->options[i][0]; i++)
            web_buf_add (o, "<option value=\"%s\"%s>%s</option>", in->options[i][0],
                         strcmp (value, in->options[i][0]) ? "" : " selected", in->options[i][1]);
        web_buf_add (o, "</select>");
        return;
    }
    if (in->kind == WEB_IN_TEXTAREA) {
        web_buf_add (o, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\"%s>", id, in->name, in->rows ? in->rows : 4,
                     in->required ? " required" : "");
        web_buf_esc (o, value);
        web_buf_add (o, "</textarea>");
        return;
    }
    bool secret = in->kind == WEB_IN_PASSWORD || in->kind == WEB_IN_CONFIRM;
    const char *type = secret ? "password" : in->kind == WEB_IN_UINT ? "number" : "text";
    web_buf_add (o, "<input id=\"%s\" name=\"%s\" type=\"%s\"%s", id, in->name, type, in->required ? " required" : "");
    if (in->list)
        web_buf_add (o, " list=\"%s\"", in->list);
    if (secret)
        web_buf_add (o, " autocomplete=\"new-password\"");
    if (in->hint || in->kind == WEB_IN_DATE || in->kind == WEB_IN_DATETIME) {
        web_buf_add (o, " placeholder=\"");
        web_buf_esc (o, in->hint ? in->hint : in->kind == WEB_IN_DATE ? "dd/mm/yyyy" : "dd/mm/yyyy hh:mm");
        web_buf_add (o, "\"");
    }
    if (!secret) {                          //  a password is never sent back
        web_buf_add (o, " value=\"");
        web_buf_esc (o, value);
        web_buf_add (o, "\"");
    }
    web_buf_add (o, ">");
}

void
web_action_form_with (web_req_t *req, const char *path, const web_action_t *a, const vp_val_t *values)
{
    web_buf_t *o = &req->out;
    bool keep = s_posted (req, a);
    web_buf_add (o, "<form method=\"post\" action=\"%s\" class=\"form\" id=\"form-%s\"><fieldset><legend>%s</legend>",
                 path, a->action, a->legend);
    web_csrf_field (req);
    web_buf_add (o, "<input type=\"hidden\" name=\"action\" value=\"%s\">", a->action);
    for (const web_input_t *in = a->inputs; in->name; in++) {
        char id[128];
        snprintf (id, sizeof id, "%s-%s", a->action, in->name);
        const char *shown = values && vp_map_str (values, in->name) ? vp_map_str (values, in->name) : "";
        web_input (req, id, in, keep ? web_form (req, in->name) : shown);
    }
    web_buf_add (o, "<button type=\"submit\">%s</button></fieldset></form>", a->button ? a->button : a->legend);
}

void
web_action_form (web_req_t *req, const char *path, const web_action_t *a)
{
    web_action_form_with (req, path, a, NULL);
}

void
web_datalist (web_req_t *req, const char *id, const vp_val_t *rows, const char *key, const char *label)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<datalist id=\"%s\">", id);
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        web_buf_add (o, "<option value=\"");
        web_buf_esc (o, vp_map_str (r, key));
        web_buf_add (o, "\">");
        web_buf_esc (o, vp_map_str (r, label));
        web_buf_add (o, "</option>");
    }
    web_buf_add (o, "</datalist>");
}

//  ------------------------------------------------------------- reading

static int
s_uint (const char *text, const web_input_t *in, int64_t *out, vp_err_t *err)
{
    const char *p = text;
    while (*p && isdigit ((unsigned char) *p))
        p++;
    if (*p || p == text || p - text > 12)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, in->name, "«%s» phải là một số nguyên không âm, không phải \"%s\".",
                           in->label, text);
    *out = strtoll (text, NULL, 10);
    return 0;
}

//  The command's arguments from the posted fields; NULL with err.
static vp_val_t *
s_args (web_req_t *req, const web_action_t *a, vp_err_t *err)
{
    vp_val_t *args = vp_val_map ();
    for (const web_input_t *in = a->inputs; in->name; in++) {
        const char *text = web_form (req, in->name);
        if (in->kind == WEB_IN_BOOL) {
            if (*text)
                vp_map_put_bool (args, in->name, true);
            continue;
        }
        if (in->kind == WEB_IN_CONFIRM)
            continue;
        //  Blanks around what was typed are not part of it (a password's are).
        char trimmed[4096];
        if (in->kind != WEB_IN_PASSWORD) {
            while (isspace ((unsigned char) *text))
                text++;
            size_t n = strlen (text);
            while (n && isspace ((unsigned char) text[n - 1]))
                n--;
            snprintf (trimmed, sizeof trimmed, "%.*s", (int) n, text);
            text = trimmed;
        }
        if (!*text) {
            if (in->required) {
                vp_err_set (err, VP_E_INVALID_ARGUMENT, in->name, "Cần nhập «%s».", in->label);
                goto fail;
            }
            if (!in->empty)
                continue;
        }
        int64_t n = 0;
        switch (in->kind) {
            case WEB_IN_DATE:
            case WEB_IN_DATETIME:
                if (vp_time_parse (text, req->web->zone, in->name, &n, NULL)) {
                    vp_err_set (err, VP_E_INVALID_ARGUMENT, in->name,
                                "«%s» \"%s\" không phải ngày giờ: viết theo dạng %s.", in->label, text,
                                in->kind == WEB_IN_DATE ? "27/11/2026" : "27/11/2026 14:00 (hoặc 27/11/2026)");
                    goto fail;
                }
                vp_map_put_int (args, in->name, n);
                break;
            case WEB_IN_UINT:
                if (s_uint (text, in, &n, err))
                    goto fail;
                vp_map_put_int (args, in->name, n);
                break;
            case WEB_IN_LIST: {
                vp_val_t *items = vp_val_array ();
                for (const char *p = text; *p; ) {
                    p += strspn (p, " ,;\t\r\n");
                    size_t len = strcspn (p, " ,;\t\r\n");
                    if (len)
                        vp_array_push (items, vp_val_strn (p, len));
                    p += len;
                }
                vp_map_put (args, in->name, items);
                break;
            }
            default:
                vp_map_put_str (args, in->name, text);
        }
    }
    return args;
fail:
    vp_val_destroy (&args);
    return NULL;
}

const web_action_t *
web_action_posted (web_req_t *req, const web_action_t *actions)
{
    if (strcmp (req->method, "POST") != 0)
        return NULL;
    for (const web_action_t *a = actions; a->action; a++)
        if (strcmp (web_form (req, "action"), a->action) == 0)
            return a;
    return NULL;
}

vp_val_t *
web_action_args (web_req_t *req, const web_action_t *a, vp_err_t *err)
{
    if (a->check && a->check (req, err))
        return NULL;
    return s_args (req, a, err);
}

int
web_action_run (web_req_t *req, const web_action_t *a, vp_val_t **result, vp_err_t *err)
{
    *result = NULL;
    if (a->check && a->check (req, err))
        return -1;
    vp_val_t *args = s_args (req, a, err);
    if (!args)
        return -1;
    return web_cmd_call (req->web, &req->session, a->service, a->cmd, args, result, err);
}

//  ------------------------------------------------------------- refusals

//  The input a refusal's field names ("data.to", "fields[2]": its name).
static const web_input_t *
s_input_of (const web_action_t *a, const char *field)
{
    char name[96];
    const char *dot = strrchr (field, '.');
    snprintf (name, sizeof name, "%s", dot ? dot + 1 : field);
    name[strcspn (name, "[")] = 0;
    for (const web_input_t *in = a->inputs; in->name; in++)
        if (strcmp (in->name, name) == 0)
            return in;
    return NULL;
}

//  True when the service's message is Vietnamese already: letters past
//  ASCII outside the quoted values it names ("Trần Mới" in an English
//  sentence is still English).
static bool
s_vietnamese (const char *s)
{
    bool quoted = false;
    for (; *s; s++)
        if (*s == '"')
            quoted = !quoted;
        else
        if (!quoted && (unsigned char) *s >= 0x80)
            return true;
    return false;
}

//  What the service's words mean, in Vietnamese: the first pattern found
//  in its message, else the meaning of its code.
static const char *
s_reason (const vp_err_t *err)
{
    static const char *const patterns[][2] = {
        { "is required", "cần nhập" },
        { "must be a non-empty id", "chỉ gồm chữ thường không dấu a-z, chữ số 0-9 và các dấu - . _ (ví dụ: ls-nguyen-van-a)" },
        { "already exists in another tenant", "đã có ở một xã khác (mã là duy nhất trong huyện)" },
        { "already exists", "đã có" },
        { "already a holiday", "đã là ngày nghỉ" },
        { "already closed", "đã thôi tồn tại" },
        { "does not exist", "không có trong xã" },
        { "is not one of the allowed values", "không phải một lựa chọn hợp lệ" },
        { "must have at most", "dài quá mức cho phép" },
        { "must have at least", "ngắn quá" },
        { "is not an e-mail address", "không phải địa chỉ thư điện tử" },
        { "may hold only digits", "chỉ gồm chữ số, dấu cách và + - . ( )" },
        { "too few digits", "có quá ít chữ số" },
        { "is the officer on leave", "là chính người nghỉ phép: chọn người khác" },
        { "is on leave", "đang nghỉ phép trong khoảng thời gian đó" },
        { "would loop", "tạo thành vòng ủy quyền" },
        { "not active", "không còn công tác" },
        { "is not after", "phải sau thời điểm bắt đầu" },
        { "is not between", "phải nằm trong thời gian nghỉ phép" },
        { "is not a time vanphong takes", "nằm ngoài khoảng thời gian hệ thống nhận" },
        { "no letter or digit", "cần có chữ hoặc số" },
        { "has no {type}", "cần có {type} khi đánh số theo từng loại văn bản" },
        { "{n}", "cần có {n} (số thứ tự) đúng một lần" },
        { "the placeholders are", "chỉ dùng được {n}, {type} và {body}" },
        { "is before", "sớm hơn ngày bắt đầu" },
        { "is closed from", "đã thôi từ ngày đó" },
        { "delegate of leave", "đang được ủy quyền trong một kỳ nghỉ phép: chỉ định người khác trước" },
        { "already holds", "đang giữ chức danh này" },
        { "changes nothing", "không có gì thay đổi: nhập ít nhất một thông tin mới" },
        { NULL, NULL }
    };
    for (int i = 0; patterns[i][0]; i++)
        if (strstr (err->message, patterns[i][0]))
            return patterns[i][1];
    switch (err->code) {
        case VP_E_NOT_FOUND:            return "không tìm thấy";
        case VP_E_ALREADY_EXISTS:       return "đã có";
        case VP_E_FAILED_PRECONDITION:  return "không thực hiện được lúc này";
        case VP_E_PERMISSION_DENIED:    return "không được phép";
        case VP_E_UNAVAILABLE:          return "dịch vụ tạm thời không trả lời, thử lại sau";
        default:                        return "không hợp lệ";
    }
}

void
web_action_error (web_req_t *req, const web_action_t *a, const vp_err_t *err)
{
    web_buf_t *o = &req->out;
    req->status = err->code == VP_E_PERMISSION_DENIED ? 403 : err->code == VP_E_UNAVAILABLE ? 503 : 400;
    web_buf_add (o, "<p class=\"error\" role=\"alert\">");
    if (err->code == VP_E_PERMISSION_DENIED)
        web_buf_add (o, "Không được phép: chỉ Tổ trưởng Văn phòng (hoặc người được ủy quyền) và quản trị viên "
                        "thiết lập được việc này.");
    else
    if (s_vietnamese (err->message))
        web_buf_esc (o, err->message);          //  the service spoke Vietnamese already
    else {
        const web_input_t *in = a ? s_input_of (a, err->field) : NULL;
        if (in) {
            web_buf_add (o, "«%s»", in->label);
            const char *typed = web_form (req, in->name);
            if (*typed && in->kind != WEB_IN_PASSWORD && in->kind != WEB_IN_CONFIRM) {
                web_buf_add (o, " &quot;");
                web_buf_esc (o, typed);
                web_buf_add (o, "&quot;");
            }
            web_buf_add (o, " ");
        }
        //  A field the form has no input for (args, actor) is the detail's.
        const char *reason = s_reason (err);
        if (!in) {
            char first[8];
            size_t n = vp_utf8_prefix (reason, strlen (reason), 1);
            snprintf (first, sizeof first, "%.*s", (int) n, reason);
            first[0] = (char) toupper ((unsigned char) first[0]);
            web_buf_esc (o, first);
            reason += n;
        }
        web_buf_esc (o, reason);
        web_buf_add (o, ".");
    }
    if (!s_vietnamese (err->message) && *err->message) {
        web_buf_add (o, " <span class=\"detail\">(");
        web_buf_esc (o, err->message);
        web_buf_add (o, ")</span>");
    }
    web_buf_add (o, "</p>");
}

const vp_val_t *
web_row_find (const vp_val_t *rows, const char *key, const char *value)
{
    for (size_t i = 0; value && i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        const char *v = vp_map_str (r, key);
        if (v && strcmp (v, value) == 0)
            return r;
    }
    return NULL;
}
