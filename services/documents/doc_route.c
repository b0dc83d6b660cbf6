/*  doc_route - (being written) */
#include "doc_service.h"

void
doc_route_register (doc_service_t *self)
{
}
