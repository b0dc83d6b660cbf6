/*  web_pages_auth - sign in (/dang-nhap), sign out, change password.

    Sign-in is staffing.auth.login as the gateway (no session yet) with the
    client's address as source, so the back-off counts per person and
    place; a wrong name or password gets one message for both.
*/
#include "web.h"
#include "vp/vp_fields.h"

static void
s_login_form (web_req_t *req, const char *error)
{
    web_page_begin (req, "Đăng nhập");
    web_buf_t *o = &req->out;
    web_buf_add (o, "<h1>Đăng nhập</h1>");
    if (error) {
        web_buf_add (o, "<p class=\"error\" role=\"alert\">");
        web_buf_esc (o, error);
        web_buf_add (o, "</p>");
    }
    web_buf_add (o, "<form method=\"post\" action=\"/dang-nhap\" class=\"form\">"
                    "<label for=\"tenant\">Xã, phường</label>"
                    "<input id=\"tenant\" name=\"tenant\" required autocomplete=\"organization\" value=\"");
    web_buf_esc (o, web_form (req, "tenant"));
    web_buf_add (o, "\"><label for=\"officer\">Tên đăng nhập</label>"
                    "<input id=\"officer\" name=\"officer\" required autocomplete=\"username\" value=\"");
    web_buf_esc (o, web_form (req, "officer"));
    web_buf_add (o, "\"><label for=\"password\">Mật khẩu</label>"
                    "<input id=\"password\" name=\"password\" type=\"password\" required autocomplete=\"current-password\">"
                    "<button type=\"submit\">Đăng nhập</button></form>");
    web_page_end (req);
}

void
web_page_login (web_req_t *req)
{
    if (strcmp (req->method, "POST") != 0) {
        if (req->signed_in)
            web_redirect (req, "/");
        else
            s_login_form (req, NULL);
        return;
    }
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_TENANT, web_form (req, "tenant"));
    vp_map_put_str (args, VP_K_OFFICER, web_form (req, "officer"));
    vp_map_put_str (args, VP_K_PASSWORD, web_form (req, "password"));
    vp_map_put_str (args, VP_K_SOURCE, req->client);
    web_session_t anon = { 0 };
    snprintf (anon.tenant, sizeof anon.tenant, "%s", web_form (req, "tenant"));
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &anon, "staffing", "staffing.auth.login", args, &result, &err)) {
        //  Locked out after failures: 429 with Retry-After and vp-staffing's words.
        if (err.retry_after_ms > 0) {
            req->status = 429;
            snprintf (req->retry_after, sizeof req->retry_after, "%lld", (long long) (err.retry_after_ms + 999) / 1000);
        }
        else
            req->status = err.code == VP_E_UNAVAILABLE ? 503 : 401;
        s_login_form (req, err.code == VP_E_UNAUTHENTICATED ? "Tên đăng nhập hoặc mật khẩu không đúng." : err.message);
        return;
    }
    web_session_t s;
    if (web_session_create (req->web, result, &s, &err)) {
        vp_val_destroy (&result);
        req->status = 503;
        s_login_form (req, err.message);
        return;
    }
    vp_val_destroy (&result);
    snprintf (req->cookie, sizeof req->cookie, "vp_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
              s.token, req->web->secure ? "; Secure" : "");
    web_redirect (req, "/");
}

void
web_page_logout (web_req_t *req)
{
    web_session_end (req->web, req->cookie_token);
    snprintf (req->cookie, sizeof req->cookie, "vp_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
              req->web->secure ? "; Secure" : "");
    web_redirect (req, "/dang-nhap");
}

void
web_page_password (web_req_t *req)
{
    const char *message = NULL;
    vp_err_t err = { 0 };
    bool failed = false;
    if (strcmp (req->method, "POST") == 0) {
        if (strcmp (web_form (req, "password"), web_form (req, "password2")) != 0) {
            vp_err_set (&err, VP_E_INVALID_ARGUMENT, "password2", "Hai lần nhập mật khẩu mới không khớp.");
            failed = true;
        }
        else {
            vp_val_t *args = vp_val_map ();
            vp_map_put_str (args, VP_K_OFFICER, req->session.officer);
            vp_map_put_str (args, VP_K_PASSWORD, web_form (req, "password"));
            vp_map_put_str (args, VP_K_OLD_PASSWORD, web_form (req, "old_password"));
            vp_val_t *result = NULL;
            failed = web_cmd_call (req->web, &req->session, "staffing", "staffing.credential.set", args, &result, &err) != 0;
            vp_val_destroy (&result);
            if (!failed)
                message = "Đã đổi mật khẩu.";
        }
    }
    web_page_begin (req, "Đổi mật khẩu");
    web_buf_t *o = &req->out;
    web_buf_add (o, "<h1>Đổi mật khẩu</h1>");
    if (failed) {
        req->status = 400;
        web_error_box (req, &err);
    }
    if (message)
        web_buf_add (o, "<p class=\"ok\" role=\"status\">%s</p>", message);
    web_buf_add (o, "<form method=\"post\" action=\"/doi-mat-khau\" class=\"form\">");
    web_csrf_field (req);
    web_buf_add (o, "<label for=\"old_password\">Mật khẩu hiện tại</label>"
                    "<input id=\"old_password\" name=\"old_password\" type=\"password\" required autocomplete=\"current-password\">"
                    "<label for=\"password\">Mật khẩu mới</label>"
                    "<input id=\"password\" name=\"password\" type=\"password\" required autocomplete=\"new-password\">"
                    "<label for=\"password2\">Nhập lại mật khẩu mới</label>"
                    "<input id=\"password2\" name=\"password2\" type=\"password\" required autocomplete=\"new-password\">"
                    "<button type=\"submit\">Đổi mật khẩu</button></form>");
    web_page_end (req);
}
