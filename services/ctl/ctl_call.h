/*  ctl_call - calling a service's command, health, and batches of them. */
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
    bool json;                      //  results as JSON, else for people
    size_t width;                   //  of the terminal; 0: none
    vp_cmdcli_t *clients[8];        //  one per service, made when first used
    char services[8][16];
    int nclients;
} ctl_t;

//  Call def with args (taken) and print its result. Returns the exit code.
int ctl_call (ctl_t *self, const vp_msgdef_t *def, vp_val_t *args);
//  The health of one service, or (service NULL) of every service and the
//  bus in one table; exit 5 when one does not answer.
int ctl_health (ctl_t *self, const char *service);
int ctl_batch (ctl_t *self, const char *path);
void ctl_close (ctl_t *self);

//  Exit code for an error code (see main.c).
int ctl_exit_code (vp_code_t code);
//  Say why on stderr ("vpctl: <code>: <message>"); returns the exit code.
int ctl_fail (const vp_err_t *err);

#endif
