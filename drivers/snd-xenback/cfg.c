// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: parsing of the stream configuration found in XenStore.
 *
 * Every node parsed here lives in the guest-owned frontend directory, so it
 * is hostile input: strings are bounded, numbers range-checked, lists may
 * hold no junk, no empty item and no duplicate. A lower level (pcm, stream)
 * can only narrow what the level above allowed, as sndif.h requires, and
 * everything starts from the module's own limits, so XenStore can never
 * widen what dom0 serves.
 *
 * Xen-free: no XenBus calls here (xenbus.c reads the nodes), so KUnit tests
 * all of it.
 */

#include "common.h"

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/string.h>

#include <xen-snd/xsnd_fmt.h>

/**
 * sndback_parse_uint() - parse one decimal number from XenStore
 * @str: NUL-terminated string
 * @min: smallest accepted value
 * @max: largest accepted value
 * @val: the number, on success
 *
 * Only decimal digits are accepted: no sign, blank or newline.
 *
 * Context: any.
 * Return: 0, or -EINVAL for an empty string, junk, or a number out of range.
 */
int sndback_parse_uint(const char *str, u32 min, u32 max, u32 *val)
{
	const char *c;
	u32 v;

	for (c = str; *c; c++)
		if (!isdigit(*c))
			return -EINVAL;
	if (kstrtou32(str, 10, &v) || v < min || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

/*
 * Cut @str at XENSND_LIST_SEPARATOR: return the length of the item at
 * @str and the start of the next one in @next (NULL after the last).
 */
static size_t sndback_list_item(const char *str, const char **next)
{
	const char *sep = strchr(str, XENSND_LIST_SEPARATOR[0]);

	*next = sep ? sep + 1 : NULL;
	return sep ? sep - str : strlen(str);
}

/**
 * sndback_parse_rates() - parse a sample-rates list
 * @str: NUL-terminated "r1,r2,..." as libxl writes it
 * @rates: array for the rates, in list order
 * @max: entries in @rates
 * @nr: rates stored, on success
 *
 * Each rate must lie in [SNDBACK_RATE_MIN, SNDBACK_RATE_MAX] and be at most
 * XENSND_SAMPLE_RATE_MAX_LEN characters.
 *
 * Context: any.
 * Return: 0, or -EINVAL for an empty list or item, junk, a duplicate, a rate
 * out of range, or more than @max rates.
 */
int sndback_parse_rates(const char *str, u32 *rates, unsigned int max,
			unsigned int *nr)
{
	char item[XENSND_SAMPLE_RATE_MAX_LEN + 1];
	unsigned int n = 0, i;
	const char *next;
	size_t len;
	u32 rate;

	do {
		len = sndback_list_item(str, &next);
		if (!len || len >= sizeof(item) || n >= max)
			return -EINVAL;
		memcpy(item, str, len);
		item[len] = '\0';
		if (sndback_parse_uint(item, SNDBACK_RATE_MIN,
				       SNDBACK_RATE_MAX, &rate))
			return -EINVAL;
		for (i = 0; i < n; i++)
			if (rates[i] == rate)
				return -EINVAL;
		rates[n++] = rate;
		str = next;
	} while (str);

	*nr = n;
	return 0;
}

/**
 * sndback_parse_formats() - parse a sample-formats list
 * @str: NUL-terminated "s16_le,u8,..."
 * @mask: mask of (1 << sndif code), on success
 *
 * Context: any.
 * Return: 0, or -EINVAL for an empty list or item, an unknown name, or a
 * duplicate.
 */
int sndback_parse_formats(const char *str, u64 *mask)
{
	const char *next;
	u64 m = 0;
	size_t len;
	int fmt;

	do {
		len = sndback_list_item(str, &next);
		if (!len || len > XENSND_SAMPLE_FORMAT_MAX_LEN)
			return -EINVAL;
		fmt = xsnd_fmt_parse(str, len);
		if (fmt < 0 || (m & BIT_ULL(fmt)))
			return -EINVAL;
		m |= BIT_ULL(fmt);
		str = next;
	} while (str);

	*mask = m;
	return 0;
}

/**
 * sndback_cfg_defaults() - the widest configuration dom0 serves
 * @cfg: configuration to fill
 * @buffer_max: largest buffer in octets (the max_buffer_kb parameter)
 *
 * Context: any.
 */
void sndback_cfg_defaults(struct sndback_stream_cfg *cfg, u32 buffer_max)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->formats = XSND_FMT_ALL_MASK;
	cfg->rate_min = SNDBACK_RATE_MIN;
	cfg->rate_max = SNDBACK_RATE_MAX;
	cfg->channels_min = 1;
	cfg->channels_max = SNDBACK_CHANNELS_MAX;
	cfg->buffer_max = buffer_max;
}

/* Keep only the rates of @list that @cfg already allows. */
static int sndback_cfg_rates(struct sndback_stream_cfg *cfg, const u32 *list,
			     unsigned int n)
{
	u32 keep[SNDBACK_MAX_RATES];
	unsigned int i, j, nr = 0;
	bool ok;

	for (i = 0; i < n; i++) {
		ok = list[i] >= cfg->rate_min && list[i] <= cfg->rate_max;
		if (ok && cfg->nr_rates) {
			ok = false;
			for (j = 0; j < cfg->nr_rates; j++)
				ok |= cfg->rates[j] == list[i];
		}
		if (ok)
			keep[nr++] = list[i];
	}
	if (!nr)
		return -EINVAL;

	memcpy(cfg->rates, keep, nr * sizeof(keep[0]));
	cfg->nr_rates = nr;
	cfg->rate_min = U32_MAX;
	cfg->rate_max = 0;
	for (i = 0; i < nr; i++) {
		cfg->rate_min = min(cfg->rate_min, keep[i]);
		cfg->rate_max = max(cfg->rate_max, keep[i]);
	}
	return 0;
}

/**
 * sndback_cfg_narrow_rates() - keep only the rates within [@min, @max]
 * @cfg: configuration
 * @min: lowest rate
 * @max: highest rate
 *
 * Context: any.
 * Return: 0, or -EINVAL if no allowed rate is left.
 */
int sndback_cfg_narrow_rates(struct sndback_stream_cfg *cfg, u32 min, u32 max)
{
	u32 keep[SNDBACK_MAX_RATES];
	unsigned int i, n = 0;

	cfg->rate_min = max(cfg->rate_min, min);
	cfg->rate_max = min(cfg->rate_max, max);
	if (cfg->rate_min > cfg->rate_max)
		return -EINVAL;
	if (!cfg->nr_rates)
		return 0;
	for (i = 0; i < cfg->nr_rates; i++)
		if (cfg->rates[i] >= cfg->rate_min &&
		    cfg->rates[i] <= cfg->rate_max)
			keep[n++] = cfg->rates[i];
	return sndback_cfg_rates(cfg, keep, n);
}

/**
 * sndback_cfg_apply() - narrow a configuration by one XenStore node
 * @cfg: configuration inherited from the levels above
 * @key: node name (XENSND_FIELD_*)
 * @val: NUL-terminated node value
 *
 * Unknown keys are ignored. The result is the intersection of @cfg and the
 * node, so a lower level can only narrow an upper one.
 *
 * Context: any.
 * Return: 0, or -EINVAL if the value is malformed or leaves nothing allowed.
 */
int sndback_cfg_apply(struct sndback_stream_cfg *cfg, const char *key,
		      const char *val)
{
	u32 rates[SNDBACK_MAX_RATES];
	unsigned int nr;
	u64 mask;
	u32 v;

	if (!strcmp(key, XENSND_FIELD_SAMPLE_RATES)) {
		if (sndback_parse_rates(val, rates, ARRAY_SIZE(rates), &nr))
			return -EINVAL;
		return sndback_cfg_rates(cfg, rates, nr);
	}
	if (!strcmp(key, XENSND_FIELD_SAMPLE_FORMATS)) {
		if (sndback_parse_formats(val, &mask))
			return -EINVAL;
		cfg->formats &= mask;
		return cfg->formats ? 0 : -EINVAL;
	}
	if (!strcmp(key, XENSND_FIELD_CHANNELS_MIN)) {
		if (sndback_parse_uint(val, 1, SNDBACK_CHANNELS_MAX, &v))
			return -EINVAL;
		cfg->channels_min = max_t(u32, cfg->channels_min, v);
	} else if (!strcmp(key, XENSND_FIELD_CHANNELS_MAX)) {
		if (sndback_parse_uint(val, 1, U8_MAX, &v))
			return -EINVAL;
		cfg->channels_max = min_t(u32, cfg->channels_max, v);
	} else if (!strcmp(key, XENSND_FIELD_BUFFER_SIZE)) {
		if (sndback_parse_uint(val, 1, U32_MAX, &v))
			return -EINVAL;
		cfg->buffer_max = min(cfg->buffer_max, v);
	}
	return cfg->channels_min <= cfg->channels_max ? 0 : -EINVAL;
}
