// SPDX-License-Identifier: GPL-2.0
/*
 * xsnd-bench - round-trip latency and xrun benchmark of an ALSA duplex loop,
 * for the Xen PV sound lab (issue 7) and for real hardware.
 *
 *   xsnd-bench [-D DEV | -P PLAYDEV -C CAPDEV] [-r RATE] [-c CHANNELS]
 *              [-p PERIOD_US | -f PERIOD_FRAMES] [-n PERIODS] [-k FILL]
 *              [-d SECONDS] [-w WARMUP] [-i INTERVAL_MS] [-N NAME]
 *              [-M MARKER] [--no-rt]
 *
 * The capture device must receive what the playback device plays (a cable,
 * or in the lab: vsnd playback -> snd-xenback -> snd-aloop Loopback,0 ->
 * Loopback,1 -> snd-xenback -> vsnd capture). Format S16_LE.
 *
 * Method. Both PCMs get the same period P and a buffer of PERIODS periods,
 * and run independently in one poll() loop, as in a live monitor: the
 * playback is topped up to FILL periods queued whenever a period is free
 * (avail_min = buffer - (FILL - 1) periods), the capture is read a period
 * at a time. Every INTERVAL ms the period written starts with a three-frame
 * marker (magic, sequence number, magic) in every channel; everything else
 * is silence. The path is bit-exact, so any non-zero sample that is not
 * part of a marker, or a frame whose channels differ, is counted as
 * garbage.
 *
 * Round trip of a marker = time snd_pcm_readi() returned the period that
 * holds the marker's first frame - time just before the snd_pcm_writei()
 * that handed it over (CLOCK_MONOTONIC): what an application hears of its
 * own output. With an ideal device it is FILL periods at most (the queue
 * ahead of the marker, then the rest of its capture period).
 *
 * An xrun (-EPIPE) restarts the stream it hit: a playback one is prepared,
 * refilled with FILL periods of silence and started (markers in flight are
 * lost), a capture one prepared and started. A write the driver refuses
 * (-EINVAL, -EIO) is counted apart and handled like an xrun: Debian's
 * snd_xen_front sends WRITE synchronously, so one can race the STOP of an
 * xrun and reach the backend after it; a playback that still cannot
 * restart after three tries is closed and opened anew. A capture stall,
 * no period for max(100 ms, 1.1 buffer times) (where a blocking reader
 * would get -EIO from ALSA), is counted too.
 * The first WARMUP seconds are not in the figures.
 *
 * Output, one line each:
 *   xsnd-lab: marker MARKER-run       when the measured part starts (-M)
 *   xsnd-bench: result name=... key=value ...
 * CPU: the process's own time (getrusage) and the whole system's busy and
 * steal share from /proc/stat over the measured part.
 * Exit status: 0 ran and found markers, 1 no marker came back, 2 error.
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

/* Marker frames: MAGIC_A, sequence (1..SEQ_MAX), MAGIC_B in every channel. */
#define MAGIC_A		((int16_t)0x5a17)
#define MAGIC_B		((int16_t)-0x5a17)
#define MARKER_FRAMES	3
#define SEQ_MAX		32000
/* Latency samples kept: 1 per marker; 10 per second for 20 minutes. */
#define LAT_MAX		12000

struct bench_args {
	const char *play_dev;
	const char *cap_dev;
	unsigned int rate;
	unsigned int channels;
	unsigned int period_us;
	snd_pcm_uframes_t period_frames;
	unsigned int periods;
	unsigned int fill;
	double secs;
	double warmup;
	unsigned int interval_ms;
	const char *name;
	const char *marker;
	int rt;
};

struct bench_state {
	snd_pcm_t *play;
	snd_pcm_t *cap;
	snd_pcm_uframes_t period;	/* frames, as the PCMs have it */
	snd_pcm_uframes_t buffer;
	int16_t *pbuf;
	int16_t *cbuf;
	struct pollfd *pfd;		/* playback's, then capture's */

	/* markers in flight, by sequence number */
	double sent_at[SEQ_MAX + 1];
	unsigned int next_seq;
	double next_marker;

	/* capture-side marker parser */
	int parse_state;	/* 0 scanning, 1 want seq, 2 want MAGIC_B */
	unsigned int parse_seq;
	double parse_t;

	/* figures */
	int measuring;
	double lat[LAT_MAX];
	unsigned int nr_lat;
	unsigned long sent;	/* markers sent while measuring */
	unsigned long found;	/* of those, found */
	unsigned long lost_xrun;
	unsigned long unknown;	/* marker with an unexpected sequence */
	unsigned long garbage;	/* non-zero samples outside markers */
	unsigned long xrun_play;
	unsigned long xrun_cap;
	unsigned long stall_cap;	/* no capture data for a buffer time */
	unsigned long err_play;		/* writes refused (-EINVAL, -EIO) */
	unsigned long reopen_play;	/* playback closed and reopened */
	double cap_last;		/* when capture data last came */
	int cap_stalled;
	unsigned long long periods_done;
};

static volatile sig_atomic_t bench_stop;

static void bench_sig(int sig)
{
	(void)sig;
	bench_stop = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "xsnd-bench: %s: %s\n", what, snd_strerror(err));
	exit(2);
}

/* Same hardware set-up on both PCMs; the period and buffer they took. */
static int bench_hw(snd_pcm_t *pcm, const struct bench_args *a,
		    snd_pcm_uframes_t *period, snd_pcm_uframes_t *buffer,
		    int playback)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	snd_pcm_uframes_t boundary, avail_min;
	unsigned int rate = a->rate;
	int dir = 0, err;

	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	err = snd_pcm_hw_params_any(pcm, hw);
	err = err < 0 ? err : snd_pcm_hw_params_set_access(pcm, hw,
					SND_PCM_ACCESS_RW_INTERLEAVED);
	err = err < 0 ? err : snd_pcm_hw_params_set_format(pcm, hw,
					SND_PCM_FORMAT_S16_LE);
	err = err < 0 ? err : snd_pcm_hw_params_set_channels(pcm, hw,
					a->channels);
	err = err < 0 ? err : snd_pcm_hw_params_set_rate_resample(pcm, hw, 0);
	err = err < 0 ? err : snd_pcm_hw_params_set_rate_near(pcm, hw, &rate,
					&dir);
	if (err < 0)
		return err;
	if (rate != a->rate) {
		fprintf(stderr, "xsnd-bench: rate %u not available (got %u)\n",
			a->rate, rate);
		return -EINVAL;
	}
	*period = a->period_frames;
	dir = 0;
	err = snd_pcm_hw_params_set_period_size_near(pcm, hw, period, &dir);
	if (err < 0)
		return err;
	*buffer = *period * a->periods;
	err = snd_pcm_hw_params_set_buffer_size_near(pcm, hw, buffer);
	err = err < 0 ? err : snd_pcm_hw_params(pcm, hw);
	if (err < 0)
		return err;
	snd_pcm_hw_params_get_period_size(hw, period, &dir);
	snd_pcm_hw_params_get_buffer_size(hw, buffer);

	/*
	 * Started by hand. Capture: woken for each period. Playback: woken
	 * when no more than FILL - 1 periods are queued.
	 */
	if (playback && *buffer < (a->fill + 1) * *period) {
		fprintf(stderr, "xsnd-bench: playback buffer %lu frames holds fewer than fill + 1 periods\n",
			*buffer);
		return -EINVAL;
	}
	avail_min = playback ? *buffer - (a->fill - 1) * *period : *period;
	err = snd_pcm_sw_params_current(pcm, sw);
	err = err < 0 ? err : snd_pcm_sw_params_get_boundary(sw, &boundary);
	err = err < 0 ? err : snd_pcm_sw_params_set_start_threshold(pcm, sw,
					boundary);
	err = err < 0 ? err : snd_pcm_sw_params_set_avail_min(pcm, sw,
					avail_min);
	err = err < 0 ? err : snd_pcm_sw_params(pcm, sw);
	return err;
}

static void bench_open(struct bench_state *b, const struct bench_args *a)
{
	snd_pcm_uframes_t cp, cb;
	int err;

	err = snd_pcm_open(&b->play, a->play_dev, SND_PCM_STREAM_PLAYBACK,
			   SND_PCM_NONBLOCK);
	if (err < 0)
		die(a->play_dev, err);
	err = snd_pcm_open(&b->cap, a->cap_dev, SND_PCM_STREAM_CAPTURE,
			   SND_PCM_NONBLOCK);
	if (err < 0)
		die(a->cap_dev, err);
	err = bench_hw(b->play, a, &b->period, &b->buffer, 1);
	if (err < 0)
		die("playback set-up", err);
	err = bench_hw(b->cap, a, &cp, &cb, 0);
	if (err < 0)
		die("capture set-up", err);
	if (cp != b->period) {
		fprintf(stderr, "xsnd-bench: periods differ: playback %lu, capture %lu frames\n",
			b->period, cp);
		exit(2);
	}
	b->pbuf = calloc(b->period, a->channels * sizeof(int16_t));
	b->cbuf = calloc(b->period, a->channels * sizeof(int16_t));
	b->pfd = calloc(snd_pcm_poll_descriptors_count(b->play) +
			snd_pcm_poll_descriptors_count(b->cap),
			sizeof(*b->pfd));
	if (!b->pbuf || !b->cbuf || !b->pfd) {
		fprintf(stderr, "xsnd-bench: out of memory\n");
		exit(2);
	}
}

/* (Re)start the playback: FILL periods of silence queued; 0 or -errno. */
static int bench_start_play(struct bench_state *b, const struct bench_args *a)
{
	snd_pcm_sframes_t n;
	unsigned int i;
	int err;

	snd_pcm_drop(b->play);
	err = snd_pcm_prepare(b->play);
	if (err < 0)
		return err;
	memset(b->pbuf, 0, b->period * a->channels * sizeof(int16_t));
	for (i = 0; i < a->fill; i++) {
		n = snd_pcm_writei(b->play, b->pbuf, b->period);
		if (n < 0)
			return n;
	}
	return snd_pcm_start(b->play);
}

/* (Re)start the capture; 0 or -errno. */
static int bench_start_cap(struct bench_state *b)
{
	int err;

	snd_pcm_drop(b->cap);
	b->parse_state = 0;
	err = snd_pcm_prepare(b->cap);
	return err < 0 ? err : snd_pcm_start(b->cap);
}

/* Forget the markers in flight (after an xrun). */
static void bench_forget(struct bench_state *b)
{
	unsigned int i;

	for (i = 0; i <= SEQ_MAX; i++) {
		if (b->sent_at[i] > 0)
			b->lost_xrun++;
		b->sent_at[i] = 0;
	}
}

static void bench_found(struct bench_state *b, unsigned int seq, double t)
{
	double sent = seq <= SEQ_MAX ? b->sent_at[seq] : 0;

	if (sent == 0) {	/* never sent, or already found */
		b->unknown += b->measuring;
		return;
	}
	b->sent_at[seq] = 0;
	if (sent < 0 || !b->measuring)
		return;
	b->found++;
	if (b->nr_lat < LAT_MAX)
		b->lat[b->nr_lat++] = t - sent;
}

/* Feed the captured period to the marker parser; t: when it came back. */
static void bench_parse(struct bench_state *b, const struct bench_args *a,
			snd_pcm_uframes_t frames, double t)
{
	snd_pcm_uframes_t f;
	unsigned int c;
	int16_t v;

	for (f = 0; f < frames; f++) {
		const int16_t *fr = b->cbuf + f * a->channels;

		v = fr[0];
		for (c = 1; c < a->channels; c++) {
			if (fr[c] != v)
				b->garbage += b->measuring;
		}
		switch (b->parse_state) {
		case 0:
			if (v == MAGIC_A) {
				b->parse_state = 1;
				b->parse_t = t;
			} else if (v) {
				b->garbage += b->measuring;
			}
			break;
		case 1:
			b->parse_seq = (uint16_t)v;
			b->parse_state = 2;
			break;
		default:
			if (v == MAGIC_B)
				bench_found(b, b->parse_seq, b->parse_t);
			else
				b->garbage += b->measuring;
			b->parse_state = 0;
			break;
		}
	}
}

/* The next playback period: silence, or a marker at its start. */
static void bench_fill(struct bench_state *b, const struct bench_args *a,
		       double t)
{
	static const int16_t frame_val[MARKER_FRAMES] = { MAGIC_A, 0, MAGIC_B };
	unsigned int f, c;
	int16_t v;

	memset(b->pbuf, 0, b->period * a->channels * sizeof(int16_t));
	if (t < b->next_marker || b->period < MARKER_FRAMES)
		return;
	b->next_marker = t + a->interval_ms / 1000.0;
	b->next_seq = b->next_seq % SEQ_MAX + 1;
	for (f = 0; f < MARKER_FRAMES; f++) {
		v = f == 1 ? (int16_t)b->next_seq : frame_val[f];
		for (c = 0; c < a->channels; c++)
			b->pbuf[f * a->channels + c] = v;
	}
	/* Stamped just before the write; -1: sent, but not measured. */
	b->sent_at[b->next_seq] = b->measuring ? now_s() : -1;
	b->sent += b->measuring;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* busy and steal jiffies of the whole system, from /proc/stat */
static void proc_cpu(unsigned long long *busy, unsigned long long *total,
		     unsigned long long *steal)
{
	unsigned long long v[10] = { 0 };
	FILE *f = fopen("/proc/stat", "r");

	*busy = *total = *steal = 0;
	if (!f)
		return;
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
		   &v[7]) == 8) {
		*busy = v[0] + v[1] + v[2] + v[5] + v[6];
		*steal = v[7];
		*total = *busy + v[3] + v[4] + v[7];
	}
	fclose(f);
}

static double rusage_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xsnd-bench [-D DEV | -P PLAYDEV -C CAPDEV] [-r RATE] [-c CHANNELS]\n"
		"                  [-p PERIOD_US | -f PERIOD_FRAMES] [-n PERIODS] [-k FILL]\n"
		"                  [-d SECONDS] [-w WARMUP] [-i INTERVAL_MS] [-N NAME]\n"
		"                  [-M MARKER] [--no-rt]\n");
	exit(2);
}

static void parse_args(struct bench_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'D' },
		{ "playback", required_argument, NULL, 'P' },
		{ "capture", required_argument, NULL, 'C' },
		{ "rate", required_argument, NULL, 'r' },
		{ "channels", required_argument, NULL, 'c' },
		{ "period-us", required_argument, NULL, 'p' },
		{ "period-frames", required_argument, NULL, 'f' },
		{ "periods", required_argument, NULL, 'n' },
		{ "fill", required_argument, NULL, 'k' },
		{ "seconds", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, 'i' },
		{ "name", required_argument, NULL, 'N' },
		{ "marker", required_argument, NULL, 'M' },
		{ "no-rt", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	int o;

	while ((o = getopt_long(argc, argv, "D:P:C:r:c:p:f:n:k:d:w:i:N:M:",
				opts, NULL)) != -1) {
		switch (o) {
		case 'D': a->play_dev = a->cap_dev = optarg; break;
		case 'P': a->play_dev = optarg; break;
		case 'C': a->cap_dev = optarg; break;
		case 'r': a->rate = strtoul(optarg, NULL, 0); break;
		case 'c': a->channels = strtoul(optarg, NULL, 0); break;
		case 'p': a->period_us = strtoul(optarg, NULL, 0); break;
		case 'f': a->period_frames = strtoul(optarg, NULL, 0); break;
		case 'n': a->periods = strtoul(optarg, NULL, 0); break;
		case 'k': a->fill = strtoul(optarg, NULL, 0); break;
		case 'd': a->secs = strtod(optarg, NULL); break;
		case 'w': a->warmup = strtod(optarg, NULL); break;
		case 'i': a->interval_ms = strtoul(optarg, NULL, 0); break;
		case 'N': a->name = optarg; break;
		case 'M': a->marker = optarg; break;
		case 'R': a->rt = 0; break;
		default: usage();
		}
	}
	if (optind != argc || !a->rate || !a->channels || a->secs <= 0 ||
	    a->warmup < 0 || !a->interval_ms || !a->fill ||
	    a->periods < a->fill + 1)
		usage();
	if (!a->period_frames)
		a->period_frames = (unsigned long long)a->rate * a->period_us /
				   1000000;
	if (a->period_frames < MARKER_FRAMES)
		usage();
}

static void report(struct bench_state *b, const struct bench_args *a,
		   double secs, double cpu_self,
		   unsigned long long busy, unsigned long long total,
		   unsigned long long steal)
{
	double mn = 0, p50 = 0, p99 = 0, mx = 0, sum = 0;
	unsigned int i, n = b->nr_lat;

	if (n) {
		qsort(b->lat, n, sizeof(b->lat[0]), cmp_double);
		for (i = 0; i < n; i++)
			sum += b->lat[i];
		mn = b->lat[0];
		p50 = b->lat[n / 2];
		p99 = b->lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
		mx = b->lat[n - 1];
	}
	printf("xsnd-bench: result name=%s rate=%u channels=%u period_frames=%lu period_us=%.0f buffer_frames=%lu fill=%u secs=%.1f periods=%llu markers=%lu found=%lu lost_xrun=%lu unknown=%lu garbage=%lu lat_min_us=%.0f lat_p50_us=%.0f lat_p99_us=%.0f lat_max_us=%.0f lat_mean_us=%.0f xrun_play=%lu xrun_cap=%lu stall_cap=%lu err_play=%lu reopen_play=%lu cpu_self_ms_per_s=%.1f sys_busy_pct=%.1f sys_steal_pct=%.1f rt=%d\n",
	       a->name, a->rate, a->channels, b->period,
	       1e6 * b->period / a->rate, b->buffer, a->fill, secs,
	       b->periods_done, b->sent, b->found, b->lost_xrun, b->unknown,
	       b->garbage, mn * 1e6, p50 * 1e6, p99 * 1e6, mx * 1e6,
	       n ? sum / n * 1e6 : 0.0, b->xrun_play, b->xrun_cap, b->stall_cap,
	       b->err_play, b->reopen_play,
	       secs > 0 ? cpu_self * 1000 / secs : 0.0,
	       total ? 100.0 * busy / total : 0.0,
	       total ? 100.0 * steal / total : 0.0, a->rt);
	fflush(stdout);
}

/*
 * Close and reopen the playback PCM (a CLOSE and a new OPEN for a vsnd
 * stream), for a driver that refuses every restart; refreshes the poll
 * descriptors. 0 or -errno (then the old PCM stays).
 */
static int bench_reopen_play(struct bench_state *b, const struct bench_args *a,
			     int *np, int *nc)
{
	snd_pcm_uframes_t period, buffer;
	snd_pcm_t *pcm;
	int err;

	snd_pcm_close(b->play);
	err = snd_pcm_open(&pcm, a->play_dev, SND_PCM_STREAM_PLAYBACK,
			   SND_PCM_NONBLOCK);
	if (err < 0)
		die("playback reopen", err);
	err = bench_hw(pcm, a, &period, &buffer, 1);
	if (err < 0 || period != b->period || buffer != b->buffer)
		die("playback reopen set-up", err < 0 ? err : -EINVAL);
	fprintf(stderr, "xsnd-bench: playback reopened\n");
	b->play = pcm;
	free(b->pfd);
	b->pfd = calloc(snd_pcm_poll_descriptors_count(b->play) +
			snd_pcm_poll_descriptors_count(b->cap),
			sizeof(*b->pfd));
	if (!b->pfd) {
		fprintf(stderr, "xsnd-bench: out of memory\n");
		exit(2);
	}
	*np = snd_pcm_poll_descriptors(b->play, b->pfd,
				       snd_pcm_poll_descriptors_count(b->play));
	*nc = snd_pcm_poll_descriptors(b->cap, b->pfd + *np,
				       snd_pcm_poll_descriptors_count(b->cap));
	return 0;
}

/* Capture side: read what is there a period at a time; 0 or -errno. */
static int bench_capture(struct bench_state *b, const struct bench_args *a)
{
	snd_pcm_sframes_t n;
	double t;

	for (;;) {
		n = snd_pcm_readi(b->cap, b->cbuf, b->period);
		if (n == -EAGAIN)
			return 0;
		if (n < 0)
			return n;
		t = now_s();
		b->cap_last = t;
		b->cap_stalled = 0;
		bench_parse(b, a, n, t);
	}
}

/* Playback side: top the queue up to FILL periods; 0 or -errno. */
static int bench_playback(struct bench_state *b, const struct bench_args *a)
{
	snd_pcm_sframes_t avail, n;

	for (;;) {
		avail = snd_pcm_avail_update(b->play);
		if (avail < 0)
			return avail;
		if ((snd_pcm_uframes_t)avail < b->buffer - (a->fill - 1) * b->period)
			return 0;
		bench_fill(b, a, now_s());
		n = snd_pcm_writei(b->play, b->pbuf, b->period);
		if (n == -EAGAIN)
			return 0;
		if (n < 0)
			return n;
		b->periods_done += b->measuring;
	}
}

int main(int argc, char **argv)
{
	struct bench_args a = {
		.play_dev = "hw:0,0", .cap_dev = "hw:0,0", .rate = 48000,
		.channels = 2, .period_us = 10000, .periods = 4, .fill = 2,
		.secs = 10, .warmup = 1, .interval_ms = 100, .name = "bench",
		.rt = 1,
	};
	static struct bench_state b;
	unsigned long long busy0 = 0, total0 = 0, steal0 = 0, busy1, total1,
			   steal1;
	double t, t_measure, t_end, cpu0 = 0, stall;
	struct sched_param sp = { .sched_priority = 50 };
	unsigned short prev, crev;
	int np, nc, err, play_down = 0, cap_down = 0;

	parse_args(&a, argc, argv);
	signal(SIGINT, bench_sig);
	signal(SIGTERM, bench_sig);
	if (a.rt) {
		mlockall(MCL_CURRENT | MCL_FUTURE);
		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			a.rt = 0;
	}

	bench_open(&b, &a);
	np = snd_pcm_poll_descriptors(b.play, b.pfd,
				      snd_pcm_poll_descriptors_count(b.play));
	nc = snd_pcm_poll_descriptors(b.cap, b.pfd + np,
				      snd_pcm_poll_descriptors_count(b.cap));
	t = now_s();
	t_measure = t + a.warmup;
	t_end = t_measure + a.secs;
	b.next_marker = t;
	/* A stream that does not start is tried again in the loop. */
	cap_down = bench_start_cap(&b) < 0;
	err = bench_start_play(&b, &a);
	if (err < 0)
		fprintf(stderr, "xsnd-bench: playback start: %s\n",
			snd_strerror(err));
	play_down = err < 0;
	b.cap_last = now_s();
	stall = 1.1 * b.buffer / a.rate;
	if (stall < 0.1)
		stall = 0.1;

	while (!bench_stop) {
		/* A stream that failed to restart is tried again in 10 ms. */
		if (poll(b.pfd, np + nc, play_down || cap_down ? 10 : 1000) < 0 &&
		    errno != EINTR)
			break;
		t = now_s();
		if (!b.measuring && t >= t_measure) {
			b.measuring = 1;
			cpu0 = rusage_s();
			proc_cpu(&busy0, &total0, &steal0);
			if (a.marker)
				printf("xsnd-lab: marker %s-run\n", a.marker);
			fflush(stdout);
		}
		if (t >= t_end)
			break;
		if (t - b.cap_last > stall && !b.cap_stalled) {
			b.cap_stalled = 1;
			b.stall_cap += b.measuring;
		}
		snd_pcm_poll_descriptors_revents(b.play, b.pfd, np, &prev);
		snd_pcm_poll_descriptors_revents(b.cap, b.pfd + np, nc, &crev);

		err = cap_down ? -EPIPE : (crev & (POLLIN | POLLERR)) ?
		      bench_capture(&b, &a) : 0;
		if (err == -EPIPE || err == -ESTRPIPE || err == -EIO) {
			b.xrun_cap += b.measuring && !cap_down;
			cap_down = bench_start_cap(&b) < 0;
			b.cap_last = t;
		} else if (err < 0) {
			die("capture", err);
		}

		err = play_down ? -EPIPE : (prev & (POLLOUT | POLLERR)) ?
		      bench_playback(&b, &a) : 0;
		if (err == -EPIPE || err == -ESTRPIPE) {
			b.xrun_play += b.measuring && !play_down;
		} else if (err == -EINVAL || err == -EIO) {
			/* the driver refused a write: count it, go on */
			b.err_play += b.measuring;
			fprintf(stderr, "xsnd-bench: playback: %s; restarting\n",
				snd_strerror(err));
		} else if (err < 0) {
			die("playback", err);
		}
		if (err < 0) {
			bench_forget(&b);
			/* Refused again and again: close and open it anew. */
			if (play_down >= 3 && bench_reopen_play(&b, &a, &np, &nc) == 0)
				b.reopen_play += b.measuring;
			err = bench_start_play(&b, &a);
			if (err < 0 && !play_down) {
				b.err_play += b.measuring;
				fprintf(stderr, "xsnd-bench: playback restart: %s\n",
					snd_strerror(err));
			}
			play_down = err < 0 ? play_down + 1 : 0;
		}
	}
	t = now_s();
	proc_cpu(&busy1, &total1, &steal1);
	report(&b, &a, b.measuring ? t - t_measure : 0,
	       b.measuring ? rusage_s() - cpu0 : 0, busy1 - busy0,
	       total1 - total0, steal1 - steal0);
	snd_pcm_drop(b.play);
	snd_pcm_drop(b.cap);
	snd_pcm_close(b.play);
	snd_pcm_close(b.cap);
	return b.found ? 0 : 1;
}
