/*  vp-staffing - communes, bodies, posts, officers, concurrent posts,
    leave and delegation; answers who acts for a post at any time. */
#include "stf_service.h"

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_err_t err = { 0 };
    int rc = vp_config_load (&cfg, "staffing", argc, argv, NULL, NULL, &err);
    if (rc)
        return rc > 0 ? 0 : (fprintf (stderr, "vp-staffing: %s\n", err.message), 2);
    if (vp_log_init ("staffing", cfg.log_level, cfg.log_format)) {
        fprintf (stderr, "vp-staffing: bad log level \"%s\" or format \"%s\"\n", cfg.log_level, cfg.log_format);
        return 2;
    }
    zsys_init ();
    vp_keys_t *keys = vp_keys_load (cfg.keys_dir, cfg.key_name, &err);
    if (!keys && err.code) {
        vp_error ("%s", err.message);
        return 1;
    }
    stf_service_t *service = stf_service_new (&cfg, keys, &err);
    if (!service) {
        vp_error ("cannot start: %s", err.message);
        vp_keys_destroy (&keys);
        return 1;
    }
    rc = stf_service_run (service);
    stf_service_destroy (&service);
    vp_keys_destroy (&keys);
    return rc ? 1 : 0;
}
