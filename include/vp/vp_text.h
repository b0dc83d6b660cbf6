/*  vp_text - Vietnamese text as people search and read it.

    vp_text_fold: lower case without diacritics ("Hợp nhất Văn phòng
    Đảng ủy" -> "hop nhat van phong dang uy"), so a search typed without
    accents finds the document. vp_text_width: columns a string takes in
    a terminal (characters, not bytes).
*/
#ifndef VP_TEXT_H_INCLUDED
#define VP_TEXT_H_INCLUDED

#include <stddef.h>

//  Fold UTF-8 `in` into `out` (at most size bytes with the NUL); letters
//  and digits are kept (folded), everything else becomes one space.
//  Returns out.
char *vp_text_fold (const char *in, char *out, size_t size);

//  Display width of UTF-8 text: one column per character (combining marks
//  take none).
size_t vp_text_width (const char *s);

#endif
