/*  doc_service - the service and what every group of commands shares. */
#include <string.h>
#include "doc_saved.h"
#include "doc_search.h"
#include "doc_service.h"
#include "doc_text.h"
#include "dos_dossier.h"
#include "out.h"
#include "vp/vp_fields.h"

static const char *const s_follow[] = { "staffing", "documents", "notify", NULL };
//  Its own stream: what the deployment's bodies send each other; and
//  vp-notify's: how the mails to outside agencies went (out_mail).
static const vp_handler_t s_events[] = {
    { VP_T_DOCUMENTS_OUTGOING_DELIVERED, out_delivered },
    { VP_T_DOCUMENTS_OUTGOING_RECEIPT, out_receipt },
    { VP_T_DOCUMENTS_OUTGOING_RECALLED, out_recalled },
    { VP_T_DOCUMENTS_REGISTERED, out_incoming_verify },
    { VP_T_DOCUMENTS_ASSIGNED, out_assigned },
    { VP_T_DOCUMENTS_STATUS_CHANGED, out_status_changed },
    { VP_T_NOTIFY_SENT, out_mail_report },
    { VP_T_NOTIFY_RETRY, out_mail_report },
    { VP_T_NOTIFY_FAILED, out_mail_report },
    { NULL }
};
//  The files of the documents, copied with the database by documents.backup.
static const char *const s_backup_folders[] = { "attachments", NULL };

doc_service_t *
doc_service_new (const vp_config_t *cfg, vp_keys_t *keys, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) zmalloc (sizeof (doc_service_t));
    vp_service_opts_t opts = {
        .name = "documents", .cmd_endpoint = cfg->documents_cmd,
        .migrations = doc_migrations, .schema = vp_staff_schema,
        .follow = s_follow, .handlers = s_events, .arg = self, .staff_model = true,
        .backup_folders = s_backup_folders
    };
    vp_service_t *service = vp_service_new (cfg, keys, &opts, err);
    if (!service) {
        free (self);
        return NULL;
    }
    self->service = service;
    self->db = vp_service_db (service);
    self->cmdsrv = vp_service_cmdsrv (service);
    self->cfg = cfg;
    doc_register_register (self);
    doc_book_register (self);
    doc_search_register (self);
    doc_saved_register (self);
    doc_search_export_register (self);
    doc_dashboard_register (self);
    doc_route_register (self);
    doc_deadline_register (self);
    doc_number_register (self);
    doc_archive_register (self);
    doc_freeze_register (self);
    doc_metadata_register (self);
    out_draft_register (self);
    out_consult_register (self);
    out_approve_register (self);
    out_issue_register (self);
    out_sign_register (self);
    out_recall_register (self);
    out_mail_register (self);
    out_incoming_register (self);
    dos_list_register (self);
    dos_calendar_register (self);
    dos_export_pdf_register (self);
    out_reports_register (self);
    out_stats_register (self);
    dos_export_get_register (self);
    if (doc_trail_register (self, err)) {
        doc_service_destroy (&self);
        return NULL;
    }
    doc_attachment_register (self);
    self->text = doc_text_new (self);
    self->opens = dos_opens_new (self);
    return self;
}

void
doc_service_destroy (doc_service_t **self_p)
{
    doc_service_t *self = *self_p;
    if (!self)
        return;
    doc_text_destroy (&self->text);
    dos_opens_destroy (&self->opens);
    doc_search_queue_close (self);
    vp_service_destroy (&self->service);
    free (self);
    *self_p = NULL;
}

int
doc_service_run (doc_service_t *self)
{
    return vp_service_run (self->service);
}


int
doc_emit (doc_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
          const char *event, vp_val_t *data, vp_err_t *err)
{
    //  Every event about a document says how secret it is, so that the
    //  emit leaves its text here (vp_secrecy) and every reader downstream
    //  knows whom to show even the neutral words to.
    const char *document = vp_map_str (data, VP_K_DOCUMENT);
    if (document && !vp_map_get (data, VP_K_SECRECY)) {
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "SELECT secrecy FROM doc_document WHERE tenant = ?1 AND document = ?2", err);
        if (!stmt) {
            vp_val_destroy (&data);
            return -1;
        }
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW && strcmp ((const char *) sqlite3_column_text (stmt, 0), "thuong") != 0)
            vp_map_put_str (data, VP_K_SECRECY, (const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    return vp_service_emit (self->service, ctx, tenant, event, data, err);
}

void
doc_event_ctx (doc_service_t *self, const vp_val_t *env, const char *tenant, vp_cmdctx_t *ctx)
{
    const char *type = vp_map_str (env, VP_K_TYPE), *dot = strchr (type, '.');
    *ctx = (vp_cmdctx_t) {
        .cmd = dot ? dot + 1 : type,
        .id = vp_map_str (env, VP_K_CORR) ? vp_map_str (env, VP_K_CORR) : vp_map_str (env, VP_K_ID),
        .tenant = tenant, .actor = "", .session = "", .arg = self
    };
}

const char *
doc_date (int64_t ms, const char *zone, bool with_time, char buf[32])
{
    return vp_time_format (ms, zone, with_time ? "%d/%m/%Y %H:%M" : "%d/%m/%Y", buf, 32);
}

const char *
doc_zone (doc_service_t *self, const char *tenant, char zone[64])
{
    return vp_staff_zone (self->db, tenant, self->cfg->tz, zone);
}

int
doc_history_add (doc_service_t *self, const char *tenant, const char *document,
                 const char *actor, const char *step, const char *detail, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_history (tenant, document, at, actor, step, detail, principal, role, session)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
    if (!stmt)
        return -1;
    const char *principal, *role, *session;
    //  The command whose change runs, NULL for the service's own work
    //  (the deadline scan).
    doc_trail_of (vp_service_command (self->service), &principal, &role, &session);
    sqlite3_bind_text (stmt, 7, principal, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 8, role, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 9, session, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, vp_clock_now ());
    sqlite3_bind_text (stmt, 4, actor && *actor ? actor : "documents", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, step, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, detail ? detail : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "history");
}

int
doc_emit_config (doc_service_t *self, vp_cmdctx_t *ctx, const char *what,
                 const vp_val_t *result, vp_err_t *err)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_WHAT, what);
    vp_map_put (data, VP_K_CONFIG, vp_val_dup (result));
    return doc_emit (self, ctx, ctx->tenant, "config_changed", data, err);
}
