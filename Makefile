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
LIBOBJ   = $(LIBSRC:auditor/%.c=$(B)/%.o) $(B)/default_rules.o
LIB      = $(B)/libutmaudit.a
UNITSRC  = $(wildcard tests/unit/test_*.c)
UNITBIN  = $(UNITSRC:tests/unit/%.c=$(B)/unit/%)
SUITESRC = $(wildcard tests/suites/suite_*.c)
SUITEBIN = $(SUITESRC:tests/suites/%.c=$(B)/suites/%)

DEBS     = libcsv-dev libyaml-dev libpcre2-dev libcmocka-dev pkg-config

.PHONY: all deps demo check unit golden suites clean install uninstall asan valgrind
all: $(BIN)

$(BIN): $(B)/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIBOBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/%.o: auditor/%.c $(wildcard auditor/*.h) | $(B)
	@echo "CC $<"; $(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# rules/default.yaml is compiled into the binary as a byte array.
$(B)/default_rules.c: rules/default.yaml | $(B)
	{ echo '/* generated from rules/default.yaml by make; do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo 'const unsigned char default_rules_yaml[] = {'; \
	  od -An -v -tx1 $< | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00};'; \
	  echo 'const size_t default_rules_yaml_len = sizeof default_rules_yaml - 1;'; } > $@.tmp && mv $@.tmp $@
$(B)/default_rules.o: $(B)/default_rules.c
	@echo "CC $<"; $(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B) $(B)/unit $(B)/suites:
	mkdir -p $@

$(B)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB) | $(B)/unit
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka

$(B)/suites/%: tests/suites/%.c $(LIB) | $(B)/suites
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Install the Debian packages the build and the tests need, only when one is missing.
deps:
	@missing=""; for p in $(DEBS) $(EXTRA_DEBS); do \
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
	$(MAKE) unit golden suites

unit: $(UNITBIN)
	@sh tests/run-unit.sh $(UNITBIN)

golden: $(BIN)
	@sh tests/golden/run.sh ./$(BIN)

suites: $(SUITEBIN) $(BIN)
	@sh tests/suites/run.sh $(B)/suites ./$(BIN)

asan:
	$(MAKE) SAN=address,undefined check

VG = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
valgrind: $(BIN) $(UNITBIN) $(SUITEBIN)
	@VALGRIND="$(VG)" sh tests/run-unit.sh $(UNITBIN)
	@VALGRIND="$(VG)" sh tests/golden/run.sh ./$(BIN)

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)/rules
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/$(PROG)
	install -m 644 auditor/utm-audit.1 $(DESTDIR)$(MANDIR)/utm-audit.1
	install -m 644 rules/*.yaml $(DESTDIR)$(DATADIR)/rules/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(PROG) $(DESTDIR)$(MANDIR)/utm-audit.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san $(PROG)
