/*
 * user/trace-faults.c - trace-faults [-o FILE] [--] COMMAND [ARG...]: run
 * COMMAND with the kernel's page-fault tracepoint on for it (and the
 * children it forks) and print every page fault it took, then a summary
 * by outcome and by where the page came from.
 *
 * It drives /sys/kernel/tracing/ as one would by hand:
 *
 *   set_event_pid        <- the child's pid (it waits on a pipe meanwhile)
 *   options/event-fork   <- 1: its children are traced too
 *   trace                <- cleared (echo > trace)
 *   events/exceptions/page_fault_user/enable, tracing_on <- 1
 *   ... the child execs COMMAND, trace-faults waits for it ...
 *   enable <- 0; the pids traced are read back; the switches restored
 *   trace                -> the events of those pids
 *
 * Output (stderr, or FILE): the trace's header, the event lines as the
 * kernel wrote them, then "#"-comment lines of summary, so that the whole
 * is still a trace file.  Exit status: COMMAND's (128 + N for signal N);
 * 1 if tracing is not available; 127 if COMMAND is not found.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"

#define TRACEFS "/sys/kernel/tracing"
#define ENABLE "events/exceptions/page_fault_user/enable"
#define MAX_PIDS 64

static const char *const outcomes[] = {
	"new-page", "zero-page", "cow-copy", "cow-reuse", "stack-growth", "thp",
	"shmem", "spurious", "sigsegv", "oom",
};
static const char *const sources[] = { "pcp", "buddy", "zero", "none" };
#define NOUT (sizeof(outcomes) / sizeof(outcomes[0]))
#define NSRC (sizeof(sources) / sizeof(sources[0]))
#define MAX_ORDER_SEEN 16

struct summary {
	unsigned long events, lost;
	unsigned long outcome[NOUT + 1]; /* the last: a name not in the list */
	unsigned long source[NSRC + 1];
	unsigned long buddy_order[MAX_ORDER_SEEN];
	int pids[MAX_PIDS], npids;      /* that had events */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: trace-faults [-o FILE] [--] COMMAND [ARG...]\n"
		"\n"
		"Run COMMAND with the kernel's page-fault tracepoint (exceptions:page_fault_user)\n"
		"on for it and its children, then print each page fault it took and a summary.\n"
		"\n"
		"  -o FILE     write the trace and the summary to FILE instead of stderr\n"
		"  -h, --help  this text\n"
		"\n"
		"Output: the header of " TRACEFS "/trace, then one line per fault, oldest\n"
		"first, as the kernel writes them:\n"
		"\n"
		"  COMM-PID [CPU] SECONDS: page_fault_user: address=0x.. ip=0x.. error_code=0x..\n"
		"      outcome=O pfn=0x.. source=S order=N cpu=C pte=0x..\n"
		"\n"
		"  address     the address touched (exact), ip the instruction that touched it\n"
		"  error_code  x86: 1 present, 2 write, 4 user, 0x10 instruction fetch\n"
		"  outcome     new-page (a fresh zeroed page), zero-page (a read mapped the\n"
		"              shared zero page), cow-copy, cow-reuse (a copy-on-write page\n"
		"              only this process held), stack-growth, thp (a 2 MiB page),\n"
		"              shmem (shared anonymous memory), spurious (already mapped),\n"
		"              sigsegv, oom\n"
		"  pfn, pte    the physical frame and the page-table entry installed (0: none)\n"
		"  source      pcp (this CPU's per-CPU free list), buddy (the buddy free lists:\n"
		"              order = the order of the free block the page was split from),\n"
		"              zero (the zero page), none (no page allocated)\n"
		"  cpu         the CPU whose allocator ran\n"
		"\n"
		"then \"#\" lines: faults by outcome, by source (buddy orders), and the events\n"
		"lost if the buffer (" TRACEFS "/buffer_size_kb) overflowed.\n"
		"trace-faults clears the trace buffer when it starts, and puts tracing_on,\n"
		"the event, set_event_pid and options/event-fork back as they were.\n"
		"It needs the kernel's tracing files: lom has them; on Linux they need root\n"
		"(and the page_fault_user lines there have no outcome or source).\n"
		"Exit status: COMMAND's (128+N if signal N killed it), 1 if tracing is not\n"
		"available, 127 if COMMAND was not found.\n");
}

static int tracing_fd(const char *name, int flags)
{
	char path[256];

	snprintf(path, sizeof(path), TRACEFS "/%s", name);
	return open(path, flags);
}

/* Write text to a tracing file; 0 or -1 with a message. */
static int tf_write(const char *name, const char *text)
{
	int fd = tracing_fd(name, O_WRONLY | O_TRUNC);

	if (fd < 0 || write_all(fd, text, strlen(text)) < 0) {
		fprintf(stderr, "trace-faults: " TRACEFS "/%s: %s\n", name, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The whole of a tracing file, NUL-terminated (malloc'd); NULL with a message. */
static char *tf_read(const char *name, size_t *lenp)
{
	int fd = tracing_fd(name, O_RDONLY);
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);

	if (fd < 0 || !buf) {
		fprintf(stderr, "trace-faults: " TRACEFS "/%s: %s\n", name, strerror(fd < 0 ? errno : ENOMEM));
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				fprintf(stderr, "trace-faults: out of memory reading %s\n", name);
				free(buf);
				close(fd);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "trace-faults: " TRACEFS "/%s: %s\n", name, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

/* Is tracing there and ours to use?  Explain when it is not. */
static int check_tracing(void)
{
	static const char *const needed[] = { "trace", "set_event_pid", "options/event-fork", ENABLE, "tracing_on" };

	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), TRACEFS "/%s", needed[i]);
		if (access(path, R_OK | W_OK) == 0)
			continue;
		int err = errno;
		fprintf(stderr, "trace-faults: %s: %s\n", path, strerror(err));
		if (err == EACCES || err == EPERM)
			fprintf(stderr, "trace-faults: the kernel's tracing files are not writable by you: on Linux,\n"
					"  tracing needs root (sudo trace-faults ...).\n");
		else
			fprintf(stderr, "trace-faults: this kernel has no page-fault tracepoint there: trace-faults needs\n"
					"  lom's kernel, or Linux with tracefs mounted at " TRACEFS " (as root).\n");
		return -1;
	}
	return 0;
}

/* The switches as they were, to put back. */
struct saved {
	char *tracing_on, *enable, *pids, *event_fork;
};

static void restore(struct saved *s)
{
	if (s->enable)
		tf_write(ENABLE, s->enable);
	if (s->tracing_on)
		tf_write("tracing_on", s->tracing_on);
	if (s->event_fork)
		tf_write("options/event-fork", s->event_fork);
	if (s->pids) {
		/* one write takes what fits; the list is small in practice */
		int blank = 1;
		for (char *p = s->pids; *p; p++) {
			if (*p == '\n')
				*p = ' ';
			blank &= *p == ' ';
		}
		tf_write("set_event_pid", blank ? "\n" : s->pids); /* a blank write empties it */
	}
}

static int parse_pids(const char *text, int *pids)
{
	int n = 0;

	for (const char *p = text; *p && n < MAX_PIDS;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p) {
			p++;
			continue;
		}
		pids[n++] = (int)v;
		p = end;
	}
	return n;
}

static int has_pid(const int *pids, int n, int pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

/* The pid of an event line ("%16s-%-7d [CPU] ..."): the number after the
 * last '-' before " [".  -1 if the line is not an event. */
static int event_pid(const char *line)
{
	const char *bracket = strstr(line, " [");

	if (line[0] == '#' || !bracket)
		return -1;
	const char *dash = NULL;
	for (const char *p = line; p < bracket; p++)
		if (*p == '-')
			dash = p;
	return dash ? atoi(dash + 1) : -1;
}

/* "key=value" of line, copied into out ("" if absent). */
static void field(const char *line, const char *key, char *out, size_t size)
{
	const char *p = strstr(line, key);
	size_t n = 0;

	if (p)
		for (p += strlen(key); *p && *p != ' ' && *p != '\n' && n + 1 < size; p++)
			out[n++] = *p;
	out[n] = '\0';
}

static int index_of(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return (int)n;
}

static void count_event(struct summary *s, const char *line, int pid)
{
	char outcome[32], source[32], order[16];

	s->events++;
	if (!has_pid(s->pids, s->npids, pid) && s->npids < MAX_PIDS)
		s->pids[s->npids++] = pid;
	field(line, "outcome=", outcome, sizeof(outcome));
	field(line, "source=", source, sizeof(source));
	field(line, "order=", order, sizeof(order));
	s->outcome[index_of(outcomes, NOUT, outcome)]++;
	int src = index_of(sources, NSRC, source);
	s->source[src]++;
	if (src == 1 && order[0]) {
		unsigned long o = strtoul(order, NULL, 10);
		if (o < MAX_ORDER_SEEN)
			s->buddy_order[o]++;
	}
}

static void print_summary(FILE *out, const struct summary *s, int status)
{
	fprintf(out, "#\n# trace-faults: %lu page fault%s by %d process%s (pid%s", s->events, s->events == 1 ? "" : "s",
		s->npids, s->npids == 1 ? "" : "es", s->npids == 1 ? "" : "s");
	for (int i = 0; i < s->npids; i++)
		fprintf(out, " %d", s->pids[i]);
	if (WIFSIGNALED(status))
		fprintf(out, "); the command was killed by SIG%s\n", sig_name(WTERMSIG(status)) ? sig_name(WTERMSIG(status)) : "?");
	else
		fprintf(out, "); the command exited with status %d\n", WEXITSTATUS(status));
	if (s->lost)
		fprintf(out, "# %lu older events were overwritten: the buffer was full (see buffer_size_kb)\n", s->lost);
	fprintf(out, "#   %-14s %8s\n", "outcome", "faults");
	for (size_t i = 0; i <= NOUT; i++)
		if (s->outcome[i])
			fprintf(out, "#   %-14s %8lu\n", i < NOUT ? outcomes[i] : "(other)", s->outcome[i]);
	fprintf(out, "#   %-14s %8s\n", "source", "faults");
	for (size_t i = 0; i <= NSRC; i++) {
		if (!s->source[i])
			continue;
		fprintf(out, "#   %-14s %8lu", i < NSRC ? sources[i] : "(other)", s->source[i]);
		if (i == 1) {
			fprintf(out, "   orders");
			for (int o = 0; o < MAX_ORDER_SEEN; o++)
				if (s->buddy_order[o])
					fprintf(out, " %d:%lu", o, s->buddy_order[o]);
		}
		fprintf(out, "\n");
	}
}

/* Print the header and the events of pids, then the summary. */
static int report(FILE *out, char *trace, const int *pids, int npids, int status)
{
	struct summary s;
	memset(&s, 0, sizeof(s));

	for (char *line = trace, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		unsigned long in, written;
		const char *h = strstr(line, "entries-in-buffer/entries-written:");
		if (line[0] == '#') {
			if (h && sscanf(h, "entries-in-buffer/entries-written: %lu/%lu", &in, &written) == 2 &&
			    written > in)
				s.lost = written - in;
			fprintf(out, "%s\n", line);
			continue;
		}
		int pid = event_pid(line);
		if (pid < 0 || !has_pid(pids, npids, pid))
			continue;
		fprintf(out, "%s\n", line);
		count_event(&s, line, pid);
	}
	print_summary(out, &s, status);
	return fflush(out) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *output = NULL;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			output = argv[++i];
			continue;
		}
		fprintf(stderr, "trace-faults: bad option '%s'\n\n", argv[i]);
		usage(stderr);
		return 2;
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	if (check_tracing() < 0)
		return 1;
	FILE *out = stderr;
	if (output && !(out = fopen(output, "w"))) {
		fprintf(stderr, "trace-faults: %s: %s\n", output, strerror(errno));
		return 1;
	}

	struct saved saved = {
		tf_read("tracing_on", NULL), tf_read(ENABLE, NULL), tf_read("set_event_pid", NULL),
		tf_read("options/event-fork", NULL),
	};
	int go[2];
	if (pipe(go) < 0) {
		perror("trace-faults: pipe");
		return 1;
	}
	pid_t child = fork();
	if (child < 0) {
		perror("trace-faults: fork");
		return 1;
	}
	if (child == 0) {
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(126); /* the parent gave up */
		close(go[0]);
		const char *path = getenv("PATH");
		extern char **environ;
		int err = exec_search(argv[i], argv + i, environ, path ? path : "/bin:/usr/bin");
		fprintf(stderr, "trace-faults: %s: %s\n", argv[i], err == ENOENT ? "command not found" : strerror(err));
		_exit(exec_fail_code(err));
	}
	close(go[0]);

	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d\n", (int)child);
	int err = tf_write("set_event_pid", pid_text) | tf_write("options/event-fork", "1\n") |
		  tf_write("trace", "\n") | tf_write(ENABLE, "1\n") | tf_write("tracing_on", "1\n");
	if (err) {
		close(go[1]); /* the child exits without running COMMAND */
		waitpid(child, NULL, 0);
		restore(&saved);
		return 1;
	}
	write(go[1], "g", 1);
	close(go[1]);
	int status = 0;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) {
			perror("trace-faults: waitpid");
			break;
		}
	tf_write(ENABLE, "0\n");

	/* the pids traced: the child and, through event-fork, its descendants */
	int pids[MAX_PIDS], npids = 0;
	char *list = tf_read("set_event_pid", NULL);
	if (list)
		npids = parse_pids(list, pids);
	if (!has_pid(pids, npids, child) && npids < MAX_PIDS)
		pids[npids++] = child;
	free(list);
	restore(&saved);

	char *trace = tf_read("trace", NULL);
	if (!trace)
		return 1;
	if (report(out, trace, pids, npids, status) < 0 || (out != stderr && fclose(out) != 0)) {
		fprintf(stderr, "trace-faults: %s: %s\n", output ? output : "stderr", strerror(errno));
		return 1;
	}
	free(trace);
	return wait_code(status);
}
