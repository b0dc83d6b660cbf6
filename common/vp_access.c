/*  vp_access - the access rules that need the staffing read model. */
#include <string.h>
#include "vp/vp_access.h"
#include "vp/vp_clock.h"
#include "vp/vp_staff.h"

//  A caller that acts as itself: a service, an admin, or anyone on a
//  deployment without keys (development on loopback).
static bool
s_acts_as_itself (const vp_cmdctx_t *ctx)
{
    return !ctx->peer || (ctx->role && (strcmp (ctx->role, "service") == 0 || strcmp (ctx->role, "admin") == 0));
}

int
vp_access_check (sqlite3 *db, vp_cmdctx_t *ctx, vp_access_t access, vp_err_t *err)
{
    bool itself = s_acts_as_itself (ctx);
    switch (access) {
        case VP_ACCESS_OPS:
        case VP_ACCESS_DISTRICT:
        case VP_ACCESS_GATEWAY:
            return 0;
        case VP_ACCESS_DIRECTORY:
            return itself ? 0 : vp_staff_check_actor (db, ctx->tenant, ctx->actor, err);
        case VP_ACCESS_SETUP:
            if (itself)
                return 0;
            if (vp_staff_check_actor (db, ctx->tenant, ctx->actor, err))
                return -1;
            if (!vp_staff_is_office_head (db, ctx->tenant, ctx->actor, vp_clock_now ()))
                return vp_err_set (err, VP_E_PERMISSION_DENIED, "actor",
                                   "%s sets up the commune: only its office head (Tổ trưởng Văn phòng) or an "
                                   "admin may; %s is not the office head of %s", ctx->cmd, ctx->actor, ctx->tenant);
            return 0;
        case VP_ACCESS_OFFICE:
        default:
            //  A service may act as itself; an admin does no office work
            //  (vp_cmd refused it already).
            if (ctx->peer && ctx->role && strcmp (ctx->role, "service") == 0 && !*ctx->actor)
                return 0;
            return vp_staff_check_actor (db, ctx->tenant, ctx->actor, err);
    }
}
