/*  cal_service - vp-calendar: one schedule for every body of a commune.

    The process (database, command server, outbox, consumer, loop) is the
    common vp_service. It follows `staffing` into its own copy of the
    staffing read model (vp_staff), so a post resolves to whoever acts for
    it at the hour of the entry, and `documents`, whose invitations and
    assignments become entries (cal_events).

    Concerns, one file each (prefix cal_):
      cal_entry     entries: storage, participants resolved, create,
                    update, cancel, get, list
      cal_conflict  one person or one room booked twice (indexed check)
      cal_room      the rooms of a commune
      cal_events    documents.* and staffing.* events -> entries
      cal_week      Lịch công tác tuần: the week in words (calendar.week),
                    rendered by cal_week_text (terminal) and cal_week_html
      cal_edition   publishing a week: its editions, signer, nơi nhận
      cal_ical      iCalendar (libical): calendar.ical
      cal_feed_token the feeds' secret URLs (calendar.feed.url, revoke)
      cal_feed      their HTTP endpoint
*/
#ifndef CAL_SERVICE_H_INCLUDED
#define CAL_SERVICE_H_INCLUDED

#include "vp/vp.h"

#define CAL_ID_MAX VP_STAFF_ID_MAX
#define CAL_DAY_MS ((int64_t) 86400000)
//  The longest entry: the conflict check looks back this far at most.
//  vp-documents refuses a longer meeting by the same number.
#define CAL_SPAN_MAX VP_SPAN_MAX
//  Past every time an entry may have (VP_TIME_MAX, and entries stored
//  before it): the open end of a query.
#define CAL_TIME_MAX ((int64_t) 253402300800000)

typedef struct cal_feed cal_feed_t;

typedef struct {
    vp_service_t *service;
    sqlite3 *db;                //  the service's database
    vp_cmdsrv_t *cmdsrv;        //  its command server
    const vp_config_t *cfg;
    cal_feed_t *feed;           //  the HTTP endpoint of the feeds, NULL when off
    char feed_url[VP_PATH_MAX]; //  base of the feeds' URLs ("http://host:port"),
                                //  or why there are none ("unavailable: ...")
} cal_service_t;

//  The schema (vp_db_migrate), then what is made or set at each start
//  (the staffing read model, the page cache): the benchmark makes its
//  database as the service does.
extern const char *const cal_migrations[];
int cal_schema (sqlite3 *db, vp_err_t *err);

//  options: the service's own (main.c): calendar-http, calendar-feed-url.
cal_service_t *cal_service_new (const vp_config_t *cfg, vp_keys_t *keys, const vp_option_t *options,
                                vp_err_t *err);
void cal_service_destroy (cal_service_t **self_p);
int cal_service_run (cal_service_t *self);

//  The recall of vp-calendar's own stream at start (cal_recall.c).
extern vp_apply_fn *const cal_recall;


//  0 when body is a body of tenant; else -1 with not_found (field body).
int cal_body_check (cal_service_t *self, const char *tenant, const char *body, vp_err_t *err);

//  The zone of a tenant (from the staffing read model; default VP_TZ).
const char *cal_zone (cal_service_t *self, const char *tenant, char zone[64]);

//  Copy at most size - 1 bytes of s, cut on a whole UTF-8 character.
char *cal_cut (char *out, size_t size, const char *s);

//  An officer's full name into name (the id when unknown).
void cal_officer_name (cal_service_t *self, const char *officer, char *name, size_t size);

//  The edition of tenant's week of `at` (0: the latest) as
//  calendar.week.edition answers it: edition 0 when never published,
//  changed when its entries changed since.
int cal_edition_of (cal_service_t *self, const char *tenant, int64_t at, int64_t edition, vp_val_t *result,
                    vp_err_t *err);
//  A calendar.week_published taken back from the stream (cal_recall).
int cal_edition_recall (cal_service_t *self, const char *tenant, const vp_val_t *data, vp_err_t *err);

//  Each group registers its commands.
void cal_entry_register (cal_service_t *self);
void cal_room_register (cal_service_t *self);
void cal_week_register (cal_service_t *self);
void cal_edition_register (cal_service_t *self);
void cal_ical_register (cal_service_t *self);
void cal_feed_register (cal_service_t *self);

#endif
