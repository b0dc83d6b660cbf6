/*  web_admin - the set-up pages (/quan-tri/...): who may see them, their
    menu, and the frame every one of them shares.

    The pages are for the office head (Tổ trưởng Văn phòng), or whoever
    acts for the head now (the delegate while the head is on leave): the
    one the services let set up a commune (vp_access: set-up). Others get
    a refusal in Vietnamese; the check here only spares them forms that
    would be refused, as vp-staffing, vp-documents and vp-notify decide
    every command again.
*/
#include "web.h"
#include "vp/vp_fields.h"

static const web_admin_page_t s_pages[] = {
    { "/can-bo", "Cán bộ", web_page_admin_officers },
    { "/chuc-danh", "Chức danh", web_page_admin_posts },
    { "/bo-nhiem", "Bổ nhiệm", web_page_admin_appointments },
    { "/nghi-phep", "Nghỉ phép và ủy quyền", web_page_admin_leave },
    { "/mat-khau", "Mật khẩu", web_page_admin_passwords },
    { "/phan-luong", "Phân luồng văn bản", web_page_admin_routes },
    { "/so-van-ban", "Số văn bản", web_page_admin_series },
    { "/ngay-nghi", "Ngày nghỉ lễ", web_page_admin_holidays },
    { "/mau-thong-bao", "Mẫu thông báo", web_page_admin_templates },
    { NULL }
};

bool
web_heads_office (web_req_t *req)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "staffing", "staffing.post.list", vp_val_map (), &result, &err))
        return false;
    bool yes = false;
    const vp_val_t *posts = vp_map_get (result, VP_K_POSTS);
    for (size_t i = 0; !yes && i < vp_val_len (posts); i++) {
        const vp_val_t *p = vp_array_at (posts, i);
        if (!vp_map_bool (p, VP_K_HEADS_OFFICE, false))
            continue;
        //  The holder heads the office on leave too; the delegate acts for him.
        if (web_row_find (vp_map_get (p, "holders"), "officer", req->session.officer))
            yes = true;
        else {
            vp_val_t *args = vp_val_map (), *who = NULL;
            vp_map_put_str (args, VP_K_POST, vp_map_str (p, VP_K_POST));
            if (web_cmd_call (req->web, &req->session, "staffing", "staffing.whois", args, &who, &err) == 0)
                yes = vp_map_str (who, VP_K_OFFICER) && !strcmp (vp_map_str (who, VP_K_OFFICER), req->session.officer);
            vp_val_destroy (&who);
        }
    }
    vp_val_destroy (&result);
    return yes;
}

static void
s_menu (web_req_t *req, const char *path)
{
    web_buf_add (&req->out, "<nav class=\"admin\" aria-label=\"Quản trị\"><a href=\"/quan-tri\">Quản trị</a>");
    for (const web_admin_page_t *p = s_pages; p->path; p++)
        web_buf_add (&req->out, " <a href=\"/quan-tri%s\"%s>%s</a>", p->path,
                     path && !strcmp (path + strlen ("/quan-tri"), p->path) ? " aria-current=\"page\"" : "", p->title);
    web_buf_add (&req->out, "</nav>");
}

static void
s_refuse (web_req_t *req, const char *title)
{
    req->status = 403;
    web_page_begin (req, title);
    web_buf_add (&req->out, "<h1>%s</h1><p class=\"error\" role=\"alert\">Trang này dành cho Tổ trưởng Văn phòng "
                            "(hoặc người được ủy quyền khi Tổ trưởng nghỉ phép) và quản trị viên. Bạn không có quyền "
                            "thiết lập cán bộ, chức danh, phân luồng hay số văn bản của xã.</p>"
                            "<p><a href=\"/can-bo\">Xem danh bạ cán bộ</a></p>", title);
    web_page_end (req);
}

bool
web_admin_begin (web_req_t *req, const char *path, const char *title, const web_action_t *actions)
{
    if (!web_heads_office (req)) {
        s_refuse (req, title);
        return false;
    }
    const web_action_t *posted = actions ? web_action_posted (req, actions) : NULL;
    vp_err_t err = { 0 };
    bool failed = false;
    if (posted) {
        vp_val_t *result = NULL;
        failed = web_action_run (req, posted, &result, &err) != 0;
        vp_val_destroy (&result);
        if (!failed) {
            web_redirect (req, "%s?xong=%s", path, posted->action);
            return false;
        }
    }
    else
    if (strcmp (req->method, "POST") == 0) {
        failed = true;
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "action", "Không có thao tác \"%s\" trên trang này.",
                    web_form (req, "action"));
    }
    web_page_begin (req, title);
    s_menu (req, path);
    web_buf_add (&req->out, "<h1>%s</h1>", title);
    if (failed) {
        web_action_error (req, posted, &err);
        //  The form, below the list, still holds what was typed.
        if (posted)
            web_buf_add (&req->out, "<p><a href=\"#form-%s\">Sửa lại trong biểu mẫu «%s»</a></p>", posted->action,
                         posted->legend);
    }
    const char *done = web_query (req, "xong");
    for (const web_action_t *a = actions; done && a && a->action; a++)
        if (!strcmp (a->action, done))
            web_buf_add (&req->out, "<p class=\"ok\" role=\"status\">Đã lưu: %s.</p>", a->legend);
    return true;
}

vp_val_t *
web_admin_call (web_req_t *req, const char *service, const char *cmd, vp_val_t *args)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, service, cmd, args ? args : vp_val_map (), &result, &err)) {
        web_action_error (req, NULL, &err);
        req->status = 0;            //  the page itself is shown
        return NULL;
    }
    return result;
}

static void
s_index (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Quản trị", NULL))
        return;
    web_buf_add (&req->out, "<p>Thiết lập của xã: cán bộ, chức danh, bổ nhiệm, nghỉ phép và ủy quyền, mật khẩu, "
                            "phân luồng văn bản đến, số văn bản đi, ngày nghỉ lễ và mẫu thông báo.</p><ul class=\"links\">");
    for (const web_admin_page_t *p = s_pages; p->path; p++)
        web_buf_add (&req->out, "<li><a href=\"/quan-tri%s\">%s</a></li>", p->path, p->title);
    web_buf_add (&req->out, "</ul>");
    web_page_end (req);
}

void
web_page_admin (web_req_t *req, const char *rest)
{
    char path[96];
    snprintf (path, sizeof path, "/quan-tri%s", rest);
    if (!*rest || !strcmp (rest, "/")) {
        s_index (req, "/quan-tri");
        return;
    }
    for (const web_admin_page_t *p = s_pages; p->path; p++)
        if (!strcmp (rest, p->path)) {
            p->page (req, path);
            return;
        }
    web_not_found (req);
}
