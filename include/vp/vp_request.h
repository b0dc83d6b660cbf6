/*  vp_request - a changing command is done once per request id.

    Clients retry a command whose answer did not come with the same
    request id (vp_cmdcli_call does), and the command may have been done:
    its commit came before a crash, or the answer was lost. So a service
    keeps, in the command's own transaction, the request id, a digest of
    what was asked (command, tenant, actor, args) and the reply. The same
    id again gets the same reply and changes nothing; the same id with
    something else asked is refused invalid_argument (field id). Replies
    are kept VP_REQUEST_KEEP_DAYS (default 7) and pruned in the background.
    vp_service_change runs this for every changing command of every
    service.
*/
#ifndef VP_REQUEST_H_INCLUDED
#define VP_REQUEST_H_INCLUDED

#include <sqlite3.h>
#include "vp_cmd.h"

//  The table (vp_request); call once after opening the database.
int vp_request_schema (sqlite3 *db, vp_err_t *err);

//  Before the change, in its transaction: 1 with the kept reply put into
//  result when ctx->id was done with the same request; 0 when it is new
//  (or has no id); -1 with err when it was done with another request.
int vp_request_done (sqlite3 *db, const vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result,
                     vp_err_t *err);

//  After the change, in its transaction: keep its reply.
int vp_request_keep (sqlite3 *db, const vp_cmdctx_t *ctx, const vp_val_t *args, const vp_val_t *result,
                     vp_err_t *err);

//  Forget the replies kept before `before` (ms); how many.
int64_t vp_request_prune (sqlite3 *db, int64_t before);

#endif
