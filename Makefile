# utm-audit: audit lead-source and UTM tracking in CRM exports and campaign link sets.
# Plain make.  `make demo` and `make check` are all a newcomer needs (they call `make deps`).

PROG     = utm-audit
VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man/man1
DATADIR  = $(PREFIX)/share/utm-audit
DESTDIR ?=

CC      ?= cc
PKGS     = libpcre2-8 yaml-0.1
OPT     ?= -O2 -g
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wwrite-strings -Wpointer-arith -Wundef -Wvla -Wcast-align \
           -Wnull-dereference -Wold-style-definition
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifneq ($(SAN),)
OPT     += -fsanitize=$(SAN) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDSAN    = -fsanitize=$(SAN)
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DUTM_AUDIT_VERSION='"$(VERSION)"' \
            -DUTM_AUDIT_DATADIR='"$(DATADIR)"' -Iauditor -Ibuild
CFLAGS  += -std=c11 $(OPT) $(WARN) $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lcsv -lm $(LDSAN)

B        = build$(if $(SAN),-san)
BIN      = $(if $(SAN),$(B)/$(PROG),$(PROG))
LIBSRC   = $(filter-out auditor/main.c,$(wildcard auditor/*.c))
LIBOBJ   = $(LIBSRC:auditor/%.c=$(B)/%.o) $(B)/default_rules.o $(B)/default_image.o
LIB      = $(B)/libutmaudit.a
UNITSRC  = $(wildcard tests/unit/test_*.c)
UNITBIN  = $(UNITSRC:tests/unit/%.c=$(B)/unit/%)
SUITESRC = $(wildcard tests/suites/suite_*.c)
SUITEBIN = $(SUITESRC:tests/suites/%.c=$(B)/suites/%)

DEBS     = libcsv-dev libyaml-dev libpcre2-dev libcmocka-dev pkg-config mandoc \
           libxml2-utils python3-jsonschema

.PHONY: all deps demo check unit golden suites man clean install uninstall asan valgrind
all: $(BIN) $(I18N_MO)

$(BIN): $(B)/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIBOBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/%.o: auditor/%.c $(wildcard auditor/*.h) | $(B)
	@echo "CC $<"; $(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# rules/default.yaml is compiled into the binary already parsed: yaml2c runs
# yamltree_parse on it at build time and writes the tree as static data, so
# start-up does not parse 80 KB of YAML (the rules are still checked).
$(B)/yaml2c: auditor/gen/yaml2c.c $(B)/yamltree.o $(B)/arena.o $(B)/map.o $(B)/diag.o \
	    $(B)/xalloc.o
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/default_rules.c: rules/default.yaml $(B)/yaml2c
	$(B)/yaml2c rules/default.yaml default_rules_tree > $@.tmp && mv $@.tmp $@
$(B)/default_rules.o: $(B)/default_rules.c
	@echo "CC $<"; $(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# ... and its big sections (sources, mediums, vague, ga4) as loaded: rules2c
# loads the file with every run-time check and writes the tables as data,
# so start-up copies them instead of normalising and hashing every key.
$(B)/rules2c: auditor/gen/rules2c.c $(filter-out $(B)/default_image.o,$(LIBOBJ))
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/default_image.c: rules/default.yaml $(B)/rules2c
	$(B)/rules2c rules/default.yaml default_rules_image > $@.tmp && mv $@.tmp $@
$(B)/default_image.o: $(B)/default_image.c
	@echo "CC $<"; $(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B) $(B)/unit $(B)/suites:
	mkdir -p $@

$(B)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB) | $(B)/unit
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka

$(B)/suites/%: tests/suites/%.c $(LIB) | $(B)/suites
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Install the Debian packages the build and the tests need, only when one is missing.
deps:
	@missing=""; for p in $(DEBS) $(EXTRA_DEBS) $(CI_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || \
	  { $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }; \
	fi

demo: deps
	$(MAKE) $(PROG)
	./$(PROG) leads --seed 1 samples/dynamics_nl.csv; s=$$?; [ $$s -le 1 ] || exit $$s

check: deps
	$(MAKE) $(BIN) $(UNITBIN) $(SUITEBIN)
	$(MAKE) unit golden suites man $(CHECK_HARDENING) check-i18n

unit: $(UNITBIN)
	@sh tests/run-unit.sh $(UNITBIN)

golden: $(BIN)
	@sh tests/golden/run.sh ./$(BIN)

suites: $(SUITEBIN) $(BIN)
	@sh tests/suites/run.sh $(B)/suites ./$(BIN)

# The man page: mandoc -Tlint when mandoc is installed, and every EXAMPLE run.
man: $(BIN)
	@if command -v mandoc >/dev/null; then mandoc -Tlint -Wwarning auditor/utm-audit.1 && \
	  echo "man: mandoc -Tlint clean"; else echo "man: mandoc not installed, lint skipped"; fi
	@sh tests/man/examples.sh ./$(BIN)

asan:
	$(MAKE) SAN=address,undefined check

VG = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
valgrind: $(BIN) $(UNITBIN) $(SUITEBIN) $(REPLAYBIN)
	@VALGRIND="$(VG)" sh tests/run-unit.sh $(UNITBIN)
	@VALGRIND="$(VG)" sh tests/golden/run.sh ./$(BIN)
	@VALGRIND="$(VG)" sh tests/suites/run.sh $(B)/suites ./$(BIN)
	@VALGRIND="$(VG)" $(MAKE) --no-print-directory fuzz-regress
	@sh tests/hardening/races.sh ./$(BIN)

install: $(PROG) install-i18n
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)/rules
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/$(PROG)
	install -m 644 auditor/utm-audit.1 $(DESTDIR)$(MANDIR)/utm-audit.1
	install -m 644 rules/*.yaml $(DESTDIR)$(DATADIR)/rules/

uninstall: uninstall-i18n
	rm -f $(DESTDIR)$(BINDIR)/$(PROG) $(DESTDIR)$(MANDIR)/utm-audit.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san $(PROG)

# ---- fuzzing and hardening ----
# Every tests/fuzz/fuzz_NAME.c is a libFuzzer target with its seed corpus in
# tests/fuzz/corpus/NAME/ and, when there is one, a dictionary
# tests/fuzz/NAME.dict.  fuzz-smoke builds the targets with clang-14
# (-fsanitize=fuzzer,address,undefined, over an instrumented copy of the
# library in build/libfuzzer/) and runs each for FUZZ_SECONDS; new inputs go
# to build/libfuzzer/corpus-NAME, and a crasher is copied into
# tests/fuzz/corpus/NAME/ to be kept as a regression input.  fuzz-regress
# replays every corpus with the normal compiler through tests/fuzz/replay.c
# ($(B)/fuzz/replay_NAME), so also under SAN=... and $$VALGRIND.  patho runs
# the pathological inputs of tests/patho/run.sh against the program.
# CHECK_HARDENING lists what `make check` runs besides unit, golden, suites.
FUZZSRC   = $(wildcard tests/fuzz/fuzz_*.c)
FUZZNAMES = $(sort $(FUZZSRC:tests/fuzz/fuzz_%.c=%))
FUZZ_TARGETS ?= $(FUZZNAMES)
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?= -timeout=5 -rss_limit_mb=2048
FUZZCC    ?= clang-14
FUZZSAN   = address,undefined
FUZZOPT   = -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
FZ        = build/libfuzzer
REPLAYBIN = $(FUZZNAMES:%=$(B)/fuzz/replay_%)
CHECK_HARDENING = fuzz-regress patho
EXTRA_DEBS += time

.PHONY: fuzz-build fuzz-smoke fuzz-regress patho

$(B)/fuzz:
	mkdir -p $@

$(B)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(wildcard tests/suites/*.h) $(LIB) | $(B)/fuzz
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS)

fuzz-regress: $(REPLAYBIN)
	@fail=0; n=0; for t in $(FUZZNAMES); do \
	  [ -d tests/fuzz/corpus/$$t ] || { echo "fuzz-regress: $$t: no corpus"; continue; }; \
	  n=$$((n + 1)); \
	  LC_ALL=C $$VALGRIND $(B)/fuzz/replay_$$t tests/fuzz/corpus/$$t || \
	    { echo "fuzz-regress: $$t FAILED"; fail=$$((fail + 1)); }; \
	done; \
	echo "fuzz-regress: $$((n - fail)) of $$n corpora replayed cleanly"; \
	[ $$fail -eq 0 ]

$(FZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FZ)/libutmaudit.a
	$(FUZZCC) $(CPPFLAGS) -std=c11 $(FUZZOPT) -fsanitize=fuzzer,$(FUZZSAN) \
	    $(WARN) $(PKG_CFLAGS) $(filter -pthread,$(CFLAGS)) -o $@ $< \
	    $(FZ)/libutmaudit.a $(LDLIBS)

fuzz-build:
	@$(MAKE) --no-print-directory CC=$(FUZZCC) B=$(FZ) SAN= WERROR= \
	    OPT='$(FUZZOPT) -fsanitize=fuzzer-no-link,$(FUZZSAN)' $(FZ)/libutmaudit.a
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)

fuzz-smoke: fuzz-build
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  rm -rf $(FZ)/crash-$$t; mkdir -p $(FZ)/corpus-$$t $(FZ)/crash-$$t; \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  seeds=; [ -d tests/fuzz/corpus/$$t ] && seeds=tests/fuzz/corpus/$$t; \
	  if LC_ALL=C $(FZ)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) \
	      $$dict -artifact_prefix=$(FZ)/crash-$$t/ $(FZ)/corpus-$$t $$seeds \
	      >$(FZ)/fuzz-$$t.log 2>&1; then \
	    echo "fuzz-smoke: $$t: $$(grep -E '^Done [0-9]+ runs' $(FZ)/fuzz-$$t.log)"; \
	  else \
	    tail -50 $(FZ)/fuzz-$$t.log; \
	    for c in $(FZ)/crash-$$t/*; do \
	      [ -f "$$c" ] || continue; mkdir -p tests/fuzz/corpus/$$t; \
	      cp "$$c" tests/fuzz/corpus/$$t/ && \
	      echo "fuzz-smoke: $$t: kept $$c as tests/fuzz/corpus/$$t/$${c##*/}"; \
	    done; \
	    echo "fuzz-smoke: $$t FAILED (log: $(FZ)/fuzz-$$t.log)"; fail=$$((fail + 1)); \
	  fi; \
	done; [ $$fail -eq 0 ]

patho: $(BIN)
	@PATHO_SAN="$(SAN)" sh tests/patho/run.sh ./$(BIN)

# ---- html check ----
# check-html writes the HTML report of every sample export (and of the
# hostile golden input) and checks it in headless Chromium: the verdict,
# the bars of every chart, values shown as text, and no request from the
# page (tests/html/check.sh).  Screenshots, PDFs and DOMs go to $(B)/html/
# for a person to look at.  The Markdown report is rendered with cmark-gfm
# as GitHub would.  HTML_DEBS are installed by `make deps` when missing.
HTML_DEBS = chromium cmark-gfm
.PHONY: check-html
check-html:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="$(EXTRA_DEBS) $(HTML_DEBS)"
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/html/check.sh ./$(BIN) $(B)/html

# ---- benchmarks ----
# make bench: generates two seeded exports of SIZE (partly quoted and
# Salesforce-style all quoted, in BENCH_DIR, never in the tree) and times
# utm-audit leads against the peers that are installed (tests/bench/run.py
# says which and how to install them), ROUNDS interleaved rounds.  The
# default 256M takes a few minutes; SIZE=1G is the issue's size.
# make bench-check: instructions per input byte under callgrind on a fixed
# 20 MiB slice against tests/bench/budget.txt (BENCH_UPDATE=1 rewrites it).
SIZE      ?= 256M
ROUNDS    ?= 3
BENCH_DIR ?= /tmp/utm-audit-bench
CFLAGS    += -pthread
LDLIBS    += -pthread

.PHONY: bench bench-check
# The bench tools: $(B)/bench/NAME from tests/bench/NAME.c (gen, spawn).
$(B)/bench/%: tests/bench/%.c
	@mkdir -p $(B)/bench
	$(CC) -std=c11 -O2 $(WARN) -o $@ $<

bench: $(BIN) $(B)/bench/gen
	python3 tests/bench/run.py --size $(SIZE) --rounds $(ROUNDS) \
	    --dir $(BENCH_DIR) --prog ./$(BIN) --gen $(B)/bench/gen

bench-check: $(BIN) $(B)/bench/gen
	@sh tests/bench/check.sh ./$(BIN) $(B)/bench/gen $(BENCH_DIR) \
	    $(if $(BENCH_UPDATE),update,check)

# make bench-links: `utm-audit links -f json` on three seeded link sets of
# LINKS links (one URL a line with the usual problems, the same as CSV, and
# a clean one; written once into BENCH_DIR), the first two also with
# --threads 1, the median of LINKS_RUNS interleaved runs each, in links per
# second; then the start-up on a one-line file: 200 runs timed by
# $(B)/bench/spawn (tests/bench/spawn.c: posix_spawn to wait4, with the
# runs' minor faults and CPU time) in rounds interleaved with /bin/true,
# the floor any process costs on the machine.
# LINKS_CALLGRIND=N adds the instructions per link under callgrind on the
# first N links, on one thread.
LINKS          ?= 1000000
LINKS_RUNS     ?= 5
LINKS_CALLGRIND ?= 0
.PHONY: bench-links
bench-links: $(BIN) $(B)/bench/spawn
	python3 tests/bench/links.py --links $(LINKS) --runs $(LINKS_RUNS) \
	    --dir $(BENCH_DIR) --prog ./$(BIN) --callgrind $(LINKS_CALLGRIND) \
	    --spawn $(B)/bench/spawn

# ---- translations ----
# Every message a person reads goes through GNU gettext (auditor/i18n.h:
# _(), N_(), C_() with a context, ngettext); machine formats stay English.
# `make pot` regenerates po/utm-audit.pot from the sources with xgettext and
# merges it into each po/LANG.po (msgmerge).  Each po/LANG.po is checked
# and compiled with msgfmt --check into build/locale/LANG/LC_MESSAGES/
# utm-audit.mo (I18N_MO), which a program run from the source tree finds
# by itself (UTM_AUDIT_LOCALEDIR overrides; the golden runner sets it) and
# which install-i18n copies under $(LOCALEDIR).  `utm-audit --lang nl ...`
# or LANGUAGE=nl selects Dutch.  check-i18n runs tests/i18n/check.sh: no
# untranslated or fuzzy message, Dutch reports, errors and --help with no
# English sentence left, machine formats byte for byte the same.
LOCALEDIR  = $(PREFIX)/share/locale
LINGUAS    = $(sort $(basename $(notdir $(wildcard po/*.po))))
I18N_MO    = $(LINGUAS:%=build/locale/%/LC_MESSAGES/utm-audit.mo)
CPPFLAGS  += -DUTM_AUDIT_LOCALEDIR='"$(LOCALEDIR)"' -DUTM_AUDIT_SRCDIR='"$(CURDIR)"'
EXTRA_DEBS += gettext
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 \
	--keyword=H_:2 --keyword=HN_:2,3 \
	--add-comments=TRANSLATORS: --package-name=utm-audit \
	--package-version=$(VERSION) --msgid-bugs-address=utm-audit

.PHONY: pot check-i18n install-i18n uninstall-i18n

pot:
	xgettext $(XGETTEXT_FLAGS) -o po/utm-audit.pot $(sort $(wildcard auditor/*.c))
	@for po in $(wildcard po/*.po); do \
	  msgmerge --quiet --update --backup=none --no-fuzzy-matching $$po po/utm-audit.pot && \
	  echo "pot: merged into $$po"; \
	done

build/locale/%/LC_MESSAGES/utm-audit.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check --output-file=$@.tmp $< && mv $@.tmp $@

# i18n.o carries LOCALEDIR and the source tree's path.
$(B)/i18n.o: Makefile

# The golden cases under tests/golden/i18n/ need the catalogues.
golden: $(I18N_MO)

check-i18n: $(BIN) $(I18N_MO)
	@sh tests/i18n/check.sh ./$(BIN) build/locale

install-i18n: $(I18N_MO)
	@for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 build/locale/$$l/LC_MESSAGES/utm-audit.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/utm-audit.mo || exit 1; \
	done

uninstall-i18n:
	@for l in $(LINGUAS); do \
	  rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/utm-audit.mo; \
	done

# ---- nothing lost, injection ----
# check-hardening runs tests/hardening/nothing-lost.sh (inputs never
# written, file modes, write errors, SIGKILL and full-disk atomicity, row
# accounting) and tests/hardening/injection.sh (a hostile corpus through
# every report format) against the program.
CHECK_HARDENING += check-hardening

.PHONY: check-hardening

check-hardening: $(BIN)
	@sh tests/hardening/nothing-lost.sh ./$(BIN)
	@if [ -f tests/hardening/injection.sh ]; then \
	  sh tests/hardening/injection.sh ./$(BIN); fi
