/*
 * user/sh.h - what the two halves of the shell share: sh_parse.c cuts a
 * line into tokens and expands a word into fields; sh.c reads lines and
 * runs them.
 */
#ifndef USER_SH_H
#define USER_SH_H

#include <stddef.h>

#define SH_LINE_MAX	4096	/* bytes per input line, newline included */

enum tok_type { T_WORD, T_REDIR, T_PIPE, T_AND, T_OR, T_SEMI, T_END };

/*
 * A line has at most SH_LINE_MAX + 1 tokens (the last one T_END), and
 * their words need at most 2 * SH_LINE_MAX bytes.
 */
struct token {
	enum tok_type type;
	char *text;	/* T_WORD: the raw word, quotes and all; T_REDIR: the target's */
	int op;		/* T_REDIR: '<', '>', 'a' (>>) or 'd' (<& or >&) */
	int fd;		/* T_REDIR: the descriptor redirected */
};

/* A growable NULL-terminated array of malloc'ed strings (an argv). */
struct strv {
	char **v;	/* NULL while empty */
	int n, cap;
};

/* The parameters: $? and $0, $1, ... (sh_argc counts $0). */
extern int sh_status;
extern char **sh_argv;
extern int sh_argc;

/* Memory for the shell: out of it, say so and exit 2. */
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
void strv_push(struct strv *sv, char *s);
void strv_free(struct strv *sv);

/* Cut line into toks, words into words; -1 after a syntax error message. */
int sh_lex(const char *line, struct token *toks, char *words);
/* Is the token sequence a list of pipelines?  -1 after a message. */
int sh_check_syntax(const struct token *toks);

/* Is s a variable name? */
int sh_is_name(const char *s);
/* The length of NAME in a word NAME=value, else 0. */
size_t sh_assignment_len(const char *word);
/*
 * Expand a raw word into fields appended to out: quotes removed, $?
 * $$ $# $0-$9 $NAME ${NAME} and a leading ~ substituted.  With split,
 * unquoted substitutions are cut at blanks.  -1 after an error message.
 */
int sh_expand(const char *word, struct strv *out, int split);
/* The one string a word expands to, unsplit (a redirection target, a value); NULL on error. */
char *sh_expand_one(const char *word);

#endif /* USER_SH_H */
