// SPDX-License-Identifier: GPL-2.0
/*
 * xsnd-rogue: a hostile sndif frontend for testing a dom0 sound backend.
 *
 * Runs in a PV guest that has a vsnd device but no kernel frontend loaded,
 * and speaks sndif (Xen's io/sndif.h, version 2) from user space: pages are
 * shared with the backend through gntalloc, event channels come from
 * /dev/xen/evtchn, XenStore through libxenstore. It needs the guest's
 * xen-gntalloc (with a raised "limit") and xen-evtchn modules.
 *
 *   xsnd-rogue [OPTIONS] good [--name PREFIX]
 *       a well-formed session: HW_PARAM_QUERY, OPEN, WRITE a pattern,
 *       START, CUR_POS events to the end, STOP, CLOSE (+ capture)
 *   xsnd-rogue [OPTIONS] checklist
 *       every case of the validation checklist, one TAP test each
 *   xsnd-rogue [OPTIONS] fuzz --seed S --count N [--xs-every N] [--ring-every N]
 *       N seeded random mutations of requests, ring indices, page
 *       directories and XenStore values, reconnecting when a stream dies
 *   xsnd-rogue [OPTIONS] storm --seconds T [--channel ring|evt|both] [--marker NAME]
 *       kick the event channels in a tight loop
 *   xsnd-rogue [OPTIONS] hold --seconds T [--marker NAME]
 *       OPEN and START every playback stream, WRITE the whole buffer, then
 *       leave after T seconds without STOP, CLOSE or disconnect: the
 *       backend must clean up when the guest goes away
 *
 * OPTIONS: --dev N (vsnd device, default 0), --prefix P (TAP names start
 * with P, default "rogue"), --max-buffer BYTES (dom0's max_buffer_kb in
 * octets, default 8388608), -v (progress on stderr as TAP comments).
 *
 * Output is TAP 13 with stable dotted names; the last line is
 * "N passed, N failed". Exit status 0 if nothing failed.
 *
 * The streams must be configured as the lab does: s16_le, 48000 Hz, 1..2
 * channels, a playback stream first and a capture stream.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rogue.h"

unsigned int tap_passed, tap_failed;
static unsigned int tap_n;

void tap(bool ok, const char *name, const char *fmt, ...)
{
	char msg[512] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	printf("%s %u - %s%s%s\n", ok ? "ok" : "not ok", ++tap_n, name,
	       *msg ? " # " : "", msg);
	fflush(stdout);
	if (ok)
		tap_passed++;
	else
		tap_failed++;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void vlog(struct rogue *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->verbose)
		return;
	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The lab's marker line (tools/lab/lib-guest.sh), for dom0 to wait on. */
void marker(const char *name)
{
	printf("xsnd-lab: marker %s\n", name);
	fflush(stdout);
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

const char *errname(int status)
{
	static char buf[16];

	switch (-status) {
	case 0: return "0";
	case XEN_EIO: return "-EIO";
	case XEN_ENOMEM: return "-ENOMEM";
	case XEN_EFAULT: return "-EFAULT";
	case XEN_EBUSY: return "-EBUSY";
	case XEN_ENODEV: return "-ENODEV";
	case XEN_EINVAL: return "-EINVAL";
	case XEN_ENOSYS: return "-ENOSYS";
	case XEN_EOPNOTSUPP: return "-EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "%d", status);
	return buf;
}

/* ---- good ------------------------------------------------------------------ */

static struct rstream *find_stream(struct rogue *r, bool capture)
{
	unsigned int i;

	for (i = 0; i < r->nstreams; i++)
		if (r->st[i].capture == capture)
			return &r->st[i];
	return NULL;
}

/* Status of one call, or 1 for "no answer". */
static int call_status(struct rogue *r, struct rstream *s,
		       struct xensnd_req rq, struct xensnd_resp *out)
{
	struct xensnd_resp rsp;

	if (rs_call(r, s, &rq, &rsp, 5000))
		return 1;
	if (out)
		*out = rsp;
	return rsp.status;
}

/* Wait until the stream's last event position reaches @pos. */
static bool wait_pos(struct rogue *r, struct rstream *s, uint64_t pos,
		     int timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;

	while (now_ms() < end) {
		rs_drain_events(s);
		if (s->evt_any && s->evt_last_pos >= pos)
			return true;
		rogue_poll(r, 10);
	}
	rs_drain_events(s);
	return s->evt_any && s->evt_last_pos >= pos;
}

static void fill_pattern(struct rstream *s)
{
	uint16_t *p = (uint16_t *)s->buf;
	unsigned int i;

	for (i = 0; i < BUF_BYTES / 2; i++)
		p[i] = (uint16_t)(i * 40503u + 0x1234);
}

int mode_good(struct rogue *r, const char *pfx)
{
	struct rstream *p = find_stream(r, false), *c = find_stream(r, true);
	struct xensnd_resp rsp = { 0 };
	struct xensnd_req rq;
	char name[128];
	int st, be, i, bad;
	uint64_t pos_prev;

#define N(x) (snprintf(name, sizeof(name), "%s.%s", pfx, x), name)
	st = rogue_connect(r, NULL, NULL, &be);
	tap(st == CONN_OK, N("connect"), "backend state %d", be);
	if (st != CONN_OK || !p)
		return -1;

	rq = mk_query_all();
	st = call_status(r, p, rq, &rsp);
	tap(st == 0 && (rsp.resp.hw_param.formats & (1ull << GOOD_FORMAT)) &&
	    rsp.resp.hw_param.rates.min <= GOOD_RATE &&
	    rsp.resp.hw_param.rates.max >= GOOD_RATE &&
	    rsp.resp.hw_param.channels.max >= GOOD_CHANNELS,
	    N("query"), "status %s, formats %#" PRIx64 ", rates %u..%u, channels %u..%u",
	    errname(st), rsp.resp.hw_param.formats,
	    rsp.resp.hw_param.rates.min, rsp.resp.hw_param.rates.max,
	    rsp.resp.hw_param.channels.min, rsp.resp.hw_param.channels.max);

	fill_pattern(p);
	dir_fill(p);
	st = call_status(r, p, mk_good_open(p), NULL);
	tap(st == 0, N("open"), "status %s", errname(st));

	for (i = 0, bad = 0; i < 4; i++) {
		st = call_status(r, p, mk_rw(XENSND_OP_WRITE, i * (BUF_BYTES / 4),
					     BUF_BYTES / 4), NULL);
		bad += st != 0;
	}
	tap(!bad, N("write"), "4 writes of %u octets, %d failed", BUF_BYTES / 4, bad);

	st = call_status(r, p, mk_trigger(XENSND_OP_TRIGGER_START), NULL);
	tap(st == 0, N("start"), "status %s", errname(st));

	/* Positions: monotonic, ids from 0 without gaps, up to the end. */
	pos_prev = 0;
	bad = 0;
	{
		uint64_t end = now_ms() + 15000;

		while (now_ms() < end) {
			uint64_t before = p->evt_count;

			rs_drain_events(p);
			if (p->evt_count != before) {
				bad += p->evt_last_pos < pos_prev;
				pos_prev = p->evt_last_pos;
			}
			if (p->evt_any && p->evt_last_pos >= BUF_BYTES)
				break;
			rogue_poll(r, 10);
		}
	}
	tap(p->evt_any && p->evt_last_pos == BUF_BYTES && !bad &&
	    !p->evt_id_errors && !p->evt_type_errors && !p->evt_prod_errors,
	    N("events"), "%" PRIu64 " events, last position %" PRIu64
	    " (want %u), id errors %u (got %u want %u), backwards %d",
	    p->evt_count, p->evt_last_pos, BUF_BYTES, p->evt_id_errors,
	    p->evt_bad_id_got, p->evt_bad_id_want, bad);

	st = call_status(r, p, mk_trigger(XENSND_OP_TRIGGER_STOP), NULL);
	rs_drain_events(p);
	tap(st == 0 && p->evt_last_pos % BUF_BYTES == 0, N("stop"),
	    "status %s, position %" PRIu64, errname(st), p->evt_last_pos);

	st = call_status(r, p, mk_req(XENSND_OP_CLOSE), NULL);
	tap(st == 0, N("close"), "status %s", errname(st));

	if (c) {
		int s_open, s_start, s_read = 1, s_stop, s_close;
		bool got;

		dir_fill(c);
		s_open = call_status(r, c, mk_good_open(c), NULL);
		s_start = call_status(r, c, mk_trigger(XENSND_OP_TRIGGER_START),
				      NULL);
		got = wait_pos(r, c, 2 * GOOD_PERIOD, 10000);
		if (got)
			s_read = call_status(r, c, mk_rw(XENSND_OP_READ, 0,
							 GOOD_PERIOD), NULL);
		s_stop = call_status(r, c, mk_trigger(XENSND_OP_TRIGGER_STOP),
				     NULL);
		s_close = call_status(r, c, mk_req(XENSND_OP_CLOSE), NULL);
		tap(!s_open && !s_start && got && !s_read && !s_stop && !s_close &&
		    !c->evt_id_errors,
		    N("capture"), "open %s start %s events %s read %s stop %s close %s",
		    errname(s_open), errname(s_start), got ? "yes" : "no",
		    errname(s_read), errname(s_stop), errname(s_close));
	}

	tap(rogue_disconnect(r) == 0, N("disconnect"), NULL);
	return 0;
#undef N
}

/* ---- storm ----------------------------------------------------------------- */

int mode_storm(struct rogue *r, unsigned int seconds, const char *channel,
	       const char *mark)
{
	bool ring = strcmp(channel, "evt") != 0, evt = strcmp(channel, "ring") != 0;
	char name[128], m[128];
	unsigned long kicks = 0, fails = 0;
	uint64_t t0, end, el;
	unsigned int i, alive = 0;
	int st, be;

	st = rogue_connect_alive(r, 5, &be);
	snprintf(name, sizeof(name), "%s.storm.%s.connect", r->prefix, channel);
	tap(st == CONN_OK, name, "backend state %d", be);
	if (st != CONN_OK)
		return -1;
	snprintf(name, sizeof(name), "%s.storm.%s.dead-at-connect", r->prefix, channel);
	tap(!r->dead_at_connect, name,
	    "%u times a stream never answered a fresh connection", r->dead_at_connect);

	if (mark) {
		snprintf(m, sizeof(m), "%s-start", mark);
		marker(m);
	}
	t0 = now_ms();
	end = t0 + seconds * 1000ull;
	for (;;) {
		for (i = 0; i < r->nstreams; i++) {
			if (ring)
				fails += xenevtchn_notify(r->xce, r->st[i].ring_port) < 0;
			if (evt)
				fails += xenevtchn_notify(r->xce, r->st[i].evt_port) < 0;
			kicks += ring + evt;
		}
		if ((kicks & 1023) < (ring + evt) * r->nstreams) {
			rogue_poll(r, 0);
			if (now_ms() >= end)
				break;
		}
	}
	el = now_ms() - t0;
	if (mark) {
		snprintf(m, sizeof(m), "%s-done", mark);
		marker(m);
	}
	diag("storm %s: %lu kicks in %" PRIu64 " ms (%.0f/s), %lu failed",
	     channel, kicks, el, kicks * 1000.0 / (el ? el : 1), fails);
	snprintf(name, sizeof(name), "%s.storm.%s.kicks", r->prefix, channel);
	tap(kicks > 0 && !fails, name, "%lu kicks, %.0f/s", kicks,
	    kicks * 1000.0 / (el ? el : 1));

	/* The backend may delay late EOIs by up to a second after a storm. */
	sleep_ms(1500);
	for (i = 0; i < r->nstreams; i++) {
		struct xensnd_resp rsp;
		struct xensnd_req rq = mk_query_all();

		if (!rs_call(r, &r->st[i], &rq, &rsp, 10000) && rsp.status == 0)
			alive++;
	}
	snprintf(name, sizeof(name), "%s.storm.%s.alive", r->prefix, channel);
	tap(alive == r->nstreams, name, "%u of %u streams answer a query after the storm",
	    alive, r->nstreams);
	rogue_disconnect(r);
	return 0;
}

/* ---- hold ------------------------------------------------------------------ */

int mode_hold(struct rogue *r, unsigned int seconds, const char *mark)
{
	unsigned int i, started = 0, playback = 0;
	char name[128];
	int st, be;

	st = rogue_connect_alive(r, 5, &be);
	snprintf(name, sizeof(name), "%s.hold.connect", r->prefix);
	tap(st == CONN_OK, name, "backend state %d", be);
	if (st != CONN_OK)
		return -1;
	for (i = 0; i < r->nstreams; i++) {
		struct rstream *p = &r->st[i];
		int bad = 0;

		if (p->capture)
			continue;
		playback++;
		fill_pattern(p);
		dir_fill(p);
		bad |= call_status(r, p, mk_good_open(p), NULL);
		bad |= call_status(r, p, mk_rw(XENSND_OP_WRITE, 0, BUF_BYTES), NULL);
		bad |= call_status(r, p, mk_trigger(XENSND_OP_TRIGGER_START), NULL);
		started += !bad;
	}
	snprintf(name, sizeof(name), "%s.hold.start", r->prefix);
	tap(started && started == playback, name,
	    "%u of %u playback streams open and running", started, playback);
	if (mark)
		marker(mark);
	sleep_ms(seconds * 1000ull);
	/* No STOP, no CLOSE, no disconnect: exit with everything shared. */
	return 0;
}

/* ---- main ------------------------------------------------------------------ */

static void usage(void)
{
	fputs("usage: xsnd-rogue [--dev N] [--prefix P] [--max-buffer BYTES] [-v] MODE\n"
	      "  good [--name PREFIX]\n"
	      "  checklist\n"
	      "  fuzz --seed S --count N [--xs-every N] [--ring-every N]\n"
	      "  storm --seconds T [--channel ring|evt|both] [--marker NAME]\n"
	      "  hold --seconds T [--marker NAME]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static struct rogue r;
	const char *mode = NULL, *name = NULL, *channel = "both", *mark = NULL;
	unsigned long count = 100000, seconds = 10, dev = 0;
	unsigned int xs_every = 10000, ring_every = 10000;
	uint64_t seed = 1;
	int i, rc;

	r.prefix = "rogue";
	r.max_buffer = 8388608;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define OPT(s) (!strcmp(a, s) && v && (i++, 1))
		if (!strcmp(a, "-v"))
			r.verbose = 1;
		else if (OPT("--dev"))
			dev = strtoul(v, NULL, 0);
		else if (OPT("--prefix"))
			r.prefix = v;
		else if (OPT("--max-buffer"))
			r.max_buffer = strtoul(v, NULL, 0);
		else if (OPT("--name"))
			name = v;
		else if (OPT("--seed"))
			seed = strtoull(v, NULL, 0);
		else if (OPT("--count"))
			count = strtoul(v, NULL, 0);
		else if (OPT("--xs-every"))
			xs_every = strtoul(v, NULL, 0);
		else if (OPT("--ring-every"))
			ring_every = strtoul(v, NULL, 0);
		else if (OPT("--seconds"))
			seconds = strtoul(v, NULL, 0);
		else if (OPT("--channel"))
			channel = v;
		else if (OPT("--marker"))
			mark = v;
		else if (a[0] != '-' && !mode)
			mode = a;
		else
			usage();
#undef OPT
	}
	if (!mode)
		usage();

	printf("TAP version 13\n");
	if (rogue_init(&r, dev)) {
		char n[64];

		snprintf(n, sizeof(n), "%s.%s.init", r.prefix, mode);
		tap(false, n, "no usable vsnd device");
	} else if (!strcmp(mode, "good")) {
		char n[64];

		snprintf(n, sizeof(n), "%s.good", r.prefix);
		mode_good(&r, name ? name : n);
	} else if (!strcmp(mode, "checklist")) {
		mode_checklist(&r);
	} else if (!strcmp(mode, "fuzz")) {
		mode_fuzz(&r, seed, count, xs_every, ring_every);
	} else if (!strcmp(mode, "storm")) {
		mode_storm(&r, seconds, channel, mark);
	} else if (!strcmp(mode, "hold")) {
		mode_hold(&r, seconds, mark);
	} else {
		usage();
	}
	printf("1..%u\n", tap_n);
	printf("%u passed, %u failed\n", tap_passed, tap_failed);
	rc = tap_failed ? 1 : 0;
	fflush(stdout);
	return rc;
}
