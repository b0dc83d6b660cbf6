/*  proto/core.c - the envelope, the command frames and the events every
    service uses the same way. */
#include "vp/vp_proto.h"

static const char *const s_streams[] = {
    "bus", "staffing", "documents", "calendar", "notify", "probe", NULL
};

static const vp_field_t s_envelope_fields[] = {
    { .name = "v", .type = VP_F_UINT, .required = true, .min = 1, .max = 1,
      .doc = "envelope version, 1" },
    { .name = "id", .type = VP_F_ULID, .required = true,
      .doc = "unique event id (ULID); the idempotency key" },
    { .name = "stream", .type = VP_F_ID, .required = true, .max = 32, .one_of = s_streams,
      .doc = "the producing service" },
    { .name = "type", .type = VP_F_STR, .required = true, .min = 3, .max = 96,
      .doc = "`<stream>.<event>`, an event defined in proto/" },
    { .name = "seq", .type = VP_F_UINT,
      .doc = "position in its stream, set by the bus (absent when sent to ingest)" },
    { .name = "ts", .type = VP_F_TIME, .required = true, .doc = "when it happened" },
    { .name = "tenant", .type = VP_F_STR, .required = true, .max = 64,
      .doc = "the commune (tenant id); empty only for district-wide events" },
    { .name = "actor", .type = VP_F_STR, .required = true, .max = 128,
      .doc = "officer id or service name that caused it" },
    { .name = "corr", .type = VP_F_STR, .required = true, .max = 64,
      .doc = "id of the command or event that caused it" },
    { .name = "data", .type = VP_F_MAP, .required = true,
      .doc = "the type's own fields, as defined below" },
    { NULL }
};

const vp_msgdef_t vp_proto_envelope = {
    .name = "envelope", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "Every event on the bus. The body of a publish frame and of ingest.",
    .fields = s_envelope_fields
};

static const vp_field_t s_request_fields[] = {
    { .name = "v", .type = VP_F_UINT, .required = true, .min = 1, .max = 1, .doc = "1" },
    { .name = "id", .type = VP_F_STR, .required = true, .min = 1, .max = 64,
      .doc = "request id; becomes the `corr` of the events it causes" },
    { .name = "cmd", .type = VP_F_STR, .required = true, .min = 1, .max = 96,
      .doc = "command name, e.g. `documents.register`" },
    { .name = "tenant", .type = VP_F_STR, .max = 64, .doc = "the commune acted in" },
    { .name = "actor", .type = VP_F_STR, .max = 128,
      .doc = "the acting officer: with an officer's key, only that officer (or absent)" },
    { .name = "session", .type = VP_F_STR, .max = 128,
      .doc = "a gateway's (vp-web's): the signed-in session it acts for, kept in the trail" },
    { .name = "args", .type = VP_F_MAP, .doc = "the command's arguments" },
    { NULL }
};

const vp_msgdef_t vp_proto_request = {
    .name = "command.request", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "A command sent to a service's command endpoint.",
    .fields = s_request_fields
};

static const char *const s_codes[] = {
    "invalid_argument", "not_found", "already_exists", "failed_precondition",
    "permission_denied", "unauthenticated", "unavailable", "internal", NULL
};

static const vp_field_t s_error_fields[] = {
    { .name = "code", .type = VP_F_STR, .required = true, .one_of = s_codes,
      .doc = "one of the design's error codes" },
    { .name = "message", .type = VP_F_STR, .required = true,
      .doc = "what was wrong, naming the field and the value" },
    { .name = "field", .type = VP_F_STR, .doc = "dotted path of the field at fault" },
    { .name = "retry_after_ms", .type = VP_F_UINT, .doc = "the same request may succeed after this many ms "
      "(a sign-in locked out after repeated failures)" },
    { NULL }
};

const vp_msgdef_t vp_proto_error = {
    .name = "error", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "The error of a refused request.",
    .fields = s_error_fields
};

static const vp_field_t s_reply_fields[] = {
    { .name = "ok", .type = VP_F_BOOL, .required = true, .doc = "true on success" },
    { .name = "id", .type = VP_F_STR, .doc = "the request id, when it had one" },
    { .name = "result", .type = VP_F_MAP, .doc = "the command's result (ok:true)" },
    { .name = "error", .type = VP_F_MAP, .sub = &vp_proto_error, .doc = "why not (ok:false)" },
    { NULL }
};

const vp_msgdef_t vp_proto_reply = {
    .name = "command.reply", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "The answer to a command.",
    .fields = s_reply_fields
};

static const vp_field_t s_health_fields[] = {
    { .name = "status", .type = VP_F_STR, .required = true, .doc = "`ok` or `degraded`" },
    { .name = "service", .type = VP_F_STR, .required = true, .doc = "which service" },
    { .name = "version", .type = VP_F_STR, .required = true, .doc = "build version" },
    { .name = "uptime_ms", .type = VP_F_UINT, .doc = "since start" },
    { .name = "db", .type = VP_F_BOOL, .doc = "its database can take a write now" },
    { .name = "bus", .type = VP_F_BOOL, .doc = "connected to the bus" },
    { .name = "cursors", .type = VP_F_MAP, .doc = "per followed stream: {cursor, head}" },
    { .name = "outbox", .type = VP_F_UINT, .doc = "events waiting for the bus" },
    { .name = "outbox_rejected", .type = VP_F_UINT, .doc = "events the bus refused for good" },
    { .name = "parked", .type = VP_F_UINT,
      .doc = "events followed that it could not apply, ever (vp_parked; each told as `<service>.event_failed`)" },
    { .name = "reason", .type = VP_F_STR, .doc = "why the status is `degraded`" },
    { NULL }
};

const vp_msgdef_t vp_proto_health = {
    .name = "health", .kind = VP_KIND_REPLY, .version = 1, .open = true,
    .doc = "Result of `health`, answered by every service; services add their own fields.",
    .fields = s_health_fields
};

static const vp_field_t s_no_fields[] = { { NULL } };

static const vp_field_t s_health_cmd_fields[] = {
    { .name = "commands", .type = VP_F_BOOL,
      .doc = "also list every command served and its access rule (office, directory, setup, district, ops, "
             "gateway)" },
    { NULL }
};

const vp_msgdef_t vp_proto_health_cmd = {
    .name = "health", .kind = VP_KIND_COMMAND, .version = 1,
    .doc = "Is the service well: database, bus, cursors, outbox.",
    .fields = s_health_cmd_fields, .reply = &vp_proto_health
};

static const vp_field_t s_backup_fields[] = {
    { .name = "file", .type = VP_F_STR, .required = true,
      .doc = "the copy: `<data-dir>/backup/<name>-<UTC time>.db`, as the service sees it" },
    { .name = "bytes", .type = VP_F_UINT, .required = true, .doc = "size of the copy" },
    { .name = "ms", .type = VP_F_UINT, .required = true, .doc = "time the copy took" },
    { NULL }
};

const vp_msgdef_t vp_proto_backup = {
    .name = "backup", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "Result of `<service>.backup`.",
    .fields = s_backup_fields
};

//  One name per process, so that a command names the service that answers
//  it (vpctl sends `staffing.backup` to vp-staffing); one shape for all.
#define S_BACKUP_CMD(var, service) \
    const vp_msgdef_t var = { \
        .name = service ".backup", .kind = VP_KIND_COMMAND, .version = 1, \
        .doc = "An online copy of " service ".db, consistent, taken while the service runs " \
               "(sqlite `VACUUM INTO`); written under a temporary name and renamed when whole. " \
               "Restore: stop the service, put the copy in place of its .db, remove the -wal " \
               "and -shm files, start it (docs/deploy.md).", \
        .fields = s_no_fields, .reply = &vp_proto_backup \
    }

S_BACKUP_CMD (vp_proto_bus_backup, "bus");
S_BACKUP_CMD (vp_proto_staffing_backup, "staffing");
S_BACKUP_CMD (vp_proto_documents_backup, "documents");
S_BACKUP_CMD (vp_proto_calendar_backup, "calendar");
S_BACKUP_CMD (vp_proto_notify_backup, "notify");

//  One event every service emits the same way (vp_service), under its own
//  stream: an event it follows that it cannot apply, ever. The cause is
//  named, not copied: no text of a document travels with it.
static const vp_field_t s_event_failed_fields[] = {
    { .name = "cause", .type = VP_F_ULID, .required = true, .doc = "id of the event not applied" },
    { .name = "cause_type", .type = VP_F_STR, .required = true, .min = 3, .max = 96, .doc = "its type" },
    { .name = "cause_stream", .type = VP_F_ID, .required = true, .max = 32, .one_of = s_streams,
      .doc = "its stream" },
    { .name = "cause_seq", .type = VP_F_UINT, .required = true, .doc = "its position in that stream" },
    { .name = "cause_actor", .type = VP_F_STR, .required = true, .max = 128,
      .doc = "who caused it (its `actor`: the officer who registered a document...)" },
    { .name = "document", .type = VP_F_ID, .max = 64, .doc = "the cause's `data.document`, when it has one" },
    { .name = "number", .type = VP_F_STR, .max = 64,
      .doc = "the cause's `data.number` (number and symbol), when it has one, for messages" },
    { .name = "code", .type = VP_F_STR, .required = true, .one_of = s_codes,
      .doc = "why, as an error code: invalid_argument, not_found, failed_precondition..." },
    { .name = "field", .type = VP_F_STR, .max = 96, .doc = "the field of the cause at fault, when one is" },
    { .name = "reason", .type = VP_F_STR, .required = true, .min = 1, .max = 400,
      .doc = "what the service could not do, naming the field and the value" },
    { NULL }
};

//  `<service>.event_failed` of every service that follows a stream (all
//  but vp-staffing, the source of its own).
#define S_EVENT_FAILED(var, service) \
    const vp_msgdef_t var = { \
        .name = service ".event_failed", .kind = VP_KIND_EVENT, .version = 1, \
        .doc = "vp-" service " could not apply an event it follows, and never will as it is (an " \
               "invalid_argument, not_found, failed_precondition... of its handler): the event is " \
               "kept in its table vp_parked, its cursor goes on, and the people concerned are told " \
               "(vp-notify). A database that fails is no such event: the service tries again.", \
        .fields = s_event_failed_fields \
    }

S_EVENT_FAILED (vp_proto_documents_event_failed, "documents");
S_EVENT_FAILED (vp_proto_calendar_event_failed, "calendar");
S_EVENT_FAILED (vp_proto_notify_event_failed, "notify");

//  The dead letters of a service that follows streams: listed, and applied
//  again once what made them fail is mended (a post created, a holiday
//  table fixed). Operators' commands: they name events, never their text.
static const vp_field_t s_parked_list_fields[] = {
    { .name = "limit", .type = VP_F_UINT, .min = 1, .max = 1000, .doc = "at most this many, oldest first (100)" },
    { NULL }
};

static const vp_field_t s_parked_fields[] = {
    { .name = "stream", .type = VP_F_STR, .required = true, .doc = "the stream of the event" },
    { .name = "seq", .type = VP_F_UINT, .required = true, .doc = "its place there" },
    { .name = "id", .type = VP_F_STR, .required = true, .doc = "its envelope id" },
    { .name = "type", .type = VP_F_STR, .required = true, .doc = "its type" },
    { .name = "tenant", .type = VP_F_STR, .required = true, .doc = "its tenant" },
    { .name = "code", .type = VP_F_STR, .required = true, .doc = "why it was parked, as an error code" },
    { .name = "reason", .type = VP_F_STR, .required = true, .doc = "what the handler said" },
    { .name = "at", .type = VP_F_UINT, .required = true, .doc = "when it was parked (ms since the epoch)" },
    { NULL }
};

const vp_msgdef_t vp_proto_parked = {
    .name = "parked", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "An event a service could not apply (a row of its vp_parked).",
    .fields = s_parked_fields
};

static const vp_field_t s_parked_list_reply_fields[] = {
    { .name = "parked", .type = VP_F_ARRAY, .required = true, .item = VP_F_MAP, .sub = &vp_proto_parked,
      .doc = "oldest first" },
    { .name = "total", .type = VP_F_UINT, .required = true, .doc = "how many are parked in all" },
    { NULL }
};

const vp_msgdef_t vp_proto_parked_list_reply = {
    .name = "parked.list", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "Result of `<service>.parked.list`.",
    .fields = s_parked_list_reply_fields
};

static const vp_field_t s_parked_retry_fields[] = {
    { .name = "stream", .type = VP_F_ID, .required = true, .max = 32, .one_of = s_streams,
      .doc = "the stream of the parked event" },
    { .name = "seq", .type = VP_F_UINT, .required = true, .min = 1, .doc = "its place there" },
    { NULL }
};

static const vp_field_t s_parked_retry_reply_fields[] = {
    { .name = "applied", .type = VP_F_BOOL, .required = true, .doc = "applied now, and no longer parked" },
    { .name = "type", .type = VP_F_STR, .required = true, .doc = "the event's type" },
    { NULL }
};

const vp_msgdef_t vp_proto_parked_retry_reply = {
    .name = "parked.retry", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "Result of `<service>.parked.retry`.",
    .fields = s_parked_retry_reply_fields
};

#define S_PARKED_CMDS(list, retry, service) \
    const vp_msgdef_t list = { \
        .name = service ".parked.list", .kind = VP_KIND_COMMAND, .version = 1, \
        .doc = "The events vp-" service " parked (operators).", \
        .fields = s_parked_list_fields, .reply = &vp_proto_parked_list_reply \
    }; \
    const vp_msgdef_t retry = { \
        .name = service ".parked.retry", .kind = VP_KIND_COMMAND, .version = 1, \
        .doc = "Read a parked event back from the bus and apply it again, in one transaction: applied, " \
               "it leaves vp_parked; refused again, it stays, and the answer says why (operators).", \
        .fields = s_parked_retry_fields, .reply = &vp_proto_parked_retry_reply \
    }

S_PARKED_CMDS (vp_proto_documents_parked_list, vp_proto_documents_parked_retry, "documents");
S_PARKED_CMDS (vp_proto_calendar_parked_list, vp_proto_calendar_parked_retry, "calendar");
S_PARKED_CMDS (vp_proto_notify_parked_list, vp_proto_notify_parked_retry, "notify");

static const vp_msgdef_t *const s_defs[] = {
    &vp_proto_envelope, &vp_proto_request, &vp_proto_reply, &vp_proto_error,
    &vp_proto_health_cmd, &vp_proto_health,
    &vp_proto_bus_backup, &vp_proto_staffing_backup, &vp_proto_documents_backup,
    &vp_proto_calendar_backup, &vp_proto_notify_backup, &vp_proto_backup,
    &vp_proto_documents_event_failed, &vp_proto_calendar_event_failed, &vp_proto_notify_event_failed,
    &vp_proto_parked, &vp_proto_parked_list_reply, &vp_proto_parked_retry_reply,
    &vp_proto_documents_parked_list, &vp_proto_documents_parked_retry,
    &vp_proto_calendar_parked_list, &vp_proto_calendar_parked_retry,
    &vp_proto_notify_parked_list, &vp_proto_notify_parked_retry,
    NULL
};

const vp_proto_module_t vp_proto_core = {
    .name = "core",
    .doc = "The event envelope, the frames of every command endpoint, and the event every "
           "service emits when it cannot apply one it follows (`<service>.event_failed`).",
    .defs = s_defs
};
