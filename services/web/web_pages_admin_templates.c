/*  web_pages_admin_templates - Mẫu thông báo (/quan-tri/mau-thong-bao):
    the messages vp-notify sends for each kind of event, as the commune's
    office head words them (notify.template.list, .set; reset goes back to
    the built-in text). Placeholders {name} and sections {?name}...{/} are
    vp-notify's; the page lists the ones each message may use.
*/
#include "web.h"
#include "vp/vp_fields.h"
#include "vp/vp_vocab.h"

static const web_input_t s_template_set[] = {
    { "type", "Thông báo", WEB_IN_SELECT, true, NULL, NULL, vp_ntf_template_choices },
    { "subject", "Tiêu đề", WEB_IN_TEXT },
    { "text", "Nội dung", WEB_IN_TEXTAREA },
    { "reset", "Trở về mẫu có sẵn", WEB_IN_BOOL },
    { NULL }
};
static const web_action_t s_actions[] = {
    { "sua-mau", "Sửa mẫu thông báo", "notify", "notify.template.set", s_template_set, "Lưu mẫu" },
    { NULL }
};

void
web_page_admin_templates (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Mẫu thông báo", s_actions))
        return;
    web_buf_t *o = &req->out;
    vp_val_t *list = web_admin_call (req, "notify", "notify.template.list", NULL);
    const vp_val_t *rows = vp_map_get (list, "templates");
    web_buf_add (o, "<table id=\"danh-sach-mau\"><thead><tr><th>Thông báo</th><th>Tiêu đề</th><th>Nội dung</th>"
                    "<th>Dùng được</th><th>Nguồn</th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        web_buf_add (o, "<tr><td>");
        web_buf_esc (o, web_name (vp_ntf_template_choices, vp_map_str (r, VP_K_TYPE)));
        web_buf_add (o, "</td><td>");
        web_buf_esc (o, vp_map_str (r, VP_K_SUBJECT));
        web_buf_add (o, "</td><td class=\"pre\">");
        web_buf_esc (o, vp_map_str (r, VP_K_TEXT));
        web_buf_add (o, "</td><td>");
        const vp_val_t *names = vp_map_get (r, "placeholders");
        for (size_t j = 0; j < vp_val_len (names); j++) {
            web_buf_add (o, "%s{", j ? " " : "");
            web_buf_esc (o, vp_val_get_str (vp_array_at (names, j)));
            web_buf_add (o, "}");
        }
        web_buf_add (o, "</td><td>%s <a href=\"%s?sua=", vp_map_bool (r, "builtin", true) ? "Có sẵn" : "Của xã", path);
        web_buf_esc (o, vp_map_str (r, VP_K_TYPE));
        web_buf_add (o, "#form-sua-mau\">Sửa</a></td></tr>");
    }
    web_buf_add (o, "</tbody></table><div class=\"forms\">");
    //  "Sửa" on a row: the form starts from that message as it is now.
    web_action_form_with (req, path, &s_actions[0], web_row_find (rows, "type", web_query (req, "sua")));
    web_buf_add (o, "</div>");
    vp_val_destroy (&list);
    web_page_end (req);
}
