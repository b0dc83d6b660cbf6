/*  proto/bus.c - the bus's own messages: ingest, replay, heartbeat, stats. */
#include "vp/vp_proto.h"

extern const vp_msgdef_t vp_proto_error;
extern const vp_msgdef_t vp_proto_envelope;

static const vp_field_t s_ingest_reply_fields[] = {
    { .name = "ok", .type = VP_F_BOOL, .required = true,
      .doc = "true once the event is durably in the log" },
    { .name = "id", .type = VP_F_STR, .doc = "the event id (absent when it could not be read)" },
    { .name = "seq", .type = VP_F_UINT, .doc = "its position in its stream (ok:true)" },
    { .name = "dup", .type = VP_F_BOOL, .doc = "true when the id was already in the log" },
    { .name = "error", .type = VP_F_MAP, .sub = &vp_proto_error, .doc = "why not (ok:false)" },
    { NULL }
};

const vp_msgdef_t vp_proto_bus_ingest_reply = {
    .name = "bus.ingest.reply", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "The answer to each envelope sent to ingest, sent only after the commit "
           "is durable. An id already logged is answered with its existing seq.",
    .fields = s_ingest_reply_fields
};

static const vp_field_t s_replay_fields[] = {
    { .name = "stream", .type = VP_F_ID, .required = true, .max = 32, .doc = "which stream" },
    { .name = "from", .type = VP_F_UINT, .required = true, .min = 1,
      .doc = "first seq wanted" },
    { .name = "limit", .type = VP_F_UINT, .min = 1, .max = 10000,
      .doc = "most events in the answer (default 1000; fewer when the frame would pass its limit)" },
    { .name = "id", .type = VP_F_STR, .max = 64, .doc = "echoed in the answer" },
    { NULL }
};

const vp_msgdef_t vp_proto_bus_replay = {
    .name = "bus.replay", .kind = VP_KIND_COMMAND, .version = 1,
    .doc = "Sent to the replay endpoint as a bare map (no command frame): the logged "
           "envelopes of one stream from a seq on.",
    .fields = s_replay_fields
};

static const vp_field_t s_replay_reply_fields[] = {
    { .name = "ok", .type = VP_F_BOOL, .required = true, .doc = "true" },
    { .name = "id", .type = VP_F_STR, .doc = "the request's id, if it had one" },
    { .name = "stream", .type = VP_F_ID, .doc = "the stream asked for" },
    { .name = "events", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &vp_proto_envelope,
      .max = 10000, .doc = "envelopes in seq order, each with its seq" },
    { .name = "head", .type = VP_F_UINT, .doc = "the stream's last seq (0: empty)" },
    { .name = "error", .type = VP_F_MAP, .sub = &vp_proto_error, .doc = "why not (ok:false)" },
    { NULL }
};

const vp_msgdef_t vp_proto_bus_replay_reply = {
    .name = "bus.replay.reply", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "The answer to a replay request.",
    .fields = s_replay_reply_fields
};

static const vp_field_t s_heartbeat_fields[] = {
    { .name = "heads", .type = VP_F_MAP, .required = true,
      .doc = "the head seq of every stream: {stream: seq}" },
    { .name = "uptime_ms", .type = VP_F_UINT, .doc = "since the bus started" },
    { NULL }
};

const vp_msgdef_t vp_proto_bus_heartbeat = {
    .name = "bus.heartbeat", .kind = VP_KIND_EVENT, .version = 1,
    .doc = "Published once a second, after every event committed before it; not "
           "logged (seq 0). A subscriber whose cursor is behind a head lost the tail "
           "and replays it.",
    .fields = s_heartbeat_fields
};

static const vp_field_t s_no_fields[] = { { NULL } };

static const vp_field_t s_stats_reply_fields[] = {
    { .name = "heads", .type = VP_F_MAP, .required = true, .doc = "{stream: head seq}" },
    { .name = "events", .type = VP_F_UINT, .doc = "events in the log" },
    { .name = "rate_1s", .type = VP_F_FLOAT, .doc = "events/s logged over the last second" },
    { .name = "rate_10s", .type = VP_F_FLOAT, .doc = "events/s over the last 10 s" },
    { .name = "refused", .type = VP_F_UINT, .doc = "messages refused since start" },
    { .name = "duplicates", .type = VP_F_UINT, .doc = "retransmits answered from the log" },
    { .name = "commits", .type = VP_F_UINT, .doc = "group commits since start" },
    { .name = "peers", .type = VP_F_MAP,
      .doc = "{ingest, replay: peers seen in the last minute; subscribers: live subscriptions}" },
    { .name = "uptime_ms", .type = VP_F_UINT, .doc = "since start" },
    { NULL }
};

const vp_msgdef_t vp_proto_bus_stats_reply = {
    .name = "bus.stats", .kind = VP_KIND_REPLY, .version = 1, .open = true,
    .doc = "Heads, rates and peers of the bus.",
    .fields = s_stats_reply_fields
};

const vp_msgdef_t vp_proto_bus_stats = {
    .name = "bus.stats", .kind = VP_KIND_COMMAND, .version = 1,
    .doc = "Asked on the replay endpoint as a command (`cmd: bus.stats`).",
    .fields = s_no_fields, .reply = &vp_proto_bus_stats_reply
};

static const vp_msgdef_t *const s_defs[] = {
    &vp_proto_bus_ingest_reply, &vp_proto_bus_replay, &vp_proto_bus_replay_reply,
    &vp_proto_bus_heartbeat, &vp_proto_bus_stats, &vp_proto_bus_stats_reply, NULL
};

const vp_proto_module_t vp_proto_bus = {
    .name = "bus",
    .doc = "vp-bus: ingest (ROUTER), publish (XPUB: frames `type`, envelope), "
           "replay (ROUTER; also answers `health` and `bus.stats`).",
    .defs = s_defs
};
