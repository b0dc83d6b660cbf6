#  test_documents_number: outgoing numbering and the archive of vp-documents, against a real
#  bus and vp-staffing with the demo district (included by tests/CMakeLists.txt)
vp_add_test(test_documents_number test_documents_number.c TIMEOUT 300 LABELS integration)
add_dependencies(test_documents_number vp-bus vp-staffing vp-documents vp-keygen vpctl)
