/*  ctl_call - calling a service's command from words, and batches of them. */
#ifndef CTL_CALL_H_INCLUDED
#define CTL_CALL_H_INCLUDED

#include "vp/vp.h"

typedef struct {
    vp_config_t *cfg;
    vp_keys_t *keys;
    const char *tenant;
    const char *actor;
    int timeout_ms;
    bool keep_going;
    vp_cmdcli_t *clients[8];        //  one per service, made when first used
    char services[8][16];
    int nclients;
} ctl_t;

//  Call cmd with key=value words; print the result. Returns the exit code.
int ctl_call (ctl_t *self, const char *cmd, int argc, const char *const argv[]);
int ctl_health (ctl_t *self, const char *service);
int ctl_batch (ctl_t *self, const char *path);
void ctl_close (ctl_t *self);

//  Exit code for an error code (see main.c).
int ctl_exit_code (vp_code_t code);

#endif
