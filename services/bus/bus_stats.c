/*  bus_stats - counters, rates and peers. */
#include "bus_stats.h"
#include "vp/vp_fields.h"

#define S_SLOTS 11              //  10 whole seconds and the current one
#define S_PEER_TTL_MS 60000

struct bus_stats {
    byte last_peer[256];        //  the identity seen last, to skip the hash
    size_t last_peer_size;
    int64_t last_peer_at;
    int64_t slot_second[S_SLOTS];
    int64_t slot_count[S_SLOTS];
    int64_t refused, duplicates, commits;
    int subscribers;
    zhashx_t *peers;            //  ingest: hex identity -> last seen (mono ms)
    int64_t started;
};

bus_stats_t *
bus_stats_new (void)
{
    bus_stats_t *self = (bus_stats_t *) zmalloc (sizeof (bus_stats_t));
    self->peers = zhashx_new ();
    zhashx_set_destructor (self->peers, NULL);
    zhashx_set_duplicator (self->peers, NULL);
    self->started = vp_clock_mono ();
    return self;
}

void
bus_stats_destroy (bus_stats_t **self_p)
{
    bus_stats_t *self = *self_p;
    if (!self)
        return;
    zhashx_destroy (&self->peers);
    free (self);
    *self_p = NULL;
}

void
bus_stats_logged (bus_stats_t *self, int64_t events)
{
    int64_t second = vp_clock_mono () / 1000;
    int slot = (int) (second % S_SLOTS);
    if (self->slot_second[slot] != second) {
        self->slot_second[slot] = second;
        self->slot_count[slot] = 0;
    }
    self->slot_count[slot] += events;
}

void bus_stats_refused (bus_stats_t *self) { self->refused++; }
void bus_stats_duplicate (bus_stats_t *self) { self->duplicates++; }
void bus_stats_commit (bus_stats_t *self) { self->commits++; }
void bus_stats_subscriber (bus_stats_t *self, int delta) { self->subscribers += delta; }

int64_t bus_stats_uptime (bus_stats_t *self) { return vp_clock_mono () - self->started; }

void
bus_stats_peer (bus_stats_t *self, zframe_t *identity)
{
    //  Most messages of a batch come from the peer before: count it at most
    //  once a second.
    size_t size = zframe_size (identity);
    int64_t now = vp_clock_mono ();
    if (size == self->last_peer_size && now - self->last_peer_at < 1000
    &&  memcmp (zframe_data (identity), self->last_peer, size) == 0)
        return;
    if (size <= sizeof self->last_peer) {
        memcpy (self->last_peer, zframe_data (identity), size);
        self->last_peer_size = size;
        self->last_peer_at = now;
    }
    char *key = zframe_strhex (identity);
    zhashx_update (self->peers, key, (void *) (intptr_t) vp_clock_mono ());
    free (key);
}

static int64_t
s_live_peers (zhashx_t *peers)
{
    int64_t now = vp_clock_mono ();
    zlistx_t *keys = zhashx_keys (peers);
    int64_t live = 0;
    for (char *key = (char *) zlistx_first (keys); key; key = (char *) zlistx_next (keys)) {
        intptr_t seen = (intptr_t) zhashx_lookup (peers, key);
        if (now - (int64_t) seen > S_PEER_TTL_MS)
            zhashx_delete (peers, key);
        else
            live++;
    }
    zlistx_destroy (&keys);
    return live;
}

void
bus_stats_fill (bus_stats_t *self, vp_val_t *map, int64_t replay_peers)
{
    int64_t second = vp_clock_mono () / 1000;
    int64_t last = 0, ten = 0;
    for (int i = 0; i < S_SLOTS; i++) {
        int64_t age = second - self->slot_second[i];
        if (age == 1)
            last = self->slot_count[i];
        if (age >= 1 && age <= 10)
            ten += self->slot_count[i];
    }
    vp_map_put (map, VP_K_RATE_1S, vp_val_float ((double) last));
    vp_map_put (map, VP_K_RATE_10S, vp_val_float ((double) ten / 10.0));
    vp_map_put_int (map, VP_K_REFUSED, self->refused);
    vp_map_put_int (map, VP_K_DUPLICATES, self->duplicates);
    vp_map_put_int (map, VP_K_COMMITS, self->commits);
    vp_val_t *peers = vp_val_map ();
    vp_map_put_int (peers, "ingest", s_live_peers (self->peers));
    vp_map_put_int (peers, "replay", replay_peers);
    vp_map_put_int (peers, "subscribers", self->subscribers);
    vp_map_put (map, VP_K_PEERS, peers);
    vp_map_put_int (map, VP_K_UPTIME_MS, vp_clock_mono () - self->started);
}
