/*
 * user/grep/regex.c - grep's patterns: POSIX basic (BRE) and extended
 * (ERE) regular expressions with GNU's extensions (\+ \? \| in BRE; \w
 * \W \s \S \b \B \< \> \` \'), and fixed strings; several patterns
 * match when any does.  No back-references.  The C locale: bytes, and
 * the [[:classes:]] of <ctype.h>.
 *
 * A pattern is parsed into a small tree, compiled into a program for a
 * Thompson/Pike machine (no backtracking: time linear in the line), run
 * in three ways: is there a match anywhere (line selection), where is the
 * leftmost-longest match (-o, --color), and where can a match starting
 * at one place end (-x, and -w, which GNU checks at word boundaries).
 * GNU's quirks are followed where grep's output shows them: a '$' before
 * an unescaped ')' or '|' anchors in a BRE, "*" after "^" is literal, a
 * repetition at the start of an ERE repeats nothing (with a warning).
 *
 * One pattern set per process: the state is file-global.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grep.h"

/* ---- errors ---- */

_Noreturn void grep_die(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "grep: %s\n", msg);
	exit(2);
}

void *grep_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		grep_die("memory exhausted");
	return p;
}

void *grep_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		grep_die("memory exhausted");
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
	struct node *n = grep_xmalloc(sizeof(*n));

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
	sets = grep_xrealloc(sets, (nsets + 1) * sizeof(*sets));
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
			grep_die("character class syntax is [[:space:]], not [:space:]");
	}
	for (;;) {
		int lo, hi;

		if (p >= ps->end)
			grep_die("Unmatched [, [^, [:, [., or [=");
		if (*p == ']' && p > start)
			break;
		if (*p == '[' && p + 1 < ps->end && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char kind = p[1];
			const char *q = p + 2;

			while (q + 1 < ps->end && !(q[0] == kind && q[1] == ']'))
				q++;
			if (q + 1 >= ps->end)
				grep_die("Unmatched [, [^, [:, [., or [=");
			if (kind == ':') {
				size_t len = q - (p + 2), i;

				for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
					if (strlen(classes[i].name) == len &&
					    !memcmp(classes[i].name, p + 2, len))
						break;
				if (i == sizeof(classes) / sizeof(classes[0]))
					grep_die("Invalid character class name");
				for (int c = 0; c < 256; c++)
					if (classes[i].pred(c))
						set_add(s, c);
				p = q + 2;
				continue;
			}
			/* [=c=] and [.c.]: one byte in the C locale */
			if (q - (p + 2) != 1)
				grep_die("Invalid collation character");
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
					grep_die("Invalid range end");
				hi = (unsigned char)p[2];
				p += 5;
			} else {
				hi = (unsigned char)*p++;
			}
			if (hi < lo)
				grep_die("Invalid range end");
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
		grep_die("Regular expression too big");
	if (hi >= 0 && hi < lo)
		grep_die("Invalid content of \\{\\}");
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
			grep_die("Unmatched ( or \\(");
		ps->p++;
		ps->depth--;
		return n ? n : node_new(N_EMPTY, NULL, NULL);
	}
	if (c != '\\')
		return node_char(c);
	if (ps->p >= ps->end)
		grep_die("Trailing backslash");
	c = (unsigned char)*ps->p++;
	if (!ps->ere && c == '(') {
		struct node *n;

		ps->depth++;
		n = parse_alt(ps);
		if (ps->p + 1 >= ps->end || ps->p[0] != '\\' || ps->p[1] != ')')
			grep_die("Unmatched ( or \\(");
		ps->p += 2;
		ps->depth--;
		return n ? n : node_new(N_EMPTY, NULL, NULL);
	}
	if (!ps->ere && c == '{' && first)
		return node_char('{');
	if (c >= '1' && c <= '9')
		grep_die("back-references (\\1 ... \\9) are not supported");
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
				grep_die(memchr(ps->p, '}', ps->end - ps->p) ? "Invalid content of \\{\\}"
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
		grep_die("Unmatched ) or \\)");
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
		grep_die("Regular expression too big");
	if (plen == pcap) {
		pcap = pcap ? 2 * pcap : 64;
		prog = grep_xrealloc(prog, pcap * sizeof(*prog));
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
		splits = grep_xmalloc((optional + 1) * sizeof(*splits));
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
	list_a.pc = grep_xmalloc(plen * sizeof(int));
	list_a.start = grep_xmalloc(plen * sizeof(int));
	list_b.pc = grep_xmalloc(plen * sizeof(int));
	list_b.start = grep_xmalloc(plen * sizeof(int));
	mark = grep_xmalloc(plen * sizeof(*mark));
	memset(mark, 0, plen * sizeof(*mark));
	stack = grep_xmalloc(2 * plen * sizeof(int));
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

static int wflag, xflag;	/* -w, -x */
static unsigned char *ends_buf;
static size_t ends_cap;

static unsigned char *ends_for(size_t len)
{
	if (len + 1 > ends_cap) {
		ends_cap = len + 1;
		ends_buf = grep_xrealloc(ends_buf, ends_cap);
	}
	memset(ends_buf, 0, len + 1);
	return ends_buf;
}

/*
 * The next match in s[0..n) starting at or after from, honouring -x and
 * -w: leftmost, then longest.  1 and its bounds, or 0.
 */
int re_next_match(const unsigned char *s, size_t n, size_t from, size_t *ms, size_t *me)
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

int re_line_matches(const unsigned char *s, size_t n)
{
	size_t a, b;

	if (xflag || wflag)
		return re_next_match(s, n, 0, &a, &b);
	return run(RUN_ANY, s, n, 0, &a, &b, NULL);
}

/* ---- the interface ---- */

static struct node *tree;	/* the alternation of the patterns added */

void re_init(int flags)
{
	icase = !!(flags & RE_ICASE);
	wflag = !!(flags & RE_WORD);
	xflag = !!(flags & RE_LINE);
}

void re_add(const char *pat, size_t len, enum re_syntax syntax)
{
	struct node *n = syntax == RE_FIXED ? fixed_pattern(pat, len)
					    : parse_pattern(pat, len, syntax == RE_EXTENDED);

	tree = tree ? node_new(N_ALT, tree, n) : n;
}

void re_done(void)
{
	if (tree)
		compile(tree);
	else	/* no pattern at all (an empty -f file): a set of no bytes never matches */
		emit(I_SET, set_new(), 0);
	emit(I_MATCH, 0, 0);
	machine_init();
}
