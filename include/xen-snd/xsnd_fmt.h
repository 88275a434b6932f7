/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Xen PV sound: the sndif <-> ALSA sample format table, shared by
 * snd-xenfront and snd-xenback.
 *
 * Xen-free and header-only: it depends on the sndif ABI constants and ALSA's
 * format numbers alone, so KUnit tests it without a hypervisor, and each
 * module gets one copy of the table in the file that uses it.
 */
#ifndef XSND_FMT_H
#define XSND_FMT_H

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#include <sound/asound.h>
#include <xen/interface/io/sndif.h>

/* Number of sndif format codes: XENSND_PCM_FORMAT_S8 (0) .. _GSM (24). */
#define XSND_FMT_COUNT		(XENSND_PCM_FORMAT_GSM + 1)

/* HW_PARAM_QUERY carries formats as a u64 mask of (1 << sndif code). */
#define XSND_FMT_ALL_MASK	(BIT_ULL(XSND_FMT_COUNT) - 1)

/**
 * struct xsnd_fmt_desc - one row of the sndif format table
 * @name: XenStore spelling, XENSND_PCM_FORMAT_*_STR
 * @alias: another spelling accepted from XenStore, or NULL. libxl writes
 *         the float formats as "f32_le", "f64_be"... instead of the ABI's
 *         "float_le", "float64_be"...
 * @alsa: the ALSA format with the same memory layout
 */
struct xsnd_fmt_desc {
	const char *name;
	const char *alias;
	snd_pcm_format_t alsa;
};

/* One table row: sndif code, XenStore name, alias, ALSA format. */
#define XSND_FMT_ROW(code, str, alt, fmt) \
	[XENSND_PCM_FORMAT_##code] = { str, alt, SNDRV_PCM_FORMAT_##fmt }

/**
 * xsnd_fmt_desc() - look up the table row of a sndif format code
 * @fmt: sndif format code, as received (any value)
 *
 * Context: any.
 * Return: the row, or NULL if @fmt is not a sndif format code.
 */
static inline const struct xsnd_fmt_desc *xsnd_fmt_desc(unsigned int fmt)
{
	static const struct xsnd_fmt_desc table[XSND_FMT_COUNT] = {
		XSND_FMT_ROW(S8, "s8", NULL, S8),
		XSND_FMT_ROW(U8, "u8", NULL, U8),
		XSND_FMT_ROW(S16_LE, "s16_le", NULL, S16_LE),
		XSND_FMT_ROW(S16_BE, "s16_be", NULL, S16_BE),
		XSND_FMT_ROW(U16_LE, "u16_le", NULL, U16_LE),
		XSND_FMT_ROW(U16_BE, "u16_be", NULL, U16_BE),
		XSND_FMT_ROW(S24_LE, "s24_le", NULL, S24_LE),
		XSND_FMT_ROW(S24_BE, "s24_be", NULL, S24_BE),
		XSND_FMT_ROW(U24_LE, "u24_le", NULL, U24_LE),
		XSND_FMT_ROW(U24_BE, "u24_be", NULL, U24_BE),
		XSND_FMT_ROW(S32_LE, "s32_le", NULL, S32_LE),
		XSND_FMT_ROW(S32_BE, "s32_be", NULL, S32_BE),
		XSND_FMT_ROW(U32_LE, "u32_le", NULL, U32_LE),
		XSND_FMT_ROW(U32_BE, "u32_be", NULL, U32_BE),
		XSND_FMT_ROW(F32_LE, "float_le", "f32_le", FLOAT_LE),
		XSND_FMT_ROW(F32_BE, "float_be", "f32_be", FLOAT_BE),
		XSND_FMT_ROW(F64_LE, "float64_le", "f64_le", FLOAT64_LE),
		XSND_FMT_ROW(F64_BE, "float64_be", "f64_be", FLOAT64_BE),
		XSND_FMT_ROW(IEC958_SUBFRAME_LE, "iec958_subframe_le", NULL, IEC958_SUBFRAME_LE),
		XSND_FMT_ROW(IEC958_SUBFRAME_BE, "iec958_subframe_be", NULL, IEC958_SUBFRAME_BE),
		XSND_FMT_ROW(MU_LAW, "mu_law", NULL, MU_LAW),
		XSND_FMT_ROW(A_LAW, "a_law", NULL, A_LAW),
		XSND_FMT_ROW(IMA_ADPCM, "ima_adpcm", NULL, IMA_ADPCM),
		XSND_FMT_ROW(MPEG, "mpeg", NULL, MPEG),
		XSND_FMT_ROW(GSM, "gsm", NULL, GSM),
	};

	return fmt < XSND_FMT_COUNT ? &table[fmt] : NULL;
}

/**
 * xsnd_fmt_from_alsa() - sndif code of an ALSA format
 * @alsa: ALSA format
 *
 * Context: any.
 * Return: the sndif format code, or -EINVAL if sndif has no such format.
 */
static inline int xsnd_fmt_from_alsa(snd_pcm_format_t alsa)
{
	unsigned int i;

	for (i = 0; i < XSND_FMT_COUNT; i++)
		if (xsnd_fmt_desc(i)->alsa == alsa)
			return i;
	return -EINVAL;
}

/**
 * xsnd_fmt_parse() - sndif code of one format name from XenStore
 * @str: the name, not necessarily NUL-terminated
 * @len: its length in bytes
 *
 * Accepts the ABI spelling and libxl's float spelling, exactly (no case
 * folding, no surrounding blanks).
 *
 * Context: any.
 * Return: the sndif format code, or -EINVAL for an unknown name.
 */
static inline int xsnd_fmt_parse(const char *str, size_t len)
{
	const struct xsnd_fmt_desc *d;
	unsigned int i;

	for (i = 0; i < XSND_FMT_COUNT; i++) {
		d = xsnd_fmt_desc(i);
		if (strlen(d->name) == len && !memcmp(d->name, str, len))
			return i;
		if (d->alias && strlen(d->alias) == len &&
		    !memcmp(d->alias, str, len))
			return i;
	}
	return -EINVAL;
}

/**
 * xsnd_fmt_mask_to_alsa() - ALSA format bits of a sndif format mask
 * @mask: bit mask of (1 << sndif code); bits past the table are ignored
 *
 * Context: any.
 * Return: the mask of (1 << ALSA format), as in snd_pcm_hardware.formats.
 */
static inline u64 xsnd_fmt_mask_to_alsa(u64 mask)
{
	u64 out = 0;
	unsigned int i;

	for (i = 0; i < XSND_FMT_COUNT; i++)
		if (mask & BIT_ULL(i))
			out |= BIT_ULL((__force int)xsnd_fmt_desc(i)->alsa);
	return out;
}

/**
 * xsnd_fmt_mask_from_alsa() - sndif format mask of ALSA format bits
 * @mask: bit mask of (1 << ALSA format)
 *
 * Context: any.
 * Return: the mask of (1 << sndif code); ALSA formats without a sndif code
 * are dropped.
 */
static inline u64 xsnd_fmt_mask_from_alsa(u64 mask)
{
	u64 out = 0;
	unsigned int i;

	for (i = 0; i < XSND_FMT_COUNT; i++)
		if (mask & BIT_ULL((__force int)xsnd_fmt_desc(i)->alsa))
			out |= BIT_ULL(i);
	return out;
}

#endif /* XSND_FMT_H */
