# Unit tests of libvp (included by tests/CMakeLists.txt):
#   test_codec   the wire format: envelope round trips, every class of bad input
#   test_common  ids, clock, config, sqlite, proto tables and docs/protocol.md, logs
vp_add_test(test_codec test_codec.c TIMEOUT 300 LABELS unit)
#  Every allocation libvp makes passes through wrappers in test_codec.c, so
#  the test can show that a hostile header is refused before memory is taken.
target_link_options(test_codec PRIVATE "LINKER:--wrap=malloc,--wrap=calloc,--wrap=realloc")

vp_add_test(test_common test_common.c TIMEOUT 120 LABELS unit)
#  test_common compares docs/protocol.md in the source tree with the tables.
target_compile_definitions(test_common PRIVATE VP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
#  proto_names: no service names a field of proto/ as a string literal
#  (scripts/proto-names writes VP_K_ names; --check lists what is left).
add_test(NAME proto_names COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/scripts/proto-names --check)
set_tests_properties(proto_names PROPERTIES LABELS unit TIMEOUT 60)
#  staff_sql: no service but vp-staffing names an stf_ table in its SQL
#  (the others read the staffing read model through vp_staff).
add_test(NAME staff_sql COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/scripts/staff-sql)
set_tests_properties(staff_sql PROPERTIES LABELS unit TIMEOUT 60)
