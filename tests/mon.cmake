# test_mon: vp-mon tail and stats against a real vp-bus (included by tests/CMakeLists.txt)
vp_add_test(test_mon test_mon.c TIMEOUT 120)
target_sources(test_mon PRIVATE test_ctl_run.c)
add_dependencies(test_mon vp-mon vp-bus vp-keygen)

# test_mon_trace: vp-mon trace and lag on the demo district
vp_add_test(test_mon_trace test_mon_trace.c TIMEOUT 120 LABELS integration)
target_sources(test_mon_trace PRIVATE test_ctl_run.c)
add_dependencies(test_mon_trace vp-mon vp-bus vp-staffing vp-documents vp-keygen vpctl tu_producer)
