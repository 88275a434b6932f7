// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: sndif requests and the stream's data path.
 *
 * Stream life cycle:
 *
 *   CLOSED --OPEN--> OPEN --START--> RUNNING --PAUSE--> PAUSED
 *     ^               ^                 |  ^              |
 *     |               +------STOP-------+  +---RESUME-----+
 *     +--CLOSE (any state), or OPEN again (implicit close)
 *
 * Positions are cumulative octets since OPEN and never go back. A WRITE
 * makes [offset, offset + length) of the ring available; writes must follow
 * each other around the ring. STOP drops whatever the host has not played,
 * moves the position on to the next multiple of the buffer size and makes
 * ring offset 0 the start of the next run there, because ALSA restarts its
 * ring offsets at 0 after the guest re-prepares.
 * The event carrying the frozen position is written before the STOP
 * response, so a frontend that drains its events on the response sees it.
 *
 * Every request is answered at once: a WRITE is not held until the host
 * plays it; flow control is the position reported in CUR_POS events, which
 * counts only what the host has really consumed.
 */

#include "common.h"

#include <linux/device.h>
#include <xen/xenbus.h>

static struct device *sndback_sdev(struct sndback_stream *s)
{
	return &s->be->xbdev->dev;
}

/**
 * sndback_stream_close() - end the current OPEN; idempotent
 * @s: stream
 *
 * Context: the stream's work item, or the disconnect path once the work
 * item is cancelled.
 */
void sndback_stream_close(struct sndback_stream *s)
{
	sndback_mixer_free(s);
	sndback_host_close(s);
	sndback_shbuf_unmap(s);
	s->state = SNDBACK_CLOSED;
	s->caps_valid = false;	/* the route may have changed */
}

/*
 * What the stream allows: XenStore and module limits, narrowed by the host
 * device when it can be probed (not while it is open: then it is ours and
 * configured already, and the last probe stands).
 */
static const struct sndback_stream_cfg *sndback_caps(struct sndback_stream *s)
{
	if (s->caps_valid || s->state != SNDBACK_CLOSED)
		return s->caps_valid ? &s->caps : &s->cfg;
	s->caps = s->cfg;
	switch (sndback_host_probe(s, &s->caps)) {
	case 0:
		s->caps_valid = true;
		return &s->caps;
	case -EINVAL:	/* nothing in common: refuse everything */
		s->caps.formats = 0;
		s->caps_valid = true;
		return &s->caps;
	default:	/* device busy or missing: OPEN will tell */
		return &s->cfg;
	}
}

static void sndback_reset_pos(struct sndback_stream *s)
{
	s->appl = 0;
	s->copied = 0;
	s->pos = 0;
	s->evt_pos = 0;
	s->evt_pending = false;
}

static int sndback_req_open(struct sndback_stream *s,
			    const struct xensnd_open_req *req)
{
	struct sndback_params p;
	int err;

	if (s->state != SNDBACK_CLOSED)
		sndback_stream_close(s);

	err = sndback_check_open(req, sndback_caps(s), &p);
	if (err)
		return err;
	s->params = p;

	err = sndback_shbuf_map(s, req->gref_directory, p.nr_pages,
				!s->cfg.capture);
	if (err)
		return err;
	err = sndback_host_open(s);
	err = err ?: sndback_mixer_alloc(s);
	if (err) {
		dev_warn_ratelimited(sndback_sdev(s),
				     "%s: host PCM for %s/%s unavailable: %d\n",
				     s->name, s->be->domname, s->cfg.unique_id,
				     err);
		sndback_stream_close(s);
		return err;
	}
	sndback_reset_pos(s);
	s->state = SNDBACK_OPEN;
	return 0;
}

/*
 * READ: the guest takes a region the positions said was captured. The data
 * is already in its buffer, so there is nothing to wait for.
 */
static int sndback_req_read(struct sndback_stream *s, u32 offset, u32 length)
{
	if (s->state == SNDBACK_CLOSED || !s->cfg.capture)
		return -EINVAL;
	return sndback_check_rw(offset, length, &s->params);
}

static int sndback_req_write(struct sndback_stream *s, u32 offset, u32 length)
{
	const struct sndback_params *p = &s->params;
	u32 expect;
	int err;

	if (s->state == SNDBACK_CLOSED || s->cfg.capture)
		return -EINVAL;
	err = sndback_check_rw(offset, length, p);
	if (err)
		return err;
	/* Writes follow each other; none may overrun unplayed data. */
	div_u64_rem(s->appl, p->buffer_bytes, &expect);
	if (offset != expect || s->appl - s->pos > p->buffer_bytes - length)
		return -EINVAL;
	s->appl += length;
	return 0;
}

/*
 * STOP: drop what is queued and freeze the position at the next multiple
 * of the buffer size, which is where ring offset 0 of the next run lies.
 * The skipped octets were never played; the jump keeps "position modulo
 * buffer" equal to the ring offset for every run, which is what frontends
 * that track their pointer modulo the buffer (Linux's snd_xen_front, which
 * never resets it on prepare) need to stay aligned after a stop or xrun.
 */
static void sndback_stop(struct sndback_stream *s)
{
	u32 size = s->params.buffer_bytes;

	if (!s->cfg.capture)
		s->pos = sndback_host_consumed(s);
	sndback_host_stop(s);
	/* What was really played, then where the next run starts: each
	 * step stays within one buffer, as frontends check.
	 */
	if (s->params.period_bytes && s->pos != s->evt_pos)
		sndback_send_pos(s);
	s->pos = div_u64(s->pos + size - 1, size) * size;
	s->copied = s->pos;
	s->appl = s->pos;
	if (s->params.period_bytes && s->pos != s->evt_pos)
		sndback_send_pos(s);
}

static int sndback_req_trigger(struct sndback_stream *s, u8 type)
{
	int err;

	switch (type) {
	case XENSND_OP_TRIGGER_START:
		if (s->state != SNDBACK_OPEN)
			return -EINVAL;
		s->state = SNDBACK_RUNNING;
		return 0;
	case XENSND_OP_TRIGGER_STOP:
		if (s->state == SNDBACK_CLOSED)
			return -EINVAL;
		sndback_stop(s);
		s->state = SNDBACK_OPEN;
		return 0;
	case XENSND_OP_TRIGGER_PAUSE:
		if (s->state != SNDBACK_RUNNING)
			return -EINVAL;
		/* A refused PAUSE leaves the stream running. */
		err = sndback_host_pause(s, true);
		if (!err)
			s->state = SNDBACK_PAUSED;
		return err;
	case XENSND_OP_TRIGGER_RESUME:
		if (s->state != SNDBACK_PAUSED)
			return -EINVAL;
		err = sndback_host_pause(s, false);
		if (!err)
			s->state = SNDBACK_RUNNING;
		return err;
	}
	return -EINVAL;
}

static int sndback_dispatch(struct sndback_stream *s,
			    const struct xensnd_req *req,
			    struct xensnd_resp *resp)
{
	switch (req->operation) {
	case XENSND_OP_OPEN:
		return sndback_req_open(s, &req->op.open);
	case XENSND_OP_CLOSE:
		sndback_stream_close(s);
		return 0;
	case XENSND_OP_WRITE:
		return sndback_req_write(s, req->op.rw.offset,
					 req->op.rw.length);
	case XENSND_OP_TRIGGER:
		return sndback_req_trigger(s, req->op.trigger.type);
	case XENSND_OP_HW_PARAM_QUERY:
		return sndback_query(sndback_caps(s), &req->op.hw_param,
				     &resp->resp.hw_param);
	case XENSND_OP_READ:
		return sndback_req_read(s, req->op.rw.offset, req->op.rw.length);
	case XENSND_OP_SET_VOLUME:
	case XENSND_OP_GET_VOLUME:
	case XENSND_OP_MUTE:
	case XENSND_OP_UNMUTE:
		return sndback_mixer_req(s, req);
	}
	s->stats.bad_ops++;
	return -EINVAL;
}

/**
 * sndback_handle_req() - execute one request and build its response
 * @s: stream
 * @req: private copy of the request
 * @resp: response to fill; id and operation echo the request
 *
 * Context: the stream's work item.
 */
void sndback_handle_req(struct sndback_stream *s, const struct xensnd_req *req,
			struct xensnd_resp *resp)
{
	int status;

	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	resp->operation = req->operation;
	if (req->operation < ARRAY_SIZE(s->stats.reqs))
		s->stats.reqs[req->operation]++;

	status = sndback_dispatch(s, req, resp);
	if (status) {
		s->stats.errors++;
		dev_dbg_ratelimited(sndback_sdev(s), "%s: op %u failed: %d\n",
				    s->name, req->operation, status);
		if (req->operation == XENSND_OP_HW_PARAM_QUERY)
			memset(&resp->resp, 0, sizeof(resp->resp));
	}
	resp->status = status;
}

/*
 * The host device failed (unplugged, suspended, refused to start): that is
 * not the guest's fault, so the stream is not disabled. Stop serving the
 * run; the guest sees its position stall, and a new OPEN tries again.
 */
static void sndback_host_failed(struct sndback_stream *s, int err)
{
	dev_warn_ratelimited(sndback_sdev(s), "%s: host PCM failed: %d\n",
			     s->name, err);
	sndback_stop(s);
	s->state = SNDBACK_OPEN;
}

/**
 * sndback_stream_service() - move data and report the position
 * @s: stream
 *
 * Called on every run of the work item: after guest requests and after each
 * host wake-up.
 *
 * Context: the stream's work item.
 */
void sndback_stream_service(struct sndback_stream *s)
{
	bool started = s->state == SNDBACK_RUNNING;
	u64 appl = s->appl;
	int err;

	if (s->state == SNDBACK_CLOSED)
		return;

	if (s->cfg.capture) {
		/* Capture starts empty; the host fills it. */
		err = s->host.running ? sndback_host_pull(s) : 0;
		if (!err && started && !s->host.running)
			err = sndback_host_start(s);
		appl = s->pos + 1;	/* no drain rule for capture */
	} else {
		s->pos = sndback_host_consumed(s);
		err = sndback_host_push(s);
		if (!err && started && !s->host.running && s->copied > s->pos)
			err = sndback_host_start(s);
	}
	if (err)
		sndback_host_failed(s, err);

	if (s->evt_pending ||
	    sndback_pos_due(s->pos, s->evt_pos, appl, s->params.period_bytes))
		sndback_send_pos(s);
}
