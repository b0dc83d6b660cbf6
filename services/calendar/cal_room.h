/*  cal_room - the rooms of a commune (phòng họp, hội trường).

    A room is bookable once at a time: cal_conflict refuses a second
    booking unless forced. Every commune starts with two rooms, made when
    its tenant appears on the staffing stream (hoi-truong, phong-hop-1);
    calendar.room.set adds, renames or takes one out of use. Each change
    is a calendar.room_set event.
*/
#ifndef CAL_ROOM_H_INCLUDED
#define CAL_ROOM_H_INCLUDED

#include "cal_service.h"

//  0 when room is a room of tenant in use; else -1: not_found (field
//  `field`) naming it and the rooms there are, or failed_precondition
//  when it is out of use.
int cal_room_check (cal_service_t *self, const char *tenant, const char *room, const char *field, vp_err_t *err);

//  True when text is the id of a room of tenant in use.
bool cal_room_is (cal_service_t *self, const char *tenant, const char *text);

//  The room's name into name (the id when unknown).
void cal_room_name (cal_service_t *self, const char *tenant, const char *room, char *name, size_t size);

//  A new tenant's rooms, with their events (inside `apply`).
int cal_room_defaults (cal_service_t *self, const char *tenant, vp_err_t *err);

#endif
