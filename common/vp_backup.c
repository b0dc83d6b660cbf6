/*  vp_backup - an online copy of a service's database. */
#include <dirent.h>
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

//  Copy src to dst through part: synced before the rename names it whole.
static int
s_copy (const char *src, const char *part, const char *dst, int64_t *bytes)
{
    int in = open (src, O_RDONLY);
    if (in < 0)
        return -1;
    int out = open (part, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (out < 0) {
        close (in);
        return -1;
    }
    static __thread char buf[1 << 16];
    ssize_t n;
    int rc = 0;
    while ((n = read (in, buf, sizeof buf)) > 0 && rc == 0) {
        for (ssize_t at = 0; at < n; ) {
            ssize_t w = write (out, buf + at, (size_t) (n - at));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                rc = -1;
                break;
            }
            at += w;
        }
        *bytes += n;
    }
    if (n < 0 || fsync (out))
        rc = -1;
    close (in);
    if (close (out))
        rc = -1;
    if (rc == 0 && rename (part, dst))
        rc = -1;
    if (rc)
        unlink (part);
    return rc;
}

int
vp_backup_files (const char *data_dir, const char *folder, vp_val_t *result, vp_err_t *err)
{
    char src[1200], dst[1300];
    snprintf (src, sizeof src, "%s/%s", data_dir, folder);
    snprintf (dst, sizeof dst, "%s/backup/%s", data_dir, folder);
    int64_t files = 0, copied = 0, bytes = 0;
    DIR *dir = opendir (src);
    if (!dir && errno != ENOENT)
        return vp_err_set (err, VP_E_UNAVAILABLE, folder, "cannot read folder \"%s\": %s", src, strerror (errno));
    if (dir) {
        char top[1250];
        snprintf (top, sizeof top, "%s/backup", data_dir);
        if ((mkdir (top, 0750) && errno != EEXIST) || (mkdir (dst, 0750) && errno != EEXIST)) {
            closedir (dir);
            return vp_err_set (err, VP_E_UNAVAILABLE, folder, "cannot make backup folder \"%s\": %s", dst,
                               strerror (errno));
        }
        struct dirent *entry;
        while ((entry = readdir (dir))) {
            if (entry->d_name[0] == '.')
                continue;
            char from[1500], to[1600], part[1600];
            snprintf (from, sizeof from, "%s/%s", src, entry->d_name);
            snprintf (to, sizeof to, "%s/%s", dst, entry->d_name);
            snprintf (part, sizeof part, "%s/.%s.part", dst, entry->d_name);
            struct stat sst, dst_st;
            if (stat (from, &sst) || !S_ISREG (sst.st_mode))
                continue;
            files++;
            //  The same name and size: the same bytes (the name is their hash).
            if (stat (to, &dst_st) == 0 && dst_st.st_size == sst.st_size)
                continue;
            if (s_copy (from, part, to, &bytes)) {
                int saved = errno;
                closedir (dir);
                return vp_err_set (err, VP_E_UNAVAILABLE, folder, "cannot copy \"%s\" to \"%s\": %s", from, to,
                                   strerror (saved));
            }
            copied++;
        }
        closedir (dir);
        if (copied && s_sync (dst))
            return vp_err_set (err, VP_E_UNAVAILABLE, folder, "cannot sync \"%s\": %s", dst, strerror (errno));
    }
    vp_val_t *info = vp_val_map ();
    vp_map_put_str (info, "folder", dst);
    vp_map_put_int (info, "files", files);
    vp_map_put_int (info, "copied", copied);
    vp_map_put_int (info, "bytes", bytes);
    vp_map_put (result, folder, info);
    if (copied)
        vp_info ("backup of %s: %lld new files of %lld copied to %s (%lld bytes)", folder, (long long) copied,
                 (long long) files, dst, (long long) bytes);
    return 0;
}
