// Writes the seed corpora of the fuzz targets: small valid inputs of each kind, so that the fuzzer
// starts from inputs that get past the first checks. Run by scripts/make-fuzz-corpus.sh, which
// documents when to run it (after a format change); the output is committed under
// tests/fuzz/corpus/<target>/seed-*.
//
// Bundles are made with fixed ids, times and a fixed key so that the output is reproducible.
#include <archive_news/article_folder.h>
#include <archive_news/keys.h>
#include <archive_news/ninjs.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>
#include <archive_news/writer.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/common/canonical_message.h"
#include "core/common/info_message.h"
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "core/write/capnp_encode.h"
#include "core/write/extent_page_builder.h"
#include "core/write/index_page_builder.h"
#include "core/write/record_encode.h"
#include "core/write/tail_writer.h"
#include "fuzz_support.h"
#include "vector_sink.h"

using namespace archive_news;
namespace fs = std::filesystem;
using newsarc_test::VectorSink;

namespace {

using Bytes = std::vector<std::uint8_t>;

void writeFile(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "make_seeds: cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

void writeFile(const fs::path& path, const Bytes& bytes) {
  writeFile(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Article plainArticle(const std::string& uri) {
  Article a;
  a.uri = uri;
  a.headline = "Harbour reopens";
  a.language = "en";
  a.firstcreated = "2024-03-01T09:30:00+09:00";
  a.bylines = {{"Kim Min-ji", "minji@example.org", "reporter"}};
  a.body = {Paragraph{"The harbour reopened on Friday."}, Heading{2, "Ferries"},
            Quote{"Normal traffic by evening.", "Port authority"}};
  a.keywords = {"harbour"};
  a.extra = {{"desk", "local"}};
  return a;
}

Article articleWithFiles(const std::string& uri) {
  Article a = plainArticle(uri);
  a.body.push_back(ImageBlock{0});
  a.body.push_back(AttachmentBlock{0});
  a.images = {
      {"photo", "photo.png", "image/png", "Dawn", "Agency", std::nullopt, "Boats", 2, 1, {}}};
  a.attachments = {{"notice", "notice.txt", "text/plain; charset=utf-8", "Port notice", {}}};
  return a;
}

// The record of an article whose content is named by made-up extents.
Bytes recordOf(Article article) {
  if (!article.images.empty()) article.images[0].content = {Digest{1, 2, 3}, 12, {}};
  if (!article.attachments.empty()) article.attachments[0].content = {Digest{4, 5, 6}, 780, {}};
  return internal::encodeArticleRecord(article, [](const ContentRef& ref) {
    internal::ExtentRef extent;
    extent.offset = 4096;
    extent.storedSize = ref.size;
    extent.rawSize = ref.size;
    extent.storedDigest = ref.digest;
    return extent;
  });
}

// Canonical messages of the kinds format 2 writes: an article record, a seal, a signature set
// and the bundle information.
void writeCanonicalSeeds(const fs::path& folder, std::span<const std::uint8_t> seal,
                         const Bytes& signatureSet) {
  writeFile(folder / "seed-article.bin", recordOf(articleWithFiles("urn:fuzz:files")));
  writeFile(folder / "seed-seal.bin", Bytes(seal.begin(), seal.end()));
  writeFile(folder / "seed-signature-set.bin", signatureSet);
  internal::InfoFields info;
  info.title = "Harbour";
  info.creatorTool = "newsarc fuzz seeds";
  info.extra = {{"desk", "local"}};
  writeFile(folder / "seed-info.bin", internal::encodeInfo(info));
}

// The pages: an index leaf with absent, empty and present values and three runs
// alternating between two clusters (records 0, 1, 2 in clusters 0, 1, 0), an empty leaf (the
// empty index), an inner page; an extent table leaf and inner page.
void writePageSeeds(const fs::path& corpus) {
  internal::IndexLeafBuilder leaf;
  internal::ExtentInnerBuilder extentInner(1);
  for (std::uint32_t i = 0; i < 3; ++i) {
    internal::ExtentRef cluster{64 + 4096 * (i % 2), 100, 300, true, false, {}};
    cluster.storedDigest.fill(static_cast<std::uint8_t>(i % 2));
    internal::IndexEntry entry;
    entry.id = "urn:seed:" + std::to_string(i);
    entry.headline = i == 1 ? "" : "Harbour reopens \xe2\x82\xac";
    entry.headlineCut = i == 2;
    if (i != 0) entry.firstcreated = "2024-03-01T09:30:00Z";
    if (i == 2) entry.versioncreated = "";
    entry.bylineNames.assign(i, "Kim Min-ji");
    entry.imageCount = i;
    entry.contentSize = 1000 * i;
    entry.cluster = cluster;
    entry.recordNumber = i;
    leaf.add(entry);
    extentInner.add({cluster.offset + 8 * i, cluster, 1 + i});
  }
  writeFile(corpus / "index_page/seed-leaf.bin", leaf.encode());
  writeFile(corpus / "index_page/seed-empty-leaf.bin", internal::IndexLeafBuilder().encode());
  internal::IndexInnerBuilder inner(2);
  inner.add({"urn:seed:0", internal::ExtentRef{64, 96, 96, false, false, {}}, 300});
  inner.add({"urn:seed:5", internal::ExtentRef{160, 90, 200, true, false, {}}, 1});
  writeFile(corpus / "index_page/seed-inner.bin", inner.encode());

  internal::ExtentLeafBuilder extentLeaf;
  extentLeaf.add({32, 10, 10, internal::ExtentKind::kContent, {}});
  extentLeaf.add({48, 100, 900, internal::ExtentKind::kCluster, {}});
  extentLeaf.add({152, 7, 7, internal::ExtentKind::kPreviousTail, {}});
  writeFile(corpus / "extent_page/seed-leaf.bin", extentLeaf.encode());
  writeFile(corpus / "extent_page/seed-inner.bin", extentInner.encode());
}

// Raw clusters of format 2 records: one record, and three (one with content by extent).
void writeClusterSeeds(const fs::path& folder) {
  const Bytes plain = recordOf(plainArticle("urn:fuzz:plain"));
  const Bytes withFiles = recordOf(articleWithFiles("urn:fuzz:files"));
  writeFile(folder / "seed-one.bin", plain);
  Bytes three = plain;
  three.insert(three.end(), withFiles.begin(), withFiles.end());
  three.insert(three.end(), plain.begin(), plain.end());
  writeFile(folder / "seed-three.bin", three);
}

Bytes buildBundle(const std::vector<Article>& articles, const SecretKey* key,
                  std::size_t clusterSize = std::size_t{256} << 10) {
  Bytes out;
  WriterOptions options;
  options.clusterSize = clusterSize;
  options.bundleId = "urn:uuid:00000000-0000-4000-8000-00000000f022";
  options.created = "2026-11-28T12:00:00Z";
  options.creatorTool = "newsarc fuzz seeds";
  BundleWriter writer(std::make_unique<VectorSink>(out), options);
  if (key != nullptr) writer.addSigner(*key, "fuzz seeds");
  // A tiny PNG-looking image is stored raw; the repetitive text attachment is compressed, so
  // both stored forms are in the seeds.
  const Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
  std::string notice;
  for (int i = 0; i < 20; ++i) notice += "The harbour is open again from 12:00. ";
  for (Article a : articles) {
    for (Image& image : a.images) image.content = writer.addContent(png, image.mediatype);
    for (Attachment& attachment : a.attachments) {
      attachment.content =
          writer.addContent({reinterpret_cast<const std::uint8_t*>(notice.data()), notice.size()},
                            attachment.mediatype);
    }
    writer.addArticle(a);
  }
  writer.finish();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_seeds <corpus folder> <spec/vectors folder>\n");
    return 2;
  }
  const fs::path corpus = argv[1];
  const fs::path vectors = argv[2];
  KeyPair keys = newsarc_fuzz::fixedKeyPair();

  const Bytes unsignedBundle = buildBundle({plainArticle("urn:fuzz:plain")}, nullptr);
  const Bytes signedBundle = buildBundle({articleWithFiles("urn:fuzz:files")}, &keys.secretKey);
  const Bytes twoArticles =
      buildBundle({plainArticle("urn:fuzz:a"), articleWithFiles("urn:fuzz:b")}, &keys.secretKey);
  // Twelve articles in clusters of about 1 KiB: several clusters, runs that change cluster in
  // the index leaf, content shared by several articles.
  std::vector<Article> many;
  for (int i = 0; i < 12; ++i) {
    const std::string uri = "urn:fuzz:many-" + std::to_string(10 + i);
    many.push_back(i % 3 == 0 ? articleWithFiles(uri) : plainArticle(uri));
  }
  const Bytes clusters = buildBundle(many, &keys.secretKey, 1024);
  for (const char* target : {"open_list", "read_all", "verify"}) {
    writeFile(corpus / target / "seed-unsigned.newsarc", unsignedBundle);
    writeFile(corpus / target / "seed-signed.newsarc", signedBundle);
    writeFile(corpus / target / "seed-two-articles.newsarc", twoArticles);
    writeFile(corpus / target / "seed-clusters.newsarc", clusters);
  }

  std::ifstream vectorJson(vectors / "input/harbour/article.json", std::ios::binary);
  const std::string harbour((std::istreambuf_iterator<char>(vectorJson)), {});
  const std::string plainJson = formatArticleJson(plainArticle("urn:fuzz:plain"));
  const std::string filesJson = formatArticleJson(articleWithFiles("urn:fuzz:files"));
  for (const char* target : {"article_json", "round_trip"}) {
    writeFile(corpus / target / "seed-harbour.json", harbour);
    writeFile(corpus / target / "seed-plain.json", plainJson);
    writeFile(corpus / target / "seed-files.json", filesJson);
  }

  // ninjs: the writer's canonical form, and an item as agencies send it (HTML with markup the
  // model has no block for, remote renditions, properties kept in extra), in an array.
  writeFile(corpus / "ninjs/seed-plain.json", formatNinjs(plainArticle("urn:fuzz:plain")));
  writeFile(corpus / "ninjs/seed-files.json", formatNinjs(articleWithFiles("urn:fuzz:files")));
  writeFile(
      corpus / "ninjs/seed-agency.json",
      R"([{"uri": "http://example.org/1", "type": "text", "urgency": 3,)"
      R"( "firstcreated": "2021-05-26T13:40:18", "language": "sv",)"
      R"( "headlines": [{"value": "Rubrik"}, {"role": "subhead", "value": "Under"}],)"
      R"( "by": "A/TT", "bodies": [{"contenttype": "text/html", "value": "<h2>Rubrik</h2>)"
      R"(<p>Ett <a href=\"https://x\">l&auml;nk</a><br>tv&#229;</p><figure><img)"
      R"( src=\"a%20b.jpg\" alt=x><figcaption>c</figcaption></figure><blockquote><p>q</p>)"
      R"(<footer>who</footer></blockquote><ul><li>i</li></ul><p><a data-assoc-ref=\"doc\">)"
      R"(doc</a></p><script>x<y</script>&#0;&bogus;"}],)"
      R"( "subjects": [{"name": "s", "relevance": 9}], "keywords": ["k"],)"
      R"( "associations": [{"name": "img", "type": "picture", "descriptions":)"
      R"( [{"value": "cap"}, {"role": "alt", "value": "alt"}], "renditions": [{"name": "r",)"
      R"( "href": "./a%20b.jpg", "width": 640.5}, {"name": "t", "href": "https://x/t.jpg"}]},)"
      R"( {"name": "doc", "renditions": [{"href": "doc.pdf"}]}, {"name": "v", "type": "video",)"
      R"( "renditions": [{"href": "//cdn/v"}]}], "newsarc": {"section": "s", "bylines":)"
      R"( [{"name": "A", "role": "r"}], "extra": {"k": "v"}}},)"
      R"( {"uri": "2", "bodies": [{"value": "one\r\ntwo"}]}])");

  writeFile(corpus / "public_key/seed-file.pub", formatPublicKey(keys.publicKey, "fuzz key"));
  const std::string publicFile = formatPublicKey(keys.publicKey);
  writeFile(corpus / "public_key/seed-line.pub", publicFile.substr(publicFile.find('\n') + 1));
  // Unencrypted only: an encrypted key runs scrypt with minisign's sensitive parameters (about a
  // second each), which would make every mutation of that seed a timeout.
  writeFile(corpus / "secret_key/seed-unencrypted.key",
            formatSecretKey(keys.secretKey, std::nullopt, "fuzz key"));

  const std::uint8_t message[] = {'m'};
  Signature signature = internal::signMessage(keys.secretKey, message, "timestamp:0\tfile:m");
  writeFile(corpus / "minisig/seed.minisig", formatMinisignSignature(signature));
  writeFile(corpus / "minisig/seed-comment.minisig",
            formatMinisignSignature(signature, "signature from newsarc fuzz seeds"));
  const Bundle signedOpen = Bundle::fromMemory(signedBundle, "seed");
  writeCanonicalSeeds(corpus / "canonical", signedOpen.sealBytes(),
                      internal::encodeSignatureSet({signature}));
  writePageSeeds(corpus);
  writeClusterSeeds(corpus / "cluster");
  std::printf("make_seeds: wrote the seed corpora under %s\n", corpus.c_str());
  return 0;
}
