/*  test_calendar_util - the calendar tests' stack and helpers. */
#include <stdarg.h>
#include <string.h>
#include "test_calendar_util.h"

void
cal_test_start (cal_test_t *t, const char *name)
{
    memset (t, 0, sizeof *t);
    //  Its own port for the feeds: tests run side by side.
    snprintf (t->http, sizeof t->http, "%s", tu_endpoint ());
    snprintf (t->env[0], sizeof t->env[0], "VP_CALENDAR_HTTP=%s", t->http);
    const char *env[] = { t->env[0], NULL };
    tu_stack_opts_t opts = {
        .demo = true, .env = env,
        .services = (const char *[]) { "staffing", "documents", "calendar", NULL },
        .clock = tu_local_ms (2026, 11, 16, 8, 0)
    };
    tu_stack_start_opts (&t->stack, name, &opts);
    t->cal = tu_stack_client (&t->stack, "calendar");
    t->doc = tu_stack_client (&t->stack, "documents");
    t->stf = tu_stack_client (&t->stack, "staffing");
}

void
cal_test_stop (cal_test_t *t)
{
    vp_cmdcli_destroy (&t->cal);
    vp_cmdcli_destroy (&t->doc);
    vp_cmdcli_destroy (&t->stf);
    tu_stack_stop (&t->stack);
}

void
cal_test_sync (cal_test_t *t)
{
    tu_stack_sync (&t->stack);
    vp_err_t err = { 0 };
    for (int attempt = 0; attempt < 600; attempt++) {
        vp_val_t *health = NULL;
        bool empty = vp_cmdcli_call (t->cal, "health", NULL, NULL, NULL, TU_TIMEOUT, &health, &err) == 0
                  && vp_map_int (health, "outbox", -1) == 0;
        vp_val_destroy (&health);
        if (empty)
            return;
        tu_sleep_ms (50);
    }
    TU_CHECK (false, "vp-calendar did not empty its outbox in 30 s");
}

vp_val_t *
cal_test_events (cal_test_t *t, const char *event)
{
    char type[96];
    snprintf (type, sizeof type, "calendar.%s", event);
    vp_val_t *all = tu_stack_replay (&t->stack, "calendar");
    vp_val_t *found = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (all); i++)
        if (strcmp (tu_str (vp_array_at (all, i), "type"), type) == 0)
            vp_array_push (found, vp_val_dup (vp_array_at (all, i)));
    vp_val_destroy (&all);
    return found;
}

const char *
cal_test_entry (int line, cal_test_t *t, const char *actor, ...)
{
    static char ids[32][32];
    static int n;
    va_list ap;
    va_start (ap, actor);
    vp_val_t *r = tu_ok_vcall (line, t->cal, GST, actor, "calendar.entry.create", ap);
    va_end (ap);
    char *id = ids[n++ % 32];
    snprintf (id, 32, "%s", tu_str (r, "entry"));
    TU_CHECK (*id, "line %d: calendar.entry.create gave no entry: %s", line, vp_val_to_json (r));
    vp_val_destroy (&r);
    return id;
}

const char *
cal_test_invitation (int line, cal_test_t *t, const char *number, const char *posts,
                     int64_t start, int64_t end, const char *place)
{
    static char ids[32][32];
    static int n;
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
    vp_map_put_str (args, "number", number);
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 16, 0, 0));
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put_str (args, "summary", "Mời dự hội nghị sơ kết hợp nhất văn phòng");
    vp_val_t *meeting = vp_val_map ();
    vp_map_put_int (meeting, "start", start);
    vp_map_put_int (meeting, "end", end);
    vp_map_put_str (meeting, "place", place);
    vp_val_t *list = vp_val_array ();
    char copy[256];
    snprintf (copy, sizeof copy, "%s", posts);
    char *save = NULL;
    for (char *post = strtok_r (copy, ",", &save); post; post = strtok_r (NULL, ",", &save))
        vp_array_push (list, vp_val_str (post));
    vp_map_put (meeting, "invited_posts", list);
    vp_map_put (args, "meeting", meeting);
    vp_val_t *r = tu_ok_args (line, t->doc, GST, GST_CLERK, "documents.register", args);
    char *id = ids[n++ % 32];
    snprintf (id, 32, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    return id;
}

vp_val_t *
cal_test_list (cal_test_t *t, const char *officer, int64_t from, int64_t to)
{
    char w_officer[96];
    snprintf (w_officer, sizeof w_officer, "officer=%s", officer);
    vp_val_t *r = tu_ok_call (t->cal, GST, GST_CLERK, "calendar.list", w_officer, tu_ms_word ("from", from),
                              tu_ms_word ("to", to));
    vp_val_t *entries = vp_map_take (r, "entries");
    vp_val_destroy (&r);
    return entries;
}

const char *
cal_word (const char *key, const char *value)
{
    static char words[16][600];
    static int n;
    char *word = words[n++ % 16];
    snprintf (word, 600, "%s=%s", key, value);
    return word;
}
