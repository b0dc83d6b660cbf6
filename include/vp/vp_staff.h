/*  vp_staff - the staffing read model every service keeps: who holds which
    post, over time, and who acts for a post at a given moment.

    vp-staffing applies its own events through vp_staff_apply in the same
    transaction that puts them in its outbox; every other service applies
    the same events from the bus with its consumer. So the tables below
    are the same everywhere and there is one implementation of the rule:

      the holder of the post at that time;
      if the holder is on leave, their delegate (and on, if the delegate
        is on leave too; a chain never loops);
      if the post is vacant, whoever acts for the post that heads the
        office (Tổ trưởng Văn phòng).
*/
#ifndef VP_STAFF_H_INCLUDED
#define VP_STAFF_H_INCLUDED

#include <stdbool.h>
#include <sqlite3.h>
#include "vp_err.h"
#include "vp_val.h"
#include "vp_vocab.h"

#define VP_STAFF_ID_MAX 65
#define VP_STAFF_CHAIN_MAX 8

//  SQL: the post of a row of stf_post exists at time ?3.
#define VP_STAFF_POST_AT "valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3)"

/*  SQL fragments for a service's listing that shows staffing names beside
    its own rows (a register, a report, a history): the only way SQL
    outside vp_staff.c and vp-staffing reaches the stf_* tables. Each is
    a scalar subquery on the table's primary key, so a row costs one index
    lookup, as the LEFT JOIN it stands for did, and is NULL when the id is
    unknown. A subquery rather than C per row keeps a listing one query;
    a fragment rather than a view needs no migration in each database.
    Arguments are SQL expressions qualified by their table's alias
    ("d.officer", not "officer", which would name the stf_ column). */
#define VP_STAFF_SQL_OFFICER_NAME(officer) \
    "(SELECT vp_o.full_name FROM stf_officer vp_o WHERE vp_o.officer = " officer ")"
#define VP_STAFF_SQL_POST_TITLE(tenant, post) \
    "(SELECT vp_p.title FROM stf_post vp_p WHERE vp_p.tenant = " tenant " AND vp_p.post = " post ")"
//  The body a post belongs to.
#define VP_STAFF_SQL_POST_BODY(tenant, post) \
    "(SELECT vp_p.body FROM stf_post vp_p WHERE vp_p.tenant = " tenant " AND vp_p.post = " post ")"
#define VP_STAFF_SQL_BODY_NAME(tenant, body) \
    "(SELECT vp_b.name FROM stf_body vp_b WHERE vp_b.tenant = " tenant " AND vp_b.body = " body ")"
#define VP_STAFF_SQL_TENANT_NAME(tenant) \
    "(SELECT vp_t.name FROM stf_tenant vp_t WHERE vp_t.tenant = " tenant ")"
//  The set of posts of tenant that head the office (any time): for IN.
#define VP_STAFF_SQL_HEAD_POSTS(tenant) \
    "(SELECT vp_p.post FROM stf_post vp_p WHERE vp_p.tenant = " tenant " AND vp_p.heads_office = 1)"


typedef struct {
    char officer[VP_STAFF_ID_MAX];
    char full_name[201];
    char post[VP_STAFF_ID_MAX];
    const char *reason;                 //  "holder", "delegate", "office_head"
    char on_behalf_of[VP_STAFF_ID_MAX]; //  "" for the holder
    char chain[VP_STAFF_CHAIN_MAX][VP_STAFF_ID_MAX];
    int nchain;                         //  officers passed on the way
    char explain[1024];                 //  the reason in Vietnamese
} vp_staff_actor_t;

//  The read model's tables (stf_*); call once after opening the database.
int vp_staff_schema (sqlite3 *db, vp_err_t *err);

//  Apply one staffing.* event in the caller's transaction; other events
//  are ignored (0). -1 only when the database fails.
int vp_staff_apply (sqlite3 *db, const vp_val_t *env, vp_err_t *err);

//  Who acts for `post` of `tenant` at `at` (ms). not_found when the post
//  does not exist then, or it is vacant and so is the office head's post.
int vp_staff_whois (sqlite3 *db, const char *tenant, const char *post, int64_t at,
                    vp_staff_actor_t *actor, vp_err_t *err);

//  Who acts for the post that heads the office (Tổ trưởng Văn phòng) of
//  `tenant` at `at`: the one told of conflicts and escalations. not_found
//  when the tenant has no such post then, or nobody acts for it.
int vp_staff_office_head (sqlite3 *db, const char *tenant, int64_t at,
                          vp_staff_actor_t *actor, vp_err_t *err);

//  The post of a tenant that has field of work `field` at `at` (the first
//  by id when several do). not_found when none.
int vp_staff_post_of_field (sqlite3 *db, const char *tenant, const char *field, int64_t at,
                            char post[VP_STAFF_ID_MAX], vp_err_t *err);

//  True when `post` is a post of `tenant` at `at`; then its title (into
//  title, title_size bytes, when not NULL) and clearance (when not NULL).
bool vp_staff_post_at (sqlite3 *db, const char *tenant, const char *post, int64_t at,
                       char *title, size_t title_size, int *clearance);

//  The post that heads the office of `tenant` at `at` (the first by id
//  when several do; the one whois falls back to), into post. False when none.
bool vp_staff_head_post (sqlite3 *db, const char *tenant, int64_t at, char post[VP_STAFF_ID_MAX]);

//  The post of `tenant` at `at` cleared for secrecy `level`: the highest
//  cleared first, then one that heads the office, then by id. Its title
//  into title (title_size bytes). False when no post is cleared so high.
bool vp_staff_post_cleared (sqlite3 *db, const char *tenant, int level, int64_t at,
                            char post[VP_STAFF_ID_MAX], char *title, size_t title_size);

//  True when `post` of `tenant` has field of work `field`.
bool vp_staff_post_has_field (sqlite3 *db, const char *tenant, const char *post, const char *field);

//  True when `body` is a body of `tenant`; then its name and kind (each
//  into its buffer when not NULL).
bool vp_staff_body (sqlite3 *db, const char *tenant, const char *body,
                    char *name, size_t name_size, char *kind, size_t kind_size);

//  The names people read, whatever the time: into name (size bytes),
//  or dflt ("" when NULL) when the id is unknown; true when known.
bool vp_staff_tenant_name (sqlite3 *db, const char *tenant, const char *dflt, char *name, size_t size);
bool vp_staff_officer_name (sqlite3 *db, const char *officer, const char *dflt, char *name, size_t size);
bool vp_staff_post_title (sqlite3 *db, const char *tenant, const char *post, const char *dflt,
                          char *title, size_t size);

//  The actor as a result map (the fields of staffing.whois's reply).
vp_val_t *vp_staff_actor_val (const vp_staff_actor_t *actor);

//  Posts an officer holds at `at`: [{appointment, post, body, title, from, to?}].
vp_val_t *vp_staff_posts_of (sqlite3 *db, const char *officer, int64_t at);

//  The leave an officer is on at `at` ({leave, from, to, delegate}), or NULL.
vp_val_t *vp_staff_leave_at (sqlite3 *db, const char *officer, int64_t at);

//  Who is there in officer's place at `at`: officer, or the delegate of
//  their leave, and on along the chain while that one is on leave too (a
//  chain never loops, and stops after VP_STAFF_CHAIN_MAX). Into present;
//  true when a delegation was followed.
bool vp_staff_present (sqlite3 *db, const char *officer, int64_t at, char present[VP_STAFF_ID_MAX]);

//  The officers of tenant on leave at `at` whom `officer` stands in for
//  then (vp_staff_present of each is officer): [{officer, full_name}],
//  at most `most`. Their documents are officer's to handle meanwhile.
vp_val_t *vp_staff_stands_in_for (sqlite3 *db, const char *tenant, const char *officer, int64_t at, int most);

//  An officer's row ({officer, tenant, full_name, email?, phone?, chat_id?,
//  status}), or NULL.
vp_val_t *vp_staff_officer (sqlite3 *db, const char *officer);

//  The time zone of a tenant (stf_tenant.zone), or dflt when unknown.
const char *vp_staff_zone (sqlite3 *db, const char *tenant, const char *dflt, char zone[64]);

//  Highest secrecy level among the posts an officer holds at `at`.
int vp_staff_clearance (sqlite3 *db, const char *officer, int64_t at);

//  0 when `actor` is an active officer of `tenant`; else -1 with
//  permission_denied (field "actor") naming the actor and the tenant. The
//  one check every service makes of a command's acting officer.
int vp_staff_check_actor (sqlite3 *db, const char *tenant, const char *actor, vp_err_t *err);

//  0 when `officer` is an officer of `tenant` (any status); else -1 with
//  not_found (field "officer"), the same answer as for an unknown id, so
//  that nothing of another tenant is revealed.
int vp_staff_check_officer (sqlite3 *db, const char *tenant, const char *officer, vp_err_t *err);

//  True when `officer` acts for the office head of `tenant` at `at`
//  (holder, delegate, ...), or holds a post that heads the office then,
//  on leave or not: the one rule of who may do what only the head may.
bool vp_staff_is_office_head (sqlite3 *db, const char *tenant, const char *officer, int64_t at);

#endif
