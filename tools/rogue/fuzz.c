// SPDX-License-Identifier: GPL-2.0
/*
 * xsnd-rogue fuzz: seeded random mutation of requests, ring indices, event
 * page indices, page directories and XenStore values.
 *
 * Requests go in batches of up to a full ring, one notification each; the
 * fuzzer then collects the answers and checks only what must hold for any
 * input: every request is answered (unless the ring was broken on purpose),
 * id and operation are echoed, reserved bytes are zero, the status is 0 or
 * a negative errno (-EINVAL for unknown operations), a HW_PARAM_QUERY
 * answer never widens the request, CUR_POS ids have no gaps, and a
 * connection can always be made again.
 *
 * Grant refs the fuzzer hands the backend are its own pages, refs granted to
 * another domain, or numbers far above any grant table; never small numbers
 * (the toolstack's console and XenStore pages are grants 0 and 1, and a
 * capture buffer mapped over them would wreck this guest's own I/O).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rogue.h"

#define NDIRS		8
#define BIG_REF		0x01000000u	/* refs from here on are never granted */

struct fz {
	struct rogue *r;
	uint64_t rng;
	unsigned long sent, answered, batches, reconnects, reconnect_fail;
	unsigned long ring_attacks, ring_attack_answered, stale_attacks;
	unsigned long evt_attacks, xs_attacks, xs_refused, xs_connected, xs_stuck;
	unsigned long silent, bad_echo, bad_status, bad_query, bad_unknown_op;
	unsigned long opens_ok;
	char first[512];
	/* directory variants, over the streams' buffers */
	uint32_t *dirs;
	uint32_t dir_refs[NDIRS];
	void *foreign;
	uint32_t foreign_ref;
	uint32_t all_refs[MAX_STREAMS * BUF_PAGES];
	unsigned int nrefs;
	/* per stream model: what the fuzzer believes */
	struct { bool open; uint32_t buf, off, period; } m[MAX_STREAMS];
	/* status histogram: -status 0..127, else other */
	unsigned long hist[129];
};

static uint64_t rnd(struct fz *f)
{
	/* xorshift64* */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 2685821657736338717ull;
}

static uint32_t rn(struct fz *f, uint32_t n)
{
	return n ? rnd(f) % n : 0;
}

static bool chance(struct fz *f, unsigned int pct)
{
	return rn(f, 100) < pct;
}

static uint32_t interesting32(struct fz *f, uint32_t buf)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 63, 64, 255, 256, 4095, 4096,
		4097, 65535, 65536, 0x7fffffff, 0x80000000, 0xfffffffc,
		0xfffffffe, 0xffffffff, 48000, 44100, 8388608, 16777216,
	};

	switch (rn(f, 4)) {
	case 0:
		return v[rn(f, sizeof(v) / sizeof(v[0]))];
	case 1:
		return buf + (int32_t)(rn(f, 17) - 8);
	case 2:
		return rn(f, 1u << rn(f, 32));
	default:
		return (uint32_t)rnd(f);
	}
}

static uint32_t safe_ref(struct fz *f)
{
	switch (rn(f, 4)) {
	case 0:
		return f->foreign_ref;
	case 1:
		return BIG_REF + rn(f, 0xfe000000u);
	default:
		return f->all_refs[rn(f, f->nrefs)];
	}
}

/* Fill directory page @d: mostly real buffer refs, never small numbers. */
static void fill_dir(struct fz *f, uint32_t *d, int kind, uint32_t self,
		     uint32_t other)
{
	unsigned int i;

	for (i = 1; i <= DIR_GREFS; i++)
		d[i] = f->all_refs[(i - 1) % f->nrefs];
	switch (kind) {
	case 0:	/* exact */
		d[0] = 0;
		break;
	case 1:	/* cyclic */
		d[0] = self;
		break;
	case 2:	/* two-page cycle */
		d[0] = other;
		break;
	case 3:	/* garbage refs */
		for (i = 1; i <= DIR_GREFS; i++)
			d[i] = BIG_REF + rn(f, 0xfe000000u);
		d[0] = 0;
		break;
	case 4:	/* one foreign ref */
		d[0] = 0;
		d[1 + rn(f, 16)] = f->foreign_ref;
		break;
	default: /* random mix */
		for (i = 1; i <= DIR_GREFS; i++)
			d[i] = chance(f, 80) ? f->all_refs[rn(f, f->nrefs)] :
						safe_ref(f);
		/* Next: none, a directory, or nothing grantable; never a
		 * buffer page, whose contents would read as small refs. */
		switch (rn(f, 4)) {
		case 0: d[0] = f->dir_refs[rn(f, NDIRS)]; break;
		case 1: d[0] = BIG_REF + rn(f, 0xfe000000u); break;
		case 2: d[0] = f->foreign_ref; break;
		default: d[0] = 0;
		}
	}
}

static uint32_t *dirp(struct fz *f, unsigned int i)
{
	return f->dirs + i * (PAGE_SZ / 4);
}

static int fz_setup(struct fz *f)
{
	struct rogue *r = f->r;
	unsigned int i, j;

	f->dirs = share(r, r->be_domid, NDIRS, f->dir_refs, true);
	f->foreign = share(r, 32000, 1, &f->foreign_ref, true);
	if (!f->dirs || !f->foreign)
		return -1;
	for (i = 0; i < r->nstreams; i++)
		for (j = 0; j < BUF_PAGES; j++)
			f->all_refs[f->nrefs++] = r->st[i].buf_refs[j];
	for (i = 0; i < NDIRS; i++)
		fill_dir(f, dirp(f, i), i < 6 ? (int)i : 5, f->dir_refs[i],
			 f->dir_refs[i ^ 1]);
	/* The streams' own directories: whole pages of real refs. */
	for (i = 0; i < r->nstreams; i++) {
		struct rstream *s = &r->st[i];

		for (j = 1; j <= DIR_GREFS; j++)
			s->dir[j] = s->buf_refs[(j - 1) % BUF_PAGES];
		s->dir[0] = 0;
	}
	return 0;
}

static bool known_ref(struct fz *f, struct rstream *s, uint32_t ref)
{
	unsigned int i;

	if (ref == 0 || ref >= BIG_REF || ref == f->foreign_ref ||
	    ref == s->dir_ref)
		return true;
	for (i = 0; i < NDIRS; i++)
		if (ref == f->dir_refs[i])
			return true;
	for (i = 0; i < f->r->nstreams; i++)
		if (ref == f->r->st[i].dir_ref)
			return true;
	return false;
}

static void gen_open(struct fz *f, struct rstream *s, struct xensnd_req *rq,
		     unsigned int si)
{
	struct xensnd_open_req *o = &rq->op.open;
	static const uint32_t rates[] = { 48000, 44100, 8000, 96000, 0, 5512 };
	uint32_t max = f->r->max_buffer;

	o->pcm_format = chance(f, 85) ? GOOD_FORMAT : rn(f, 32);
	o->pcm_channels = chance(f, 85) ? (chance(f, 80) ? 2 : 1) : rn(f, 256);
	o->pcm_rate = chance(f, 85) ? GOOD_RATE : rates[rn(f, 6)];
	/* Mostly small buffers: a large valid one costs dom0 thousands of
	 * grant maps, which is worth doing, but not every time. */
	switch (rn(f, 20)) {
	case 0: o->buffer_sz = (rn(f, max / 4) + 1) * 4; break;
	case 1: o->buffer_sz = 4096 * (1 + rn(f, 2048)); break;
	case 2: case 3: case 4: o->buffer_sz = interesting32(f, BUF_BYTES); break;
	case 5: case 6: case 7: o->buffer_sz = 4 * (1 + rn(f, BUF_BYTES / 4)); break;
	case 8: case 9: o->buffer_sz = BUF_BYTES / 2; break;
	default: o->buffer_sz = BUF_BYTES;
	}
	switch (rn(f, 6)) {
	case 0: o->period_sz = 0; break;
	case 1: o->period_sz = interesting32(f, o->buffer_sz); break;
	case 2: o->period_sz = 64 * (1 + rn(f, 64)); break;
	default: o->period_sz = GOOD_PERIOD;
	}
	switch (rn(f, 10)) {
	case 0: o->gref_directory = 0; break;
	case 1: o->gref_directory = safe_ref(f); break;
	case 2: case 3: case 4:
		o->gref_directory = f->dir_refs[rn(f, NDIRS)];
		if (chance(f, 20)) {
			unsigned int d = rn(f, NDIRS);

			fill_dir(f, dirp(f, d), rn(f, 7), f->dir_refs[d],
				 f->dir_refs[rn(f, NDIRS)]);
		}
		break;
	default:
		o->gref_directory = s->dir_ref;
	}
	(void)si;
}

static void gen(struct fz *f, struct rstream *s, unsigned int si,
		struct xensnd_req *rq)
{
	unsigned int w = rn(f, 100), n, i;
	uint32_t buf = f->m[si].open ? f->m[si].buf : BUF_BYTES;
	uint8_t *b;

	memset(rq, 0, sizeof(*rq));
	if (w < 10) {
		rq->operation = XENSND_OP_OPEN;
		gen_open(f, s, rq, si);
	} else if (w < 16) {
		rq->operation = XENSND_OP_CLOSE;
	} else if (w < 46) {
		bool right = chance(f, 85);

		rq->operation = (s->capture == right) ? XENSND_OP_READ :
							XENSND_OP_WRITE;
		rq->op.rw.offset = chance(f, 70) ? f->m[si].off :
						   interesting32(f, buf);
		switch (rn(f, 5)) {
		case 0: rq->op.rw.length = interesting32(f, buf); break;
		case 1: rq->op.rw.length = 4 * rn(f, 2048); break;
		default: rq->op.rw.length = f->m[si].period ?
				f->m[si].period : GOOD_PERIOD;
		}
	} else if (w < 60) {
		rq->operation = XENSND_OP_TRIGGER;
		rq->op.trigger.type = chance(f, 90) ? rn(f, 4) : rn(f, 256);
	} else if (w < 72) {
		rq->operation = XENSND_OP_HW_PARAM_QUERY;
		rq->op.hw_param = mk_query_all().op.hw_param;
		if (chance(f, 50))
			rq->op.hw_param.formats = rnd(f);
		if (chance(f, 30))
			rq->op.hw_param.rates.min = interesting32(f, 48000);
		if (chance(f, 30))
			rq->op.hw_param.rates.max = interesting32(f, 48000);
		if (chance(f, 30))
			rq->op.hw_param.channels.min = rn(f, 4);
		if (chance(f, 30))
			rq->op.hw_param.channels.max = rn(f, 40);
		if (chance(f, 30))
			rq->op.hw_param.buffer.min = interesting32(f, 16384);
		if (chance(f, 30))
			rq->op.hw_param.buffer.max = interesting32(f, 16384);
		if (chance(f, 30))
			rq->op.hw_param.period.min = interesting32(f, 1024);
		if (chance(f, 30))
			rq->op.hw_param.period.max = interesting32(f, 1024);
	} else if (w < 84) {
		rq->operation = XENSND_OP_SET_VOLUME + rn(f, 4);
		rq->op.rw.offset = chance(f, 60) ? 4 * rn(f, 64) :
						   interesting32(f, buf);
		rq->op.rw.length = chance(f, 60) ? (chance(f, 50) ? 8 : 2) :
						   interesting32(f, 8);
		if (rq->operation == XENSND_OP_SET_VOLUME) {
			int32_t *v = (int32_t *)(s->buf + (rq->op.rw.offset & (BUF_BYTES - 1) & ~3u));

			if ((uint8_t *)(v + 2) <= s->buf + BUF_BYTES) {
				v[0] = -(int32_t)rn(f, 120000);
				v[1] = chance(f, 10) ? (int32_t)rnd(f) : 0;
			}
		}
	} else if (w < 88) {
		rq->operation = 10 + rn(f, 246);
		memset(&rq->op, (int)rn(f, 256), sizeof(rq->op));
	} else {
		rq->operation = rn(f, 10);
		b = (uint8_t *)&rq->op;
		for (i = 0; i < sizeof(rq->op); i++)
			b[i] = rnd(f);
	}

	/* Point mutations anywhere after the id. */
	if (chance(f, 30)) {
		b = (uint8_t *)rq;
		for (n = 1 + rn(f, 3); n; n--) {
			unsigned int off = 2 + rn(f, sizeof(*rq) - 6);
			uint32_t v = interesting32(f, buf);

			switch (rn(f, 3)) {
			case 0: b[off] = v; break;
			case 1: memcpy(b + off, &v, 2); break;
			default: memcpy(b + off, &v, 4);
			}
		}
	}
	if (chance(f, 20))
		for (i = 0; i < sizeof(rq->reserved); i++)
			rq->reserved[i] = rnd(f);
	/* Never a small grant number as a directory (see the header). */
	if (rq->operation == XENSND_OP_OPEN &&
	    !known_ref(f, s, rq->op.open.gref_directory))
		rq->op.open.gref_directory = BIG_REF + rn(f, 0xfe000000u);
}

static void problem(struct fz *f, const char *what,
		    const struct xensnd_req *rq, const struct xensnd_resp *rsp)
{
	const uint8_t *b = (const uint8_t *)rq;
	int n, i;

	if (f->first[0])
		return;
	n = snprintf(f->first, sizeof(f->first), "%s; request", what);
	for (i = 0; i < (int)sizeof(*rq) && n < (int)sizeof(f->first) - 4; i++)
		n += snprintf(f->first + n, sizeof(f->first) - n, "%s%02x",
			      i % 8 ? "" : " ", b[i]);
	if (rsp && n < (int)sizeof(f->first) - 40)
		snprintf(f->first + n, sizeof(f->first) - n,
			 "; response id %u op %u status %d", rsp->id,
			 rsp->operation, rsp->status);
}

static bool query_narrow_ok(const struct xensnd_query_hw_param *q,
			    const struct xensnd_query_hw_param *a)
{
#define IN(x) (a->x.min >= q->x.min && a->x.max <= q->x.max && a->x.min <= a->x.max)
	return !(a->formats & ~q->formats) && a->formats &&
	       IN(rates) && IN(channels) && IN(buffer) && IN(period);
#undef IN
}

static void check(struct fz *f, struct rstream *s, unsigned int si,
		  const struct xensnd_req *rq, const struct xensnd_resp *rsp)
{
	int st = rsp->status;

	f->answered++;
	f->hist[st <= 0 && st > -128 ? -st : 128]++;
	if (rsp->id != rq->id || rsp->operation != rq->operation ||
	    !rsp_reserved_clean(rsp)) {
		f->bad_echo++;
		problem(f, "response does not echo id/operation or has dirty reserved bytes",
			rq, rsp);
	}
	if (st > 0 || st < -4095) {
		f->bad_status++;
		problem(f, "status out of range", rq, rsp);
	}
	if (rq->operation > XENSND_OP_HW_PARAM_QUERY && st != -XEN_EINVAL) {
		f->bad_unknown_op++;
		problem(f, "unknown operation not refused with -EINVAL", rq, rsp);
	}
	if (rq->operation == XENSND_OP_HW_PARAM_QUERY && st == 0 &&
	    !query_narrow_ok(&rq->op.hw_param, &rsp->resp.hw_param)) {
		f->bad_query++;
		problem(f, "HW_PARAM_QUERY answer is not within the request", rq, rsp);
	}
	/* Follow the stream, loosely, so later requests make sense. */
	switch (rq->operation) {
	case XENSND_OP_OPEN:
		f->m[si].open = false;
		if (st == 0) {
			f->opens_ok++;
			f->m[si].open = true;
			f->m[si].buf = rq->op.open.buffer_sz;
			f->m[si].period = rq->op.open.period_sz;
			f->m[si].off = 0;
		}
		break;
	case XENSND_OP_CLOSE:
		f->m[si].open = false;
		break;
	case XENSND_OP_WRITE:
	case XENSND_OP_READ:
		if (st == 0 && f->m[si].buf)
			f->m[si].off = (uint32_t)(((uint64_t)f->m[si].off +
						   rq->op.rw.length) % f->m[si].buf);
		break;
	case XENSND_OP_TRIGGER:
		if (st == 0 && rq->op.trigger.type == XENSND_OP_TRIGGER_STOP)
			f->m[si].off = 0;
		break;
	}
	(void)s;
}

static bool fz_reconnect(struct fz *f)
{
	int be, st = rogue_connect_alive(f->r, 5, &be);
	unsigned int i;

	f->reconnects++;
	memset(f->m, 0, sizeof(f->m));
	if (st != CONN_OK) {
		f->reconnect_fail++;
		diag("fuzz: reconnect failed (outcome %d, backend state %d)", st, be);
		/* One more try from scratch. */
		st = rogue_connect_alive(f->r, 5, &be);
		if (st != CONN_OK)
			return false;
	}
	for (i = 0; i < f->r->nstreams; i++)
		f->r->st[i].dir[0] = 0;
	return true;
}

/* One batch of @n generated requests on stream @si. */
static bool batch(struct fz *f, unsigned int si, unsigned int n)
{
	struct rstream *s = &f->r->st[si];
	struct xensnd_req rq[RING_SLOTS];
	struct xensnd_resp rsp[RING_SLOTS];
	unsigned int i, got;
	bool evt_attack = chance(f, 2);
	uint32_t saved_cons = 0;

	for (i = 0; i < n; i++) {
		gen(f, s, si, &rq[i]);
		rq[i].id = s->next_id++;
		rs_queue(s, &rq[i]);
	}
	if (evt_attack && s->evt_page) {
		struct xensnd_event_page *pg = s->evt_page;

		rs_drain_events(s);
		s->evt_frozen = true;
		saved_cons = pg->in_cons;
		pg->in_cons = (uint32_t)rnd(f);
		f->evt_attacks++;
	}
	rs_push(f->r, s, chance(f, 5));
	f->sent += n;
	f->batches++;
	got = rs_collect(f->r, s, rsp, n, 8000);
	if (evt_attack && s->evt_page) {
		((struct xensnd_event_page *)s->evt_page)->in_cons = saved_cons;
		s->evt_frozen = false;
	}
	for (i = 0; i < got; i++)
		check(f, s, si, &rq[i], &rsp[i]);
	if (got < n) {
		f->silent += n - got;
		problem(f, "requests not answered within 8 s", &rq[got], NULL);
		rs_stall_diag(f->r, s, "fuzz batch");
		diag("fuzz: stream %s: %u of %u requests unanswered (batch %lu)",
		     s->name, n - got, n, f->batches);
		return fz_reconnect(f);
	}
	return true;
}

/* Break the request ring's indices: the stream must go silent. */
static bool ring_attack(struct fz *f, unsigned int si)
{
	struct rstream *s = &f->r->st[si];
	struct xensnd_resp rsp;
	uint32_t delta;
	unsigned int got, k, i;

	if (chance(f, 30)) {
		/* In range but over stale slots: those get answered. */
		k = 1 + rn(f, RING_SLOTS);
		for (i = 0; i < k; i++) {
			struct xensnd_req *q = RING_GET_REQUEST(&s->ring,
						s->ring.req_prod_pvt + i);

			if (q->operation == XENSND_OP_OPEN &&
			    !known_ref(f, s, q->op.open.gref_directory))
				q->op.open.gref_directory = BIG_REF;
		}
		xen_wmb();
		s->ring.req_prod_pvt += k;
		rs_push(f->r, s, true);
		f->sent += k;
		f->stale_attacks++;
		for (i = 0, got = 0; i < k; i++)
			got += rs_collect(f->r, s, &rsp, 1, 15000);
		f->answered += got;
		if (got < k) {
			f->silent += k - got;
			problem(f, "stale in-range requests not answered", &(struct xensnd_req){0}, NULL);
			return fz_reconnect(f);
		}
		return true;
	}
	delta = chance(f, 50) ? RING_SLOTS + 1 + rn(f, 0x7fffffff) :
				(uint32_t)-(int32_t)(1 + rn(f, 1000));
	s->ring.sring->req_prod = s->ring.req_prod_pvt + delta;
	xen_mb();
	xenevtchn_notify(f->r->xce, s->ring_port);
	f->ring_attacks++;
	f->sent++;
	got = rs_collect(f->r, s, &rsp, 1, 1000);
	if (got) {
		f->ring_attack_answered++;
		diag("fuzz: req_prod %+d past the backend was answered", (int32_t)delta);
	}
	return fz_reconnect(f);
}

/* ---- XenStore ------------------------------------------------------------- */

static const char *const xs_nodes[] = {
	"sample-rates", "sample-formats", "buffer-size", "channels-min",
	"channels-max", "type", "unique-id", "ring-ref", "event-channel",
	"evt-ring-ref", "evt-event-channel",
};

static void mutate_str(struct fz *f, const char *orig, char *out, size_t len)
{
	static const char *const junk[] = {
		"", ",", ",,", "-1", "0", "4294967295", "4294967296",
		"99999999999999999999", "abc", " ", "\t", "48000,", ",48000",
		"s16_le,s16_le", "p", "c", "x", "%s%n", "\xff\xfe",
	};
	size_t n = strlen(orig), i, k;

	switch (rn(f, 6)) {
	case 0:
		snprintf(out, len, "%s", junk[rn(f, sizeof(junk) / sizeof(junk[0]))]);
		break;
	case 1:	/* truncate */
		snprintf(out, len, "%.*s", (int)rn(f, n + 1), orig);
		break;
	case 2:	/* append junk */
		snprintf(out, len, "%s%s", orig,
			 junk[rn(f, sizeof(junk) / sizeof(junk[0]))]);
		break;
	case 3:	/* flip characters */
		snprintf(out, len, "%s", orig);
		for (k = 1 + rn(f, 3); k && n; k--)
			out[rn(f, n)] = 33 + rn(f, 94);
		break;
	case 4:	/* long */
		k = rn(f, len - 1);
		for (i = 0; i < k; i++)
			out[i] = "0123456789,abc_"[rn(f, 15)];
		out[k] = '\0';
		break;
	default: /* a number */
		snprintf(out, len, "%u", interesting32(f, 48000));
	}
}

static int xs_fuzz_tamper(struct rogue *r, void *arg)
{
	const char **pv = arg;

	if (pv[1])
		return xs_put(r, pv[0], pv[1]);
	xs_del(r, pv[0]);
	return 0;
}

static bool xs_attack(struct fz *f)
{
	struct rogue *r = f->r;
	const char *node = xs_nodes[rn(f, sizeof(xs_nodes) / sizeof(xs_nodes[0]))];
	struct rstream *s = &r->st[rn(f, r->nstreams)];
	char path[256], orig[512], val[1024];
	const char *pv[2];
	int had, st, be;
	bool transport = strstr(node, "ref") || strstr(node, "channel");
	bool stream_level = transport || rn(f, 2) || !strcmp(node, "type") ||
			    !strcmp(node, "unique-id");

	snprintf(path, sizeof(path), "%s/%s", stream_level ? s->xsdir : r->fe,
		 node);
	had = !xs_get(r, path, orig, sizeof(orig));
	if (!had)
		orig[0] = '\0';
	mutate_str(f, orig, val, sizeof(val));
	if (strstr(node, "ref")) {
		/* Grants 0..7 are the toolstack's console and XenStore
		 * pages: a backend that accepted them as a ring would write
		 * into this guest's own XenStore ring. Keep them out. */
		const char *p = val + strspn(val, " \t\n");
		char *end;
		unsigned long v = strtoul(p, &end, 10);

		if (end != p && v < 8) {
			memmove(val + 3, val, strlen(val) + 1 < sizeof(val) - 3 ?
				strlen(val) + 1 : sizeof(val) - 4);
			memcpy(val, "999", 3);
			val[sizeof(val) - 1] = '\0';
		}
	}
	pv[0] = path;
	pv[1] = chance(f, 8) ? NULL : val;
	f->xs_attacks++;
	st = rogue_connect(r, xs_fuzz_tamper, pv, &be);
	if (st == CONN_OK)
		f->xs_connected++;
	else if (st == CONN_REFUSED)
		f->xs_refused++;
	else {
		f->xs_stuck++;
		diag("fuzz: XenStore %s = \"%.60s\"%s: backend stuck in state %d",
		     path, pv[1] ? pv[1] : "(removed)",
		     pv[1] && strlen(pv[1]) > 60 ? "..." : "", be);
	}
	if (had)
		xs_put(r, path, orig);
	else
		xs_del(r, path);
	return fz_reconnect(f);
}

int mode_fuzz(struct rogue *r, uint64_t seed, unsigned long count,
	      unsigned int xs_every, unsigned int ring_every)
{
	static struct fz f;
	unsigned long next_xs, next_ring, next_note;
	unsigned int i, id_err = 0, prod_err = 0, alive = 0;
	uint64_t t0, el;
	char name[128];
	bool ok = true;
	int st, be;

#define N(x) (snprintf(name, sizeof(name), "%s.fuzz.%s", r->prefix, x), name)
	f.r = r;
	f.rng = seed * 0x9e3779b97f4a7c15ull + 1;
	if (fz_setup(&f)) {
		tap(false, N("setup"), "sharing the fuzzer's pages failed");
		return -1;
	}
	st = rogue_connect_alive(r, 5, &be);
	tap(st == CONN_OK, N("connect"), "backend state %d", be);
	if (st != CONN_OK)
		return -1;
	diag("fuzz: seed %" PRIu64 ", %lu requests, XenStore every %u, ring every %u",
	     seed, count, xs_every, ring_every);
	marker("fuzz-start");
	t0 = now_ms();
	next_xs = xs_every ? xs_every : ~0ul;
	next_ring = ring_every ? ring_every : ~0ul;
	next_note = 20000;
	while (ok && f.sent < count) {
		unsigned int si = rn(&f, r->nstreams);

		if (f.sent >= next_ring) {
			next_ring += ring_every;
			ok = ring_attack(&f, si);
		} else if (f.sent >= next_xs) {
			next_xs += xs_every;
			ok = xs_attack(&f);
		} else {
			ok = batch(&f, si, chance(&f, 50) ? RING_SLOTS :
				   1 + rn(&f, RING_SLOTS));
		}
		if (f.sent >= next_note) {
			next_note += 20000;
			diag("fuzz: %lu requests, %" PRIu64 " s", f.sent,
			     (now_ms() - t0) / 1000);
		}
	}
	el = now_ms() - t0;
	marker("fuzz-done");

	diag("fuzz: %lu requests (%lu answered) in %lu batches, %" PRIu64
	     " ms, %.0f requests/s", f.sent, f.answered, f.batches, el,
	     f.sent * 1000.0 / (el ? el : 1));
	diag("fuzz: %lu OPENs succeeded; attacks: %lu ring (%lu answered), %lu stale-slot, %lu event page, %lu XenStore (%lu refused, %lu connected, %lu stuck); %lu reconnects (%lu failed)",
	     f.opens_ok, f.ring_attacks, f.ring_attack_answered, f.stale_attacks,
	     f.evt_attacks, f.xs_attacks, f.xs_refused, f.xs_connected,
	     f.xs_stuck, f.reconnects, f.reconnect_fail);
	{
		char h[512];
		int n = 0;

		for (i = 0; i < 129; i++)
			if (f.hist[i])
				n += snprintf(h + n, sizeof(h) - n, " %s:%lu",
					      i == 128 ? "other" : errname(-(int)i),
					      f.hist[i]);
		diag("fuzz: statuses%s", h);
	}
	if (f.first[0])
		diag("fuzz: first problem: %s", f.first);

	tap(f.sent >= count, N("requests"), "%lu requests in %.1f s", f.sent,
	    el / 1000.0);
	tap(!f.silent, N("answered"), "%lu requests never answered", f.silent);
	tap(!f.bad_echo && !f.bad_status, N("responses"),
	    "%lu bad echo/reserved, %lu status out of range", f.bad_echo,
	    f.bad_status);
	tap(!f.bad_unknown_op, N("unknown-ops"), "%lu unknown operations not refused",
	    f.bad_unknown_op);
	tap(!f.bad_query, N("query"), "%lu HW_PARAM_QUERY answers wider than the request",
	    f.bad_query);
	tap(!f.ring_attack_answered, N("ring-attacks"),
	    "%lu of %lu broken rings still answered", f.ring_attack_answered,
	    f.ring_attacks);
	tap(!f.xs_stuck, N("xenstore"),
	    "%lu of %lu XenStore mutations left the backend stuck", f.xs_stuck,
	    f.xs_attacks);
	tap(ok && !f.reconnect_fail, N("reconnect"), "%lu of %lu reconnects failed",
	    f.reconnect_fail, f.reconnects);
	for (i = 0; i < r->nstreams; i++) {
		id_err += r->st[i].evt_id_errors;
		prod_err += r->st[i].evt_prod_errors;
	}
	tap(!id_err && !prod_err && !r->rsp_prod_errors, N("events"),
	    "%u event id gaps, %u event overruns, %u response overruns",
	    id_err, prod_err, r->rsp_prod_errors);

	tap(!r->dead_at_connect, N("dead-at-connect"),
	    "%u times a stream never answered a fresh connection", r->dead_at_connect);
	if (!r->connected)
		rogue_connect_alive(r, 5, &be);
	for (i = 0; i < r->nstreams; i++) {
		struct xensnd_resp rsp;
		struct xensnd_req rq = mk_query_all();

		if (!rs_call(r, &r->st[i], &rq, &rsp, 10000) && !rsp.status)
			alive++;
	}
	tap(alive == r->nstreams, N("alive"), "%u of %u streams answer after fuzzing",
	    alive, r->nstreams);
	printf("# fuzz-summary requests=%lu reconnects=%lu ring_attacks=%lu xs_attacks=%lu xs_refused=%lu dead_at_connect=%u seconds=%.1f\n",
	       f.sent, f.reconnects, f.ring_attacks, f.xs_attacks, f.xs_refused,
	       r->dead_at_connect, el / 1000.0);
	rogue_disconnect(r);
	return 0;
#undef N
}
