/*  doc_search - (being written) */
#include "doc_service.h"

void
doc_search_register (doc_service_t *self)
{
}
