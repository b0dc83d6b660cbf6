/*  ntf_service - vp-notify: tell the right officer, once, on the channel
    they use, and escalate.

    The process (database, command server, outbox, consumer, loop) is the
    common vp_service. It follows `staffing` (its own copy of the staffing
    read model: who is on leave, who heads the office, e-mail addresses),
    `documents` and `calendar`; the events that concern people become
    notifications in the consumer's transaction, so each is decided once
    however often the bus delivers its cause.

    Concerns, one file each (prefix ntf_):
      ntf_decide    an event -> its recipients (assignee, participant,
                    their delegate when on leave, the office head)
      ntf_inbox     a notification written to the inbox with its
                    deliveries; notify.inbox, ack, list
      ntf_template  the messages per event type, editable by command
      ntf_prefs     channels and quiet hours per officer
      ntf_deliver   the delivery worker: e-mail (SMTP) and webhooks over
                    libcurl, retries with backoff, on its own thread
      ntf_mail      an RFC 5322 message from a notification, with
                    files (an outgoing document to an outside agency)
      ntf_agency    documents.outgoing_mail and _recalled: the mail to an
                    agency outside the deployment, and its recall notice
      ntf_escalate  the scan: unacknowledged past its time, and failures,
                    told to the office head
*/
#ifndef NTF_SERVICE_H_INCLUDED
#define NTF_SERVICE_H_INCLUDED

#include "vp/vp.h"

#define NTF_ID_MAX 65
#define NTF_SUBJECT_MAX 400
#define NTF_TEXT_MAX 4000
#define NTF_URL_MAX 501

//  The service's own options (VP_NOTIFY_*, VP_SMTP_*), read once.
typedef struct {
    int64_t retry_base_ms;      //  first retry after this; doubled each time
    int64_t retry_max_ms;       //  no wait longer than this
    int max_attempts;           //  then notify.failed
    int64_t escalate_ms;        //  unacknowledged this long -> the office head
    int64_t escalate_urgent_ms; //  the same for hỏa tốc and thượng khẩn
    int64_t stale_ms;           //  an event older than this when applied is not told
    int64_t scan_ms;            //  period of the escalation scan
    int64_t send_timeout_ms;    //  one SMTP or HTTP attempt
    int inflight;               //  deliveries at once
    char smtp_url[VP_PATH_MAX]; //  empty: no e-mail
    char smtp_from[256];
} ntf_settings_t;

typedef struct {
    vp_service_t *service;
    sqlite3 *db;                //  the service's database
    vp_cmdsrv_t *cmdsrv;        //  its command server
    const vp_config_t *cfg;
    ntf_settings_t settings;
    zactor_t *deliver;          //  the delivery worker
    vp_keys_t *keys;            //  the service's own: the worker fetches files from vp-documents
} ntf_service_t;

//  The settings from the service's options (main.c's table), checked.
int ntf_settings_load (ntf_settings_t *settings, const vp_option_t *options, vp_err_t *err);

ntf_service_t *ntf_service_new (const vp_config_t *cfg, vp_keys_t *keys, const ntf_settings_t *settings,
                                vp_err_t *err);
void ntf_service_destroy (ntf_service_t **self_p);
int ntf_service_run (ntf_service_t *self);


//  The zone of a tenant (from the staffing read model; default VP_TZ).
const char *ntf_zone (ntf_service_t *self, const char *tenant, char zone[64]);
//  "17:00 04/12/2026": a time as the messages show it, in the tenant's zone.
char *ntf_time_text (ntf_service_t *self, const char *tenant, int64_t ms, char *buf, size_t size);
//  An officer's full name, or the id when unknown.
void ntf_name (ntf_service_t *self, const char *officer, char *name, size_t size);

//  The officer a command is about (args.officer, default the actor): the
//  actor's own, or anyone's of the tenant for the office head.
int ntf_access_officer (ntf_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
                        const char **officer, vp_err_t *err);

//  ntf_decide: the handlers of the events followed, an event -> its
//  notifications (in the consumer's transaction; arg: the ntf_service_t).
//  Each returns -1 only when the database fails.
extern const vp_handler_t ntf_decide[];

//  ntf_agency: documents.outgoing_mail and documents.outgoing_recalled
//  (rows of ntf_decide).
int ntf_agency_mail (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);
int ntf_agency_recall (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);
//  Is a notification of this cause a mail to an agency (its recipient a
//  delivery of vp-documents, its address in the delivery)?
bool ntf_agency_cause (const char *cause_type);

//  ntf_inbox: one notification to write, with its deliveries and events.
typedef struct {
    const char *tenant;
    const char *cause;          //  event id, or the notification an internal notice is about
    const char *cause_type;     //  its type: the template used
    const char *officer;        //  recipient: an officer, or vp-documents' delivery id (an agency)
    const char *to;             //  an outside agency's e-mail address (one delivery, no preferences), or NULL
    const char *to_name;        //  the agency's name for the To, or NULL
    const char *on_behalf_of;   //  or NULL
    const char *urgency;
    const char *document;       //  or NULL
    const char *entry;          //  or NULL
    vp_val_t *vars;             //  the template's values (strings), borrowed
    bool inbox_only;            //  no e-mail or webhook (failure notices)
    bool escalates;             //  to the office head unless acknowledged
    vp_cmdctx_t *ctx;           //  NULL inside apply (the cause's corr)
    int64_t cause_seq;          //  the cause's seq on the bus (0: none)
} ntf_notice_t;

//  Write it (and its deliveries, notify.created, notify.held) unless the
//  same cause has already been told to the same recipient. id (when not
//  NULL) gets the notification's id ("" when it existed). -1 only when
//  the database fails.
int ntf_inbox_add (ntf_service_t *self, const ntf_notice_t *notice, char id[NTF_ID_MAX], vp_err_t *err);

//  Acknowledge notification id of tenant, by "ack" (the recipient's
//  notify.ack) or "viewed" (they opened the document), with notify.acked,
//  in the caller's transaction (ctx NULL inside apply). 0 when acknowledged
//  now, 1 when it was already (no change, no event); acked_at gets the
//  time either way. -1 with not_found, or when the database fails.
int ntf_inbox_ack (ntf_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const char *id, const char *by,
                   int64_t *acked_at, vp_err_t *err);

//  ntf_template: render the message of `type` for tenant with vars.
int ntf_template_render (ntf_service_t *self, const char *tenant, const char *type, const vp_val_t *vars,
                         char subject[NTF_SUBJECT_MAX + 1], char text[NTF_TEXT_MAX + 1]);

//  ntf_prefs: where and when a recipient is told.
typedef struct {
    bool email;
    char email_to[256];
    bool webhook;
    char webhook_url[NTF_URL_MAX];
    int64_t held_until;         //  0: not held
    char quiet_hours[16];       //  "" when none
} ntf_route_t;

int ntf_prefs_route (ntf_service_t *self, const char *tenant, const char *officer, const char *urgency,
                     int64_t now, ntf_route_t *route, vp_err_t *err);

//  ntf_escalate: run the scan now (escalations, failure notices).
void ntf_escalate_scan (ntf_service_t *self);

//  ntf_deliver: the worker (a zactor); it sends "FAILED" on its pipe when
//  a delivery gave up, so the office head is told at once.
void ntf_deliver_actor (zsock_t *pipe, void *args);

//  The recall of vp-notify's own stream (ntf_recall.c).
extern vp_apply_fn *const ntf_recall;

//  Each group registers its commands (and ntf_escalate its timer).
void ntf_inbox_register (ntf_service_t *self);
void ntf_prefs_register (ntf_service_t *self);
void ntf_template_register (ntf_service_t *self);
void ntf_escalate_register (ntf_service_t *self);

//  The service's schema, migration by migration (ntf_schema.c).
extern const char *const ntf_migrations[];

#endif
