/*  vp_walbuf - a transaction's WAL frames written to the file at once.

    sqlite writes each frame of a commit to the -wal file as two calls, its
    24-byte header and its page: a group of registrations is some 80 frames,
    160 pwrite calls, each its own trip through the kernel and the file
    system. This VFS over the system's default one gathers what is written
    to a -wal file end to end in memory and writes it in one call:

      - after the page that follows a commit frame's header (the header's
        second word, the database size after the commit, is not zero): so
        every committed frame is in the file before sqlite syncs it or
        tells the wal-index, and other connections read nothing missing;
      - before anything else touches the file (read, sync, size, truncate,
        close, a file control), and before a write elsewhere in it;
      - when the buffer is full (124 KiB: 30 frames).

    What a crash loses from the buffer was never committed. Every other
    file (the database, its journal, shm) is the default VFS's own.
*/
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vp/vp_db.h"

#define S_NAME "vp-walbuf"
#define S_HEADER 24                 //  a frame's header (WAL_FRAME_HDRSIZE)
//  The unix VFS writes at most 128 KiB a call (seekAndWrite keeps the low
//  17 bits of the length: a longer write comes back short, as a full disk).
#define S_CAP 0x1f000

typedef struct {
    sqlite3_file base;
    sqlite3_file *real;             //  the default VFS's file, after this struct
    char *buf;
    size_t len;
    sqlite3_int64 at;               //  the file offset of buf[0]
    bool commit_next;               //  the next write is a commit frame's page
} s_file_t;

static sqlite3_vfs s_vfs;
static sqlite3_vfs *s_base;

static int
s_flush (s_file_t *f)
{
    if (!f->len)
        return SQLITE_OK;
    int rc = f->real->pMethods->xWrite (f->real, f->buf, (int) f->len, f->at);
    f->len = 0;
    return rc;
}

static int
s_close (sqlite3_file *file)
{
    s_file_t *f = (s_file_t *) file;
    int rc = s_flush (f);
    int closed = f->real->pMethods->xClose (f->real);
    free (f->buf);
    f->buf = NULL;
    return rc != SQLITE_OK ? rc : closed;
}

static int
s_read (sqlite3_file *file, void *data, int amount, sqlite3_int64 offset)
{
    s_file_t *f = (s_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xRead (f->real, data, amount, offset);
}

static int
s_write (sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
    s_file_t *f = (s_file_t *) file;
    int rc = SQLITE_OK;
    if (f->len && (offset != f->at + (sqlite3_int64) f->len || f->len + (size_t) amount > S_CAP))
        rc = s_flush (f);
    if (rc != SQLITE_OK)
        return rc;
    bool commit = f->commit_next;
    f->commit_next = false;
    if ((size_t) amount > S_CAP)
        return f->real->pMethods->xWrite (f->real, data, amount, offset);
    if (!f->buf && !(f->buf = (char *) malloc (S_CAP)))
        return f->real->pMethods->xWrite (f->real, data, amount, offset);
    if (!f->len)
        f->at = offset;
    memcpy (f->buf + f->len, data, (size_t) amount);
    f->len += (size_t) amount;
    if (amount == S_HEADER) {
        const unsigned char *h = (const unsigned char *) data;
        f->commit_next = (h[4] | h[5] | h[6] | h[7]) != 0;
    }
    return commit ? s_flush (f) : SQLITE_OK;
}

static int
s_truncate (sqlite3_file *file, sqlite3_int64 size)
{
    s_file_t *f = (s_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate (f->real, size);
}

static int
s_sync (sqlite3_file *file, int flags)
{
    s_file_t *f = (s_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xSync (f->real, flags);
}

static int
s_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
    s_file_t *f = (s_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize (f->real, size);
}

static int
s_lock (sqlite3_file *file, int lock)
{
    s_file_t *f = (s_file_t *) file;
    return f->real->pMethods->xLock (f->real, lock);
}

static int
s_unlock (sqlite3_file *file, int lock)
{
    s_file_t *f = (s_file_t *) file;
    return f->real->pMethods->xUnlock (f->real, lock);
}

static int
s_reserved (sqlite3_file *file, int *out)
{
    s_file_t *f = (s_file_t *) file;
    return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
s_control (sqlite3_file *file, int op, void *arg)
{
    s_file_t *f = (s_file_t *) file;
    int rc = s_flush (f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
s_sector (sqlite3_file *file)
{
    s_file_t *f = (s_file_t *) file;
    return f->real->pMethods->xSectorSize (f->real);
}

static int
s_device (sqlite3_file *file)
{
    s_file_t *f = (s_file_t *) file;
    return f->real->pMethods->xDeviceCharacteristics (f->real);
}

//  No memory map of a -wal file: its frames are read through s_read.
static int
s_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    (void) file; (void) offset; (void) amount;
    *out = NULL;
    return SQLITE_OK;
}

static int
s_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *p)
{
    (void) file; (void) offset; (void) p;
    return SQLITE_OK;
}

static const sqlite3_io_methods s_methods = {
    .iVersion = 3, .xClose = s_close, .xRead = s_read, .xWrite = s_write, .xTruncate = s_truncate,
    .xSync = s_sync, .xFileSize = s_file_size, .xLock = s_lock, .xUnlock = s_unlock,
    .xCheckReservedLock = s_reserved, .xFileControl = s_control, .xSectorSize = s_sector,
    .xDeviceCharacteristics = s_device, .xFetch = s_fetch, .xUnfetch = s_unfetch
};

static int
s_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
    (void) vfs;
    //  Not a -wal file: the default VFS's file, in place.
    if (!(flags & SQLITE_OPEN_WAL))
        return s_base->xOpen (s_base, name, file, flags, out_flags);
    s_file_t *f = (s_file_t *) file;
    memset (f, 0, sizeof *f);
    f->real = (sqlite3_file *) (f + 1);
    int rc = s_base->xOpen (s_base, name, f->real, flags, out_flags);
    if (rc == SQLITE_OK)
        f->base.pMethods = &s_methods;
    return rc;
}

static void
s_register (void)
{
    s_base = sqlite3_vfs_find (NULL);
    if (!s_base)
        return;
    s_vfs = *s_base;
    s_vfs.zName = S_NAME;
    s_vfs.szOsFile = (int) sizeof (s_file_t) + s_base->szOsFile;
    s_vfs.xOpen = s_open;
    s_vfs.pNext = NULL;
    if (sqlite3_vfs_register (&s_vfs, 0) != SQLITE_OK)
        s_base = NULL;
}

const char *
vp_walbuf_vfs (void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once (&once, s_register);
    return s_base ? S_NAME : NULL;
}
