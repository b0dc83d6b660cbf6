vp_add_test(test_demo test_demo.c TIMEOUT 240 LABELS integration)
add_dependencies(test_demo vp-bus vp-staffing vp-documents vp-keygen vpctl)
vp_add_test(test_staff_projection test_staff_projection.c TIMEOUT 240 LABELS integration)
add_dependencies(test_staff_projection vp-bus vp-staffing vp-documents vp-keygen vpctl)
