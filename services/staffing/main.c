/*  vp-staffing - communes, bodies, posts, officers, concurrent posts,
    leave and delegation; answers who acts for a post at any time. */
#include "stf_service.h"

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_keys_t *keys = NULL;
    int rc = vp_main_init ("staffing", argc, argv, NULL, &cfg, &keys);
    if (rc >= 0)
        return rc;
    vp_err_t err = { 0 };
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
