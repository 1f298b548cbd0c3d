/*
 * user/sh_parse.c - the shell's words: cutting a line into tokens,
 * checking them against the grammar, expanding a word into fields.
 *
 *   line     := [ list ] [ '#' comment ]
 *   list     := andor { ';' andor } [ ';' ]
 *   andor    := pipeline { ('&&' | '||') pipeline }
 *   pipeline := command { '|' command }
 *   command  := { NAME=value } { WORD | redirect }
 *   redirect := [N] ('<' | '>' | '>>' | '<&' | '>&') WORD
 *
 * Tokens keep a word as written, quotes and all; it is expanded only when
 * its command is about to run, so that `false; echo $?` sees the new
 * status.  Shell variables are environment variables.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

void strv_push(struct strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strv_free(struct strv *sv)
{
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

/* ---- tokens ---- */

static int is_word_end(int c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '|' || c == '&' ||
	       c == ';' || c == '<' || c == '>';
}

/* "sh: syntax error near 'X'", X being what was found at s. */
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

/* Copy the word at *sp to *wp, NUL-terminated, and move both on; -1 if a quote is open. */
static int scan_word(const char **sp, char **wp)
{
	const char *s = *sp;
	char *w = *wp, quote = 0;

	while (*s && (quote || !is_word_end(*s))) {
		if (*s == '\\' && quote != '\'' && s[1])
			*w++ = *s++;	/* the next one is taken as it is */
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

/* The redirection at s: [N] and an operator, then its target word. */
static int scan_redir(const char **sp, char **wp, struct token *t)
{
	const char *s = *sp, *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p - s > 4) {
		fprintf(stderr, "sh: %.*s: Bad file descriptor\n", (int)(p - s), s);
		return -1;
	}
	t->type = T_REDIR;
	t->fd = p > s ? atoi(s) : *p == '<' ? 0 : 1;
	if (p[1] == '&')
		t->op = 'd';
	else if (p[0] == '>' && p[1] == '>')
		t->op = 'a';
	else
		t->op = p[0];
	p += t->op == 'd' || t->op == 'a' ? 2 : 1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (is_word_end(*p) || *p == '#') {
		syntax_error(p);
		return -1;
	}
	t->text = *wp;
	*sp = p;
	return scan_word(sp, wp);
}

int sh_lex(const char *s, struct token *t, char *words)
{
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
			if (scan_redir(&s, &words, t) < 0)
				return -1;
		} else if ((s[0] == '|' || s[0] == '&') && s[1] == s[0]) {
			t->type = s[0] == '|' ? T_OR : T_AND;
			s += 2;
		} else if (*s == '|' || *s == ';') {
			t->type = *s++ == '|' ? T_PIPE : T_SEMI;
		} else if (*s == '&') {
			syntax_error(s);	/* no background jobs */
			return -1;
		} else {
			t->type = T_WORD;
			t->text = words;
			if (scan_word(&s, &words) < 0)
				return -1;
		}
	}
}

int sh_check_syntax(const struct token *t)
{
	static const char *const names[] = {
		[T_PIPE] = "|", [T_AND] = "&&", [T_OR] = "||", [T_SEMI] = ";", [T_END] = "newline",
	};
	enum tok_type last = T_SEMI;
	int have_cmd = 0;	/* since the last operator */

	for (;; t++) {
		if (t->type == T_WORD || t->type == T_REDIR) {
			have_cmd = 1;
			continue;
		}
		/* only ';' may end a line without a command after it */
		if (t->type == T_END && (have_cmd || last == T_SEMI))
			return 0;
		if (!have_cmd) {
			fprintf(stderr, "sh: syntax error near '%s'\n", names[t->type]);
			return -1;
		}
		have_cmd = 0;
		last = t->type;
	}
}

/* ---- expansion ---- */

struct strbuf {
	char *s;	/* NULL while empty */
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

static void sb_puts(struct strbuf *b, const char *s)
{
	while (*s)
		sb_putc(b, *s++);
}

/* The string built so far (maybe empty), leaving b empty. */
static char *sb_take(struct strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

static int is_name_start(int c)
{
	return isalpha(c) || c == '_';
}

static int is_name_char(int c)
{
	return isalnum(c) || c == '_';
}

static size_t name_len(const char *s)
{
	size_t n = 0;

	if (is_name_start((unsigned char)*s))
		while (is_name_char((unsigned char)s[n]))
			n++;
	return n;
}

int sh_is_name(const char *s)
{
	return *s && !s[name_len(s)];
}

size_t sh_assignment_len(const char *w)
{
	size_t n = name_len(w);

	return n && w[n] == '=' ? n : 0;
}

static int is_special_param(int c)
{
	return c == '?' || c == '$' || c == '#' || isdigit(c);
}

/* The value of the parameter name[0..len): a special one or a variable. */
static const char *param_value(const char *name, size_t len, char *num)
{
	char var[256];
	const char *v;

	if (len == 1 && is_special_param((unsigned char)*name)) {
		if (isdigit((unsigned char)*name))
			return *name - '0' < sh_argc ? sh_argv[*name - '0'] : "";
		snprintf(num, 24, "%d", *name == '?' ? sh_status :
			 *name == '$' ? (int)getpid() : sh_argc - 1);
		return num;
	}
	if (len >= sizeof(var))
		return "";
	memcpy(var, name, len);
	var[len] = '\0';
	v = getenv(var);
	return v ? v : "";
}

/*
 * The $ reference at *pp: its value in *val, and *pp left on its last
 * character.  0 if it is a plain '$', -1 for a bad ${...}.
 */
static int dollar(const char **pp, const char **val, char *num)
{
	const char *name = *pp + 1;
	size_t len;

	if (*name == '{') {
		name++;
		len = strcspn(name, "}");
		if (!name[len] || !len || (len != name_len(name) &&
					   !(len == 1 && is_special_param((unsigned char)*name)))) {
			fprintf(stderr, "sh: ${%.*s%s: bad substitution\n", (int)len, name,
				name[len] ? "}" : "");
			return -1;
		}
		*pp = name + len;
	} else if (is_special_param((unsigned char)*name)) {
		len = 1;
		*pp = name;
	} else if ((len = name_len(name)) > 0) {
		*pp = name + len - 1;
	} else {
		return 0;
	}
	*val = param_value(name, len, num);
	return 1;
}

int sh_expand(const char *w, struct strv *out, int split)
{
	struct strbuf b = { 0 };
	int have = 0, dq = 0;	/* have: there is a field, maybe empty ("") */
	char num[24];

	if (w[0] == '~' && (w[1] == '/' || w[1] == '\0')) {
		sb_puts(&b, getenv("HOME") ? getenv("HOME") : "/");
		have = 1;
		w++;
	}
	for (const char *p = w; *p; p++) {
		const char *val;
		int r;

		if (*p == '\'' && !dq) {
			while (*++p != '\'')	/* sh_lex saw the closing quote */
				sb_putc(&b, *p);
			have = 1;
		} else if (*p == '"') {
			dq = !dq;
			have = 1;
		} else if (*p == '\\' && p[1]) {
			/* within "...", \ quotes only " \ $ ` */
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
				if (!split || dq || !strchr(" \t\n", *val)) {
					sb_putc(&b, *val);
					have = 1;
				} else if (have) {
					strv_push(out, sb_take(&b));
					have = 0;
				}
			}
		} else {
			sb_putc(&b, *p);
			have = 1;
		}
	}
	if (have)
		strv_push(out, sb_take(&b));
	return 0;
}

char *sh_expand_one(const char *w)
{
	struct strv sv = { 0 };
	char *s;

	if (sh_expand(w, &sv, 0) < 0)
		return NULL;
	s = sv.n ? sv.v[0] : xstrdup("");
	free(sv.v);
	return s;
}
