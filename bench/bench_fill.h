/*  bench_fill - documents written straight into a vp-documents database,
    as registration would have left them (rows, search index, books,
    counters), for the benchmarks that need a big database (bench-documents'
    search, bench-web's pages): summaries made of topics, issuers and types
    of a commune office, arrival times spread from t0 to now. */
#ifndef BENCH_FILL_H_INCLUDED
#define BENCH_FILL_H_INCLUDED

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *name, *abbr;
    bool party;
} bench_issuer_t;

typedef struct {
    const char *id, *abbr;
    int weight;
} bench_doctype_t;

extern const char *const bench_leads[];
extern const int bench_nleads;
extern const char *const bench_topics[];
extern const int bench_ntopics;
extern const bench_issuer_t bench_issuers[];
extern const int bench_nissuers;
extern const int bench_ntypes;

//  A type, by weight (bench_below: the same for the same seed).
const bench_doctype_t *bench_pick_type (void);
//  A summary: lead, topic, tail; returns the topic's index.
int bench_summary (char *buf, size_t size);

//  A commune to fill: the officers who get its documents, each with the
//  post the document is assigned to.
typedef struct {
    const char *tenant;
    int nholders;
    const char *const *officers;
    const char *const *posts;
} bench_fill_commune_t;

typedef struct {
    int64_t documents;                      //  how many to write
    const bench_fill_commune_t *communes;
    int ncommunes;
    int64_t t0, now;                        //  arrivals from t0 to now
    //  what was written
    int64_t written, secret, overdue;
    double index_secs;
} bench_fill_t;

//  sqlite3_exec, saying what failed: 0 or -1.
int bench_fill_exec (sqlite3 *db, const char *sql);
//  Write f->documents documents (the communes picked at random); 0 or -1.
int bench_fill_documents (sqlite3 *db, bench_fill_t *f);

#endif
