# FuseMax CLI tests (label "fuse"): `accel-sim run` on every workloads/fusemax/ file (text and
# JSON), a fused schedule on an arch that cannot run it, and `schedule: auto`.
set(fuse_expect ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh)
set(fuse_cli $<TARGET_FILE:accel-sim>)
function(accel_fuse_test name)
  add_test(NAME ${name} COMMAND ${ARGN} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "fuse;e2e" ENVIRONMENT "${ACCEL_TEST_ENV}" TIMEOUT 60)
endfunction()
file(GLOB fuse_workloads CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/workloads/fusemax/*.yaml)
foreach(wl ${fuse_workloads})
  get_filename_component(n ${wl} NAME_WE)
  accel_fuse_test(fuse_run_${n} ${fuse_expect} 0 --grep "utilization" -- ${fuse_cli} run ${wl})
  accel_fuse_test(fuse_run_json_${n} ${fuse_expect} 0 --json -- ${fuse_cli} run ${wl} --json)
endforeach()
accel_fuse_test(fuse_wrong_arch ${fuse_expect} 2 --grep "cannot perform max" --
                ${fuse_cli} run workloads/fusemax/bert-fusemax.yaml --arch arch/presets/flat-cloud.yaml)
accel_fuse_test(fuse_auto ${fuse_expect} 0 --grep "chosen by auto" -- ${fuse_cli} run ${CMAKE_CURRENT_LIST_DIR}/auto.yaml)
# The cycle engine on fused ops (docs/simulator.md, "Fused attention schedules"): run prints the
# op's simulation; sim against the fused evaluator with ideal and realistic memory (flat on
# flat-cloud, with its spilled-rows variant).
accel_fuse_test(fuse_cycle_engine ${fuse_expect} 0 --grep "total simulated (fused): " -- ${fuse_cli} run ${CMAKE_CURRENT_LIST_DIR}/cycle.yaml)
accel_fuse_test(fuse_cycle_sim ${CMAKE_CURRENT_LIST_DIR}/sim_check.sh ${fuse_cli}
                ${CMAKE_CURRENT_LIST_DIR}/cycle-all.yaml ${CMAKE_CURRENT_BINARY_DIR}/fuse_cycle_all)
accel_fuse_test(fuse_cycle_flash ${CMAKE_CURRENT_LIST_DIR}/sim_check.sh ${fuse_cli}
                workloads/flash-attention.yaml ${CMAKE_CURRENT_BINARY_DIR}/fuse_cycle_flash)
accel_fuse_test(fuse_cycle_mix ${CMAKE_CURRENT_LIST_DIR}/sim_check.sh ${fuse_cli}
                ${CMAKE_CURRENT_LIST_DIR}/cycle-mix.yaml ${CMAKE_CURRENT_BINARY_DIR}/fuse_cycle_mix)
accel_fuse_test(fuse_cycle_flat ${CMAKE_CURRENT_LIST_DIR}/sim_check.sh ${fuse_cli}
                ${CMAKE_CURRENT_LIST_DIR}/cycle-flat.yaml ${CMAKE_CURRENT_BINARY_DIR}/fuse_cycle_flat)
accel_fuse_test(fuse_cycle_flat_run ${fuse_expect} 0 --grep "total simulated (fused): " -- ${fuse_cli} run ${CMAKE_CURRENT_LIST_DIR}/cycle-flat.yaml --engine cycle)
accel_fuse_test(fuse_causal ${fuse_expect} 0 --grep "causal mask: tiles entirely above the diagonal" -- ${fuse_cli} run ${CMAKE_CURRENT_LIST_DIR}/causal.yaml)
# `schedule: flash` on the single-buffer gpu-like preset; the FuseMax schedules there point to it.
accel_fuse_test(fuse_flash ${fuse_expect} 0 --grep "FlashAttention blocks B_c 384 keys, B_r 64" -- ${fuse_cli} run workloads/flash-attention.yaml)
accel_fuse_test(fuse_flash_json ${fuse_expect} 0 --json -- ${fuse_cli} run workloads/flash-attention.yaml --json)
accel_fuse_test(fuse_flash_only ${fuse_expect} 2 --grep "schedule: flash" --
                ${fuse_cli} run workloads/fusemax/bert-fusemax.yaml --arch arch/presets/gpu-like.yaml)
# `cascade: 2-pass` from a workload file (fusemax and architecture, with a causal mask).
accel_fuse_test(fuse_two_pass ${fuse_expect} 0 --grep "schedule architecture (docs/fusemax.md): 2-pass cascade, fused" -- ${fuse_cli} run ${CMAKE_CURRENT_LIST_DIR}/two-pass.yaml)
accel_fuse_test(fuse_two_pass_json ${fuse_expect} 0 --json -- ${fuse_cli} run ${CMAKE_CURRENT_LIST_DIR}/two-pass.yaml --json)
accel_fuse_test(fuse_cycle_run_json ${CMAKE_CURRENT_LIST_DIR}/run_json_check.sh ${fuse_cli})
