#  test_calendar_events: invitations, deadline items and leave on the schedule of
#  vp-calendar, on the demo district (included by tests/CMakeLists.txt)
vp_add_test(test_calendar_events test_calendar_events.c TIMEOUT 120 LABELS integration)
target_sources(test_calendar_events PRIVATE test_calendar_util.c)
add_dependencies(test_calendar_events vp-bus vp-staffing vp-documents vp-calendar vp-keygen vpctl)
