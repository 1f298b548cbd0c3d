/*
 * user/grep/grep.h - what grep's two files share: the pattern matcher
 * (regex.c) and the helpers that end grep on trouble.
 */
#ifndef USER_GREP_GREP_H
#define USER_GREP_GREP_H

#include <stddef.h>

/* "grep: MSG" on stderr (stdout flushed first), exit status 2 */
_Noreturn void grep_die(const char *msg);
/* malloc and realloc that end grep ("memory exhausted") rather than fail */
void *grep_xmalloc(size_t n);
void *grep_xrealloc(void *p, size_t n);

enum re_syntax { RE_BASIC, RE_EXTENDED, RE_FIXED };	/* -G, -E, -F */

#define RE_ICASE 0x1	/* -i */
#define RE_WORD  0x2	/* -w: whole words */
#define RE_LINE  0x4	/* -x: whole lines */

/*
 * re_init, then re_add for each pattern (a bad one ends grep with GNU's
 * message), then re_done; then the matching calls, on lines without
 * their newline.
 */
void re_init(int flags);
void re_add(const char *pat, size_t len, enum re_syntax syntax);
void re_done(void);

/* Does the line match (-w, -x honoured)? */
int re_line_matches(const unsigned char *s, size_t n);
/* The next match starting at or after from: leftmost, then longest; 1, or 0 if none. */
int re_next_match(const unsigned char *s, size_t n, size_t from, size_t *ms, size_t *me);

#endif /* USER_GREP_GREP_H */
