/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snd-xenfront: Xen-free parsing of the vsnd XenStore configuration.
 *
 * Everything here works on plain strings, so KUnit can test it without a
 * hypervisor. cfg.c reads the nodes and hands the strings over.
 */
#ifndef SNDFRONT_CFG_PARSE_H
#define SNDFRONT_CFG_PARSE_H

#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/types.h>

/*
 * Distinct rates kept from one sample-rates list: twice the 15 standard
 * rates of ALSA 6.1 (SNDRV_PCM_RATE_5512 .. _384000). Bounds both the
 * parsing work and the rate constraint list handed to ALSA.
 */
#define SNDFRONT_MAX_RATES		32

/* Accepted rates: the lowest and highest standard ALSA 6.1 rates. */
#define SNDFRONT_RATE_MIN		5512
#define SNDFRONT_RATE_MAX		384000

/* channels-min/-max are uint8_t in sndif.h ("[1; channels-max]"). */
#define SNDFRONT_CHANNELS_MAX		255

/* Channel range when no level configures one (sndif default min 1). */
#define SNDFRONT_DEF_CHANNELS_MIN	1
#define SNDFRONT_DEF_CHANNELS_MAX	2

/*
 * Smallest period we let ALSA pick, in bytes. With at least two periods
 * this is also the smallest buffer-size accepted from XenStore.
 */
#define SNDFRONT_PERIOD_BYTES_MIN	64
#define SNDFRONT_BUFFER_BYTES_MIN	(2 * SNDFRONT_PERIOD_BYTES_MIN)

/*
 * Largest stream buffer, whatever buffer-size says (the node is
 * guest-writable and unbounded in sndif.h): 512 granted pages, one page
 * directory page, ~1.4 s of 48 kHz 8-channel S32 and 2.7 s of 96 kHz
 * stereo S32. It bounds the memory and grant references one stream can
 * pin, and is snd-xenback's default max_buffer_kb (snd-aloop's largest).
 */
#define SNDFRONT_BUFFER_BYTES_MAX	SZ_2M

/* buffer-size when no level configures one (the upstream driver's). */
#define SNDFRONT_DEF_BUFFER_BYTES	SZ_64K

/*
 * Longest list string parsed: SNDFRONT_MAX_RATES rates of at most
 * XENSND_SAMPLE_RATE_MAX_LEN (11) characters plus a separator each, which
 * also covers a list of every sndif format name (25 names of at most 18
 * characters). Longer values are rejected, not truncated.
 */
#define SNDFRONT_LIST_LEN_MAX		(SNDFRONT_MAX_RATES * 12)

/* Fields of struct sndfront_hw, for sndfront_hw::set and error masks. */
#define SNDFRONT_HW_RATES		BIT(0)
#define SNDFRONT_HW_FORMATS		BIT(1)
#define SNDFRONT_HW_CHANNELS_MIN	BIT(2)
#define SNDFRONT_HW_CHANNELS_MAX	BIT(3)
#define SNDFRONT_HW_BUFFER		BIT(4)

/**
 * struct sndfront_hw - stream capabilities from XenStore
 * @formats: ALSA format mask (SNDRV_PCM_FMTBIT_*)
 * @rates: supported rates, ascending, no duplicates
 * @nr_rates: number of valid entries in @rates
 * @channels_min: minimum number of channels
 * @channels_max: maximum number of channels
 * @buffer_bytes: largest buffer, in bytes
 * @set: SNDFRONT_HW_* fields configured by some level so far
 */
struct sndfront_hw {
	u64 formats;
	u32 rates[SNDFRONT_MAX_RATES];
	unsigned int nr_rates;
	unsigned int channels_min;
	unsigned int channels_max;
	u32 buffer_bytes;
	unsigned int set;
};

/**
 * struct sndfront_hw_nodes - raw values of one configuration level
 * @rates: sample-rates, or NULL if absent
 * @formats: sample-formats, or NULL if absent
 * @channels_min: channels-min, or NULL if absent
 * @channels_max: channels-max, or NULL if absent
 * @buffer_size: buffer-size, or NULL if absent
 */
struct sndfront_hw_nodes {
	const char *rates;
	const char *formats;
	const char *channels_min;
	const char *channels_max;
	const char *buffer_size;
};

int sndfront_parse_u32(const char *str, u32 min, u32 max, u32 *out);
int sndfront_parse_rates(const char *list, u32 *rates, unsigned int *nr);
int sndfront_parse_formats(const char *list, u64 *formats);
void sndfront_hw_init(struct sndfront_hw *hw);
unsigned int sndfront_hw_inherit(struct sndfront_hw *hw,
				 const struct sndfront_hw_nodes *nodes);
void sndfront_hw_finalize(struct sndfront_hw *hw);
bool sndfront_version_listed(const char *list, u32 version);
void sndfront_name_copy(char *dst, size_t size, const char *src,
			const char *fallback);

#endif /* SNDFRONT_CFG_PARSE_H */
