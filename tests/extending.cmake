#  test_extending: the worked example of docs/extending.md (documents.viewed,
#  produced by vp-documents, consumed by vp-notify) on the demo district
#  (included by tests/CMakeLists.txt)
vp_add_test(test_extending test_extending.c TIMEOUT 120 LABELS integration)
add_dependencies(test_extending vp-bus vp-staffing vp-documents vp-notify vp-keygen vpctl)
