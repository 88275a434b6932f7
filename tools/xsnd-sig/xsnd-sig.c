// SPDX-License-Identifier: GPL-2.0
/*
 * xsnd-sig - generate and verify a deterministic, non-periodic test signal
 * for the Xen PV sound lab.
 *
 *   xsnd-sig gen    --seed S --frames N --format F --channels C > ref.raw
 *   xsnd-sig verify --seed S --frames N --format F --channels C
 *                   [--gaps G] [--gain-db DB] capture.raw
 *
 * F is s16_le, s24_le or s32_le (S24_LE: 24-bit samples in the low three
 * bytes of a 4-byte little-endian container; the top byte is padding,
 * written as the sign extension and ignored by verify).
 *
 * The signal is seeded PRNG noise at 1/8 of full scale: no period, every
 * frame has a non-zero sample in channel 0, so a dropped, repeated or
 * shifted frame anywhere is caught. verify locates the signal in a capture
 * that begins with silence, compares all N frames exactly, checks that the
 * frame after them is silence (or the end of the file), and prints what it
 * found. --gaps G accepts up to G runs of silence inside the signal (what a
 * pause inserts): still nothing lost, nothing repeated, nothing altered.
 * --gain-db DB expects every sample scaled by DB (a volume control) to
 * within 2 % instead of bit-exact.
 * Exit status: 0 exact match, 1 mismatch, 2 usage or I/O error.
 *
 * Plain C and libc only, so it links statically and runs in dom0 and in the
 * busybox guest.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sig_fmt {
	const char *name;
	unsigned int bytes;	/* container size */
	unsigned int bits;	/* significant bits */
};

static const struct sig_fmt sig_fmts[] = {
	{ "s16_le", 2, 16 },
	{ "s24_le", 4, 24 },
	{ "s32_le", 4, 32 },
};

struct sig_args {
	uint64_t seed;
	unsigned long frames;
	const struct sig_fmt *fmt;
	unsigned int channels;
	unsigned long max_gaps;	/* silent runs allowed inside the signal */
	double gain;		/* expected gain (--gain-db), 1.0: bit-exact */
	const char *file;
};

/* splitmix64: a tiny, well-mixed, seedable PRNG. */
static uint64_t sig_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* One sample: uniform in [-2^(bits-4), 2^(bits-4)), never 0 on channel 0. */
static int32_t sig_sample(uint64_t *state, const struct sig_fmt *fmt,
			  unsigned int ch)
{
	unsigned int amp_bits = fmt->bits - 3;
	uint64_t r = sig_next(state);
	int64_t v = (int64_t)(r & ((1ULL << amp_bits) - 1)) -
		    (int64_t)(1ULL << (amp_bits - 1));

	if (ch == 0 && v == 0)
		v = 1;
	return (int32_t)v;
}

static void sig_store(unsigned char *p, const struct sig_fmt *fmt, int32_t v)
{
	uint32_t u = (uint32_t)v;
	unsigned int i;

	for (i = 0; i < fmt->bytes; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

static void sig_frame(uint64_t *state, const struct sig_args *a,
		      unsigned char *buf)
{
	unsigned int ch;

	for (ch = 0; ch < a->channels; ch++)
		sig_store(buf + ch * a->fmt->bytes, a->fmt,
			  sig_sample(state, a->fmt, ch));
}

/* Bytes of a sample that carry signal (S24_LE: the low three). */
static unsigned int sig_sig_bytes(const struct sig_fmt *fmt)
{
	return fmt->bits / 8;
}

/* A sample's value: its significant bytes, sign-extended. */
static int32_t sig_load(const unsigned char *p, const struct sig_fmt *fmt)
{
	unsigned int i, n = sig_sig_bytes(fmt);
	uint32_t u = 0;

	for (i = 0; i < n; i++)
		u |= (uint32_t)p[i] << (8 * i);
	if (n < 4 && (u & (1U << (8 * n - 1))))
		u |= ~0U << (8 * n);
	return (int32_t)u;
}

/*
 * With --gain-db, a captured sample x matches reference y when it is
 * within 2 % (0.17 dB: the frontend's volume steps and the backend's
 * fixed-point gain) plus one step of y * gain.
 */
static int frame_scaled(const unsigned char *x, const unsigned char *y,
			const struct sig_args *a)
{
	unsigned int ch;

	for (ch = 0; ch < a->channels; ch++) {
		double want = sig_load(y + ch * a->fmt->bytes, a->fmt) * a->gain;
		double got = sig_load(x + ch * a->fmt->bytes, a->fmt);

		if (fabs(got - want) > 1.0 + fabs(want) * 0.02)
			return 0;
	}
	return 1;
}

/* Does captured frame @x carry reference frame @y? */
static int frame_equal(const unsigned char *x, const unsigned char *y,
		       const struct sig_args *a)
{
	unsigned int ch, n = sig_sig_bytes(a->fmt);

	if (a->gain != 1.0)
		return frame_scaled(x, y, a);
	for (ch = 0; ch < a->channels; ch++)
		if (memcmp(x + ch * a->fmt->bytes, y + ch * a->fmt->bytes, n))
			return 0;
	return 1;
}

static int frame_silent(const unsigned char *x, const struct sig_args *a)
{
	unsigned int ch, i, n = sig_sig_bytes(a->fmt);

	for (ch = 0; ch < a->channels; ch++)
		for (i = 0; i < n; i++)
			if (x[ch * a->fmt->bytes + i])
				return 0;
	return 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xsnd-sig gen --seed S --frames N --format s16_le|s24_le|s32_le --channels C\n"
		"       xsnd-sig verify --seed S --frames N --format F --channels C [--gaps G] [--gain-db DB] CAPTURE.raw\n");
	exit(2);
}

static unsigned long parse_num(const char *opt, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end) {
		fprintf(stderr, "xsnd-sig: bad number for %s: '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

static void parse_args(int argc, char **argv, struct sig_args *a, int want_file)
{
	int i, have_seed = 0;
	size_t k;

	memset(a, 0, sizeof(*a));
	a->gain = 1.0;
	for (i = 2; i < argc; i++) {
		const char *o = argv[i];

		if (o[0] != '-') {
			if (!want_file || a->file)
				usage();
			a->file = o;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(o, "--seed")) {
			a->seed = parse_num(o, argv[++i]);
			have_seed = 1;
		} else if (!strcmp(o, "--frames")) {
			a->frames = parse_num(o, argv[++i]);
		} else if (!strcmp(o, "--gain-db")) {
			char *end;
			double db = strtod(argv[++i], &end);

			if (*end || db > 0 || db < -60) {
				fprintf(stderr, "xsnd-sig: --gain-db wants -60..0\n");
				exit(2);
			}
			a->gain = pow(10.0, db / 20.0);
		} else if (!strcmp(o, "--gaps")) {
			a->max_gaps = parse_num(o, argv[++i]);
		} else if (!strcmp(o, "--channels")) {
			a->channels = parse_num(o, argv[++i]);
		} else if (!strcmp(o, "--format")) {
			const char *f = argv[++i];

			for (k = 0; k < sizeof(sig_fmts) / sizeof(sig_fmts[0]); k++)
				if (!strcmp(f, sig_fmts[k].name))
					a->fmt = &sig_fmts[k];
			if (!a->fmt) {
				fprintf(stderr, "xsnd-sig: unknown format '%s'\n", f);
				exit(2);
			}
		} else {
			usage();
		}
	}
	if (!have_seed || !a->frames || !a->fmt || !a->channels ||
	    a->channels > 64 || (want_file && !a->file))
		usage();
}

static int cmd_gen(const struct sig_args *a)
{
	size_t fsz = (size_t)a->fmt->bytes * a->channels;
	unsigned char buf[4096 * 4];
	uint64_t state = a->seed;
	unsigned long f = 0;

	while (f < a->frames) {
		size_t n = 0;

		while (f < a->frames && n + fsz <= sizeof(buf)) {
			sig_frame(&state, a, buf + n);
			n += fsz;
			f++;
		}
		if (fwrite(buf, 1, n, stdout) != n) {
			perror("xsnd-sig: write");
			return 2;
		}
	}
	if (fflush(stdout)) {
		perror("xsnd-sig: write");
		return 2;
	}
	return 0;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!fp) {
		fprintf(stderr, "xsnd-sig: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	for (;;) {
		size_t r;

		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf) {
				fprintf(stderr, "xsnd-sig: out of memory\n");
				exit(2);
			}
		}
		r = fread(buf + n, 1, cap - n, fp);
		if (!r)
			break;
		n += r;
	}
	if (ferror(fp)) {
		fprintf(stderr, "xsnd-sig: %s: read error\n", path);
		exit(2);
	}
	fclose(fp);
	*len = n;
	return buf;
}

/*
 * Find the first frame offset in cap[0..cn) where ref[0..win) matches.
 * Return cn if there is none.
 */
static size_t find_window(const unsigned char *cap, size_t cn,
			  const unsigned char *ref, size_t win,
			  const struct sig_args *a)
{
	size_t fsz = (size_t)a->fmt->bytes * a->channels, i, j;

	for (i = 0; i + win <= cn; i++) {
		for (j = 0; j < win; j++)
			if (!frame_equal(cap + (i + j) * fsz, ref + j * fsz, a))
				break;
		if (j == win)
			return i;
	}
	return cn;
}

/*
 * Diagnose the first few breaks after a mismatch at reference frame @i
 * (capture frame @start + @i): inserted silence (an underrun), lost frames,
 * or garbage. Only explains; the verdict stays "no match".
 */
static void explain(const unsigned char *cap, size_t cn,
		    const unsigned char *ref, size_t start, size_t i,
		    const struct sig_args *a)
{
	size_t fsz = (size_t)a->fmt->bytes * a->channels;
	size_t j = start + i, breaks = 0;

	while (i < a->frames && j < cn && breaks < 8) {
		size_t s = j, k, win;

		if (frame_equal(cap + j * fsz, ref + i * fsz, a)) {
			i++;
			j++;
			continue;
		}
		breaks++;
		while (j < cn && frame_silent(cap + j * fsz, a))
			j++;
		if (j == cn) {
			printf("break %zu: from reference frame %zu the capture is silence to its end\n",
			       breaks, i);
			return;
		}
		/* Where does the reference go on? Look ahead up to 10 s. */
		win = 4;
		for (k = i; k + win <= a->frames && k < i + 480000; k++) {
			size_t m;

			for (m = 0; m < win && j + m < cn; m++)
				if (!frame_equal(cap + (j + m) * fsz, ref + (k + m) * fsz, a))
					break;
			if (m == win)
				break;
		}
		if (k + win > a->frames || k >= i + 480000) {
			/* Earlier signal played again (stale buffer)? */
			for (k = 0; k + win <= i; k++) {
				size_t m;

				for (m = 0; m < win && j + m < cn; m++)
					if (!frame_equal(cap + (j + m) * fsz, ref + (k + m) * fsz, a))
						break;
				if (m == win)
					break;
			}
			if (k + win > i) {
				printf("break %zu: at reference frame %zu: %zu silent frames, then data not found in the reference\n",
				       breaks, i, j - s);
				return;
			}
			s = j;
			while (j < cn && k < i &&
			       frame_equal(cap + j * fsz, ref + k * fsz, a)) {
				j++;
				k++;
			}
			printf("break %zu: at reference frame %zu: reference frames %zu..%zu played again (stale data, %zu frames back)\n",
			       breaks, i, k - (j - s), k - 1, i - (k - (j - s)));
			continue;
		}
		printf("break %zu: at reference frame %zu: %zu silent frames inserted, %zu reference frames lost\n",
		       breaks, i, j - s, k - i);
		i = k;
	}
}

static int cmd_verify(const struct sig_args *a)
{
	size_t fsz = (size_t)a->fmt->bytes * a->channels;
	size_t len, cn, start, first_loud, i, j, matched = 0, win;
	size_t gaps = 0, gap_frames = 0, mismatch_at = 0;
	size_t mismatch = (size_t)-1;
	unsigned char *cap, *ref;
	uint64_t state = a->seed;
	const char *after;
	int ok;

	cap = read_file(a->file, &len);
	cn = len / fsz;
	ref = malloc(a->frames * fsz);
	if (!ref) {
		fprintf(stderr, "xsnd-sig: out of memory\n");
		return 2;
	}
	for (i = 0; i < a->frames; i++)
		sig_frame(&state, a, ref + i * fsz);

	printf("format: %s, %u channels, seed %llu\n", a->fmt->name,
	       a->channels, (unsigned long long)a->seed);
	printf("frames expected: %lu\n", a->frames);
	printf("frames in capture: %zu%s\n", cn,
	       len % fsz ? " (plus a partial frame)" : "");

	for (first_loud = 0; first_loud < cn; first_loud++)
		if (!frame_silent(cap + first_loud * fsz, a))
			break;
	if (first_loud == cn) {
		printf("signal start: not found (capture is all silence)\n");
		printf("frames matched: 0\nfirst mismatch: frame 0\nmatch: no\n");
		return 1;
	}

	win = a->frames < 8 ? a->frames : 8;
	start = find_window(cap, cn, ref, win, a);
	if (start == cn) {
		/* Where in the reference does the capture's first sound sit? */
		size_t k, lw = cn - first_loud < win ? cn - first_loud : win;
		size_t at = a->frames;

		for (k = 0; k + lw <= a->frames; k++) {
			size_t j;

			for (j = 0; j < lw; j++)
				if (!frame_equal(cap + (first_loud + j) * fsz,
						 ref + (k + j) * fsz, a))
					break;
			if (j == lw) {
				at = k;
				break;
			}
		}
		printf("signal start: reference frame 0 not found; first non-silent capture frame %zu\n",
		       first_loud);
		if (at < a->frames)
			printf("capture's first sound is reference frame %zu (%zu frames lost at the start)\n",
			       at, at);
		else
			printf("capture's first sound is not part of the reference\n");
		printf("frames matched: 0\nfirst mismatch: frame 0\nmatch: no\n");
		return 1;
	}
	printf("signal start in capture: frame %zu\n", start);
	ok = 1;
	if (first_loud < start) {
		printf("non-silent data before the signal: from capture frame %zu\n",
		       first_loud);
		ok = 0;
	}

	/* j: capture frame compared with reference frame i. */
	for (i = 0, j = start; i < a->frames; i++, j++) {
		size_t from = j;

		/*
		 * A silent frame is a gap unless it is the expected one: with
		 * --gain-db, a reference frame of small samples scales to 0.
		 */
		while (a->max_gaps && j < cn && frame_silent(cap + j * fsz, a) &&
		       !frame_equal(cap + j * fsz, ref + i * fsz, a))
			j++;
		if (j != from) {
			gaps++;
			gap_frames += j - from;
		}
		if (j >= cn) {
			if (mismatch == (size_t)-1) {
				mismatch = i;
				mismatch_at = j;
			}
			printf("capture ends after %zu signal frames\n", i);
			break;
		}
		if (frame_equal(cap + j * fsz, ref + i * fsz, a)) {
			matched++;
		} else if (mismatch == (size_t)-1) {
			mismatch = i;
			mismatch_at = j;
		}
	}
	printf("frames matched: %zu\n", matched);
	if (a->max_gaps) {
		printf("silent gaps inside the signal: %zu (%zu frames)\n",
		       gaps, gap_frames);
		if (gaps > a->max_gaps) {
			printf("more gaps than the %lu allowed\n", a->max_gaps);
			ok = 0;
		}
	}
	if (mismatch == (size_t)-1) {
		printf("first mismatch: none\n");
	} else {
		printf("first mismatch: frame %zu (capture frame %zu)\n",
		       mismatch, mismatch_at);
		ok = 0;
	}

	if (mismatch != (size_t)-1 && !a->max_gaps)
		explain(cap, cn, ref, start, mismatch, a);

	if (j >= cn) {
		after = "end of capture";
	} else if (frame_silent(cap + j * fsz, a)) {
		after = "silence";
	} else {
		after = "NOT silence (extra data after the signal)";
		ok = 0;
	}
	printf("after the signal: %s\n", after);
	printf("match: %s\n", ok ? "yes" : "no");
	free(ref);
	free(cap);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct sig_args a;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "gen")) {
		parse_args(argc, argv, &a, 0);
		return cmd_gen(&a);
	}
	if (!strcmp(argv[1], "verify")) {
		parse_args(argc, argv, &a, 1);
		return cmd_verify(&a);
	}
	usage();
	return 2;
}
