/*  ntf_deliver - the delivery worker: e-mail and webhooks, retried.

    A zactor thread with its own sqlite connection, so that no SMTP server
    or webhook, however slow, holds up the command loop. It takes the due
    rows of ntf_delivery (marked `sending`, attempt counted, in one
    transaction), sends them at once over libcurl's multi interface
    (SMTP for e-mail, an HTTP POST of JSON for a webhook; 2xx is sent;
    an outgoing document mailed to an outside agency first fetches its
    signed PDF and signature from vp-documents, here, off the command
    loop, and attaches them),
    and records each outcome with its event in one transaction on its own
    connection: `sent` (notify.sent), or `pending` again after an
    exponential backoff (notify.retry), or `cancelled` (notify.cancelled:
    the document mailed to an agency was recalled before it went), or
    after the last attempt `failed`
    (notify.failed, and "FAILED" to the main thread, which tells the
    office head). The events go in the service's outbox table, which the
    main thread's pump takes to the bus; nothing reaches the bus another way.

    A restart finds rows left `sending` by a crash and sends them again.
    The one edge: a crash after the server accepted a message and before
    its outcome is committed sends that message twice. An e-mail carries
    the same Message-ID both times, and a webhook the same `message_id`,
    derived from the cause, the recipient and the channel with the
    deployment's mail domain (VP_MAIL_DOMAIN) on the right of the @: the
    same after a rebuild or a restore, different for every other
    message of every commune, so the receiver can tell.
*/
#include <curl/curl.h>
#include <string.h>
#include "ntf_mail.h"
#include "vp/vp_hash.h"
#include "vp/vp_id.h"
#include "ntf_service.h"
#include "vp/vp_fields.h"

#define S_POLL_MS 100
#define S_STOP_GRACE_MS 3000

typedef struct {
    int64_t rowid;
    char tenant[NTF_ID_MAX], id[NTF_ID_MAX], channel[16], officer[NTF_ID_MAX], corr[64];
    char address[NTF_URL_MAX];
    int attempt;
    CURL *easy;
    struct curl_slist *list;    //  SMTP recipients, or HTTP headers
    char *payload;
    size_t size, sent;
    char message_id[VP_ID_LEN + 260];  //  e-mail Message-ID and webhook id, without <>
    char cause_type[100], document[NTF_ID_MAX];
    bool agency;                //  to an outside agency: the recipient is a delivery of vp-documents
    vp_val_t *files;            //  what vp-documents gave to attach (documents.outgoing.file results)
    char error[CURL_ERROR_SIZE];
    bool cancelled;             //  not to be sent any more (its document was recalled)
    bool done;                  //  finished; its outcome is not recorded yet
    bool ok;
    char outcome[CURL_ERROR_SIZE + 32];
} s_job_t;

typedef struct {
    ntf_service_t *service;     //  settings and configuration only: read-only here
    const ntf_settings_t *settings;
    zsock_t *pipe;
    sqlite3 *db;
    CURLM *multi;
    s_job_t **jobs;
    int njobs;
    bool terminated;
    vp_ratelimit_t warnings;
    vp_cmdcli_t *documents;     //  for the files of an outgoing document (made when first needed)
} s_worker_t;

static size_t
s_read (char *buffer, size_t size, size_t items, void *arg)
{
    s_job_t *job = (s_job_t *) arg;
    size_t room = size * items;
    size_t left = job->size - job->sent;
    size_t n = left < room ? left : room;
    memcpy (buffer, job->payload + job->sent, n);
    job->sent += n;
    return n;
}

static size_t
s_discard (char *data, size_t size, size_t items, void *arg)
{
    return size * items;
}

static void
s_job_destroy (s_job_t **job_p)
{
    s_job_t *job = *job_p;
    if (!job)
        return;
    if (job->easy)
        curl_easy_cleanup (job->easy);
    curl_slist_free_all (job->list);
    free (job->payload);
    vp_val_destroy (&job->files);
    free (job);
    *job_p = NULL;
}

//  The bare address of "Name <address>" (or the whole).
static void
s_bare (const char *from, char *out, size_t size)
{
    const char *open = strchr (from, '<');
    const char *close = open ? strchr (open, '>') : NULL;
    if (open && close)
        snprintf (out, size, "<%.*s>", (int) (close - open - 1), open + 1);
    else
        snprintf (out, size, "<%s>", from);
}

//  The files of an outgoing document mailed to an agency, from
//  vp-documents (documents.outgoing.file), checked against the SHA-256 it
//  names: the PDF, and its signature when it was signed digitally. On
//  this thread, so the command loop never waits for them; 0, or -1 with
//  the reason in job->outcome (the attempt fails and is tried again).
static int
s_fetch (s_worker_t *self, s_job_t *job)
{
    vp_err_t err = { 0 };
    if (!self->documents)
        self->documents = vp_cmdcli_new (self->service->cfg->documents_cmd, self->service->keys, "documents", &err);
    //  Asked once per attempt: the next attempt is the retry, and a stop
    //  waits for no second try.
    if (self->documents)
        vp_cmdcli_set_retries (self->documents, 0);
    if (!self->documents) {
        snprintf (job->outcome, sizeof job->outcome, "không kết nối được vp-documents: %.200s", err.message);
        return -1;
    }
    job->files = vp_val_array ();
    static const char *const parts[] = { "pdf", "signature", NULL };
    for (int i = 0; parts[i]; i++) {
        vp_val_t *args = vp_val_map (), *file = NULL;
        vp_map_put_str (args, VP_K_OUTGOING, job->document);
        vp_map_put_str (args, VP_K_PART, parts[i]);
        memset (&err, 0, sizeof err);
        if (vp_cmdcli_call (self->documents, "documents.outgoing.file", job->tenant, NULL, args,
                            (int) self->settings->send_timeout_ms, &file, &err)) {
            if (i > 0 && err.code == VP_E_NOT_FOUND)
                break;          //  signed on paper: the PDF alone
            //  Recalled before it went: it never goes (the recall notice does).
            job->cancelled = err.code == VP_E_FAILED_PRECONDITION;
            snprintf (job->outcome, sizeof job->outcome, "không lấy được %s của văn bản %s: %.160s",
                      i ? "chữ ký số" : "tệp PDF", job->document, err.message);
            return -1;
        }
        size_t size = 0;
        const void *data = vp_val_get_bin (vp_map_get (file, VP_K_DATA), &size);
        char sha[VP_SHA256_HEX] = "";
        if (data)
            vp_sha256_hex (data, size, sha);
        if (!data || !vp_map_str (file, VP_K_SHA256) || strcmp (sha, vp_map_str (file, VP_K_SHA256)) != 0) {
            snprintf (job->outcome, sizeof job->outcome, "tệp %s của văn bản %s nhận về không đúng SHA-256",
                      parts[i], job->document);
            vp_val_destroy (&file);
            return -1;
        }
        vp_array_push (job->files, file);
    }
    return 0;
}

//  The message of an e-mail delivery.
static void
s_email (s_worker_t *self, s_job_t *job, const vp_val_t *row)
{
    char from[300], to[NTF_URL_MAX + 2];
    vp_val_t *who = job->agency ? NULL : vp_staff_officer (self->db, job->officer);
    ntf_attachment_t files[2];
    size_t nfiles = 0;
    for (size_t i = 0; i < vp_val_len (job->files) && nfiles < 2; i++, nfiles++) {
        const vp_val_t *f = vp_array_at (job->files, i);
        files[nfiles].name = vp_map_str (f, VP_K_NAME);
        files[nfiles].mime = vp_map_str (f, "mime");
        files[nfiles].data = vp_val_get_bin (vp_map_get (f, VP_K_DATA), &files[nfiles].size);
    }
    ntf_mail_t mail = {
        .from = self->settings->smtp_from, .to = job->address,
        .to_name = who ? vp_map_str (who, VP_K_FULL_NAME) : vp_map_str (row, VP_K_TO_NAME),
        .subject = vp_map_str (row, VP_K_SUBJECT), .text = vp_map_str (row, VP_K_TEXT),
        .message_id = job->message_id, .date = vp_clock_now (), .urgent = vp_urgent (vp_map_str (row, VP_K_URGENCY)),
        .notification = job->id, .tenant = job->tenant, .attachments = files, .nattachments = nfiles
    };
    job->payload = ntf_mail_build (&mail, &job->size);
    vp_val_destroy (&who);
    s_bare (self->settings->smtp_from, from, sizeof from);
    snprintf (to, sizeof to, "<%s>", job->address);
    job->list = curl_slist_append (NULL, to);
    curl_easy_setopt (job->easy, CURLOPT_URL, self->settings->smtp_url);
    curl_easy_setopt (job->easy, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt (job->easy, CURLOPT_MAIL_RCPT, job->list);
    curl_easy_setopt (job->easy, CURLOPT_READFUNCTION, s_read);
    curl_easy_setopt (job->easy, CURLOPT_READDATA, job);
    curl_easy_setopt (job->easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt (job->easy, CURLOPT_USE_SSL, (long) CURLUSESSL_TRY);
}

//  The JSON of a webhook delivery: what an SMS or chat gateway needs.
static void
s_webhook (s_worker_t *self, s_job_t *job, const vp_val_t *row)
{
    vp_val_t *body = vp_val_map ();
    vp_map_put_str (body, VP_K_ID, job->id);
    vp_map_put_str (body, "message_id", job->message_id);
    vp_map_put_str (body, VP_K_TENANT, job->tenant);
    vp_map_put_str (body, VP_K_OFFICER, job->officer);
    vp_val_t *who = vp_staff_officer (self->db, job->officer);
    static const char *const contact[] = { "full_name", "phone", "chat_id", NULL };
    for (int i = 0; contact[i]; i++)
        if (who && vp_map_str (who, contact[i]))
            vp_map_put_str (body, contact[i], vp_map_str (who, contact[i]));
    vp_val_destroy (&who);
    static const char *const fields[] = {
        "subject", "text", "urgency", "on_behalf_of", "cause_type", "document", "entry", NULL
    };
    for (int i = 0; fields[i]; i++)
        if (vp_map_str (row, fields[i]))
            vp_map_put_str (body, fields[i], vp_map_str (row, fields[i]));
    vp_map_put_int (body, "created_at", vp_map_int (row, "created_at", 0));
    vp_map_put_int (body, VP_K_ATTEMPT, job->attempt);
    job->payload = vp_val_to_json (body);
    job->size = strlen (job->payload);
    vp_val_destroy (&body);
    char header[200];
    snprintf (header, sizeof header, "X-Vanphong-Notification: %s.%s", job->id, job->tenant);
    job->list = curl_slist_append (NULL, "Content-Type: application/json; charset=utf-8");
    job->list = curl_slist_append (job->list, header);
    curl_easy_setopt (job->easy, CURLOPT_URL, job->address);
    curl_easy_setopt (job->easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt (job->easy, CURLOPT_HTTPHEADER, job->list);
    curl_easy_setopt (job->easy, CURLOPT_POSTFIELDS, job->payload);
    curl_easy_setopt (job->easy, CURLOPT_POSTFIELDSIZE, (long) job->size);
    curl_easy_setopt (job->easy, CURLOPT_WRITEFUNCTION, s_discard);
}

//  A transfer for a claimed row, added to the multi handle.
static void
s_address (s_worker_t *self, s_job_t *job)
{
    if (strcmp (job->channel, "email") == 0) {
        vp_val_t *who = vp_staff_officer (self->db, job->officer);
        snprintf (job->address, sizeof job->address, "%s", who && vp_map_str (who, VP_K_EMAIL) ? vp_map_str (who, VP_K_EMAIL) : "");
        vp_val_destroy (&who);
        return;
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT webhook FROM ntf_prefs WHERE officer = ?1", NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, job->officer, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
        snprintf (job->address, sizeof job->address, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
}

static void
s_start (s_worker_t *self, const vp_val_t *row)
{
    s_job_t *job = (s_job_t *) zmalloc (sizeof (s_job_t));
    job->rowid = vp_map_int (row, "rowid", 0);
    snprintf (job->tenant, sizeof job->tenant, "%s", vp_map_str (row, VP_K_TENANT));
    snprintf (job->id, sizeof job->id, "%s", vp_map_str (row, VP_K_ID));
    snprintf (job->channel, sizeof job->channel, "%s", vp_map_str (row, VP_K_CHANNEL));
    snprintf (job->officer, sizeof job->officer, "%s", vp_map_str (row, VP_K_OFFICER));
    snprintf (job->corr, sizeof job->corr, "%s", vp_map_str (row, VP_K_CORR) ? vp_map_str (row, VP_K_CORR) : "");
    snprintf (job->address, sizeof job->address, "%s", vp_map_str (row, "address"));
    snprintf (job->cause_type, sizeof job->cause_type, "%s", vp_map_str (row, VP_K_CAUSE_TYPE) ? vp_map_str (row, VP_K_CAUSE_TYPE) : "");
    snprintf (job->document, sizeof job->document, "%s", vp_map_str (row, VP_K_DOCUMENT) ? vp_map_str (row, VP_K_DOCUMENT) : "");
    job->agency = ntf_agency_cause (job->cause_type);
    //  A delivery read back from the notify stream (ntf_recall) was made
    //  without its address: the officer's, as now known.
    if (!*job->address)
        s_address (self, job);
    //  The id a receiver de-duplicates on: of the cause, the recipient and
    //  the channel, the same whoever sends it again, rebuilt or restored.
    char what[NTF_ID_MAX + 24];
    snprintf (what, sizeof what, "%s%c%s", job->officer, 0, job->channel);
    char derived[VP_ID_LEN + 1];
    vp_id_derive (derived, vp_map_str (row, VP_K_CAUSE) ? vp_map_str (row, VP_K_CAUSE) : job->id, what,
                  strlen (job->officer) + 1 + strlen (job->channel));
    snprintf (job->message_id, sizeof job->message_id, "%s@%s", derived, self->service->cfg->mail_domain);
    job->attempt = (int) vp_map_int (row, VP_K_ATTEMPTS, 0) + 1;
    job->easy = curl_easy_init ();
    curl_easy_setopt (job->easy, CURLOPT_PRIVATE, job);
    curl_easy_setopt (job->easy, CURLOPT_ERRORBUFFER, job->error);
    curl_easy_setopt (job->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (job->easy, CURLOPT_TIMEOUT_MS, (long) self->settings->send_timeout_ms);
    curl_easy_setopt (job->easy, CURLOPT_CONNECTTIMEOUT_MS, (long) self->settings->send_timeout_ms);
    self->jobs[self->njobs++] = job;
    //  Only an agency's mail is made without a server to send it (an
    //  officer's goes by e-mail only when there is one: ntf_prefs); it
    //  fails saying so, the receiver's page shows why.
    if (strcmp (job->channel, "email") == 0 && !*self->settings->smtp_url) {
        snprintf (job->outcome, sizeof job->outcome, "chưa có máy chủ thư (VP_SMTP_URL chưa đặt)");
        job->done = true;
        return;
    }
    //  The document mailed to an agency goes with its files, or not yet.
    if (strcmp (job->channel, "email") == 0 && !strcmp (job->cause_type, "documents.outgoing_mail")
    &&  s_fetch (self, job)) {
        job->done = true;
        return;
    }
    if (strcmp (job->channel, "email") == 0)
        s_email (self, job, row);
    else
        s_webhook (self, job, row);
    curl_multi_add_handle (self->multi, job->easy);
}

//  Take the due rows that fit (marked sending, attempt counted), start them.
static void
s_claim (s_worker_t *self)
{
    int room = self->settings->inflight - self->njobs;
    if (room <= 0 || self->terminated)
        return;
    vp_err_t err = { 0 };
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.rowid AS rowid, d.tenant, d.id, d.channel, d.address, d.name AS to_name, d.attempts, n.officer,"
        " n.on_behalf_of,"
        " n.urgency, n.subject, n.text, n.cause, n.cause_type, n.document, n.entry, n.corr, n.created_at"
        " FROM ntf_delivery d JOIN ntf_notification n ON n.tenant = d.tenant AND n.id = d.id"
        " WHERE d.status = 'pending' AND d.next_at <= ?1 ORDER BY d.next_at LIMIT ?2", &err);
    if (!stmt)
        return;
    sqlite3_bind_int64 (stmt, 1, vp_clock_now ());
    sqlite3_bind_int (stmt, 2, room);
    //  Looked at outside a transaction first: an idle worker writes nothing.
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return;
    }
    sqlite3_reset (stmt);
    if (vp_db_begin (self->db, &err))
        return;
    vp_val_t *rows = vp_db_rows (stmt);
    sqlite3_stmt *mark = vp_db_cached (self->db,
        "UPDATE ntf_delivery SET status = 'sending', attempts = attempts + 1 WHERE rowid = ?1", &err);
    int rc = mark ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < vp_val_len (rows); i++) {
        sqlite3_bind_int64 (mark, 1, vp_map_int (vp_array_at (rows, i), "rowid", 0));
        rc = sqlite3_step (mark) == SQLITE_DONE ? 0 : vp_db_error (self->db, &err, "claim");
        sqlite3_reset (mark);
    }
    if (rc == 0 && vp_db_commit (self->db, &err) == 0)
        for (size_t i = 0; i < vp_val_len (rows); i++)
            s_start (self, vp_array_at (rows, i));
    else {
        vp_db_rollback (self->db);
        int held = 0;
        if (vp_ratelimit_ok (&self->warnings, &held))
            vp_warn ("deliveries not taken, trying again: %s", err.message);
    }
    vp_val_destroy (&rows);
}

//  notify.<event> of a job, in the worker's transaction, into the outbox.
static int
s_emit (s_worker_t *self, s_job_t *job, const char *event, vp_val_t *data, vp_err_t *err)
{
    char type[64];
    snprintf (type, sizeof type, "notify.%s", event);
    vp_map_put_str (data, VP_K_ID, job->id);
    vp_map_put_str (data, VP_K_OFFICER, job->officer);
    vp_map_put_str (data, VP_K_CHANNEL, job->channel);
    //  vp-documents shows on the document's receivers how it went.
    if (job->agency) {
        vp_map_put_str (data, VP_K_DELIVERY, job->officer);
        vp_map_put_str (data, VP_K_CAUSE_TYPE, job->cause_type);
    }
    vp_val_t *env = vp_envelope_new ("notify", type, job->tenant, "notify", *job->corr ? job->corr : NULL, data);
    return vp_outbox_add (self->db, env, err);
}

//  The outcome of a finished job and its event, in one transaction.
//  -1 when the database is busy: the job waits and is recorded later.
static int
s_record (s_worker_t *self, s_job_t *job, bool *gave_up)
{
    vp_err_t err = { 0 };
    if (vp_db_begin (self->db, &err))
        return -1;
    int64_t now = vp_clock_now ();
    const char *sql;
    vp_val_t *data = vp_val_map ();
    const char *event;
    int64_t next_at = 0;
    if (job->ok) {
        sql = "UPDATE ntf_delivery SET status = 'sent', sent_at = ?2, last_error = NULL WHERE rowid = ?1";
        event = "sent";
        vp_map_put_int (data, VP_K_ATTEMPT, job->attempt);
        vp_map_put_str (data, VP_K_TO, job->address);
    }
    else
    if (job->cancelled) {
        sql = "UPDATE ntf_delivery SET status = 'cancelled', last_error = ?3 WHERE rowid = ?1 AND ?2 IS NOT NULL";
        event = "cancelled";
        vp_map_put_str (data, VP_K_REASON, job->outcome);
    }
    else
    if (job->attempt >= self->settings->max_attempts) {
        sql = "UPDATE ntf_delivery SET status = 'failed', last_error = ?3 WHERE rowid = ?1 AND ?2 IS NOT NULL";
        event = "failed";
        vp_map_put_int (data, VP_K_ATTEMPTS, job->attempt);
        vp_map_put_str (data, VP_K_ERROR, job->outcome);
        *gave_up = true;
    }
    else {
        int64_t wait = self->settings->retry_base_ms;
        for (int i = 1; i < job->attempt && wait < self->settings->retry_max_ms; i++)
            wait *= 2;
        if (wait > self->settings->retry_max_ms)
            wait = self->settings->retry_max_ms;
        next_at = now + wait;
        sql = "UPDATE ntf_delivery SET status = 'pending', next_at = ?4, last_error = ?3 WHERE rowid = ?1"
              " AND ?2 IS NOT NULL";
        event = "retry";
        vp_map_put_int (data, VP_K_ATTEMPT, job->attempt);
        vp_map_put_str (data, VP_K_ERROR, job->outcome);
        vp_map_put_int (data, VP_K_NEXT_AT, next_at);
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, &err);
    int rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_int64 (stmt, 1, job->rowid);
        sqlite3_bind_int64 (stmt, 2, now);
        if (!job->ok)
            sqlite3_bind_text (stmt, 3, job->outcome, -1, SQLITE_STATIC);
        if (next_at)
            sqlite3_bind_int64 (stmt, 4, next_at);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, &err, "delivery");
        sqlite3_reset (stmt);
    }
    if (rc == 0)
        rc = s_emit (self, job, event, data, &err);
    else
        vp_val_destroy (&data);
    if (rc == 0)
        rc = vp_db_commit (self->db, &err);
    else
        vp_db_rollback (self->db);
    if (rc) {
        int held = 0;
        if (vp_ratelimit_ok (&self->warnings, &held))
            vp_warn ("outcome of %s %s not recorded yet: %s", job->id, job->channel, err.message);
        return -1;
    }
    vp_log (job->ok || job->cancelled ? VP_LOG_INFO : VP_LOG_WARN, job->tenant, job->corr, "%s %s to %s: %s%s (attempt %d)",
            job->id, job->channel, job->address, job->cancelled ? "cancelled: " : "", job->ok ? "sent" : job->outcome,
            job->attempt);
    return 0;
}

//  Finished transfers -> outcomes; every finished job that is recorded
//  leaves the list.
static void
s_collect (s_worker_t *self)
{
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read (self->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        s_job_t *job = NULL;
        curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &job);
        CURLcode result = msg->data.result;
        long code = 0;
        curl_easy_getinfo (job->easy, CURLINFO_RESPONSE_CODE, &code);
        bool http = strcmp (job->channel, "webhook") == 0;
        job->ok = result == CURLE_OK && (!http || (code >= 200 && code < 300));
        if (result != CURLE_OK)
            snprintf (job->outcome, sizeof job->outcome, "%s", *job->error ? job->error : curl_easy_strerror (result));
        else
        if (!job->ok)
            snprintf (job->outcome, sizeof job->outcome, "HTTP %ld", code);
        job->done = true;
        curl_multi_remove_handle (self->multi, job->easy);
    }
    bool gave_up = false;
    int kept = 0;
    for (int i = 0; i < self->njobs; i++) {
        s_job_t *job = self->jobs[i];
        if (job->done && s_record (self, job, &gave_up) == 0)
            s_job_destroy (&job);
        else
            self->jobs[kept++] = job;
    }
    self->njobs = kept;
    if (gave_up)
        zstr_send (self->pipe, "FAILED");
}

//  Rows left `sending`: by a crash (start: sent again, the attempt
//  counted), or by a stop in the middle of a transfer (the attempt not
//  made: not counted).
static void
s_release (s_worker_t *self, const char *sql)
{
    vp_err_t err = { 0 };
    if (vp_db_exec (self->db, sql, &err))
        vp_warn ("cannot release deliveries in progress: %s", err.message);
}

static void
s_handle_pipe (s_worker_t *self)
{
    while (zsock_events (self->pipe) & ZMQ_POLLIN) {
        char *command = zstr_recv (self->pipe);
        if (!command || streq (command, "$TERM"))
            self->terminated = true;
        zstr_free (&command);
        if (self->terminated)
            break;
    }
}

void
ntf_deliver_actor (zsock_t *pipe, void *args)
{
    ntf_service_t *service = (ntf_service_t *) args;
    s_worker_t self = {
        .service = service, .settings = &service->settings, .pipe = pipe,
        .warnings = VP_RATELIMIT_INIT (5)
    };
    vp_err_t err = { 0 };
    self.db = vp_db_open (service->cfg->data_dir, "notify.db", &err);
    self.multi = curl_multi_init ();
    self.jobs = (s_job_t **) zmalloc (sizeof (s_job_t *) * (size_t) self.settings->inflight);
    zsock_signal (pipe, 0);
    if (!self.db) {
        vp_error ("delivery worker: %s", err.message);
        while (!self.terminated) {
            char *command = zstr_recv (pipe);
            self.terminated = !command || streq (command, "$TERM");
            zstr_free (&command);
        }
    }
    else
        s_release (&self, "UPDATE ntf_delivery SET status = 'pending' WHERE status = 'sending'");
    int64_t stop_by = 0;
    while (self.db) {
        s_handle_pipe (&self);
        if (self.terminated && !stop_by)
            stop_by = vp_clock_mono () + S_STOP_GRACE_MS;
        if (stop_by && (self.njobs == 0 || vp_clock_mono () >= stop_by))
            break;
        s_claim (&self);
        int running = 0;
        curl_multi_perform (self.multi, &running);
        s_collect (&self);
        struct curl_waitfd wait = { .fd = zsock_fd (pipe), .events = CURL_WAIT_POLLIN };
        curl_multi_poll (self.multi, &wait, 1, S_POLL_MS, NULL);
    }
    //  Transfers cut short by the stop: their attempt was not made.
    for (int i = 0; i < self.njobs; i++) {
        char sql[160];
        snprintf (sql, sizeof sql, "UPDATE ntf_delivery SET status = 'pending', attempts = max (attempts - 1, 0)"
                                   " WHERE rowid = %lld AND status = 'sending'", (long long) self.jobs[i]->rowid);
        if (self.db)
            s_release (&self, sql);
        if (!self.jobs[i]->done)
            curl_multi_remove_handle (self.multi, self.jobs[i]->easy);
        s_job_destroy (&self.jobs[i]);
    }
    free (self.jobs);
    vp_cmdcli_destroy (&self.documents);
    curl_multi_cleanup (self.multi);
    vp_db_close (&self.db);
}
