#include <archive_news/error.h>
#include <archive_news/reader.h>

#include <algorithm>
#include <cstring>

#include "core/common/capnp_text.h"
#include "core/common/sha256.h"
#include "core/read/bundle_impl.h"
#include "core/read/capnp_decode.h"
#include "core/read/decompression.h"
#include "core/signature/signature_section.h"

namespace archive_news {
namespace {

constexpr std::size_t kChunkSize = 256 << 10;

std::optional<std::string> optionalText(bool has, capnp::Text::Reader text) {
  if (!has) return std::nullopt;
  return internal::toString(text);
}

int compareId(capnp::Text::Reader a, std::string_view b) {
  std::size_t n = std::min<std::size_t>(a.size(), b.size());
  int c = std::memcmp(a.begin(), b.data(), n);
  if (c != 0) return c;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

const char* blobKindName(schema::BlobKind kind) {
  switch (kind) {
    case schema::BlobKind::CONTENT:
      return "content";
    case schema::BlobKind::ARTICLE_RECORD:
      return "articleRecord";
    case schema::BlobKind::SCHEMA:
      return "schema";
    case schema::BlobKind::DICTIONARY:
      return "dictionary";
  }
  return "unknown";
}

std::unique_ptr<Bundle::Impl> openImpl(std::unique_ptr<internal::MappedFile> mapping,
                                       std::span<const std::uint8_t> file, std::string name,
                                       const ReaderOptions& options) {
  auto impl = std::make_unique<Bundle::Impl>();
  impl->name = std::move(name);
  impl->options = options;
  impl->mapping = std::move(mapping);
  impl->file = file;
  impl->header = internal::decodeHeader(file, impl->name);
  impl->footer = internal::decodeFooter(file, impl->header, impl->name);
  const internal::Footer& f = impl->footer;
  if (f.manifestSize > options.maxManifestSize) {
    throw Error(ErrorCode::kLimitExceeded, impl->name, f.manifestOffset,
                "manifest of " + std::to_string(f.manifestSize) +
                    " bytes exceeds ReaderOptions::maxManifestSize (" +
                    std::to_string(options.maxManifestSize) + ")");
  }
  if (f.signaturesSize > options.maxSignatureSectionSize) {
    throw Error(ErrorCode::kLimitExceeded, impl->name, f.signaturesOffset,
                "signature section of " + std::to_string(f.signaturesSize) +
                    " bytes exceeds ReaderOptions::maxSignatureSectionSize (" +
                    std::to_string(options.maxSignatureSectionSize) + ")");
  }
  if (reinterpret_cast<std::uintptr_t>(file.data() + f.manifestOffset) % 8 != 0) {
    impl->alignedManifest.resize(f.manifestSize / 8);
    std::memcpy(impl->alignedManifest.data(), file.data() + f.manifestOffset, f.manifestSize);
  }
  impl->withManifest([&](schema::Manifest::Reader m) {
    if (m.getFormatMajor() != impl->header.major || m.getFormatMinor() != impl->header.minor) {
      throw Error(ErrorCode::kCorruption, impl->name, f.manifestOffset,
                  "manifest says format " + std::to_string(m.getFormatMajor()) + "." +
                      std::to_string(m.getFormatMinor()) + "; header says " +
                      std::to_string(impl->header.major) + "." +
                      std::to_string(impl->header.minor));
    }
    if (m.getDigestAlgorithm() != schema::DigestAlgorithm::SHA256) {
      throw Error(ErrorCode::kUnsupported, impl->name, f.manifestOffset,
                  "manifest digest algorithm " +
                      std::to_string(static_cast<unsigned>(m.getDigestAlgorithm())) +
                      "; this reader supports sha256");
    }
    return 0;
  });
  return impl;
}

}  // namespace

std::span<const std::uint8_t> Bundle::Impl::storedBytes(schema::Blob::Reader blob,
                                                        std::uint32_t index) const {
  const std::uint64_t offset = blob.getOffset();
  const std::uint64_t size = blob.getStoredSize();
  const std::uint64_t end = footer.manifestOffset;
  if (offset < internal::kHeaderSize || offset > end || size > end - offset) {
    throw Error(ErrorCode::kCorruption, name, offset,
                "blob " + std::to_string(index) + " of " + std::to_string(size) +
                    " bytes lies outside the data region [" +
                    std::to_string(internal::kHeaderSize) + ", " + std::to_string(end) + ")");
  }
  return file.subspan(offset, size);
}

std::string Bundle::Impl::decodeBlob(
    capnp::List<schema::Blob>::Reader blobs, std::uint32_t index,
    const std::function<void(std::span<const std::uint8_t>)>& sink) const {
  if (index >= blobs.size()) {
    return "blob index " + std::to_string(index) + " is out of range (" +
           std::to_string(blobs.size()) + " blobs)";
  }
  auto blob = blobs[index];
  std::span<const std::uint8_t> stored = storedBytes(blob, index);
  internal::Sha256 hash;
  auto hashAndSink = [&](std::span<const std::uint8_t> piece) {
    hash.update(piece);
    sink(piece);
  };
  switch (blob.getCompression()) {
    case schema::Compression::NONE:
      if (blob.getRawSize() != stored.size()) {
        return "raw size " + std::to_string(blob.getRawSize()) + " differs from stored size " +
               std::to_string(stored.size()) + " of an uncompressed blob";
      }
      for (std::size_t at = 0; at < stored.size(); at += kChunkSize) {
        hashAndSink(stored.subspan(at, std::min(kChunkSize, stored.size() - at)));
      }
      break;
    case schema::Compression::ZSTD: {
      const internal::DecompressionDictionary* dictionary = nullptr;
      if (std::uint32_t d = blob.getDictionary(); d != kNoBlob) {
        if (d >= blobs.size() || blobs[d].getCompression() != schema::Compression::NONE) {
          return "dictionary " + std::to_string(d) + " is not an uncompressed blob of this bundle";
        }
        dictionary = &this->dictionary(d, storedBytes(blobs[d], d));
      }
      thread_local internal::Decompressor decompressor;
      std::string problem = decompressor.decompress(
          stored, dictionary, {blob.getRawSize(), options.maxWindowLog}, kChunkSize, hashAndSink);
      if (!problem.empty()) return problem;
      break;
    }
    default:
      throw Error(ErrorCode::kUnsupported, name, blob.getOffset(),
                  "blob " + std::to_string(index) + ": compression " +
                      std::to_string(static_cast<unsigned>(blob.getCompression())) +
                      " is unknown to this reader (format " +
                      std::to_string(internal::kFormatMajor) + "." +
                      std::to_string(internal::kFormatMinor) + ")");
  }
  Digest digest = hash.finish();
  auto expected = blob.getDigest();
  if (expected.size() != digest.size() ||
      std::memcmp(expected.begin(), digest.data(), digest.size()) != 0) {
    return "content digest " + internal::hex(digest) + " differs from the recorded " +
           internal::hex({expected.begin(), expected.size()});
  }
  return {};
}

const internal::DecompressionDictionary& Bundle::Impl::dictionary(
    std::uint32_t index, std::span<const std::uint8_t> bytes) const {
  std::lock_guard lock(dictionariesMutex);
  auto& digested = dictionaries[index];
  if (!digested) digested = std::make_unique<internal::DecompressionDictionary>(bytes);
  return *digested;
}

Article Bundle::Impl::parseRecord(std::span<const std::uint8_t> bytes, const std::string& id,
                                  std::uint32_t record) const {
  const std::string what = "article record";
  internal::MessageView view(bytes, name, 0, options, what);
  Article article;
  try {
    article = internal::guardCapnp(
        name, 0, what, [&] { return internal::readArticle(view.root<schema::Article>()); });
  } catch (const Error& e) {
    if (!e.file().empty()) throw;
    throw Error(e.code(), name, std::nullopt, what + ": " + e.reason());
  }
  if (article.uri != id) {
    throw Error(ErrorCode::kCorruption, name, std::nullopt,
                "article record " + std::to_string(record) + " has uri '" + article.uri +
                    "'; the manifest's index says '" + id + "'");
  }
  return article;
}

Bundle::Bundle(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Bundle::Bundle(Bundle&&) noexcept = default;
Bundle& Bundle::operator=(Bundle&&) noexcept = default;
Bundle::~Bundle() = default;

Bundle Bundle::open(const std::filesystem::path& path, const ReaderOptions& options) {
  auto mapping = std::make_unique<internal::MappedFile>(path);
  std::span<const std::uint8_t> bytes = mapping->bytes();
  return Bundle(openImpl(std::move(mapping), bytes, path.string(), options));
}

Bundle Bundle::fromMemory(std::span<const std::uint8_t> bytes, std::string name,
                          const ReaderOptions& options) {
  return Bundle(openImpl(nullptr, bytes, std::move(name), options));
}

const std::string& Bundle::name() const noexcept { return impl_->name; }

BundleInfo Bundle::info() const {
  return impl_->withManifest([&](schema::Manifest::Reader m) {
    BundleInfo info;
    info.formatMajor = m.getFormatMajor();
    info.formatMinor = m.getFormatMinor();
    info.bundleId = internal::toString(m.getBundleId());
    info.title = optionalText(m.hasTitle(), m.getTitle());
    info.description = optionalText(m.hasDescription(), m.getDescription());
    info.creatorTool = internal::toString(m.getCreatorTool());
    info.created = internal::toString(m.getCreated());
    info.digestAlgorithm = "sha256";
    info.articleCount = m.getArticles().size();
    info.blobCount = m.getBlobs().size();
    for (auto blob : m.getBlobs()) {
      info.rawBytes += blob.getRawSize();
      info.storedBytes += blob.getStoredSize();
    }
    info.fileSize = impl_->file.size();
    for (auto kv : m.getExtra()) {
      info.extra.push_back({internal::toString(kv.getKey()), internal::toString(kv.getValue())});
    }
    return info;
  });
}

std::size_t Bundle::articleCount() const {
  return impl_->withManifest([](schema::Manifest::Reader m) { return m.getArticles().size(); });
}

ArticleSummary Bundle::summary(std::size_t index) const {
  return impl_->withManifest([&](schema::Manifest::Reader m) {
    auto articles = m.getArticles();
    if (index >= articles.size()) {
      throw Error(ErrorCode::kNotFound, impl_->name, std::nullopt,
                  "article index " + std::to_string(index) + " out of range (" +
                      std::to_string(articles.size()) + " articles)");
    }
    auto e = articles[index];
    ArticleSummary s;
    s.id = internal::toString(e.getId());
    s.headline = internal::toString(e.getHeadline());
    s.firstcreated = optionalText(e.hasFirstcreated(), e.getFirstcreated());
    s.versioncreated = optionalText(e.hasVersioncreated(), e.getVersioncreated());
    for (auto name : e.getBylines()) s.bylines.push_back(internal::toString(name));
    s.imageCount = e.getImageCount();
    s.attachmentCount = e.getAttachmentCount();
    s.contentSize = e.getContentSize();
    s.record = e.getRecord();
    return s;
  });
}

std::optional<std::size_t> Bundle::find(std::string_view id) const {
  return impl_->withManifest([&](schema::Manifest::Reader m) -> std::optional<std::size_t> {
    auto articles = m.getArticles();
    std::size_t low = 0;
    std::size_t high = articles.size();
    while (low < high) {
      std::size_t mid = low + (high - low) / 2;
      int c = compareId(articles[mid].getId(), id);
      if (c == 0) return mid;
      if (c < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return std::nullopt;
  });
}

Article Bundle::article(std::size_t index) const {
  ArticleSummary s = summary(index);
  try {
    return impl_->readArticle(s);
  } catch (const Error& error) {
    throw inArticle(error, s.id);
  }
}

Article Bundle::Impl::readArticle(const ArticleSummary& s) const {
  std::vector<std::uint8_t> bytes = withManifest([&](schema::Manifest::Reader m) {
    auto blobs = m.getBlobs();
    if (s.record >= blobs.size()) {
      throw Error(ErrorCode::kCorruption, name, footer.manifestOffset,
                  "record blob " + std::to_string(s.record) + " is out of range (" +
                      std::to_string(blobs.size()) + " blobs)");
    }
    std::uint64_t rawSize = blobs[s.record].getRawSize();
    if (rawSize > options.maxRecordSize) {
      throw Error(ErrorCode::kLimitExceeded, name, blobs[s.record].getOffset(),
                  "record blob " + std::to_string(s.record) + " of " + std::to_string(rawSize) +
                      " bytes exceeds ReaderOptions::maxRecordSize (" +
                      std::to_string(options.maxRecordSize) + ")");
    }
    std::vector<std::uint8_t> out;
    out.reserve(rawSize);  // checked against the limit: one allocation, not a doubling series
    std::string problem = decodeBlob(blobs, s.record, [&](std::span<const std::uint8_t> p) {
      out.insert(out.end(), p.begin(), p.end());
    });
    if (!problem.empty()) {
      throw Error(ErrorCode::kCorruption, name, blobs[s.record].getOffset(),
                  "record blob " + std::to_string(s.record) + ": " + problem);
    }
    return out;
  });
  return parseRecord(bytes, s.id, s.record);
}

Article Bundle::article(std::string_view id) const {
  std::optional<std::size_t> index = find(id);
  if (!index) {
    throw Error(ErrorCode::kNotFound, impl_->name, std::nullopt,
                "no article with id '" + std::string(id) + "'");
  }
  return article(*index);
}

std::size_t Bundle::blobCount() const {
  return impl_->withManifest([](schema::Manifest::Reader m) { return m.getBlobs().size(); });
}

BlobInfo Bundle::blob(std::uint32_t index) const {
  return impl_->withManifest([&](schema::Manifest::Reader m) {
    auto blobs = m.getBlobs();
    if (index >= blobs.size()) {
      throw Error(ErrorCode::kNotFound, impl_->name, std::nullopt,
                  "blob index " + std::to_string(index) + " out of range");
    }
    auto b = blobs[index];
    BlobInfo info;
    auto digest = b.getDigest();
    // std::copy_n, not memcpy: an absent digest has a null begin(), which memcpy must not get
    // even for zero bytes (found by fuzzing, under UBSan).
    std::copy_n(digest.begin(), std::min(digest.size(), info.digest.size()), info.digest.begin());
    info.offset = b.getOffset();
    info.storedSize = b.getStoredSize();
    info.rawSize = b.getRawSize();
    info.compressed = b.getCompression() != schema::Compression::NONE;
    info.dictionary = b.getDictionary();
    info.mediaType = internal::toString(b.getMediaType());
    info.kind = blobKindName(b.getKind());
    return info;
  });
}

namespace {

// Decodes the blob `content` refers to into sink, after checking the reference is the blob's.
// Returns the blob. Error(kCorruption) when the reference or the blob's bytes are wrong.
schema::Blob::Reader readContent(const Bundle::Impl& impl, capnp::List<schema::Blob>::Reader blobs,
                                 const ContentRef& content,
                                 const std::function<void(std::span<const std::uint8_t>)>& sink) {
  if (content.blob >= blobs.size()) {
    throw Error(ErrorCode::kCorruption, impl.name, std::nullopt,
                "content reference to blob " + std::to_string(content.blob) + ", out of range (" +
                    std::to_string(blobs.size()) + " blobs)");
  }
  auto blob = blobs[content.blob];
  auto digest = blob.getDigest();
  if (blob.getRawSize() != content.size || digest.size() != content.digest.size() ||
      std::memcmp(digest.begin(), content.digest.data(), digest.size()) != 0) {
    throw Error(ErrorCode::kCorruption, impl.name, blob.getOffset(),
                "content reference to blob " + std::to_string(content.blob) + " names digest " +
                    internal::hex(content.digest) + ", which is not the blob's");
  }
  std::string problem = impl.decodeBlob(blobs, content.blob, sink);
  if (!problem.empty()) {
    throw Error(ErrorCode::kCorruption, impl.name, blob.getOffset(),
                "blob " + std::to_string(content.blob) + ": " + problem);
  }
  return blob;
}

}  // namespace

void Bundle::read(const ContentRef& content,
                  const std::function<void(std::span<const std::uint8_t>)>& sink) const {
  impl_->withManifest([&](schema::Manifest::Reader m) {
    readContent(*impl_, m.getBlobs(), content, sink);
    return 0;
  });
}

std::optional<std::span<const std::uint8_t>> Bundle::storedBytes(const ContentRef& content) const {
  const Impl& impl = *impl_;
  return impl.withManifest(
      [&](schema::Manifest::Reader m) -> std::optional<std::span<const std::uint8_t>> {
        auto blobs = m.getBlobs();
        if (content.blob < blobs.size() &&
            blobs[content.blob].getCompression() != schema::Compression::NONE) {
          return std::nullopt;
        }
        auto blob = readContent(impl, blobs, content, [](std::span<const std::uint8_t>) {});
        return impl.storedBytes(blob, content.blob);
      });
}

std::vector<std::uint8_t> Bundle::read(const ContentRef& content) const {
  if (content.size > impl_->options.maxBlobSize) {
    throw Error(ErrorCode::kLimitExceeded, impl_->name, std::nullopt,
                "blob of " + std::to_string(content.size) +
                    " bytes exceeds ReaderOptions::maxBlobSize; read it as a stream");
  }
  std::vector<std::uint8_t> out;
  out.reserve(std::min<std::uint64_t>(content.size, kChunkSize * 64));
  read(content,
       [&](std::span<const std::uint8_t> p) { out.insert(out.end(), p.begin(), p.end()); });
  return out;
}

std::vector<Signature> Bundle::signatures() const {
  return internal::decodeSignatureSet(impl_->signatureBytes(), impl_->name,
                                      impl_->footer.signaturesOffset, impl_->options);
}

std::span<const std::uint8_t> Bundle::manifestBytes() const { return impl_->manifestBytes(); }

std::string Bundle::schemaText() const {
  return impl_->withManifest([&](schema::Manifest::Reader m) {
    std::uint32_t index = m.getSchemaBlob();
    std::string text;
    std::string problem =
        impl_->decodeBlob(m.getBlobs(), index, [&](std::span<const std::uint8_t> p) {
          text.append(reinterpret_cast<const char*>(p.data()), p.size());
        });
    if (!problem.empty()) {
      throw Error(ErrorCode::kCorruption, impl_->name, impl_->footer.manifestOffset,
                  "schema blob " + std::to_string(index) + ": " + problem);
    }
    return text;
  });
}

std::span<const std::uint8_t> Bundle::bytes() const { return impl_->file; }

}  // namespace archive_news
