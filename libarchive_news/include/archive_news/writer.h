// Writing a bundle in one pass. Content (images and attachments) is appended as it comes,
// stored once whatever the number of calls with the same bytes; article records wait in external
// sorts (temporary files in $TMPDIR) and are written at finish() in clusters, in id order,
// followed by the index, the extent table, the seal, its signatures and the footer. The writer
// never reads back what it wrote, so any sequential stream will do. Hashing, compressing and
// encoding run on the writer's threads (WriterOptions::jobs) while the caller prepares the next
// article, yet the bundle's bytes do not depend on their number.
//
// Memory is bounded whatever the number of articles: WriterOptions::maxQueuedBytes (or the
// largest single item, when larger; content over 8 MiB is streamed, never held whole), the
// sorts' buffers, the dictionary's training sample, the clusters being compressed, and one entry
// (about 100 bytes) a distinct content.
#ifndef ARCHIVE_NEWS_WRITER_H_
#define ARCHIVE_NEWS_WRITER_H_

#include <archive_news/article.h>
#include <archive_news/export.h>
#include <archive_news/reader.h>
#include <archive_news/secret_key.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news {

struct WriterOptions {
  // Defaults: a random "urn:uuid:" id, the current time, "newsarc <library version>".
  std::optional<std::string> bundleId;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> created;  // RFC 3339 UTC date-time ("2026-11-28T12:00:00Z")
  std::optional<std::string> creatorTool;
  std::vector<KeyValue> extra;
  // zstd level for compressible content, clusters and pages (1 to 19).
  int compressionLevel = 3;
  // Raw bytes of article records gathered into one cluster before it is compressed, 1 byte to
  // 8 MiB. Larger clusters compress better; a reader decompresses one whole cluster to read one
  // article, so smaller ones read faster.
  std::size_t clusterSize = std::size_t{256} << 10;
  // Train a zstd dictionary from the first article records and compress clusters with it.
  bool trainDictionary = true;
  // Article records held back to train the dictionary, at most this many raw bytes.
  std::size_t dictionarySampleBytes = std::size_t{1} << 20;
  // Threads that hash and compress content and clusters; 0: one per core, 1: all work on the
  // caller's thread. The bundle is byte for byte the same whatever the number.
  unsigned jobs = 0;
  // Queued content held at most, in raw bytes, before a queueing call waits for the threads.
  std::size_t maxQueuedBytes = std::size_t{8} << 20;
  // The same input and options give the same bytes, signatures included (Ed25519 signatures are
  // deterministic, and they carry the `created` time). Unless set, `created` is
  // 1970-01-01T00:00:00Z and bundleId is derived from the content: "urn:newsarc:bundle:sha256:"
  // followed by the SHA-256 (hex) of the seal written with 64 zeros in its place.
  bool reproducible = false;
};

// Sees every article a writer is given and makes, at finish(), an index of them that the writer
// stores in the state it writes (spec/FORMAT.md 5.10): makeSearchIndexer() (archive_news/search.h)
// makes the full-text one. The index must cover every article of that state: in an append, the
// caller gives it the earlier articles the append keeps (as indexBundle() does).
class ARCHIVE_NEWS_EXPORT ArticleIndexer {
 public:
  virtual ~ArticleIndexer() = default;
  // An article of the state `state`, on the thread that gave it to the writer.
  virtual void add(const Article& article, std::uint32_t state) = 0;
  struct Result {
    std::filesystem::path file;  // stored raw, whole, as the searchIndex extent
    std::string engine;          // what reads it (Seal.searchIndex.engine)
    std::uint64_t documents = 0;
  };
  // Every article has been given: the finished index. The file stays the indexer's, which may
  // remove it once destroyed.
  virtual Result finish() = 0;
};

// Content queued with queueContent() or queueContentFile(), for queueArticle().
struct ContentTicket {
  std::uint64_t id = 0;
  std::uint64_t size = 0;  // raw bytes, as queued
};

// Where the bytes go. write() is called with consecutive pieces; close() once at the end.
class ARCHIVE_NEWS_EXPORT ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(std::span<const std::uint8_t> bytes) = 0;
  virtual void close() = 0;
};

class ARCHIVE_NEWS_EXPORT BundleWriter {
 public:
  // Writes to a temporary file beside `path` and renames it into place at finish(), so a crash
  // or an error never leaves a partial bundle at `path`. An existing file at `path` is refused
  // (Error(kIOError)) unless `overwrite`.
  static BundleWriter create(const std::filesystem::path& path, WriterOptions options = {},
                             bool overwrite = false);

  // A new state of the bundle at `path` (spec/FORMAT.md section 15), written in place after its
  // last footer: no byte of the file before it changes, and until finish() has written the new
  // footer the previous state is what every reader sees. An article with the id of one the
  // bundle holds is a new version of it; the others are added. The bundle keeps its id (a
  // different `options.bundleId` is refused) and its dictionary; unset title, description,
  // creator tool and extra keep the current state's. The file is locked: a second appender fails
  // with Error(kIOError). An error, or destroying the writer before finish(), cuts the file back
  // to its previous end; a killed process leaves bytes after it that recoverBundle() removes.
  // Throws as Bundle::open() for a file that is not a bundle.
  static BundleWriter append(const std::filesystem::path& path, WriterOptions options = {},
                             const ReaderOptions& readerOptions = {});
  // Writes to any sequential sink.
  BundleWriter(std::unique_ptr<ByteSink> sink, WriterOptions options);

  BundleWriter(BundleWriter&&) noexcept;
  BundleWriter& operator=(BundleWriter&&) noexcept;
  // Abandons an unfinished bundle: its temporary file, if any, is removed.
  ~BundleWriter();

  // Two ways to add: add*() works on the caller's thread and returns the content's place at once
  // (what the C API hands back to C callers); queue*() hands the work to the writer's threads and
  // returns a ticket, so that reading, hashing and compressing overlap (what importArticles
  // uses). Both store each content once, in the order of the calls.

  // Stores content (an image or attachment) once, whatever the number of calls with the same
  // bytes, and returns where it is, after everything queued before it. Already-compressed media is
  // stored raw; other content is compressed with zstd when that saves space.
  ContentRef addContent(std::span<const std::uint8_t> bytes, std::string_view mediaType);
  // The same from a file, read once.
  ContentRef addContentFile(const std::filesystem::path& file, std::string_view mediaType);

  // Adds an article whose images and attachments hold ContentRefs returned by this writer.
  // Throws Error(kInvalidArgument) for an invalid article (validateArticle), an id or time longer
  // than the index keeps (1024 and 64 bytes), or a ContentRef this writer did not return. Two
  // articles with the same uri are found in id order at finish(), which throws
  // Error(kInvalidArgument) naming the uri: finding it at once would need every id in memory.
  void addArticle(const Article& article);

  // Queues content to be hashed and compressed on the writer's threads and returns at once, or
  // once the queue has room (maxQueuedBytes). It is stored once whatever the number of calls with
  // the same bytes, at its place in the order of calls. An error of the queued work (a file that
  // cannot be read: Error(kIOError) naming it) is thrown by a later call or by finish(), after
  // which the writer refuses every call.
  ContentTicket queueContent(std::vector<std::uint8_t> bytes, std::string mediaType);
  // The same from a file, read in large pieces by one of the writer's threads. A file of up to
  // 8 MiB is read once and held; a larger one is read twice and never held: hashed and compressed
  // in pieces (the zstd frame going to an unnamed temporary file in $TMPDIR), then copied into the
  // bundle from that file, or from the file itself when stored raw, checking its bytes again
  // (Error(kIOError) naming it when they changed). Memory stays bounded whatever its size.
  ContentTicket queueContentFile(const std::filesystem::path& file, std::string mediaType);
  // The same from a stream that cannot be read twice (an archive member, a pipe): `read` is
  // called on the caller's thread with a buffer to fill and returns how many bytes it put there,
  // 0 at the end. Content of up to 8 MiB is held and queued as by queueContent(); larger content
  // is first copied to an unnamed temporary file in $TMPDIR (runs of zeros as holes, so they take
  // no disk), then prepared from it as a large file is. `name` stands for the stream in errors.
  ContentTicket queueContentStream(const std::function<std::size_t(std::span<std::uint8_t>)>& read,
                                   std::string mediaType, const std::string& name);
  // Queues an article whose images[i] and attachments[j] take their content from images[i] and
  // attachments[j] of the tickets (one ticket per image and per attachment; a file name used
  // twice in the article must come with the same ticket). The article is checked at once, as by
  // addArticle(); its record is made when its content is stored.
  void queueArticle(Article article, const std::vector<ContentTicket>& images,
                    const std::vector<ContentTicket>& attachments);

  // In an append: the images and attachments of article `id` in the bundle's current state
  // become known to this writer, as if added by it, so that a new version keeping them refers to
  // the stored bytes instead of storing them again. Call it before adding or queueing the new
  // version's content. Nothing happens for a new bundle or an id the bundle does not hold.
  void reuseContentOf(std::string_view id);
  // Makes `indexer` see every article from now on and stores its index at finish(). Call it
  // before the first article.
  void setIndexer(std::unique_ptr<ArticleIndexer> indexer);
  // Signs the seal with this key at finish(). `signer` goes into the trusted comment.
  void addSigner(const SecretKey& key, std::string signer);

  // Writes the clusters, the dictionary, the extent table, the index, the seal, its signatures
  // and the footer, closes the sink and (for create()) renames the file into place. The writer is
  // spent afterwards, also when it throws.
  void finish();

  std::size_t articleCount() const;

 private:
  struct Impl;
  explicit BundleWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Adds a signature by `key` to the bundle at `path`, keeping every byte before its signature
// section: the new file has the same header, data region and seal, a new signature section with
// the new record last, the timestamp section as it was (byte for byte; moved) and a new footer.
// It is written beside `path` and renamed into place, under the bundle's lock, so the old bundle
// stays whole until the new one is complete. The existing signatures must verify
// (Error(kBadSignature) otherwise; an X.509 one for its own integrity, its chain not asked).
// addX509Signature (x509.h) does the same with an X.509 certificate.
ARCHIVE_NEWS_EXPORT void addSignature(const std::filesystem::path& path, const SecretKey& key,
                                      std::string signer);

// What recoverBundle() found and did.
struct RecoverResult {
  // False when the file was whole: it ends in a footer whose tail reads and whose chain of states
  // holds back to the first; nothing was cut.
  bool damaged = false;
  // The state kept: the file's first kept.fileSize bytes. Its signatures are as its signature
  // section holds them, NOT checked: verify the kept state before trusting it.
  BundleState kept;
  std::uint64_t cutBytes = 0;  // bytes after the kept state (cut unless a dry run)
};

// Puts a bundle an append was interrupted in (a killed process, a power cut) back to its last
// complete state (spec/SECURITY.md, "Crash safety"). Takes the file's lock, as an append does
// (Error(kIOError) while another process writes it). A file that ends in a valid tail whose chain
// of states holds back to state 0 is left alone (`damaged` false). Otherwise the last complete
// state is the longest prefix of the file that ends in a footer whose tail reads and whose chain
// holds back to state 0; the file is cut to it, and flushed to disk, unless `dryRun`. Throws
// Error(kCorruption) "no complete state found" when no prefix is a bundle. The scan reads one
// tail (at most a few KiB) per footer magic found, walking back from the end of the file, and
// allocates nothing in proportion to the file. The kept state is only the last one whose tail
// and chain check out: a crafted image or attachment may hold a fake footer and seal, so the
// kept state must be verified (`newsarc verify`) and its signatures judged like any other.
ARCHIVE_NEWS_EXPORT RecoverResult recoverBundle(const std::filesystem::path& path,
                                                bool dryRun = false,
                                                const ReaderOptions& options = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_WRITER_H_
