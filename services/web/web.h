/*  vp-web - the office's web pages: shared types of its files.

    web_http serves HTTP (libmicrohttpd, a thread per connection: a page
    waits on the services' command endpoints without holding others),
    web_session keeps the sessions in web.db, web_cmd calls the services
    as the gateway for the signed-in officer, web_live follows the bus and
    wakes the pages' event streams, web_html writes pages (the one place
    text is escaped), web_pages_* answer one page each.
*/
#ifndef WEB_H_INCLUDED
#define WEB_H_INCLUDED

#include <vp/vp.h>
#include <pthread.h>

typedef struct web web_t;

//  A page being written.
typedef struct {
    char *data;
    size_t len, cap;
} web_buf_t;

void web_buf_add (web_buf_t *buf, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
void web_buf_raw (web_buf_t *buf, const char *text, size_t len);
//  Text from people or the services: HTML-escaped (& < > " ').
void web_buf_esc (web_buf_t *buf, const char *text);
void web_buf_free (web_buf_t *buf);

//  A signed-in session.
typedef struct {
    char id[65];            //  public: the services' trails name it
    char token[65];         //  the cookie (set only at sign-in)
    char csrf[65];
    char tenant[64];
    char officer[64];
    char full_name[201];
    char posts[1024];       //  titles of the officer's posts, "; " between
    char post_ids[512];     //  ids, "," between
    char clearance[32];
    bool heads_office;
} web_session_t;

//  One field of a form (a file's bytes too).
typedef struct {
    char *name;
    char *value;            //  NUL-terminated (size bytes before it)
    size_t size;
    char *filename;         //  NULL unless a file
    char *mime;
} web_field_t;

#define WEB_FIELDS_MAX 64

typedef struct {
    web_t *web;
    const char *method, *url;
    char client[64];                        //  the client's address
    web_session_t session;
    bool signed_in;
    web_field_t fields[WEB_FIELDS_MAX];
    int nfields;
    size_t body_size;
    bool too_big;
    //  the answer
    unsigned status;
    const char *type;
    web_buf_t out;
    char location[512];                     //  a redirect
    char cookie[256];                       //  Set-Cookie
    char disposition[300];
    char retry_after[24];                   //  Retry-After (seconds)
    const void *raw;                        //  a body not in out (static files)
    size_t raw_size;
    struct MHD_PostProcessor *pp;
    void *raw_conn;                         //  the MHD connection
    char cookie_token[80];
    bool is_static;
} web_req_t;

//  --------------------------------------------------------------- web_t
struct web {
    vp_config_t *cfg;
    vp_keys_t *keys;
    const char *zone;
    const char *static_dir;
    bool secure;                            //  HTTPS: cookies Secure
    bool tls;                               //  served over HTTPS itself (HSTS)
    char *tls_cert, *tls_key;               //  PEM, while tls
    sqlite3 *db;
    pthread_mutex_t db_lock;
    struct web_cmd *cmd;
    struct web_live *live;
    struct MHD_Daemon *daemon;
    char http[VP_ENDPOINT_MAX + 16];
    int port;
};

web_t *web_new (vp_config_t *cfg, vp_keys_t *keys, const vp_option_t *options, vp_err_t *err);
int web_run (web_t *self);
void web_destroy (web_t **self_p);

//  web_http
int web_http_start (web_t *self, const char *listen, vp_err_t *err);
void web_http_stop (web_t *self);
//  A form field's value ("" when absent).
const char *web_form (web_req_t *req, const char *name);
const web_field_t *web_form_field (web_req_t *req, const char *name);
//  Answer helpers
void web_redirect (web_req_t *req, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
void web_not_found (web_req_t *req);
//  The query string's value (NULL when absent).
const char *web_query (web_req_t *req, const char *name);
//  Each value of a name the query string repeats (cot=a&cot=b), in order:
//  up to max in values (the request's strings), and how many there are.
int web_query_all (web_req_t *req, const char *name, const char *values[], int max);

//  web_tls: read and check the PEM certificate and key (both empty: plain
//  HTTP); an error names the option and the path.
int web_tls_load (web_t *self, const char *cert_path, const char *key_path, vp_err_t *err);
void web_tls_free (web_t *self);

//  web_session
int web_session_open (web_t *self, vp_err_t *err);
int web_session_create (web_t *self, const vp_val_t *login, web_session_t *session, vp_err_t *err);
bool web_session_find (web_t *self, const char *id, web_session_t *session);
void web_session_end (web_t *self, const char *id);
//  A random hex token of bytes*2 characters.
void web_token (char *out, size_t bytes);

//  web_cmd
int web_cmd_open (web_t *self, vp_err_t *err);
void web_cmd_close (web_t *self);
//  A command of a service ("documents", "calendar", "notify", "staffing")
//  for the session's officer (NULL session: gateway only, e.g. sign-in).
int web_cmd_call (web_t *self, const web_session_t *session, const char *service, const char *cmd,
                  vp_val_t *args, vp_val_t **result, vp_err_t *err);
//  The same with the request id a form carried (a ULID made with the
//  page): the form sent twice is one effect, the second answered as the
//  first. NULL: a new id.
int web_cmd_call_once (web_t *self, const web_session_t *session, const char *service, const char *cmd,
                       const char *request, vp_val_t *args, vp_val_t **result, vp_err_t *err);
//  n calls of one command in order, the next sent before the answer to the
//  last (args_of (i, arg) makes the i-th's args); the first refusal stops
//  them and is returned (the results are not kept).
int web_cmd_call_each (web_t *self, const web_session_t *session, const char *service, const char *cmd,
                       size_t n, vp_val_t *(*args_of) (size_t i, void *arg), void *arg, vp_err_t *err);

//  web_live
int web_live_start (web_t *self, vp_err_t *err);
//  Wake every waiting stream to end (before HTTP stops), then stop.
void web_live_halt (web_t *self);
void web_live_stop (web_t *self);
//  The tenant's change count; wait up to ms for it to pass seen.
uint64_t web_live_wait (web_t *self, const char *tenant, uint64_t seen, int ms);
bool web_live_stopping (web_t *self);

//  web_html
//  A row "label | value" of a table of fields (value escaped); nothing
//  when value is empty, so a page shows only what a document has.
void web_field_row (web_buf_t *o, const char *label, const char *value);
void web_page_begin (web_req_t *req, const char *title);
void web_page_end (web_req_t *req);
//  The hidden CSRF field of a form.
void web_csrf_field (web_req_t *req);
void web_error_box (web_req_t *req, const vp_err_t *err);
//  The year given (a page's `nam`), else this year of the clock in the
//  commune's zone.
int web_year (web_req_t *req, const char *given);
//  dd/mm/yyyy (with_time: dd/mm/yyyy HH:MM) in the commune's zone.
const char *web_date (web_t *self, int64_t ms, bool with_time, char out[32]);
//  The name of id in a table of {id, name} ending {NULL} (id itself when
//  not there), and a table cell of text.
const char *web_name (const char *const table[][2], const char *id);
void web_cell (web_buf_t *o, const char *text);
//  Vietnamese name of a status, and of a step of a document's history.
const char *web_status_name (const char *status);
const char *web_step_name (const char *step);

//  A table of documents.search rows (shared by my work and search).
void web_doc_table (web_req_t *req, const vp_val_t *rows, const char *caption);
//  Monday 00:00 of the week of ms, in the commune's zone.
int64_t web_week_start (web_t *self, int64_t ms);

//  web_form: a form that is one command (set-up pages).
typedef enum {
    WEB_IN_TEXT, WEB_IN_TEXTAREA, WEB_IN_PASSWORD,
    WEB_IN_CONFIRM,         //  a second password typed, checked by the page, not sent
    WEB_IN_DATE, WEB_IN_DATETIME,           //  typed dd/mm/yyyy (hh:mm), sent as ms
    WEB_IN_UINT, WEB_IN_BOOL,               //  a box: true when ticked, absent otherwise
    WEB_IN_LIST,                            //  words by commas: an array
    WEB_IN_SELECT
} web_in_kind_t;

typedef struct {
    const char *name;       //  the form field, and the command's argument
    const char *label;      //  Vietnamese
    web_in_kind_t kind;
    bool required;
    const char *hint;       //  placeholder
    const char *list;       //  id of a <datalist> of the page (web_datalist)
    const char *const (*options)[2];        //  select: {value, name}, ending {NULL}
    bool empty;             //  sent even when left empty ("" clears it)
    int rows;               //  textarea: its height (default 4)
} web_input_t;

typedef struct web_action {
    const char *action;     //  the hidden field "action"
    const char *legend;
    const char *service, *cmd;
    const web_input_t *inputs;              //  ending { NULL }
    const char *button;     //  NULL: the legend
    int (*check) (web_req_t *req, vp_err_t *err);   //  before anything is sent
} web_action_t;

//  One input, its label, and value shown (never a password's).
void web_input (web_req_t *req, const char *id, const web_input_t *in, const char *value);
void web_action_form (web_req_t *req, const char *path, const web_action_t *a);
//  The same, showing values' strings (what is there now) until it is posted.
void web_action_form_with (web_req_t *req, const char *path, const web_action_t *a, const vp_val_t *values);
//  The action posted among actions (ending { NULL }), or NULL.
const web_action_t *web_action_posted (web_req_t *req, const web_action_t *actions);
int web_action_run (web_req_t *req, const web_action_t *a, vp_val_t **result, vp_err_t *err);
//  The command's arguments from the posted fields (check run first), for a
//  page that adds what its address names (the dossier of /ho-so/<id>);
//  NULL with err.
vp_val_t *web_action_args (web_req_t *req, const web_action_t *a, vp_err_t *err);
//  The refusal in Vietnamese: the field by its label, the value typed.
void web_action_error (web_req_t *req, const web_action_t *a, const vp_err_t *err);
void web_datalist (web_req_t *req, const char *id, const vp_val_t *rows, const char *key, const char *label);
//  The map of rows whose key is value, or NULL.
const vp_val_t *web_row_find (const vp_val_t *rows, const char *key, const char *value);

//  web_admin: the set-up pages (/quan-tri/...), for whoever acts for the
//  office head; the services decide again.
typedef struct {
    const char *path;       //  after /quan-tri
    const char *title;
    void (*page) (web_req_t *req, const char *path);
} web_admin_page_t;

//  True when the signed-in officer heads the office now or acts for its head.
bool web_heads_office (web_req_t *req);
void web_page_admin (web_req_t *req, const char *rest);
//  The start of a set-up page: the refusal for others (false: the answer
//  is complete), a posted action run (303 back on success), the menu, the
//  note of what was done or the refusal of what was not.
bool web_admin_begin (web_req_t *req, const char *path, const char *title, const web_action_t *actions);
//  A command's result (a list to show), or NULL with its refusal written.
vp_val_t *web_admin_call (web_req_t *req, const char *service, const char *cmd, vp_val_t *args);
void web_page_admin_officers (web_req_t *req, const char *path);
void web_page_admin_posts (web_req_t *req, const char *path);
void web_page_admin_appointments (web_req_t *req, const char *path);
void web_page_admin_leave (web_req_t *req, const char *path);
void web_page_admin_passwords (web_req_t *req, const char *path);
void web_page_admin_routes (web_req_t *req, const char *path);
void web_page_admin_series (web_req_t *req, const char *path);
void web_page_admin_holidays (web_req_t *req, const char *path);
void web_page_admin_templates (web_req_t *req, const char *path);

//  Pages: each fills req's answer.
void web_page_login (web_req_t *req);
void web_page_logout (web_req_t *req);
void web_page_password (web_req_t *req);
void web_page_home (web_req_t *req);
void web_page_register (web_req_t *req);
void web_page_document (web_req_t *req, const char *id);
void web_page_file (web_req_t *req, const char *id, const char *sha);
//  web_download: the whole file a documents command hands out in chunks
//  ({name, mime, size, data} from args' offset on) as the answer: PDF and
//  images shown, anything else downloaded. -1 with the refusal (args taken).
int web_download (web_req_t *req, const char *cmd, vp_val_t *args, vp_err_t *err);
//  The file of an export vp-documents made (result: its answer, naming the
//  sha256), for the officer who asked: documents.export.get.
int web_export_file (web_req_t *req, const vp_val_t *result, vp_err_t *err);
void web_page_search (web_req_t *req);
//  POST /tim-kiem/xuat?<the search>: its results as PDF or DOCX (documents.search.export).
void web_page_search_export (web_req_t *req);
//  POST /tim-kiem/luu?<the search> {ten}: saved under that name; POST /tim-kiem/xoa {tim}: deleted.
void web_page_search_save (web_req_t *req);
void web_page_search_delete (web_req_t *req);
//  web_pages_week: the printed week, my week, publishing; web_pages_week_form: an entry new or moved.
void web_page_week (web_req_t *req);
//  officer id -> full name, of the officers of status (NULL: all).
vp_val_t *web_officer_names (web_req_t *req, const char *status);
void web_page_week_publish (web_req_t *req);
void web_page_entry_new (web_req_t *req);
void web_page_entry_edit (web_req_t *req, const char *entry);
void web_page_book (web_req_t *req);
void web_page_dashboard (web_req_t *req);
//  web_pages_reports: Báo cáo (/bao-cao, its file POST /bao-cao/tai) and the
//  six outputs of Decree 30 to download (/so-sach).
void web_page_reports (web_req_t *req);
void web_page_reports_file (web_req_t *req);
void web_page_outputs (web_req_t *req);
//  web_pages_dossiers: Danh mục hồ sơ of a year (/ho-so, a new one opened
//  there), one dossier and its actions (/ho-so/<id>), its export (POST
//  /ho-so/<id>/xuat {dinh-dang}: PDF or XML).
void web_page_dossiers (web_req_t *req);
void web_page_dossier (web_req_t *req, const char *id);
void web_page_dossier_export (web_req_t *req, const char *id);
//  POST /tong-hop/nhac: the office head reminds an overdue document's assignee.
void web_page_remind (web_req_t *req);
void web_page_ack (web_req_t *req);
//  web_pages_outgoing: văn bản đi and sổ đăng ký văn bản đi.
void web_page_outgoing_list (web_req_t *req);
void web_page_outgoing (web_req_t *req, const char *id);
void web_page_outgoing_book (web_req_t *req);
//  web_pages_staff: the directory of bodies, posts and holders (/can-bo).
void web_page_staff (web_req_t *req);

#endif
