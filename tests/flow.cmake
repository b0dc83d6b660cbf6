#  test_flow: the whole flow end to end (a new document updates the schedule and
#  notifies the right officer); `restart` does it again with every process
#  stopped and started in the middle (included by tests/CMakeLists.txt)
vp_add_test(test_flow test_flow.c TIMEOUT 180 LABELS integration)
target_sources(test_flow PRIVATE test_calendar_util.c)
add_dependencies(test_flow vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-mon vp-keygen vpctl)
add_test(NAME test_flow_restart COMMAND test_flow restart)
set_tests_properties(test_flow_restart PROPERTIES TIMEOUT 240 LABELS integration)
