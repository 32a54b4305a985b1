// The state behind archive_news::Bundle, shared by the reader, the verifier and the signer.
#ifndef ARCHIVE_NEWS_CORE_READ_BUNDLE_IMPL_H_
#define ARCHIVE_NEWS_CORE_READ_BUNDLE_IMPL_H_

#include <archive_news/reader.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/common/container.h"
#include "core/common/message_view.h"
#include "core/read/decompression.h"
#include "newsarc.capnp.h"
#include "util/file_io.h"

namespace archive_news {

struct Bundle::Impl {
  std::string name;
  ReaderOptions options;
  std::unique_ptr<internal::MappedFile> mapping;  // null when reading a caller's buffer
  std::span<const std::uint8_t> file;
  internal::Header header;
  internal::Footer footer;
  // A copy of the manifest, made once at open, only when a caller's buffer leaves it unaligned:
  // Cap'n Proto reads words in place, and copying per call would make listing quadratic.
  std::vector<std::uint64_t> alignedManifest;

  std::span<const std::uint8_t> manifestBytes() const {
    if (!alignedManifest.empty()) {
      return {reinterpret_cast<const std::uint8_t*>(alignedManifest.data()), footer.manifestSize};
    }
    return file.subspan(footer.manifestOffset, footer.manifestSize);
  }
  std::span<const std::uint8_t> signatureBytes() const {
    return file.subspan(footer.signaturesOffset, footer.signaturesSize);
  }

  // Runs fn with the manifest's root, read afresh: each call has its own Cap'n Proto traversal
  // budget, so concurrent calls share no mutable state. Cap'n Proto errors become Error.
  template <typename Fn>
  auto withManifest(Fn&& fn) const {
    internal::MessageView view(manifestBytes(), name, footer.manifestOffset, options, "manifest");
    return internal::guardCapnp(name, footer.manifestOffset, "manifest",
                                [&] { return fn(view.root<schema::Manifest>()); });
  }

  // The stored bytes of a blob, after checking they lie inside the data region.
  std::span<const std::uint8_t> storedBytes(schema::Blob::Reader blob, std::uint32_t index) const;

  // Decodes a blob in pieces to sink, checking its size and digest. Returns "" or what is wrong.
  // Takes the blob list rather than the manifest: fetching the list again for every blob would
  // charge its whole size to the traversal budget each time.
  std::string decodeBlob(capnp::List<schema::Blob>::Reader blobs, std::uint32_t index,
                         const std::function<void(std::span<const std::uint8_t>)>& sink) const;

  // The dictionary in blob `index`, digested once per bundle and shared by every thread:
  // digesting it for each small record would cost more than decoding the record. A digested
  // dictionary refers to the bytes of `file`, so these members come after `mapping`, to be
  // destroyed before it.
  const internal::DecompressionDictionary& dictionary(std::uint32_t index,
                                                      std::span<const std::uint8_t> bytes) const;
  mutable std::mutex dictionariesMutex;
  mutable std::map<std::uint32_t, std::unique_ptr<internal::DecompressionDictionary>> dictionaries;

  // The article in a record's decoded bytes, read under the limits; its uri must be `id`.
  Article parseRecord(std::span<const std::uint8_t> bytes, const std::string& id,
                      std::uint32_t record) const;
  // The article of an index entry: its record blob decoded under the limits, then parsed.
  Article readArticle(const ArticleSummary& entry) const;
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
