// What article_folder.cpp and extract.cpp share: an article of a bundle made ready to be written
// out, and the files to write for it.
#ifndef ARCHIVE_NEWS_TOOLKIT_FOLDER_ARTICLE_FILES_H_
#define ARCHIVE_NEWS_TOOLKIT_FOLDER_ARTICLE_FILES_H_

#include <archive_news/article.h>
#include <archive_news/reader.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archive_news::internal {

// The article, validated (Error(kCorruption) when it is not: the writer validated it, so the bytes
// are damaged or forged) and with file names made portable: a Windows device name component
// ("con", "aux.txt", "COM1") gets a leading '_', a trailing '.' or ' ' a '_' after it, in
// article.json too. Every file name stays inside the article folder.
Article readArticleForExtract(const Bundle& bundle, std::size_t index);

// The folder a document's files must stay inside: `dir` as given, and made canonical only when a
// check needs it. Resolving a path costs a readlink() a component, and most folders hold no
// symbolic link at all, so the common case never pays for it.
class FileFolder {
 public:
  explicit FileFolder(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& dir() const { return dir_; }
  // fs::canonical(dir), resolved on the first call. Error(kIOError) when it cannot be resolved.
  const std::filesystem::path& real();

 private:
  std::filesystem::path dir_;
  std::filesystem::path real_;
};

// Checks a file an article names (`field` of `source`, for messages): it must be a regular file
// in `folder` that resolves to a place inside it; `folderName` names the folder in messages ("the
// article folder"). Error(kNotFound) when missing, kInvalidArgument when not a regular file or
// outside, kIOError when it cannot be inspected.
void checkFileInside(FileFolder& folder, const std::string& fileName, const std::string& field,
                     const std::string& source, std::string_view folderName);

// What an import finds below a folder: article folders (root itself when it holds article.json, and
// then nothing else) and ninjs documents outside article folders, each list in sorted path order.
// Error(kNotFound) when root is missing, kInvalidArgument when it is not a folder.
struct ArticleTree {
  std::vector<std::filesystem::path> articleFolders;
  std::vector<std::filesystem::path> ninjsDocuments;
};
ArticleTree findArticleTree(const std::filesystem::path& root);

// The files to write, each name once, with their content. Error(kCorruption) when one name has
// two contents or a name needs another file to be a folder.
std::vector<std::pair<std::string, ContentRef>> extractFiles(const Article& article,
                                                             const std::string& source);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_FOLDER_ARTICLE_FILES_H_
