.PHONY: install demo test

install:
	bash tools/install.sh

demo: install
	bash tools/demo.sh

test: install
	bash tools/run_tests.sh
