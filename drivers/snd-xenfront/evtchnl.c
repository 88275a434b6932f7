// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: the channel of a stream - request ring, event page, their
 * event channels, and the handling of everything the backend writes.
 *
 * Threat model: the backend may be buggy or hostile. Its indices are read
 * once and bounded, every response must answer an outstanding request
 * with the same operation, positions may only move forward by at most one
 * buffer. A violation disables the stream (sndfront_stream_fatal()) with
 * one message; other streams are unaffected. The handlers are bound with
 * lateeoi, so an event storm is throttled by the event channel core.
 *
 * Channel lifetime: sndfront_chan_alloc() (READY, published by front.c)
 * -> sndfront_chan_connect() when the backend is Connected -> BROKEN on a
 * protocol violation -> sndfront_chan_free() (CLOSED). Freeing is
 * idempotent and works on a half-built channel.
 */

#include "common.h"

#include <linux/interrupt.h>
#include <xen/events.h>
#include <xen/page.h>

#include "resp_check.h"

static_assert(__CONST_RING_SIZE(xen_sndif, XEN_PAGE_SIZE) == SNDFRONT_RING_SLOTS);
static_assert(XENSND_IN_RING_LEN == SNDFRONT_EVT_SLOTS);
/* resp_check.c judges ring indices as u32. */
static_assert(sizeof(RING_IDX) == sizeof(u32));

static bool sndfront_chan_collect(struct sndfront_stream *s);

/**
 * sndfront_stream_poke_locked() - schedule the period work if needed
 * @s: the stream
 *
 * Context: any. Expects @s->lock held.
 */
void sndfront_stream_poke_locked(struct sndfront_stream *s)
{
	lockdep_assert_held(&s->lock);
	if (s->substream && (s->elapsed_pending || s->xrun_pending))
		queue_work(system_highpri_wq, &s->period_work);
}

/**
 * sndfront_stream_abort_sync_locked() - release the synchronous waiter
 * @s: the stream
 * @err: status the waiter gets
 *
 * Context: any. Expects @s->lock held.
 */
static void sndfront_stream_abort_sync_locked(struct sndfront_stream *s,
					      int err)
{
	lockdep_assert_held(&s->lock);
	if (!s->sync_waiting)
		return;
	s->sync_waiting = false;
	s->sync_status = err;
	complete(&s->sync_done);
}

/**
 * sndfront_stream_fatal() - disable a stream whose backend broke the rules
 * @s: the stream
 * @why: what the backend did, for the one message
 *
 * The channel goes BROKEN: the handlers ignore it, requests fail with
 * -EIO, a waiter is released and a running stream stops with an xrun. It
 * stays so until the next connection.
 *
 * Context: any. Expects @s->lock held.
 */
void sndfront_stream_fatal(struct sndfront_stream *s, const char *why)
{
	lockdep_assert_held(&s->lock);
	if (s->chan.state != SNDFRONT_CHAN_CONNECTED)
		return;
	s->chan.state = SNDFRONT_CHAN_BROKEN;
	if (!s->fatal_logged) {
		s->fatal_logged = true;
		dev_err_ratelimited(s->scard->dev,
				    "stream %u: backend protocol violation: %s; stream disabled\n",
				    s->index, why);
	}
	sndfront_stream_abort_sync_locked(s, -EIO);
	s->xrun_pending = true;
	sndfront_stream_poke_locked(s);
}

/**
 * sndfront_stream_kick_locked() - send the READ/WRITE requests that are due
 * @s: the stream
 *
 * Playback: WRITE what the application committed and was not sent yet.
 * Capture: READ what the backend reported captured and was not asked for
 * yet, unless the backend has it in place (nothing is ever due then). A
 * range that wraps takes two requests; one ring slot stays free for
 * synchronous requests.
 *
 * Context: any. Expects @s->lock held.
 */
void sndfront_stream_kick_locked(struct sndfront_stream *s)
{
	struct sndfront_chan *ch = &s->chan;
	u64 end = s->capture ? s->captured : s->committed;
	struct xensnd_req req;
	bool pushed = false;
	u32 off, len;

	lockdep_assert_held(&s->lock);
	if (ch->state != SNDFRONT_CHAN_CONNECTED || ch->in_place ||
	    s->open_gen != s->conn_gen)
		return;
	/*
	 * Playback WRITE answers nobody was notified of hold ring slots: an
	 * application writing many small pieces per period takes them back
	 * here rather than waiting for the next CUR_POS.
	 */
	if (!s->capture && RING_HAS_UNCONSUMED_RESPONSES(&ch->ring) &&
	    RING_FREE_REQUESTS(&ch->ring) <= SNDFRONT_RING_SLOTS / 2) {
		sndfront_chan_collect(s);
		if (ch->state != SNDFRONT_CHAN_CONNECTED)
			return;
	}
	/* More than a buffer behind: that data is overwritten (overrun). */
	if (end > s->sent && end - s->sent > s->pos.buffer_bytes)
		s->sent = end - s->pos.buffer_bytes;
	while (s->sent < end &&
	       RING_FREE_REQUESTS(&ch->ring) > SNDFRONT_SYNC_RESERVE &&
	       ch->fl.count < SNDFRONT_RING_SLOTS - SNDFRONT_SYNC_RESERVE) {
		len = sndfront_pos_chunk(&s->pos, s->sent, end, &off);
		if (!len)
			break;
		memset(&req, 0, sizeof(req));
		req.operation = s->capture ? XENSND_OP_READ : XENSND_OP_WRITE;
		req.op.rw.offset = off;
		req.op.rw.length = len;
		if (sndfront_req_push_locked(s, &req, len, s->epoch))
			break;
		s->sent += len;
		s->be_active = true;
		pushed = true;
	}
	if (pushed)
		sndfront_req_notify_locked(s);
}

/**
 * sndfront_stream_overrun() - did capture overwrite what was not read?
 * @s: the capture stream
 *
 * ALSA stops a capture stream once a stop threshold's worth of frames
 * waits unread, but it sees the position only modulo the buffer: after
 * a stall of the guest longer than the buffer, the READ answers would
 * move it by whole buffers ALSA cannot see, and the frames lost would go
 * unreported. So the rule is applied here, to what the backend reports
 * captured against what the application took. An application that
 * disabled the rule (stop threshold at the boundary) keeps running.
 *
 * Context: any. Expects @s->lock held.
 * Return: true if the stream must stop with an xrun.
 */
static bool sndfront_stream_overrun(struct sndfront_stream *s)
{
	struct snd_pcm_runtime *runtime;

	if (!s->substream || s->captured <= s->committed)
		return false;
	runtime = s->substream->runtime;
	return sndfront_pos_overrun(s->captured - s->committed,
				    runtime->frame_bits,
				    READ_ONCE(runtime->stop_threshold));
}

/**
 * sndfront_stream_cur_pos() - account a XENSND_EVT_CUR_POS event
 * @s: the stream
 * @position: the reported position, bytes since OPEN
 *
 * Context: any. Expects @s->lock held.
 */
static void sndfront_stream_cur_pos(struct sndfront_stream *s, u64 position)
{
	u32 delta;
	int ret;

	ret = sndfront_check_cur_pos(&s->pos, position, s->capture, &delta);
	if (ret == -EOVERFLOW) {
		dev_warn_ratelimited(s->scard->dev,
				     "stream %u: capture position jumped by more than the buffer (overrun)\n",
				     s->index);
		s->io_error = true;
		s->xrun_pending = true;
		return;
	}
	if (ret) {
		sndfront_stream_fatal(s, ret == -ERANGE ?
				      "position moved backwards" :
				      "position jumped by more than the buffer");
		return;
	}
	if (s->capture) {
		s->captured += delta;
		if (sndfront_stream_overrun(s)) {
			s->io_error = true;
			s->xrun_pending = true;
			return;
		}
		if (!s->chan.in_place) {
			/* Ask for the data; report it once READ answers. */
			sndfront_stream_kick_locked(s);
		} else if (sndfront_pos_advance(&s->pos, delta)) {
			/* The data is in the buffer already. */
			s->elapsed_pending = true;
		}
	} else if (sndfront_pos_advance(&s->pos, delta) ||
		   (delta && s->pos.hw >= s->committed)) {
		/* A period ended, or everything was played (drain). */
		s->elapsed_pending = true;
	}
}

/**
 * sndfront_chan_event() - handle one event (a private copy)
 * @s: the stream
 * @evt: the event
 *
 * Event ids run 0, 1, 2... for the connection. A gap is reported and
 * skipped over: positions are absolute, so nothing is lost by it.
 *
 * Context: any. Expects @s->lock held.
 */
static void sndfront_chan_event(struct sndfront_stream *s,
				const struct xensnd_evt *evt)
{
	u16 want = s->chan.evt_id;

	if (!sndfront_check_evt_id(evt->id, &s->chan.evt_id))
		dev_warn_ratelimited(s->scard->dev,
				     "stream %u: event id %u, expected %u\n",
				     s->index, evt->id, want);
	if (evt->type != XENSND_EVT_CUR_POS) {
		dev_dbg_ratelimited(s->scard->dev, "stream %u: event type %u\n",
				    s->index, evt->type);
		return;
	}
	/* Not open (or an older OPEN): the position means nothing. */
	if (s->open_gen != s->conn_gen)
		return;
	sndfront_stream_cur_pos(s, evt->op.cur_pos.position);
}

/**
 * sndfront_chan_events() - consume the event page
 * @s: the stream
 *
 * Context: any. Expects @s->lock held.
 * Return: true if there was anything to consume.
 */
static bool sndfront_chan_events(struct sndfront_stream *s)
{
	struct sndfront_chan *ch = &s->chan;
	struct xensnd_event_page *page = ch->evt_page;
	struct xensnd_evt evt;
	u32 prod, cons = ch->evt_cons;

	lockdep_assert_held(&s->lock);
	prod = READ_ONCE(page->in_prod);
	/* Pairs with the backend's write barrier before it bumps in_prod. */
	virt_rmb();
	if (prod == cons)
		return false;
	if (sndfront_check_evt_prod(prod, cons)) {
		sndfront_stream_fatal(s, "impossible event producer index");
		return true;
	}
	for (; cons != prod; cons++) {
		/* Copy first: only the private copy is looked at. */
		memcpy(&evt, &XENSND_IN_RING_REF(page, cons), sizeof(evt));
		barrier();
		sndfront_chan_event(s, &evt);
		if (ch->state != SNDFRONT_CHAN_CONNECTED)
			return true;
	}
	ch->evt_cons = cons;
	/* Finish reading the events before giving their slots back. */
	virt_mb();
	WRITE_ONCE(page->in_cons, cons);
	return true;
}

/**
 * sndfront_stream_opened() - the backend accepted OPEN
 * @s: the stream
 *
 * Events still queued belong to an earlier OPEN: consume them without
 * looking at their positions, then count from 0.
 *
 * Context: any. Expects @s->lock held.
 */
static void sndfront_stream_opened(struct sndfront_stream *s)
{
	s->open_gen = 0;
	sndfront_chan_events(s);
	sndfront_pos_open(&s->pos, s->open_buffer_bytes, s->open_period_bytes);
	s->open_gen = s->conn_gen;
	s->be_active = false;
	/* The backend starts every OPEN at 0 dB, unmuted. */
	if (s->ctl.volume || s->ctl.muted)
		s->ctl.dirty = true;
}

/**
 * sndfront_stream_retire() - account answered requests in stream order
 * @s: the stream
 *
 * A capture READ that was answered makes its data visible to ALSA. A
 * failed data request of a running stream stops it with an xrun.
 *
 * Context: any. Expects @s->lock held.
 */
static void sndfront_stream_retire(struct sndfront_stream *s)
{
	struct sndfront_slot slot;

	while (sndfront_inflight_pop(&s->chan.fl, &slot)) {
		if (slot.op != XENSND_OP_READ && slot.op != XENSND_OP_WRITE)
			continue;
		if (slot.cookie != s->epoch)
			continue;
		if (slot.status) {
			dev_dbg_ratelimited(s->scard->dev,
					    "stream %u: data request failed: %d\n",
					    s->index, slot.status);
			s->io_error = true;
			s->xrun_pending = true;
			continue;
		}
		if (slot.op == XENSND_OP_READ &&
		    sndfront_pos_advance(&s->pos, slot.len))
			s->elapsed_pending = true;
	}
}

/**
 * sndfront_chan_response() - handle one response (a private copy)
 * @s: the stream
 * @rsp: the response
 *
 * Context: any. Expects @s->lock held.
 * Return: 0, or -EPROTO if the stream was disabled.
 */
static int sndfront_chan_response(struct sndfront_stream *s,
				  const struct xensnd_resp *rsp)
{
	int status = sndfront_check_status(rsp->status);
	u32 cookie;

	if (sndfront_inflight_complete(&s->chan.fl, rsp->id, rsp->operation,
				       status, &cookie)) {
		sndfront_stream_fatal(s, "response to no outstanding request");
		return -EPROTO;
	}
	if (status != rsp->status)
		dev_warn_ratelimited(s->scard->dev,
				     "stream %u: status %d of operation %u is no errno, taken as -EIO\n",
				     s->index, rsp->status, rsp->operation);
	if (s->sync_waiting && rsp->id == s->sync_id) {
		s->sync_status = status;
		if (rsp->operation == XENSND_OP_HW_PARAM_QUERY)
			s->sync_hw = rsp->resp.hw_param;
		s->sync_waiting = false;
		complete(&s->sync_done);
	}
	switch (rsp->operation) {
	case XENSND_OP_OPEN:
		if (!status)
			sndfront_stream_opened(s);
		break;
	case XENSND_OP_CLOSE:
		s->open_gen = 0;
		break;
	case XENSND_OP_TRIGGER:
		/*
		 * The backend wrote the final position before answering
		 * STOP: take it now, before a prepare restarts the ring.
		 */
		if (cookie == XENSND_OP_TRIGGER_STOP) {
			sndfront_chan_events(s);
			s->be_active = false;
		}
		break;
	}
	return 0;
}

/**
 * sndfront_chan_wants_responses() - must the backend notify each answer?
 * @s: the stream
 *
 * An answered playback WRITE only gives its ring slot back, so while a
 * playback stream runs its answers are collected with the next CUR_POS
 * event instead, and dom0 notifies once per period rather than twice.
 * Capture READ answers make data visible, synchronous requests have a
 * waiter, and a ring half in flight needs its slots back: those ask for a
 * notification (rsp_event) as usual.
 *
 * Context: any. Expects @s->lock held.
 * Return: true if the next response must be notified.
 */
static bool sndfront_chan_wants_responses(const struct sndfront_stream *s)
{
	return s->capture || !s->running || s->sync_waiting ||
	       s->chan.fl.count > SNDFRONT_RING_SLOTS / 2;
}

/**
 * sndfront_chan_collect() - consume the request ring's responses
 * @s: the stream
 *
 * Context: any. Expects @s->lock held.
 * Return: true if there was anything to consume.
 */
static bool sndfront_chan_collect(struct sndfront_stream *s)
{
	struct xen_sndif_front_ring *ring = &s->chan.ring;
	struct xensnd_resp rsp;
	RING_IDX rp;
	bool any = false;
	int more;

	do {
		rp = READ_ONCE(ring->sring->rsp_prod);
		/* Pairs with the backend's write barrier before rsp_prod. */
		virt_rmb();
		if (sndfront_check_rsp_prod(rp, ring->rsp_cons,
					    ring->req_prod_pvt)) {
			sndfront_stream_fatal(s, "impossible response producer index");
			return true;
		}
		while (ring->rsp_cons != rp) {
			RING_COPY_RESPONSE(ring, ring->rsp_cons, &rsp);
			ring->rsp_cons++;
			any = true;
			if (sndfront_chan_response(s, &rsp))
				return true;
		}
		if (sndfront_chan_wants_responses(s))
			RING_FINAL_CHECK_FOR_RESPONSES(ring, more);
		else
			more = RING_HAS_UNCONSUMED_RESPONSES(ring);
	} while (more);
	sndfront_stream_retire(s);
	return any;
}

/**
 * sndfront_chan_responses() - consume the responses, then send what is due
 * @s: the stream
 *
 * Context: any. Expects @s->lock held.
 * Return: true if there was anything to consume.
 */
bool sndfront_chan_responses(struct sndfront_stream *s)
{
	bool any = sndfront_chan_collect(s);

	sndfront_stream_kick_locked(s);
	return any;
}

/**
 * sndfront_stream_watchdog() - disable a stream whose backend went silent
 * @t: the stream's watchdog timer
 *
 * Armed when a request is sent, it ticks SNDFRONT_WATCHDOG_TICKS times per
 * SNDFRONT_REQ_TIMEOUT_MS while requests are in flight. It first collects
 * answers that came without a notification (playback WRITEs), then
 * disables the stream if one request is still unanswered after the
 * time-out: the application gets an xrun and then -EIO within one
 * time-out and a tick.
 *
 * Context: timer (softirq).
 */
void sndfront_stream_watchdog(struct timer_list *t)
{
	struct sndfront_stream *s = from_timer(s, t, watchdog);
	unsigned long timeout = msecs_to_jiffies(SNDFRONT_REQ_TIMEOUT_MS);
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (s->chan.state == SNDFRONT_CHAN_CONNECTED) {
		sndfront_chan_responses(s);
		if (sndfront_inflight_overdue(&s->chan.fl, jiffies, timeout))
			sndfront_stream_fatal(s, "a request went unanswered");
		else if (s->chan.fl.count)
			mod_timer(&s->watchdog,
				  jiffies + sndfront_watchdog_tick());
		sndfront_stream_poke_locked(s);
	}
	spin_unlock_irqrestore(&s->lock, flags);
}

/**
 * sndfront_ring_irq() - request ring event channel handler
 * @irq: the IRQ
 * @data: the stream
 *
 * Context: hard IRQ.
 * Return: IRQ_HANDLED.
 */
static irqreturn_t sndfront_ring_irq(int irq, void *data)
{
	struct sndfront_stream *s = data;
	unsigned int eoi = XEN_EOI_FLAG_SPURIOUS;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (s->chan.state == SNDFRONT_CHAN_CONNECTED &&
	    sndfront_chan_responses(s))
		eoi = 0;
	sndfront_stream_poke_locked(s);
	spin_unlock_irqrestore(&s->lock, flags);
	xen_irq_lateeoi(irq, eoi);
	return IRQ_HANDLED;
}

/**
 * sndfront_evt_irq() - event page event channel handler
 * @irq: the IRQ
 * @data: the stream
 *
 * Context: hard IRQ.
 * Return: IRQ_HANDLED.
 */
static irqreturn_t sndfront_evt_irq(int irq, void *data)
{
	struct sndfront_stream *s = data;
	unsigned int eoi = XEN_EOI_FLAG_SPURIOUS;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (s->chan.state == SNDFRONT_CHAN_CONNECTED &&
	    sndfront_chan_events(s))
		eoi = 0;
	/* Playback WRITE answers the backend did not notify (see above). */
	if (!s->capture && s->chan.state == SNDFRONT_CHAN_CONNECTED)
		sndfront_chan_responses(s);
	sndfront_stream_poke_locked(s);
	spin_unlock_irqrestore(&s->lock, flags);
	xen_irq_lateeoi(irq, eoi);
	return IRQ_HANDLED;
}

/**
 * sndfront_chan_bind() - allocate an event channel and bind a handler
 * @xbdev: the xenbus device
 * @port: receives the port
 * @irq: receives the IRQ
 * @handler: the handler
 * @name: IRQ name, must outlive the binding
 * @s: the stream, handler data
 *
 * Context: process.
 * Return: 0 or a negative errno; nothing is left allocated on error.
 */
static int sndfront_chan_bind(struct xenbus_device *xbdev,
			      evtchn_port_t *port, int *irq,
			      irq_handler_t handler, const char *name,
			      struct sndfront_stream *s)
{
	int ret;

	ret = xenbus_alloc_evtchn(xbdev, port);
	if (ret)
		return ret;
	ret = bind_evtchn_to_irqhandler_lateeoi(*port, handler, 0, name, s);
	if (ret < 0) {
		xenbus_free_evtchn(xbdev, *port);
		*port = 0;
		return ret;
	}
	*irq = ret;
	return 0;
}

/**
 * sndfront_chan_alloc() - build the channel of a stream
 * @s: the stream, its channel CLOSED
 * @xbdev: the xenbus device
 * @gen: generation of the connection being built
 *
 * Context: process.
 * Return: 0 or a negative errno; the channel is CLOSED again on error.
 */
int sndfront_chan_alloc(struct sndfront_stream *s,
			struct xenbus_device *xbdev, unsigned int gen)
{
	struct sndfront_chan *ch = &s->chan;
	void *page;
	int ret;

	snprintf(ch->ring_irq_name, sizeof(ch->ring_irq_name),
		 "vsnd%u-s%u-req", s->scard->devid, s->index);
	snprintf(ch->evt_irq_name, sizeof(ch->evt_irq_name),
		 "vsnd%u-s%u-evt", s->scard->devid, s->index);

	ret = xenbus_setup_ring(xbdev, GFP_KERNEL, &page, 1, &ch->ring_gref);
	if (ret)
		return ret;
	XEN_FRONT_RING_INIT(&ch->ring, (struct xen_sndif_sring *)page,
			    XEN_PAGE_SIZE);
	ret = xenbus_setup_ring(xbdev, GFP_KERNEL, &page, 1, &ch->evt_gref);
	if (ret)
		goto err_free_chan;
	ch->evt_page = page;

	ret = sndfront_chan_bind(xbdev, &ch->ring_port, &ch->ring_irq,
				 sndfront_ring_irq, ch->ring_irq_name, s);
	if (ret)
		goto err_free_chan;
	ret = sndfront_chan_bind(xbdev, &ch->evt_port, &ch->evt_irq,
				 sndfront_evt_irq, ch->evt_irq_name, s);
	if (ret)
		goto err_free_chan;

	spin_lock_irq(&s->lock);
	ch->state = SNDFRONT_CHAN_READY;
	s->conn_gen = gen;
	s->fatal_logged = false;
	spin_unlock_irq(&s->lock);
	return 0;

err_free_chan:
	xenbus_dev_error(xbdev, ret, "setting up stream %u", s->index);
	sndfront_chan_free(s);
	return ret;
}

/**
 * sndfront_chan_publish() - write the channel's XenStore nodes
 * @s: the stream, its channel READY
 * @xbt: the transaction
 *
 * Context: process.
 * Return: 0 or a negative errno.
 */
int sndfront_chan_publish(struct sndfront_stream *s,
			  struct xenbus_transaction xbt)
{
	struct sndfront_chan *ch = &s->chan;
	int ret;

	ret = xenbus_printf(xbt, s->xs_path, XENSND_FIELD_RING_REF, "%u",
			    ch->ring_gref);
	if (!ret)
		ret = xenbus_printf(xbt, s->xs_path, XENSND_FIELD_EVT_CHNL,
				    "%u", ch->ring_port);
	if (!ret)
		ret = xenbus_printf(xbt, s->xs_path, XENSND_FIELD_EVT_RING_REF,
				    "%u", ch->evt_gref);
	if (!ret)
		ret = xenbus_printf(xbt, s->xs_path, XENSND_FIELD_EVT_EVT_CHNL,
				    "%u", ch->evt_port);
	return ret;
}

/**
 * sndfront_chan_connect() - put a READY channel in service
 * @s: the stream
 * @in_place: the backend advertised feature-capture-in-place
 *
 * Context: process.
 */
void sndfront_chan_connect(struct sndfront_stream *s, bool in_place)
{
	spin_lock_irq(&s->lock);
	if (s->chan.state == SNDFRONT_CHAN_READY) {
		s->chan.state = SNDFRONT_CHAN_CONNECTED;
		s->chan.in_place = in_place && s->capture;
		/* Events that came before had their interrupt ignored. */
		sndfront_chan_events(s);
	}
	spin_unlock_irq(&s->lock);
}

/**
 * sndfront_chan_free() - tear a channel down; idempotent
 * @s: the stream
 *
 * Order: mark it CLOSED under the lock (no new use; a waiter gets -EIO, a
 * running stream an xrun), unbind the IRQs (waits for running handlers and
 * closes the ports), end the grants of the two pages (deferred by the grant
 * table code while the backend still maps them), forget everything.
 *
 * Context: process; never waits for the backend.
 */
void sndfront_chan_free(struct sndfront_stream *s)
{
	struct sndfront_chan *ch = &s->chan;
	void *page;

	spin_lock_irq(&s->lock);
	ch->state = SNDFRONT_CHAN_CLOSED;
	s->open_gen = 0;
	s->running = false;
	sndfront_stream_abort_sync_locked(s, -EIO);
	s->xrun_pending = true;
	sndfront_stream_poke_locked(s);
	spin_unlock_irq(&s->lock);

	/* Not re-armed: the channel is no longer CONNECTED. */
	del_timer_sync(&s->watchdog);
	if (ch->ring_irq > 0)
		unbind_from_irqhandler(ch->ring_irq, s);
	if (ch->evt_irq > 0)
		unbind_from_irqhandler(ch->evt_irq, s);
	ch->ring_irq = 0;
	ch->evt_irq = 0;

	page = ch->ring.sring;
	xenbus_teardown_ring(&page, 1, &ch->ring_gref);
	page = ch->evt_page;
	xenbus_teardown_ring(&page, 1, &ch->evt_gref);

	spin_lock_irq(&s->lock);
	memset(&ch->ring, 0, sizeof(ch->ring));
	ch->evt_page = NULL;
	ch->ring_port = 0;
	ch->evt_port = 0;
	ch->evt_cons = 0;
	ch->evt_id = 0;
	ch->in_place = false;
	sndfront_inflight_reset(&ch->fl);
	spin_unlock_irq(&s->lock);
}
