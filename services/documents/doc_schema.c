/*  doc_schema - vp-documents' own tables: the migrations of owner "documents"
    (vp_db_migrate), in order; never edit one that has shipped. */
#include "doc_service.h"

//  The schema. Migration 1 is the first version; each later change is a
//  migration of its own, appended (never edit one that has shipped).
const char *const doc_migrations[] = {
    //  1: documents and what hangs off them
    "CREATE TABLE doc_document ("
    "  tenant TEXT NOT NULL, document TEXT NOT NULL, n INTEGER NOT NULL,"
    "  book TEXT NOT NULL, arrival_number INTEGER NOT NULL, year INTEGER NOT NULL,"
    "  issuer TEXT NOT NULL, number TEXT NOT NULL, doc_date INTEGER NOT NULL,"
    "  type TEXT NOT NULL, summary TEXT NOT NULL, urgency TEXT NOT NULL, secrecy TEXT NOT NULL,"
    "  arrived_at INTEGER NOT NULL, receiving_body TEXT, field TEXT, meeting BLOB, note TEXT,"
    "  status TEXT NOT NULL, post TEXT, officer TEXT, deadline INTEGER,"
    "  due_soon_sent INTEGER, overdue_sent INTEGER,"
    //  the identity of a document: issuer, number and date, folded
    "  issuer_key TEXT NOT NULL, number_key TEXT NOT NULL,"
    "  registered_by TEXT NOT NULL, registered_at INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, document),"
    "  UNIQUE (tenant, issuer_key, number_key, doc_date),"
    "  UNIQUE (tenant, book, year, arrival_number));"
    "CREATE INDEX doc_document_officer ON doc_document (tenant, officer, status);"
    "CREATE INDEX doc_document_deadline ON doc_document (deadline) WHERE status IN ('assigned', 'in_progress');"
    "CREATE INDEX doc_document_arrived ON doc_document (tenant, arrived_at);"
    "CREATE TABLE doc_book ("
    "  tenant TEXT NOT NULL, book TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
    "  last_year INTEGER NOT NULL DEFAULT 0, last_number INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (tenant, book));"
    "CREATE TABLE doc_attachment ("
    "  tenant TEXT NOT NULL, document TEXT NOT NULL, name TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL, size INTEGER NOT NULL);"
    "CREATE INDEX doc_attachment_document ON doc_attachment (tenant, document);"
    "CREATE TABLE doc_history ("
    "  tenant TEXT NOT NULL, document TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    "  step TEXT NOT NULL, detail TEXT NOT NULL);"
    "CREATE INDEX doc_history_document ON doc_history (tenant, document, at);"
    //  search: folded summary, issuer and number; rowid = doc_document's
    "CREATE VIRTUAL TABLE doc_fts USING fts5 (text, content = '', tokenize = 'unicode61');"
    "CREATE TABLE doc_route ("
    "  tenant TEXT NOT NULL, rule INTEGER PRIMARY KEY, post TEXT NOT NULL, issuer TEXT,"
    "  type TEXT, field TEXT, secrecy TEXT, priority INTEGER NOT NULL);"
    "CREATE TABLE doc_holiday ("
    "  tenant TEXT NOT NULL, day TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (tenant, day));"
    "CREATE TABLE doc_series ("
    "  tenant TEXT NOT NULL, series TEXT NOT NULL, issuer_abbr TEXT NOT NULL, period TEXT NOT NULL,"
    "  per_type INTEGER NOT NULL, format TEXT NOT NULL, term_start INTEGER, term_end INTEGER,"
    "  PRIMARY KEY (tenant, series));"
    "CREATE TABLE doc_number ("
    "  tenant TEXT NOT NULL, series TEXT NOT NULL, period TEXT NOT NULL, type TEXT NOT NULL,"
    "  n INTEGER NOT NULL, label TEXT NOT NULL, status TEXT NOT NULL, summary TEXT,"
    "  at INTEGER NOT NULL, actor TEXT NOT NULL, reason TEXT,"
    "  PRIMARY KEY (tenant, series, period, type, n));"
    "CREATE TABLE doc_dossier ("
    "  tenant TEXT NOT NULL, dossier TEXT NOT NULL, title TEXT NOT NULL, year INTEGER,"
    "  PRIMARY KEY (tenant, dossier));"
    "CREATE TABLE doc_filed ("
    "  tenant TEXT NOT NULL, document TEXT NOT NULL, dossier TEXT NOT NULL,"
    "  retention_years INTEGER NOT NULL, review_at INTEGER, deleted_at INTEGER, deleted_reason TEXT,"
    "  PRIMARY KEY (tenant, document));",
    //  2: search. doc_fts anew (empty until now): tokens scoped to the
    //  tenant, tags with '_' (see doc_search.h), rowids only. Documents
    //  by status, counted in the index with their secrecy.
    "DROP TABLE doc_fts;"
    "CREATE VIRTUAL TABLE doc_fts USING fts5 (text, content = '', detail = none,"
    "  tokenize = \"unicode61 tokenchars '_'\");"
    "CREATE INDEX doc_document_status ON doc_document (tenant, status, secrecy);",
    //  3: the words doc_fts holds, scoped like its tokens: a word typed as
    //  a prefix is looked for as the words it begins (see doc_search.c).
    "CREATE TABLE doc_term (term TEXT PRIMARY KEY) WITHOUT ROWID;",
    //  4: outgoing documents, what the commune sends (see out.h).
    "CREATE TABLE doc_out ("
    "  tenant TEXT NOT NULL, outgoing TEXT NOT NULL, body TEXT NOT NULL, type TEXT NOT NULL,"
    "  series TEXT NOT NULL, summary TEXT NOT NULL, urgency TEXT NOT NULL, status TEXT NOT NULL,"
    "  drafter TEXT NOT NULL, drafted_at INTEGER NOT NULL, version INTEGER NOT NULL,"
    "  chain TEXT, step INTEGER NOT NULL DEFAULT 0, replaces TEXT, replaced_by TEXT,"
    "  pages INTEGER, copies INTEGER, label TEXT, number_n INTEGER, period TEXT, issued_at INTEGER,"
    "  signer TEXT, signer_post TEXT, signature TEXT, cms BLOB, cert_subject TEXT, cert_issuer TEXT,"
    "  cert_serial TEXT, cert_not_after INTEGER, cert_chain TEXT, recalled_at INTEGER, recall_reason TEXT,"
    "  PRIMARY KEY (tenant, outgoing));"
    "CREATE INDEX doc_out_issued ON doc_out (tenant, issued_at) WHERE issued_at IS NOT NULL;"
    "CREATE TABLE doc_out_version ("
    "  tenant TEXT NOT NULL, outgoing TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL, summary TEXT NOT NULL, pdf BLOB NOT NULL, pdf_sha256 TEXT NOT NULL,"
    "  note TEXT, PRIMARY KEY (tenant, outgoing, version));"
    "CREATE TABLE doc_out_recipient ("
    "  tenant TEXT NOT NULL, outgoing TEXT NOT NULL, i INTEGER NOT NULL, to_tenant TEXT, to_body TEXT,"
    "  email TEXT, name TEXT, delivery TEXT, status TEXT, document TEXT, arrival_number INTEGER,"
    "  at INTEGER, last_seq INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (tenant, outgoing, i));"
    "CREATE INDEX doc_out_recipient_delivery ON doc_out_recipient (delivery);"
    "CREATE TABLE doc_out_opinion ("
    "  tenant TEXT NOT NULL, outgoing TEXT NOT NULL, officer TEXT NOT NULL, asked_by TEXT NOT NULL,"
    "  asked_at INTEGER NOT NULL, deadline INTEGER NOT NULL, question TEXT, answer TEXT, text TEXT,"
    "  answered_at INTEGER, overdue_at INTEGER, PRIMARY KEY (tenant, outgoing, officer));"
    "CREATE TABLE doc_out_chain ("
    "  tenant TEXT NOT NULL, body TEXT NOT NULL, type TEXT NOT NULL, posts TEXT NOT NULL,"
    "  PRIMARY KEY (tenant, body, type));"
    "CREATE TABLE doc_out_step ("
    "  tenant TEXT NOT NULL, outgoing TEXT NOT NULL, step INTEGER NOT NULL, post TEXT NOT NULL,"
    "  officer TEXT NOT NULL, decision TEXT NOT NULL, note TEXT, at INTEGER NOT NULL);"
    "CREATE INDEX doc_out_step_outgoing ON doc_out_step (tenant, outgoing, at);"
    //  the receiving side: what arrived from the deployment, and recalls
    "CREATE TABLE doc_out_inbox ("
    "  tenant TEXT NOT NULL, delivery TEXT NOT NULL, document TEXT, from_tenant TEXT NOT NULL,"
    "  outgoing TEXT NOT NULL, label TEXT NOT NULL, status TEXT NOT NULL, at INTEGER NOT NULL,"
    "  recall_reason TEXT, recalled_at INTEGER, last_seq INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (tenant, delivery));"
    "CREATE INDEX doc_out_inbox_document ON doc_out_inbox (tenant, document);"
    //  the verification of an incoming document's detached signature
    "CREATE TABLE doc_in_signature ("
    "  tenant TEXT NOT NULL, document TEXT NOT NULL, file TEXT NOT NULL, valid INTEGER NOT NULL,"
    "  subject TEXT, issuer TEXT, serial TEXT, signed_at INTEGER, chain TEXT, message TEXT NOT NULL,"
    "  at INTEGER NOT NULL, PRIMARY KEY (tenant, document));",
    //  5: dossiers after Decree 30 Appendix VI (see dos_dossier.h): the
    //  list's fields, a dossier's documents (one document in many
    //  dossiers, never copied), the retention table per type and body kind
    //  (tenant '*' holds the defaults after TT 10/2022/TT-BNV), the office
    //  identifiers (mã định danh, 13 characters) and the log of exports.
    "ALTER TABLE doc_dossier ADD COLUMN body TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN organ_id TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN notation TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN retention_years INTEGER;"
    "ALTER TABLE doc_dossier ADD COLUMN rights TEXT NOT NULL DEFAULT 'han-che';"
    "ALTER TABLE doc_dossier ADD COLUMN language TEXT NOT NULL DEFAULT 'vi';"
    "ALTER TABLE doc_dossier ADD COLUMN description TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN creator TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN created_at INTEGER;"
    "ALTER TABLE doc_dossier ADD COLUMN closed_at INTEGER;"
    "ALTER TABLE doc_dossier ADD COLUMN archive_told_at INTEGER;"
    "ALTER TABLE doc_dossier ADD COLUMN handed_over_at INTEGER;"
    "ALTER TABLE doc_dossier ADD COLUMN frozen_at INTEGER;"
    "ALTER TABLE doc_dossier ADD COLUMN frozen_by TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN frozen_reason TEXT;"
    //  a change of the use regime waits for the office head (III.3.c)
    "ALTER TABLE doc_dossier ADD COLUMN rights_pending TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN rights_requested_by TEXT;"
    "ALTER TABLE doc_dossier ADD COLUMN rights_requested_at INTEGER;"
    "CREATE TABLE doc_dossier_item ("
    "  tenant TEXT NOT NULL, dossier TEXT NOT NULL, document TEXT NOT NULL,"
    "  added_by TEXT NOT NULL, added_at INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, dossier, document));"
    "CREATE INDEX doc_dossier_item_document ON doc_dossier_item (tenant, document);"
    "INSERT INTO doc_dossier_item (tenant, dossier, document, added_by, added_at)"
    "  SELECT tenant, dossier, document, 'documents', 0 FROM doc_filed;"
    "CREATE TABLE doc_retention ("
    "  tenant TEXT NOT NULL, type TEXT NOT NULL, kind TEXT NOT NULL, years INTEGER NOT NULL,"
    "  basis TEXT, PRIMARY KEY (tenant, type, kind));"
    "INSERT INTO doc_retention (tenant, type, kind, years, basis) VALUES"
    "  ('*', 'nghi-quyet', 'party', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'chi-thi', 'party', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'nghi-quyet', '*', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'quyet-dinh', '*', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'quy-che', '*', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'quy-dinh', '*', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'de-an', '*', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'ke-hoach', '*', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'bien-ban', '*', 0, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'bao-cao', '*', 20, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'to-trinh', '*', 20, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'hop-dong', '*', 20, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'cong-van', '*', 10, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'thong-bao', '*', 10, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'giay-moi', '*', 5, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'giay-gioi-thieu', '*', 5, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'giay-nghi-phep', '*', 5, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'phieu-gui', '*', 5, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'phieu-chuyen', '*', 5, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', 'phieu-bao', '*', 5, 'TT 10/2022/TT-BNV (mặc định)'),"
    "  ('*', '*', '*', 10, 'TT 10/2022/TT-BNV (mặc định)');"
    "CREATE TABLE doc_organ ("
    "  tenant TEXT NOT NULL, body TEXT NOT NULL, organ_id TEXT NOT NULL, PRIMARY KEY (tenant, body));"
    "CREATE TABLE doc_export ("
    "  tenant TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL, what TEXT NOT NULL,"
    "  target TEXT, format TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
    "  pages INTEGER, path TEXT NOT NULL);"
    "CREATE INDEX doc_export_at ON doc_export (tenant, at);",
    //  6: an officer's documents counted and listed in the index alone
    //  (Việc của tôi: status and secrecy with the officer, no table look-up
    //  per document; bench-web over a district's million documents).
    "DROP INDEX doc_document_officer;"
    "CREATE INDEX doc_document_officer ON doc_document (tenant, officer, status, secrecy);",
    //  7: page counts. Each file's (a PDF's by poppler, an image 1); the
    //  document's as the clerk typed it (pages_given), or else its files' sum.
    "ALTER TABLE doc_attachment ADD COLUMN pages INTEGER;"
    "ALTER TABLE doc_document ADD COLUMN pages INTEGER;"
    "ALTER TABLE doc_document ADD COLUMN pages_given INTEGER NOT NULL DEFAULT 0;",
    //  8: why a mail to an outside agency failed (vp-notify's last
    //  error), shown beside the receiver's status (out_mail).
    "ALTER TABLE doc_out_recipient ADD COLUMN error TEXT;",
    //  9: the text of each file for search (doc_text.c): one row per file
    //  of a document, queued pending in the transaction that records the
    //  file, worked in the background (attempts counts the tries begun,
    //  so that a file that kills the worker is given up, not retried for
    //  ever), its text (bounded: DOC_TEXT_MAX) indexed with the document.
    //  And how often each dossier was opened (dos_opens.c).
    "CREATE TABLE doc_file_text ("
    "  tenant TEXT NOT NULL, document TEXT NOT NULL, sha256 TEXT NOT NULL, name TEXT NOT NULL,"
    "  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, queued_at INTEGER NOT NULL,"
    "  done_at INTEGER, text TEXT, ocr_pages INTEGER, ms INTEGER, error TEXT,"
    "  PRIMARY KEY (tenant, document, sha256));"
    "CREATE INDEX doc_file_text_pending ON doc_file_text (queued_at) WHERE status = 'pending';"
    "INSERT INTO doc_file_text (tenant, document, sha256, name, status, queued_at)"
    "  SELECT tenant, document, sha256, min (name), 'pending', 0 FROM doc_attachment GROUP BY tenant, document, sha256;"
    "CREATE TABLE doc_dossier_open ("
    "  tenant TEXT NOT NULL, dossier TEXT NOT NULL, opens INTEGER NOT NULL, last_at INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, dossier));",
    //  10: saved searches (III.6.e, doc_saved.c): an officer's own, by
    //  name; search is the msgpack of documents.search's parameters.
    "CREATE TABLE doc_saved_search ("
    "  saved INTEGER PRIMARY KEY, tenant TEXT NOT NULL, officer TEXT NOT NULL, name TEXT NOT NULL,"
    "  search BLOB NOT NULL, saved_at INTEGER NOT NULL,"
    "  UNIQUE (tenant, officer, name));",
    //  11: a document frozen on an order (IV.1.g, doc_freeze.c): when, by
    //  whom and why; NULL when not. Its signer (Part II's SignerInfo),
    //  added later when the register did not have it (doc_metadata.c).
    "ALTER TABLE doc_document ADD COLUMN frozen_at INTEGER;"
    "ALTER TABLE doc_document ADD COLUMN frozen_by TEXT;"
    "ALTER TABLE doc_document ADD COLUMN frozen_reason TEXT;"
    "ALTER TABLE doc_document ADD COLUMN signer_name TEXT;"
    "ALTER TABLE doc_document ADD COLUMN signer_position TEXT;",
    NULL
};
