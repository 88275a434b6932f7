/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snd-xenfront: Xen PV sound frontend (sndif protocol version 2).
 *
 * Objects, outermost first:
 *
 *  struct sndfront_info   one per xenbus device, bind to unbind (devm).
 *                         Runs the XenBus state machine.
 *  struct sndfront_card   one per connection configuration: the XenStore
 *                         configuration, the streams and the ALSA card.
 *                         Refcounted: the front holds a reference while it
 *                         is current, the ALSA card holds one until it is
 *                         freed (which, after a disconnect, waits for the
 *                         last application to close it).
 *  struct sndfront_stream one per sndif stream: the channel (request ring
 *                         and event page with their event channels), the
 *                         shared buffer and the position bookkeeping.
 *
 * Execution contexts: both event channels of a stream are bound with
 * lateeoi hard IRQ handlers that only touch the stream under its spinlock.
 * The PCMs are non-atomic, so trigger may wait for the backend (bounded by
 * SNDFRONT_REQ_TIMEOUT_MS); snd_pcm_period_elapsed() and xrun stops run
 * from a per-stream work item, outside our locks.
 *
 * Lock order:
 *   sndfront_info.lock -> ALSA PCM stream lock (a mutex, non-atomic PCM)
 *     -> sndfront_stream.sync_lock -> sndfront_stream.lock (spinlock)
 *   sndfront_cards_lock (global) is taken alone, never with a stream lock.
 */
#ifndef SNDFRONT_COMMON_H
#define SNDFRONT_COMMON_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <sound/core.h>
#include <sound/pcm.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>
#include <xen/interface/io/sndif.h>

#include "caps.h"
#include "cfg_parse.h"
#include "inflight.h"
#include "pos.h"

/*
 * How long, beyond one buffer time, a read or write waits for the backend
 * before ALSA fails it with -EIO (substream->wait_time): ALSA's own 10 s of
 * old. 6.1's default, 1.1 buffer times, suits DMA that never stops; a
 * backend stops whenever dom0 does, for seconds on a loaded host (the lab,
 * QEMU on a shared machine, has seen 5 s).
 */
#define SNDFRONT_STALL_MS		10000

/*
 * Longest wait for the backend's answer to any request. A synchronous one
 * (OPEN, CLOSE, TRIGGER, HW_PARAM_QUERY, volume) then costs its caller
 * -ETIMEDOUT, never a hang; data requests (READ, WRITE) have no waiter and
 * are timed by the stream's watchdog, which ticks SNDFRONT_WATCHDOG_TICKS
 * times per time-out. Either way the stream is disabled until the next
 * connection, so this is a stall no busy dom0 reaches: SNDFRONT_STALL_MS,
 * not the upstream driver's 3 s.
 */
#define SNDFRONT_REQ_TIMEOUT_MS		SNDFRONT_STALL_MS
#define SNDFRONT_WATCHDOG_TICKS		4

/* The watchdog's period, in jiffies. */
static inline unsigned long sndfront_watchdog_tick(void)
{
	return msecs_to_jiffies(SNDFRONT_REQ_TIMEOUT_MS /
				SNDFRONT_WATCHDOG_TICKS);
}

/* PCM devices per card: ALSA's SNDRV_PCM_DEVICES. */
#define SNDFRONT_MAX_PCMS		8

/* Streams per PCM device, i.e. XenStore entries <pcm>/<0..7> (upstream). */
#define SNDFRONT_MAX_STREAMS_PER_PCM	8

/* Streams per card: every PCM device full. */
#define SNDFRONT_MAX_STREAMS	(SNDFRONT_MAX_PCMS * SNDFRONT_MAX_STREAMS_PER_PCM)

/* Card names: the sizes of snd_card.shortname/longname and snd_pcm.name. */
#define SNDFRONT_SHORT_NAME_LEN		32
#define SNDFRONT_LONG_NAME_LEN		80
#define SNDFRONT_PCM_NAME_LEN		80

/* unique-id kept for the substream name: snd_pcm_substream.name is 32. */
#define SNDFRONT_UNIQUE_ID_LEN		32

/*
 * Smallest period, in microseconds. The backend sends a position event at
 * least once per period; 1 ms caps that at 1000 events/s per stream.
 */
#define SNDFRONT_PERIOD_US_MIN		1000

/*
 * Smallest period in frames: snd-xenback refuses smaller periods at OPEN
 * (Documentation/protocol.rst), and so many events per buffer are useless.
 */
#define SNDFRONT_PERIOD_FRAMES_MIN	16

/* Periods per buffer: ALSA needs two; 1024 is the upstream limit. */
#define SNDFRONT_PERIODS_MIN		2
#define SNDFRONT_PERIODS_MAX		1024

/*
 * Request ring slots kept free for synchronous requests, so a stream of
 * READ/WRITE requests can never make a TRIGGER wait for ring space.
 */
#define SNDFRONT_SYNC_RESERVE		1

/* grant refs per page directory page: (4096 - 4) / 4 = 1023 (sndif.h). */
#define SNDFRONT_GREFS_PER_DIR \
	((XEN_PAGE_SIZE - offsetof(struct xensnd_page_directory, gref)) / \
	 sizeof(grant_ref_t))

/* IRQ names: "vsnd<devid>-s<stream>-req", sized for u32 numbers. */
#define SNDFRONT_IRQ_NAME_LEN		32

/**
 * enum sndfront_chan_state - life of a stream's channel
 * @SNDFRONT_CHAN_CLOSED: no resources
 * @SNDFRONT_CHAN_READY: allocated and published, backend not connected yet
 * @SNDFRONT_CHAN_CONNECTED: in service
 * @SNDFRONT_CHAN_BROKEN: the backend broke the protocol; the stream is
 *                        disabled until the next connection
 */
enum sndfront_chan_state {
	SNDFRONT_CHAN_CLOSED,
	SNDFRONT_CHAN_READY,
	SNDFRONT_CHAN_CONNECTED,
	SNDFRONT_CHAN_BROKEN,
};

/**
 * struct sndfront_chan - request ring and event page of one stream
 * @ring: front view of the request ring
 * @ring_gref: grant of the request ring page
 * @ring_port: event channel of the request ring
 * @ring_irq: its IRQ, 0 if not bound
 * @evt_page: the event page, NULL if not allocated
 * @evt_gref: grant of the event page
 * @evt_port: event channel of the event page
 * @evt_irq: its IRQ, 0 if not bound
 * @evt_cons: events consumed; our copy, never read back from the page
 * @evt_id: id the next event must carry
 * @state: see enum sndfront_chan_state
 * @in_place: capture data is in the buffer when its position is reported
 *            (the backend's feature-capture-in-place), so no READ is sent
 * @fl: requests in flight
 * @ring_irq_name: IRQ name of @ring_irq
 * @evt_irq_name: IRQ name of @evt_irq
 */
struct sndfront_chan {
	struct xen_sndif_front_ring ring;
	grant_ref_t ring_gref;
	evtchn_port_t ring_port;
	int ring_irq;
	struct xensnd_event_page *evt_page;
	grant_ref_t evt_gref;
	evtchn_port_t evt_port;
	int evt_irq;
	u32 evt_cons;
	u16 evt_id;
	enum sndfront_chan_state state;
	bool in_place;
	struct sndfront_inflight fl;
	char ring_irq_name[SNDFRONT_IRQ_NAME_LEN];
	char evt_irq_name[SNDFRONT_IRQ_NAME_LEN];
};

/**
 * struct sndfront_shbuf - stream buffer shared with the backend
 * @pages: data pages, allocated one by one
 * @nr_pages: number of data pages
 * @vaddr: linear kernel mapping of @pages (the ALSA DMA area)
 * @bytes: buffer size in bytes
 * @dir: page directory pages
 * @nr_dir: number of directory pages
 * @grefs: grants of the data pages, then of the directory pages
 * @granted_gen: connection generation the grants were made for, 0 if none
 * @tainted: a grant could not be ended: an old backend still maps the
 *           buffer, so it cannot be offered to a new one
 */
struct sndfront_shbuf {
	struct page **pages;
	unsigned int nr_pages;
	void *vaddr;
	size_t bytes;
	struct page **dir;
	unsigned int nr_dir;
	grant_ref_t *grefs;
	unsigned int granted_gen;
	bool tainted;
};

/**
 * struct sndfront_ctl - volume and mute of one stream
 * @volume: per channel volume in 0.001 dB as last set by the user
 * @muted: mute switch as last set by the user
 * @dirty: values not yet sent to the backend
 * @unsupported: the backend answered -EOPNOTSUPP/-ENOSYS; controls hidden
 * @vol_kctl: the volume control, NULL if not created
 * @sw_kctl: the switch control, NULL if not created
 */
struct sndfront_ctl {
	s32 volume;
	bool muted;
	bool dirty;
	bool unsupported;
	struct snd_kcontrol *vol_kctl;
	struct snd_kcontrol *sw_kctl;
};

struct sndfront_card;

/**
 * struct sndfront_stream - one sndif stream
 * @scard: the card the stream belongs to
 * @index: stream number on the card, for messages
 * @capture: capture stream ("c"), else playback ("p")
 * @xs_path: XenStore directory of the stream (owned)
 * @unique_id: unique-id node, sanitised, for the substream name
 * @hw: configured capabilities
 * @rate_list: ALSA constraint over @hw.rates
 * @lock: guards @chan, @conn_gen and everything from @substream on. Taken
 *        by the IRQ handlers, the PCM ops, the period work and teardown.
 * @chan: request ring and event page
 * @conn_gen: connection generation of @chan
 * @fatal_logged: the protocol violation message was printed
 * @sync_lock: one synchronous request at a time (PCM ops, controls)
 * @sync_done: completed when the synchronous request is answered
 * @sync_waiting: a synchronous request is waiting for @sync_id
 * @sync_id: id of the synchronous request
 * @sync_status: its status (negative errno)
 * @sync_hw: its HW_PARAM_QUERY answer
 * @caps: HW_PARAM_QUERY answer to the configured ranges, per connection
 * @substream: the open substream, NULL if closed
 * @period_work: calls snd_pcm_period_elapsed() or stops on xrun
 * @watchdog: runs while requests are in flight; disables the stream when
 *            one stays unanswered for SNDFRONT_REQ_TIMEOUT_MS
 * @elapsed_pending: a period boundary was crossed
 * @xrun_pending: the stream must be stopped with an xrun
 * @buf: shared buffer, allocated by hw_params
 * @open_gen: connection generation the backend has the stream open on
 * @open_buffer_bytes: buffer size of the OPEN in flight or done
 * @open_period_bytes: period size of the OPEN in flight or done
 * @running: started and not stopped or paused
 * @be_active: data or START went to the backend since its last OPEN or
 *             STOP; a prepare must STOP it so ring offsets restart at 0
 * @io_error: a data request of this run failed; the run must end in xrun
 * @epoch: counts prepares; data requests carry it to drop stale answers
 * @pos: position bookkeeping
 * @appl_seen: appl_ptr at the last ack
 * @committed: bytes the application committed (playback) or took
 *             (capture) since prepare
 * @sent: bytes covered by WRITE/READ requests since prepare
 * @captured: capture: bytes the backend reported captured since prepare
 * @ctl: volume and mute
 */
struct sndfront_stream {
	struct sndfront_card *scard;
	unsigned int index;
	bool capture;
	char *xs_path;
	char unique_id[SNDFRONT_UNIQUE_ID_LEN];
	struct sndfront_hw hw;
	struct snd_pcm_hw_constraint_list rate_list;

	spinlock_t lock;	/* IRQ handlers vs PCM ops vs teardown */
	struct sndfront_chan chan;
	unsigned int conn_gen;
	bool fatal_logged;

	struct mutex sync_lock;	/* one synchronous request at a time */
	struct completion sync_done;
	bool sync_waiting;
	u16 sync_id;
	int sync_status;
	struct xensnd_query_hw_param sync_hw;

	struct sndfront_caps caps;

	struct snd_pcm_substream *substream;
	struct work_struct period_work;
	struct timer_list watchdog;
	bool elapsed_pending;
	bool xrun_pending;

	struct sndfront_shbuf buf;
	unsigned int open_gen;
	u32 open_buffer_bytes;
	u32 open_period_bytes;
	bool running;
	bool be_active;
	bool io_error;
	u32 epoch;
	struct sndfront_pos pos;
	snd_pcm_uframes_t appl_seen;
	u64 committed;
	u64 sent;
	u64 captured;

	struct sndfront_ctl ctl;
};

/**
 * struct sndfront_pcm_cfg - one PCM device of the card
 * @name: PCM name (name node or a default)
 * @device: PCM device number, the XenStore directory number
 * @first: index of its first stream in sndfront_card.streams; playback
 *         streams come first, then capture streams
 * @nr_play: number of playback streams
 * @nr_cap: number of capture streams
 * @scard: the card, for the PCM ops
 */
struct sndfront_pcm_cfg {
	char name[SNDFRONT_PCM_NAME_LEN];
	unsigned int device;
	unsigned int first;
	unsigned int nr_play;
	unsigned int nr_cap;
	struct sndfront_card *scard;
};

struct sndfront_info;

/**
 * struct sndfront_card - configuration, streams and ALSA card
 * @ref: references: the front while current, the ALSA card until freed
 * @dev: the xenbus device, for messages (a reference is held)
 * @devid: xenbus device id, for names
 * @be_domid: backend domain, for grants
 * @short_name: card short name
 * @long_name: card long name
 * @nr_pcms: number of PCM devices
 * @pcms: the PCM devices
 * @nr_streams: number of streams
 * @streams: the streams, @nr_streams entries
 * @card: the ALSA card, NULL until created
 * @reconnecting: the card is kept across a save/restore and its channels
 *                are being rebuilt (READ_ONCE/WRITE_ONCE)
 * @conn_wq: woken when @reconnecting clears
 * @front: the front while the card is detached but not freed yet, under
 *         sndfront_cards_lock
 * @stale_node: entry in sndfront_info.stale_cards, under sndfront_cards_lock
 */
struct sndfront_card {
	struct kref ref;
	struct device *dev;
	unsigned int devid;
	domid_t be_domid;
	char short_name[SNDFRONT_SHORT_NAME_LEN];
	char long_name[SNDFRONT_LONG_NAME_LEN];
	unsigned int nr_pcms;
	struct sndfront_pcm_cfg pcms[SNDFRONT_MAX_PCMS];
	unsigned int nr_streams;
	struct sndfront_stream *streams;
	struct snd_card *card;
	bool reconnecting;
	wait_queue_head_t conn_wq;
	struct sndfront_info *front;
	struct list_head stale_node;
};

/**
 * struct sndfront_info - per xenbus device state
 * @xbdev: the xenbus device
 * @lock: serialises the state machine, resume and remove
 * @scard: current card, NULL while disconnected
 * @conn_gen: generation of the current connection, never 0 once used
 * @resuming: resumed from save/suspend: keep the card if the
 *            configuration is unchanged
 * @removing: remove() started: no new connection
 * @stale_cards: detached cards still held open, under sndfront_cards_lock
 * @reconf_work: leaves Reconfiguring once the last stale card is freed
 */
struct sndfront_info {
	struct xenbus_device *xbdev;
	struct mutex lock;	/* xenwatch vs resume vs remove */
	struct sndfront_card *scard;
	unsigned int conn_gen;
	bool resuming;
	bool removing;
	struct list_head stale_cards;
	struct work_struct reconf_work;
};

/* cfg.c */
struct sndfront_card *sndfront_cfg_read(struct xenbus_device *xbdev);
bool sndfront_cfg_same_layout(const struct sndfront_card *a,
			      const struct sndfront_card *b);
void sndfront_card_put(struct sndfront_card *scard);

/* evtchnl.c */
int sndfront_chan_alloc(struct sndfront_stream *s,
			struct xenbus_device *xbdev, unsigned int gen);
int sndfront_chan_publish(struct sndfront_stream *s,
			  struct xenbus_transaction xbt);
void sndfront_chan_connect(struct sndfront_stream *s, bool in_place);
void sndfront_chan_free(struct sndfront_stream *s);
void sndfront_stream_fatal(struct sndfront_stream *s, const char *why);
void sndfront_stream_kick_locked(struct sndfront_stream *s);
void sndfront_stream_poke_locked(struct sndfront_stream *s);
bool sndfront_chan_responses(struct sndfront_stream *s);
void sndfront_stream_watchdog(struct timer_list *t);

/* pcm.c */
void sndfront_stream_init(struct sndfront_stream *s);

/* req.c */
int sndfront_req_sync_locked(struct sndfront_stream *s,
			     struct xensnd_req *req, u32 cookie,
			     struct xensnd_query_hw_param *hw);
int sndfront_req_sync(struct sndfront_stream *s, struct xensnd_req *req,
		      u32 cookie, struct xensnd_query_hw_param *hw);
int sndfront_req_push_locked(struct sndfront_stream *s,
			     struct xensnd_req *req, u32 len, u32 cookie);
void sndfront_req_notify_locked(struct sndfront_stream *s);
int sndfront_req_open(struct sndfront_stream *s, u8 format, u8 channels,
		      u32 rate, u32 buffer_bytes, u32 period_bytes);
int sndfront_req_close(struct sndfront_stream *s);
int sndfront_req_trigger(struct sndfront_stream *s, u8 type);
int sndfront_req_query(struct sndfront_stream *s,
		       const struct xensnd_query_hw_param *req,
		       struct xensnd_query_hw_param *resp);
int sndfront_req_payload_locked(struct sndfront_stream *s, u8 op,
				u32 length);

/* shbuf.c */
int sndfront_shbuf_alloc(struct sndfront_shbuf *buf, size_t bytes);
void sndfront_shbuf_free(struct sndfront_shbuf *buf);
int sndfront_shbuf_grant(struct sndfront_shbuf *buf, domid_t domid,
			 unsigned int gen);
grant_ref_t sndfront_shbuf_dir_gref(const struct sndfront_shbuf *buf);

/* pcm.c */
int sndfront_card_create(struct sndfront_card *scard);

/* front.c */
void sndfront_front_card_freed(struct sndfront_card *scard);
void sndfront_card_reconnected(struct sndfront_card *scard);

/* ctl.c */
int sndfront_ctl_create(struct sndfront_card *scard, struct snd_card *card);
void sndfront_ctl_apply(struct sndfront_stream *s, unsigned int channels);

#endif /* SNDFRONT_COMMON_H */
