#  test_documents_flow: routing, working-day deadlines, the deadline scan and the
#  workflow of vp-documents on the demo district (included by tests/CMakeLists.txt)
vp_add_test(test_documents_flow test_documents_flow.c TIMEOUT 240 LABELS integration)
add_dependencies(test_documents_flow vp-bus vp-staffing vp-documents vp-keygen vpctl)
