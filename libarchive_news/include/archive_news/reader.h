// Reading a bundle. Opening reads the tail (the footer, the seal and the signature section) and
// the dictionary, nothing else, so it takes the same time whatever the bundle's size. Every call
// then descends the index page by page (depth + 1 pages, a few at most) and reads the one cluster
// it needs: reading one article touches only its pages, its cluster and its content.
//
// A Bundle is immutable once open: any number of threads may call its const methods at once.
#ifndef ARCHIVE_NEWS_READER_H_
#define ARCHIVE_NEWS_READER_H_

#include <archive_news/article.h>
#include <archive_news/export.h>
#include <archive_news/range_source.h>
#include <archive_news/signature.h>

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

// The largest raw size of an article record a writer may store (spec/FORMAT.md), 16 MiB. The
// text of the longest real articles is well under 1 MiB; images and attachments are not inside
// the record, only their references (about 150 bytes each, 1.5 KiB with a long name, title and
// description), so an article of 10,000 attachments fits too.
inline constexpr std::uint64_t kMaxArticleRecordSize = std::uint64_t{1} << 24;

// Limits that stop hostile input from making a reader allocate, recurse or loop without bound.
// Exceeding one throws Error(kLimitExceeded) naming the limit. The defaults read every bundle a
// conforming writer makes, in a few tens of MiB; a small device lowers them.
struct ReaderOptions {
  // Largest signature section accepted. A signature record is about 300 bytes.
  std::uint64_t maxSignatureSectionSize = std::uint64_t{1} << 20;
  // Largest timestamp section accepted. A token with its TSA's certificate is 2 to 6 KiB.
  std::uint64_t maxTimestampSectionSize = std::uint64_t{1} << 20;
  // Largest raw size of one piece of content that read() returns as a whole vector. Stops a
  // decompression bomb: a frame is never decompressed past its recorded raw size.
  std::uint64_t maxContentSize = std::uint64_t{1} << 30;
  // Largest raw size of one article record. Writers stay within kMaxArticleRecordSize, so the
  // default reads every conforming bundle.
  std::uint64_t maxRecordSize = kMaxArticleRecordSize;
  // Largest raw size of one cluster, checked before any byte of it is decoded: a writer closes a
  // cluster at 8 MiB at most, and only one record alone (up to maxRecordSize) makes it larger.
  std::uint64_t maxClusterSize = kMaxArticleRecordSize;
  // Cap'n Proto traversal budget per message, in multiples of the message's own size (words).
  // Stops amplification: a small message whose pointers visit the same data again and again.
  std::uint32_t traversalFactor = 8;
  // Cap'n Proto pointer nesting depth. Stops stack exhaustion by deeply nested structs.
  int nestingLimit = 64;
  // Largest zstd window (log2 bytes) a frame may ask for. Stops a frame that demands a huge buffer.
  unsigned maxWindowLog = 27;
};

// The bundle as a whole, from its seal and its information extent.
struct BundleInfo {
  std::uint16_t formatMajor = 0;
  std::uint16_t formatMinor = 0;
  std::string bundleId;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::string creatorTool;
  std::string created;          // RFC 3339 UTC
  std::string digestAlgorithm;  // "sha256"
  std::uint64_t articleCount = 0;
  std::uint64_t contentCount = 0;  // distinct images and attachments
  std::uint64_t clusterCount = 0;  // clusters of article records
  std::uint64_t rawBytes = 0;      // raw bytes of every extent but the pages
  std::uint64_t storedBytes = 0;   // stored bytes of the same
  std::uint64_t fileSize = 0;
  std::vector<KeyValue> extra;
  // This state's sequence: 0 for a bundle never appended to, n after n appends
  // (spec/FORMAT.md section 15). The counts of contents, clusters and bytes above are this
  // state's own: what its append added.
  std::uint32_t state = 0;
};

// One state of a bundle: the bundle as an append (or the first pack) left it. Its bytes are the
// file's first `fileSize` bytes.
struct BundleState {
  std::uint32_t sequence = 0;
  std::string created;  // RFC 3339 UTC, from its seal
  std::uint64_t fileSize = 0;
  std::uint64_t articleCount = 0;
  Digest sealDigest{};  // SHA-256 of its seal's bytes
  std::vector<Signature> signatures;
};

// One article as the index describes it: enough to list it without reading its record. The
// index keeps a headline of at most 1024 bytes and at most 16 byline names of at most 256 bytes
// each, cut at a character boundary; article() has them whole.
struct ArticleSummary {
  std::string id;
  std::string headline;
  bool headlineCut = false;  // the headline is longer than `headline`
  std::optional<std::string> firstcreated;
  std::optional<std::string> versioncreated;
  std::vector<std::string> bylines;
  std::uint32_t imageCount = 0;
  std::uint32_t attachmentCount = 0;
  std::uint64_t contentSize = 0;  // raw bytes of the record, images and attachments
  // The history: records this id has had up to this state, this one included (1: the first
  // version), and the state that wrote this one.
  std::uint32_t version = 1;
  std::uint32_t state = 0;
  std::optional<std::string> pubstatus;  // the record's Article::pubstatus; absent when it has none
};

// Where a state's full-text index lies (Seal.searchIndex).
struct SearchIndexInfo {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  Digest digest{};     // SHA-256 of its bytes, which the seal covers
  std::string engine;  // what reads it: "xapian-glass-1.4"
  std::uint64_t documents = 0;
  std::uint32_t state = 0;  // the state that holds it
};

namespace internal {
struct BundleAccess;
}  // namespace internal

class ARCHIVE_NEWS_EXPORT Bundle {
 public:
  // Maps the file read-only and checks the header, the footer, the seal and the signature
  // section's digests, and the dictionary. Throws Error(kIOError) when the file cannot be read,
  // kCorruption when it is not a well-formed bundle, kUnsupported for an unknown major version
  // or algorithm, kLimitExceeded past a limit.
  static Bundle open(const std::filesystem::path& path, const ReaderOptions& options = {});

  // The same over a caller's buffer, which must outlive the Bundle and stay unchanged. `name`
  // stands for the file in error messages.
  static Bundle fromMemory(std::span<const std::uint8_t> bytes, std::string name,
                           const ReaderOptions& options = {});

  // The same over bytes read by offset (archive_news/range_source.h): a remote file, with
  // openRemote() (archive_news/remote.h). It fetches what each call needs, in 64 KiB blocks,
  // into an unlinked temporary file (memory the kernel can reclaim) and keeps them: opening
  // fetches the last 64 KiB and the header, reading one article its index pages and cluster.
  // Errors of the source come as Error(kIOError) naming it, from whichever call needed the bytes.
  static Bundle fromSource(std::shared_ptr<const RangeSource> source,
                           const ReaderOptions& options = {});

  Bundle(Bundle&&) noexcept;
  Bundle& operator=(Bundle&&) noexcept;
  ~Bundle();

  const std::string& name() const noexcept;
  BundleInfo info() const;

  // Articles, in the index's order (ascending id, bytewise).
  std::size_t articleCount() const;
  // The article at this position. Throws Error(kNotFound) past the end.
  ArticleSummary summary(std::size_t index) const;
  // Position of the article with this id; std::nullopt when there is none.
  std::optional<std::size_t> find(std::string_view id) const;
  // Summaries in id order from position `first`, until `visit` returns false: what listing
  // uses. Holds one index page a level, whatever the number of articles. A fault of the index
  // is thrown when reached, after the articles before it have been visited.
  void forEachArticle(std::size_t first,
                      const std::function<bool(const ArticleSummary&)>& visit) const;
  // Reads and decodes one article record. Throws Error(kNotFound) for a position out of range.
  Article article(std::size_t index) const;
  // The article with this id. Throws Error(kNotFound) when there is none.
  Article article(std::string_view id) const;

  // The raw bytes of content (an image or attachment), decompressed and checked against its
  // digest. Throws Error(kCorruption) when the stored bytes do not decode to the recorded size
  // and digest, and kLimitExceeded when it is larger than ReaderOptions::maxContentSize.
  std::vector<std::uint8_t> read(const ContentRef& content) const;
  // The same in pieces of at most a few hundred KiB, for content of any size; memory stays
  // bounded. The digest is checked at the end: a sink that must not act on unchecked bytes keeps
  // them until read() returns.
  void read(const ContentRef& content,
            const std::function<void(std::span<const std::uint8_t>)>& sink) const;

  // Content stored uncompressed, in place: its bytes in the mapped file or buffer, checked
  // against the digest and valid while the Bundle lives; std::nullopt for compressed content,
  // which only read() decodes. A program can then write a large image straight from the mapping,
  // or check the next piece on another thread while it writes this one. Throws as read() does.
  std::optional<std::span<const std::uint8_t>> storedBytes(const ContentRef& content) const;

  std::vector<Signature> signatures() const;
  // The RFC 3161 timestamps of this state, in the order they were added (spec/FORMAT.md 7.4).
  // Their tokens are not checked here: verify() does that.
  std::vector<Timestamp> timestamps() const;

  // The states (spec/FORMAT.md section 15), the first one first and this one last. Reads each
  // state's tail and signature section, nothing else. Throws Error(kCorruption) for a link
  // between two states that does not hold.
  std::vector<BundleState> history() const;
  // The bundle as state `sequence` left it, over the first bytes of this one's file or buffer:
  // this Bundle must outlive it. Throws Error(kNotFound) for a state the bundle does not have,
  // and as open() for one that does not read.
  Bundle atState(std::uint32_t sequence) const;
  // Every version of the article with this id, the first one first and the current one last;
  // empty when there is none. One descent of the index a version.
  std::vector<ArticleSummary> versions(std::string_view id) const;
  // What this state wrote: the entries whose `state` is this state's sequence (new ids, version
  // 1, and new versions of earlier ids), in id order, until `visit` returns false. Reads only the
  // index pages this state wrote, so its cost follows the size of the change, not of the bundle
  // (state 0 wrote every page: every entry). Throws as forEachArticle() for a damaged page.
  void forEachChange(const std::function<bool(const ArticleSummary&)>& visit) const;

  // The seal's exact bytes: what every signature signs, and what `newsarc seal` exports for
  // stock minisign to verify.
  std::span<const std::uint8_t> sealBytes() const;
  // The text of the schema the bundle carries (format/newsarc.capnp of its writer).
  std::string schemaText() const;

  // The whole file or buffer, for the verifier. A Bundle of a RangeSource fetches all of it.
  std::span<const std::uint8_t> bytes() const;

  // The full-text index this state holds (spec/FORMAT.md 5.10; archive_news/search.h reads it),
  // or std::nullopt.
  std::optional<SearchIndexInfo> searchIndex() const;
  // A file descriptor, the caller's to close, positioned at the first byte of that index in a
  // file that holds it whole: the bundle's own file (opened again by its path, refused with
  // kIOError when the path now names another file), a remote bundle's local copy (the index is
  // fetched whole), or, for a caller's buffer, a temporary copy of the index. What a search
  // engine that reads files by itself opens. Its bytes are first checked against the seal's
  // digest: Error(kCorruption) when they do not match; kNotFound when the state has no index.
  int openSearchIndex() const;

  struct Impl;

 private:
  friend struct internal::BundleAccess;  // the library's verifier and signer, not API
  explicit Bundle(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_READER_H_
