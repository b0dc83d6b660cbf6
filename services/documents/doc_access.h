/*  doc_access - who may see what.

    Every documents command names its tenant and the acting officer
    (ctx->tenant, ctx->actor). The actor must be an active officer of that
    tenant in the staffing read model, checked for every command before
    its handler runs (vp_access, from the command table). One tenant never sees another's
    data: a document of another tenant is not_found, exactly as one that
    does not exist. A secret document (mat, toi-mat, tuyet-mat) is seen
    only by an officer whose posts are cleared for its level at the time
    of the request; to anyone else it is not_found too, and search leaves
    it out.
*/
#ifndef DOC_ACCESS_H_INCLUDED
#define DOC_ACCESS_H_INCLUDED

#include "doc_service.h"

//  The actor's clearance now (VP_SECRECY_NONE .. VP_SECRECY_TUYET_MAT).
int doc_access_clearance (doc_service_t *self, vp_cmdctx_t *ctx);

//  True when the actor may see a document of this secrecy ("thuong",
//  "mat", "toi-mat", "tuyet-mat"; NULL or unknown counts as the highest).
bool doc_access_sees (doc_service_t *self, vp_cmdctx_t *ctx, const char *secrecy);

//  The document as a map (every column of doc_document, the meeting
//  decoded), or NULL with not_found (field "document") when it does not
//  exist in ctx->tenant or the actor is not cleared for it.
vp_val_t *doc_access_load (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, vp_err_t *err);

//  0 when the actor may read the commune's overview and chase its work
//  (documents.dashboard, documents.remind): the office head, a leader (who
//  holds or acts for a post of one of the commune's outgoing chains: those
//  who approve and sign), or a caller acting as itself (an admin, a
//  service); else -1 with permission_denied in Vietnamese naming `what`.
int doc_access_leads (doc_service_t *self, vp_cmdctx_t *ctx, const char *what, vp_err_t *err);

//  0 when the actor holds or acts for the office head's post now; else -1
//  with permission_denied (field actor) naming `what` in Vietnamese.
int doc_access_head (doc_service_t *self, vp_cmdctx_t *ctx, const char *what, vp_err_t *err);

//  The same row without any check, for the service's own use (routing,
//  the duplicate check); NULL when absent.
vp_val_t *doc_access_row (doc_service_t *self, const char *tenant, const char *document);

#endif
