// libarchive, loaded on first use, for the statically linked newsarc (CMakeLists.txt, "The tool").
//
// libarchive brings libxml2 and ICU with it: mapping and relocating them took more of every run of
// newsarc than listing a bundle does, yet only pack (from a tar or zip) and extract (to a tar or
// zip) call libarchive. These definitions of the functions the library calls take the place of
// libarchive's at link time; the first call opens the shared libarchive and each forwards to the
// real function. The parameter lists are checked against <archive.h> by the compiler.
#include <archive.h>
#include <archive_entry.h>

#include "on_demand_library.h"

#ifndef LIBARCHIVE_SONAME
#error "LIBARCHIVE_SONAME names the shared libarchive to load (CMakeLists.txt sets it)"
#endif

namespace {

void* libarchive() {
  static void* const handle = newsarc_static::openLibrary(
      LIBARCHIVE_SONAME, "reading and writing tar and zip archives need it");
  return handle;
}

template <typename Fn>
Fn* resolve(const char* name) {
  return newsarc_static::findFunction<Fn>(libarchive(), LIBARCHIVE_SONAME, name);
}

}  // namespace

FORWARD(struct archive*, archive_read_new, (void), ())
FORWARD(int, archive_read_free, (struct archive * a), (a))
FORWARD(int, archive_read_support_filter_all, (struct archive * a), (a))
FORWARD(int, archive_read_support_format_tar, (struct archive * a), (a))
FORWARD(int, archive_read_support_format_gnutar, (struct archive * a), (a))
FORWARD(int, archive_read_support_format_zip, (struct archive * a), (a))
FORWARD(int, archive_read_support_format_empty, (struct archive * a), (a))
FORWARD(int, archive_read_open_fd, (struct archive * a, int fd, size_t block), (a, fd, block))
FORWARD(int, archive_read_next_header, (struct archive * a, struct archive_entry** entry),
        (a, entry))
FORWARD(la_ssize_t, archive_read_data, (struct archive * a, void* buffer, size_t size),
        (a, buffer, size))
FORWARD(const char*, archive_error_string, (struct archive * a), (a))
FORWARD(struct archive*, archive_write_new, (void), ())
FORWARD(int, archive_write_free, (struct archive * a), (a))
FORWARD(int, archive_write_set_format_zip, (struct archive * a), (a))
FORWARD(int, archive_write_set_format_pax_restricted, (struct archive * a), (a))
FORWARD(int, archive_write_set_format_option,
        (struct archive * a, const char* module, const char* option, const char* value),
        (a, module, option, value))
FORWARD(int, archive_write_add_filter_gzip, (struct archive * a), (a))
FORWARD(int, archive_write_add_filter_zstd, (struct archive * a), (a))
FORWARD(int, archive_write_set_bytes_in_last_block, (struct archive * a, int bytes), (a, bytes))
FORWARD(int, archive_write_open2,
        (struct archive * a, void* data, archive_open_callback* open, archive_write_callback* write,
         archive_close_callback* close, archive_free_callback* free),
        (a, data, open, write, close, free))
FORWARD(int, archive_write_header, (struct archive * a, struct archive_entry* entry), (a, entry))
FORWARD(la_ssize_t, archive_write_data, (struct archive * a, const void* data, size_t size),
        (a, data, size))
FORWARD(int, archive_write_close, (struct archive * a), (a))
FORWARD(struct archive_entry*, archive_entry_new, (void), ())
FORWARD(void, archive_entry_free, (struct archive_entry * entry), (entry))
FORWARD(__LA_MODE_T, archive_entry_filetype, (struct archive_entry * entry), (entry))
FORWARD(const char*, archive_entry_hardlink, (struct archive_entry * entry), (entry))
FORWARD(const char*, archive_entry_pathname, (struct archive_entry * entry), (entry))
FORWARD(const char*, archive_entry_pathname_utf8, (struct archive_entry * entry), (entry))
FORWARD(void, archive_entry_set_filetype, (struct archive_entry * entry, unsigned int type),
        (entry, type))
FORWARD(void, archive_entry_set_mtime, (struct archive_entry * entry, time_t seconds, long nanos),
        (entry, seconds, nanos))
FORWARD(void, archive_entry_set_pathname_utf8, (struct archive_entry * entry, const char* name),
        (entry, name))
FORWARD(void, archive_entry_set_perm, (struct archive_entry * entry, __LA_MODE_T mode),
        (entry, mode))
FORWARD(void, archive_entry_set_size, (struct archive_entry * entry, la_int64_t size),
        (entry, size))
