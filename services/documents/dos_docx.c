/*  dos_docx - a Word document (.docx) of one table: the office's name, a
    title, a line under it, the table with its headings repeated on each
    page, and the print mark in the footer and after the table.

    A .docx is a zip of WordprocessingML parts (ECMA-376): the content
    types, the package's relations, word/document.xml, its relations and
    the footer. The XML is written by libxml2's xmlTextWriter (it escapes
    every text), the zip by libzip in memory.
*/
#include <stdarg.h>
#include <string.h>
#include <libxml/xmlwriter.h>
#include <zip.h>
#include "doc_saved.h"

#define S_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define S_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char s_content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "</Types>";

static const char s_package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" S_R "/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

static const char s_document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" S_R "/footer\" Target=\"footer1.xml\"/>"
    "</Relationships>";

static void
s_attr (xmlTextWriterPtr w, const char *name, const char *value)
{
    xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST value);
}

//  <name a1="v1" a2="v2" .../>: attribute names and values, NULL after the last.
static void
s_empty (xmlTextWriterPtr w, const char *name, ...)
{
    xmlTextWriterStartElement (w, BAD_CAST name);
    va_list ap;
    va_start (ap, name);
    for (const char *attr = va_arg (ap, const char *); attr; attr = va_arg (ap, const char *))
        s_attr (w, attr, va_arg (ap, const char *));
    va_end (ap);
    xmlTextWriterEndElement (w);
}

//  <w:name w:val="value"/>
static void
s_val (xmlTextWriterPtr w, const char *name, const char *value)
{
    s_empty (w, name, "w:val", value, NULL);
}

//  A paragraph of text: bold, centred, in half-points size (0: default).
static void
s_paragraph (xmlTextWriterPtr w, const char *text, bool bold, bool centre, int size)
{
    xmlTextWriterStartElement (w, BAD_CAST "w:p");
    if (centre) {
        xmlTextWriterStartElement (w, BAD_CAST "w:pPr");
        s_val (w, "w:jc", "center");
        xmlTextWriterEndElement (w);
    }
    xmlTextWriterStartElement (w, BAD_CAST "w:r");
    if (bold || size) {
        xmlTextWriterStartElement (w, BAD_CAST "w:rPr");
        if (bold)
            xmlTextWriterWriteElement (w, BAD_CAST "w:b", BAD_CAST "");
        if (size) {
            char half[16];
            snprintf (half, sizeof half, "%d", size);
            s_val (w, "w:sz", half);
        }
        xmlTextWriterEndElement (w);
    }
    xmlTextWriterStartElement (w, BAD_CAST "w:t");
    s_attr (w, "xml:space", "preserve");
    xmlTextWriterWriteString (w, BAD_CAST (text ? text : ""));
    xmlTextWriterEndElement (w);
    xmlTextWriterEndElement (w);
    xmlTextWriterEndElement (w);
}

static void
s_cell (xmlTextWriterPtr w, const char *text, bool bold)
{
    xmlTextWriterStartElement (w, BAD_CAST "w:tc");
    s_paragraph (w, text, bold, false, 20);
    xmlTextWriterEndElement (w);
}

static void
s_table (xmlTextWriterPtr w, const vp_val_t *headings, const vp_val_t *rows)
{
    xmlTextWriterStartElement (w, BAD_CAST "w:tbl");
    xmlTextWriterStartElement (w, BAD_CAST "w:tblPr");
    s_empty (w, "w:tblW", "w:w", "5000", "w:type", "pct", NULL);
    xmlTextWriterStartElement (w, BAD_CAST "w:tblBorders");
    static const char *const sides[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV", NULL };
    for (int i = 0; sides[i]; i++)
        s_empty (w, sides[i], "w:val", "single", "w:sz", "4", NULL);
    xmlTextWriterEndElement (w);
    xmlTextWriterEndElement (w);
    //  The headings' row is repeated at the top of every page.
    xmlTextWriterStartElement (w, BAD_CAST "w:tr");
    xmlTextWriterStartElement (w, BAD_CAST "w:trPr");
    xmlTextWriterWriteElement (w, BAD_CAST "w:tblHeader", BAD_CAST "");
    xmlTextWriterEndElement (w);
    for (size_t c = 0; c < vp_val_len (headings); c++)
        s_cell (w, vp_val_get_str (vp_array_at (headings, c)), true);
    xmlTextWriterEndElement (w);
    for (size_t r = 0; r < vp_val_len (rows); r++) {
        const vp_val_t *row = vp_array_at (rows, r);
        xmlTextWriterStartElement (w, BAD_CAST "w:tr");
        for (size_t c = 0; c < vp_val_len (headings); c++)
            s_cell (w, c < vp_val_len (row) ? vp_val_get_str (vp_array_at (row, c)) : "", false);
        xmlTextWriterEndElement (w);
    }
    xmlTextWriterEndElement (w);
}

//  A part's XML into a buffer the caller frees (xmlBufferFree).
static xmlBufferPtr
s_part (void (*body) (xmlTextWriterPtr, const void *), const char *root, const void *arg)
{
    xmlBufferPtr buf = xmlBufferCreate ();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory (buf, 0) : NULL;
    if (!w) {
        if (buf)
            xmlBufferFree (buf);
        return NULL;
    }
    xmlTextWriterStartDocument (w, "1.0", "UTF-8", "yes");
    xmlTextWriterStartElement (w, BAD_CAST root);
    s_attr (w, "xmlns:w", S_W);
    s_attr (w, "xmlns:r", S_R);
    body (w, arg);
    xmlTextWriterEndElement (w);
    int rc = xmlTextWriterEndDocument (w);
    xmlFreeTextWriter (w);
    if (rc < 0) {
        xmlBufferFree (buf);
        return NULL;
    }
    return buf;
}

typedef struct {
    const char *office, *title, *note, *mark;
    const vp_val_t *headings, *rows;
} s_doc_t;

static void
s_footer_body (xmlTextWriterPtr w, const void *arg)
{
    const s_doc_t *doc = (const s_doc_t *) arg;
    s_paragraph (w, doc->mark, false, true, 16);
}

static void
s_document_body (xmlTextWriterPtr w, const void *arg)
{
    const s_doc_t *doc = (const s_doc_t *) arg;
    xmlTextWriterStartElement (w, BAD_CAST "w:body");
    s_paragraph (w, doc->office, true, false, 24);
    s_paragraph (w, doc->title, true, true, 28);
    s_paragraph (w, doc->note, false, true, 22);
    s_table (w, doc->headings, doc->rows);
    s_paragraph (w, doc->mark, false, false, 18);
    //  A4 landscape, 2 cm margins, the footer with the mark.
    xmlTextWriterStartElement (w, BAD_CAST "w:sectPr");
    s_empty (w, "w:footerReference", "w:type", "default", "r:id", "rId1", NULL);
    s_empty (w, "w:pgSz", "w:w", "16838", "w:h", "11906", "w:orient", "landscape", NULL);
    s_empty (w, "w:pgMar", "w:top", "1134", "w:right", "1134", "w:bottom", "1134", "w:left", "1134", NULL);
    xmlTextWriterEndElement (w);
    xmlTextWriterEndElement (w);
}

//  Add a part to the zip; libzip reads text when the zip is closed.
static int
s_add (zip_t *zip, const char *name, const void *text, size_t len)
{
    zip_source_t *src = zip_source_buffer (zip, text, len, 0);
    if (!src)
        return -1;
    if (zip_file_add (zip, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
        zip_source_free (src);
        return -1;
    }
    return 0;
}

//  The bytes of a source whose archive was closed.
static int
s_bytes (zip_source_t *src, char **data, size_t *size)
{
    zip_stat_t st;
    if (zip_source_open (src) < 0)
        return -1;
    int rc = -1;
    if (zip_source_stat (src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
        *data = (char *) malloc (st.size ? st.size : 1);
        *size = (size_t) st.size;
        rc = zip_source_read (src, *data, st.size) == (zip_int64_t) st.size ? 0 : -1;
        if (rc) {
            free (*data);
            *data = NULL;
        }
    }
    zip_source_close (src);
    return rc;
}

int
dos_docx_make (const char *office, const char *title, const char *note, const char *mark,
               const vp_val_t *headings, const vp_val_t *rows, char **data, size_t *size, vp_err_t *err)
{
    s_doc_t doc = { office, title, note, mark, headings, rows };
    xmlBufferPtr document = s_part (s_document_body, "w:document", &doc);
    xmlBufferPtr footer = s_part (s_footer_body, "w:ftr", &doc);
    zip_error_t ze;
    zip_error_init (&ze);
    zip_source_t *src = document && footer ? zip_source_buffer_create (NULL, 0, 0, &ze) : NULL;
    zip_t *zip = NULL;
    int rc = -1;
    if (src) {
        //  Kept past zip_close, which writes the archive into it.
        zip_source_keep (src);
        zip = zip_open_from_source (src, ZIP_TRUNCATE, &ze);
    }
    if (zip
    &&  s_add (zip, "[Content_Types].xml", s_content_types, strlen (s_content_types)) == 0
    &&  s_add (zip, "_rels/.rels", s_package_rels, strlen (s_package_rels)) == 0
    &&  s_add (zip, "word/_rels/document.xml.rels", s_document_rels, strlen (s_document_rels)) == 0
    &&  s_add (zip, "word/document.xml", xmlBufferContent (document), (size_t) xmlBufferLength (document)) == 0
    &&  s_add (zip, "word/footer1.xml", xmlBufferContent (footer), (size_t) xmlBufferLength (footer)) == 0) {
        if (zip_close (zip) == 0) {
            zip = NULL;
            rc = s_bytes (src, data, size);
        }
    }
    if (zip)
        zip_discard (zip);
    if (src)
        zip_source_free (src);
    if (document)
        xmlBufferFree (document);
    if (footer)
        xmlBufferFree (footer);
    zip_error_fini (&ze);
    if (rc)
        return vp_err_set (err, VP_E_INTERNAL, "docx", "cannot make the .docx");
    return 0;
}
