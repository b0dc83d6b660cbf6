/*  test_secrecy_stores - what an operator reads: every stream replayed
    from the bus, `vp-mon tail --json`, every log line of every process,
    and the raw bytes of every file the services keep (part of
    test_secrecy_paths).

    Only vp-documents holds a secret document's text: documents.db (and
    its -wal) and the attachments it stores; the probes find the marker
    there, and the control's text in the other services' databases and
    on the bus, so that they look where the text would be.
*/
#include <ftw.h>
#include <string.h>
#include "test_ctl_run.h"
#include "test_secrecy.h"

static void
s_replay (const char *stream)
{
    vp_val_t *events = tu_stack_replay (&sec.stack, stream);
    char *text = vp_val_to_json (events);
    char where[120];
    snprintf (where, sizeof where, "stream %s, %zu events", stream, vp_val_len (events));
    sec_none (SEC_OPERATOR, 0, "bus replay", where, text);
    if (strcmp (stream, "documents") == 0) {
        sec_sees (SEC_OPERATOR, "bus replay", where, text, sec_marker (0));
        sec_sees (SEC_OPERATOR, "bus replay", where, text, VP_SECRET_TEXT);
    }
    if (strcmp (stream, "calendar") == 0 || strcmp (stream, "notify") == 0)
        sec_sees (SEC_OPERATOR, "bus replay", where, text, sec_marker (0));
    free (text);
    vp_val_destroy (&events);
}

static void
s_tail (const char *stream, int64_t head)
{
    char count[32], *out = NULL;
    snprintf (count, sizeof count, "%lld", (long long) head);
    int rc = tc_run (sec.stack.bus.dir, "vp-mon",
                     (const char *[]) { "tail", "--stream", stream, "--from", "1", "--json", "--count", count,
                                        "--timeout-ms", "10000", NULL }, sec.stack.env, &out);
    CHECK (rc == 0, "vp-mon tail --stream %s exited %d:\n%s", stream, rc, out);
    char where[120];
    snprintf (where, sizeof where, "--stream %s --from 1 --json (%lld events)", stream, (long long) head);
    sec_none (SEC_OPERATOR, 0, "vp-mon tail", where, out);
    if (strcmp (stream, "documents") == 0 || strcmp (stream, "calendar") == 0 || strcmp (stream, "notify") == 0)
        sec_sees (SEC_OPERATOR, "vp-mon tail", where, out, sec_marker (0));
    free (out);
}

//  The replay endpoint asked with an officer's own key (of another
//  commune): whatever the bus answers holds no secret word either.
static void
s_replay_as_officer (void)
{
    tu_stack_officer_key (&sec.stack, GST, GST_BI_THU);
    vp_keys_t *keys = tu_bus_keys (&sec.stack.bus, GST_BI_THU);
    vp_err_t err = { 0 };
    vp_cmdcli_t *cli = vp_cmdcli_new (sec.stack.bus.replay, keys, "bus", &err);
    TU_CHECK (cli, "replay client as %s: %s", GST_BI_THU, err.message);
    vp_val_t *request = vp_val_map ();
    vp_map_put_str (request, "stream", "documents");
    vp_map_put_int (request, "from", 1);
    vp_val_t *reply = NULL;
    //  The bus lets no officer's key in on replay: no answer at all.
    vp_cmdcli_set_retries (cli, 0);
    int rc = vp_cmdcli_request (cli, request, 2000, &reply, &err);
    TU_CHECK (rc != 0 && err.code == VP_E_UNAVAILABLE, "replay as %s was answered: %s", GST_BI_THU,
              reply ? vp_val_to_json (reply) : err.message);
    char *text = reply ? vp_val_to_json (reply) : strdup ("");
    sec_none (SEC_OTHER, 0, "bus replay", "stream documents, with " GST_BI_THU "'s own key", text);
    tu_ok ("bus replay with an officer's own key: not let in (no answer in 2 s)");
    free (text);
    vp_val_destroy (&reply);
    vp_cmdcli_destroy (&cli);
    vp_keys_destroy (&keys);
}

void
sec_probe_streams (void)
{
    s_replay_as_officer ();
    vp_cmdcli_t *bus = tu_stack_client (&sec.stack, "bus");
    vp_val_t *stats = NULL;
    vp_err_t err = { 0 };
    CHECK (vp_cmdcli_call (bus, "bus.stats", NULL, NULL, NULL, TU_TIMEOUT, &stats, &err) == 0, "bus.stats: %s",
           err.message);
    vp_val_t *heads = vp_map_get (stats, "heads");
    CHECK (vp_val_len (heads) >= 4, "streams: %s", vp_val_to_json (heads));
    for (size_t i = 0; i < vp_val_len (heads); i++) {
        const char *stream = vp_map_key_at (heads, i);
        s_replay (stream);
        s_tail (stream, vp_val_get_int (vp_map_value_at (heads, i)));
    }
    tu_ok ("bus: %zu streams replayed and tailed with the operator key, none with a secret word", vp_val_len (heads));
    vp_val_destroy (&stats);
    vp_cmdcli_destroy (&bus);
}

//  --------------------------------------------------------------------------
//  Files

static const char *s_when;
static int s_files;
//  What vp-documents keeps (it owns the text): its database and files.
static char *s_owned;
static size_t s_owned_len;
static FILE *s_owned_out;
//  Every other service's database bytes, for the control.
static char *s_others;
static size_t s_others_len;
static FILE *s_others_out;

static int
s_file (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    if (flag != FTW_F)
        return 0;
    const char *name = path + ftw->base;
    size_t len = 0;
    char *bytes = sec_slurp (path, &len);
    TU_CHECK (bytes, "cannot read %s", path);
    char where[1400];
    snprintf (where, sizeof where, "%s (%s, %zu bytes)", strstr (path, "/data/") ? strstr (path, "/data/") + 1
                                                         : strstr (path, "/bus/") ? strstr (path, "/bus/") + 1 : name,
              s_when, len);
    if (strncmp (name, "documents.db", 12) == 0 || strstr (path, "/attachments/")) {
        fwrite (bytes, 1, len, s_owned_out);
        fputc (0, s_owned_out);
    }
    else {
        sec_none_at (__LINE__, SEC_OPERATOR, 0, strstr (name, ".db") ? "database file" : "other file", where,
                     bytes, len);
        if (strstr (name, ".db")) {
            fwrite (bytes, 1, len, s_others_out);
            fputc (0, s_others_out);
        }
    }
    free (bytes);
    s_files++;
    return 0;
}

void
sec_probe_files (const char *when)
{
    s_when = when;
    s_files = 0;
    const char *logs[] = { sec.stack.log, sec.stack.bus.log };
    for (int i = 0; i < 2; i++) {
        size_t len = 0;
        char *text = sec_slurp (logs[i], &len);
        TU_CHECK (text, "cannot read %s", logs[i]);
        char where[200];
        snprintf (where, sizeof where, "%s (%s, %zu bytes)", strrchr (logs[i], '/') + 1, when, len);
        sec_none_at (__LINE__, SEC_OPERATOR, 0, "log", where, text, len);
        //  The log holds what the processes did (debug level).
        sec_sees_at (__LINE__, SEC_OPERATOR, "log", where, text, len, i ? "listening" : "documents.register");
        free (text);
    }
    s_owned_out = open_memstream (&s_owned, &s_owned_len);
    s_others_out = open_memstream (&s_others, &s_others_len);
    char data[1200];
    snprintf (data, sizeof data, "%s/data", sec.stack.bus.dir);
    CHECK (nftw (data, s_file, 16, FTW_PHYS) == 0, "cannot walk %s", data);
    CHECK (nftw (sec.stack.bus.data_dir, s_file, 16, FTW_PHYS) == 0, "cannot walk %s", sec.stack.bus.data_dir);
    fclose (s_owned_out);
    fclose (s_others_out);
    //  vp-documents has every level's text; the others the control's.
    char where[100];
    snprintf (where, sizeof where, "documents.db and attachments (%s)", when);
    for (int level = 0; level < SEC_LEVELS; level++) {
        sec_sees_at (__LINE__, SEC_OPERATOR, "database file", where, s_owned, s_owned_len,
                     sec_text (level, "trích yếu công văn"));
        sec_sees_at (__LINE__, SEC_OPERATOR, "database file", where, s_owned, s_owned_len,
                     sec_text (level, "nội dung tệp"));
    }
    snprintf (where, sizeof where, "the other services' databases (%s)", when);
    sec_sees_at (__LINE__, SEC_OPERATOR, "database file", where, s_others, s_others_len, sec_marker (0));
    free (s_owned);
    free (s_others);
    tu_ok ("files (%s): both logs and %d files of the data folders read raw; the secret words only in vp-documents'",
           when, s_files);
}
