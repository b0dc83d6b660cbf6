/*  proto/dossiers.c - dossiers (hồ sơ) after Decree 30/2020/NĐ-CP,
    Appendix VI: the list of dossiers, their documents, the retention
    table, the archive's calendar, freezes, exports and the six outputs.
    Commands of vp-documents (`documents.` names); exports are written to
    the service's data folder, <data>/exports/<sha256>.<ext>, and the reply
    names the path.
*/
#include "proto_fields.h"

static const char *const s_kinds[] = { "party", "state", "front", "mass", "office", "*", NULL };
static const char *const s_rights[] = { "cong-khai", "han-che", "mat", NULL };
static const char *const s_pdf_xml[] = { "pdf", "xml", NULL };
static const char *const s_pdf_xlsx[] = { "pdf", "xlsx", NULL };
static const char *const s_outputs[] = {
    "so-den", "bao-cao-den", "so-di", "bao-cao-di", "muc-luc-van-ban", "muc-luc-ho-so", NULL
};
static const char *const s_changes[] = {
    "added", "updated", "closed", "handed_over", "frozen", "unfrozen",
    "rights_requested", "rights_confirmed", "rights_rejected", NULL
};

//  ---------------------------------------------------------------- events

static const vp_field_t s_dossier_changed[] = {
    ID ("dossier", true, "which dossier"),
    { .name = "change", .type = VP_F_STR, .required = true, .one_of = s_changes, .doc = "what changed" },
    ID ("document", false, "the document added"),
    TEXT ("detail", false, 2000, "the reason of a freeze, the fields changed"),
    { .name = "secrecy", .type = VP_F_STR, .one_of = vp_secrecy_ids, .doc = "độ mật of the document added, when secret" },
    { NULL }
};

static const vp_field_t s_doc_frozen[] = {
    ID ("document", true, "which document"),
    BOOL ("frozen", "true: frozen; false: the freeze lifted"),
    TEXT ("reason", true, 2000, "who ordered it and why (for a freeze: its order)"),
    { .name = "secrecy", .type = VP_F_STR, .one_of = vp_secrecy_ids, .doc = "độ mật of the document, when secret" },
    { NULL }
};

static const vp_field_t s_archive_due[] = {
    ID ("dossier", true, "a closed dossier due for the office archive"),
    TEXT ("title", true, 500, "its title"),
    TIME ("due_at", true, "when it is due (a year after it was closed: Art. 30)"),
    ID ("officer", false, "the office head who is told (III.5.b)"),
    { NULL }
};

EVENT (vp_proto_dos_changed, "documents.dossier_changed", s_dossier_changed,
       "A dossier took a document, was edited, closed, handed over, frozen or unfrozen.");
EVENT (vp_proto_doc_frozen, "documents.frozen", s_doc_frozen,
       "A document was frozen against moving, editing or deleting (IV.1.g), or its freeze lifted.");
EVENT (vp_proto_dos_archive_due, "documents.dossier_archive_due", s_archive_due,
       "A dossier is due for the office archive within 30 days; the office head is told (once).");

//  ---------------------------------------------------------------- commands

static const vp_field_t s_dossier[] = { ID ("dossier", true, "the dossier"), { NULL } };

static const vp_field_t s_add[] = {
    ID ("dossier", true, "the dossier"),
    ID ("document", true, "a document of the commune (it may be in other dossiers too; never copied)"),
    { NULL }
};

static const vp_field_t s_update[] = {
    ID ("dossier", true, "the dossier"),
    TEXT ("title", false, 500, "new title"),
    TEXT ("description", false, 2000, "new description"),
    { .name = "rights", .type = VP_F_STR, .one_of = s_rights, .doc = "chế độ sử dụng: cong-khai, han-che, mat" },
    UINT ("retention_years", false, 200, "thời hạn bảo quản: years, 0 = vĩnh viễn"),
    { NULL }
};

static const vp_field_t s_confirm[] = {
    ID ("dossier", true, "the dossier whose change of use regime waits"),
    BOOL ("reject", "refuse the change instead of confirming it"),
    { NULL }
};

static const vp_field_t s_list[] = {
    UINT ("year", true, 9999, "the year of the list (FileCatalog)"),
    ID ("body", false, "only the dossiers of this body"),
    { NULL }
};

static const vp_field_t s_stats[] = { UINT ("year", false, 9999, "only this year"), { NULL } };

static const vp_field_t s_retention_set[] = {
    { .name = "type", .type = VP_F_STR, .required = true, .max = 64, .doc = "document type id, or `*`" },
    { .name = "kind", .type = VP_F_STR, .required = true, .one_of = s_kinds, .doc = "body kind, or `*`" },
    UINT ("years", true, 200, "years kept; 0 = vĩnh viễn (permanent)"),
    TEXT ("basis", false, 400, "the rule, e.g. `TT 10/2022/TT-BNV, mục 1.5`"),
    { NULL }
};

static const vp_field_t s_no_fields[] = { { NULL } };

static const vp_field_t s_organ_set[] = {
    ID ("body", true, "the body (stf_body)"),
    { .name = "organ_id", .type = VP_F_STR, .required = true, .min = 13, .max = 13,
      .doc = "mã định danh of the office, 13 characters (e.g. `000.00.31.H40`)" },
    { NULL }
};

static const vp_field_t s_due[] = { TIME ("at", false, "as at (default: now)"), { NULL } };

static const vp_field_t s_freeze[] = {
    ID ("dossier", true, "the dossier"),
    TEXT ("reason", true, 2000, "who ordered it and why"),
    { NULL }
};

//  A set: documents, dossiers, or both (a group), in one order.
static const vp_field_t s_set_freeze[] = {
    IDS ("documents", "documents of the commune"),
    IDS ("dossiers", "dossiers of the commune (each as documents.dossier.freeze)"),
    TEXT ("reason", true, 2000, "who ordered it and why"),
    { NULL }
};

static const vp_field_t s_export[] = {
    ID ("dossier", true, "the dossier"),
    { .name = "format", .type = VP_F_STR, .required = true, .one_of = s_pdf_xml, .doc = "pdf or xml" },
    { NULL }
};

static const vp_field_t s_output[] = {
    { .name = "output", .type = VP_F_STR, .required = true, .one_of = s_outputs,
      .doc = "so-den, bao-cao-den, so-di, bao-cao-di, muc-luc-van-ban, muc-luc-ho-so" },
    { .name = "format", .type = VP_F_STR, .one_of = s_pdf_xlsx, .doc = "pdf or xlsx; none: the rows only" },
    UINT ("year", false, 9999, "the year (registers, reports, the index of dossiers)"),
    ID ("book", false, "the register book (so-den, bao-cao-den; default: the first)"),
    ID ("dossier", false, "the dossier (muc-luc-van-ban)"),
    ID ("body", false, "only the dossiers of this body (muc-luc-ho-so)"),
    { NULL }
};

static const vp_field_t s_handling[] = {
    UINT ("year", false, 9999, "the year (default: this year)"),
    { .name = "format", .type = VP_F_STR, .one_of = s_pdf_xlsx, .doc = "pdf or xlsx; none: the rows only" },
    { NULL }
};

static const vp_field_t s_exports[] = { TIME ("since", false, "from (default: all)"), { NULL } };

static const vp_field_t s_export_get[] = {
    TEXT ("sha256", true, 64, "which export (the sha256 its reply or documents.export.list gave)"),
    UINT ("offset", false, 0, "from this byte (default 0); the answer holds at most 192 KB"),
    { NULL }
};

//  --------------------------------------------------------------- replies

static const vp_field_t s_dossier_result[] = {
    UINT ("opens", true, 0, "how often the dossier was opened (get and export, this one included: III.6.a)"),
    { NULL }
};
static const vp_msgdef_t s_dossier_reply = {
    .name = "documents.dossier", .kind = VP_KIND_REPLY, .version = 1, .open = true, .fields = s_dossier_result,
    .doc = "A dossier: its fields and code, its documents (items) in order, and how often it was opened."
};

static const vp_field_t s_stats_row_fields[] = {
    ID ("officer", true, "the creator"),
    TEXT ("full_name", true, 200, "their name"),
    UINT ("dossiers", true, 0, "dossiers they made"),
    UINT ("open", true, 0, "of them not closed"),
    UINT ("closed", true, 0, "closed"),
    UINT ("documents", true, 0, "documents in them"),
    UINT ("opens", true, 0, "how often those dossiers were opened (get, export)"),
    UINT ("document_opens", true, 0, "how often the documents in them were opened (documents.get)"),
    { NULL }
};
static const vp_msgdef_t s_stats_row_def = {
    .name = "documents.dossier.stats.row", .kind = VP_KIND_REPLY, .version = 1, .fields = s_stats_row_fields,
    .doc = "One creator's dossiers."
};
static const vp_field_t s_stats_result[] = {
    { .name = "officers", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &s_stats_row_def, .doc = "per creator" },
    { NULL }
};
static const vp_msgdef_t s_stats_reply = {
    .name = "documents.dossier.stats", .kind = VP_KIND_REPLY, .version = 1, .fields = s_stats_result,
    .doc = "Dossiers per creator, their documents, and how often both were opened (III.4.đ, III.6.a)."
};

#define COMMAND(var, n, f, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_COMMAND, .version = 1, .doc = d, .fields = f }

COMMAND (vp_proto_dos_add, "documents.dossier.add", s_add,
         "Put a document in a dossier (III.4.e: one document in several dossiers, no copy).");
COMMAND (vp_proto_dos_update, "documents.dossier.update", s_update,
         "Edit a dossier's fields (not when frozen); a change of its use regime by anyone but the office head waits for"
         " the office head's confirmation (rights_pending).");
COMMAND (vp_proto_dos_confirm, "documents.dossier.confirm_rights", s_confirm,
         "The office head confirms (or rejects) a change of a dossier's use regime asked by another officer (III.3.c).");
COMMAND (vp_proto_dos_close, "documents.dossier.close", s_dossier, "Close a dossier: its end date; no more documents.");
COMMAND_R (vp_proto_dos_get, "documents.dossier.get", s_dossier, &s_dossier_reply,
         "A dossier with its code and its documents, numbered in the order they were made.");
COMMAND (vp_proto_dos_list, "documents.dossier.list", s_list, "The list of dossiers (danh mục hồ sơ) of a year.");
COMMAND_R (vp_proto_dos_stats, "documents.dossier.stats", s_stats, &s_stats_reply,
           "Dossiers each officer made (III.4.đ), and how often they and their documents were opened (III.6.a).");
COMMAND (vp_proto_dos_retention_set, "documents.retention.set", s_retention_set,
         "Set the retention of a document type for a body kind (after TT 10/2022/TT-BNV).");
COMMAND (vp_proto_dos_retention_list, "documents.retention.list", s_no_fields,
         "The retention table: the commune's rows and the defaults.");
COMMAND (vp_proto_dos_organ_set, "documents.organ.set", s_organ_set,
         "The 13-character identifier (mã định danh) of a body, the first part of its dossiers' codes.");
COMMAND (vp_proto_dos_due, "documents.dossier.due", s_due,
         "Closed dossiers due for the office archive within 30 days, or late (III.5.b).");
COMMAND (vp_proto_dos_scan, "documents.dossier.scan", s_due,
         "Tell the office head once of each dossier due within 30 days (documents.dossier_archive_due).");
COMMAND (vp_proto_dos_handover, "documents.dossier.handover", s_dossier,
         "Hand a closed dossier over to the office archive: marked and frozen (III.5.c).");
COMMAND (vp_proto_dos_freeze, "documents.dossier.freeze", s_freeze,
         "Freeze a dossier against moving, editing or deleting until lifted (IV.1.g).");
COMMAND (vp_proto_dos_unfreeze, "documents.dossier.unfreeze", s_freeze, "Lift a freeze.");
COMMAND (vp_proto_doc_freeze, "documents.freeze", s_set_freeze,
         "Freeze a set (documents, dossiers, or both) against moving, editing or deleting until lifted "
         "(IV.1.g): the office head only; all of it or nothing.");
COMMAND (vp_proto_doc_unfreeze, "documents.unfreeze", s_set_freeze, "Lift the freeze of a set.");
COMMAND (vp_proto_dos_appraisal, "documents.dossier.appraisal", s_due,
         "Dossiers whose retention has ended: the list for appraisal; permanent ones never.");
COMMAND (vp_proto_dos_export, "documents.dossier.export", s_export,
         "A dossier as PDF (its index, then each document in order) or XML (Appendix VI Part II).");
COMMAND (vp_proto_dos_output, "documents.output", s_output,
         "One of the six outputs (Appendix VI.V): rows, and as PDF (A4) or a spreadsheet.");
COMMAND (vp_proto_dos_handling, "documents.report.handling", s_handling,
         "Work of a year for the office head and the leaders (else permission_denied): incoming per officer, per "
         "body and per month (received, on time, late, open, overdue, forwarded, average days to done), and "
         "documents in and out per month and per body. Only what the reader is cleared for counts.");
COMMAND (vp_proto_dos_exports, "documents.export.list", s_exports, "Every print and export: who, when, what.");
COMMAND (vp_proto_dos_export_get, "documents.export.get", s_export_get,
         "A chunk of an export's file, for the officer who made it: {name, mime, size, offset, data}.");

static const vp_msgdef_t *const s_defs[] = {
    &vp_proto_dos_changed, &vp_proto_doc_frozen, &vp_proto_dos_archive_due, &vp_proto_doc_freeze, &vp_proto_doc_unfreeze,
    &vp_proto_dos_add, &vp_proto_dos_update, &vp_proto_dos_confirm, &vp_proto_dos_close, &vp_proto_dos_get, &vp_proto_dos_list,
    &vp_proto_dos_stats, &s_stats_reply, &s_stats_row_def, &s_dossier_reply, &vp_proto_dos_retention_set, &vp_proto_dos_retention_list, &vp_proto_dos_organ_set,
    &vp_proto_dos_due, &vp_proto_dos_scan, &vp_proto_dos_handover, &vp_proto_dos_freeze,
    &vp_proto_dos_unfreeze, &vp_proto_dos_appraisal, &vp_proto_dos_export, &vp_proto_dos_output,
    &vp_proto_dos_handling, &vp_proto_dos_exports, &vp_proto_dos_export_get, NULL
};

const vp_proto_module_t vp_proto_dossiers = {
    .name = "dossiers",
    .doc = "vp-documents' dossiers and outputs after Decree 30/2020/NĐ-CP, Appendix VI (commands named "
           "`documents.`; events on stream `documents`). Exports go to <data>/exports/<sha256>.<ext>.",
    .defs = s_defs
};
