// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: Xen-free bookkeeping of requests in flight (see inflight.h).
 */

#include <linux/errno.h>
#include <linux/typecheck.h>	/* 6.1's jiffies.h uses it unincluded */
#include <linux/jiffies.h>
#include <linux/string.h>

#include "inflight.h"

/**
 * sndfront_inflight_reset() - forget every request
 * @fl: the bookkeeping
 *
 * Request ids keep counting, so a late answer to a forgotten request can
 * never match a new one before 65536 requests have gone by.
 *
 * Context: any; the caller serialises access to @fl.
 */
void sndfront_inflight_reset(struct sndfront_inflight *fl)
{
	u16 next_id = fl->next_id;

	memset(fl, 0, sizeof(*fl));
	fl->next_id = next_id;
}

/**
 * sndfront_inflight_add() - record a request about to be sent
 * @fl: the bookkeeping
 * @op: XENSND_OP_* of the request
 * @len: data bytes of a READ/WRITE, else 0
 * @cookie: caller's tag, returned by sndfront_inflight_pop()
 * @now: the time (jiffies), for sndfront_inflight_overdue()
 * @id: receives the id to put in the request
 *
 * Context: any; the caller serialises access to @fl.
 * Return: 0, or -ENOSPC when SNDFRONT_RING_SLOTS requests are recorded.
 */
int sndfront_inflight_add(struct sndfront_inflight *fl, u8 op, u32 len,
			  u32 cookie, unsigned long now, u16 *id)
{
	struct sndfront_slot *s;

	if (fl->count == SNDFRONT_RING_SLOTS)
		return -ENOSPC;
	s = &fl->slot[(fl->head + fl->count) % SNDFRONT_RING_SLOTS];
	s->id = fl->next_id++;
	s->op = op;
	s->state = SNDFRONT_SLOT_PENDING;
	s->status = 0;
	s->len = len;
	s->cookie = cookie;
	s->sent = now;
	fl->count++;
	*id = s->id;
	return 0;
}

/**
 * sndfront_inflight_complete() - match a response to its request
 * @fl: the bookkeeping
 * @id: id from the response
 * @op: operation from the response
 * @status: status from the response
 * @cookie: receives the caller's tag of the request
 *
 * Context: any; the caller serialises access to @fl.
 * Return: 0, or -EPROTO if no outstanding request has @id, or it has
 * another operation. @fl is unchanged on error.
 */
int sndfront_inflight_complete(struct sndfront_inflight *fl, u16 id, u8 op,
			       s32 status, u32 *cookie)
{
	struct sndfront_slot *s;
	unsigned int i;

	for (i = 0; i < fl->count; i++) {
		s = &fl->slot[(fl->head + i) % SNDFRONT_RING_SLOTS];
		if (s->id != id || s->state != SNDFRONT_SLOT_PENDING)
			continue;
		if (s->op != op)
			return -EPROTO;
		s->state = SNDFRONT_SLOT_DONE;
		s->status = status;
		*cookie = s->cookie;
		return 0;
	}
	return -EPROTO;
}

/**
 * sndfront_inflight_pop() - remove the oldest request if it is answered
 * @fl: the bookkeeping
 * @out: receives the record
 *
 * Context: any; the caller serialises access to @fl.
 * Return: true if a record was removed.
 */
bool sndfront_inflight_pop(struct sndfront_inflight *fl,
			   struct sndfront_slot *out)
{
	struct sndfront_slot *s = &fl->slot[fl->head];

	if (!fl->count || s->state != SNDFRONT_SLOT_DONE)
		return false;
	*out = *s;
	fl->head = (fl->head + 1) % SNDFRONT_RING_SLOTS;
	fl->count--;
	return true;
}

/**
 * sndfront_inflight_overdue() - has a request gone unanswered too long?
 * @fl: the bookkeeping
 * @now: the time (jiffies)
 * @timeout: how long a request may wait for its answer (jiffies)
 *
 * Context: any; the caller serialises access to @fl.
 * Return: true if a request still unanswered was recorded more than
 * @timeout before @now.
 */
bool sndfront_inflight_overdue(const struct sndfront_inflight *fl,
			       unsigned long now, unsigned long timeout)
{
	const struct sndfront_slot *s;
	unsigned int i;

	for (i = 0; i < fl->count; i++) {
		s = &fl->slot[(fl->head + i) % SNDFRONT_RING_SLOTS];
		if (s->state == SNDFRONT_SLOT_PENDING &&
		    time_after(now, s->sent + timeout))
			return true;
	}
	return false;
}
