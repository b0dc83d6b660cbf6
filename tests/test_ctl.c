/*  test_ctl - vpctl as office staff use it.

    Starts vp-bus, vp-staffing and vp-documents with CURVE, loads the demo
    district, and runs vpctl as a person types it. Checks that:
      (a) `vpctl staff whois --post chu-tich-ubnd --tenant giang-son-tay`
          shows the officer's name for people; the full command name
          still answers in JSON, and --json does too, as one object;
      (b) a table of Vietnamese names has its columns aligned on screen:
          the display width before a column is the same on every row,
          though the bytes before it are not;
      (c) `vpctl doc register ...` then `vpctl doc show <arrival number>`
          finds it, and `vpctl doc search "hop nhat"` too; a number in
          two books names both and --book chooses;
      (d) exit codes: 2 bad input naming the field (with "did you mean"),
          3 not found, 4 conflict, 5 unavailable when the service is
          down, 6 not allowed;
      (e) --help at the three levels lists the groups, the commands of a
          group, the fields of a command;
      (f) VP_TENANT stands for --tenant; an officer's own key (VP_KEY_NAME)
          for --tenant and --actor, and acts for nobody else;
      (g) `vpctl health` shows every service and the bus in one table.
*/
#include <string.h>
#include "test_ctl_run.h"

#define LS_CLERK "ls-nguyen-van-cong"           //  Văn phòng – Thống kê, Lam Sơn

static tu_stack_t s_stack;
static char *s_out;                             //  of the last run

//  Run vpctl with the stack's environment (and more); its exit code. As
//  each person runs it on their own machine: with the own key of the
//  officer named by --actor (their commune the --tenant given), else as
//  the district's admin.
static int
s_vpctl_env (const char *const more[], const char *const words[])
{
    zstr_free (&s_out);
    const char *actor = NULL, *tenant = NULL;
    for (int i = 0; words[i]; i++) {
        if (strcmp (words[i], "--actor") == 0 && words[i + 1])
            actor = words[i + 1];
        if (strcmp (words[i], "--tenant") == 0 && words[i + 1])
            tenant = words[i + 1];
        if (strncmp (words[i], "--tenant=", 9) == 0)
            tenant = words[i] + 9;
    }
    static char key[200];
    if (actor && tenant)
        tu_stack_officer_key (&s_stack, tenant, actor);
    snprintf (key, sizeof key, "VP_KEY_NAME=%s", actor && tenant ? actor : TU_ADMIN);
    const char *with[16] = { key };
    for (int i = 0; more && more[i] && i < 14; i++)
        with[i + 1] = more[i];
    return tc_run (s_stack.bus.dir, "vpctl", words, tc_env (s_stack.env, with), &s_out);
}

#define VPCTL(...) s_vpctl_env (NULL, (const char *const []) { __VA_ARGS__, NULL })
#define VPCTL_ENV(more, ...) s_vpctl_env (more, (const char *const []) { __VA_ARGS__, NULL })

//  Does the output have every '|'-separated part of `says`?
static bool
s_says (const char *says)
{
    char *copy = strdup (says), *save = NULL;
    bool all = true;
    for (char *part = strtok_r (copy, "|", &save); part && all; part = strtok_r (NULL, "|", &save))
        all = strstr (s_out, part) != NULL;
    free (copy);
    return all;
}

#define EXPECT(rc_, says, ...) do { \
    int rc__ = VPCTL (__VA_ARGS__); \
    CHECK (rc__ == (rc_) && s_says (says), "vpctl %s: exit %d (expected %d), output:\n%s", \
           #__VA_ARGS__, rc__, rc_, s_out); \
} while (0)

//  Display widths (vp_text_width of what is before) where the cells of a
//  table line start: after a run of two blanks or more.
static int
s_cell_starts (const char *line, size_t starts[], size_t bytes[], int max)
{
    int n = 0;
    size_t len = strlen (line);
    for (size_t i = 0; i < len && n < max; i++)
        if (line[i] != ' ' && (i == 0 || (i >= 2 && line[i - 1] == ' ' && line[i - 2] == ' '))) {
            char *before = strndup (line, i);
            starts[n] = vp_text_width (before);
            bytes[n++] = i;
            free (before);
        }
    return n;
}

static void
s_aligned_table (void)
{
    EXPECT (0, "OFFICER|FULL_NAME|Nguyễn Văn Công|Đặng Thị Mẫu Tám", "--tenant", "lam-son", "staff", "officer", "list");
    zlist_t *lines = tc_lines (s_out, NULL);
    CHECK (zlist_size (lines) >= 10, "%zu lines of officers", zlist_size (lines));
    size_t want[16], bytes[16], starts[16], at[16];
    int columns = s_cell_starts ((const char *) zlist_first (lines), want, bytes, 16);
    CHECK (columns >= 3, "the heading has %d columns: %s", columns, (const char *) zlist_first (lines));
    bool bytes_differ = false;
    size_t first_bytes = 0;
    for (const char *line = (const char *) zlist_next (lines); line; line = (const char *) zlist_next (lines)) {
        int n = s_cell_starts (line, starts, at, 16);
        CHECK (n == columns, "%d cells, not %d, in \"%s\"", n, columns, line);
        for (int c = 0; c < n; c++)
            CHECK (starts[c] == want[c], "column %d starts at width %zu, not %zu, in \"%s\"",
                   c + 1, starts[c], want[c], line);
        //  The names have diacritics: the bytes before the column after
        //  them differ from row to row, the width does not.
        if (!first_bytes)
            first_bytes = at[2];
        bytes_differ = bytes_differ || at[2] != first_bytes;
    }
    CHECK (bytes_differ, "every row has the same bytes before its third column: widths are not tested");
    zlist_destroy (&lines);
    tu_ok ("a table of Vietnamese names is aligned by display width on every row");
}

//  The value of "key: value" in the output of the last run.
static const char *
s_value (const char *key)
{
    static char value[256];
    value[0] = 0;
    zlist_t *lines = tc_lines (s_out, NULL);
    for (const char *line = (const char *) zlist_first (lines); line; line = (const char *) zlist_next (lines))
        if (strncmp (line, key, strlen (key)) == 0 && line[strlen (key)] == ':') {
            const char *at = line + strlen (key) + 1;
            snprintf (value, sizeof value, "%s", at + strspn (at, " "));
            break;
        }
    zlist_destroy (&lines);
    return value;
}

static void
s_json_parses (void)
{
    char *path = zsys_sprintf ("%s/out.json", s_stack.bus.dir);
    FILE *file = fopen (path, "w");
    fputs (s_out, file);
    fclose (file);
    char *check = NULL;
    int rc = tc_run (s_stack.bus.dir, "/usr/bin/python3", (const char *[]) {
        "-c", "import json, sys; d = json.load (open (sys.argv[1])); print (d['full_name'])", path, NULL },
        NULL, &check);
    CHECK (rc == 0 && strstr (check, "Đặng Xuân Quảng"), "--json does not parse as one object (%d): %s\n%s",
           rc, check, s_out);
    zstr_free (&check);
    zstr_free (&path);
}

int
main (void)
{
    vp_log_init ("test_ctl", "warn", NULL);
    tu_stack_start (&s_stack, "ctl", true);
    tu_ok ("stack up with the demo district");

    //  (a) for people, and JSON
    EXPECT (0, "full_name:|Đặng Xuân Quảng|reason:|holder", "staff", "whois", "--post", "chu-tich-ubnd",
            "--tenant", "giang-son-tay");
    CHECK (s_out[0] != '{', "the friendly form printed JSON: %s", s_out);
    EXPECT (0, "\"full_name\":\"Đặng Xuân Quảng\"", "--tenant", "giang-son-tay", "staffing.whois", "post=chu-tich-ubnd");
    CHECK (s_out[0] == '{', "the full command name no longer prints JSON: %s", s_out);
    EXPECT (0, "Đặng Xuân Quảng", "staff", "whois", "chu-tich-ubnd", "--tenant=giang-son-tay", "--json");
    s_json_parses ();
    tu_ok ("staff whois shows Đặng Xuân Quảng for people; the full name and --json give JSON that parses");

    //  (b)
    s_aligned_table ();

    //  (c) register, show by arrival number, search
    EXPECT (0, "document:|label:|Hợp nhất văn phòng Đảng ủy – Chính quyền|routed:", "--tenant", "lam-son",
            "--actor", LS_CLERK, "doc", "register", "--issuer", "Huyện ủy Đô Lương", "--number", "07-ĐA/HU",
            "--doc-date", "01/11/2026", "--type", "de-an", "summary=Hợp nhất văn phòng Đảng ủy – Chính quyền");
    char document[64], label[64];
    snprintf (document, sizeof document, "%s", s_value ("document"));
    snprintf (label, sizeof label, "%s", s_value ("label"));
    CHECK (*document && strchr (label, '/'), "no document or label in:\n%s", s_out);
    //  "01/2026" as the register writes it, "1/2026" as people type it.
    char typed[64];
    snprintf (typed, sizeof typed, "%d%s", atoi (label), strchr (label, '/'));
    EXPECT (0, "Huyện ủy Đô Lương|history (", "--tenant", "lam-son", "--actor", LS_CLERK, "doc", "show", typed);
    CHECK (strcmp (s_value ("document"), document) == 0, "doc show %s found %s, not %s", typed,
           s_value ("document"), document);
    EXPECT (0, "Hợp nhất văn phòng", "--tenant", "lam-son", "--actor", LS_CLERK, "doc", "show", document);
    EXPECT (0, "total:|1|DOCUMENT|Hợp nhất văn phòng", "--tenant", "lam-son", "--actor", LS_CLERK,
            "doc", "search", "hop nhat");
    CHECK (strstr (s_out, document), "search did not list %s:\n%s", document, s_out);
    tu_ok ("doc register gives %s (số đến %s); doc show %s and doc search \"hop nhat\" find it", document,
           label, typed);
    //  The state book starts at 1 too: the number alone is not enough.
    EXPECT (0, "den-chinh-quyen", "--tenant", "lam-son", "--actor", LS_CLERK, "doc", "register",
            "--issuer", "UBND huyện Đô Lương", "--number", "45/UBND-VP", "--doc-date", "02/11/2026",
            "--type", "cong-van", "--summary", "Về việc sắp xếp bộ máy");
    EXPECT (4, "failed_precondition|2 books|den-dang|den-chinh-quyen|give book", "--tenant", "lam-son",
            "--actor", LS_CLERK, "doc", "show", typed);
    EXPECT (0, "07-ĐA/HU", "--tenant", "lam-son", "--actor", LS_CLERK, "doc", "show", typed, "--book", "den-dang");
    tu_ok ("doc show %s, in two books, names both and is found with --book", typed);

    //  (d) exit codes
    EXPECT (2, "doc_date|hôm qua", "--tenant", "lam-son", "--actor", LS_CLERK, "doc", "register",
            "--issuer", "UBND huyện", "--number", "1/UBND", "--doc-date", "hôm qua", "--type", "cong-van",
            "--summary", "x");
    EXPECT (2, "isuer|did you mean|issuer", "--tenant", "lam-son", "doc", "register", "--isuer", "x");
    EXPECT (2, "regster|did you mean register", "doc", "regster");
    EXPECT (2, "docs|did you mean doc", "docs", "search");
    EXPECT (3, "not_found|99/", "--tenant", "lam-son", "--actor", LS_CLERK, "doc", "show", "99/2026");
    EXPECT (4, "already_exists|07-ĐA/HU", "--tenant", "lam-son", "--actor", LS_CLERK, "doc", "register",
            "--issuer", "Huyện ủy Đô Lương", "--number", "07-ĐA/HU", "--doc-date", "01/11/2026", "--type", "de-an",
            "--summary", "the same paper, by post");
    EXPECT (6, "permission_denied|nobody", "--tenant", "lam-son", "--actor", "nobody", "doc", "search", "x");
    tu_ok ("exit 2 names the field (did you mean...), 3 not found, 4 conflict, 6 not allowed");

    //  (e) help at three levels
    EXPECT (0, "staff (staffing)|doc (documents)|bus|vpctl doc show REF|--tenant", "--help");
    EXPECT (0, "register|Register an incoming document once|book set|search WORDS|show REF", "doc", "--help");
    EXPECT (0, "issuer|doc_date|yes|one of: thuong, khan, thuong-khan, hoa-toc|meeting.start|usage: vpctl",
            "doc", "register", "--help");
    CHECK (!strstr (s_out, "staffing.whois"), "doc register --help lists another command:\n%s", s_out);
    EXPECT (2, "commands (documents.*)", "doc");
    tu_ok ("--help lists the groups, a group's commands, a command's fields; `vpctl doc` alone shows its commands");

    //  (f) the environment stands for the flags; an officer's own key
    //  stands for both, and no flag makes it another officer
    const char *env_tenant[] = { "VP_TENANT=giang-son-tay", NULL };
    int rc = VPCTL_ENV (env_tenant, "staff", "whois", "--post", "chu-tich-ubnd");
    CHECK (rc == 0 && strstr (s_out, "Đặng Xuân Quảng"), "VP_TENANT was not used (%d): %s", rc, s_out);
    const char *env_key[] = { "VP_KEY_NAME=" LS_CLERK, NULL };
    rc = VPCTL_ENV (env_key, "doc", "search", "hop", "nhat");
    CHECK (rc == 0 && strstr (s_out, document), "the officer's own key did not name him and his commune (%d): %s",
           rc, s_out);
    const char *env_actor[] = { "VP_KEY_NAME=" LS_CLERK, "VP_ACTOR=gst-dang-xuan-quang", NULL };
    rc = VPCTL_ENV (env_actor, "doc", "search", "hop", "nhat");
    CHECK (rc == 6 && strstr (s_out, "permission_denied"), "an officer's key acted as another officer (%d): %s",
           rc, s_out);
    rc = VPCTL_ENV (env_key, "--tenant", "giang-son-tay", "doc", "search", "hop", "nhat");
    CHECK (rc == 6 && strstr (s_out, "permission_denied"), "an officer's key acted in another commune (%d): %s",
           rc, s_out);
    tu_ok ("VP_TENANT stands for --tenant; an officer's own key names the officer and the commune, "
           "and acts as no other officer, in no other commune");

    //  (g) health, then a service down: unavailable
    rc = VPCTL ("health", "--timeout-ms", "1000");
    zlist_t *lines = tc_lines (s_out, "documents ");
    CHECK (rc == 5 && zlist_size (lines) == 1 && strstr (zlist_first (lines), " ok ")
           && strstr (s_out, "calendar ") && strstr (s_out, "unreachable") && strstr (s_out, "staffing 0"),
           "health of all (exit %d, expected 5: calendar is not running):\n%s", rc, s_out);
    zlist_destroy (&lines);
    EXPECT (0, "status:|ok|cursors:", "health", "documents");
    CHECK (tu_stop (s_stack.documents, SIGTERM, 10000) == 0, "vp-documents did not stop cleanly");
    s_stack.documents = 0;
    EXPECT (5, "unavailable", "--tenant", "lam-son", "--actor", LS_CLERK, "--timeout-ms", "500", "doc", "search", "x");
    tu_ok ("vpctl health shows each service; a service down exits 5");

    tu_stack_stop (&s_stack);
    zstr_free (&s_out);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
