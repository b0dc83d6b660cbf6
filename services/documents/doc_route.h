/*  doc_route - routing rules, assignment and the workflow steps.

    A document goes to a post: the tenant's routing rules first (issuer
    contains, type, field, secrecy at least; highest priority first, then
    the most specific), else the post that has the document's field of
    work, else the office head's post. The post is then resolved to whoever
    acts for it (holder; delegate when on leave; office head when vacant).
*/
#ifndef DOC_ROUTE_H_INCLUDED
#define DOC_ROUTE_H_INCLUDED

#include "doc_service.h"

//  Which post handles a document. doc is the row as a map (issuer, number,
//  type, field, secrecy, urgency, receiving_body, summary...). Fills post
//  and why (the rule, in words). 0 on success, -1 with err when no post
//  can be found.
int doc_route_pick (doc_service_t *self, const char *tenant, const vp_val_t *doc, int64_t at,
                    char post[65], char why[400], vp_err_t *err);

//  In the caller's transaction: assigns the document of doc (its row, as
//  doc_access_row reads it) to post (and officer; when officer is NULL,
//  whoever acts for post now, by vp_staff_whois), updates doc_document and
//  doc alike, adds history and emits documents.assigned. why is the reason
//  (the routing rule or the override's reason).
int doc_route_assign (doc_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
                      vp_val_t *doc, const char *post, const char *officer,
                      const char *why, vp_err_t *err);

#endif
