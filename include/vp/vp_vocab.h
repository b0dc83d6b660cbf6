/*  vp_vocab - the vocabularies of a document, once.

    Urgency (độ khẩn), secrecy (độ mật, Luật Bảo vệ bí mật nhà nước
    29/2018/QH14) and the types of document (NĐ 30/2020/NĐ-CP): the ids on
    the wire, in order, and their Vietnamese names. proto/ checks fields
    against the id lists (one_of); services compare levels and show names,
    and forms offer choices, through these only.
*/
#ifndef VP_VOCAB_H_INCLUDED
#define VP_VOCAB_H_INCLUDED

#include <stdbool.h>

//  "thuong", "khan", "thuong-khan", "hoa-toc", NULL: level 0 to 3.
extern const char *const vp_urgency_ids[];
//  "thuong", "mat", "toi-mat", "tuyet-mat", NULL: level 0 to 3; a post is
//  cleared up to its level.
extern const char *const vp_secrecy_ids[];
//  The same as {id, name} pairs in order, ending {NULL, NULL}: a form's
//  choices.
extern const char *const vp_urgency_choices[][2];
extern const char *const vp_secrecy_choices[][2];

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

#endif
