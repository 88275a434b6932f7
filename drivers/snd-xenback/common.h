/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snd-xenback: Xen PV sound (sndif) backend in the dom0 kernel.
 *
 * Objects nest as in xen-netback:
 *
 *   struct sndback_dev      one per xenbus device (backend/vsnd/<domid>/<devid>),
 *     |                     owns the XenBus state machine
 *     +- struct sndback_stream   one per sndif stream: request ring, event
 *          |                     page, two event channels, a work item
 *          +- struct sndback_shbuf   the guest's buffer, grant-mapped at OPEN
 *          +- struct sndback_host    the host ALSA substream it feeds
 *
 * Execution contexts:
 *  - XenBus callbacks (xenwatch thread): connect and disconnect only.
 *  - Hard IRQ (guest kicks an event channel): queue the stream's work, no more.
 *  - Host PCM wake-ups (host period elapsed, any context): queue the work.
 *  - The stream's work item on sndback_wq: everything else. A work item never
 *    runs concurrently with itself, so stream state touched only from it
 *    needs no lock; streams never wait for each other.
 *
 * Threat model: the guest owns the frontend XenStore directory, the request
 * ring, the event page and the buffer pages. Every value read from them is
 * copied once and checked (check.c, cfg.c) before use; a request that breaks
 * the rules gets an error status, and a ring that breaks them disables the
 * stream (sndback_stream_fatal()).
 */
#ifndef SNDBACK_COMMON_H
#define SNDBACK_COMMON_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/jump_label.h>
#include <linux/poll.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <sound/asound.h>
#include <xen/interface/event_channel.h>
#ifdef CONFIG_XEN
#include <xen/page.h>
#else
/* KUnit kernels without Xen: the ABI's page size (sndif.h assumes it). */
#define XEN_PAGE_SIZE		4096UL
#endif
#include <xen/interface/grant_table.h>
#include <xen/interface/io/sndif.h>

struct dentry;
struct file;
struct page;
struct snd_pcm_substream;
struct xenbus_device;

/* PCM devices per card: ALSA's SNDRV_PCM_DEVICES, as the Linux frontend. */
#define SNDBACK_MAX_PCMS		8
/* Streams per PCM device: the Linux frontend's VSND_MAX_STREAM. */
#define SNDBACK_MAX_STREAMS_PER_PCM	8
/* Streams per xenbus device: the product of the two limits above. */
#define SNDBACK_MAX_STREAMS	(SNDBACK_MAX_PCMS * SNDBACK_MAX_STREAMS_PER_PCM)

/* Rates listed in one sample-rates node: the Linux frontend knows 12. */
#define SNDBACK_MAX_RATES		16
/* Lowest and highest rate we serve: ALSA's 5512 Hz .. 768 kHz. */
#define SNDBACK_RATE_MIN		5512
#define SNDBACK_RATE_MAX		768000
/* Channels: snd-aloop's and most hardware's maximum (sndif allows 255). */
#define SNDBACK_CHANNELS_MAX		32
/* Smallest period: 16 frames, below which no host device wakes reliably. */
#define SNDBACK_PERIOD_FRAMES_MIN	16
/*
 * Least time the host PCM buffer covers, if the device allows. A device
 * (snd-aloop's timer, a DMA engine) that dom0 does not service for longer
 * than its buffer loops over the ring and replays it; below this, it plays
 * the silence ALSA wrote behind the position instead (sw_params). The
 * buffer holds only what the guest wrote, so its size adds no latency.
 * One second outlasts the dom0 stalls seen under TCG in the lab.
 */
#define SNDBACK_HOST_BUFFER_MS		1000
/* unique-id kept for logs and routing keys: longer ones are refused. */
#define SNDBACK_UNIQUE_ID_MAX		64
/* A route target "CARD,DEVICE": a 15-character card id, a comma, a number. */
#define SNDBACK_ROUTE_MAX		32
/* ALSA card ids: struct snd_card's id[16], NUL included. */
#define SNDBACK_CARD_ID_MAX		15
/* Domain names as the toolstack writes them (xl caps them at 64). */
#define SNDBACK_DOMNAME_MAX		64
/* Q16 gain of 0 dB. */
#define SNDBACK_GAIN_UNITY		65536
/* Lowest volume, -100 dB in 0.001 dB steps: below 16-bit resolution. */
#define SNDBACK_VOL_MIN_MDB		(-100000)
/* Hard upper bound of the max_buffer_kb parameter: 16 MiB = 4096 pages. */
#define SNDBACK_BUFFER_BYTES_LIMIT	(16 * 1024 * 1024)

/* Grant refs in one page-directory page: sndif.h's xensnd_page_directory. */
#define SNDBACK_GREFS_PER_DIR_PAGE \
	((XEN_PAGE_SIZE - sizeof(grant_ref_t)) / sizeof(grant_ref_t))

/*
 * Smallest grant reference a guest may name: GNTTAB_NR_RESERVED_ENTRIES of
 * xen/interface/grant_table.h. References 0-7 are the toolstack's (0 the
 * console, 1 XenStore) and are granted to dom0 by it, not by the guest.
 */
#define SNDBACK_GREF_MIN		8

/* Requests handled per run of the work item before it requeues itself. */
#define SNDBACK_REQS_PER_RUN		32
/*
 * How soon a CUR_POS event left pending on a full event ring is tried
 * again. sndif gives the guest no way to say it made room, and a playback
 * whose host PCM ran dry wakes us for nothing else: without a retry its
 * application would wait for a position that never comes. At most 50
 * work runs a second per stream, fewer than a 10 ms host period causes.
 */
#define SNDBACK_EVT_RETRY_MS		20

/* Module parameters (main.c). */
extern unsigned int sndback_max_buffer_bytes;
extern unsigned int sndback_host_periods;
extern char *sndback_default_pcm;
extern char *sndback_routes;
extern bool sndback_capture_in_place;

/* Module-wide state (main.c). */
extern struct workqueue_struct *sndback_wq;
extern atomic_t sndback_mapped_pages;

/**
 * struct sndback_stream_cfg - what XenStore allows for one stream
 * @capture: stream type "c" (else "p")
 * @unique_id: the guest's name for the stream (a key, never a device name)
 * @formats: mask of (1 << sndif format code)
 * @rates: allowed rates, or none for any rate in [@rate_min, @rate_max]
 * @nr_rates: entries used in @rates
 * @rate_min: lowest allowed rate
 * @rate_max: highest allowed rate
 * @channels_min: fewest channels
 * @channels_max: most channels
 * @buffer_max: largest buffer_sz in octets
 *
 * Built by cfg.c from the guest-owned frontend directory, then narrowed by
 * the module's limits: it can only ever shrink what dom0 allows.
 */
struct sndback_stream_cfg {
	bool capture;
	char unique_id[SNDBACK_UNIQUE_ID_MAX + 1];
	u64 formats;
	u32 rates[SNDBACK_MAX_RATES];
	unsigned int nr_rates;
	u32 rate_min;
	u32 rate_max;
	u8 channels_min;
	u8 channels_max;
	u32 buffer_max;
};

/**
 * struct sndback_params - the validated parameters of an OPEN
 * @format: ALSA format
 * @sndif_format: sndif format code
 * @rate: frames per second
 * @channels: channels per frame
 * @frame_bytes: octets per frame
 * @buffer_bytes: buffer_sz, a multiple of @frame_bytes
 * @period_bytes: period_sz, a multiple of @frame_bytes, or 0 for no events
 * @nr_pages: grant pages the buffer spans
 */
struct sndback_params {
	snd_pcm_format_t format;
	u8 sndif_format;
	u32 rate;
	u8 channels;
	u32 frame_bytes;
	u32 buffer_bytes;
	u32 period_bytes;
	u32 nr_pages;
};

/**
 * struct sndback_shbuf - the guest's stream buffer, mapped into dom0
 * @pages: one page per grant, from gnttab_alloc_pages()
 * @handles: grant handle of each mapped page
 * @grefs: the guest's grant of each page, for grant copies into it
 * @nr_pages: entries in @pages, @handles and @grefs
 * @readonly: mapped read-only (playback)
 *
 * Mapped once per OPEN and unmapped on CLOSE or disconnect; accessed page
 * by page through the kernel's own mapping, which works for PV and PVH dom0.
 */
struct sndback_shbuf {
	struct page **pages;
	grant_handle_t *handles;
	grant_ref_t *grefs;
	unsigned int nr_pages;
	bool readonly;
};

/**
 * struct sndback_host - the host ALSA substream a stream plays to or records from
 * @file: the open PCM device node
 * @substream: its substream
 * @pt: poll table that puts @wait on the substream's sleep queue
 * @wait: our entry on that queue; wakes the stream's work
 * @wqh: the queue @wait sits on, or NULL
 * @route: the "CARD,DEVICE" the stream was routed to, for debugfs
 * @frame: one frame, assembled when a frame straddles two buffer pages
 * @period_frames: host period
 * @buffer_frames: host buffer
 * @running: host stream started and neither stopped nor in xrun since
 * @paused: host stream paused
 */
struct sndback_host {
	struct file *file;
	struct snd_pcm_substream *substream;
	poll_table pt;
	wait_queue_entry_t wait;
	wait_queue_head_t *wqh;
	char route[SNDBACK_ROUTE_MAX];
	u8 *frame;
	u32 period_frames;
	u32 buffer_frames;
	bool running;
	bool paused;
};

/**
 * struct sndback_vol - per-channel volume and mute of a stream
 * @mdb: volume in 0.001 dB, as the guest set it
 * @muted: channel muted
 * @gain: Q16 gain applied: 0 when muted, SNDBACK_GAIN_UNITY at 0 dB
 * @active: some channel is not at unity, so samples are scaled
 * @bounce: one host period of scaled playback frames
 * @bounce_frames: frames @bounce holds
 */
struct sndback_vol {
	s32 mdb[SNDBACK_CHANNELS_MAX];
	bool muted[SNDBACK_CHANNELS_MAX];
	u32 gain[SNDBACK_CHANNELS_MAX];
	bool active;
	u8 *bounce;
	u32 bounce_frames;
};

/**
 * enum sndback_state - where a stream is in the sndif life cycle
 * @SNDBACK_CLOSED: no OPEN, or CLOSEd: only OPEN, CLOSE and queries are valid
 * @SNDBACK_OPEN: buffer mapped, host configured, not started
 * @SNDBACK_RUNNING: started
 * @SNDBACK_PAUSED: started, then paused
 */
enum sndback_state {
	SNDBACK_CLOSED,
	SNDBACK_OPEN,
	SNDBACK_RUNNING,
	SNDBACK_PAUSED,
};

/**
 * struct sndback_stats - per-stream counters, read by debugfs
 * @reqs: requests received, by operation
 * @errors: requests answered with an error status
 * @bad_ops: requests with an unknown operation
 * @events: CUR_POS events sent
 * @notify_evt: notifications sent on the event channel
 * @notify_req: notifications sent on the request channel
 * @irqs: guest notifications received on the request channel
 * @spurious: request-channel notifications that found no work
 * @evt_irqs: guest notifications on the event channel (never needed)
 * @xruns: host xruns recovered from
 * @frames: frames moved to or from the host
 */
struct sndback_stats {
	u64 reqs[XENSND_OP_HW_PARAM_QUERY + 1];
	u64 errors;
	u64 bad_ops;
	u64 events;
	u64 notify_evt;
	u64 notify_req;
	u64 irqs;
	u64 spurious;
	u64 evt_irqs;
	u64 xruns;
	u64 frames;
};

/**
 * struct sndback_stream - one sndif stream
 * @be: the device it belongs to
 * @index: stream number within the device, in XenStore order
 * @pcm_index: XenStore pcm-device index
 * @stream_index: XenStore stream index within the pcm device
 * @name: "sndback<domid>.<devid>-s<index>", for IRQs and logs
 * @cfg: what XenStore allows, checked against module limits
 * @caps: @cfg narrowed by the host device, valid if @caps_valid
 * @caps_valid: @caps was probed since the last CLOSE
 * @ring: back end of the request ring
 * @evt_page: mapped event page
 * @ring_irq: IRQ of the request event channel
 * @evt_irq: IRQ of the event-page event channel
 * @work: the stream's work item; see the execution contexts above
 * @flags: SNDBACK_F_* bits, set from IRQ and wake-up context
 * @state: life-cycle state
 * @params: parameters of the current OPEN
 * @shbuf: the mapped buffer
 * @host: the host substream
 * @vol: volume and mute
 * @appl: cumulative octets the guest has made available (playback) or
 *        asked for (capture)
 * @copied: cumulative octets handed to (playback) or taken from (capture)
 *          the host
 * @pos: cumulative octets the host consumed (playback) or produced (capture)
 *       since OPEN, the CUR_POS value. Every cumulative position modulo the
 *       buffer size is a ring offset (STOP rounds up to keep it so).
 * @evt_pos: position carried by the last CUR_POS event
 * @evt_id: id of the next event; runs on for the life of the connection
 * @evt_prod: our copy of the event page's in_prod, never read back
 * @evt_pending: an event is due but the event ring was full
 * @evt_retry: runs @work again SNDBACK_EVT_RETRY_MS after an event was
 *             left pending
 * @stats: counters
 * @dbg: debugfs directory
 *
 * Everything from @state down is touched only by @work (or by the
 * disconnect path after @work is cancelled), except @stats which debugfs
 * reads racily and @evt_retry, a timer armed by @work that only kicks it.
 */
struct sndback_stream {
	struct sndback_dev *be;
	unsigned int index;
	unsigned int pcm_index;
	unsigned int stream_index;
	char name[32];
	struct sndback_stream_cfg cfg;
	struct sndback_stream_cfg caps;
	bool caps_valid;

	struct xen_sndif_back_ring ring;
	struct xensnd_event_page *evt_page;
	int ring_irq;
	int evt_irq;
	struct work_struct work;
	unsigned long flags;
#define SNDBACK_F_EOI_PENDING	0	/* ring IRQ awaits its late EOI */
#define SNDBACK_F_EVT_EOI	1	/* event IRQ awaits its late EOI */
#define SNDBACK_F_DISABLED	2	/* protocol violation: stream is dead */
#define SNDBACK_F_DYING		3	/* disconnecting: queue no more work */
#define SNDBACK_F_LIVE		4	/* both IRQs bound: the work may run */

	enum sndback_state state;
	struct sndback_params params;
	struct sndback_shbuf shbuf;
	struct sndback_host host;
	struct sndback_vol vol;
	u64 appl;
	u64 copied;
	u64 pos;
	u64 evt_pos;
	u16 evt_id;
	u32 evt_prod;
	bool evt_pending;
	struct timer_list evt_retry;

	struct sndback_stats stats;
	struct dentry *dbg;
};

/**
 * struct sndback_dev - one xenbus vsnd device
 * @xbdev: the xenbus device
 * @domid: the frontend's domain
 * @devid: the device id (the last component of the backend path)
 * @domname: the guest's name from the toolstack-owned name node, or ""
 *           (a routing key)
 * @streams: array of @nr_streams streams, while connected
 * @nr_streams: streams in @streams
 * @dbg: debugfs directory
 *
 * Only the XenBus callbacks touch this, and they are serialised by xenwatch.
 */
struct sndback_dev {
	struct xenbus_device *xbdev;
	domid_t domid;
	unsigned int devid;
	char domname[SNDBACK_DOMNAME_MAX + 1];
	struct sndback_stream *streams;
	unsigned int nr_streams;
	struct dentry *dbg;
};

/* cfg.c: XenStore values (Xen-free parsing) */
int sndback_parse_rates(const char *str, u32 *rates, unsigned int max,
			unsigned int *nr);
int sndback_parse_formats(const char *str, u64 *mask);
int sndback_parse_uint(const char *str, u32 min, u32 max, u32 *val);
void sndback_cfg_defaults(struct sndback_stream_cfg *cfg, u32 buffer_max);
int sndback_cfg_apply(struct sndback_stream_cfg *cfg, const char *key,
		      const char *val);
int sndback_cfg_narrow_rates(struct sndback_stream_cfg *cfg, u32 min, u32 max);

/* check.c: request validation and position arithmetic (Xen-free) */
int sndback_check_open(const struct xensnd_open_req *req,
		       const struct sndback_stream_cfg *cfg,
		       struct sndback_params *p);
int sndback_check_rw(u32 offset, u32 length, const struct sndback_params *p);
int sndback_check_grefs(const u32 *grefs, u32 n);
u32 sndback_dir_pages(u32 nr_pages);
int sndback_query(const struct sndback_stream_cfg *cfg,
		  const struct xensnd_query_hw_param *req,
		  struct xensnd_query_hw_param *resp);
bool sndback_pos_due(u64 pos, u64 evt_pos, u64 appl, u32 period_bytes);

/* route.c: dom0's routing policy (Xen-free) */
int sndback_route_lookup(const char *routes, const char *dflt,
			 const char *dom, unsigned int domid, const char *uid,
			 char *out, size_t out_len);
int sndback_route_parse(const char *spec, char *card, size_t card_len,
			unsigned int *device);
int sndback_route_check(const char *routes);

/* vol.c: software volume (Xen-free) */
u32 sndback_vol_gain(s32 mdb);
bool sndback_vol_supported(snd_pcm_format_t fmt);
void sndback_vol_apply(u8 *buf, u32 frames, const struct sndback_params *p,
		       const u32 *gain);

/* xenbus.c */
int sndback_xenbus_init(void);
void sndback_xenbus_exit(void);

/* ring.c: transport of one stream */
void sndback_stream_init(struct sndback_stream *s);
int sndback_stream_connect(struct sndback_stream *s, grant_ref_t ring_ref,
			   evtchn_port_t ring_port, grant_ref_t evt_ref,
			   evtchn_port_t evt_port);
void sndback_stream_disconnect(struct sndback_stream *s);
void sndback_stream_fatal(struct sndback_stream *s, const char *why);
void sndback_stream_kick(struct sndback_stream *s);
int sndback_send_pos(struct sndback_stream *s);

/* req.c: request handling */
void sndback_handle_req(struct sndback_stream *s, const struct xensnd_req *req,
			struct xensnd_resp *resp);
void sndback_stream_close(struct sndback_stream *s);
void sndback_stream_service(struct sndback_stream *s);

/* shbuf.c: the guest buffer */
int sndback_shbuf_map(struct sndback_stream *s, grant_ref_t dir_ref,
		      u32 nr_pages, bool readonly);
void sndback_shbuf_unmap(struct sndback_stream *s);
void *sndback_shbuf_addr(struct sndback_shbuf *buf, u32 offset, u32 *avail);
void sndback_shbuf_read(struct sndback_shbuf *buf, u32 offset, void *dst,
			u32 len);
int sndback_shbuf_write(struct sndback_stream *s, u32 offset, const void *src,
			u32 len);

/* mixer.c: volume and mute requests */
void sndback_mixer_reset(struct sndback_stream *s);
int sndback_mixer_alloc(struct sndback_stream *s);
void sndback_mixer_free(struct sndback_stream *s);
int sndback_mixer_req(struct sndback_stream *s, const struct xensnd_req *req);

/* pcm.c: the host side */
int sndback_host_probe(struct sndback_stream *s, struct sndback_stream_cfg *cfg);
int sndback_host_open(struct sndback_stream *s);
void sndback_host_close(struct sndback_stream *s);
int sndback_host_start(struct sndback_stream *s);
void sndback_host_stop(struct sndback_stream *s);
int sndback_host_pause(struct sndback_stream *s, bool pause);
int sndback_host_push(struct sndback_stream *s);
int sndback_host_pull(struct sndback_stream *s);
u64 sndback_host_consumed(struct sndback_stream *s);

/* fault.c: fault injection, a test facility */
DECLARE_STATIC_KEY_FALSE(sndback_fault_on);
bool __sndback_fault_resp(struct sndback_stream *s, struct xensnd_resp *resp);
void __sndback_fault_pushed(struct sndback_stream *s, int *notify);
void __sndback_fault_evt(struct sndback_stream *s, struct xensnd_evt *evt,
			 u32 *prod);
bool __sndback_fault_evt_hold(struct sndback_stream *s);
void sndback_fault_debugfs_init(struct dentry *root);

/**
 * sndback_fault_resp() - let fault injection falsify or drop a response
 * @s: stream
 * @resp: the response about to go on the ring
 *
 * Context: the stream's work item.
 * Return: true to send @resp (always, unless a fault is selected).
 */
static inline bool sndback_fault_resp(struct sndback_stream *s,
				      struct xensnd_resp *resp)
{
	if (static_branch_unlikely(&sndback_fault_on))
		return __sndback_fault_resp(s, resp);
	return true;
}

/**
 * sndback_fault_pushed() - let fault injection falsify rsp_prod
 * @s: stream, responses just pushed
 * @notify: set if the guest must be notified
 *
 * Context: the stream's work item.
 */
static inline void sndback_fault_pushed(struct sndback_stream *s, int *notify)
{
	if (static_branch_unlikely(&sndback_fault_on))
		__sndback_fault_pushed(s, notify);
}

/**
 * sndback_fault_evt() - let fault injection falsify an event or its index
 * @s: stream
 * @evt: the event, on the event page
 * @prod: in_prod about to be published
 *
 * Context: the stream's work item.
 */
static inline void sndback_fault_evt(struct sndback_stream *s,
				     struct xensnd_evt *evt, u32 *prod)
{
	if (static_branch_unlikely(&sndback_fault_on))
		__sndback_fault_evt(s, evt, prod);
}

/**
 * sndback_fault_evt_hold() - let fault injection hold an event back
 * @s: stream, with an event due
 *
 * Context: the stream's work item.
 * Return: true to leave the event pending as if the event ring were full
 * (never, unless a fault is selected).
 */
static inline bool sndback_fault_evt_hold(struct sndback_stream *s)
{
	if (static_branch_unlikely(&sndback_fault_on))
		return __sndback_fault_evt_hold(s);
	return false;
}

/* debugfs.c */
void sndback_debugfs_init(void);
void sndback_debugfs_exit(void);
void sndback_debugfs_dev_add(struct sndback_dev *be);
void sndback_debugfs_dev_remove(struct sndback_dev *be);

#endif /* SNDBACK_COMMON_H */
