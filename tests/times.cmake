#  test_times_refused: a time no office can mean (0, -1, 2^62, 2^63-1, a meeting of
#  more than 31 days, an unknown invited post, an arrival in the future...) is refused
#  at the door naming the field, on the demo district (included by tests/CMakeLists.txt)
vp_add_test(test_times_refused test_times_refused.c TIMEOUT 120 LABELS integration)
add_dependencies(test_times_refused vp-bus vp-staffing vp-documents vp-calendar vp-keygen vpctl)
