/*  doc_types - the administrative document types and their abbreviations. */
#include <string.h>
#include "doc_types.h"
#include "vp/vp_staff.h"

static const doc_type_t s_types[] = {
    { "nghi-quyet", "Nghị quyết", "NQ" },       { "quyet-dinh", "Quyết định", "QĐ" },
    { "chi-thi", "Chỉ thị", "CT" },             { "quy-che", "Quy chế", "QC" },
    { "quy-dinh", "Quy định", "QyĐ" },          { "thong-cao", "Thông cáo", "TC" },
    { "thong-bao", "Thông báo", "TB" },         { "huong-dan", "Hướng dẫn", "HD" },
    { "chuong-trinh", "Chương trình", "CTr" },  { "ke-hoach", "Kế hoạch", "KH" },
    { "phuong-an", "Phương án", "PA" },         { "de-an", "Đề án", "ĐA" },
    { "du-an", "Dự án", "DA" },                 { "bao-cao", "Báo cáo", "BC" },
    { "bien-ban", "Biên bản", "BB" },           { "to-trinh", "Tờ trình", "TTr" },
    { "hop-dong", "Hợp đồng", "HĐ" },           { "cong-dien", "Công điện", "CĐ" },
    { "ban-ghi-nho", "Bản ghi nhớ", "BGN" },    { "ban-thoa-thuan", "Bản thỏa thuận", "BTT" },
    { "giay-uy-quyen", "Giấy ủy quyền", "GUQ" }, { "giay-moi", "Giấy mời", "GM" },
    { "giay-gioi-thieu", "Giấy giới thiệu", "GGT" }, { "giay-nghi-phep", "Giấy nghỉ phép", "GNP" },
    { "phieu-gui", "Phiếu gửi", "PG" },         { "phieu-chuyen", "Phiếu chuyển", "PC" },
    { "phieu-bao", "Phiếu báo", "PB" },         { "cong-van", "Công văn", "" },
    { NULL, NULL, NULL }
};

const doc_type_t *
doc_type (const char *id)
{
    for (const doc_type_t *t = s_types; id && t->id; t++)
        if (strcmp (t->id, id) == 0)
            return t;
    return NULL;
}

