// SPDX-License-Identifier: GPL-2.0
/*
 * UML cannot configure ALSA, so the KUnit kernel links ALSA's format table
 * (sound/core/pcm_misc.c) into the test module by itself; see Kbuild. That
 * file also holds the rate helpers, which need the one table below from
 * sound/core/pcm_native.c. None of our code uses the rates.
 */

#include <linux/kernel.h>
#include <sound/pcm.h>

#include "pcm_local.h"

static const unsigned int rates[] = {
	5512, 8000, 11025, 16000, 22050, 32000, 44100,
	48000, 64000, 88200, 96000, 176400, 192000, 352800, 384000
};

const struct snd_pcm_hw_constraint_list snd_pcm_known_rates = {
	.count = ARRAY_SIZE(rates),
	.list = rates,
};
