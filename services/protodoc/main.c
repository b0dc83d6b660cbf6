/*  vp-protodoc - write the protocol reference made from the tables in proto/.

    vp-protodoc [--out FILE] [--names FILE]

    --names writes the C names of the fields instead (include/vp/vp_fields.h).
    Without --out the page goes to stdout. With --out it is written next to
    FILE and renamed over it, so a failed run never leaves half a page.
    docs/protocol.md and include/vp/vp_fields.h are this program's output;
    test_common checks that both in the tree are what the tables give now. Exit 0 when written, 1
    when the file could not be written, 2 on bad arguments.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "vp/vp_proto.h"

static void
s_usage (FILE *out)
{
    fprintf (out, "usage: vp-protodoc [--out FILE] [--names FILE]\n"
                  "  writes the protocol reference (Markdown) to FILE, or to stdout;\n"
                  "  --names: the fields' C names (include/vp/vp_fields.h) to FILE\n");
}

typedef void (s_writer_fn) (FILE *out);

static int
s_write_file (const char *path, s_writer_fn *write)
{
    char tmp[4096];
    if (snprintf (tmp, sizeof tmp, "%s.tmp", path) >= (int) sizeof tmp) {
        fprintf (stderr, "vp-protodoc: path too long: %s\n", path);
        return 1;
    }
    FILE *out = fopen (tmp, "w");
    if (!out) {
        fprintf (stderr, "vp-protodoc: cannot write %s: %s\n", tmp, strerror (errno));
        return 1;
    }
    write (out);
    bool failed = ferror (out) != 0;
    if (fclose (out) != 0)
        failed = true;
    if (failed || rename (tmp, path) != 0) {
        fprintf (stderr, "vp-protodoc: cannot write %s: %s\n", path, strerror (errno));
        remove (tmp);
        return 1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    const char *path = NULL;
    s_writer_fn *write = vp_proto_write_doc;
    for (int i = 1; i < argc; i++) {
        if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0) {
            s_usage (stdout);
            return 0;
        }
        if (strcmp (argv[i], "--out") == 0 && i + 1 < argc)
            path = argv[++i];
        else
        if (strcmp (argv[i], "--names") == 0 && i + 1 < argc)
            path = argv[++i], write = vp_proto_write_names;
        else
        if (strncmp (argv[i], "--out=", 6) == 0 && argv[i][6])
            path = argv[i] + 6;
        else {
            fprintf (stderr, "vp-protodoc: unexpected argument \"%s\"\n", argv[i]);
            s_usage (stderr);
            return 2;
        }
    }
    if (path && strcmp (path, "-") != 0)
        return s_write_file (path, write);
    write (stdout);
    return fflush (stdout) == 0 && !ferror (stdout) ? 0 : 1;
}
