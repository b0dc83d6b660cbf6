#  test_conflict_once: a conflict told once, again when it changes, and when
#  it is over (included by tests/CMakeLists.txt)
vp_add_test(test_conflict_once test_conflict_once.c TIMEOUT 120 LABELS integration)
target_sources(test_conflict_once PRIVATE test_calendar_util.c)
add_dependencies(test_conflict_once vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-keygen vpctl)
