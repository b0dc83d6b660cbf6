#  test_request_once: a changing command done once per request id, also
#  across a crash between its commit and its reply (included by tests/CMakeLists.txt)
vp_add_test(test_request_once test_request_once.c TIMEOUT 180 LABELS integration)
add_dependencies(test_request_once vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-keygen vpctl)
