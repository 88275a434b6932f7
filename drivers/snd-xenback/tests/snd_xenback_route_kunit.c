// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite snd_xenback_route: dom0's routing table (route.c).
 *
 * The table is dom0's, but the stream's unique-id it is matched against is
 * guest input: the cases check that a unique-id can only ever select a route
 * dom0 wrote for that guest (no wildcard, prefix or separator games), that
 * malformed routes are skipped rather than half-used, and that targets too
 * long for the caller's buffer never match.
 */

#include "../common.h"

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

/* sndback_route_lookup() */

struct route_lookup_case {
	const char *desc;
	const char *routes;
	const char *dflt;
	const char *dom;
	unsigned int domid;
	const char *uid;
	int ret;
	const char *out;
};

/* 31 characters: the longest target SNDBACK_ROUTE_MAX holds. */
#define T31	"Loopback_with_a_long_id_1234,77"
#define T32	"Loopback_with_a_long_id_12345,77"

static const struct route_lookup_case route_lookup_cases[] = {
	{ "no_routes_default", NULL, "0,0", "vm1", 5, "music", 0, "0,0" },
	{ "no_routes_no_default", NULL, NULL, "vm1", 5, "music", -ENODEV },
	{ "empty_default", "", "", "vm1", 5, "music", -ENODEV },
	{ "default_too_long", NULL, T32, "vm1", 5, "music", -ENODEV },
	{ "default_longest", NULL, T31, "vm1", 5, "music", 0, T31 },
	{ "name_and_uid", "vm1/music=Loopback,0", "0,0", "vm1", 5, "music",
	  0, "Loopback,0" },
	{ "domid", "5/music=1,0", "0,0", "vm1", 5, "music", 0, "1,0" },
	{ "other_domid", "6/music=1,0", "0,0", "vm1", 5, "music", 0, "0,0" },
	{ "domid_leading_zero", "05/music=1,0", "0,0", "vm1", 5, "music", 0, "1,0" },
	{ "domid_0", "0/*=1,0", "0,0", "Domain-0", 0, "x", 0, "1,0" },
	{ "domid_key_too_long", "000000000005/*=1,0", "0,0", "vm1", 5, "x",
	  0, "0,0" },
	{ "domid_key_u32_overflow", "4294967301/*=1,0", "0,0", "vm1", 5, "x",
	  0, "0,0" },
	{ "wildcards", "*/*=2,0", "0,0", "vm1", 5, "music", 0, "2,0" },
	{ "wildcard_domain", "*/music=2,0", "0,0", "vm9", 9, "music", 0, "2,0" },
	{ "wildcard_uid", "vm1/*=2,0", "0,0", "vm1", 5, "anything", 0, "2,0" },
	{ "first_match_wins", "vm1/*=1,0;vm1/music=2,0", "0,0", "vm1", 5, "music",
	  0, "1,0" },
	{ "later_match", "vm2/*=1,0;vm1/voice=3,0;vm1/music=2,0", "0,0", "vm1", 5,
	  "music", 0, "2,0" },
	{ "other_uid", "vm1/voice=1,0", "0,0", "vm1", 5, "music", 0, "0,0" },
	{ "uid_prefix", "vm1/mus=1,0", "0,0", "vm1", 5, "music", 0, "0,0" },
	{ "uid_longer", "vm1/musicx=1,0", "0,0", "vm1", 5, "music", 0, "0,0" },
	{ "name_prefix", "vm/*=1,0", "0,0", "vm1", 5, "music", 0, "0,0" },
	{ "name_case", "VM1/*=1,0", "0,0", "vm1", 5, "music", 0, "0,0" },
	{ "name_unknown", "vm1/*=1,0", "0,0", NULL, 5, "music", 0, "0,0" },
	{ "name_unknown_domid", "5/*=1,0", "0,0", NULL, 5, "music", 0, "1,0" },
	{ "name_unknown_wildcard", "*/*=1,0", "0,0", NULL, 5, "music", 0, "1,0" },
	{ "empty_uid_key", "vm1/=3,0", "0,0", "vm1", 5, "", 0, "3,0" },
	{ "empty_uid_key_other_uid", "vm1/=3,0", "0,0", "vm1", 5, "music",
	  0, "0,0" },
	/* Guest-chosen unique-ids are literal strings, never patterns. */
	{ "guest_uid_star", "vm1/music=1,0", "0,0", "vm1", 5, "*", 0, "0,0" },
	{ "guest_uid_domid", "vm1/music=1,0", "0,0", "vm1", 5, "5", 0, "0,0" },
	{ "guest_uid_numeric_not_domid", "vm1/5=1,0", "0,0", "vm1", 5, "x",
	  0, "0,0" },
	{ "guest_uid_with_equals", "vm1/a=b=1,0", "0,0", "vm1", 5, "a=b", 0, "0,0" },
	{ "guest_uid_with_separator", "vm1/a=1,0;b=2,0", "0,0", "vm1", 5, "a;b",
	  0, "0,0" },
	{ "guest_uid_other_guest", "vm2/music=1,0", "0,0", "vm1", 5, "music",
	  0, "0,0" },
	/* Malformed routes are skipped. */
	{ "no_slash", "vm1=1,0;*/*=2,0", "0,0", "vm1", 5, "x", 0, "2,0" },
	{ "no_equals", "vm1/x;*/*=2,0", "0,0", "vm1", 5, "x", 0, "2,0" },
	{ "equals_before_slash", "vm1=x/y;*/*=2,0", "0,0", "vm1", 5, "y", 0, "2,0" },
	{ "empty_target", "vm1/x=;*/*=2,0", "0,0", "vm1", 5, "x", 0, "2,0" },
	{ "target_longest", "vm1/x=" T31, "0,0", "vm1", 5, "x", 0, T31 },
	{ "target_too_long", "vm1/x=" T32 ";*/*=2,0", "0,0", "vm1", 5, "x",
	  0, "2,0" },
	{ "empty_routes", ";;vm1/x=1,0;", "0,0", "vm1", 5, "x", 0, "1,0" },
	{ "only_separators", ";;;", "0,0", "vm1", 5, "x", 0, "0,0" },
	{ "trailing_separator_no_match", "vm1/y=1,0;", NULL, "vm1", 5, "x",
	  -ENODEV },
};

static void route_lookup_desc(const struct route_lookup_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(route_lookup, route_lookup_cases, route_lookup_desc);

static void route_lookup(struct kunit *test)
{
	const struct route_lookup_case *c = test->param_value;
	char *out;

	/* Exactly SNDBACK_ROUTE_MAX octets, as pcm.c has: KASAN sees more. */
	out = kunit_kzalloc(test, SNDBACK_ROUTE_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test, sndback_route_lookup(c->routes, c->dflt, c->dom,
						   c->domid, c->uid, out,
						   SNDBACK_ROUTE_MAX),
			c->ret);
	if (!c->ret)
		KUNIT_EXPECT_STREQ(test, out, c->out);
}

/* sndback_route_parse() */

struct route_parse_case {
	const char *desc;
	const char *spec;
	int ret;
	const char *card;
	unsigned int device;
};

/* ALSA card ids are at most 15 characters: pcm.c's buffer is 16. */
#define CARD_LEN	16

static const struct route_parse_case route_parse_cases[] = {
	{ "index", "0,0", 0, "0", 0 },
	{ "card_id", "Loopback,1", 0, "Loopback", 1 },
	{ "card_id_longest", "ABCDEFGHIJKLMNO,3", 0, "ABCDEFGHIJKLMNO", 3 },
	{ "card_id_too_long", "ABCDEFGHIJKLMNOP,3", -EINVAL },
	{ "device_u32_max", "0,4294967295", 0, "0", U32_MAX },
	{ "device_overflow", "0,4294967296", -EINVAL },
	{ "no_comma", "Loopback", -EINVAL },
	{ "empty", "", -EINVAL },
	{ "empty_card", ",0", -EINVAL },
	{ "empty_device", "0,", -EINVAL },
	{ "device_junk", "0,x", -EINVAL },
	{ "device_negative", "0,-1", -EINVAL },
	{ "device_hex", "0,0x1", -EINVAL },
	{ "two_commas", "a,1,2", -EINVAL },
	{ "device_blank", "0, 1", -EINVAL },
	/* Digits only: no sign, no trailing newline. */
	{ "device_plus", "0,+1", -EINVAL },
	{ "device_newline", "0,1\n", -EINVAL },
};

static void route_parse_desc(const struct route_parse_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(route_parse, route_parse_cases, route_parse_desc);

static void route_parse(struct kunit *test)
{
	const struct route_parse_case *c = test->param_value;
	unsigned int device = 0xdeadbeef;
	char *card;

	card = kunit_kzalloc(test, CARD_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, card);
	KUNIT_ASSERT_EQ(test, sndback_route_parse(c->spec, card, CARD_LEN, &device),
			c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_STREQ(test, card, c->card);
	KUNIT_EXPECT_EQ(test, device, c->device);
}

/* sndback_route_check() */

struct route_check_case {
	const char *desc;
	const char *routes;
	int ret;
};

static const struct route_check_case route_check_cases[] = {
	{ "empty_table", "", 0 },
	{ "one", "music/p0=Loopback,0", 0 },
	{ "wildcards", "*/*=0,0", 0 },
	{ "domid_key", "7/mic=PCH,1", 0 },
	{ "two", "a/b=0,0;c/d=Loopback,1", 0 },
	{ "trailing_separator", "a/b=0,0;", 0 },
	{ "empty_entry", "a/b=0,0;;c/d=1,1", 0 },
	{ "card_id_longest", "a/b=ABCDEFGHIJKLMNO,3", 0 },
	{ "card_id_too_long", "a/b=ABCDEFGHIJKLMNOP,3", -EINVAL },
	{ "target_too_long", "a/b=0,00000000000000000000000000000001", -EINVAL },
	{ "no_slash", "a=0,0", -EINVAL },
	{ "no_equals", "a/b", -EINVAL },
	{ "equals_before_slash", "a=b/0,0", -EINVAL },
	{ "empty_domain", "/b=0,0", -EINVAL },
	{ "empty_uid", "a/=0,0", -EINVAL },
	{ "empty_target", "a/b=", -EINVAL },
	{ "target_no_device", "a/b=Loopback", -EINVAL },
	{ "second_bad", "a/b=0,0;junk", -EINVAL },
	{ "newline_left_in", "a/b=0,0\n", -EINVAL },
};

static void route_check_desc(const struct route_check_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(route_check, route_check_cases, route_check_desc);

static void route_check(struct kunit *test)
{
	const struct route_check_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, sndback_route_check(c->routes), c->ret);
}

static struct kunit_case snd_xenback_route_cases[] = {
	KUNIT_CASE_PARAM(route_lookup, route_lookup_gen_params),
	KUNIT_CASE_PARAM(route_parse, route_parse_gen_params),
	KUNIT_CASE_PARAM(route_check, route_check_gen_params),
	{}
};

static struct kunit_suite snd_xenback_route_suite = {
	.name = "snd_xenback_route",
	.test_cases = snd_xenback_route_cases,
};

kunit_test_suites(&snd_xenback_route_suite);

MODULE_DESCRIPTION("KUnit tests for snd-xenback's routing table");
MODULE_LICENSE("GPL");
