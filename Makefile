# revpack - build, install dependencies, test, run the sample packs.
#
#   make          build ./revpack
#   make run      install what is missing, build, build the sample packs
#   make test     install what is missing, build, run every test, then run
#                 them all again under AddressSanitizer + UBSan
#   make bench    time check and both packs on generated 0.25, 0.5 and 1 GB
#                 against wc -l and the DuckDB query of ../shared/bench
#   make fuzz     libFuzzer on the CSV reader (and its threaded readings
#                 against a serial one and libcsv), the value parsers, the
#                 profile loader, the mapping loader + header
#                 resolution and the two-stream SHA-256 against OpenSSL,
#                 FUZZ_SECONDS each (default 60)
#   make sample   regenerate sample-data/ (LEADS=N, SAMPLE_OUT=DIR)
#   make fixtures regenerate tests/data/vendor/ (vendor exports and twins)

DEPS := gcc make pkg-config libglib2.0-dev libxlsxwriter-dev libssl-dev \
        libcairo2-dev libpango1.0-dev libfontconfig-dev libcmocka-dev fonts-dejavu-core \
        fonts-noto-cjk libgmime-3.0-dev libcurl4-openssl-dev libpng-dev
TEST_DEPS := poppler-utils python3 valgrind chromium python3-aiosmtpd libcsv-dev

PC_PKGS := glib-2.0 cairo pangocairo fontconfig xlsxwriter libpng libcrypto
# headers only: mail opens these libraries when it needs them (dlib.h)
PC_OPENED := gmime-3.0 libcurl
CC := gcc
WARN := -std=c11 -Wall -Wextra -Werror
CPPFLAGS_ALL = -D_GNU_SOURCE -Iinclude \
	       $(shell pkg-config --cflags $(PC_PKGS) $(PC_OPENED))
LDLIBS_ALL = $(shell pkg-config --libs $(PC_PKGS)) -lm
# -O3: the 1 GB monthly pack in turns with -O2, six runs each: CPU 3.84 ->
# 3.74 s, min 2.07 -> 2.03 s (the same bytes).  -flto gained nothing, and
# -march=native 0.01 s, for a binary tied to the machine it was built on
OPT := -O3 -g
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
       -fno-sanitize-recover=all -DRP_LEAK_CHECK

SRC := $(sort $(wildcard src/*.c))
LIB_SRC := $(filter-out src/main.c,$(SRC))
TESTS := $(sort $(wildcard tests/test_*.c))

OBJ := $(SRC:src/%.c=build/obj/%.o)
TOBJ := $(LIB_SRC:src/%.c=build/test/%.o)
AOBJ := $(SRC:src/%.c=build/asan/%.o)
TBIN := $(TESTS:tests/%.c=build/test/%)
ABIN := $(TESTS:tests/%.c=build/asan/%)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LEADS ?= 6000
SAMPLE_OUT ?= sample-data
RUN_OUT ?= out

.PHONY: all deps test-deps run test unit e2e asan check-sample sample fixtures bench \
        valgrind clean fuzz
.DELETE_ON_ERROR:
.SECONDARY:

all: revpack

revpack: $(OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(OPT) -o $@ $^ $(LDLIBS_ALL)

# the flags every object is built with, written to build/flags when they
# change: an object built with others (OPT=-O3 on the command line, say)
# is built again
FLAGS := $(CC) $(WARN) $(OPT) $(SAN) $(CPPFLAGS_ALL)
$(shell mkdir -p build && { echo '$(FLAGS)' | cmp -s - build/flags || \
    echo '$(FLAGS)' >build/flags; })
$(OBJ) $(TOBJ) $(AOBJ): build/flags

build/obj/%.o: src/%.c $(wildcard include/revpack/*.h) | build/obj
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) -MMD -c -o $@ $<

build/test/%.o: src/%.c $(wildcard include/revpack/*.h) | build/test
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) -MMD -c -o $@ $<

build/asan/%.o: src/%.c $(wildcard include/revpack/*.h) | build/asan
	$(Q)$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS_ALL) -MMD -c -o $@ $<

build/test/test_%: tests/test_%.c $(TOBJ) | build/test
	@echo "  TEST-CC $<"
	$(Q)$(CC) $(WARN) $(OPT) $(CPPFLAGS_ALL) -o $@ $^ \
	    $(LDLIBS_ALL) -lcmocka $(if $(filter %test_csv,$@),-lcsv)

build/asan/test_%: tests/test_%.c $(filter-out build/asan/main.o,$(AOBJ)) | build/asan
	$(Q)$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS_ALL) -o $@ $^ \
	    $(LDLIBS_ALL) -lcmocka $(if $(filter %test_csv,$@),-lcsv)

build/asan/revpack: $(AOBJ)
	$(Q)$(CC) -O1 -g $(SAN) -o $@ $^ $(LDLIBS_ALL)

build/gen: sample-data/generate.c | build
	@echo "  CC      $<"
	$(Q)$(CC) $(WARN) -D_GNU_SOURCE -O2 -o $@ $< -lm

build build/obj build/test build/asan:
	$(Q)mkdir -p $@

# Install only what is missing, so a second run costs a dpkg query.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | \
	    grep -qx installed || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "not root: run 'apt-get install$$missing' as root" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call install_missing,$(DEPS))

test-deps: deps
	$(call install_missing,$(TEST_DEPS))

run: deps
	$(Q)$(MAKE) --no-print-directory all
	./revpack build --pack monthly-sla --period 2026-10 --data sample-data \
	    --out $(RUN_OUT)
	./revpack build --pack quarterly-strategy --period 2026Q3 \
	    --data sample-data --out $(RUN_OUT) --quiet
	./revpack build --pack monthly-sla --period 2026-10 --data sample-data \
	    --out $(RUN_OUT)/zh --lang zh --quiet
	./revpack build --pack quarterly-strategy --period 2026Q3 \
	    --data sample-data --out $(RUN_OUT)/zh --lang zh --quiet
	./revpack build --pack monthly-sla --period 2026-10 --data sample-data \
	    --out $(RUN_OUT)/teams --burst team \
	    --mail sample-data/mail/recipients.csv \
	    --profile sample-data/mail/profile.ini --quiet
	./revpack build --pack monthly-sla --period 2026-10 \
	    --data sample-data/hubspot --out $(RUN_OUT)/hubspot --quiet
	./revpack build --pack monthly-sla --period 2026-10 \
	    --data sample-data/fxiaoke --profile cn --out $(RUN_OUT)/fxiaoke \
	    --lang zh --quiet
	@echo "packs written to $(RUN_OUT)/monthly-sla-2026-10 and $(RUN_OUT)/quarterly-strategy-2026Q3 (Chinese: $(RUN_OUT)/zh/; one per team with its messages, never sent: $(RUN_OUT)/teams/; from a HubSpot export: $(RUN_OUT)/hubspot/; from a Fxiaoke export: $(RUN_OUT)/fxiaoke/)"

test: test-deps
	$(Q)$(MAKE) --no-print-directory all unit e2e asan

unit: $(TBIN)
	@set -e; for t in $(TBIN); do echo "== $$t"; $$t; done

e2e: revpack build/gen
	@echo "== end-to-end (build/obj)"
	$(Q)REVPACK=./revpack sh tests/e2e.sh

asan: $(ABIN) build/asan/revpack build/gen
	@set -e; for t in $(ABIN); do echo "== $$t (asan+ubsan)"; \
	  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp $$t; done
	@echo "== end-to-end (asan+ubsan)"
	$(Q)ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp \
	    REVPACK=build/asan/revpack sh tests/e2e.sh

# the same business as HubSpot and Fxiaoke export it
sample: build/gen
	$(Q)mkdir -p $(SAMPLE_OUT) $(SAMPLE_OUT)/hubspot $(SAMPLE_OUT)/fxiaoke
	build/gen --leads $(LEADS) --out $(SAMPLE_OUT)
	build/gen --leads $(LEADS) --shape hubspot --out $(SAMPLE_OUT)/hubspot
	build/gen --leads $(LEADS) --shape fxiaoke --out $(SAMPLE_OUT)/fxiaoke

# tests/data/vendor: each vendor's export of 300 generated leads, and the
# same records in canonical form (-twin); e2e checks both give one answer
VENDOR_SHAPES := hubspot salesforce-report salesforce-api fxiaoke jiandaoyun
fixtures: build/gen
	$(Q)set -e; for s in $(VENDOR_SHAPES); do \
	  rm -rf tests/data/vendor/$$s tests/data/vendor/$$s-twin; \
	  mkdir -p tests/data/vendor/$$s tests/data/vendor/$$s-twin; \
	  build/gen --leads 300 --seed 7 --shape $$s --out tests/data/vendor/$$s; \
	  build/gen --leads 300 --seed 7 --shape $$s --twin \
	    --out tests/data/vendor/$$s-twin; done

# memcheck over check, and over a build that renders, bursts and mails
VALGRIND := valgrind --error-exitcode=1 --leak-check=full \
	  --errors-for-leak-kinds=definite --suppressions=tests/valgrind.supp
valgrind: revpack
	$(VALGRIND) ./revpack check --data sample-data >/dev/null
	$(VALGRIND) ./revpack build --pack monthly-sla --period 2026-10 \
	  --data tests/data/vendor/hubspot --out build/valgrind --burst team \
	  --mail sample-data/mail/recipients.csv \
	  --profile sample-data/mail/profile.ini --quiet

bench: deps
	$(call install_missing,time)
	$(if $(shell command -v node && command -v npm),,$(call install_missing,nodejs npm))
	$(Q)$(MAKE) --no-print-directory all build/gen
	$(Q)sh tests/bench.sh

# libFuzzer targets (clang), seeded from tests/ (sha256 from nothing); a crash is saved under
# build/fuzz/ and becomes a regression test: its input goes into
# tests/fuzz/regress/TARGET/, run first on every fuzz.  Not part of make test.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := csv csv_agree value profile mapping sha256
FUZZ_CC := clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all
FUZZ_LIB := $(LIB_SRC:src/%.c=build/fuzz/%.o)

build/fuzz/%.o: src/%.c $(wildcard include/revpack/*.h) | build/fuzz
	$(Q)$(FUZZ_CC) -std=c11 -Wall -Wextra -Werror $(FUZZ_FLAGS:fuzzer,%=fuzzer-no-link,%) \
	    $(CPPFLAGS_ALL) -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) | build/fuzz
	@echo "  FUZZ-CC $<"
	$(Q)$(FUZZ_CC) -std=c11 $(FUZZ_FLAGS) $(CPPFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL) \
	    $(if $(filter %csv_agree,$@),-lcsv)

build/fuzz:
	$(Q)mkdir -p $@

fuzz: deps
	$(call install_missing,clang libclang-rt-14-dev)
	$(Q)$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  c=build/fuzz/corpus-$$t; mkdir -p $$c; \
	  cp tests/fuzz/regress/$$t/* $$c/ 2>/dev/null || true; \
	  case $$t in \
	    csv) cp tests/data/*/*.csv $$c/ 2>/dev/null || true;; \
	    csv_agree) for f in tests/data/*/*.csv; do \
	        printf '\000' | cat - $$f > $$c/$$(basename $$(dirname $$f))-$$(basename $$f); done;; \
	    profile) cp templates/sla/*.ini tests/data/*/*.ini $$c/ 2>/dev/null || true;; \
	    mapping) cp templates/mappings/*.ini $$c/;; \
	    value) for v in '2025-06-30' '6/30/2025 2:05 PM' '2025-06-30T09:12:00.000+0000' \
	        '$$1,234.50' '1234.5 USD' '¥12,000' yes 是 2025-06 '1,200'; do \
	        printf '%s' "$$v" > $$c/$$(printf '%s' "$$v" | md5sum | cut -c1-8); done;; \
	  esac; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  touch build/fuzz/.began-$$t; \
	  ASAN_OPTIONS=detect_leaks=1 build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=build/fuzz/crash-$$t- -print_final_stats=1 $$c 2>&1 | \
	    grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss|==.*ERROR|SUMMARY|Done)' || true; \
	  found=$$(find build/fuzz -maxdepth 1 -name "crash-$$t-*" \
	    -newer build/fuzz/.began-$$t); \
	  if [ -n "$$found" ]; then \
	    echo "fuzz_$$t found a crash: $$found"; exit 1; fi; \
	done

clean:
	rm -rf build revpack

# every object's headers, src/*.h too (metrics.h): a test or ASan object
# built before a header changed is built again, not linked stale
-include $(OBJ:.o=.d) $(TOBJ:.o=.d) $(AOBJ:.o=.d)
