/*  vp_backup - an online copy of a service's database. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "vp/vp_backup.h"
#include "vp/vp_clock.h"
#include "vp/vp_db.h"
#include "vp/vp_log.h"

//  fsync a file or a folder by path: the copy must be on disk before its
//  final name says it is whole, and the rename before we report it.
static int
s_sync (const char *path)
{
    int fd = open (path, O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync (fd);
    close (fd);
    return rc;
}

int
vp_backup_db (sqlite3 *db, const char *data_dir, const char *name,
              vp_val_t *result, vp_err_t *err)
{
    int64_t started = vp_clock_mono ();
    char dir[1200];
    snprintf (dir, sizeof dir, "%s/backup", data_dir);
    if (mkdir (dir, 0750) && errno != EEXIST)
        return vp_err_set (err, VP_E_UNAVAILABLE, "data-dir", "cannot make backup folder \"%s\": %s",
                           dir, strerror (errno));
    //  UTC time to the millisecond: names sort in time order and two
    //  backups in one second do not collide.
    int64_t now = vp_clock_now ();
    time_t secs = (time_t) (now / 1000);
    struct tm tm;
    gmtime_r (&secs, &tm);
    char stamp[32];
    strftime (stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    char file[1400], part[1400];
    snprintf (file, sizeof file, "%s/%s-%s.%03dZ.db", dir, name, stamp, (int) (now % 1000));
    snprintf (part, sizeof part, "%s/.%s-%s.%03dZ.db.part", dir, name, stamp, (int) (now % 1000));
    if (access (file, F_OK) == 0)
        return vp_err_set (err, VP_E_ALREADY_EXISTS, "file", "backup \"%s\" exists already", file);
    unlink (part);
    //  VACUUM INTO reads one snapshot (WAL: writers of other connections
    //  go on) and writes a compact copy.
    sqlite3_stmt *stmt = vp_db_prepare (db, "VACUUM INTO ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, part, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_finalize (stmt);
    if (rc != SQLITE_DONE) {
        vp_db_error (db, err, "backup");
        unlink (part);
        return -1;
    }
    //  A copy may hold secret documents: no more readable than the folder.
    if (chmod (part, 0640) || s_sync (part) || rename (part, file) || s_sync (dir)) {
        vp_err_set (err, VP_E_UNAVAILABLE, "file", "cannot complete backup \"%s\": %s", file, strerror (errno));
        unlink (part);
        return -1;
    }
    struct stat st;
    int64_t bytes = stat (file, &st) == 0 ? (int64_t) st.st_size : 0;
    int64_t ms = vp_clock_mono () - started;
    vp_map_put_str (result, "file", file);
    vp_map_put_int (result, "bytes", bytes);
    vp_map_put_int (result, "ms", ms);
    vp_info ("backup of %s.db written to %s (%lld bytes, %lld ms)", name, file,
             (long long) bytes, (long long) ms);
    return 0;
}
