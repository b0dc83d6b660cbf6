/*  doc_register - (being written) */
#include "doc_service.h"

void
doc_register_register (doc_service_t *self)
{
}
