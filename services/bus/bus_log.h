/*  bus_log - the append-only event log in bus.db.

    One row per event: its stream, its seq in that stream (1, 2, 3 ... no
    gaps), its id (unique), and the envelope as published (with seq).
    Triggers refuse any UPDATE or DELETE: the log is the audit trail.
    Appends come in batches that share one transaction and one fsync.
*/
#ifndef BUS_LOG_H_INCLUDED
#define BUS_LOG_H_INCLUDED

#include "vp/vp.h"

typedef struct bus_log bus_log_t;

//  One event of a batch: the caller fills env; append fills the rest.
typedef struct {
    vp_val_t *env;          //  validated envelope, without seq (gets seq)
    int64_t seq;            //  its seq, new or existing
    bool dup;               //  the id was already logged
    char *body;             //  encoded envelope with seq (not for dups)
    size_t size;
} bus_entry_t;

bus_log_t *bus_log_open (const char *data_dir, vp_err_t *err);
void bus_log_destroy (bus_log_t **self_p);

//  Append a batch in one transaction. On failure nothing of it is in
//  the log, heads are as before, and err says why (unavailable when the
//  disk is full or the database locked).
int bus_log_append (bus_log_t *self, bus_entry_t *entries, int count, vp_err_t *err);

int64_t bus_log_head (bus_log_t *self, const char *stream);
//  {stream: head} of every stream with events.
vp_val_t *bus_log_heads (bus_log_t *self);
int64_t bus_log_count (bus_log_t *self);

//  The logged envelopes of a stream from seq `from`, at most `limit` and
//  at most about max_bytes, as raw msgpack values in an array.
vp_val_t *bus_log_read (bus_log_t *self, const char *stream, int64_t from, int limit,
                        size_t max_bytes, vp_err_t *err);

bool bus_log_ok (bus_log_t *self);

//  The log's connection, for an online backup (vp_backup).
sqlite3 *bus_log_db (bus_log_t *self);

#endif
