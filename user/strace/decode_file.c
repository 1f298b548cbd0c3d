/*
 * user/strace/decode_file.c - files and descriptors: open/openat (the
 * mode only with O_CREAT or O_TMPFILE), fcntl, ioctl (terminal requests),
 * struct stat, iovec arrays and getdents64's buffer.
 */
#include <stdio.h>
#include <string.h>

#include "strace.h"

#define O_CREAT_ 0100
#define O_TMPFILE_ 020000000

static void print_open_args(struct tcb *t, int first)
{
	unsigned int flags = (unsigned int)t->arg[first + 1];

	printpath(t, t->arg[first]);
	tprint_arg_next();
	print_open_flags(flags);
	if (flags & (O_CREAT_ | O_TMPFILE_)) {
		tprint_arg_next();
		print_mode((unsigned int)t->arg[first + 2]);
	}
}

int sys_open(struct tcb *t)
{
	print_open_args(t, 0);
	return RVAL_DECODED;
}

int sys_openat(struct tcb *t)
{
	print_arg(t, 0, A_DIRFD);
	tprint_arg_next();
	print_open_args(t, 1);
	return RVAL_DECODED;
}

/* fcntl: the third argument depends on the command; some results are flags. */
int sys_fcntl(struct tcb *t)
{
	static char aux[256];
	unsigned int cmd = (unsigned int)t->arg[1];

	if (entering(t)) {
		tprintf("%d, ", (int)t->arg[0]);
		printxval(X_FCNTL, cmd);
		switch (cmd) {
		case 1: case 3: case 9: case 11: case 1025: case 1032: case 1034:
			/* F_GETFD F_GETFL F_GETOWN F_GETSIG F_GETLEASE F_GETPIPE_SZ F_GET_SEALS */
			return 0;
		case 2: /* F_SETFD */
			tprint_arg_next();
			printflags(X_FDFLAGS, (unsigned int)t->arg[2]);
			break;
		case 4: /* F_SETFL */
			tprint_arg_next();
			print_open_flags((unsigned int)t->arg[2]);
			break;
		case 0: case 1030: case 8: case 1031: case 1024: /* F_DUPFD... F_SETLEASE */
			tprintf(", %d", (int)t->arg[2]);
			break;
		case 10: /* F_SETSIG */
			tprint_arg_next();
			printsignal((int)t->arg[2]);
			break;
		case 5: case 6: case 7: case 36: case 37: case 38: /* the locks: struct flock */
			tprint_arg_next();
			printaddr(t->arg[2]);
			break;
		default:
			tprintf(", %#lx", t->arg[2]);
			break;
		}
		return RVAL_DECODED;
	}
	if (syserror(t))
		return 0;
	switch (cmd) {
	case 1: /* F_GETFD */
		if (t->rval == 0)
			return 0;
		out_capture(aux, sizeof(aux));
		tprints("flags ");
		printflags(X_FDFLAGS, (unsigned long)t->rval);
		out_capture_end();
		t->auxstr = aux;
		return RVAL_HEX | RVAL_STR;
	case 3: /* F_GETFL */
		out_capture(aux, sizeof(aux));
		tprints("flags ");
		print_open_flags((unsigned long)t->rval);
		out_capture_end();
		t->auxstr = aux;
		return RVAL_HEX | RVAL_STR;
	case 11: /* F_GETSIG */
		t->auxstr = signame((int)t->rval);
		return t->auxstr ? RVAL_STR : 0;
	}
	return 0;
}

/* the kernel's struct termios */
struct k_termios {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[19];
};

static const struct xlat bauds[] = {
	{ 0, "B0" }, { 1, "B50" }, { 2, "B75" }, { 3, "B110" }, { 4, "B134" }, { 5, "B150" },
	{ 6, "B200" }, { 7, "B300" }, { 010, "B600" }, { 011, "B1200" }, { 012, "B1800" },
	{ 013, "B2400" }, { 014, "B4800" }, { 015, "B9600" }, { 016, "B19200" },
	{ 017, "B38400" }, { 010001, "B57600" }, { 010002, "B115200" }, { 010003, "B230400" },
	{ 010004, "B460800" }, { 010005, "B500000" }, { 010006, "B576000" },
	{ 010007, "B921600" }, { 010010, "B1000000" }, { 010011, "B1152000" },
	{ 010012, "B1500000" }, { 010013, "B2000000" }, { 010014, "B2500000" },
	{ 010015, "B3000000" }, { 010016, "B3500000" }, { 010017, "B4000000" }, { 0, NULL }
};

/* abbreviated, as strace prints it without -v */
static void print_termios_at(struct tcb *t, unsigned long addr)
{
	struct k_termios tio;
	const char *baud;

	if (umove_or_printaddr(t, addr, sizeof(tio), &tio))
		return;
	baud = xlookup(bauds, tio.c_cflag & 010017);
	tprintf("{%s %sopost %sisig %sicanon %secho ...}", baud ? baud : "B???",
		(tio.c_oflag & 1) ? "" : "-", (tio.c_lflag & 1) ? "" : "-",
		(tio.c_lflag & 2) ? "" : "-", (tio.c_lflag & 010) ? "" : "-");
}

static void print_winsize_at(struct tcb *t, unsigned long addr)
{
	unsigned short ws[4];

	if (umove_or_printaddr(t, addr, sizeof(ws), ws) == 0)
		tprintf("{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", ws[0], ws[1], ws[2],
			ws[3]);
}

static void print_int_ptr(struct tcb *t, unsigned long addr)
{
	int v;

	if (umove_or_printaddr(t, addr, sizeof(v), &v) == 0)
		tprintf("[%d]", v);
}

static void print_ioctl_request(unsigned int req)
{
	static const char *const dirs[] = { "_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
					    "_IOC_READ|_IOC_WRITE" };
	const char *name = xlookup(xlat_tables[X_IOCTL], req);

	if (name)
		tprints(name);
	else
		tprintf("_IOC(%s, %#x, %#x, %#x)", dirs[req >> 30], (req >> 8) & 0xff, req & 0xff,
			(req >> 16) & 0x3fff);
}

int sys_ioctl(struct tcb *t)
{
	unsigned int req = (unsigned int)t->arg[1];
	unsigned long arg = t->arg[2];

	if (entering(t)) {
		tprintf("%d, ", (int)t->arg[0]);
		print_ioctl_request(req);
		switch (req) {
		case 0x5401: case 0x5413: case 0x541B: case 0x540F: case 0x5429: case 0x80045430:
			/* TCGETS TIOCGWINSZ FIONREAD TIOCGPGRP TIOCGSID TIOCGPTN: filled in */
			tprint_arg_next();
			return 0;
		case 0x5402: case 0x5403: case 0x5404: /* TCSETS TCSETSW TCSETSF */
			tprint_arg_next();
			print_termios_at(t, arg);
			break;
		case 0x5414: /* TIOCSWINSZ */
			tprint_arg_next();
			print_winsize_at(t, arg);
			break;
		case 0x5410: case 0x5421: case 0x5452: case 0x40045431:
			/* TIOCSPGRP FIONBIO FIOASYNC TIOCSPTLCK */
			tprint_arg_next();
			print_int_ptr(t, arg);
			break;
		case 0x5451: case 0x5450: case 0x5422: /* FIOCLEX FIONCLEX TIOCNOTTY */
			break;
		default:
			tprintf(", %#lx", arg);
			break;
		}
		return RVAL_DECODED;
	}
	if (req == 0x5401)
		print_termios_at(t, arg);
	else if (req == 0x5413)
		print_winsize_at(t, arg);
	else
		print_int_ptr(t, arg);
	return 0;
}

/* the kernel's struct stat on x86-64 */
struct k_stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	long times[6];
	long unused[3];
};

/* abbreviated: {st_mode=S_IFREG|0644, st_size=42, ...} */
void print_stat_at(struct tcb *t, unsigned long addr)
{
	struct k_stat st;
	unsigned int type;

	if (umove_or_printaddr(t, addr, sizeof(st), &st))
		return;
	tprints("{st_mode=");
	print_symbolic_mode(st.st_mode);
	type = st.st_mode & 0170000;
	if (type == 0020000 || type == 0060000) {
		unsigned long d = st.st_rdev;
		unsigned long major = ((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffUL);
		unsigned long minor = (d & 0xff) | ((d >> 12) & ~0xffUL);

		tprintf(", st_rdev=makedev(%#lx, %#lx)", major, minor);
	} else {
		tprintf(", st_size=%ld", st.st_size);
	}
	tprints(", ...}");
}

/*
 * An iovec array: [{iov_base="...", iov_len=N}, ...].  data_len -1: each
 * buffer in full (written); >= 0: that many bytes in all (read); -2: the
 * addresses only (the call failed).  At most max_strlen elements shown.
 */
void print_iov(struct tcb *t, unsigned long addr, unsigned long count, long data_len)
{
	struct {
		unsigned long base, len;
	} iov;

	if (!addr) {
		tprints("NULL");
		return;
	}
	if (count > 1024) {
		printaddr(addr);
		return;
	}
	tprints("[");
	for (unsigned long i = 0; i < count; i++) {
		if (i)
			tprint_arg_next();
		if (i >= max_strlen) {
			tprints("...");
			break;
		}
		if (umoven(t, addr + i * sizeof(iov), sizeof(iov), &iov) < 0) {
			printaddr(addr + i * sizeof(iov));
			break;
		}
		tprints("{iov_base=");
		if (data_len == -2) {
			printaddr(iov.base);
		} else if (data_len == -1) {
			printstrn(t, iov.base, (long)iov.len);
		} else {
			long n = (long)iov.len < data_len ? (long)iov.len : data_len;

			printstrn(t, iov.base, n);
			data_len -= n;
		}
		tprintf(", iov_len=%lu}", iov.len);
	}
	tprints("]");
}

/* getdents64's buffer: the address, and how many entries the call put there */
void print_dirents_at(struct tcb *t, unsigned long addr, long len)
{
	unsigned int count = 0;
	long off = 0;

	printaddr(addr);
	while (off + 19 <= len) {
		unsigned short reclen;

		if (umoven(t, addr + (unsigned long)off + 16, sizeof(reclen), &reclen) < 0 ||
		    reclen == 0)
			break;
		count++;
		off += reclen;
	}
	tprintf(" /* %u entries */", count);
}
