// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: validation of sndif requests and position arithmetic.
 *
 * Everything here works on private copies of guest values and is Xen-free,
 * so KUnit covers it without a hypervisor. Checks are written so that no
 * guest-chosen value can overflow them: offset/length pairs are compared
 * as "length <= size && offset <= size - length", never "offset + length".
 */

#include "common.h"

#include <linux/kernel.h>
#include <linux/math.h>
#include <sound/pcm.h>

#include <xen-snd/xsnd_fmt.h>

/*
 * Octets per sample of a sndif format we can move frame by frame, or 0 for
 * formats without a whole number of octets per sample (IMA ADPCM) or
 * without fixed-size samples (MPEG, GSM).
 */
static unsigned int sndback_sample_bytes(unsigned int sndif_fmt)
{
	const struct xsnd_fmt_desc *d = xsnd_fmt_desc(sndif_fmt);
	int width;

	if (!d)
		return 0;
	width = snd_pcm_format_physical_width(d->alsa);
	if (width <= 0 || width % 8)
		return 0;
	return width / 8;
}

/* Formats of @mask that sndback_sample_bytes() can serve. */
static u64 sndback_servable(u64 mask)
{
	unsigned int i;

	for (i = 0; i < XSND_FMT_COUNT; i++)
		if ((mask & BIT_ULL(i)) && !sndback_sample_bytes(i))
			mask &= ~BIT_ULL(i);
	return mask & XSND_FMT_ALL_MASK;
}

static bool sndback_rate_ok(const struct sndback_stream_cfg *cfg, u32 rate)
{
	unsigned int i;

	if (rate < cfg->rate_min || rate > cfg->rate_max)
		return false;
	if (!cfg->nr_rates)
		return true;
	for (i = 0; i < cfg->nr_rates; i++)
		if (cfg->rates[i] == rate)
			return true;
	return false;
}

/**
 * sndback_check_open() - validate an OPEN request
 * @req: private copy of the request's open fields
 * @cfg: what this stream allows
 * @p: validated parameters, on success
 *
 * Context: any.
 * Return: 0, or -EINVAL if any field is out of what @cfg allows: unknown or
 * disallowed format, channels or rate outside the configuration, buffer_sz
 * under SNDBACK_PERIOD_FRAMES_MIN frames, too large or not frame-aligned,
 * period_sz larger than the buffer, not frame-aligned or shorter than
 * SNDBACK_PERIOD_FRAMES_MIN frames, or a directory grant below
 * SNDBACK_GREF_MIN.
 */
int sndback_check_open(const struct xensnd_open_req *req,
		       const struct sndback_stream_cfg *cfg,
		       struct sndback_params *p)
{
	unsigned int sample = sndback_sample_bytes(req->pcm_format);
	u32 frame, buf = req->buffer_sz, period = req->period_sz;

	if (!sample || !(cfg->formats & BIT_ULL(req->pcm_format)))
		return -EINVAL;
	if (req->pcm_channels < cfg->channels_min ||
	    req->pcm_channels > cfg->channels_max)
		return -EINVAL;
	if (!sndback_rate_ok(cfg, req->pcm_rate))
		return -EINVAL;

	frame = sample * req->pcm_channels;
	if (buf > cfg->buffer_max || buf % frame ||
	    buf / frame < SNDBACK_PERIOD_FRAMES_MIN)
		return -EINVAL;
	if (period > buf || period % frame ||
	    (period && period / frame < SNDBACK_PERIOD_FRAMES_MIN))
		return -EINVAL;
	if (req->gref_directory < SNDBACK_GREF_MIN)
		return -EINVAL;

	p->sndif_format = req->pcm_format;
	p->format = xsnd_fmt_desc(req->pcm_format)->alsa;
	p->rate = req->pcm_rate;
	p->channels = req->pcm_channels;
	p->frame_bytes = frame;
	p->buffer_bytes = buf;
	p->period_bytes = period;
	p->nr_pages = DIV_ROUND_UP(buf, XEN_PAGE_SIZE);
	return 0;
}

/**
 * sndback_check_rw() - validate the region of a READ or WRITE
 * @offset: octet offset into the buffer, from the request
 * @length: octets, from the request
 * @p: parameters of the open stream
 *
 * Context: any.
 * Return: 0, or -EINVAL if the region leaves the buffer or is not
 * frame-aligned.
 */
int sndback_check_rw(u32 offset, u32 length, const struct sndback_params *p)
{
	if (length > p->buffer_bytes || offset > p->buffer_bytes - length)
		return -EINVAL;
	if (offset % p->frame_bytes || length % p->frame_bytes)
		return -EINVAL;
	return 0;
}

/**
 * sndback_check_grefs() - validate the buffer grants of a directory page
 * @grefs: private copy of the grants
 * @n: number of grants
 *
 * Context: any.
 * Return: 0, or -EINVAL if any grant is a reserved reference (below
 * SNDBACK_GREF_MIN).
 */
int sndback_check_grefs(const u32 *grefs, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (grefs[i] < SNDBACK_GREF_MIN)
			return -EINVAL;
	return 0;
}

/**
 * sndback_dir_pages() - page-directory pages that describe a buffer
 * @nr_pages: buffer pages, at most SNDBACK_BUFFER_BYTES_LIMIT / XEN_PAGE_SIZE
 *
 * The walk of the guest's directory stops after this many pages, whatever
 * gref_dir_next_page says, so a cyclic or endless chain costs nothing.
 *
 * Context: any.
 * Return: the number of directory pages.
 */
u32 sndback_dir_pages(u32 nr_pages)
{
	return DIV_ROUND_UP(nr_pages, SNDBACK_GREFS_PER_DIR_PAGE);
}

/* Intersect [*lo, *hi] with [min, max]; false if nothing is left. */
static bool sndback_narrow(u32 *lo, u32 *hi, u32 min, u32 max)
{
	*lo = max(*lo, min);
	*hi = min(*hi, max);
	return *lo <= *hi;
}

/* Narrow a rate interval to the configured list, if there is one. */
static bool sndback_narrow_rates(const struct sndback_stream_cfg *cfg,
				 u32 *lo, u32 *hi)
{
	u32 first = U32_MAX, last = 0;
	unsigned int i;

	if (!sndback_narrow(lo, hi, cfg->rate_min, cfg->rate_max))
		return false;
	if (!cfg->nr_rates)
		return true;
	for (i = 0; i < cfg->nr_rates; i++) {
		if (cfg->rates[i] < *lo || cfg->rates[i] > *hi)
			continue;
		first = min(first, cfg->rates[i]);
		last = max(last, cfg->rates[i]);
	}
	*lo = first;
	*hi = last;
	return first <= last;
}

/* Smallest frame of the formats in @mask with @channels channels. */
static u32 sndback_min_frame(u64 mask, u32 channels)
{
	u32 best = U32_MAX;
	unsigned int i;

	for (i = 0; i < XSND_FMT_COUNT; i++)
		if (mask & BIT_ULL(i))
			best = min_t(u32, best, sndback_sample_bytes(i));
	return best * channels;
}

/**
 * sndback_query() - answer a HW_PARAM_QUERY
 * @cfg: what this stream allows
 * @req: private copy of the guest's proposed configuration space
 * @resp: the space narrowed to what we serve, on success
 *
 * Buffer and period sizes are in frames; the largest buffer is counted with
 * the smallest frame still possible, so the answer never excludes a valid
 * configuration.
 *
 * Context: any.
 * Return: 0, or -EINVAL if the request is insane (min > max) or nothing in
 * it can be served.
 */
int sndback_query(const struct sndback_stream_cfg *cfg,
		  const struct xensnd_query_hw_param *req,
		  struct xensnd_query_hw_param *resp)
{
	u32 frame, buf_max;

	*resp = *req;
	resp->formats = sndback_servable(req->formats & cfg->formats);
	if (!resp->formats)
		return -EINVAL;
	if (req->rates.min > req->rates.max ||
	    !sndback_narrow_rates(cfg, &resp->rates.min, &resp->rates.max))
		return -EINVAL;
	if (req->channels.min > req->channels.max ||
	    !sndback_narrow(&resp->channels.min, &resp->channels.max,
			    cfg->channels_min, cfg->channels_max))
		return -EINVAL;

	frame = sndback_min_frame(resp->formats, resp->channels.min);
	buf_max = cfg->buffer_max / frame;
	if (req->buffer.min > req->buffer.max ||
	    !sndback_narrow(&resp->buffer.min, &resp->buffer.max,
			    SNDBACK_PERIOD_FRAMES_MIN, buf_max))
		return -EINVAL;
	if (req->period.min > req->period.max ||
	    !sndback_narrow(&resp->period.min, &resp->period.max,
			    SNDBACK_PERIOD_FRAMES_MIN, resp->buffer.max))
		return -EINVAL;
	return 0;
}

/**
 * sndback_pos_due() - is a CUR_POS event due?
 * @pos: current position, octets since OPEN
 * @evt_pos: position sent in the last event
 * @appl: octets the guest made available (playback) or asked for (capture)
 * @period_bytes: the guest's period_sz; 0 means it wants no events
 *
 * An event is due when the position has crossed a period boundary since
 * the last event, or when it has caught up with everything the guest gave
 * (so a draining guest sees its last partial period complete).
 *
 * Context: any.
 * Return: true if an event should be sent.
 */
bool sndback_pos_due(u64 pos, u64 evt_pos, u64 appl, u32 period_bytes)
{
	if (!period_bytes || pos == evt_pos)
		return false;
	if (div_u64(pos, period_bytes) != div_u64(evt_pos, period_bytes))
		return true;
	return pos == appl;
}
