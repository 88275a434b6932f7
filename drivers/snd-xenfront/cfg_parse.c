// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: Xen-free parsing of the vsnd XenStore configuration.
 *
 * The nodes come from the guest-owned frontend directory (libxl writes all
 * vsnd configuration there), so every value is parsed strictly and bounded:
 * numbers are plain decimal, lists are comma separated (blanks around items
 * are tolerated), unknown items are skipped and reported.
 *
 * Inheritance (sndif.h): card -> PCM device -> stream. A lower level may
 * narrow what an upper level set; it is intersected with it, and a level
 * whose value leaves nothing is rejected so the upper value stays in force.
 * Fields no level sets get defaults at the end, so defaults never narrow a
 * configured value.
 */

#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <sound/pcm.h>
#include <xen-snd/xsnd_fmt.h>

#include "cfg_parse.h"

/* Rates when no level has sample-rates: the common 8-48 kHz rates. */
static const u32 sndfront_def_rates[] = {
	8000, 11025, 16000, 22050, 32000, 44100, 48000,
};

/* Formats when no level has sample-formats (the upstream driver's). */
#define SNDFRONT_DEF_FORMATS	(SNDRV_PCM_FMTBIT_U8 | SNDRV_PCM_FMTBIT_S16_LE)

/**
 * sndfront_next_item() - split the next item off a comma separated list
 * @cur: list cursor, advanced past the item and its separator
 * @item: set to the start of the item, blanks trimmed
 * @len: set to the item length, 0 for an empty item
 *
 * Context: any.
 * Return: false when the list is exhausted.
 */
static bool sndfront_next_item(const char **cur, const char **item,
			       size_t *len)
{
	const char *p = *cur;
	const char *end;

	if (!*p)
		return false;
	end = strchrnul(p, ',');
	*cur = *end ? end + 1 : end;
	while (p < end && isspace(*p))
		p++;
	while (end > p && isspace(end[-1]))
		end--;
	*item = p;
	*len = end - p;
	return true;
}

/**
 * sndfront_tok_u32() - parse a decimal number that fills a whole token
 * @s: token, not NUL-terminated
 * @len: token length
 * @out: the value
 *
 * Context: any.
 * Return: 0, -EINVAL for anything but digits, -ERANGE above U32_MAX.
 */
static int sndfront_tok_u32(const char *s, size_t len, u32 *out)
{
	u64 v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (!isdigit(s[i]))
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
		if (v > U32_MAX)
			return -ERANGE;
	}
	*out = v;
	return 0;
}

/**
 * sndfront_parse_u32() - parse a numeric XenStore value
 * @str: the value, NUL-terminated; surrounding blanks are allowed
 * @min: smallest accepted value
 * @max: largest accepted value
 * @out: the value, written only on success
 *
 * Context: any.
 * Return: 0, or -EINVAL/-ERANGE for a malformed or out of range value.
 */
int sndfront_parse_u32(const char *str, u32 min, u32 max, u32 *out)
{
	const char *end;
	u32 v;
	int ret;

	while (isspace(*str))
		str++;
	end = str + strlen(str);
	while (end > str && isspace(end[-1]))
		end--;
	ret = sndfront_tok_u32(str, end - str, &v);
	if (ret)
		return ret;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * sndfront_rate_insert() - insert a rate into a sorted, unique array
 * @rates: the array, SNDFRONT_MAX_RATES entries
 * @nr: number of entries in use, updated
 * @rate: the rate to add
 *
 * Context: any.
 * Return: true if @rate is in the array afterwards.
 */
static bool sndfront_rate_insert(u32 *rates, unsigned int *nr, u32 rate)
{
	unsigned int i = 0;

	while (i < *nr && rates[i] < rate)
		i++;
	if (i < *nr && rates[i] == rate)
		return true;
	if (*nr == SNDFRONT_MAX_RATES)
		return false;
	memmove(&rates[i + 1], &rates[i], (*nr - i) * sizeof(*rates));
	rates[i] = rate;
	(*nr)++;
	return true;
}

/**
 * sndfront_parse_rates() - parse a sample-rates list
 * @list: the value, NUL-terminated
 * @rates: receives the rates, ascending and unique (SNDFRONT_MAX_RATES)
 * @nr: receives the number of rates
 *
 * Items that are not numbers in [SNDFRONT_RATE_MIN, SNDFRONT_RATE_MAX], and
 * rates beyond SNDFRONT_MAX_RATES, are skipped.
 *
 * Context: any.
 * Return: number of skipped items, or -EINVAL if the list is too long or
 * has no usable rate.
 */
int sndfront_parse_rates(const char *list, u32 *rates, unsigned int *nr)
{
	const char *item;
	size_t len;
	int skipped = 0;
	u32 v;

	*nr = 0;
	if (strnlen(list, SNDFRONT_LIST_LEN_MAX + 1) > SNDFRONT_LIST_LEN_MAX)
		return -EINVAL;
	while (sndfront_next_item(&list, &item, &len)) {
		if (!len)
			continue;
		if (sndfront_tok_u32(item, len, &v) ||
		    v < SNDFRONT_RATE_MIN || v > SNDFRONT_RATE_MAX ||
		    !sndfront_rate_insert(rates, nr, v))
			skipped++;
	}
	return *nr ? skipped : -EINVAL;
}

/**
 * sndfront_parse_formats() - parse a sample-formats list
 * @list: the value, NUL-terminated
 * @formats: receives the ALSA format mask (SNDRV_PCM_FMTBIT_*)
 *
 * Both the sndif names and libxl's float spelling are accepted
 * (xsnd_fmt_parse()); unknown names are skipped.
 *
 * Context: any.
 * Return: number of skipped items, or -EINVAL if the list is too long or
 * has no known format.
 */
int sndfront_parse_formats(const char *list, u64 *formats)
{
	const char *item;
	size_t len;
	int skipped = 0;
	int code;

	*formats = 0;
	if (strnlen(list, SNDFRONT_LIST_LEN_MAX + 1) > SNDFRONT_LIST_LEN_MAX)
		return -EINVAL;
	while (sndfront_next_item(&list, &item, &len)) {
		if (!len)
			continue;
		code = xsnd_fmt_parse(item, len);
		if (code < 0) {
			skipped++;
			continue;
		}
		*formats |= pcm_format_to_bits(xsnd_fmt_desc(code)->alsa);
	}
	return *formats ? skipped : -EINVAL;
}

/**
 * sndfront_hw_init() - start a configuration with nothing set
 * @hw: the configuration
 *
 * Context: any.
 */
void sndfront_hw_init(struct sndfront_hw *hw)
{
	memset(hw, 0, sizeof(*hw));
	hw->channels_min = 1;
	hw->channels_max = SNDFRONT_CHANNELS_MAX;
	hw->buffer_bytes = SNDFRONT_BUFFER_BYTES_MAX;
}

/**
 * sndfront_hw_set_rates() - apply one level's sample-rates
 * @hw: configuration inherited from the upper levels, updated
 * @str: the level's value
 *
 * Context: any.
 * Return: true if the value was rejected or partly skipped.
 */
static bool sndfront_hw_set_rates(struct sndfront_hw *hw, const char *str)
{
	u32 rates[SNDFRONT_MAX_RATES];
	unsigned int nr, i, out = 0, j = 0;
	int skipped;

	skipped = sndfront_parse_rates(str, rates, &nr);
	if (skipped < 0)
		return true;
	if (hw->set & SNDFRONT_HW_RATES) {
		/* Both arrays are sorted: intersect them in one pass. */
		for (i = 0; i < nr; i++) {
			while (j < hw->nr_rates && hw->rates[j] < rates[i])
				j++;
			if (j < hw->nr_rates && hw->rates[j] == rates[i])
				rates[out++] = rates[i];
		}
		nr = out;
		if (!nr)
			return true;
	}
	memcpy(hw->rates, rates, nr * sizeof(*rates));
	hw->nr_rates = nr;
	hw->set |= SNDFRONT_HW_RATES;
	return skipped > 0;
}

/**
 * sndfront_hw_set_formats() - apply one level's sample-formats
 * @hw: configuration inherited from the upper levels, updated
 * @str: the level's value
 *
 * Context: any.
 * Return: true if the value was rejected or partly skipped.
 */
static bool sndfront_hw_set_formats(struct sndfront_hw *hw, const char *str)
{
	u64 formats;
	int skipped;

	skipped = sndfront_parse_formats(str, &formats);
	if (skipped < 0)
		return true;
	if (hw->set & SNDFRONT_HW_FORMATS)
		formats &= hw->formats;
	if (!formats)
		return true;
	hw->formats = formats;
	hw->set |= SNDFRONT_HW_FORMATS;
	return skipped > 0;
}

/**
 * sndfront_hw_set_channels() - apply one level's channels-min/-max
 * @hw: configuration inherited from the upper levels, updated
 * @nodes: the level's values
 *
 * Context: any.
 * Return: SNDFRONT_HW_CHANNELS_* bits of rejected values.
 */
static unsigned int sndfront_hw_set_channels(struct sndfront_hw *hw,
					     const struct sndfront_hw_nodes *nodes)
{
	unsigned int lo = hw->channels_min, hi = hw->channels_max;
	unsigned int bad = 0, given = 0;
	u32 v;

	if (nodes->channels_min) {
		if (sndfront_parse_u32(nodes->channels_min, 1,
				       SNDFRONT_CHANNELS_MAX, &v))
			bad |= SNDFRONT_HW_CHANNELS_MIN;
		else
			lo = max_t(unsigned int, lo, v);
		given |= SNDFRONT_HW_CHANNELS_MIN;
	}
	if (nodes->channels_max) {
		if (sndfront_parse_u32(nodes->channels_max, 1,
				       SNDFRONT_CHANNELS_MAX, &v))
			bad |= SNDFRONT_HW_CHANNELS_MAX;
		else
			hi = min_t(unsigned int, hi, v);
		given |= SNDFRONT_HW_CHANNELS_MAX;
	}
	if (lo > hi)
		return given;
	hw->channels_min = lo;
	hw->channels_max = hi;
	hw->set |= given & ~bad;
	return bad;
}

/**
 * sndfront_hw_inherit() - apply one configuration level
 * @hw: configuration inherited from the upper levels, updated
 * @nodes: the level's raw values
 *
 * Context: any.
 * Return: SNDFRONT_HW_* bits of values that were rejected (the inherited
 * value stays) or partly skipped, for the caller to report.
 */
unsigned int sndfront_hw_inherit(struct sndfront_hw *hw,
				 const struct sndfront_hw_nodes *nodes)
{
	unsigned int bad = 0;
	u32 v;

	if (nodes->rates && sndfront_hw_set_rates(hw, nodes->rates))
		bad |= SNDFRONT_HW_RATES;
	if (nodes->formats && sndfront_hw_set_formats(hw, nodes->formats))
		bad |= SNDFRONT_HW_FORMATS;
	bad |= sndfront_hw_set_channels(hw, nodes);
	if (nodes->buffer_size) {
		if (sndfront_parse_u32(nodes->buffer_size,
				       SNDFRONT_BUFFER_BYTES_MIN, U32_MAX, &v)) {
			bad |= SNDFRONT_HW_BUFFER;
		} else {
			/* Larger values are a request, capped quietly. */
			hw->buffer_bytes = min(hw->buffer_bytes, v);
			hw->set |= SNDFRONT_HW_BUFFER;
		}
	}
	return bad;
}

/**
 * sndfront_hw_finalize() - give defaults to fields no level configured
 * @hw: the configuration of a stream, after all levels were applied
 *
 * Context: any.
 */
void sndfront_hw_finalize(struct sndfront_hw *hw)
{
	if (!(hw->set & SNDFRONT_HW_RATES)) {
		memcpy(hw->rates, sndfront_def_rates,
		       sizeof(sndfront_def_rates));
		hw->nr_rates = ARRAY_SIZE(sndfront_def_rates);
	}
	if (!(hw->set & SNDFRONT_HW_FORMATS))
		hw->formats = SNDFRONT_DEF_FORMATS;
	if (!(hw->set & SNDFRONT_HW_CHANNELS_MAX))
		hw->channels_max = max_t(unsigned int, hw->channels_min,
					 SNDFRONT_DEF_CHANNELS_MAX);
	if (!(hw->set & SNDFRONT_HW_BUFFER))
		hw->buffer_bytes = SNDFRONT_DEF_BUFFER_BYTES;
}

/**
 * sndfront_name_copy() - copy a name from XenStore for ALSA
 * @dst: destination
 * @size: size of @dst, including the NUL
 * @src: the XenStore value, or NULL if absent
 * @fallback: used when @src is absent or has nothing printable
 *
 * Keeps printable ASCII only, trims blanks, truncates to @size - 1 and never
 * leaves @dst empty.
 *
 * Context: any.
 */
void sndfront_name_copy(char *dst, size_t size, const char *src,
			const char *fallback)
{
	size_t n = 0;

	if (!size)
		return;
	for (; src && *src && n + 1 < size; src++) {
		if (!isascii(*src) || !isprint(*src))
			continue;
		if (!n && *src == ' ')
			continue;
		dst[n++] = *src;
	}
	while (n && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
	if (!n)
		strscpy(dst, fallback, size);
}

/**
 * sndfront_version_listed() - is a version in the backend's versions list?
 * @list: the versions node, NUL-terminated
 * @version: the version to look for
 *
 * Context: any.
 * Return: true if @list has an item equal to @version.
 */
bool sndfront_version_listed(const char *list, u32 version)
{
	const char *item;
	size_t len;
	u32 v;

	while (sndfront_next_item(&list, &item, &len))
		if (!sndfront_tok_u32(item, len, &v) && v == version)
			return true;
	return false;
}
