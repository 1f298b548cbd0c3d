/*
 * libc/src/unistd/exec.c - the exec family on top of execve: execv,
 * execvp/execvpe (PATH search as POSIX describes: a name with '/' is
 * used as is; otherwise each PATH entry in turn, an empty entry meaning
 * the current directory; ENOEXEC files run through /bin/sh), execl and
 * execlp (argument lists copied into an array on the stack).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* a file the kernel does not know how to run: hand it to the shell */
static void exec_script(const char *path, char *const argv[], char *const envp[])
{
	size_t argc = 0;

	while (argv[argc])
		argc++;
	{
		char *sh_argv[argc + 2];
		sh_argv[0] = "sh";
		sh_argv[1] = (char *)path;
		for (size_t i = 1; i <= argc; i++)
			sh_argv[i + 1] = argv[i];
		execve("/bin/sh", sh_argv, envp);
	}
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	const char *path = getenv("PATH"), *p;
	size_t flen = strlen(file);
	int saw_eacces = 0;

	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/')) {
		execve(file, argv, envp);
		if (errno == ENOEXEC)
			exec_script(file, argv, envp);
		return -1;
	}
	if (!path)
		path = "/bin:/usr/bin";
	if (flen > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = path;; p++) {
		const char *end = strchrnul(p, ':');
		size_t dlen = (size_t)(end - p);
		char buf[PATH_MAX];

		if (dlen + flen + 2 <= sizeof(buf)) {
			memcpy(buf, p, dlen);
			buf[dlen] = '/';
			memcpy(buf + dlen + (dlen ? 1 : 0), file, flen + 1);
			execve(buf, argv, envp);
			switch (errno) {
			case EACCES:
				saw_eacces = 1;
				break;
			case ENOENT:
			case ENOTDIR:
			case ENAMETOOLONG:
				break;
			case ENOEXEC:
				exec_script(buf, argv, envp);
				return -1;
			default:
				return -1;
			}
		}
		if (!*end)
			break;
		p = end;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}

int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/* the argument list of execl/execlp, up to the NULL, into argv */
#define COLLECT_ARGS(first, argv)                                   \
	size_t argc_ = 1;                                           \
	va_list ap_;                                                \
	va_start(ap_, first);                                       \
	while (va_arg(ap_, char *))                                 \
		argc_++;                                            \
	va_end(ap_);                                                \
	char *argv[argc_ + 1];                                      \
	argv[0] = (char *)(first);                                  \
	va_start(ap_, first);                                       \
	for (size_t i_ = 1; i_ <= argc_; i_++)                      \
		argv[i_] = va_arg(ap_, char *);                     \
	va_end(ap_)

int execl(const char *path, const char *arg, ...)
{
	COLLECT_ARGS(arg, argv);
	return execve(path, argv, environ);
}

int execlp(const char *file, const char *arg, ...)
{
	COLLECT_ARGS(arg, argv);
	return execvp(file, argv);
}
