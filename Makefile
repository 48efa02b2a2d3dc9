# The newcomer's entry point: `make run` runs the main job on the default workload,
# `make test` runs the test suite. Both install missing Debian packages first.
BUILD ?= build
JOBS ?= $(shell nproc)
WORKLOAD ?= workloads/default.yaml

.PHONY: deps configure build run test clean

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/cli/accel-sim run $(WORKLOAD)

test: build
	cd $(BUILD) && SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
