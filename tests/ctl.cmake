# test_ctl: vpctl as office staff use it, on the demo district (included by tests/CMakeLists.txt)
vp_add_test(test_ctl test_ctl.c TIMEOUT 120 LABELS integration)
target_sources(test_ctl PRIVATE test_ctl_run.c)
add_dependencies(test_ctl vp-bus vp-staffing vp-documents vp-keygen vpctl)
