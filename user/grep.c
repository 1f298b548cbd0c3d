/*
 * user/grep.c - grep [OPTION]... PATTERNS [FILE]...: print the lines that
 * match, as GNU grep does (options, output, messages, exit status 0 when a
 * line was selected, 1 when none, 2 on trouble).
 *
 * Patterns are POSIX basic (default, -G) or extended (-E) regular
 * expressions with GNU's extensions (\+ \? \| in BRE; \w \W \s \S \b \B
 * \< \>), or fixed strings (-F); several patterns (-e, -f, or lines of
 * one pattern) match when any does.  Back-references (\1) are not
 * supported.  The C locale: bytes, [[:classes:]] of <ctype.h>.
 *
 * A pattern is parsed into a small tree, compiled into a program for a
 * Thompson/Pike machine (no backtracking: time linear in the line), run
 * in three ways: is there a match anywhere (line selection), where is the
 * leftmost-longest match (-o, --color), and where can a match starting
 * at one place end (-x, -w, which GNU checks at word boundaries).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ulib.h"

/* ---- errors ---- */

static _Noreturn void die(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "grep: %s\n", msg);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("memory exhausted");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("memory exhausted");
	return p;
}

/* ---- the parse tree ---- */

enum node_type { N_EMPTY, N_CHAR, N_ANY, N_SET, N_ASSERT, N_CAT, N_ALT, N_REP };
enum assert_kind { A_BOL, A_EOL, A_WORDB, A_NWORDB, A_BOW, A_EOW };

struct node {
	enum node_type type;
	int val;		/* N_CHAR: the byte; N_SET: set index; N_ASSERT: kind */
	int min, max;		/* N_REP: bounds, max -1 for no limit */
	struct node *l, *r;	/* N_CAT, N_ALT: both; N_REP: l */
};

#define RE_DUP_MAX 32767

static int icase;		/* -i */
static unsigned char (*sets)[32];	/* N_SET bitmaps, 256 bits each */
static int nsets;

static struct node *node_new(enum node_type type, struct node *l, struct node *r)
{
	struct node *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = type;
	n->l = l;
	n->r = r;
	return n;
}

static struct node *node_cat(struct node *a, struct node *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return node_new(N_CAT, a, b);
}

static struct node *node_char(int c)
{
	struct node *n = node_new(N_CHAR, NULL, NULL);

	n->val = icase ? tolower(c) : c;
	return n;
}

static int set_new(void)
{
	sets = xrealloc(sets, (nsets + 1) * sizeof(*sets));
	memset(sets[nsets], 0, sizeof(*sets));
	return nsets++;
}

static void set_add(int s, int c)
{
	sets[s][c >> 3] |= 1 << (c & 7);
}

static int set_has(int s, int c)
{
	return sets[s][c >> 3] >> (c & 7) & 1;
}

static int is_word(int c)
{
	return isalnum(c) || c == '_';
}

/* A set node of the bytes for which pred is true (negated: false). */
static struct node *class_node(int (*pred)(int), int negate)
{
	struct node *n = node_new(N_SET, NULL, NULL);

	n->val = set_new();
	for (int c = 0; c < 256; c++)
		if (!pred(c) != !negate)
			set_add(n->val, c);
	return n;
}

/* ---- the parser: BRE and ERE with GNU's extensions ---- */

struct parser {
	const char *p, *end;
	int ere;
	int depth;		/* open groups */
};

static const struct {
	const char *name;
	int (*pred)(int);
} classes[] = {
	{ "alpha", isalpha }, { "upper", isupper }, { "lower", islower }, { "digit", isdigit },
	{ "xdigit", isxdigit }, { "alnum", isalnum }, { "space", isspace }, { "blank", isblank },
	{ "punct", ispunct }, { "print", isprint }, { "graph", isgraph }, { "cntrl", iscntrl },
};

/* [...] from just after the '[' */
static struct node *parse_bracket(struct parser *ps)
{
	const char *p = ps->p, *start;
	struct node *n = node_new(N_SET, NULL, NULL);
	int s = n->val = set_new(), negate = 0;

	if (p < ps->end && *p == '^') {
		negate = 1;
		p++;
	}
	start = p;
	/* "[:space:]" is a common mistake for "[[:space:]]": GNU refuses it */
	if (p < ps->end && *p == ':') {
		const char *q = memchr(p + 1, ']', ps->end - p - 1);

		if (q && q > p + 1 && q[-1] == ':')
			die("character class syntax is [[:space:]], not [:space:]");
	}
	for (;;) {
		int lo, hi;

		if (p >= ps->end)
			die("Unmatched [, [^, [:, [., or [=");
		if (*p == ']' && p > start)
			break;
		if (*p == '[' && p + 1 < ps->end && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char kind = p[1];
			const char *q = p + 2;

			while (q + 1 < ps->end && !(q[0] == kind && q[1] == ']'))
				q++;
			if (q + 1 >= ps->end)
				die("Unmatched [, [^, [:, [., or [=");
			if (kind == ':') {
				size_t len = q - (p + 2), i;

				for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
					if (strlen(classes[i].name) == len &&
					    !memcmp(classes[i].name, p + 2, len))
						break;
				if (i == sizeof(classes) / sizeof(classes[0]))
					die("Invalid character class name");
				for (int c = 0; c < 256; c++)
					if (classes[i].pred(c))
						set_add(s, c);
				p = q + 2;
				continue;
			}
			/* [=c=] and [.c.]: one byte in the C locale */
			if (q - (p + 2) != 1)
				die("Invalid collation character");
			lo = (unsigned char)p[2];
			p = q + 2;
		} else {
			lo = (unsigned char)*p++;
		}
		hi = lo;
		if (p + 1 < ps->end && *p == '-' && p[1] != ']') {
			p++;
			if (*p == '[' && p + 1 < ps->end && (p[1] == '.' || p[1] == '=')) {
				if (p + 4 >= ps->end || p[3] != p[1] || p[4] != ']')
					die("Invalid range end");
				hi = (unsigned char)p[2];
				p += 5;
			} else {
				hi = (unsigned char)*p++;
			}
			if (hi < lo)
				die("Invalid range end");
		}
		for (int c = lo; c <= hi; c++)
			set_add(s, c);
	}
	ps->p = p + 1;
	if (icase)
		for (int c = 0; c < 256; c++)
			if (set_has(s, c)) {
				set_add(s, tolower(c));
				set_add(s, toupper(c));
			}
	if (negate)
		for (int i = 0; i < 32; i++)
			sets[s][i] ^= 0xff;
	if (negate)
		sets[s]['\n' >> 3] &= ~(1 << ('\n' & 7));
	return n;
}

/* "m}", "m,}", "m,n}", ",n}" (BRE: "...\}") at ps->p; 0 and bounds, or -1 if not one */
static int parse_interval(struct parser *ps, int *min, int *max)
{
	const char *p = ps->p;
	long lo = -1, hi;

	if (p < ps->end && isdigit((unsigned char)*p))
		for (lo = 0; p < ps->end && isdigit((unsigned char)*p); p++)
			lo = lo > RE_DUP_MAX ? lo : lo * 10 + (*p - '0');
	hi = lo;
	if (p < ps->end && *p == ',') {
		p++;
		hi = -1;
		if (p < ps->end && isdigit((unsigned char)*p))
			for (hi = 0; p < ps->end && isdigit((unsigned char)*p); p++)
				hi = hi > RE_DUP_MAX ? hi : hi * 10 + (*p - '0');
		if (lo < 0)
			lo = 0;
	}
	if (lo < 0)
		return -1;
	if (!ps->ere) {
		if (p + 1 >= ps->end || p[0] != '\\' || p[1] != '}')
			return -1;
		p += 2;
	} else {
		if (p >= ps->end || *p != '}')
			return -1;
		p++;
	}
	if (lo > RE_DUP_MAX || hi > RE_DUP_MAX)
		die("Regular expression too big");
	if (hi >= 0 && hi < lo)
		die("Invalid content of \\{\\}");
	ps->p = p;
	*min = (int)lo;
	*max = (int)hi;
	return 0;
}

static struct node *parse_alt(struct parser *ps);

/* Is ps->p at the end of a branch (end, "|", ")" or their BRE forms)? */
static int at_branch_end(struct parser *ps, const char *p)
{
	if (p >= ps->end)
		return 1;
	if (ps->ere)
		return *p == '|' || (*p == ')' && ps->depth > 0);
	return p + 1 < ps->end && p[0] == '\\' && (p[1] == '|' || p[1] == ')');
}

/* One atom, or NULL at the end of the branch; *first: at the start of one */
static struct node *parse_atom(struct parser *ps, int first)
{
	int c = (unsigned char)*ps->p++;

	if (c == '.')
		return node_new(N_ANY, NULL, NULL);
	if (c == '[')
		return parse_bracket(ps);
	if (c == '^' && (ps->ere || first)) {
		struct node *n = node_new(N_ASSERT, NULL, NULL);

		n->val = A_BOL;
		return n;
	}
	/*
	 * BRE: '$' anchors at the end of a branch; GNU also takes it so
	 * before an unescaped ')' or '|' (which then are ordinary characters)
	 */
	if (c == '$' && (ps->ere || at_branch_end(ps, ps->p) || *ps->p == ')' || *ps->p == '|')) {
		struct node *n = node_new(N_ASSERT, NULL, NULL);

		n->val = A_EOL;
		return n;
	}
	if (ps->ere && c == '(') {
		struct node *n;

		ps->depth++;
		n = parse_alt(ps);
		if (ps->p >= ps->end || *ps->p != ')')
			die("Unmatched ( or \\(");
		ps->p++;
		ps->depth--;
		return n ? n : node_new(N_EMPTY, NULL, NULL);
	}
	if (c != '\\')
		return node_char(c);
	if (ps->p >= ps->end)
		die("Trailing backslash");
	c = (unsigned char)*ps->p++;
	if (!ps->ere && c == '(') {
		struct node *n;

		ps->depth++;
		n = parse_alt(ps);
		if (ps->p + 1 >= ps->end || ps->p[0] != '\\' || ps->p[1] != ')')
			die("Unmatched ( or \\(");
		ps->p += 2;
		ps->depth--;
		return n ? n : node_new(N_EMPTY, NULL, NULL);
	}
	if (!ps->ere && c == '{' && first)
		return node_char('{');
	if (c >= '1' && c <= '9')
		die("back-references (\\1 ... \\9) are not supported");
	switch (c) {
	case 'w': return class_node(is_word, 0);
	case 'W': return class_node(is_word, 1);
	case 's': return class_node(isspace, 0);
	case 'S': return class_node(isspace, 1);
	case 'b': case 'B': case '<': case '>': case '`': case '\'': {
		struct node *n = node_new(N_ASSERT, NULL, NULL);

		n->val = c == 'b' ? A_WORDB : c == 'B' ? A_NWORDB : c == '<' ? A_BOW :
			 c == '>' ? A_EOW : c == '`' ? A_BOL : A_EOL;
		return n;
	}
	}
	return node_char(c);
}

/* Is there a repetition operator at ps->p?  Its bounds in *min, *max. */
static int parse_postfix(struct parser *ps, int *min, int *max)
{
	const char *p = ps->p;

	if (p >= ps->end)
		return 0;
	if (*p == '*') {
		ps->p++;
		*min = 0, *max = -1;
		return 1;
	}
	if (ps->ere && (*p == '+' || *p == '?')) {
		ps->p++;
		*min = *p == '+', *max = *p == '+' ? -1 : 1;
		return 1;
	}
	if (ps->ere && *p == '{') {
		ps->p++;
		if (parse_interval(ps, min, max) == 0)
			return 1;
		ps->p--;	/* not an interval: a literal '{' */
		return 0;
	}
	if (!ps->ere && *p == '\\' && p + 1 < ps->end) {
		if (p[1] == '+' || p[1] == '?') {
			ps->p += 2;
			*min = p[1] == '+', *max = p[1] == '+' ? -1 : 1;
			return 1;
		}
		if (p[1] == '{') {
			ps->p += 2;
			if (parse_interval(ps, min, max) < 0)
				die(memchr(ps->p, '}', ps->end - ps->p) ? "Invalid content of \\{\\}"
									 : "Unmatched \\{");
			return 1;
		}
	}
	return 0;
}

/* A branch: atoms and their repetitions, up to "|", ")" or the end. */
static struct node *parse_cat(struct parser *ps)
{
	struct node *seq = NULL;
	int first = 1;		/* nothing yet in this branch: '^' anchors */
	int laststart = 1;	/* only zero-width atoms so far: nothing to repeat */

	while (!at_branch_end(ps, ps->p)) {
		struct node *atom;
		int min, max;

		/*
		 * A repetition with nothing before it: BRE takes "*", "\\+", "\\?"
		 * and "\\{" there as ordinary characters (as in "^*"); ERE warns
		 * and repeats nothing.
		 */
		if (laststart && !ps->ere &&
		    (*ps->p == '*' || (ps->p + 1 < ps->end && ps->p[0] == '\\' &&
				       (ps->p[1] == '+' || ps->p[1] == '?' || ps->p[1] == '{')))) {
			ps->p += *ps->p == '*' ? 1 : 2;
			atom = node_char(ps->p[-1]);
		} else if (first && ps->ere && parse_postfix(ps, &min, &max)) {
			fprintf(stderr, "grep: warning: %c at start of expression\n",
				ps->p[-1] == '}' ? '{' : ps->p[-1]);
			atom = node_new(N_EMPTY, NULL, NULL);
		} else {
			atom = parse_atom(ps, first);
		}
		first = 0;
		if (atom->type != N_ASSERT)
			laststart = 0;
		/* (BRE: what follows a zero-width atom at the start is literal) */
		while (!(laststart && !ps->ere) && parse_postfix(ps, &min, &max)) {
			struct node *rep = node_new(N_REP, atom, NULL);

			rep->min = min;
			rep->max = max;
			atom = rep;
		}
		seq = node_cat(seq, atom);
	}
	return seq ? seq : node_new(N_EMPTY, NULL, NULL);
}

static struct node *parse_alt(struct parser *ps)
{
	struct node *n = parse_cat(ps);

	for (;;) {
		if (ps->ere && ps->p < ps->end && *ps->p == '|')
			ps->p++;
		else if (!ps->ere && ps->p + 1 < ps->end && ps->p[0] == '\\' && ps->p[1] == '|')
			ps->p += 2;
		else
			return n;
		n = node_new(N_ALT, n, parse_cat(ps));
	}
}

static struct node *parse_pattern(const char *pat, size_t len, int ere)
{
	struct parser ps = { pat, pat + len, ere, 0 };
	struct node *n = parse_alt(&ps);

	/* (in an ERE an unmatched ')' is an ordinary character: only "\\)" stops here) */
	if (ps.p < ps.end)
		die("Unmatched ) or \\)");
	return n;
}

static struct node *fixed_pattern(const char *pat, size_t len)
{
	struct node *n = NULL;

	for (size_t i = 0; i < len; i++)
		n = node_cat(n, node_char((unsigned char)pat[i]));
	return n ? n : node_new(N_EMPTY, NULL, NULL);
}

/* ---- the program ---- */

enum op { I_CHAR, I_ANY, I_SET, I_ASSERT, I_SPLIT, I_JMP, I_MATCH };

struct inst {
	unsigned char op;
	int x, y;	/* I_CHAR: byte; I_SET: set; I_ASSERT: kind; I_SPLIT: targets (x preferred); I_JMP: x */
};

#define PROG_MAX 200000

static struct inst *prog;
static int plen, pcap;

static int emit(enum op op, int x, int y)
{
	if (plen == PROG_MAX)
		die("Regular expression too big");
	if (plen == pcap) {
		pcap = pcap ? 2 * pcap : 64;
		prog = xrealloc(prog, pcap * sizeof(*prog));
	}
	prog[plen].op = op;
	prog[plen].x = x;
	prog[plen].y = y;
	return plen++;
}

static void compile(const struct node *n)
{
	int split, jmp;

	switch (n->type) {
	case N_EMPTY:
		break;
	case N_CHAR:
		emit(I_CHAR, n->val, 0);
		break;
	case N_ANY:
		emit(I_ANY, 0, 0);
		break;
	case N_SET:
		emit(I_SET, n->val, 0);
		break;
	case N_ASSERT:
		emit(I_ASSERT, n->val, 0);
		break;
	case N_CAT:
		compile(n->l);
		compile(n->r);
		break;
	case N_ALT:
		split = emit(I_SPLIT, plen + 1, 0);
		compile(n->l);
		jmp = emit(I_JMP, 0, 0);
		prog[split].y = plen;
		compile(n->r);
		prog[jmp].x = plen;
		break;
	case N_REP: {
		int optional = n->max < 0 ? 0 : n->max - n->min, start = plen, nsplit = 0;
		int *splits;

		for (int i = 0; i < n->min; i++)
			compile(n->l);
		if (n->max < 0) {	/* L: split body, out; body; jmp L */
			int loop = emit(I_SPLIT, plen + 1, 0);

			compile(n->l);
			emit(I_JMP, loop, 0);
			prog[loop].y = plen;
			break;
		}
		/* optional copies: split body, out; body; split body, out; ... */
		splits = xmalloc((optional + 1) * sizeof(*splits));
		for (int i = 0; i < optional; i++) {
			splits[nsplit++] = emit(I_SPLIT, plen + 1, 0);
			compile(n->l);
		}
		for (int i = 0; i < nsplit; i++)
			prog[splits[i]].y = plen;
		free(splits);
		(void)start;
		break;
	}
	}
}

/* ---- the machine ---- */

/*
 * A thread is a program counter and the position its match started at.
 * The lists are kept in order of start, earliest first, so that of two
 * threads reaching the same instruction the one kept is the leftmost.
 */
struct tlist {
	int n;
	int *pc, *start;
};

static struct tlist list_a, list_b;
static unsigned *mark;		/* generation in which each pc was added */
static unsigned gen;
static int *stack;

static void machine_init(void)
{
	list_a.pc = xmalloc(plen * sizeof(int));
	list_a.start = xmalloc(plen * sizeof(int));
	list_b.pc = xmalloc(plen * sizeof(int));
	list_b.start = xmalloc(plen * sizeof(int));
	mark = xmalloc(plen * sizeof(*mark));
	memset(mark, 0, plen * sizeof(*mark));
	stack = xmalloc(2 * plen * sizeof(int));
}

static int assert_holds(int kind, const unsigned char *s, size_t n, size_t p)
{
	int before = p > 0 && is_word(s[p - 1]), after = p < n && is_word(s[p]);

	switch (kind) {
	case A_BOL: return p == 0;
	case A_EOL: return p == n;
	case A_WORDB: return before != after;
	case A_NWORDB: return before == after;
	case A_BOW: return !before && after;
	case A_EOW: return before && !after;
	}
	return 0;
}

/* Add pc and what it leads to without consuming input, at position p. */
static void add_thread(struct tlist *l, int pc, int start, const unsigned char *s, size_t n,
		       size_t p)
{
	int sp = 0;

	stack[sp++] = pc;
	while (sp > 0) {
		pc = stack[--sp];
		if (mark[pc] == gen)
			continue;
		mark[pc] = gen;
		switch (prog[pc].op) {
		case I_JMP:
			stack[sp++] = prog[pc].x;
			break;
		case I_SPLIT:
			stack[sp++] = prog[pc].y;
			stack[sp++] = prog[pc].x;
			break;
		case I_ASSERT:
			if (assert_holds(prog[pc].x, s, n, p))
				stack[sp++] = pc + 1;
			break;
		default:
			l->pc[l->n] = pc;
			l->start[l->n++] = start;
		}
	}
}

static int consumes(const struct inst *in, int c)
{
	switch (in->op) {
	case I_CHAR: return (icase ? tolower(c) : c) == in->x;
	case I_ANY: return c != '\n';
	case I_SET: return set_has(in->x, c);
	}
	return 0;
}

enum run_mode {
	RUN_ANY,	/* is there a match at or after from? */
	RUN_LONGEST,	/* the leftmost-longest one at or after from */
	RUN_ENDS,	/* every end of a match starting exactly at from, into ends[] */
};

/*
 * Run the program on s[0..n).  RUN_ANY and RUN_LONGEST return 1 and set
 * *ms, *me (RUN_ANY: only *me is meaningful) when there is a match.
 */
static int run(enum run_mode mode, const unsigned char *s, size_t n, size_t from,
	       size_t *ms, size_t *me, unsigned char *ends)
{
	struct tlist *cl = &list_a, *nl = &list_b, *t;
	long best_start = -1;
	size_t best_end = 0;

	cl->n = 0;
	gen++;
	add_thread(cl, 0, (int)from, s, n, from);
	for (size_t p = from;; p++) {
		int c = p < n ? s[p] : -1;

		nl->n = 0;
		gen++;
		for (int i = 0; i < cl->n; i++) {
			int pc = cl->pc[i], st = cl->start[i];

			if (best_start >= 0 && st > best_start)
				break;	/* later starts cannot win any more */
			if (prog[pc].op == I_MATCH) {
				if (mode == RUN_ANY) {
					*me = p;
					return 1;
				}
				if (mode == RUN_ENDS) {
					ends[p - from] = 1;
					continue;
				}
				if (best_start < 0 || st < best_start ||
				    (st == best_start && p > best_end)) {
					best_start = st;
					best_end = p;
				}
				continue;
			}
			if (c >= 0 && consumes(&prog[pc], c))
				add_thread(nl, pc + 1, st, s, n, p + 1);
		}
		if (p >= n)
			break;
		/* a match may start at the next position too */
		if (mode != RUN_ENDS && best_start < 0)
			add_thread(nl, 0, (int)(p + 1), s, n, p + 1);
		/* no thread left: done, unless a later start may still match */
		if (nl->n == 0 && (mode == RUN_ENDS || best_start >= 0))
			break;
		t = cl, cl = nl, nl = t;
	}
	if (best_start < 0)
		return 0;
	*ms = (size_t)best_start;
	*me = best_end;
	return 1;
}

/* ---- matching a line ---- */

static int wflag, xflag;
static unsigned char *ends_buf;
static size_t ends_cap;

static unsigned char *ends_for(size_t len)
{
	if (len + 1 > ends_cap) {
		ends_cap = len + 1;
		ends_buf = xrealloc(ends_buf, ends_cap);
	}
	memset(ends_buf, 0, len + 1);
	return ends_buf;
}

/*
 * The next match in s[0..n) starting at or after from, honouring -x and
 * -w: leftmost, then longest.  1 and its bounds, or 0.
 */
static int next_match(const unsigned char *s, size_t n, size_t from, size_t *ms, size_t *me)
{
	size_t dummy;

	if (xflag) {
		if (from > 0)
			return 0;
		run(RUN_ENDS, s, n, 0, &dummy, &dummy, ends_for(n));
		if (!ends_buf[n])
			return 0;
		*ms = 0;
		*me = n;
		return 1;
	}
	if (!wflag)
		return run(RUN_LONGEST, s, n, from, ms, me, NULL);
	/*
	 * -w, as GNU grep does it: take the leftmost-longest match; if it has
	 * a word character just before or after it, try the longest shorter
	 * one at the same place (not an empty one), else look further on.
	 * GNU measures the room for the shorter match from the line's start
	 * minus where this search began (cursor, for -o): mirrored here, so
	 * that -o -w finds the same words.
	 */
	size_t cursor = from;

	while (from <= n && run(RUN_LONGEST, s, n, from, ms, me, NULL)) {
		size_t st = *ms, e = *me;
		int have_ends = 0;

		for (;;) {
			size_t limit;

			if ((st == 0 || !is_word(s[st - 1])) && (e == n || !is_word(s[e]))) {
				*me = e;
				return 1;
			}
			if (e == st || e - 1 < cursor + st + 1)
				break;
			limit = e - 1 - cursor;
			if (!have_ends) {
				run(RUN_ENDS, s, n, st, &dummy, &dummy, ends_for(n - st));
				have_ends = 1;
			}
			for (e = limit; e > st && !ends_buf[e - st]; e--)
				;
			if (e == st)
				break;
		}
		from = st + 1;
	}
	return 0;
}

static int line_matches(const unsigned char *s, size_t n)
{
	size_t a, b;

	if (xflag || wflag)
		return next_match(s, n, 0, &a, &b);
	return run(RUN_ANY, s, n, 0, &a, &b, NULL);
}

/* ---- options and output ---- */

static int invert, count_only, list_files;	/* list_files: 1 -l, -1 -L */
static int quiet, no_messages, only_matching, line_numbers, byte_offset;
static int with_filename = -1, line_buffered, text_mode, recursive, deref_all;
static long long max_count = -1;
static long after_ctx = -1, before_ctx = -1;
static int color;
static const char *label = "(standard input)";

static const char *col_match = "01;31", *col_file = "35", *col_line = "32", *col_sep = "36";

static int selected_any;
static int error_seen;
static int any_output;		/* for the "--" between context groups */

static void put_colored(const char *color_code, const char *s, size_t n)
{
	if (color && *color_code)
		printf("\033[%sm\033[K", color_code);
	fwrite(s, 1, n, stdout);
	if (color && *color_code)
		printf("\033[m\033[K");
}

static void put_sep(char sep)
{
	put_colored(col_sep, &sep, 1);
}

/* "file:", "12:", "345:" before a line, sep ':' (selected) or '-' (context) */
static void prefix(const char *name, long long lineno, long long offset, char sep)
{
	char num[32];

	if (with_filename) {
		put_colored(col_file, name, strlen(name));
		put_sep(sep);
	}
	if (line_numbers) {
		snprintf(num, sizeof(num), "%lld", lineno);
		put_colored(col_line, num, strlen(num));
		put_sep(sep);
	}
	if (byte_offset) {
		snprintf(num, sizeof(num), "%lld", offset);
		put_colored(col_line, num, strlen(num));
		put_sep(sep);
	}
}

static void end_line(void)
{
	putchar('\n');
	if (line_buffered)
		fflush(stdout);
}

/* A selected line: whole, its matches colored, or (-o) only its matches. */
static void print_selected(const char *name, const unsigned char *s, size_t n,
			   long long lineno, long long offset)
{
	size_t from = 0, ms, me;

	if (only_matching) {
		while (!invert && from <= n && next_match(s, n, from, &ms, &me)) {
			if (me > ms) {
				prefix(name, lineno, offset + ms, ':');
				put_colored(col_match, (const char *)s + ms, me - ms);
				end_line();
			}
			from = me > ms ? me : ms + 1;
		}
		return;
	}
	prefix(name, lineno, offset, ':');
	if (color && !invert) {
		while (from <= n && next_match(s, n, from, &ms, &me)) {
			fwrite(s + from, 1, ms - from, stdout);
			put_colored(col_match, (const char *)s + ms, me - ms);
			from = me > ms ? me : ms + 1;
			if (me == ms && ms < n)
				fwrite(s + ms, 1, 1, stdout);
		}
	}
	if (from < n)
		fwrite(s + from, 1, n - from, stdout);
	end_line();
}

/* ---- reading lines ---- */

struct reader {
	int fd;
	unsigned char *buf;
	size_t cap, start, end;
	int eof, binary, err;
};

/* The next line (without its '\n'), or NULL at the end or on an error. */
static unsigned char *next_line(struct reader *r, size_t *len)
{
	for (;;) {
		unsigned char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		ssize_t got;

		if (nl || (r->eof && r->end > r->start)) {
			unsigned char *line = r->buf + r->start;

			*len = (nl ? nl : r->buf + r->end) - line;
			r->start += *len + (nl != NULL);
			return line;
		}
		if (r->eof)
			return NULL;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == r->cap) {
			r->cap *= 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r->err = errno;
			r->eof = 1;
			continue;
		}
		if (got == 0)
			r->eof = 1;
		if (!text_mode && memchr(r->buf + r->end, '\0', got))
			r->binary = 1;
		r->end += got;
	}
}

/* the -B lines: copies of the last before_ctx lines not printed */
struct ctx_line {
	unsigned char *s;
	size_t len;
	long long lineno, offset;
};

static struct ctx_line *ring;
static long ring_n, ring_head;

static void ring_push(const unsigned char *s, size_t len, long long lineno, long long offset)
{
	struct ctx_line *c;

	if (before_ctx <= 0)
		return;
	if (ring_n == before_ctx) {
		c = &ring[ring_head];
		ring_head = (ring_head + 1) % before_ctx;
	} else {
		c = &ring[(ring_head + ring_n++) % before_ctx];
	}
	c->s = xrealloc(c->s, len + 1);
	memcpy(c->s, s, len);
	c->len = len;
	c->lineno = lineno;
	c->offset = offset;
}

/* A context line: after a "--" if it does not follow what was printed last. */
static void print_context(const char *name, const unsigned char *s, size_t n, long long lineno,
			  long long offset, long long *last)
{
	if (any_output && lineno != *last + 1) {
		put_colored(col_sep, "--", 2);
		end_line();
	}
	prefix(name, lineno, offset, '-');
	fwrite(s, 1, n, stdout);
	end_line();
	*last = lineno;
	any_output = 1;
}

/* Search one open file; name as printed.  Returns the number of selected lines. */
static long long grep_fd(int fd, const char *name)
{
	struct reader r = { fd, NULL, 65536, 0, 0, 0, 0, 0 };
	long long lineno = 0, offset = 0, selected = 0, last = -1;
	long after_left = 0;
	int context = !only_matching && !count_only && !list_files && !quiet &&
		      (after_ctx > 0 || before_ctx > 0);
	unsigned char *s;
	size_t n;

	r.buf = xmalloc(r.cap);
	ring_n = ring_head = 0;
	while ((s = next_line(&r, &n)) != NULL) {
		long long this_offset = offset;
		int sel;

		lineno++;
		offset += n + 1;
		if (max_count >= 0 && selected >= max_count) {
			/* after the last one -m allows: only its trailing context */
			if (after_left <= 0)
				break;
			print_context(name, s, n, lineno, this_offset, &last);
			after_left--;
			continue;
		}
		sel = line_matches(s, n) != invert;
		if (!sel) {
			if (context && after_left > 0) {
				print_context(name, s, n, lineno, this_offset, &last);
				after_left--;
			} else if (context) {
				ring_push(s, n, lineno, this_offset);
			}
			continue;
		}
		selected++;
		selected_any = 1;
		if (quiet)
			exit(0);
		if (list_files)
			break;
		if (count_only)
			continue;
		if (r.binary) {
			fflush(stdout);
			fprintf(stderr, "grep: %s: binary file matches\n", name);
			break;
		}
		if (context) {
			for (long i = 0; i < ring_n; i++) {
				struct ctx_line *c = &ring[(ring_head + i) % before_ctx];

				if (c->lineno > last)
					print_context(name, c->s, c->len, c->lineno, c->offset, &last);
			}
			ring_n = ring_head = 0;
			if (any_output && lineno != last + 1) {
				put_colored(col_sep, "--", 2);
				end_line();
			}
			after_left = after_ctx > 0 ? after_ctx : 0;
		}
		print_selected(name, s, n, lineno, this_offset);
		last = lineno;
		any_output = 1;
	}
	if (r.err) {
		fflush(stdout);
		if (!no_messages)
			fprintf(stderr, "grep: %s: %s\n", name, strerror(r.err));
		error_seen = 1;
	}
	free(r.buf);
	if (count_only) {
		if (with_filename) {
			put_colored(col_file, name, strlen(name));
			put_sep(':');
		}
		printf("%lld", selected);
		end_line();
	}
	if ((list_files > 0 && selected) || (list_files < 0 && !selected)) {
		put_colored(col_file, name, strlen(name));
		end_line();
	}
	return selected;
}

static void grep_path(const char *path, int top);

static void grep_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d) {
		if (!no_messages)
			fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
		error_seen = 1;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t pl = strlen(path);
		char *sub;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		sub = xmalloc(pl + strlen(de->d_name) + 2);
		sprintf(sub, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", de->d_name);
		grep_path(sub, 0);
		free(sub);
	}
	closedir(d);
}

static void grep_path(const char *path, int top)
{
	struct stat st;
	int fd;

	if (!strcmp(path, "-") && top) {
		grep_fd(0, label);
		return;
	}
	/* -r follows symbolic links named on the command line only; -R all */
	if ((top || deref_all ? stat : lstat)(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return;
		if (S_ISDIR(st.st_mode)) {
			if (recursive) {
				grep_dir(path);
				return;
			}
			if (!no_messages)
				fprintf(stderr, "grep: %s: Is a directory\n", path);
			error_seen = 1;
			return;
		}
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (!no_messages)
			fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
		error_seen = 1;
		return;
	}
	grep_fd(fd, path);
	close(fd);
}

/* ---- the command line ---- */

static void usage(void)
{
	printf("Usage: grep [OPTION]... PATTERNS [FILE]...\n"
	       "Search for PATTERNS in each FILE.\n"
	       "Example: grep -i 'hello world' menu.h main.c\n"
	       "PATTERNS can contain multiple patterns separated by newlines.\n"
	       "\n"
	       "Pattern selection and interpretation:\n"
	       "  -E, --extended-regexp     PATTERNS are extended regular expressions\n"
	       "  -F, --fixed-strings       PATTERNS are strings\n"
	       "  -G, --basic-regexp        PATTERNS are basic regular expressions\n"
	       "  -e, --regexp=PATTERNS     use PATTERNS for matching\n"
	       "  -f, --file=FILE           take PATTERNS from FILE\n"
	       "  -i, --ignore-case         ignore case distinctions in patterns and data\n"
	       "      --no-ignore-case      do not ignore case distinctions (default)\n"
	       "  -w, --word-regexp         match only whole words\n"
	       "  -x, --line-regexp         match only whole lines\n"
	       "\n"
	       "Miscellaneous:\n"
	       "  -s, --no-messages         suppress error messages\n"
	       "  -v, --invert-match        select non-matching lines\n"
	       "  -V, --version             display version information and exit\n"
	       "      --help                display this help text and exit\n"
	       "\n"
	       "Output control:\n"
	       "  -m, --max-count=NUM       stop after NUM selected lines\n"
	       "  -b, --byte-offset         print the byte offset with output lines\n"
	       "  -n, --line-number         print line number with output lines\n"
	       "      --line-buffered       flush output on every line\n"
	       "  -H, --with-filename       print file name with output lines\n"
	       "  -h, --no-filename         suppress the file name prefix on output\n"
	       "      --label=LABEL         use LABEL as the standard input file name prefix\n"
	       "  -o, --only-matching       show only nonempty parts of lines that match\n"
	       "  -q, --quiet, --silent     suppress all normal output\n"
	       "  -a, --text                equivalent to --binary-files=text\n"
	       "  -r, --recursive           search directories recursively\n"
	       "  -R, --dereference-recursive  likewise, but follow all symlinks\n"
	       "  -L, --files-without-match  print only names of FILEs with no selected lines\n"
	       "  -l, --files-with-matches  print only names of FILEs with selected lines\n"
	       "  -c, --count               print only a count of selected lines per FILE\n"
	       "\n"
	       "Context control:\n"
	       "  -B, --before-context=NUM  print NUM lines of leading context\n"
	       "  -A, --after-context=NUM   print NUM lines of trailing context\n"
	       "  -C, --context=NUM         print NUM lines of output context\n"
	       "  -NUM                      same as --context=NUM\n"
	       "      --color[=WHEN],\n"
	       "      --colour[=WHEN]       use markers to highlight the matching strings;\n"
	       "                            WHEN is 'always', 'never', or 'auto'\n"
	       "\n"
	       "When FILE is '-', read standard input.  With no FILE, read '.' if\n"
	       "recursive, '-' otherwise.  With fewer than two FILEs, assume -h.\n"
	       "Exit status is 0 if any line is selected, 1 otherwise;\n"
	       "if any error occurs and -q is not given, the exit status is 2.\n"
	       "\n"
	       "lom's grep: no back-references, no -P, the C locale only.\n");
	exit(0);
}

static char *patterns;	/* newline-separated */
static size_t patterns_len;
static int npatterns;		/* how many */
static int patterns_given;	/* by -e or -f: no PATTERNS operand */

static void add_patterns(const char *p, size_t len)
{
	patterns = xrealloc(patterns, patterns_len + len + 2);
	if (npatterns)
		patterns[patterns_len++] = '\n';
	memcpy(patterns + patterns_len, p, len);
	patterns_len += len;
	patterns[patterns_len] = '\0';
	npatterns++;
}

/* -f FILE: a pattern per line; an empty file has none (and matches nothing) */
static void add_pattern_file(const char *path)
{
	size_t len = 0;
	char *t;

	if (strcmp(path, "-") == 0) {
		struct reader r = { 0, xmalloc(4096), 4096, 0, 0, 0, 0, 0 };
		unsigned char *s;
		size_t n;
		int saved = text_mode;

		text_mode = 1;
		while ((s = next_line(&r, &n)) != NULL)
			add_patterns((char *)s, n);
		text_mode = saved;
		free(r.buf);
		return;
	}
	t = read_whole(path, &len);
	if (!t) {
		fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (len > 0) {
		if (t[len - 1] == '\n')
			len--;
		add_patterns(t, len);
	}
	free(t);
}

static long parse_context(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0) {
		fprintf(stderr, "grep: %s: invalid context length argument\n", s);
		exit(2);
	}
	return v;
}

enum {
	O_HELP = 256, O_NO_ICASE, O_LINE_BUF, O_LABEL, O_COLOR, O_INCLUDE,
};

static const struct uopt_long longopts[] = {
	{ "extended-regexp", UOPT_NOARG, 'E' }, { "fixed-strings", UOPT_NOARG, 'F' },
	{ "basic-regexp", UOPT_NOARG, 'G' }, { "perl-regexp", UOPT_NOARG, 'P' },
	{ "regexp", UOPT_ARG, 'e' }, { "file", UOPT_ARG, 'f' },
	{ "ignore-case", UOPT_NOARG, 'i' }, { "no-ignore-case", UOPT_NOARG, O_NO_ICASE },
	{ "word-regexp", UOPT_NOARG, 'w' }, { "line-regexp", UOPT_NOARG, 'x' },
	{ "no-messages", UOPT_NOARG, 's' }, { "invert-match", UOPT_NOARG, 'v' },
	{ "version", UOPT_NOARG, 'V' }, { "help", UOPT_NOARG, O_HELP },
	{ "max-count", UOPT_ARG, 'm' }, { "byte-offset", UOPT_NOARG, 'b' },
	{ "line-number", UOPT_NOARG, 'n' }, { "line-buffered", UOPT_NOARG, O_LINE_BUF },
	{ "with-filename", UOPT_NOARG, 'H' }, { "no-filename", UOPT_NOARG, 'h' },
	{ "label", UOPT_ARG, O_LABEL }, { "only-matching", UOPT_NOARG, 'o' },
	{ "quiet", UOPT_NOARG, 'q' }, { "silent", UOPT_NOARG, 'q' },
	{ "text", UOPT_NOARG, 'a' }, { "recursive", UOPT_NOARG, 'r' },
	{ "dereference-recursive", UOPT_NOARG, 'R' },
	{ "files-without-match", UOPT_NOARG, 'L' }, { "files-with-matches", UOPT_NOARG, 'l' },
	{ "count", UOPT_NOARG, 'c' }, { "before-context", UOPT_ARG, 'B' },
	{ "after-context", UOPT_ARG, 'A' }, { "context", UOPT_ARG, 'C' },
	{ "color", UOPT_OPTARG, O_COLOR }, { "colour", UOPT_OPTARG, O_COLOR },
	{ NULL, 0, 0 },
};

int main(int argc, char **argv)
{
	int c, syntax = 'G', color_when = 0;	/* 0 never, 1 always, 2 auto */
	long ctx = -1;
	int digit_arg = -1;	/* the argument of the last -NUM digit seen */
	struct uopt o;
	struct node *tree = NULL;
	const char *p;

	uopt_init(&o, "grep");
	while ((c = uopt_next(&o, argc, argv, "0123456789EFGPe:f:iywxsvVm:bnHhoqarRLlcB:A:C:U",
			      longopts)) != -1) {
		int here = o.pos ? o.next : o.next - 1;	/* the argument c came from */

		if (c >= '0' && c <= '9') {	/* -NUM: digits in one argument make a number */
			ctx = (here == digit_arg ? ctx * 10 : 0) + (c - '0');
			if (ctx > 1000000000)
				ctx = 1000000000;
			digit_arg = here;
			continue;
		}
		digit_arg = -1;
		switch (c) {
		case 'E': case 'F': case 'G': syntax = c; break;
		case 'P':
			die("Perl matching not supported in a --disable-perl-regexp build");
		case 'e':
			add_patterns(o.arg, strlen(o.arg));
			patterns_given = 1;
			break;
		case 'f':
			add_pattern_file(o.arg);
			patterns_given = 1;
			break;
		case 'i': case 'y': icase = 1; break;
		case O_NO_ICASE: icase = 0; break;
		case 'w': wflag = 1; break;
		case 'x': xflag = 1; break;
		case 's': no_messages = 1; break;
		case 'v': invert = 1; break;
		case 'V':
			printf("grep (lom) 3.8-compatible\n");
			return 0;
		case O_HELP: usage(); break;
		case 'm': {
			char *end;

			errno = 0;
			max_count = strtoll(o.arg, &end, 10);
			if (!*o.arg || *end || errno) {
				fprintf(stderr, "grep: invalid max count\n");
				return 2;
			}
			break;
		}
		case 'b': byte_offset = 1; break;
		case 'n': line_numbers = 1; break;
		case O_LINE_BUF: line_buffered = 1; break;
		case 'H': with_filename = 1; break;
		case 'h': with_filename = 0; break;
		case O_LABEL: label = o.arg; break;
		case 'o': only_matching = 1; break;
		case 'q': quiet = 1; break;
		case 'a': text_mode = 1; break;
		case 'r': recursive = 1; break;
		case 'R': recursive = 1; deref_all = 1; break;
		case 'L': list_files = -1; break;
		case 'l': list_files = 1; break;
		case 'c': count_only = 1; break;
		case 'A': after_ctx = parse_context(o.arg); break;
		case 'B': before_ctx = parse_context(o.arg); break;
		case 'C': ctx = parse_context(o.arg); break;
		case 'U': break;
		case O_COLOR:
			if (!o.arg || !strcmp(o.arg, "always") || !strcmp(o.arg, "yes") ||
			    !strcmp(o.arg, "force"))
				color_when = o.arg ? 1 : 2;
			else if (!strcmp(o.arg, "never") || !strcmp(o.arg, "no") ||
				 !strcmp(o.arg, "none"))
				color_when = 0;
			else if (!strcmp(o.arg, "auto") || !strcmp(o.arg, "tty") ||
				 !strcmp(o.arg, "if-tty"))
				color_when = 2;
			else
				die("invalid argument for --color");
			break;
		default:
			fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
			try_help("grep", 2);
		}
	}
	if (!patterns_given) {
		if (o.ind >= argc) {
			fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
			try_help("grep", 2);
		}
		p = argv[o.ind++];
		add_patterns(p, strlen(p));
	}
	if (ctx >= 0) {
		if (after_ctx < 0)
			after_ctx = ctx;
		if (before_ctx < 0)
			before_ctx = ctx;
	}
	if (before_ctx > 0)
		ring = calloc(before_ctx, sizeof(*ring));
	color = color_when == 1 || (color_when == 2 && isatty(1) && getenv("TERM") &&
				   strcmp(getenv("TERM"), "dumb"));

	/* each line of the patterns is one; the program is their alternation */
	if (npatterns > 0) {
		for (const char *q = patterns;;) {
			const char *nl = memchr(q, '\n', patterns + patterns_len - q);
			size_t len = (nl ? nl : patterns + patterns_len) - q;
			struct node *n = syntax == 'F' ? fixed_pattern(q, len)
							: parse_pattern(q, len, syntax == 'E');

			tree = tree ? node_new(N_ALT, tree, n) : n;
			if (!nl)
				break;
			q = nl + 1;
		}
		compile(tree);
	} else {
		/* an empty -f file: nothing matches (a set of no bytes never does) */
		emit(I_SET, set_new(), 0);
	}
	emit(I_MATCH, 0, 0);
	machine_init();

	if (o.ind == argc) {
		if (recursive) {
			if (with_filename < 0)
				with_filename = 1;
			grep_path(".", 1);
		} else {
			if (with_filename < 0)
				with_filename = 0;
			grep_path("-", 1);
		}
	} else {
		if (with_filename < 0)
			with_filename = argc - o.ind > 1 || recursive;
		for (int i = o.ind; i < argc; i++)
			grep_path(argv[i], 1);
	}
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "grep: write error: %s\n", strerror(errno));
		return 2;
	}
	if (error_seen && !(quiet && selected_any))
		return 2;
	return !selected_any;	/* (-L too: grep 3.8 tells whether lines were selected) */
}
