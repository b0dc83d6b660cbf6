/*  bench_fill - documents written straight into a vp-documents database
    (bench_fill.h). */
#include <string.h>
#include "bench.h"
#include "bench_fill.h"
#include "doc_search.h"

#define S_DAY ((int64_t) 86400000)
#define S_TX_DOCS 50000

const char *const bench_leads[] = {
    "Về việc", "Kế hoạch", "Báo cáo kết quả", "Hướng dẫn thực hiện", "Triển khai", "Tổ chức",
    "Tăng cường công tác", "Đôn đốc", "Thông báo", "Đề nghị", "Phê duyệt", "Mời dự hội nghị",
    "Tổng kết", "Sơ kết", "Kiểm tra", "Rà soát", "Chỉ đạo", "Góp ý dự thảo"
};

const char *const bench_topics[] = {
    "phòng chống thiên tai", "chuyển đổi số", "cải cách hành chính",
    "hợp nhất văn phòng Đảng ủy – Chính quyền", "xây dựng nông thôn mới", "giảm nghèo bền vững",
    "bảo hiểm y tế học sinh", "tuyển chọn gọi công dân nhập ngũ", "phòng cháy chữa cháy",
    "an toàn vệ sinh thực phẩm", "tiêm chủng mở rộng", "quản lý đất đai", "thu ngân sách nhà nước",
    "bầu cử đại biểu Hội đồng nhân dân", "đại hội Đảng bộ", "công tác cán bộ", "kiểm tra giám sát",
    "tiếp công dân", "giải quyết khiếu nại tố cáo", "phổ biến giáo dục pháp luật", "chứng thực bản sao",
    "đăng ký hộ tịch", "trật tự an toàn giao thông", "vệ sinh môi trường", "dịch tả lợn châu Phi",
    "sản xuất vụ Đông", "sản xuất vụ Xuân", "trồng rừng thay thế", "học tập và làm theo tư tưởng Hồ Chí Minh",
    "thi đua khen thưởng", "chính sách người có công", "bảo trợ xã hội", "bảo vệ chăm sóc trẻ em",
    "bình đẳng giới", "dân số kế hoạch hóa gia đình", "xây dựng đời sống văn hóa", "thể dục thể thao quần chúng",
    "phát triển du lịch cộng đồng", "quốc phòng an ninh", "phòng chống ma túy", "an ninh trật tự thôn xóm",
    "quy hoạch sử dụng đất", "cấp giấy chứng nhận quyền sử dụng đất", "giải phóng mặt bằng",
    "đầu tư công", "quyết toán vốn đầu tư", "kiên cố hóa kênh mương", "nước sạch nông thôn",
    "điện chiếu sáng công cộng", "phòng chống dịch bệnh cây trồng", "tiêm phòng gia súc gia cầm",
    "khuyến nông", "hợp tác xã nông nghiệp", "làng nghề truyền thống", "chợ nông thôn",
    "thuế sử dụng đất phi nông nghiệp", "lệ phí trước bạ", "kê khai tài sản thu nhập",
    "phòng chống tham nhũng", "dân vận chính quyền", "quy chế dân chủ ở cơ sở", "hòa giải ở cơ sở",
    "mặt trận tổ quốc", "đoàn thanh niên", "hội liên hiệp phụ nữ", "hội nông dân", "hội cựu chiến binh",
    "khuyến học khuyến tài", "phổ cập giáo dục", "trường đạt chuẩn quốc gia", "trạm y tế xã",
    "nhà văn hóa thôn", "di tích lịch sử", "lễ hội truyền thống", "tết Nguyên đán", "ngày Quốc khánh 2/9",
    "kỷ niệm ngày thành lập Đảng", "tổng điều tra dân số", "điều tra lao động việc làm",
    "giáo dục nghề nghiệp", "xuất khẩu lao động", "an toàn lao động", "lưu trữ hồ sơ",
    "văn thư lưu trữ", "ứng dụng công nghệ thông tin", "dịch vụ công trực tuyến", "một cửa liên thông"
};

const int bench_nleads = (int) (sizeof bench_leads / sizeof bench_leads[0]);
const int bench_ntopics = (int) (sizeof bench_topics / sizeof bench_topics[0]);

static const char *const s_tails[] = {
    "năm 2024", "năm 2025", "quý I", "quý II", "quý III", "6 tháng đầu năm", "trên địa bàn xã",
    "giai đoạn 2021 – 2025", "giai đoạn 2026 – 2030", "tháng 9", "đợt 1", "đợt 2", "các thôn", "", "", ""
};

const bench_issuer_t bench_issuers[] = {
    { "UBND huyện Đô Lương", "UBND", false }, { "Huyện ủy Đô Lương", "HU", true },
    { "UBND tỉnh Nghệ An", "UBND", false }, { "Tỉnh ủy Nghệ An", "TU", true },
    { "Sở Nội vụ tỉnh Nghệ An", "SNV", false }, { "Sở Tài chính tỉnh Nghệ An", "STC", false },
    { "Sở Tư pháp tỉnh Nghệ An", "STP", false }, { "Sở Nông nghiệp và Môi trường", "SNNMT", false },
    { "Phòng Nội vụ huyện", "PNV", false }, { "Phòng Tài chính – Kế hoạch huyện", "TCKH", false },
    { "Phòng Văn hóa – Xã hội huyện", "VHXH", false }, { "Công an huyện Đô Lương", "CAH", false },
    { "Ban Chỉ huy Quân sự huyện", "BCHQS", false }, { "Bảo hiểm xã hội huyện", "BHXH", false },
    { "Ban Tuyên giáo Huyện ủy", "BTGHU", true }, { "Ban Tổ chức Huyện ủy", "BTCHU", true },
    { "Ủy ban Kiểm tra Huyện ủy", "UBKTHU", true }, { "Ban Dân vận Huyện ủy", "BDVHU", true },
    { "Văn phòng Huyện ủy", "VPHU", true }, { "Ủy ban MTTQ huyện", "MTTQ", false },
};
const int bench_nissuers = (int) (sizeof bench_issuers / sizeof bench_issuers[0]);

static const bench_doctype_t s_types[] = {
    { "cong-van", "", 30 }, { "ke-hoach", "KH", 12 }, { "quyet-dinh", "QĐ", 10 }, { "thong-bao", "TB", 10 },
    { "bao-cao", "BC", 8 }, { "giay-moi", "GM", 8 }, { "huong-dan", "HD", 6 }, { "nghi-quyet", "NQ", 4 },
    { "chi-thi", "CT", 3 }, { "to-trinh", "TTr", 3 }, { "chuong-trinh", "CTr", 3 }, { "cong-dien", "CĐ", 2 },
    { "de-an", "ĐA", 1 },
};
#define S_NTYPES ((int) (sizeof s_types / sizeof s_types[0]))
const int bench_ntypes = S_NTYPES;

const bench_doctype_t *
bench_pick_type (void)
{
    int total = 0;
    for (int i = 0; i < S_NTYPES; i++)
        total += s_types[i].weight;
    int64_t at = bench_below (total);
    for (int i = 0; i < S_NTYPES; i++) {
        if (at < s_types[i].weight)
            return &s_types[i];
        at -= s_types[i].weight;
    }
    return &s_types[0];
}

//  A summary: lead, topic, tail; and the topic's index.
int
bench_summary (char *buf, size_t size)
{
    int topic = (int) bench_below ((int64_t) (bench_ntopics));
    const char *tail = s_tails[bench_below ((int64_t) (sizeof s_tails / sizeof s_tails[0]))];
    snprintf (buf, size, "%s %s%s%s", bench_leads[bench_below (bench_nleads)], bench_topics[topic], *tail ? " " : "", tail);
    return topic;
}

int
bench_fill_exec (sqlite3 *db, const char *sql)
{
    char *message = NULL;
    if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK) {
        bench_say ("%s: %s", sql, message ? message : "?");
        sqlite3_free (message);
        return -1;
    }
    return 0;
}

//  The documents, in arrival order: rows, search index, books, counters.
//  The table's secondary indexes are dropped first and made again after
//  (the same SQL as the service's), the way a bulk load goes faster.
int
bench_fill_documents (sqlite3 *db, bench_fill_t *f)
{
    int T = f->ncommunes;
    int64_t N = f->documents;
    int years = (int) ((f->now - f->t0) / (365 * S_DAY)) + 2;
    sqlite3_stmt *stmt = NULL;
    vp_val_t *indexes = vp_val_array ();
    //  The service's own indexing, on this connection.
    doc_service_t service = { .db = db };
    vp_err_t err = { 0 };
    int rc = -1;
    if (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'doc_document'"
                                " AND sql IS NOT NULL", -1, &stmt, NULL) != SQLITE_OK)
        goto done;
    while (sqlite3_step (stmt) == SQLITE_ROW)
        vp_array_push (indexes, vp_val_str ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
    stmt = NULL;
    for (size_t i = 0; i < vp_val_len (indexes); i++) {
        const char *sql = vp_val_get_str (vp_array_at (indexes, i));
        const char *name = strstr (sql, "INDEX ") + 6;
        char drop[128];
        snprintf (drop, sizeof drop, "DROP INDEX %.*s", (int) strcspn (name, " "), name);
        if (bench_fill_exec (db, drop))
            goto done;
    }
    if (sqlite3_prepare_v2 (db,
            "INSERT INTO doc_document (rowid, tenant, document, n, book, arrival_number, year, issuer, number,"
            " doc_date, type, summary, urgency, secrecy, arrived_at, status, post, officer, deadline,"
            " issuer_key, number_key, registered_by, registered_at, due_soon_sent, overdue_sent)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
            " ?20, ?21, ?22, ?15, ?23, ?23)", -1, &stmt, NULL) != SQLITE_OK) {
        bench_say ("prepare: %s", sqlite3_errmsg (db));
        goto done;
    }
    //  Per commune: the next document n; per commune, book and year: the
    //  last arrival number.
    int64_t *next = (int64_t *) calloc ((size_t) T, sizeof (int64_t));
    int64_t *numbers = (int64_t *) calloc ((size_t) T * 2 * (size_t) years, sizeof (int64_t));
    int first_year = 0;
    {
        vp_tm_t tm;
        vp_time_local (f->t0, VP_TIME_DEFAULT_ZONE, &tm);
        first_year = tm.year;
    }
    int64_t span = f->now - f->t0, last_rowid = 0;
    char document[32], number[64], summary[400], issuer_key[256], number_key[96];
    if (doc_search_queue_open (&service, &err) || bench_fill_exec (db, "BEGIN"))
        goto fail;
    for (int64_t i = 0; i < N && !bench_stopping (); i++) {
        int t = (int) bench_below (T);
        const char *tenant = f->communes[t].tenant;
        int64_t at = f->t0 + span * i / N + bench_below (60000);
        int64_t rowid = at * DOC_ROWID_SLOTS;
        if (rowid <= last_rowid)
            rowid = last_rowid + 1;
        last_rowid = rowid;
        vp_tm_t tm;
        vp_time_local (at, VP_TIME_DEFAULT_ZONE, &tm);
        int issuer = (int) bench_below (bench_nissuers);
        int party = bench_issuers[issuer].party;
        int year = tm.year - first_year;
        if (year < 0 || year >= years)
            year = 0;
        int64_t arrival = ++numbers[((size_t) t * 2 + (party ? 0 : 1)) * (size_t) years + (size_t) year];
        int64_t n = ++next[t];
        snprintf (document, sizeof document, "d-%lld", (long long) n);
        const bench_doctype_t *type = bench_pick_type ();
        int64_t seq = arrival % 997 + 1;
        if (party)
            snprintf (number, sizeof number, "%02lld-%s/%s", (long long) seq, *type->abbr ? type->abbr : "CV",
                      bench_issuers[issuer].abbr);
        else
        if (*type->abbr)
            snprintf (number, sizeof number, "%02lld/%s-%s", (long long) seq, type->abbr, bench_issuers[issuer].abbr);
        else
            snprintf (number, sizeof number, "%02lld/%s-VP", (long long) seq, bench_issuers[issuer].abbr);
        bench_summary (summary, sizeof summary);
        int urgency_roll = (int) bench_below (100);
        const char *urgency = urgency_roll < 85 ? "thuong" : urgency_roll < 95 ? "khan"
                            : urgency_roll < 99 ? "thuong-khan" : "hoa-toc";
        int secrecy_roll = (int) bench_below (1000);
        const char *secrecy = secrecy_roll < 970 ? "thuong" : secrecy_roll < 990 ? "mat"
                            : secrecy_roll < 998 ? "toi-mat" : "tuyet-mat";
        f->secret += secrecy_roll >= 970;
        //  Old papers are done (a few returned, forwarded or archived);
        //  the last month's are at work, a few left behind long ago.
        const char *status;
        bool recent = f->now - at < 30 * S_DAY;
        int roll = (int) bench_below (1000);
        if (recent)
            status = roll < 80 ? "registered" : roll < 550 ? "assigned" : roll < 950 ? "in_progress" : "done";
        else
            status = roll < 3 ? "in_progress" : roll < 6 ? "assigned" : roll < 20 ? "returned"
                   : roll < 40 ? "forwarded" : roll < 250 ? "archived" : "done";
        int64_t deadline = at + (5 + bench_below (10)) * S_DAY;
        f->overdue += (strcmp (status, "assigned") == 0 || strcmp (status, "in_progress") == 0) && deadline < f->now;
        const bench_fill_commune_t *c = &f->communes[t];
        int o = (int) bench_below (c->nholders);
        vp_text_fold (bench_issuers[issuer].name, issuer_key, sizeof issuer_key);
        snprintf (number_key, sizeof number_key, "%s#%lld", number, (long long) n);     //  unique
        int64_t doc_date = at - (1 + bench_below (5)) * S_DAY;
        const char *book = party ? "den-dang" : "den-chinh-quyen";

        sqlite3_bind_int64 (stmt, 1, rowid);
        sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, document, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 4, n);
        sqlite3_bind_text (stmt, 5, book, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 6, arrival);
        sqlite3_bind_int (stmt, 7, tm.year);
        sqlite3_bind_text (stmt, 8, bench_issuers[issuer].name, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 9, number, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 10, doc_date);
        sqlite3_bind_text (stmt, 11, type->id, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 12, summary, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 13, urgency, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 14, secrecy, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 15, at);
        sqlite3_bind_text (stmt, 16, status, -1, SQLITE_STATIC);
        if (strcmp (status, "registered") != 0) {
            sqlite3_bind_text (stmt, 17, c->posts[o], -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 18, c->officers[o], -1, SQLITE_STATIC);
        }
        else {
            sqlite3_bind_null (stmt, 17);
            sqlite3_bind_null (stmt, 18);
        }
        sqlite3_bind_int64 (stmt, 19, deadline);
        sqlite3_bind_text (stmt, 20, issuer_key, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 21, number_key, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 22, "bench", -1, SQLITE_STATIC);
        //  A deadline long past was told when it came (the scan would
        //  otherwise tell thousands at once when the service starts).
        if (deadline < f->now - 2 * S_DAY)
            sqlite3_bind_int64 (stmt, 23, deadline);
        else
            sqlite3_bind_null (stmt, 23);
        if (sqlite3_step (stmt) != SQLITE_DONE) {
            bench_say ("insert: %s", sqlite3_errmsg (db));
            goto fail;
        }
        sqlite3_reset (stmt);
        vp_val_t *row = vp_val_map ();
        vp_map_put_str (row, "tenant", tenant);
        vp_map_put_str (row, "summary", summary);
        vp_map_put_str (row, "issuer", bench_issuers[issuer].name);
        vp_map_put_str (row, "number", number);
        vp_map_put_str (row, "type", type->id);
        vp_map_put_str (row, "book", book);
        vp_map_put_str (row, "secrecy", secrecy);
        int indexed = doc_search_index (&service, rowid, row, &err);
        vp_val_destroy (&row);
        if (indexed) {
            bench_say ("index: %s", err.message);
            goto fail;
        }
        f->written++;
        if (f->written % S_TX_DOCS == 0) {
            if (vp_db_commit (db, &err) || bench_fill_exec (db, "BEGIN"))
                goto fail;
            if (f->written % 200000 == 0)
                bench_say ("B. %lld documents written", (long long) f->written);
        }
    }
    //  Books and counters, as registration leaves them.
    sqlite3_stmt *book = NULL, *counter = NULL;
    sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO doc_book (tenant, book, name, kind, last_year, last_number)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &book, NULL);
    sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO vp_counter (tenant, prefix, n) VALUES (?1, 'd', ?2)", -1,
                        &counter, NULL);
    for (int t = 0; book && counter && t < T; t++) {
        const char *tenant = f->communes[t].tenant;
        for (int k = 0; k < 2; k++) {
            int y = years - 1;
            while (y > 0 && numbers[((size_t) t * 2 + (size_t) k) * (size_t) years + (size_t) y] == 0)
                y--;
            sqlite3_bind_text (book, 1, tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (book, 2, k == 0 ? "den-dang" : "den-chinh-quyen", -1, SQLITE_STATIC);
            sqlite3_bind_text (book, 3, k == 0 ? "Sổ văn bản đến – Đảng" : "Sổ văn bản đến – Chính quyền", -1,
                               SQLITE_STATIC);
            sqlite3_bind_text (book, 4, k == 0 ? "party" : "state", -1, SQLITE_STATIC);
            sqlite3_bind_int (book, 5, first_year + y);
            sqlite3_bind_int64 (book, 6, numbers[((size_t) t * 2 + (size_t) k) * (size_t) years + (size_t) y]);
            sqlite3_step (book);
            sqlite3_reset (book);
        }
        sqlite3_bind_text (counter, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (counter, 2, next[t]);
        sqlite3_step (counter);
        sqlite3_reset (counter);
    }
    sqlite3_finalize (book);
    sqlite3_finalize (counter);
    if (vp_db_commit (db, &err))
        goto fail;
    int64_t t1 = bench_now_ns ();
    bench_say ("B. making the table's %zu indexes again", vp_val_len (indexes));
    for (size_t i = 0; i < vp_val_len (indexes); i++)
        if (bench_fill_exec (db, vp_val_get_str (vp_array_at (indexes, i))))
            goto fail;
    f->index_secs = bench_secs (bench_now_ns () - t1);
    rc = 0;
fail:
    free (next);
    free (numbers);
done:
    if (rc)
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    doc_search_queue_close (&service);          //  the service above is this frame's
    sqlite3_finalize (stmt);
    vp_val_destroy (&indexes);
    return rc;
}
