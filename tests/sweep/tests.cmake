# Sweep end-to-end tests (label "sweep"): kill -9 and resume, SIGINT and resume, thread-count
# independence and the pareto command, a changed sweep file refused unless --new; plus the
# 2-rank MPI test when MPI was found (sweep/CMakeLists.txt sets ACCEL_SWEEP_MPI; exit 77 = skipped
# when mpirun is absent).
set(sweep_modes kill sigint jobs change)
if(ACCEL_SWEEP_MPI)
  list(APPEND sweep_modes mpi)
endif()
foreach(mode ${sweep_modes})
  add_test(NAME sweep_e2e_${mode} COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:accel-sim> ${mode}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(sweep_e2e_${mode} PROPERTIES LABELS "sweep;e2e" TIMEOUT 60
                        SKIP_RETURN_CODE 77)
endforeach()
# The cycle simulator as the engine of a sweep (one forked simulator process per point).
add_test(NAME sweep_e2e_cycle COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cycle.sh $<TARGET_FILE:accel-sim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(sweep_e2e_cycle PROPERTIES LABELS "sweep;e2e" TIMEOUT 120)
