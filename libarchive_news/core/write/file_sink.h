// The sink BundleWriter::create() writes a bundle file through.
#ifndef ARCHIVE_NEWS_CORE_WRITE_FILE_SINK_H_
#define ARCHIVE_NEWS_CORE_WRITE_FILE_SINK_H_

#include <archive_news/writer.h>

#include <cstddef>
#include <filesystem>
#include <memory>

namespace archive_news::internal {

// An AtomicFile written by a thread of its own. Bytes are staged in two blocks of `blockSize` (a
// multiple of 4096): while the thread writes one, the caller fills the other, so the caller's
// thread, which also hashes, compresses and places blobs, waits for the disk only when the disk
// is the slower of the two. Whole blocks are written with O_DIRECT on ext4 and XFS: the disk
// reads them from the block, so the bundle is neither copied into the page cache (pushing out
// what else is cached: a bundle may be larger than memory) nor left there to write back at the
// final fsync(). An error of the thread is thrown by the next write() or close().
std::unique_ptr<ByteSink> makeFileSink(const std::filesystem::path& path, bool overwrite,
                                       std::size_t blockSize = std::size_t{4} << 20);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_FILE_SINK_H_
