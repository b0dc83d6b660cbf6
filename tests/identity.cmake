#  test_identity: officers' passwords, sign-in, lock-out (included by tests/CMakeLists.txt)
vp_add_test(test_identity test_identity.c TIMEOUT 240 LABELS integration)
add_dependencies(test_identity vp-staffing vp-bus vp-keygen vpctl)
