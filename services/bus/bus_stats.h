/*  bus_stats - counters, rates and peers of the bus, for stats and health. */
#ifndef BUS_STATS_H_INCLUDED
#define BUS_STATS_H_INCLUDED

#include "vp/vp.h"

typedef struct bus_stats bus_stats_t;

bus_stats_t *bus_stats_new (void);
void bus_stats_destroy (bus_stats_t **self_p);

void bus_stats_logged (bus_stats_t *self, int64_t events);
void bus_stats_refused (bus_stats_t *self);
void bus_stats_duplicate (bus_stats_t *self);
void bus_stats_commit (bus_stats_t *self);
//  A message from a peer on "ingest" or "replay" (identity frame).
void bus_stats_peer (bus_stats_t *self, const char *endpoint, zframe_t *identity);
//  A subscription (+1) or unsubscription (-1) of the heartbeat topic.
void bus_stats_subscriber (bus_stats_t *self, int delta);

//  Fill a stats map (rates, counters, peers).
void bus_stats_fill (bus_stats_t *self, vp_val_t *map);

#endif
