/*
 * libc/src/crt/crt1.c - _start, the first instruction of every program
 * (this file becomes crt1.o, linked first by tools/lom-cc).
 *
 * The kernel enters with rsp pointing at argc, then argv[], NULL,
 * envp[], NULL and the auxiliary vector.  _start only has to clear the
 * frame pointer (the end of every backtrace), hand that address to C and
 * align the stack; __libc_start_main does the rest.  This is the one
 * place C cannot reach rsp before the compiler touches it, hence the
 * few lines of assembly.
 */
int main(int argc, char **argv, char **envp);
_Noreturn void __libc_start_main(int (*main)(int, char **, char **), long *sp);

__asm__(".text\n"
	".global _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rsi\n"		/* sp: argc */
	"	lea main(%rip), %rdi\n"
	"	and $-16, %rsp\n"
	"	call __libc_start_main\n"
	"	hlt\n"
	".size _start, . - _start\n");
