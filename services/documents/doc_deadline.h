/*  doc_deadline - working days, holidays, deadline rules, the scan.

    Deadlines are counted in working days (Monday to Friday, minus the
    tenant's holidays, in the tenant's zone); a deadline is the end of the
    last working day (23:59:59.999 local).
*/
#ifndef DOC_DEADLINE_H_INCLUDED
#define DOC_DEADLINE_H_INCLUDED

#include "doc_service.h"

//  The default deadline of a document of type and urgency arrived at
//  arrived_at (ms); 0 when the type has no deadline (an invitation: the
//  meeting itself is the date).
int64_t doc_deadline_default (doc_service_t *self, const char *tenant, const char *type,
                              const char *urgency, int64_t arrived_at);

//  The end of the days-th working day after the day of from (ms); days 0
//  is the end of from's day when it is a working day, else of the next one.
int64_t doc_working_days_add (doc_service_t *self, const char *tenant, int64_t from, int days);
//  The deadline a command gives (args: `deadline`, or `deadline_days`
//  working days from `arrived_at`) into *deadline; 0 when it gives
//  neither. invalid_argument when it gives both.
int doc_deadline_of (doc_service_t *self, const char *tenant, const vp_val_t *args, int64_t arrived_at,
                     int64_t *deadline, vp_err_t *err);

#endif
