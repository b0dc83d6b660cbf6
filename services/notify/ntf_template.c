/*  ntf_template - the messages, per event type, editable without
    recompiling.

    Each type has a built-in Vietnamese subject and text; a commune
    replaces either with notify.template.set (kept in ntf_template, and a
    notify.config_changed event), so an operator changes a text with vpctl.
    A template holds placeholders {name}, replaced by the event's values
    (times already in the commune's zone), and sections {?name}...{/}
    shown only when name has a value; {{ is a brace. A template is checked
    when it is set: an unknown placeholder or an open section is refused
    naming it, so rendering never fails.
*/
#include <string.h>
#include "ntf_service.h"
#include "vp/vp_fields.h"
#include "vp/vp_vocab.h"


typedef struct {
    const char *type;
    const char *vars;           //  its own placeholders, besides s_common
    const char *subject;
    const char *text;
} s_builtin_t;

//  Every message may use these (filled by ntf_inbox).
static const char s_common[] = "officer_name on_behalf_of_name behalf urgency_name urgency_tag";

static const s_builtin_t s_builtins[] = {
    { "documents.assigned", "number summary deadline document post_title",
      "{urgency_tag}Văn bản {number} giao đồng chí xử lý{behalf}",
      "Kính gửi đồng chí {officer_name}.{?on_behalf_of_name} Đồng chí xử lý thay đồng chí "
      "{on_behalf_of_name} (ủy quyền).{/}\nVăn bản số {number}: {summary}.{?urgency_name}\n"
      "Độ khẩn: {urgency_name}.{/}{?deadline}\nHạn xử lý: {deadline}.{/}\nMã văn bản: {document}." },
    { "documents.due_soon", "number summary deadline document",
      "{urgency_tag}Sắp đến hạn xử lý văn bản {number}{behalf}",
      "Văn bản số {number}: {summary} sắp đến hạn xử lý lúc {deadline}.{?on_behalf_of_name} "
      "Đồng chí xử lý thay đồng chí {on_behalf_of_name}.{/}\nMã văn bản: {document}." },
    { "documents.overdue", "number summary deadline document",
      "{urgency_tag}Quá hạn xử lý văn bản {number}{behalf}",
      "Văn bản số {number}: {summary} đã quá hạn xử lý ({deadline}).{?on_behalf_of_name} "
      "Đồng chí xử lý thay đồng chí {on_behalf_of_name}.{/}\nMã văn bản: {document}." },
    { "documents.reminded", "number summary deadline document by_name note",
      "{urgency_tag}Đôn đốc xử lý văn bản {number}{behalf}",
      "Kính gửi đồng chí {officer_name}.{?on_behalf_of_name} Đồng chí xử lý thay đồng chí "
      "{on_behalf_of_name} (ủy quyền).{/}\nĐồng chí {by_name} đề nghị đồng chí khẩn trương xử lý văn bản "
      "số {number}: {summary}.{?deadline}\nHạn xử lý: {deadline}.{/}{?note}\nLời nhắc: {note}{/}\n"
      "Mã văn bản: {document}." },
    { "documents.outgoing_consulted", "outgoing summary label approving signing",
      "Xin ý kiến về dự thảo: {summary}",
      "Kính gửi đồng chí {officer_name}.{?on_behalf_of_name} Đồng chí cho ý kiến thay đồng chí "
      "{on_behalf_of_name} (ủy quyền).{/}\nĐồng chí được xin ý kiến về dự thảo văn bản: {summary}.\n"
      "Đề nghị cho ý kiến (nhất trí, không nhất trí hoặc ý kiến khác) trong hạn ghi trên trang văn bản đi.\n"
      "Mã văn bản đi: {outgoing}." },
    { "documents.outgoing_opinion_overdue", "outgoing summary label approving signing",
      "Quá hạn cho ý kiến về dự thảo: {summary}",
      "Đồng chí {officer_name} chưa cho ý kiến về dự thảo văn bản \"{summary}\" và đã quá hạn.\n"
      "Đề nghị cho ý kiến sớm.\nMã văn bản đi: {outgoing}." },
    { "documents.outgoing_submitted", "outgoing summary label approving signing",
      "Chờ đồng chí {?approving}duyệt{/}{?signing}ký{/}: {summary}{behalf}",
      "Dự thảo văn bản \"{summary}\" đã được trình và đang chờ đồng chí {officer_name} "
      "{?approving}duyệt{/}{?signing}ký ban hành{/}.\nMã văn bản đi: {outgoing}." },
    { "documents.outgoing_approved", "outgoing summary label approving signing",
      "Chờ đồng chí {?approving}duyệt{/}{?signing}ký{/}: {summary}{behalf}",
      "Dự thảo văn bản \"{summary}\" đã được duyệt ở bước trước và đang chờ đồng chí {officer_name} "
      "{?approving}duyệt{/}{?signing}ký ban hành{/}.\nMã văn bản đi: {outgoing}." },
    { "documents.outgoing_sent_back", "outgoing summary label approving signing",
      "Dự thảo bị trả lại: {summary}",
      "Dự thảo văn bản \"{summary}\" của đồng chí {officer_name} đã bị trả lại. Lý do ghi trên trang "
      "văn bản đi; đề nghị sửa và trình lại.\nMã văn bản đi: {outgoing}." },
    { "documents.outgoing_issued", "outgoing summary label approving signing",
      "Văn bản {label} đã được ký và phát hành",
      "Văn bản \"{summary}\" do đồng chí {officer_name} soạn thảo đã được ký, lấy số {label} và gửi "
      "tới nơi nhận.\nMã văn bản đi: {outgoing}." },
    { "documents.outgoing_delivered", "label summary issuer doc_date",
      "{urgency_tag}Văn bản đến {label} của {issuer}",
      "Kính gửi đồng chí {officer_name}.\nVăn bản số {label}{?doc_date} ngày {doc_date}{/} của {issuer}: "
      "{summary} đã đến qua hệ thống và được vào sổ văn bản đến." },
    { "documents.outgoing_receipt", "outgoing document receiver arrival_number recalled",
      "{?recalled}Văn bản đến đã bị thu hồi{/}{?arrival_number}Nơi nhận {receiver} đã vào sổ văn bản{/}",
      "{?recalled}Văn bản đến {document} đã bị cơ quan ban hành thu hồi; bản đã nhận được hủy theo quy định."
      "{/}{?arrival_number}Văn bản đi {outgoing} đã đến {receiver} và được vào sổ văn bản đến, số đến "
      "{arrival_number}.{/}" },
    //  To an agency outside the deployment (ntf_agency): a letter, not a
    //  notice to an officer; the files go with it.
    { "documents.outgoing_mail", "label summary issuer doc_date signer receiver_name signed",
      "{urgency_tag}Văn bản số {label}: {summary}",
      "Kính gửi: {receiver_name}.\n{issuer} gửi văn bản số {label}{?doc_date} ngày {doc_date}{/}.\n"
      "Trích yếu: {summary}.{?signer}\nNgười ký: {signer}.{/}\n"
      "Kèm theo thư: văn bản điện tử (tệp PDF){?signed} và chữ ký số của văn bản (tệp .p7s){/}.\n"
      "Thư này do hệ thống quản lý văn bản của {issuer} gửi tự động." },
    { "documents.outgoing_recalled", "label summary issuer doc_date signer receiver_name reason",
      "Thu hồi văn bản số {label}",
      "Kính gửi: {receiver_name}.\n{issuer} thu hồi văn bản số {label}{?doc_date} ngày {doc_date}{/}"
      "{?summary} ({summary}){/}.\nLý do: {reason}.\n"
      "Đề nghị quý cơ quan không sử dụng và hủy bản đã nhận qua thư điện tử (nếu đã nhận).\n"
      "Thư này do hệ thống quản lý văn bản của {issuer} gửi tự động." },
    { "calendar.entry_created", "title kind_name start end place document_number entry",
      "{urgency_tag}{kind_name}: {title}, {start}{behalf}",
      "{kind_name} \"{title}\" từ {start} đến {end}{?place} tại {place}{/}.{?document_number} "
      "Theo văn bản số {document_number}.{/}{?on_behalf_of_name} Đồng chí tham dự thay đồng chí "
      "{on_behalf_of_name}.{/}" },
    { "calendar.entry_updated", "title kind_name start end place document_number entry previous_start",
      "{urgency_tag}Thay đổi lịch: {title}, {start}{behalf}",
      "{kind_name} \"{title}\" đã thay đổi: nay từ {start} đến {end}{?place} tại {place}{/}."
      "{?previous_start} Trước đây: {previous_start}.{/}{?on_behalf_of_name} Đồng chí tham dự thay "
      "đồng chí {on_behalf_of_name}.{/}" },
    { "calendar.entry_cancelled", "title kind_name start end place document_number entry reason",
      "Hủy lịch: {title}, {start}",
      "{kind_name} \"{title}\" lúc {start}{?place} tại {place}{/} đã bị hủy.{?reason} Lý do: {reason}.{/}" },
    { "calendar.conflict", "title with_title start end person_name room_name entry",
      "Trùng lịch: {title} và {with_title}",
      "{?person_name}Đồng chí {person_name} có hai lịch trùng nhau{/}{?room_name}Phòng {room_name} "
      "được đặt cho hai lịch trùng nhau{/}: \"{title}\" và \"{with_title}\", từ {start} đến {end}. "
      "Đề nghị sắp xếp lại." },
    { "calendar.conflict_resolved", "title with_title start end person_name room_name entry",
      "Hết trùng lịch: {title} và {with_title}",
      "{?person_name}Lịch của đồng chí {person_name}{/}{?room_name}Lịch phòng {room_name}{/}: \"{title}\" và "
      "\"{with_title}\" (từ {start} đến {end}) không còn trùng nhau." },
    { "calendar.week_published", "week edition from to signer_name signer_title",
      "Lịch công tác tuần {week} đã ban hành (lần {edition})",
      "Lịch công tác tuần {week} (từ ngày {from} đến ngày {to}) đã được ban hành lần {edition}, "
      "{signer_title} {signer_name} ký. Đồng chí có lịch trong tuần này; đề nghị xem tại Lịch tuần." },
    { "documents.dossier_archive_due", "dossier title due_at",
      "Hồ sơ \"{title}\" đến hạn nộp lưu vào Lưu trữ cơ quan ngày {due_at}",
      "Kính gửi đồng chí {officer_name}.{?on_behalf_of_name} Đồng chí nhận thay đồng chí "
      "{on_behalf_of_name} (ủy quyền).{/}\nHồ sơ \"{title}\" đã kết thúc và đến hạn nộp lưu vào Lưu trữ "
      "cơ quan ngày {due_at} (Điều 30, Nghị định 30/2020/NĐ-CP). Đề nghị đồng chí chỉ đạo lập mục lục "
      "và biên bản giao nhận hồ sơ.\nMã hồ sơ: {dossier}." },
    { "staffing.leave_started", "from to",
      "Ủy quyền: đồng chí xử lý thay đồng chí {on_behalf_of_name} từ {from}",
      "Đồng chí {on_behalf_of_name} nghỉ phép từ {from} đến {to} và ủy quyền cho đồng chí "
      "{officer_name}. Trong thời gian này, văn bản và lịch của đồng chí {on_behalf_of_name} "
      "được chuyển cho đồng chí." },
    { "notify.escalated", "original_subject original_text recipient_name created after",
      "{urgency_tag}Chưa xác nhận: {original_subject}",
      "Thông báo gửi đồng chí {recipient_name} lúc {created} chưa được xác nhận sau {after}:\n"
      "{original_text}" },
    { "*.event_failed", "what into reason document",
      "Không đưa được {what} {into}",
      "Không đưa được {what} {into}: {reason}.{?document}\nMã văn bản: {document}.{/}\n"
      "Đề nghị kiểm tra lại và xử lý thủ công." },
    //  agency: the address of an outside agency (ntf_agency), which has
    //  no inbox; officer_of: the same for an officer.
    { "notify.failed", "original_subject recipient_name channel attempts error agency officer_of",
      "Không gửi được {?agency}thư tới {agency}{/}{?officer_of}thông báo tới đồng chí {recipient_name}{/}",
      "Không gửi được {?agency}thư \"{original_subject}\" tới {agency}{/}{?officer_of}thông báo "
      "\"{original_subject}\" tới đồng chí {recipient_name}{/} qua {channel} sau {attempts} lần thử: {error}."
      "{?officer_of} Thông báo vẫn có trong hộp thư của đồng chí {recipient_name} trên hệ thống.{/}"
      "{?agency} Đề nghị kiểm tra địa chỉ và gửi văn bản bằng cách khác.{/}" },
    { NULL }
};

//  The message of a type, or of "*.<event>" for its event of any stream.
static const s_builtin_t *
s_builtin (const char *type)
{
    for (const s_builtin_t *b = s_builtins; b->type; b++)
        if (strcmp (b->type, type) == 0)
            return b;
    const char *event = strchr (type, '.');
    for (const s_builtin_t *b = s_builtins; event && b->type; b++)
        if (b->type[0] == '*' && strcmp (b->type + 1, event) == 0)
            return b;
    return NULL;
}

//  Is name (len bytes) one of the words of list?
static bool
s_in_words (const char *list, const char *name, size_t len)
{
    for (const char *w = list; *w; ) {
        size_t n = strcspn (w, " ");
        if (n == len && strncmp (w, name, len) == 0)
            return true;
        w += n;
        w += strspn (w, " ");
    }
    return false;
}

//  Check a template of a type: every placeholder known, sections closed
//  and not nested.
static int
s_check (const s_builtin_t *b, const char *field, const char *tpl, vp_err_t *err)
{
    bool open = false;
    for (const char *p = tpl; *p; p++) {
        if (*p != '{')
            continue;
        if (p[1] == '{') {
            p++;
            continue;
        }
        const char *end = strchr (p, '}');
        if (!end)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                               "%s: \"{\" at byte %ld is not closed by \"}\" (write {{ for a brace)",
                               field, (long) (p - tpl));
        const char *name = p + 1;
        size_t len = (size_t) (end - name);
        if (len == 1 && *name == '/') {
            if (!open)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                                   "%s: {/} at byte %ld closes no section", field, (long) (p - tpl));
            open = false;
        }
        else {
            bool section = *name == '?';
            if (section) {
                if (open)
                    return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                                       "%s: section {%.*s} at byte %ld is inside another (sections do not nest)",
                                       field, (int) len, name, (long) (p - tpl));
                open = true;
                name++;
                len--;
            }
            if (!s_in_words (s_common, name, len) && !s_in_words (b->vars, name, len))
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                                   "%s: unknown placeholder {%.*s} for %s; known: %s %s",
                                   field, (int) len, name, b->type, b->vars, s_common);
        }
        p = end;
    }
    if (open)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field, "%s: a {?...} section is not closed by {/}", field);
    return 0;
}

//  Append at most the room left, never cutting a UTF-8 character.
static void
s_put (char *out, size_t *used, size_t max, const char *s, size_t len)
{
    if (*used + len > max)
        len = vp_utf8_prefix (s, len, max - *used);
    memcpy (out + *used, s, len);
    *used += len;
    out[*used] = 0;
}

static const char *
s_var (const vp_val_t *vars, const char *name, size_t len)
{
    char key[64];
    if (len >= sizeof key)
        return "";
    memcpy (key, name, len);
    key[len] = 0;
    const char *value = vp_map_str (vars, key);
    return value ? value : "";
}

//  Render a template (already checked) into out (max bytes + NUL).
static void
s_render (const char *tpl, const vp_val_t *vars, char *out, size_t max)
{
    size_t used = 0;
    out[0] = 0;
    for (const char *p = tpl; *p; ) {
        if (*p != '{') {
            size_t n = strcspn (p, "{");
            s_put (out, &used, max, p, n);
            p += n;
            continue;
        }
        if (p[1] == '{') {
            s_put (out, &used, max, "{", 1);
            p += 2;
            continue;
        }
        const char *end = strchr (p, '}');
        if (!end)
            break;
        const char *name = p + 1;
        size_t len = (size_t) (end - name);
        p = end + 1;
        if (len == 1 && *name == '/')
            continue;
        if (*name == '?') {
            if (!*s_var (vars, name + 1, len - 1)) {
                const char *close = strstr (p, "{/}");
                p = close ? close + 3 : p + strlen (p);
            }
            continue;
        }
        const char *value = s_var (vars, name, len);
        s_put (out, &used, max, value, strlen (value));
    }
}

//  The tenant's own template of a type, or NULL (caller frees).
static vp_val_t *
s_override (ntf_service_t *self, const char *tenant, const char *type)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT subject, text, updated_at, actor FROM ntf_template WHERE tenant = ?1 AND type = ?2", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    return row;
}

int
ntf_template_render (ntf_service_t *self, const char *tenant, const char *type, const vp_val_t *vars,
                     char subject[NTF_SUBJECT_MAX + 1], char text[NTF_TEXT_MAX + 1])
{
    const s_builtin_t *b = s_builtin (type);
    assert (b);
    vp_val_t *own = s_override (self, tenant, b->type);
    s_render (own ? vp_map_str (own, VP_K_SUBJECT) : b->subject, vars, subject, NTF_SUBJECT_MAX);
    s_render (own ? vp_map_str (own, VP_K_TEXT) : b->text, vars, text, NTF_TEXT_MAX);
    vp_val_destroy (&own);
    //  An empty subject or text would be refused by proto: say something.
    if (!*subject)
        snprintf (subject, NTF_SUBJECT_MAX + 1, "%s", type);
    if (!*text)
        snprintf (text, NTF_TEXT_MAX + 1, "%s", subject);
    return 0;
}

//  A type's entry as template.list and template.set show it.
static vp_val_t *
s_entry (ntf_service_t *self, const char *tenant, const s_builtin_t *b)
{
    vp_val_t *own = s_override (self, tenant, b->type);
    vp_val_t *entry = vp_val_map ();
    vp_map_put_str (entry, VP_K_TYPE, b->type);
    vp_map_put_str (entry, VP_K_SUBJECT, own ? vp_map_str (own, VP_K_SUBJECT) : b->subject);
    vp_map_put_str (entry, VP_K_TEXT, own ? vp_map_str (own, VP_K_TEXT) : b->text);
    vp_map_put_bool (entry, "builtin", own == NULL);
    if (own) {
        vp_map_put_int (entry, "updated_at", vp_map_int (own, "updated_at", 0));
        vp_map_put_str (entry, "updated_by", vp_map_str (own, VP_K_ACTOR));
    }
    vp_val_t *names = vp_val_array ();
    char words[512];
    snprintf (words, sizeof words, "%s %s", b->vars, s_common);
    for (char *save = NULL, *w = strtok_r (words, " ", &save); w; w = strtok_r (NULL, " ", &save))
        vp_array_push (names, vp_val_str (w));
    vp_map_put (entry, "placeholders", names);
    vp_val_destroy (&own);
    return entry;
}

//  {type, subject?, text?, reset?}: the office head changes a message.
static int
s_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    if (!vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                           "only the office head of tenant \"%s\" may change its messages; not \"%s\"",
                           ctx->tenant, ctx->actor);
    const char *type = vp_map_str (args, VP_K_TYPE);
    const s_builtin_t *b = s_builtin (type);
    assert (b);                 //  proto's one_of lists the same types
    const char *subject = vp_map_str (args, VP_K_SUBJECT);
    const char *text = vp_map_str (args, VP_K_TEXT);
    if (vp_map_bool (args, VP_K_RESET, false)) {
        if (subject || text)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, subject ? "subject" : "text",
                               "reset=true goes back to the built-in message of %s: give no %s with it",
                               type, subject ? "subject" : "text");
        sqlite3_stmt *stmt = vp_db_cached (self->db, "DELETE FROM ntf_template WHERE tenant = ?1 AND type = ?2", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
        int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "template");
        sqlite3_reset (stmt);
        if (rc)
            return -1;
    }
    else {
        if (!subject && !text)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TEXT,
                               "give a subject, a text, or both for %s (or reset=true)", type);
        if (subject && !*subject)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_SUBJECT, "the subject of %s must not be empty", type);
        if (text && !*text)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TEXT, "the text of %s must not be empty", type);
        if ((subject && s_check (b, "subject", subject, err)) || (text && s_check (b, "text", text, err)))
            return -1;
        vp_val_t *now = s_entry (self, ctx->tenant, b);
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "INSERT OR REPLACE INTO ntf_template (tenant, type, subject, text, updated_at, actor)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
        if (!stmt) {
            vp_val_destroy (&now);
            return -1;
        }
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, subject ? subject : vp_map_str (now, VP_K_SUBJECT), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 4, text ? text : vp_map_str (now, VP_K_TEXT), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 5, vp_clock_now ());
        sqlite3_bind_text (stmt, 6, ctx->actor, -1, SQLITE_STATIC);
        int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "template");
        sqlite3_reset (stmt);
        vp_val_destroy (&now);
        if (rc)
            return -1;
    }
    vp_val_t *entry = s_entry (self, ctx->tenant, b);
    vp_map_put_all (result, entry);
    vp_val_destroy (&entry);
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_WHAT, "template");
    vp_map_put (data, VP_K_CONFIG, vp_val_dup (result));
    return vp_service_emit (self->service, ctx, ctx->tenant, "config_changed", data, err);
}

//  {} -> {templates: [{type, subject, text, builtin, placeholders}]}
static int
s_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    vp_val_t *list = vp_val_array ();
    for (const s_builtin_t *b = s_builtins; b->type; b++)
        vp_array_push (list, s_entry (self, ctx->tenant, b));
    vp_map_put (result, "templates", list);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_NOTIFY_TEMPLATE_SET, s_set_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_NOTIFY_TEMPLATE_LIST, s_list, true },
    { NULL }
};

void
ntf_template_register (ntf_service_t *self)
{
    //  proto lists the types; every one must have its built-in message.
    for (int i = 0; vp_ntf_template_ids[i]; i++)
        assert (s_builtin (vp_ntf_template_ids[i]));
    //  And every built-in message must pass its own check.
    for (const s_builtin_t *b = s_builtins; b->type; b++) {
        vp_err_t err = { 0 };
        if (s_check (b, "subject", b->subject, &err) || s_check (b, "text", b->text, &err))
            vp_error ("built-in message of %s: %s", b->type, err.message);
    }
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
