#include <archive_news/error.h>
#include <archive_news/version.h>
#include <archive_news/writer.h>
#include <capnp/message.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "capnp_model.h"
#include "compression.h"
#include "container.h"
#include "file_io.h"
#include "minisign.h"
#include "newsarc.capnp.h"
#include "schema_text.h"
#include "sha256.h"
#include "signature_section.h"
#include "utf8.h"

namespace archive_news {
namespace {

using internal::alignUp;

struct StoredBlob {
  Digest digest{};
  std::uint64_t offset = 0;
  std::uint64_t storedSize = 0;
  std::uint64_t rawSize = 0;
  bool compressed = false;
  std::uint32_t dictionary = kNoBlob;
  Digest storedDigest{};
  std::string mediaType;
  schema::BlobKind kind = schema::BlobKind::CONTENT;
};

struct IndexEntry {
  std::string id;
  std::string headline;
  std::optional<std::string> firstcreated;
  std::optional<std::string> versioncreated;
  std::vector<std::string> bylines;
  std::uint32_t imageCount = 0;
  std::uint32_t attachmentCount = 0;
  std::uint32_t record = kNoBlob;
  std::uint64_t contentSize = 0;
};

struct PendingRecord {
  std::size_t entry;
  std::vector<std::uint8_t> bytes;
};

struct Signer {
  SecretKey key;
  std::string comment;
};

// Bytes to a file through AtomicFile, in pieces of at least 64 KiB.
class FileSink : public ByteSink {
 public:
  FileSink(const std::filesystem::path& path, bool overwrite) : file_(path, overwrite) {}
  void write(std::span<const std::uint8_t> bytes) override {
    if (buffer_.size() + bytes.size() > kBufferSize) flush();
    if (bytes.size() >= kBufferSize) {
      file_.write(bytes);
    } else {
      buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    }
  }
  void close() override {
    flush();
    file_.commit();
  }

 private:
  static constexpr std::size_t kBufferSize = 1 << 16;
  void flush() {
    file_.write(buffer_);
    buffer_.clear();
  }
  internal::AtomicFile file_;
  std::vector<std::uint8_t> buffer_;
};

std::string randomUuidUrn() {
  std::array<std::uint8_t, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4
  b[8] = (b[8] & 0x3f) | 0x80;  // RFC 4122 variant
  std::string h = internal::hex(b);
  return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20);
}

std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Seconds since 1970 of a "YYYY-MM-DDThh:mm:ssZ" time, for the signature timestamp, so that a
// bundle written with a fixed `created` time is byte-for-byte reproducible.
std::optional<std::int64_t> parseUtc(const std::string& text) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return std::nullopt;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
  }
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  std::time_t seconds = timegm(&tm);
  // strptime accepts February 31 and second 60, which timegm rolls over: a time that does not
  // print back as itself does not exist.
  std::tm back{};
  char text2[32];
  gmtime_r(&seconds, &back);
  std::strftime(text2, sizeof text2, "%Y-%m-%dT%H:%M:%SZ", &back);
  if (text != text2) return std::nullopt;
  return static_cast<std::int64_t>(seconds);
}

void requireText(const std::string& value, const std::string& what) {
  std::size_t bad = internal::invalidTextOffset(value);
  if (bad != internal::kValidText) {
    throw Error(ErrorCode::kInvalidArgument, what + ": invalid UTF-8 or NUL at byte " +
                                                 std::to_string(bad) + "; expected UTF-8 text");
  }
}

void requirePrintable(const std::string& value, const std::string& what) {
  requireText(value, what);
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      throw Error(ErrorCode::kInvalidArgument,
                  what + " holds a control character; expected printable text");
    }
  }
}

// The bundle-level fields go into the signed manifest as they are: check them like article text.
void validateOptions(const WriterOptions& o) {
  requirePrintable(*o.bundleId, "bundle id");
  if (o.bundleId->empty()) throw Error(ErrorCode::kInvalidArgument, "bundle id: empty");
  if (o.title) requireText(*o.title, "title");
  if (o.description) requireText(*o.description, "description");
  requireText(*o.creatorTool, "creator tool");
  std::set<std::string> keys;
  for (const KeyValue& kv : o.extra) {
    requireText(kv.key, "extra key");
    requireText(kv.value, "extra value of " + kv.key);
    if (!keys.insert(kv.key).second) {
      throw Error(ErrorCode::kInvalidArgument,
                  "extra key '" + kv.key + "' is used twice; expected unique keys");
    }
  }
  if (!parseUtc(*o.created)) {
    throw Error(
        ErrorCode::kInvalidArgument,
        "created time '" + *o.created + "' is not an RFC 3339 UTC time like 2026-11-28T12:00:00Z");
  }
}

}  // namespace

struct BundleWriter::Impl {
  std::unique_ptr<ByteSink> sink;
  WriterOptions options;
  internal::Compressor compressor;
  std::uint64_t position = 0;
  std::vector<StoredBlob> blobs;
  std::unordered_map<Digest, std::uint32_t, internal::DigestHash> blobByDigest;
  std::vector<IndexEntry> index;
  std::unordered_set<std::string> uris;
  std::vector<PendingRecord> pending;
  std::size_t pendingBytes = 0;
  bool dictionaryDecided = false;
  std::uint32_t dictionary = kNoBlob;
  std::vector<Signer> signers;
  bool finished = false;

  Impl(std::unique_ptr<ByteSink> s, WriterOptions o)
      : sink(std::move(s)), options(std::move(o)), compressor(options.compressionLevel) {
    if (!options.bundleId) options.bundleId = randomUuidUrn();
    if (!options.created) options.created = utcNow();
    if (!options.creatorTool) options.creatorTool = "newsarc " ARCHIVE_NEWS_VERSION_STRING;
    validateOptions(options);
    dictionaryDecided = !options.trainDictionary;
    write(internal::encodeHeader({}));
    storeCompressible(internal::schemaText(), "text/x-capnp; charset=utf-8",
                      schema::BlobKind::SCHEMA);
  }

  void write(std::span<const std::uint8_t> bytes) {
    sink->write(bytes);
    position += bytes.size();
  }

  void padToAlignment() {
    static const std::uint8_t kZeros[internal::kAlignment] = {};
    write({kZeros, static_cast<std::size_t>(alignUp(position) - position)});
  }

  // Appends a blob unless one with the same digest exists; returns its index either way.
  std::uint32_t store(const Digest& digest, std::span<const std::uint8_t> raw,
                      std::span<const std::uint8_t> stored, bool compressed,
                      std::uint32_t dictionaryBlob, std::string_view mediaType,
                      schema::BlobKind kind) {
    if (auto it = blobByDigest.find(digest); it != blobByDigest.end()) return it->second;
    if (blobs.size() >= kNoBlob - 1) {
      throw Error(ErrorCode::kLimitExceeded, "a bundle holds at most 2^32-2 blobs");
    }
    padToAlignment();
    StoredBlob blob;
    blob.digest = digest;
    blob.offset = position;
    blob.storedSize = stored.size();
    blob.rawSize = raw.size();
    blob.compressed = compressed;
    blob.dictionary = dictionaryBlob;
    if (compressed) blob.storedDigest = internal::sha256(stored);
    blob.mediaType = mediaType;
    blob.kind = kind;
    write(stored);
    auto index = static_cast<std::uint32_t>(blobs.size());
    blobs.push_back(std::move(blob));
    blobByDigest.emplace(digest, index);
    return index;
  }

  std::uint32_t storeCompressible(std::span<const std::uint8_t> raw, std::string_view mediaType,
                                  schema::BlobKind kind) {
    Digest digest = internal::sha256(raw);
    if (auto it = blobByDigest.find(digest); it != blobByDigest.end()) return it->second;
    if (!raw.empty() && !internal::isAlreadyCompressed(raw, mediaType)) {
      std::vector<std::uint8_t> frame = compressor.compress(raw);
      // Keep the frame only where it saves at least 1/32 of the bytes: below that, reading the
      // content raw is worth more than the space.
      if (frame.size() + raw.size() / 32 < raw.size()) {
        return store(digest, raw, frame, true, kNoBlob, mediaType, kind);
      }
    }
    return store(digest, raw, raw, false, kNoBlob, mediaType, kind);
  }

  void writeRecord(const PendingRecord& record) {
    Digest digest = internal::sha256(record.bytes);
    std::vector<std::uint8_t> frame = compressor.compressWithDictionary(record.bytes);
    std::uint32_t index;
    if (frame.size() < record.bytes.size()) {
      index = store(digest, record.bytes, frame, true, dictionary, "application/x-capnp",
                    schema::BlobKind::ARTICLE_RECORD);
    } else {
      index = store(digest, record.bytes, record.bytes, false, kNoBlob, "application/x-capnp",
                    schema::BlobKind::ARTICLE_RECORD);
    }
    this->index[record.entry].record = index;
    this->index[record.entry].contentSize += record.bytes.size();
  }

  // Trains the record dictionary from the held-back records, stores it, and writes them.
  void decideDictionary() {
    dictionaryDecided = true;
    constexpr std::size_t kMinSamples = 8;
    constexpr std::size_t kMinSampleBytes = 16 << 10;
    if (pending.size() >= kMinSamples && pendingBytes >= kMinSampleBytes) {
      std::vector<std::vector<std::uint8_t>> samples;
      for (const auto& record : pending) samples.push_back(record.bytes);
      std::size_t maxSize = std::clamp<std::size_t>(pendingBytes / 32, 4 << 10, 64 << 10);
      if (auto trained = internal::trainDictionary(samples, maxSize)) {
        Digest digest = internal::sha256(*trained);
        if (!blobByDigest.contains(digest)) {
          dictionary = store(digest, *trained, *trained, false, kNoBlob,
                             "application/x-zstd-dictionary", schema::BlobKind::DICTIONARY);
          compressor.loadDictionary(*trained);
        }
      }
    }
    for (const auto& record : pending) writeRecord(record);
    pending.clear();
    pendingBytes = 0;
  }

  void checkContentRef(const ContentRef& ref, const std::string& uri, const std::string& field) {
    if (ref.blob >= blobs.size() || blobs[ref.blob].digest != ref.digest ||
        blobs[ref.blob].rawSize != ref.size) {
      throw Error(ErrorCode::kInvalidArgument, uri, std::nullopt,
                  field + ": not a content reference returned by this writer's addContent()");
    }
  }

  void addArticle(const Article& article) {
    if (finished) throw Error(ErrorCode::kInvalidArgument, "addArticle() after finish()");
    validateArticle(article, article.uri);
    if (uris.contains(article.uri)) {
      throw Error(ErrorCode::kInvalidArgument, article.uri, std::nullopt,
                  "uri: another article in this bundle has the same uri; expected unique ids");
    }
    IndexEntry entry{article.uri,
                     article.headline,
                     article.firstcreated,
                     article.versioncreated,
                     {},
                     static_cast<std::uint32_t>(article.images.size()),
                     static_cast<std::uint32_t>(article.attachments.size()),
                     kNoBlob,
                     0};
    for (const auto& b : article.bylines) entry.bylines.push_back(b.name);
    for (std::size_t i = 0; i < article.images.size(); ++i) {
      checkContentRef(article.images[i].content, article.uri,
                      "images[" + std::to_string(i) + "].content");
      entry.contentSize += article.images[i].content.size;
    }
    for (std::size_t i = 0; i < article.attachments.size(); ++i) {
      checkContentRef(article.attachments[i].content, article.uri,
                      "attachments[" + std::to_string(i) + "].content");
      entry.contentSize += article.attachments[i].content.size;
    }
    capnp::MallocMessageBuilder message;
    internal::buildArticle(message.initRoot<schema::Article>(), article);
    PendingRecord record{index.size(), internal::serialize(message)};
    uris.insert(article.uri);
    index.push_back(std::move(entry));
    if (dictionaryDecided) {
      writeRecord(record);
      return;
    }
    pendingBytes += record.bytes.size();
    pending.push_back(std::move(record));
    if (pendingBytes >= options.dictionarySampleBytes) decideDictionary();
  }

  std::vector<std::uint8_t> buildManifest() {
    std::sort(index.begin(), index.end(),
              [](const IndexEntry& a, const IndexEntry& b) { return a.id < b.id; });
    capnp::MallocMessageBuilder message(estimateManifestWords());
    auto m = message.initRoot<schema::Manifest>();
    m.setFormatMajor(internal::kFormatMajor);
    m.setFormatMinor(internal::kFormatMinor);
    m.setBundleId(internal::toText(*options.bundleId));
    if (options.title) m.setTitle(internal::toText(*options.title));
    if (options.description) m.setDescription(internal::toText(*options.description));
    m.setCreatorTool(internal::toText(*options.creatorTool));
    m.setCreated(internal::toText(*options.created));
    m.setDigestAlgorithm(schema::DigestAlgorithm::SHA256);
    buildArticleIndex(m.initArticles(index.size()));
    buildBlobTable(m.initBlobs(blobs.size()));
    m.setSchemaBlob(0);
    auto extra = m.initExtra(options.extra.size());
    for (unsigned i = 0; i < options.extra.size(); ++i) {
      extra[i].setKey(internal::toText(options.extra[i].key));
      extra[i].setValue(internal::toText(options.extra[i].value));
    }
    return internal::serialize(message);
  }

  unsigned estimateManifestWords() const {
    std::size_t bytes = 256 + blobs.size() * 160;
    for (const auto& e : index) {
      bytes += 160 + e.id.size() + e.headline.size() + 64;
      for (const auto& b : e.bylines) bytes += b.size() + 16;
    }
    return static_cast<unsigned>(std::min<std::size_t>(bytes / 8, 1u << 29));
  }

  void buildArticleIndex(capnp::List<schema::ArticleEntry>::Builder out) {
    for (unsigned i = 0; i < index.size(); ++i) {
      const IndexEntry& e = index[i];
      auto entry = out[i];
      entry.setId(internal::toText(e.id));
      entry.setHeadline(internal::toText(e.headline));
      if (e.firstcreated) entry.setFirstcreated(internal::toText(*e.firstcreated));
      if (e.versioncreated) entry.setVersioncreated(internal::toText(*e.versioncreated));
      auto bylines = entry.initBylines(e.bylines.size());
      for (unsigned j = 0; j < e.bylines.size(); ++j)
        bylines.set(j, internal::toText(e.bylines[j]));
      entry.setImageCount(e.imageCount);
      entry.setAttachmentCount(e.attachmentCount);
      entry.setRecord(e.record);
      entry.setContentSize(e.contentSize);
    }
  }

  void buildBlobTable(capnp::List<schema::Blob>::Builder out) {
    for (unsigned i = 0; i < blobs.size(); ++i) {
      const StoredBlob& b = blobs[i];
      auto blob = out[i];
      blob.setDigest(capnp::Data::Reader(b.digest.data(), b.digest.size()));
      blob.setOffset(b.offset);
      blob.setStoredSize(b.storedSize);
      blob.setRawSize(b.rawSize);
      blob.setCompression(b.compressed ? schema::Compression::ZSTD : schema::Compression::NONE);
      blob.setDictionary(b.dictionary);
      if (b.compressed) {
        blob.setStoredDigest(capnp::Data::Reader(b.storedDigest.data(), b.storedDigest.size()));
      }
      blob.setMediaType(internal::toText(b.mediaType));
      blob.setKind(b.kind);
    }
  }

  void finish() {
    if (finished) throw Error(ErrorCode::kInvalidArgument, "finish() called twice");
    if (!dictionaryDecided) decideDictionary();
    finished = true;
    std::vector<std::uint8_t> manifest = buildManifest();
    padToAlignment();
    internal::Footer footer;
    footer.manifestOffset = position;
    footer.manifestSize = manifest.size();
    footer.manifestDigest = internal::sha256(manifest);
    write(manifest);

    std::vector<Signature> signatures;
    std::int64_t signingTime = *parseUtc(*options.created);
    for (const Signer& signer : signers) {
      signatures.push_back(internal::signMessage(
          signer.key, manifest,
          internal::makeTrustedComment(signingTime, *options.bundleId, signer.comment)));
    }
    std::vector<std::uint8_t> section = internal::encodeSignatureSet(signatures);
    footer.signaturesOffset = position;
    footer.signaturesSize = section.size();
    footer.signaturesDigest = internal::sha256(section);
    write(section);
    write(internal::encodeFooter(footer));
    sink->close();
  }
};

BundleWriter BundleWriter::create(const std::filesystem::path& path, WriterOptions options,
                                  bool overwrite) {
  return BundleWriter(std::make_unique<FileSink>(path, overwrite), std::move(options));
}

BundleWriter::BundleWriter(std::unique_ptr<ByteSink> sink, WriterOptions options)
    : impl_(std::make_unique<Impl>(std::move(sink), std::move(options))) {}

BundleWriter::BundleWriter(BundleWriter&&) noexcept = default;
BundleWriter& BundleWriter::operator=(BundleWriter&&) noexcept = default;
BundleWriter::~BundleWriter() = default;

ContentRef BundleWriter::addContent(std::span<const std::uint8_t> bytes,
                                    std::string_view mediaType) {
  if (impl_->finished) throw Error(ErrorCode::kInvalidArgument, "addContent() after finish()");
  std::uint32_t index = impl_->storeCompressible(bytes, mediaType, schema::BlobKind::CONTENT);
  const StoredBlob& blob = impl_->blobs[index];
  return ContentRef{index, blob.digest, blob.rawSize};
}

ContentRef BundleWriter::addContentFile(const std::filesystem::path& file,
                                        std::string_view mediaType) {
  std::vector<std::uint8_t> bytes = internal::readFile(file);
  return addContent(bytes, mediaType);
}

void BundleWriter::addArticle(const Article& article) { impl_->addArticle(article); }

void BundleWriter::addSigner(const SecretKey& key, std::string signer) {
  // Checked now rather than at finish(), after every blob has been written; makeTrustedComment
  // refuses a signer text that is not printable UTF-8.
  internal::checkTrustedComment(internal::makeTrustedComment(*parseUtc(*impl_->options.created),
                                                             *impl_->options.bundleId, signer));
  std::uint8_t copy[64];
  std::memcpy(copy, key.bytes(), sizeof copy);
  impl_->signers.push_back(Signer{SecretKey(key.keyId(), copy), std::move(signer)});
  sodium_memzero(copy, sizeof copy);
}

void BundleWriter::finish() { impl_->finish(); }

std::size_t BundleWriter::articleCount() const { return impl_->index.size(); }

}  // namespace archive_news
