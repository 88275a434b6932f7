/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snd-xenfront: Xen-free bookkeeping of requests in flight on one ring.
 *
 * Requests are recorded in submission order. A response must name a
 * request that is outstanding, with the same operation; anything else is a
 * protocol violation. Completed requests leave in submission order, so
 * data requests (READ/WRITE) are accounted in stream order even if the
 * backend answers out of order.
 */
#ifndef SNDFRONT_INFLIGHT_H
#define SNDFRONT_INFLIGHT_H

#include <linux/types.h>

/*
 * Requests that fit in the one-page request ring:
 * __CONST_RING_SIZE(xen_sndif, 4096) = 32 slots of 64 octets (a 64-octet
 * header leaves 4032 octets, rounded down to a power of two).
 */
#define SNDFRONT_RING_SLOTS	32

/* States of a struct sndfront_slot. */
#define SNDFRONT_SLOT_PENDING	1
#define SNDFRONT_SLOT_DONE	2

/**
 * struct sndfront_slot - one request in flight
 * @id: request id sent to the backend
 * @op: XENSND_OP_* of the request
 * @state: SNDFRONT_SLOT_PENDING until answered, then SNDFRONT_SLOT_DONE
 * @status: response status, valid once done
 * @len: data bytes of a READ/WRITE, else 0
 * @cookie: caller's tag, e.g. the prepare epoch of a data request
 * @sent: when the request was recorded (jiffies), for time-outs
 */
struct sndfront_slot {
	u16 id;
	u8 op;
	u8 state;
	s32 status;
	u32 len;
	u32 cookie;
	unsigned long sent;
};

/**
 * struct sndfront_inflight - requests in flight, in submission order
 * @slot: circular array of records
 * @head: index of the oldest record
 * @count: number of records
 * @next_id: id of the next request
 */
struct sndfront_inflight {
	struct sndfront_slot slot[SNDFRONT_RING_SLOTS];
	unsigned int head;
	unsigned int count;
	u16 next_id;
};

void sndfront_inflight_reset(struct sndfront_inflight *fl);
int sndfront_inflight_add(struct sndfront_inflight *fl, u8 op, u32 len,
			  u32 cookie, unsigned long now, u16 *id);
bool sndfront_inflight_overdue(const struct sndfront_inflight *fl,
			       unsigned long now, unsigned long timeout);
int sndfront_inflight_complete(struct sndfront_inflight *fl, u16 id, u8 op,
			       s32 status, u32 *cookie);
bool sndfront_inflight_pop(struct sndfront_inflight *fl,
			   struct sndfront_slot *out);

#endif /* SNDFRONT_INFLIGHT_H */
