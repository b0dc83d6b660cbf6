#  test_calendar_crash: an invitation is one entry however often its event comes and
#  however vp-calendar stops (cursor set back, SIGKILL) (included by tests/CMakeLists.txt)
vp_add_test(test_calendar_crash test_calendar_crash.c TIMEOUT 120 LABELS integration)
target_sources(test_calendar_crash PRIVATE test_calendar_util.c)
add_dependencies(test_calendar_crash vp-bus vp-staffing vp-documents vp-calendar vp-keygen vpctl)
