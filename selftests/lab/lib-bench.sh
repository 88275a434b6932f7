# SPDX-License-Identifier: GPL-2.0
#
# dom0 helpers of the benchmark plans (bench.sh, bench-smoke.sh; issue 7).
#
# Set-up: one snd-aloop card per guest slot (ids L1..L8), snd-xenback with
# routes that send guest slot i's playback stream (unique-id p) to
# Li,0 and its capture stream (unique-id c) to Li,1: what the guest plays
# comes back into its own capture stream through the loopback cable, and
# no two guests share a cable. Guests are named xf<i> (our snd-xenfront)
# and up<i> (Debian's snd_xen_front) and run guest/bench.sh.
#
# A step (bench_step) hands every running guest "TAG PERIOD_US SECS WARMUP"
# through XenStore, waits until all report their measured part started,
# takes dom0 snapshot A, sleeps BENCH_SECS, takes snapshot B, waits for the
# results and takes snapshot C. Over A..B: CPU seconds of dom0 and of each
# guest (xl list), the backend's per-stream counters (debugfs: frames,
# notify_req, notify_evt) and the streams' IRQ counts in dom0
# (/proc/interrupts: every notification the guest sent on either event
# channel). Over the whole step (before go .. C): host xruns. The guest's
# xsnd-bench line gives the round trip and the guest-side xruns.
#
#   bench_load_backend               snd-aloop x BENCH_SLOTS + snd-xenback
#   bench_fit GUEST_MB               how many more guests Xen has room for
#   bench_guests_start FRONT FROM TO guests FRONT-slot FROM..TO, wait ready
#   bench_idle TAG SECS              dom0's CPU baseline, with no guest
#   bench_step FRONT PERIOD_US G...  one measured step (TAP: it ran)
#   bench_guests_stop G...           quit and collect
#   bench_table                      every step's figures, the table
#                                    (bench-table.md, the summary)
#
# Knobs (XSND_LAB_ENV): BENCH_SECS (measured seconds, default 60),
# BENCH_WARMUP (2), BENCH_SLACK (8: the guests run this much longer than
# the window, to cover their start skew), BENCH_GUEST_MB (128: with 96 the
# guest kernel runs out of memory unpacking its initramfs).
# BENCH_PREFIX (set by the plan) starts every test name. For debugging:
# BENCH_TOOL_ARGS (more xsnd-bench options, commas for blanks, e.g.
# -n,8), BENCH_TRACE=1 (the streams' debugfs counters every second into
# bench-steps/TAG/trace). BENCH_SUMMARY=0 keeps the table out of the
# run's summary (it stays in TAP and bench-table.md).

BENCH_SECS=${BENCH_SECS:-60}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_SLACK=${BENCH_SLACK:-8}
BENCH_GUEST_MB=${BENCH_GUEST_MB:-128}
BENCH_PREFIX=${BENCH_PREFIX:-bench}
BENCH_TOOL_ARGS=${BENCH_TOOL_ARGS:-}
BENCH_TRACE=${BENCH_TRACE:-}
BENCH_SUMMARY=${BENCH_SUMMARY:-1}
BENCH_SLOTS=8
BENCH_RATE=48000
# debugfs directory: KBUILD_MODNAME, which has an underscore.
XB_DBG=/sys/kernel/debug/snd_xenback
BENCH_VSND="[ 'card, backend=0, buffer-size=65536, short-name=XenBench, long-name=Xen PV sound bench, sample-rates=48000, sample-formats=s16_le', 'pcm, name=rt', 'stream, unique-id=p, type=p', 'stream, unique-id=c, type=c' ]"
BENCH_ROWS=$LAB_RES/bench-rows.txt
# awk: kv(LINE, KEY), the value of KEY=VALUE in a line of such words, for
# the awk programs that read bench-detail and bench-rows lines.
BENCH_AWK_KV='
function kv(s, k,   w, i, n) {
	n = split(s, w, " ")
	for (i = 1; i <= n; i++)
		if (index(w[i], k "=") == 1)
			return substr(w[i], length(k) + 2)
	return ""
}
'
BENCH_DETAIL=$LAB_RES/bench-detail.txt
BENCH_TMP=$LAB_TMP/bench
mkdir -p "$BENCH_TMP"

bench_name() {	# bench_name FRONT SLOT
	case "$1" in
	upstream) echo "up$2" ;;
	*) echo "xf$2" ;;
	esac
}

bench_load_backend() {
	bl_en='' bl_idx='' bl_id='' bl_sub='' bl_routes=''
	for i in $(seq 1 $BENCH_SLOTS); do
		bl_en=$bl_en${bl_en:+,}1
		bl_idx=$bl_idx${bl_idx:+,}$((i - 1))
		bl_id=$bl_id${bl_id:+,}L$i
		bl_sub=$bl_sub${bl_sub:+,}1
		for g in xf$i up$i; do
			bl_routes="$bl_routes$g/c=L$i,1;$g/*=L$i,0;"
		done
	done
	lab_modprobe snd-aloop enable=$bl_en index=$bl_idx id=$bl_id \
		pcm_substreams=$bl_sub ||
		{ lab_log "modprobe snd-aloop failed"; return 1; }
	lab_modprobe snd-xenback "routes=$bl_routes" ${LAB_DYNDBG:+dyndbg=+p} ||
		{ lab_log "loading snd-xenback failed"; return 1; }
	# udev restores the mixer of each new card (alsactl): let it finish
	# before dom0's CPU is measured.
	timeout 120 udevadm settle 2>/dev/null
	cat /proc/asound/cards > "$LAB_RES/bench-cards.txt" 2>&1
	return 0
}

# bench_fit GUEST_MB: guests of GUEST_MB that fit in Xen's free memory now,
# keeping 32 MiB for Xen's own per-domain allocations.
bench_fit() {
	bf_free=$(xl_t info | awk '/^free_memory/ { print $3 }')
	echo $(( (${bf_free:-0} - 32) / ($1 + 4) ))
}

# bench_guests_start FRONT FROM TO: start guests FROM..TO; 0 if all are
# ready (card found or not: the guest's TAP says which).
# One at a time: guests booting side by side under TCG starve each other
# into soft-lockup reports.
bench_guests_start() {
	bs_rc=0
	for i in $(seq "$2" "$3"); do
		g=$(bench_name "$1" "$i")
		if ! GUEST_MEMORY=$BENCH_GUEST_MB guest_start "$g" "$BENCH_VSND" \
			bench front="$1" prefix="$BENCH_PREFIX.$1.$g"; then
			tap_diag_file "$LAB_TMP/$g.create.log" 10
			bs_rc=1
			continue
		fi
		guest_wait_marker "$g" bench-ready 240 || bs_rc=1
		guest_domid "$g" > "$BENCH_TMP/$g.domid" 2>/dev/null || bs_rc=1
	done
	return $bs_rc
}

bench_guests_stop() {
	for g in "$@"; do
		id=$(cat "$BENCH_TMP/$g.domid" 2>/dev/null) || continue
		xs_write "/local/domain/$id/data/xsnd-go" quit
	done
	for g in "$@"; do
		guest_wait_gone "$g" 60
		guest_collect "$g"
	done
}

# bench_snap FILE GUEST...: dom0's counters now (see the header).
bench_snap() {
	bsn_out=$1
	shift
	{
		# dom0's own CPU first and last, so that xl's cost stays outside
		# the window that runs from A's last to B's first reading.
		echo "T0 $(cut -d' ' -f1 /proc/uptime)"
		awk '/^cpu / { print "STAT0", $2 + $3 + $4 + $7 + $8 }' /proc/stat
		echo "XT $(cut -d' ' -f1 /proc/uptime)"
		xl_t list | awk 'NR > 1 { print "CPU", $1, $NF }'
		for g in "$@"; do
			id=$(cat "$BENCH_TMP/$g.domid")
			for si in 0 1; do
				awk -v g="$g" -v id="$id" -v s="$si" -F': ' '
				{ v[$1] = $2 }
				END { print "S", g, id, s, v["frames"] + 0, v["xruns"] + 0,
					v["notify_evt"] + 0, v["notify_req"] + 0, v["irqs"] + 0,
					v["spurious"] + 0, v["period_bytes"] + 0,
					v["host_period_frames"] + 0, v["host_buffer_frames"] + 0 }' \
					"$XB_DBG/dom$id-0/s$si" 2>/dev/null
			done
		done
		awk 'NR == 1 { n = NF; next }
		$NF ~ /^sndback/ { c = 0; for (i = 2; i <= n + 1; i++) c += $i;
			irq[$NF] += c }
		END { for (k in irq) print "IRQ", k, irq[k] }' /proc/interrupts
		awk '/^cpu / { print "STAT1", $2 + $3 + $4 + $7 + $8 }' /proc/stat
		echo "T1 $(cut -d' ' -f1 /proc/uptime)"
	} > "$bsn_out"
}

# bench_idle TAG SECS: dom0's CPU (/proc/stat) with no guest running;
# the lowest of these baselines is subtracted from every step's dom0
# figure (bench_table).
bench_idle() {
	bench_snap "$BENCH_TMP/idle.a"
	sleep "$2"
	bench_snap "$BENCH_TMP/idle.b"
	awk -v hz="$(getconf CLK_TCK)" '
	FILENAME == ARGV[1] && $1 == "T1" { ta = $2 }
	FILENAME == ARGV[1] && $1 == "STAT1" { ca = $2 }
	FILENAME == ARGV[2] && $1 == "T0" { tb = $2 }
	FILENAME == ARGV[2] && $1 == "STAT0" { cb = $2 }
	END { dt = tb - ta; if (dt <= 0) dt = 1;
		printf "%.1f\n", 1000 * (cb - ca) / hz / dt }' \
		"$BENCH_TMP/idle.a" "$BENCH_TMP/idle.b" > "$BENCH_TMP/idle-$1.ms"
	bi_ms=$(cat "$BENCH_TMP/idle-$1.ms")
	if [ ! -s "$BENCH_TMP/idle.ms" ] ||
	   awk -v a="$bi_ms" -v b="$(cat "$BENCH_TMP/idle.ms")" 'BEGIN { exit !(a < b) }'; then
		echo "$bi_ms" > "$BENCH_TMP/idle.ms"
	fi
	lab_log "dom0 idle ($1): $bi_ms ms CPU per s"
	tap_diag "dom0 idle baseline ($1): $bi_ms ms CPU per second (/proc/stat)"
}

# The guest's xsnd-bench result line for TAG, as key=value words.
bench_result() {	# bench_result GUEST TAG
	tr -d '\r' < "$(guest_log "$1")" |
		sed -n "s/.*xsnd-bench: result \(name=$2 .*\)/\1/p" | tail -n 1
}

# bench_compute DIR FRONT GUESTS PERIOD_US: from a step's snapshots (DIR/0,
# A, B, C) and the guests' results (DIR/GUEST.result), DIR/detail (a step
# line and one line per guest) and one more row of bench-rows.txt.
bench_compute() {
	sc_dir=$1
	shift
	# One detail line per guest: the tool's figures and dom0's counters.
	awk -v front="$1" -v n="$2" -v pus="$3" \
	    -v idle="$(cat "$BENCH_TMP/idle.ms" 2>/dev/null || echo 0)" \
	    -v hz="$(getconf CLK_TCK)" -v late="$([ -s "$sc_dir/late" ] && echo 1 || echo 0)" '
	function base(f) { sub(/.*\//, "", f); return f }
	$1 ~ /^(T0|T1|XT|STAT0|STAT1)$/ { v[base(FILENAME), $1] = $2; next }
	$1 == "CPU" { cpu[base(FILENAME), $2] = $3; next }
	$1 == "S" { k = base(FILENAME) SUBSEP $2 SUBSEP $4
		fr[k] = $5; xr[k] = $6; ne[k] = $7; nr[k] = $8; ir[k] = $9
		sp[k] = $10; pb[k] = $11; hp[k] = $12; hb[k] = $13
		id[$2] = $3; next }
	$1 == "IRQ" { irq[base(FILENAME), $2] = $3; next }
	/^guest=/ { res[substr($1, 7)] = $0; order[++ng] = substr($1, 7); next }
	END {
		# dom0 (/proc/stat): from the last reading of A to the first of B
		dt = v["B", "T0"] - v["A", "T1"]; if (dt <= 0) dt = 1
		d0 = 1000 * (v["B", "STAT0"] - v["A", "STAT1"]) / hz / dt
		# guests (xl list): between the two xl calls
		xt = v["B", "XT"] - v["A", "XT"]; if (xt <= 0) xt = 1
		printf "step front=%s guests=%d period_us=%d window_s=%.1f dom0_ms_per_s=%.1f dom0_idle_ms_per_s=%.1f dom0_net_ms_per_s=%.1f late=%d\n",
			front, n, pus, dt, d0, idle, d0 - idle, late
		for (i = 1; i <= ng; i++) {
			g = order[i]
			line = res[g] sprintf(" front=%s guests=%d period_us=%d", front, n, pus)
			line = line sprintf(" guest_ms_per_s=%.1f",
				1000 * (cpu["B", g] - cpu["A", g]) / xt)
			hx = 0
			for (s = 0; s <= 1; s++) {
				a = "A" SUBSEP g SUBSEP s; b = "B" SUBSEP g SUBSEP s
				z = "0" SUBSEP g SUBSEP s; c = "C" SUBSEP g SUBSEP s
				pf = pb[a] / 4	# S16_LE stereo: 4 octets a frame
				per = pf > 0 ? (fr[b] - fr[a]) / pf : 0
				nm = "sndback" id[g] ".0-s" s
				g2d = irq["B", nm] - irq["A", nm]
				d2g = (ne[b] - ne[a]) + (nr[b] - nr[a])
				dn = s ? "cap" : "play"
				line = line sprintf(" %s_periods=%d %s_g2d=%d %s_d2g=%d %s_evt=%d %s_rsp=%d %s_g2d_per_period=%.2f %s_d2g_per_period=%.2f %s_host_period_frames=%d %s_host_buffer_frames=%d %s_spurious=%d",
					dn, per, dn, g2d, dn, d2g, dn, ne[b] - ne[a],
					dn, nr[b] - nr[a],
					dn, per > 0 ? g2d / per : -1,
					dn, per > 0 ? d2g / per : -1,
					dn, hp[a], dn, hb[a], dn, sp[b] - sp[a])
				hx += xr[c] - xr[z]
			}
			line = line sprintf(" host_xruns=%d dom0_net_ms_per_s=%.1f", hx, d0 - idle)
			print line
		}
	}' "$sc_dir/0" "$sc_dir/A" "$sc_dir/B" "$sc_dir/C" "$sc_dir"/*.result \
		> "$sc_dir/detail"
	cat "$sc_dir/detail" >> "$BENCH_DETAIL"

	# The step's row: worst guest for latency, sums for xruns, means for
	# CPU and notifications.
	grep -v '^step ' "$sc_dir/detail" | awk -v step="$(grep '^step ' "$sc_dir/detail")" \
		"$BENCH_AWK_KV"'
	{
		n++
		if (kv($0, "missing") != "") { miss++; next }
		p50 = kv($0, "lat_p50_us") + 0; p99 = kv($0, "lat_p99_us") + 0
		mx = kv($0, "lat_max_us") + 0
		if (p50 > w50) w50 = p50
		if (p99 > w99) w99 = p99
		if (mx > wmx) wmx = mx
		pf = kv($0, "period_frames"); bf = kv($0, "buffer_frames")
		fill = kv($0, "fill")
		gx += kv($0, "xrun_play") + kv($0, "xrun_cap") + kv($0, "stall_cap") + kv($0, "err_play")
		hx += kv($0, "host_xruns")
		sent += kv($0, "markers"); found += kv($0, "found")
		garb += kv($0, "garbage")
		gcpu += kv($0, "guest_ms_per_s")
		pg += kv($0, "play_g2d_per_period"); pd += kv($0, "play_d2g_per_period")
		cg += kv($0, "cap_g2d_per_period"); cd += kv($0, "cap_d2g_per_period")
		hpf = kv($0, "play_host_period_frames")
		ok++
	}
	function f2(v) { return (ok && !late) ? sprintf("%.2f", v) : "na" }
	END {
		d0 = kv(step, "dom0_net_ms_per_s") + 0
		late = kv(step, "late") + 0
		printf "front=%s guests=%d period_us=%d period_frames=%d buffer_frames=%d fill=%d host_period_frames=%d rt_p50_ms=%.2f rt_p99_ms=%.2f rt_max_ms=%.2f guest_xruns=%d host_xruns=%d markers=%d found=%d garbage=%d dom0_ms_per_s_stream=%s guest_ms_per_s_stream=%s play_g2d=%s play_d2g=%s cap_g2d=%s cap_d2g=%s missing=%d late=%d\n",
			kv(step, "front"), kv(step, "guests"), kv(step, "period_us"),
			pf, bf, fill, hpf, w50 / 1000, w99 / 1000, wmx / 1000, gx, hx,
			sent, found, garb, f2(d0 / (2 * n)), f2(ok ? gcpu / ok / 2 : 0),
			f2(ok ? pg / ok : 0), f2(ok ? pd / ok : 0),
			f2(ok ? cg / ok : 0), f2(ok ? cd / ok : 0), miss + 0, late
	}' >> "$BENCH_ROWS"

}

# bench_step FRONT PERIOD_US GUEST...: one step; appends one line per guest
# to bench-detail.txt and one row to bench-rows.txt, and reports
# PREFIX.FRONT.gN.pPERIOD_US (N = number of guests) in TAP.
bench_step() {
	st_front=$1 st_period=$2
	shift 2
	st_n=$#
	st_tag=$st_front-g$st_n-p$st_period
	st_test=$BENCH_PREFIX.$st_front.g$st_n.p$st_period
	# The guests start up to a few seconds apart, more of them later.
	st_tool_secs=$((BENCH_SECS + BENCH_SLACK + 2 * st_n))
	st_dir=$LAB_RES/bench-steps/$st_tag
	mkdir -p "$st_dir"

	lab_log "step $st_tag: $st_n guest(s), period $st_period us, ${BENCH_SECS} s"
	bench_snap "$st_dir/0" "$@"
	for g in "$@"; do
		xs_write "/local/domain/$(cat "$BENCH_TMP/$g.domid")/data/xsnd-go" \
			"$st_tag $st_period $st_tool_secs $BENCH_WARMUP $(echo "$BENCH_TOOL_ARGS" | tr , ' ')"
	done
	st_ok=1
	for g in "$@"; do
		guest_wait_marker "$g" "$st_tag-run" 120 || st_ok=0
	done
	bench_snap "$st_dir/A" "$@"
	if [ -n "$BENCH_TRACE" ]; then
		# Debugging: the streams' counters every second (costs dom0 CPU).
		for i in $(seq "$BENCH_SECS"); do
			for g in "$@"; do
				id=$(cat "$BENCH_TMP/$g.domid")
				for si in 0 1; do
					echo "$(cut -d' ' -f1 /proc/uptime) $g s$si $(grep -E '^(state|appl|copied|pos|frames|xruns|events|notify_evt|notify_req|irqs|spurious):' "$XB_DBG/dom$id-0/s$si" | tr '\n' ' ')"
				done
			done >> "$st_dir/trace"
			sleep 1
		done
	else
		sleep "$BENCH_SECS"
	fi
	bench_snap "$st_dir/B" "$@"
	st_late=
	for g in "$@"; do
		[ -n "$(bench_result "$g" "$st_tag")" ] && st_late="$st_late $g"
	done
	for g in "$@"; do
		guest_wait_marker "$g" "$st_tag-done" $((st_tool_secs + 120)) || st_ok=0
	done
	bench_snap "$st_dir/C" "$@"
	# A guest that finished before B: dom0's window is not all audio.
	if [ -n "$st_late" ]; then
		tap_diag "$st_tag: window B after the end of$st_late (BENCH_SLACK too small): no dom0 figures"
		echo "$st_late" > "$st_dir/late"
	fi

	for g in "$@"; do
		r=$(bench_result "$g" "$st_tag")
		[ -n "$r" ] || { st_ok=0; r="name=$st_tag missing=1"; }
		echo "guest=$g $r" > "$st_dir/$g.result"
	done
	echo "$st_dir $st_front $st_n $st_period" >> "$BENCH_TMP/steps"

	# The step ran if every guest reported and found its markers; the
	# figures are computed at the end (bench_table), against the final
	# idle baseline.
	st_msg=$(cat "$st_dir"/*.result | awk '
	{	for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		if (v["missing"] != "" || v["found"] + 0 == 0) bad++
		if (v["lat_p50_us"] + 0 > p50) p50 = v["lat_p50_us"] + 0
		x += v["xrun_play"] + v["xrun_cap"] + v["stall_cap"] + v["err_play"]
		delete v }
	END { printf "%s round trip p50 %.2f ms (worst guest), guest xruns %d\n",
		bad ? "bad" : "ok", p50 / 1000, x }')
	case "$st_msg" in
	ok*) [ $st_ok -eq 1 ] || st_msg="bad ${st_msg#ok }" ;;
	esac
	case "$st_msg" in
	ok*) tap_ok "$st_test" "${st_msg#ok }" ;;
	*) tap_fail "$st_test" "a guest gave no figures or no marker came back: ${st_msg#bad }" ;;
	esac
}

# bench_table: bench-table.md from bench-rows.txt, with the issue's targets:
# round trip <= 4 periods + 1 ms (p99, at the smallest period without
# xruns, one guest), <= 1 notification per period per direction, zero
# xruns with 8 streams (4 guests: each has a playback and a capture
# stream) and with 8 guests at 10 ms.
bench_table() {
	[ -s "$BENCH_TMP/steps" ] || return 0
	: > "$BENCH_ROWS"
	: > "$BENCH_DETAIL"
	while read -r bt_dir bt_front bt_n bt_period; do
		bench_compute "$bt_dir" "$bt_front" "$bt_n" "$bt_period"
	done < "$BENCH_TMP/steps"
	awk "$BENCH_AWK_KV"'
	BEGIN {
		print "| frontend | guests | period ms | rt p50 ms | rt p99 ms | rt max ms | p99 / (4P+1ms) | xruns guest | xruns host | markers found | dom0 ms/s/stream | guest ms/s/stream | play g>d | play d>g | cap g>d | cap d>g |"
		print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	}
	{
		p = kv($0, "period_us") / 1000
		lim = 4 * p + 1
		printf "| %s | %s | %g | %s | %s | %s | %.2f | %s | %s | %s/%s | %s | %s | %s | %s | %s | %s |\n",
			kv($0, "front"), kv($0, "guests"), p, kv($0, "rt_p50_ms"),
			kv($0, "rt_p99_ms"), kv($0, "rt_max_ms"),
			kv($0, "rt_p99_ms") / lim,
			kv($0, "guest_xruns"), kv($0, "host_xruns"),
			kv($0, "found"), kv($0, "markers"),
			kv($0, "dom0_ms_per_s_stream"), kv($0, "guest_ms_per_s_stream"),
			kv($0, "play_g2d"), kv($0, "play_d2g"),
			kv($0, "cap_g2d"), kv($0, "cap_d2g")
	}' "$BENCH_ROWS" > "$LAB_RES/bench-table.md"

	# Targets, per frontend.
	awk "$BENCH_AWK_KV"'
	function max(a, b) { a += 0; b += 0; return a > b ? a : b }
	{
		f = kv($0, "front"); n = kv($0, "guests") + 0; p = kv($0, "period_us") + 0
		x = kv($0, "guest_xruns") + kv($0, "host_xruns")
		fronts[f] = 1
		if (n == 1 && x == 0 && kv($0, "found") > 0 && (!(f in best) || p < best[f])) {
			best[f] = p; rt[f] = kv($0, "rt_p99_ms") + 0
		}
		# Worst stream per direction: in steady state (one guest, no
		# xrun: an xrun adds a STOP and a START, each answered), and
		# over every one-guest row.
		if (n == 1 && kv($0, "play_g2d") != "na") {
			g = max(kv($0, "play_g2d"), kv($0, "cap_g2d"))
			d = max(kv($0, "play_d2g"), kv($0, "cap_d2g"))
			ag[f] = max(ag[f], g); ad[f] = max(ad[f], d)
			seen1[f] = 1
			if (!x) {
				ng[f] = max(ng[f], g); nd[f] = max(nd[f], d)
				clean1[f] = 1
			}
		}
		if (n == 4 && p == 10000) { s8[f] = x; has8[f] = 1 }
		if (n == 8 && p == 10000) { g8[f] = x; hasg8[f] = 1 }
	}
	END {
		for (f in fronts) {
			if (f in best) {
				lim = 4 * best[f] / 1000 + 1
				printf "target %s round-trip: smallest clean period %g ms, p99 %.2f ms vs 4P+1ms = %.2f ms (ratio %.2f): %s\n",
					f, best[f] / 1000, rt[f], lim, rt[f] / lim,
					rt[f] <= lim ? "HOLDS" : "MISSED"
			} else {
				printf "target %s round-trip: no period ran without xruns: MISSED\n", f
			}
			if (clean1[f])
				printf "target %s notifications, steady state (one guest, no xrun): worst %.2f guest->dom0 and %.2f dom0->guest per period per stream (<= 1): %s; with xrun recovery: %.2f and %.2f\n",
					f, ng[f], nd[f], ng[f] <= 1.05 && nd[f] <= 1.05 ? "HOLDS" : "MISSED", ag[f], ad[f]
			else if (seen1[f])
				printf "target %s notifications: no one-guest period ran without xruns: MISSED; worst with xrun recovery %.2f guest->dom0 and %.2f dom0->guest\n",
					f, ag[f], ad[f]
			if (has8[f])
				printf "target %s 8 streams (4 guests) at 10 ms: %d xruns: %s\n",
					f, s8[f], s8[f] ? "MISSED" : "HOLDS"
			if (hasg8[f])
				printf "target %s 8 guests (16 streams) at 10 ms: %d xruns: %s\n",
					f, g8[f], g8[f] ? "MISSED" : "HOLDS"
		}
	}' "$BENCH_ROWS" | sort > "$LAB_RES/bench-targets.txt"

	if [ "$BENCH_SUMMARY" = 1 ]; then
		lab_summary "Benchmark (xsnd-bench round trip, 48 kHz S16_LE stereo, fill 2 periods, ${BENCH_SECS} s per step; figures in bench-table.md, bench-detail.txt):"
		while IFS= read -r l; do lab_summary "$l"; done < "$LAB_RES/bench-table.md"
		while IFS= read -r l; do lab_summary "$l"; done < "$LAB_RES/bench-targets.txt"
	fi
	tap_diag_file "$LAB_RES/bench-table.md" 60
	tap_diag_file "$LAB_RES/bench-targets.txt" 20
}
