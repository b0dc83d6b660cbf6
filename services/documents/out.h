/*  out - what the commune sends (outgoing documents), one concern a file:

      out_draft       documents.outgoing.draft, revise, get, list: every
                      version kept with who and when (III.1.a, n)
      out_consult     consult and opinion: named officers answer agree,
                      disagree or other by a deadline in working days
      out_approve     the approval chain of posts per body and type;
                      submit, approve, send_back (the signer is last)
      out_sign        the digital signature: a detached CMS made with the
                      signer's key in a PKCS#11 token, and its verification
      out_issue       sign: the number of the right series, the issue date,
                      the signature; the outgoing register (V.3)
      out_distribute  to the bodies of the deployment, by an event the
                      receiving side applies once; receipts come back
      out_mail        to an outside agency by e-mail (through vp-notify):
                      the signed file it fetches, the status it reports
      out_recall      recall: frozen here, destroyed at every receiver (III.8)
      out_incoming    the detached signature of an incoming document,
                      verified when its registration is applied

    Statuses of an outgoing document: draft, approving, signing,
    sent_back, issued, recalled. Its trail is doc_history under its id
    ("o-<n>"), like an incoming document's.
*/
#ifndef OUT_H_INCLUDED
#define OUT_H_INCLUDED

#include "doc_service.h"

//  The outgoing document's row (doc_out), or NULL with not_found naming
//  "outgoing" when it is not in the tenant.
vp_val_t *out_load (doc_service_t *self, const char *tenant, const char *outgoing, vp_err_t *err);
//  The PDF of a version (0: the current one), malloc'd, and its size and
//  sha256; NULL when absent.
void *out_pdf (doc_service_t *self, const char *tenant, const char *outgoing, int64_t version,
               size_t *size, char sha256[65]);
//  Set the status (and the step) of an outgoing document.
int out_status_set (doc_service_t *self, const char *tenant, const char *outgoing, const char *status,
                    int64_t step, vp_err_t *err);
//  Emit documents.<event> about an outgoing document (its row), with the
//  officer the next step waits for when not NULL.
int out_emit (doc_service_t *self, vp_cmdctx_t *ctx, const char *event, const vp_val_t *row,
              const char *status, const char *officer, vp_err_t *err);
//  A trail step of an outgoing document (doc_history).
int out_trail (doc_service_t *self, vp_cmdctx_t *ctx, const char *outgoing, const char *step,
               const char *detail, vp_err_t *err);
//  -1 with failed_precondition naming "outgoing" unless its status is
//  one of the '|'-separated statuses.
int out_status_need (const vp_val_t *row, const char *statuses, const char *doing, vp_err_t *err);
//  The officer who acts for post in tenant now ("" when nobody).
const char *out_who (doc_service_t *self, const char *tenant, const char *post, char officer[VP_STAFF_ID_MAX]);
//  The number of posts in the chain kept on row, and the post of step
//  (into post when not NULL; "" past the end).
int out_chain_at (const vp_val_t *row, int64_t step, char post[VP_STAFF_ID_MAX]);

//  The events of its own stream the service follows (rows of doc_service's
//  table; arg: the doc_service_t): a document delivered to a body here,
//  a receipt of one sent, a recall; a document that arrived from the
//  deployment assigned or changed status (the sender is told).
int out_delivered (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);
int out_receipt (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);
int out_recalled (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);
int out_assigned (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);
int out_status_changed (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);

//  "Ủy ban nhân dân xã Lam Sơn": the issuing body as receivers read it.
const char *out_issuer (doc_service_t *self, const char *tenant, const char *body, char *buf, size_t size);

//  out_mail: what vp-notify says of a mail to an outside agency
//  (notify.sent, retry, failed naming a delivery) on the list of
//  receivers (a row of doc_service's table). 0 when applied or not its
//  concern.
int out_mail_report (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);

//  Send an issued document to its receivers (in the change's transaction).
int out_distribute (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *row, vp_err_t *err);

//  documents.registered: verify the detached signature among the
//  document's attachments, if any, and keep the result.
int out_incoming_verify (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err);

//  Each file's commands.
void out_draft_register (doc_service_t *self);
void out_consult_register (doc_service_t *self);
void out_approve_register (doc_service_t *self);
void out_issue_register (doc_service_t *self);
void out_sign_register (doc_service_t *self);
void out_recall_register (doc_service_t *self);
void out_mail_register (doc_service_t *self);
void out_incoming_register (doc_service_t *self);

//  From doc_number: the next number of a series for a type on doc_date,
//  recorded as given (status "issued") with summary, in the change's
//  transaction; label, n and period out.
int doc_number_take (doc_service_t *self, vp_cmdctx_t *ctx, const char *series, const char *type,
                     int64_t doc_date, const char *summary, char label[129], int64_t *n,
                     char period[32], vp_err_t *err);
//  From doc_register: register an incoming document (the args of
//  documents.register) in ctx->tenant, in the caller's transaction.
int doc_register_intake (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err);

//  documents.outgoing.register_book (out_issue.c): the outgoing register of
//  a year (Decree 30's columns), also the output so-di (out_reports.c).
int out_register_book (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err);

#endif
