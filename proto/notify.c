/*  proto/notify.c - who is told, inbox, channels, retries, escalation,
    acknowledgement. */
#include "vp/vp_proto.h"

static const vp_msgdef_t *const s_defs[] = {
    NULL
};

const vp_proto_module_t vp_proto_notify = {
    .name = "notify",
    .doc = "vp-notify (commands on `VP_NOTIFY_CMD`, events on stream `notify`): tell the right "
           "officer, once, on the channel they use, and escalate.",
    .defs = s_defs
};
