#include "manifest_builder.h"

#include <capnp/message.h>

#include <algorithm>

#include "capnp_model.h"
#include "container.h"

namespace archive_news::internal {
namespace {

unsigned estimateManifestWords(const std::vector<IndexEntry>& index,
                               const std::vector<StoredBlob>& blobs) {
  std::size_t bytes = 256 + blobs.size() * 160;
  for (const auto& e : index) {
    bytes += 160 + e.id.size() + e.headline.size() + 64;
    for (const auto& b : e.bylines) bytes += b.size() + 16;
  }
  return static_cast<unsigned>(std::min<std::size_t>(bytes / 8, 1u << 29));
}

void buildArticleIndex(capnp::List<schema::ArticleEntry>::Builder out,
                       const std::vector<IndexEntry>& index) {
  for (unsigned i = 0; i < index.size(); ++i) {
    const IndexEntry& e = index[i];
    auto entry = out[i];
    entry.setId(toText(e.id));
    entry.setHeadline(toText(e.headline));
    if (e.firstcreated) entry.setFirstcreated(toText(*e.firstcreated));
    if (e.versioncreated) entry.setVersioncreated(toText(*e.versioncreated));
    auto bylines = entry.initBylines(e.bylines.size());
    for (unsigned j = 0; j < e.bylines.size(); ++j) bylines.set(j, toText(e.bylines[j]));
    entry.setImageCount(e.imageCount);
    entry.setAttachmentCount(e.attachmentCount);
    entry.setRecord(e.record);
    entry.setContentSize(e.contentSize);
  }
}

void buildBlobTable(capnp::List<schema::Blob>::Builder out, const std::vector<StoredBlob>& blobs) {
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
    blob.setMediaType(toText(b.mediaType));
    blob.setKind(b.kind);
  }
}

}  // namespace

IndexEntry indexEntryOf(const Article& article) {
  IndexEntry entry;
  entry.id = article.uri;
  entry.headline = article.headline;
  entry.firstcreated = article.firstcreated;
  entry.versioncreated = article.versioncreated;
  for (const auto& b : article.bylines) entry.bylines.push_back(b.name);
  entry.imageCount = static_cast<std::uint32_t>(article.images.size());
  entry.attachmentCount = static_cast<std::uint32_t>(article.attachments.size());
  return entry;
}

std::unique_ptr<capnp::MallocMessageBuilder> buildManifest(const WriterOptions& options,
                                                           std::vector<IndexEntry>& index,
                                                           const std::vector<StoredBlob>& blobs) {
  std::sort(index.begin(), index.end(),
            [](const IndexEntry& a, const IndexEntry& b) { return a.id < b.id; });
  auto message = std::make_unique<capnp::MallocMessageBuilder>(estimateManifestWords(index, blobs));
  auto m = message->initRoot<schema::Manifest>();
  m.setFormatMajor(kFormatMajor);
  m.setFormatMinor(kFormatMinor);
  m.setBundleId(toText(*options.bundleId));
  if (options.title) m.setTitle(toText(*options.title));
  if (options.description) m.setDescription(toText(*options.description));
  m.setCreatorTool(toText(*options.creatorTool));
  m.setCreated(toText(*options.created));
  m.setDigestAlgorithm(schema::DigestAlgorithm::SHA256);
  buildArticleIndex(m.initArticles(index.size()), index);
  buildBlobTable(m.initBlobs(blobs.size()), blobs);
  m.setSchemaBlob(0);
  auto extra = m.initExtra(options.extra.size());
  for (unsigned i = 0; i < options.extra.size(); ++i) {
    extra[i].setKey(toText(options.extra[i].key));
    extra[i].setValue(toText(options.extra[i].value));
  }
  return message;
}

}  // namespace archive_news::internal
