#  test_staffing: vp-staffing against a real vp-bus, CURVE on (included by tests/CMakeLists.txt)
vp_add_test(test_staffing test_staffing.c TIMEOUT 180 LABELS integration)
add_dependencies(test_staffing vp-staffing vp-bus vp-keygen)
