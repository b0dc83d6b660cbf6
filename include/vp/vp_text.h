/*  vp_text - Vietnamese text as people search and read it.

    vp_text_fold: lower case without diacritics ("Hợp nhất Văn phòng
    Đảng ủy" -> "hop nhat van phong dang uy"), so a search typed without
    accents finds the document. vp_text_width: columns a string takes in
    a terminal (characters, not bytes). vp_utf8_prefix and vp_utf8_whole:
    the one way to cut UTF-8 text to fit, never inside a character.
*/
#ifndef VP_TEXT_H_INCLUDED
#define VP_TEXT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

//  Fold UTF-8 `in` into `out` (at most size bytes with the NUL); letters
//  and digits are kept (folded), everything else becomes one space.
//  Returns out.
char *vp_text_fold (const char *in, char *out, size_t size);

//  Display width of UTF-8 text: one column per character (combining marks
//  take none).
size_t vp_text_width (const char *s);

//  The length of the longest prefix of s (len bytes) that is at most max
//  bytes and does not end inside a UTF-8 character: len when it fits.
size_t vp_utf8_prefix (const char *s, size_t len, size_t max);

//  Drop the last character of s when it is incomplete (after a snprintf
//  or a copy that may have cut one). Returns s.
char *vp_utf8_whole (char *s);

//  The HTML entity that stands for c in text and in a quoted attribute
//  (&amp; &lt; &gt; &quot; &#39;), or NULL when c stands for itself: the
//  one rule by which every page (vp-web, the week, the registers) escapes.
const char *vp_html_entity (char c);

//  Is s an e-mail address a message can be sent to: local@domain in
//  ASCII, without blanks, control characters or the characters that
//  would end or split an SMTP path or a header (<>,;:"()[]\\), the
//  domain of labels of letters, digits and '-' with at least one dot, at
//  most 254 bytes. Both the draft that names an agency's address and the
//  mail that goes to it ask this one question.
bool vp_text_is_email (const char *s);

#endif
