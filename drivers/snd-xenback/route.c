// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: routing policy, which host PCM a guest stream uses.
 *
 * The policy is dom0's: the routes and default_pcm module parameters, both
 * writable only by dom0's root. A route is
 *
 *   DOMAIN/UNIQUE-ID=CARD,DEVICE
 *
 * and routes are separated by ';'. DOMAIN is the guest's name (the
 * toolstack-owned /local/domain/<id>/name, which the guest cannot write) or
 * its numeric domain id, or '*'; UNIQUE-ID is the stream's unique-id or
 * '*'. The first matching route wins; without one, default_pcm applies.
 * The guest-writable unique-id is only ever compared with dom0's table,
 * never opened as a device name, so a guest that rewrites it can at most
 * select another route dom0 gave to that same guest, or the default.
 *
 * Xen-free: KUnit tests it.
 */

#include "common.h"

#include <linux/kernel.h>
#include <linux/string.h>

/* Does the key @k (length @len) match @name, or domain id @domid? */
static bool sndback_route_key(const char *k, size_t len, const char *name,
			      int domid)
{
	char buf[12];
	u32 id;

	if (len == 1 && k[0] == '*')
		return true;
	if (name && strlen(name) == len && !memcmp(k, name, len))
		return true;
	if (domid < 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, k, len);
	buf[len] = '\0';
	return !sndback_parse_uint(buf, 0, U32_MAX, &id) && id == domid;
}

/* Match one route @r (length @len); copy its target to @out on a match. */
static bool sndback_route_match(const char *r, size_t len, const char *dom,
				int domid, const char *uid, char *out,
				size_t out_len)
{
	const char *slash = memchr(r, '/', len);
	const char *eq = memchr(r, '=', len);
	size_t tlen;

	if (!slash || !eq || eq < slash)
		return false;
	if (!sndback_route_key(r, slash - r, dom, domid) ||
	    !sndback_route_key(slash + 1, eq - slash - 1, uid, -1))
		return false;
	tlen = r + len - (eq + 1);
	if (!tlen || tlen >= out_len)
		return false;
	memcpy(out, eq + 1, tlen);
	out[tlen] = '\0';
	return true;
}

/**
 * sndback_route_lookup() - the host PCM of a guest stream
 * @routes: the routes table, or NULL
 * @dflt: default_pcm, or NULL
 * @dom: the guest's name, or NULL if unknown
 * @domid: the guest's domain id
 * @uid: the stream's unique-id ("" if none)
 * @out: buffer for "CARD,DEVICE"
 * @out_len: its size
 *
 * Context: any.
 * Return: 0, or -ENODEV if no route matches and there is no default.
 */
int sndback_route_lookup(const char *routes, const char *dflt,
			 const char *dom, unsigned int domid, const char *uid,
			 char *out, size_t out_len)
{
	const char *r = routes, *end;
	size_t len;

	while (r && *r) {
		end = strchrnul(r, ';');
		len = end - r;
		if (sndback_route_match(r, len, dom, domid, uid, out, out_len))
			return 0;
		r = *end ? end + 1 : NULL;
	}
	if (!dflt || !*dflt || strscpy(out, dflt, out_len) < 0)
		return -ENODEV;
	return 0;
}

/**
 * sndback_route_parse() - split a "CARD,DEVICE" target
 * @spec: the target
 * @card: buffer for CARD (an index or a card id)
 * @card_len: its size
 * @device: the device number, on success
 *
 * Context: any.
 * Return: 0, or -EINVAL for a malformed target.
 */
int sndback_route_parse(const char *spec, char *card, size_t card_len,
			unsigned int *device)
{
	const char *comma = strchr(spec, ',');
	size_t len;

	if (!comma)
		return -EINVAL;
	len = comma - spec;
	if (!len || len >= card_len ||
	    sndback_parse_uint(comma + 1, 0, U32_MAX, device))
		return -EINVAL;
	memcpy(card, spec, len);
	card[len] = '\0';
	return 0;
}

/**
 * sndback_route_check() - validate a whole routes table
 * @routes: "DOMAIN/UNIQUE-ID=CARD,DEVICE;...", as an administrator wrote it
 *
 * Every entry needs a non-empty DOMAIN and UNIQUE-ID key and a target
 * that sndback_route_parse() accepts with a card of at most
 * SNDBACK_CARD_ID_MAX characters. Empty entries (";;", a trailing ";") are
 * allowed; so is the empty table.
 *
 * Context: any.
 * Return: 0, or -EINVAL for the first malformed entry.
 */
int sndback_route_check(const char *routes)
{
	char target[SNDBACK_ROUTE_MAX], card[SNDBACK_CARD_ID_MAX + 1];
	const char *r = routes, *end, *slash, *eq;
	unsigned int dev;
	size_t len;

	while (r && *r) {
		end = strchrnul(r, ';');
		len = end - r;
		slash = memchr(r, '/', len);
		eq = memchr(r, '=', len);
		if (len && (!slash || !eq || eq < slash || slash == r ||
			    eq == slash + 1))
			return -EINVAL;
		if (len) {
			len = r + len - (eq + 1);
			if (len >= sizeof(target))
				return -EINVAL;
			memcpy(target, eq + 1, len);
			target[len] = '\0';
			if (sndback_route_parse(target, card, sizeof(card), &dev))
				return -EINVAL;
		}
		r = *end ? end + 1 : NULL;
	}
	return 0;
}
