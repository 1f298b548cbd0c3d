/*
 * user/perf.c - perf stat [-e EV[,EV...]] [-r N] [-o FILE] CMD [ARGS]:
 * run CMD and print what it cost, in the layout of Linux's perf stat.
 *
 * The counts come from what the kernel keeps for every process anyway,
 * not from hardware counters: wait4()'s struct rusage of the command
 * (with its waited-for children, as perf's inherited counters) and
 * CLOCK_MONOTONIC around it.  So it runs on Linux too, where its counts
 * match perf's own:
 *
 *   page-faults        ru_minflt + ru_majflt     (perf: the two together)
 *   minor-faults       ru_minflt                 served without I/O
 *   major-faults       ru_majflt                 served with I/O
 *   task-clock         ru_utime + ru_stime, msec (tick resolution on lom)
 *   context-switches   ru_nvcsw + ru_nivcsw
 *
 * A kernel that keeps no context-switch counts (perf's own wait4 slept,
 * yet its own rusage says 0) gets "<not supported>", as perf prints for
 * an event the machine lacks.  Output goes to stderr (or -o FILE).  Exit
 * status: the command's (128 + N if signal N killed it; with -r, the last
 * run's); 255 if it could not be run; 129 for a bad option or event.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

enum event { PAGE_FAULTS, MINOR_FAULTS, MAJOR_FAULTS, TASK_CLOCK, CONTEXT_SWITCHES, NR_EVENTS };

static const struct {
	const char *name;
	const char *alias;
} events[NR_EVENTS] = {
	[PAGE_FAULTS] = { "page-faults", "faults" },
	[MINOR_FAULTS] = { "minor-faults", NULL },
	[MAJOR_FAULTS] = { "major-faults", NULL },
	[TASK_CLOCK] = { "task-clock", NULL },
	[CONTEXT_SWITCHES] = { "context-switches", "cs" },
};

#define MAX_SELECTED 32
#define MAX_RUNS 100

/* running sums, for the mean and the standard deviation of the mean (perf's stats) */
struct stats {
	double n, mean, m2;
};

static void stats_add(struct stats *s, double v)
{
	s->n++;
	double delta = v - s->mean;
	s->mean += delta / s->n;
	s->m2 += delta * (v - s->mean);
}

static double my_sqrt(double x)
{
	if (x <= 0)
		return 0;
	double r = x > 1 ? x : 1;
	for (int i = 0; i < 200; i++) {
		double next = (r + x / r) / 2;
		if (next == r)
			break;
		r = next;
	}
	return r;
}

/* 100 * stddev of the mean / mean, as perf's rel_stddev_stats */
static double noise_pct(const struct stats *s)
{
	if (s->n < 2 || s->mean == 0)
		return 0;
	double sd = my_sqrt(s->m2 / (s->n - 1) / s->n);
	return 100.0 * sd / s->mean;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: perf stat [-e EVENT[,EVENT...]] [-r N] [-o FILE] [--] COMMAND [ARG...]\n"
		"\n"
		"Run COMMAND and print its counts in the layout of Linux's perf stat.\n"
		"\n"
		"  -e, --event EVENTS   events to count, separated by commas (or several -e):\n"
		"                         page-faults (faults)  minor-faults + major-faults\n"
		"                         minor-faults          faults served without I/O\n"
		"                         major-faults          faults that waited for I/O\n"
		"                         task-clock            CPU time used, in msec\n"
		"                         context-switches (cs) voluntary + involuntary\n"
		"                       default: task-clock,context-switches,page-faults\n"
		"  -r, --repeat N       run N times (at most %d), print means and \"+- x%%\" noise\n"
		"  -o, --output FILE    write the counts to FILE instead of stderr\n"
		"  -h, --help           this text\n"
		"\n"
		"The counts are COMMAND's struct rusage from wait4(2) (its children that\n"
		"it waited for included) and CLOCK_MONOTONIC around it, not hardware\n"
		"counters: page faults as the kernel's fault handler counted them, CPU time\n"
		"at the kernel's tick resolution.  \"<not supported>\" marks a count this\n"
		"kernel does not keep.  Runs on lom and on Linux.\n"
		"Exit status: COMMAND's (128+N if signal N killed it), 255 if it could not\n"
		"be run, 129 for a bad option.\n",
		MAX_RUNS);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "perf: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n");
	usage(stderr);
	return 129;
}

/* Add the events of a comma-separated list; -1 (after a message) on an unknown one. */
static int parse_events(const char *list, int *sel, int *nsel)
{
	char buf[256];

	if (strlen(list) >= sizeof(buf)) {
		fprintf(stderr, "perf: event list too long\n");
		return -1;
	}
	strcpy(buf, list);
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int e;
		for (e = 0; e < NR_EVENTS; e++)
			if (!strcmp(tok, events[e].name) || (events[e].alias && !strcmp(tok, events[e].alias)))
				break;
		if (e == NR_EVENTS) {
			fprintf(stderr, "event syntax error: '%s'\n", tok);
			fprintf(stderr, "lom's perf counts page-faults, minor-faults, major-faults, task-clock, "
					"context-switches (see perf stat --help)\n");
			return -1;
		}
		if (*nsel == MAX_SELECTED) {
			fprintf(stderr, "perf: too many events\n");
			return -1;
		}
		sel[(*nsel)++] = e;
	}
	return 0;
}

static double ts_sec(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

static double tv_sec(const struct timeval *t)
{
	return (double)t->tv_sec + (double)t->tv_usec / 1e6;
}

/*
 * Run argv once: its rusage, elapsed seconds and wait status.  0, or -1
 * with errno when it could not be started (fork, or exec in the child).
 */
static int run_once(char **argv, struct rusage *ru, double *elapsed, int *status)
{
	int fds[2];
	struct timespec t0, t1;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		int err = errno;
		close(fds[0]);
		close(fds[1]);
		errno = err;
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		const char *path = getenv("PATH");
		extern char **environ;
		int err = exec_search(argv[0], argv, environ, path ? path : "/bin:/usr/bin");
		write(fds[1], &err, sizeof(err)); /* exec failed: tell the parent why */
		_exit(127);
	}
	close(fds[1]);
	int err = 0;
	ssize_t got = read(fds[0], &err, sizeof(err));
	close(fds[0]);
	while (wait4(pid, status, 0, ru) < 0)
		if (errno != EINTR)
			return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (got == (ssize_t)sizeof(err)) {
		errno = err;
		return -1;
	}
	*elapsed = ts_sec(&t1) - ts_sec(&t0);
	return 0;
}

/* Does this kernel count context switches?  perf has just slept in wait4. */
static int kernel_counts_switches(void)
{
	struct rusage self;

	if (getrusage(RUSAGE_SELF, &self) < 0)
		return 1;
	return self.ru_nvcsw + self.ru_nivcsw > 0;
}

/* v with thousands separators and `decimals` decimals, as printf's %'.Nf in an English locale */
static void fmt_thousands(char *out, size_t size, double v, int decimals)
{
	char digits[64], *p = digits;
	int n = snprintf(digits, sizeof(digits), "%.*f", decimals, v);
	char *dot = strchr(digits, '.');
	int intlen = dot ? (int)(dot - digits) : n;
	size_t o = 0;

	if (*p == '-') {
		out[o++] = '-';
		p++;
		intlen--;
	}
	for (int i = 0; i < intlen && o + 2 < size; i++) {
		if (i && (intlen - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = p[i];
	}
	for (const char *q = p + intlen; *q && o + 1 < size; q++)
		out[o++] = *q;
	out[o] = '\0';
}

#define METRIC_LEN 35 /* perf's width of the "# ..." column */

static void print_noise(FILE *f, const struct stats *s, int runs)
{
	double pct = noise_pct(s);

	if (runs > 1 && pct != 0)
		fprintf(f, "  ( +-%6.2f%% )", pct);
}

/* " # %8.3f unit" padded to METRIC_LEN, or blanks */
static void print_metric(FILE *f, int have, double val, const char *unit)
{
	if (!have) {
		fprintf(f, "%*s", METRIC_LEN, "");
		return;
	}
	int n = fprintf(f, " # %8.3f", val);
	fprintf(f, " %-*s", METRIC_LEN - n - 1, unit);
}

static void print_rate(FILE *f, double count, double task_clock_ns, int have_clock)
{
	char unit[16];
	char prefix = 0;
	double rate = have_clock && task_clock_ns > 0 ? count * 1e9 / task_clock_ns : 0;

	/* perf's convert_unit_double */
	if (rate > 1000.0)
		rate /= 1000.0, prefix = 'K';
	if (rate > 1000.0)
		rate /= 1000.0, prefix = 'M';
	if (rate > 1000.0)
		rate /= 1000.0, prefix = 'G';
	snprintf(unit, sizeof(unit), prefix ? "%c/sec" : "/sec", prefix);
	print_metric(f, have_clock, rate, unit);
}

static int stat_main(int argc, char **argv)
{
	int sel[MAX_SELECTED], nsel = 0, runs = 1;
	const char *output = NULL;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		const char *val = NULL;
		if (!strcmp(a, "-e") || !strcmp(a, "--event") || !strcmp(a, "-r") || !strcmp(a, "--repeat") ||
		    !strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (i + 1 >= argc)
				return bad_usage("option '%s' needs a value", a);
			val = argv[++i];
		} else if (!strncmp(a, "-e", 2) || !strncmp(a, "-r", 2) || !strncmp(a, "-o", 2)) {
			val = a + 2;
		} else if (!strncmp(a, "--event=", 8) || !strncmp(a, "--repeat=", 9) || !strncmp(a, "--output=", 9)) {
			val = strchr(a, '=') + 1;
		} else {
			return bad_usage("unknown option '%s'", a);
		}
		char opt = a[1] == '-' ? a[2] : a[1];
		if (opt == 'e' && parse_events(val, sel, &nsel) < 0)
			return 129;
		if (opt == 'r') {
			char *end;
			long r = strtol(val, &end, 10);
			if (!*val || *end || r < 1 || r > MAX_RUNS)
				return bad_usage("-r wants a number of runs from 1 to 100, not '%s'", val);
			runs = (int)r;
		}
		if (opt == 'o')
			output = val;
	}
	if (i >= argc)
		return bad_usage("%s", "no command to run");
	if (!nsel) {
		sel[nsel++] = TASK_CLOCK;
		sel[nsel++] = CONTEXT_SWITCHES;
		sel[nsel++] = PAGE_FAULTS;
	}
	char **cmd = argv + i;
	FILE *out = stderr;
	if (output && !(out = fopen(output, "w"))) {
		fprintf(stderr, "perf: %s: %s\n", output, strerror(errno));
		return 129;
	}

	struct stats counts[NR_EVENTS] = { 0 }, wall = { 0 }, user = { 0 }, sys = { 0 };
	int status = 0;
	for (int r = 0; r < runs; r++) {
		struct rusage ru;
		double elapsed;
		if (run_once(cmd, &ru, &elapsed, &status) < 0) {
			fprintf(stderr, "Workload failed: %s\n", strerror(errno));
			return 255;
		}
		if (WIFSIGNALED(status))
			fprintf(stderr, "%s: %s\n", cmd[0], sig_describe(WTERMSIG(status)));
		double utime = tv_sec(&ru.ru_utime), stime = tv_sec(&ru.ru_stime);
		stats_add(&counts[PAGE_FAULTS], (double)(ru.ru_minflt + ru.ru_majflt));
		stats_add(&counts[MINOR_FAULTS], (double)ru.ru_minflt);
		stats_add(&counts[MAJOR_FAULTS], (double)ru.ru_majflt);
		stats_add(&counts[TASK_CLOCK], (utime + stime) * 1e9);
		stats_add(&counts[CONTEXT_SWITCHES], (double)(ru.ru_nvcsw + ru.ru_nivcsw));
		stats_add(&wall, elapsed);
		stats_add(&user, utime);
		stats_add(&sys, stime);
	}

	int have_clock = 0;
	for (int k = 0; k < nsel; k++)
		have_clock |= sel[k] == TASK_CLOCK;
	int switches_ok = kernel_counts_switches();
	double clock_ns = counts[TASK_CLOCK].mean;

	fprintf(out, "\n Performance counter stats for '");
	for (char **a = cmd; *a; a++)
		fprintf(out, "%s%s", a == cmd ? "" : " ", *a);
	if (runs > 1)
		fprintf(out, "' (%d runs):\n\n", runs);
	else
		fprintf(out, "':\n\n");
	for (int k = 0; k < nsel; k++) {
		int e = sel[k];
		char num[64];
		if (e == CONTEXT_SWITCHES && !switches_ok) {
			fprintf(out, "%18s      %-32s%*s\n", "<not supported>", events[e].name, METRIC_LEN, "");
			continue;
		}
		if (e == TASK_CLOCK) {
			fmt_thousands(num, sizeof(num), clock_ns / 1e6, 2);
			fprintf(out, "%18s %-4s %-32s", num, "msec", events[e].name);
			print_metric(out, 1, wall.mean > 0 ? clock_ns / 1e9 / wall.mean : 0, "CPUs utilized");
		} else {
			fmt_thousands(num, sizeof(num), counts[e].mean, 0);
			fprintf(out, "%18s %-4s %-32s", num, "", events[e].name);
			print_rate(out, counts[e].mean, clock_ns, have_clock);
		}
		print_noise(out, &counts[e], runs);
		fprintf(out, "\n");
	}
	fprintf(out, "\n");
	if (runs > 1) {
		double sd = my_sqrt(wall.m2 / (wall.n - 1) / wall.n);
		int precision = 6; /* perf: 2 more digits than the first significant one of sd */
		if (sd > 0 && sd <= 1) {
			precision = 2;
			for (double p = 1; p > sd; p /= 10)
				precision++;
		} else if (sd > 1) {
			precision = 2;
		}
		fprintf(out, " %17.*f +- %.*f seconds time elapsed", precision, wall.mean, precision, sd);
		print_noise(out, &wall, runs);
		fprintf(out, "\n\n");
	} else {
		fprintf(out, " %17.9f seconds time elapsed\n\n", wall.mean);
		fprintf(out, " %17.9f seconds user\n", user.mean);
		fprintf(out, " %17.9f seconds sys\n\n\n", sys.mean);
	}
	if (out != stderr && fclose(out) != 0) {
		fprintf(stderr, "perf: %s: %s\n", output, strerror(errno));
		return 129;
	}
	return wait_code(status);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "stat")) {
		fprintf(stderr, "perf: %s%s%s: lom's perf has one command, stat\n\n", argc < 2 ? "" : "'",
			argc < 2 ? "no command" : argv[1], argc < 2 ? "" : "'");
		usage(stderr);
		return 129;
	}
	return stat_main(argc - 1, argv + 1);
}
