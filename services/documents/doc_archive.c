/*  doc_archive - (being written) */
#include "doc_service.h"

void
doc_archive_register (doc_service_t *self)
{
}
