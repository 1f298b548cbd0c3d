/*
 * libc/src/stdlib/stdlib.c - the small arithmetic and random-number parts
 * of stdlib.h: abs, labs, llabs, div, ldiv, lldiv, rand/srand/rand_r,
 * random/srandom, system.
 *
 * rand() is a 64-bit LCG (Knuth's MMIX constants) returning its top 31
 * bits: deterministic after srand(), not glibc's sequence.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

div_t div(int num, int den) { return (div_t){ num / den, num % den }; }
ldiv_t ldiv(long num, long den) { return (ldiv_t){ num / den, num % den }; }
lldiv_t lldiv(long long num, long long den) { return (lldiv_t){ num / den, num % den }; }

static uint64_t rand_state;	/* = srand(1), as C requires */

static int lcg_next(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)(*state >> 33);
}

void srand(unsigned int seed)
{
	rand_state = seed - 1ULL;
}

int rand(void)
{
	return lcg_next(&rand_state);
}

int rand_r(unsigned int *seed)
{
	uint64_t state = *seed;
	int r = lcg_next(&state);

	*seed = (unsigned int)state;
	return r;
}

long random(void)
{
	return rand();
}

void srandom(unsigned int seed)
{
	srand(seed);
}

/* /bin/sh -c command; SIGINT/SIGQUIT ignored and SIGCHLD blocked while waiting (POSIX) */
int system(const char *command)
{
	struct sigaction ign = { 0 }, old_int, old_quit;
	sigset_t block, old_mask;
	int status = -1;
	pid_t pid;

	if (!command)
		return 1;
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "sh", "-c", (char *)command, NULL };
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		execve("/bin/sh", argv, environ);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				break;
			}
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	return status;
}
