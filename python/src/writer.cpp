// Writing a bundle (archive_news/writer.h, article_folder.h): article folders as `newsarc pack`
// reads them, and newsarc.Article objects whose images and attachments hold their bytes.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/search.h>
#include <archive_news/writer.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core.h"

namespace newsarc_python {

namespace {

using archive_news::Error;
using archive_news::ErrorCode;

std::optional<std::string> optionalString(py::handle value) {
  if (value.is_none()) return std::nullopt;
  return utf8Of(value);
}

std::vector<std::string> strings(py::handle list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(utf8Of(item));
  return out;
}

std::vector<archive_news::KeyValue> pairs(py::handle dict) {
  std::vector<archive_news::KeyValue> out;
  for (const auto& [key, value] : py::reinterpret_borrow<py::dict>(dict)) {
    out.push_back({utf8Of(key), utf8Of(value)});
  }
  return out;
}

archive_news::WriterOptions writerOptions(const py::dict& o) {
  archive_news::WriterOptions options;
  options.bundleId = optionalString(o["bundle_id"]);
  options.title = optionalString(o["title"]);
  options.description = optionalString(o["description"]);
  options.created = optionalString(o["created"]);
  options.creatorTool = optionalString(o["creator_tool"]);
  options.extra = pairs(o["extra"]);
  options.compressionLevel = py::cast<int>(o["compression_level"]);
  options.clusterSize = py::cast<std::size_t>(o["cluster_size"]);
  options.trainDictionary = py::cast<bool>(o["train_dictionary"]);
  options.jobs = py::cast<unsigned>(o["jobs"]);
  options.reproducible = py::cast<bool>(o["reproducible"]);
  return options;
}

archive_news::Block blockOf(py::handle block) {
  auto is = [&](const char* type) { return py::isinstance(block, pythonType(type)); };
  if (is("Paragraph")) return archive_news::Paragraph{utf8Of(block.attr("text"))};
  if (is("Heading")) {
    return archive_news::Heading{py::cast<std::uint8_t>(block.attr("level")),
                                 utf8Of(block.attr("text"))};
  }
  if (is("Quote")) {
    return archive_news::Quote{utf8Of(block.attr("text")),
                               optionalString(block.attr("attribution"))};
  }
  if (is("ImageBlock"))
    return archive_news::ImageBlock{py::cast<std::uint32_t>(block.attr("image"))};
  if (is("AttachmentBlock")) {
    return archive_news::AttachmentBlock{py::cast<std::uint32_t>(block.attr("attachment"))};
  }
  throw Error(ErrorCode::kInvalidArgument,
              "a body block is a " + py::cast<std::string>(py::str(block.get_type())) +
                  "; expected Paragraph, Heading, Quote, ImageBlock or AttachmentBlock");
}

// The bytes an image or attachment to pack holds in `content`.
std::span<const std::uint8_t> contentBytes(py::handle item, const std::string& name) {
  py::handle content = item.attr("content");
  if (!PyBytes_Check(content.ptr())) {
    throw Error(ErrorCode::kInvalidArgument,
                "'" + name + "': content to pack must be bytes, not " +
                    py::cast<std::string>(py::str(content.get_type())));
  }
  return {reinterpret_cast<const std::uint8_t*>(PyBytes_AS_STRING(content.ptr())),
          static_cast<std::size_t>(PyBytes_GET_SIZE(content.ptr()))};
}

class Writer {
 public:
  Writer(const std::string& path, const py::dict& options, bool overwrite)
      : writer_(archive_news::BundleWriter::create(path, writerOptions(options), overwrite)) {
    // pack(index=True): a full-text index of the articles, stored in the bundle.
    if (options.contains("search_index") && py::cast<bool>(options["search_index"])) {
      writer_->setIndexer(archive_news::makeSearchIndexer());
    }
  }

  std::string addFolder(const std::string& dir) {
    py::gil_scoped_release release;
    const archive_news::ArticleFolder folder = archive_news::loadArticleFolder(dir);
    return archive_news::addArticleFolder(writer(), folder).uri;
  }

  void addArticle(py::handle a) {
    archive_news::Article article;
    article.uri = utf8Of(a.attr("uri"));
    article.headline = utf8Of(a.attr("headline"));
    article.url = optionalString(a.attr("url"));
    article.subheadlines = strings(a.attr("subheadlines"));
    article.section = optionalString(a.attr("section"));
    article.publisher = optionalString(a.attr("publisher"));
    for (const auto& b : a.attr("bylines")) {
      article.bylines.push_back({utf8Of(b.attr("name")), optionalString(b.attr("email")),
                                 optionalString(b.attr("role"))});
    }
    article.firstcreated = optionalString(a.attr("firstcreated"));
    article.versioncreated = optionalString(a.attr("versioncreated"));
    article.language = optionalString(a.attr("language"));
    article.located = optionalString(a.attr("located"));
    article.keywords = strings(a.attr("keywords"));
    article.copyrightnotice = optionalString(a.attr("copyrightnotice"));
    article.usageterms = optionalString(a.attr("usageterms"));
    for (const auto& block : a.attr("body")) article.body.push_back(blockOf(block));
    for (const auto& i : a.attr("images")) article.images.push_back(image(i));
    for (const auto& t : a.attr("attachments")) article.attachments.push_back(attachment(t));
    article.extra = pairs(a.attr("extra"));
    article.pubstatus = optionalString(a.attr("pubstatus"));
    py::gil_scoped_release release;
    writer().addArticle(article);
  }

  void addSigner(const archive_news::SecretKey& key, const std::string& signer) {
    writer().addSigner(key, signer);
  }

  void finish() {
    py::gil_scoped_release release;
    writer().finish();
    writer_.reset();
  }

  std::size_t articleCount() { return writer().articleCount(); }

 private:
  archive_news::BundleWriter& writer() {
    if (!writer_) throw py::value_error("the bundle writer is finished");
    return *writer_;
  }

  archive_news::ContentRef store(py::handle item, const std::string& name,
                                 const std::string& mediatype) {
    const auto bytes = contentBytes(item, name);
    py::gil_scoped_release release;  // hashing and compressing; `item` keeps the bytes alive
    return writer().addContent(bytes, mediatype);
  }

  archive_news::Image image(py::handle i) {
    archive_news::Image image;
    image.name = utf8Of(i.attr("name"));
    image.fileName = utf8Of(i.attr("file_name"));
    image.mediatype = utf8Of(i.attr("mediatype"));
    image.caption = optionalString(i.attr("caption"));
    image.credit = optionalString(i.attr("credit"));
    image.byline = optionalString(i.attr("byline"));
    image.alt = optionalString(i.attr("alt"));
    image.width = py::cast<std::uint32_t>(i.attr("width"));
    image.height = py::cast<std::uint32_t>(i.attr("height"));
    image.content = store(i, image.name, image.mediatype);
    return image;
  }

  archive_news::Attachment attachment(py::handle t) {
    archive_news::Attachment attachment;
    attachment.name = utf8Of(t.attr("name"));
    attachment.fileName = utf8Of(t.attr("file_name"));
    attachment.mediatype = utf8Of(t.attr("mediatype"));
    attachment.description = optionalString(t.attr("description"));
    attachment.content = store(t, attachment.name, attachment.mediatype);
    return attachment;
  }

  std::optional<archive_news::BundleWriter> writer_;
};

}  // namespace

void registerWriter(py::module_& m) {
  py::class_<Writer>(m, "Writer", "A bundle being written.")
      .def(py::init<const std::string&, const py::dict&, bool>(), py::arg("path"),
           py::arg("options"), py::arg("overwrite"))
      .def("add_folder", &Writer::addFolder, py::arg("dir"))
      .def("add_article", &Writer::addArticle, py::arg("article"))
      .def("add_signer", &Writer::addSigner, py::arg("key"), py::arg("signer"))
      .def("finish", &Writer::finish)
      .def_property_readonly("article_count", &Writer::articleCount);
}

}  // namespace newsarc_python
