/*  vp-bridge - the district's bus mirrored into NATS JetStream (docs/scale.md). */
#include "brg_service.h"

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_keys_t *keys = NULL;
    int rc = vp_main_init ("bridge", argc, argv, NULL, &cfg, &keys);
    if (rc >= 0)
        return rc;
    vp_err_t err = { 0 };
    brg_service_t *service = brg_service_new (&cfg, keys, &err);
    if (!service) {
        vp_error ("cannot start: %s", err.message);
        vp_keys_destroy (&keys);
        return err.code == VP_E_INVALID_ARGUMENT ? 2 : 1;
    }
    rc = brg_service_run (service);
    brg_service_destroy (&service);
    vp_keys_destroy (&keys);
    nats_Close ();
    return rc ? 1 : 0;
}
