// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: snd-xenfront's position arithmetic (pos.c). Everything here is
 * driven by what the backend writes, so each check covers the boundary,
 * one past it, and wrap-around. The CUR_POS verdicts are in
 * snd_xenfront_resp.
 */

#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "../pos.h"

static void sndfront_pos_event_test(struct kunit *test)
{
	struct sndfront_pos pos;
	u32 delta = 0;

	sndfront_pos_open(&pos, 4096, 1024);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 0, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 0);
	/* Exactly one buffer is the largest legal move. */
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 4096, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 4096);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 8193, &delta), -E2BIG);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, 4095, &delta), -ERANGE);
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, U64_MAX, &delta),
			-E2BIG);
	/* Rejected events leave the position alone. */
	KUNIT_EXPECT_EQ(test, pos.be_pos, 4096);

	/* Cumulative 64-bit positions beyond 4 GiB keep working. */
	pos.be_pos = U32_MAX;
	KUNIT_EXPECT_EQ(test, sndfront_pos_event(&pos, (u64)U32_MAX + 100,
						 &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 100);
}

static void sndfront_pos_advance_test(struct kunit *test)
{
	struct sndfront_pos pos;

	sndfront_pos_open(&pos, 4096, 1024);
	KUNIT_EXPECT_FALSE(test, sndfront_pos_advance(&pos, 0));
	KUNIT_EXPECT_FALSE(test, sndfront_pos_advance(&pos, 1023));
	/* Reaching the boundary exactly is a period (upstream: ">"). */
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 1));
	/* One report per period: every report is a period. */
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 1024));
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 1024));
	KUNIT_EXPECT_EQ(test, pos.hw, 3072);
	/* Several periods at once: one notification. */
	KUNIT_EXPECT_TRUE(test, sndfront_pos_advance(&pos, 4096));
	KUNIT_EXPECT_EQ(test, sndfront_pos_offset(&pos, pos.hw), 3072);
}

static void sndfront_pos_chunk_test(struct kunit *test)
{
	struct sndfront_pos pos;
	u32 off = 0;

	sndfront_pos_open(&pos, 4096, 1024);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 0, 4096, &off), 4096);
	KUNIT_EXPECT_EQ(test, off, 0);
	/* A range across the end of the buffer: first piece to the end. */
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 3072, 5120, &off), 1024);
	KUNIT_EXPECT_EQ(test, off, 3072);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 4096, 5120, &off), 1024);
	KUNIT_EXPECT_EQ(test, off, 0);
	/* Empty, backwards and more-than-a-buffer ranges give nothing. */
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 10, 10, &off), 0);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 10, 9, &off), 0);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, 0, 4097, &off), 0);
}

/* sndfront_pos_advance(): where period boundaries fall */

struct pos_period_case {
	const char *desc;
	u32 period;
	u64 hw;		/* bytes reported to ALSA before */
	u32 delta;
	bool elapsed;
	u64 hw_after;
};

static const struct pos_period_case pos_period_cases[] = {
	{ "delta_0", 1024, 0, 0, false, 0 },
	{ "delta_1", 1024, 0, 1, false, 1 },
	{ "to_boundary_minus_1", 1024, 0, 1023, false, 1023 },
	{ "to_boundary", 1024, 0, 1024, true, 1024 },
	{ "onto_boundary_by_1", 1024, 1023, 1, true, 1024 },
	{ "from_boundary_by_1", 1024, 1024, 1, false, 1025 },
	{ "from_boundary_to_next_minus_1", 1024, 1024, 1023, false, 2047 },
	{ "over_boundary", 1024, 1000, 48, true, 1048 },
	{ "whole_buffer_one_report", 1024, 512, 4096, true, 4608 },
	{ "period_1_every_byte", 1, 5, 1, true, 6 },
	/* 48 kHz S16 stereo, 250 frames: periods that are no power of 2. */
	{ "period_1000_onto_boundary", 1000, 999, 1, true, 1000 },
	{ "period_1000_from_boundary", 1000, 1000, 999, false, 1999 },
	/* The byte count is 64-bit: 4 GiB is just another boundary. */
	{ "onto_4_gib", 1024, U32_MAX, 1, true, (u64)U32_MAX + 1 },
	{ "below_4_gib", 1024, U32_MAX - 1, 1, false, U32_MAX },
	{ "period_u32_max_onto_boundary", U32_MAX, U32_MAX - 1, 1, true,
	  U32_MAX },
	{ "period_u32_max_delta_u32_max", U32_MAX, 0, U32_MAX, true, U32_MAX },
	/* No period (never after OPEN): nothing moves, nothing is due. */
	{ "period_0", 0, 100, 4096, false, 100 },
};

static void pos_period_desc(const struct pos_period_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pos_period, pos_period_cases, pos_period_desc);

static void sndfront_pos_period_test(struct kunit *test)
{
	const struct pos_period_case *c = test->param_value;
	struct sndfront_pos pos;

	sndfront_pos_open(&pos, U32_MAX, c->period);
	pos.hw = c->hw;
	KUNIT_EXPECT_EQ(test, sndfront_pos_advance(&pos, c->delta), c->elapsed);
	KUNIT_EXPECT_EQ(test, pos.hw, c->hw_after);
}

/* sndfront_pos_chunk(): the first piece of a range, never past the buffer */

struct pos_chunk_case {
	const char *desc;
	u32 buffer;
	u64 start;
	u64 end;
	u32 len;
	u32 off;	/* if @len */
};

static const struct pos_chunk_case pos_chunk_cases[] = {
	{ "empty_at_0", 4096, 0, 0, 0 },
	{ "one_byte", 4096, 0, 1, 1, 0 },
	{ "whole_buffer", 4096, 0, 4096, 4096, 0 },
	{ "buffer_plus_1", 4096, 0, 4097, 0 },
	{ "last_byte", 4096, 4095, 4096, 1, 4095 },
	{ "across_the_end", 4096, 3072, 5120, 1024, 3072 },
	{ "second_lap", 4096, 4096, 5120, 1024, 0 },
	{ "backwards", 4096, 10, 9, 0 },
	{ "end_u64_max", 4096, 0, U64_MAX, 0 },
	/* start + length wraps u64: a naive end check would overflow. */
	{ "near_u64_max", 4096, U64_MAX - 10, U64_MAX, 10, 4085 },
	{ "wrapped_range", 4096, U64_MAX - 10, 5, 0 },
	{ "no_buffer", 0, 0, 1, 0 },
	{ "buffer_u32_max", U32_MAX, 1, U32_MAX, U32_MAX - 1, 1 },
	{ "buffer_u32_max_whole", U32_MAX, U32_MAX, 2 * (u64)U32_MAX, U32_MAX,
	  0 },
};

static void pos_chunk_desc(const struct pos_chunk_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pos_chunk, pos_chunk_cases, pos_chunk_desc);

static void sndfront_pos_chunk_table_test(struct kunit *test)
{
	const struct pos_chunk_case *c = test->param_value;
	struct sndfront_pos pos;
	u32 off = 0xa5a5a5a5;

	sndfront_pos_open(&pos, c->buffer, 1024);
	KUNIT_EXPECT_EQ(test, sndfront_pos_chunk(&pos, c->start, c->end, &off),
			c->len);
	KUNIT_EXPECT_EQ(test, off, c->len ? c->off : 0xa5a5a5a5);
}

/* S16_LE stereo, 32 bits per frame, with ALSA's default stop threshold. */
static void sndfront_pos_overrun_test(struct kunit *test)
{
	const unsigned long buffer = 1024;	/* frames */

	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(0, 32, buffer));
	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(4, 32, buffer));
	/* One frame short of the threshold, then exactly at it. */
	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(buffer * 4 - 4, 32,
						      buffer));
	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(buffer * 4 - 1, 32,
						      buffer));
	KUNIT_EXPECT_TRUE(test, sndfront_pos_overrun(buffer * 4, 32, buffer));
	/* Whole buffers lost in one stall, which ALSA cannot see. */
	KUNIT_EXPECT_TRUE(test, sndfront_pos_overrun(buffer * 4 * 3, 32,
						     buffer));
	/* 24 bits in 3 bytes, mono: odd frame sizes divide exactly. */
	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(3 * 99, 24, 100));
	KUNIT_EXPECT_TRUE(test, sndfront_pos_overrun(3 * 100, 24, 100));
	/* A stop threshold at the boundary never stops. */
	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(U32_MAX, 32, ULONG_MAX));
	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(1ULL << 60, 8,
						      ULONG_MAX));
	/* No frame size (no hw_params yet): no verdict. */
	KUNIT_EXPECT_FALSE(test, sndfront_pos_overrun(U32_MAX, 0, 1));
}

static struct kunit_case sndfront_pos_cases[] = {
	KUNIT_CASE(sndfront_pos_event_test),
	KUNIT_CASE(sndfront_pos_advance_test),
	KUNIT_CASE(sndfront_pos_chunk_test),
	KUNIT_CASE(sndfront_pos_overrun_test),
	KUNIT_CASE_PARAM(sndfront_pos_period_test, pos_period_gen_params),
	KUNIT_CASE_PARAM(sndfront_pos_chunk_table_test, pos_chunk_gen_params),
	{}
};

static struct kunit_suite sndfront_pos_suite = {
	.name = "snd_xenfront_pos",
	.test_cases = sndfront_pos_cases,
};

kunit_test_suites(&sndfront_pos_suite);
MODULE_LICENSE("GPL");
