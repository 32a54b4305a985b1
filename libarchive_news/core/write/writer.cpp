#include <archive_news/error.h>
#include <archive_news/version.h>
#include <archive_news/writer.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <deque>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include "core/common/container.h"
#include "core/common/sha256.h"
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "core/signature/signature_section.h"
#include "core/write/article_index_draft.h"
#include "core/write/blob_preparation.h"
#include "core/write/blob_table.h"
#include "core/write/capnp_encode.h"
#include "core/write/compression.h"
#include "core/write/file_sink.h"
#include "core/write/manifest_builder.h"
#include "core/write/schema_text.h"
#include "newsarc.capnp.h"
#include "util/utf8.h"
#include "util/worker_pool.h"

namespace archive_news {
namespace {

using internal::alignUp;

struct Signer {
  SecretKey key;
  std::string comment;
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

// The writer's queue has two stages, both run on the caller's thread in a fixed order, so the
// bundle does not depend on how the threads interleave: `slots` holds the calls in their order
// and places each blob (deduplication and blob index) once its digest is known; `toWrite` holds
// the placed blobs in index order and writes each once its stored bytes are ready. Only pure
// work (reading, hashing, compressing, serialising records) runs on the threads.
struct ContentSlot {
  std::uint64_t ticket;
  std::string mediaType;
  std::uint64_t bytes;
  std::future<internal::PreparedBlob> prepared;
};

struct ArticleSlot {
  std::uint32_t entry;
  Article article;  // moved into the record's job when submitted
  std::vector<std::uint64_t> images;
  std::vector<std::uint64_t> attachments;
  bool submitted = false;
  std::future<internal::PreparedBlob> record;
};

using Slot = std::variant<ContentSlot, ArticleSlot>;

struct PlacedBlob {
  std::uint32_t index;
  std::uint64_t bytes;  // counted in queuedBytes
  std::optional<internal::PreparedBlob> ready;
  std::future<internal::PreparedBlob> later;
};

struct HeldRecord {
  std::uint32_t entry;
  internal::PreparedBlob record;
};

template <typename T>
bool isReady(const std::future<T>& future) {
  return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

constexpr std::string_view kDerivedIdPrefix = "urn:newsarc:bundle:sha256:";

// What content of `bytes` raw bytes holds in memory while queued: all of it up to the streaming
// threshold, else a few pieces (the read buffer and zstd's own), whatever its size.
std::uint64_t heldInMemory(std::uint64_t bytes) {
  return bytes <= internal::kStreamThreshold ? bytes : std::uint64_t{4} * internal::kStreamPiece;
}

// Fills `buffer` from `read` as far as it can; less only at the end of the content.
std::size_t readUpTo(const std::function<std::size_t(std::span<std::uint8_t>)>& read,
                     std::span<std::uint8_t> buffer) {
  std::size_t filled = 0;
  while (filled < buffer.size()) {
    const std::size_t n = read(buffer.subspan(filled));
    if (n == 0) break;
    filled += n;
  }
  return filled;
}

}  // namespace

struct BundleWriter::Impl {
  std::unique_ptr<ByteSink> sink;
  WriterOptions options;
  int level;
  bool deriveId = false;
  std::uint64_t position = 0;
  internal::BlobTable blobs;
  internal::ArticleIndexDraft index;
  std::vector<HeldRecord> held;
  std::size_t heldBytes = 0;
  bool dictionaryDecided = false;
  std::uint32_t dictionary = kNoBlob;
  std::shared_ptr<const internal::CompressionDictionary> digestedDictionary;
  std::vector<Signer> signers;
  bool finished = false;
  bool broken = false;

  std::deque<Slot> slots;
  std::deque<PlacedBlob> toWrite;
  // The blob of each content ticket, by ticket id: kept for the whole bundle, since an article
  // may name any earlier ticket, so 4 bytes a ticket rather than a whole ContentRef.
  std::vector<std::uint32_t> resolved;
  std::uint64_t nextTicket = 0;
  std::multimap<std::uint64_t, ArticleSlot*> waiting;  // by the last ticket each needs
  std::uint64_t queuedBytes = 0;
  std::size_t maxQueuedItems;
  std::shared_ptr<internal::BufferPool> buffers;
  internal::WorkerPool pool;  // last: its threads stop before the queue goes

  Impl(std::unique_ptr<ByteSink> s, WriterOptions o)
      : sink(std::move(s)),
        options(std::move(o)),
        level(internal::clampLevel(options.compressionLevel)),
        maxQueuedItems(32 * std::size_t{internal::jobsOrCores(options.jobs)} + 32),
        buffers(internal::BufferPool::create(2 * options.maxQueuedBytes)),
        pool(internal::jobsOrCores(options.jobs) > 1 ? internal::jobsOrCores(options.jobs) : 0) {
    if (!options.bundleId && options.reproducible) {
      deriveId = true;
      options.bundleId = derivedId(Digest{});  // a stand-in of the same shape, for the checks
    }
    if (!options.bundleId) options.bundleId = randomUuidUrn();
    if (!options.created) options.created = options.reproducible ? kEpoch : utcNow();
    if (!options.creatorTool) options.creatorTool = "newsarc " ARCHIVE_NEWS_VERSION_STRING;
    validateOptions(options);
    dictionaryDecided = !options.trainDictionary;
    write(internal::encodeHeader({}));
    storeNow(internal::prepareContent(internal::schemaText(), "text/x-capnp; charset=utf-8", level),
             "text/x-capnp; charset=utf-8", schema::BlobKind::SCHEMA);
  }

  static constexpr const char* kEpoch = "1970-01-01T00:00:00Z";

  static std::string derivedId(const Digest& manifestDigest) {
    return std::string(kDerivedIdPrefix) + internal::hex(manifestDigest);
  }

  // --- Bytes out -------------------------------------------------------------------------------

  void write(std::span<const std::uint8_t> bytes) {
    sink->write(bytes);
    position += bytes.size();
  }

  void padToAlignment() {
    static const std::uint8_t kZeros[internal::kAlignment] = {};
    write({kZeros, static_cast<std::size_t>(alignUp(position) - position)});
  }

  void writeBlob(std::uint32_t at, const internal::PreparedBlob& prepared) {
    internal::StoredBlob& blob = blobs[at];
    padToAlignment();
    blob.offset = position;
    blob.storedSize = prepared.storedSize();
    blob.compressed = prepared.compressed();
    if (blob.compressed) {
      blob.storedDigest = prepared.storedDigest;
      if (blob.kind == schema::BlobKind::ARTICLE_RECORD) blob.dictionary = dictionary;
    }
    if (prepared.spilled) {
      prepared.spilled->copyTo([this](std::span<const std::uint8_t> piece) { write(piece); });
    } else {
      write(prepared.stored());
    }
  }

  // --- Placing blobs (stage one) ---------------------------------------------------------------

  // Places and writes a prepared blob at once; the queue must be empty.
  std::uint32_t storeNow(const internal::PreparedBlob& prepared, std::string_view mediaType,
                         schema::BlobKind kind) {
    auto [at, added] = blobs.place(prepared.digest, prepared.rawSize(), mediaType, kind);
    if (added) writeBlob(at, prepared);
    return at;
  }

  void placeRecord(std::uint32_t entry, internal::PreparedBlob record) {
    auto [at, added] = blobs.place(record.digest, record.raw.size(), "application/x-capnp",
                                   schema::BlobKind::ARTICLE_RECORD);
    index.setRecord(entry, at);
    if (!added) return;
    if (record.settled) {
      toWrite.push_back({at, 0, std::move(record), {}});
      return;
    }
    toWrite.push_back(
        {at, 0, std::nullopt,
         pool.submit([record = std::move(record), d = digestedDictionary, l = level]() mutable {
           internal::compressRecord(record, d.get(), l);
           return std::move(record);
         })});
  }

  // Trains the record dictionary from the held-back records, stores it, and places them.
  void decideDictionary() {
    dictionaryDecided = true;
    constexpr std::size_t kMinSamples = 8;
    constexpr std::size_t kMinSampleBytes = 16 << 10;
    if (held.size() >= kMinSamples && heldBytes >= kMinSampleBytes) {
      std::vector<std::vector<std::uint8_t>> samples;
      for (const HeldRecord& h : held)
        samples.emplace_back(h.record.raw.begin(), h.record.raw.end());
      std::size_t maxSize = std::clamp<std::size_t>(heldBytes / 32, 4 << 10, 64 << 10);
      if (auto trained = internal::trainDictionary(samples, maxSize)) {
        Digest digest = internal::sha256(*trained);
        if (!blobs.contains(digest)) {
          auto bytes = std::make_shared<const std::vector<std::uint8_t>>(std::move(*trained));
          internal::PreparedBlob blob;
          blob.digest = digest;
          blob.raw = *bytes;
          blob.owner = bytes;
          blob.settled = true;
          dictionary = blobs
                           .place(digest, blob.raw.size(), "application/x-zstd-dictionary",
                                  schema::BlobKind::DICTIONARY)
                           .first;
          digestedDictionary = std::make_shared<internal::CompressionDictionary>(blob.raw, level);
          toWrite.push_back({dictionary, 0, std::move(blob), {}});
        }
      }
    }
    for (HeldRecord& h : held) placeRecord(h.entry, std::move(h.record));
    held.clear();
    heldBytes = 0;
  }

  ContentRef contentRefOf(std::uint32_t at) const {
    return ContentRef{at, blobs[at].digest, blobs[at].rawSize};
  }

  void submitRecord(ArticleSlot& slot) {
    Article& article = slot.article;
    for (std::size_t i = 0; i < slot.images.size(); ++i) {
      article.images[i].content = contentRefOf(resolved[slot.images[i]]);
    }
    for (std::size_t i = 0; i < slot.attachments.size(); ++i) {
      article.attachments[i].content = contentRefOf(resolved[slot.attachments[i]]);
    }
    for (const Image& image : article.images) index.addContentSize(slot.entry, image.content.size);
    for (const Attachment& attachment : article.attachments) {
      index.addContentSize(slot.entry, attachment.content.size);
    }
    slot.record =
        pool.submit([a = std::move(article), compress = dictionaryDecided, d = digestedDictionary,
                     l = level] { return internal::prepareRecord(a, compress, d.get(), l); });
    slot.submitted = true;
  }

  void resolveContent(ContentSlot& slot) {
    internal::PreparedBlob blob = slot.prepared.get();
    auto [at, added] =
        blobs.place(blob.digest, blob.rawSize(), slot.mediaType, schema::BlobKind::CONTENT);
    resolved.push_back(at);
    if (added) {
      toWrite.push_back({at, slot.bytes, std::move(blob), {}});
    } else {
      queuedBytes -= slot.bytes;
    }
    // Articles that waited for this content can now have their records made.
    while (!waiting.empty() && waiting.begin()->first <= slot.ticket) {
      submitRecord(*waiting.begin()->second);
      waiting.erase(waiting.begin());
    }
  }

  void resolveArticle(ArticleSlot& slot) {
    internal::PreparedBlob record = slot.record.get();
    index.addContentSize(slot.entry, record.raw.size());
    if (dictionaryDecided) {
      placeRecord(slot.entry, std::move(record));
      return;
    }
    heldBytes += record.raw.size();
    held.push_back({slot.entry, std::move(record)});
    if (heldBytes >= options.dictionarySampleBytes) decideDictionary();
  }

  // --- Moving the queue along ------------------------------------------------------------------

  bool slotReady(const Slot& slot) const {
    if (const auto* content = std::get_if<ContentSlot>(&slot)) return isReady(content->prepared);
    const auto& article = std::get<ArticleSlot>(slot);
    return article.submitted && isReady(article.record);
  }

  void resolveFront() {
    Slot slot = std::move(slots.front());
    slots.pop_front();
    if (auto* content = std::get_if<ContentSlot>(&slot)) {
      resolveContent(*content);
    } else {
      resolveArticle(std::get<ArticleSlot>(slot));
    }
  }

  void writeFront() {
    PlacedBlob placed = std::move(toWrite.front());
    toWrite.pop_front();
    if (!placed.ready) placed.ready = placed.later.get();
    writeBlob(placed.index, *placed.ready);
    queuedBytes -= placed.bytes;
  }

  // One step: the next blob to write if its bytes are ready, else the next call's slot (waiting
  // for it when `wait`). False when nothing moved.
  bool step(bool wait) {
    if (!toWrite.empty() && (!toWrite.front().later.valid() || isReady(toWrite.front().later))) {
      writeFront();
      return true;
    }
    if (!slots.empty() && (wait || slotReady(slots.front()))) {
      resolveFront();
      return true;
    }
    if (wait && !toWrite.empty()) {
      writeFront();
      return true;
    }
    return false;
  }

  // Runs fn on the queue; an error there leaves the writer unusable, as part of the bundle may
  // be written.
  template <typename Fn>
  void onQueue(Fn&& fn) {
    try {
      fn();
    } catch (...) {
      broken = true;
      throw;
    }
  }

  void drain() {
    onQueue([&] {
      while (step(true)) {
      }
    });
  }

  // Moves the queue along without waiting, then waits until `incoming` more bytes fit.
  void makeRoom(std::uint64_t incoming) {
    onQueue([&] {
      while (step(false)) {
      }
      while ((queuedBytes + incoming > options.maxQueuedBytes ||
              slots.size() + toWrite.size() >= maxQueuedItems) &&
             step(true)) {
      }
    });
  }

  void checkUsable(const char* call) const {
    if (finished) throw Error(ErrorCode::kInvalidArgument, std::string(call) + " after finish()");
    if (broken) {
      throw Error(ErrorCode::kInvalidArgument,
                  std::string(call) + ": the writer stopped at an earlier error");
    }
  }

  // --- Adding ----------------------------------------------------------------------------------

  ContentRef addContentNow(const internal::PreparedBlob& prepared, std::string_view mediaType) {
    std::uint32_t at = 0;
    onQueue([&] { at = storeNow(prepared, mediaType, schema::BlobKind::CONTENT); });
    return contentRefOf(at);
  }

  // `bytes` is the content's raw size; `held` what of it the queue holds in memory (less than
  // `bytes` for content prepared as a stream).
  ContentTicket queue(std::future<internal::PreparedBlob> prepared, std::string mediaType,
                      std::uint64_t bytes, std::uint64_t held) {
    const std::uint64_t ticket = nextTicket++;
    queuedBytes += held;
    slots.push_back(ContentSlot{ticket, std::move(mediaType), held, std::move(prepared)});
    return ContentTicket{ticket, bytes};
  }

  void checkContentRef(const ContentRef& ref, const std::string& uri, const std::string& field) {
    if (ref.blob >= blobs.size() || blobs[ref.blob].digest != ref.digest ||
        blobs[ref.blob].rawSize != ref.size) {
      throw Error(ErrorCode::kInvalidArgument, uri, std::nullopt,
                  field + ": not a content reference returned by this writer's addContent()");
    }
  }

  // Checks that hold before anything is queued; then records the article in the index.
  std::uint32_t admit(const Article& article) {
    validateArticle(article, article.uri);
    std::optional<std::uint32_t> entry = index.add(article);
    if (!entry) {
      throw Error(ErrorCode::kInvalidArgument, article.uri, std::nullopt,
                  "uri: another article in this bundle has the same uri; expected unique ids");
    }
    return *entry;
  }

  void addArticle(const Article& article) {
    checkUsable("addArticle()");
    for (std::size_t i = 0; i < article.images.size(); ++i) {
      checkContentRef(article.images[i].content, article.uri,
                      "images[" + std::to_string(i) + "].content");
    }
    for (std::size_t i = 0; i < article.attachments.size(); ++i) {
      checkContentRef(article.attachments[i].content, article.uri,
                      "attachments[" + std::to_string(i) + "].content");
    }
    const std::uint32_t entry = admit(article);
    slots.push_back(ArticleSlot{entry, article, {}, {}, false, {}});
    submitRecord(std::get<ArticleSlot>(slots.back()));
    makeRoom(0);
  }

  // A ticket as the content reference validateArticle() sees before the content is stored: the
  // same ticket, the same reference.
  static ContentRef standIn(std::uint64_t ticket) {
    ContentRef ref;
    for (std::size_t i = 0; i < 8; ++i)
      ref.digest[i] = static_cast<std::uint8_t>(ticket >> (8 * i));
    return ref;
  }

  void queueArticle(Article article, const std::vector<ContentTicket>& images,
                    const std::vector<ContentTicket>& attachments) {
    checkUsable("queueArticle()");
    if (images.size() != article.images.size() ||
        attachments.size() != article.attachments.size()) {
      throw Error(ErrorCode::kInvalidArgument, article.uri, std::nullopt,
                  "queueArticle(): " + std::to_string(images.size()) + " image and " +
                      std::to_string(attachments.size()) + " attachment tickets; expected " +
                      std::to_string(article.images.size()) + " and " +
                      std::to_string(article.attachments.size()));
    }
    std::vector<std::uint64_t> imageIds;
    std::vector<std::uint64_t> attachmentIds;
    std::uint64_t last = 0;
    auto take = [&](const ContentTicket& ticket, ContentRef& content,
                    std::vector<std::uint64_t>& ids) {
      if (ticket.id >= nextTicket) {
        throw Error(ErrorCode::kInvalidArgument, article.uri, std::nullopt,
                    "ticket " + std::to_string(ticket.id) + " was not returned by this writer");
      }
      content = standIn(ticket.id);
      ids.push_back(ticket.id);
      last = std::max(last, ticket.id + 1);
    };
    for (std::size_t i = 0; i < images.size(); ++i)
      take(images[i], article.images[i].content, imageIds);
    for (std::size_t i = 0; i < attachments.size(); ++i) {
      take(attachments[i], article.attachments[i].content, attachmentIds);
    }
    const std::uint32_t entry = admit(article);
    slots.push_back(ArticleSlot{
        entry, std::move(article), std::move(imageIds), std::move(attachmentIds), false, {}});
    ArticleSlot& slot = std::get<ArticleSlot>(slots.back());
    if (last <= resolved.size()) {
      submitRecord(slot);
    } else {
      waiting.emplace(last - 1, &slot);
    }
    makeRoom(0);
  }

  // --- Finishing -------------------------------------------------------------------------------

  void finish() {
    checkUsable("finish()");
    drain();
    onQueue([&] {
      if (!dictionaryDecided) decideDictionary();
    });
    drain();
    finished = true;
    if (deriveId) {
      options.bundleId = "";
      internal::Sha256 digest;
      internal::serializeInPieces(*internal::buildManifest(options, index, blobs),
                                  [&](std::span<const std::uint8_t> p) { digest.update(p); });
      options.bundleId = derivedId(digest.finish());
    }
    padToAlignment();
    internal::Footer footer;
    footer.manifestOffset = position;
    internal::Sha256 digest;
    internal::Prehash prehash;
    internal::serializeInPieces(*internal::buildManifest(options, index, blobs),
                                [&](std::span<const std::uint8_t> piece) {
                                  digest.update(piece);
                                  if (!signers.empty()) prehash.update(piece);
                                  write(piece);
                                });
    footer.manifestSize = position - footer.manifestOffset;
    footer.manifestDigest = digest.finish();

    const std::array<std::uint8_t, 64> signedHash = prehash.finish();
    std::vector<Signature> signatures;
    std::int64_t signingTime = *parseUtc(*options.created);
    for (const Signer& signer : signers) {
      signatures.push_back(internal::signPrehashed(
          signer.key, signedHash,
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
  return BundleWriter(internal::makeFileSink(path, overwrite), std::move(options));
}

BundleWriter::BundleWriter(std::unique_ptr<ByteSink> sink, WriterOptions options)
    : impl_(std::make_unique<Impl>(std::move(sink), std::move(options))) {}

BundleWriter::BundleWriter(BundleWriter&&) noexcept = default;
BundleWriter& BundleWriter::operator=(BundleWriter&&) noexcept = default;
BundleWriter::~BundleWriter() = default;

ContentRef BundleWriter::addContent(std::span<const std::uint8_t> bytes,
                                    std::string_view mediaType) {
  impl_->checkUsable("addContent()");
  impl_->drain();
  return impl_->addContentNow(internal::prepareContent(bytes, mediaType, impl_->level), mediaType);
}

ContentRef BundleWriter::addContentFile(const std::filesystem::path& file,
                                        std::string_view mediaType) {
  impl_->checkUsable("addContentFile()");
  impl_->drain();
  return impl_->addContentNow(
      internal::prepareContentFile(file, mediaType, impl_->level, *impl_->buffers), mediaType);
}

void BundleWriter::addArticle(const Article& article) { impl_->addArticle(article); }

ContentTicket BundleWriter::queueContent(std::vector<std::uint8_t> bytes, std::string mediaType) {
  impl_->checkUsable("queueContent()");
  const std::uint64_t size = bytes.size();
  impl_->makeRoom(size);
  auto owned = std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes));
  auto prepared = impl_->pool.submit([owned, mediaType, l = impl_->level] {
    internal::PreparedBlob blob = internal::prepareContent(*owned, mediaType, l);
    blob.owner = owned;
    return blob;
  });
  return impl_->queue(std::move(prepared), std::move(mediaType), size, size);
}

ContentTicket BundleWriter::queueContentFile(const std::filesystem::path& file,
                                             std::string mediaType) {
  impl_->checkUsable("queueContentFile()");
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  const std::uint64_t bytes = ec ? 0 : size;  // unreadable: the job says why
  const std::uint64_t held = heldInMemory(bytes);
  impl_->makeRoom(held);
  auto prepared = impl_->pool.submit([file, mediaType, l = impl_->level, b = impl_->buffers] {
    return internal::prepareContentFile(file, mediaType, l, *b);
  });
  return impl_->queue(std::move(prepared), std::move(mediaType), bytes, held);
}

ContentTicket BundleWriter::queueContentStream(
    const std::function<std::size_t(std::span<std::uint8_t>)>& read, std::string mediaType,
    const std::string& name) {
  impl_->checkUsable("queueContentStream()");
  // Up to the threshold, the content is held and queued as by queueContent(), so it is stored
  // exactly as it would be from a file.
  std::vector<std::uint8_t> head;
  constexpr std::size_t kBlock = 64 << 10;
  for (std::size_t n = 1; n > 0 && head.size() <= internal::kStreamThreshold;) {
    const std::size_t filled = head.size();
    head.resize(filled + kBlock);
    n = readUpTo(read, std::span(head).subspan(filled));
    head.resize(filled + n);
  }
  const std::size_t got = head.size();
  if (got <= internal::kStreamThreshold) return queueContent(std::move(head), std::move(mediaType));
  // Larger: copied to an unnamed temporary file on this thread, then prepared from there as a
  // stream by the writer's threads, like a large file.
  std::shared_ptr<internal::FileDescriptor> copy = internal::makeSpillFile("a copy of " + name);
  internal::writeSpill(*copy, 0, {head.data(), got}, name);
  std::uint64_t size = got;
  head.resize(internal::kStreamPiece);
  while (const std::size_t n = readUpTo(read, head)) {
    internal::writeSpill(*copy, size, {head.data(), n}, name);
    size += n;
  }
  head = {};
  const std::uint64_t held = heldInMemory(size);
  impl_->makeRoom(held);
  auto prepared = impl_->pool.submit([copy, name, size, mediaType, l = impl_->level] {
    return internal::prepareContentStream(copy, name, size, mediaType, l);
  });
  return impl_->queue(std::move(prepared), std::move(mediaType), size, held);
}

void BundleWriter::queueArticle(Article article, const std::vector<ContentTicket>& images,
                                const std::vector<ContentTicket>& attachments) {
  impl_->queueArticle(std::move(article), images, attachments);
}

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
