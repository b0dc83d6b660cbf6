/*  vp_access - who may run a command, from the staffing read model.

    The command server checks the caller's key first (vp_cmd: an officer's
    key acts as its officer, an operator only operates, an admin only sets
    up); this is the rest of the one rule, for every service that keeps
    the staffing read model (vp_staff):

      office work     the actor is an active officer of the tenant;
      directory       an admin or a service, or an active officer of the tenant;
      set-up          an admin or a service, or an active officer who acts for
                      the tenant's office head (Tổ trưởng Văn phòng) now;
      district        the key's check is all (a district-wide admin).

    A refusal is permission_denied naming the actor and the tenant, and
    says nothing of another tenant's data.
*/
#ifndef VP_ACCESS_H_INCLUDED
#define VP_ACCESS_H_INCLUDED

#include <sqlite3.h>
#include "vp_cmd.h"

int vp_access_check (sqlite3 *db, vp_cmdctx_t *ctx, vp_access_t access, vp_err_t *err);

#endif
