/*  cal_week_html - Lịch công tác tuần as a printable page (UTF-8, A4
    landscape, no script): the heading, a table of the days, and the
    closing block of the commune's edition (Nơi nhận, the signer's title
    and name) or "DỰ THẢO". Every text is escaped (vp_html_entity).
*/
#include <stdio.h>
#include <string.h>
#include "cal_week.h"
#include "vp/vp_text.h"
#include "vp/vp_fields.h"

static void
s_html (FILE *out, const char *s)
{
    for (; s && *s; s++)
        if (vp_html_entity (*s))
            fputs (vp_html_entity (*s), out);
        else
            fputc (*s, out);
}

static const char s_style[] =
    "body{font-family:\"Times New Roman\",serif;margin:1.5cm;color:#000}"
    "h1{text-align:center;font-size:16pt;margin:0}"
    "p.who,p.week{text-align:center;margin:.3em 0}"
    "table{width:100%;border-collapse:collapse;margin-top:1em;font-size:11pt}"
    "th,td{border:1px solid #000;padding:4px 6px;vertical-align:top;text-align:left}"
    "th{background:#eee}"
    "td.day{font-weight:bold;white-space:nowrap}"
    "td.time{white-space:nowrap}"
    "div.closing{display:flex;justify-content:space-between;margin-top:1em;page-break-inside:avoid}"
    "div.closing ul{list-style:none;padding:0;margin:0}"
    "div.signer{text-align:center;min-width:18em}"
    "div.signer p{margin:0}"
    "p.title{font-weight:bold;text-transform:uppercase}"
    "p.space{height:3.5em}"
    "p.name,p.draft{font-weight:bold}"
    "@media print{body{margin:0}th{background:none}tr{page-break-inside:avoid}}"
    "@page{size:A4 landscape;margin:1.5cm}";

static void
s_closing (FILE *h, const cal_week_page_t *page)
{
    const vp_val_t *ed = page->edition;
    int64_t n = vp_map_int (ed, VP_K_EDITION, 0);
    fputs ("<div class=\"closing\">\n<div class=\"recipients\"><p><b><i>Nơi nhận:</i></b></p><ul>", h);
    const vp_val_t *recipients = vp_map_get (ed, VP_K_RECIPIENTS);
    bool draft = !n || vp_map_bool (ed, VP_K_CHANGED, false);
    for (size_t i = 0; !draft && i < vp_val_len (recipients); i++) {
        fputs ("<li>- ", h);
        s_html (h, vp_val_get_str (vp_array_at (recipients, i)));
        fputs ("</li>", h);
    }
    fputs ("</ul></div>\n<div class=\"signer\">", h);
    if (draft)
        fputs ("<p class=\"draft\">DỰ THẢO</p>", h);
    else {
        fputs ("<p class=\"title\">", h);
        s_html (h, vp_map_str (ed, VP_K_SIGNER_TITLE));
        fputs ("</p><p class=\"space\"></p><p class=\"name\">", h);
        s_html (h, vp_map_str (ed, VP_K_SIGNER_NAME));
        fprintf (h, "</p><p>(ban hành lần %lld, ", (long long) n);
        s_html (h, page->published);
        fputs (")</p>", h);
    }
    fputs ("</div>\n</div>\n", h);
}

char *
cal_week_html (const cal_week_page_t *page, size_t *size)
{
    char *html = NULL;
    FILE *h = open_memstream (&html, size);
    if (!h)
        return NULL;
    fputs ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>Lịch công tác tuần – ", h);
    s_html (h, page->who);
    fprintf (h, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", s_style);
    s_html (h, page->heading);
    fputs ("</h1>\n<p class=\"who\">", h);
    s_html (h, page->who);
    fputs ("</p>\n<table>\n<thead><tr><th>Ngày</th><th>Thời gian</th><th>Nội dung</th><th>Địa điểm</th>"
           "<th>Chủ trì</th><th>Thành phần</th><th>Đơn vị chuẩn bị</th></tr></thead>\n<tbody>\n", h);
    for (int d = 0; d < 7; d++) {
        const cal_week_day_t *day = &page->days[d];
        fprintf (h, "<tr class=\"day\"><td class=\"day\" rowspan=\"%zu\">%s<br>%s</td>", day->count ? day->count : 1,
                 day->name, day->date);
        if (day->count == 0)
            fputs ("<td colspan=\"6\">—</td></tr>\n", h);
        for (size_t i = 0; i < day->count; i++) {
            const cal_week_row_t *row = &day->rows[i];
            fprintf (h, "%s<td class=\"time\">", i ? "<tr>" : "");
            const char *const cells[] = { row->time, row->title, row->place, row->chair, row->people, row->prepared };
            for (int c = 0; c < 6; c++) {
                if (c)
                    fputs ("<td>", h);
                s_html (h, cells[c]);
                fputs ("</td>", h);
            }
            fputs ("</tr>\n", h);
        }
    }
    if (page->more > 0)
        fprintf (h, "<tr><td colspan=\"7\">Chỉ %d mục đầu tiên.</td></tr>\n", page->more);
    fputs ("</tbody>\n</table>\n", h);
    if (page->edition)
        s_closing (h, page);
    fputs ("</body>\n</html>\n", h);
    fclose (h);
    return html;
}
