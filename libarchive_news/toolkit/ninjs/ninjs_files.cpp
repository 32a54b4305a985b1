// ninjs documents as files: loading one with the files it refers to checked, finding them in a
// folder tree, and the ninjs export format of extract (one folder an article, holding
// item.ninjs.json and its files), which pack reads back into the same articles.
#include <archive_news/error.h>
#include <archive_news/ninjs.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "toolkit/extract/extract_sink.h"
#include "toolkit/folder/article_files.h"
#include "util/file_io.h"

namespace archive_news {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNinjsSuffix = ".ninjs.json";
constexpr std::string_view kItemFile = "item.ninjs.json";

}  // namespace

bool isNinjsDocumentName(std::string_view fileName) {
  return fileName.size() > kNinjsSuffix.size() && fileName.ends_with(kNinjsSuffix);
}

NinjsDocument loadNinjsDocument(const fs::path& path, bool allowUnknownKeys) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    throw Error(ErrorCode::kNotFound, path.string(), std::nullopt,
                "does not exist; expected a ninjs document");
  }
  const std::string source = path.string();
  NinjsDocument document = parseNinjs(internal::readTextFile(path), source, allowUnknownKeys);
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  internal::FileFolder folder(dir);
  for (const NinjsFile& file : document.files) {
    internal::checkFileInside(folder, file.fileName, file.field, source, "the document's folder");
  }
  return document;
}

std::vector<fs::path> findNinjsDocuments(const fs::path& root) {
  return internal::findArticleTree(root).ninjsDocuments;
}

namespace internal {
namespace {

class NinjsLayout : public ExtractLayout {
 public:
  explicit NinjsLayout(std::string source) : source_(std::move(source)) {}

  std::vector<ExtractEntry> article(const Article& article, const std::string& folder) override {
    const std::string prefix = folder.empty() ? "" : folder + "/";
    std::vector<ExtractEntry> entries;
    for (const auto& [fileName, content] : extractFiles(article, source_)) {
      // pack would take such a file for a ninjs document of its own.
      if (isNinjsDocumentName(fs::path(fileName).filename().string())) {
        throw Error(ErrorCode::kInvalidArgument, source_, std::nullopt,
                    "article " + article.uri + ": the file \"" + fileName + "\" ends in " +
                        std::string(kNinjsSuffix) +
                        ", which pack would read as a ninjs document; expected another export "
                        "format for this article (--format folder)");
      }
      entries.push_back({prefix + fileName, content});
    }
    entries.push_back({prefix + std::string(kItemFile), formatNinjs(article)});
    return entries;
  }

 private:
  std::string source_;
};

}  // namespace

std::unique_ptr<ExtractLayout> makeNinjsLayout(const std::string& source) {
  return std::make_unique<NinjsLayout>(source);
}

}  // namespace internal
}  // namespace archive_news
