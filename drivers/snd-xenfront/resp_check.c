// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: Xen-free checks of what the backend writes (see
 * resp_check.h).
 */

#include <linux/err.h>
#include <linux/errno.h>

#include "resp_check.h"

/**
 * sndfront_check_status() - turn a response status into an errno
 * @status: status from the backend (0 or -XEN_Exx, which match Linux)
 *
 * Context: any.
 * Return: 0 or a negative errno; anything odd becomes -EIO.
 */
int sndfront_check_status(s32 status)
{
	if (status > 0 || status < -MAX_ERRNO)
		return -EIO;
	return status;
}

/**
 * sndfront_check_rsp_prod() - is the request ring's rsp_prod possible?
 * @rsp_prod: the backend's response producer index, as read once
 * @rsp_cons: responses consumed so far
 * @req_prod: requests pushed so far (req_prod_pvt)
 *
 * The indices are free-running u32 counters (RING_IDX): only differences
 * mean anything, and they stay right across the wrap at 2^32. The backend
 * can only answer requests that were pushed and not answered yet, so
 * @rsp_prod lies in [@rsp_cons, @req_prod]. Anything else, including an
 * index that moved backwards, is a protocol violation.
 *
 * Context: any.
 * Return: 0, or -EPROTO for an impossible index.
 */
int sndfront_check_rsp_prod(u32 rsp_prod, u32 rsp_cons, u32 req_prod)
{
	if (rsp_prod - rsp_cons > req_prod - rsp_cons)
		return -EPROTO;
	return 0;
}

/**
 * sndfront_check_evt_prod() - is the event page's in_prod possible?
 * @in_prod: the backend's event producer index, as read once
 * @in_cons: events consumed so far (our own copy, not the page's)
 *
 * Free-running u32 counters as on the ring: the backend can have at most
 * SNDFRONT_EVT_SLOTS events outstanding, so @in_prod lies in
 * [@in_cons, @in_cons + SNDFRONT_EVT_SLOTS], modulo 2^32.
 *
 * Context: any.
 * Return: 0, or -EPROTO for an impossible index.
 */
int sndfront_check_evt_prod(u32 in_prod, u32 in_cons)
{
	if (in_prod - in_cons > SNDFRONT_EVT_SLOTS)
		return -EPROTO;
	return 0;
}

/**
 * sndfront_check_evt_id() - check an event id against the expected one
 * @id: id of the event
 * @next: id the event should carry; receives the id the next one should
 *
 * Event ids run 0, 1, 2... for the connection and wrap at 2^16. A gap is
 * worth a message but nothing more: positions are absolute, so a lost
 * event loses nothing. The sequence resumes after @id in any case.
 *
 * Context: any; the caller serialises access to @next.
 * Return: true if @id was the expected one.
 */
bool sndfront_check_evt_id(u16 id, u16 *next)
{
	bool in_seq = id == *next;

	*next = id + 1;
	return in_seq;
}

/**
 * sndfront_check_cur_pos() - judge and account a XENSND_EVT_CUR_POS
 * @pos: the stream's position bookkeeping, opened
 * @position: the reported position, bytes since OPEN
 * @capture: the stream captures
 * @delta: receives the bytes the stream moved, on success
 *
 * A position may not go back, and may move by at most one buffer between
 * two reports (sndfront_pos_event()). For capture a larger jump is an
 * overrun, not a broken backend: capture runs on whatever the guest does,
 * and a report lost for longer than a buffer means data was overwritten.
 * The bookkeeping then restarts at @position.
 *
 * Context: any; the caller serialises access to @pos.
 * Return: 0; -EOVERFLOW for a capture overrun (@pos now at @position, no
 * @delta); -ERANGE (backwards) or -E2BIG (jump beyond the buffer) for a
 * protocol violation, @pos unchanged.
 */
int sndfront_check_cur_pos(struct sndfront_pos *pos, u64 position,
			   bool capture, u32 *delta)
{
	int ret = sndfront_pos_event(pos, position, delta);

	if (ret == -E2BIG && capture) {
		pos->be_pos = position;
		return -EOVERFLOW;
	}
	return ret;
}
