/*  test_secrecy_probe - the marker words, the probes and their count
    (part of test_secrecy_paths). */
#include <ctype.h>
#include <string.h>
#include "test_secrecy.h"

const char *const sec_level_name[SEC_LEVELS] = { "thuong", "mat", "toi-mat", "tuyet-mat" };

//  The words of each level. A made-up ASCII word (found whatever the case
//  or the escaping) and a Vietnamese one, as typed, in capitals and
//  folded (diacritics off, as a search index keeps it).
static const struct {
    const char *ascii, *vietnamese, *capitals, *folded;
} s_words[SEC_LEVELS] = {
    { "DOICHUNG", "Đốichứngthường", "ĐỐICHỨNGTHƯỜNG", "doichungthuong" },
    { "XUYENKHUNGMOT", "Khẩnmậtđặcbiệtmột", "KHẨNMẬTĐẶCBIỆTMỘT", "khanmatdacbietmot" },
    { "XUYENKHUNGHAI", "Khẩnmậtđặcbiệthai", "KHẨNMẬTĐẶCBIỆTHAI", "khanmatdacbiethai" },
    { "XUYENKHUNGBA", "Khẩnmậtđặcbiệtba", "KHẨNMẬTĐẶCBIỆTBA", "khanmatdacbietba" },
};

const char *
sec_marker (int level)
{
    static char markers[SEC_LEVELS][80];
    char *m = markers[level];
    if (!*m)
        snprintf (m, 80, "%s %s", s_words[level].ascii, s_words[level].vietnamese);
    return m;
}

const char *
sec_text (int level, const char *what)
{
    static char texts[16][200];
    static int n;
    char *t = texts[n++ % 16];
    snprintf (t, 200, "%s %s", sec_marker (level), what);
    return t;
}

//  --------------------------------------------------------------------------
//  Looking

//  Where needle is in text (ASCII letters in any case when fold), or -1.
static ssize_t
s_find (const char *text, size_t len, const char *needle, bool fold)
{
    size_t n = strlen (needle);
    for (size_t i = 0; n && i + n <= len; i++) {
        size_t k = 0;
        while (k < n && (fold ? tolower ((unsigned char) text[i + k]) == tolower ((unsigned char) needle[k])
                              : text[i + k] == needle[k]))
            k++;
        if (k == n)
            return (ssize_t) i;
    }
    return -1;
}

//  --------------------------------------------------------------------------
//  Counting

#define S_PATHS 40

static const char *const s_reader_name[SEC_READERS] = {
    "(a) cleared officer", "(b) uncleared officer", "(c) another commune", "(d) operator"
};
static const char *s_paths[S_PATHS];
static int s_npaths;
static int s_tried[S_PATHS][SEC_READERS];
static int s_saw[S_PATHS][SEC_READERS];
static int s_probes, s_leaks, s_sees;

static int
s_path (const char *path)
{
    for (int i = 0; i < s_npaths; i++)
        if (strcmp (s_paths[i], path) == 0)
            return i;
    TU_CHECK (s_npaths < S_PATHS, "more than %d read paths", S_PATHS);
    s_paths[s_npaths] = strdup (path);        //  kept to the end (a caller's may be on its stack)
    return s_npaths++;
}

//  Around `at` in text, printable, for the failure message (static).
static const char *
s_context (const char *text, size_t len, size_t at)
{
    static char out[200];
    size_t from = at > 60 ? at - 60 : 0, to = at + 80 < len ? at + 80 : len, n = 0;
    for (size_t i = from; i < to && n + 1 < sizeof out; i++)
        out[n++] = (unsigned char) text[i] < 0x20 || text[i] == 0x7f ? '.' : text[i];
    out[n] = 0;
    return out;
}

void
sec_none_at (int line, sec_reader_t reader, int cleared, const char *path, const char *where,
             const char *text, size_t len)
{
    int p = s_path (path);
    s_tried[p][reader]++;
    s_probes++;
    tu_checks++;
    for (int level = cleared < 0 ? 0 : cleared + 1; level < SEC_LEVELS; level++) {
        const char *needles[] = {
            s_words[level].ascii, s_words[level].vietnamese, s_words[level].capitals, s_words[level].folded
        };
        for (int k = 0; k < 4; k++) {
            ssize_t at = s_find (text ? text : "", text ? len : 0, needles[k], k == 0 || k == 3);
            if (at < 0)
                continue;
            s_leaks++;
            TU_CHECK (false, "line %d: LEAK of a %s document of Lam Sơn on %s to %s, %s: \"%s\" at byte %zd: ...%s...\n"
                      "secrecy: %d probes, %d leaked", line, sec_level_name[level], path, s_reader_name[reader],
                      where, needles[k], at, s_context (text, len, (size_t) at), s_probes, s_leaks);
        }
    }
}

void
sec_sees_at (int line, sec_reader_t reader, const char *path, const char *where,
             const char *text, size_t len, const char *want)
{
    int p = s_path (path);
    s_tried[p][reader]++;
    s_saw[p][reader]++;
    s_probes++;
    s_sees++;
    tu_checks++;
    TU_CHECK (text && s_find (text, len, want, false) >= 0,
              "line %d: %s on %s, %s, does not show \"%s\" (a probe that cannot see):\n%.*s", line,
              s_reader_name[reader], path, where, want, text ? (int) (len > 3000 ? 3000 : len) : 0,
              text ? text : "");
}

char *
sec_call (vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd, vp_val_t *args,
          vp_code_t *code)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    int rc = tu_call_args (cli, tenant, actor, cmd, args, &result, &err);
    *code = rc == 0 ? VP_OK : err.code;
    char *text = rc == 0 ? vp_val_to_json (result)
                         : zsys_sprintf ("refused %s (%s): %s", vp_code_name (err.code), err.field, err.message);
    vp_val_destroy (&result);
    return text;
}

char *
sec_callw_at (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
              vp_code_t *code, ...)
{
    va_list ap;
    va_start (ap, code);
    vp_val_t *args = tu_args (line, cmd, ap);
    va_end (ap);
    return sec_call (cli, tenant, actor, cmd, args, code);
}

char *
sec_slurp (const char *path, size_t *len)
{
    *len = 0;
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    char buf[65536];
    size_t n;
    while ((n = fread (buf, 1, sizeof buf, file)) > 0)
        fwrite (buf, 1, n, out);
    fclose (file);
    fclose (out);
    *len = size;
    return text;
}

void
sec_report (void)
{
    printf ("\nprobes per read path and reader (tried / of which must see the text):\n");
    printf ("  %-28s", "path");
    for (int r = 0; r < SEC_READERS; r++)
        printf (" %22s", s_reader_name[r]);
    printf ("\n");
    int total[SEC_READERS] = { 0 };
    for (int p = 0; p < s_npaths; p++) {
        printf ("  %s%*s", s_paths[p], (int) (28 - vp_text_width (s_paths[p])), "");
        for (int r = 0; r < SEC_READERS; r++) {
            char cell[32];
            snprintf (cell, sizeof cell, "%d / %d", s_tried[p][r], s_saw[p][r]);
            printf (" %22s", s_tried[p][r] ? cell : "-");
            total[r] += s_tried[p][r];
        }
        printf ("\n");
    }
    printf ("  %-28s", "every path");
    for (int r = 0; r < SEC_READERS; r++)
        printf (" %22d", total[r]);
    printf ("\n\nsecrecy: %d probes, %d leaked (%d of them must see the text and did)\n", s_probes, s_leaks, s_sees);
}
