// Article folders: the input a bundle is packed from and the output extract writes. A folder holds
// `article.json` (spec/ARTICLE-JSON.md) and the image and attachment files it names.
#ifndef ARCHIVE_NEWS_ARTICLE_FOLDER_H_
#define ARCHIVE_NEWS_ARTICLE_FOLDER_H_

#include <archive_news/article.h>
#include <archive_news/export.h>
#include <archive_news/reader.h>
#include <archive_news/writer.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news {

// Parses article.json text into an article whose images and attachments carry their `file` names
// in fileName and no content yet. `source` names the file in errors. Throws
// Error(kInvalidArgument) naming the source, the field and, for malformed JSON, line and column:
// for invalid JSON or UTF-8, duplicate or unknown keys, a missing required field, a value of the
// wrong type, an unsafe file name, or an article that fails validateArticle().
ARCHIVE_NEWS_EXPORT Article parseArticleJson(std::string_view json, const std::string& source);
// The same, except that an unknown key is not an error: its path ("images[0].after_paragraph") is
// appended to *unknownKeys and the key is kept in the article's extra as "json:<path>" with the
// exact text of its value (spec/ARTICLE-JSON.md, "Unknown keys"), which formatArticleJson()
// writes back in its object. A key of the file's own extra that clashes with one is an error.
ARCHIVE_NEWS_EXPORT Article parseArticleJson(std::string_view json, const std::string& source,
                                             std::vector<std::string>* unknownKeys);

// article.json text for an article (UTF-8, two-space indent, fields in the documented order,
// absent optional fields left out). parseArticleJson(formatArticleJson(a)) == a, content aside;
// for an article whose extra keeps unknown keys ("json:..."), with unknownKeys allowed.
ARCHIVE_NEWS_EXPORT std::string formatArticleJson(const Article& article);

struct ArticleFolder {
  std::filesystem::path dir;
  Article article;  // content refs not yet set
  // Files in the folder (recursively, relative, sorted) that article.json does not name and that
  // therefore are not packed.
  std::vector<std::string> unreferencedFiles;
  // Keys of article.json that the format does not know, kept in article.extra as "json:<path>"
  // (only when loaded with allowUnknownKeys).
  std::vector<std::string> unknownKeys;
  std::uint64_t jsonSize = 0;  // bytes of article.json
};

// Reads dir/article.json and checks that every file it names exists as a regular file inside dir.
ARCHIVE_NEWS_EXPORT ArticleFolder loadArticleFolder(const std::filesystem::path& dir);
// The same; with allowUnknownKeys, unknown keys of article.json are kept (article.extra) and
// listed in unknownKeys rather than refused.
ARCHIVE_NEWS_EXPORT ArticleFolder loadArticleFolder(const std::filesystem::path& dir,
                                                    bool allowUnknownKeys);

// Article folders under root, in sorted path order: root itself when it holds article.json, else
// every folder below it that does (folders below an article folder are not searched).
ARCHIVE_NEWS_EXPORT std::vector<std::filesystem::path> findArticleFolders(
    const std::filesystem::path& root);

// Stores the folder's files (once each) and then the article. Returns the article as stored.
ARCHIVE_NEWS_EXPORT Article addArticleFolder(BundleWriter& writer, const ArticleFolder& folder);

// Writes one article of a bundle as a folder that loadArticleFolder() reads back into the same
// article: dir/article.json and each image and attachment under its fileName. dir is created;
// existing files in it are refused (Error(kIOError)) unless `overwrite`. File names are checked
// again on the way out: a name that would leave dir is Error(kCorruption).
ARCHIVE_NEWS_EXPORT void writeArticleFolder(const Bundle& bundle, std::size_t index,
                                            const std::filesystem::path& dir,
                                            bool overwrite = false);

// A folder name for an article id that is safe on every common file system (spec/FORMAT.md
// 16.4.1): ASCII letters, digits, '.', '-', '_' and the letters of every other script kept, every
// run of other characters (separators, controls, invisible ones) replaced by one '_', at most 120
// bytes, never "." or "..", a Windows device name ("CON") with a leading '_'.
ARCHIVE_NEWS_EXPORT std::string folderNameForId(std::string_view id);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_ARTICLE_FOLDER_H_
