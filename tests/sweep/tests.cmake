# Sweep end-to-end tests (label "sweep"): kill -9 and resume, SIGINT and resume, thread-count
# independence and the pareto command, a changed sweep file refused unless --new; plus the
# 2-rank MPI test when MPI was found (not built yet: see docs/sweeps.md).
foreach(mode kill sigint jobs change)
  add_test(NAME sweep_e2e_${mode} COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:accel-sim> ${mode}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(sweep_e2e_${mode} PROPERTIES LABELS "sweep;e2e" TIMEOUT 60)
endforeach()
