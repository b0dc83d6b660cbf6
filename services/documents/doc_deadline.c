/*  doc_deadline - (being written) */
#include "doc_service.h"

void
doc_deadline_register (doc_service_t *self)
{
}
