/*  vp_vocab - the vocabularies of a document, once.

    Urgency (độ khẩn), secrecy (độ mật, Luật Bảo vệ bí mật nhà nước
    29/2018/QH14), the types of document (NĐ 30/2020/NĐ-CP), the statuses
    of an incoming document and the columns a search shows (NĐ 30, Phụ lục
    VI, III.6.đ): the ids on the wire, in order, and their Vietnamese names.
    proto/ checks fields against the id lists (one_of); services compare
    levels and show names, and forms offer choices, through these only.
*/
#ifndef VP_VOCAB_H_INCLUDED
#define VP_VOCAB_H_INCLUDED

#include <stdbool.h>
#include "vp/vp_val.h"

//  "thuong", "khan", "thuong-khan", "hoa-toc", NULL: level 0 to 3.
extern const char *const vp_urgency_ids[];
//  "thuong", "mat", "toi-mat", "tuyet-mat", NULL: level 0 to 3; a post is
//  cleared up to its level.
extern const char *const vp_secrecy_ids[];
//  The same as {id, name} pairs in order, ending {NULL, NULL}: a form's
//  choices.
extern const char *const vp_urgency_choices[][2];
extern const char *const vp_secrecy_choices[][2];

//  The events vp-notify words a message of its own for ("documents.assigned",
//  ..., "*.event_failed", NULL), and as {id, name} choices ending {NULL, NULL}.
extern const char *const vp_ntf_template_ids[];
extern const char *const vp_ntf_template_choices[][2];

typedef enum { VP_SECRECY_NONE = 0, VP_SECRECY_MAT, VP_SECRECY_TOI_MAT, VP_SECRECY_TUYET_MAT } vp_secrecy_t;

//  Secrecy id <-> level; -1 / "?" when unknown.
int vp_secrecy_parse (const char *id);
const char *vp_secrecy_name (int level);
//  "Thường", "Mật", "Tối mật", "Tuyệt mật"; "?" when unknown.
const char *vp_secrecy_title (const char *id);

//  The document types: "cong-van", "nghi-quyet", ..., NULL; as a form's
//  {id, name} choices, ending {NULL, NULL}.
extern const char *const vp_doc_type_ids[];
extern const char *const vp_doc_type_choices[][2];

typedef struct {
    const char *id;         //  "quyet-dinh"
    const char *name;       //  "Quyết định"
    const char *abbr;       //  "QĐ" in a number (12/QĐ-UBND); "" for Công văn
} vp_doc_type_t;

//  The type of an id, or NULL.
const vp_doc_type_t *vp_doc_type (const char *id);

//  Urgency level 0 (thuong) to 3 (hoa-toc), -1 when unknown.
int vp_urgency_level (const char *id);
//  "Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc"; "?" when unknown.
const char *vp_urgency_title (const char *id);
//  Thượng khẩn or Hỏa tốc: recorded to the minute, handed on at once, told
//  even in quiet hours.
bool vp_urgent (const char *id);

//  The statuses of an incoming document: "registered", "assigned",
//  "in_progress", "done", "returned", "forwarded", "archived", NULL.
extern const char *const vp_doc_status_ids[];
//  "Mới vào sổ", "Đã giao", ...; an unknown id as it is ("" for NULL): a
//  page or a file shows what it was given rather than hide a row's state.
const char *vp_doc_status_title (const char *id);

//  A column of search results: documents.search `fields` names them; the
//  page /tim-kiem and the PDF and DOCX of results head and fill them from
//  here, so that a column reads the same in all three.
typedef struct {
    const char *id;         //  "deadline": in `fields`, and the row's key
    const char *heading;    //  "Hạn xử lý"
    double width;           //  its share of a printed row
    const char *name;       //  the row's key of the name shown for the id
                            //  ("officer_name"), or NULL
} vp_search_column_t;

//  In the order of a printed register (label, arrived_at, number, issuer,
//  type, summary, urgency, secrecy, book, status, officer, deadline,
//  overdue): the ids, NULL-terminated, and the columns, ending { NULL }.
extern const char *const vp_search_column_ids[];
extern const vp_search_column_t vp_search_columns[];
#define VP_SEARCH_COLUMNS 13

//  The column of an id, or NULL.
const vp_search_column_t *vp_search_column (const char *id);
//  What a row of documents.search shows in a column: days in the zone,
//  names for ids; "" when the row has no value there. buf holds a day.
const char *vp_search_column_text (const vp_val_t *row, const char *id, const char *zone, char buf[64]);

#endif
