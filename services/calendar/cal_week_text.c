/*  cal_week_text - Lịch công tác tuần for the terminal: aligned columns,
    widths in characters (vp_text_width), a day a block; the closing
    block of the commune's edition (Nơi nhận, the signer) or "DỰ THẢO".
*/
#include <stdio.h>
#include <string.h>
#include "cal_week.h"
#include "vp/vp_text.h"
#include "vp/vp_fields.h"

//  Write s in exactly width columns: cut with "…" or padded with spaces.
static void
s_cell (FILE *out, const char *s, size_t width)
{
    size_t used = 0;
    const unsigned char *p = (const unsigned char *) s;
    bool cut = vp_text_width (s) > width;
    while (*p) {
        size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        char one[5] = { 0 };
        for (size_t k = 0; k < len && p[k]; k++)
            one[k] = (char) p[k];
        size_t w = vp_text_width (one);
        if (cut && used + w > width - 1)
            break;
        fputs (one, out);
        used += w;
        p += strlen (one);
    }
    if (cut) {
        fputs ("…", out);
        used++;
    }
    for (; used < width; used++)
        fputc (' ', out);
}

static size_t
s_width (size_t have, const char *s, size_t cap)
{
    size_t w = vp_text_width (s);
    if (w > cap)
        w = cap;
    return w > have ? w : have;
}

static void
s_closing (FILE *t, const cal_week_page_t *page)
{
    const vp_val_t *ed = page->edition;
    int64_t n = vp_map_int (ed, VP_K_EDITION, 0);
    if (!n || vp_map_bool (ed, VP_K_CHANGED, false)) {
        fputs ("\nDỰ THẢO\n", t);
        return;
    }
    fputs ("\nNơi nhận:\n", t);
    const vp_val_t *recipients = vp_map_get (ed, VP_K_RECIPIENTS);
    for (size_t i = 0; i < vp_val_len (recipients); i++)
        fprintf (t, "- %s\n", vp_val_get_str (vp_array_at (recipients, i)));
    fprintf (t, "\n%s\n%s\n(ban hành lần %lld, %s)\n", vp_map_str (ed, VP_K_SIGNER_TITLE), vp_map_str (ed, VP_K_SIGNER_NAME),
             (long long) n, page->published ? page->published : "");
}

char *
cal_week_text (const cal_week_page_t *page, size_t *size)
{
    size_t w_time = vp_text_width ("Thời gian"), w_title = vp_text_width ("Nội dung");
    size_t w_place = vp_text_width ("Địa điểm"), w_chair = vp_text_width ("Chủ trì");
    size_t w_prepared = vp_text_width ("Chuẩn bị");
    for (int d = 0; d < 7; d++)
        for (size_t i = 0; i < page->days[d].count; i++) {
            const cal_week_row_t *row = &page->days[d].rows[i];
            w_time = s_width (w_time, row->time, 24);
            w_title = s_width (w_title, row->title, 50);
            w_place = s_width (w_place, row->place, 24);
            w_chair = s_width (w_chair, row->chair, 24);
            w_prepared = s_width (w_prepared, row->prepared, 20);
        }
    char *text = NULL;
    FILE *t = open_memstream (&text, size);
    if (!t)
        return NULL;
    fprintf (t, "%s\n%s\n\n  ", page->heading, page->who);
    const char *const titles[] = { "Thời gian", "Nội dung", "Địa điểm", "Chủ trì", "Chuẩn bị" };
    const size_t widths[] = { w_time, w_title, w_place, w_chair, w_prepared };
    for (int c = 0; c < 5; c++) {
        s_cell (t, titles[c], widths[c]);
        fputs ("  ", t);
    }
    fputs ("Thành phần\n", t);
    for (int d = 0; d < 7; d++) {
        const cal_week_day_t *day = &page->days[d];
        fprintf (t, "\n%s, %s\n", day->name, day->date);
        if (day->count == 0)
            fputs ("  (không có lịch)\n", t);
        for (size_t i = 0; i < day->count; i++) {
            const cal_week_row_t *row = &day->rows[i];
            const char *const cells[] = { row->time, row->title, row->place, row->chair, row->prepared };
            fputs ("  ", t);
            for (int c = 0; c < 5; c++) {
                s_cell (t, cells[c], widths[c]);
                fputs ("  ", t);
            }
            fprintf (t, "%s\n", row->people);
        }
    }
    if (page->more > 0)
        fprintf (t, "\n(chỉ %d mục đầu tiên: hãy chọn một cơ quan hoặc một người)\n", page->more);
    if (page->edition)
        s_closing (t, page);
    fclose (t);
    return text;
}
