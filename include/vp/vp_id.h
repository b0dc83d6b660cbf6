/*  vp_id - ULIDs: 26 characters, sortable by creation time.

    48 bits of milliseconds from the clock then 80 random bits; within one
    millisecond of one process the random part increments, so ids made by
    one producer sort in the order they were made (keeps the bus's unique
    index append-mostly).
*/
#ifndef VP_ID_H_INCLUDED
#define VP_ID_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#define VP_ID_LEN 26

void vp_id_new (char out[VP_ID_LEN + 1]);
bool vp_id_valid (const char *s);
//  An id derived from what caused it: the time part of `cause` (a valid
//  ULID) then 80 bits of a keyed hash of cause and the `size` bytes of
//  `what`. The same cause and what give the same id in any process, on
//  any day: an event a rebuilt service makes again from the same cause
//  is the same event, which the bus refuses as a duplicate.
void vp_id_derive (char out[VP_ID_LEN + 1], const char *cause, const void *what, size_t size);
//  Milliseconds encoded in a valid ULID.
int64_t vp_id_time (const char *s);

#endif
