/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snd-xenfront: Xen-free handling of XENSND_OP_HW_PARAM_QUERY.
 *
 * One query per stream and connection asks the backend about the whole
 * configured space; its answer narrows what ALSA offers at every open.
 * An answer wider than the query, or that leaves nothing of the
 * configuration, is ignored, as is a refused query: the XenStore
 * configuration then stays in force.
 */
#ifndef SNDFRONT_CAPS_H
#define SNDFRONT_CAPS_H

#include <sound/pcm.h>
#include <xen/interface/io/sndif.h>

#include "cfg_parse.h"

/**
 * struct sndfront_caps - a stream's HW_PARAM_QUERY outcome, per connection
 * @gen: connection generation of the entry, 0 if none
 * @ok: the backend gave a usable answer; else it refused or the answer
 *      was unusable, and the XenStore configuration stays in force
 * @ans: the usable answer, zeroed otherwise
 */
struct sndfront_caps {
	unsigned int gen;
	bool ok;
	struct xensnd_query_hw_param ans;
};

int sndfront_caps_lookup(const struct sndfront_caps *caps, unsigned int gen,
			 struct xensnd_query_hw_param *ans);
void sndfront_caps_store(struct sndfront_caps *caps, unsigned int gen,
			 unsigned int cur_gen, int verdict,
			 const struct xensnd_query_hw_param *ans);
void sndfront_caps_query(const struct sndfront_hw *hw,
			 struct xensnd_query_hw_param *query);
int sndfront_caps_check(const struct sndfront_hw *hw,
			const struct xensnd_query_hw_param *query,
			const struct xensnd_query_hw_param *ans);
void sndfront_caps_apply(struct snd_pcm_hardware *pcm_hw,
			 const struct xensnd_query_hw_param *ans);

#endif /* SNDFRONT_CAPS_H */
