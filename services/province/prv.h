/*  vp-province - an example reader of several districts' JetStream streams.

    One durable pull consumer ("province") on each district's stream
    VP_<DISTRICT>, filtered to vp.<district>.documents.>; each fetched
    batch is applied to province.db in one transaction with the stream
    sequence reached (prv_cursor), and acknowledged after the commit. A
    batch delivered again (a crash between commit and ack) is skipped by
    that sequence, so the report counts each event once. What it keeps:
    documents registered and gone overdue, by district and month (in
    VP_TZ). A developer adds a table and a case in prv_apply.
*/
#ifndef PRV_H_INCLUDED
#define PRV_H_INCLUDED

#include "vp/vp.h"
#include "vp_nats.h"

//  The store: schema, one event, the cursor, the report.
int prv_store_schema (sqlite3 *db, vp_err_t *err);
int64_t prv_store_cursor (sqlite3 *db, const char *district);
int prv_store_set_cursor (sqlite3 *db, const char *district, int64_t seq, vp_err_t *err);
int prv_apply (sqlite3 *db, const char *district, const char *zone, const vp_val_t *env, vp_err_t *err);
//  Print the report (a table, or JSON lines with json) to out.
int prv_report (sqlite3 *db, bool json, FILE *out, vp_err_t *err);

//  Follow the districts until interrupted.
typedef struct prv_follow prv_follow_t;
prv_follow_t *prv_follow_new (const vp_config_t *cfg, sqlite3 *db, vp_err_t *err);
void prv_follow_destroy (prv_follow_t **self_p);
int prv_follow_run (prv_follow_t *self);

#endif
