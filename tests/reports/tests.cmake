# Report tests (label "reports"): `accel-sim report` pages rendered in headless Chromium, their
# DOM compared with the run JSON / sweep database (dom_check.py; exit 77 = skipped without
# chromium). The page builders are also tested in process by tests/unit/reports/.
foreach(mode run sweep)
  add_test(NAME reports_chromium_${mode}
           COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/dom_check.py $<TARGET_FILE:accel-sim> ${mode}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(reports_chromium_${mode} PROPERTIES LABELS "reports;e2e" TIMEOUT 300
                       SKIP_RETURN_CODE 77 ENVIRONMENT "${ACCEL_TEST_ENV}")
endforeach()
