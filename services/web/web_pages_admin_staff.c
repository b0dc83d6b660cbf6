/*  web_pages_admin_staff - the commune's people, set up by the office head:

      /quan-tri/can-bo      officers (staffing.officer.create, .update)
      /quan-tri/chuc-danh   posts (staffing.post.create, .close)
      /quan-tri/bo-nhiem    appointments (staffing.appoint, .appointment.end)
      /quan-tri/nghi-phep   leave and its delegate (staffing.leave.start, .end)
      /quan-tri/mat-khau    an officer's password (staffing.credential.set:
                            at least 8 characters, vp-staffing's rule)

    Each a list and its forms (web_form); vp-staffing decides and refuses.
*/
#include "web.h"
#include "vp/vp_fields.h"

static const char *const s_statuses[][2] = {
    { "active", "Đang công tác" }, { "moved", "Chuyển sang tổ chức khác" }, { "left", "Nghỉ việc" }, { NULL, NULL }
};

static void
s_date_cell (web_req_t *req, const vp_val_t *row, const char *key, bool with_time)
{
    char d[32];
    web_cell (&req->out, vp_map_get (row, key) ? web_date (req->web, vp_map_int (row, key, 0), with_time, d) : "");
}

//  The lists the forms offer (officers, posts, bodies), as <datalist>s.
static void
s_lists (web_req_t *req, const vp_val_t *officers, const vp_val_t *posts)
{
    if (officers)
        web_datalist (req, "dl-officers", vp_map_get (officers, VP_K_OFFICERS), "officer", "full_name");
    if (posts)
        web_datalist (req, "dl-posts", vp_map_get (posts, VP_K_POSTS), "post", "title");
}

static vp_val_t *
s_staffing (web_req_t *req, const char *cmd)
{
    return web_admin_call (req, "staffing", cmd, NULL);
}

//  ------------------------------------------------------------- officers

static const web_input_t s_officer_create[] = {
    { "officer", "Mã cán bộ (tên đăng nhập)", WEB_IN_TEXT, true, "ls-nguyen-van-a" },
    { "full_name", "Họ và tên", WEB_IN_TEXT, true },
    { "email", "Thư điện tử", WEB_IN_TEXT },
    { "phone", "Điện thoại", WEB_IN_TEXT },
    { NULL }
};
static const web_input_t s_officer_update[] = {
    { "officer", "Cán bộ (mã)", WEB_IN_TEXT, true, NULL, "dl-officers" },
    { "full_name", "Họ và tên mới", WEB_IN_TEXT },
    { "email", "Thư điện tử mới", WEB_IN_TEXT },
    { "phone", "Điện thoại mới", WEB_IN_TEXT },
    { "status", "Tình trạng", WEB_IN_SELECT, false, NULL, NULL, s_statuses },
    { "at", "Từ ngày (mặc định: hôm nay)", WEB_IN_DATE },
    { NULL }
};
static const web_action_t s_officer_actions[] = {
    { "them-can-bo", "Thêm cán bộ", "staffing", "staffing.officer.create", s_officer_create },
    { "sua-can-bo", "Sửa thông tin cán bộ", "staffing", "staffing.officer.update", s_officer_update, "Lưu thay đổi" },
    { NULL }
};

void
web_page_admin_officers (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Cán bộ", s_officer_actions))
        return;
    web_buf_t *o = &req->out;
    vp_val_t *officers = s_staffing (req, "staffing.officer.list");
    vp_val_t *posts = s_staffing (req, "staffing.post.list");
    const vp_val_t *rows = vp_map_get (officers, VP_K_OFFICERS), *post_rows = vp_map_get (posts, VP_K_POSTS);
    web_buf_add (o, "<table id=\"danh-sach-can-bo\"><thead><tr><th>Mã</th><th>Họ và tên</th><th>Thư điện tử</th>"
                    "<th>Điện thoại</th><th>Tình trạng</th><th>Chức danh hiện giữ</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        web_buf_add (o, "<tr>");
        web_cell (o, vp_map_str (r, VP_K_OFFICER));
        web_cell (o, vp_map_str (r, VP_K_FULL_NAME));
        web_cell (o, vp_map_str (r, VP_K_EMAIL));
        web_cell (o, vp_map_str (r, VP_K_PHONE));
        web_cell (o, web_name (s_statuses, vp_map_str (r, VP_K_STATUS)));
        web_buf_add (o, "<td>");
        int n = 0;
        for (size_t j = 0; j < vp_val_len (post_rows); j++) {
            const vp_val_t *p = vp_array_at (post_rows, j);
            if (!web_row_find (vp_map_get (p, "holders"), "officer", vp_map_str (r, VP_K_OFFICER)))
                continue;
            web_buf_add (o, "%s", n++ ? "; " : "");
            web_buf_esc (o, vp_map_str (p, VP_K_TITLE));
        }
        if (n > 1)
            web_buf_add (o, " <span class=\"kiem\">(kiêm nhiệm)</span>");
        web_buf_add (o, "</td><td><a href=\"%s?sua=", path);
        web_buf_esc (o, vp_map_str (r, VP_K_OFFICER));
        web_buf_add (o, "#form-sua-can-bo\">Sửa</a></td></tr>");
    }
    web_buf_add (o, "</tbody></table><div class=\"forms\">");
    s_lists (req, officers, NULL);
    web_action_form (req, path, &s_officer_actions[0]);
    //  "Sửa" on a row: the form starts from the officer as he is now.
    web_action_form_with (req, path, &s_officer_actions[1], web_row_find (rows, "officer", web_query (req, "sua")));
    web_buf_add (o, "</div>");
    vp_val_destroy (&officers);
    vp_val_destroy (&posts);
    web_page_end (req);
}

//  ------------------------------------------------------------- posts

static const web_input_t s_post_create[] = {
    { "post", "Mã chức danh", WEB_IN_TEXT, true, "pho-chu-tich-ubnd" },
    { "body", "Cơ quan (mã)", WEB_IN_TEXT, true, NULL, "dl-bodies" },
    { "title", "Tên chức danh", WEB_IN_TEXT, true, "Phó Chủ tịch UBND" },
    { "fields", "Lĩnh vực phụ trách (mã, cách nhau dấu phẩy)", WEB_IN_LIST, false, "dat-dai, moi-truong" },
    { "clearance", "Được xem văn bản mật đến độ", WEB_IN_SELECT, false, NULL, NULL, vp_secrecy_choices },
    { "heads_office", "Là Tổ trưởng Văn phòng (nhận việc của chức danh trống)", WEB_IN_BOOL },
    { "from", "Có từ ngày (mặc định: hôm nay)", WEB_IN_DATE },
    { NULL }
};
static const web_input_t s_post_close[] = {
    { "post", "Chức danh (mã)", WEB_IN_TEXT, true, NULL, "dl-posts" },
    { "to", "Thôi từ ngày (mặc định: hôm nay)", WEB_IN_DATE },
    { NULL }
};
static const web_action_t s_post_actions[] = {
    { "them-chuc-danh", "Thêm chức danh", "staffing", "staffing.post.create", s_post_create },
    { "dong-chuc-danh", "Thôi chức danh (các bổ nhiệm kết thúc theo)", "staffing", "staffing.post.close", s_post_close,
      "Thôi chức danh" },
    { NULL }
};

void
web_page_admin_posts (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Chức danh", s_post_actions))
        return;
    web_buf_t *o = &req->out;
    vp_val_t *bodies = s_staffing (req, "staffing.body.list");
    vp_val_t *posts = s_staffing (req, "staffing.post.list");
    const vp_val_t *body_rows = vp_map_get (bodies, "bodies"), *rows = vp_map_get (posts, VP_K_POSTS);
    web_buf_add (o, "<table id=\"danh-sach-chuc-danh\"><thead><tr><th>Cơ quan</th><th>Chức danh</th><th>Mã</th>"
                    "<th>Lĩnh vực</th><th>Độ mật</th><th>Có từ</th><th>Người giữ</th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *p = vp_array_at (rows, i);
        const vp_val_t *body = web_row_find (body_rows, "body", vp_map_str (p, VP_K_BODY));
        web_buf_add (o, "<tr>");
        web_cell (o, body ? vp_map_str (body, VP_K_NAME) : vp_map_str (p, VP_K_BODY));
        web_buf_add (o, "<td>");
        web_buf_esc (o, vp_map_str (p, VP_K_TITLE));
        if (vp_map_bool (p, VP_K_HEADS_OFFICE, false))
            web_buf_add (o, " <span class=\"kiem\">(Tổ trưởng Văn phòng)</span>");
        web_buf_add (o, "</td>");
        web_cell (o, vp_map_str (p, VP_K_POST));
        web_buf_add (o, "<td>");
        const vp_val_t *fields = vp_map_get (p, VP_K_FIELDS);
        for (size_t j = 0; j < vp_val_len (fields); j++) {
            web_buf_add (o, "%s", j ? ", " : "");
            web_buf_esc (o, vp_val_get_str (vp_array_at (fields, j)));
        }
        web_buf_add (o, "</td>");
        web_cell (o, web_name (vp_secrecy_choices, vp_map_str (p, VP_K_CLEARANCE)));
        s_date_cell (req, p, "from", false);
        web_buf_add (o, "<td>");
        const vp_val_t *holders = vp_map_get (p, "holders");
        for (size_t j = 0; j < vp_val_len (holders); j++) {
            web_buf_add (o, "%s", j ? "; " : "");
            web_buf_esc (o, vp_map_str (vp_array_at (holders, j), VP_K_FULL_NAME));
        }
        web_buf_add (o, vp_val_len (holders) ? "</td></tr>" : "<em>Còn trống</em></td></tr>");
    }
    web_buf_add (o, "</tbody></table><div class=\"forms\">");
    web_datalist (req, "dl-bodies", body_rows, "body", "name");
    s_lists (req, NULL, posts);
    for (const web_action_t *a = s_post_actions; a->action; a++)
        web_action_form (req, path, a);
    web_buf_add (o, "</div>");
    vp_val_destroy (&bodies);
    vp_val_destroy (&posts);
    web_page_end (req);
}

//  ------------------------------------------------------------- appointments

static const web_input_t s_appoint[] = {
    { "officer", "Cán bộ (mã)", WEB_IN_TEXT, true, NULL, "dl-officers" },
    { "post", "Chức danh (mã)", WEB_IN_TEXT, true, NULL, "dl-posts" },
    { "from", "Từ ngày (mặc định: hôm nay)", WEB_IN_DATE },
    { "to", "Đến ngày (nếu đã biết)", WEB_IN_DATE },
    { NULL }
};
static const web_input_t s_appointment_end[] = {
    { "appointment", "Mã bổ nhiệm", WEB_IN_TEXT, true, NULL, "dl-appointments" },
    { "to", "Kết thúc ngày (mặc định: hôm nay)", WEB_IN_DATE },
    { NULL }
};
static const web_action_t s_appointment_actions[] = {
    { "bo-nhiem", "Bổ nhiệm (một người có thể kiêm nhiệm nhiều chức danh)", "staffing", "staffing.appoint", s_appoint,
      "Bổ nhiệm" },
    { "ket-thuc-bo-nhiem", "Kết thúc bổ nhiệm", "staffing", "staffing.appointment.end", s_appointment_end },
    { NULL }
};

void
web_page_admin_appointments (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Bổ nhiệm", s_appointment_actions))
        return;
    web_buf_t *o = &req->out;
    vp_val_t *officers = s_staffing (req, "staffing.officer.list");
    vp_val_t *posts = s_staffing (req, "staffing.post.list");
    const vp_val_t *rows = vp_map_get (posts, VP_K_POSTS);
    vp_val_t *open = vp_val_array ();
    web_buf_add (o, "<table id=\"danh-sach-bo-nhiem\"><thead><tr><th>Mã bổ nhiệm</th><th>Cán bộ</th><th>Chức danh</th>"
                    "<th>Từ ngày</th><th>Đến ngày</th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *p = vp_array_at (rows, i);
        const vp_val_t *holders = vp_map_get (p, "holders");
        for (size_t j = 0; j < vp_val_len (holders); j++) {
            const vp_val_t *h = vp_array_at (holders, j);
            web_buf_add (o, "<tr>");
            web_cell (o, vp_map_str (h, VP_K_APPOINTMENT));
            web_cell (o, vp_map_str (h, VP_K_FULL_NAME));
            web_cell (o, vp_map_str (p, VP_K_TITLE));
            s_date_cell (req, h, "from", false);
            s_date_cell (req, h, "to", false);
            web_buf_add (o, "</tr>");
            char label[500];
            snprintf (label, sizeof label, "%s – %s", vp_map_str (h, VP_K_FULL_NAME) ? vp_map_str (h, VP_K_FULL_NAME) : "",
                      vp_map_str (p, VP_K_TITLE));
            vp_val_t *item = vp_val_map ();
            vp_map_put_str (item, VP_K_APPOINTMENT, vp_map_str (h, VP_K_APPOINTMENT));
            vp_map_put_str (item, VP_K_LABEL, vp_utf8_whole (label));
            vp_array_push (open, item);
        }
    }
    web_buf_add (o, "</tbody></table><div class=\"forms\">");
    s_lists (req, officers, posts);
    web_datalist (req, "dl-appointments", open, "appointment", "label");
    for (const web_action_t *a = s_appointment_actions; a->action; a++)
        web_action_form (req, path, a);
    web_buf_add (o, "</div>");
    vp_val_destroy (&open);
    vp_val_destroy (&officers);
    vp_val_destroy (&posts);
    web_page_end (req);
}

//  ------------------------------------------------------------- leave

static const web_input_t s_leave_start[] = {
    { "officer", "Cán bộ nghỉ phép (mã)", WEB_IN_TEXT, true, NULL, "dl-officers" },
    { "from", "Từ (mặc định: bây giờ)", WEB_IN_DATETIME },
    { "to", "Đi làm lại từ (ngày, hoặc ngày giờ)", WEB_IN_DATETIME, true },
    { "delegate", "Người được ủy quyền làm thay (mã)", WEB_IN_TEXT, true, NULL, "dl-officers" },
    { NULL }
};
static const web_input_t s_leave_end[] = {
    { "leave", "Mã kỳ nghỉ", WEB_IN_TEXT, true, NULL, "dl-leaves" },
    { "to", "Trở lại lúc (mặc định: bây giờ)", WEB_IN_DATETIME },
    { NULL }
};
static const web_action_t s_leave_actions[] = {
    { "nghi-phep", "Cho nghỉ phép và ủy quyền", "staffing", "staffing.leave.start", s_leave_start, "Lưu nghỉ phép" },
    { "ket-thuc-nghi-phep", "Kết thúc nghỉ phép sớm", "staffing", "staffing.leave.end", s_leave_end,
      "Kết thúc nghỉ phép" },
    { NULL }
};

void
web_page_admin_leave (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Nghỉ phép và ủy quyền", s_leave_actions))
        return;
    web_buf_t *o = &req->out;
    vp_val_t *officers = s_staffing (req, "staffing.officer.list");
    const vp_val_t *rows = vp_map_get (officers, VP_K_OFFICERS);
    int64_t now = vp_clock_now ();
    vp_val_t *open = vp_val_array ();
    web_buf_add (o, "<table id=\"danh-sach-nghi-phep\"><thead><tr><th>Mã kỳ nghỉ</th><th>Cán bộ</th><th>Từ</th>"
                    "<th>Đi làm lại</th><th>Người được ủy quyền</th></tr></thead><tbody>");
    //  Leaves now and to come, officer by officer (staffing.officer.get's history).
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        vp_val_t *args = vp_val_map (), *got = NULL;
        vp_map_put_str (args, VP_K_OFFICER, vp_map_str (r, VP_K_OFFICER));
        vp_err_t err = { 0 };
        if (web_cmd_call (req->web, &req->session, "staffing", "staffing.officer.get", args, &got, &err))
            continue;
        const vp_val_t *leaves = vp_map_get (got, "leaves");
        for (size_t j = 0; j < vp_val_len (leaves); j++) {
            const vp_val_t *l = vp_array_at (leaves, j);
            if (vp_map_int (l, VP_K_TO, 0) <= now)
                continue;
            const vp_val_t *d = web_row_find (rows, "officer", vp_map_str (l, VP_K_DELEGATE));
            web_buf_add (o, "<tr>");
            web_cell (o, vp_map_str (l, VP_K_LEAVE));
            web_cell (o, vp_map_str (r, VP_K_FULL_NAME));
            s_date_cell (req, l, "from", true);
            s_date_cell (req, l, "to", true);
            web_cell (o, d ? vp_map_str (d, VP_K_FULL_NAME) : vp_map_str (l, VP_K_DELEGATE));
            web_buf_add (o, "</tr>");
            vp_val_t *item = vp_val_map ();
            vp_map_put_str (item, VP_K_LEAVE, vp_map_str (l, VP_K_LEAVE));
            vp_map_put_str (item, VP_K_LABEL, vp_map_str (r, VP_K_FULL_NAME));
            vp_array_push (open, item);
        }
        vp_val_destroy (&got);
    }
    if (!vp_val_len (open))
        web_buf_add (o, "<tr><td colspan=\"5\">Không có ai đang hoặc sắp nghỉ phép.</td></tr>");
    web_buf_add (o, "</tbody></table><div class=\"forms\">");
    s_lists (req, officers, NULL);
    web_datalist (req, "dl-leaves", open, "leave", "label");
    for (const web_action_t *a = s_leave_actions; a->action; a++)
        web_action_form (req, path, a);
    web_buf_add (o, "</div>");
    vp_val_destroy (&open);
    vp_val_destroy (&officers);
    web_page_end (req);
}

//  ------------------------------------------------------------- passwords

static int
s_same_password (web_req_t *req, vp_err_t *err)
{
    if (strcmp (web_form (req, "password"), web_form (req, "password2")))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "password2", "Hai lần nhập mật khẩu mới không khớp.");
    return 0;
}

static const web_input_t s_password_set[] = {
    { "officer", "Cán bộ (mã)", WEB_IN_TEXT, true, NULL, "dl-officers" },
    { "password", "Mật khẩu mới (ít nhất 8 ký tự)", WEB_IN_PASSWORD, true },
    { "password2", "Nhập lại mật khẩu mới", WEB_IN_CONFIRM, true },
    { NULL }
};
static const web_action_t s_password_actions[] = {
    { "dat-mat-khau", "Đặt mật khẩu cho cán bộ", "staffing", "staffing.credential.set", s_password_set,
      "Đặt mật khẩu", s_same_password },
    { NULL }
};

void
web_page_admin_passwords (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Mật khẩu", s_password_actions))
        return;
    vp_val_t *officers = s_staffing (req, "staffing.officer.list");
    web_buf_add (&req->out, "<p>Mật khẩu do Tổ trưởng Văn phòng đặt không cần mật khẩu cũ; cán bộ nên đổi lại ở "
                            "trang Đổi mật khẩu sau lần đăng nhập đầu.</p><div class=\"forms\">");
    s_lists (req, officers, NULL);
    web_action_form (req, path, &s_password_actions[0]);
    web_buf_add (&req->out, "</div>");
    vp_val_destroy (&officers);
    web_page_end (req);
}
