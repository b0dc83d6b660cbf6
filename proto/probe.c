/*  proto/probe.c - synthetic events for checks, tests and benchmarks.

    A deployment can be checked end to end by sending probe events with
    the `probe` key; tests and bench-bus use them as their payload.
*/
#include "vp/vp_proto.h"

static const vp_field_t s_ping_fields[] = {
    { .name = "n", .type = VP_F_UINT, .required = true, .doc = "a counter of the sender" },
    { .name = "note", .type = VP_F_STR, .max = 65536, .doc = "free text (padding in benchmarks)" },
    { NULL }
};

const vp_msgdef_t vp_proto_probe_ping = {
    .name = "probe.ping", .kind = VP_KIND_EVENT, .version = 1,
    .doc = "A synthetic event.",
    .fields = s_ping_fields
};

static const vp_msgdef_t *const s_defs[] = { &vp_proto_probe_ping, NULL };

const vp_proto_module_t vp_proto_probe = {
    .name = "probe",
    .doc = "Synthetic events (stream `probe`) for deployment checks, tests and benchmarks.",
    .defs = s_defs
};
