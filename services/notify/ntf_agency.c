/*  ntf_agency - an outgoing document to an agency outside the deployment.

    documents.outgoing_mail (one per address, emitted by vp-documents when
    the document is issued) becomes one notification whose recipient is
    the delivery id vp-documents gave that address (the agency is no
    officer: it has no inbox, no preferences, no quiet hours), with one
    e-mail delivery to the address. The worker (ntf_deliver) attaches the
    signed PDF and its signature, fetched from vp-documents when it sends.
    documents.outgoing_recalled names the deliveries of the document: each
    agency that was e-mailed gets a short recall notice the same way.

    Both are notifications like any other: decided once per cause and
    recipient in the consumer's transaction, recorded on the notify stream
    (notify.created carries the address, so a rebuilt vp-notify knows it:
    ntf_recall), sent by the worker with the Message-ID derived from the
    cause and the recipient, retried, and told to the office head when
    they fail for good. The worker's notify.sent, retry and failed name the
    delivery, which vp-documents shows on the document's receivers.
*/
#include <string.h>
#include "vp/vp_text.h"
#include "ntf_service.h"
#include "vp/vp_fields.h"

static void
s_put (vp_val_t *vars, const char *key, const vp_val_t *data, const char *field)
{
    if (vp_map_str (data, field))
        vp_map_put_str (vars, key, vp_map_str (data, field));
}

//  What both messages name: the document, its issuer and date.
static vp_val_t *
s_vars (ntf_service_t *self, const char *tenant, const vp_val_t *data)
{
    vp_val_t *vars = vp_val_map ();
    s_put (vars, "label", data, "label");
    s_put (vars, "summary", data, "summary");
    s_put (vars, "issuer", data, "issuer");
    s_put (vars, "signer", data, "signer");
    s_put (vars, "reason", data, "reason");
    vp_map_put_str (vars, "receiver_name", vp_map_str (data, VP_K_NAME) ? vp_map_str (data, VP_K_NAME) : "Quý cơ quan");
    if (vp_map_get (data, VP_K_DOC_DATE)) {
        char zone[64], day[32];
        vp_time_format (vp_map_int (data, VP_K_DOC_DATE, 0), ntf_zone (self, tenant, zone), "%d/%m/%Y", day, sizeof day);
        vp_map_put_str (vars, VP_K_DOC_DATE, day);
    }
    return vars;
}

static int
s_tell (ntf_service_t *self, const vp_val_t *env, const char *delivery, const char *address, const char *name,
        const char *urgency, const char *outgoing, vp_val_t *vars)
{
    const char *tenant = vp_map_str (env, VP_K_TENANT);
    ntf_notice_t notice = {
        .tenant = tenant, .cause = vp_map_str (env, VP_K_ID), .cause_type = vp_map_str (env, VP_K_TYPE),
        .officer = delivery, .to = address, .to_name = name, .urgency = urgency, .document = outgoing, .vars = vars,
        .cause_seq = vp_map_int (env, VP_K_SEQ, 0)
    };
    vp_err_t err = { 0 };
    char id[NTF_ID_MAX];
    if (ntf_inbox_add (self, &notice, id, &err)) {
        vp_log (VP_LOG_WARN, tenant, vp_map_str (env, VP_K_CORR), "cannot write the mail of %s to %s: %s",
                notice.cause_type, address, err.message);
        return -1;
    }
    if (*id)
        vp_log (VP_LOG_INFO, tenant, vp_map_str (env, VP_K_CORR), "%s %s: %s to %s", notice.cause_type, outgoing, id,
                address);
    return 0;
}

int
ntf_agency_mail (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    const char *email = vp_map_str (data, VP_K_EMAIL);
    const char *delivery = vp_map_str (data, VP_K_DELIVERY);
    //  vp-documents refused a bad address at draft time; one that got
    //  past (an older version) is never put on an SMTP line.
    if (!delivery || !vp_text_is_email (email)) {
        vp_log (VP_LOG_WARN, tenant, vp_map_str (env, VP_K_CORR), "documents.outgoing_mail of %s: \"%s\" is no address,"
                " not sent", vp_map_str (data, VP_K_OUTGOING), email);
        return 0;
    }
    vp_val_t *vars = s_vars (self, tenant, data);
    if (vp_map_get (data, VP_K_SIGNED) && vp_val_get_bool (vp_map_get (data, VP_K_SIGNED)))
        vp_map_put_str (vars, VP_K_SIGNED, "ký số");
    int rc = s_tell (self, env, delivery, email, vp_map_str (data, VP_K_NAME), vp_map_str (data, VP_K_URGENCY),
                     vp_map_str (data, VP_K_OUTGOING), vars);
    vp_val_destroy (&vars);
    return rc;
}

int
ntf_agency_recall (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    const vp_val_t *deliveries = vp_map_get (data, VP_K_DELIVERIES);
    vp_val_t *vars = s_vars (self, tenant, data);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (deliveries); i++) {
        const char *delivery = vp_val_get_str (vp_array_at (deliveries, i));
        //  Only an agency this service was asked to e-mail: the other
        //  deliveries are bodies of the deployment, told by their clerk.
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "SELECT d.address, d.name FROM ntf_notification n JOIN ntf_delivery d ON d.tenant = n.tenant AND d.id = n.id"
            " WHERE n.tenant = ?1 AND n.officer = ?2 AND n.cause_type = 'documents.outgoing_mail'"
            " AND d.channel = 'email' AND d.address <> ''", NULL);
        if (!stmt) {
            rc = -1;
            break;
        }
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, delivery, -1, SQLITE_STATIC);
        char address[256] = "", name[256] = "";
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            snprintf (address, sizeof address, "%s", (const char *) sqlite3_column_text (stmt, 0));
            if (sqlite3_column_type (stmt, 1) == SQLITE_TEXT)
                snprintf (name, sizeof name, "%s", (const char *) sqlite3_column_text (stmt, 1));
        }
        sqlite3_reset (stmt);
        //  The notice names the agency as the mail did.
        if (*name)
            vp_map_put_str (vars, "receiver_name", name);
        else
            vp_map_put_str (vars, "receiver_name", "Quý cơ quan");
        if (*address)
            rc = s_tell (self, env, delivery, address, *name ? name : NULL, "thuong", vp_map_str (data, VP_K_OUTGOING),
                         vars);
    }
    vp_val_destroy (&vars);
    return rc;
}

bool
ntf_agency_cause (const char *cause_type)
{
    return cause_type && (!strcmp (cause_type, "documents.outgoing_mail")
                      ||  !strcmp (cause_type, "documents.outgoing_recalled"));
}
