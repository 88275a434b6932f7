// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite snd_xenfront_resp: the checks of what the backend writes
 * into the shared pages (resp_check.c): response statuses, the request
 * ring's response producer index, the event page's producer index, event
 * ids and CUR_POS positions.
 *
 * Each table row is one value the backend could write. Every number is
 * tried at 0, 1, the limit, the limit + 1 and its type's maximum; ring and
 * event indices also across the u32 wrap, where only differences mean
 * anything, and positions near the u64 wrap, where a naive "be_pos +
 * buffer" would overflow.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "../inflight.h"
#include "../resp_check.h"

/* sndfront_check_status() */

struct resp_status_case {
	const char *desc;
	s32 status;
	int ret;
};

static const struct resp_status_case resp_status_cases[] = {
	{ "ok_0", 0, 0 },
	{ "positive_1", 1, -EIO },
	{ "eperm_minus_1", -1, -EPERM },
	{ "einval", -EINVAL, -EINVAL },
	{ "ebusy", -EBUSY, -EBUSY },
	{ "eopnotsupp", -EOPNOTSUPP, -EOPNOTSUPP },
	/* -MAX_ERRNO is the last value IS_ERR_VALUE() takes for an errno. */
	{ "minus_max_errno", -MAX_ERRNO, -MAX_ERRNO },
	{ "minus_max_errno_minus_1", -MAX_ERRNO - 1, -EIO },
	{ "s32_max", S32_MAX, -EIO },
	{ "s32_min", S32_MIN, -EIO },
	/* U32_MAX on the wire is -1 once read as int32_t. */
	{ "u32_max_as_s32", (s32)U32_MAX, -EPERM },
};

static void resp_status_desc(const struct resp_status_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(resp_status, resp_status_cases, resp_status_desc);

static void resp_status(struct kunit *test)
{
	const struct resp_status_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, sndfront_check_status(c->status), c->ret);
}

/* sndfront_check_rsp_prod() */

struct resp_prod_case {
	const char *desc;
	u32 prod;
	u32 cons;
	u32 req_prod;	/* unused for the event page */
	int ret;
};

/* Requests in flight on a full ring. */
#define RING		SNDFRONT_RING_SLOTS
/* A consumer index two below the u32 wrap. */
#define NEAR_WRAP	(U32_MAX - 1)

static const struct resp_prod_case resp_rsp_prod_cases[] = {
	{ "idle_prod_0", 0, 0, 0, 0 },
	{ "idle_prod_1", 1, 0, 0, -EPROTO },
	{ "one_pending_none_answered", 0, 0, 1, 0 },
	{ "one_pending_answered", 1, 0, 1, 0 },
	{ "one_pending_two_answered", 2, 0, 1, -EPROTO },
	{ "full_ring_all_answered", RING, 0, RING, 0 },
	{ "full_ring_limit_plus_1", RING + 1, 0, RING, -EPROTO },
	{ "prod_u32_max", U32_MAX, 0, RING, -EPROTO },
	{ "prod_backwards_by_1", 9, 10, 12, -EPROTO },
	{ "prod_far_ahead", 10 + (1U << 31), 10, 12, -EPROTO },
	/* cons at 2^32 - 2, four requests pushed: req_prod wrapped to 2. */
	{ "wrap_none_answered", NEAR_WRAP, NEAR_WRAP, 2, 0 },
	{ "wrap_one_answered", U32_MAX, NEAR_WRAP, 2, 0 },
	{ "wrap_two_answered_at_0", 0, NEAR_WRAP, 2, 0 },
	{ "wrap_all_answered", 2, NEAR_WRAP, 2, 0 },
	{ "wrap_limit_plus_1", 3, NEAR_WRAP, 2, -EPROTO },
	{ "wrap_backwards", NEAR_WRAP - 1, NEAR_WRAP, 2, -EPROTO },
	{ "wrap_full_ring", RING - 2, NEAR_WRAP, RING - 2, 0 },
	{ "wrap_full_ring_plus_1", RING - 1, NEAR_WRAP, RING - 2, -EPROTO },
	{ "cons_u32_max_prod_0", 0, U32_MAX, 0, 0 },
	{ "cons_u32_max_prod_1", 1, U32_MAX, 0, -EPROTO },
};

static void resp_prod_desc(const struct resp_prod_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(resp_rsp_prod, resp_rsp_prod_cases, resp_prod_desc);

static void resp_rsp_prod(struct kunit *test)
{
	const struct resp_prod_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, sndfront_check_rsp_prod(c->prod, c->cons,
						      c->req_prod), c->ret);
}

/* sndfront_check_evt_prod() */

#define EVTS	SNDFRONT_EVT_SLOTS

static const struct resp_prod_case resp_evt_prod_cases[] = {
	{ "prod_0", 0, 0, 0, 0 },
	{ "prod_1", 1, 0, 0, 0 },
	{ "prod_limit", EVTS, 0, 0, 0 },
	{ "prod_limit_plus_1", EVTS + 1, 0, 0, -EPROTO },
	{ "prod_u32_max", U32_MAX, 0, 0, -EPROTO },
	{ "prod_backwards_by_1", 99, 100, 0, -EPROTO },
	{ "prod_far_ahead", 100 + (1U << 31), 100, 0, -EPROTO },
	/* cons 10 below 2^32: the limit lies past the wrap. */
	{ "wrap_prod_0", 0, U32_MAX - 9, 0, 0 },
	{ "wrap_limit", EVTS - 10, U32_MAX - 9, 0, 0 },
	{ "wrap_limit_plus_1", EVTS - 9, U32_MAX - 9, 0, -EPROTO },
	{ "wrap_backwards", U32_MAX - 10, U32_MAX - 9, 0, -EPROTO },
	{ "cons_u32_max_limit", EVTS - 1, U32_MAX, 0, 0 },
	{ "cons_u32_max_limit_plus_1", EVTS, U32_MAX, 0, -EPROTO },
};

KUNIT_ARRAY_PARAM(resp_evt_prod, resp_evt_prod_cases, resp_prod_desc);

static void resp_evt_prod(struct kunit *test)
{
	const struct resp_prod_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, sndfront_check_evt_prod(c->prod, c->cons),
			c->ret);
}

/* sndfront_check_evt_id() */

struct resp_evt_id_case {
	const char *desc;
	u16 id;
	u16 next;
	bool in_seq;
	u16 next_after;
};

static const struct resp_evt_id_case resp_evt_id_cases[] = {
	{ "first_0", 0, 0, true, 1 },
	{ "expected_1", 1, 1, true, 2 },
	{ "gap_of_1", 2, 1, false, 3 },
	{ "duplicate", 0, 1, false, 1 },
	{ "backwards", 5, 100, false, 6 },
	{ "u16_max_expected", U16_MAX, U16_MAX, true, 0 },
	{ "wrap_to_0", 0, 0, true, 1 },
	{ "u16_max_unexpected", U16_MAX, 0, false, 0 },
	{ "0_after_u16_max_gap", 0, U16_MAX, false, 1 },
};

static void resp_evt_id_desc(const struct resp_evt_id_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(resp_evt_id, resp_evt_id_cases, resp_evt_id_desc);

static void resp_evt_id(struct kunit *test)
{
	const struct resp_evt_id_case *c = test->param_value;
	u16 next = c->next;

	KUNIT_EXPECT_EQ(test, sndfront_check_evt_id(c->id, &next), c->in_seq);
	KUNIT_EXPECT_EQ(test, next, c->next_after);
}

/* sndfront_check_cur_pos() */

struct resp_cur_pos_case {
	const char *desc;
	u32 buffer;
	u64 be_pos;
	u64 position;
	bool capture;
	int ret;
	u32 delta;	/* on success */
};

/* 4096-byte buffer in 1024-byte periods. */
#define BUF	4096

static const struct resp_cur_pos_case resp_cur_pos_cases[] = {
	{ "no_move_0", BUF, 0, 0, false, 0, 0 },
	{ "move_1", BUF, 0, 1, false, 0, 1 },
	{ "move_buffer", BUF, 0, BUF, false, 0, BUF },
	{ "move_buffer_plus_1", BUF, 0, BUF + 1, false, -E2BIG },
	{ "capture_move_buffer", BUF, 0, BUF, true, 0, BUF },
	{ "capture_buffer_plus_1_overrun", BUF, 0, BUF + 1, true, -EOVERFLOW },
	{ "position_u32_max", BUF, 0, U32_MAX, false, -E2BIG },
	{ "position_u64_max", BUF, 0, U64_MAX, false, -E2BIG },
	{ "capture_position_u64_max_overrun", BUF, 0, U64_MAX, true,
	  -EOVERFLOW },
	{ "backwards_by_1", BUF, 8192, 8191, false, -ERANGE },
	{ "capture_backwards_by_1", BUF, 8192, 8191, true, -ERANGE },
	{ "backwards_to_0", BUF, 8192, 0, false, -ERANGE },
	{ "same_position_again", BUF, 8192, 8192, false, 0, 0 },
	/* Positions are 64-bit: crossing 4 GiB is not a wrap. */
	{ "across_4_gib", BUF, U32_MAX, (u64)U32_MAX + 100, false, 0, 100 },
	{ "across_4_gib_buffer_plus_1", BUF, U32_MAX, (u64)U32_MAX + BUF + 1,
	  false, -E2BIG },
	/* be_pos + buffer overflows u64 here: a naive check would wrap. */
	{ "near_u64_max", BUF, U64_MAX - 10, U64_MAX, false, 0, 10 },
	{ "near_u64_max_wrapped", BUF, U64_MAX - 10, 5, false, -ERANGE },
	{ "near_u64_max_capture_wrapped", BUF, U64_MAX - 10, 5, true, -ERANGE },
	/* The largest buffer a u32 can describe. */
	{ "buffer_u32_max", U32_MAX, 0, U32_MAX, false, 0, U32_MAX },
	{ "buffer_u32_max_plus_1", U32_MAX, 0, (u64)U32_MAX + 1, false,
	  -E2BIG },
};

static void resp_cur_pos_desc(const struct resp_cur_pos_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(resp_cur_pos, resp_cur_pos_cases, resp_cur_pos_desc);

static void resp_cur_pos(struct kunit *test)
{
	const struct resp_cur_pos_case *c = test->param_value;
	struct sndfront_pos pos;
	u32 delta = 0xa5a5a5a5;

	sndfront_pos_open(&pos, c->buffer, 1024);
	pos.be_pos = c->be_pos;
	KUNIT_ASSERT_EQ(test, sndfront_check_cur_pos(&pos, c->position,
						     c->capture, &delta),
			c->ret);
	/* Only the ALSA side's accounting (sndfront_pos_advance()) moves hw. */
	KUNIT_EXPECT_EQ(test, pos.hw, 0);
	switch (c->ret) {
	case 0:
		KUNIT_EXPECT_EQ(test, delta, c->delta);
		KUNIT_EXPECT_EQ(test, pos.be_pos, c->position);
		break;
	case -EOVERFLOW:
		/* Overrun: start again from the reported position. */
		KUNIT_EXPECT_EQ(test, delta, 0xa5a5a5a5);
		KUNIT_EXPECT_EQ(test, pos.be_pos, c->position);
		break;
	default:
		/* A violation leaves everything as it was. */
		KUNIT_EXPECT_EQ(test, delta, 0xa5a5a5a5);
		KUNIT_EXPECT_EQ(test, pos.be_pos, c->be_pos);
		break;
	}
}

/*
 * A capture stream through an overrun: after the jump the positions count
 * from the reported one, and the next report is judged against it.
 */
static void resp_cur_pos_after_overrun(struct kunit *test)
{
	struct sndfront_pos pos;
	u32 delta = 0;

	sndfront_pos_open(&pos, BUF, 1024);
	KUNIT_EXPECT_EQ(test, sndfront_check_cur_pos(&pos, 1024, true, &delta),
			0);
	KUNIT_EXPECT_EQ(test, sndfront_check_cur_pos(&pos, 1024 + 3 * BUF,
						     true, &delta), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, sndfront_check_cur_pos(&pos, 1024 + 4 * BUF,
						     true, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, BUF);
	KUNIT_EXPECT_EQ(test, sndfront_check_cur_pos(&pos, 1024, true, &delta),
			-ERANGE);
}

static struct kunit_case resp_cases[] = {
	KUNIT_CASE_PARAM(resp_status, resp_status_gen_params),
	KUNIT_CASE_PARAM(resp_rsp_prod, resp_rsp_prod_gen_params),
	KUNIT_CASE_PARAM(resp_evt_prod, resp_evt_prod_gen_params),
	KUNIT_CASE_PARAM(resp_evt_id, resp_evt_id_gen_params),
	KUNIT_CASE_PARAM(resp_cur_pos, resp_cur_pos_gen_params),
	KUNIT_CASE(resp_cur_pos_after_overrun),
	{}
};

static struct kunit_suite resp_suite = {
	.name = "snd_xenfront_resp",
	.test_cases = resp_cases,
};

kunit_test_suites(&resp_suite);
MODULE_LICENSE("GPL");
