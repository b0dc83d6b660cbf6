#  Integration tests: real vp-bus processes on loopback, CURVE on.
add_executable(tu_producer tu_producer.c)
target_link_libraries(tu_producer PRIVATE vptest)
add_executable(tu_consumer tu_consumer.c)
target_link_libraries(tu_consumer PRIVATE vptest)

foreach(t test_bus_input test_bus_crash test_consumer_crash test_slow_subscriber test_auth)
  vp_add_test(${t} ${t}.c TIMEOUT 180 LABELS integration)
  add_dependencies(${t} vp-bus vp-keygen tu_producer tu_consumer)
endforeach()
