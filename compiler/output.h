/* Writing outputs so that a build can trust them: each file is written to a temporary
 * file beside it and renamed over it, so that a reader never sees half a file and a
 * failed run leaves the previous one whole; a file whose content would not change is
 * left alone, so that its time stamp does not make a build redo work. */
#ifndef ATTRC_OUTPUT_H
#define ATTRC_OUTPUT_H

#include <stddef.h>

/* Creates `dir` and its parents as needed.  Returns 0 or -1 (errno set). */
int mkdir_p(const char *dir);

/* Writes n bytes to `path` as above.  Returns 1 when the file was written, 0 when it
 * already held exactly these bytes, -1 on failure (errno set; nothing is left behind). */
int write_file_atomic(const char *path, const char *data, size_t n);

#endif
