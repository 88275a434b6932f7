// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: the transport of one stream.
 *
 * Each stream has a request ring (guest produces requests, we produce
 * responses) and an event page (we produce XENSND_EVT_CUR_POS events, the
 * guest consumes them), each with its own event channel. Both channels are
 * bound with the late-EOI variants: a guest notification only queues the
 * stream's work item, and the work item sends the EOI once it has looked at
 * the ring, flagging it spurious if there was nothing to do. A guest that
 * kicks its channel in a loop therefore gets at most one run of the work
 * item per EOI, and Xen throttles spurious ones.
 *
 * Shared-memory rules: requests are copied off the ring once
 * (RING_COPY_REQUEST) after reading req_prod and a read barrier; the guest's
 * producer index is checked against the ring size on attach and on every
 * batch. On the event page only in_cons is read from the guest, and only to
 * decide whether a slot is free; in_prod is our private counter.
 */

#include "common.h"

#include <linux/device.h>
#include <linux/interrupt.h>
#include <xen/events.h>
#include <xen/xenbus.h>

static struct device *sndback_rdev(struct sndback_stream *s)
{
	return &s->be->xbdev->dev;
}

/**
 * sndback_stream_kick() - make the stream's work item run
 * @s: stream
 *
 * Context: any, including hard IRQ and the host PCM's wake-up.
 */
void sndback_stream_kick(struct sndback_stream *s)
{
	if (!test_bit(SNDBACK_F_DYING, &s->flags))
		queue_work(sndback_wq, &s->work);
}

/**
 * sndback_stream_fatal() - the guest broke the protocol: disable the stream
 * @s: stream
 * @why: what it did, for the log
 *
 * Logs once, stops serving the ring (its late EOI is never sent, so the
 * guest cannot make us run again) and lets the work item release the
 * buffer mapping and the host PCM. Only a reconnect revives the stream.
 *
 * Context: the stream's work item.
 */
void sndback_stream_fatal(struct sndback_stream *s, const char *why)
{
	if (test_and_set_bit(SNDBACK_F_DISABLED, &s->flags))
		return;
	dev_err(sndback_rdev(s), "%s: %s; stream disabled\n", s->name, why);
	sndback_stream_kick(s);
}

static irqreturn_t sndback_ring_irq(int irq, void *dev_id)
{
	struct sndback_stream *s = dev_id;

	s->stats.irqs++;
	set_bit(SNDBACK_F_EOI_PENDING, &s->flags);
	sndback_stream_kick(s);
	return IRQ_HANDLED;
}

/*
 * The event channel carries our events to the guest; a frontend has no
 * reason to notify us on it. Its EOI is therefore always flagged spurious,
 * so Xen backs a guest that kicks it off up to a second per kick.
 */
static irqreturn_t sndback_evt_irq(int irq, void *dev_id)
{
	struct sndback_stream *s = dev_id;

	s->stats.evt_irqs++;
	set_bit(SNDBACK_F_EVT_EOI, &s->flags);
	sndback_stream_kick(s);
	return IRQ_HANDLED;
}

/* Run the work again soon, unless the stream is going away. */
static void sndback_evt_retry_arm(struct sndback_stream *s)
{
	if (!test_bit(SNDBACK_F_DYING, &s->flags) &&
	    !timer_pending(&s->evt_retry))
		mod_timer(&s->evt_retry,
			  jiffies + msecs_to_jiffies(SNDBACK_EVT_RETRY_MS));
}

/**
 * sndback_send_pos() - put a CUR_POS event with s->pos on the event page
 * @s: stream
 *
 * If the event ring is full (or the guest's in_cons is impossible), nothing
 * is written and no id is used: the event stays pending, the work item
 * runs again within SNDBACK_EVT_RETRY_MS, and the event then sent carries
 * the newest position, so ids are never skipped.
 *
 * Context: the stream's work item.
 * Return: 0, or -EBUSY if the event is left pending.
 */
int sndback_send_pos(struct sndback_stream *s)
{
	struct xensnd_event_page *page = s->evt_page;
	struct xensnd_evt *evt;
	u32 cons = READ_ONCE(page->in_cons);
	u32 prod = s->evt_prod + 1;

	if (s->evt_prod - cons >= XENSND_IN_RING_LEN ||
	    sndback_fault_evt_hold(s)) {
		s->evt_pending = true;
		sndback_evt_retry_arm(s);
		return -EBUSY;
	}
	evt = &XENSND_IN_RING_REF(page, s->evt_prod);
	memset(evt, 0, sizeof(*evt));
	evt->id = s->evt_id++;
	evt->type = XENSND_EVT_CUR_POS;
	evt->op.cur_pos.position = s->pos;
	sndback_fault_evt(s, evt, &prod);
	/* Event before index: pairs with the guest's rmb after in_prod. */
	virt_wmb();
	WRITE_ONCE(page->in_prod, prod);
	s->evt_prod++;
	notify_remote_via_irq(s->evt_irq);

	s->evt_pos = s->pos;
	s->evt_pending = false;
	s->stats.events++;
	s->stats.notify_evt++;
	return 0;
}

/* Handle up to SNDBACK_REQS_PER_RUN requests; *more if some are left. */
static int sndback_ring_process(struct sndback_stream *s, bool *more)
{
	struct xen_sndif_back_ring *ring = &s->ring;
	struct xensnd_resp resp;
	struct xensnd_req req;
	RING_IDX rc, rp;
	int done = 0, notify, todo;

	rc = ring->req_cons;
	rp = READ_ONCE(ring->sring->req_prod);
	virt_rmb();	/* see requests up to rp: pairs with the guest's wmb */
	if (RING_REQUEST_PROD_OVERFLOW(ring, rp)) {
		sndback_stream_fatal(s, "impossible request producer index");
		return 0;
	}

	while (rc != rp && done < SNDBACK_REQS_PER_RUN) {
		RING_COPY_REQUEST(ring, rc, &req);
		ring->req_cons = ++rc;
		sndback_handle_req(s, &req, &resp);
		done++;
		if (!sndback_fault_resp(s, &resp))
			continue;
		*RING_GET_RESPONSE(ring, ring->rsp_prod_pvt) = resp;
		ring->rsp_prod_pvt++;
	}

	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(ring, notify);
	if (done)
		sndback_fault_pushed(s, &notify);
	if (notify) {
		notify_remote_via_irq(s->ring_irq);
		s->stats.notify_req++;
	}
	RING_FINAL_CHECK_FOR_REQUESTS(ring, todo);
	*more = todo;
	return done;
}

static void sndback_stream_work(struct work_struct *work)
{
	struct sndback_stream *s = container_of(work, struct sndback_stream,
						work);
	bool eoi, more = false;
	int done;

	if (test_bit(SNDBACK_F_DYING, &s->flags))
		return;
	/*
	 * An IRQ that fires while sndback_stream_connect() is still binding
	 * queues us before s->ring_irq and s->evt_irq are known. Leave its
	 * EOI flag set: connect kicks us once both are, and EOIing IRQ 0
	 * here would leave the real one masked for good.
	 */
	if (!test_bit(SNDBACK_F_LIVE, &s->flags))
		return;
	smp_rmb();	/* read the IRQ numbers after LIVE: pairs with connect */
	if (test_bit(SNDBACK_F_DISABLED, &s->flags)) {
		sndback_stream_close(s);
		return;
	}

	eoi = test_and_clear_bit(SNDBACK_F_EOI_PENDING, &s->flags);
	done = sndback_ring_process(s, &more);
	if (test_bit(SNDBACK_F_DISABLED, &s->flags)) {
		sndback_stream_close(s);
		return;
	}
	sndback_stream_service(s);

	if (eoi) {
		if (!done)
			s->stats.spurious++;
		xen_irq_lateeoi(s->ring_irq, done ? 0 : XEN_EOI_FLAG_SPURIOUS);
	}
	if (test_and_clear_bit(SNDBACK_F_EVT_EOI, &s->flags))
		xen_irq_lateeoi(s->evt_irq, XEN_EOI_FLAG_SPURIOUS);
	if (more)
		sndback_stream_kick(s);
}

/* An event is pending (sndback_send_pos()): try again. */
static void sndback_evt_retry(struct timer_list *t)
{
	struct sndback_stream *s = from_timer(s, t, evt_retry);

	sndback_stream_kick(s);
}

/* Map the request ring and check the guest's indices. */
static int sndback_ring_attach(struct sndback_stream *s, grant_ref_t ref)
{
	struct xen_sndif_sring *sring;
	RING_IDX req_prod, rsp_prod;
	void *addr;
	int err;

	err = xenbus_map_ring_valloc(s->be->xbdev, &ref, 1, &addr);
	if (err)
		return err;
	sring = addr;
	req_prod = READ_ONCE(sring->req_prod);
	rsp_prod = READ_ONCE(sring->rsp_prod);
	BACK_RING_ATTACH(&s->ring, sring, rsp_prod, XEN_PAGE_SIZE);

	err = -EIO;
	if (req_prod - rsp_prod > RING_SIZE(&s->ring))
		goto err_unmap;
	return 0;

err_unmap:
	xenbus_unmap_ring_vfree(s->be->xbdev, addr);
	s->ring.sring = NULL;
	return err;
}

/* Bind a guest event channel, late-EOI, to @handler; returns the IRQ. */
static int sndback_bind(struct sndback_stream *s, evtchn_port_t port,
			irq_handler_t handler)
{
	return bind_interdomain_evtchn_to_irqhandler_lateeoi(s->be->xbdev, port,
							     handler, 0,
							     s->name, s);
}

/**
 * sndback_stream_init() - make a zeroed stream safe to disconnect
 * @s: stream
 *
 * Context: any.
 */
void sndback_stream_init(struct sndback_stream *s)
{
	INIT_WORK(&s->work, sndback_stream_work);
	timer_setup(&s->evt_retry, sndback_evt_retry, 0);
}

/**
 * sndback_stream_connect() - attach a stream's ring, event page and channels
 * @s: initialised stream, with cfg and name filled in, not connected
 * @ring_ref: grant of the request ring, from XenStore
 * @ring_port: event channel of the ring, from XenStore
 * @evt_ref: grant of the event page, from XenStore
 * @evt_port: event channel of the event page, from XenStore
 *
 * Context: process context (xenwatch).
 * Return: 0, or a negative errno; on error everything is undone.
 */
int sndback_stream_connect(struct sndback_stream *s, grant_ref_t ring_ref,
			   evtchn_port_t ring_port, grant_ref_t evt_ref,
			   evtchn_port_t evt_port)
{
	void *addr;
	int err;

	err = sndback_ring_attach(s, ring_ref);
	if (err)
		return err;
	err = xenbus_map_ring_valloc(s->be->xbdev, &evt_ref, 1, &addr);
	if (err)
		goto err_disconnect;
	s->evt_page = addr;
	s->evt_prod = READ_ONCE(s->evt_page->in_prod);

	err = sndback_bind(s, ring_port, sndback_ring_irq);
	if (err < 0)
		goto err_disconnect;
	s->ring_irq = err;
	err = sndback_bind(s, evt_port, sndback_evt_irq);
	if (err < 0)
		goto err_disconnect;
	s->evt_irq = err;

	/* Publish the IRQ numbers, then let the work run (see there). */
	smp_mb__before_atomic();
	set_bit(SNDBACK_F_LIVE, &s->flags);
	/* Requests may have been queued before we bound the channel. */
	sndback_stream_kick(s);
	return 0;

err_disconnect:
	sndback_stream_disconnect(s);
	return err;
}

/**
 * sndback_stream_disconnect() - tear a stream down; idempotent
 * @s: stream, connected, half-connected or not
 *
 * Order: stop the event sources (IRQs), wait for the work item, stop and
 * close the host PCM (which also removes our host wake-up), stop the event
 * retry, unmap the buffer, unmap the ring and event page. Nothing here
 * waits for the guest.
 *
 * Context: process context (xenwatch or module exit).
 */
void sndback_stream_disconnect(struct sndback_stream *s)
{
	set_bit(SNDBACK_F_DYING, &s->flags);
	if (s->ring_irq > 0)
		unbind_from_irqhandler(s->ring_irq, s);
	if (s->evt_irq > 0)
		unbind_from_irqhandler(s->evt_irq, s);
	s->ring_irq = 0;
	s->evt_irq = 0;
	cancel_work_sync(&s->work);

	sndback_stream_close(s);
	/*
	 * The work may have armed the retry before it saw DYING, and the
	 * retry or a host wake-up may have queued the work before the close;
	 * once DYING is seen, neither arms nor queues the other again.
	 */
	del_timer_sync(&s->evt_retry);
	cancel_work_sync(&s->work);

	if (s->evt_page)
		xenbus_unmap_ring_vfree(s->be->xbdev, s->evt_page);
	s->evt_page = NULL;
	if (s->ring.sring)
		xenbus_unmap_ring_vfree(s->be->xbdev, s->ring.sring);
	s->ring.sring = NULL;
}
