/*  proto/notify.c - who is told, inbox, channels, retries, escalation,
    acknowledgement.

    A notification id is "n-<n>" per tenant. A notification is decided
    once per (cause, cause_type, recipient): the cause is the id of the
    event that caused it (documents.*, calendar.*, staffing.*), or for an
    escalation or a failure notice the id of the notification it is about.
    Every notification is in the recipient's inbox; email and webhook
    deliveries follow the recipient's preferences.
*/
#include "proto_fields.h"


static const char *const s_channels[] = { "email", "webhook", NULL };
static const char *const s_list_status[] = { "unacked", "acked", "pending", "sent", "failed", NULL };
static const char *const s_config_kinds[] = { "template", NULL };

#define URGENCY(req) { .name = "urgency", .type = VP_F_STR, .required = req, .one_of = vp_urgency_ids, \
                       .doc = "độ khẩn of the cause: thuong, khan, thuong-khan, hoa-toc (the last two go at once, even in quiet hours)" }
#define CHANNEL { .name = "channel", .type = VP_F_STR, .required = true, .one_of = s_channels, \
                  .doc = "email or webhook (the inbox needs no delivery)" }
#define CHANNELS(req, d) { .name = "channels", .type = VP_F_ARRAY, .required = req, .item = VP_F_STR, \
                           .max = 3, .doc = d }

//  ---------------------------------------------------------------- events

static const vp_field_t s_created[] = {
    ID ("id", true, "notification id, `n-<n>`"),
    TEXT ("cause", true, 64, "the id of the event that caused it, or of the notification an escalation or a failure notice is about"),
    TEXT ("cause_type", true, 96, "its type, e.g. `documents.assigned`, `notify.escalated`"),
    ID ("officer", true, "the recipient: an officer, or for a mail to an outside agency vp-documents' delivery id"),
    ID ("on_behalf_of", false, "the officer the recipient acts for (delegation, leave)"),
    URGENCY (true),
    TEXT ("subject", true, 400, "the message's subject (the template of cause_type)"),
    TEXT ("text", true, 4000, "the message"),
    CHANNELS (true, "the channels it goes on besides the inbox: email, webhook"),
    ID ("document", false, "the document it is about"),
    ID ("entry", false, "the calendar entry it is about"),
    TIME ("held_until", false, "quiet hours: email and webhook wait until then"),
    TIME ("escalate_at", false, "told to the office head then unless acknowledged"),
    TEXT ("to", false, 254, "an outside agency's e-mail address: the recipient is then vp-documents' delivery id, "
                            "and the one delivery goes there whatever any preference"),
    TEXT ("to_name", false, 200, "that agency's name, the display name of the mail's To"),
    { NULL }
};

//  What a delivery to an outside agency names besides (vp-documents follows it).
#define AGENCY \
    ID ("delivery", false, "vp-documents' delivery id, for a mail to an outside agency"), \
    TEXT ("cause_type", false, 96, "the cause's type: documents.outgoing_mail or documents.outgoing_recalled")

static const vp_field_t s_sent[] = {
    ID ("id", true, "notification id"),
    ID ("officer", true, "the recipient"),
    CHANNEL,
    UINT ("attempt", true, 1000, "1 for the first attempt"),
    TEXT ("to", true, 500, "the address: e-mail or webhook URL"),
    AGENCY,
    { NULL }
};

static const vp_field_t s_retry[] = {
    ID ("id", true, "notification id"),
    ID ("officer", true, "the recipient"),
    CHANNEL,
    UINT ("attempt", true, 1000, "the attempt that failed"),
    TEXT ("error", true, 1000, "why it failed"),
    TIME ("next_at", true, "when it is tried again (exponential backoff)"),
    AGENCY,
    { NULL }
};

static const vp_field_t s_failed[] = {
    ID ("id", true, "notification id"),
    ID ("officer", true, "the recipient"),
    CHANNEL,
    UINT ("attempts", true, 1000, "attempts made"),
    TEXT ("error", true, 1000, "why the last one failed"),
    AGENCY,
    { NULL }
};

static const vp_field_t s_cancelled[] = {
    ID ("id", true, "notification id"),
    ID ("officer", true, "the recipient"),
    CHANNEL,
    TEXT ("reason", true, 1000, "why it is not sent any more"),
    AGENCY,
    { NULL }
};

static const vp_field_t s_held[] = {
    ID ("id", true, "notification id"),
    ID ("officer", true, "the recipient"),
    TIME ("until", true, "the end of the recipient's quiet hours"),
    TEXT ("quiet_hours", true, 16, "the recipient's quiet hours, e.g. `22:00-06:00`"),
    { NULL }
};

static const vp_field_t s_escalated[] = {
    ID ("id", true, "the notification nobody acknowledged"),
    ID ("officer", true, "its recipient"),
    ID ("to", true, "the office head (whoever acts for that post) now told"),
    UINT ("after_ms", true, 0, "how long it had waited unacknowledged"),
    ID ("notice", false, "the office head's notification"),
    { NULL }
};

static const char *const s_ack_by[] = { "ack", "viewed", NULL };

static const vp_field_t s_acked[] = {
    ID ("id", true, "notification id"),
    ID ("officer", true, "the recipient, who acknowledged it"),
    UINT ("after_ms", true, 0, "time from the notification to its acknowledgement"),
    { .name = "by", .type = VP_F_STR, .one_of = s_ack_by,
      .doc = "how: `ack` (notify.ack), `viewed` (the recipient opened the document: documents.viewed)" },
    { NULL }
};

static const vp_field_t s_prefs_changed[] = {
    ID ("officer", true, "whose preferences"),
    CHANNELS (true, "channels besides the inbox (always on)"),
    TEXT ("webhook", false, 500, "the webhook URL"),
    TEXT ("quiet_hours", false, 16, "e.g. `22:00-06:00`, in the commune's zone"),
    { NULL }
};

static const vp_field_t s_config_changed[] = {
    { .name = "what", .type = VP_F_STR, .required = true, .one_of = s_config_kinds,
      .doc = "which configuration: a message template" },
    { .name = "config", .type = VP_F_MAP, .required = true,
      .doc = "the entry as it now is (the command's result)" },
    { NULL }
};


EVENT (vp_proto_ntf_created, "notify.created", s_created,
       "A notification was decided and written to the recipient's inbox (once per cause and recipient).");
EVENT (vp_proto_ntf_sent, "notify.sent", s_sent, "A notification was delivered on a channel.");
EVENT (vp_proto_ntf_retry, "notify.retry", s_retry, "A delivery failed and will be tried again.");
EVENT (vp_proto_ntf_failed, "notify.failed", s_failed,
       "A delivery failed its last attempt; the office head is told through the inbox.");
EVENT (vp_proto_ntf_cancelled, "notify.cancelled", s_cancelled,
       "A delivery that is not to be made any more: the outgoing document mailed to an agency was recalled "
       "before the mail went (vp-documents no longer gives its files).");
EVENT (vp_proto_ntf_held, "notify.held", s_held,
       "A non-urgent notification waits for the end of the recipient's quiet hours (the inbox has it already).");
EVENT (vp_proto_ntf_escalated, "notify.escalated", s_escalated,
       "A notification stayed unacknowledged past its time; the office head was told.");
EVENT (vp_proto_ntf_acked, "notify.acked", s_acked, "The recipient acknowledged a notification.");
EVENT (vp_proto_ntf_prefs_changed, "notify.prefs_changed", s_prefs_changed,
       "An officer's channels or quiet hours changed.");
EVENT (vp_proto_ntf_config_changed, "notify.config_changed", s_config_changed,
       "A commune's configuration of notify changed (a message template).");

//  -------------------------------------------------------------- commands

static const vp_field_t s_inbox[] = {
    ID ("officer", false, "whose inbox (default: the actor's own; the office head may see anyone's)"),
    BOOL ("unread", "only what is not acknowledged yet"),
    UINT ("limit", false, 500, "page size, newest first (default 50)"),
    UINT ("offset", false, 0, "rows to skip"),
    { NULL }
};

static const vp_field_t s_ack[] = { ID ("id", true, "notification id (only its recipient acknowledges it)"), { NULL } };

static const vp_field_t s_prefs_get[] = {
    ID ("officer", false, "whose (default: the actor's own; the office head may see anyone's)"),
    { NULL }
};

static const vp_field_t s_prefs_set[] = {
    ID ("officer", false, "whose (default: the actor's own; the office head may set anyone's)"),
    CHANNELS (false, "channels besides the inbox (always on): email, webhook; empty: the inbox only"),
    TEXT ("webhook", false, 500, "the webhook URL (http:// or https://); empty: none"),
    TEXT ("quiet_hours", false, 16, "`HH:MM-HH:MM` in the commune's zone, e.g. `22:00-06:00`; empty: none"),
    { NULL }
};

static const vp_field_t s_list[] = {
    { .name = "status", .type = VP_F_STR, .one_of = s_list_status,
      .doc = "unacked, acked, or with a delivery pending, sent or failed" },
    ID ("officer", false, "only this recipient's"),
    UINT ("limit", false, 500, "page size, newest first (default 50)"),
    UINT ("offset", false, 0, "rows to skip"),
    { NULL }
};

static const vp_field_t s_template_set[] = {
    { .name = "type", .type = VP_F_STR, .required = true, .one_of = vp_ntf_template_ids,
      .doc = "which message: the event type it is for" },
    TEXT ("subject", false, 400, "subject; placeholders `{name}`, sections `{?name}...{/}` shown only when name has a value"),
    TEXT ("text", false, 4000, "text, with the same placeholders"),
    BOOL ("reset", "back to the built-in text"),
    { NULL }
};

static const vp_field_t s_no_fields[] = { { NULL } };

#define COMMAND(var, n, f, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_COMMAND, .version = 1, .doc = d, .fields = f }

COMMAND (vp_proto_ntf_inbox, "notify.inbox", s_inbox,
         "An officer's notifications, newest first, with the count not yet acknowledged.");
COMMAND (vp_proto_ntf_ack, "notify.ack", s_ack, "Acknowledge a notification (stops its escalation).");
COMMAND (vp_proto_ntf_prefs_get, "notify.prefs.get", s_prefs_get, "An officer's channels and quiet hours.");
COMMAND (vp_proto_ntf_prefs_set, "notify.prefs.set", s_prefs_set,
         "Set an officer's channels and quiet hours (fields not given stay as they are).");
COMMAND (vp_proto_ntf_list, "notify.list", s_list,
         "Every notification of the commune with its deliveries (the office head only).");
COMMAND (vp_proto_ntf_template_set, "notify.template.set", s_template_set,
         "Change the message of an event type for the commune (the office head only).");
COMMAND (vp_proto_ntf_template_list, "notify.template.list", s_no_fields,
         "The messages of the commune: each type's subject and text, and the placeholders it may use.");

static const vp_msgdef_t *const s_defs[] = {
    &vp_proto_ntf_created, &vp_proto_ntf_sent, &vp_proto_ntf_retry, &vp_proto_ntf_failed, &vp_proto_ntf_cancelled,
    &vp_proto_ntf_held, &vp_proto_ntf_escalated, &vp_proto_ntf_acked, &vp_proto_ntf_prefs_changed,
    &vp_proto_ntf_config_changed,
    &vp_proto_ntf_inbox, &vp_proto_ntf_ack, &vp_proto_ntf_prefs_get, &vp_proto_ntf_prefs_set,
    &vp_proto_ntf_list, &vp_proto_ntf_template_set, &vp_proto_ntf_template_list,
    NULL
};

const vp_proto_module_t vp_proto_notify = {
    .name = "notify",
    .doc = "vp-notify (commands on `VP_NOTIFY_CMD`, events on stream `notify`): tell the right "
           "officer, once, on the channel they use, and escalate.",
    .defs = s_defs
};
