/*  web_download - a file the services hand out in chunks (an attachment,
    an export): every chunk asked for in turn, then one answer with the
    file's type and name. */
#include <ctype.h>
#include "web.h"
#include "vp/vp_fields.h"

//  The types a page may answer with; anything else is a download.
static const char *const s_types[] = {
    "application/pdf", "image/png", "image/jpeg",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", NULL
};

int
web_download (web_req_t *req, const char *cmd, vp_val_t *args, vp_err_t *err)
{
    web_buf_t body = { 0 };
    char name[201] = "", mime[100] = "application/octet-stream";
    int64_t offset = 0, size = -1;
    while (size < 0 || offset < size) {
        vp_map_put_int (args, VP_K_OFFSET, offset);
        vp_val_t *chunk = NULL;
        if (web_cmd_call (req->web, &req->session, "documents", cmd, vp_val_dup (args), &chunk, err)) {
            vp_val_destroy (&args);
            web_buf_free (&body);
            return -1;
        }
        const vp_val_t *data = vp_map_get (chunk, VP_K_DATA);
        size_t n = data ? vp_val_len (data) : 0;
        if (data && n)
            web_buf_raw (&body, (const char *) vp_val_get_bin (data, &n), n);
        size = vp_map_int (chunk, VP_K_SIZE, 0);
        snprintf (name, sizeof name, "%s", vp_map_str (chunk, VP_K_NAME) ? vp_map_str (chunk, VP_K_NAME) : "tep");
        snprintf (mime, sizeof mime, "%s", vp_map_str (chunk, "mime") ? vp_map_str (chunk, "mime") : mime);
        offset += (int64_t) n;
        vp_val_destroy (&chunk);
        if (!n)
            break;
    }
    vp_val_destroy (&args);
    web_buf_free (&req->out);
    req->out = body;
    req->type = "application/octet-stream";
    for (int i = 0; s_types[i]; i++)
        if (strcmp (s_types[i], mime) == 0)
            req->type = s_types[i];
    //  The name goes in RFC 5987 form: no quote or new line reaches the header.
    web_buf_t enc = { 0 };
    for (const unsigned char *p = (const unsigned char *) name; *p; p++)
        if (isalnum (*p) || *p == '.' || *p == '-' || *p == '_')
            web_buf_raw (&enc, (const char *) p, 1);
        else
            web_buf_add (&enc, "%%%02X", *p);
    bool shown = !strcmp (req->type, "application/pdf") || !strncmp (req->type, "image/", 6);
    snprintf (req->disposition, sizeof req->disposition, "%s; filename*=UTF-8''%s", shown ? "inline" : "attachment",
              enc.data ? enc.data : "tep");
    web_buf_free (&enc);
    return 0;
}

int
web_export_file (web_req_t *req, const vp_val_t *result, vp_err_t *err)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_SHA256, vp_map_str (result, VP_K_SHA256) ? vp_map_str (result, VP_K_SHA256) : "");
    return web_download (req, "documents.export.get", args, err);
}
