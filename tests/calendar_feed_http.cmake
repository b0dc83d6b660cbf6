#  test_calendar_feed_http: what a phone's calendar asks of a feed's URL (HEAD,
#  ETag and If-None-Match, Last-Modified and If-Modified-Since, 404, 405), over
#  plain HTTP from another loopback address (included by tests/CMakeLists.txt)
vp_add_test(test_calendar_feed_http test_calendar_feed_http.c TIMEOUT 120 LABELS integration)
target_sources(test_calendar_feed_http PRIVATE test_calendar_util.c test_feed_client.c)
add_dependencies(test_calendar_feed_http vp-bus vp-staffing vp-documents vp-calendar vp-keygen vpctl)
