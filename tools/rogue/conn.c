// SPDX-License-Identifier: GPL-2.0
/*
 * xsnd-rogue: the frontend side of the sndif transport, in user space.
 *
 * XenStore through libxenstore, pages shared with the backend through
 * gntalloc (xengntshr_share_pages), event channels through /dev/xen/evtchn
 * (xenevtchn_bind_unbound_port). The XenBus handshake is the one sndif.h
 * describes; rogue_connect() starts from whatever state the device is in:
 *
 *   frontend Closing -> backend Closing/Closed; frontend Closed -> backend
 *   Closed; frontend Initialising -> backend InitWait; publish rings and
 *   channels (a tamper hook may corrupt them here) -> Initialised; backend
 *   Connected (or Closing: refused) -> Connected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "rogue.h"

/* How long the backend may take for one XenBus step (TCG is slow). */
#define STATE_TIMEOUT_MS	20000

int xs_get(struct rogue *r, const char *path, char *out, size_t len)
{
	unsigned int n;
	char *v = xs_read(r->xs, XBT_NULL, path, &n);

	if (!v)
		return -1;
	snprintf(out, len, "%.*s", (int)n, v);
	free(v);
	return 0;
}

int xs_put(struct rogue *r, const char *path, const char *val)
{
	return xs_write(r->xs, XBT_NULL, path, val, strlen(val)) ? 0 : -1;
}

int xs_del(struct rogue *r, const char *path)
{
	return xs_rm(r->xs, XBT_NULL, path) ? 0 : -1;
}

static int xs_get_uint(struct rogue *r, const char *path, unsigned int *v)
{
	char buf[32], *end;
	unsigned long x;

	if (xs_get(r, path, buf, sizeof(buf)))
		return -1;
	errno = 0;
	x = strtoul(buf, &end, 10);
	if (errno || end == buf || *end)
		return -1;
	*v = x;
	return 0;
}

int be_state(struct rogue *r)
{
	char path[200];
	unsigned int v;

	snprintf(path, sizeof(path), "%s/state", r->be);
	return xs_get_uint(r, path, &v) ? -1 : (int)v;
}

static int fe_state(struct rogue *r)
{
	char path[128];
	unsigned int v;

	snprintf(path, sizeof(path), "%s/state", r->fe);
	return xs_get_uint(r, path, &v) ? -1 : (int)v;
}

static int fe_set_state(struct rogue *r, int st)
{
	char path[128], val[8];

	snprintf(path, sizeof(path), "%s/state", r->fe);
	snprintf(val, sizeof(val), "%d", st);
	return xs_put(r, path, val);
}

/* Wait until the backend state is in @mask (bits of states); -1 on time-out. */
static int wait_be(struct rogue *r, unsigned int mask, int timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;
	int st;

	for (;;) {
		st = be_state(r);
		if (st >= 0 && (mask & (1u << st)))
			return st;
		if (now_ms() > end)
			return -1;
		rogue_poll(r, 5);
	}
}

void *share(struct rogue *r, unsigned int domid, unsigned int count,
	    uint32_t *refs, bool writable)
{
	void *p = xengntshr_share_pages(r->gs, domid, count, refs, writable);

	if (!p)
		diag("gntalloc: sharing %u pages with dom%u failed: %s", count,
		     domid, strerror(errno));
	return p;
}

void unshare(struct rogue *r, void *addr, unsigned int count)
{
	if (addr)
		xengntshr_unshare(r->gs, addr, count);
}

/* Page directory of the stream buffer: all pages, no next page. */
void dir_fill(struct rstream *s)
{
	memset(s->dir, 0, PAGE_SZ);
	s->dir[0] = 0;
	memcpy(&s->dir[1], s->buf_refs, sizeof(s->buf_refs));
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* Numeric entries of directory @path, sorted; returns how many. */
static unsigned int xs_numeric_dir(struct rogue *r, const char *path,
				   unsigned int *out, unsigned int max)
{
	unsigned int n, i, k = 0;
	char **ents = xs_directory(r->xs, XBT_NULL, path, &n);
	char *end;

	if (!ents)
		return 0;
	for (i = 0; i < n && k < max; i++) {
		unsigned long v = strtoul(ents[i], &end, 10);

		if (*ents[i] && !*end)
			out[k++] = v;
	}
	free(ents);
	qsort(out, k, sizeof(*out), cmp_uint);
	return k;
}

int rogue_init(struct rogue *r, unsigned int devid)
{
	unsigned int pcms[16], strs[16], np, ns, i, j, k;
	char path[256], val[16];

	r->devid = devid;
	r->xs = xs_open(0);
	r->gs = xengntshr_open(NULL, 0);
	r->xce = xenevtchn_open(NULL, 0);
	if (!r->xs || !r->gs || !r->xce) {
		diag("cannot open %s%s%s (are xen-gntalloc and xen-evtchn loaded?)",
		     r->xs ? "" : "xenstore ", r->gs ? "" : "gntalloc ",
		     r->xce ? "" : "evtchn");
		return -1;
	}
	r->xce_fd = xenevtchn_fd(r->xce);
	if (xs_get_uint(r, "domid", &r->domid)) {
		diag("cannot read my domid");
		return -1;
	}
	snprintf(r->fe, sizeof(r->fe), "/local/domain/%u/device/vsnd/%u",
		 r->domid, devid);
	snprintf(path, sizeof(path), "%s/backend", r->fe);
	if (xs_get(r, path, r->be, sizeof(r->be))) {
		diag("no vsnd device %u (%s)", devid, path);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/backend-id", r->fe);
	if (xs_get_uint(r, path, &r->be_domid))
		return -1;

	np = xs_numeric_dir(r, r->fe, pcms, 16);
	for (i = 0; i < np; i++) {
		snprintf(path, sizeof(path), "%s/%u", r->fe, pcms[i]);
		ns = xs_numeric_dir(r, path, strs, 16);
		for (j = 0; j < ns && r->nstreams < MAX_STREAMS; j++) {
			struct rstream *s = &r->st[r->nstreams];

			snprintf(s->xsdir, sizeof(s->xsdir), "%s/%u/%u", r->fe,
				 pcms[i], strs[j]);
			snprintf(path, sizeof(path), "%s/type", s->xsdir);
			if (xs_get(r, path, val, sizeof(val)))
				continue;
			s->capture = !strcmp(val, "c");
			s->pcm = pcms[i];
			s->idx = strs[j];
			snprintf(s->name, sizeof(s->name), "%c%u.%u",
				 s->capture ? 'c' : 'p', s->pcm, s->idx);
			s->ring_port = s->evt_port = -1;
			r->nstreams++;
		}
	}
	if (!r->nstreams) {
		diag("no streams under %s", r->fe);
		return -1;
	}
	for (k = 0; k < r->nstreams; k++) {
		struct rstream *s = &r->st[k];

		s->buf = share(r, r->be_domid, BUF_PAGES, s->buf_refs, true);
		s->dir = share(r, r->be_domid, 1, &s->dir_ref, true);
		if (!s->buf || !s->dir)
			return -1;
		dir_fill(s);
	}
	vlog(r, "dom%u, backend dom%u %s, %u streams", r->domid, r->be_domid,
	     r->be, r->nstreams);
	return 0;
}

static void release_transport(struct rogue *r)
{
	unsigned int i;

	for (i = 0; i < r->nstreams; i++) {
		struct rstream *s = &r->st[i];

		if (s->ring_port >= 0)
			xenevtchn_unbind(r->xce, s->ring_port);
		if (s->evt_port >= 0)
			xenevtchn_unbind(r->xce, s->evt_port);
		s->ring_port = s->evt_port = -1;
		unshare(r, s->ring_page, 1);
		unshare(r, s->evt_page, 1);
		s->ring_page = s->evt_page = NULL;
	}
}

void rs_reset_events(struct rstream *s)
{
	s->evt_cons = 0;
	s->evt_frozen = false;
	s->evt_next_id = 0;
	s->evt_any = false;
	s->evt_count = 0;
	s->evt_last_pos = 0;
}

static int publish(struct rogue *r, struct rstream *s)
{
	struct xen_sndif_sring *sring;
	char path[256], val[16];

	s->ring_page = share(r, r->be_domid, 1, &s->ring_ref, true);
	s->evt_page = share(r, r->be_domid, 1, &s->evt_ref, true);
	if (!s->ring_page || !s->evt_page)
		return -1;
	memset(s->ring_page, 0, PAGE_SZ);
	memset(s->evt_page, 0, PAGE_SZ);
	sring = s->ring_page;
	SHARED_RING_INIT(sring);
	FRONT_RING_INIT(&s->ring, sring, PAGE_SZ);
	rs_reset_events(s);

	s->ring_port = xenevtchn_bind_unbound_port(r->xce, r->be_domid);
	s->evt_port = xenevtchn_bind_unbound_port(r->xce, r->be_domid);
	if (s->ring_port < 0 || s->evt_port < 0) {
		diag("evtchn: binding unbound ports failed: %s", strerror(errno));
		return -1;
	}
#define PUT(node, v) do { \
		snprintf(path, sizeof(path), "%s/%s", s->xsdir, node); \
		snprintf(val, sizeof(val), "%u", (unsigned int)(v)); \
		if (xs_put(r, path, val)) return -1; \
	} while (0)
	PUT(XENSND_FIELD_RING_REF, s->ring_ref);
	PUT(XENSND_FIELD_EVT_CHNL, s->ring_port);
	PUT(XENSND_FIELD_EVT_RING_REF, s->evt_ref);
	PUT(XENSND_FIELD_EVT_EVT_CHNL, s->evt_port);
#undef PUT
	return 0;
}

/* Frontend Closing, then Closed; the backend must follow. */
static int close_handshake(struct rogue *r)
{
	int st = be_state(r), fe = fe_state(r);

	r->connected = false;
	if (!(fe == XB_CLOSED && st == XB_CLOSED)) {
		fe_set_state(r, XB_CLOSING);
		if (wait_be(r, 1u << XB_CLOSING | 1u << XB_CLOSED,
			    STATE_TIMEOUT_MS) < 0) {
			diag("backend did not close (state %d)", be_state(r));
			return -1;
		}
		fe_set_state(r, XB_CLOSED);
		if (wait_be(r, 1u << XB_CLOSED, STATE_TIMEOUT_MS) < 0) {
			diag("backend did not reach Closed (state %d)",
			     be_state(r));
			return -1;
		}
	}
	release_transport(r);
	return 0;
}

int rogue_disconnect(struct rogue *r)
{
	return close_handshake(r);
}

int rogue_connect(struct rogue *r, tamper_fn tamper, void *arg,
		  int *be_state_out)
{
	uint64_t t0 = now_ms();
	unsigned int i;
	int st, fe;

	if (be_state_out)
		*be_state_out = -1;
	st = be_state(r);
	fe = fe_state(r);
	if (r->connected || fe != XB_INITIALISING || st != XB_INITWAIT) {
		if (close_handshake(r))
			return CONN_ERROR;
		fe_set_state(r, XB_INITIALISING);
		if (wait_be(r, 1u << XB_INITWAIT, STATE_TIMEOUT_MS) < 0) {
			diag("backend did not reach InitWait (state %d)",
			     be_state(r));
			return CONN_ERROR;
		}
	}
	release_transport(r);
	for (i = 0; i < r->nstreams; i++)
		if (publish(r, &r->st[i]))
			return CONN_ERROR;
	if (tamper && tamper(r, arg))
		return CONN_ERROR;
	/* Events the old channels left pending are meaningless now. */
	rogue_poll(r, 0);
	fe_set_state(r, XB_INITIALISED);
	st = wait_be(r, 1u << XB_CONNECTED | 1u << XB_CLOSING |
		     1u << XB_CLOSED, STATE_TIMEOUT_MS);
	if (be_state_out)
		*be_state_out = st < 0 ? be_state(r) : st;
	r->connects++;
	if (st == XB_CONNECTED) {
		fe_set_state(r, XB_CONNECTED);
		r->connected = true;
		vlog(r, "connected in %" PRIu64 " ms",  now_ms() - t0);
		return CONN_OK;
	}
	if (st == XB_CLOSING || st == XB_CLOSED) {
		r->refusals++;
		vlog(r, "refused (backend state %d)", st);
		return CONN_REFUSED;
	}
	return CONN_STUCK;
}

/*
 * Connect, then ask every stream a HW_PARAM_QUERY: a stream that does not
 * answer a fresh connection is dead from the start (counted in
 * r->dead_at_connect, the callers report it). Reconnect while some stream
 * is dead, up to @tries connections, so that the rest of a run still
 * exercises the backend.
 */
int rogue_connect_alive(struct rogue *r, int tries, int *be_state_out)
{
	struct xensnd_resp rsp;
	struct xensnd_req rq;
	unsigned int i, dead;
	int st;

	for (;;) {
		st = rogue_connect(r, NULL, NULL, be_state_out);
		if (st != CONN_OK)
			return st;
		for (i = 0, dead = 0; i < r->nstreams; i++) {
			rq = mk_query_all();
			if (rs_call(r, &r->st[i], &rq, &rsp, 3000)) {
				dead++;
				rs_stall_diag(r, &r->st[i], "right after connect");
			}
		}
		if (!dead)
			return CONN_OK;
		r->dead_at_connect += dead;
		if (--tries <= 0)
			return CONN_OK;
	}
}

/* ---- event channels ------------------------------------------------------ */

/* Take pending notifications (and unmask), waiting up to @ms for one. */
void rogue_poll(struct rogue *r, int ms)
{
	struct pollfd p = { .fd = r->xce_fd, .events = POLLIN };
	int port;

	while (poll(&p, 1, ms) > 0) {
		port = xenevtchn_pending(r->xce);
		if (port < 0)
			break;
		xenevtchn_unmask(r->xce, port);
		ms = 0;
	}
}

/* ---- requests -------------------------------------------------------------- */

struct xensnd_req mk_req(uint8_t op)
{
	struct xensnd_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.operation = op;
	return rq;
}

struct xensnd_req mk_open(uint8_t fmt, uint8_t ch, uint32_t rate,
			  uint32_t buf, uint32_t dir, uint32_t period)
{
	struct xensnd_req rq = mk_req(XENSND_OP_OPEN);

	rq.op.open.pcm_format = fmt;
	rq.op.open.pcm_channels = ch;
	rq.op.open.pcm_rate = rate;
	rq.op.open.buffer_sz = buf;
	rq.op.open.gref_directory = dir;
	rq.op.open.period_sz = period;
	return rq;
}

struct xensnd_req mk_good_open(struct rstream *s)
{
	return mk_open(GOOD_FORMAT, GOOD_CHANNELS, GOOD_RATE, BUF_BYTES,
		       s->dir_ref, GOOD_PERIOD);
}

struct xensnd_req mk_rw(uint8_t op, uint32_t off, uint32_t len)
{
	struct xensnd_req rq = mk_req(op);

	rq.op.rw.offset = off;
	rq.op.rw.length = len;
	return rq;
}

struct xensnd_req mk_trigger(uint8_t type)
{
	struct xensnd_req rq = mk_req(XENSND_OP_TRIGGER);

	rq.op.trigger.type = type;
	return rq;
}

struct xensnd_req mk_query_all(void)
{
	struct xensnd_req rq = mk_req(XENSND_OP_HW_PARAM_QUERY);

	rq.op.hw_param.formats = ~0ull;
	rq.op.hw_param.rates.max = UINT32_MAX;
	rq.op.hw_param.channels.max = UINT32_MAX;
	rq.op.hw_param.buffer.max = UINT32_MAX;
	rq.op.hw_param.period.max = UINT32_MAX;
	return rq;
}

/* Put a request on the ring (not yet visible to the backend). */
void rs_queue(struct rstream *s, const struct xensnd_req *rq)
{
	*RING_GET_REQUEST(&s->ring, s->ring.req_prod_pvt) = *rq;
	s->ring.req_prod_pvt++;
}

void rs_push(struct rogue *r, struct rstream *s, bool force_notify)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&s->ring, notify);
	if ((notify || force_notify) && s->ring_port >= 0)
		xenevtchn_notify(r->xce, s->ring_port);
}

/* Consume CUR_POS events; check ids run on without gaps. */
void rs_drain_events(struct rstream *s)
{
	struct xensnd_event_page *page = s->evt_page;
	struct xensnd_evt evt;
	uint32_t prod;

	if (!page || s->evt_frozen)
		return;
	prod = __atomic_load_n(&page->in_prod, __ATOMIC_ACQUIRE);
	if (prod - s->evt_cons > EVT_SLOTS) {
		/* The backend overran the ring: it must never do that. */
		s->evt_prod_errors++;
		s->evt_cons = prod;
	}
	while (s->evt_cons != prod) {
		evt = XENSND_IN_RING_REF(page, s->evt_cons);
		s->evt_cons++;
		if (evt.type != XENSND_EVT_CUR_POS)
			s->evt_type_errors++;
		if (s->evt_any && evt.id != s->evt_next_id) {
			if (!s->evt_id_errors++) {
				s->evt_bad_id_got = evt.id;
				s->evt_bad_id_want = s->evt_next_id;
			}
		}
		if (!s->evt_any && evt.id != 0 && !s->evt_id_errors++) {
			s->evt_bad_id_got = evt.id;
			s->evt_bad_id_want = 0;
		}
		s->evt_any = true;
		s->evt_next_id = evt.id + 1;
		s->evt_last_pos = evt.op.cur_pos.position;
		s->evt_count++;
	}
	__atomic_store_n(&page->in_cons, s->evt_cons, __ATOMIC_RELEASE);
}

/* Collect up to @n responses within @timeout_ms; returns how many. */
unsigned int rs_collect(struct rogue *r, struct rstream *s,
			struct xensnd_resp *out, unsigned int n,
			int timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;
	unsigned int got = 0, i;
	RING_IDX prod;

	for (;;) {
		prod = __atomic_load_n(&s->ring.sring->rsp_prod,
				       __ATOMIC_ACQUIRE);
		if (prod - s->ring.rsp_cons > RING_SLOTS) {
			/* Backend pushed more responses than requests. */
			r->rsp_prod_errors++;
			s->ring.rsp_cons = prod;
		}
		while (got < n && s->ring.rsp_cons != prod) {
			out[got++] = *RING_GET_RESPONSE(&s->ring,
							s->ring.rsp_cons);
			s->ring.rsp_cons++;
		}
		if (got == n)
			break;
		s->ring.sring->rsp_event = s->ring.rsp_cons + 1;
		xen_mb();
		if (s->ring.sring->rsp_prod != s->ring.rsp_cons)
			continue;
		for (i = 0; i < r->nstreams; i++)
			rs_drain_events(&r->st[i]);
		if (now_ms() >= end)
			break;
		/* The notification wakes us; re-check every 10 ms anyway. */
		rogue_poll(r, 10);
	}
	for (i = 0; i < r->nstreams; i++)
		rs_drain_events(&r->st[i]);
	return got;
}

/*
 * One request, one response. Returns 0 with *rsp filled, or -1 if no
 * response came within @timeout_ms.
 */
int rs_call(struct rogue *r, struct rstream *s, struct xensnd_req *rq,
	    struct xensnd_resp *rsp, int timeout_ms)
{
	rq->id = s->next_id++;
	rs_queue(s, rq);
	rs_push(r, s, false);
	return rs_collect(r, s, rsp, 1, timeout_ms) == 1 ? 0 : -1;
}

/*
 * A request went unanswered: say what the shared ring shows (did the
 * backend look at the ring since? req_event moves when it does) and tell
 * dom0 once, so it can snapshot its side.
 */
void rs_stall_diag(struct rogue *r, struct rstream *s, const char *what)
{
	static unsigned int n;
	struct xen_sndif_sring *sr = s->ring.sring;

	if (n++ == 0)
		marker("stall");
	if (n > 12)
		return;
	diag("stall %s on %s: req_prod %u req_event %u rsp_prod %u rsp_event %u; front pvt %u rsp_cons %u; ports %d/%d; backend state %d",
	     what, s->name, sr->req_prod, sr->req_event, sr->rsp_prod,
	     sr->rsp_event, s->ring.req_prod_pvt, s->ring.rsp_cons,
	     s->ring_port, s->evt_port, be_state(r));
}

bool rsp_reserved_clean(const struct xensnd_resp *rsp)
{
	static const uint8_t zero[sizeof(rsp->resp)];

	if (rsp->reserved)
		return false;
	if (rsp->operation == XENSND_OP_HW_PARAM_QUERY && rsp->status == 0)
		return !memcmp((const uint8_t *)&rsp->resp +
			       sizeof(rsp->resp.hw_param),
			       zero, sizeof(rsp->resp) -
			       sizeof(rsp->resp.hw_param));
	return !memcmp(&rsp->resp, zero, sizeof(rsp->resp));
}
