/*  cal_schema - vp-calendar's own tables: the migrations of owner "calendar"
    (vp_db_migrate), in order; never edit one that has shipped. */
#include "cal_service.h"

//  The schema. Migration 1 is the first version; each later change is a
//  migration of its own, appended (never edit one that has shipped).
const char *const cal_migrations[] = {
    //  1: entries, who takes part, rooms, feeds
    "CREATE TABLE cal_entry ("
    "  tenant TEXT NOT NULL, entry TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, room TEXT, place TEXT,"
    //  chair_post: the chair was given as a post (resolved again when the entry moves)
    "  chair TEXT, chair_post TEXT, document TEXT, document_number TEXT, urgency TEXT,"
    "  status TEXT NOT NULL, sequence INTEGER NOT NULL, source TEXT NOT NULL, note TEXT,"
    "  created INTEGER NOT NULL, modified INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, entry)) WITHOUT ROWID;"
    "CREATE INDEX cal_entry_start ON cal_entry (tenant, start);"
    "CREATE INDEX cal_entry_body ON cal_entry (tenant, body, start) WHERE body IS NOT NULL;"
    //  the room check: a room's live bookings by start
    "CREATE INDEX cal_entry_room ON cal_entry (tenant, room, start, end)"
    "  WHERE room IS NOT NULL AND status != 'cancelled';"
    //  what an event made is made once: one invitation entry, one
    //  deadline item per document
    "CREATE UNIQUE INDEX cal_entry_source ON cal_entry (tenant, source, document)"
    "  WHERE source != 'command';"
    //  One row per (entry, officer), with the post through which; start,
    //  end and busy (counts for presence) copied from the entry so that
    //  the person check reads one index range.
    "CREATE TABLE cal_participant ("
    "  tenant TEXT NOT NULL, entry TEXT NOT NULL, officer TEXT NOT NULL, ord INTEGER NOT NULL,"
    "  post TEXT, on_behalf_of TEXT, delegate TEXT, leave TEXT,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, busy INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, entry, officer)) WITHOUT ROWID;"
    "CREATE INDEX cal_participant_officer ON cal_participant (tenant, officer, busy, start, end);"
    //  the longest entry of a tenant so far: how far back a check looks
    "CREATE TABLE cal_span (tenant TEXT PRIMARY KEY, max_ms INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE cal_room ("
    "  tenant TEXT NOT NULL, room TEXT NOT NULL, name TEXT NOT NULL, capacity INTEGER,"
    "  active INTEGER NOT NULL, PRIMARY KEY (tenant, room)) WITHOUT ROWID;"
    "CREATE TABLE cal_feed ("
    "  token TEXT PRIMARY KEY, tenant TEXT NOT NULL, officer TEXT NOT NULL, body TEXT NOT NULL,"
    "  created INTEGER NOT NULL, revoked INTEGER) WITHOUT ROWID;"
    "CREATE INDEX cal_feed_whose ON cal_feed (tenant, officer, body) WHERE revoked IS NULL;",
    //  2: an entry's secrecy (that of its document, or given): viewers not
    //  cleared for it see a busy block (cal_entry_mask)
    "ALTER TABLE cal_entry ADD COLUMN secrecy TEXT;",
    //  3: the conflicts as told: one row per pair of entries (a < b) and
    //  person or room, with the overlap told, so that a conflict is told
    //  once, again only when it changes, and when it ends
    "CREATE TABLE cal_conflict ("
    "  tenant TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, who TEXT NOT NULL,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, a, b, kind, who)) WITHOUT ROWID;"
    "CREATE INDEX cal_conflict_b ON cal_conflict (tenant, b);",
    //  4: the editions of a week's Lịch công tác as published (cal_edition):
    //  the signer's block, nơi nhận (one a line) and the digest of the
    //  entries it printed
    "CREATE TABLE cal_week_edition ("
    "  tenant TEXT NOT NULL, week_start INTEGER NOT NULL, edition INTEGER NOT NULL,"
    "  signer TEXT NOT NULL, signer_name TEXT NOT NULL, signer_title TEXT NOT NULL, recipients TEXT NOT NULL,"
    "  published_by TEXT, published INTEGER NOT NULL, entries INTEGER NOT NULL, digest TEXT NOT NULL,"
    "  PRIMARY KEY (tenant, week_start, edition)) WITHOUT ROWID;"
    //  and who prepares an entry (đơn vị chuẩn bị), a column of the printed week
    "ALTER TABLE cal_entry ADD COLUMN prepared_by TEXT;",
    NULL
};

int
cal_schema (sqlite3 *db, vp_err_t *err)
{
    //  The checks read index ranges all over the schedule: with sqlite's
    //  default 2 MB page cache, 100,000 entries (57 MB) are read back from
    //  the file system and a check takes twice as long (bench-calendar).
    //  The cache grows only as far as the database is read.
    return vp_db_exec (db, "PRAGMA cache_size = -65536;", err) || vp_staff_schema (db, err) ? -1 : 0;
}
