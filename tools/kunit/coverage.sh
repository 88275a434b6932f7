#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Coverage of the Xen-free code by the KUnit suites: which functions of
# the sources under test ran, and how many of their lines, per gcov.
# Arguments are passed to the KUnit script (a suite filter); the default
# runs every suite.
#
# Method: UML's own gcov support (CONFIG_GCOV in arch/um/Kconfig.debug, the
# options of tools/testing/kunit/configs/coverage_uml.config), not
# CONFIG_GCOV_KERNEL, which needs debugfs inside the kernel under test. The
# UML kernel is a host process built with -fprofile-arcs, so it writes the
# .gcda files of every object into the build directory when it exits, and
# the host's gcov reads them. The build uses its own directory (the options
# are part of the cache key) and leaves KASAN and UBSAN out. Two fixes make
# UML's gcov work with gcc 12: fs/seq_file.c's mangle_path() is renamed
# (it collides with libgcov's), and the KUnit script's tree keeps
# .fini_array.* in the range run at exit (libgcov's exit handler is there).
#
# xsnd_fmt.h is header-only: its functions are counted in each object that
# includes it; the xsnd_fmt suite's own object is the one reported.

set -u

here=$(cd "$(dirname "$0")" && pwd)
runner=$here/../kunit.sh
XSND_KUNIT_SANITIZE=0
XSND_KUNIT_KCONFIG="CONFIG_DEBUG_KERNEL=y CONFIG_DEBUG_INFO=y
	CONFIG_DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT=y CONFIG_GCOV=y"
# libgcov has its own mangle_path(), which collides with fs/seq_file.c's
# when UML links libgcov in: rename the kernel's.
XSND_KUNIT_MAKE_OPTIONS=KCFLAGS=-Dmangle_path=xsnd_seq_mangle_path
export XSND_KUNIT_SANITIZE XSND_KUNIT_KCONFIG XSND_KUNIT_MAKE_OPTIONS

bdir=$(XSND_KUNIT_PRINT_BUILD_DIR=1 sh "$runner") || exit 1
[ -d "$bdir" ] && find "$bdir" -name '*.gcda' -delete
sh "$runner" "$@"
rc=$?

obj=$bdir/drivers/xen-snd
[ -d "$obj" ] || { echo "coverage.sh: no objects in $obj" >&2; exit 1; }
# report DIR SOURCE: per function and per file (the source and the headers
# with code) line summary of SOURCE's object in DIR.
report() {
	[ -e "$obj/$1/${2%.c}.gcda" ] || {
		echo "== $1/$2: no coverage data"
		return
	}
	echo "== $1/$2"
	(cd "$obj/$1" && gcov -f -n -o . "$2" 2>/dev/null) |
		awk 'BEGIN { w = "total" }
		     /^Function / { w = $2; next }
		     /^File / { n = split($2, a, "/"); w = "file " a[n]; next }
		     /^Lines executed/ { print "  " w ": " $0; w = "total" }' |
		tr -d "'"
}
for s in cfg.c check.c route.c vol.c; do
	report drivers/snd-xenback "$s"
done
report drivers/snd-xenback/tests xsnd_fmt_kunit.c |
	grep -E "^==|xsnd_fmt\.h|xsnd_fmt_(desc|from_alsa|parse|mask_to_alsa|mask_from_alsa):"
for s in cfg_parse.c pos.c inflight.c caps.c resp_check.c; do
	report drivers/snd-xenfront "$s"
done
exit $rc
