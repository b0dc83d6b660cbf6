/*  vp_vocab - urgency, secrecy, document types and statuses, and the
    columns of search results: their order and names. */
#include <string.h>
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"
#include "vp/vp_time.h"

//  Each vocabulary once, in order: its id on the wire and its name.
#define S_URGENCY(X) X ("thuong", "Thường") X ("khan", "Khẩn") X ("thuong-khan", "Thượng khẩn") X ("hoa-toc", "Hỏa tốc")
#define S_SECRECY(X) X ("thuong", "Thường") X ("mat", "Mật") X ("toi-mat", "Tối mật") X ("tuyet-mat", "Tuyệt mật")
#define S_ID(id, title) id,
#define S_PAIR(id, title) { id, title },

const char *const vp_urgency_ids[] = { S_URGENCY (S_ID) NULL };
const char *const vp_secrecy_ids[] = { S_SECRECY (S_ID) NULL };
const char *const vp_urgency_choices[][2] = { S_URGENCY (S_PAIR) { NULL, NULL } };
const char *const vp_secrecy_choices[][2] = { S_SECRECY (S_PAIR) { NULL, NULL } };

//  The events vp-notify has a message of its own for (its built-in texts:
//  services/notify/ntf_template.c), as the office head names each when
//  wording it (the web's Mẫu thông báo).
#define S_NOTICE(X) \
    X ("documents.assigned", "Được giao văn bản") X ("documents.due_soon", "Văn bản sắp đến hạn") \
    X ("documents.overdue", "Văn bản quá hạn") X ("documents.reminded", "Đôn đốc xử lý văn bản") \
    X ("calendar.entry_created", "Lịch mới") X ("calendar.entry_updated", "Lịch thay đổi") \
    X ("calendar.entry_cancelled", "Lịch bị hủy") X ("calendar.conflict", "Trùng lịch") \
    X ("staffing.leave_started", "Được ủy quyền khi nghỉ phép") X ("*.event_failed", "Sự cố xử lý sự kiện") \
    X ("notify.escalated", "Chưa xác nhận, báo Tổ trưởng") X ("notify.failed", "Gửi thông báo không được") \
    X ("documents.outgoing_consulted", "Xin ý kiến dự thảo") \
    X ("documents.outgoing_opinion_overdue", "Quá hạn cho ý kiến") \
    X ("documents.outgoing_submitted", "Dự thảo trình duyệt") X ("documents.outgoing_approved", "Dự thảo được duyệt") \
    X ("documents.outgoing_sent_back", "Dự thảo bị trả lại") X ("documents.outgoing_issued", "Văn bản đã phát hành") \
    X ("documents.outgoing_delivered", "Văn bản đã gửi đến nơi nhận") \
    X ("documents.outgoing_receipt", "Nơi nhận báo lại") \
    X ("documents.outgoing_mail", "Thư gửi văn bản đi đến nơi nhận ngoài hệ thống") \
    X ("documents.outgoing_recalled", "Thư báo thu hồi văn bản đi") \
    X ("documents.dossier_archive_due", "Hồ sơ đến hạn nộp lưu")

const char *const vp_ntf_template_ids[] = { S_NOTICE (S_ID) NULL };
const char *const vp_ntf_template_choices[][2] = { S_NOTICE (S_PAIR) { NULL, NULL } };

//  The administrative document types (NĐ 30/2020/NĐ-CP, Phụ lục III):
//  id, name, the abbreviation a number carries. Công văn, the commonest,
//  first: a form's choice when none is made.
#define S_DOC_TYPE(X) \
    X ("cong-van", "Công văn", "") \
    X ("nghi-quyet", "Nghị quyết", "NQ")       X ("quyet-dinh", "Quyết định", "QĐ") \
    X ("chi-thi", "Chỉ thị", "CT")             X ("quy-che", "Quy chế", "QC") \
    X ("quy-dinh", "Quy định", "QyĐ")          X ("thong-cao", "Thông cáo", "TC") \
    X ("thong-bao", "Thông báo", "TB")         X ("huong-dan", "Hướng dẫn", "HD") \
    X ("chuong-trinh", "Chương trình", "CTr")  X ("ke-hoach", "Kế hoạch", "KH") \
    X ("phuong-an", "Phương án", "PA")         X ("de-an", "Đề án", "ĐA") \
    X ("du-an", "Dự án", "DA")                 X ("bao-cao", "Báo cáo", "BC") \
    X ("bien-ban", "Biên bản", "BB")           X ("to-trinh", "Tờ trình", "TTr") \
    X ("hop-dong", "Hợp đồng", "HĐ")           X ("cong-dien", "Công điện", "CĐ") \
    X ("ban-ghi-nho", "Bản ghi nhớ", "BGN")    X ("ban-thoa-thuan", "Bản thỏa thuận", "BTT") \
    X ("giay-uy-quyen", "Giấy ủy quyền", "GUQ") X ("giay-moi", "Giấy mời", "GM") \
    X ("giay-gioi-thieu", "Giấy giới thiệu", "GGT") X ("giay-nghi-phep", "Giấy nghỉ phép", "GNP") \
    X ("phieu-gui", "Phiếu gửi", "PG")         X ("phieu-chuyen", "Phiếu chuyển", "PC") \
    X ("phieu-bao", "Phiếu báo", "PB")
#define S_TYPE_ID(id, name, abbr) id,
#define S_TYPE_PAIR(id, name, abbr) { id, name },
#define S_TYPE(id, name, abbr) { id, name, abbr },

const char *const vp_doc_type_ids[] = { S_DOC_TYPE (S_TYPE_ID) NULL };
const char *const vp_doc_type_choices[][2] = { S_DOC_TYPE (S_TYPE_PAIR) { NULL, NULL } };
static const vp_doc_type_t s_doc_types[] = { S_DOC_TYPE (S_TYPE) { NULL, NULL, NULL } };

const vp_doc_type_t *
vp_doc_type (const char *id)
{
    for (const vp_doc_type_t *t = s_doc_types; id && t->id; t++)
        if (strcmp (t->id, id) == 0)
            return t;
    return NULL;
}

static int
s_level (const char *const ids[], const char *id)
{
    for (int i = 0; id && ids[i]; i++)
        if (strcmp (ids[i], id) == 0)
            return i;
    return -1;
}

int vp_secrecy_parse (const char *id) { return s_level (vp_secrecy_ids, id); }
int vp_urgency_level (const char *id) { return s_level (vp_urgency_ids, id); }
bool vp_urgent (const char *id) { return vp_urgency_level (id) >= 2; }

const char *
vp_secrecy_name (int level)
{
    return level >= 0 && level <= VP_SECRECY_TUYET_MAT ? vp_secrecy_ids[level] : "?";
}

const char *
vp_secrecy_title (const char *id)
{
    int level = vp_secrecy_parse (id);
    return level >= 0 ? vp_secrecy_choices[level][1] : "?";
}

const char *
vp_urgency_title (const char *id)
{
    int level = vp_urgency_level (id);
    return level >= 0 ? vp_urgency_choices[level][1] : "?";
}

#define S_DOC_STATUS(X) \
    X ("registered", "Mới vào sổ") X ("assigned", "Đã giao") X ("in_progress", "Đang xử lý") \
    X ("done", "Đã xử lý") X ("returned", "Trả lại") X ("forwarded", "Đã chuyển") X ("archived", "Đã lưu")

const char *const vp_doc_status_ids[] = { S_DOC_STATUS (S_ID) NULL };
static const char *const s_doc_status_titles[][2] = { S_DOC_STATUS (S_PAIR) { NULL, NULL } };

const char *
vp_doc_status_title (const char *id)
{
    for (int i = 0; id && s_doc_status_titles[i][0]; i++)
        if (strcmp (s_doc_status_titles[i][0], id) == 0)
            return s_doc_status_titles[i][1];
    return id ? id : "";
}

//  The columns of search results: id (the row's key), heading, share of
//  a printed row, the row's key of the name shown for the id.
#define S_SEARCH_COLUMN(X) \
    X (VP_K_LABEL, "Số đến", 0.8, NULL) \
    X (VP_K_ARRIVED_AT, "Ngày đến", 1.2, NULL) \
    X (VP_K_NUMBER, "Số, ký hiệu", 1.3, NULL) \
    X (VP_K_ISSUER, "Cơ quan ban hành", 1.8, NULL) \
    X (VP_K_TYPE, "Loại văn bản", 1.1, "type_name") \
    X (VP_K_SUMMARY, "Trích yếu", 3.6, NULL) \
    X (VP_K_URGENCY, "Độ khẩn", 0.9, NULL) \
    X (VP_K_SECRECY, "Độ mật", 0.9, NULL) \
    X (VP_K_BOOK, "Sổ", 1.0, NULL) \
    X (VP_K_STATUS, "Trạng thái", 1.1, NULL) \
    X (VP_K_OFFICER, "Người xử lý", 1.6, "officer_name") \
    X (VP_K_DEADLINE, "Hạn xử lý", 1.1, NULL) \
    X (VP_K_OVERDUE, "Quá hạn", 0.8, NULL)
#define S_COLUMN_ID(id, heading, width, name) id,
#define S_COLUMN(id, heading, width, name) { id, heading, width, name },

const char *const vp_search_column_ids[] = { S_SEARCH_COLUMN (S_COLUMN_ID) NULL };
const vp_search_column_t vp_search_columns[] = { S_SEARCH_COLUMN (S_COLUMN) { NULL, NULL, 0, NULL } };
_Static_assert (sizeof vp_search_column_ids / sizeof *vp_search_column_ids == VP_SEARCH_COLUMNS + 1,
                "VP_SEARCH_COLUMNS counts the columns");

const vp_search_column_t *
vp_search_column (const char *id)
{
    for (const vp_search_column_t *c = vp_search_columns; id && c->id; c++)
        if (strcmp (c->id, id) == 0)
            return c;
    return NULL;
}

const char *
vp_search_column_text (const vp_val_t *row, const char *id, const char *zone, char buf[64])
{
    const vp_search_column_t *c = vp_search_column (id);
    *buf = 0;
    if (!c || !vp_map_get (row, id))
        return buf;
    if (c->name && vp_map_str (row, c->name))
        return vp_map_str (row, c->name);
    if (strcmp (id, VP_K_ARRIVED_AT) == 0 || strcmp (id, VP_K_DEADLINE) == 0)
        return vp_time_format (vp_map_int (row, id, 0), zone,
                               strcmp (id, VP_K_ARRIVED_AT) == 0 ? "%d/%m/%Y %H:%M" : "%d/%m/%Y", buf, 64);
    if (strcmp (id, VP_K_OVERDUE) == 0)
        return vp_map_bool (row, id, false) ? "Quá hạn" : "";
    if (strcmp (id, VP_K_URGENCY) == 0)
        return vp_urgency_title (vp_map_str (row, id));
    if (strcmp (id, VP_K_SECRECY) == 0)
        return vp_secrecy_title (vp_map_str (row, id));
    if (strcmp (id, VP_K_STATUS) == 0)
        return vp_doc_status_title (vp_map_str (row, id));
    return vp_map_str (row, id) ? vp_map_str (row, id) : "";
}
