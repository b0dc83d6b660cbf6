/*  proto/proto.c - the list of every module; a new module is added here. */
#include "vp/vp_proto.h"

extern const vp_proto_module_t vp_proto_core;
extern const vp_proto_module_t vp_proto_bus;
extern const vp_proto_module_t vp_proto_probe;
extern const vp_proto_module_t vp_proto_staffing;
extern const vp_proto_module_t vp_proto_documents;
extern const vp_proto_module_t vp_proto_dossiers;
extern const vp_proto_module_t vp_proto_calendar;
extern const vp_proto_module_t vp_proto_notify;
extern const vp_proto_module_t vp_proto_outgoing;

const vp_proto_module_t *const vp_proto_modules[] = {
    &vp_proto_core, &vp_proto_bus, &vp_proto_probe, &vp_proto_staffing, &vp_proto_documents,
    &vp_proto_outgoing, &vp_proto_dossiers, &vp_proto_calendar, &vp_proto_notify, NULL
};
