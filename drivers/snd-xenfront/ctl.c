// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: per-stream volume and mute controls.
 *
 * sndif carries volume and mute values in the stream's shared buffer
 * (offset/length of the request), so they can only reach the backend
 * while it has the stream open, and only when no audio data is in the
 * buffer region used. We send them from prepare, when ALSA has no valid
 * data in the buffer and blocks reads and writes: the payload goes to
 * offset 0, and the bytes it covered are put back afterwards. A change
 * made while a stream plays therefore takes effect at its next prepare.
 *
 * Values are 0.001 dB steps (0 = 0 dB) in the protocol; the ALSA control
 * exposes SNDFRONT_VOL_STEPS steps of SNDFRONT_VOL_STEP_MDB down from
 * 0 dB. A backend that answers -XEN_EOPNOTSUPP or -XEN_ENOSYS gets no more
 * such requests and the stream's controls turn inactive.
 */

#include "common.h"

#include <sound/control.h>
#include <sound/tlv.h>

/*
 * "Not supported" answers: XEN_EOPNOTSUPP and XEN_ENOSYS of Xen's
 * public/errno.h (95 and 38, the Linux values too).
 */
#define SNDFRONT_XEN_EOPNOTSUPP	95
#define SNDFRONT_XEN_ENOSYS	38

/* Volume step: 0.25 dB, in the protocol's 0.001 dB units. */
#define SNDFRONT_VOL_STEP_MDB	250

/* Steps below 0 dB: 240 x 0.25 dB = -60 dB, quiet enough for "muted". */
#define SNDFRONT_VOL_STEPS	240

/* ALSA dB scale in 0.01 dB: from -60 dB, step 0.25 dB, lowest is mute. */
static const DECLARE_TLV_DB_SCALE(sndfront_vol_tlv,
				  -(SNDFRONT_VOL_STEPS * SNDFRONT_VOL_STEP_MDB / 10),
				  SNDFRONT_VOL_STEP_MDB / 10, 1);

/**
 * sndfront_ctl_stream() - the stream of a control
 * @kctl: the control
 *
 * Context: any.
 * Return: the stream.
 */
static struct sndfront_stream *sndfront_ctl_stream(struct snd_kcontrol *kctl)
{
	struct sndfront_card *scard = snd_kcontrol_chip(kctl);

	return &scard->streams[kctl->private_value];
}

/**
 * sndfront_ctl_vol_info() - volume control info
 * @kctl: the control
 * @uinfo: receives the info
 *
 * Context: process.
 * Return: 0.
 */
static int sndfront_ctl_vol_info(struct snd_kcontrol *kctl,
				 struct snd_ctl_elem_info *uinfo)
{
	uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER;
	uinfo->count = 1;
	uinfo->value.integer.min = 0;
	uinfo->value.integer.max = SNDFRONT_VOL_STEPS;
	return 0;
}

/**
 * sndfront_ctl_vol_get() - volume control get
 * @kctl: the control
 * @uval: receives the value
 *
 * Context: process.
 * Return: 0.
 */
static int sndfront_ctl_vol_get(struct snd_kcontrol *kctl,
				struct snd_ctl_elem_value *uval)
{
	struct sndfront_stream *s = sndfront_ctl_stream(kctl);

	spin_lock_irq(&s->lock);
	uval->value.integer.value[0] = SNDFRONT_VOL_STEPS +
				       s->ctl.volume / SNDFRONT_VOL_STEP_MDB;
	spin_unlock_irq(&s->lock);
	return 0;
}

/**
 * sndfront_ctl_vol_put() - volume control put
 * @kctl: the control
 * @uval: the new value
 *
 * Context: process.
 * Return: 1 if changed, 0 if not, -EINVAL out of range.
 */
static int sndfront_ctl_vol_put(struct snd_kcontrol *kctl,
				struct snd_ctl_elem_value *uval)
{
	struct sndfront_stream *s = sndfront_ctl_stream(kctl);
	long v = uval->value.integer.value[0];
	s32 mdb;
	int changed;

	if (v < 0 || v > SNDFRONT_VOL_STEPS)
		return -EINVAL;
	mdb = (s32)(v - SNDFRONT_VOL_STEPS) * SNDFRONT_VOL_STEP_MDB;
	spin_lock_irq(&s->lock);
	changed = s->ctl.volume != mdb;
	s->ctl.volume = mdb;
	s->ctl.dirty |= changed;
	spin_unlock_irq(&s->lock);
	return changed;
}

/**
 * sndfront_ctl_sw_get() - switch control get (1 = sound on)
 * @kctl: the control
 * @uval: receives the value
 *
 * Context: process.
 * Return: 0.
 */
static int sndfront_ctl_sw_get(struct snd_kcontrol *kctl,
			       struct snd_ctl_elem_value *uval)
{
	struct sndfront_stream *s = sndfront_ctl_stream(kctl);

	spin_lock_irq(&s->lock);
	uval->value.integer.value[0] = !s->ctl.muted;
	spin_unlock_irq(&s->lock);
	return 0;
}

/**
 * sndfront_ctl_sw_put() - switch control put
 * @kctl: the control
 * @uval: the new value
 *
 * Context: process.
 * Return: 1 if changed, 0 if not.
 */
static int sndfront_ctl_sw_put(struct snd_kcontrol *kctl,
			       struct snd_ctl_elem_value *uval)
{
	struct sndfront_stream *s = sndfront_ctl_stream(kctl);
	bool muted = !uval->value.integer.value[0];
	int changed;

	spin_lock_irq(&s->lock);
	changed = s->ctl.muted != muted;
	s->ctl.muted = muted;
	s->ctl.dirty |= changed;
	spin_unlock_irq(&s->lock);
	return changed;
}

/**
 * sndfront_ctl_send() - send volume and mute with a payload at offset 0
 * @s: the stream, open in the backend, sync_lock held
 * @channels: channels of the open stream
 * @volume: volume in 0.001 dB
 * @muted: mute state
 *
 * Context: process, may sleep. Expects @s->sync_lock held.
 * Return: 0 or the first error.
 */
static int sndfront_ctl_send(struct sndfront_stream *s,
			     unsigned int channels, s32 volume, bool muted)
{
	u32 len = channels * sizeof(s32);
	s32 *payload = s->buf.vaddr;
	void *saved;
	unsigned int i;
	int ret;

	saved = kmemdup(s->buf.vaddr, len, GFP_KERNEL);
	if (!saved)
		return -ENOMEM;
	for (i = 0; i < channels; i++)
		payload[i] = volume;
	ret = sndfront_req_payload_locked(s, XENSND_OP_SET_VOLUME, len);
	if (!ret) {
		/* Mute/unmute every channel: a non-zero value selects it. */
		for (i = 0; i < channels; i++)
			payload[i] = 1;
		ret = sndfront_req_payload_locked(s, muted ? XENSND_OP_MUTE :
						  XENSND_OP_UNMUTE, len);
	}
	memcpy(s->buf.vaddr, saved, len);
	kfree(saved);
	return ret;
}

/**
 * sndfront_ctl_hide() - make a stream's controls inactive
 * @s: the stream
 *
 * Context: process.
 */
static void sndfront_ctl_hide(struct sndfront_stream *s)
{
	struct snd_card *card = s->scard->card;
	struct snd_kcontrol *kctls[] = { s->ctl.vol_kctl, s->ctl.sw_kctl };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kctls); i++)
		if (kctls[i] && card)
			snd_ctl_activate_id(card, &kctls[i]->id, 0);
}

/**
 * sndfront_ctl_apply() - send changed volume/mute values from prepare
 * @s: the stream, just prepared (open in the backend)
 * @channels: channels of the open stream
 *
 * Context: process, may sleep; called from prepare, where ALSA blocks
 * buffer reads and writes.
 */
void sndfront_ctl_apply(struct sndfront_stream *s, unsigned int channels)
{
	s32 volume;
	bool muted, dirty;
	int ret;

	spin_lock_irq(&s->lock);
	volume = s->ctl.volume;
	muted = s->ctl.muted;
	dirty = s->ctl.dirty && !s->ctl.unsupported;
	s->ctl.dirty = false;
	spin_unlock_irq(&s->lock);
	if (!dirty)
		return;

	mutex_lock(&s->sync_lock);
	ret = -EINVAL;
	if (s->buf.vaddr && channels && channels * sizeof(s32) <= s->buf.bytes)
		ret = sndfront_ctl_send(s, channels, volume, muted);
	mutex_unlock(&s->sync_lock);

	if (ret == -SNDFRONT_XEN_EOPNOTSUPP || ret == -SNDFRONT_XEN_ENOSYS) {
		dev_info(s->scard->dev,
			 "stream %u: backend has no volume control\n", s->index);
		spin_lock_irq(&s->lock);
		s->ctl.unsupported = true;
		spin_unlock_irq(&s->lock);
		sndfront_ctl_hide(s);
	} else if (ret) {
		/* Try again at the next prepare. */
		spin_lock_irq(&s->lock);
		s->ctl.dirty = true;
		spin_unlock_irq(&s->lock);
	}
}

/**
 * sndfront_ctl_create() - create the controls of every stream
 * @scard: the card
 * @card: the ALSA card, not registered yet
 *
 * Context: process.
 * Return: 0 or a negative errno.
 */
int sndfront_ctl_create(struct sndfront_card *scard, struct snd_card *card)
{
	struct snd_kcontrol_new vol = {
		.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
		.access = SNDRV_CTL_ELEM_ACCESS_READWRITE |
			  SNDRV_CTL_ELEM_ACCESS_TLV_READ,
		.info = sndfront_ctl_vol_info,
		.get = sndfront_ctl_vol_get,
		.put = sndfront_ctl_vol_put,
		.tlv.p = sndfront_vol_tlv,
	};
	struct snd_kcontrol_new sw = {
		.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
		.info = snd_ctl_boolean_mono_info,
		.get = sndfront_ctl_sw_get,
		.put = sndfront_ctl_sw_put,
	};
	unsigned int i, nr_play = 0, nr_cap = 0;
	struct sndfront_stream *s;
	int ret;

	for (i = 0; i < scard->nr_streams; i++) {
		s = &scard->streams[i];
		vol.name = s->capture ? "Capture Volume" : "PCM Playback Volume";
		sw.name = s->capture ? "Capture Switch" : "PCM Playback Switch";
		vol.index = s->capture ? nr_cap++ : nr_play++;
		sw.index = vol.index;
		vol.private_value = i;
		sw.private_value = i;
		s->ctl.vol_kctl = snd_ctl_new1(&vol, scard);
		ret = snd_ctl_add(card, s->ctl.vol_kctl);
		if (ret)
			return ret;
		s->ctl.sw_kctl = snd_ctl_new1(&sw, scard);
		ret = snd_ctl_add(card, s->ctl.sw_kctl);
		if (ret)
			return ret;
	}
	return 0;
}
