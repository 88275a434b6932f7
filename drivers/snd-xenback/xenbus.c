// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: XenBus glue. XenStore reads and the state machine only; no
 * ring or buffer access happens here.
 *
 *   backend                         frontend
 *   probe: Initialising -> InitWait
 *                                   reads config, publishes rings and
 *                                   channels per stream -> Initialised
 *   reads config and transport,
 *   connects every stream -> Connected
 *                                   creates its sound card -> Connected
 *   frontend Closing: disconnect -> Closing
 *   frontend Closed/Unknown: disconnect -> Closed (and go away if offline)
 *   frontend Initialising after Closed: -> InitWait again (reconnect)
 *
 * InitWait is reached inside probe: libxl destroys a guest whose vsnd
 * backend has not reached it within about 20 s.
 *
 * All the configuration read here comes from the guest-owned frontend
 * directory (libxl writes it there) and is parsed as hostile input in
 * cfg.c. The host device a stream uses is dom0 policy (pcm.c).
 */

#include "common.h"

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenbus.h>

#include <xen-snd/xsnd_ext.h>

/* Configuration nodes that every level may carry, card to stream. */
static const char *const sndback_cfg_keys[] = {
	XENSND_FIELD_SAMPLE_RATES,
	XENSND_FIELD_SAMPLE_FORMATS,
	XENSND_FIELD_CHANNELS_MIN,
	XENSND_FIELD_CHANNELS_MAX,
	XENSND_FIELD_BUFFER_SIZE,
};

/* Narrow @cfg by the configuration nodes present in directory @dir. */
static int sndback_read_level(struct sndback_dev *be, const char *dir,
			      struct sndback_stream_cfg *cfg)
{
	unsigned int i;
	char *val;
	int err;

	for (i = 0; i < ARRAY_SIZE(sndback_cfg_keys); i++) {
		val = xenbus_read(XBT_NIL, dir, sndback_cfg_keys[i], NULL);
		if (IS_ERR(val))
			continue;	/* absent: inherit */
		err = sndback_cfg_apply(cfg, sndback_cfg_keys[i], val);
		kfree(val);
		if (err) {
			xenbus_dev_fatal(be->xbdev, err, "bad or contradictory %s/%s",
					 dir, sndback_cfg_keys[i]);
			return err;
		}
	}
	return 0;
}

/* Type and unique-id of the stream directory @dir. */
static int sndback_read_ident(struct sndback_dev *be, const char *dir,
			      struct sndback_stream_cfg *cfg)
{
	char *val;
	int err = 0;

	val = xenbus_read(XBT_NIL, dir, XENSND_FIELD_TYPE, NULL);
	if (IS_ERR(val)) {
		xenbus_dev_fatal(be->xbdev, PTR_ERR(val), "reading %s/type",
				 dir);
		return PTR_ERR(val);
	}
	if (!strcmp(val, XENSND_STREAM_TYPE_CAPTURE))
		cfg->capture = true;
	else if (strcmp(val, XENSND_STREAM_TYPE_PLAYBACK))
		err = -EINVAL;
	kfree(val);
	if (err) {
		xenbus_dev_fatal(be->xbdev, err, "bad %s/type", dir);
		return err;
	}

	val = xenbus_read(XBT_NIL, dir, XENSND_FIELD_STREAM_UNIQUE_ID, NULL);
	if (IS_ERR(val))
		return 0;	/* optional */
	if (strscpy(cfg->unique_id, val, sizeof(cfg->unique_id)) < 0)
		err = -EINVAL;
	kfree(val);
	if (err)
		xenbus_dev_fatal(be->xbdev, err, "%s/unique-id too long", dir);
	return err;
}

/* A number node of @dir, strictly decimal, at least @min; fatal if not. */
static int sndback_read_u32(struct sndback_dev *be, const char *dir,
			    const char *node, u32 min, u32 *val)
{
	char *str;
	int err;

	str = xenbus_read(XBT_NIL, dir, node, NULL);
	if (IS_ERR(str)) {
		err = PTR_ERR(str);
		xenbus_dev_fatal(be->xbdev, err, "reading %s/%s", dir, node);
		return err;
	}
	err = sndback_parse_uint(str, min, U32_MAX, val);
	kfree(str);
	if (err)
		xenbus_dev_fatal(be->xbdev, err, "bad %s/%s", dir, node);
	return err;
}

/* The transport a stream's frontend published, and connect it. */
static int sndback_connect_stream(struct sndback_dev *be,
				  struct sndback_stream *s, const char *dir)
{
	u32 ring_ref, ring_port, evt_ref, evt_port;
	int err;

	/* Grants below SNDBACK_GREF_MIN are the toolstack's; port 0 is none. */
	err = sndback_read_u32(be, dir, XENSND_FIELD_RING_REF,
			       SNDBACK_GREF_MIN, &ring_ref);
	err = err ?: sndback_read_u32(be, dir, XENSND_FIELD_EVT_CHNL, 1,
				      &ring_port);
	err = err ?: sndback_read_u32(be, dir, XENSND_FIELD_EVT_RING_REF,
				      SNDBACK_GREF_MIN, &evt_ref);
	err = err ?: sndback_read_u32(be, dir, XENSND_FIELD_EVT_EVT_CHNL, 1,
				      &evt_port);
	if (err)
		return err;
	err = sndback_stream_connect(s, ring_ref, ring_port, evt_ref,
				     evt_port);
	if (err)
		xenbus_dev_fatal(be->xbdev, err, "connecting %s", dir);
	return err;
}

/* Configure and connect stream @s at pcm @pcm, index @idx. */
static int sndback_setup_stream(struct sndback_dev *be,
				struct sndback_stream *s,
				const struct sndback_stream_cfg *pcm_cfg,
				unsigned int pcm, unsigned int idx)
{
	const char *fe = be->xbdev->otherend;
	char *dir;
	int err;

	dir = kasprintf(GFP_KERNEL, "%s/%u/%u", fe, pcm, idx);
	if (!dir)
		return -ENOMEM;
	s->cfg = *pcm_cfg;
	err = sndback_read_level(be, dir, &s->cfg);
	err = err ?: sndback_read_ident(be, dir, &s->cfg);
	err = err ?: sndback_connect_stream(be, s, dir);
	kfree(dir);
	return err;
}

/* Count the streams of pcm device @pcm; 0 if the device does not exist. */
static unsigned int sndback_count_streams(struct sndback_dev *be,
					  unsigned int pcm)
{
	char node[16];
	unsigned int n;

	for (n = 0; n < SNDBACK_MAX_STREAMS_PER_PCM; n++) {
		snprintf(node, sizeof(node), "%u/%u", pcm, n);
		if (!xenbus_exists(XBT_NIL, be->xbdev->otherend, node))
			break;
	}
	return n;
}

static void sndback_disconnect(struct sndback_dev *be)
{
	unsigned int i;

	if (!be->streams)
		return;
	sndback_debugfs_dev_remove(be);
	for (i = 0; i < be->nr_streams; i++)
		sndback_stream_disconnect(&be->streams[i]);
	kfree(be->streams);
	be->streams = NULL;
	be->nr_streams = 0;
}

static int sndback_alloc_streams(struct sndback_dev *be, unsigned int *per_pcm)
{
	unsigned int pcm, i, total = 0;

	for (pcm = 0; pcm < SNDBACK_MAX_PCMS; pcm++) {
		per_pcm[pcm] = sndback_count_streams(be, pcm);
		if (!per_pcm[pcm])
			break;
		total += per_pcm[pcm];
	}
	if (!total) {
		xenbus_dev_fatal(be->xbdev, -EINVAL, "no streams configured");
		return -EINVAL;
	}
	be->streams = kcalloc(total, sizeof(*be->streams), GFP_KERNEL);
	if (!be->streams) {
		xenbus_dev_fatal(be->xbdev, -ENOMEM, "allocating %u streams",
				 total);
		return -ENOMEM;
	}
	be->nr_streams = total;
	for (i = 0; i < total; i++) {
		be->streams[i].be = be;
		be->streams[i].index = i;
		snprintf(be->streams[i].name, sizeof(be->streams[i].name),
			 "sndback%u.%u-s%u", be->domid, be->devid, i);
		sndback_stream_init(&be->streams[i]);
	}
	return 0;
}

/* Configure and connect the @n streams of pcm device @pcm from *@i on. */
static int sndback_connect_pcm(struct sndback_dev *be, unsigned int pcm,
			       unsigned int n,
			       const struct sndback_stream_cfg *card,
			       unsigned int *i)
{
	struct sndback_stream_cfg pcm_cfg = *card;
	struct sndback_stream *s;
	unsigned int idx;
	char *dir;
	int err;

	dir = kasprintf(GFP_KERNEL, "%s/%u", be->xbdev->otherend, pcm);
	if (!dir)
		return -ENOMEM;
	err = sndback_read_level(be, dir, &pcm_cfg);
	kfree(dir);

	for (idx = 0; !err && idx < n; idx++, (*i)++) {
		s = &be->streams[*i];
		s->pcm_index = pcm;
		s->stream_index = idx;
		err = sndback_setup_stream(be, s, &pcm_cfg, pcm, idx);
	}
	return err;
}

/* The guest's name: a routing key the toolstack owns and the guest can't write. */
static void sndback_read_domname(struct sndback_dev *be)
{
	char path[32];
	char *name;

	be->domname[0] = '\0';
	snprintf(path, sizeof(path), "/local/domain/%u", be->domid);
	name = xenbus_read(XBT_NIL, path, "name", NULL);
	if (IS_ERR(name))
		return;
	if (strscpy(be->domname, name, sizeof(be->domname)) < 0)
		be->domname[0] = '\0';
	kfree(name);
}

static int sndback_connect(struct sndback_dev *be)
{
	unsigned int per_pcm[SNDBACK_MAX_PCMS] = {};
	struct sndback_stream_cfg card;
	unsigned int pcm, i = 0;
	int err;

	sndback_disconnect(be);	/* enforce the precondition */
	sndback_read_domname(be);
	sndback_cfg_defaults(&card, sndback_max_buffer_bytes);
	err = sndback_read_level(be, be->xbdev->otherend, &card);
	err = err ?: sndback_alloc_streams(be, per_pcm);
	if (err)
		return err;

	for (pcm = 0; !err && pcm < SNDBACK_MAX_PCMS && per_pcm[pcm]; pcm++)
		err = sndback_connect_pcm(be, pcm, per_pcm[pcm], &card, &i);
	if (err) {
		sndback_disconnect(be);
		return err;
	}
	sndback_debugfs_dev_add(be);
	return 0;
}

static void sndback_frontend_changed(struct xenbus_device *xbdev,
				     enum xenbus_state fe_state)
{
	struct sndback_dev *be = dev_get_drvdata(&xbdev->dev);

	dev_dbg(&xbdev->dev, "frontend %s, backend %s\n",
		xenbus_strstate(fe_state), xenbus_strstate(xbdev->state));

	switch (fe_state) {
	case XenbusStateInitialising:
		if (xbdev->state == XenbusStateClosed)
			xenbus_switch_state(xbdev, XenbusStateInitWait);
		break;
	case XenbusStateInitialised:
		if (xbdev->state == XenbusStateConnected)
			break;	/* a repeated watch event */
		if (sndback_connect(be))
			break;
		xenbus_switch_state(xbdev, XenbusStateConnected);
		break;
	case XenbusStateConnected:
	case XenbusStateReconfiguring:	/* its streams are going away */
	case XenbusStateReconfigured:	/* it will publish Initialised next */
		break;
	case XenbusStateClosing:
		sndback_disconnect(be);
		xenbus_switch_state(xbdev, XenbusStateClosing);
		break;
	case XenbusStateClosed:
		sndback_disconnect(be);
		xenbus_switch_state(xbdev, XenbusStateClosed);
		if (xenbus_dev_is_online(xbdev))
			break;
		fallthrough;
	case XenbusStateUnknown:
		sndback_disconnect(be);
		device_unregister(&xbdev->dev);
		break;
	default:
		xenbus_dev_fatal(xbdev, -EINVAL, "frontend in state %d",
				 fe_state);
		break;
	}
}

static int sndback_probe(struct xenbus_device *xbdev,
			 const struct xenbus_device_id *id)
{
	const char *last = strrchr(xbdev->nodename, '/');
	struct sndback_dev *be;
	int err;

	be = devm_kzalloc(&xbdev->dev, sizeof(*be), GFP_KERNEL);
	if (!be)
		return -ENOMEM;
	be->xbdev = xbdev;
	be->domid = xbdev->otherend_id;
	if (!last || kstrtouint(last + 1, 10, &be->devid))
		return -EINVAL;
	dev_set_drvdata(&xbdev->dev, be);

	err = xenbus_printf(XBT_NIL, xbdev->nodename, XENSND_FIELD_BE_VERSIONS,
			    "%u", XENSND_PROTOCOL_VERSION);
	/* Always written: the directory outlives a backend that said "1". */
	err = err ?: xenbus_printf(XBT_NIL, xbdev->nodename,
				   XSND_FIELD_CAPTURE_IN_PLACE, "%u",
				   READ_ONCE(sndback_capture_in_place));
	err = err ?: xenbus_switch_state(xbdev, XenbusStateInitWait);
	if (err) {
		xenbus_dev_fatal(xbdev, err, "announcing the backend");
		return err;
	}
	/*
	 * xenbus_dev_probe() holds a reference on this module for every bound
	 * device, which would make rmmod fail while any guest has a vsnd
	 * device. Give it back: module exit unregisters the driver, which
	 * removes every device without waiting for its guest, and
	 * sndback_remove() takes the reference again for xenbus_dev_remove()
	 * to drop.
	 */
	module_put(THIS_MODULE);
	return 0;
}

static void sndback_remove(struct xenbus_device *xbdev)
{
	struct sndback_dev *be = dev_get_drvdata(&xbdev->dev);

	__module_get(THIS_MODULE);	/* see sndback_probe() */
	sndback_disconnect(be);
	dev_set_drvdata(&xbdev->dev, NULL);
}

static const struct xenbus_device_id sndback_ids[] = {
	{ XENSND_DRIVER_NAME },
	{ "" }
};

static struct xenbus_driver sndback_driver = {
	.ids = sndback_ids,
	.probe = sndback_probe,
	.remove = sndback_remove,
	.otherend_changed = sndback_frontend_changed,
	.allow_rebind = true,
};

/**
 * sndback_xenbus_init() - register the vsnd backend driver
 *
 * Context: module init.
 * Return: 0 or a negative errno.
 */
int sndback_xenbus_init(void)
{
	return xenbus_register_backend(&sndback_driver);
}

/**
 * sndback_xenbus_exit() - unregister it; every device is removed first
 *
 * Context: module exit.
 */
void sndback_xenbus_exit(void)
{
	xenbus_unregister_driver(&sndback_driver);
}
