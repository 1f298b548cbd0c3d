/*
 * user/sh.c - a small Bourne-like shell.
 *
 * One line at a time: read it, cut it into tokens, check the tokens
 * against the grammar, then run it.  Words keep their quotes until the
 * command they belong to is about to run, so `false; echo $?` sees the
 * new status:
 *
 *   line     := [ list ] [ '#' comment ]
 *   list     := andor { ';' andor } [ ';' ]
 *   andor    := pipeline { ('&&' | '||') pipeline }
 *   pipeline := command { '|' command }
 *   command  := { NAME=value } { WORD | redirect }
 *   redirect := [N] ('<' | '>' | '>>' | '<&' | '>&') WORD
 *
 * Expansion (expand()) removes '...' "..." and \ quoting, substitutes
 * $? $$ $# $0-$9 $NAME ${NAME} and a leading ~, and splits unquoted
 * substitutions at blanks.  Shell variables are the environment: an
 * assignment exports at once.  Builtins run in the shell itself unless
 * they are part of a pipeline.
 *
 * The shell ignores SIGINT and SIGQUIT; its children get the defaults
 * back, so Ctrl-C stops the running command and then the rest of the line.
 */
#include <ctype.h>
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

#include "ulib.h"

#define LINE_MAX_SH	4096	/* bytes per input line, newline included */
#define MAX_PIPE	32	/* commands in one pipeline */
#define MAX_REDIR	16	/* redirections in one command */
#define SCRIPT_FD	63	/* where `sh FILE` keeps FILE, out of the way */

enum tok_type { T_WORD, T_REDIR, T_PIPE, T_AND, T_OR, T_SEMI, T_END };

struct token {
	enum tok_type type;
	char *text;	/* T_WORD: the raw word; T_REDIR: its target's raw word */
	int op;		/* T_REDIR: '<', '>', 'a' (>>), 'd' (<& or >&) */
	int fd;		/* T_REDIR: the descriptor redirected */
};

/* Input, one line at a time, from a descriptor or from the -c string. */
struct input {
	int fd;
	int bytewise;	/* stdin: never read past a newline, children share it */
	const char *str;
	char buf[LINE_MAX_SH];
	size_t pos, len;
};

/* A growable array of strings (an argv), NULL-terminated when used. */
struct strv {
	char **v;
	int n, cap;
};

static int status;		/* $? */
static int interactive;
static int interrupted;		/* a command died of SIGINT: drop the rest of the line */
static char **pos_argv;		/* $0, $1, ... */
static int pos_argc;

static struct token toks[LINE_MAX_SH + 1];
static char wordbuf[2 * LINE_MAX_SH];

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	return p;
}

static void strv_push(struct strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static void strv_free(struct strv *sv)
{
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

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

/* 1: a line (without its newline) in line[]; 0: end of input; -1: error. */
static int read_line(struct input *in, char *line)
{
	size_t len = 0;
	int c, toolong = 0;

	while ((c = getbyte(in)) != '\n') {
		if (c == -2) {
			fprintf(stderr, "sh: read error: %s\n", strerror(errno));
			return -1;
		}
		if (c == EOF) {
			if (len == 0 && !toolong)
				return 0;
			break;
		}
		if (c == '\0' || len == LINE_MAX_SH - 1)
			toolong |= c != '\0';	/* NULs are dropped */
		else
			line[len++] = c;
	}
	line[len] = '\0';
	if (toolong) {
		fprintf(stderr, "sh: line longer than %d bytes\n", LINE_MAX_SH - 1);
		line[0] = '\0';
		status = 2;
	}
	return 1;
}

/* ---- tokens ---- */

static int is_op_char(int c)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>';
}

static int is_word_end(int c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n' || is_op_char(c);
}

/* How a syntax error names what it found at s. */
static void syntax_error(const char *s)
{
	int len = 1;

	if (*s == '\0' || *s == '\n' || *s == '#') {
		s = "newline";
		len = 7;
	} else if ((s[0] == '|' || s[0] == '&' || s[0] == '>') && s[1] == s[0]) {
		len = 2;
	}
	fprintf(stderr, "sh: syntax error near '%.*s'\n", len, s);
}

/* Copy the raw word at *sp to *wp (NUL-terminated); -1 if a quote is open. */
static int scan_word(const char **sp, char **wp)
{
	const char *s = *sp;
	char *w = *wp, quote = 0;

	while (*s && (quote || !is_word_end(*s))) {
		if (*s == '\\' && quote != '\'' && s[1])
			*w++ = *s++;
		else if (*s == quote)
			quote = 0;
		else if (!quote && (*s == '\'' || *s == '"'))
			quote = *s;
		*w++ = *s++;
	}
	*w++ = '\0';
	if (quote) {
		fprintf(stderr, "sh: syntax error: missing closing %c\n", quote);
		return -1;
	}
	*sp = s;
	*wp = w;
	return 0;
}

/* A redirection at s (fd digits already skipped to p); returns the length used. */
static int scan_redir_op(const char *p, struct token *t)
{
	if (p[0] == '<') {
		t->op = p[1] == '&' ? 'd' : '<';
		return t->op == 'd' ? 2 : 1;
	}
	if (p[1] == '>' || p[1] == '&' || p[1] == '|') {
		t->op = p[1] == '>' ? 'a' : p[1] == '&' ? 'd' : '>';
		return 2;
	}
	t->op = '>';
	return 1;
}

/* Cut line into toks[], ending with T_END; -1 after a syntax error. */
static int lex(const char *s)
{
	char *w = wordbuf;
	struct token *t = toks;

	for (;; t++) {
		const char *p;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '\n' || *s == '#') {
			t->type = T_END;
			return 0;
		}
		for (p = s; isdigit((unsigned char)*p); p++)
			;
		if (*p == '<' || *p == '>') {
			t->type = T_REDIR;
			t->fd = p == s ? (*p == '<' ? 0 : 1) : atoi(s);
			if (p - s > 4) {
				fprintf(stderr, "sh: %.*s: Bad file descriptor\n", (int)(p - s), s);
				return -1;
			}
			s = p + scan_redir_op(p, t);
			while (*s == ' ' || *s == '\t')
				s++;
			if (is_word_end(*s) || *s == '#') {
				syntax_error(s);
				return -1;
			}
			t->text = w;
			if (scan_word(&s, &w) < 0)
				return -1;
		} else if (s[0] == '|' && s[1] == '|') {
			t->type = T_OR;
			s += 2;
		} else if (s[0] == '&' && s[1] == '&') {
			t->type = T_AND;
			s += 2;
		} else if (*s == '|' || *s == ';') {
			t->type = *s++ == '|' ? T_PIPE : T_SEMI;
		} else if (*s == '&') {
			syntax_error(s);	/* no background jobs */
			return -1;
		} else {
			t->type = T_WORD;
			t->text = w;
			if (scan_word(&s, &w) < 0)
				return -1;
		}
	}
}

static const char *tok_name(const struct token *t)
{
	static const char *const names[] = {
		[T_PIPE] = "|", [T_AND] = "&&", [T_OR] = "||", [T_SEMI] = ";", [T_END] = "newline",
	};
	return names[t->type];
}

/* Every operator needs a command before it; |, && and || one after too. */
static int check_syntax(void)
{
	int have_cmd = 0;
	enum tok_type last = T_SEMI;

	for (struct token *t = toks;; t++) {
		if (t->type == T_WORD || t->type == T_REDIR) {
			have_cmd = 1;
			continue;
		}
		if (t->type == T_END && (have_cmd || last == T_SEMI))
			return 0;
		if (!have_cmd) {
			fprintf(stderr, "sh: syntax error near '%s'\n", tok_name(t));
			return -1;
		}
		have_cmd = 0;
		last = t->type;
	}
}

/* ---- expansion ---- */

struct strbuf {
	char *s;
	size_t len, cap;
};

static void sb_putc(struct strbuf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static int is_name_start(int c)
{
	return isalpha(c) || c == '_';
}

static int is_name_char(int c)
{
	return isalnum(c) || c == '_';
}

/* Length of the NAME in a NAME=value word, or 0. */
static size_t assignment_name_len(const char *w)
{
	size_t n = 0;

	if (!is_name_start((unsigned char)w[0]))
		return 0;
	while (is_name_char((unsigned char)w[n]))
		n++;
	return w[n] == '=' ? n : 0;
}

/* The value of parameter name[0..len) ("?", "$", "#", "0".."9" or a NAME). */
static const char *param_value(const char *name, size_t len, char *num)
{
	char var[256];

	if (len == 1 && strchr("?$#", *name)) {
		snprintf(num, 24, "%d", *name == '?' ? status : *name == '$' ?
			 (int)getpid() : pos_argc - 1);
		return num;
	}
	if (len == 1 && isdigit((unsigned char)*name))
		return *name - '0' < pos_argc ? pos_argv[*name - '0'] : "";
	if (len >= sizeof(var))
		return "";
	memcpy(var, name, len);
	var[len] = '\0';
	return getenv(var) ? getenv(var) : "";
}

/*
 * The $ reference at *pp: store its value in *val and leave *pp on its
 * last character.  0 if it is a plain '$', -1 for a bad ${...}.
 */
static int dollar(const char **pp, const char **val, char *num)
{
	const char *p = *pp + 1, *name = p;
	size_t len;

	if (*p == '{') {
		name = ++p;
		len = strcspn(p, "}");
		if (!p[len] || !len || (len > 1 && !is_name_start((unsigned char)*p)) ||
		    (len == 1 && !strchr("?$#", *p) && !is_name_char((unsigned char)*p))) {
			fprintf(stderr, "sh: ${%.*s: bad substitution\n", (int)len + 1, name);
			return -1;
		}
		for (size_t i = 1; i < len; i++) {
			if (!is_name_char((unsigned char)name[i])) {
				fprintf(stderr, "sh: ${%.*s}: bad substitution\n", (int)len, name);
				return -1;
			}
		}
		*pp = p + len;
	} else if (*p && (strchr("?$#", *p) || isdigit((unsigned char)*p))) {
		len = 1;
		*pp = p;
	} else if (is_name_start((unsigned char)*p)) {
		for (len = 0; is_name_char((unsigned char)p[len]); len++)
			;
		*pp = p + len - 1;
	} else {
		return 0;
	}
	*val = param_value(name, len, num);
	return 1;
}

/*
 * Expand the raw word w into fields appended to out.  With split, the
 * results of unquoted substitutions are cut at blanks; an unquoted
 * substitution that is empty leaves no field.  -1 after an error message.
 */
static int expand(const char *w, struct strv *out, int split)
{
	struct strbuf b = { 0 };
	int have = 0, dq = 0;	/* have: the current field exists, maybe empty */
	char num[24];

	if (w[0] == '~' && (w[1] == '/' || w[1] == '\0')) {
		for (const char *h = getenv("HOME") ? getenv("HOME") : "/"; *h; h++)
			sb_putc(&b, *h);
		have = 1;
		w++;
	}
	for (const char *p = w; *p; p++) {
		const char *val;
		int r;

		if (*p == '\'' && !dq) {
			while (*++p != '\'')
				sb_putc(&b, *p);
			have = 1;
		} else if (*p == '"') {
			dq = !dq;
			have = 1;
		} else if (*p == '\\' && p[1]) {
			if (dq && !strchr("\"\\$`", p[1]))
				sb_putc(&b, '\\');
			sb_putc(&b, *++p);
			have = 1;
		} else if (*p == '$' && (r = dollar(&p, &val, num)) != 0) {
			if (r < 0) {
				free(b.s);
				return -1;
			}
			for (; *val; val++) {
				if (split && !dq && strchr(" \t\n", *val)) {
					if (have)
						strv_push(out, b.s ? b.s : strdup(""));
					b.s = NULL;
					b.len = b.cap = 0;
					have = 0;
				} else {
					sb_putc(&b, *val);
					have = 1;
				}
			}
		} else {
			sb_putc(&b, *p);
			have = 1;
		}
	}
	if (have)
		strv_push(out, b.s ? b.s : strdup(""));
	else
		free(b.s);
	if (out->n && !out->v[out->n - 1]) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	return 0;
}

/* The single string a redirection target or assignment expands to. */
static char *expand_one(const char *w)
{
	struct strv sv = { 0 };
	char *s;

	if (expand(w, &sv, 0) < 0)
		return NULL;
	s = sv.n ? sv.v[0] : strdup("");
	free(sv.v);
	return s;
}

/* ---- redirections ---- */

struct saved_fd {
	int fd, copy;	/* copy: where fd was kept, -1 if it was closed */
};

/*
 * Apply the redirections among tokens [t, end).  With save (the shell
 * itself runs a builtin), remember what each fd was, for restore_fds().
 */
static int apply_redirs(struct token *t, struct token *end, struct saved_fd *save, int *nsave)
{
	static const int flags[] = {
		['<'] = O_RDONLY, ['>'] = O_WRONLY | O_CREAT | O_TRUNC,
		['a'] = O_WRONLY | O_CREAT | O_APPEND,
	};

	for (; t < end; t++) {
		char *target, *endp;
		int fd = -1;
		long from = 0;

		if (t->type != T_REDIR)
			continue;
		target = expand_one(t->text);
		if (!target)
			return -1;
		if (t->op == 'd' && strcmp(target, "-") != 0) {
			from = strtol(target, &endp, 10);
			if (!*target || *endp || from < 0 || from > INT_MAX ||
			    fcntl((int)from, F_GETFD) < 0) {
				fprintf(stderr, "sh: %s: Bad file descriptor\n", target);
				free(target);
				return -1;
			}
		} else if (t->op != 'd' && (fd = open(target, flags[t->op], 0666)) < 0) {
			fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
			free(target);
			return -1;
		}
		if (save) {
			save[*nsave].fd = t->fd;
			save[*nsave].copy = fcntl(t->fd, F_DUPFD_CLOEXEC, 10);
			(*nsave)++;
		}
		if (t->op == 'd' && !strcmp(target, "-"))
			close(t->fd);
		else if (t->op == 'd')
			dup2((int)from, t->fd);
		else if (fd != t->fd && (dup2(fd, t->fd) < 0 || close(fd) < 0))
			fprintf(stderr, "sh: %d: %s\n", t->fd, strerror(errno));
		free(target);
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
	long n = status;

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
		size_t n = assignment_name_len(argv[i]);
		char *name = argv[i];

		if (!n && (!is_name_start((unsigned char)*name) ||
			   name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")])) {
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
	for (int i = 1; i < argc; i++)
		unsetenv(argv[i]);
	return 0;
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
			strv_push(&names, strdup(de->d_name));
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (int i = 0; i < names.n; i++) {
		if (!names.v[i])
			continue;
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
	strv_push(&c->argv, NULL);	/* so that argv.v is never NULL */
	c->argv.n = 0;
	for (struct token *t = first; t < end; t++) {
		size_t n;

		if (t->type == T_REDIR) {
			if (++nredir > MAX_REDIR) {
				fprintf(stderr, "sh: more than %d redirections\n", MAX_REDIR);
				return -1;
			}
			continue;
		}
		n = assignment_name_len(t->text);
		if (n && c->argv.n == 0) {
			char *s = expand_one(t->text);

			if (!s)
				return -1;
			strv_push(&c->assigns, s);
		} else if (expand(t->text, &c->argv, !n) < 0) {
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

/* Run the pipeline in tokens [t, end); returns its status. */
static int run_pipeline(struct token *t, struct token *end)
{
	pid_t pids[MAX_PIPE];
	int n = 0, in = -1, said_int = 0, ret = 0;

	for (struct token *p = t; p < end; p++)
		n += p->type == T_PIPE;
	if (++n > MAX_PIPE) {
		fprintf(stderr, "sh: more than %d commands in a pipeline\n", MAX_PIPE);
		return 1;
	}
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		struct token *cend = t;
		int pfd[2] = { -1, -1 }, bad;
		struct cmd c;

		while (cend < end && cend->type != T_PIPE)
			cend++;
		bad = cmd_expand(&c, t, cend) < 0;
		if (n == 1 && (bad || c.argv.n == 0 || find_builtin(c.argv.v[0]))) {
			ret = bad ? 1 : run_in_shell(&c, c.argv.n ? find_builtin(c.argv.v[0]) : NULL);
			cmd_free(&c);
			return ret;
		}
		if (i + 1 < n && pipe2(pfd, O_CLOEXEC) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			cmd_free(&c);
			n = i;
			ret = 1;
			break;
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			if (in >= 0)
				dup2(in, 0);
			if (pfd[1] >= 0)
				dup2(pfd[1], 1);
			if (bad)
				_exit(1);
			child_run(&c);
		}
		cmd_free(&c);
		if (in >= 0)
			close(in);
		if (pfd[1] >= 0)
			close(pfd[1]);
		in = pfd[0];
		if (pids[i] < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			n = i;
			ret = 1;
			break;
		}
		t = cend + 1;
	}
	if (in >= 0)
		close(in);
	for (int i = 0; i < n; i++) {
		int r = reap(pids[i], &said_int);

		if (i == n - 1 && !ret)
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

	if (lex(line) < 0 || check_syntax() < 0) {
		status = 2;
		if (!interactive)
			exit(status);
		return;
	}
	interrupted = 0;
	while (t->type != T_END && !interrupted) {
		struct token *end = t;

		while (end->type == T_WORD || end->type == T_REDIR || end->type == T_PIPE)
			end++;
		if (join == T_SEMI || (join == T_AND) == (status == 0))
			status = run_pipeline(t, end);
		join = end->type;
		t = end->type == T_END ? end : end + 1;
	}
	/* a script stops, like its command, on Ctrl-C */
	if (interrupted && !interactive)
		exit(status);
}

/* Make sure 0, 1 and 2 are open, so that no pipe or file lands on them. */
static void open_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		int nfd = open("/dev/null", O_RDWR);

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
	static struct input in;
	static char line[LINE_MAX_SH];
	struct sigaction ign = { .sa_handler = SIG_IGN };
	static char *no_args[] = { "sh", NULL };

	open_std_fds();
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, NULL);
	sigaction(SIGQUIT, &ign, NULL);
	if (!getenv("PATH"))
		setenv("PATH", "/bin", 1);

	pos_argv = no_args;
	pos_argc = 1;
	in.fd = 0;
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3)
			usage();
		in.str = argv[2];
		if (argc > 3) {
			pos_argv = argv + 3;
			pos_argc = argc - 3;
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
		pos_argv = argv + 1;
		pos_argc = argc - 1;
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
			status = 2;
			break;
		}
		if (r == 0)
			break;
		run_line(line);
	}
	if (interactive)
		fprintf(stderr, "exit\n");
	fflush(stdout);
	return status;
}
