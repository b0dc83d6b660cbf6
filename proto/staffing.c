/*  proto/staffing.c - communes, bodies, posts, officers, appointments, leave.

    Events carry everything a read model needs (common/vp_staff.c builds
    the same tables from them in every service). Times are ms since the
    epoch (UTC); a period is [from, to) and a missing `to` means open.
*/
#include "proto_fields.h"

static const char *const s_body_kinds[] = { "party", "state", "front", "mass", "office", NULL };
static const char *const s_statuses[] = { "active", "moved", "left", NULL };


//  ---------------------------------------------------------------- events

static const vp_field_t s_tenant_created[] = {
    ID ("tenant", true, "tenant id, e.g. `lam-son`"),
    TEXT ("name", true, 200, "name with diacritics, e.g. `Lam Sơn`"),
    TEXT ("district", false, 200, "district, e.g. `Đô Lương`"),
    TIME ("merged_on", false, "when the merged office took effect; absent: not merged yet"),
    TEXT ("zone", false, 64, "time zone for dates shown to people (default Asia/Ho_Chi_Minh)"),
    { NULL }
};

static const vp_field_t s_body_created[] = {
    ID ("body", true, "body id within the tenant, e.g. `ubnd`"),
    TEXT ("name", true, 200, "e.g. `Ủy ban nhân dân`"),
    TEXT ("abbr", false, 16, "abbreviation on documents, e.g. `UBND`"),
    { .name = "kind", .type = VP_F_STR, .required = true, .one_of = s_body_kinds,
      .doc = "party, state, front, mass or office" },
    { NULL }
};

static const vp_field_t s_post_created[] = {
    ID ("post", true, "post id within the tenant, e.g. `chu-tich-ubnd`"),
    ID ("body", true, "the body it belongs to"),
    TEXT ("title", true, 200, "e.g. `Chủ tịch UBND`"),
    { .name = "fields", .type = VP_F_ARRAY, .item = VP_F_ID, .max = 32,
      .doc = "fields of work (lĩnh vực) routing uses, e.g. `dat-dai`" },
    { .name = "clearance", .type = VP_F_STR, .one_of = vp_secrecy_ids,
      .doc = "highest secrecy it may see: thuong (default), mat, toi-mat, tuyet-mat" },
    { .name = "heads_office", .type = VP_F_BOOL, .doc = "the head of the office (acts for vacant posts)" },
    TIME ("from", true, "when the post exists from"),
    { NULL }
};

static const vp_field_t s_post_closed[] = {
    ID ("post", true, "which post"),
    TIME ("to", true, "when it ceased to exist (its open appointments end then too)"),
    { NULL }
};

static const vp_field_t s_officer_created[] = {
    ID ("officer", true, "officer id, unique in the district"),
    TEXT ("full_name", true, 200, "full name with diacritics"),
    TEXT ("email", false, 254, "e-mail address"),
    TEXT ("phone", false, 32, "phone number"),
    TEXT ("chat_id", false, 128, "chat id for a gateway"),
    { .name = "status", .type = VP_F_STR, .required = true, .one_of = s_statuses,
      .doc = "active, moved (to a mass organization) or left" },
    { NULL }
};

static const vp_field_t s_officer_updated[] = {
    ID ("officer", true, "which officer"),
    TEXT ("full_name", false, 200, "new full name"),
    TEXT ("email", false, 254, "new e-mail (empty: none)"),
    TEXT ("phone", false, 32, "new phone (empty: none)"),
    TEXT ("chat_id", false, 128, "new chat id (empty: none)"),
    { .name = "status", .type = VP_F_STR, .one_of = s_statuses, .doc = "new status" },
    TIME ("at", true, "when the change takes effect"),
    { NULL }
};

static const vp_field_t s_appointed[] = {
    ID ("appointment", true, "appointment id"),
    ID ("officer", true, "who"),
    ID ("post", true, "to which post"),
    TIME ("from", true, "start"),
    TIME ("to", false, "end, when known"),
    { NULL }
};

static const vp_field_t s_appointment_ended[] = {
    ID ("appointment", true, "which appointment"),
    ID ("officer", true, "who held it"),
    ID ("post", true, "which post"),
    TIME ("to", true, "when it ended"),
    { NULL }
};

static const vp_field_t s_leave_started[] = {
    ID ("leave", true, "leave id"),
    ID ("officer", true, "who is on leave"),
    TIME ("from", true, "first moment of leave"),
    TIME ("to", true, "end of leave (exclusive)"),
    ID ("delegate", true, "who acts for the officer meanwhile (ủy quyền)"),
    { NULL }
};

static const vp_field_t s_leave_ended[] = {
    ID ("leave", true, "which leave"),
    ID ("officer", true, "who came back"),
    TIME ("to", true, "when the leave ended (may be earlier than planned)"),
    { NULL }
};


EVENT (vp_proto_staffing_tenant_created, "staffing.tenant_created", s_tenant_created,
       "A commune (tenant) was created. The envelope's tenant is the same id.");
EVENT (vp_proto_staffing_body_created, "staffing.body_created", s_body_created,
       "A body of a commune (Đảng ủy, UBND, MTTQ, a mass organization, the merged office).");
EVENT (vp_proto_staffing_post_created, "staffing.post_created", s_post_created,
       "A post of a body, with its fields of work and secrecy clearance.");
EVENT (vp_proto_staffing_post_closed, "staffing.post_closed", s_post_closed,
       "A post ceased to exist (e.g. an office post at the merger); its history stays.");
EVENT (vp_proto_staffing_officer_created, "staffing.officer_created", s_officer_created,
       "An officer of the commune.");
EVENT (vp_proto_staffing_officer_updated, "staffing.officer_updated", s_officer_updated,
       "Contacts or status of an officer changed; only the fields given changed.");
EVENT (vp_proto_staffing_appointed, "staffing.appointed", s_appointed,
       "An officer was appointed to a post; several open appointments at once are normal (kiêm nhiệm).");
EVENT (vp_proto_staffing_appointment_ended, "staffing.appointment_ended", s_appointment_ended,
       "An appointment ended.");
EVENT (vp_proto_staffing_leave_started, "staffing.leave_started", s_leave_started,
       "An officer goes on leave and names a delegate.");
EVENT (vp_proto_staffing_leave_ended, "staffing.leave_ended", s_leave_ended,
       "An officer's leave ended (at its planned end or earlier).");

//  -------------------------------------------------------------- commands

static const vp_field_t s_no_fields[] = { { NULL } };

static const vp_field_t s_tenant_get[] = { ID ("tenant", false, "which tenant (default: the request's)"), { NULL } };

static const vp_field_t s_body_create[] = {
    ID ("body", true, "body id, e.g. `ubnd`"),
    TEXT ("name", true, 200, "name"),
    TEXT ("abbr", false, 16, "abbreviation"),
    { .name = "kind", .type = VP_F_STR, .required = true, .one_of = s_body_kinds, .doc = "kind of body" },
    { NULL }
};

static const vp_field_t s_post_create[] = {
    ID ("post", true, "post id"),
    ID ("body", true, "its body"),
    TEXT ("title", true, 200, "title"),
    { .name = "fields", .type = VP_F_ARRAY, .item = VP_F_ID, .max = 32, .doc = "fields of work" },
    { .name = "clearance", .type = VP_F_STR, .one_of = vp_secrecy_ids, .doc = "secrecy clearance" },
    { .name = "heads_office", .type = VP_F_BOOL, .doc = "heads the merged office" },
    TIME ("from", false, "exists from (default: now)"),
    { NULL }
};

static const vp_field_t s_post_close[] = {
    ID ("post", true, "post id"),
    TIME ("to", false, "when it ceases to exist (default: now)"),
    { NULL }
};

static const vp_field_t s_post_get[] = {
    ID ("post", true, "post id"),
    TIME ("at", false, "holders at this time (default: now)"),
    { NULL }
};

static const vp_field_t s_list_at[] = {
    TIME ("at", false, "as at this time (default: now)"),
    ID ("body", false, "only this body"),
    { NULL }
};

static const vp_field_t s_officer_create[] = {
    ID ("officer", true, "officer id"),
    TEXT ("full_name", true, 200, "full name"),
    TEXT ("email", false, 254, "e-mail"),
    TEXT ("phone", false, 32, "phone"),
    TEXT ("chat_id", false, 128, "chat id"),
    { NULL }
};

static const vp_field_t s_officer_update[] = {
    ID ("officer", true, "officer id"),
    TEXT ("full_name", false, 200, "new full name"),
    TEXT ("email", false, 254, "new e-mail (empty: none)"),
    TEXT ("phone", false, 32, "new phone (empty: none)"),
    TEXT ("chat_id", false, 128, "new chat id (empty: none)"),
    { .name = "status", .type = VP_F_STR, .one_of = s_statuses,
      .doc = "new status; moved or left ends every open appointment" },
    TIME ("at", false, "effective from (default: now)"),
    { NULL }
};

static const vp_field_t s_officer_get[] = {
    ID ("officer", true, "officer id"),
    TIME ("at", false, "posts and leave at this time (default: now)"),
    { NULL }
};

static const vp_field_t s_officer_list[] = {
    { .name = "status", .type = VP_F_STR, .one_of = s_statuses, .doc = "only this status" },
    { NULL }
};

static const vp_field_t s_appoint[] = {
    ID ("officer", true, "who"),
    ID ("post", true, "to which post"),
    TIME ("from", false, "start (default: now)"),
    TIME ("to", false, "end, when known"),
    { NULL }
};

static const vp_field_t s_appointment_end[] = {
    ID ("appointment", true, "which appointment"),
    TIME ("to", false, "end (default: now)"),
    { NULL }
};

static const vp_field_t s_leave_start[] = {
    ID ("officer", true, "who goes on leave"),
    TIME ("from", false, "start (default: now)"),
    TIME ("to", true, "planned end (exclusive)"),
    ID ("delegate", true, "who acts meanwhile"),
    { NULL }
};

static const vp_field_t s_leave_end[] = {
    ID ("leave", true, "which leave"),
    TIME ("to", false, "end (default: now)"),
    { NULL }
};

static const vp_field_t s_whois[] = {
    ID ("post", false, "the post (give post or field)"),
    ID ("field", false, "a field of work: the post that has it"),
    TIME ("at", false, "at this time (default: now)"),
    { NULL }
};

static const vp_field_t s_posts_of[] = {
    ID ("officer", true, "officer id"),
    TIME ("at", false, "at this time (default: now)"),
    { NULL }
};

static const vp_field_t s_headcount[] = {
    TIME ("at", false, "at this time (default: now)"),
    { NULL }
};

static const vp_field_t s_tenant_create[] = {
    ID ("tenant", true, "tenant id, e.g. `lam-son`"),
    TEXT ("name", true, 200, "name with diacritics"),
    TEXT ("district", false, 200, "district"),
    TIME ("merged_on", false, "when the merged office took effect"),
    TEXT ("zone", false, 64, "time zone (default Asia/Ho_Chi_Minh)"),
    { NULL }
};

//  A password: secret, so that nothing quotes or keeps it (only its
//  argon2id hash is stored, in vp-staffing).
#define PASSWORD(n, req, d) \
    { .name = n, .type = VP_F_STR, .required = req, .min = req ? 1 : 0, .max = 256, .doc = d, .secret = "" }

static const vp_field_t s_credential_set[] = {
    ID ("officer", true, "whose password"),
    PASSWORD ("password", true, "the new password, at least 8 characters"),
    PASSWORD ("old_password", false, "the current one: needed when officers set their own"),
    { NULL }
};

static const vp_field_t s_login[] = {
    ID ("tenant", true, "the commune signed in to"),
    ID ("officer", true, "the officer id (the user name)"),
    PASSWORD ("password", true, "the password"),
    TEXT ("source", true, 128, "where the attempt comes from (the client's address, as the gateway sees it)"),
    { NULL }
};

static const vp_field_t s_audit[] = {
    ID ("officer", false, "only this officer's attempts"),
    UINT ("limit", false, 10000, "at most this many, the latest first (default 100)"),
    { NULL }
};

//  Results

static const vp_field_t s_whois_result[] = {
    ID ("officer", true, "who acts"),
    TEXT ("full_name", true, 200, "their name"),
    ID ("post", true, "the post asked about (or found by field)"),
    { .name = "reason", .type = VP_F_STR, .required = true,
      .one_of = (const char *const []) { "holder", "delegate", "office_head", NULL },
      .doc = "holder; delegate (the holder is on leave); office_head (the post is vacant)" },
    ID ("on_behalf_of", false, "the officer acted for, when not the holder"),
    { .name = "chain", .type = VP_F_ARRAY, .item = VP_F_ID, .doc = "officers passed on the way, in order" },
    TEXT ("explain", true, 1200, "the reason in words, in Vietnamese"),
    { NULL }
};

static const vp_msgdef_t s_whois_reply = {
    .name = "staffing.whois", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "Who acts for a post at a time, and why.", .fields = s_whois_result
};

#define COMMAND(var, n, f, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_COMMAND, .version = 1, .doc = d, .fields = f }

COMMAND (vp_proto_stf_tenant_create, "staffing.tenant.create", s_tenant_create, "Create a commune.");
COMMAND (vp_proto_stf_tenant_get, "staffing.tenant.get", s_tenant_get, "A commune and its bodies.");
COMMAND (vp_proto_stf_tenant_list, "staffing.tenant.list", s_no_fields, "Every commune of the district.");
COMMAND (vp_proto_stf_body_create, "staffing.body.create", s_body_create, "Create a body of the request's tenant.");
COMMAND (vp_proto_stf_body_list, "staffing.body.list", s_no_fields, "Bodies of the tenant.");
COMMAND (vp_proto_stf_post_create, "staffing.post.create", s_post_create, "Create a post of a body.");
COMMAND (vp_proto_stf_post_close, "staffing.post.close", s_post_close,
         "Close a post from a time on; its open appointments end then.");
COMMAND (vp_proto_stf_post_get, "staffing.post.get", s_post_get, "A post and who holds it.");
COMMAND (vp_proto_stf_post_list, "staffing.post.list", s_list_at, "Posts of the tenant, with holders.");
COMMAND (vp_proto_stf_officer_create, "staffing.officer.create", s_officer_create, "Create an officer (active).");
COMMAND (vp_proto_stf_officer_update, "staffing.officer.update", s_officer_update, "Change contacts or status; history is kept.");
COMMAND (vp_proto_stf_officer_get, "staffing.officer.get", s_officer_get, "An officer, posts, leave and history.");
COMMAND (vp_proto_stf_officer_list, "staffing.officer.list", s_officer_list, "Officers of the tenant.");
COMMAND (vp_proto_stf_appoint, "staffing.appoint", s_appoint, "Appoint an officer to a post.");
COMMAND (vp_proto_stf_appointment_end, "staffing.appointment.end", s_appointment_end, "End an appointment.");
COMMAND (vp_proto_stf_leave_start, "staffing.leave.start", s_leave_start, "Start a leave with a delegate.");
COMMAND (vp_proto_stf_leave_end, "staffing.leave.end", s_leave_end, "End a leave.");
const vp_msgdef_t vp_proto_stf_whois = {
    .name = "staffing.whois", .kind = VP_KIND_COMMAND, .version = 1,
    .doc = "Who acts for a post (or the post of a field of work) at a time: the holder, the "
           "holder's delegate when on leave, or the office head when vacant.",
    .fields = s_whois, .reply = &s_whois_reply
};
COMMAND (vp_proto_stf_posts_of, "staffing.posts_of", s_posts_of, "The posts an officer holds at a time.");
COMMAND (vp_proto_stf_headcount, "staffing.report.headcount", s_headcount,
         "Officers, posts, concurrent appointments and vacancies at a time, and at the eve of the merger.");

COMMAND (vp_proto_stf_credential_set, "staffing.credential.set", s_credential_set,
         "Set an officer's password: an admin or the office head of the commune without the old one; "
         "officers their own, with the old one. Stored as an argon2id hash, never on the bus.");
COMMAND (vp_proto_stf_auth_login, "staffing.auth.login", s_login,
         "Check an officer's password (the gateway's, without a session): the officer, posts and "
         "clearance; unauthenticated with one message for any wrong name or password; after 5 failures "
         "for an officer or 20 from a source within 15 min, unavailable with retry_after_ms for 15 min. "
         "Every attempt is kept.");
COMMAND (vp_proto_stf_auth_audit, "staffing.auth.audit", s_audit,
         "Sign-in attempts of the commune (at, officer, source, outcome: ok, failed, locked), for its "
         "office head and admins.");

static const vp_msgdef_t *const s_defs[] = {
    &vp_proto_staffing_tenant_created, &vp_proto_staffing_body_created,
    &vp_proto_staffing_post_created, &vp_proto_staffing_post_closed,
    &vp_proto_staffing_officer_created,
    &vp_proto_staffing_officer_updated, &vp_proto_staffing_appointed,
    &vp_proto_staffing_appointment_ended, &vp_proto_staffing_leave_started,
    &vp_proto_staffing_leave_ended,
    &vp_proto_stf_tenant_create, &vp_proto_stf_tenant_get, &vp_proto_stf_tenant_list,
    &vp_proto_stf_body_create, &vp_proto_stf_body_list,
    &vp_proto_stf_post_create, &vp_proto_stf_post_close, &vp_proto_stf_post_get, &vp_proto_stf_post_list,
    &vp_proto_stf_officer_create, &vp_proto_stf_officer_update, &vp_proto_stf_officer_get,
    &vp_proto_stf_officer_list, &vp_proto_stf_appoint, &vp_proto_stf_appointment_end,
    &vp_proto_stf_leave_start, &vp_proto_stf_leave_end, &vp_proto_stf_whois,
    &s_whois_reply, &vp_proto_stf_posts_of, &vp_proto_stf_headcount,
    &vp_proto_stf_credential_set, &vp_proto_stf_auth_login, &vp_proto_stf_auth_audit, NULL
};

const vp_proto_module_t vp_proto_staffing = {
    .name = "staffing",
    .doc = "vp-staffing (commands on `VP_STAFFING_CMD`, events on stream `staffing`): who "
           "holds which post, over time.",
    .defs = s_defs
};
