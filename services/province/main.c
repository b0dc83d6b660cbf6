/*  vp-province - the province's report, read from the districts' JetStream
    streams (docs/scale.md). `vp-province` follows; `vp-province report
    [--json]` prints what it has counted. */
#include <string.h>
#include "prv.h"

static vp_option_t s_options[] = {
    { "json", "", "report: one JSON object a line (any value but empty)" },
    { NULL }
};

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_err_t err = { 0 };
    int rest = argc;
    int rc = vp_config_load (&cfg, "province", argc, argv, s_options, &rest, &err);
    if (rc)
        return rc > 0 ? 0 : (fprintf (stderr, "vp-province: %s\n", err.message), 2);
    bool report = rest < argc && strcmp (argv[rest], "report") == 0;
    if (rest < argc && !report)
        return fprintf (stderr, "vp-province: lệnh không rõ \"%s\" (chỉ có: report)\n", argv[rest]), 2;
    vp_log_init ("province", cfg.log_level, cfg.log_format);
    zsys_init ();               //  SIGINT/SIGTERM end the follow loop
    sqlite3 *db = vp_db_open (cfg.data_dir, "province.db", &err);
    if (!db || prv_store_schema (db, &err))
        return fprintf (stderr, "vp-province: %s\n", err.message), 1;
    if (report)
        rc = prv_report (db, *vp_option (s_options, "json") != 0, stdout, &err);
    else {
        prv_follow_t *follow = prv_follow_new (&cfg, db, &err);
        rc = follow ? prv_follow_run (follow) : -1;
        prv_follow_destroy (&follow);
    }
    if (rc)
        fprintf (stderr, "vp-province: %s\n", err.message);
    sqlite3_close (db);
    nats_Close ();
    return rc ? 1 : 0;
}
