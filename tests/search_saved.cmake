#  test_search_saved: the columns a search shows, saved searches (save, list, run, delete) and
#  their export as PDF (read back with pdftotext) and DOCX (read with python's zipfile), with the
#  print mark, the export log and secrecy, against a real bus, vp-staffing and vp-documents
vp_add_test(test_search_saved test_search_saved.c TIMEOUT 90 LABELS integration)
add_dependencies(test_search_saved vp-bus vp-staffing vp-documents vp-keygen vpctl)
