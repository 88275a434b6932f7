/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xsnd-rogue: a hostile user-space sndif frontend (see xsnd-rogue.c).
 *
 * One struct rogue per vsnd device. Streams are found in XenStore; each
 * connection gets fresh rings, event pages and event channels, while the
 * stream buffers (BUF_PAGES pages plus a page directory) are shared once
 * and reused across connections.
 */
#ifndef XSND_ROGUE_H
#define XSND_ROGUE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>
#include <xen/io/sndif.h>

/* Barriers for xen/io/ring.h's macros (x86: only mb needs a fence). */
#undef xen_mb
#undef xen_rmb
#undef xen_wmb
#define xen_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

#define PAGE_SZ		4096u
#define MAX_STREAMS	8
/* Stream buffer: 16 pages, one directory page. */
#define BUF_PAGES	16
#define BUF_BYTES	(BUF_PAGES * PAGE_SZ)
/* Grant refs in one directory page. */
#define DIR_GREFS	((PAGE_SZ - 4) / 4)
/* Request slots of a one-page ring. */
#define RING_SLOTS	32
#define EVT_SLOTS	XENSND_IN_RING_LEN

/* Xen errno values the backend answers with (xen/include/public/errno.h). */
#define XEN_EIO		5
#define XEN_ENOMEM	12
#define XEN_EFAULT	14
#define XEN_EBUSY	16
#define XEN_ENODEV	19
#define XEN_EINVAL	22
#define XEN_ENOSYS	38
#define XEN_EOPNOTSUPP	95

/* XenBus states. */
enum {
	XB_UNKNOWN, XB_INITIALISING, XB_INITWAIT, XB_INITIALISED,
	XB_CONNECTED, XB_CLOSING, XB_CLOSED, XB_RECONFIGURING, XB_RECONFIGURED,
};

/* The well-formed stream parameters the lab configures. */
#define GOOD_FORMAT	XENSND_PCM_FORMAT_S16_LE
#define GOOD_CHANNELS	2
#define GOOD_RATE	48000
#define GOOD_FRAME	4
#define GOOD_PERIOD	4096

struct rstream {
	char xsdir[160];	/* absolute XenStore directory */
	char name[16];		/* "p0.0" style: type, pcm, index */
	unsigned int pcm, idx;
	bool capture;

	/* transport of the current connection */
	void *ring_page;
	void *evt_page;
	uint32_t ring_ref, evt_ref;
	int ring_port, evt_port;	/* local ports, -1 if none */
	struct xen_sndif_front_ring ring;
	uint16_t next_id;

	/* events */
	uint32_t evt_cons;
	bool evt_frozen;	/* leave the event page alone (tests) */
	uint16_t evt_next_id;
	bool evt_any;
	uint64_t evt_count, evt_last_pos;
	unsigned int evt_id_errors, evt_type_errors, evt_prod_errors;
	uint16_t evt_bad_id_got, evt_bad_id_want;

	/* buffer, persistent across connections */
	uint8_t *buf;
	uint32_t buf_refs[BUF_PAGES];
	uint32_t *dir;
	uint32_t dir_ref;
};

struct rogue {
	struct xs_handle *xs;
	xengntshr_handle *gs;
	xenevtchn_handle *xce;
	int xce_fd;
	unsigned int domid, be_domid, devid;
	char fe[96];		/* frontend device directory */
	char be[160];		/* backend device directory */
	unsigned int nstreams;
	struct rstream st[MAX_STREAMS];
	bool connected;
	unsigned int connects, refusals;
	int verbose;
	const char *prefix;	/* TAP name prefix, e.g. "rogue" */
	uint32_t max_buffer;	/* largest buffer_sz dom0 should accept */
	/* ring-response sanity, all streams, whole run */
	unsigned int rsp_prod_errors;
	/* streams that never answered right after a connect */
	unsigned int dead_at_connect;
};

/* Connection outcome. */
enum { CONN_OK, CONN_REFUSED, CONN_STUCK, CONN_ERROR };

/* TAP (xsnd-rogue.c) */
void tap(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vlog(struct rogue *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void marker(const char *name);
extern unsigned int tap_passed, tap_failed;

/* utilities */
uint64_t now_ms(void);
void sleep_ms(unsigned int ms);
const char *errname(int status);

/* connection (conn.c) */
int rogue_init(struct rogue *r, unsigned int devid);
typedef int (*tamper_fn)(struct rogue *r, void *arg);
int rogue_connect(struct rogue *r, tamper_fn tamper, void *arg,
		  int *be_state_out);
int rogue_disconnect(struct rogue *r);
int rogue_connect_alive(struct rogue *r, int tries, int *be_state_out);
int be_state(struct rogue *r);
int xs_get(struct rogue *r, const char *path, char *out, size_t len);
int xs_put(struct rogue *r, const char *path, const char *val);
int xs_del(struct rogue *r, const char *path);
void *share(struct rogue *r, unsigned int domid, unsigned int count,
	    uint32_t *refs, bool writable);
void unshare(struct rogue *r, void *addr, unsigned int count);

/* requests (conn.c) */
void rs_queue(struct rstream *s, const struct xensnd_req *rq);
void rs_push(struct rogue *r, struct rstream *s, bool force_notify);
unsigned int rs_collect(struct rogue *r, struct rstream *s,
			struct xensnd_resp *out, unsigned int n,
			int timeout_ms);
int rs_call(struct rogue *r, struct rstream *s, struct xensnd_req *rq,
	    struct xensnd_resp *rsp, int timeout_ms);
void rs_drain_events(struct rstream *s);
void rogue_poll(struct rogue *r, int ms);
void rs_reset_events(struct rstream *s);
bool rsp_reserved_clean(const struct xensnd_resp *rsp);
void rs_stall_diag(struct rogue *r, struct rstream *s, const char *what);

/* request builders (conn.c) */
struct xensnd_req mk_req(uint8_t op);
struct xensnd_req mk_open(uint8_t fmt, uint8_t ch, uint32_t rate,
			  uint32_t buf, uint32_t dir, uint32_t period);
struct xensnd_req mk_good_open(struct rstream *s);
struct xensnd_req mk_rw(uint8_t op, uint32_t off, uint32_t len);
struct xensnd_req mk_trigger(uint8_t type);
struct xensnd_req mk_query_all(void);
void dir_fill(struct rstream *s);

/* modes */
int mode_good(struct rogue *r, const char *prefix);
int mode_checklist(struct rogue *r);
int mode_fuzz(struct rogue *r, uint64_t seed, unsigned long count,
	      unsigned int xs_every, unsigned int ring_every);
int mode_hold(struct rogue *r, unsigned int seconds, const char *mark);
int mode_storm(struct rogue *r, unsigned int seconds, const char *channel,
	       const char *mark);

#endif /* XSND_ROGUE_H */
