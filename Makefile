.PHONY: install demo lint test test-fast

install:
	bash tools/install.sh

demo: install
	bash tools/demo.sh

lint: install
	bash tools/lint.sh

# what CI runs: style first (seconds), then the whole suite
test: lint
	bash tools/run_tests.sh

# everything but the tests marked slow (subprocess trainings, detector
# steps, large images, checkpoint conversion)
test-fast: lint
	bash tools/run_tests.sh -m "not slow"
