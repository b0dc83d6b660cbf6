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
//  A message from a peer of ingest (its identity frame).
void bus_stats_peer (bus_stats_t *self, zframe_t *identity);
//  Milliseconds since start.
int64_t bus_stats_uptime (bus_stats_t *self);
//  A subscription (+1) or unsubscription (-1) of the heartbeat topic.
void bus_stats_subscriber (bus_stats_t *self, int delta);

//  Fill a stats map (rates, counters, peers); replay_peers comes from
//  the replay endpoint's command server.
void bus_stats_fill (bus_stats_t *self, vp_val_t *map, int64_t replay_peers);

#endif
