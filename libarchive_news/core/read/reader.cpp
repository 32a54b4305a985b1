#include <archive_news/error.h>
#include <archive_news/reader.h>

#include <algorithm>

#include "core/common/content_extent.h"
#include "core/common/index_entry.h"
#include "core/common/sha256.h"
#include "core/read/bundle_impl.h"
#include "core/read/index_tree_reader.h"
#include "core/read/range_mirror.h"
#include "core/read/state_chain.h"

namespace archive_news {
namespace {

constexpr std::size_t kChunkSize = 256 << 10;

std::unique_ptr<Bundle::Impl> openImpl(std::unique_ptr<internal::MappedFile> mapping,
                                       std::span<const std::uint8_t> file, std::string name,
                                       const ReaderOptions& options) {
  auto impl = std::make_unique<Bundle::Impl>();
  impl->name = std::move(name);
  impl->options = options;
  impl->mapping = std::move(mapping);
  impl->file = file;
  impl->reader = std::make_unique<internal::BundleReader>(impl->file, impl->name, options);
  return impl;
}

ArticleSummary summaryOf(internal::IndexEntry&& entry) {
  ArticleSummary s;
  s.id = std::move(entry.id);
  s.headline = std::move(entry.headline);
  s.headlineCut = entry.headlineCut;
  s.firstcreated = std::move(entry.firstcreated);
  s.versioncreated = std::move(entry.versioncreated);
  s.bylines = std::move(entry.bylineNames);
  s.imageCount = entry.imageCount;
  s.attachmentCount = entry.attachmentCount;
  s.contentSize = entry.contentSize;
  s.version = entry.version;
  s.state = entry.state;
  s.pubstatus = internal::pubStatusText(entry.pubstatus);
  return s;
}

// Errors of reading one article name it, so that a caller listing many knows which failed.
Article readArticle(const Bundle::Impl& impl, const internal::IndexEntry& entry) {
  try {
    return impl.reader->article(entry).article;
  } catch (const Error& error) {
    throw inArticle(error, entry.id);
  }
}

}  // namespace

Bundle::Bundle(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Bundle::Bundle(Bundle&&) noexcept = default;
Bundle& Bundle::operator=(Bundle&&) noexcept = default;
Bundle::~Bundle() = default;

Bundle Bundle::open(const std::filesystem::path& path, const ReaderOptions& options) {
  auto mapping = std::make_unique<internal::MappedFile>(path);
  std::span<const std::uint8_t> bytes = mapping->bytes();
  auto origin = std::make_shared<const internal::FileIdentity>(mapping->identity());
  std::unique_ptr<Impl> impl = openImpl(std::move(mapping), bytes, path.string(), options);
  impl->origin = std::move(origin);
  return Bundle(std::move(impl));
}

Bundle Bundle::fromMemory(std::span<const std::uint8_t> bytes, std::string name,
                          const ReaderOptions& options) {
  return Bundle(openImpl(nullptr, bytes, std::move(name), options));
}

Bundle Bundle::fromSource(std::shared_ptr<const RangeSource> source, const ReaderOptions& options) {
  auto mirror = std::make_unique<internal::RangeMirror>(std::move(source));
  const std::span<const std::uint8_t> bytes = mirror->bytes();
  std::string name = mirror->name();
  std::unique_ptr<Impl> impl = openImpl(nullptr, bytes, std::move(name), options);
  // Declared before the reader in Impl, so destroyed after it; set once opened, as a mapping is.
  impl->mirrorDescriptor = mirror->descriptor();
  impl->mirror = std::move(mirror);
  return Bundle(std::move(impl));
}

const std::string& Bundle::name() const noexcept { return impl_->name; }

BundleInfo Bundle::info() const {
  const internal::Tail& tail = impl_->reader->tail();
  const internal::Seal& seal = tail.seal;
  internal::InfoFields fields = impl_->reader->info();
  BundleInfo info;
  info.formatMajor = tail.header.major;
  info.formatMinor = tail.header.minor;
  info.bundleId = seal.bundleId;
  info.title = std::move(fields.title);
  info.description = std::move(fields.description);
  info.creatorTool = std::move(fields.creatorTool);
  info.created = seal.created;
  info.digestAlgorithm = "sha256";
  info.articleCount = seal.index.count;
  info.contentCount = seal.contentCount;
  info.clusterCount = seal.clusterCount;
  info.rawBytes = seal.rawBytes;
  info.storedBytes = seal.storedBytes;
  info.fileSize = impl_->file.size();
  info.extra = std::move(fields.extra);
  info.state = seal.sequence;
  return info;
}

std::size_t Bundle::articleCount() const { return impl_->reader->articleCount(); }

ArticleSummary Bundle::summary(std::size_t index) const {
  return summaryOf(impl_->reader->entryAt(index));
}

std::optional<std::size_t> Bundle::find(std::string_view id) const {
  auto found = impl_->reader->locate(id);
  if (!found) return std::nullopt;
  return found->first;
}

void Bundle::forEachArticle(std::size_t first,
                            const std::function<bool(const ArticleSummary&)>& visit) const {
  impl_->reader->forEachFrom(first, [&](const internal::IndexEntry& entry) {
    return visit(summaryOf(internal::IndexEntry(entry)));
  });
}

Article Bundle::article(std::size_t index) const {
  return readArticle(*impl_, impl_->reader->entryAt(index));
}

Article Bundle::article(std::string_view id) const {
  std::optional<internal::IndexEntry> entry = impl_->reader->find(id);
  if (!entry) {
    throw Error(ErrorCode::kNotFound, impl_->name, std::nullopt,
                "no article with id '" + std::string(id) + "'");
  }
  return readArticle(*impl_, *entry);
}

void Bundle::read(const ContentRef& content,
                  const std::function<void(std::span<const std::uint8_t>)>& sink) const {
  impl_->reader->readContent(internal::extentOf(content), content.digest, sink);
}

std::optional<std::span<const std::uint8_t>> Bundle::storedBytes(const ContentRef& content) const {
  return impl_->reader->storedContent(internal::extentOf(content), content.digest);
}

std::vector<std::uint8_t> Bundle::read(const ContentRef& content) const {
  if (content.size > impl_->options.maxContentSize) {
    throw Error(ErrorCode::kLimitExceeded, impl_->name, content.extent.offset,
                "content of " + std::to_string(content.size) +
                    " bytes exceeds ReaderOptions::maxContentSize (" +
                    std::to_string(impl_->options.maxContentSize) + "); read it as a stream");
  }
  std::vector<std::uint8_t> out;
  out.reserve(std::min<std::uint64_t>(content.size, kChunkSize * 64));
  read(content,
       [&](std::span<const std::uint8_t> p) { out.insert(out.end(), p.begin(), p.end()); });
  return out;
}

std::vector<Signature> Bundle::signatures() const { return impl_->reader->signatures(); }

std::vector<Timestamp> Bundle::timestamps() const { return impl_->reader->timestamps(); }

std::span<const std::uint8_t> Bundle::sealBytes() const { return impl_->reader->tail().sealBytes; }

std::string Bundle::schemaText() const { return impl_->reader->schemaText(); }

std::span<const std::uint8_t> Bundle::bytes() const {
  internal::ensureBytes(impl_->file, 0, impl_->file.size());
  return impl_->file;
}

std::vector<BundleState> Bundle::history() const {
  std::vector<BundleState> states;
  internal::forEachState(impl_->file, impl_->name, impl_->reader->tail(), impl_->options,
                         [&](std::span<const std::uint8_t> bytes, const internal::Tail& tail) {
                           BundleState state;
                           state.sequence = tail.seal.sequence;
                           state.created = tail.seal.created;
                           state.fileSize = bytes.size();
                           state.articleCount = tail.seal.index.count;
                           state.sealDigest = internal::sha256(tail.sealBytes);
                           state.signatures =
                               internal::readSignatures(tail, impl_->name, impl_->options);
                           states.push_back(std::move(state));
                           return true;
                         });
  std::reverse(states.begin(), states.end());
  return states;
}

Bundle Bundle::atState(std::uint32_t sequence) const {
  const std::span<const std::uint8_t> bytes = internal::stateBytes(
      impl_->file, impl_->name, impl_->reader->tail(), sequence, impl_->options);
  // An earlier state is the file's first bytes: offsets stay, and so does the file.
  std::unique_ptr<Impl> impl = openImpl(nullptr, bytes, impl_->name, impl_->options);
  impl->origin = impl_->origin;
  impl->mirrorDescriptor = impl_->mirrorDescriptor;
  return Bundle(std::move(impl));
}

// Version v of an id written in state w: version v - 1 is the one state w - 1 holds.
std::vector<ArticleSummary> Bundle::versions(std::string_view id) const {
  std::vector<ArticleSummary> found;
  std::optional<internal::IndexEntry> entry = impl_->reader->find(id);
  if (!entry) return found;
  found.push_back(summaryOf(internal::IndexEntry(*entry)));
  while (entry->version > 1) {
    const std::uint32_t expected = entry->version - 1;
    if (entry->state == 0) break;  // a first state holds first versions only: damaged
    const Bundle earlier = atState(entry->state - 1);
    entry = earlier.impl_->reader->find(id);
    if (!entry || entry->version != expected) {
      throw Error(ErrorCode::kCorruption, impl_->name, std::nullopt,
                  "article '" + std::string(id) + "': version " + std::to_string(expected + 1) +
                      " follows no version " + std::to_string(expected) + " in the state before");
    }
    found.push_back(summaryOf(internal::IndexEntry(*entry)));
  }
  std::reverse(found.begin(), found.end());
  return found;
}

// The pages this state wrote lie at or after the previous state's seal; a child below it is a
// page of an earlier state, shared whole with its subtree, whose entries are all earlier.
void Bundle::forEachChange(const std::function<bool(const ArticleSummary&)>& visit) const {
  const internal::Seal& seal = impl_->reader->tail().seal;
  if (seal.index.count == 0) return;
  const std::uint64_t written = seal.previousSeal ? seal.previousSeal->offset : 0;
  internal::IndexTreeReader tree(impl_->reader->extents(), seal.index, impl_->options);
  using PageAt = internal::IndexTreeReader::PageAt;
  // Recursion depth: the tree's, bounded by kMaxTreeDepth (each child one level lower).
  const std::function<bool(const PageAt&)> walk = [&](const PageAt& at) {
    if (at.ref.offset < written) return true;
    if (at.level == 0) {
      for (internal::IndexEntry& entry : tree.leaf(at)) {
        if (entry.state == seal.sequence && !visit(summaryOf(std::move(entry)))) return false;
      }
      return true;
    }
    const internal::IndexInnerPage page = tree.inner(at);
    for (std::size_t i = 0; i < page.children.size(); ++i) {
      if (!walk(tree.child(at, page, i))) return false;
    }
    return true;
  };
  walk(tree.root());
}

}  // namespace archive_news
