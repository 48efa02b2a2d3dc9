# Report tests (label "reports"): `accel-sim report` pages rendered in headless Chromium, their
# DOM compared with the run JSON / sweep database (dom_check.py; exit 77 = skipped without
# chromium): the default workload (unfused ops), flash-attention.yaml (fused attention, whose
# energy comes from fuse.*), quantized-gemm.yaml on the cycle engine (the engine chart), and a
# sweep. The page builders are also tested in process by tests/unit/reports/.
set(report_checks "run\;workloads/default.yaml" "run_fused\;workloads/flash-attention.yaml"
    "run_cycle\;workloads/quantized-gemm.yaml\;--engine\;cycle" "sweep\;")
foreach(check ${report_checks})
  list(GET check 0 name)
  list(SUBLIST check 1 -1 args)
  string(REGEX REPLACE "_.*$" "" mode ${name})
  add_test(NAME reports_chromium_${name}
           COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/dom_check.py $<TARGET_FILE:accel-sim> ${mode} ${args}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(reports_chromium_${name} PROPERTIES LABELS "reports;e2e" TIMEOUT 300
                       SKIP_RETURN_CODE 77 ENVIRONMENT "${ACCEL_TEST_ENV}")
endforeach()
# The command line (exit statuses, errors, outputs): no browser needed, always runs.
add_test(NAME reports_cli COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cli.sh $<TARGET_FILE:accel-sim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(reports_cli PROPERTIES LABELS "reports;e2e" TIMEOUT 120 ENVIRONMENT "${ACCEL_TEST_ENV}")
