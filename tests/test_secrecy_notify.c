/*  test_secrecy_notify - notify.inbox, notify.list, every e-mail the
    SMTP server received and every webhook's body (part of
    test_secrecy_paths).

    vp-notify tells of a secret document that there is one and where to
    read it: nobody, the cleared assignee included, finds its text in an
    inbox, the office head's list, an e-mail (subject and body as Python's
    e-mail parser decodes them, and as sent) or a webhook. The control's
    summary is there, so the probes look where the text would go.
*/
#include <dirent.h>
#include <string.h>
#include "test_secrecy.h"

static const char *const s_officers[] = { LS_HEAD, LS_BI_THU, LS_CHU_TICH, LS_DIA_CHINH, LS_CLERK, NULL };

static sec_reader_t
s_kind (const char *officer)
{
    return sec_clearance_of (officer) ? SEC_CLEARED : SEC_UNCLEARED;
}

static void
s_inboxes (void)
{
    char where[200];
    for (int o = 0; s_officers[o]; o++) {
        vp_val_t *r = tu_ok_call (sec.ntf, LS, s_officers[o], "notify.inbox", "limit=500");
        char *text = vp_val_to_json (r);
        snprintf (where, sizeof where, "the inbox of %s (%zu items)", s_officers[o],
                  vp_val_len (vp_map_get (r, "items")));
        sec_none (s_kind (s_officers[o]), 0, "notify.inbox", where, text);
        if (strcmp (s_officers[o], LS_DIA_CHINH) == 0) {
            //  The control is hers; the secret meetings she is invited to
            //  are busy blocks.
            sec_sees (SEC_UNCLEARED, "notify.inbox", where, text, sec_marker (0));
            sec_sees (SEC_UNCLEARED, "notify.inbox", where, text, VP_SECRET_MEETING);
        }
        if (strcmp (s_officers[o], LS_BI_THU) == 0)
            sec_sees (SEC_CLEARED, "notify.inbox", where, text, "văn bản mật");
        free (text);
        vp_val_destroy (&r);
    }
    vp_val_t *r = tu_ok_call (sec.ntf, LS, LS_HEAD, "notify.list", "limit=500");
    char *text = vp_val_to_json (r);
    snprintf (where, sizeof where, "every notification of Lam Sơn (%lld)", (long long) vp_map_int (r, "total", 0));
    CHECK (vp_map_int (r, "total", 0) <= 500, "more notifications than a page: %lld", (long long) vp_map_int (r, "total", 0));
    sec_none (SEC_CLEARED, 0, "notify.list", where, text);
    sec_sees (SEC_CLEARED, "notify.list", where, text, sec_marker (0));
    free (text);
    vp_val_destroy (&r);

    vp_code_t code;
    text = sec_callw (sec.ntf, LS, LS_DIA_CHINH, "notify.list", &code, "limit=500");
    CHECK (code == VP_E_PERMISSION_DENIED, "notify.list by %s: %s", LS_DIA_CHINH, text);
    sec_none (SEC_UNCLEARED, 0, "notify.list", "as " LS_DIA_CHINH, text);
    free (text);
    vp_cmdcli_t *other = tu_stack_officer (&sec.stack, "notify", GST, GST_BI_THU);
    vp_cmdcli_t *op = tu_stack_operator (&sec.stack, "notify");
    const char *cmds[] = { "notify.inbox", "notify.list" };
    for (int c = 0; c < 2; c++) {
        text = sec_callw (other, LS, GST_BI_THU, cmds[c], &code, "limit=500");
        CHECK (code == VP_E_PERMISSION_DENIED, "%s of lam-son by %s: %s", cmds[c], GST_BI_THU, text);
        sec_none (SEC_OTHER, -1, cmds[c], "lam-son, as " GST_BI_THU, text);
        free (text);
        text = sec_callw (op, LS, NULL, cmds[c], &code, "limit=500");
        CHECK (code == VP_E_PERMISSION_DENIED, "%s of lam-son by the operator: %s", cmds[c], text);
        sec_none (SEC_OPERATOR, -1, cmds[c], "lam-son, as the operator", text);
        free (text);
    }
    text = sec_callw (other, GST, GST_BI_THU, "notify.inbox", &code, "limit=500");
    CHECK (code == VP_OK, "his own inbox: %s", text);
    sec_none (SEC_OTHER, -1, "notify.inbox", "own inbox, as " GST_BI_THU, text);
    free (text);
    vp_cmdcli_destroy (&other);
    vp_cmdcli_destroy (&op);
}

//  The recipient of a sink file: the officer of "rcpt: <officer>@..." (an
//  e-mail) or "path: /hook/<officer>" (a webhook), in a static buffer.
static const char *
s_recipient (const char *text)
{
    static char who[80];
    who[0] = 0;
    const char *at = strstr (text, "\nrcpt: ");
    at = at ? at + 7 : strncmp (text, "path: /hook/", 12) == 0 ? text + 12 : NULL;
    if (at)
        snprintf (who, sizeof who, "%.*s", (int) strcspn (at, "@\n"), at);
    return who;
}

//  Every file of a sink folder whose name starts with prefix, probed;
//  the control must be in one of them. How many there were.
static int
s_sink (const char *dir, const char *prefix, const char *path)
{
    DIR *d = opendir (dir);
    TU_CHECK (d, "cannot read %s", dir);
    int count = 0;
    char *control = NULL;
    struct dirent *e;
    while ((e = readdir (d))) {
        if (strncmp (e->d_name, prefix, strlen (prefix)) != 0 || strstr (e->d_name, ".tmp"))
            continue;
        char file[1500], where[1700];
        snprintf (file, sizeof file, "%s/%s", dir, e->d_name);
        size_t len = 0;
        char *text = sec_slurp (file, &len);
        TU_CHECK (text, "cannot read %s", file);
        //  The .txt says whom it went to; a raw .eml or .json is its twin's.
        char twin[1500];
        snprintf (twin, sizeof twin, "%s", file);
        char *dot = strrchr (twin, '.');
        snprintf (dot, sizeof twin - (size_t) (dot - twin), ".txt");
        size_t tlen = 0;
        char *head = sec_slurp (twin, &tlen);
        const char *who = head ? s_recipient (head) : "";
        snprintf (where, sizeof where, "%s to %s", e->d_name, *who ? who : "?");
        sec_none_at (__LINE__, s_kind (who), 0, path, where, text, len);
        if (!control && strstr (e->d_name, ".txt") && memmem (text, len, sec_marker (0), strlen (sec_marker (0)))) {
            control = text;
            text = NULL;
        }
        free (head);
        free (text);
        count++;
    }
    closedir (d);
    //  The control's text is there: the probe looks where the text goes.
    sec_sees (SEC_UNCLEARED, path, "the control's", control ? control : "", sec_marker (0));
    free (control);
    return count;
}

static void
s_sinks (void)
{
    int mails = s_sink (sec.mail_dir, "mail-", "e-mail");
    int hooks = s_sink (sec.hook_dir, "hook-", "webhook");
    CHECK (mails >= 20 && hooks >= 10, "%d e-mail files, %d webhook files", mails, hooks);
    tu_ok ("notify: %d e-mail files (decoded and as sent) and %d webhook files read, none with a secret word",
           mails, hooks);
}

void
sec_probe_notify (void)
{
    s_inboxes ();
    s_sinks ();
    tu_ok ("notify: inboxes, the office head's list, e-mail and webhooks tell of secret documents without their text");
}
