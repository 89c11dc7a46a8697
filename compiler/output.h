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
 * already held exactly these bytes, -1 on failure (errno set; nothing is left behind).
 * Only a regular file is ever replaced: a FIFO, a device, a folder or a symbolic link at
 * `path` is an error (errno EEXIST), never opened or written through.
 *
 * The temporary file is ".NAME.PID.XXXXXX" beside NAME; one that a killed run left (its
 * process is gone) is removed by the next write of NAME, as is the ".NAME.XXXXXX" of
 * attrc versions before 0.2. */
int write_file_atomic(const char *path, const char *data, size_t n);

/* strerror(err), with the text of write_file_atomic's EEXIST. */
const char *output_strerror(int err);

#endif
