/* An LD_PRELOAD shim for the crash-safety tests (tests/faults/crash_test.sh), built only for the
 * tests and never linked into newsarc. It counts the calls by which a process changes files
 * (write, pwrite, writev, copy_file_range on regular files; fsync, fdatasync, rename, link, unlink)
 * and, when NEWSARC_KILL_AT=N is set, kills the process with SIGKILL just before the Nth, as a
 * power cut or `kill -9` would. With NEWSARC_KILL_COUNT=FILE set, the number of such calls is
 * written to FILE at exit, so that a test can loop N over every point of a run.
 *
 * Killing *before* the call covers every state the file system can be left in: "nothing of this
 * call happened" at point N is "everything up to call N-1 happened". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_long calls;

static long killAt(void) {
  static long at = -1;
  if (at < 0) {
    const char* text = getenv("NEWSARC_KILL_AT");
    at = text != NULL ? atol(text) : 0;
  }
  return at;
}

static void point(void) {
  const long n = atomic_fetch_add(&calls, 1) + 1;
  if (n == killAt()) raise(SIGKILL);
}

/* Writes to pipes and terminals (progress, messages) are not file changes. */
static void writePoint(int fd) {
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) point();
}

/* Declares next_NAME, the definition of NAME this shim hides (libc's). dlsym returns an object
 * pointer, which ISO C may not cast to a function pointer; POSIX lets its bytes be copied. */
#define FIND_NEXT(name)                               \
  __typeof__(&name) next_##name;                      \
  do {                                                \
    void* found = dlsym(RTLD_NEXT, #name);            \
    memcpy(&next_##name, &found, sizeof next_##name); \
  } while (0)

ssize_t write(int fd, const void* buffer, size_t length) {
  writePoint(fd);
  FIND_NEXT(write);
  return next_write(fd, buffer, length);
}

ssize_t pwrite(int fd, const void* buffer, size_t length, off_t offset) {
  writePoint(fd);
  FIND_NEXT(pwrite);
  return next_pwrite(fd, buffer, length, offset);
}

ssize_t pwrite64(int fd, const void* buffer, size_t length, off64_t offset) {
  writePoint(fd);
  FIND_NEXT(pwrite64);
  return next_pwrite64(fd, buffer, length, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  writePoint(fd);
  FIND_NEXT(writev);
  return next_writev(fd, iov, count);
}

ssize_t copy_file_range(int in, off64_t* inOffset, int out, off64_t* outOffset, size_t length,
                        unsigned int flags) {
  writePoint(out);
  FIND_NEXT(copy_file_range);
  return next_copy_file_range(in, inOffset, out, outOffset, length, flags);
}

int fsync(int fd) {
  point();
  FIND_NEXT(fsync);
  return next_fsync(fd);
}

int fdatasync(int fd) {
  point();
  FIND_NEXT(fdatasync);
  return next_fdatasync(fd);
}

int rename(const char* from, const char* to) {
  point();
  FIND_NEXT(rename);
  return next_rename(from, to);
}

int link(const char* from, const char* to) {
  point();
  FIND_NEXT(link);
  return next_link(from, to);
}

int unlink(const char* path) {
  point();
  FIND_NEXT(unlink);
  return next_unlink(path);
}

__attribute__((destructor)) static void reportCount(void) {
  const char* path = getenv("NEWSARC_KILL_COUNT");
  if (path == NULL) return;
  FILE* out = fopen(path, "w");
  if (out == NULL) return;
  fprintf(out, "%ld\n", (long)atomic_load(&calls));
  fclose(out);
}
