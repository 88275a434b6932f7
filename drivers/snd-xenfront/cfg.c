// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: XenStore configuration -> card, PCM devices, streams.
 *
 * Layout (sndif.h): <front>/{short-name,long-name,<hw>} for the card,
 * <front>/<d>/{name,<hw>} for PCM device d, <front>/<d>/<s>/{type,
 * unique-id,<hw>} for its stream s, where <hw> are sample-rates,
 * sample-formats, channels-min, channels-max and buffer-size, inherited
 * downwards (cfg_parse.c). Devices and streams are numbered from 0; the
 * first missing number ends the enumeration, which is bounded by
 * SNDFRONT_MAX_PCMS and SNDFRONT_MAX_STREAMS_PER_PCM. Everything read
 * here is guest-owned and treated as untrusted.
 */

#include "common.h"

#include <linux/slab.h>
#include <linux/string.h>

/*
 * Relative node names built while scanning: at most "7/7/type" (device
 * and stream numbers are below SNDFRONT_MAX_PCMS and
 * SNDFRONT_MAX_STREAMS_PER_PCM, single digits), with room to spare.
 */
#define SNDFRONT_NODE_LEN	16

/**
 * struct sndfront_cfg_stream - a stream found by the first pass
 * @pcm: PCM device number
 * @num: stream number within the device
 * @capture: type "c"
 */
struct sndfront_cfg_stream {
	u8 pcm;
	u8 num;
	bool capture;
};

/* Names of the <hw> fields, for messages. */
static const struct {
	unsigned int bit;
	const char *node;
} sndfront_hw_field_names[] = {
	{ SNDFRONT_HW_RATES, XENSND_FIELD_SAMPLE_RATES },
	{ SNDFRONT_HW_FORMATS, XENSND_FIELD_SAMPLE_FORMATS },
	{ SNDFRONT_HW_CHANNELS_MIN, XENSND_FIELD_CHANNELS_MIN },
	{ SNDFRONT_HW_CHANNELS_MAX, XENSND_FIELD_CHANNELS_MAX },
	{ SNDFRONT_HW_BUFFER, XENSND_FIELD_BUFFER_SIZE },
};

/**
 * sndfront_xs_read() - read an optional XenStore node
 * @dir: directory
 * @node: node name
 *
 * Context: process.
 * Return: the value (kfree() it), or NULL if absent or unreadable.
 */
static char *sndfront_xs_read(const char *dir, const char *node)
{
	char *val = xenbus_read(XBT_NIL, dir, node, NULL);

	return IS_ERR(val) ? NULL : val;
}

/**
 * sndfront_cfg_hw_level() - apply the <hw> nodes of one directory
 * @dev: device for messages
 * @dir: the card, PCM device or stream directory
 * @hw: configuration inherited from above, updated
 *
 * Context: process.
 */
static void sndfront_cfg_hw_level(struct device *dev, const char *dir,
				  struct sndfront_hw *hw)
{
	struct sndfront_hw_nodes nodes = {
		.rates = sndfront_xs_read(dir, XENSND_FIELD_SAMPLE_RATES),
		.formats = sndfront_xs_read(dir, XENSND_FIELD_SAMPLE_FORMATS),
		.channels_min = sndfront_xs_read(dir, XENSND_FIELD_CHANNELS_MIN),
		.channels_max = sndfront_xs_read(dir, XENSND_FIELD_CHANNELS_MAX),
		.buffer_size = sndfront_xs_read(dir, XENSND_FIELD_BUFFER_SIZE),
	};
	unsigned int bad, i;

	bad = sndfront_hw_inherit(hw, &nodes);
	for (i = 0; i < ARRAY_SIZE(sndfront_hw_field_names); i++)
		if (bad & sndfront_hw_field_names[i].bit)
			dev_warn(dev, "%s/%s: invalid or unsupported values ignored\n",
				 dir, sndfront_hw_field_names[i].node);
	kfree(nodes.rates);
	kfree(nodes.formats);
	kfree(nodes.channels_min);
	kfree(nodes.channels_max);
	kfree(nodes.buffer_size);
}

/**
 * sndfront_cfg_scan() - first pass: find the streams and their types
 * @xbdev: the xenbus device
 * @found: receives the streams, SNDFRONT_MAX_STREAMS entries
 *
 * Context: process.
 * Return: number of streams found.
 */
static unsigned int sndfront_cfg_scan(struct xenbus_device *xbdev,
				      struct sndfront_cfg_stream *found)
{
	unsigned int d, n, nr = 0;
	char node[SNDFRONT_NODE_LEN];
	char *type;

	for (d = 0; d < SNDFRONT_MAX_PCMS; d++) {
		snprintf(node, sizeof(node), "%u", d);
		if (!xenbus_exists(XBT_NIL, xbdev->nodename, node))
			break;
		for (n = 0; n < SNDFRONT_MAX_STREAMS_PER_PCM; n++) {
			snprintf(node, sizeof(node), "%u/%u", d, n);
			if (!xenbus_exists(XBT_NIL, xbdev->nodename, node))
				break;
			snprintf(node, sizeof(node), "%u/%u/%s", d, n,
				 XENSND_FIELD_TYPE);
			type = sndfront_xs_read(xbdev->nodename, node);
			if (type && (!strcmp(type, XENSND_STREAM_TYPE_PLAYBACK) ||
				     !strcmp(type, XENSND_STREAM_TYPE_CAPTURE))) {
				found[nr].pcm = d;
				found[nr].num = n;
				found[nr].capture =
					!strcmp(type, XENSND_STREAM_TYPE_CAPTURE);
				nr++;
			} else {
				dev_warn(&xbdev->dev, "%s/%u/%u: no valid %s, stream ignored\n",
					 xbdev->nodename, d, n, XENSND_FIELD_TYPE);
			}
			kfree(type);
		}
	}
	return nr;
}

/**
 * sndfront_cfg_stream() - read the configuration of one stream
 * @scard: the card
 * @s: the stream, its index set
 * @found: what the first pass found
 * @pcm_hw: configuration of its PCM device
 * @nodename: XenStore directory of the device
 *
 * Context: process.
 * Return: 0 or -ENOMEM.
 */
static int sndfront_cfg_stream(struct sndfront_card *scard,
			       struct sndfront_stream *s,
			       const struct sndfront_cfg_stream *found,
			       const struct sndfront_hw *pcm_hw,
			       const char *nodename)
{
	char *uid;

	s->capture = found->capture;
	s->xs_path = kasprintf(GFP_KERNEL, "%s/%u/%u", nodename, found->pcm,
			       found->num);
	if (!s->xs_path)
		return -ENOMEM;
	s->hw = *pcm_hw;
	sndfront_cfg_hw_level(scard->dev, s->xs_path, &s->hw);
	sndfront_hw_finalize(&s->hw);
	uid = sndfront_xs_read(s->xs_path, XENSND_FIELD_STREAM_UNIQUE_ID);
	sndfront_name_copy(s->unique_id, sizeof(s->unique_id), uid, "");
	kfree(uid);
	return 0;
}

/**
 * sndfront_cfg_pcm() - read one PCM device and its streams
 * @scard: the card, @scard->streams allocated
 * @xbdev: the xenbus device
 * @found: the streams found by the first pass
 * @nr_found: number of entries in @found
 * @d: PCM device number
 * @card_hw: the card level configuration
 *
 * Playback streams come first, then capture streams, each in XenStore
 * order, matching the ALSA substream numbers.
 *
 * Context: process.
 * Return: 0 or -ENOMEM.
 */
static int sndfront_cfg_pcm(struct sndfront_card *scard,
			    struct xenbus_device *xbdev,
			    const struct sndfront_cfg_stream *found,
			    unsigned int nr_found, unsigned int d,
			    const struct sndfront_hw *card_hw)
{
	struct sndfront_pcm_cfg *pc = &scard->pcms[scard->nr_pcms];
	struct sndfront_hw hw = *card_hw;
	unsigned int pass, i;
	char *dir, *name;
	int ret = 0;

	dir = kasprintf(GFP_KERNEL, "%s/%u", xbdev->nodename, d);
	if (!dir)
		return -ENOMEM;
	sndfront_cfg_hw_level(scard->dev, dir, &hw);
	name = sndfront_xs_read(dir, XENSND_FIELD_DEVICE_NAME);
	snprintf(pc->name, sizeof(pc->name), "Xen PCM %u", d);
	sndfront_name_copy(pc->name, sizeof(pc->name), name, pc->name);
	kfree(name);
	kfree(dir);

	pc->device = d;
	pc->scard = scard;
	pc->first = scard->nr_streams;
	for (pass = 0; pass < 2 && !ret; pass++) {
		for (i = 0; i < nr_found && !ret; i++) {
			if (found[i].pcm != d || found[i].capture != pass)
				continue;
			scard->streams[scard->nr_streams].index =
				scard->nr_streams;
			ret = sndfront_cfg_stream(scard,
						  &scard->streams[scard->nr_streams],
						  &found[i], &hw, xbdev->nodename);
			scard->nr_streams++;
			if (pass)
				pc->nr_cap++;
			else
				pc->nr_play++;
		}
	}
	if (pc->nr_play || pc->nr_cap)
		scard->nr_pcms++;
	return ret;
}

/**
 * sndfront_cfg_card() - read the card level: names and <hw>
 * @scard: the card
 * @xbdev: the xenbus device
 * @hw: receives the card level configuration
 *
 * Context: process.
 */
static void sndfront_cfg_card(struct sndfront_card *scard,
			      struct xenbus_device *xbdev,
			      struct sndfront_hw *hw)
{
	char fallback[SNDFRONT_LONG_NAME_LEN];
	char *val;

	sndfront_hw_init(hw);
	sndfront_cfg_hw_level(scard->dev, xbdev->nodename, hw);

	val = sndfront_xs_read(xbdev->nodename,
			       XENSND_FIELD_VCARD_SHORT_NAME);
	snprintf(fallback, sizeof(fallback), "Xen vsnd %u", scard->devid);
	sndfront_name_copy(scard->short_name, sizeof(scard->short_name), val,
			   fallback);
	kfree(val);

	val = sndfront_xs_read(xbdev->nodename, XENSND_FIELD_VCARD_LONG_NAME);
	snprintf(fallback, sizeof(fallback),
		 "Xen PV sound card %s (backend domain %u)",
		 xbdev->nodename, xbdev->otherend_id);
	sndfront_name_copy(scard->long_name, sizeof(scard->long_name), val,
			   fallback);
	kfree(val);
}

/**
 * sndfront_cfg_read() - read the whole configuration of a device
 * @xbdev: the xenbus device
 *
 * Context: process.
 * Return: a new card (one reference, no ALSA card, no channels), or an
 * ERR_PTR: -ENODEV if no stream is configured, -ENOMEM.
 */
struct sndfront_card *sndfront_cfg_read(struct xenbus_device *xbdev)
{
	struct sndfront_cfg_stream *found;
	struct sndfront_card *scard;
	struct sndfront_hw card_hw;
	unsigned int nr_found, d;
	int ret = -ENOMEM;

	scard = kzalloc(sizeof(*scard), GFP_KERNEL);
	found = kcalloc(SNDFRONT_MAX_STREAMS, sizeof(*found), GFP_KERNEL);
	if (!scard || !found)
		goto err_free_found;
	kref_init(&scard->ref);
	INIT_LIST_HEAD(&scard->stale_node);
	init_waitqueue_head(&scard->conn_wq);
	scard->dev = get_device(&xbdev->dev);
	scard->be_domid = xbdev->otherend_id;
	if (kstrtouint(kbasename(xbdev->nodename), 10, &scard->devid))
		scard->devid = 0;
	sndfront_cfg_card(scard, xbdev, &card_hw);

	nr_found = sndfront_cfg_scan(xbdev, found);
	if (!nr_found) {
		dev_err(&xbdev->dev, "%s: no stream configured\n",
			xbdev->nodename);
		ret = -ENODEV;
		goto err_put_card;
	}
	scard->streams = kcalloc(nr_found, sizeof(*scard->streams),
				 GFP_KERNEL);
	if (!scard->streams)
		goto err_put_card;
	for (d = 0; d < nr_found; d++) {
		scard->streams[d].scard = scard;
		sndfront_stream_init(&scard->streams[d]);
	}
	for (d = 0; d < SNDFRONT_MAX_PCMS; d++) {
		ret = sndfront_cfg_pcm(scard, xbdev, found, nr_found, d,
				       &card_hw);
		if (ret)
			goto err_put_card;
	}
	kfree(found);
	return scard;

err_put_card:
	sndfront_card_put(scard);
	scard = NULL;
err_free_found:
	kfree(found);
	kfree(scard);
	return ERR_PTR(ret);
}

/**
 * sndfront_cfg_same_layout() - can a card serve another configuration?
 * @a: one card
 * @b: the other
 *
 * Context: any.
 * Return: true if both have the same PCM devices and streams at the same
 * XenStore paths, so the ALSA card of one fits the other.
 */
bool sndfront_cfg_same_layout(const struct sndfront_card *a,
			      const struct sndfront_card *b)
{
	unsigned int i;

	if (a->nr_pcms != b->nr_pcms || a->nr_streams != b->nr_streams)
		return false;
	for (i = 0; i < a->nr_pcms; i++)
		if (a->pcms[i].device != b->pcms[i].device ||
		    a->pcms[i].nr_play != b->pcms[i].nr_play ||
		    a->pcms[i].nr_cap != b->pcms[i].nr_cap)
			return false;
	for (i = 0; i < a->nr_streams; i++)
		if (a->streams[i].capture != b->streams[i].capture ||
		    strcmp(a->streams[i].xs_path, b->streams[i].xs_path))
			return false;
	return true;
}

/**
 * sndfront_card_release() - free a card once unreferenced
 * @ref: the card's reference count
 *
 * Context: process.
 */
static void sndfront_card_release(struct kref *ref)
{
	struct sndfront_card *scard = container_of(ref, struct sndfront_card,
						   ref);
	unsigned int i;

	for (i = 0; scard->streams && i < scard->nr_streams; i++) {
		sndfront_chan_free(&scard->streams[i]);
		sndfront_shbuf_free(&scard->streams[i].buf);
		kfree(scard->streams[i].xs_path);
	}
	kfree(scard->streams);
	put_device(scard->dev);
	kfree(scard);
}

/**
 * sndfront_card_put() - drop a card reference
 * @scard: the card
 *
 * Context: process.
 */
void sndfront_card_put(struct sndfront_card *scard)
{
	kref_put(&scard->ref, sndfront_card_release);
}
