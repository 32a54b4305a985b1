// One article as newsarc.Article, every field a Python value: texts as str byte for byte, absent
// optional fields as None, lists as lists, extra as a dict in the source's order, the body as
// block objects, images and attachments with their newsarc.Content.
#include <archive_news/article.h>

#include <string>
#include <variant>

#include "core.h"

namespace newsarc_python {

namespace {

py::bytes digestBytes(const archive_news::Digest& digest) {
  return py::bytes(reinterpret_cast<const char*>(digest.data()), digest.size());
}

py::object contentOf(const archive_news::ContentRef& c) {
  return pythonType("Content")(digestBytes(c.digest), c.size, c.extent.offset, c.extent.storedSize,
                               c.extent.compressed, digestBytes(c.extent.storedDigest));
}

py::list texts(const std::vector<std::string>& list) {
  py::list out;
  for (const auto& item : list) out.append(text(item));
  return out;
}

py::object blockOf(const archive_news::Block& block) {
  return std::visit(
      [](const auto& b) -> py::object {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, archive_news::Paragraph>) {
          return pythonType("Paragraph")(text(b.text));
        } else if constexpr (std::is_same_v<T, archive_news::Heading>) {
          return pythonType("Heading")(text(b.text), b.level);
        } else if constexpr (std::is_same_v<T, archive_news::Quote>) {
          return pythonType("Quote")(text(b.text), optionalText(b.attribution));
        } else if constexpr (std::is_same_v<T, archive_news::ImageBlock>) {
          return pythonType("ImageBlock")(b.image);
        } else {
          return pythonType("AttachmentBlock")(b.attachment);
        }
      },
      block);
}

py::object articleOf(const archive_news::Article& a) {
  py::list bylines, body, images, attachments;
  for (const auto& b : a.bylines) {
    bylines.append(pythonType("Byline")(text(b.name), optionalText(b.email), optionalText(b.role)));
  }
  for (const auto& block : a.body) body.append(blockOf(block));
  for (const auto& i : a.images) {
    images.append(pythonType("Image")(text(i.name), text(i.fileName), text(i.mediatype),
                                      optionalText(i.caption), optionalText(i.credit),
                                      optionalText(i.byline), optionalText(i.alt), i.width,
                                      i.height, contentOf(i.content)));
  }
  for (const auto& t : a.attachments) {
    attachments.append(pythonType("Attachment")(text(t.name), text(t.fileName), text(t.mediatype),
                                                optionalText(t.description), contentOf(t.content)));
  }
  py::dict extra;
  for (const auto& pair : a.extra) extra[text(pair.key)] = text(pair.value);
  return pythonType("Article")(
      text(a.uri), text(a.headline), optionalText(a.url), texts(a.subheadlines),
      optionalText(a.section), optionalText(a.publisher), bylines, optionalText(a.firstcreated),
      optionalText(a.versioncreated), optionalText(a.language), optionalText(a.located),
      texts(a.keywords), optionalText(a.copyrightnotice), optionalText(a.usageterms), body, images,
      attachments, extra, optionalText(a.pubstatus));
}

// Decodes with the GIL released (a cluster of up to 16 MiB to decompress), converts with it held.
template <typename Key>
py::object readArticle(const BundleHandle& handle, const Key& key) {
  const auto open = handle.get();
  std::optional<archive_news::Article> article;
  {
    py::gil_scoped_release release;
    article.emplace(open->bundle.article(key));
  }
  return articleOf(*article);
}

}  // namespace

void registerArticle(py::module_& m) {
  m.def("article_at", &readArticle<std::size_t>, py::arg("bundle"), py::arg("index"));
  m.def("article_by_id", &readArticle<std::string>, py::arg("bundle"), py::arg("id"));
}

}  // namespace newsarc_python
