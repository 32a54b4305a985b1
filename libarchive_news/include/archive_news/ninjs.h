// IPTC ninjs 2.x (News in JSON) documents in and out of the article model. spec/NINJS.md gives
// the mapping field by field.
//
// A ninjs document holds one item (a JSON object) or an array of items; each item becomes one
// article. Images and attachments are the item's `associations` whose renditions point to local
// files by a relative `href`, resolved against the document's folder. Every ninjs 2.x property an
// item carries is kept: what the model holds natively goes there, the rest goes into
// Article::extra under "ninjs:<property>" keys, so that ninjs in -> ninjs out keeps every
// property, and formatNinjs() followed by parseNinjs() gives back the same article (content
// aside). What cannot be kept (renditions whose files are not packed) is reported in leftOut.
#ifndef ARCHIVE_NEWS_NINJS_H_
#define ARCHIVE_NEWS_NINJS_H_

#include <archive_news/article.h>
#include <archive_news/export.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news {

// A file an item refers to: the local rendition of one of its associations.
struct NinjsFile {
  std::size_t article = 0;  // index into NinjsDocument::articles
  std::string fileName;     // the href, percent-decoded, relative to the document's folder
  std::string field;        // where the href stands: "[1].associations[0].renditions[0].href"
};

struct NinjsDocument {
  std::vector<Article> articles;  // one per item; images and attachments have no content yet
  std::vector<NinjsFile> files;   // every file the items refer to, each (article, name) once
  // Properties left out because ninjs 2.x does not define them (paths, as "[0].foo"); only
  // filled when parsed with allowUnknownKeys, which otherwise refuses them.
  std::vector<std::string> unknownKeys;
  // What is kept as metadata rather than packed, one line each ("[0].associations[2]: ...").
  std::vector<std::string> notes;
  // Renditions whose files are not packed and which are left out, one line each.
  std::vector<std::string> leftOut;
};

// Parses ninjs text. `source` names it in errors. Throws Error(kInvalidArgument) naming the
// source, the field and, for malformed JSON, line and column: for invalid JSON or UTF-8, a
// duplicate key, a missing `uri` or association `name`, a value of the wrong type, an href that
// leaves the document's folder, or an article that fails validateArticle(). An unknown property
// is refused too, unless allowUnknownKeys: then it is listed in unknownKeys and left out.
ARCHIVE_NEWS_EXPORT NinjsDocument parseNinjs(std::string_view json, const std::string& source,
                                             bool allowUnknownKeys = false);

// One ninjs 2.x item for an article (UTF-8, two-space indent, a newline at the end). Image and
// attachment hrefs are their file names, percent-encoded, relative to the document.
// parseNinjs(formatNinjs(a)).articles == {a}, content aside.
ARCHIVE_NEWS_EXPORT std::string formatNinjs(const Article& article);

// Reads a ninjs document from disk and checks that every file it refers to exists as a regular
// file inside the document's folder (Error(kNotFound) when one is missing).
ARCHIVE_NEWS_EXPORT NinjsDocument loadNinjsDocument(const std::filesystem::path& path,
                                                    bool allowUnknownKeys = false);

// True for the names that pack takes for ninjs documents inside a folder tree or an archive:
// "<anything>.ninjs.json".
ARCHIVE_NEWS_EXPORT bool isNinjsDocumentName(std::string_view fileName);

// The ninjs documents below root, in sorted path order: every regular file with a ninjs document
// name that is not inside an article folder (a folder holding article.json).
ARCHIVE_NEWS_EXPORT std::vector<std::filesystem::path> findNinjsDocuments(
    const std::filesystem::path& root);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_NINJS_H_
