/*  cal_edition - publishing a week's Lịch công tác: calendar.week.publish
    and calendar.week.edition.

    An edition is what the office head sent out: the week's entries as
    they then stood (a digest of their ids and revisions), who signs it
    and with which title, and the nơi nhận. The first publish of a week
    is edition 1; publishing again after an entry of the week changed
    makes the next edition, and calendar.week_published is told once per
    edition (vp-notify tells the week's participants). Publishing again
    with nothing changed answers the latest edition and tells nothing, so
    a second click is not a second edition; the same request id again is
    the same answer (vp_request).

    Until a week is published it is a draft: the printed week says
    "Dự thảo" instead of the signer's block.
*/
#include <stdio.h>
#include <string.h>
#include "cal_entry.h"
#include "cal_week.h"
#include "vp/vp_fields.h"

#define S_ENTRIES_MAX 5000
//  Nơi nhận when none is given: who a commune's week goes to.
#define S_RECIPIENTS_DEFAULT "Thường trực Đảng ủy;\nThường trực HĐND, UBND;\nCác cơ quan, đoàn thể xã;\nLưu: VP."

//  The digest of the week's live entries (id and revision of each), the
//  entries counted, and the officers in them (chairs and participants,
//  each once) when participants is not NULL.
static int
s_digest (cal_service_t *self, const char *tenant, const cal_week_t *week, char hex[VP_SHA256_HEX],
          int64_t *count, vp_val_t *participants, vp_err_t *err)
{
    cal_query_t q = { .from = week->start, .to = week->end, .live = true, .limit = S_ENTRIES_MAX };
    bool more = false;
    vp_val_t *entries = cal_entry_list (self, tenant, &q, &more, err);
    if (!entries)
        return -1;
    vp_sha256_t *sha = vp_sha256_new ();
    vp_val_t *seen = vp_val_map ();
    for (size_t i = 0; i < vp_val_len (entries); i++) {
        const vp_val_t *e = vp_array_at (entries, i);
        char line[120];
        int n = snprintf (line, sizeof line, "%s:%lld\n", vp_map_str (e, VP_K_ENTRY),
                          (long long) vp_map_int (e, VP_K_SEQUENCE, 0));
        vp_sha256_add (sha, line, (size_t) n);
        const char *chair = vp_map_str (e, VP_K_CHAIR);
        if (chair)
            vp_map_put_bool (seen, chair, true);
        const vp_val_t *people = vp_map_get (e, VP_K_PARTICIPANTS);
        for (size_t k = 0; k < vp_val_len (people); k++)
            vp_map_put_bool (seen, vp_map_str (vp_array_at (people, k), VP_K_OFFICER), true);
    }
    vp_sha256_end (&sha, hex);
    *count = (int64_t) vp_val_len (entries);
    for (size_t i = 0; participants && i < vp_val_len (seen) && vp_val_len (participants) < 200; i++)
        vp_array_push (participants, vp_val_str (vp_map_key_at (seen, i)));
    vp_val_destroy (&seen);
    vp_val_destroy (&entries);
    return 0;
}

//  The edition of tenant's week (0: the latest) into result, with its
//  digest into digest; 0 when found, 1 when there is none, -1 on error.
static int
s_load (cal_service_t *self, const char *tenant, int64_t week_start, int64_t edition, vp_val_t *result,
        char digest[VP_SHA256_HEX], vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT edition, signer, signer_name, signer_title, recipients, published_by, published, entries, digest"
        " FROM cal_week_edition WHERE tenant = ?1 AND week_start = ?2 AND (?3 = 0 OR edition = ?3)"
        " ORDER BY edition DESC LIMIT 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, week_start);
    sqlite3_bind_int64 (stmt, 3, edition);
    int rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW) {
        vp_map_put_int (result, VP_K_EDITION, sqlite3_column_int64 (stmt, 0));
        vp_map_put_str (result, VP_K_SIGNER, (const char *) sqlite3_column_text (stmt, 1));
        vp_map_put_str (result, VP_K_SIGNER_NAME, (const char *) sqlite3_column_text (stmt, 2));
        vp_map_put_str (result, VP_K_SIGNER_TITLE, (const char *) sqlite3_column_text (stmt, 3));
        vp_val_t *recipients = vp_val_array ();
        const char *text = (const char *) sqlite3_column_text (stmt, 4);
        for (const char *p = text; p && *p; ) {
            size_t n = strcspn (p, "\n");
            char line[400];
            snprintf (line, sizeof line, "%.*s", (int) (n < sizeof line ? n : sizeof line - 1), p);
            vp_array_push (recipients, vp_val_str (line));
            p += n + (p[n] == '\n');
        }
        vp_map_put (result, VP_K_RECIPIENTS, recipients);
        if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
            vp_map_put_str (result, VP_K_BY, (const char *) sqlite3_column_text (stmt, 5));
        vp_map_put_int (result, VP_K_PUBLISHED, sqlite3_column_int64 (stmt, 6));
        vp_map_put_int (result, VP_K_ENTRIES, sqlite3_column_int64 (stmt, 7));
        snprintf (digest, VP_SHA256_HEX, "%s", (const char *) sqlite3_column_text (stmt, 8));
    }
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "week edition");
    return rc == SQLITE_ROW ? 0 : 1;
}

static void
s_week_fields (vp_val_t *map, const cal_week_t *week)
{
    vp_map_put_int (map, VP_K_WEEK_START, week->start);
    vp_map_put_int (map, VP_K_WEEK_END, week->end);
    vp_map_put_int (map, VP_K_WEEK, week->week);
    vp_map_put_int (map, VP_K_YEAR, week->year);
}

//  The recipients as stored: one a line.
static char *
s_recipients_text (const vp_val_t *recipients)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream (&text, &size);
    size_t lines = 0;
    for (size_t i = 0; f && i < vp_val_len (recipients); i++) {
        const char *line = vp_val_get_str (vp_array_at (recipients, i));
        line = line ? line + strspn (line, " \t\r\n") : "";
        if (!*line)
            continue;           //  a blank line is no recipient
        if (lines++)
            fputc ('\n', f);
        //  a line break inside one would make two on the paper
        for (const char *p = line; *p; p++)
            fputc (*p == '\n' || *p == '\r' ? ' ' : *p, f);
    }
    if (f)
        fclose (f);
    if (!f || lines == 0) {
        free (text);
        return strdup (S_RECIPIENTS_DEFAULT);
    }
    return text;
}

//  Store an edition (publish, or recall from the stream).
static int
s_store (cal_service_t *self, const char *tenant, const vp_val_t *ed, const char *recipients, const char *digest,
         vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT OR IGNORE INTO cal_week_edition (tenant, week_start, edition, signer, signer_name, signer_title,"
        " recipients, published_by, published, entries, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, vp_map_int (ed, VP_K_WEEK_START, 0));
    sqlite3_bind_int64 (stmt, 3, vp_map_int (ed, VP_K_EDITION, 0));
    sqlite3_bind_text (stmt, 4, vp_map_str (ed, VP_K_SIGNER), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, vp_map_str (ed, VP_K_SIGNER_NAME), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, vp_map_str (ed, VP_K_SIGNER_TITLE), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, recipients, -1, SQLITE_STATIC);
    if (vp_map_str (ed, VP_K_BY))
        sqlite3_bind_text (stmt, 8, vp_map_str (ed, VP_K_BY), -1, SQLITE_STATIC);
    else
        sqlite3_bind_null (stmt, 8);
    sqlite3_bind_int64 (stmt, 9, vp_map_int (ed, VP_K_PUBLISHED, 0));
    sqlite3_bind_int64 (stmt, 10, vp_map_int (ed, VP_K_ENTRIES, 0));
    sqlite3_bind_text (stmt, 11, digest, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "week edition");
}

static int
s_publish_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    int64_t now = vp_clock_now ();
    //  An office act: the office head's (or whoever acts for that post
    //  now); a service or an admin acting as itself names no actor.
    if (*ctx->actor && !vp_staff_is_office_head (self->db, tenant, ctx->actor, now))
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                           "chỉ Tổ trưởng Văn phòng ban hành lịch công tác tuần; %s không phải Tổ trưởng Văn phòng "
                           "của %s", ctx->actor, tenant);
    const char *signer = vp_map_str (args, VP_K_SIGNER);
    if (vp_staff_check_officer (self->db, tenant, signer, err))
        return -1;
    char zone[64];
    cal_zone (self, tenant, zone);
    cal_week_t week;
    cal_week_of (zone, vp_map_int (args, VP_K_DATE, 0), &week);
    //  The signer's block: the title given, or of their first post now.
    char title[201] = "", name[201];
    if (vp_map_str (args, VP_K_SIGNER_TITLE) && *vp_map_str (args, VP_K_SIGNER_TITLE))
        cal_cut (title, sizeof title, vp_map_str (args, VP_K_SIGNER_TITLE));
    else {
        vp_val_t *posts = vp_staff_posts_of (self->db, signer, now);
        const vp_val_t *first = vp_array_at (posts, 0);
        if (first && vp_map_str (first, VP_K_TITLE))
            cal_cut (title, sizeof title, vp_map_str (first, VP_K_TITLE));
        vp_val_destroy (&posts);
        if (!*title)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_SIGNER_TITLE,
                               "%s không giữ chức vụ nào lúc này: hãy ghi chức vụ người ký (signer_title)", signer);
    }
    cal_officer_name (self, signer, name, sizeof name);
    char digest[VP_SHA256_HEX], last_digest[VP_SHA256_HEX] = "";
    int64_t count = 0;
    vp_val_t *participants = vp_val_array ();
    char *recipients = s_recipients_text (vp_map_get (args, VP_K_RECIPIENTS));
    vp_val_t *last = vp_val_map ();
    int rc = s_digest (self, tenant, &week, digest, &count, participants, err);
    int found = rc ? -1 : s_load (self, tenant, week.start, 0, last, last_digest, err);
    if (found < 0) {
        rc = -1;
        goto done;
    }
    s_week_fields (result, &week);
    if (found == 0) {
        char *last_recipients = s_recipients_text (vp_map_get (last, VP_K_RECIPIENTS));
        bool same = strcmp (digest, last_digest) == 0 && strcmp (vp_map_str (last, VP_K_SIGNER), signer) == 0
                 && strcmp (vp_map_str (last, VP_K_SIGNER_TITLE), title) == 0
                 && strcmp (last_recipients, recipients) == 0;
        free (last_recipients);
        if (same) {
            vp_map_put_all (result, last);
            vp_map_put_bool (result, VP_K_UNCHANGED, true);
            goto done;
        }
    }
    vp_val_t *ed = vp_val_map ();
    s_week_fields (ed, &week);
    vp_map_put_int (ed, VP_K_EDITION, found == 0 ? vp_map_int (last, VP_K_EDITION, 0) + 1 : 1);
    vp_map_put_str (ed, VP_K_SIGNER, signer);
    vp_map_put_str (ed, VP_K_SIGNER_NAME, name);
    vp_map_put_str (ed, VP_K_SIGNER_TITLE, title);
    if (*ctx->actor)
        vp_map_put_str (ed, VP_K_BY, ctx->actor);
    vp_map_put_int (ed, VP_K_PUBLISHED, now);
    vp_map_put_int (ed, VP_K_ENTRIES, count);
    rc = s_store (self, tenant, ed, recipients, digest, err);
    vp_val_t *stored = vp_val_map ();
    if (rc == 0 && s_load (self, tenant, week.start, vp_map_int (ed, VP_K_EDITION, 0), stored, last_digest, err) < 0)
        rc = -1;
    if (rc == 0) {
        vp_map_put_all (result, stored);
        vp_val_t *event = vp_val_dup (stored);
        s_week_fields (event, &week);
        vp_map_put (event, VP_K_PARTICIPANTS, participants);
        participants = NULL;
        vp_map_put_str (event, VP_K_DIGEST, digest);
        rc = vp_service_emit (self->service, ctx, tenant, "week_published", event, err);
    }
    vp_val_destroy (&stored);
    vp_val_destroy (&ed);
done:
    vp_val_destroy (&last);
    vp_val_destroy (&participants);
    free (recipients);
    return rc;
}

int
cal_edition_of (cal_service_t *self, const char *tenant, int64_t at, int64_t edition, vp_val_t *result,
                vp_err_t *err)
{
    char zone[64], digest[VP_SHA256_HEX] = "", now_digest[VP_SHA256_HEX];
    cal_zone (self, tenant, zone);
    cal_week_t week;
    cal_week_of (zone, at, &week);
    s_week_fields (result, &week);
    int64_t count = 0;
    int found = s_load (self, tenant, week.start, edition, result, digest, err);
    if (found < 0)
        return -1;
    if (found == 1) {
        if (edition)
            return vp_err_set (err, VP_E_NOT_FOUND, VP_K_EDITION, "tuần %d/%d chưa có lần ban hành thứ %lld",
                               week.week, week.year, (long long) edition);
        vp_map_put_int (result, VP_K_EDITION, 0);
        return 0;
    }
    if (s_digest (self, tenant, &week, now_digest, &count, NULL, err))
        return -1;
    if (strcmp (digest, now_digest) != 0)
        vp_map_put_bool (result, VP_K_CHANGED, true);
    return 0;
}

static int
s_edition (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    return cal_edition_of (self, ctx->tenant, vp_map_int (args, VP_K_DATE, 0), vp_map_int (args, VP_K_EDITION, 0),
                           result, err);
}

//  A rebuilt database takes its editions back from the stream
//  (cal_recall): the next publish goes on from the highest.
int
cal_edition_recall (cal_service_t *self, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    char *recipients = s_recipients_text (vp_map_get (data, VP_K_RECIPIENTS));
    const char *digest = vp_map_str (data, VP_K_DIGEST);
    int rc = s_store (self, tenant, data, recipients, digest ? digest : "", err);
    free (recipients);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_CALENDAR_WEEK_PUBLISH, s_publish_tx, true, .changes = true },
    { VP_C_CALENDAR_WEEK_EDITION, s_edition, true },
    { NULL }
};

void
cal_edition_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
