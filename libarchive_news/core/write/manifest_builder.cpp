#include "core/write/manifest_builder.h"

#include <capnp/message.h>

#include <algorithm>

#include "core/common/capnp_text.h"
#include "core/common/container.h"

namespace archive_news::internal {
namespace {

unsigned estimateManifestWords(const ArticleIndexDraft& index, const BlobTable& blobs) {
  const std::uint64_t bytes = 256 + blobs.size() * 160 + index.size() * 224 + index.textBytes();
  return static_cast<unsigned>(std::min<std::uint64_t>(bytes / 8, 1u << 29));
}

kj::StringPtr toText(std::string_view text) { return kj::StringPtr(text.data(), text.size()); }

void buildArticleIndex(capnp::List<schema::ArticleEntry>::Builder out,
                       const ArticleIndexDraft& index) {
  const std::vector<std::uint32_t> order = index.idOrder();
  for (unsigned i = 0; i < order.size(); ++i) {
    const ArticleIndexDraft::EntryView e = index.entry(order[i]);
    auto entry = out[i];
    entry.setId(toText(e.id));
    entry.setHeadline(toText(e.headline));
    if (e.firstcreated) entry.setFirstcreated(toText(*e.firstcreated));
    if (e.versioncreated) entry.setVersioncreated(toText(*e.versioncreated));
    auto bylines = entry.initBylines(e.bylineCount);
    index.forEachByline(order[i], [&bylines](std::uint32_t j, std::string_view name) {
      bylines.set(j, toText(name));
    });
    entry.setImageCount(e.imageCount);
    entry.setAttachmentCount(e.attachmentCount);
    entry.setRecord(e.record);
    entry.setContentSize(e.contentSize);
  }
}

void buildBlobTable(capnp::List<schema::Blob>::Builder out, const BlobTable& blobs) {
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
    blob.setMediaType(toText(blobs.mediaType(b)));
    blob.setKind(b.kind);
  }
}

}  // namespace

std::unique_ptr<capnp::MallocMessageBuilder> buildManifest(const WriterOptions& options,
                                                           const ArticleIndexDraft& index,
                                                           const BlobTable& blobs) {
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
