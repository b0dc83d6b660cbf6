/*  vp_text - folding Vietnamese for search, and terminal width. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vp/vp_text.h"

//  Every Vietnamese letter with a diacritic (and đ), sorted by code point.
typedef struct {
    uint32_t cp;
    char ascii;
} s_fold_t;

static const s_fold_t s_fold[] = {
    { 0x00C0, 'a' },
    { 0x00C1, 'a' },
    { 0x00C2, 'a' },
    { 0x00C3, 'a' },
    { 0x00C8, 'e' },
    { 0x00C9, 'e' },
    { 0x00CA, 'e' },
    { 0x00CC, 'i' },
    { 0x00CD, 'i' },
    { 0x00D2, 'o' },
    { 0x00D3, 'o' },
    { 0x00D4, 'o' },
    { 0x00D5, 'o' },
    { 0x00D9, 'u' },
    { 0x00DA, 'u' },
    { 0x00DD, 'y' },
    { 0x00E0, 'a' },
    { 0x00E1, 'a' },
    { 0x00E2, 'a' },
    { 0x00E3, 'a' },
    { 0x00E8, 'e' },
    { 0x00E9, 'e' },
    { 0x00EA, 'e' },
    { 0x00EC, 'i' },
    { 0x00ED, 'i' },
    { 0x00F2, 'o' },
    { 0x00F3, 'o' },
    { 0x00F4, 'o' },
    { 0x00F5, 'o' },
    { 0x00F9, 'u' },
    { 0x00FA, 'u' },
    { 0x00FD, 'y' },
    { 0x0102, 'a' },
    { 0x0103, 'a' },
    { 0x0110, 'd' },
    { 0x0111, 'd' },
    { 0x0128, 'i' },
    { 0x0129, 'i' },
    { 0x0168, 'u' },
    { 0x0169, 'u' },
    { 0x01A0, 'o' },
    { 0x01A1, 'o' },
    { 0x01AF, 'u' },
    { 0x01B0, 'u' },
    { 0x1EA0, 'a' },
    { 0x1EA1, 'a' },
    { 0x1EA2, 'a' },
    { 0x1EA3, 'a' },
    { 0x1EA4, 'a' },
    { 0x1EA5, 'a' },
    { 0x1EA6, 'a' },
    { 0x1EA7, 'a' },
    { 0x1EA8, 'a' },
    { 0x1EA9, 'a' },
    { 0x1EAA, 'a' },
    { 0x1EAB, 'a' },
    { 0x1EAC, 'a' },
    { 0x1EAD, 'a' },
    { 0x1EAE, 'a' },
    { 0x1EAF, 'a' },
    { 0x1EB0, 'a' },
    { 0x1EB1, 'a' },
    { 0x1EB2, 'a' },
    { 0x1EB3, 'a' },
    { 0x1EB4, 'a' },
    { 0x1EB5, 'a' },
    { 0x1EB6, 'a' },
    { 0x1EB7, 'a' },
    { 0x1EB8, 'e' },
    { 0x1EB9, 'e' },
    { 0x1EBA, 'e' },
    { 0x1EBB, 'e' },
    { 0x1EBC, 'e' },
    { 0x1EBD, 'e' },
    { 0x1EBE, 'e' },
    { 0x1EBF, 'e' },
    { 0x1EC0, 'e' },
    { 0x1EC1, 'e' },
    { 0x1EC2, 'e' },
    { 0x1EC3, 'e' },
    { 0x1EC4, 'e' },
    { 0x1EC5, 'e' },
    { 0x1EC6, 'e' },
    { 0x1EC7, 'e' },
    { 0x1EC8, 'i' },
    { 0x1EC9, 'i' },
    { 0x1ECA, 'i' },
    { 0x1ECB, 'i' },
    { 0x1ECC, 'o' },
    { 0x1ECD, 'o' },
    { 0x1ECE, 'o' },
    { 0x1ECF, 'o' },
    { 0x1ED0, 'o' },
    { 0x1ED1, 'o' },
    { 0x1ED2, 'o' },
    { 0x1ED3, 'o' },
    { 0x1ED4, 'o' },
    { 0x1ED5, 'o' },
    { 0x1ED6, 'o' },
    { 0x1ED7, 'o' },
    { 0x1ED8, 'o' },
    { 0x1ED9, 'o' },
    { 0x1EDA, 'o' },
    { 0x1EDB, 'o' },
    { 0x1EDC, 'o' },
    { 0x1EDD, 'o' },
    { 0x1EDE, 'o' },
    { 0x1EDF, 'o' },
    { 0x1EE0, 'o' },
    { 0x1EE1, 'o' },
    { 0x1EE2, 'o' },
    { 0x1EE3, 'o' },
    { 0x1EE4, 'u' },
    { 0x1EE5, 'u' },
    { 0x1EE6, 'u' },
    { 0x1EE7, 'u' },
    { 0x1EE8, 'u' },
    { 0x1EE9, 'u' },
    { 0x1EEA, 'u' },
    { 0x1EEB, 'u' },
    { 0x1EEC, 'u' },
    { 0x1EED, 'u' },
    { 0x1EEE, 'u' },
    { 0x1EEF, 'u' },
    { 0x1EF0, 'u' },
    { 0x1EF1, 'u' },
    { 0x1EF2, 'y' },
    { 0x1EF3, 'y' },
    { 0x1EF4, 'y' },
    { 0x1EF5, 'y' },
    { 0x1EF6, 'y' },
    { 0x1EF7, 'y' },
    { 0x1EF8, 'y' },
    { 0x1EF9, 'y' }
};

static int
s_compare (const void *key, const void *item)
{
    uint32_t cp = *(const uint32_t *) key;
    uint32_t other = ((const s_fold_t *) item)->cp;
    return cp < other ? -1 : cp > other ? 1 : 0;
}

//  Decode one UTF-8 character; returns its length (1 for a bad byte).
static size_t
s_next (const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = ((uint32_t) (s[0] & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
        *cp = ((uint32_t) (s[0] & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12)
            | ((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    }
    *cp = 0xFFFD;
    return 1;
}

char *
vp_text_fold (const char *in, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *) (in ? in : "");
    size_t at = 0;
    bool space = true;          //  no leading space, no two in a row
    while (*p && at + 1 < size) {
        uint32_t cp;
        p += s_next (p, &cp);
        char c = 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            c = (char) cp;
        else
        if (cp >= 'A' && cp <= 'Z')
            c = (char) (cp - 'A' + 'a');
        else
        if (cp >= 0x0300 && cp <= 0x036F)
            continue;           //  a combining mark (decomposed text): drop it
        else
        if (cp >= 0x80) {
            const s_fold_t *hit = (const s_fold_t *) bsearch (&cp, s_fold, sizeof s_fold / sizeof s_fold[0],
                                                              sizeof s_fold[0], s_compare);
            if (hit)
                c = hit->ascii;
        }
        if (c) {
            out[at++] = c;
            space = false;
        }
        else
        if (!space) {
            out[at++] = ' ';
            space = true;
        }
    }
    if (at > 0 && out[at - 1] == ' ')
        at--;
    out[at] = 0;
    return out;
}

size_t
vp_text_width (const char *s)
{
    const unsigned char *p = (const unsigned char *) (s ? s : "");
    size_t width = 0;
    while (*p) {
        uint32_t cp;
        p += s_next (p, &cp);
        if (!(cp >= 0x0300 && cp <= 0x036F))
            width++;
    }
    return width;
}

size_t
vp_utf8_prefix (const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
        n--;                //  back to the first byte of the character cut in two
    return n;
}

char *
vp_utf8_whole (char *s)
{
    size_t len = strlen (s);
    size_t start = len;
    while (start > 0 && len - start < 3 && ((unsigned char) s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return s;
    unsigned char lead = (unsigned char) s[start - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (start - 1) < need)
        s[start - 1] = 0;
    return s;
}

const char *
vp_html_entity (char c)
{
    switch (c) {
        case '&': return "&amp;";
        case '<': return "&lt;";
        case '>': return "&gt;";
        case '"': return "&quot;";
        case '\'': return "&#39;";
        default: return NULL;
    }
}

bool
vp_text_is_email (const char *s)
{
    if (!s || strlen (s) > 254)
        return false;
    const char *at = strchr (s, '@');
    if (!at || at == s || strchr (at + 1, '@') || at - s > 64)
        return false;
    for (const char *p = s; p < at; p++) {
        unsigned char c = (unsigned char) *p;
        if (c <= ' ' || c >= 0x7f || strchr ("<>,;:\"()[]\\", c))
            return false;
    }
    if (s[0] == '.' || at[-1] == '.' || strstr (s, ".."))
        return false;
    //  The domain: labels of [A-Za-z0-9-], not starting or ending with '-'.
    const char *domain = at + 1;
    if (!strchr (domain, '.'))
        return false;
    size_t label = 0;
    for (const char *p = domain; ; p++) {
        if (*p == '.' || !*p) {
            if (label == 0 || label > 63 || p[-1] == '-')
                return false;
            if (!*p)
                break;
            label = 0;
            continue;
        }
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-';
        if (!ok || (label == 0 && *p == '-'))
            return false;
        label++;
    }
    return true;
}
