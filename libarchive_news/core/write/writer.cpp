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
#include <vector>

#include "core/common/content_extent.h"
#include "core/common/index_entry.h"
#include "core/common/sha256.h"
#include "core/read/bundle_reader.h"
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "core/write/append_file.h"
#include "core/write/blob_preparation.h"
#include "core/write/bundle_assembler.h"
#include "core/write/compression.h"
#include "core/write/file_sink.h"
#include "core/write/record_encode.h"
#include "util/hex.h"
#include "util/utf8.h"
#include "util/worker_pool.h"

namespace archive_news {
namespace {

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

// The bundle-level fields go into the signed seal and the bundle information as they are: check
// them like article text.
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

// The writer's queue, moved along on the caller's thread in the order of the calls, so that the
// bundle does not depend on how the threads interleave: each slot is resolved (its content
// stored, its record handed to the assembler) once the work of every slot before it is done.
// Only pure work (reading, hashing, compressing, encoding records) runs on the threads.
struct ContentSlot {
  std::uint64_t held;  // bytes counted in queuedBytes
  std::future<internal::PreparedBlob> prepared;
};

struct Signer {
  SecretKey key;
  std::string comment;
};

// An article's record and index entry, made on a thread once its content is stored.
struct PreparedRecord {
  internal::IndexEntry entry;
  std::vector<std::uint8_t> record;
};

struct ArticleSlot {
  Article article;  // moved into the record's job when submitted
  std::vector<std::uint64_t> images;
  std::vector<std::uint64_t> attachments;
  bool submitted = false;
  std::future<PreparedRecord> record;
};

using Slot = std::variant<ContentSlot, ArticleSlot>;

template <typename T>
bool isReady(const std::future<T>& future) {
  return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

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

internal::AssemblerOptions assemblerOptions(const WriterOptions& o) {
  internal::AssemblerOptions a;
  a.level = internal::clampLevel(o.compressionLevel);
  a.clusterTarget = o.clusterSize;
  a.jobs = o.jobs;
  a.trainDictionary = o.trainDictionary;
  a.dictionarySampleBytes = o.dictionarySampleBytes;
  return a;
}

PreparedRecord prepareRecord(const Article& article) {
  PreparedRecord prepared;
  prepared.record = internal::encodeArticleRecord(
      article, [](const ContentRef& ref) { return internal::extentOf(ref); });
  prepared.entry = internal::indexEntryOf(article, prepared.record.size());
  return prepared;
}

}  // namespace

// The state an append builds on, read from the bytes the append file held when it was opened.
struct PreviousState {
  std::string name;
  std::unique_ptr<internal::BundleReader> reader;

  PreviousState(const internal::AppendFile& file, const ReaderOptions& options)
      : name(file.path().string()),
        reader(std::make_unique<internal::BundleReader>(file.previous(), name, options)) {}
};

struct BundleWriter::Impl {
  std::unique_ptr<ByteSink> sink;
  std::unique_ptr<PreviousState> previous;  // an append's; before `options`, which it sets
  bool deriveId = false;                    // before `options`, which sets it
  WriterOptions options;
  int level;
  internal::BundleAssembler assembler;
  std::vector<Signer> signers;
  std::unique_ptr<ArticleIndexer> indexer;
  std::uint64_t articles = 0;
  bool finished = false;
  bool broken = false;

  std::deque<Slot> slots;
  // The content of each ticket, by ticket id: kept for the whole bundle, since an article may
  // name any earlier ticket, so 4 bytes a ticket (an index into `contents`, one entry a distinct
  // content) rather than a whole ContentRef.
  std::vector<std::uint32_t> resolved;
  std::vector<ContentRef> contents;
  std::map<Digest, std::uint32_t> contentIndex;
  std::uint64_t nextTicket = 0;
  std::multimap<std::uint64_t, ArticleSlot*> waiting;  // by the last ticket each needs
  std::uint64_t queuedBytes = 0;
  std::size_t maxQueuedItems;
  std::shared_ptr<internal::BufferPool> buffers;
  internal::WorkerPool pool;  // last: its threads stop before the queue goes

  Impl(std::unique_ptr<ByteSink> s, WriterOptions o, std::unique_ptr<PreviousState> p = nullptr)
      : sink(std::move(s)),
        previous(std::move(p)),
        options(checkedOptions(std::move(o), deriveId, previous.get())),
        level(internal::clampLevel(options.compressionLevel)),
        assembler(previous ? internal::BundleAssembler(*sink, assemblerOptions(options),
                                                       *previous->reader)
                           : internal::BundleAssembler(*sink, assemblerOptions(options))),
        maxQueuedItems(32 * std::size_t{internal::jobsOrCores(options.jobs)} + 32),
        buffers(internal::BufferPool::create(2 * options.maxQueuedBytes)),
        pool(internal::jobsOrCores(options.jobs) > 1 ? internal::jobsOrCores(options.jobs) : 0) {}

  static constexpr const char* kEpoch = "1970-01-01T00:00:00Z";

  // The options with their defaults filled in, checked before a byte is written.
  static WriterOptions checkedOptions(WriterOptions o, bool& deriveId,
                                      const PreviousState* previous) {
    if (previous) return checkedAppendOptions(std::move(o), *previous->reader);
    if (!o.bundleId && o.reproducible) {
      deriveId = true;
      // A stand-in of the same shape, for the checks.
      o.bundleId = std::string(internal::kDerivedIdPrefix) + std::string(64, '0');
    }
    if (!o.bundleId) o.bundleId = randomUuidUrn();
    if (!o.created) o.created = o.reproducible ? kEpoch : utcNow();
    if (!o.creatorTool) o.creatorTool = "newsarc " ARCHIVE_NEWS_VERSION_STRING;
    validateOptions(o);
    return o;
  }

  // An append keeps the bundle's id, and its information where the options leave it unset.
  static WriterOptions checkedAppendOptions(WriterOptions o, const internal::BundleReader& reader) {
    const std::string& id = reader.tail().seal.bundleId;
    if (o.bundleId && *o.bundleId != id) {
      throw Error(ErrorCode::kInvalidArgument,
                  "bundle id '" + *o.bundleId + "' for an append to bundle '" + id +
                      "'; expected none or the bundle's own: every state keeps it");
    }
    o.bundleId = id;
    internal::InfoFields info = reader.info();
    if (!o.title) o.title = info.title;
    if (!o.description) o.description = info.description;
    if (!o.creatorTool) o.creatorTool = info.creatorTool;
    if (o.extra.empty()) o.extra = info.extra;
    if (!o.created) o.created = o.reproducible ? kEpoch : utcNow();
    validateOptions(o);
    return o;
  }

  // --- Storing content -------------------------------------------------------------------------

  // An append's article `id`, in the current state: its content, known from here on as if
  // stored by this writer.
  void reuseContentOf(std::string_view id) {
    if (!previous) return;
    const std::optional<internal::IndexEntry> entry = previous->reader->find(id);
    if (!entry) return;
    const Article article = previous->reader->article(*entry).article;
    auto know = [&](const ContentRef& ref) {
      if (ref.size == 0 || contentIndex.count(ref.digest) != 0) return;
      contents.push_back(ref);
      contentIndex.emplace(ref.digest, static_cast<std::uint32_t>(contents.size() - 1));
      assembler.knowContent(ref.digest, internal::extentOf(ref));
    };
    for (const Image& image : article.images) know(image.content);
    for (const Attachment& attachment : article.attachments) know(attachment.content);
  }

  // Stores prepared content (once per digest) and returns its index in `contents`.
  std::uint32_t store(const internal::PreparedBlob& prepared) {
    if (const auto known = contentIndex.find(prepared.digest); known != contentIndex.end()) {
      return known->second;
    }
    internal::ExtentRef extent;
    if (prepared.spilled) {
      const internal::SpilledBlob& spilled = *prepared.spilled;
      extent = assembler.addContentStream(
          prepared.digest, spilled.storedSize, spilled.rawSize, spilled.compressed,
          [&](const internal::ExtentAppender::Pieces& piece) { spilled.copyTo(piece); });
    } else {
      extent = assembler.addContent(prepared.digest, prepared.stored(), prepared.rawSize(),
                                    prepared.compressed());
    }
    contents.push_back(
        ContentRef{prepared.digest, extent.rawSize, internal::contentExtentOf(extent)});
    contentIndex.emplace(prepared.digest, static_cast<std::uint32_t>(contents.size() - 1));
    return static_cast<std::uint32_t>(contents.size() - 1);
  }

  void submitRecord(ArticleSlot& slot) {
    Article& article = slot.article;
    for (std::size_t i = 0; i < slot.images.size(); ++i) {
      article.images[i].content = contents[resolved[slot.images[i]]];
    }
    for (std::size_t i = 0; i < slot.attachments.size(); ++i) {
      article.attachments[i].content = contents[resolved[slot.attachments[i]]];
    }
    slot.record = pool.submit([a = std::move(article)] { return prepareRecord(a); });
    slot.submitted = true;
  }

  void resolveContent(ContentSlot& slot) {
    const std::uint32_t at = store(slot.prepared.get());
    queuedBytes -= slot.held;
    const std::uint64_t ticket = resolved.size();
    resolved.push_back(at);
    // Articles that waited for this content can now have their records made.
    while (!waiting.empty() && waiting.begin()->first <= ticket) {
      submitRecord(*waiting.begin()->second);
      waiting.erase(waiting.begin());
    }
  }

  void resolveArticle(ArticleSlot& slot) {
    const PreparedRecord prepared = slot.record.get();
    assembler.addRecord(prepared.entry, prepared.record);
  }

  // --- Moving the queue along ------------------------------------------------------------------

  bool slotReady(const Slot& slot) const {
    if (const auto* content = std::get_if<ContentSlot>(&slot)) return isReady(content->prepared);
    const auto& article = std::get<ArticleSlot>(slot);
    return article.submitted && isReady(article.record);
  }

  // Resolves the first slot if it is ready, or (when `wait`) once it is. False when nothing
  // moved. An article's record is always submitted by the time it is first: the content it
  // waits for comes before it.
  bool step(bool wait) {
    if (slots.empty() || (!wait && !slotReady(slots.front()))) return false;
    Slot slot = std::move(slots.front());
    slots.pop_front();
    if (auto* content = std::get_if<ContentSlot>(&slot)) {
      resolveContent(*content);
    } else {
      resolveArticle(std::get<ArticleSlot>(slot));
    }
    return true;
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
      while ((queuedBytes + incoming > options.maxQueuedBytes || slots.size() >= maxQueuedItems) &&
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

  ContentRef addContentNow(const internal::PreparedBlob& prepared) {
    std::uint32_t at = 0;
    onQueue([&] { at = store(prepared); });
    return contents[at];
  }

  // `bytes` is the content's raw size; `held` what of it the queue holds in memory (less than
  // `bytes` for content prepared as a stream).
  ContentTicket queue(std::future<internal::PreparedBlob> prepared, std::uint64_t bytes,
                      std::uint64_t held) {
    const std::uint64_t ticket = nextTicket++;
    queuedBytes += held;
    slots.push_back(ContentSlot{held, std::move(prepared)});
    return ContentTicket{ticket, bytes};
  }

  void checkContentRef(const ContentRef& ref, const std::string& uri, const std::string& field) {
    const auto found = contentIndex.find(ref.digest);
    if (found == contentIndex.end() || contents[found->second] != ref) {
      throw Error(ErrorCode::kInvalidArgument, uri, std::nullopt,
                  field + ": not a content reference returned by this writer's addContent()");
    }
  }

  // Checks that hold before anything is queued: the article's own rules and what the index
  // keeps of it (an id or time too long for it is refused, not cut).
  void admit(const Article& article) {
    validateArticle(article, article.uri);
    try {
      internal::indexEntryOf(article, 0);
    } catch (const Error& e) {
      throw Error(e.code(), article.uri, std::nullopt, e.reason());
    }
    if (indexer) indexer->add(article, sequence());
    ++articles;
  }

  std::uint32_t sequence() const {
    return previous ? previous->reader->tail().seal.sequence + 1 : 0;
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
    admit(article);
    slots.push_back(ArticleSlot{article, {}, {}, false, {}});
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
    admit(article);
    slots.push_back(
        ArticleSlot{std::move(article), std::move(imageIds), std::move(attachmentIds), false, {}});
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
    finished = true;
    internal::SealIdentity identity;
    if (!deriveId) identity.bundleId = options.bundleId;
    identity.created = *options.created;
    internal::InfoFields info;
    info.title = options.title;
    info.description = options.description;
    info.creatorTool = *options.creatorTool;
    info.extra = options.extra;
    std::vector<internal::SealSigner> sealSigners;
    for (const Signer& signer : signers) sealSigners.push_back({signer.key, signer.comment});
    if (indexer) {
      ArticleIndexer::Result index = indexer->finish();
      assembler.setSearchIndex({std::move(index.file), std::move(index.engine), index.documents});
    }
    assembler.finish(identity, info, sealSigners, *parseUtc(*options.created));
    sink->close();
  }
};

BundleWriter BundleWriter::create(const std::filesystem::path& path, WriterOptions options,
                                  bool overwrite) {
  return BundleWriter(internal::makeFileSink(path, overwrite), std::move(options));
}

BundleWriter BundleWriter::append(const std::filesystem::path& path, WriterOptions options,
                                  const ReaderOptions& readerOptions) {
  auto file = std::make_unique<internal::AppendFile>(path);
  auto previous = std::make_unique<PreviousState>(*file, readerOptions);
  return BundleWriter(
      std::make_unique<Impl>(std::move(file), std::move(options), std::move(previous)));
}

BundleWriter::BundleWriter(std::unique_ptr<ByteSink> sink, WriterOptions options)
    : impl_(std::make_unique<Impl>(std::move(sink), std::move(options))) {}

BundleWriter::BundleWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

BundleWriter::BundleWriter(BundleWriter&&) noexcept = default;
BundleWriter& BundleWriter::operator=(BundleWriter&&) noexcept = default;
BundleWriter::~BundleWriter() = default;

ContentRef BundleWriter::addContent(std::span<const std::uint8_t> bytes,
                                    std::string_view mediaType) {
  impl_->checkUsable("addContent()");
  impl_->drain();
  return impl_->addContentNow(internal::prepareContent(bytes, mediaType, impl_->level));
}

ContentRef BundleWriter::addContentFile(const std::filesystem::path& file,
                                        std::string_view mediaType) {
  impl_->checkUsable("addContentFile()");
  impl_->drain();
  return impl_->addContentNow(
      internal::prepareContentFile(file, mediaType, impl_->level, *impl_->buffers));
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
  return impl_->queue(std::move(prepared), size, size);
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
  return impl_->queue(std::move(prepared), bytes, held);
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
  return impl_->queue(std::move(prepared), size, held);
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
  impl_->signers.push_back({SecretKey(key.keyId(), copy), std::move(signer)});
  sodium_memzero(copy, sizeof copy);
}

void BundleWriter::setIndexer(std::unique_ptr<ArticleIndexer> indexer) {
  impl_->checkUsable("setIndexer()");
  if (impl_->articles != 0) {
    throw Error(ErrorCode::kInvalidArgument,
                "setIndexer() after articles were added; expected it before the first");
  }
  impl_->indexer = std::move(indexer);
}

void BundleWriter::reuseContentOf(std::string_view id) {
  impl_->checkUsable("reuseContentOf()");
  impl_->reuseContentOf(id);
}

void BundleWriter::finish() { impl_->finish(); }

std::size_t BundleWriter::articleCount() const { return impl_->articles; }

}  // namespace archive_news
