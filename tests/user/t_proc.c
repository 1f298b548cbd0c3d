/*
 * tests/user/t_proc.c - /proc read with Linux's own rules (proc(5)), so
 * the same program passes on Linux and on lom: field names, order and
 * units of meminfo, vmstat, buddyinfo, zoneinfo, slabinfo, cpuinfo, uptime, and of
 * /proc/<pid>/{stat,statm,status,maps,smaps,cmdline,comm}; /proc lists
 * the live pids; /proc/self is the caller; a child's RSS, fault count
 * and state as its parent sees them; a zombie's entry, and none once it
 * is reaped.  Values appear only in failing checks' diagnostics.
 *
 * Usage: t_proc [ROOT]
 */
#include <dirent.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "tap.h"

#define PLAN 57

#include "vm.h"

#ifndef PR_SET_THP_DISABLE
#define PR_SET_THP_DISABLE 41
#endif

static char text[65536];

/* path's text in text[] (NUL-terminated); its length or -errno */
static long slurp(const char *path)
{
	long fd = rsys(SYS_open, path, O_RDONLY), n;

	text[0] = 0;
	if (fd < 0)
		return fd;
	n = read_all(fd, text, sizeof(text) - 1);
	rsys(SYS_close, fd);
	text[n > 0 ? n : 0] = 0;
	return n;
}

/* the line of text[] starting with key (e.g. "VmRSS:"), or NULL */
static const char *line_of(const char *key)
{
	size_t n = strlen(key);

	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		if (!strncmp(l, key, n))
			return l;
	return NULL;
}

/* the number after key in text[] (blanks skipped), or -1 */
static long field(const char *key)
{
	const char *l = line_of(key);

	if (!l)
		return -1;
	l += strlen(key);
	while (*l == ' ' || *l == '\t')
		l++;
	return *l >= '0' && *l <= '9' ? strtol(l, NULL, 10) : -1;
}

/* Every line is "Name:<spaces>number kB" or "Name:<spaces>number" (meminfo's rule). */
static int meminfo_lines_ok(void)
{
	for (const char *l = text; *l;) {
		const char *end = strchr(l, '\n');
		if (!end)
			return 0;
		const char *p = l;
		while (p < end && *p != ':' && *p != ' ')
			p++;
		if (p == l || p >= end || *p != ':')
			return 0;
		p++;
		if (*p != ' ')
			return 0;
		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p != end && strncmp(p, " kB\n", 4))
			return 0;
		l = end + 1;
	}
	return 1;
}

/* Every line is "name number" with a lower-case name (vmstat's rule). */
static int vmstat_lines_ok(void)
{
	for (const char *l = text; *l;) {
		const char *end = strchr(l, '\n'), *p = l;
		if (!end)
			return 0;
		while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			p++;
		if (p == l || *p != ' ')
			return 0;
		for (p++; p < end; p++)
			if (*p < '0' || *p > '9')
				return 0;
		l = end + 1;
	}
	return 1;
}

/* /proc/PID/stat split into fields (the comm in parentheses is field 2); count or -1 */
static int stat_fields(const char *path, char comm[32], unsigned long long f[64])
{
	if (slurp(path) <= 0)
		return -1;
	char *open = strchr(text, '('), *close = strrchr(text, ')');
	if (!open || !close || close < open || close - open - 1 >= 32)
		return -1;
	memcpy(comm, open + 1, (size_t)(close - open - 1));
	comm[close - open - 1] = 0;
	f[1] = strtoull(text, NULL, 10);
	int n = 2;
	char *p = close + 1;
	while (*p == ' ' && n < 63) {
		p++;
		n++;
		if (n == 3) { /* state: a letter */
			f[3] = (unsigned char)*p;
			p++;
			continue;
		}
		f[n] = strtoull(p, &p, 10);
	}
	return *p == '\n' ? n : -1;
}

static long vmstat(const char *name)
{
	char key[64];

	if (slurp("/proc/vmstat") <= 0)
		return -1;
	snprintf(key, sizeof(key), "%s ", name);
	return field(key);
}

/* ---- the system-wide files ---- */

static void test_meminfo(void)
{
	long n = slurp("/proc/meminfo");
	ok(n > 0 && meminfo_lines_ok(), "meminfo: every line is 'Name: N kB' or 'Name: N'");
	ok(!strncmp(text, "MemTotal:", 9) && line_of("MemFree:") == strchr(text, '\n') + 1 &&
		   line_of("MemAvailable:") == strchr(line_of("MemFree:"), '\n') + 1,
	   "meminfo: MemTotal, MemFree, MemAvailable come first, in that order");
	static const char *const need[] = { "Buffers:", "Cached:", "SwapTotal:", "SwapFree:", "AnonPages:",
					    "Shmem:", "Slab:", "SReclaimable:", "PageTables:", "CommitLimit:",
					    "Committed_AS:", "AnonHugePages:", "Hugepagesize:" };
	int all = 1;
	for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++)
		if (field(need[k]) < 0) {
			all = 0;
			diag("missing %s\n", need[k]);
		}
	ok(all, "meminfo: the fields free(1) and the VM tests use are there");
	long total = field("MemTotal:"), free_kb = field("MemFree:"), avail = field("MemAvailable:");
	ok(total > 0 && free_kb <= total && avail <= total && avail > 0, "meminfo: MemFree and MemAvailable <= MemTotal");
	ok(line_of("Committed_AS:") > line_of("CommitLimit:"), "meminfo: CommitLimit comes before Committed_AS");
}

static void test_vmstat(void)
{
	ok(slurp("/proc/vmstat") > 0 && vmstat_lines_ok(), "vmstat: every line is 'name N'");
	ok(field("nr_free_pages ") >= 0 && field("pgfault ") >= 0 && field("pgmajfault ") >= 0 &&
		   field("nr_anon_pages ") >= 0 && field("nr_page_table_pages ") >= 0,
	   "vmstat: nr_free_pages, nr_anon_pages, nr_page_table_pages, pgfault, pgmajfault");
}

/* "Node 0, zone   Normal      3      1 ..." with 11 counts */
static void test_buddyinfo(void)
{
	int lines = 0, good = 1;

	slurp("/proc/buddyinfo");
	for (char *l = text; *l; lines++) {
		char *end = strchr(l, '\n'), *p;
		if (!end || strncmp(l, "Node 0, zone ", 13)) {
			good = 0;
			break;
		}
		p = l + 13;
		while (*p == ' ')
			p++;
		while (*p && *p != ' ')
			p++; /* the zone name */
		int counts = 0;
		while (p < end) {
			while (*p == ' ')
				p++;
			if (p >= end)
				break;
			if (*p < '0' || *p > '9') {
				good = 0;
				break;
			}
			strtoul(p, &p, 10);
			counts++;
		}
		good &= counts == 11;
		l = end + 1;
	}
	ok(lines > 0 && good, "buddyinfo: 'Node 0, zone NAME' and 11 free counts per populated zone");
}

static void test_zoneinfo(void)
{
	slurp("/proc/zoneinfo");
	int zones = 0;
	for (const char *l = text; (l = strstr(l, "Node 0, zone")); l++)
		zones++;
	ok(zones > 0 && field("  pages free") >= 0 && field("        min") >= 0 && field("        low") >= 0 &&
		   field("        high") >= 0 && field("        spanned") >= 0 && field("        present") >= 0 &&
		   field("        managed") >= 0,
	   "zoneinfo: each zone has pages free, min, low, high, spanned, present, managed");
	ok(strstr(text, "\n  pagesets\n    cpu: 0\n              count: ") &&
		   strstr(text, "\n              high:  ") && strstr(text, "\n              batch: "),
	   "zoneinfo: per-CPU page lists as 'cpu: N' then count, high, batch");
}

/*
 * slabinfo(5), version 2.1 as SLUB writes it: two header lines, then per
 * cache "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata
 * %6lu %6lu %6lu" (mm/slab_common.c), the tunables and sharedavail 0,
 * active_slabs = num_slabs.  Each line is parsed and printed again with
 * that format: it must come out the same, spaces included.  Readable by
 * root only (0400), on Linux and on lom.
 */
static void test_slabinfo(void)
{
	static const char head[] =
		"slabinfo - version: 2.1\n"
		"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		" : tunables <limit> <batchcount> <sharedfactor>"
		" : slabdata <active_slabs> <num_slabs> <sharedavail>\n";
	int lines = 0, format = 1, counts = 1, slub = 1, kmalloc = 0;
	char again[256];
	struct stat st;

	expect_eq(rsys(SYS_stat, "/proc/slabinfo", &st), 0, "slabinfo: exists");
	expect_eq(st.st_mode & 0777, 0400, "slabinfo: mode 0400, for root only");
	ok(slurp("/proc/slabinfo") > 0 && !strncmp(text, head, strlen(head)),
	   "slabinfo: 'slabinfo - version: 2.1' and the '# name <active_objs> ...' header");
	for (char *l = text + strlen(head); *l; lines++) {
		char *end = strchr(l, '\n'), name[64];
		unsigned long active, num, aslabs, nslabs, avail;
		unsigned size, per, pages, limit, batch, shared;
		if (!end || end - l >= (long)sizeof(again) - 1) {
			format = 0;
			break;
		}
		*end = 0;
		if (sscanf(l, "%63s %lu %lu %u %u %u : tunables %u %u %u : slabdata %lu %lu %lu", name, &active, &num,
			   &size, &per, &pages, &limit, &batch, &shared, &aslabs, &nslabs, &avail) != 12) {
			format = 0;
			break;
		}
		snprintf(again, sizeof(again),
			 "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu", name, active,
			 num, size, per, (int)pages, limit, batch, shared, aslabs, nslabs, avail);
		if (strcmp(again, l)) {
			format = 0;
			diag("slabinfo line: '%s'\n", l);
			break;
		}
		counts &= active <= num && num == nslabs * per && pages && !(pages & (pages - 1)) &&
			  (unsigned long)size * per <= pages * 4096UL;
		slub &= !limit && !batch && !shared && !avail && aslabs == nslabs;
		kmalloc += !strcmp(name, "kmalloc-64") || !strcmp(name, "kmalloc-4k");
		l = end + 1;
	}
	ok(lines > 0 && format, "slabinfo: every cache line in Linux's column format");
	ok(counts, "slabinfo: active <= num_objs = num_slabs * objperslab, objsize * objperslab fits the slab");
	ok(slub && kmalloc == 2, "slabinfo: SLUB's zero tunables, active_slabs = num_slabs; kmalloc-64 and kmalloc-4k");
}

static void test_cpuinfo_uptime(void)
{
	slurp("/proc/cpuinfo");
	int procs = 0;
	for (const char *l = text; (l = strstr(l, "processor\t: ")); l++)
		procs++;
	cpu_set_t set;
	long n = rsys(SYS_sched_getaffinity, 0, sizeof(set), &set);
	int cpus = 0;
	for (long b = 0; n > 0 && b < n * 8; b++)
		cpus += (((unsigned char *)&set)[b / 8] >> (b % 8)) & 1;
	ok(procs > 0 && procs >= cpus, "cpuinfo: a 'processor\\t: N' block per CPU");
	ok(strstr(text, "\nvendor_id\t: ") && strstr(text, "\nmodel name\t: ") && strstr(text, "\nflags\t\t: ") &&
		   strstr(text, " fpu ") && strstr(text, " lm "),
	   "cpuinfo: vendor_id, model name, flags (fpu, lm)");

	char *end;
	slurp("/proc/uptime");
	double up = strtod(text, &end), idle = -1;
	if (*end == ' ')
		idle = strtod(end + 1, &end);
	ok(up > 0 && idle >= 0 && *end == '\n' && !end[1], "uptime: 'SECONDS IDLE-SECONDS', both positive");
}

/* ---- processes ---- */

static void test_self(int argc, char **argv)
{
	char comm[32], path[64];
	unsigned long long f[64];
	/* 8 MiB touched: Linux's stat rss is a per-CPU counter read without
	 * summing, off by up to a batch (tens of pages) per CPU */
	char *big = map(NULL, 8 * MiB, PROT_READ | PROT_WRITE, ANON);
	for (size_t k = 0; k < 8 * MiB; k += PAGE)
		big[k] = 1;
	int n = stat_fields("/proc/self/stat", comm, f);

	ok(n >= 52, "stat: at least 52 fields");
	expect_eq(f[1], getpid(), "stat: field 1 is the pid");
	ok(!strcmp(comm, "t_proc"), "stat: field 2 is (t_proc)");
	ok(f[3] == 'R', "stat: field 3, the state of the reader, is R");
	expect_eq(f[4], getppid(), "stat: field 4 is the parent's pid");
	expect_eq(f[5], getpgrp(), "stat: field 5 is the process group");
	expect_eq(f[20], 1, "stat: field 20, num_threads, is 1");
	unsigned long long vsize = f[23], rss = f[24];

	slurp("/proc/self/status");
	ok(!strncmp(text, "Name:\tt_proc\n", 13), "status: starts with Name:\\tt_proc");
	static const char *const order[] = { "Name:", "State:", "Tgid:", "Pid:", "PPid:", "TracerPid:", "VmPeak:",
					     "VmSize:", "VmHWM:", "VmRSS:", "RssAnon:", "VmData:", "VmStk:",
					     "VmExe:", "Threads:", "SigBlk:" };
	int in_order = 1;
	const char *prev = text;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		const char *l = line_of(order[k]);
		if (!l || l < prev) {
			in_order = 0;
			diag("%s missing or out of order\n", order[k]);
		}
		prev = l ? l : prev;
	}
	ok(in_order, "status: Name, State, Tgid, Pid, PPid, TracerPid, Vm*, Rss*, Threads, Sig* in Linux's order");
	ok(line_of("VmRSS:") && strstr(line_of("VmRSS:"), " kB\n") == strchr(line_of("VmRSS:"), '\n') - 3,
	   "status: VmRSS is in kB");
	expect_eq(field("Pid:"), getpid(), "status: Pid");
	/* the reading may fault a page or two in between */
	long vmsize = field("VmSize:"), vmrss = field("VmRSS:");
	ok(vmsize * 1024 >= (long)vsize - 64 * 1024 && vmsize * 1024 <= (long)vsize + 64 * 1024,
	   "stat's vsize (bytes) is status's VmSize (kB)");
	if (!ok(vmrss / 4 >= (long)rss - 256 && vmrss / 4 <= (long)rss + 256 && vmrss >= 8 * 1024,
		"stat's rss (pages) is status's VmRSS (kB), with 8 MiB touched"))
		diag("rss %llu pages, VmRSS %ld kB\n", rss, vmrss);
	munmap(big, 8 * MiB);

	long len = slurp("/proc/self/cmdline"), at = 0, good = 1;
	for (int k = 0; k < argc; k++) {
		good &= at < len && !strcmp(text + at, argv[k]);
		at += (long)strlen(argv[k]) + 1;
	}
	ok(good && at == len, "cmdline: the arguments, each ending in NUL");
	slurp("/proc/self/comm");
	ok(!strcmp(text, "t_proc\n"), "comm: t_proc");

	snprintf(path, sizeof(path), "/proc/%d/status", getpid());
	long a = slurp(path);
	ok(a > 0 && field("Pid:") == getpid(), "/proc/PID/status of the caller is its own");

	char cwd[256], want[64];
	int dir = (int)rsys(SYS_open, ".", O_RDONLY | O_DIRECTORY);
	snprintf(want, sizeof(want), "/proc/%d", getpid());
	ok(chdir("/proc/self") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, want) &&
		   slurp("comm") > 0 && !strcmp(text, "t_proc\n"),
	   "chdir(/proc/self): getcwd is /proc/PID, relative paths work");
	rsys(SYS_fchdir, dir);
	rsys(SYS_close, dir);
}

/* The maps line of [p, p+len), exactly: "start-end perms 00000000 00:00 0" */
static int maps_has(void *p, size_t len, const char *perms)
{
	char want[128];

	snprintf(want, sizeof(want), "%08lx-%08lx %s 00000000 00:00 0 ", (unsigned long)p,
		 (unsigned long)p + len, perms);
	slurp("/proc/self/maps");
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		if (!strncmp(l, want, strlen(want)))
			return 1;
		if (!strchr(l, '\n'))
			break;
	}
	return 0;
}

/* the smaps block of the VMA at p: "Name: N kB" value, or -1 */
static long smaps_of(void *p, const char *key)
{
	char start[32];

	snprintf(start, sizeof(start), "%08lx-", (unsigned long)p);
	slurp("/proc/self/smaps");
	char *l = strstr(text, start);
	if (!l || (l != text && l[-1] != '\n'))
		return -1;
	char *next = strstr(l + 1, "\nVmFlags:");
	if (!next || !strchr(next + 1, '\n'))
		return -1;
	strchr(next + 1, '\n')[1] = 0; /* the block alone, VmFlags its last line */
	memmove(text, l, strlen(l) + 1);
	return field(key);
}

static void test_maps(void)
{
	char *p = map(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, ANON);
	ok(maps_has(p, 4 * PAGE, "rw-p"), "maps: a new 4-page mapping, exactly, as rw-p 00000000 00:00 0");
	mprotect(p + PAGE, PAGE, PROT_READ);
	ok(maps_has(p, PAGE, "rw-p") && maps_has(p + PAGE, PAGE, "r--p") && maps_has(p + 2 * PAGE, 2 * PAGE, "rw-p"),
	   "maps: mprotect of the second page splits it in three lines");
	mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE);
	p[0] = 1;
	p[2 * PAGE] = 1;
	ok(smaps_of(p, "Size:") == 16 && smaps_of(p, "Rss:") == 8 && smaps_of(p, "Anonymous:") == 8 &&
		   smaps_of(p, "Private_Dirty:") == 8 && smaps_of(p, "Swap:") == 0,
	   "smaps: 4 pages, 2 touched: Size 16 kB, Rss 8 kB, Anonymous 8 kB, Private_Dirty 8 kB");
	smaps_of(p, "Size:");
	static const char *const order[] = { "Size:", "KernelPageSize:", "MMUPageSize:", "Rss:", "Pss:",
					     "Shared_Clean:", "Shared_Dirty:", "Private_Clean:", "Private_Dirty:",
					     "Referenced:", "Anonymous:", "AnonHugePages:", "Swap:", "Locked:",
					     "THPeligible:", "VmFlags: rd wr " };
	int in_order = 1;
	const char *prev = text;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		const char *l = line_of(order[k]);
		in_order &= l && l >= prev;
		prev = l ? l : prev;
	}
	ok(in_order, "smaps: the fields in Linux's order, VmFlags last");
	munmap(p, 4 * PAGE);
	ok(!maps_has(p, 4 * PAGE, "rw-p"), "maps: gone after munmap");

	slurp("/proc/self/maps");
	ok(strstr(text, " [stack]\n") != NULL, "maps: the [stack] line");
	char *b = sbrk(0);
	sbrk(PAGE);
	slurp("/proc/self/maps");
	ok(strstr(text, " [heap]\n") != NULL, "maps: the [heap] line once the break moved");
	sbrk(-(long)PAGE);
	(void)b;
}

/* /proc lists "self" and every pid as a directory entry */
static int proc_lists(int pid)
{
	char want[16], buf[4096];
	int found_pid = 0, found_self = 0;
	long fd = rsys(SYS_open, "/proc", O_RDONLY | O_DIRECTORY), n;

	snprintf(want, sizeof(want), "%d", pid);
	while (fd >= 0 && (n = rsys(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < n;) {
			struct {
				uint64_t ino, off;
				uint16_t reclen;
				uint8_t type;
				char name[];
			} *d = (void *)(buf + at);
			found_pid |= !strcmp(d->name, want) && d->type == DT_DIR;
			found_self |= !strcmp(d->name, "self");
			at += d->reclen;
		}
	}
	rsys(SYS_close, fd);
	return found_pid && found_self;
}

static void test_child(void)
{
	int go[2], done[2];
	char path[64], comm[32];
	unsigned long long f[64];

	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	if (pipe(go) || pipe(done))
		return;
	pid_t pid = fork();
	if (pid == 0) { /* touch 8 MiB when told, then wait to be killed */
		char c;
		char *m = mmap(NULL, 8 * MiB, PROT_READ | PROT_WRITE, ANON, -1, 0);
		write(done[1], "r", 1);
		read(go[0], &c, 1);
		for (size_t k = 0; k < 8 * MiB; k += PAGE)
			m[k] = 1;
		write(done[1], "t", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	char c;
	read(done[0], &c, 1);
	msleep(50);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	slurp(path);
	long rss0 = field("VmRSS:"), size0 = field("VmSize:");
	ok(line_of("State:\tS (sleeping)") != NULL, "a child blocked in read is S (sleeping)");
	expect_eq(field("PPid:"), getpid(), "the child's PPid is the reader");
	ok(proc_lists(pid), "getdents of /proc lists the child's pid (a directory) and self");
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	stat_fields(path, comm, f);
	unsigned long long flt0 = f[10];

	write(go[1], "g", 1);
	read(done[0], &c, 1);
	msleep(50);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	slurp(path);
	long rss1 = field("VmRSS:");
	ok(rss1 - rss0 >= 8 * 1024 - 64 && rss1 - rss0 <= 8 * 1024 + 256,
	   "the child's VmRSS grows by the 8 MiB it touched");
	ok(field("VmSize:") == size0, "the child's VmSize does not move when it touches");
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	stat_fields(path, comm, f);
	ok(f[10] - flt0 >= 2048 && f[10] - flt0 <= 2048 + 64, "the child's minflt (stat field 10) grows by 2048");
	snprintf(path, sizeof(path), "/proc/%d/statm", pid);
	slurp(path);
	char *end;
	strtol(text, &end, 10);
	long res = strtol(end, NULL, 10);
	ok(res * 4 >= rss1 - 64 && res * 4 <= rss1 + 64, "statm's resident pages match VmRSS");

	kill(pid, SIGKILL);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int tries = 0; tries < 200 && (stat_fields(path, comm, f) < 52 || f[3] != 'Z'); tries++)
		msleep(10); /* until it has exited: no wait, it stays a zombie */
	ok(stat_fields(path, comm, f) >= 52 && f[3] == 'Z', "a killed, unreaped child is Z in stat");
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	slurp(path);
	ok(line_of("State:\tZ (zombie)") && !line_of("VmRSS:"), "a zombie's status: Z (zombie), no Vm lines");
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	expect_eq(slurp(path), 0, "a zombie's cmdline is empty");
	waitpid(pid, NULL, 0);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	expect_eq(slurp(path), -ENOENT, "a reaped child has no /proc entry (ENOENT)");
	expect_eq(slurp("/proc/999999/status"), -ENOENT, "/proc/999999: ENOENT");
	expect_eq(slurp("/proc/notapid/status"), -ENOENT, "/proc/notapid: ENOENT");
	prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
}

static void test_faults_counted(void)
{
	long before = vmstat("pgfault");
	char *p = map(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, ANON);
	for (int k = 0; k < 64; k++)
		p[k * PAGE] = 1;
	long after = vmstat("pgfault");
	ok(after - before >= 64, "vmstat: pgfault grows by at least the 64 pages touched");
	munmap(p, 64 * PAGE);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, PLAN);
	test_meminfo();
	test_vmstat();
	test_buddyinfo();
	test_zoneinfo();
	test_slabinfo();
	test_cpuinfo_uptime();
	test_self(argc, argv);
	test_maps();
	test_child();
	test_faults_counted();
	return tap_done();
}
