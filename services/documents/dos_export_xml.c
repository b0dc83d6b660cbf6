/*  dos_export_xml - a dossier as XML with the fields of Decree 30,
    Appendix VI Part II (III.4.g), made with libxml2's tree API; the schema
    is docs/schema/dossier.xsd (namespace urn:vanphong:dossier:1). Times
    are UTC (xs:dateTime with Z), dates the commune's days (xs:date).
*/
#include <string.h>
#include <libxml/tree.h>
#include "dos_dossier.h"
#include "vp/vp_fields.h"

#define S_NS "urn:vanphong:dossier:1"

static xmlNodePtr
s_el (xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST (text ? text : ""));
}

static void
s_int (xmlNodePtr parent, const char *name, int64_t value)
{
    char buf[32];
    snprintf (buf, sizeof buf, "%lld", (long long) value);
    s_el (parent, name, buf);
}

//  At most max bytes of text (so at most max characters), whole.
static char *
s_cut (const char *text, size_t max, char *out, size_t size)
{
    size_t n = vp_utf8_prefix (text, strlen (text), max < size - 1 ? max : size - 1);
    memcpy (out, text, n);
    out[n] = 0;
    return out;
}

static const char *
s_date (doc_service_t *self, const char *tenant, int64_t ms, char buf[32])
{
    char zone[64];
    return vp_time_format (ms, doc_zone (self, tenant, zone), "%Y-%m-%d", buf, 32);
}

static const char *
s_utc (int64_t ms, char buf[40])
{
    vp_time_format (ms, "UTC", "%Y-%m-%dT%H:%M:%SZ", buf, 40);
    return buf;
}

//  "112/UBND-VP" → 112, UBND-VP; "07-ĐA/HU" → 07, ĐA/HU.
static void
s_split (const char *number, char digits[32], char notation[96])
{
    size_t n = strspn (number, "0123456789");
    snprintf (digits, 32, "%.*s", (int) (n < 31 ? n : 31), number);
    const char *rest = number + n;
    if (*rest == '/' || *rest == '-')
        rest++;
    snprintf (notation, 96, "%s", n ? rest : number);
}

static void
s_document (doc_service_t *self, vp_cmdctx_t *ctx, xmlNodePtr list, const vp_val_t *item)
{
    char digits[32], notation[96], day[32], at[40];
    s_split (vp_map_str (item, VP_K_NUMBER) ? vp_map_str (item, VP_K_NUMBER) : "", digits, notation);
    if (!vp_map_bool (item, "sees", false)) {
        xmlNodePtr node = xmlNewChild (list, NULL, BAD_CAST "WithheldDocument", NULL);
        xmlNewProp (node, BAD_CAST "id", BAD_CAST vp_map_str (item, VP_K_DOCUMENT));
        s_int (node, "DocOrdinal", vp_map_int (item, "ordinal", 0));
        s_el (node, "CodeNumber", digits);
        s_el (node, "CodeNotation", notation);
        return;
    }
    xmlNodePtr node = xmlNewChild (list, NULL, BAD_CAST "Document", NULL);
    xmlNewProp (node, BAD_CAST "id", BAD_CAST vp_map_str (item, VP_K_DOCUMENT));
    s_int (node, "DocOrdinal", vp_map_int (item, "ordinal", 0));
    s_el (node, "TypeName", vp_map_str (item, "type_name"));
    s_el (node, "CodeNumber", digits);
    s_el (node, "CodeNotation", notation);
    s_el (node, "IssuedDate", s_date (self, ctx->tenant, vp_map_int (item, VP_K_DOC_DATE, 0), day));
    s_el (node, "OrganName", vp_map_str (item, VP_K_ISSUER));
    char subject[501];
    s_cut (vp_map_str (item, VP_K_SUMMARY) ? vp_map_str (item, VP_K_SUMMARY) : "", 500, subject, sizeof subject);
    s_el (node, "Subject", subject);
    s_el (node, "Language", "vi");
    if (vp_map_int (item, VP_K_PAGES, 0) > 0)
        s_int (node, "PageAmount", vp_map_int (item, VP_K_PAGES, 0));
    if (vp_map_str (item, VP_K_NOTE))
        s_el (node, "Description", vp_map_str (item, VP_K_NOTE));
    s_el (node, "ArrivalDate", s_utc (vp_map_int (item, VP_K_ARRIVED_AT, 0), at));
    s_int (node, "ArrivalNumber", vp_map_int (item, VP_K_ARRIVAL_NUMBER, 0));
    //  Who signed it: known when the register had it or it was added later
    //  (documents.metadata.set).
    if (vp_map_str (item, VP_K_SIGNER_NAME)) {
        xmlNodePtr signer = xmlNewChild (node, NULL, BAD_CAST "SignerInfo", NULL);
        s_el (signer, "Position", vp_map_str (item, VP_K_SIGNER_POSITION) ? vp_map_str (item, VP_K_SIGNER_POSITION) : "");
        s_el (signer, "FullName", vp_map_str (item, VP_K_SIGNER_NAME));
    }
    xmlNodePtr priority = xmlNewChild (node, NULL, BAD_CAST "Priority", NULL);
    s_el (priority, "Urgency", vp_urgency_title (vp_map_str (item, VP_K_URGENCY)));
    s_el (priority, "Secrecy", vp_secrecy_title (vp_map_str (item, VP_K_SECRECY)));
    xmlNodePtr trace = xmlNewChild (node, NULL, BAD_CAST "TraceHeaderList", NULL);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT at, actor, step, detail FROM doc_history WHERE tenant = ?1 AND document = ?2 ORDER BY at, rowid", NULL);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (item, VP_K_DOCUMENT), -1, SQLITE_STATIC);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            xmlNodePtr header = xmlNewChild (trace, NULL, BAD_CAST "TraceHeader", NULL);
            s_el (header, "Time", s_utc (sqlite3_column_int64 (stmt, 0), at));
            s_el (header, "Actor", (const char *) sqlite3_column_text (stmt, 1));
            s_el (header, "Step", (const char *) sqlite3_column_text (stmt, 2));
            s_el (header, "Detail", (const char *) sqlite3_column_text (stmt, 3));
        }
        sqlite3_reset (stmt);
    }
    if (vp_map_int (item, VP_K_DEADLINE, 0))
        s_el (node, "DueDate", s_date (self, ctx->tenant, vp_map_int (item, VP_K_DEADLINE, 0), day));
    xmlNodePtr files = xmlNewChild (node, NULL, BAD_CAST "Files", NULL);
    stmt = vp_db_cached (self->db,
        "SELECT name, sha256, size FROM doc_attachment WHERE tenant = ?1 AND document = ?2 ORDER BY rowid", NULL);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (item, VP_K_DOCUMENT), -1, SQLITE_STATIC);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            xmlNodePtr file = xmlNewChild (files, NULL, BAD_CAST "File", NULL);
            xmlNewProp (file, BAD_CAST "name", sqlite3_column_text (stmt, 0));
            xmlNewProp (file, BAD_CAST "sha256", sqlite3_column_text (stmt, 1));
            char size[32];
            snprintf (size, sizeof size, "%lld", (long long) sqlite3_column_int64 (stmt, 2));
            xmlNewProp (file, BAD_CAST "size", BAD_CAST size);
        }
        sqlite3_reset (stmt);
    }
}

int
dos_export_xml (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, vp_val_t *result, vp_err_t *err)
{
    vp_val_t *row = dos_describe (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    if (!vp_map_str (row, VP_K_CODE)) {
        vp_val_destroy (&row);
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                           "hồ sơ \"%s\" chưa có mã (FileCode): cần năm và mã định danh của cơ quan"
                           " (documents.organ.set)", dossier);
    }
    vp_val_t *items = dos_documents (self, ctx, dossier, err);
    if (!items) {
        vp_val_destroy (&row);
        return -1;
    }
    xmlDocPtr doc = xmlNewDoc (BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode (NULL, BAD_CAST "Dossier");
    xmlNsPtr ns = xmlNewNs (root, BAD_CAST S_NS, NULL);
    xmlSetNs (root, ns);
    xmlDocSetRootElement (doc, root);
    xmlNodePtr code = xmlNewChild (root, NULL, BAD_CAST "FileCode", NULL);
    s_el (code, "OrganId", vp_map_str (row, VP_K_ORGAN_ID));
    s_int (code, "FileCatalog", vp_map_int (row, VP_K_YEAR, 0));
    char notation[21];
    s_cut (vp_map_str (row, VP_K_NOTATION) ? vp_map_str (row, VP_K_NOTATION) : dossier, 20, notation, sizeof notation);
    s_el (code, "FileNotation", notation);
    char title[501], day[32], at[40];
    s_cut (vp_map_str (row, VP_K_TITLE), 500, title, sizeof title);
    s_el (root, "Title", title);
    xmlNodePtr maintenance = s_el (root, "Maintenance", vp_map_str (row, "maintenance") ? vp_map_str (row, "maintenance") : "");
    char years[16];
    snprintf (years, sizeof years, "%lld", (long long) (vp_map_int (row, "maintenance_years", -1) < 0 ? 0
                                                        : vp_map_int (row, "maintenance_years", 0)));
    xmlNewProp (maintenance, BAD_CAST "years", BAD_CAST years);
    s_el (root, "Rights", vp_map_str (row, VP_K_RIGHTS) ? vp_map_str (row, VP_K_RIGHTS) : "han-che");
    s_el (root, "Creator", vp_map_str (row, "creator_name") ? vp_map_str (row, "creator_name")
                         : vp_map_str (row, "creator") ? vp_map_str (row, "creator") : "");
    s_el (root, "Language", vp_map_str (row, "language") ? vp_map_str (row, "language") : "vi");
    if (vp_map_int (row, "start_date", 0)) {
        s_el (root, "StartDate", s_date (self, ctx->tenant, vp_map_int (row, "start_date", 0), day));
        s_el (root, "EndDate", s_date (self, ctx->tenant, vp_map_int (row, "end_date", 0), day));
    }
    s_int (root, "DocTotal", (int64_t) vp_val_len (items));
    if (vp_map_str (row, VP_K_DESCRIPTION))
        s_el (root, "Description", vp_map_str (row, VP_K_DESCRIPTION));
    xmlNodePtr list = xmlNewChild (root, NULL, BAD_CAST "Documents", NULL);
    for (size_t i = 0; i < vp_val_len (items); i++)
        s_document (self, ctx, list, vp_array_at (items, i));
    xmlNodePtr export = xmlNewChild (root, NULL, BAD_CAST "Export", NULL);
    xmlNewProp (export, BAD_CAST "by", BAD_CAST (*ctx->actor ? ctx->actor : "documents"));
    xmlNewProp (export, BAD_CAST "at", BAD_CAST s_utc (vp_clock_now (), at));
    xmlChar *bytes = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc (doc, &bytes, &size, "UTF-8", 1);
    xmlFreeDoc (doc);
    int rc = bytes ? dos_store (self, ctx, "dossier", dossier, "xml", (const char *) bytes, (size_t) size, 0, result, err)
                   : vp_err_set (err, VP_E_INTERNAL, "xml", "libxml2 could not write the dossier");
    xmlFree (bytes);
    if (rc == 0)
        rc = dos_mark_exported (self, ctx, items, dossier, "xml", err);
    vp_map_put_str (result, VP_K_DOSSIER, dossier);
    vp_map_put_int (result, VP_K_DOCUMENTS, (int64_t) vp_val_len (items));
    vp_val_destroy (&items);
    vp_val_destroy (&row);
    return rc;
}
