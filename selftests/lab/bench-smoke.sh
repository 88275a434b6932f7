# SPDX-License-Identifier: GPL-2.0
#
# Short benchmark run for `make check` (issue 7): proves that xsnd-bench,
# guest/bench.sh and lib-bench.sh work, not how fast anything is. One guest
# with our snd-xenfront, one 4 s step at 10 ms periods through snd-xenback
# and snd-aloop; then sanity checks of the figures: markers came back
# unaltered with a round trip between 1 period and 1 s, and dom0's
# counters saw both streams move data and notifications (capture with no
# READ from the guest: snd-xenback has its data in place); then nothing may
# stay mapped and snd-xenback must unload. Part of the full plan (make
# check). The full run is bench.sh (`make bench`).
#
#@timeout 420
#@modules required
#@test bench-smoke.backend.load
#@test bench-smoke.xenfront.xf1.guest.load
#@test bench-smoke.xenfront.xf1.guest.card
#@test bench-smoke.xenfront.g1.p10000
#@test bench-smoke.roundtrip
#@test bench-smoke.counters
#@test bench-smoke.mapped-pages.zero
#@test bench-smoke.backend.unload

set -u
BENCH_PREFIX=bench-smoke
BENCH_SECS=${BENCH_SECS:-4}
BENCH_WARMUP=${BENCH_WARMUP:-1}
BENCH_SLACK=${BENCH_SLACK:-5}
BENCH_SUMMARY=0
. /lab/plans/lib-bench.sh

if bench_load_backend; then
	tap_ok bench-smoke.backend.load
else
	lab_load_failed bench-smoke.backend.load
	return 0 2>/dev/null || exit 0
fi
bench_idle start 3
bench_guests_start xenfront 1 1 || tap_diag "guest xf1 not ready"
bench_step xenfront 10000 xf1
bench_guests_stop xf1
bench_table

row=$(tail -n 1 "$BENCH_ROWS" 2>/dev/null)
kv() { echo "$row" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
tap_diag "row: $row"
# Markers: most came back, none altered, round trip in (1 period, 1 s).
awk -v m="$(kv markers)" -v f="$(kv found)" -v g="$(kv garbage)" \
    -v p50="$(kv rt_p50_ms)" -v x="$(kv guest_xruns)" 'BEGIN {
	ok = m > 0 && f >= m / 2 && (g == 0 || x > 0) && p50 > 10 && p50 < 1000
	exit !ok }'
tap_check $? bench-smoke.roundtrip \
	"$(kv found)/$(kv markers) markers, p50 $(kv rt_p50_ms) ms, garbage $(kv garbage)"
# Counters: both directions of playback and dom0's side of capture
# counted, CPU measured. Capture sends nothing from the guest but the odd
# TRIGGER: snd-xenback has its data in place (feature-capture-in-place),
# so snd-xenfront sends no READ; well under 0.1 per period allows for a
# STOP and START after an xrun.
d=$(grep '^guest=xf1 ' "$BENCH_DETAIL" | tail -n 1)
dkv() { echo "$d" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
awk -v pp="$(dkv play_periods)" -v cp="$(dkv cap_periods)" \
    -v a="$(dkv play_g2d)" -v b="$(dkv play_d2g)" -v c="$(dkv cap_g2d)" \
    -v e="$(dkv cap_d2g)" -v gc="$(dkv guest_ms_per_s)" 'BEGIN {
	exit !(pp > 0 && cp > 0 && a > 0 && b > 0 && c != "" && c * 10 < cp &&
	       e > 0 && gc > 0) }'
tap_check $? bench-smoke.counters \
	"periods play $(dkv play_periods) cap $(dkv cap_periods), notifications play $(dkv play_g2d)/$(dkv play_d2g) cap $(dkv cap_g2d)/$(dkv cap_d2g), guest $(dkv guest_ms_per_s) ms/s"

lab_finish_backend bench-smoke
