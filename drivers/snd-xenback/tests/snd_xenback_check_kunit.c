// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite snd_xenback_check: validation of sndif requests and the
 * position arithmetic (check.c).
 *
 * Each table row is one guest request. Every guest-controlled number is tried
 * at 0, 1, the limit, limit + 1 and U32_MAX; READ/WRITE regions also with
 * offset + length wrapping around 2^32, which a naive "offset + length >
 * size" check would let through.
 */

#include "../common.h"

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <xen-snd/xsnd_fmt.h>

#define F(code)		BIT_ULL(XENSND_PCM_FORMAT_##code)
#define FMT(code)	XENSND_PCM_FORMAT_##code

/* A stream limited by XenStore to a rate list and a few formats. */
static const struct sndback_stream_cfg check_cfg_list = {
	.formats = F(U8) | F(S16_LE) | F(S32_LE) | F(F64_LE) | F(MU_LAW) |
		   F(IEC958_SUBFRAME_LE) | F(IMA_ADPCM) | F(MPEG) | F(GSM),
	.rates = { 44100, 48000 },
	.nr_rates = 2,
	.rate_min = 44100,
	.rate_max = 48000,
	.channels_min = 1,
	.channels_max = 8,
	.buffer_max = 65536,
};

/* Formats of check_cfg_list with a whole number of octets per sample. */
#define LIST_SERVABLE	(F(U8) | F(S16_LE) | F(S32_LE) | F(F64_LE) | \
			 F(MU_LAW) | F(IEC958_SUBFRAME_LE))

/* A stream with no rate list: a range, the widest buffer, 2+ channels. */
static const struct sndback_stream_cfg check_cfg_range = {
	.formats = XSND_FMT_ALL_MASK,
	.rate_min = SNDBACK_RATE_MIN,
	.rate_max = SNDBACK_RATE_MAX,
	.channels_min = 2,
	.channels_max = SNDBACK_CHANNELS_MAX,
	.buffer_max = SNDBACK_BUFFER_BYTES_LIMIT,
};

/* sndback_check_open() */

struct check_open_case {
	const char *desc;
	const struct sndback_stream_cfg *cfg;
	struct xensnd_open_req req;
	int ret;
	u32 frame_bytes;
	u32 nr_pages;
};

#define OPEN(rate, fmt, ch, buf, per, gref) { \
	.pcm_rate = rate, .pcm_format = fmt, .pcm_channels = ch, \
	.buffer_sz = buf, .gref_directory = gref, .period_sz = per }

/* 48 kHz S16_LE stereo, 4096 frames, 1024-frame periods: all valid. */
#define OPEN_OK	OPEN(48000, FMT(S16_LE), 2, 16384, 4096, 8)

#define L	(&check_cfg_list)
#define R	(&check_cfg_range)

static const struct check_open_case check_open_cases[] = {
	{ "valid_s16_stereo", L, OPEN_OK, 0, 4, 4 },
	{ "valid_u8_mono", L, OPEN(44100, FMT(U8), 1, 4096, 16, 8), 0, 1, 1 },
	{ "valid_s32_8ch", L, OPEN(48000, FMT(S32_LE), 8, 65536, 1024, 8), 0, 32, 16 },
	{ "valid_f64_8ch", L, OPEN(48000, FMT(F64_LE), 8, 65536, 1024, 8), 0, 64, 16 },
	{ "valid_mu_law", L, OPEN(48000, FMT(MU_LAW), 2, 4096, 32, 8), 0, 2, 1 },
	{ "valid_iec958", L, OPEN(48000, FMT(IEC958_SUBFRAME_LE), 2, 4096, 128, 8),
	  0, 8, 1 },
	/* pcm_format */
	{ "format_not_allowed", L, OPEN(48000, FMT(S24_LE), 2, 16384, 4096, 8), -EINVAL },
	{ "format_ima_adpcm_4_bits", L, OPEN(48000, FMT(IMA_ADPCM), 2, 16384, 4096, 8),
	  -EINVAL },
	{ "format_mpeg", L, OPEN(48000, FMT(MPEG), 2, 16384, 4096, 8), -EINVAL },
	{ "format_gsm", L, OPEN(48000, FMT(GSM), 2, 16384, 4096, 8), -EINVAL },
	{ "format_ima_adpcm_any_cfg", R, OPEN(48000, FMT(IMA_ADPCM), 2, 16384, 4096, 8),
	  -EINVAL },
	{ "format_table_end", R, OPEN(48000, XSND_FMT_COUNT, 2, 16384, 4096, 8), -EINVAL },
	{ "format_63", R, OPEN(48000, 63, 2, 16384, 4096, 8), -EINVAL },
	{ "format_64", R, OPEN(48000, 64, 2, 16384, 4096, 8), -EINVAL },
	{ "format_255", R, OPEN(48000, 255, 2, 16384, 4096, 8), -EINVAL },
	/* pcm_channels */
	{ "channels_0", L, OPEN(48000, FMT(S16_LE), 0, 16384, 4096, 8), -EINVAL },
	{ "channels_1", L, OPEN(48000, FMT(S16_LE), 1, 16384, 4096, 8), 0, 2, 4 },
	{ "channels_max", L, OPEN(48000, FMT(S16_LE), 8, 16384, 4096, 8), 0, 16, 4 },
	{ "channels_max_plus_1", L, OPEN(48000, FMT(S16_LE), 9, 16384, 4096, 8), -EINVAL },
	{ "channels_255", L, OPEN(48000, FMT(S16_LE), 255, 16384, 4096, 8), -EINVAL },
	{ "channels_below_cfg_min", R, OPEN(48000, FMT(S16_LE), 1, 16384, 4096, 8),
	  -EINVAL },
	{ "channels_limit", R, OPEN(48000, FMT(S16_LE), 32, 65536, 2048, 8), 0, 64, 16 },
	{ "channels_limit_plus_1", R, OPEN(48000, FMT(S16_LE), 33, 66528, 2112, 8),
	  -EINVAL },
	/* pcm_rate */
	{ "rate_0", L, OPEN(0, FMT(S16_LE), 2, 16384, 4096, 8), -EINVAL },
	{ "rate_1", L, OPEN(1, FMT(S16_LE), 2, 16384, 4096, 8), -EINVAL },
	{ "rate_listed_first", L, OPEN(44100, FMT(S16_LE), 2, 16384, 4096, 8), 0, 4, 4 },
	{ "rate_between_listed", L, OPEN(46000, FMT(S16_LE), 2, 16384, 4096, 8), -EINVAL },
	{ "rate_listed_last_plus_1", L, OPEN(48001, FMT(S16_LE), 2, 16384, 4096, 8),
	  -EINVAL },
	{ "rate_u32_max", L, OPEN(U32_MAX, FMT(S16_LE), 2, 16384, 4096, 8), -EINVAL },
	{ "range_rate_min", R, OPEN(5512, FMT(S16_LE), 2, 16384, 4096, 8), 0, 4, 4 },
	{ "range_rate_min_minus_1", R, OPEN(5511, FMT(S16_LE), 2, 16384, 4096, 8),
	  -EINVAL },
	{ "range_rate_odd", R, OPEN(12345, FMT(S16_LE), 2, 16384, 4096, 8), 0, 4, 4 },
	{ "range_rate_max", R, OPEN(768000, FMT(S16_LE), 2, 16384, 4096, 8), 0, 4, 4 },
	{ "range_rate_max_plus_1", R, OPEN(768001, FMT(S16_LE), 2, 16384, 4096, 8),
	  -EINVAL },
	/* buffer_sz */
	{ "buffer_0", L, OPEN(48000, FMT(S16_LE), 2, 0, 0, 8), -EINVAL },
	{ "buffer_1", L, OPEN(48000, FMT(S16_LE), 2, 1, 0, 8), -EINVAL },
	/* Below SNDBACK_PERIOD_FRAMES_MIN frames, as HW_PARAM_QUERY says. */
	{ "buffer_one_frame", L, OPEN(48000, FMT(S16_LE), 2, 4, 0, 8), -EINVAL },
	{ "buffer_min_frames_minus_1", L, OPEN(48000, FMT(S16_LE), 2, 60, 0, 8),
	  -EINVAL },
	{ "buffer_min_frames", L, OPEN(48000, FMT(S16_LE), 2, 64, 0, 8), 0, 4, 1 },
	{ "buffer_not_frame_aligned", L, OPEN(48000, FMT(S16_LE), 2, 16386, 4096, 8),
	  -EINVAL },
	{ "buffer_page_plus_frame", L, OPEN(48000, FMT(S16_LE), 2, 4100, 64, 8), 0, 4, 2 },
	{ "buffer_max", L, OPEN(48000, FMT(S16_LE), 2, 65536, 4096, 8), 0, 4, 16 },
	{ "buffer_max_plus_frame", L, OPEN(48000, FMT(S16_LE), 2, 65540, 4096, 8),
	  -EINVAL },
	{ "buffer_u32_max", L, OPEN(48000, FMT(S16_LE), 2, U32_MAX, 4096, 8), -EINVAL },
	{ "buffer_u32_max_aligned", L, OPEN(48000, FMT(U8), 1, U32_MAX, 4096, 8),
	  -EINVAL },
	{ "buffer_limit", R, OPEN(48000, FMT(S16_LE), 2, SNDBACK_BUFFER_BYTES_LIMIT,
				  4096, 8), 0, 4, 4096 },
	{ "buffer_limit_plus_frame", R, OPEN(48000, FMT(S16_LE), 2,
					     SNDBACK_BUFFER_BYTES_LIMIT + 4, 4096, 8),
	  -EINVAL },
	/* period_sz */
	{ "period_0_no_events", L, OPEN(48000, FMT(S16_LE), 2, 16384, 0, 8), 0, 4, 4 },
	{ "period_1", L, OPEN(48000, FMT(S16_LE), 2, 16384, 1, 8), -EINVAL },
	{ "period_min_frames", L, OPEN(48000, FMT(S16_LE), 2, 16384, 64, 8), 0, 4, 4 },
	{ "period_min_frames_minus_1", L, OPEN(48000, FMT(S16_LE), 2, 16384, 60, 8),
	  -EINVAL },
	{ "period_not_frame_aligned", L, OPEN(48000, FMT(S16_LE), 2, 16384, 4098, 8),
	  -EINVAL },
	{ "period_equals_buffer", L, OPEN(48000, FMT(S16_LE), 2, 16384, 16384, 8), 0, 4, 4 },
	{ "period_over_buffer", L, OPEN(48000, FMT(S16_LE), 2, 16384, 16388, 8), -EINVAL },
	{ "period_u32_max", L, OPEN(48000, FMT(S16_LE), 2, 16384, U32_MAX, 8), -EINVAL },
	/* gref_directory */
	{ "gref_directory_0", L, OPEN(48000, FMT(S16_LE), 2, 16384, 4096, 0), -EINVAL },
	{ "gref_directory_1", L, OPEN(48000, FMT(S16_LE), 2, 16384, 4096, 1), -EINVAL },
	{ "gref_directory_reserved_7", L, OPEN(48000, FMT(S16_LE), 2, 16384, 4096, 7),
	  -EINVAL },
	{ "gref_directory_first_free_8", L, OPEN(48000, FMT(S16_LE), 2, 16384, 4096, 8),
	  0, 4, 4 },
	{ "gref_directory_u32_max", L, OPEN(48000, FMT(S16_LE), 2, 16384, 4096, U32_MAX),
	  0, 4, 4 },
};

static void check_open_desc(const struct check_open_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check_open, check_open_cases, check_open_desc);

static void check_open(struct kunit *test)
{
	const struct check_open_case *c = test->param_value;
	struct sndback_params p, poison;

	memset(&poison, 0xa5, sizeof(poison));
	p = poison;
	KUNIT_ASSERT_EQ(test, sndback_check_open(&c->req, c->cfg, &p), c->ret);
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, memcmp(&p, &poison, sizeof(p)), 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, p.sndif_format, c->req.pcm_format);
	KUNIT_EXPECT_EQ(test, (__force int)p.format,
			(__force int)xsnd_fmt_desc(c->req.pcm_format)->alsa);
	KUNIT_EXPECT_EQ(test, p.rate, c->req.pcm_rate);
	KUNIT_EXPECT_EQ(test, p.channels, c->req.pcm_channels);
	KUNIT_EXPECT_EQ(test, p.frame_bytes, c->frame_bytes);
	KUNIT_EXPECT_EQ(test, p.buffer_bytes, c->req.buffer_sz);
	KUNIT_EXPECT_EQ(test, p.period_bytes, c->req.period_sz);
	KUNIT_EXPECT_EQ(test, p.nr_pages, c->nr_pages);
}

/* sndback_check_rw() */

struct check_rw_case {
	const char *desc;
	u32 buffer_bytes;
	u32 frame_bytes;
	u32 offset;
	u32 length;
	int ret;
};

static const struct check_rw_case check_rw_cases[] = {
	{ "whole_buffer", 16384, 4, 0, 16384, 0 },
	{ "zero_length_at_start", 16384, 4, 0, 0, 0 },
	{ "zero_length_at_end", 16384, 4, 16384, 0, 0 },
	{ "one_frame_at_start", 16384, 4, 0, 4, 0 },
	{ "one_frame_at_end", 16384, 4, 16380, 4, 0 },
	{ "second_half", 16384, 4, 8192, 8192, 0 },
	{ "zero_length_past_end", 16384, 4, 16388, 0, -EINVAL },
	{ "one_frame_past_end", 16384, 4, 16384, 4, -EINVAL },
	{ "length_buffer_plus_frame", 16384, 4, 0, 16388, -EINVAL },
	{ "crosses_end", 16384, 4, 16380, 8, -EINVAL },
	{ "offset_1", 16384, 4, 1, 4, -EINVAL },
	{ "length_1", 16384, 4, 0, 1, -EINVAL },
	{ "offset_not_aligned", 16384, 4, 4098, 4, -EINVAL },
	{ "length_not_aligned", 16384, 4, 4096, 6, -EINVAL },
	{ "offset_u32_max", 16384, 4, U32_MAX, 0, -EINVAL },
	{ "offset_u32_max_length_1", 16384, 4, U32_MAX, 1, -EINVAL },
	{ "length_u32_max", 16384, 4, 0, U32_MAX, -EINVAL },
	{ "both_u32_max", 16384, 4, U32_MAX, U32_MAX, -EINVAL },
	/* offset + length wraps to 4: aligned, and inside if summed in u32. */
	{ "wrap_u32_max_minus_3_plus_8", 16384, 4, U32_MAX - 3, 8, -EINVAL },
	{ "wrap_to_zero", 16384, 4, 0xfffff000, 0x1000, -EINVAL },
	{ "wrap_large_length", 16384, 4, 8, U32_MAX - 3, -EINVAL },
	/* Six-channel S16: 12-octet frames, not a power of two. */
	{ "frame12_last_frame", 12000, 12, 11988, 12, 0 },
	{ "frame12_half_frame", 12000, 12, 6, 12, -EINVAL },
	{ "frame12_length_8", 12000, 12, 0, 8, -EINVAL },
	/* The largest buffer. */
	{ "limit_whole", SNDBACK_BUFFER_BYTES_LIMIT, 4, 0, SNDBACK_BUFFER_BYTES_LIMIT, 0 },
	{ "limit_plus_frame", SNDBACK_BUFFER_BYTES_LIMIT, 4, 4,
	  SNDBACK_BUFFER_BYTES_LIMIT, -EINVAL },
};

static void check_rw_desc(const struct check_rw_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check_rw, check_rw_cases, check_rw_desc);

static void check_rw(struct kunit *test)
{
	const struct check_rw_case *c = test->param_value;
	struct sndback_params p = {
		.buffer_bytes = c->buffer_bytes,
		.frame_bytes = c->frame_bytes,
	};

	KUNIT_EXPECT_EQ(test, sndback_check_rw(c->offset, c->length, &p), c->ret);
}

/* sndback_dir_pages() */

struct check_dir_case {
	const char *desc;
	u32 nr_pages;
	u32 dir_pages;
};

static const struct check_dir_case check_dir_cases[] = {
	{ "pages_0", 0, 0 },
	{ "pages_1", 1, 1 },
	{ "pages_1022", 1022, 1 },
	{ "pages_1023_one_full_dir_page", 1023, 1 },
	{ "pages_1024", 1024, 2 },
	{ "pages_2046", 2046, 2 },
	{ "pages_2047", 2047, 3 },
	{ "pages_buffer_limit", SNDBACK_BUFFER_BYTES_LIMIT / XEN_PAGE_SIZE, 5 },
	{ "pages_u32_max", U32_MAX, 4198405 },
};

static void check_dir_desc(const struct check_dir_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check_dir, check_dir_cases, check_dir_desc);

static void check_dir_pages(struct kunit *test)
{
	const struct check_dir_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, SNDBACK_GREFS_PER_DIR_PAGE, 1023UL);
	KUNIT_EXPECT_EQ(test, sndback_dir_pages(c->nr_pages), c->dir_pages);
}

/* sndback_check_grefs() */

static void check_grefs(struct kunit *test)
{
	u32 ok[3] = { SNDBACK_GREF_MIN, 1000, U32_MAX };
	u32 bad[3] = { 1000, SNDBACK_GREF_MIN - 1, 1001 };
	u32 zero[1] = { 0 };

	KUNIT_EXPECT_EQ(test, SNDBACK_GREF_MIN, 8);
	KUNIT_EXPECT_EQ(test, sndback_check_grefs(ok, 3), 0);
	KUNIT_EXPECT_EQ(test, sndback_check_grefs(ok, 0), 0);
	KUNIT_EXPECT_EQ(test, sndback_check_grefs(bad, 1), 0);
	KUNIT_EXPECT_EQ(test, sndback_check_grefs(bad, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, sndback_check_grefs(bad, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, sndback_check_grefs(zero, 1), -EINVAL);
}

/* sndback_query() */

struct check_query_case {
	const char *desc;
	const struct sndback_stream_cfg *cfg;
	struct xensnd_query_hw_param req;
	int ret;
	struct xensnd_query_hw_param resp;
};

/* Formats, then the rate, channel, buffer and period intervals. */
#define Q(f, r, c, b, p) { \
	.formats = f, .rates = r, .channels = c, .buffer = b, .period = p }
#define IV(lo, hi)	{ lo, hi }
/* Any value. */
#define ANY		IV(0, U32_MAX)

static const struct check_query_case check_query_cases[] = {
	{ "wide_open", L, Q(U64_MAX, ANY, ANY, ANY, ANY), 0,
	  Q(LIST_SERVABLE, IV(44100, 48000), IV(1, 8), IV(16, 65536), IV(16, 65536)) },
	{ "alsa_like_s16_stereo", L,
	  Q(F(S16_LE), IV(8000, 192000), IV(2, 2), IV(1, 1048576), IV(1, 524288)), 0,
	  Q(F(S16_LE), IV(44100, 48000), IV(2, 2), IV(16, 16384), IV(16, 16384)) },
	{ "already_inside", L,
	  Q(F(S16_LE), IV(48000, 48000), IV(2, 2), IV(1024, 4096), IV(256, 1024)), 0,
	  Q(F(S16_LE), IV(48000, 48000), IV(2, 2), IV(1024, 4096), IV(256, 1024)) },
	{ "buffer_counted_in_smallest_frame", L,
	  Q(F(S32_LE) | F(F64_LE), ANY, IV(4, 8), ANY, ANY), 0,
	  Q(F(S32_LE) | F(F64_LE), IV(44100, 48000), IV(4, 8), IV(16, 4096), IV(16, 4096)) },
	/* formats */
	{ "formats_0", L, Q(0, ANY, ANY, ANY, ANY), -EINVAL },
	{ "formats_unservable_only", L,
	  Q(F(IMA_ADPCM) | F(MPEG) | F(GSM), ANY, ANY, ANY, ANY), -EINVAL },
	{ "formats_past_table", R,
	  Q(BIT_ULL(XSND_FMT_COUNT) | BIT_ULL(63), ANY, ANY, ANY, ANY), -EINVAL },
	{ "formats_not_configured", L, Q(F(S24_LE), ANY, ANY, ANY, ANY), -EINVAL },
	{ "formats_mixed", L,
	  Q(F(S24_LE) | F(S16_LE) | F(GSM) | BIT_ULL(40), ANY, ANY, ANY, ANY), 0,
	  Q(F(S16_LE), IV(44100, 48000), IV(1, 8), IV(16, 32768), IV(16, 32768)) },
	/* rates */
	{ "rates_single_listed", L, Q(F(U8), IV(44100, 44100), ANY, ANY, ANY), 0,
	  Q(F(U8), IV(44100, 44100), IV(1, 8), IV(16, 65536), IV(16, 65536)) },
	{ "rates_around_one_listed", L, Q(F(U8), IV(44000, 46000), ANY, ANY, ANY), 0,
	  Q(F(U8), IV(44100, 44100), IV(1, 8), IV(16, 65536), IV(16, 65536)) },
	{ "rates_between_listed", L, Q(F(U8), IV(44101, 47999), ANY, ANY, ANY), -EINVAL },
	{ "rates_above_config", L, Q(F(U8), IV(96000, 192000), ANY, ANY, ANY), -EINVAL },
	{ "rates_below_config", L, Q(F(U8), IV(8000, 22050), ANY, ANY, ANY), -EINVAL },
	{ "rates_0", L, Q(F(U8), IV(0, 0), ANY, ANY, ANY), -EINVAL },
	{ "rates_u32_max", L, Q(F(U8), IV(U32_MAX, U32_MAX), ANY, ANY, ANY), -EINVAL },
	{ "rates_min_gt_max", L, Q(F(U8), IV(48000, 44100), ANY, ANY, ANY), -EINVAL },
	{ "range_rates_clamped", R, Q(F(S16_LE), ANY, IV(2, 2), ANY, ANY), 0,
	  Q(F(S16_LE), IV(SNDBACK_RATE_MIN, SNDBACK_RATE_MAX), IV(2, 2),
	    IV(16, 4194304), IV(16, 4194304)) },
	{ "range_rate_odd", R, Q(F(S16_LE), IV(12345, 12345), IV(2, 2), ANY, ANY), 0,
	  Q(F(S16_LE), IV(12345, 12345), IV(2, 2), IV(16, 4194304), IV(16, 4194304)) },
	{ "range_rate_above", R, Q(F(S16_LE), IV(768001, U32_MAX), ANY, ANY, ANY), -EINVAL },
	/* channels */
	{ "channels_clamped", L, Q(F(U8), ANY, IV(0, 255), ANY, ANY), 0,
	  Q(F(U8), IV(44100, 48000), IV(1, 8), IV(16, 65536), IV(16, 65536)) },
	{ "channels_0", L, Q(F(U8), ANY, IV(0, 0), ANY, ANY), -EINVAL },
	{ "channels_above_config", L, Q(F(U8), ANY, IV(9, 255), ANY, ANY), -EINVAL },
	{ "channels_min_gt_max", L, Q(F(U8), ANY, IV(2, 1), ANY, ANY), -EINVAL },
	{ "channels_below_cfg_min", R, Q(F(U8), ANY, IV(1, 1), ANY, ANY), -EINVAL },
	/* buffer, in frames */
	{ "buffer_exactly_min", L, Q(F(S16_LE), ANY, IV(2, 2), IV(16, 16), ANY), 0,
	  Q(F(S16_LE), IV(44100, 48000), IV(2, 2), IV(16, 16), IV(16, 16)) },
	{ "buffer_exactly_max", L, Q(F(S16_LE), ANY, IV(2, 2), IV(16384, 16384), ANY), 0,
	  Q(F(S16_LE), IV(44100, 48000), IV(2, 2), IV(16384, 16384), IV(16, 16384)) },
	{ "buffer_below_min_frames", L, Q(F(S16_LE), ANY, IV(2, 2), IV(1, 15), ANY), -EINVAL },
	{ "buffer_above_max", L, Q(F(S16_LE), ANY, IV(2, 2), IV(16385, U32_MAX), ANY), -EINVAL },
	{ "buffer_min_gt_max", L, Q(F(S16_LE), ANY, IV(2, 2), IV(1024, 512), ANY), -EINVAL },
	/* period, in frames */
	{ "period_clamped_to_buffer", L, Q(F(S16_LE), ANY, IV(2, 2), IV(16, 1024), ANY), 0,
	  Q(F(S16_LE), IV(44100, 48000), IV(2, 2), IV(16, 1024), IV(16, 1024)) },
	{ "period_above_buffer", L, Q(F(S16_LE), ANY, IV(2, 2), IV(16, 1024), IV(2048, 4096)),
	  -EINVAL },
	{ "period_below_min_frames", L, Q(F(S16_LE), ANY, IV(2, 2), ANY, IV(1, 15)), -EINVAL },
	{ "period_min_gt_max", L, Q(F(S16_LE), ANY, IV(2, 2), ANY, IV(64, 32)), -EINVAL },
};

static void check_query_desc(const struct check_query_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check_query, check_query_cases, check_query_desc);

/* [@min, @max] is a non-empty part of [@lo, @hi]. */
static void check_expect_inside(struct kunit *test, const char *what,
				u32 min, u32 max, u32 lo, u32 hi)
{
	KUNIT_EXPECT_LE_MSG(test, min, max, "%s", what);
	KUNIT_EXPECT_GE_MSG(test, min, lo, "%s", what);
	KUNIT_EXPECT_LE_MSG(test, max, hi, "%s", what);
}

static void check_query(struct kunit *test)
{
	const struct check_query_case *c = test->param_value;
	struct xensnd_query_hw_param resp;

	memset(&resp, 0xa5, sizeof(resp));
	KUNIT_ASSERT_EQ(test, sndback_query(c->cfg, &c->req, &resp), c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, resp.formats, c->resp.formats);
	KUNIT_EXPECT_EQ(test, resp.rates.min, c->resp.rates.min);
	KUNIT_EXPECT_EQ(test, resp.rates.max, c->resp.rates.max);
	KUNIT_EXPECT_EQ(test, resp.channels.min, c->resp.channels.min);
	KUNIT_EXPECT_EQ(test, resp.channels.max, c->resp.channels.max);
	KUNIT_EXPECT_EQ(test, resp.buffer.min, c->resp.buffer.min);
	KUNIT_EXPECT_EQ(test, resp.buffer.max, c->resp.buffer.max);
	KUNIT_EXPECT_EQ(test, resp.period.min, c->resp.period.min);
	KUNIT_EXPECT_EQ(test, resp.period.max, c->resp.period.max);

	/* Whatever the values: only ever narrowed, never widened. */
	KUNIT_EXPECT_EQ(test, resp.formats & ~(c->req.formats & c->cfg->formats), 0ULL);
	check_expect_inside(test, "rates", resp.rates.min, resp.rates.max,
			    c->req.rates.min, c->req.rates.max);
	check_expect_inside(test, "channels", resp.channels.min, resp.channels.max,
			    c->req.channels.min, c->req.channels.max);
	check_expect_inside(test, "buffer", resp.buffer.min, resp.buffer.max,
			    c->req.buffer.min, c->req.buffer.max);
	check_expect_inside(test, "period", resp.period.min, resp.period.max,
			    c->req.period.min, c->req.period.max);
	KUNIT_EXPECT_GE(test, resp.rates.min, c->cfg->rate_min);
	KUNIT_EXPECT_LE(test, resp.rates.max, c->cfg->rate_max);
	KUNIT_EXPECT_GE(test, resp.channels.min, (u32)c->cfg->channels_min);
	KUNIT_EXPECT_LE(test, resp.channels.max, (u32)c->cfg->channels_max);
	KUNIT_EXPECT_LE(test, resp.period.max, resp.buffer.max);
}

/*
 * A sane request is never refused: the query of exactly what OPEN accepts
 * comes back unchanged, for every valid row of the OPEN table (periods of 0
 * asked as "any period", buffers below SNDBACK_PERIOD_FRAMES_MIN frames left
 * out: the query never offers those).
 */
static void check_query_accepts_open(struct kunit *test)
{
	struct xensnd_query_hw_param req, resp;
	const struct check_open_case *c;
	struct sndback_params p;
	unsigned int i, n = 0;
	u32 buf, per;

	for (i = 0; i < ARRAY_SIZE(check_open_cases); i++) {
		c = &check_open_cases[i];
		if (c->ret)
			continue;
		KUNIT_ASSERT_EQ(test, sndback_check_open(&c->req, c->cfg, &p), 0);
		buf = p.buffer_bytes / p.frame_bytes;
		per = p.period_bytes / p.frame_bytes;
		if (buf < SNDBACK_PERIOD_FRAMES_MIN)
			continue;
		req.formats = BIT_ULL(p.sndif_format);
		req.rates.min = p.rate;
		req.rates.max = p.rate;
		req.channels.min = p.channels;
		req.channels.max = p.channels;
		req.buffer.min = buf;
		req.buffer.max = buf;
		req.period.min = per ?: SNDBACK_PERIOD_FRAMES_MIN;
		req.period.max = per ?: buf;
		KUNIT_EXPECT_EQ_MSG(test, sndback_query(c->cfg, &req, &resp), 0,
				    "open case %s", c->desc);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&req, &resp, sizeof(req)), 0,
				    "open case %s", c->desc);
		n++;
	}
	KUNIT_EXPECT_GT(test, n, 20U);
}

/* sndback_pos_due() */

struct check_pos_case {
	const char *desc;
	u64 pos;
	u64 evt_pos;
	u64 appl;
	u32 period_bytes;
	bool due;
};

#define FAR	BIT_ULL(40)	/* appl far ahead: only boundaries count */

static const struct check_pos_case check_pos_cases[] = {
	{ "period_0_never", 8192, 0, FAR, 0, false },
	{ "period_0_never_even_drained", 8192, 0, 8192, 0, false },
	{ "no_progress", 0, 0, FAR, 4096, false },
	{ "no_progress_on_boundary", 4096, 4096, FAR, 4096, false },
	{ "before_first_boundary", 4095, 0, FAR, 4096, false },
	{ "on_first_boundary", 4096, 0, FAR, 4096, true },
	{ "past_first_boundary", 4097, 0, FAR, 4096, true },
	{ "same_period_after_event", 8191, 4096, FAR, 4096, false },
	{ "mid_period_after_mid_event", 6000, 5000, FAR, 4096, false },
	{ "next_boundary", 8192, 4096, FAR, 4096, true },
	{ "next_boundary_from_mid", 8192, 5000, FAR, 4096, true },
	{ "several_periods_skipped", 3 * 4096 + 5, 10, FAR, 4096, true },
	{ "period_1_any_progress", 1, 0, FAR, 1, true },
	{ "odd_period_boundary", 3 * 4410, 3 * 4410 - 1, FAR, 4410, true },
	{ "odd_period_just_before", 3 * 4410 - 1, 2 * 4410, FAR, 4410, false },
	{ "drained_mid_period", 5000, 4096, 5000, 4096, true },
	{ "drained_already_sent", 5000, 5000, 5000, 4096, false },
	{ "one_short_of_drained", 4999, 4096, 5000, 4096, false },
	{ "drained_at_zero", 0, 0, 0, 4096, false },
	{ "period_u32_max_boundary", U32_MAX, 0, FAR, U32_MAX, true },
	{ "period_u32_max_before", U32_MAX - 1, 0, FAR, U32_MAX, false },
	/* 64-bit positions, far past 2^32: no truncation, no wrap. */
	{ "above_4g_same_period", (1ULL << 40) + 4095, 1ULL << 40, U64_MAX, 4096,
	  false },
	{ "above_4g_boundary", (1ULL << 40) + 4096, 1ULL << 40, U64_MAX, 4096, true },
	{ "low_32_bits_equal", (1ULL << 32) + 100, 100, U64_MAX, 4096, true },
	{ "u64_max_same_period", U64_MAX, U64_MAX - 4095, FAR, 4096, false },
	{ "u64_max_boundary", U64_MAX, U64_MAX - 4096, FAR, 4096, true },
	{ "u64_max_drained", U64_MAX, U64_MAX - 1, U64_MAX, 4096, true },
};

static void check_pos_desc(const struct check_pos_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check_pos, check_pos_cases, check_pos_desc);

static void check_pos_due(struct kunit *test)
{
	const struct check_pos_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, sndback_pos_due(c->pos, c->evt_pos, c->appl,
					      c->period_bytes), c->due);
}

static struct kunit_case snd_xenback_check_cases[] = {
	KUNIT_CASE_PARAM(check_open, check_open_gen_params),
	KUNIT_CASE_PARAM(check_rw, check_rw_gen_params),
	KUNIT_CASE_PARAM(check_dir_pages, check_dir_gen_params),
	KUNIT_CASE(check_grefs),
	KUNIT_CASE_PARAM(check_query, check_query_gen_params),
	KUNIT_CASE(check_query_accepts_open),
	KUNIT_CASE_PARAM(check_pos_due, check_pos_gen_params),
	{}
};

static struct kunit_suite snd_xenback_check_suite = {
	.name = "snd_xenback_check",
	.test_cases = snd_xenback_check_cases,
};

kunit_test_suites(&snd_xenback_check_suite);

MODULE_DESCRIPTION("KUnit tests for snd-xenback's request validation");
MODULE_LICENSE("GPL");
