/*  ntf_schema - vp-notify's own tables: the migrations of owner "notify"
    (vp_db_migrate), in order; never edit one that has shipped. */
#include "ntf_service.h"

//  The schema. Migration 1 is the first version; each later change is a
//  migration of its own, appended (never edit one that has shipped).
const char *const ntf_migrations[] = {
    //  1: notifications (the inbox), their deliveries, preferences,
    //  templates, and the rooms of the communes (names for messages)
    "CREATE TABLE ntf_notification ("
    "  tenant TEXT NOT NULL, id TEXT NOT NULL,"
    "  cause TEXT NOT NULL, cause_type TEXT NOT NULL, cause_seq INTEGER,"
    "  officer TEXT NOT NULL, on_behalf_of TEXT, urgency TEXT NOT NULL,"
    "  subject TEXT NOT NULL, text TEXT NOT NULL, document TEXT, entry TEXT, corr TEXT,"
    "  created_at INTEGER NOT NULL, held_until INTEGER,"
    "  escalate_at INTEGER, escalated_at INTEGER, acked_at INTEGER,"
    "  PRIMARY KEY (tenant, id),"
    //  once per cause and recipient, whatever the redelivery
    "  UNIQUE (cause, cause_type, officer));"
    "CREATE INDEX ntf_notification_inbox ON ntf_notification (tenant, officer, created_at);"
    "CREATE INDEX ntf_notification_created ON ntf_notification (tenant, created_at);"
    "CREATE INDEX ntf_notification_escalate ON ntf_notification (escalate_at)"
    "  WHERE acked_at IS NULL AND escalated_at IS NULL AND escalate_at IS NOT NULL;"
    "CREATE TABLE ntf_delivery ("
    "  tenant TEXT NOT NULL, id TEXT NOT NULL, channel TEXT NOT NULL, address TEXT NOT NULL,"
    "  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL,"
    "  last_error TEXT, sent_at INTEGER, head_told INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (tenant, id, channel));"
    "CREATE INDEX ntf_delivery_due ON ntf_delivery (status, next_at);"
    "CREATE INDEX ntf_delivery_untold ON ntf_delivery (tenant, id)"
    "  WHERE status = 'failed' AND head_told = 0;"
    "CREATE TABLE ntf_prefs ("
    "  officer TEXT PRIMARY KEY, tenant TEXT NOT NULL, channels TEXT NOT NULL, webhook TEXT,"
    "  quiet_hours TEXT, updated_at INTEGER NOT NULL);"
    "CREATE TABLE ntf_template ("
    "  tenant TEXT NOT NULL, type TEXT NOT NULL, subject TEXT NOT NULL, text TEXT NOT NULL,"
    "  updated_at INTEGER NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (tenant, type));"
    "CREATE TABLE ntf_room ("
    "  tenant TEXT NOT NULL, room TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (tenant, room));",
    //  2: the name an outside agency's mail is addressed to (ntf_agency:
    //  the To's display name; an officer's is the staffing read model's)
    "ALTER TABLE ntf_delivery ADD COLUMN name TEXT;",
    NULL
};
