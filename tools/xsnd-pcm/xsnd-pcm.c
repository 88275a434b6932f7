// SPDX-License-Identifier: GPL-2.0
/*
 * xsnd-pcm - the PCM operations of the lab tests that aplay cannot script.
 *
 *   xsnd-pcm hwcheck -D PCM -f FMT -r RATE -c CH
 *	Open PCM and ask hw_params for exactly FMT/RATE/CH. Prints
 *	"accepted" (exit 0) or "refused at STEP: why" and what the device
 *	offers instead (exit 1). Exit 2: usage, or the PCM did not open.
 *
 *   xsnd-pcm play -D PCM -f FMT -r RATE -c CH [-p PERIOD_US] [-b BUFFER_US]
 *		   [--pause-at FRAMES --pause-ms MS]
 *		   [--stall-at FRAMES --stall-ms MS] FILE
 *	Play the raw FILE with interleaved writes; after FRAMES frames have
 *	been written, pause the PCM (snd_pcm_pause) for MS milliseconds
 *	and resume it. Prints the pause and resume times and the delay
 *	(snd_pcm_delay) on both sides of the pause. --stall-at instead
 *	stops writing for MS milliseconds, to cause an underrun, from which
 *	it recovers as aplay does (snd_pcm_prepare) and goes on. Exit 0 on
 *	success, 1 on an ALSA error or when the device cannot pause.
 *
 * FMT is an ALSA format name (S16_LE, S24_LE, S32_LE, ...).
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pcm_args {
	const char *dev;
	snd_pcm_format_t fmt;
	unsigned int rate;
	unsigned int channels;
	unsigned int period_us;
	unsigned int buffer_us;
	unsigned long pause_at;	/* frames; 0: no pause */
	unsigned int pause_ms;
	unsigned long stall_at;	/* frames; 0: no stall */
	unsigned int stall_ms;
	unsigned int xruns;	/* underruns recovered from */
	const char *file;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: xsnd-pcm hwcheck -D PCM -f FMT -r RATE -c CH\n"
		"       xsnd-pcm play -D PCM -f FMT -r RATE -c CH [-p PERIOD_US] [-b BUFFER_US]\n"
		"                     [--pause-at FRAMES --pause-ms MS] [--stall-at FRAMES --stall-ms MS] FILE\n");
	exit(2);
}

static unsigned long parse_num(const char *opt, const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end) {
		fprintf(stderr, "xsnd-pcm: bad number for %s: '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

static void parse_args(int argc, char **argv, struct pcm_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->fmt = SND_PCM_FORMAT_UNKNOWN;
	for (i = 2; i < argc; i++) {
		const char *o = argv[i];

		if (o[0] != '-') {
			if (a->file)
				usage();
			a->file = o;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(o, "-D"))
			a->dev = argv[++i];
		else if (!strcmp(o, "-f"))
			a->fmt = snd_pcm_format_value(argv[++i]);
		else if (!strcmp(o, "-r"))
			a->rate = parse_num(o, argv[++i]);
		else if (!strcmp(o, "-c"))
			a->channels = parse_num(o, argv[++i]);
		else if (!strcmp(o, "-p"))
			a->period_us = parse_num(o, argv[++i]);
		else if (!strcmp(o, "-b"))
			a->buffer_us = parse_num(o, argv[++i]);
		else if (!strcmp(o, "--pause-at"))
			a->pause_at = parse_num(o, argv[++i]);
		else if (!strcmp(o, "--pause-ms"))
			a->pause_ms = parse_num(o, argv[++i]);
		else if (!strcmp(o, "--stall-at"))
			a->stall_at = parse_num(o, argv[++i]);
		else if (!strcmp(o, "--stall-ms"))
			a->stall_ms = parse_num(o, argv[++i]);
		else
			usage();
	}
	if (!a->dev || a->fmt == SND_PCM_FORMAT_UNKNOWN || !a->rate ||
	    !a->channels)
		usage();
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* What the device offers, for the refusal message. */
static void print_offer(snd_pcm_t *pcm)
{
	snd_pcm_hw_params_t *hw;
	unsigned int rmin = 0, rmax = 0, cmin = 0, cmax = 0;
	snd_pcm_format_mask_t *fm;
	int f;

	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_format_mask_alloca(&fm);
	if (snd_pcm_hw_params_any(pcm, hw) < 0)
		return;
	snd_pcm_hw_params_get_rate_min(hw, &rmin, NULL);
	snd_pcm_hw_params_get_rate_max(hw, &rmax, NULL);
	snd_pcm_hw_params_get_channels_min(hw, &cmin);
	snd_pcm_hw_params_get_channels_max(hw, &cmax);
	snd_pcm_hw_params_get_format_mask(hw, fm);
	printf("device offers: rates %u..%u, channels %u..%u, formats", rmin,
	       rmax, cmin, cmax);
	for (f = 0; f <= SND_PCM_FORMAT_LAST; f++)
		if (snd_pcm_format_mask_test(fm, f))
			printf(" %s", snd_pcm_format_name(f));
	printf("\n");
}

/* Set access, format, rate, channels (exact) and the optional sizes. */
static int set_hw(snd_pcm_t *pcm, const struct pcm_args *a, const char **step)
{
	snd_pcm_hw_params_t *hw;
	unsigned int us;
	int err;

	snd_pcm_hw_params_alloca(&hw);
	*step = "any";
	err = snd_pcm_hw_params_any(pcm, hw);
	if (err >= 0) {
		*step = "access";
		err = snd_pcm_hw_params_set_access(pcm, hw,
						   SND_PCM_ACCESS_RW_INTERLEAVED);
	}
	if (err >= 0) {
		*step = "format";
		err = snd_pcm_hw_params_set_format(pcm, hw, a->fmt);
	}
	if (err >= 0) {
		*step = "channels";
		err = snd_pcm_hw_params_set_channels(pcm, hw, a->channels);
	}
	if (err >= 0) {
		*step = "rate";
		err = snd_pcm_hw_params_set_rate(pcm, hw, a->rate, 0);
	}
	if (err >= 0 && a->period_us) {
		*step = "period time";
		us = a->period_us;
		err = snd_pcm_hw_params_set_period_time_near(pcm, hw, &us, NULL);
	}
	if (err >= 0 && a->buffer_us) {
		*step = "buffer time";
		us = a->buffer_us;
		err = snd_pcm_hw_params_set_buffer_time_near(pcm, hw, &us, NULL);
	}
	if (err >= 0) {
		*step = "hw_params";
		err = snd_pcm_hw_params(pcm, hw);
	}
	if (err >= 0 && a->pause_at && !snd_pcm_hw_params_can_pause(hw)) {
		*step = "pause capability";
		err = -ENOTSUP;
	}
	return err;
}

static int cmd_hwcheck(const struct pcm_args *a)
{
	const char *step;
	snd_pcm_t *pcm;
	int err;

	err = snd_pcm_open(&pcm, a->dev, SND_PCM_STREAM_PLAYBACK, 0);
	if (err < 0) {
		fprintf(stderr, "xsnd-pcm: open %s: %s\n", a->dev,
			snd_strerror(err));
		return 2;
	}
	err = set_hw(pcm, a, &step);
	if (err < 0) {
		printf("refused at %s: %s (asked %s, %u Hz, %u channels)\n",
		       step, snd_strerror(err), snd_pcm_format_name(a->fmt),
		       a->rate, a->channels);
		print_offer(pcm);
	} else {
		printf("accepted: %s, %u Hz, %u channels\n",
		       snd_pcm_format_name(a->fmt), a->rate, a->channels);
	}
	snd_pcm_close(pcm);
	return err < 0 ? 1 : 0;
}

/*
 * Write all of buf[0..frames). An underrun fails, unless the run stalls on
 * purpose (--stall-at): then it is counted and recovered from as aplay does.
 */
static int write_all(snd_pcm_t *pcm, const char *buf, snd_pcm_uframes_t frames,
		     size_t fsz, struct pcm_args *a)
{
	while (frames) {
		snd_pcm_sframes_t n = snd_pcm_writei(pcm, buf, frames);

		if (n == -EPIPE && a->stall_at) {
			a->xruns++;
			n = snd_pcm_prepare(pcm);
			if (n == 0)
				continue;
		}
		if (n < 0) {
			fprintf(stderr, "xsnd-pcm: write: %s\n",
				snd_strerror(n));
			return n;
		}
		buf += n * fsz;
		frames -= n;
	}
	return 0;
}

static void nap_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};

	nanosleep(&ts, NULL);
}

static int do_pause(snd_pcm_t *pcm, const struct pcm_args *a)
{
	snd_pcm_sframes_t d0 = 0, d1 = 0;
	double t0, t1;
	int err;

	snd_pcm_delay(pcm, &d0);
	t0 = now_s();
	err = snd_pcm_pause(pcm, 1);
	if (err < 0) {
		fprintf(stderr, "xsnd-pcm: pause: %s\n", snd_strerror(err));
		return err;
	}
	nap_ms(a->pause_ms);
	if (snd_pcm_state(pcm) != SND_PCM_STATE_PAUSED) {
		fprintf(stderr, "xsnd-pcm: state %s while paused\n",
			snd_pcm_state_name(snd_pcm_state(pcm)));
		return -EIO;
	}
	snd_pcm_delay(pcm, &d1);
	err = snd_pcm_pause(pcm, 0);
	if (err < 0) {
		fprintf(stderr, "xsnd-pcm: resume: %s\n", snd_strerror(err));
		return err;
	}
	t1 = now_s();
	printf("paused after %lu frames for %.3f s; delay %ld before, %ld while paused\n",
	       a->pause_at, t1 - t0, (long)d0, (long)d1);
	return 0;
}

static int cmd_play(struct pcm_args *a)
{
	size_t fsz = snd_pcm_format_physical_width(a->fmt) / 8 * a->channels;
	snd_pcm_uframes_t frames, first;
	const char *step;
	snd_pcm_t *pcm;
	char *buf;
	long len;
	FILE *fp;
	int err;

	fp = a->file ? fopen(a->file, "rb") : NULL;
	if (!fp || fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET)) {
		fprintf(stderr, "xsnd-pcm: %s: %s\n", a->file ? a->file : "no file",
			strerror(errno));
		return 2;
	}
	frames = len / fsz;
	buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, fp) != (size_t)len) {
		fprintf(stderr, "xsnd-pcm: %s: read failed\n", a->file);
		return 2;
	}
	fclose(fp);

	err = snd_pcm_open(&pcm, a->dev, SND_PCM_STREAM_PLAYBACK, 0);
	if (err < 0) {
		fprintf(stderr, "xsnd-pcm: open %s: %s\n", a->dev,
			snd_strerror(err));
		return 1;
	}
	err = set_hw(pcm, a, &step);
	if (err < 0) {
		fprintf(stderr, "xsnd-pcm: %s: %s\n", step, snd_strerror(err));
		goto out;
	}
	first = a->pause_at ? a->pause_at : a->stall_at;
	if (!first || first > frames)
		first = frames;
	err = write_all(pcm, buf, first, fsz, a);
	if (!err && first < frames) {
		if (a->pause_at) {
			err = do_pause(pcm, a);
		} else {
			nap_ms(a->stall_ms);
			printf("stalled after %lu frames for %u ms\n", first,
			       a->stall_ms);
		}
		if (!err)
			err = write_all(pcm, buf + first * fsz, frames - first,
					fsz, a);
	}
	if (!err)
		err = snd_pcm_drain(pcm);
	if (err < 0)
		fprintf(stderr, "xsnd-pcm: play: %s\n", snd_strerror(err));
	else
		printf("played %lu frames, %u underruns\n",
		       (unsigned long)frames, a->xruns);
out:
	snd_pcm_close(pcm);
	free(buf);
	return err < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct pcm_args a;

	if (argc < 2)
		usage();
	parse_args(argc, argv, &a);
	if (!strcmp(argv[1], "hwcheck"))
		return cmd_hwcheck(&a);
	if (!strcmp(argv[1], "play"))
		return cmd_play(&a);
	usage();
	return 2;
}
