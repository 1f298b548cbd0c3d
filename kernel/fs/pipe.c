/*
 * kernel/fs/pipe.c - pipes: a 64 KiB ring between a read end and a write
 * end, as Linux's default capacity.
 *
 * Readers block while the pipe is empty and a writer exists (0 = EOF once
 * every writer closed); writers block while it is full and a reader
 * exists; writing with no reader left gives SIGPIPE and -EPIPE.  Writes
 * of at most PIPE_BUF bytes are atomic (never interleaved with another
 * writer's).  O_NONBLOCK gives -EAGAIN instead of blocking.
 * Locking: pipe->lock (irqsave) protects everything in struct pipe; each
 * side sleeps on its own wait queue.  Lock order: pipe->lock -> a wait
 * queue's lock (the last wakeup of pipe_release is made under pipe->lock).
 */
#include "kernel/errno.h"
#include "kernel/fs/vfs.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define PIPE_ORDER 4 /* 16 pages: 64 KiB */
#define PIPE_SIZE (PAGE_SIZE << PIPE_ORDER)
#define PIPE_BUF 4096

struct pipe {
	struct spinlock lock;
	char *buf;
	size_t head, tail;    /* buf[tail..head) mod PIPE_SIZE holds data */
	unsigned readers, writers;
	struct wait_queue rd_wait, wr_wait;
};

static size_t pipe_used(const struct pipe *p)
{
	return p->head - p->tail;
}

static bool can_read(struct pipe *p)
{
	return pipe_used(p) > 0 || p->writers == 0;
}

static int64_t pipe_read(struct file *f, char *ubuf, size_t n)
{
	struct pipe *p = f->priv;
	char chunk[512];
	size_t done = 0;

	for (;;) {
		uint64_t irq = spin_lock_irqsave(&p->lock);
		bool data = pipe_used(p) > 0, eof = p->writers == 0;
		spin_unlock_irqrestore(&p->lock, irq);
		if (data)
			break;
		if (eof)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = wait_event_interruptible(p->rd_wait, can_read(p));
		if (err)
			return err;
	}
	while (done < n) {
		/* make sure the destination takes the bytes before taking them
		 * out of the pipe: a faulting read leaves the data in place (one
		 * thread per process, so the check stays true until the copy) */
		uint64_t irq = spin_lock_irqsave(&p->lock);
		size_t want = MIN(MIN(n - done, sizeof(chunk)), pipe_used(p));
		spin_unlock_irqrestore(&p->lock, irq);
		if (!want)
			break;
		if (clear_user(ubuf + done, want)) {
			if (!done)
				return -EFAULT;
			break;
		}
		irq = spin_lock_irqsave(&p->lock);
		size_t k = MIN(want, pipe_used(p));
		for (size_t i = 0; i < k; i++)
			chunk[i] = p->buf[(p->tail + i) % PIPE_SIZE];
		p->tail += k;
		spin_unlock_irqrestore(&p->lock, irq);
		if (!k || copy_to_user(ubuf + done, chunk, k))
			break;
		done += k;
	}
	wake_up(&p->wr_wait);
	return (int64_t)done;
}

static bool can_write(struct pipe *p, size_t need)
{
	return PIPE_SIZE - pipe_used(p) >= need || p->readers == 0;
}

static int64_t pipe_write(struct file *f, const char *ubuf, size_t n)
{
	struct pipe *p = f->priv;
	char *chunk = kmalloc(PIPE_BUF, GFP_KERNEL);
	size_t done = 0;
	int64_t err = 0;

	if (!chunk)
		return -ENOMEM;
	while (done < n && !err) {
		size_t k = MIN(n - done, (size_t)PIPE_BUF);
		if (copy_from_user(chunk, ubuf + done, k)) {
			err = -EFAULT;
			break;
		}
		/* a write of at most PIPE_BUF bytes goes in whole; bigger ones in pieces */
		size_t need = n <= PIPE_BUF ? k : 1, put = 0;
		while (put < k) {
			uint64_t irq = spin_lock_irqsave(&p->lock);
			if (p->readers == 0) {
				spin_unlock_irqrestore(&p->lock, irq);
				send_signal(current, SIGPIPE, NULL);
				err = -EPIPE;
				break;
			}
			size_t space = PIPE_SIZE - pipe_used(p);
			if (space >= MIN(need, k - put)) {
				size_t m = MIN(space, k - put);
				for (size_t i = 0; i < m; i++)
					p->buf[(p->head + i) % PIPE_SIZE] = chunk[put + i];
				p->head += m;
				put += m;
				spin_unlock_irqrestore(&p->lock, irq);
				wake_up(&p->rd_wait);
				continue;
			}
			spin_unlock_irqrestore(&p->lock, irq);
			if (f->flags & O_NONBLOCK) {
				err = -EAGAIN;
				break;
			}
			size_t want = MIN(need, k - put);
			err = wait_event_interruptible(p->wr_wait, can_write(p, want));
			if (err)
				break;
		}
		done += put;
	}
	kfree(chunk);
	return done ? (int64_t)done : err;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	uint64_t irq = spin_lock_irqsave(&p->lock);

	if (reader)
		p->readers--;
	else
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	/* the other side wakes to EOF or EPIPE; once the lock is dropped it may
	 * close its end and free the pipe, so the wakeup comes first (a wait
	 * queue lock nests inside p->lock; no one takes them the other way) */
	if (!last)
		wake_up(reader ? &p->wr_wait : &p->rd_wait);
	spin_unlock_irqrestore(&p->lock, irq);
	if (last) {
		__free_pages(virt_to_page(p->buf), PIPE_ORDER);
		kfree(p);
	}
}

#define FIONREAD 0x541b

static int64_t pipe_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct pipe *p = f->priv;

	if (cmd != FIONREAD)
		return -ENOTTY;
	uint64_t irq = spin_lock_irqsave(&p->lock);
	int used = (int)pipe_used(p);
	spin_unlock_irqrestore(&p->lock, irq);
	return put_user(used, (int *)arg);
}

static const struct file_ops pipe_ops = {
	.read = pipe_read, .write = pipe_write, .ioctl = pipe_ioctl, .release = pipe_release
};

int pipe_create(struct file **rd, struct file **wr, unsigned flags)
{
	struct pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct page *pages = alloc_pages(GFP_KERNEL, PIPE_ORDER);

	if (!p || !pages)
		goto nomem;
	p->buf = page_address(pages);
	p->lock = (struct spinlock)SPINLOCK_INIT("pipe");
	wait_queue_init(&p->rd_wait, "pipe_rd");
	wait_queue_init(&p->wr_wait, "pipe_wr");
	p->readers = p->writers = 1;
	*rd = file_alloc(&pipe_ops, NULL, O_RDONLY | (flags & O_NONBLOCK));
	*wr = file_alloc(&pipe_ops, NULL, O_WRONLY | (flags & O_NONBLOCK));
	if (!*rd || !*wr) {
		kfree(*rd);
		kfree(*wr);
		goto nomem;
	}
	(*rd)->priv = p;
	(*wr)->priv = p;
	return 0;
nomem:
	if (pages)
		__free_pages(pages, PIPE_ORDER);
	kfree(p);
	return -ENOMEM;
}
