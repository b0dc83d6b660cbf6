#  test_calendar_feed_trickle: 256 connections sending a feed request a byte at
#  a time take neither the feeds from another address nor a connection for
#  longer than 10 s (included by tests/CMakeLists.txt)
vp_add_test(test_calendar_feed_trickle test_calendar_feed_trickle.c TIMEOUT 120 LABELS integration)
target_sources(test_calendar_feed_trickle PRIVATE test_calendar_util.c test_feed_client.c)
add_dependencies(test_calendar_feed_trickle vp-bus vp-staffing vp-documents vp-calendar vp-keygen vpctl)
