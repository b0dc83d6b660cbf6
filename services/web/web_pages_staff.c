/*  web_pages_staff - Cán bộ (/can-bo): the directory of the commune, for
    every signed-in officer.

    Each body with its posts and who holds them now; an officer who holds
    two posts or more is marked kiêm nhiệm with the other titles; one on
    leave now shows until when, and who acts for him meanwhile (the
    delegate of staffing.leave.start), the delegate's own row saying whom
    he acts for. Names and titles, not ids. Made from
    staffing.body.list, staffing.post.list (holders) and staffing.officer.get
    of each holder (the leave now).
*/
#include "web.h"
#include "vp/vp_fields.h"

static const char *const s_kinds[] = { "party", "state", "front", "office", "mass", NULL };

//  The end of a leave as people say it: its `to` is the moment of coming
//  back, so a leave to 08/12 00:00 lasts "đến hết 07/12"; another hour is
//  said as it is.
static const char *
s_until (web_t *web, int64_t to, char out[48])
{
    char d[32];
    web_date (web, to, true, d);
    size_t n = strlen (d);
    if (n > 6 && !strcmp (d + n - 6, " 00:00"))
        snprintf (out, 48, "hết %s", web_date (web, to - 1, false, d));
    else
        snprintf (out, 48, "%s", d);
    return out;
}

//  The titles of the posts officer holds, but skip, "; " between.
static void
s_other_posts (web_buf_t *o, const vp_val_t *posts, const char *officer, const char *skip)
{
    bool first = true;
    for (size_t i = 0; i < vp_val_len (posts); i++) {
        const vp_val_t *p = vp_array_at (posts, i);
        if (!strcmp (vp_map_str (p, VP_K_POST), skip) || !web_row_find (vp_map_get (p, "holders"), "officer", officer))
            continue;
        web_buf_add (o, "%s", first ? "" : "; ");
        web_buf_esc (o, vp_map_str (p, VP_K_TITLE));
        first = false;
    }
}

static int
s_posts_held (const vp_val_t *posts, const char *officer)
{
    int n = 0;
    for (size_t i = 0; i < vp_val_len (posts); i++)
        n += web_row_find (vp_map_get (vp_array_at (posts, i), "holders"), "officer", officer) != NULL;
    return n;
}

//  Each holder's leave now: {officer: {leave, from, to, delegate}}.
static vp_val_t *
s_leaves (web_req_t *req, const vp_val_t *posts)
{
    vp_val_t *leaves = vp_val_map ();
    for (size_t i = 0; i < vp_val_len (posts); i++) {
        const vp_val_t *holders = vp_map_get (vp_array_at (posts, i), "holders");
        for (size_t j = 0; j < vp_val_len (holders); j++) {
            const char *officer = vp_map_str (vp_array_at (holders, j), VP_K_OFFICER);
            if (vp_map_get (leaves, officer))
                continue;
            vp_val_t *args = vp_val_map (), *got = NULL;
            vp_map_put_str (args, VP_K_OFFICER, officer);
            vp_err_t err = { 0 };
            vp_val_t *leave = NULL;
            if (web_cmd_call (req->web, &req->session, "staffing", "staffing.officer.get", args, &got, &err) == 0)
                leave = vp_map_take (got, VP_K_LEAVE);
            vp_map_put (leaves, officer, leave ? leave : vp_val_nil ());
            vp_val_destroy (&got);
        }
    }
    return leaves;
}

static void
s_leave_note (web_req_t *req, const vp_val_t *leave, const vp_val_t *officers)
{
    web_buf_t *o = &req->out;
    char to[48];
    web_buf_add (o, "<span class=\"leave\">Nghỉ phép đến %s", s_until (req->web, vp_map_int (leave, VP_K_TO, 0), to));
    const char *delegate = vp_map_str (leave, VP_K_DELEGATE);
    const vp_val_t *d = web_row_find (officers, "officer", delegate);
    web_buf_add (o, "; ủy quyền cho ");
    web_buf_esc (o, d ? vp_map_str (d, VP_K_FULL_NAME) : delegate);
    web_buf_add (o, " làm thay</span>");
}

//  Whom officer acts for now: the holders on leave who named him.
static void
s_acting_note (web_req_t *req, const vp_val_t *leaves, const char *officer, const vp_val_t *officers)
{
    for (size_t i = 0; i < vp_val_len (leaves); i++) {
        const vp_val_t *leave = vp_map_get (leaves, vp_map_key_at (leaves, i));
        if (vp_val_type (leave) != VP_MAP || strcmp (vp_map_str (leave, VP_K_DELEGATE), officer))
            continue;
        const vp_val_t *who = web_row_find (officers, "officer", vp_map_key_at (leaves, i));
        web_buf_add (&req->out, " <span class=\"leave\">Làm thay ");
        web_buf_esc (&req->out, who ? vp_map_str (who, VP_K_FULL_NAME) : vp_map_key_at (leaves, i));
        web_buf_add (&req->out, " (nghỉ phép)</span>");
    }
}

void
web_page_staff (web_req_t *req)
{
    web_buf_t *o = &req->out;
    web_page_begin (req, "Cán bộ");
    web_buf_add (o, "<h1>Cán bộ, công chức của xã</h1>");
    vp_val_t *bodies = NULL, *posts = NULL, *officers = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "staffing", "staffing.body.list", vp_val_map (), &bodies, &err)
    ||  web_cmd_call (req->web, &req->session, "staffing", "staffing.post.list", vp_val_map (), &posts, &err)
    ||  web_cmd_call (req->web, &req->session, "staffing", "staffing.officer.list", vp_val_map (), &officers, &err)) {
        req->status = 503;
        web_error_box (req, &err);
        goto done;
    }
    const vp_val_t *post_rows = vp_map_get (posts, VP_K_POSTS);
    const vp_val_t *officer_rows = vp_map_get (officers, VP_K_OFFICERS);
    vp_val_t *leaves = s_leaves (req, post_rows);

    //  Who is away now, first: what a caller of the office asks.
    web_buf_add (o, "<section id=\"nghi-phep\"><h2>Đang nghỉ phép</h2>");
    int away = 0;
    for (size_t i = 0; i < vp_val_len (leaves); i++) {
        const vp_val_t *leave = vp_map_get (leaves, vp_map_key_at (leaves, i));
        if (vp_val_type (leave) != VP_MAP)
            continue;
        const vp_val_t *who = web_row_find (officer_rows, "officer", vp_map_key_at (leaves, i));
        web_buf_add (o, "%s<li>", away++ ? "" : "<ul>");
        web_buf_esc (o, who ? vp_map_str (who, VP_K_FULL_NAME) : vp_map_key_at (leaves, i));
        web_buf_add (o, ": ");
        s_leave_note (req, leave, officer_rows);
        web_buf_add (o, "</li>");
    }
    web_buf_add (o, away ? "</ul></section>" : "<p class=\"empty\">Không có ai nghỉ phép.</p></section>");

    const vp_val_t *body_rows = vp_map_get (bodies, "bodies");
    for (int k = 0; s_kinds[k]; k++)
        for (size_t b = 0; b < vp_val_len (body_rows); b++) {
            const vp_val_t *body = vp_array_at (body_rows, b);
            if (strcmp (vp_map_str (body, VP_K_KIND), s_kinds[k]))
                continue;
            web_buf_add (o, "<section class=\"body\" id=\"co-quan-");
            web_buf_esc (o, vp_map_str (body, VP_K_BODY));
            web_buf_add (o, "\"><h2>");
            web_buf_esc (o, vp_map_str (body, VP_K_NAME));
            web_buf_add (o, "</h2><table class=\"staff\"><thead><tr><th>Chức danh</th><th>Người giữ</th><th>Ghi chú</th>"
                            "</tr></thead><tbody>");
            int shown = 0;
            for (size_t i = 0; i < vp_val_len (post_rows); i++) {
                const vp_val_t *p = vp_array_at (post_rows, i);
                if (strcmp (vp_map_str (p, VP_K_BODY), vp_map_str (body, VP_K_BODY)))
                    continue;
                shown++;
                const vp_val_t *holders = vp_map_get (p, "holders");
                size_t rows = vp_val_len (holders) ? vp_val_len (holders) : 1;
                for (size_t j = 0; j < rows; j++) {
                    web_buf_add (o, "<tr><td>");
                    if (j == 0)
                        web_buf_esc (o, vp_map_str (p, VP_K_TITLE));
                    web_buf_add (o, "</td><td>");
                    if (!vp_val_len (holders)) {
                        web_buf_add (o, "<em>Còn trống</em></td><td>Tổ trưởng Văn phòng nhận việc thay</td></tr>");
                        continue;
                    }
                    const vp_val_t *h = vp_array_at (holders, j);
                    const char *officer = vp_map_str (h, VP_K_OFFICER);
                    web_buf_esc (o, vp_map_str (h, VP_K_FULL_NAME) ? vp_map_str (h, VP_K_FULL_NAME) : officer);
                    web_buf_add (o, "</td><td>");
                    if (s_posts_held (post_rows, officer) > 1) {
                        web_buf_add (o, "<span class=\"kiem\">Kiêm nhiệm</span> (");
                        s_other_posts (o, post_rows, officer, vp_map_str (p, VP_K_POST));
                        web_buf_add (o, ") ");
                    }
                    const vp_val_t *leave = vp_map_get (leaves, officer);
                    if (leave && vp_val_type (leave) == VP_MAP)
                        s_leave_note (req, leave, officer_rows);
                    s_acting_note (req, leaves, officer, officer_rows);
                    web_buf_add (o, "</td></tr>");
                }
            }
            if (!shown)
                web_buf_add (o, "<tr><td colspan=\"3\">Chưa có chức danh.</td></tr>");
            web_buf_add (o, "</tbody></table></section>");
        }
    vp_val_destroy (&leaves);
    if (web_heads_office (req))
        web_buf_add (o, "<p><a href=\"/quan-tri\">Quản trị: cán bộ, chức danh, bổ nhiệm, nghỉ phép, mật khẩu, "
                        "phân luồng, số văn bản, ngày nghỉ, mẫu thông báo</a></p>");
done:
    vp_val_destroy (&bodies);
    vp_val_destroy (&posts);
    vp_val_destroy (&officers);
    web_page_end (req);
}
