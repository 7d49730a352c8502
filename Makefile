# zhdj — the two commands a new user needs are `make run` and `make test`.
BUILD_DIR := build/release
ZHDJ := $(BUILD_DIR)/zhdj
DATA_DIR ?= ./data
PORT ?= 8080
JOBS ?= 2

.PHONY: run test setup build web clean format bench bench-registry bench-meetings bench-dues bench-development

run: setup build web
	@mkdir -p $(DATA_DIR)
	$(ZHDJ) migrate --db sqlite:$(DATA_DIR)/zhdj.db --key-file $(DATA_DIR)/zhdj.key
	$(ZHDJ) demo --db sqlite:$(DATA_DIR)/zhdj.db --key-file $(DATA_DIR)/zhdj.key --meeting-history-months 6
	@echo "打开 http://127.0.0.1:$(PORT) (Ctrl+C 停止)"
	$(ZHDJ) serve --db sqlite:$(DATA_DIR)/zhdj.db --key-file $(DATA_DIR)/zhdj.key --port $(PORT) --web-root web/dist

test: setup build web
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 1200

setup:
	@bash scripts/setup.sh

build:
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset release -G Ninja
	cmake --build $(BUILD_DIR) -j$(JOBS)

# npm ci only when the lock file changed since the last install.
web/node_modules/.installed: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: web/node_modules/.installed
	cd web && npm run build

bench: build web
	bash bench/run.sh

# The member registry at 30,000 people: list/filter latency and roster import (bench/registry.sh
# builds only what it runs).
bench-registry:
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset release -G Ninja
	bash bench/registry.sh

# Organizational life: 500 check-ins to one meeting within a minute (and all at once), and the
# compliance roll-up of a 30,000-member university (bench/meetings.sh builds only zhdj).
bench-meetings:
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset release -G Ninja
	JOBS=$(JOBS) bash bench/meetings.sh

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')

clean:
	rm -rf build web/dist

# Party dues: one month of bills for a 30,000-member university (bench/dues.sh).
bench-dues:
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset release -G Ninja
	JOBS=$(JOBS) bash bench/dues.sh

# Member development: the to-do list, the board and the funnel of a 30,000-member university
# (bench/development.sh).
bench-development:
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset release -G Ninja
	JOBS=$(JOBS) bash bench/development.sh
