PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench clean example

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[all]'
	touch $(STAMP)

$(VENV): $(STAMP)

run: $(STAMP)
	$(BIN)/planner solve inputs/korea_2018.xlsx -o outputs/korea_2018-plan.xlsx

lint: $(STAMP)
	$(BIN)/ruff check planner tests benchmarks
	$(BIN)/ruff format --check planner tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy planner

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

example: $(STAMP)
	$(BIN)/python -m planner.examples.korea_2018 inputs/korea_2018.xlsx
	$(BIN)/python -m planner.examples.korea_2018_actual inputs/korea_2018_actual.xlsx

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
