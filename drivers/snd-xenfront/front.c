// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: xenbus driver and state machine.
 *
 *   backend         frontend action                          frontend
 *   InitWait        read config, build + publish channels    Initialised
 *   Connected       connect channels, register ALSA card     Connected
 *   Closing         tear down                                Closed
 *   Closed/Unknown  tear down                                Initialising
 *   (teardown while applications hold the old card, with
 *    announce_reconfiguring=1)                              Reconfiguring
 *
 * Teardown never waits for applications or the backend: the channels go
 * (waiters get -EIO, running streams an xrun), the ALSA card is
 * disconnected and freed when its last user closes it; a backend that
 * comes back to InitWait meanwhile gets a new card at once. The old card
 * needs nothing from any backend, so by default the frontend moves on at
 * once. With announce_reconfiguring it follows sndif.h's recovery flow to
 * the letter: Reconfiguring until the last user of the old card leaves,
 * then Initialising. That is off by default because backends treat a
 * Reconfiguring frontend as an error (snd-xenback does).
 *
 * Save/restore (.resume): only the channels are rebuilt; if the
 * configuration did not change the ALSA card stays, running streams see an
 * xrun and recover with a prepare, which reopens them on the new
 * connection.
 */

#include "common.h"

#include <linux/module.h>
#include <xen/page.h>
#include <xen/platform_pci.h>
#include <xen/xen.h>

#include <xen-snd/xsnd_ext.h>

static bool announce_reconfiguring;
module_param(announce_reconfiguring, bool, 0644);
MODULE_PARM_DESC(announce_reconfiguring,
		 "Announce XenbusStateReconfiguring while applications hold a card whose backend went away (sndif.h recovery flow; default: no, backends reject it)");

/* Protects sndfront_card.front/stale_node against card release. */
static DEFINE_MUTEX(sndfront_cards_lock);

/**
 * sndfront_front_card_freed() - a detached ALSA card was freed
 * @scard: its card
 *
 * When the last detached card of a Reconfiguring frontend goes, it may
 * become Initialising again.
 *
 * Context: process.
 */
void sndfront_front_card_freed(struct sndfront_card *scard)
{
	struct sndfront_info *front;

	mutex_lock(&sndfront_cards_lock);
	front = scard->front;
	if (front) {
		list_del_init(&scard->stale_node);
		scard->front = NULL;
		if (list_empty(&front->stale_cards))
			schedule_work(&front->reconf_work);
	}
	mutex_unlock(&sndfront_cards_lock);
}

/**
 * sndfront_in_use() - do applications still hold a detached card?
 * @front: the frontend
 *
 * Context: process.
 * Return: true if some detached card is not freed yet.
 */
static bool sndfront_in_use(struct sndfront_info *front)
{
	bool busy;

	mutex_lock(&sndfront_cards_lock);
	busy = !list_empty(&front->stale_cards);
	mutex_unlock(&sndfront_cards_lock);
	return busy;
}

/**
 * sndfront_reconf_work() - leave Reconfiguring once no card is in use
 * @work: the frontend's reconf_work
 *
 * Context: process (workqueue). Takes the frontend lock.
 */
static void sndfront_reconf_work(struct work_struct *work)
{
	struct sndfront_info *front = container_of(work, struct sndfront_info,
						   reconf_work);

	mutex_lock(&front->lock);
	if (!front->removing &&
	    front->xbdev->state == XenbusStateReconfiguring &&
	    !sndfront_in_use(front))
		xenbus_switch_state(front->xbdev, XenbusStateInitialising);
	mutex_unlock(&front->lock);
}

/**
 * sndfront_card_reconnected() - end the wait of streams for a connection
 * @scard: the card
 *
 * Context: any.
 */
void sndfront_card_reconnected(struct sndfront_card *scard)
{
	WRITE_ONCE(scard->reconnecting, false);
	wake_up_all(&scard->conn_wq);
}

/**
 * sndfront_disconnect() - tear the current connection down; idempotent
 * @front: the frontend, its lock held
 * @keep_card: free the channels only; the card stays current
 *
 * Context: process; never waits for applications or the backend.
 */
static void sndfront_disconnect(struct sndfront_info *front, bool keep_card)
{
	struct sndfront_card *scard = front->scard;
	struct snd_card *card;
	unsigned int i;

	lockdep_assert_held(&front->lock);
	if (!scard)
		return;
	for (i = 0; i < scard->nr_streams; i++)
		sndfront_chan_free(&scard->streams[i]);
	if (keep_card)
		return;

	front->scard = NULL;
	sndfront_card_reconnected(scard);
	card = scard->card;
	if (card) {
		mutex_lock(&sndfront_cards_lock);
		scard->front = front;
		list_add(&scard->stale_node, &front->stale_cards);
		mutex_unlock(&sndfront_cards_lock);
		/* Disconnects now, frees when the last user closes. */
		snd_card_free_when_closed(card);
	}
	sndfront_card_put(scard);
}

/**
 * sndfront_check_version() - warn if the backend does not list version 2
 * @front: the frontend
 *
 * Nobody implements the negotiation (the node is usually absent); we
 * speak 2 and say so in our "version" node.
 *
 * Context: process.
 */
static void sndfront_check_version(struct sndfront_info *front)
{
	struct xenbus_device *xbdev = front->xbdev;
	char *list;

	list = xenbus_read(XBT_NIL, xbdev->otherend,
			   XENSND_FIELD_BE_VERSIONS, NULL);
	if (IS_ERR(list))
		return;
	if (!sndfront_version_listed(list, XENSND_PROTOCOL_VERSION))
		dev_warn(&xbdev->dev, "backend versions \"%s\" lack %u\n",
			 list, XENSND_PROTOCOL_VERSION);
	kfree(list);
}

/**
 * sndfront_capture_in_place() - did the backend advertise capture in place?
 * @front: the frontend
 *
 * See include/xen-snd/xsnd_ext.h. Anything but "0" or "1" is taken as 0:
 * the READ path works with every backend.
 *
 * Context: process.
 * Return: true if capture positions may be taken without READ.
 */
static bool sndfront_capture_in_place(struct sndfront_info *front)
{
	struct xenbus_device *xbdev = front->xbdev;
	u32 val = 0;
	char *str;

	str = xenbus_read(XBT_NIL, xbdev->otherend,
			  XSND_FIELD_CAPTURE_IN_PLACE, NULL);
	if (IS_ERR(str))
		return false;
	if (sndfront_parse_u32(str, 0, 1, &val))
		dev_warn(&xbdev->dev, "backend %s \"%s\" ignored\n",
			 XSND_FIELD_CAPTURE_IN_PLACE, str);
	kfree(str);
	return val == 1;
}

/**
 * sndfront_publish() - write every stream's channel nodes
 * @front: the frontend, channels READY
 *
 * Context: process.
 * Return: 0 or a negative errno (reported with xenbus_dev_fatal()).
 */
static int sndfront_publish(struct sndfront_info *front)
{
	struct sndfront_card *scard = front->scard;
	struct xenbus_device *xbdev = front->xbdev;
	struct xenbus_transaction xbt;
	unsigned int i;
	int ret;

again:
	ret = xenbus_transaction_start(&xbt);
	if (ret) {
		xenbus_dev_fatal(xbdev, ret, "starting transaction");
		return ret;
	}
	for (i = 0; i < scard->nr_streams && !ret; i++)
		ret = sndfront_chan_publish(&scard->streams[i], xbt);
	if (!ret)
		ret = xenbus_printf(xbt, xbdev->nodename,
				    XENSND_FIELD_FE_VERSION, "%u",
				    XENSND_PROTOCOL_VERSION);
	if (ret) {
		xenbus_transaction_end(xbt, 1);
		xenbus_dev_fatal(xbdev, ret, "writing the stream channels");
		return ret;
	}
	ret = xenbus_transaction_end(xbt, 0);
	if (ret == -EAGAIN)
		goto again;
	if (ret)
		xenbus_dev_fatal(xbdev, ret, "completing transaction");
	return ret;
}

/**
 * sndfront_be_initwait() - backend InitWait: build and publish channels
 * @front: the frontend, its lock held
 *
 * Context: process (xenwatch).
 * Return: 0 or a negative errno.
 */
static int sndfront_be_initwait(struct sndfront_info *front)
{
	struct xenbus_device *xbdev = front->xbdev;
	struct sndfront_card *scard;
	unsigned int i;
	int ret;

	scard = sndfront_cfg_read(xbdev);
	if (IS_ERR(scard))
		return PTR_ERR(scard);
	if (front->resuming && front->scard && front->scard->card &&
	    sndfront_cfg_same_layout(front->scard, scard)) {
		sndfront_disconnect(front, true);
		sndfront_card_put(scard);
		scard = front->scard;
		scard->be_domid = xbdev->otherend_id;
	} else {
		sndfront_disconnect(front, false);
		front->scard = scard;
	}
	front->resuming = false;
	if (!++front->conn_gen)
		++front->conn_gen;

	sndfront_check_version(front);
	for (i = 0; i < scard->nr_streams; i++) {
		ret = sndfront_chan_alloc(&scard->streams[i], xbdev,
					  front->conn_gen);
		if (ret)
			goto err_disconnect;
	}
	ret = sndfront_publish(front);
	if (ret)
		goto err_disconnect;
	return 0;

err_disconnect:
	sndfront_disconnect(front, false);
	return ret;
}

/**
 * sndfront_be_connected() - backend Connected: put everything in service
 * @front: the frontend, its lock held, Initialised
 *
 * Context: process (xenwatch).
 * Return: 0 or a negative errno.
 */
static int sndfront_be_connected(struct sndfront_info *front)
{
	struct sndfront_card *scard = front->scard;
	unsigned int i;
	bool in_place;
	int ret = 0;

	if (!scard)
		return -ENODEV;
	in_place = sndfront_capture_in_place(front);
	for (i = 0; i < scard->nr_streams; i++)
		sndfront_chan_connect(&scard->streams[i], in_place);
	if (!scard->card)
		ret = sndfront_card_create(scard);
	sndfront_card_reconnected(scard);
	return ret;
}

/**
 * sndfront_be_gone() - the backend closed: tear down and move on
 * @front: the frontend, its lock held
 * @next: state to go to when no application holds the old card
 *
 * Context: process (xenwatch).
 */
static void sndfront_be_gone(struct sndfront_info *front,
			     enum xenbus_state next)
{
	sndfront_disconnect(front, false);
	if (READ_ONCE(announce_reconfiguring) && sndfront_in_use(front))
		next = XenbusStateReconfiguring;
	xenbus_switch_state(front->xbdev, next);
}

/**
 * sndfront_backend_changed() - xenbus otherend_changed callback
 * @xbdev: the xenbus device
 * @state: the backend's new state
 *
 * Context: process (xenwatch). Takes the frontend lock.
 */
static void sndfront_backend_changed(struct xenbus_device *xbdev,
				     enum xenbus_state state)
{
	struct sndfront_info *front = dev_get_drvdata(&xbdev->dev);
	int ret;

	dev_dbg(&xbdev->dev, "backend %s, frontend %s\n",
		xenbus_strstate(state), xenbus_strstate(xbdev->state));
	mutex_lock(&front->lock);
	if (front->removing)
		goto out_unlock;
	switch (state) {
	case XenbusStateInitWait:
		if (xbdev->state == XenbusStateInitialised && front->scard)
			break;	/* repeated watch event */
		ret = sndfront_be_initwait(front);
		if (ret)
			xenbus_dev_fatal(xbdev, ret, "connecting to the backend");
		else
			xenbus_switch_state(xbdev, XenbusStateInitialised);
		break;
	case XenbusStateConnected:
		if (xbdev->state != XenbusStateInitialised)
			break;
		ret = sndfront_be_connected(front);
		if (ret) {
			sndfront_disconnect(front, false);
			xenbus_dev_fatal(xbdev, ret, "creating the sound card");
		} else {
			xenbus_switch_state(xbdev, XenbusStateConnected);
		}
		break;
	case XenbusStateClosing:
		sndfront_be_gone(front, XenbusStateClosed);
		break;
	case XenbusStateClosed:
	case XenbusStateUnknown:
		sndfront_be_gone(front, XenbusStateInitialising);
		break;
	case XenbusStateInitialising:
		/* The backend restarted under a live connection. */
		if (xbdev->state == XenbusStateInitialised ||
		    xbdev->state == XenbusStateConnected)
			sndfront_be_gone(front, XenbusStateInitialising);
		break;
	default:
		break;
	}
out_unlock:
	mutex_unlock(&front->lock);
}

/**
 * sndfront_probe() - xenbus probe
 * @xbdev: the xenbus device
 * @id: the matched id
 *
 * Context: process.
 * Return: 0 or a negative errno.
 */
static int sndfront_probe(struct xenbus_device *xbdev,
			  const struct xenbus_device_id *id)
{
	struct sndfront_info *front;

	front = devm_kzalloc(&xbdev->dev, sizeof(*front), GFP_KERNEL);
	if (!front)
		return -ENOMEM;
	front->xbdev = xbdev;
	mutex_init(&front->lock);
	INIT_LIST_HEAD(&front->stale_cards);
	INIT_WORK(&front->reconf_work, sndfront_reconf_work);
	dev_set_drvdata(&xbdev->dev, front);
	return xenbus_switch_state(xbdev, XenbusStateInitialising);
}

/**
 * sndfront_remove() - xenbus remove
 * @xbdev: the xenbus device
 *
 * Does not wait for the backend: grants it still maps are ended later by
 * the grant table code. Detached cards still held open stay valid on
 * their own; they only forget this frontend.
 *
 * Context: process.
 */
static void sndfront_remove(struct xenbus_device *xbdev)
{
	struct sndfront_info *front = dev_get_drvdata(&xbdev->dev);
	struct sndfront_card *scard, *tmp;

	mutex_lock(&front->lock);
	front->removing = true;
	sndfront_disconnect(front, false);
	mutex_unlock(&front->lock);

	mutex_lock(&sndfront_cards_lock);
	list_for_each_entry_safe(scard, tmp, &front->stale_cards, stale_node) {
		list_del_init(&scard->stale_node);
		scard->front = NULL;
	}
	mutex_unlock(&sndfront_cards_lock);
	cancel_work_sync(&front->reconf_work);
}

/**
 * sndfront_resume() - xenbus resume, after save/restore or migration
 * @xbdev: the xenbus device
 *
 * The old channels are gone with the old backend. Free them and keep the
 * card; the backend's InitWait rebuilds the channels.
 *
 * Context: process.
 * Return: 0.
 */
static int sndfront_resume(struct xenbus_device *xbdev)
{
	struct sndfront_info *front = dev_get_drvdata(&xbdev->dev);

	mutex_lock(&front->lock);
	if (front->scard) {
		front->resuming = true;
		WRITE_ONCE(front->scard->reconnecting, true);
		sndfront_disconnect(front, true);
	}
	mutex_unlock(&front->lock);
	return 0;
}

static const struct xenbus_device_id sndfront_ids[] = {
	{ XENSND_DRIVER_NAME },
	{ "" }
};

static struct xenbus_driver sndfront_driver = {
	.name = KBUILD_MODNAME,
	.ids = sndfront_ids,
	.probe = sndfront_probe,
	.remove = sndfront_remove,
	.resume = sndfront_resume,
	.otherend_changed = sndfront_backend_changed,
	.not_essential = true,
};

/**
 * sndfront_init() - module init
 *
 * Context: process.
 * Return: 0 or -ENODEV outside a Xen guest with PV devices.
 */
static int __init sndfront_init(void)
{
	if (!xen_domain() || !xen_has_pv_devices())
		return -ENODEV;
	/* The sndif page directory counts pages of the Xen page size. */
	if (XEN_PAGE_SIZE != PAGE_SIZE) {
		pr_err("Xen page size %lu differs from the page size %lu\n",
		       XEN_PAGE_SIZE, PAGE_SIZE);
		return -ENODEV;
	}
	return xenbus_register_frontend(&sndfront_driver);
}

/**
 * sndfront_exit() - module exit
 *
 * Context: process.
 */
static void __exit sndfront_exit(void)
{
	xenbus_unregister_driver(&sndfront_driver);
}

module_init(sndfront_init);
module_exit(sndfront_exit);

MODULE_DESCRIPTION("Xen PV sound frontend (sndif v2)");
MODULE_AUTHOR("snd-xenfront developers");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen:" XENSND_DRIVER_NAME);
