/*  proto/documents.c - one intake: registers and numbering, routing,
    deadlines, workflow, invitations, outgoing numbers, archive, search.

    Document types, urgency, secrecy, statuses and the columns a search
    shows (`fields`) use ascii ids; their Vietnamese names, abbreviations
    (QĐ, NQ, ĐA, GM...) and headings are in common/vp_vocab.c.
    A document id is "d-<n>" per tenant.
*/
#include "proto_fields.h"

static const char *const s_period[] = { "year", "term", NULL };
static const char *const s_search_sort[] = { "arrived", "doc_date", "deadline", "number", NULL };
static const char *const s_search_order[] = { "desc", "asc", NULL };
static const char *const s_pdf_docx[] = { "pdf", "docx", NULL };

#define TYPE(req) { .name = "type", .type = VP_F_STR, .required = req, .one_of = vp_doc_type_ids, \
                    .doc = "document type (see the table of types), e.g. `quyet-dinh`, `giay-moi`, `cong-van`" }
#define URGENCY { .name = "urgency", .type = VP_F_STR, .one_of = vp_urgency_ids, \
                  .doc = "độ khẩn: thuong (default), khan, thuong-khan, hoa-toc" }
#define SECRECY { .name = "secrecy", .type = VP_F_STR, .one_of = vp_secrecy_ids, \
                  .doc = "độ mật: thuong (default), mat, toi-mat, tuyet-mat" }

static const vp_field_t s_meeting[] = {
    TIME ("start", true, "meeting start"),
    TIME ("end", true, "meeting end"),
    TEXT ("place", true, 200, "room id of the commune, or a place in words"),
    IDS ("invited_posts", "posts invited (resolved to whoever acts for them)"),
    IDS ("invited_officers", "officers invited by name"),
    { NULL }
};
static const vp_msgdef_t s_meeting_def = {
    .name = "documents.meeting", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "The meeting of an invitation (Giấy mời).", .fields = s_meeting
};

static const vp_field_t s_attachment[] = {
    TEXT ("name", true, 200, "file name"),
    { .name = "content", .type = VP_F_BIN, .required = true, .max = 900000, .doc = "the file's bytes" },
    { NULL }
};
static const vp_msgdef_t s_attachment_def = {
    .name = "documents.attachment", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "A file sent with a registration; stored once by sha256.", .fields = s_attachment
};

static const vp_field_t s_attachment_ref[] = {
    TEXT ("name", true, 200, "file name"),
    TEXT ("sha256", true, 64, "content hash (the file in the data folder)"),
    UINT ("size", true, 0, "bytes"),
    UINT ("pages", false, 100000, "pages: a PDF's (poppler), an image 1; absent when not known"),
    { NULL }
};
static const vp_msgdef_t s_attachment_ref_def = {
    .name = "documents.attachment_ref", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "A stored attachment.", .fields = s_attachment_ref
};

//  ---------------------------------------------------------------- events

static const vp_field_t s_registered[] = {
    ID ("document", true, "document id, `d-<n>`"),
    ID ("book", true, "register book (sổ đăng ký văn bản đến)"),
    UINT ("arrival_number", true, 0, "số đến: from 1 each year in the book"),
    UINT ("year", true, 9999, "year of the arrival number, in the commune's zone"),
    TEXT ("issuer", true, 200, "issuing body (tác giả)"),
    TEXT ("number", true, 64, "number and symbol (số, ký hiệu), e.g. `07-ĐA/HU`"),
    TIME_FROM ("doc_date", true, VP_TIME_DOC_MIN, "document date (ngày tháng văn bản); may be years before it arrived"),
    TYPE (true),
    SECRET_TEXT ("summary", true, 2000, VP_SECRET_TEXT, "trích yếu (neutral text when secret)"),
    URGENCY, SECRECY,
    TIME ("arrived_at", true, "arrival date and time"),
    ID ("receiving_body", false, "body the document is addressed to"),
    ID ("field", false, "field of work (routing)"),
    { .name = "meeting", .type = VP_F_MAP, .sub = &s_meeting_def, .doc = "for a Giấy mời: the meeting" },
    { .name = "attachments", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &s_attachment_ref_def, .max = 20,
      .doc = "stored attachments (left out when secret)", .secret = "" },
    SECRET_TEXT ("note", false, 2000, "", "ghi chú (left out when secret)"),
    { NULL }
};

static const vp_field_t s_assigned[] = {
    ID ("document", true, "which document"),
    ID ("post", true, "the post that handles it"),
    ID ("officer", true, "who acts for that post (holder, delegate or office head)"),
    { .name = "reason", .type = VP_F_STR, .required = true, .max = 1200,
      .doc = "why this officer: the routing rule, the override, and who acts for the post" },
    ID ("on_behalf_of", false, "the holder when a delegate or the office head acts"),
    TIME ("deadline", false, "handling deadline (hạn xử lý)"),
    ID ("previous_officer", false, "on a reassignment: who had it"),
    TEXT ("number", true, 64, "number and symbol, for messages"),
    SECRET_TEXT ("summary", true, 2000, VP_SECRET_TEXT, "trích yếu, for messages (neutral text when secret)"),
    URGENCY, SECRECY,
    { NULL }
};

static const vp_field_t s_status_changed[] = {
    ID ("document", true, "which document"),
    { .name = "status", .type = VP_F_STR, .required = true, .one_of = vp_doc_status_ids, .doc = "new status" },
    ID ("officer", false, "the officer it now rests with"),
    SECRET_TEXT ("note", false, 2000, "", "why (return), to whom (forward), result (done); left out when secret"),
    ID ("to_body", false, "forwarded to this body"),
    SECRECY,
    { NULL }
};

static const vp_field_t s_commented[] = {
    ID ("document", true, "which document"),
    SECRET_TEXT ("text", true, 4000, "Ý kiến về văn bản mật", "the comment (neutral text when secret)"),
    SECRECY,
    { NULL }
};

static const vp_field_t s_deadline_changed[] = {
    ID ("document", true, "which document"),
    TIME ("deadline", true, "new deadline"),
    ID ("officer", false, "who must meet it"),
    SECRECY,
    { NULL }
};

static const vp_field_t s_due[] = {
    ID ("document", true, "which document"),
    ID ("officer", true, "who must handle it"),
    ID ("post", false, "for which post"),
    TIME ("deadline", true, "the deadline"),
    TEXT ("number", true, 64, "number and symbol"),
    SECRET_TEXT ("summary", true, 2000, VP_SECRET_TEXT, "trích yếu (neutral text when secret)"),
    URGENCY, SECRECY,
    { NULL }
};

static const vp_field_t s_viewed[] = {
    ID ("document", true, "which document"),
    ID ("officer", true, "its assignee, who opened it"),
    TEXT ("number", true, 64, "number and symbol, for messages"),
    SECRET_TEXT ("summary", true, 2000, VP_SECRET_TEXT, "trích yếu, for messages (neutral text when secret)"),
    SECRECY,
    { NULL }
};

static const vp_field_t s_number_reserved[] = {
    ID ("series", true, "numbering series"),
    TEXT ("period", true, 32, "the year (`2026`) or the term (`2025-2030`) the number belongs to"),
    UINT ("n", true, 0, "the number"),
    TEXT ("label", true, 128, "number and symbol as written, e.g. `05/QĐ-UBND`"),
    TYPE (false),
    TEXT ("summary", false, 2000, "what it numbers"),
    { NULL }
};

static const vp_field_t s_number_cancelled[] = {
    ID ("series", true, "numbering series"),
    TEXT ("period", true, 32, "year or term"),
    UINT ("n", true, 0, "the number, which stays recorded and is never given again"),
    TEXT ("label", true, 128, "as written"),
    TEXT ("reason", false, 2000, "why"),
    { NULL }
};

static const vp_field_t s_reminded[] = {
    ID ("document", true, "which document"),
    ID ("officer", true, "its assignee, who is reminded"),
    ID ("by", true, "who reminds (the office head or a leader)"),
    TIME ("deadline", false, "its deadline"),
    TEXT ("number", true, 64, "number and symbol, for messages"),
    SECRET_TEXT ("summary", true, 2000, VP_SECRET_TEXT, "trích yếu, for messages (neutral text when secret)"),
    SECRET_TEXT ("note", false, 400, "", "the reminder's words (left out when secret)"),
    URGENCY, SECRECY,
    { NULL }
};

static const char *const s_config_kinds[] = { "series", "route", "holiday", "book", "outgoing_chain", "retention",
                                              "organ", NULL };

static const vp_field_t s_config_changed[] = {
    { .name = "what", .type = VP_F_STR, .required = true, .one_of = s_config_kinds,
      .doc = "which configuration: a numbering series, a routing rule, a holiday, a register book" },
    { .name = "config", .type = VP_F_MAP, .required = true,
      .doc = "the entry as it now is (the command's result)" },
    { NULL }
};

static const vp_field_t s_dossier_created[] = {
    ID ("dossier", true, "dossier id (hồ sơ)"),
    TEXT ("title", true, 400, "title"),
    UINT ("year", false, 9999, "year"),
    { NULL }
};

static const vp_field_t s_filed[] = {
    ID ("document", true, "which document"),
    ID ("dossier", true, "into which dossier"),
    UINT ("retention_years", true, 1000, "thời hạn bảo quản; 0 = permanent (vĩnh viễn)"),
    TIME ("review_at", false, "when it is due for appraisal (absent: permanent)"),
    SECRECY,
    { NULL }
};

static const vp_field_t s_metadata_changed[] = {
    ID ("document", true, "which document"),
    IDS ("changed", "the names of the fields set"),
    SECRECY,
    { NULL }
};

static const vp_field_t s_deleted[] = {
    ID ("document", true, "which document"),
    TEXT ("reason", true, 2000, "the appraisal decision"),
    SECRECY,
    { NULL }
};


EVENT (vp_proto_doc_registered, "documents.registered", s_registered,
       "An incoming document was registered once, with its arrival number.");
EVENT (vp_proto_doc_assigned, "documents.assigned", s_assigned,
       "A document was handed to an officer (routing, an override by the office head, or a reassignment).");
EVENT (vp_proto_doc_status_changed, "documents.status_changed", s_status_changed,
       "A step of the workflow: in_progress, done, returned, forwarded, archived.");
EVENT (vp_proto_doc_commented, "documents.commented", s_commented, "A comment on a document.");
EVENT (vp_proto_doc_deadline_changed, "documents.deadline_changed", s_deadline_changed,
       "The deadline of a document was set by hand.");
EVENT (vp_proto_doc_due_soon, "documents.due_soon", s_due,
       "A document reaches its deadline soon (once per deadline).");
EVENT (vp_proto_doc_overdue, "documents.overdue", s_due,
       "A document passed its deadline without being done (once per deadline).");
EVENT (vp_proto_doc_viewed, "documents.viewed", s_viewed,
       "The assignee opened the document (đã xem): once per document and officer, at their first "
       "documents.get.");
EVENT (vp_proto_doc_reminded, "documents.reminded", s_reminded,
       "The office head reminded the assignee of an open document (đôn đốc), once per request.");
EVENT (vp_proto_doc_number_reserved, "documents.number_reserved", s_number_reserved,
       "An outgoing number was given.");
EVENT (vp_proto_doc_number_cancelled, "documents.number_cancelled", s_number_cancelled,
       "An outgoing number was cancelled; it stays recorded and is not reused.");
EVENT (vp_proto_doc_config_changed, "documents.config_changed", s_config_changed,
       "A commune's configuration of documents changed (series, routing rule, holiday, book).");
EVENT (vp_proto_doc_dossier_created, "documents.dossier_created", s_dossier_created, "A dossier (hồ sơ) was opened.");
EVENT (vp_proto_doc_filed, "documents.filed", s_filed, "A closed document was filed in a dossier.");
EVENT (vp_proto_doc_metadata_changed, "documents.metadata_changed", s_metadata_changed,
       "A document's metadata was added or corrected after its registration (the fields' names, never their values).");
EVENT (vp_proto_doc_deleted, "documents.deleted", s_deleted,
       "A non-permanent record was destroyed after appraisal.");

//  -------------------------------------------------------------- commands

static const vp_field_t s_register[] = {
    ID ("book", false, "register book (default: by the issuer's kind, Party or state)"),
    TEXT ("issuer", true, 200, "issuing body"),
    TEXT ("number", true, 64, "number and symbol"),
    TIME_FROM ("doc_date", true, VP_TIME_DOC_MIN, "document date (ngày tháng văn bản); may be years before it arrived"),
    TYPE (true),
    TEXT ("summary", true, 2000, "trích yếu"),
    URGENCY, SECRECY,
    TIME ("arrived_at", false, "arrival (default: now)"),
    ID ("receiving_body", false, "body addressed"),
    ID ("field", false, "field of work, for routing"),
    TIME ("deadline", false, "deadline set by the leader (default: by rule on type and urgency)"),
    UINT ("deadline_days", false, 365, "or the leader's deadline in working days from the arrival (\"3 ngày làm "
                                       "việc\"), by the commune's holidays: the end of that working day"),
    { .name = "meeting", .type = VP_F_MAP, .sub = &s_meeting_def, .doc = "required for a Giấy mời" },
    { .name = "attachments", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &s_attachment_def, .max = 20,
      .doc = "files (each at most 900 KB; the request at most the frame limit)" },
    UINT ("pages", false, 100000, "số trang (number of pages); left out: the files' pages summed as they arrive"),
    TEXT ("note", false, 2000, "ghi chú"),
    { NULL }
};

static const vp_field_t s_document[] = { ID ("document", true, "document id"), { NULL } };

//  III.7.c: what the register did not have when the document came.
static const vp_field_t s_metadata_set[] = {
    ID ("document", true, "document id"),
    TEXT ("signer_name", false, 200, "SignerInfo.FullName: who signed it"),
    TEXT ("signer_position", false, 200, "SignerInfo.Position: as what (Chủ tịch, Phó Chủ tịch, ...)"),
    UINT ("pages", false, 100000, "PageAmount: số trang as counted by hand"),
    TEXT ("note", false, 2000, "Description: ghi chú"),
    TEXT ("reason", false, 400, "why (kept in the history)"),
    { NULL }
};

static const vp_field_t s_get[] = {
    ID ("document", false, "document id (give it, or arrival_number and year)"),
    UINT ("arrival_number", false, 0, "or its số đến, with year"),
    UINT ("year", false, 9999, "the year of arrival_number"),
    ID ("book", false, "the book of arrival_number, when several books have it"),
    { NULL }
};

static const vp_field_t s_assign[] = {
    ID ("document", true, "document id"),
    ID ("post", false, "hand it to this post (whoever acts for it)"),
    ID ("officer", false, "or to this officer"),
    TEXT ("reason", false, 400, "why (kept in the history)"),
    { NULL }
};

static const vp_field_t s_step[] = {
    ID ("document", true, "document id"),
    TEXT ("note", false, 2000, "result, reason or message"),
    { NULL }
};

static const vp_field_t s_forward[] = {
    ID ("document", true, "document id"),
    ID ("to_body", true, "the body it goes to"),
    TEXT ("note", false, 2000, "why"),
    { NULL }
};

static const vp_field_t s_comment[] = {
    ID ("document", true, "document id"),
    TEXT ("text", true, 4000, "the comment"),
    { NULL }
};

static const vp_field_t s_deadline_set[] = {
    ID ("document", true, "document id"),
    TIME ("deadline", false, "the new deadline (this or deadline_days)"),
    UINT ("deadline_days", false, 365, "or in working days from the document's arrival, by the commune's holidays"),
    { NULL }
};

static const vp_field_t s_scan[] = { TIME ("at", false, "scan as at this time (default: now)"), { NULL } };

//  What a search is, without its page: documents.search, and the saved
//  searches and exports made of the same parameters.
#define S_SEARCH_FILTERS \
    TEXT ("q", false, 400, "words of the summary, issuer or number; diacritics and case ignored"), \
    ID ("book", false, "only this book"), \
    TYPE (false), \
    { .name = "status", .type = VP_F_STR, .one_of = vp_doc_status_ids, .doc = "only this status" }, \
    ID ("assignee", false, "only documents with this officer"), \
    ID ("handles", false, "only what this officer handles now: their own documents and those of officers on " \
                          "leave they stand in for (ủy quyền; a row of those names it in on_behalf_of)"), \
    BOOL ("open", "only documents still to handle (registered, assigned, in progress, returned): not done, forwarded or archived"), \
    BOOL ("overdue", "only overdue (true) or not overdue (false)"), \
    TIME ("from", false, "arrived at or after"), \
    TIME ("to", false, "arrived before"), \
    { .name = "sort", .type = VP_F_STR, .one_of = s_search_sort, \
      .doc = "order by: arrived (default), doc_date (ngày văn bản), deadline (hạn xử lý; none last), number (số ký hiệu, " \
             "its leading number first)" }, \
    { .name = "order", .type = VP_F_STR, .one_of = s_search_order, .doc = "desc (default: newest, latest, highest first) or asc" }, \
    { .name = "fields", .type = VP_F_ARRAY, .item = VP_F_STR, .max = VP_SEARCH_COLUMNS, \
      .one_of = vp_search_column_ids, \
      .doc = "the columns shown, in order (default: all); each row keeps its document id and these" }

static const vp_field_t s_search[] = {
    S_SEARCH_FILTERS,
    UINT ("limit", false, 200, "page size (default 20)"),
    UINT ("offset", false, 0, "rows to skip"),
    { NULL }
};

static const vp_field_t s_search_save[] = {
    TEXT ("name", true, 200, "the name the officer knows it by; saving under a name again replaces it"),
    S_SEARCH_FILTERS,
    { NULL }
};

static const vp_field_t s_saved[] = { UINT ("saved", true, 0, "the saved search's id (documents.search.list)"), { NULL } };

static const vp_field_t s_search_run[] = {
    UINT ("saved", true, 0, "the saved search's id (documents.search.list)"),
    UINT ("limit", false, 200, "page size (default 20)"),
    UINT ("offset", false, 0, "rows to skip"),
    { NULL }
};

static const vp_field_t s_search_export[] = {
    { .name = "format", .type = VP_F_STR, .required = true, .one_of = s_pdf_docx, .doc = "pdf or docx" },
    UINT ("saved", false, 0, "a saved search of the actor's (its parameters; any given here win)"),
    S_SEARCH_FILTERS,
    { NULL }
};

static const vp_field_t s_dashboard[] = {
    UINT ("limit", false, 200, "rows of each list: overdue and waiting for assignment (default 50)"),
    { NULL }
};

static const vp_field_t s_remind[] = {
    ID ("document", true, "an open document with an assignee (assigned or in progress)"),
    TEXT ("note", false, 400, "the reminder's words (default: none, the message says the deadline)"),
    { NULL }
};

static const vp_field_t s_register_book[] = {
    ID ("book", true, "which book"),
    UINT ("year", true, 9999, "which year"),
    { NULL }
};

static const vp_field_t s_reserve[] = {
    ID ("series", true, "numbering series (see documents.series.list)"),
    TYPE (false),
    TIME ("doc_date", false, "date of the document (default: now); picks the year or term"),
    TEXT ("summary", false, 2000, "what it numbers"),
    { NULL }
};

static const vp_field_t s_cancel[] = {
    ID ("series", true, "numbering series"),
    TEXT ("period", true, 32, "year or term of the number"),
    UINT ("n", true, 0, "the number"),
    { .name = "type", .type = VP_F_STR, .one_of = vp_doc_type_ids,
      .doc = "in a series per type: which type's number (the same n exists for each)" },
    TEXT ("reason", false, 2000, "why"),
    { NULL }
};

static const vp_field_t s_series_set[] = {
    ID ("series", true, "series id, e.g. `ubnd`, `du-nq`"),
    TEXT ("issuer_abbr", true, 32, "abbreviation of the issuing body, e.g. `UBND`, `ĐU`"),
    { .name = "period", .type = VP_F_STR, .required = true, .one_of = s_period,
      .doc = "numbers restart each year (state bodies) or each term (Party bodies)" },
    BOOL ("per_type", "a series per document type (Party) instead of one shared"),
    TEXT ("format", true, 64, "e.g. `{n}/{type}-{body}` or `{n}-{type}/{body}`; {n} has a leading 0 below 10"),
    TIME ("term_start", false, "for period term: first day of the current term"),
    TIME ("term_end", false, "for period term: last day of the current term"),
    { NULL }
};

static const vp_field_t s_no_fields[] = { { NULL } };

static const vp_field_t s_route_add[] = {
    ID ("post", true, "the post that handles what matches"),
    TEXT ("issuer", false, 200, "issuer contains (ignoring diacritics and case)"),
    TYPE (false),
    ID ("field", false, "field of work"),
    { .name = "secrecy", .type = VP_F_STR, .one_of = vp_secrecy_ids, .doc = "at least this secrecy" },
    UINT ("priority", false, 1000, "higher wins (default 100)"),
    { NULL }
};

static const char *const s_book_kinds[] = { "party", "state", NULL };

static const vp_field_t s_book_set[] = {
    ID ("book", true, "book id, e.g. `den-hdnd`"),
    TEXT ("name", true, 200, "e.g. `Sổ văn bản đến – HĐND`"),
    { .name = "kind", .type = VP_F_STR, .required = true, .one_of = s_book_kinds,
      .doc = "party or state: whose documents it registers (retention counts by it)" },
    { NULL }
};

static const vp_field_t s_holiday_add[] = {
    TIME ("date", true, "a day off (any time on that day, in the commune's zone)"),
    TEXT ("name", true, 200, "e.g. `Tết Nguyên đán`"),
    { NULL }
};

static const vp_field_t s_holiday_list[] = { UINT ("year", true, 9999, "which year"), { NULL } };

static const char *const s_dossier_rights[] = { "cong-khai", "han-che", "mat", NULL };

static const vp_field_t s_dossier_create[] = {
    ID ("dossier", true, "dossier id"),
    TEXT ("title", true, 400, "title"),
    UINT ("year", false, 9999, "year"),
    ID ("body", false, "the body whose dossier it is (its identifier begins the code)"),
    { .name = "notation", .type = VP_F_STR, .max = 20, .doc = "FileNotation: the dossier's number in the list (default: its id)" },
    UINT ("retention_years", false, 200, "thời hạn bảo quản in years, 0 = vĩnh viễn (default: its longest document's)"),
    { .name = "rights", .type = VP_F_STR, .one_of = s_dossier_rights, .doc = "chế độ sử dụng: cong-khai, han-che (default), mat" },
    TEXT ("description", false, 2000, "description"),
    { NULL }
};

static const vp_field_t s_file[] = {
    ID ("document", true, "a done document"),
    ID ("dossier", true, "the dossier"),
    { NULL }
};

static const vp_field_t s_archive_due[] = { TIME ("at", false, "due as at (default: now)"), { NULL } };

static const vp_field_t s_delete[] = {
    ID ("document", true, "an archived document due for appraisal"),
    TEXT ("reason", true, 2000, "the appraisal decision"),
    { NULL }
};

static const char *const s_access_whats[] = { "opened", "downloaded", "printed", NULL };

static const vp_field_t s_access_note[] = {
    ID ("document", true, "the document looked at"),
    { .name = "what", .type = VP_F_STR, .required = true, .one_of = s_access_whats,
      .doc = "opened, downloaded (an attachment) or printed (documents.get notes opened itself)" },
    { NULL }
};

static const vp_field_t s_access_log[] = {
    ID ("document", false, "only this document"),
    ID ("officer", false, "only this officer's looks"),
    UINT ("limit", false, 10000, "at most this many, the latest first (default 100)"),
    { NULL }
};

//  --------------------------------------------------------------- replies

static const char *const s_text_states[] = { "pending", "done", "failed", NULL };

static const vp_field_t s_file_text_fields[] = {
    TEXT ("sha256", true, 64, "which file"),
    TEXT ("name", true, 200, "its name"),
    { .name = "status", .type = VP_F_STR, .required = true, .one_of = s_text_states,
      .doc = "pending (queued, read in the background), done (its words are in the search) or failed" },
    UINT ("attempts", true, 0, "reads begun (3 without an end: given up)"),
    UINT ("ocr_pages", false, 0, "pages read by OCR (tesseract, Vietnamese); the others had a text layer"),
    UINT ("chars", false, 0, "characters of text kept (the first 64 KB of the file's text)"),
    UINT ("ms", false, 0, "how long the reading took"),
    TEXT ("error", false, 400, "why it failed"),
    { NULL }
};
static const vp_msgdef_t s_file_text_def = {
    .name = "documents.file_text", .kind = VP_KIND_REPLY, .version = 1, .fields = s_file_text_fields,
    .doc = "The text of one file of a document for search (Decree 30 App. VI III.6.d)."
};

static const vp_field_t s_get_result[] = {
    UINT ("opens", true, 0, "how often the document was opened (documents.get, this one included: III.6.a)"),
    { .name = "file_text", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &s_file_text_def,
      .doc = "each file's text for search: pending, done or failed" },
    { NULL }
};
static const vp_msgdef_t s_get_reply = {
    .name = "documents.document", .kind = VP_KIND_REPLY, .version = 1, .open = true, .fields = s_get_result,
    .doc = "A document: every field of its registration, its assignment, attachments, comments and history, "
           "and (these below) how often it was opened and its files' text."
};

#define COMMAND(var, n, f, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_COMMAND, .version = 1, .doc = d, .fields = f }

COMMAND (vp_proto_doc_register, "documents.register", s_register,
         "Register an incoming document once, give its arrival number, route it and set its deadline.");
COMMAND_R (vp_proto_doc_get, "documents.get", s_get, &s_get_reply,
         "A document, its assignment, comments and history; by its id or its arrival number.");
COMMAND (vp_proto_doc_history, "documents.history", s_document, "Every step of a document: who, when, what.");
COMMAND (vp_proto_doc_assign, "documents.assign", s_assign,
         "Hand a document to another post or officer (the office head's override, or a reassignment).");
COMMAND (vp_proto_doc_start, "documents.start", s_step, "The assignee starts handling it (in progress).");
COMMAND (vp_proto_doc_done, "documents.done", s_step, "Handled.");
COMMAND (vp_proto_doc_return, "documents.return", s_step, "Sent back to the office head, with the reason.");
COMMAND (vp_proto_doc_forward, "documents.forward", s_forward, "Forwarded to another body.");
COMMAND (vp_proto_doc_comment, "documents.comment", s_comment, "Comment on a document.");
COMMAND (vp_proto_doc_deadline_set, "documents.deadline.set", s_deadline_set, "Set a document's deadline by hand.");
COMMAND (vp_proto_doc_scan, "documents.scan", s_scan,
         "Run the deadline scan now (it also runs every minute): due_soon and overdue, once each.");
COMMAND (vp_proto_doc_search, "documents.search", s_search,
         "Find documents; paged. With fields, each row holds its document id and those columns only.");
COMMAND (vp_proto_doc_search_save, "documents.search.save", s_search_save,
         "Save a search (its parameters and the columns shown) under a name, for the actor only: {saved}.");
COMMAND (vp_proto_doc_search_list, "documents.search.list", s_no_fields,
         "The actor's saved searches: {searches: [{saved, name, search, fields, saved_at}]}: search is "
         "the parameters as saved (fields among them only when columns were chosen), fields the columns shown.");
COMMAND (vp_proto_doc_search_delete, "documents.search.delete", s_saved, "Delete one of the actor's saved searches.");
COMMAND (vp_proto_doc_search_run, "documents.search.run", s_search_run,
         "Run one of the actor's saved searches: documents.search's answer with its fields.");
COMMAND (vp_proto_doc_search_export, "documents.search.export", s_search_export,
         "The results of a search (at most 1000 rows) as PDF or DOCX, with the print mark; stored and logged "
         "like the outputs (documents.export.list). Only what the actor is cleared for is in it.");
COMMAND (vp_proto_doc_dashboard, "documents.dashboard", s_dashboard,
         "The office head's counts (Tổng hợp), in the commune's zone by the clock: incoming this week and this "
         "month by status, overdue by officer and by body (the body of the post it is with), the overdue list "
         "with the last reminder of each, and what waits for the office head to assign (registered and not "
         "routed, returned, or routed to the office head's post and not started). Only "
         "what the reader is cleared for counts. For the office head, the leaders (the posts of the outgoing "
         "chains: who approves and signs) and admins; anyone else is permission_denied.");
COMMAND (vp_proto_doc_remind, "documents.remind", s_remind,
         "The office head (or a leader) reminds the assignee of an open document: a reminded step in its "
         "trail and documents.reminded, which vp-notify tells the assignee (or whoever stands in). The same "
         "request id again is the same reminder.");
COMMAND (vp_proto_doc_register_book, "documents.register_book", s_register_book,
         "The incoming register of a year, rows in the register's column order.");
COMMAND (vp_proto_doc_number_reserve, "documents.number.reserve", s_reserve,
         "Give the next outgoing number of a series; never twice, never skipped.");
COMMAND (vp_proto_doc_number_cancel, "documents.number.cancel", s_cancel, "Cancel a given number.");
COMMAND (vp_proto_doc_series_set, "documents.series.set", s_series_set, "Configure a numbering series.");
COMMAND (vp_proto_doc_series_list, "documents.series.list", s_no_fields, "The numbering series of the commune.");
COMMAND (vp_proto_doc_route_add, "documents.route.add", s_route_add, "Add a routing rule.");
COMMAND (vp_proto_doc_route_list, "documents.route.list", s_no_fields, "The routing rules of the commune.");
COMMAND (vp_proto_doc_book_set, "documents.book.set", s_book_set,
         "Add a register book of incoming documents, or rename one (its numbers go on).");
COMMAND (vp_proto_doc_book_list, "documents.book.list", s_no_fields,
         "The register books of the commune, with the last arrival number of each.");
COMMAND (vp_proto_doc_holiday_add, "documents.holiday.add", s_holiday_add, "Add a public holiday.");
COMMAND (vp_proto_doc_holiday_list, "documents.holiday.list", s_holiday_list, "Public holidays of a year.");
COMMAND (vp_proto_doc_dossier_create, "documents.dossier.create", s_dossier_create, "Open a dossier (hồ sơ).");
COMMAND (vp_proto_doc_file, "documents.archive.file", s_file,
         "File a done document in a dossier, with the retention of its type and body.");
COMMAND (vp_proto_doc_archive_due, "documents.archive.due", s_archive_due,
         "Records whose retention has ended: the list for appraisal.");
COMMAND (vp_proto_doc_delete, "documents.archive.delete", s_delete,
         "Destroy a record after appraisal; a permanent record never.");

static const vp_field_t s_attachment_get[] = {
    ID ("document", true, "document id"),
    TEXT ("sha256", true, 64, "which of its files (documents.get lists them)"),
    UINT ("offset", false, 0, "from this byte (default 0); the answer holds at most 192 KB"),
    { NULL }
};
static const vp_field_t s_attachment_put[] = {
    ID ("document", true, "document id"),
    TEXT ("name", true, 200, "file name"),
    TEXT ("sha256", true, 64, "SHA-256 of the whole file (64 lowercase hex digits)"),
    UINT ("offset", true, 0, "where this chunk starts (0, then each chunk's end)"),
    UINT ("total", true, 52428800, "the file's size in bytes (at most 50 MB)"),
    { .name = "data", .type = VP_F_BIN, .required = true, .max = 196608, .doc = "the chunk (at most 192 KB: one string or bin of a message is at most 256 KiB)" },
    { NULL }
};
COMMAND (vp_proto_doc_attachment_put, "documents.attachment.put", s_attachment_put,
         "Add a file (PDF, PNG, JPEG; at most 50 MB) to a document in chunks, in order; the last is checked "
         "(SHA-256, type) before the file is stored by its hash and an attached step is in the trail.");
COMMAND (vp_proto_doc_attachment_get, "documents.attachment.get", s_attachment_get,
         "A chunk of a document's file: {name, mime, size, offset, data}; the first is a downloaded in the access trail.");
COMMAND (vp_proto_doc_metadata_set, "documents.metadata.set", s_metadata_set,
         "Add or correct a registered document's metadata later (III.7.c): the signer, pages, note; by the clerk "
         "or the office head, not while frozen; the old and new values in its history.");
COMMAND (vp_proto_doc_access_note, "documents.access.note", s_access_note,
         "The reader notes a look at a document (downloaded, printed); one they may not see is not_found.");
COMMAND (vp_proto_doc_access_log, "documents.access_log", s_access_log,
         "Who opened, downloaded or printed which document and when, with the key, role and session "
         "(Decree 30 App. VI 5.a, 6.l): for the office head and admins.");

static const vp_msgdef_t *const s_defs[] = {
    &s_meeting_def, &s_attachment_def, &s_attachment_ref_def,
    &vp_proto_doc_registered, &vp_proto_doc_assigned, &vp_proto_doc_status_changed,
    &vp_proto_doc_commented, &vp_proto_doc_deadline_changed, &vp_proto_doc_due_soon,
    &vp_proto_doc_overdue, &vp_proto_doc_viewed, &vp_proto_doc_reminded, &vp_proto_doc_number_reserved,
    &vp_proto_doc_number_cancelled,
    &vp_proto_doc_config_changed, &vp_proto_doc_dossier_created, &vp_proto_doc_filed,
    &vp_proto_doc_deleted, &vp_proto_doc_metadata_changed,
    &vp_proto_doc_register, &vp_proto_doc_get, &s_get_reply, &s_file_text_def, &vp_proto_doc_history, &vp_proto_doc_assign,
    &vp_proto_doc_start, &vp_proto_doc_done, &vp_proto_doc_return, &vp_proto_doc_forward,
    &vp_proto_doc_comment, &vp_proto_doc_deadline_set, &vp_proto_doc_scan, &vp_proto_doc_search,
    &vp_proto_doc_search_save, &vp_proto_doc_search_list, &vp_proto_doc_search_delete, &vp_proto_doc_search_run,
    &vp_proto_doc_search_export,
    &vp_proto_doc_dashboard, &vp_proto_doc_remind,
    &vp_proto_doc_register_book, &vp_proto_doc_number_reserve, &vp_proto_doc_number_cancel,
    &vp_proto_doc_series_set, &vp_proto_doc_series_list, &vp_proto_doc_route_add,
    &vp_proto_doc_route_list, &vp_proto_doc_book_set, &vp_proto_doc_book_list,
    &vp_proto_doc_holiday_add, &vp_proto_doc_holiday_list,
    &vp_proto_doc_dossier_create, &vp_proto_doc_file, &vp_proto_doc_archive_due,
    &vp_proto_doc_delete, &vp_proto_doc_metadata_set, &vp_proto_doc_access_note, &vp_proto_doc_access_log,
    &vp_proto_doc_attachment_put, &vp_proto_doc_attachment_get, NULL
};

const vp_proto_module_t vp_proto_documents = {
    .name = "documents",
    .doc = "vp-documents (commands on `VP_DOCUMENTS_CMD`, events on stream `documents`): every "
           "document of the commune, Party or state, in one place.",
    .defs = s_defs
};
