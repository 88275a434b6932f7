# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of snd-xenfront and snd-xenback, plus the project's
# checks. The kernel build itself is driven by ./Kbuild.

# Kernel build tree: the running kernel's, else Debian 12's
# linux-headers-amd64 (6.1), as on CI whose host kernel has no build tree.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-6.1.*-amd64))))

# Large artefacts (kernel source, lab images) live here, keyed by recipe.
XSND_CACHE ?= $(HOME)/.cache/xen-snd
export XSND_CACHE

LINUX_SRC_TAR ?= /usr/src/linux-source-6.1.tar.xz
LINUX_SRC ?= $(XSND_CACHE)/linux-source-6.1
CHECKPATCH = $(LINUX_SRC)/scripts/checkpatch.pl

MODULES = drivers/snd-xenfront/snd-xenfront.ko drivers/snd-xenback/snd-xenback.ko
SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^tools/\|^selftests/')

.PHONY: all modules clean setup static kunit tools lab-check demo check bench soak \
	linux-src help

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools clean

help:
	@echo "make            build snd-xenfront.ko and snd-xenback.ko (KDIR=$(KDIR))"
	@echo "make setup      install every Debian package needed (root)"
	@echo "make demo       boot the Xen lab: a guest plays through both drivers"
	@echo "make check      static checks, KUnit and the lab tests"
	@echo "make bench      performance figures from the lab"
	@echo "make soak       long fuzzing and lifecycle series in the lab"

setup:
	sh tools/setup-host.sh

$(LINUX_SRC)/.extracted: $(LINUX_SRC_TAR)
	mkdir -p $(XSND_CACHE)
	rm -rf $(LINUX_SRC)
	tar -C $(XSND_CACHE) -xf $(LINUX_SRC_TAR)
	touch $@

linux-src: $(LINUX_SRC)/.extracted

# W=1 and sparse on a clean rebuild, then checkpatch on every source file.
# Any warning fails the step.
static: linux-src
	sh tools/static-check.sh "$(KDIR)" "$(CHECKPATCH)" $(SOURCES)

tools:
	$(MAKE) -C tools

# All KUnit suites, or one: make kunit SUITE=snd_xenback_check
kunit: linux-src
	sh tools/kunit.sh $(SUITE)

lab-check: modules tools
	sh tools/lab/run.sh check

demo: setup modules tools
	sh tools/lab/run.sh demo

check:
	sh tools/check.sh

bench: modules tools
	sh tools/lab/run.sh bench

soak: modules tools
	sh tools/lab/run.sh soak
