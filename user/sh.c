/*
 * user/sh.c - a small Bourne-like shell: reads lines, runs them.
 *
 *   sh                     commands from stdin ("$ " prompts if it is a tty)
 *   sh -c 'LINE' [NAME [ARG...]]
 *   sh FILE [ARG...]
 *
 * A line is cut into tokens and checked (sh_parse.c), then its pipelines
 * run left to right as ;, && and || say.  A pipeline's commands run in
 * children joined by pipes, and the shell waits for all of them; its
 * status is the last one's.  Builtins (cd, echo, exit, export, help, pwd,
 * unset) run in the shell itself unless they are part of a pipeline.
 *
 * The shell ignores SIGINT and SIGQUIT, its children get the defaults
 * back: Ctrl-C stops the running command, and the rest of its line.
 * Reading stdin, the shell takes one byte at a time, so that it never
 * consumes what a command it runs should read (`sh < script`).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"
#include "ulib.h"

#define MAX_PIPE	32	/* commands in one pipeline */
#define MAX_REDIR	16	/* redirections in one command */
#define SCRIPT_FD	63	/* where `sh FILE` keeps FILE, out of the way */

/* Input, one line at a time, from a descriptor or from the -c string. */
struct input {
	int fd;
	int bytewise;		/* never read past a newline: children share fd */
	const char *str;	/* sh -c */
	char buf[SH_LINE_MAX];
	size_t pos, len;
};

int sh_status;
char **sh_argv;
int sh_argc;

static int interactive;
static int interrupted;	/* a command died of SIGINT: drop the rest of the line */

static struct token toks[SH_LINE_MAX + 1];
static char words[2 * SH_LINE_MAX];

/* ---- reading lines ---- */

/* The next byte, EOF, or -2 on a read error. */
static int getbyte(struct input *in)
{
	ssize_t n;

	if (in->str)
		return *in->str ? (unsigned char)*in->str++ : EOF;
	if (in->pos == in->len) {
		do
			n = read(in->fd, in->buf, in->bytewise ? 1 : sizeof(in->buf));
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return n == 0 ? EOF : -2;
		in->pos = 0;
		in->len = n;
	}
	return (unsigned char)in->buf[in->pos++];
}

/*
 * 1: a line (without its newline) in line[SH_LINE_MAX]; 0: end of input;
 * -1: read error.  A line too long is reported and comes back empty.
 */
static int read_line(struct input *in, char *line)
{
	size_t len = 0;
	int c, toolong = 0;

	while ((c = getbyte(in)) != '\n') {
		if (c == -2) {
			fprintf(stderr, "sh: read error: %s\n", strerror(errno));
			return -1;
		}
		if (c == EOF && len == 0 && !toolong)
			return 0;
		if (c == EOF)
			break;
		if (c == '\0')
			continue;	/* a C string cannot hold it */
		if (len == SH_LINE_MAX - 1)
			toolong = 1;
		else
			line[len++] = c;
	}
	line[len] = '\0';
	if (toolong) {
		fprintf(stderr, "sh: line longer than %d bytes\n", SH_LINE_MAX - 1);
		line[0] = '\0';
		sh_status = 2;
	}
	return 1;
}

/* ---- redirections ---- */

struct saved_fd {
	int fd, copy;	/* copy: where fd was kept, -1 if it was closed */
};

/*
 * What redirection t with its expanded target reads from or writes to:
 * a newly opened file, or for <& and >& the descriptor to copy, or -2
 * for "-" (close).  -1 after an error message.
 */
static int redir_source(const struct token *t, const char *target)
{
	static const int flags[] = {
		['<'] = O_RDONLY,
		['>'] = O_WRONLY | O_CREAT | O_TRUNC,
		['a'] = O_WRONLY | O_CREAT | O_APPEND,
	};
	char *end;
	long fd;

	if (t->op != 'd') {
		fd = open(target, flags[t->op], 0666);
		if (fd < 0)
			fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
		return (int)fd;
	}
	if (strcmp(target, "-") == 0)
		return -2;
	fd = strtol(target, &end, 10);
	if (!*target || *end || fd < 0 || fd > INT_MAX || fcntl((int)fd, F_GETFD) < 0) {
		fprintf(stderr, "sh: %s: Bad file descriptor\n", target);
		return -1;
	}
	return (int)fd;
}

/*
 * Apply the redirections among tokens [t, end), left to right.  With
 * save (a builtin in the shell itself), remember what each descriptor
 * was, for restore_fds(), which must be called even after a failure.
 */
static int apply_redirs(struct token *t, struct token *end, struct saved_fd *save, int *nsave)
{
	for (; t < end; t++) {
		char *target;
		int src, opened = t->op != 'd';

		if (t->type != T_REDIR)
			continue;
		target = sh_expand_one(t->text);
		if (!target)
			return -1;
		src = redir_source(t, target);
		free(target);
		if (src == -1)
			return -1;
		if (save) {
			save[*nsave].fd = t->fd;
			save[*nsave].copy = fcntl(t->fd, F_DUPFD_CLOEXEC, 10);
			(*nsave)++;
		}
		if (src == -2) {
			close(t->fd);
		} else if (src != t->fd && dup2(src, t->fd) < 0) {
			fprintf(stderr, "sh: %d: %s\n", t->fd, strerror(errno));
			if (opened)
				close(src);
			return -1;
		}
		if (opened && src != t->fd)
			close(src);
	}
	return 0;
}

static void restore_fds(struct saved_fd *save, int n)
{
	fflush(stdout);
	while (n-- > 0) {
		if (save[n].copy < 0) {
			close(save[n].fd);
		} else {
			dup2(save[n].copy, save[n].fd);
			close(save[n].copy);
		}
	}
}

/* ---- builtins ---- */

static int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HOME");
	char cwd[PATH_MAX];

	if (!dir) {
		fprintf(stderr, "sh: cd: HOME not set\n");
		return 1;
	}
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (getcwd(cwd, sizeof(cwd)))
		setenv("PWD", cwd, 1);
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	char cwd[PATH_MAX];

	(void)argc, (void)argv;
	if (!getcwd(cwd, sizeof(cwd))) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int bi_echo(int argc, char **argv)
{
	return echo_main(argc, argv);
}

static int bi_exit(int argc, char **argv)
{
	char *end;
	long n = sh_status;

	if (argc > 1) {
		n = strtol(argv[1], &end, 10);
		if (!*argv[1] || *end) {
			fprintf(stderr, "sh: exit: %s: numeric argument required\n", argv[1]);
			n = 2;
		}
	}
	fflush(stdout);
	exit(n & 255);
}

/* NAME=value sets and exports; NAME alone is exported already (all variables are). */
static int bi_export(int argc, char **argv)
{
	extern char **environ;
	int ret = 0;

	if (argc == 1)
		for (char **e = environ; *e; e++)
			printf("export %s\n", *e);
	for (int i = 1; i < argc; i++) {
		size_t n = sh_assignment_len(argv[i]);
		char *name = argv[i];

		if (!n && !sh_is_name(name)) {
			fprintf(stderr, "sh: export: '%s': not a valid identifier\n", name);
			ret = 1;
		} else if (n) {
			name[n] = '\0';
			if (setenv(name, name + n + 1, 1) < 0) {
				fprintf(stderr, "sh: export: %s: %s\n", name, strerror(errno));
				ret = 1;
			}
			name[n] = '=';
		}
	}
	return ret;
}

static int bi_unset(int argc, char **argv)
{
	int ret = 0;

	for (int i = 1; i < argc; i++) {
		if (!sh_is_name(argv[i]) || unsetenv(argv[i]) < 0) {
			fprintf(stderr, "sh: unset: '%s': not a valid identifier\n", argv[i]);
			ret = 1;
		}
	}
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The syntax in a nutshell, then the programs in /bin. */
static int bi_help(int argc, char **argv)
{
	struct strv names = { 0 };
	struct dirent *de;
	DIR *d;
	int col = 0;

	(void)argc, (void)argv;
	printf("sh: a small Bourne-like shell.\n"
	       "  cmd args < in > out >> append 2> err 2>&1   redirections\n"
	       "  a | b | c          pipeline (status: the last command's)\n"
	       "  a ; b   a && b   a || b                      lists\n"
	       "  'literal' \"with $VARS\" \\c                    quoting\n"
	       "  $NAME ${NAME} $? $$ $# $0..$9 ~             expansions\n"
	       "  NAME=value         set and export a variable   # comment\n"
	       "Builtins: cd echo exit export help pwd unset\n"
	       "Programs in /bin:\n");
	d = opendir("/bin");
	if (!d) {
		fprintf(stderr, "sh: help: /bin: %s\n", strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			strv_push(&names, xstrdup(de->d_name));
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (int i = 0; i < names.n; i++) {
		if (col && col + 1 + strlen(names.v[i]) > 72) {
			printf("\n");
			col = 0;
		}
		col += printf("%s%s", col ? " " : "  ", names.v[i]);
	}
	if (col)
		printf("\n");
	strv_free(&names);
	return 0;
}

static const struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
} builtins[] = {
	{ "cd", bi_cd }, { "echo", bi_echo }, { "exit", bi_exit }, { "export", bi_export },
	{ "help", bi_help }, { "pwd", bi_pwd }, { "unset", bi_unset },
};

static const struct builtin *find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(name, builtins[i].name) == 0)
			return &builtins[i];
	return NULL;
}

static int run_builtin(const struct builtin *b, struct strv *argv)
{
	int ret = b->fn(argv->n, argv->v);

	if (fflush(stdout) == EOF) {
		fprintf(stderr, "sh: %s: write error: %s\n", b->name, strerror(errno));
		clearerr(stdout);
		ret = 1;
	}
	return ret;
}

/* ---- commands and pipelines ---- */

/* One simple command: tokens [first, end), its assignments and words expanded. */
struct cmd {
	struct token *first, *end;
	struct strv assigns;	/* "NAME=value" */
	struct strv argv;
};

/* Expand the words of [first, end) into c; -1 after an error message. */
static int cmd_expand(struct cmd *c, struct token *first, struct token *end)
{
	int nredir = 0;

	c->first = first;
	c->end = end;
	memset(&c->assigns, 0, sizeof(c->assigns));
	memset(&c->argv, 0, sizeof(c->argv));
	for (struct token *t = first; t < end; t++) {
		size_t n;

		if (t->type == T_REDIR) {
			if (++nredir > MAX_REDIR) {
				fprintf(stderr, "sh: more than %d redirections\n", MAX_REDIR);
				return -1;
			}
			continue;
		}
		n = sh_assignment_len(t->text);
		if (n && c->argv.n == 0) {
			char *s = sh_expand_one(t->text);

			if (!s)
				return -1;
			strv_push(&c->assigns, s);
		} else if (sh_expand(t->text, &c->argv, !n) < 0) {
			return -1;	/* assignment-like arguments are not split either */
		}
	}
	return 0;
}

static void cmd_free(struct cmd *c)
{
	strv_free(&c->assigns);
	strv_free(&c->argv);
}

static int set_vars(struct strv *assigns)
{
	for (int i = 0; i < assigns->n; i++) {
		char *s = assigns->v[i], *eq = strchr(s, '=');
		int r;

		*eq = '\0';
		r = setenv(s, eq + 1, 1);
		*eq = '=';
		if (r < 0) {
			fprintf(stderr, "sh: %s: %s\n", s, strerror(errno));
			return 1;
		}
	}
	return 0;
}

/* In a child: redirect, then run the command; never returns. */
static void child_run(struct cmd *c)
{
	extern char **environ;
	const struct builtin *b;
	char *path;
	int err;

	signals_default();
	if (apply_redirs(c->first, c->end, NULL, NULL) < 0 || set_vars(&c->assigns))
		_exit(1);
	if (c->argv.n == 0)
		_exit(0);
	b = find_builtin(c->argv.v[0]);
	if (b)
		_exit(run_builtin(b, &c->argv));
	path = getenv("PATH");
	err = exec_search(c->argv.v[0], c->argv.v, environ, path ? path : "/bin");
	if (err == ENOENT && !strchr(c->argv.v[0], '/'))
		fprintf(stderr, "sh: %s: not found\n", c->argv.v[0]);
	else
		fprintf(stderr, "sh: %s: %s\n", c->argv.v[0], strerror(err));
	_exit(exec_fail_code(err));
}

/* Builtins and bare assignments/redirections run in the shell itself. */
static int run_in_shell(struct cmd *c, const struct builtin *b)
{
	struct saved_fd save[MAX_REDIR];
	int nsave = 0, ret;

	if (apply_redirs(c->first, c->end, save, &nsave) < 0) {
		restore_fds(save, nsave);
		return 1;
	}
	ret = set_vars(&c->assigns);
	if (b && !ret)
		ret = run_builtin(b, &c->argv);
	restore_fds(save, nsave);
	return ret;
}

/* The status of a finished child, telling the user how it died. */
static int reap(pid_t pid, int *said_int)
{
	int ws;

	while (waitpid(pid, &ws, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sh: wait: %s\n", strerror(errno));
			return 1;
		}
	}
	if (WIFSIGNALED(ws)) {
		int sig = WTERMSIG(ws);

		if (sig == SIGINT) {
			interrupted = 1;
			if (!*said_int)
				fprintf(stderr, "\n");
			*said_int = 1;
		} else if (sig != SIGPIPE) {
			fprintf(stderr, "%s\n", sig_describe(sig));
		}
	}
	return wait_code(ws);
}

/* Start c in a child, with in and out (when >= 0) as its stdin and stdout. */
static pid_t start_child(struct cmd *c, int expand_failed, int in, int out)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0)
			dup2(out, 1);
		if (expand_failed)
			_exit(1);
		child_run(c);
	}
	if (pid < 0)
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
	return pid;
}

/*
 * Run the pipeline in tokens [t, end) and return its status: the last
 * command's.  Pipe ends are close-on-exec, so each child keeps only the
 * two it was given as 0 and 1.
 */
static int run_pipeline(struct token *t, struct token *end)
{
	pid_t pids[MAX_PIPE];
	int n = 1, started = 0, in = -1, said_int = 0, ret = 0;

	for (struct token *p = t; p < end; p++)
		n += p->type == T_PIPE;
	if (n > MAX_PIPE) {
		fprintf(stderr, "sh: more than %d commands in a pipeline\n", MAX_PIPE);
		return 1;
	}
	fflush(stdout);
	for (int i = 0; i < n; i++, t++) {
		int pfd[2] = { -1, -1 }, bad;
		struct token *first = t;
		struct cmd c;

		while (t < end && t->type != T_PIPE)
			t++;
		bad = cmd_expand(&c, first, t) < 0;
		if (n == 1 && (bad || c.argv.n == 0 || find_builtin(c.argv.v[0]))) {
			ret = bad ? 1 : run_in_shell(&c, c.argv.n ? find_builtin(c.argv.v[0]) : NULL);
			cmd_free(&c);
			return ret;
		}
		if (i + 1 < n && pipe2(pfd, O_CLOEXEC) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			cmd_free(&c);
			ret = 1;
			break;
		}
		pids[i] = start_child(&c, bad, in, pfd[1]);
		cmd_free(&c);
		if (in >= 0)
			close(in);
		if (pfd[1] >= 0)
			close(pfd[1]);
		in = pfd[0];
		if (pids[i] < 0) {
			ret = 1;
			break;
		}
		started++;
	}
	if (in >= 0)
		close(in);
	/* wait for all; a pipeline cut short by an error keeps status 1 */
	for (int i = 0; i < started; i++) {
		int r = reap(pids[i], &said_int);

		if (i == n - 1)
			ret = r;
	}
	return ret;
}

/* ---- lines ---- */

/* Run one line: pipelines joined by ;, && and ||, left to right. */
static void run_line(const char *line)
{
	enum tok_type join = T_SEMI;
	struct token *t = toks;

	if (sh_lex(line, toks, words) < 0 || sh_check_syntax(toks) < 0) {
		sh_status = 2;
		if (!interactive)
			exit(sh_status);
		return;
	}
	interrupted = 0;
	while (t->type != T_END && !interrupted) {
		struct token *end = t;

		while (end->type == T_WORD || end->type == T_REDIR || end->type == T_PIPE)
			end++;
		if (join == T_SEMI || (join == T_AND) == (sh_status == 0))
			sh_status = run_pipeline(t, end);
		join = end->type;
		t = end->type == T_END ? end : end + 1;
	}
	/* a script stops, like its command, on Ctrl-C */
	if (interrupted && !interactive)
		exit(sh_status);
}

/* Make sure 0, 1 and 2 are open, so that no pipe or file lands on them. */
static void open_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		nfd = open("/dev/null", O_RDWR);
		if (nfd >= 0 && nfd != fd) {
			dup2(nfd, fd);
			close(nfd);
		}
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: sh [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static char *no_args[] = { "sh", NULL };
	static char line[SH_LINE_MAX];
	static struct input in;
	struct sigaction ign = { .sa_handler = SIG_IGN };

	open_std_fds();
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, NULL);
	sigaction(SIGQUIT, &ign, NULL);
	if (!getenv("PATH"))
		setenv("PATH", "/bin", 1);

	sh_argv = no_args;
	sh_argc = 1;
	in.fd = 0;
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3)
			usage();
		in.str = argv[2];
		if (argc > 3) {
			sh_argv = argv + 3;
			sh_argc = argc - 3;
		}
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		usage();
	} else if (argc > 1) {
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		in.fd = fcntl(fd, F_DUPFD_CLOEXEC, SCRIPT_FD);
		if (in.fd < 0)
			in.fd = fd;
		else
			close(fd);
		sh_argv = argv + 1;
		sh_argc = argc - 1;
	} else {
		interactive = isatty(0);
		in.bytewise = 1;
	}

	for (;;) {
		int r;

		if (interactive)
			fprintf(stderr, "$ ");
		r = read_line(&in, line);
		if (r < 0) {
			sh_status = 2;
			break;
		}
		if (r == 0)
			break;
		run_line(line);
	}
	if (interactive)
		fprintf(stderr, "exit\n");
	fflush(stdout);
	return sh_status;
}
