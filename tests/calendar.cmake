#  test_calendar: rooms, conflicts and bad input of vp-calendar's commands, on the
#  demo district (included by tests/CMakeLists.txt)
vp_add_test(test_calendar test_calendar.c TIMEOUT 120 LABELS integration)
target_sources(test_calendar PRIVATE test_calendar_util.c)
add_dependencies(test_calendar vp-bus vp-staffing vp-documents vp-calendar vp-keygen vpctl)
