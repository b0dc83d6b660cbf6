#  test_calendar_feed: the weekly schedule (text and printable page) and the
#  iCalendar feed over HTTP, read by Python's html.parser and icalendar
#  (included by tests/CMakeLists.txt)
vp_add_test(test_calendar_feed test_calendar_feed.c TIMEOUT 120 LABELS integration)
target_sources(test_calendar_feed PRIVATE test_calendar_util.c)
add_dependencies(test_calendar_feed vp-bus vp-staffing vp-documents vp-calendar vp-keygen vpctl)
