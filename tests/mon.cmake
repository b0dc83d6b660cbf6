# test_mon: vp-mon tail and stats against a real vp-bus (included by tests/CMakeLists.txt)
vp_add_test(test_mon test_mon.c TIMEOUT 120)
add_dependencies(test_mon vp-mon vp-bus vp-keygen)
