/*
 * user/lifeofmalloc/trace.c - the kernel's page-fault tracepoint, through
 * lom's tracefs (/sys/kernel/tracing, Linux's layout):
 *
 *   tracing_on                                0/1: record events or not
 *   events/exceptions/page_fault_user/enable  0/1: this event
 *   set_event_pid                             only these pids ("" clears)
 *   options/event-fork                        0/1: follow children
 *   trace                                     the events; O_TRUNC clears
 *
 * One line per fault (Linux's exceptions:page_fault_user, plus what lom
 * adds: how the fault ended, the physical page and where it came from,
 * the PTE written):
 *
 *   lifeofmalloc-7       [001]    12.345678: page_fault_user: address=0x4c5008
 *     ip=0x401a2b error_code=0x6 outcome=new-page pfn=0x7a3c source=pcp
 *     order=0 cpu=1 pte=0x8000000007a3c067                 (one line)
 *
 * The event is switched on for this process only while it runs (the
 * buffer is cleared each time); trace_teardown puts tracing_on, the
 * event, event-fork and set_event_pid back as they were and leaves the
 * buffer empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lifeofmalloc.h"

#define TRACEFS "/sys/kernel/tracing/"
#define EVENT_ENABLE TRACEFS "events/exceptions/page_fault_user/enable"

static char chunk[64 * 1024 + 512]; /* a read of the trace, plus a line carried over */
/* the switches as they were, put back by trace_teardown */
static char was_on[8], was_enabled[8], was_fork[8], was_pids[512];

/* write s to the tracefs file name (O_TRUNC, as `echo s > name`); 0 or -1 */
static int put(const char *name, const char *s)
{
	char path[128];
	int fd, r;

	snprintf(path, sizeof(path), "%s%s", name[0] == '/' ? "" : TRACEFS, name);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return r;
}

int trace_setup(char *why, size_t size)
{
	struct utsname u;
	char pid[32];

	if (uname(&u) == 0 && strcmp(u.sysname, "lom")) {
		snprintf(why, size, "this kernel is %s, not lom: the fault tracepoint with the physical\n"
			 "   page, its source and the PTE is lom's (tools/lom-exec -c 'lifeofmalloc ...')", u.sysname);
		return -1;
	}
	if (access(EVENT_ENABLE, W_OK) < 0) {
		snprintf(why, size, "this lom has no page-fault tracepoint\n   (%s: %s)", EVENT_ENABLE, strerror(errno));
		return -1;
	}
	if (read_file(TRACEFS "tracing_on", was_on, sizeof(was_on)) < 0)
		strcpy(was_on, "1");
	if (read_file(EVENT_ENABLE, was_enabled, sizeof(was_enabled)) < 0)
		strcpy(was_enabled, "0");
	if (read_file(TRACEFS "options/event-fork", was_fork, sizeof(was_fork)) < 0)
		strcpy(was_fork, "0");
	if (read_file(TRACEFS "set_event_pid", was_pids, sizeof(was_pids)) < 0)
		was_pids[0] = '\0';
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (put("tracing_on", "0\n") < 0 || put("set_event_pid", pid) < 0 || put("options/event-fork", "0\n") < 0 ||
	    put(EVENT_ENABLE, "1\n") < 0) {
		snprintf(why, size, "could not arm the tracepoint in " TRACEFS ":\n   %s", strerror(errno));
		trace_teardown();
		return -1;
	}
	return 0;
}

void trace_prefault(void)
{
	memset(chunk, 0, sizeof(chunk));
}

void trace_start(void)
{
	put("trace", "\n"); /* clear */
	put("tracing_on", "1\n");
}

void trace_stop(void)
{
	put("tracing_on", "0\n");
}

void trace_teardown(void)
{
	int blank = 1;

	put("tracing_on", "0\n");
	put("trace", "\n");
	put(EVENT_ENABLE, was_enabled[0] == '1' ? "1\n" : "0\n");
	put("options/event-fork", was_fork[0] == '1' ? "1\n" : "0\n");
	/* one pid a line when read, blanks between them when written; blank empties */
	for (char *p = was_pids; *p; p++) {
		if (*p == '\n')
			*p = ' ';
		blank &= *p == ' ';
	}
	put("set_event_pid", blank ? "\n" : was_pids);
	put("tracing_on", was_on[0] == '0' ? "0\n" : "1\n");
}

/* the value of " key=" in s as a number (base 0) into *v; 1 if found */
static int field(const char *s, const char *key, unsigned long *v)
{
	char pat[24];
	const char *at;

	snprintf(pat, sizeof(pat), " %s=", key);
	at = strstr(s, pat);
	if (!at)
		return 0;
	*v = strtoul(at + strlen(pat), NULL, 0);
	return 1;
}

static int field_word(const char *s, const char *key, char *out, size_t size)
{
	char pat[24];
	const char *at;
	size_t n;

	snprintf(pat, sizeof(pat), " %s=", key);
	at = strstr(s, pat);
	if (!at)
		return 0;
	at += strlen(pat);
	n = strcspn(at, " \n");
	if (n >= size)
		n = size - 1;
	memcpy(out, at, n);
	out[n] = '\0';
	return 1;
}

int trace_parse_line(const char *line, struct fault *f, int *pid)
{
	static const char marker[] = ": page_fault_user:";
	const char *ev = strstr(line, marker), *br = strstr(line, " [");
	unsigned long v[8];

	if (line[0] == '#' || !ev || !br || br > ev)
		return 0;
	/* "comm-pid    [cpu]": the digits before the padding before " [" */
	const char *q = br;
	while (q > line && q[-1] == ' ')
		q--;
	const char *digits_end = q;
	while (q > line && q[-1] >= '0' && q[-1] <= '9')
		q--;
	if (q == digits_end || q == line || q[-1] != '-')
		return -1;
	*pid = atoi(q);
	ev += strlen(marker) - 1; /* keep a blank before the first key */
	memset(f, 0, sizeof(*f));
	if (!field(ev, "address", &v[0]) || !field(ev, "ip", &v[1]) || !field(ev, "error_code", &v[2]) ||
	    !field(ev, "pfn", &v[3]) || !field(ev, "order", &v[4]) || !field(ev, "cpu", &v[5]) ||
	    !field(ev, "pte", &v[6]) || !field_word(ev, "outcome", f->outcome, sizeof(f->outcome)) ||
	    !field_word(ev, "source", f->source, sizeof(f->source)))
		return -1;
	f->address = v[0];
	f->ip = v[1];
	f->error_code = (unsigned)v[2];
	f->pfn = v[3];
	f->order = (unsigned)v[4];
	f->cpu = (unsigned)v[5];
	f->pte = v[6];
	return 1;
}

static void log_fault(struct fault_log *log, const struct fault *f, int pid)
{
	if (pid != (int)getpid())
		return; /* a filter left open: not ours */
	if (f->address < log->lo || f->address >= log->hi) {
		log->others++;
		return;
	}
	if (log->n < FAULTS_LISTED)
		log->first[log->n] = *f;
	log->n++;
	log->in_phase[f->phase]++;
	if (!strcmp(f->source, "pcp")) {
		log->from_pcp++;
	} else if (!strcmp(f->source, "buddy")) {
		log->from_buddy++;
		log->by_order[f->order < 16 ? f->order : 15]++;
	} else {
		log->from_other++;
	}
	log->by_cpu[f->cpu < 64 ? f->cpu : 63]++;
	if (strcmp(f->outcome, "new-page"))
		log->not_new++;
}

int trace_collect(struct fault_log *log, int phase)
{
	int fd = open(TRACEFS "trace", O_RDONLY);
	size_t have = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	for (;;) {
		n = read(fd, chunk + have, sizeof(chunk) - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		have += (size_t)n;
		chunk[have] = '\0';
		char *l = chunk, *nl;
		while ((nl = strchr(l, '\n')) || (n == 0 && *l)) {
			struct fault f;
			int pid, r;

			if (nl)
				*nl = '\0';
			unsigned long in_buf, written;

			if (sscanf(l, "# entries-in-buffer/entries-written: %lu/%lu", &in_buf, &written) == 2 &&
			    written > in_buf)
				log->lost += (int)(written - in_buf);
			r = trace_parse_line(l, &f, &pid);
			if (r < 0)
				log->bad_lines++;
			if (r > 0) {
				f.phase = phase;
				log_fault(log, &f, pid);
			}
			l = nl ? nl + 1 : l + strlen(l);
		}
		if (n == 0)
			break;
		have = strlen(l);
		if (have >= sizeof(chunk) - 1)
			have = 0; /* a line longer than the buffer: drop it */
		memmove(chunk, l, have);
	}
	close(fd);
	return 0;
}
