/*  web_pages_print - the printable register: Sổ đăng ký văn bản đến
    (/so-den). Print layout (A4 landscape) is in static/web.css; the week
    is web_pages_week's, Tổng hợp web_pages_dashboard's. */
#include "web.h"
#include "vp/vp_fields.h"

void
web_page_book (web_req_t *req)
{
    web_t *web = req->web;
    web_buf_t *o = &req->out;
    const char *book = web_query (req, "so");
    const char *year = web_query (req, "nam");
    vp_tm_t now;
    vp_time_local (vp_clock_now (), web->zone, &now);
    vp_val_t *books = NULL;
    vp_err_t err = { 0 };
    web_page_begin (req, "Sổ đăng ký văn bản đến");
    web_buf_add (o, "<div class=\"noprint\"><form method=\"get\" action=\"/so-den\" class=\"form search\">"
                    "<label for=\"so\">Sổ</label><select id=\"so\" name=\"so\">");
    const char *first = NULL;
    if (web_cmd_call (web, &req->session, "documents", "documents.book.list", vp_val_map (), &books, &err) == 0) {
        vp_val_t *list = vp_map_get (books, "books");
        for (size_t i = 0; list && i < vp_val_len (list); i++) {
            vp_val_t *b = vp_array_at (list, i);
            const char *id = vp_map_str (b, VP_K_BOOK);
            if (!first)
                first = id;
            web_buf_add (o, "<option value=\"");
            web_buf_esc (o, id);
            web_buf_add (o, "\"%s>", book && id && !strcmp (book, id) ? " selected" : "");
            web_buf_esc (o, vp_map_str (b, VP_K_NAME));
            web_buf_add (o, "</option>");
        }
    }
    web_buf_add (o, "</select><label for=\"nam\">Năm</label><input id=\"nam\" name=\"nam\" type=\"number\" value=\"%d\">"
                    "<button type=\"submit\">Xem</button></form></div>", year && *year ? atoi (year) : now.year);
    if (!book || !*book)
        book = first;
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_BOOK, book ? book : "");
    vp_map_put_int (args, VP_K_YEAR, year && *year ? atoi (year) : now.year);
    vp_val_t *result = NULL;
    if (!book || web_cmd_call (web, &req->session, "documents", "documents.register_book", args, &result, &err)) {
        if (!book)
            vp_val_destroy (&args);
        else
            web_error_box (req, &err);
    }
    else {
        web_buf_add (o, "<article class=\"print book-print\"><h1>SỔ ĐĂNG KÝ VĂN BẢN ĐẾN</h1><p class=\"center\">");
        web_buf_esc (o, vp_map_str (result, VP_K_NAME));
        web_buf_add (o, " – năm %lld</p><table class=\"register\"><thead><tr>", (long long) vp_map_int (result, VP_K_YEAR, 0));
        vp_val_t *cols = vp_map_get (result, "columns");
        for (size_t i = 0; cols && i < vp_val_len (cols); i++) {
            web_buf_add (o, "<th>");
            web_buf_esc (o, vp_val_get_str (vp_array_at (cols, i)));
            web_buf_add (o, "</th>");
        }
        web_buf_add (o, "</tr></thead><tbody>");
        vp_val_t *rows = vp_map_get (result, "rows");
        for (size_t i = 0; rows && i < vp_val_len (rows); i++) {
            vp_val_t *r = vp_array_at (rows, i);
            web_buf_add (o, "<tr>");
            for (size_t j = 0; j < vp_val_len (r); j++) {
                web_buf_add (o, "<td>");
                web_buf_esc (o, vp_val_get_str (vp_array_at (r, j)));
                web_buf_add (o, "</td>");
            }
            web_buf_add (o, "</tr>");
        }
        web_buf_add (o, "</tbody></table></article>");
    }
    vp_val_destroy (&books);
    vp_val_destroy (&result);
    web_page_end (req);
}
