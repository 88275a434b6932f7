// SPDX-License-Identifier: GPL-2.0
/*
 * xsnd-rogue checklist: the validation checklist of the sndif research
 * notes (section 1.9), one TAP test per case, each with the outcome the
 * backend's contract (Documentation/protocol.rst) promises:
 *
 *   - a request that breaks a rule gets an error status (the errno the
 *     contract names);
 *   - a ring that breaks the rules disables the stream: no answer, the
 *     other streams carry on, and a reconnect revives it;
 *   - a malformed XenStore node fails the connection (backend Closing).
 *
 * Expectations are never relaxed to match what the backend does: a
 * failing test here is a finding.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rogue.h"

#define ANY	1000		/* any status, as long as there is an answer */
#define NONE	1001		/* no answer: the stream must be disabled */

/* Pages the cases need besides the streams' own buffers. */
#define BIG_PAGES	(DIR_GREFS + 2)		/* needs two directory pages */
#define CHAIN_PAGES	64

struct ck {
	struct rogue *r;
	struct rstream *P, *C;
	char name[192];
	unsigned int echo_bad;
	char echo_first[160];
	/* extra shared pages */
	uint8_t *big;
	uint32_t big_refs[BIG_PAGES];
	uint32_t *big_dir;		/* two directory pages */
	uint32_t big_dir_refs[2];
	uint32_t *chain;		/* CHAIN_PAGES directory pages */
	uint32_t chain_refs[CHAIN_PAGES];
	void *ro;			/* BUF_PAGES read-only pages + dir */
	uint32_t ro_refs[BUF_PAGES];
	uint32_t *ro_dir;
	uint32_t ro_dir_ref;
	void *foreign;
	uint32_t foreign_ref;
};

static bool reconnect(struct ck *k, const char *what);

static const char *nm(struct ck *k, const char *fmt, ...)
{
	char tail[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tail, sizeof(tail), fmt, ap);
	va_end(ap);
	snprintf(k->name, sizeof(k->name), "%s.checklist.%s", k->r->prefix,
		 tail);
	return k->name;
}

static void note_echo(struct ck *k, const char *name,
		      const struct xensnd_req *rq, const struct xensnd_resp *rsp)
{
	if (rsp->id == rq->id && rsp->operation == rq->operation &&
	    rsp_reserved_clean(rsp))
		return;
	if (!k->echo_bad++)
		snprintf(k->echo_first, sizeof(k->echo_first),
			 "%s: id %u/%u op %u/%u reserved %s", name, rsp->id,
			 rq->id, rsp->operation, rq->operation,
			 rsp_reserved_clean(rsp) ? "clean" : "dirty");
}

/*
 * Send @rq on @s and check the status is @want or @want2 (ANY: any answer;
 * NONE: no answer at all). Returns the status, or NONE.
 */
static int ex2(struct ck *k, struct rstream *s, const char *name,
	       struct xensnd_req rq, int want, int want2,
	       struct xensnd_resp *out)
{
	struct xensnd_resp rsp;
	int tmo = want == NONE ? 2000 : 5000;
	char wants[48];
	bool ok;

	if (want2 != want)
		snprintf(wants, sizeof(wants), "%s or %s", errname(want),
			 errname(want2));
	else
		snprintf(wants, sizeof(wants), "%s",
			 want == ANY ? "an answer" : want == NONE ? "no answer" :
			 errname(want));
	if (rs_call(k->r, s, &rq, &rsp, tmo)) {
		tap(want == NONE, name, "no answer within %d ms (expected %s)",
		    tmo, wants);
		if (want != NONE) {
			/* Go on from a fresh connection, or every later
			 * case on this stream waits for nothing. */
			rs_stall_diag(k->r, s, name);
			reconnect(k, "stall");
		}
		return NONE;
	}
	note_echo(k, name, &rq, &rsp);
	ok = want == ANY || rsp.status == want || rsp.status == want2;
	tap(ok, name, "status %s (expected %s)", errname(rsp.status), wants);
	if (out)
		*out = rsp;
	return rsp.status;
}

static int ex(struct ck *k, struct rstream *s, const char *name,
	      struct xensnd_req rq, int want)
{
	return ex2(k, s, name, rq, want, want, NULL);
}

/* A request whose result only sets up a later case: no TAP line. */
static int quiet(struct ck *k, struct rstream *s, struct xensnd_req rq)
{
	struct xensnd_resp rsp;

	if (rs_call(k->r, s, &rq, &rsp, 8000))
		return NONE;
	note_echo(k, "setup", &rq, &rsp);
	return rsp.status;
}

static struct xensnd_req op_junk(uint8_t op)
{
	struct xensnd_req rq = mk_req(op);

	memset(rq.reserved, 0xa5, sizeof(rq.reserved));
	memset(&rq.op, 0xff, sizeof(rq.op));
	return rq;
}

/* ---- closed stream, unknown operations ---------------------------------- */

static void ck_closed(struct ck *k)
{
	struct rstream *P = k->P, *C = k->C;

	quiet(k, P, mk_req(XENSND_OP_CLOSE));
	ex(k, P, nm(k, "closed.write"), mk_rw(XENSND_OP_WRITE, 0, 4096), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.read"), mk_rw(XENSND_OP_READ, 0, 4096), -XEN_EINVAL);
	if (C)
		ex(k, C, nm(k, "closed.read.capture"),
		   mk_rw(XENSND_OP_READ, 0, 4096), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.trigger.start"),
	   mk_trigger(XENSND_OP_TRIGGER_START), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.trigger.pause"),
	   mk_trigger(XENSND_OP_TRIGGER_PAUSE), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.trigger.resume"),
	   mk_trigger(XENSND_OP_TRIGGER_RESUME), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.trigger.stop"),
	   mk_trigger(XENSND_OP_TRIGGER_STOP), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.set-volume"),
	   mk_rw(XENSND_OP_SET_VOLUME, 0, 8), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.get-volume"),
	   mk_rw(XENSND_OP_GET_VOLUME, 0, 8), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.mute"), mk_rw(XENSND_OP_MUTE, 0, 2), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.unmute"), mk_rw(XENSND_OP_UNMUTE, 0, 2), -XEN_EINVAL);
	ex(k, P, nm(k, "closed.close"), mk_req(XENSND_OP_CLOSE), 0);
	ex(k, P, nm(k, "closed.close.again"), mk_req(XENSND_OP_CLOSE), 0);
	ex(k, P, nm(k, "op.10"), mk_req(10), -XEN_EINVAL);
	ex(k, P, nm(k, "op.255"), mk_req(255), -XEN_EINVAL);
	ex(k, P, nm(k, "op.10.junk"), op_junk(10), -XEN_EINVAL);
	ex(k, P, nm(k, "op.128.junk"), op_junk(128), -XEN_EINVAL);
}

/* ---- HW_PARAM_QUERY ---------------------------------------------------------- */

static void ck_query(struct ck *k)
{
	struct rstream *P = k->P;
	struct xensnd_query_hw_param *h;
	struct xensnd_resp rsp;
	struct xensnd_req rq;
	int st;

	rq = mk_query_all();
	st = ex(k, P, nm(k, "query.sane"), rq, 0);
	if (rs_call(k->r, P, &rq, &rsp, 8000) == 0) {
		h = &rsp.resp.hw_param;
		tap(st == 0 && h->formats == 1ull << GOOD_FORMAT &&
		    h->rates.min == GOOD_RATE && h->rates.max == GOOD_RATE &&
		    h->channels.min >= 1 && h->channels.max == GOOD_CHANNELS &&
		    h->buffer.min <= h->buffer.max && h->period.min <= h->period.max &&
		    h->period.max <= h->buffer.max,
		    nm(k, "query.narrowed"),
		    "formats %#" PRIx64 " rates %u..%u channels %u..%u buffer %u..%u period %u..%u",
		    h->formats, h->rates.min, h->rates.max, h->channels.min,
		    h->channels.max, h->buffer.min, h->buffer.max, h->period.min,
		    h->period.max);
	}

	rq = mk_query_all();
	rq.op.hw_param.rates.min = 48001;
	rq.op.hw_param.rates.max = 48000;
	ex(k, P, nm(k, "query.rates.inverted"), rq, -XEN_EINVAL);
	rq = mk_query_all();
	rq.op.hw_param.channels.min = 2;
	rq.op.hw_param.channels.max = 1;
	ex(k, P, nm(k, "query.channels.inverted"), rq, -XEN_EINVAL);
	rq = mk_query_all();
	rq.op.hw_param.buffer.min = 4096;
	rq.op.hw_param.buffer.max = 64;
	ex(k, P, nm(k, "query.buffer.inverted"), rq, -XEN_EINVAL);
	rq = mk_query_all();
	rq.op.hw_param.period.min = UINT32_MAX;
	rq.op.hw_param.period.max = 0;
	ex(k, P, nm(k, "query.period.inverted"), rq, -XEN_EINVAL);
	rq = mk_query_all();
	rq.op.hw_param.formats = 0;
	ex(k, P, nm(k, "query.formats.none"), rq, -XEN_EINVAL);
	rq = mk_query_all();
	rq.op.hw_param.formats = 1ull << XENSND_PCM_FORMAT_GSM |
				 1ull << XENSND_PCM_FORMAT_MPEG;
	ex(k, P, nm(k, "query.formats.unserved"), rq, -XEN_EINVAL);
	rq = mk_query_all();
	rq.op.hw_param.rates.min = rq.op.hw_param.rates.max = 44100;
	ex(k, P, nm(k, "query.rate.unconfigured"), rq, -XEN_EINVAL);
	rq = mk_query_all();
	rq.op.hw_param.formats = 1ull << 63 | 1ull << GOOD_FORMAT;
	st = ex2(k, P, nm(k, "query.formats.high-bits"), rq, 0, 0, &rsp);
	tap(st == 0 && rsp.resp.hw_param.formats == 1ull << GOOD_FORMAT,
	    nm(k, "query.formats.high-bits.cleared"), "formats %#" PRIx64,
	    rsp.resp.hw_param.formats);
}

/* ---- OPEN ---------------------------------------------------------------------- */

static struct xensnd_req good_with(struct rstream *s, int field, uint32_t v)
{
	struct xensnd_req rq = mk_good_open(s);

	switch (field) {
	case 0: rq.op.open.pcm_format = v; break;
	case 1: rq.op.open.pcm_channels = v; break;
	case 2: rq.op.open.pcm_rate = v; break;
	case 3: rq.op.open.buffer_sz = v; break;
	case 4: rq.op.open.period_sz = v; break;
	case 5: rq.op.open.gref_directory = v; break;
	}
	return rq;
}

/* OPEN expecting @want; on success CLOSE again. */
static void ex_open(struct ck *k, struct rstream *s, const char *name,
		    struct xensnd_req rq, int want, int want2)
{
	int st = ex2(k, s, name, rq, want, want2, NULL);

	if (st != NONE)
		quiet(k, s, mk_req(XENSND_OP_CLOSE));
}

static int alloc_extra(struct ck *k)
{
	struct rogue *r = k->r;
	unsigned int i;

	k->big = share(r, r->be_domid, BIG_PAGES, k->big_refs, true);
	k->big_dir = share(r, r->be_domid, 2, k->big_dir_refs, true);
	k->chain = share(r, r->be_domid, CHAIN_PAGES, k->chain_refs, true);
	k->ro = share(r, r->be_domid, BUF_PAGES, k->ro_refs, false);
	k->ro_dir = share(r, r->be_domid, 1, &k->ro_dir_ref, true);
	/* A grant for a domain that is not the backend. */
	k->foreign = share(r, 32000, 1, &k->foreign_ref, true);
	if (!k->big || !k->big_dir || !k->chain || !k->ro || !k->ro_dir ||
	    !k->foreign)
		return -1;
	/* The chain: each page points to the next, the last to the first. */
	for (i = 0; i < CHAIN_PAGES; i++) {
		uint32_t *d = k->chain + i * (PAGE_SZ / 4);

		memset(d, 0, PAGE_SZ);
		d[0] = k->chain_refs[(i + 1) % CHAIN_PAGES];
		memcpy(&d[1], k->big_refs, 64 * 4);
	}
	memset(k->ro_dir, 0, PAGE_SZ);
	memcpy(&k->ro_dir[1], k->ro_refs, sizeof(k->ro_refs));
	return 0;
}

/* The two directory pages of the big buffer, correct unless changed. */
static void big_dir_fill(struct ck *k)
{
	uint32_t *d1 = k->big_dir, *d2 = k->big_dir + PAGE_SZ / 4;

	memset(k->big_dir, 0, 2 * PAGE_SZ);
	d1[0] = k->big_dir_refs[1];
	memcpy(&d1[1], k->big_refs, DIR_GREFS * 4);
	d2[0] = 0;
	memcpy(&d2[1], k->big_refs + DIR_GREFS, (BIG_PAGES - DIR_GREFS) * 4);
}

static void ck_open(struct ck *k)
{
	struct rstream *P = k->P, *C = k->C;
	uint32_t big_sz = BIG_PAGES * PAGE_SZ;
	struct xensnd_req rq;

	quiet(k, P, mk_req(XENSND_OP_CLOSE));
	dir_fill(P);
	ex(k, P, nm(k, "open.format.unknown"), good_with(P, 0, 200), -XEN_EINVAL);
	ex(k, P, nm(k, "open.format.unconfigured"),
	   good_with(P, 0, XENSND_PCM_FORMAT_U8), -XEN_EINVAL);
	ex(k, P, nm(k, "open.format.adpcm"),
	   good_with(P, 0, XENSND_PCM_FORMAT_IMA_ADPCM), -XEN_EINVAL);
	ex(k, P, nm(k, "open.format.gsm"),
	   good_with(P, 0, XENSND_PCM_FORMAT_GSM), -XEN_EINVAL);
	ex(k, P, nm(k, "open.rate.unconfigured"), good_with(P, 2, 44100), -XEN_EINVAL);
	ex(k, P, nm(k, "open.rate.zero"), good_with(P, 2, 0), -XEN_EINVAL);
	ex(k, P, nm(k, "open.rate.huge"), good_with(P, 2, UINT32_MAX), -XEN_EINVAL);
	ex(k, P, nm(k, "open.channels.zero"), good_with(P, 1, 0), -XEN_EINVAL);
	ex(k, P, nm(k, "open.channels.3"), good_with(P, 1, 3), -XEN_EINVAL);
	ex(k, P, nm(k, "open.channels.255"), good_with(P, 1, 255), -XEN_EINVAL);
	ex(k, P, nm(k, "open.buffer.zero"), good_with(P, 3, 0), -XEN_EINVAL);
	ex(k, P, nm(k, "open.buffer.unaligned"), good_with(P, 3, BUF_BYTES - 2),
	   -XEN_EINVAL);
	ex(k, P, nm(k, "open.buffer.huge"), good_with(P, 3, 0xfffffffc), -XEN_EINVAL);
	ex(k, P, nm(k, "open.buffer.over-max"),
	   good_with(P, 3, k->r->max_buffer + GOOD_FRAME), -XEN_EINVAL);
	ex(k, P, nm(k, "open.period.over-buffer"),
	   good_with(P, 4, BUF_BYTES + GOOD_FRAME), -XEN_EINVAL);
	ex(k, P, nm(k, "open.period.unaligned"), good_with(P, 4, 4098), -XEN_EINVAL);
	ex(k, P, nm(k, "open.period.tiny"), good_with(P, 4, 2 * GOOD_FRAME),
	   -XEN_EINVAL);
	ex(k, P, nm(k, "open.period.huge"), good_with(P, 4, 0xfffffffc), -XEN_EINVAL);
	ex(k, P, nm(k, "open.gref-directory.zero"), good_with(P, 5, 0), -XEN_EINVAL);
	ex(k, P, nm(k, "open.gref-directory.garbage"), good_with(P, 5, 0x0ffffff0),
	   -XEN_EFAULT);
	ex(k, P, nm(k, "open.gref-directory.foreign"),
	   good_with(P, 5, k->foreign_ref), -XEN_EFAULT);
	ex_open(k, P, nm(k, "open.period.zero"), good_with(P, 4, 0), 0, 0);
	ex_open(k, P, nm(k, "open.valid"), mk_good_open(P), 0, 0);

	/* Page directories of the 16-page buffer. */
	dir_fill(P);
	P->dir[0] = P->dir_ref;
	ex_open(k, P, nm(k, "open.dir.cyclic"), mk_good_open(P), 0, 0);
	P->dir[0] = k->chain_refs[0];
	ex_open(k, P, nm(k, "open.dir.chain"), mk_good_open(P), 0, 0);
	dir_fill(P);
	P->dir[1 + 5] = 0;
	ex_open(k, P, nm(k, "open.dir.gref-zero"), mk_good_open(P),
		-XEN_EINVAL, -XEN_EFAULT);
	dir_fill(P);
	P->dir[1 + 5] = 0x0ffffff0;
	ex_open(k, P, nm(k, "open.dir.gref-garbage"), mk_good_open(P),
		-XEN_EFAULT, -XEN_EFAULT);
	dir_fill(P);
	P->dir[1 + BUF_PAGES - 1] = k->foreign_ref;
	ex_open(k, P, nm(k, "open.dir.gref-foreign"), mk_good_open(P),
		-XEN_EFAULT, -XEN_EFAULT);
	dir_fill(P);
	ex_open(k, P, nm(k, "open.dir.readonly.playback"),
		good_with(P, 5, k->ro_dir_ref), 0, 0);
	if (C)
		ex_open(k, C, nm(k, "open.dir.readonly.capture"),
			good_with(C, 5, k->ro_dir_ref), -XEN_EFAULT, -XEN_EFAULT);

	/* A buffer of 1025 pages: two directory pages. */
	rq = good_with(P, 5, k->big_dir_refs[0]);
	rq.op.open.buffer_sz = big_sz;
	big_dir_fill(k);
	ex_open(k, P, nm(k, "open.dir.large.exact"), rq, 0, 0);
	k->big_dir[0] = 0;
	ex_open(k, P, nm(k, "open.dir.large.short"), rq, -XEN_EINVAL, -XEN_EINVAL);
	k->big_dir[0] = k->big_dir_refs[0];
	/* Cyclic: the second walk re-reads page 1, valid grants, so either. */
	ex_open(k, P, nm(k, "open.dir.large.cyclic"), rq, 0, -XEN_EINVAL);
	k->big_dir[0] = 0x0ffffff0;
	ex_open(k, P, nm(k, "open.dir.large.next-garbage"), rq, -XEN_EFAULT,
		-XEN_EFAULT);
	big_dir_fill(k);
	k->big_dir[PAGE_SZ / 4] = k->chain_refs[0];
	ex_open(k, P, nm(k, "open.dir.large.chain"), rq, 0, 0);
	big_dir_fill(k);
	dir_fill(P);

	/* Double OPEN: an implicit CLOSE, then a fresh stream. */
	ex(k, P, nm(k, "open.double.first"), mk_good_open(P), 0);
	ex(k, P, nm(k, "open.double.second"), mk_good_open(P), 0);
	ex(k, P, nm(k, "open.double.fresh-state"),
	   mk_rw(XENSND_OP_WRITE, 0, 4096), 0);
	ex(k, P, nm(k, "close.after-open"), mk_req(XENSND_OP_CLOSE), 0);
	ex(k, P, nm(k, "close.twice"), mk_req(XENSND_OP_CLOSE), 0);
}

/* ---- WRITE, READ, volume ------------------------------------------------------- */

static void ck_rw(struct ck *k)
{
	struct rstream *P = k->P, *C = k->C;
	int32_t *vol = (int32_t *)P->buf;
	unsigned int off, bad = 0;
	int st;

	dir_fill(P);
	quiet(k, P, mk_good_open(P));
#define W(o, l) mk_rw(XENSND_OP_WRITE, o, l)
	ex(k, P, nm(k, "write.overflow"), W(0xfffffffc, 8), -XEN_EINVAL);
	ex(k, P, nm(k, "write.overflow.length"), W(4, 0xfffffffc), -XEN_EINVAL);
	ex(k, P, nm(k, "write.beyond"), W(BUF_BYTES, 4), -XEN_EINVAL);
	ex(k, P, nm(k, "write.straddle"), W(BUF_BYTES - 4, 8), -XEN_EINVAL);
	ex(k, P, nm(k, "write.too-long"), W(0, BUF_BYTES + 4), -XEN_EINVAL);
	ex(k, P, nm(k, "write.unaligned.offset"), W(2, 4), -XEN_EINVAL);
	ex(k, P, nm(k, "write.unaligned.length"), W(0, 6), -XEN_EINVAL);
	ex(k, P, nm(k, "write.first"), W(0, 4096), 0);
	ex(k, P, nm(k, "write.non-sequential"), W(8192, 4096), -XEN_EINVAL);
	ex(k, P, nm(k, "write.backwards"), W(0, 4096), -XEN_EINVAL);
	ex(k, P, nm(k, "write.next"), W(4096, 4096), 0);
	for (off = 8192; off < BUF_BYTES; off += 4096)
		bad += quiet(k, P, W(off, 4096)) != 0;
	tap(!bad, nm(k, "write.fill"), "%u of %u writes failed", bad,
	    (BUF_BYTES - 8192) / 4096);
	ex(k, P, nm(k, "write.overrun"), W(0, 4096), -XEN_EINVAL);
	ex(k, P, nm(k, "read.playback"), mk_rw(XENSND_OP_READ, 0, 4096), -XEN_EINVAL);
#undef W

	/* Volume and mute: payload in the buffer, 2 channels. */
#define V(op, o, l) mk_rw(XENSND_OP_##op, o, l)
	ex(k, P, nm(k, "volume.set.len0"), V(SET_VOLUME, 0, 0), -XEN_EINVAL);
	ex(k, P, nm(k, "volume.set.len4"), V(SET_VOLUME, 0, 4), -XEN_EINVAL);
	ex(k, P, nm(k, "volume.set.len12"), V(SET_VOLUME, 0, 12), -XEN_EINVAL);
	ex(k, P, nm(k, "volume.set.len-huge"), V(SET_VOLUME, 0, 0xfffffff8),
	   -XEN_EINVAL);
	ex(k, P, nm(k, "volume.set.overflow"), V(SET_VOLUME, 0xfffffffc, 8),
	   -XEN_EINVAL);
	ex(k, P, nm(k, "volume.set.beyond"), V(SET_VOLUME, BUF_BYTES - 4, 8),
	   -XEN_EINVAL);
	vol[0] = 1000;
	vol[1] = 0;
	ex(k, P, nm(k, "volume.set.positive"), V(SET_VOLUME, 0, 8), -XEN_EINVAL);
	vol[0] = vol[1] = -6000;
	ex(k, P, nm(k, "volume.set.valid"), V(SET_VOLUME, 0, 8), 0);
	vol[0] = vol[1] = 12345;
	st = ex(k, P, nm(k, "volume.get.valid"), V(GET_VOLUME, 0, 8), 0);
	tap(st == 0 && vol[0] == -6000 && vol[1] == -6000, nm(k, "volume.get.value"),
	    "got %d,%d, want -6000,-6000", vol[0], vol[1]);
	ex(k, P, nm(k, "volume.get.len4"), V(GET_VOLUME, 0, 4), -XEN_EINVAL);
	ex(k, P, nm(k, "volume.get.overflow"), V(GET_VOLUME, 0xfffffffc, 8),
	   -XEN_EINVAL);
	vol[0] = vol[1] = 0;
	ex(k, P, nm(k, "volume.set.unity"), V(SET_VOLUME, 0, 8), 0);
	memset(P->buf, 1, 8);
	ex(k, P, nm(k, "mute.len3"), V(MUTE, 0, 3), -XEN_EINVAL);
	ex(k, P, nm(k, "mute.len0"), V(MUTE, 0, 0), -XEN_EINVAL);
	ex(k, P, nm(k, "mute.overflow"), V(MUTE, 0xffffffff, 2), -XEN_EINVAL);
	ex(k, P, nm(k, "mute.beyond"), V(MUTE, BUF_BYTES - 1, 2), -XEN_EINVAL);
	ex(k, P, nm(k, "mute.bytes"), V(MUTE, 0, 2), 0);
	ex(k, P, nm(k, "mute.words"), V(MUTE, 0, 8), 0);
	ex(k, P, nm(k, "unmute.len0"), V(UNMUTE, 0, 0), -XEN_EINVAL);
	ex(k, P, nm(k, "unmute.len16"), V(UNMUTE, 0, 16), -XEN_EINVAL);
	ex(k, P, nm(k, "unmute.words"), V(UNMUTE, 0, 8), 0);
#undef V
	quiet(k, P, mk_req(XENSND_OP_CLOSE));

	if (!C)
		return;
	dir_fill(C);
	quiet(k, C, mk_good_open(C));
#define R(o, l) mk_rw(XENSND_OP_READ, o, l)
	ex(k, C, nm(k, "write.capture"), mk_rw(XENSND_OP_WRITE, 0, 4096), -XEN_EINVAL);
	ex(k, C, nm(k, "read.capture.overflow"), R(0xfffffffc, 8), -XEN_EINVAL);
	ex(k, C, nm(k, "read.capture.beyond"), R(BUF_BYTES, 4), -XEN_EINVAL);
	ex(k, C, nm(k, "read.capture.too-long"), R(0, BUF_BYTES + 4), -XEN_EINVAL);
	ex(k, C, nm(k, "read.capture.unaligned"), R(2, 4), -XEN_EINVAL);
	ex(k, C, nm(k, "read.capture.valid"), R(0, 4096), 0);
#undef R
	quiet(k, C, mk_req(XENSND_OP_CLOSE));
}

/* ---- TRIGGER ------------------------------------------------------------------- */

static void ck_trigger(struct ck *k)
{
	struct rstream *P = k->P;
	int st, st2;
	unsigned int off;

	dir_fill(P);
	quiet(k, P, mk_good_open(P));
#define T(t) mk_trigger(XENSND_OP_TRIGGER_##t)
	ex(k, P, nm(k, "trigger.type.4"), mk_trigger(4), -XEN_EINVAL);
	ex(k, P, nm(k, "trigger.type.255"), mk_trigger(255), -XEN_EINVAL);
	ex(k, P, nm(k, "trigger.pause.from-open"), T(PAUSE), -XEN_EINVAL);
	ex(k, P, nm(k, "trigger.resume.from-open"), T(RESUME), -XEN_EINVAL);
	ex(k, P, nm(k, "trigger.stop.from-open"), T(STOP), 0);
	/* A whole buffer, so the host is still playing when we pause. */
	for (off = 0; off < BUF_BYTES; off += 16384)
		quiet(k, P, mk_rw(XENSND_OP_WRITE, off, 16384));
	ex(k, P, nm(k, "trigger.start"), T(START), 0);
	ex(k, P, nm(k, "trigger.start.from-running"), T(START), -XEN_EINVAL);
	ex(k, P, nm(k, "trigger.resume.from-running"), T(RESUME), -XEN_EINVAL);
	/* A host without pause support may refuse: then nothing may change. */
	st = ex2(k, P, nm(k, "trigger.pause"), T(PAUSE), 0, -XEN_EOPNOTSUPP, NULL);
	if (st == 0) {
		ex(k, P, nm(k, "trigger.pause.from-paused"), T(PAUSE), -XEN_EINVAL);
		ex(k, P, nm(k, "trigger.start.from-paused"), T(START), -XEN_EINVAL);
		ex(k, P, nm(k, "trigger.pause.state-consistent"), T(RESUME), 0);
	} else {
		/* Refused PAUSE: the stream must still be running. */
		st2 = ex(k, P, nm(k, "trigger.pause.state-consistent"), T(RESUME),
			 -XEN_EINVAL);
		if (st2 == 0)
			diag("a PAUSE answered %s left the stream paused (RESUME accepted)",
			     errname(st));
	}
	ex(k, P, nm(k, "trigger.stop.from-running"), T(STOP), 0);
	rs_drain_events(P);
	tap(P->evt_any && P->evt_last_pos % BUF_BYTES == 0,
	    nm(k, "trigger.stop.position"),
	    "last position %" PRIu64 " (a multiple of %u expected)",
	    P->evt_last_pos, BUF_BYTES);
	ex(k, P, nm(k, "trigger.stop.from-stopped"), T(STOP), 0);
#undef T
	quiet(k, P, mk_req(XENSND_OP_CLOSE));
}

/* ---- event page ------------------------------------------------------------------ */

static bool wait_events(struct ck *k, struct rstream *s, uint64_t n, int ms)
{
	uint64_t end = now_ms() + ms, want = s->evt_count + n;

	while (now_ms() < end) {
		rs_drain_events(s);
		if (s->evt_count >= want)
			return true;
		rogue_poll(k->r, 10);
	}
	return false;
}

static void ck_evtpage(struct ck *k)
{
	struct rstream *S = k->C ? k->C : k->P;
	struct xensnd_event_page *pg = S->evt_page;
	struct xensnd_resp rsp;
	struct xensnd_req rq;
	unsigned int ids_before;
	uint32_t prod0, prod1;
	int alive;

	/* A running capture stream sends an event every period. */
	dir_fill(S);
	quiet(k, S, mk_good_open(S));
	if (!S->capture)
		for (unsigned int off = 0; off < BUF_BYTES; off += 16384)
			quiet(k, S, mk_rw(XENSND_OP_WRITE, off, 16384));
	quiet(k, S, mk_trigger(XENSND_OP_TRIGGER_START));
	if (!wait_events(k, S, 2, 10000)) {
		tap(false, nm(k, "evt.running"), "no events from a running stream");
		quiet(k, S, mk_req(XENSND_OP_CLOSE));
		return;
	}
	ids_before = S->evt_id_errors;

	S->evt_frozen = true;
	prod0 = __atomic_load_n(&pg->in_prod, __ATOMIC_ACQUIRE);
	pg->in_cons = prod0 + 1000;
	sleep_ms(600);
	rq = mk_query_all();
	alive = !rs_call(k->r, S, &rq, &rsp, 8000) && rsp.status == 0;
	prod1 = __atomic_load_n(&pg->in_prod, __ATOMIC_ACQUIRE);
	tap(prod1 == prod0 && alive, nm(k, "evt.in-cons.ahead"),
	    "in_prod %u -> %u (no write expected), stream %s", prod0, prod1,
	    alive ? "answers" : "silent");

	pg->in_cons = prod0 - 1000;
	sleep_ms(600);
	rq = mk_query_all();
	alive = !rs_call(k->r, S, &rq, &rsp, 8000) && rsp.status == 0;
	prod1 = __atomic_load_n(&pg->in_prod, __ATOMIC_ACQUIRE);
	tap(prod1 == prod0 && alive, nm(k, "evt.in-cons.behind"),
	    "in_prod %u -> %u (no write expected), stream %s", prod0, prod1,
	    alive ? "answers" : "silent");

	/* Consume what was there and let the backend go on. */
	S->evt_frozen = false;
	rs_drain_events(S);
	tap(wait_events(k, S, 2, 5000) && S->evt_id_errors == ids_before,
	    nm(k, "evt.in-cons.restored"),
	    "events resume, ids without gaps (errors %u -> %u)", ids_before,
	    S->evt_id_errors);

	/* in_prod is the backend's: garbage there must not move its ring. */
	S->evt_frozen = true;
	prod0 = __atomic_load_n(&pg->in_prod, __ATOMIC_ACQUIRE);
	pg->in_prod = 0x12345678;
	{
		uint64_t end = now_ms() + 5000;

		while (now_ms() < end &&
		       __atomic_load_n(&pg->in_prod, __ATOMIC_ACQUIRE) == 0x12345678)
			rogue_poll(k->r, 10);
	}
	prod1 = __atomic_load_n(&pg->in_prod, __ATOMIC_ACQUIRE);
	tap(prod1 - prod0 >= 1 && prod1 - prod0 <= EVT_SLOTS,
	    nm(k, "evt.in-prod.garbage"),
	    "in_prod %u, set to 0x12345678, backend wrote %u", prod0, prod1);
	if (prod1 - S->evt_cons > EVT_SLOTS)
		S->evt_cons = prod1;	/* keep the drain sane */
	S->evt_frozen = false;
	rs_drain_events(S);

	quiet(k, S, mk_trigger(XENSND_OP_TRIGGER_STOP));
	quiet(k, S, mk_req(XENSND_OP_CLOSE));
}

/* ---- request ring ------------------------------------------------------------------ */

static bool reconnect(struct ck *k, const char *what)
{
	int be, st = rogue_connect_alive(k->r, 5, &be);

	if (st != CONN_OK)
		tap(false, nm(k, "%s.reconnect", what), "backend state %d", be);
	return st == CONN_OK;
}

/* Set the shared req_prod to @delta past what the backend consumed. */
static void ring_attack(struct ck *k, const char *what, int32_t delta)
{
	struct rstream *P = k->P, *C = k->C;
	struct xensnd_resp rsp;
	struct xensnd_req rq;
	RING_IDX rsp0 = P->ring.sring->rsp_prod;
	unsigned int got;
	int st;

	/* Fill every slot with a request that would be answered. */
	for (unsigned int i = 0; i < RING_SLOTS; i++) {
		rq = mk_query_all();
		rq.id = 0xbad0 + i;
		*RING_GET_REQUEST(&P->ring, P->ring.req_prod_pvt + i) = rq;
	}
	xen_wmb();
	P->ring.sring->req_prod = P->ring.req_prod_pvt + delta;
	xen_mb();
	xenevtchn_notify(k->r->xce, P->ring_port);
	got = rs_collect(k->r, P, &rsp, 1, 2000);
	tap(!got && P->ring.sring->rsp_prod == rsp0, nm(k, "ring.%s.disabled", what),
	    "req_prod %+d past the backend: %s", delta,
	    got ? "answered (the stream should be disabled)" : "no answer");
	/* The stream stays dead even for a well-formed request now. */
	P->ring.sring->req_prod = P->ring.req_prod_pvt;
	rq = mk_query_all();
	st = rs_call(k->r, P, &rq, &rsp, 1500);
	tap(st != 0, nm(k, "ring.%s.stays-disabled", what), "%s",
	    st ? "no answer" : "answered after the violation");
	if (C) {
		rq = mk_query_all();
		st = rs_call(k->r, C, &rq, &rsp, 8000);
		tap(!st && rsp.status == 0, nm(k, "ring.%s.other-stream", what),
		    "the capture stream %s", st ? "is silent" : "answers");
	}
	if (reconnect(k, what)) {
		rq = mk_query_all();
		st = rs_call(k->r, P, &rq, &rsp, 8000);
		tap(!st && rsp.status == 0, nm(k, "ring.%s.revived", what),
		    "after a reconnect the stream %s", st ? "is silent" : "answers");
	}
}

static void ck_ring(struct ck *k)
{
	struct rstream *P = k->P;
	struct xensnd_resp rsp[RING_SLOTS];
	struct xensnd_req rq;
	unsigned int i, got, bad = 0;
	RING_IDX rsp_prod;

	/* A full ring in one go. */
	for (i = 0; i < RING_SLOTS; i++) {
		rq = mk_query_all();
		rq.id = P->next_id++;
		rs_queue(P, &rq);
	}
	rs_push(k->r, P, false);
	got = rs_collect(k->r, P, rsp, RING_SLOTS, 8000);
	for (i = 0; i < got; i++)
		bad += rsp[i].status != 0 ||
		       rsp[i].id != (uint16_t)(P->next_id - RING_SLOTS + i);
	tap(got == RING_SLOTS && !bad, nm(k, "ring.full-batch"),
	    "%u of %u answered, %u wrong", got, RING_SLOTS, bad);

	/* rsp_prod is the backend's: garbage there changes nothing. */
	rsp_prod = P->ring.sring->rsp_prod;
	P->ring.sring->rsp_prod = rsp_prod + 12345;
	xen_mb();
	rq = mk_query_all();
	rq.id = P->next_id++;
	rs_queue(P, &rq);
	rs_push(k->r, P, true);
	{
		uint64_t end = now_ms() + 8000;

		while (now_ms() < end && P->ring.sring->rsp_prod != rsp_prod + 1)
			rogue_poll(k->r, 10);
	}
	tap(P->ring.sring->rsp_prod == rsp_prod + 1, nm(k, "ring.rsp-prod.garbage"),
	    "backend wrote rsp_prod %u (want %u)", P->ring.sring->rsp_prod,
	    rsp_prod + 1);
	P->ring.rsp_cons = P->ring.sring->rsp_prod;

	ring_attack(k, "req-prod.ahead", 1000);
	ring_attack(k, "req-prod.behind", -5);
	ring_attack(k, "req-prod.33", RING_SLOTS + 1);
	ring_attack(k, "req-prod.huge", 0x7fffffff);
}

/* ---- XenStore ---------------------------------------------------------------------- */

enum { E_REFUSE, E_CONNECT, E_EITHER };
enum { L_CARD, L_PCM, L_STREAM };
enum {
	SP_NONE, SP_REF_JUNK, SP_REF_FOREIGN, SP_REF_RO, SP_EVTCHN_SAME,
	SP_EVTREF_SAME, SP_RING_INDICES, SP_LONG65, SP_LONG64, SP_LONG2000,
	SP_RATES17, SP_DIGITS2000, SP_CHECK_BUFMAX, SP_CHECK_OPEN,
};

struct xs_case {
	const char *name;
	int level;
	const char *node;
	const char *value;	/* NULL: remove the node */
	int expect;
	int special;
};

static const struct xs_case xs_cases[] = {
	{ "ring-ref.alpha", L_STREAM, "ring-ref", "abc", E_REFUSE, SP_NONE },
	{ "ring-ref.empty", L_STREAM, "ring-ref", "", E_REFUSE, SP_NONE },
	{ "ring-ref.negative", L_STREAM, "ring-ref", "-1", E_REFUSE, SP_NONE },
	{ "ring-ref.overflow", L_STREAM, "ring-ref", "99999999999999999999", E_REFUSE, SP_NONE },
	{ "ring-ref.trailing-junk", L_STREAM, "ring-ref", NULL, E_REFUSE, SP_REF_JUNK },
	{ "ring-ref.garbage", L_STREAM, "ring-ref", "268435440", E_REFUSE, SP_NONE },
	{ "ring-ref.zero", L_STREAM, "ring-ref", "0", E_REFUSE, SP_NONE },
	{ "ring-ref.foreign", L_STREAM, "ring-ref", NULL, E_REFUSE, SP_REF_FOREIGN },
	{ "ring-ref.readonly", L_STREAM, "ring-ref", NULL, E_REFUSE, SP_REF_RO },
	{ "ring-ref.missing", L_STREAM, "ring-ref", NULL, E_REFUSE, SP_NONE },
	{ "ring.indices", L_STREAM, NULL, NULL, E_REFUSE, SP_RING_INDICES },
	{ "event-channel.alpha", L_STREAM, "event-channel", "abc", E_REFUSE, SP_NONE },
	{ "event-channel.garbage", L_STREAM, "event-channel", "99999", E_REFUSE, SP_NONE },
	{ "event-channel.zero", L_STREAM, "event-channel", "0", E_REFUSE, SP_NONE },
	{ "event-channel.same", L_STREAM, "event-channel", NULL, E_REFUSE, SP_EVTCHN_SAME },
	{ "event-channel.missing", L_STREAM, "event-channel", NULL, E_REFUSE, SP_NONE },
	{ "evt-ring-ref.garbage", L_STREAM, "evt-ring-ref", "268435440", E_REFUSE, SP_NONE },
	{ "evt-ring-ref.same", L_STREAM, "evt-ring-ref", NULL, E_EITHER, SP_EVTREF_SAME },
	{ "evt-event-channel.alpha", L_STREAM, "evt-event-channel", "x", E_REFUSE, SP_NONE },
	{ "type.unknown", L_STREAM, "type", "x", E_REFUSE, SP_NONE },
	{ "type.empty", L_STREAM, "type", "", E_REFUSE, SP_NONE },
	{ "type.long", L_STREAM, "type", "pc", E_REFUSE, SP_NONE },
	{ "type.upper", L_STREAM, "type", "P", E_REFUSE, SP_NONE },
	{ "type.missing", L_STREAM, "type", NULL, E_REFUSE, SP_NONE },
	{ "sample-rates.alpha", L_CARD, "sample-rates", "abc", E_REFUSE, SP_NONE },
	{ "sample-rates.empty", L_CARD, "sample-rates", "", E_REFUSE, SP_NONE },
	{ "sample-rates.trailing-comma", L_CARD, "sample-rates", "48000,", E_REFUSE, SP_NONE },
	{ "sample-rates.leading-comma", L_CARD, "sample-rates", ",48000", E_REFUSE, SP_NONE },
	{ "sample-rates.duplicate", L_CARD, "sample-rates", "48000,48000", E_REFUSE, SP_NONE },
	{ "sample-rates.zero", L_CARD, "sample-rates", "0", E_REFUSE, SP_NONE },
	{ "sample-rates.negative", L_CARD, "sample-rates", "-48000", E_REFUSE, SP_NONE },
	{ "sample-rates.overflow", L_CARD, "sample-rates", "4294967296", E_REFUSE, SP_NONE },
	{ "sample-rates.space", L_CARD, "sample-rates", "48000 ", E_REFUSE, SP_NONE },
	{ "sample-rates.too-many", L_CARD, "sample-rates", NULL, E_REFUSE, SP_RATES17 },
	{ "sample-rates.long", L_CARD, "sample-rates", NULL, E_REFUSE, SP_DIGITS2000 },
	{ "sample-rates.pcm-alpha", L_PCM, "sample-rates", "abc", E_REFUSE, SP_NONE },
	{ "sample-rates.stream-disjoint", L_STREAM, "sample-rates", "44100", E_REFUSE, SP_NONE },
	{ "sample-formats.unknown", L_CARD, "sample-formats", "foo", E_REFUSE, SP_NONE },
	{ "sample-formats.empty", L_CARD, "sample-formats", "", E_REFUSE, SP_NONE },
	{ "sample-formats.trailing-comma", L_CARD, "sample-formats", "s16_le,", E_REFUSE, SP_NONE },
	{ "sample-formats.duplicate", L_CARD, "sample-formats", "s16_le,s16_le", E_REFUSE, SP_NONE },
	{ "sample-formats.long", L_CARD, "sample-formats", NULL, E_REFUSE, SP_LONG2000 },
	{ "buffer-size.zero", L_CARD, "buffer-size", "0", E_REFUSE, SP_NONE },
	{ "buffer-size.alpha", L_CARD, "buffer-size", "abc", E_REFUSE, SP_NONE },
	{ "buffer-size.overflow", L_CARD, "buffer-size", "99999999999", E_REFUSE, SP_NONE },
	{ "buffer-size.huge", L_CARD, "buffer-size", "4294967295", E_CONNECT, SP_CHECK_BUFMAX },
	{ "buffer-size.stream-huge", L_STREAM, "buffer-size", "4294967295", E_CONNECT, SP_CHECK_BUFMAX },
	{ "channels-max.zero", L_CARD, "channels-max", "0", E_REFUSE, SP_NONE },
	{ "channels-max.256", L_CARD, "channels-max", "256", E_REFUSE, SP_NONE },
	{ "channels-min.33", L_CARD, "channels-min", "33", E_REFUSE, SP_NONE },
	{ "channels-min.above-max", L_CARD, "channels-min", "3", E_REFUSE, SP_NONE },
	{ "unique-id.65", L_STREAM, "unique-id", NULL, E_REFUSE, SP_LONG65 },
	{ "unique-id.2000", L_STREAM, "unique-id", NULL, E_REFUSE, SP_LONG2000 },
	{ "unique-id.64", L_STREAM, "unique-id", NULL, E_CONNECT, SP_LONG64 },
	{ "unique-id.path", L_STREAM, "unique-id", "../../../../dev/snd/pcmC0D0p",
	  E_CONNECT, SP_CHECK_OPEN },
};

struct xs_ctx {
	struct ck *k;
	const struct xs_case *c;
	char path[256];
};

static void xs_path(struct ck *k, const struct xs_case *c, char *out,
		    size_t len)
{
	switch (c->level) {
	case L_CARD:
		snprintf(out, len, "%s/%s", k->r->fe, c->node);
		break;
	case L_PCM:
		snprintf(out, len, "%s/%u/%s", k->r->fe, k->P->pcm, c->node);
		break;
	default:
		snprintf(out, len, "%s/%s", k->P->xsdir, c->node);
	}
}

static char *repeat(char ch, size_t n)
{
	char *s = malloc(n + 1);

	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

static int xs_tamper(struct rogue *r, void *arg)
{
	struct xs_ctx *x = arg;
	const struct xs_case *c = x->c;
	struct ck *k = x->k;
	struct rstream *P = k->P;
	char val[512], path[256];
	char *dyn = NULL;
	const char *v = c->value;
	int i;

	switch (c->special) {
	case SP_REF_JUNK:
		snprintf(val, sizeof(val), "%ujunk", P->ring_ref);
		v = val;
		break;
	case SP_REF_FOREIGN:
		snprintf(val, sizeof(val), "%u", k->foreign_ref);
		v = val;
		break;
	case SP_REF_RO:
		snprintf(val, sizeof(val), "%u", k->ro_refs[0]);
		v = val;
		break;
	case SP_EVTCHN_SAME:
		snprintf(val, sizeof(val), "%d", P->evt_port);
		v = val;
		break;
	case SP_EVTREF_SAME:
		snprintf(val, sizeof(val), "%u", P->ring_ref);
		v = val;
		break;
	case SP_RING_INDICES:
		P->ring.sring->req_prod = 1000;
		return 0;
	case SP_LONG65:
		v = dyn = repeat('u', 65);
		break;
	case SP_LONG64:
		v = dyn = repeat('u', 64);
		break;
	/*
	 * As long as a guest may write: xenstored (Xen 4.17) caps a guest's
	 * node at 2048 octets (its quota-maxsize default).
	 */
	case SP_LONG2000:
		v = dyn = repeat('s', 2000);
		break;
	case SP_DIGITS2000:
		v = dyn = repeat('1', 2000);
		break;
	case SP_RATES17:
		val[0] = '\0';
		for (i = 0; i < 17; i++)
			snprintf(val + strlen(val), sizeof(val) - strlen(val),
				 "%s%d", i ? "," : "", 8000 + i * 1000);
		v = val;
		break;
	}
	xs_path(k, c, path, sizeof(path));
	i = 0;
	if (!v && !c->special)
		xs_del(r, path);
	else if (v && xs_put(r, path, v)) {
		diag("%s: could not write %zu octets to %s", c->name, strlen(v), path);
		i = -1;
	}
	free(dyn);
	return i;
}

static void ck_xenstore(struct ck *k)
{
	struct rogue *r = k->r;
	struct xs_ctx x = { .k = k };
	char saved[512], path[256];
	unsigned int i;
	int st, be, had;
	bool ok;

	for (i = 0; i < sizeof(xs_cases) / sizeof(xs_cases[0]); i++) {
		const struct xs_case *c = &xs_cases[i];
		static const char *const outcome[] = {
			"connected", "refused", "stuck", "error",
		};

		x.c = c;
		had = -1;
		if (c->node) {
			xs_path(k, c, path, sizeof(path));
			had = !xs_get(r, path, saved, sizeof(saved));
		}
		st = rogue_connect(r, xs_tamper, &x, &be);
		ok = (c->expect == E_REFUSE && st == CONN_REFUSED) ||
		     (c->expect == E_CONNECT && st == CONN_OK) ||
		     (c->expect == E_EITHER && (st == CONN_OK || st == CONN_REFUSED));
		tap(ok, nm(k, "xs.%s", c->name), "%s, backend state %d (expected %s)",
		    outcome[st], be,
		    c->expect == E_REFUSE ? "refused" :
		    c->expect == E_CONNECT ? "connected" : "either");
		if (st == CONN_OK && c->special == SP_CHECK_BUFMAX) {
			ex(k, k->P, nm(k, "xs.%s.open-over-max", c->name),
			   good_with(k->P, 3, k->r->max_buffer + GOOD_FRAME),
			   -XEN_EINVAL);
			ex(k, k->P, nm(k, "xs.%s.open-over-limit", c->name),
			   good_with(k->P, 3, 16 * 1024 * 1024 + PAGE_SZ),
			   -XEN_EINVAL);
		}
		if (st == CONN_OK && c->special == SP_CHECK_OPEN) {
			dir_fill(k->P);
			ex_open(k, k->P, nm(k, "xs.%s.open", c->name),
				mk_good_open(k->P), 0, 0);
		}
		/* Put the node back (transport nodes are re-published). */
		if (had == 1)
			xs_put(r, path, saved);
		else if (had == 0)
			xs_del(r, path);
	}
	st = rogue_connect_alive(r, 5, &be);
	tap(st == CONN_OK, nm(k, "xs.restored"), "backend state %d", be);
}

/* ---- all ----------------------------------------------------------------------------- */

int mode_checklist(struct rogue *r)
{
	static struct ck k;
	struct xensnd_resp rsp;
	struct xensnd_req rq;
	unsigned int i, alive = 0, id_err = 0, prod_err = 0, type_err = 0;
	int st, be;

	k.r = r;
	for (i = 0; i < r->nstreams; i++) {
		if (!r->st[i].capture && !k.P)
			k.P = &r->st[i];
		if (r->st[i].capture && !k.C)
			k.C = &r->st[i];
	}
	if (!k.P) {
		tap(false, nm(&k, "setup"), "no playback stream");
		return -1;
	}
	if (alloc_extra(&k)) {
		tap(false, nm(&k, "setup"),
		    "sharing the test pages failed (xen-gntalloc limit?)");
		return -1;
	}
	st = rogue_connect_alive(r, 5, &be);
	tap(st == CONN_OK, nm(&k, "connect"), "backend state %d", be);
	if (st != CONN_OK)
		return -1;

	ck_closed(&k);
	ck_query(&k);
	ck_open(&k);
	ck_rw(&k);
	ck_trigger(&k);
	ck_evtpage(&k);
	ck_ring(&k);
	ck_xenstore(&k);

	/* Everything still works. */
	if (!r->connected)
		rogue_connect_alive(r, 5, &be);
	for (i = 0; i < r->nstreams; i++) {
		struct rstream *s = &r->st[i];

		dir_fill(s);
		rq = mk_good_open(s);
		if (rs_call(r, s, &rq, &rsp, 8000) || rsp.status)
			continue;
		rq = mk_req(XENSND_OP_CLOSE);
		if (!rs_call(r, s, &rq, &rsp, 8000) && !rsp.status)
			alive++;
	}
	tap(alive == r->nstreams, nm(&k, "final.alive"),
	    "%u of %u streams open and close", alive, r->nstreams);

	for (i = 0; i < r->nstreams; i++) {
		id_err += r->st[i].evt_id_errors;
		prod_err += r->st[i].evt_prod_errors;
		type_err += r->st[i].evt_type_errors;
	}
	tap(!id_err && !type_err, nm(&k, "events.ids"),
	    "%u id gaps, %u bad types", id_err, type_err);
	tap(!prod_err, nm(&k, "events.no-overrun"),
	    "%u times the backend ran past in_cons", prod_err);
	tap(!k.echo_bad, nm(&k, "resp.echo"),
	    "%u responses with a wrong id/operation or dirty reserved bytes%s%s",
	    k.echo_bad, k.echo_bad ? ", first: " : "", k.echo_first);
	tap(!r->dead_at_connect, nm(&k, "dead-at-connect"),
	    "%u times a stream never answered a fresh connection", r->dead_at_connect);
	tap(!r->rsp_prod_errors, nm(&k, "resp.prod-sane"),
	    "%u times rsp_prod ran ahead of the requests", r->rsp_prod_errors);
	rogue_disconnect(r);
	return 0;
}
