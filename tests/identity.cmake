#  test_identity: officers' passwords, sign-in, lock-out (included by tests/CMakeLists.txt)
vp_add_test(test_identity test_identity.c TIMEOUT 240 LABELS integration)
add_dependencies(test_identity vp-staffing vp-bus vp-keygen vpctl)
#  test_identity_trail: the key behind each document step, the looks at documents
vp_add_test(test_identity_trail test_identity_trail.c TIMEOUT 240 LABELS integration)
add_dependencies(test_identity_trail vp-staffing vp-documents vp-bus vp-keygen vpctl)
#  test_identity_matrix: every command of every service x six kinds of caller, and the actor matrix
vp_add_test(test_identity_matrix test_identity_matrix.c TIMEOUT 300 LABELS integration)
add_dependencies(test_identity_matrix vp-staffing vp-documents vp-calendar vp-notify vp-bus vp-keygen vpctl)
