#  test_backup_files: documents.backup copies the attachments with the
#  database; restored into an empty folder, the files download whole
#  (included by tests/CMakeLists.txt)
vp_add_test(test_backup_files test_backup_files.c TIMEOUT 120 LABELS integration)
add_dependencies(test_backup_files vp-bus vp-staffing vp-documents vp-keygen)
