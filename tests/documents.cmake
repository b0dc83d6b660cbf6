#  test_documents: the incoming register of vp-documents (books, arrival numbers, duplicates,
#  access, secrecy, search, the register, attachments) on the demo district (included by
#  tests/CMakeLists.txt)
vp_add_test(test_documents test_documents.c TIMEOUT 240 LABELS integration)
add_dependencies(test_documents vp-bus vp-staffing vp-documents vp-keygen vpctl)
