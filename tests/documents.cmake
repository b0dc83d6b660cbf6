#  test_documents: the incoming register of vp-documents (books, arrival numbers, duplicates,
#  access, secrecy, search, the register, attachments) on the demo district (included by
#  tests/CMakeLists.txt)
vp_add_test(test_documents test_documents.c TIMEOUT 240 LABELS integration)
add_dependencies(test_documents vp-bus vp-staffing vp-documents vp-keygen vpctl)

#  test_attachment: a large file put and got in chunks (order, a chunk sent
#  again, the SHA-256, one download in the trail)
vp_add_test(test_attachment test_attachment.c TIMEOUT 120 LABELS integration)
add_dependencies(test_attachment vp-bus vp-staffing vp-documents vp-keygen)
