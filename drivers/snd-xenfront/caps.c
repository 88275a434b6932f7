// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: Xen-free handling of XENSND_OP_HW_PARAM_QUERY (caps.h).
 */

#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <xen-snd/xsnd_fmt.h>

#include "caps.h"

/**
 * sndfront_caps_lookup() - the answer kept for a connection, if any
 * @caps: what is kept
 * @gen: the current connection generation
 * @ans: receives the usable answer
 *
 * Tells what the last query on this connection came to (pcm.c asks again
 * on every open and logs a refusal only once per connection).
 *
 * Context: any; the caller serialises access to @caps.
 * Return: 1 with @ans filled, 0 if the backend's answer on this
 * connection was not usable, -ENOENT if it was not asked on it yet.
 */
int sndfront_caps_lookup(const struct sndfront_caps *caps, unsigned int gen,
			 struct xensnd_query_hw_param *ans)
{
	if (caps->gen != gen)
		return -ENOENT;
	if (!caps->ok)
		return 0;
	*ans = caps->ans;
	return 1;
}

/**
 * sndfront_caps_store() - keep the outcome of a query for its connection
 * @caps: what is kept
 * @gen: connection generation the query was sent on
 * @cur_gen: the current connection generation
 * @verdict: 0 for a usable answer, else why not (the backend's status or
 *           sndfront_caps_check()'s)
 * @ans: the answer; only read if @verdict is 0
 *
 * An outcome from an older connection is dropped: the new backend may
 * answer otherwise.
 *
 * Context: any; the caller serialises access to @caps.
 */
void sndfront_caps_store(struct sndfront_caps *caps, unsigned int gen,
			 unsigned int cur_gen, int verdict,
			 const struct xensnd_query_hw_param *ans)
{
	if (gen != cur_gen)
		return;
	caps->gen = gen;
	caps->ok = !verdict;
	if (verdict)
		memset(&caps->ans, 0, sizeof(caps->ans));
	else
		caps->ans = *ans;
}

/**
 * sndfront_caps_query() - the query for a stream's configured space
 * @hw: the stream's configuration
 * @query: receives the query
 *
 * Buffer and period sizes are in frames; a frame is at least one byte, so
 * the configured buffer size in bytes bounds both from above.
 *
 * Context: any.
 */
void sndfront_caps_query(const struct sndfront_hw *hw,
			 struct xensnd_query_hw_param *query)
{
	memset(query, 0, sizeof(*query));
	query->formats = xsnd_fmt_mask_from_alsa(hw->formats);
	query->rates.min = hw->rates[0];
	query->rates.max = hw->rates[hw->nr_rates - 1];
	query->channels.min = hw->channels_min;
	query->channels.max = hw->channels_max;
	query->buffer.min = 1;
	query->buffer.max = hw->buffer_bytes;
	query->period.min = 1;
	query->period.max = hw->buffer_bytes;
}

/**
 * sndfront_caps_within() - is an answered interval a non-empty sub-interval?
 * @min: lower end of the answer
 * @max: upper end of the answer
 * @qmin: lower end of the query
 * @qmax: upper end of the query
 *
 * Context: any.
 * Return: true if @qmin <= @min <= @max <= @qmax.
 */
static bool sndfront_caps_within(u32 min, u32 max, u32 qmin, u32 qmax)
{
	return qmin <= min && min <= max && max <= qmax;
}

/**
 * sndfront_caps_check() - is a backend answer sane and usable?
 * @hw: the stream's configuration
 * @query: the query the answer is for (sndfront_caps_query())
 * @ans: the answer
 *
 * sndif.h: each query "may reduce configuration space", so an answer is
 * the query narrowed: every interval non-empty and inside the asked one,
 * no format that was not asked for. It must also leave one configured
 * format and one configured rate (the rates are a list, the query only
 * their span).
 *
 * Context: any.
 * Return: 0, or -EINVAL if an interval is empty or wider than the query,
 * the formats are not a subset of the query's, or the answer leaves no
 * configured format or rate.
 */
int sndfront_caps_check(const struct sndfront_hw *hw,
			const struct xensnd_query_hw_param *query,
			const struct xensnd_query_hw_param *ans)
{
	unsigned int i;
	bool rate_ok = false;

	if (ans->formats & ~query->formats ||
	    !(hw->formats & xsnd_fmt_mask_to_alsa(ans->formats)))
		return -EINVAL;
	if (!sndfront_caps_within(ans->rates.min, ans->rates.max,
				  query->rates.min, query->rates.max) ||
	    !sndfront_caps_within(ans->channels.min, ans->channels.max,
				  query->channels.min, query->channels.max) ||
	    !sndfront_caps_within(ans->buffer.min, ans->buffer.max,
				  query->buffer.min, query->buffer.max) ||
	    !sndfront_caps_within(ans->period.min, ans->period.max,
				  query->period.min, query->period.max) ||
	    ans->period.min > ans->buffer.max)
		return -EINVAL;
	for (i = 0; i < hw->nr_rates; i++)
		if (hw->rates[i] >= ans->rates.min &&
		    hw->rates[i] <= ans->rates.max)
			rate_ok = true;
	return rate_ok ? 0 : -EINVAL;
}

/**
 * sndfront_caps_apply() - narrow an ALSA hardware description
 * @pcm_hw: the description, built from the configuration
 * @ans: an answer that passed sndfront_caps_check()
 *
 * Buffer and period sizes in frames are constraints on the runtime, set by
 * the caller.
 *
 * Context: any.
 */
void sndfront_caps_apply(struct snd_pcm_hardware *pcm_hw,
			 const struct xensnd_query_hw_param *ans)
{
	pcm_hw->formats &= xsnd_fmt_mask_to_alsa(ans->formats);
	pcm_hw->rate_min = max(pcm_hw->rate_min, ans->rates.min);
	pcm_hw->rate_max = min(pcm_hw->rate_max, ans->rates.max);
	pcm_hw->channels_min = max(pcm_hw->channels_min, ans->channels.min);
	pcm_hw->channels_max = min(pcm_hw->channels_max, ans->channels.max);
}
