// The state behind archive_news::Bundle, shared by the reader, the verifier and the signer.
#ifndef ARCHIVE_NEWS_CORE_READ_BUNDLE_IMPL_H_
#define ARCHIVE_NEWS_CORE_READ_BUNDLE_IMPL_H_

#include <archive_news/reader.h>

#include <memory>
#include <span>
#include <string>

#include "core/read/bundle_reader.h"
#include "core/read/range_mirror.h"
#include "util/file_io.h"

namespace archive_news {

struct Bundle::Impl {
  // The file a path named, to open again (openSearchIndex): null for a caller's buffer or a
  // remote source; shared with the Bundles of its earlier states.
  std::shared_ptr<const internal::FileIdentity> origin;
  // The remote mirror's file, which holds the bytes at their offsets; -1 otherwise. Owned by the
  // mirror of this Bundle or of the one whose earlier state this is.
  int mirrorDescriptor = -1;
  std::string name;
  ReaderOptions options;
  std::unique_ptr<internal::MappedFile> mapping;  // null when reading a caller's buffer
  std::unique_ptr<internal::RangeMirror> mirror;  // set when reading a RangeSource
  std::span<const std::uint8_t> file;
  // Refers to `file` and `name`: declared after them, destroyed before them.
  std::unique_ptr<internal::BundleReader> reader;
};

namespace internal {
// The core's way into a bundle's parts (verifier, signing, zero-copy reads): Bundle::Impl stays
// out of the public API.
struct BundleAccess {
  static const Bundle::Impl& of(const Bundle& bundle) { return *bundle.impl_; }
};
}  // namespace internal

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_CORE_READ_BUNDLE_IMPL_H_
