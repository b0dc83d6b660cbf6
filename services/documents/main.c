/*  vp-documents - one intake for every document of the communes. */
#include "doc_service.h"

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_err_t err = { 0 };
    int rc = vp_config_load (&cfg, "documents", argc, argv, NULL, NULL, &err);
    if (rc)
        return rc > 0 ? 0 : (fprintf (stderr, "vp-documents: %s\n", err.message), 2);
    if (vp_log_init ("documents", cfg.log_level, cfg.log_format)) {
        fprintf (stderr, "vp-documents: bad log level \"%s\" or format \"%s\"\n", cfg.log_level, cfg.log_format);
        return 2;
    }
    zsys_init ();
    vp_keys_t *keys = vp_keys_load (cfg.keys_dir, cfg.key_name, &err);
    if (!keys && err.code) {
        vp_error ("%s", err.message);
        return 1;
    }
    doc_service_t *service = doc_service_new (&cfg, keys, &err);
    if (!service) {
        vp_error ("cannot start: %s", err.message);
        vp_keys_destroy (&keys);
        return 1;
    }
    rc = doc_service_run (service);
    doc_service_destroy (&service);
    vp_keys_destroy (&keys);
    return rc ? 1 : 0;
}
