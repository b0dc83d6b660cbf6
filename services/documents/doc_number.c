/*  doc_number - (being written) */
#include "doc_service.h"

void
doc_number_register (doc_service_t *self)
{
}
