/*  vp_backup - an online copy of a service's database.

    Every service (and the bus) answers `<name>.backup` with this: a
    consistent snapshot of its database, taken while it runs, written to
    <data-dir>/backup/<name>-<UTC time>.db. The copy is written under a
    hidden temporary name, synced, and renamed only when complete, so a
    file with the final name is always a whole database; a crash midway
    leaves a `.part` file that the next backup removes.

    A service whose data folder also holds files named by their content
    (vp-documents' attachments/<sha256>) has them copied with the database,
    to <data-dir>/backup/<folder>/: one shared copy for every backup, since
    a file so named never changes; each run copies only the new ones.
*/
#ifndef VP_BACKUP_H_INCLUDED
#define VP_BACKUP_H_INCLUDED

#include <sqlite3.h>
#include "vp_err.h"
#include "vp_val.h"

//  Copy db (open, outside a transaction) to <data_dir>/backup/; name is
//  the database's name without ".db". Fills result with `file` (the
//  copy's path), `bytes` and `ms` (time taken). Returns 0, or -1 with err
//  (unavailable when the disk is full or the folder cannot be written).
int vp_backup_db (sqlite3 *db, const char *data_dir, const char *name,
                  vp_val_t *result, vp_err_t *err);

//  Copy every file of <data_dir>/<folder> (files named by their content;
//  names starting with '.' are partial and left out) that is not yet in
//  <data_dir>/backup/<folder>, each under a temporary name, synced, then
//  renamed. Puts {folder, files, copied, bytes} under result's `folder`
//  key. A folder that does not exist yet is no file to copy. Returns 0, or
//  -1 with err.
int vp_backup_files (const char *data_dir, const char *folder, vp_val_t *result, vp_err_t *err);

#endif
