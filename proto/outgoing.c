/*  proto/outgoing.c - what the commune sends: drafts and their versions,
    consultation (lấy ý kiến), the approval chain (duyệt), the digital
    signature (ký số), the number and issue (phát hành), the outgoing
    register (sổ đăng ký văn bản đi), distribution and recall (thu hồi).

    Served by vp-documents (commands on `VP_DOCUMENTS_CMD`, events on the
    stream `documents`). An outgoing document's id is "o-<n>" per tenant.
*/
#include "proto_fields.h"


static const char *const s_answers[] = { "agree", "disagree", "other", NULL };
static const char *const s_formats[] = { "rows", "text", "html", NULL };

#define OUTGOING { .name = "outgoing", .type = VP_F_ID, .required = true, .max = 64, \
                   .doc = "outgoing document id, `o-<n>`" }
#define PDF(req) { .name = "pdf", .type = VP_F_BIN, .required = req, .max = 900000, \
                   .doc = "the document as a PDF (the file that is signed and sent)" }

static const vp_field_t s_recipient[] = {
    ID ("tenant", false, "a commune of the deployment (default: the sender's own)"),
    ID ("body", false, "a body of that commune (e.g. `ubnd`): the document arrives in its intake"),
    TEXT ("email", false, 200, "an agency outside the deployment: sent by e-mail"),
    TEXT ("name", false, 200, "the receiver as the document names it (nơi nhận)"),
    { NULL }
};
static const vp_msgdef_t s_recipient_def = {
    .name = "documents.outgoing.recipient", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "One receiver (nơi nhận): a body of the deployment, or an outside agency by e-mail.",
    .fields = s_recipient
};
#define RECIPIENTS(req) { .name = "recipients", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &s_recipient_def, \
                          .max = 50, .required = req, .doc = "the receivers (nơi nhận)" }

//  ---------------------------------------------------------------- commands

static const vp_field_t s_draft[] = {
    ID ("body", true, "the issuing body (ubnd, hdnd, dang-uy, ...)"),
    { .name = "type", .type = VP_F_STR, .required = true, .one_of = vp_doc_type_ids, .doc = "document type" },
    TEXT ("summary", true, 500, "trích yếu (Subject, 500)"),
    ID ("series", false, "numbering series (default: the body's)"),
    { .name = "urgency", .type = VP_F_STR, .one_of = vp_urgency_ids, .doc = "độ khẩn (default thuong)" },
    RECIPIENTS (false),
    IDS ("to", "the receivers in the deployment as words: `hdnd` (a body of the commune) or "
         "`minh-son.ubnd` (a body of another commune); with or instead of recipients"),
    PDF (true),
    TEXT ("note", false, 2000, "what this version is"),
    UINT ("pages", false, 10000, "PageAmount"),
    UINT ("copies", false, 10000, "IssuedAmount: số lượng bản"),
    ID ("replaces", false, "an issued outgoing document this one replaces (III.8)"),
    { NULL }
};
static const vp_field_t s_revise[] = {
    OUTGOING,
    TEXT ("summary", false, 500, "trích yếu"),
    RECIPIENTS (false),
    IDS ("to", "the receivers as words (see documents.outgoing.draft); with recipients, both"),
    PDF (false),
    TEXT ("note", true, 2000, "what changed"),
    { NULL }
};
static const vp_field_t s_outgoing[] = { OUTGOING, { NULL } };
static const vp_field_t s_list[] = {
    { .name = "queue", .type = VP_F_STR, .one_of = (const char *const[]) { "mine", "consult", "approve", "sign", "all", NULL },
      .doc = "mine: drafts I wrote; consult: asking my opinion; approve, sign: waiting for me; all (default)" },
    { NULL }
};
static const vp_field_t s_consult[] = {
    OUTGOING,
    IDS ("officers", "the officers asked (lấy ý kiến)"),
    UINT ("days", true, 60, "answer within this many working days"),
    TEXT ("question", false, 2000, "what they are asked"),
    { NULL }
};
static const vp_field_t s_opinion[] = {
    OUTGOING,
    { .name = "answer", .type = VP_F_STR, .required = true, .one_of = s_answers, .doc = "agree, disagree or other" },
    TEXT ("text", true, 4000, "the opinion"),
    { NULL }
};
static const vp_field_t s_chain_set[] = {
    ID ("body", true, "the issuing body"),
    { .name = "type", .type = VP_F_STR, .one_of = vp_doc_type_ids, .doc = "a type (default: every type of the body)" },
    { .name = "posts", .type = VP_F_ARRAY, .item = VP_F_ID, .max = 8, .required = true,
      .doc = "the posts that approve, in order; the last one signs" },
    { NULL }
};
static const vp_field_t s_no_fields[] = { { NULL } };
static const vp_field_t s_approve[] = { OUTGOING, TEXT ("note", false, 2000, "remark"), { NULL } };
static const vp_field_t s_send_back[] = { OUTGOING, TEXT ("reason", true, 2000, "why it goes back"), { NULL } };
static const vp_field_t s_sign[] = {
    OUTGOING,
    { .name = "pin", .type = VP_F_STR, .max = 64, .secret = "",
      .doc = "the PIN of the signer's token: signs digitally (ký số); without it the signature is on paper" },
    TEXT ("token", false, 32, "the token's label (default: any token holding the signer's key)"),
    { NULL }
};
static const vp_field_t s_verify[] = {
    OUTGOING,
    PDF (false),
    { NULL }
};
static const vp_field_t s_register_book[] = {
    UINT ("year", true, 9999, "the year of the register"),
    ID ("series", false, "one series (default: every one)"),
    { .name = "format", .type = VP_F_STR, .one_of = s_formats, .doc = "rows (default), text or html: printable" },
    { NULL }
};
static const vp_field_t s_recall[] = { OUTGOING, TEXT ("reason", true, 2000, "why it is recalled"), { NULL } };
static const char *const s_parts[] = { "pdf", "signature", NULL };
static const vp_field_t s_file[] = {
    OUTGOING,
    { .name = "part", .type = VP_F_STR, .required = true, .one_of = s_parts,
      .doc = "pdf: the issued version's PDF; signature: its detached CMS signature (.p7s)" },
    { NULL }
};

#define COMMAND(var, n, f, d) \
    static const vp_msgdef_t var = { .name = n, .kind = VP_KIND_COMMAND, .version = 1, .doc = d, .fields = f }

COMMAND (s_cmd_draft, "documents.outgoing.draft", s_draft,
         "Draft an outgoing document for a body: version 1, with its PDF and receivers.");
COMMAND (s_cmd_revise, "documents.outgoing.revise", s_revise,
         "A new version of a draft (every version is kept, with who and when).");
COMMAND (s_cmd_get, "documents.outgoing.get", s_outgoing,
         "An outgoing document: versions, opinions, approvals, signature, number, receivers and their status.");
COMMAND (s_cmd_list, "documents.outgoing.list", s_list, "Outgoing documents; the queues of the actor.");
COMMAND (s_cmd_consult, "documents.outgoing.consult", s_consult,
         "Ask named officers for their opinion by a deadline in working days.");
COMMAND (s_cmd_opinion, "documents.outgoing.opinion", s_opinion, "Give an opinion: agree, disagree or other.");
COMMAND (s_cmd_chain_set, "documents.outgoing.chain.set", s_chain_set,
         "The approval chain of a body (and type): the posts in order, the signer last.");
COMMAND (s_cmd_chain_list, "documents.outgoing.chain.list", s_no_fields, "The approval chains of the commune.");
COMMAND (s_cmd_submit, "documents.outgoing.submit", s_outgoing, "Send a draft for approval (to the chain's first post).");
COMMAND (s_cmd_approve, "documents.outgoing.approve", s_approve, "Approve the step that waits for the actor.");
COMMAND (s_cmd_send_back, "documents.outgoing.send_back", s_send_back,
         "Send a draft back to its drafter, with the reason.");
COMMAND (s_cmd_sign, "documents.outgoing.sign", s_sign,
         "The signer signs: the number of the right series, the issue date, the signature, the register, "
         "and the document goes to its receivers.");
COMMAND (s_cmd_verify, "documents.outgoing.verify", s_verify,
         "Verify the signature of an issued document (or of the PDF given against it).");
COMMAND (s_cmd_register_book, "documents.outgoing.register_book", s_register_book,
         "The outgoing register (sổ đăng ký văn bản đi) of a year, in Decree 30's columns; printable.");
COMMAND (s_cmd_received, "documents.outgoing.received", s_no_fields,
         "What arrived here from the bodies of the deployment, and the recalls kept (the copies destroyed).");
static const vp_field_t s_signature[] = { ID ("document", true, "an incoming document"), { NULL } };
COMMAND (s_cmd_signature, "documents.signature", s_signature,
         "The verification of an incoming document's detached signature (a .p7s beside its PDF), made when it "
         "was registered: valid or why not, the certificate, its chain and the signing time.");
COMMAND (s_cmd_chase, "documents.outgoing.chase", s_no_fields,
         "Chase the opinions not given by their deadline now (it also runs every minute): told once each.");
COMMAND (s_cmd_file, "documents.outgoing.file", s_file,
         "The bytes of an issued document (the signed PDF, or its detached signature) with name, type, size "
         "and SHA-256: what vp-notify attaches to the e-mail to an outside agency.");
COMMAND (s_cmd_recall, "documents.outgoing.recall", s_recall,
         "Recall an issued document: frozen here, destroyed at every receiver of the deployment.");

//  ---------------------------------------------------------------- events

static const vp_field_t s_ev_outgoing[] = {
    OUTGOING,
    ID ("body", false, "the issuing body"),
    { .name = "status", .type = VP_F_STR, .max = 32, .doc = "its status after the change" },
    ID ("officer", false, "who the next step waits for"),
    TEXT ("summary", false, 500, "trích yếu"),
    TEXT ("label", false, 128, "the number and symbol"),
    { NULL }
};
static const vp_field_t s_f_delivered[] = {
    ID ("delivery", true, "derived id: sender tenant, outgoing, receiver tenant and body"),
    OUTGOING,
    ID ("to_tenant", true, "the receiving commune"),
    ID ("to_body", true, "the receiving body"),
    TEXT ("issuer", true, 200, "the issuer as the receiver registers it"),
    TEXT ("label", true, 128, "number and symbol"),
    TIME ("doc_date", true, "issue date"),
    { .name = "type", .type = VP_F_STR, .required = true, .one_of = vp_doc_type_ids, .doc = "document type" },
    TEXT ("summary", true, 500, "trích yếu"),
    { .name = "urgency", .type = VP_F_STR, .one_of = vp_urgency_ids, .doc = "độ khẩn" },
    TEXT ("pdf_sha256", true, 64, "the signed PDF, stored by content"),
    TEXT ("file_name", true, 200, "its file name"),
    { NULL }
};
static const vp_field_t s_f_receipt[] = {
    ID ("delivery", true, "the delivery"),
    ID ("from_tenant", true, "the sender"),
    OUTGOING,
    ID ("document", false, "the receiver's document"),
    { .name = "status", .type = VP_F_STR, .required = true, .max = 32,
      .doc = "registered, assigned, in_progress, done, returned, forwarded, destroyed" },
    UINT ("arrival_number", false, 0, "số đến at the receiver"),
    { NULL }
};
static const vp_field_t s_f_mail[] = {
    ID ("delivery", true, "derived id: sender tenant, outgoing and the address"),
    OUTGOING,
    TEXT ("email", true, 254, "the agency's address (checked when the draft named it)"),
    TEXT ("name", false, 200, "the agency as the document names it (nơi nhận)"),
    TEXT ("issuer", true, 200, "the issuing body and commune"),
    TEXT ("label", true, 128, "number and symbol"),
    TIME ("doc_date", true, "issue date"),
    { .name = "type", .type = VP_F_STR, .required = true, .one_of = vp_doc_type_ids, .doc = "document type" },
    TEXT ("summary", true, 500, "trích yếu"),
    { .name = "urgency", .type = VP_F_STR, .one_of = vp_urgency_ids, .doc = "độ khẩn" },
    TEXT ("signer", false, 400, "who signed, with the post's title"),
    TEXT ("pdf_sha256", true, 64, "the signed PDF (fetched with documents.outgoing.file, never in the event)"),
    TEXT ("file_name", true, 200, "its file name"),
    BOOL ("signed", "a detached signature (.p7s) goes with it: digitally signed"),
    { NULL }
};
static const vp_field_t s_f_recalled[] = {
    OUTGOING,
    TEXT ("label", true, 128, "number and symbol"),
    TEXT ("reason", true, 2000, "why"),
    TEXT ("issuer", false, 200, "the issuing body and commune (for the recall notice to an outside agency)"),
    TEXT ("summary", false, 500, "trích yếu"),
    TIME ("doc_date", false, "issue date"),
    { .name = "deliveries", .type = VP_F_ARRAY, .item = VP_F_ID, .max = 50,
      .doc = "the deliveries to destroy (in the deployment) or to tell of the recall (an agency by e-mail)" },
    { NULL }
};

static EVENT (s_ev_drafted, "documents.outgoing_drafted", s_ev_outgoing, "A draft was made (version 1).");
static EVENT (s_ev_revised, "documents.outgoing_revised", s_ev_outgoing, "A new version of a draft.");
static EVENT (s_ev_consulted, "documents.outgoing_consulted", s_ev_outgoing, "Officers were asked for their opinion.");
static EVENT (s_ev_opinion, "documents.outgoing_opinion", s_ev_outgoing, "An officer gave an opinion.");
static EVENT (s_ev_opinion_overdue, "documents.outgoing_opinion_overdue", s_ev_outgoing,
              "An officer asked for an opinion has not given it by the deadline (told once).");
static EVENT (s_ev_submitted, "documents.outgoing_submitted", s_ev_outgoing, "A draft waits for an approval step.");
static EVENT (s_ev_approved, "documents.outgoing_approved", s_ev_outgoing, "A step of the chain approved.");
static EVENT (s_ev_sent_back, "documents.outgoing_sent_back", s_ev_outgoing, "Sent back to the drafter.");
static EVENT (s_ev_issued, "documents.outgoing_issued", s_ev_outgoing, "Signed, numbered and issued.");
static EVENT (s_ev_delivered, "documents.outgoing_delivered", s_f_delivered,
       "An issued document for a body of the deployment: the receiver's side registers it once.");
static EVENT (s_ev_mail, "documents.outgoing_mail", s_f_mail,
       "An issued document for an outside agency: vp-notify e-mails it once, the signed PDF and its signature "
       "attached.");
static EVENT (s_ev_receipt, "documents.outgoing_receipt", s_f_receipt,
       "The receiver's side tells the sender how the document stands there.");
static EVENT (s_ev_recalled, "documents.outgoing_recalled", s_f_recalled,
       "Recalled: every receiver of the deployment destroys its copy; an agency e-mailed gets a recall notice.");

static const vp_msgdef_t *const s_defs[] = {
    &s_recipient_def,
    &s_ev_drafted, &s_ev_revised, &s_ev_consulted, &s_ev_opinion, &s_ev_opinion_overdue, &s_ev_submitted, &s_ev_approved,
    &s_ev_sent_back, &s_ev_issued, &s_ev_delivered, &s_ev_mail, &s_ev_receipt, &s_ev_recalled,
    &s_cmd_draft, &s_cmd_revise, &s_cmd_get, &s_cmd_list, &s_cmd_consult, &s_cmd_opinion,
    &s_cmd_chain_set, &s_cmd_chain_list, &s_cmd_submit, &s_cmd_approve, &s_cmd_send_back,
    &s_cmd_sign, &s_cmd_verify, &s_cmd_register_book, &s_cmd_recall, &s_cmd_file, &s_cmd_received, &s_cmd_signature, &s_cmd_chase, NULL
};

const vp_proto_module_t vp_proto_outgoing = {
    .name = "outgoing",
    .doc = "Outgoing documents, served by vp-documents (commands on `VP_DOCUMENTS_CMD`, events on stream "
           "`documents`): draft, consult, approve, sign, number, issue, distribute, recall.",
    .defs = s_defs
};
