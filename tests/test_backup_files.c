/*  test_backup_files - documents.backup copies the documents' files too.

    vp-bus, vp-staffing and vp-documents with the demo district. The clerk
    of Lam Sơn registers a document with a PDF (inline) and adds a scan in
    chunks; documents.backup is called. Checks that:
      (a) the backup names the database copy and the attachments copied
          (2 new files), and a second backup copies none (the files are
          named by their content: one copy serves every backup);
      (b) vp-documents stopped, its database and its attachments folder
          removed (an empty data folder for it), the copy of the database
          and the files put back as docs/deploy.md says, then started
          again: both files download whole, with the same bytes.
*/
#include <string.h>
#include <sys/stat.h>
#include "testutil.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define CHUNK (192 * 1024)

static tu_stack_t s_stack;

//  The whole file, read back in chunks (NULL when refused).
static char *
s_download (vp_cmdcli_t *cli, const char *document, const char *sha, size_t *size)
{
    char *out = NULL;
    size_t have = 0, total = 1;
    while (have < total) {
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "document", document);
        vp_map_put_str (args, "sha256", sha);
        vp_map_put_int (args, "offset", (int64_t) have);
        vp_val_t *r = NULL;
        vp_err_t err = { 0 };
        if (vp_cmdcli_call (cli, "documents.attachment.get", TENANT, CLERK, args, 10000, &r, &err)) {
            fprintf (stderr, "download refused: %s\n", err.message);
            vp_val_destroy (&r);
            free (out);
            return NULL;
        }
        size_t n = 0;
        const void *data = vp_val_get_bin (vp_map_get (r, "data"), &n);
        total = (size_t) vp_map_int (r, "size", 0);
        out = (char *) realloc (out, total ? total : 1);
        memcpy (out + have, data, n);
        have += n;
        vp_val_destroy (&r);
        if (n == 0)
            break;
    }
    *size = have;
    return out;
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true, .services = (const char *const[]) { "staffing", "documents", NULL } };
    tu_stack_start_opts (&s_stack, "backup-files", &opts);
    vp_cmdcli_t *cli = tu_stack_client (&s_stack, "documents");
    char data[1200];
    snprintf (data, sizeof data, "%s/data", s_stack.bus.dir);

    //  a document with a PDF, and a 3-page scan added in chunks
    char *pdf = NULL, *scan = NULL;
    size_t pdf_size = tu_pdf_bytes ("Công văn kèm theo", 1, &pdf);
    size_t scan_size = tu_pdf_bytes ("Bản quét ba trang", 3, &scan);
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
    vp_map_put_str (args, "number", "40/UBND-VP");
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 30, 0, 0));
    vp_map_put_str (args, "type", "cong-van");
    vp_map_put_str (args, "summary", "Về việc sao lưu hồ sơ");
    vp_val_t *files = vp_val_array ();
    vp_val_t *file = vp_val_map ();
    vp_map_put_str (file, "name", "cong-van.pdf");
    vp_map_put (file, "content", vp_val_bin (pdf, pdf_size));
    vp_array_push (files, file);
    vp_map_put (args, "attachments", files);
    vp_val_t *r = tu_ok_args (__LINE__, cli, TENANT, CLERK, "documents.register", args);
    char document[64], pdf_sha[VP_SHA256_HEX], scan_sha[VP_SHA256_HEX];
    snprintf (document, sizeof document, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    vp_sha256_hex (pdf, pdf_size, pdf_sha);
    vp_sha256_hex (scan, scan_size, scan_sha);
    args = vp_val_map ();
    vp_map_put_str (args, "document", document);
    vp_map_put_str (args, "name", "ban-quet.pdf");
    vp_map_put_str (args, "sha256", scan_sha);
    vp_map_put_int (args, "offset", 0);
    vp_map_put_int (args, "total", (int64_t) scan_size);
    vp_map_put (args, "data", vp_val_bin (scan, scan_size));
    r = tu_ok_args (__LINE__, cli, TENANT, CLERK, "documents.attachment.put", args);
    CHECK (vp_map_bool (r, "complete", false), "the scan is stored");
    vp_val_destroy (&r);

    //  (a) the backup: the database and the files
    vp_cmdcli_t *ops = tu_stack_operator (&s_stack, "documents");
    r = tu_ok_call (ops, NULL, NULL, "documents.backup", NULL);
    char copy[1300];
    snprintf (copy, sizeof copy, "%s", tu_str (r, "file"));
    const vp_val_t *att = vp_map_get (r, "attachments");
    CHECK (*copy && att && vp_map_int (att, "files", 0) == 2 && vp_map_int (att, "copied", 0) == 2
           && vp_map_int (att, "bytes", 0) == (int64_t) (pdf_size + scan_size),
           "documents.backup copies the database and the 2 files: %s", vp_val_to_json (r));
    char backup_files[1400];
    snprintf (backup_files, sizeof backup_files, "%s", tu_str (att, "folder"));
    vp_val_destroy (&r);
    tu_stack_set_clock (&s_stack, TU_CLOCK_START + 60000);     //  backups are named by the time
    r = tu_ok_call (ops, NULL, NULL, "documents.backup", NULL);
    att = vp_map_get (r, "attachments");
    CHECK (att && vp_map_int (att, "files", 0) == 2 && vp_map_int (att, "copied", 0) == 0,
           "a second backup copies no file again: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    vp_cmdcli_destroy (&ops);

    //  (b) restored into an empty data folder
    vp_cmdcli_destroy (&cli);
    CHECK (tu_stop (s_stack.documents, SIGTERM, 10000) == 0, "vp-documents stops");
    s_stack.documents = 0;
    char cmd[9000];
    snprintf (cmd, sizeof cmd, "rm -rf '%s/documents.db' '%s/documents.db-wal' '%s/documents.db-shm' '%s/attachments'",
              data, data, data, data);
    TU_CHECK (system (cmd) == 0, "cannot empty: %s", cmd);
    struct stat st;
    CHECK (stat (backup_files, &st) == 0 && S_ISDIR (st.st_mode), "the files' copy is %s", backup_files);
    //  as docs/deploy.md restores vp-documents
    snprintf (cmd, sizeof cmd, "cp '%s' '%s/documents.db' && mkdir -p '%s/attachments' && cp -an '%s/.' '%s/attachments/'",
              copy, data, data, backup_files, data);
    TU_CHECK (system (cmd) == 0, "cannot restore: %s", cmd);
    tu_stack_start_service (&s_stack, "documents");
    cli = tu_stack_client (&s_stack, "documents");
    size_t size = 0;
    char *back = s_download (cli, document, pdf_sha, &size);
    CHECK (back && size == pdf_size && memcmp (back, pdf, pdf_size) == 0,
           "after the restore the PDF downloads whole (%zu of %zu bytes)", size, pdf_size);
    free (back);
    back = s_download (cli, document, scan_sha, &size);
    CHECK (back && size == scan_size && memcmp (back, scan, scan_size) == 0,
           "and so does the scan added in chunks (%zu of %zu bytes)", size, scan_size);
    free (back);

    free (pdf);
    free (scan);
    vp_cmdcli_destroy (&cli);
    tu_stack_stop (&s_stack);
    printf ("test_backup_files: %d checks passed\n", tu_checks);
    return 0;
}
