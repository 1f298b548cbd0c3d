/*
 * user/ps/ps.c - ps [OPTIONS]: report a snapshot of the processes, as
 * procps-ng's ps does, from /proc/<pid>/stat, status and cmdline
 * (proc.c reads them, select.c chooses, columns.c shows them; this file:
 * the command line, and the order: --sort, --forest).
 *
 * The three syntaxes of procps are understood: UNIX options with a dash
 * (ps -ef, ps -o pid,rss -p 1), BSD ones without (ps aux, ps axjf) and
 * GNU long ones (--pid, --sort=-rss, --forest).  What is shown:
 *
 *   ps                 my processes on my terminal:  PID TTY TIME CMD
 *   ps -e / -A         every process (same columns)
 *   ps -f, -F, -l, -j  full, extra full, long, jobs formats
 *   ps aux             BSD user format: USER PID %CPU %MEM VSZ RSS TTY STAT
 *                      START TIME COMMAND (x: also without a terminal)
 *   ps -o LIST         the columns of LIST ("pid,ppid,vsz,rss,stat,comm",
 *                      "rss=RESIDENT", "args:40"), headers as procps's
 *   ps -p/--pid, --ppid, -C, -u, -s, -t   select by lists
 *
 * Columns are laid out by procps's rules: numbers right-aligned to the
 * column's width, text left-aligned, a wide value pushing what follows
 * to the right, the last column cut to the terminal's width only when
 * the output is a terminal.  Times are UTC (lom has no time zones).
 * The selection is procps's: by default the processes of my effective
 * user on my terminal; lom's processes have no terminal (TTY "?").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ps.h"
#include "ulib.h"

struct ps_show show;

_Noreturn void ps_usage_error(const char *msg)
{
	fflush(stdout);
	if (msg)
		fprintf(stderr, "error: %s\n", msg);
	fputs("\nUsage:\n ps [options]\n\n"
	      " Try 'ps --help <simple|list|output|threads|misc|all>'\n"
	      "  or 'ps --help <s|l|o|t|m|a>'\n"
	      " for additional help text.\n\n"
	      "For more details see ps(1).\n", stderr);
	exit(1);
}

void *ps_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "ps: out of memory\n");
		exit(1);
	}
	return p;
}

char *ps_xstrdup(const char *s)
{
	return strcpy(ps_xmalloc(strlen(s) + 1), s);
}

/* ---- sorting and the forest ---- */

struct sort_key {
	const struct spec *spec;
	int reverse;
};

static struct sort_key *keys;
static int nkeys;

static void add_sort(const char *list)
{
	char *copy = ps_xstrdup(list), *save = NULL, *tok;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int rev = *tok == '-';
		const struct spec *s;

		if (*tok == '-' || *tok == '+')
			tok++;
		if (!(s = ps_find_spec(tok, strlen(tok))))
			ps_usage_error("unknown sort specifier");
		keys = realloc(keys, (nkeys + 1) * sizeof(*keys));
		keys[nkeys].spec = s;
		keys[nkeys].reverse = rev;
		nkeys++;
	}
	free(copy);
}

static int cmp_procs(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	for (int i = 0; i < nkeys; i++) {
		const struct spec *s = keys[i].spec;
		int r;

		if (s->flags & TEXT_SORT) {
			char bx[4096], by[4096];
			struct column c = { s, NULL, 0 };

			ps_value(&c, x, bx, sizeof(bx));
			ps_value(&c, y, by, sizeof(by));
			r = strcmp(bx, by);
		} else {
			double vx = ps_sort_number(s, x), vy = ps_sort_number(s, y);

			r = (vx > vy) - (vx < vy);
		}
		if (r)
			return keys[i].reverse ? -r : r;
	}
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/*
 * --forest (f): each process under its parent, the command drawn after a
 * prefix as procps does: per ancestor level "    " or " |  " (when that
 * ancestor has younger siblings still to come), then " \_ " before the
 * process itself.  -H indents by two spaces a level instead.
 * procs[] is reordered depth first, children in pid order.
 */
static struct proc *tree_out;
static int tree_n;

static void tree_walk(int i, char *cont, int depth, int last)
{
	struct proc *p = &ps_procs[i];
	int *kids, nk = 0;

	if (depth > 0 && depth < 200) {
		char *q = p->prefix = ps_xmalloc(4 * depth + 1);

		for (int d = 0; d < depth - 1; d++)
			q = stpcpy(q, show.forest_unix ? "  " : cont[d] == '|' ? " |  " : "    ");
		stpcpy(q, show.forest_unix ? "  " : " \\_ ");
		cont[depth - 1] = last ? ' ' : '|';
	}
	tree_out[tree_n++] = *p;
	kids = ps_xmalloc(ps_nprocs * sizeof(*kids));
	for (int j = 0; j < ps_nprocs; j++)
		if (ps_procs[j].selected == 1 && ps_procs[j].ppid == p->pid && ps_procs[j].pid != p->pid) {
			ps_procs[j].selected = 2;	/* placed */
			kids[nk++] = j;
		}
	for (int k = 0; k < nk; k++)
		tree_walk(kids[k], cont, depth + 1, k + 1 == nk);
	free(kids);
}

static void make_forest(void)
{
	char cont[256];

	tree_out = ps_xmalloc((ps_nprocs + 1) * sizeof(*tree_out));
	for (int i = 0; i < ps_nprocs; i++) {
		int has_parent = 0;

		if (ps_procs[i].selected != 1)
			continue;
		for (int j = 0; j < ps_nprocs && !has_parent; j++)
			has_parent = ps_procs[j].selected && ps_procs[j].pid == ps_procs[i].ppid &&
				     ps_procs[j].pid != ps_procs[i].pid;
		if (!has_parent) {
			ps_procs[i].selected = 2;
			tree_walk(i, cont, 0, 1);
		}
	}
	free(ps_procs);
	ps_procs = tree_out;
	ps_nprocs = tree_n;
}

/* ---- the command line ---- */

static void help(const char *section)
{
	char s = section ? section[0] : 0;

	printf("\nUsage:\n ps [options]\n");
	if (!section) {
		printf("\n Try 'ps --help <simple|list|output|threads|misc|all>'\n"
		       "  or 'ps --help <s|l|o|t|m|a>'\n"
		       " for additional help text.\n");
	}
	if (s == 's' || s == 'a')
		printf("\nBasic options:\n"
		       " -A, -e               all processes\n"
		       " -a                   all with tty, except session leaders\n"
		       "  a                   all with tty, including other users\n"
		       " -d                   all except session leaders\n"
		       " -N, --deselect       negate selection\n"
		       "  r                   only running processes\n"
		       "  T                   all processes on this terminal\n"
		       "  x                   processes without controlling ttys\n");
	if (s == 'l' || s == 'a')
		printf("\nSelection by list:\n"
		       " -C <command>         command name\n"
		       " -p, p, --pid <PID>   process id\n"
		       "        --ppid <PID>  parent process id\n"
		       " -q, q, --quick-pid <PID>\n"
		       "                      process id (quick mode)\n"
		       " -s, --sid <session>  session id\n"
		       " -t, t, --tty <tty>   terminal\n"
		       " -u, U, --user <UID>  effective user id or name\n"
		       " -U, --User <UID>     real user id or name\n"
		       "\n  The selection options take as their argument either:\n"
		       "    a comma-separated list e.g. '-u root,nobody' or\n"
		       "    a blank-separated list e.g. '-p 123 4567'\n");
	if (s == 'o' || s == 'a')
		printf("\nOutput formats:\n"
		       " -F                   extra full\n"
		       " -f                   full-format, including command lines\n"
		       "  f, --forest         ascii art process tree\n"
		       " -H                   show process hierarchy\n"
		       " -j                   jobs format\n"
		       "  j                   BSD job control format\n"
		       " -l                   long format\n"
		       "  l                   BSD long format\n"
		       " -O <format>          preloaded with default columns\n"
		       "  O <format>          as -O, with BSD personality\n"
		       " -o, o, --format <format>\n"
		       "                      user-defined format\n"
		       "  u                   user-oriented format\n"
		       "  v                   virtual memory format\n"
		       "     --headers        repeat header lines, one per page\n"
		       "     --no-headers     do not print header at all\n"
		       "     --cols, --columns, --width <num>\n"
		       "                      set screen width\n");
	if (s == 't' || s == 'a')
		printf("\nShow threads:\n"
		       "  (lom's processes have one thread each: H, -L, -m and -T change nothing)\n");
	if (s == 'm' || s == 'a')
		printf("\nMiscellaneous options:\n"
		       "  c                   show true command name\n"
		       "  k,    --sort        specify sort order as: [+|-]key[,[+|-]key[,...]]\n"
		       "  L                   show format specifiers\n"
		       "  n                   display numeric uid and wchan\n"
		       " -V, V, --version     display version information and exit\n"
		       " -w, w                unlimited output width\n"
		       "\n        --help <simple|list|output|threads|misc|all>\n"
		       "                      display help and exit\n");
	printf("\nFor more details see ps(1).\n");
	exit(0);
}

#define FF_f 1
#define FF_F 2
#define FF_l 4
#define FF_j 8

static int unix_fmt, wide;
static const char *bsd_fmt;
static char *user_fmt;		/* -o, accumulated */
static const char *o_fmt;	/* -O, O */
static int o_bsd;		/* O: the BSD trailer */

static void add_user_format(const char *f)
{
	size_t old = user_fmt ? strlen(user_fmt) : 0;

	user_fmt = realloc(user_fmt, old + strlen(f) + 2);
	if (!user_fmt)
		ps_usage_error("out of memory");
	if (old)
		user_fmt[old++] = ',';
	strcpy(user_fmt + old, f);
}

/* The argument of an option: the rest of its cluster, else the next word. */
static const char *opt_arg(char **argv, int *i, const char *rest, const char *what)
{
	if (*rest)
		return rest;
	if (!argv[*i + 1]) {
		char msg[80];

		snprintf(msg, sizeof(msg), "%s", what);
		ps_usage_error(msg);
	}
	return argv[++*i];
}

static void version(void)
{
	printf("ps from lom (procps-ng 4 compatible)\n");
	exit(0);
}

static void list_specs(void)
{
	for (size_t i = 0; i < ps_nspecs; i++)
		printf("%-12.12s %-8.8s\n", ps_specs[i].name, ps_specs[i].head);
	exit(0);
}

static const char *my_tty_name(void)
{
	static char buf[32];

	ps_tty_name(sys.my_tty, buf, sizeof(buf));
	return buf;
}

static void parse_unix(char **argv, int *i)
{
	const char *a = argv[*i];

	for (int j = 1; a[j]; j++) {
		const char *rest = a + j + 1;

		switch (a[j]) {
		case 'A': case 'e': sel.all = 1; break;
		case 'a': sel.simple |= SS_U_a; break;
		case 'd': sel.simple |= SS_U_d; break;
		case 'N': sel.negate = 1; break;
		case 'f': unix_fmt |= FF_f; show.unix_f = 1; break;
		case 'F': unix_fmt |= FF_F; show.unix_f = 1; break;
		case 'l': unix_fmt |= FF_l; break;
		case 'j': unix_fmt |= FF_j; break;
		case 'H': show.forest = show.forest_unix = 1; break;
		case 'w': wide++; break;
		case 'V': version(); break;
		case 'L': case 'T': case 'm': case 'c': case 'y': break;	/* one thread each */
		case 'o':
			add_user_format(opt_arg(argv, i, rest, "format specification must follow -o"));
			return;
		case 'O':
			o_fmt = opt_arg(argv, i, rest, "format specification must follow -O");
			return;
		case 'p': case 'q':
			ps_add_list(L_PID, opt_arg(argv, i, rest, "list of process IDs must follow -p"),
				 "process ID");
			return;
		case 'C':
			ps_add_list(L_COMM, opt_arg(argv, i, rest, "list of command names must follow -C"),
				 "command name");
			return;
		case 'u':
			ps_add_list(L_EUID, opt_arg(argv, i, rest, "list of users must follow -u"), "user");
			return;
		case 'U':
			ps_add_list(L_RUID, opt_arg(argv, i, rest, "list of users must follow -U"), "user");
			return;
		case 's':
			ps_add_list(L_SID, opt_arg(argv, i, rest, "list of session IDs must follow -s"),
				 "session ID");
			return;
		case 't':
			ps_add_list(L_TTY, opt_arg(argv, i, rest, "list of terminals (pty, tty...) must follow -t"),
				 "terminal");
			return;
		default:
			ps_usage_error("unsupported SysV option");
		}
	}
}

static void parse_bsd(char **argv, int *i)
{
	const char *a = argv[*i];

	sel.prefer_bsd = 1;
	if (strspn(a, "0123456789,") == strlen(a)) {	/* "ps 123": process IDs */
		ps_add_list(L_PID, a, "process ID");
		return;
	}
	for (int j = 0; a[j]; j++) {
		const char *rest = a + j + 1;

		switch (a[j]) {
		case 'a': sel.simple |= SS_B_a; break;
		case 'x': sel.simple |= SS_B_x; break;
		case 'u': bsd_fmt = "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args"; break;
		case 'j': bsd_fmt = "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args"; break;
		case 'l': bsd_fmt = "flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args"; break;
		case 'v': bsd_fmt = "pid,tname,stat,bsdtime,maj_flt,m_trs,m_drs,rss,pmem,args"; break;
		case 'f': show.forest = 1; break;
		case 'c': show.true_command = 1; break;
		case 'h': show.no_header = 1; break;
		case 'w': wide++; break;
		case 'r': sel.running_only = 1; break;
		case 'n': show.user_numeric = 1; break;
		case 'T': ps_add_list(L_TTY, my_tty_name(), "terminal"); break;
		case 'L': list_specs(); break;
		case 'V': version(); break;
		case 'e': case 'g': case 'S': case 'H': case 'm': break;
		case 'o':
			add_user_format(opt_arg(argv, i, rest, "format specification must follow o"));
			return;
		case 'O':
			o_fmt = opt_arg(argv, i, rest, "format specification must follow O");
			o_bsd = 1;
			return;
		case 'p': case 'q':
			ps_add_list(L_PID, opt_arg(argv, i, rest, "list of process IDs must follow p"),
				 "process ID");
			return;
		case 'U':
			ps_add_list(L_EUID, opt_arg(argv, i, rest, "list of users must follow U"), "user");
			return;
		case 't':
			ps_add_list(L_TTY, opt_arg(argv, i, rest, "list of terminals (pty, tty...) must follow t"),
				 "terminal");
			return;
		case 'k':
			add_sort(opt_arg(argv, i, rest, "long sort specification must follow 'k'"));
			return;
		default:
			ps_usage_error("unsupported option (BSD syntax)");
		}
	}
}

static void parse_gnu(char **argv, int *i)
{
	static const struct {
		const char *name;
		int arg;	/* 0 none, 1 required, 2 optional (only with '=') */
	} longs[] = {
		{ "pid", 1 }, { "quick-pid", 1 }, { "ppid", 1 }, { "sid", 1 }, { "tty", 1 },
		{ "user", 1 }, { "User", 1 }, { "format", 1 }, { "sort", 1 }, { "cols", 1 },
		{ "columns", 1 }, { "width", 1 }, { "rows", 1 }, { "lines", 1 }, { "forest", 0 },
		{ "no-headers", 0 }, { "no-heading", 0 }, { "noheader", 0 }, { "noheaders", 0 },
		{ "headers", 0 }, { "deselect", 0 }, { "help", 2 }, { "version", 0 },
		{ "cumulative", 0 }, { "heading", 0 },
	};
	const char *a = argv[*i] + 2, *eq = strchr(a, '='), *val = NULL;
	size_t len = eq ? (size_t)(eq - a) : strlen(a), k;

	for (k = 0; k < sizeof(longs) / sizeof(longs[0]); k++)
		if (strlen(longs[k].name) == len && !strncmp(longs[k].name, a, len))
			break;
	if (k == sizeof(longs) / sizeof(longs[0]))
		ps_usage_error("unknown gnu long option");
	if (longs[k].arg == 1) {
		if (eq) {
			val = eq + 1;
		} else if (argv[*i + 1]) {
			val = argv[++*i];
		} else {
			char msg[80];

			snprintf(msg, sizeof(msg), "%s specification must follow --%s",
				 !strcmp(longs[k].name, "sort") ? "long sort" : "list", longs[k].name);
			ps_usage_error(msg);
		}
	} else if (eq && longs[k].arg == 0) {
		ps_usage_error("unknown gnu long option");
	}
	switch (longs[k].name[0] == 'h' && longs[k].name[1] == 'e' && longs[k].name[2] == 'l' ? 'H' : 0) {
	case 'H':	/* --help [SECTION] */
		if (!eq && argv[*i + 1] && argv[*i + 1][0] != '-')
			help(argv[*i + 1]);
		help(eq ? eq + 1 : NULL);
	}
	if (!strcmp(longs[k].name, "pid") || !strcmp(longs[k].name, "quick-pid"))
		ps_add_list(L_PID, val, "process ID");
	else if (!strcmp(longs[k].name, "ppid"))
		ps_add_list(L_PPID, val, "process ID");
	else if (!strcmp(longs[k].name, "sid"))
		ps_add_list(L_SID, val, "session ID");
	else if (!strcmp(longs[k].name, "tty"))
		ps_add_list(L_TTY, val, "terminal");
	else if (!strcmp(longs[k].name, "user"))
		ps_add_list(L_EUID, val, "user");
	else if (!strcmp(longs[k].name, "User"))
		ps_add_list(L_RUID, val, "user");
	else if (!strcmp(longs[k].name, "format"))
		add_user_format(val);
	else if (!strcmp(longs[k].name, "sort"))
		add_sort(val);
	else if (!strcmp(longs[k].name, "cols") || !strcmp(longs[k].name, "columns") ||
		 !strcmp(longs[k].name, "width")) {
		char *end;
		long w = strtol(val, &end, 10);

		if (*end || w < 1)
			ps_usage_error("number of columns is invalid");
		show.screen_cols = (int)w;
		wide = -1;
	} else if (!strcmp(longs[k].name, "forest"))
		show.forest = 1;
	else if (!strncmp(longs[k].name, "no", 2))
		show.no_header = 1;
	else if (!strcmp(longs[k].name, "deselect"))
		sel.negate = 1;
	else if (!strcmp(longs[k].name, "version"))
		version();
}

/* The terminal's width when the output is one, else none (as procps). */
static void set_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (wide < 0)
		return;		/* --ps_cols */
	show.screen_cols = 0;
	/* (lom's console is a terminal of 80 columns, even when lom-exec captures it) */
	if (isatty(1)) {
		show.screen_cols = 80;
		/* as procps: the first of stdout, stderr, stdin that knows its size */
		for (int fd = 1; fd != 3; fd = fd == 1 ? 2 : fd == 2 ? 0 : 3)
			if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
				show.screen_cols = ws.ws_col;
				break;
			}
	}
	if (env && *env && atoi(env) > 0)
		show.screen_cols = atoi(env);
	if (wide == 1 && show.screen_cols && show.screen_cols < 132)
		show.screen_cols = 132;
	if (wide > 1)
		show.screen_cols = 0;
}

static void choose_format(void)
{
	char buf[512];

	if (user_fmt) {
		ps_add_format(user_fmt);
		return;
	}
	if (o_fmt) {
		snprintf(buf, sizeof(buf), o_bsd ? "pid,%s,s,tname,cputime,comm" :
			 "pid,%s,s,tname,time,command", o_fmt);
		ps_add_format(buf);
		return;
	}
	if (bsd_fmt && !unix_fmt) {
		ps_add_format(bsd_fmt);
		return;
	}
	if (!unix_fmt) {
		ps_add_format(sel.prefer_bsd ? "pid,tname,stat,bsdtime,args" : "pid,tname,time,ucmd");
		return;
	}
	/* the UNIX formats combine: -l, -f, -F, -j */
	{
		int f = unix_fmt & (FF_f | FF_F), l = unix_fmt & FF_l, j = unix_fmt & FF_j;

		snprintf(buf, sizeof(buf), "%s%s%s%s%s%s%s%s%s%s",
			 l ? "f,s," : "",
			 f ? "uid_hack," : l ? "uid," : "",
			 "pid,",
			 f || l ? "ppid," : "",
			 j ? "pgid,sid," : "",
			 f || l ? "c," : "",
			 l ? "opri,ni,addr_1,sz,wchan," : "",
			 unix_fmt & FF_F ? (l ? "rss,psr," : "sz,rss,psr,") : "",
			 f ? "stime," : "",
			 f ? "tname,time,cmd" : "tname,time,ucmd");
		ps_add_format(buf);
	}
}

int main(int argc, char **argv)
{
	char *t;
	int shown = 0;

	ps_read_system();
	sys.my_euid = geteuid();
	if ((t = read_whole("/proc/self/stat", NULL)) != NULL) {
		struct proc self;

		memset(&self, 0, sizeof(self));
		if (ps_parse_stat(&self, t) == 0)
			sys.my_tty = self.tty;
		free(t);
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] == '-' && a[2])
			parse_gnu(argv, &i);
		else if (a[0] == '-' && a[1])
			parse_unix(argv, &i);
		else if (a[0] && a[0] != '-')
			parse_bsd(argv, &i);
		else
			ps_usage_error("unsupported SysV option");
	}
	set_width();
	choose_format();
	ps_read_procs();
	for (int i = 0; i < ps_nprocs; i++)
		ps_procs[i].selected = ps_wanted(&ps_procs[i]);
	for (int i = 0; i < ps_ncols; i++)
		if (ps_cols[i].spec->id == C_ARGS || (ps_cols[i].spec->id == C_COMM && show.unix_f))
			for (int j = 0; j < ps_nprocs; j++)
				if (ps_procs[j].selected && !ps_procs[j].args)
					ps_read_args(&ps_procs[j]);
	if (nkeys)
		qsort(ps_procs, ps_nprocs, sizeof(*ps_procs), cmp_procs);
	if (show.forest)
		make_forest();
	if (!show.no_header)
		ps_print_header();
	for (int i = 0; i < ps_nprocs; i++) {
		if (!ps_procs[i].selected)
			continue;
		ps_print_proc(&ps_procs[i]);
		shown++;
	}
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "ps: write error: %s\n", strerror(errno));
		return 1;
	}
	return shown ? 0 : 1;
}
