#  test_event_failed: an event vp-calendar cannot apply (a Giấy mời of 40 days logged
#  before vp-documents refused them) is parked, told on the bus as calendar.event_failed
#  and to the clerk and the office head, and the stream goes on (included by
#  tests/CMakeLists.txt)
vp_add_test(test_event_failed test_event_failed.c TIMEOUT 120 LABELS integration)
add_dependencies(test_event_failed vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-keygen vpctl)
