/*
 * user/ps/select.c - which processes ps shows, by procps's rules: the
 * "simple" selections (default: my effective user on my terminal; -a,
 * -d, a, x, -e), the lists (-p, --ppid, -C, -u, -U, -s, -t), whose union
 * is shown, then r (running only) and -N (the others).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps.h"
#include "ulib.h"

struct ps_select sel;

struct list_item {
	enum list_kind kind;
	long num;
	char *text;
};

static struct list_item *items;
static int nitems;

static void add_item(enum list_kind kind, long num, const char *text)
{
	items = realloc(items, (nitems + 1) * sizeof(*items));
	if (!items)
		ps_usage_error("out of memory");
	items[nitems].kind = kind;
	items[nitems].num = num;
	items[nitems].text = text ? ps_xstrdup(text) : NULL;
	nitems++;
}

/* a user: a number or a name of /etc/passwd (root on lom) */
static long parse_user(const char *s)
{
	char *end;
	long uid = strtol(s, &end, 10);
	char *t;

	if (*s && !*end)
		return uid;
	if (!strcmp(s, "root"))
		return 0;
	if ((t = read_whole("/etc/passwd", NULL)) != NULL) {
		size_t len = strlen(s);

		for (char *l = t; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			if (!strncmp(l, s, len) && l[len] == ':') {
				char *c = strchr(l + len + 1, ':');

				uid = c ? strtol(c + 1, NULL, 10) : -1;
				free(t);
				return uid;
			}
		}
		free(t);
	}
	ps_usage_error("user name does not exist");
}

/* A selection list ("1,2 3"): each item added as kind. */
void ps_add_list(enum list_kind kind, const char *arg, const char *what)
{
	char *copy = ps_xstrdup(arg), *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		char *end;
		long v = 0;

		n++;
		switch (kind) {
		case L_PID: case L_PPID: case L_SID:
			v = strtol(tok, &end, 10);
			if (*end || v < 0 || v > 0x7fffffff) {
				char msg[64];

				snprintf(msg, sizeof(msg), "%s list syntax error", what);
				ps_usage_error(msg);
			}
			add_item(kind, v, NULL);
			break;
		case L_EUID: case L_RUID:
			add_item(kind, parse_user(tok), NULL);
			break;
		case L_COMM:
			add_item(kind, 0, tok);
			break;
		case L_TTY:
			add_item(kind, 0, strncmp(tok, "/dev/", 5) ? tok : tok + 5);
			break;
		}
	}
	free(copy);
	if (!n) {
		char msg[64];

		snprintf(msg, sizeof(msg), "list of %ss must follow", what);
		ps_usage_error(msg);
	}
}

static int listed(const struct proc *p)
{
	char tty[32];

	for (int i = 0; i < nitems; i++) {
		const struct list_item *it = &items[i];

		switch (it->kind) {
		case L_PID: if (p->pid == it->num) return 1; break;
		case L_PPID: if (p->ppid == it->num) return 1; break;
		case L_SID: if (p->sid == it->num) return 1; break;
		case L_EUID: if (p->uid[1] == it->num) return 1; break;
		case L_RUID: if (p->uid[0] == it->num) return 1; break;
		case L_COMM: if (!strncmp(p->comm, it->text, 15)) return 1; break;
		case L_TTY:
			ps_tty_name(p->tty, tty, sizeof(tty));
			if (!strcmp(tty, it->text) || (p->tty == 0 && !strcmp(it->text, "-")))
				return 1;
			break;
		}
	}
	return 0;
}

static int simple_accept(const struct proc *p)
{
	int same_user = 0, my_term = 0, no_leader = 0, has_tty = 0;

	switch (sel.simple) {
	case 0:
		same_user = 1;
		if (sel.prefer_bsd)
			has_tty = 1;	/* BSD: any terminal; UNIX: mine */
		else
			my_term = 1;
		break;
	case SS_U_a:
		no_leader = has_tty = 1;
		break;
	case SS_U_d: case SS_U_a | SS_U_d:
		no_leader = 1;
		break;
	case SS_B_a:
		has_tty = 1;
		break;
	case SS_B_x:
		same_user = 1;
		break;
	case SS_B_a | SS_B_x:
		return 1;
	default:
		ps_usage_error("process selection options conflict");
	}
	if (same_user && p->uid[1] != sys.my_euid)
		return 0;
	if (my_term && p->tty != sys.my_tty)
		return 0;
	if (no_leader && p->sid == p->pid)
		return 0;
	if (has_tty && p->tty == 0)
		return 0;
	return 1;
}

int ps_wanted(const struct proc *p)
{
	int ok = sel.all;

	if (!ok && (sel.simple || !nitems))
		ok = simple_accept(p);
	if (!ok)
		ok = listed(p);
	if (sel.running_only && p->state != 'R' && p->state != 'D')
		ok = 0;
	return sel.negate ? !ok : ok;
}

