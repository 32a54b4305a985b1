#include "format2_bundle.h"

#include "core/common/content_extent.h"
#include "core/common/sha256.h"
#include "vector_sink.h"

namespace newsarc_test {

using namespace archive_news;

Article tinyArticle(int i, std::mt19937& random) {
  static const char* kWords[] = {"harbour", "council", "budget", "ferry", "storm", "minister",
                                 "school",  "market",  "rail",   "court", "river", "festival"};
  Article a;
  a.uri = "urn:test:" + std::to_string(random() % 1000000) + "-" + std::to_string(i);
  for (int w = 0; w < 7; ++w) a.headline += std::string(w ? " " : "") + kWords[random() % 12];
  a.firstcreated = "2024-03-0" + std::to_string(1 + i % 9) + "T09:30:00+09:00";
  a.bylines = {{"Reporter " + std::to_string(i % 40), std::nullopt, std::nullopt}};
  a.language = "en";
  a.body.assign(i % 4, Paragraph{a.headline + " again."});
  return a;
}

internal::AssemblerOptions withClusters(std::size_t target) {
  internal::AssemblerOptions options;
  options.clusterTarget = target;
  return options;
}

Format2Bundle makeFormat2Bundle(int count, const KeyPair* key, internal::AssemblerOptions options) {
  Format2Bundle b;
  VectorSink sink(b.file);
  internal::BundleAssembler assembler(sink, options);
  std::mt19937 random(7);
  for (int i = 0; i < count; ++i) {
    Article item = tinyArticle(i, random);
    if (i % 3 == 0) {
      Bytes image(100 + (i % 5) * 37, static_cast<std::uint8_t>(i % 5));
      const Digest digest = internal::sha256(image);
      const internal::ExtentRef extent = assembler.addContent(digest, image, image.size(), false);
      b.contents[digest] = image;
      Image picture;
      picture.name = "photo";
      picture.fileName = "photo.png";
      picture.mediatype = "image/png";
      picture.content = {digest, image.size(), internal::contentExtentOf(extent)};
      item.images.push_back(picture);
      item.body.emplace_back(std::in_place_type<ImageBlock>, ImageBlock{0});
    }
    assembler.addArticle(item);
    b.articles.push_back(item);
  }
  std::vector<internal::SealSigner> signers;
  if (key != nullptr) signers.push_back({key->secretKey, "desk"});
  internal::InfoFields info;
  info.title = "Test bundle";
  info.creatorTool = "format2_bundle";
  assembler.finish({"urn:uuid:11111111-2222-4333-8444-555555555555", "2026-12-06T12:00:00Z"}, info,
                   signers, 1765022400);
  return b;
}

}  // namespace newsarc_test
