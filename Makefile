# casework: `make demo` and `make test` are all a fresh machine needs (Python 3.11, pip, Debian).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint unit bench clean debian-packages

install: $(STAMP)
	@echo "casework 已安装在 $(CURDIR)/$(BIN)/casework。加入 PATH（写入 ~/.bashrc 或 ~/.zshrc）："
	@echo '  export PATH="$(CURDIR)/$(BIN):$$PATH"'
	@echo "或在本终端运行：. $(BIN)/activate"

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON) 未找到）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

debian-packages:
	@./.ci/install-debian-packages

demo: install debian-packages
	@./bin/demo

lint: install
	$(BIN)/ruff check casework tests bench
	$(BIN)/ruff format --check casework tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install debian-packages lint
	$(BIN)/pytest -p no:cacheprovider

unit: install
	$(BIN)/pytest -p no:cacheprovider tests/unit

bench: install
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis demo-home
