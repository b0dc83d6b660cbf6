#  test_compose: docker-compose.yml run as plain processes (tests/compose_run.py,
#  Debian's python3 with python3-yaml): the image's libraries, the keys one-shot,
#  every service in depends_on order behind its healthcheck, the first end-to-end
#  flow (documents, calendar, notify), scripts/backup and a restore; each process
#  stopped by its pid (included by tests/CMakeLists.txt)
add_test(NAME test_compose
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/compose_run.py
                 --build ${PROJECT_BINARY_DIR} --source ${PROJECT_SOURCE_DIR})
set_tests_properties(test_compose PROPERTIES TIMEOUT 180 LABELS integration)
