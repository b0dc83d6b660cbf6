/*  vp-documents - one intake for every document of the communes. */
#include "doc_service.h"

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_keys_t *keys = NULL;
    int rc = vp_main_init ("documents", argc, argv, NULL, &cfg, &keys);
    if (rc >= 0)
        return rc;
    vp_err_t err = { 0 };
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
