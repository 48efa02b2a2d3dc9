# Simulator tests that need SystemC or the CLI: each is its own process (one elaboration per
# process). Label "sim". The C-core unit tests live in tests/unit/sim/ (labels "unit;sim").
add_executable(sim_cli ${CMAKE_CURRENT_LIST_DIR}/driver.c)
target_compile_options(sim_cli PRIVATE ${ACCEL_WARNINGS})
target_link_libraries(sim_cli PRIVATE ${unit_libs})
set(sim_expect ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh)

function(accel_sim_test name)
  add_test(NAME ${name} COMMAND ${ARGN} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "sim" ENVIRONMENT "${ACCEL_TEST_ENV}"
                       SKIP_RETURN_CODE 77 TIMEOUT 120)
endfunction()

set(sim_wl ${CMAKE_CURRENT_LIST_DIR}/workloads)
accel_sim_test(sim_cli_lower ${sim_expect} 0 --grep "deadlock check: ok" -- $<TARGET_FILE:sim_cli> lower ${sim_wl}/gemm-edge.yaml --tiles 4)
accel_sim_test(sim_cli_sim ${sim_expect} 0 --grep "simulated cycles/s" -- $<TARGET_FILE:sim_cli> sim ${sim_wl}/gemm-edge.yaml)
accel_sim_test(sim_cli_sim_json ${sim_expect} 0 --json -- $<TARGET_FILE:sim_cli> sim ${sim_wl}/gemm-edge.yaml --json --ideal)
accel_sim_test(sim_cli_lower_1d ${sim_expect} 0 --grep "(1d)" -- $<TARGET_FILE:sim_cli> lower workloads/einsum-examples.yaml --tiles 2 -j 2)
accel_sim_test(sim_cli_ideal ${sim_expect} 0 --grep "ideal memory" -- $<TARGET_FILE:sim_cli> sim ${sim_wl}/gemm-edge.yaml --ideal --dram-layout --outstanding 1 --dram-latency 10)
accel_sim_test(sim_cli_missing ${sim_expect} 2 -- $<TARGET_FILE:sim_cli> sim ${sim_wl}/no-such-file.yaml)
accel_sim_test(sim_cli_help ${sim_expect} 0 --grep "--quantum" -- $<TARGET_FILE:sim_cli> sim --help)
accel_sim_test(sim_e2e_accel_sim ${sim_expect} 0 --grep "simulated cycles/s" -- $<TARGET_FILE:accel-sim> sim ${sim_wl}/gemm-edge.yaml)
accel_sim_test(sim_cli_bad_quantum ${sim_expect} 2 --grep "quantum" -- $<TARGET_FILE:sim_cli> sim ${sim_wl}/gemm-edge.yaml --quantum x)

# SystemC runs: hand-computed cycle counts (twice, at two quanta: the figures must not move),
# and the analytical model vs the simulator on workloads.
add_executable(sim_test_directed ${CMAKE_CURRENT_LIST_DIR}/test_directed.c)
target_compile_options(sim_test_directed PRIVATE ${ACCEL_WARNINGS})
target_include_directories(sim_test_directed PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
target_link_libraries(sim_test_directed PRIVATE ${unit_libs})
accel_sim_test(sim_directed $<TARGET_FILE:sim_test_directed> 1000)
accel_sim_test(sim_directed_q1 $<TARGET_FILE:sim_test_directed> 1)
accel_sim_test(sim_directed_q1m $<TARGET_FILE:sim_test_directed> 1000000)

add_executable(sim_test_agree ${CMAKE_CURRENT_LIST_DIR}/test_agree.c)
target_compile_options(sim_test_agree PRIVATE ${ACCEL_WARNINGS})
target_include_directories(sim_test_agree PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
target_link_libraries(sim_test_agree PRIVATE ${unit_libs})
accel_sim_test(sim_agree_ideal $<TARGET_FILE:sim_test_agree> ideal tests/sim/workloads/agree.yaml
               workloads/timeloop-gemm-simba.yaml workloads/einsum-examples.yaml)
accel_sim_test(sim_agree_real $<TARGET_FILE:sim_test_agree> real tests/sim/workloads/agree.yaml
               workloads/timeloop-gemm-simba.yaml workloads/einsum-examples.yaml
               workloads/quantized-gemm.yaml)

# The Perfetto trace is valid JSON with one slice per tile operation.
accel_sim_test(sim_cli_trace ${CMAKE_CURRENT_LIST_DIR}/trace_check.sh $<TARGET_FILE:sim_cli>
               ${sim_wl}/gemm-edge.yaml ${CMAKE_CURRENT_BINARY_DIR}/sim_trace.json)

# Engine stalls (each kind non-zero, by hand), DRAM rows and the VCD, at two quanta.
add_executable(sim_test_stalls ${CMAKE_CURRENT_LIST_DIR}/test_stalls.c)
target_compile_options(sim_test_stalls PRIVATE ${ACCEL_WARNINGS})
target_include_directories(sim_test_stalls PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
target_link_libraries(sim_test_stalls PRIVATE ${unit_libs})
accel_sim_test(sim_stalls $<TARGET_FILE:sim_test_stalls> 1000 ${CMAKE_CURRENT_BINARY_DIR}/sim_stalls.vcd)
accel_sim_test(sim_stalls_q1 $<TARGET_FILE:sim_test_stalls> 1 ${CMAKE_CURRENT_BINARY_DIR}/sim_stalls_q1.vcd)

# `accel-sim run --engine cycle`: run's report with the simulator's figures (text and JSON, the
# sim objects checked field by field, the VCD against the busy counters); the engine and the
# DRAM row model chosen in the workload (393216 B of sequential tiles: one miss per 2 KiB row);
# usage errors.
accel_sim_test(sim_run_check ${CMAKE_CURRENT_LIST_DIR}/run_check.sh $<TARGET_FILE:accel-sim>
               ${sim_wl}/agree.yaml ${CMAKE_CURRENT_BINARY_DIR}/sim_run_agree.vcd)
accel_sim_test(sim_run_check_1d ${CMAKE_CURRENT_LIST_DIR}/run_check.sh $<TARGET_FILE:accel-sim>
               workloads/einsum-examples.yaml ${CMAKE_CURRENT_BINARY_DIR}/sim_run_1d.vcd)
accel_sim_test(sim_run_text ${sim_expect} 0 --grep "total simulated:" -- $<TARGET_FILE:accel-sim> run ${sim_wl}/gemm-edge.yaml --engine cycle)
accel_sim_test(sim_run_rows ${sim_expect} 0 --grep "row hits 5952 / misses 192" -- $<TARGET_FILE:accel-sim> run ${sim_wl}/gemm-rows.yaml)
accel_sim_test(sim_run_analytical ${sim_expect} 0 --grep "analytical model" -- $<TARGET_FILE:accel-sim> run ${sim_wl}/gemm-rows.yaml --engine analytical)
accel_sim_test(sim_run_bad_engine ${sim_expect} 2 --grep "--engine must be analytical or cycle" -- $<TARGET_FILE:accel-sim> run ${sim_wl}/gemm-edge.yaml --engine fast)
accel_sim_test(sim_run_vcd_needs_cycle ${sim_expect} 2 --grep "need the cycle engine" -- $<TARGET_FILE:accel-sim> run ${sim_wl}/gemm-edge.yaml --vcd ${CMAKE_CURRENT_BINARY_DIR}/never.vcd)
accel_sim_test(sim_cli_vcd ${sim_expect} 0 --grep "simulated cycles/s" -- $<TARGET_FILE:sim_cli> sim ${sim_wl}/gemm-edge.yaml --vcd ${CMAKE_CURRENT_BINARY_DIR}/sim_cli.vcd)
accel_sim_test(sim_cli_vcd_unwritable ${sim_expect} 2 --grep "cannot write the VCD file" -- $<TARGET_FILE:sim_cli> sim ${sim_wl}/gemm-edge.yaml --vcd /nonexistent-dir/x.vcd)

# `simulate: {functional: true}` from the CLI (sim and run, text and JSON, html/csv files).
accel_sim_test(sim_functional_cli ${CMAKE_CURRENT_LIST_DIR}/func_check.sh $<TARGET_FILE:accel-sim>
               ${CMAKE_CURRENT_BINARY_DIR}/func_check)
