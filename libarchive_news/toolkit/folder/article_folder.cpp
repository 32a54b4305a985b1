// Article folders: article.json plus the files it names. Loading checks that every named file is
// really inside the folder; writing checks every name again on the way out, because a bundle is
// untrusted input and a name like "../../.bashrc" must never reach the file system.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/ninjs.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "toolkit/extract/extract_sink.h"
#include "toolkit/folder/article_files.h"
#include "toolkit/folder/extract_names.h"
#include "util/file_io.h"

namespace archive_news {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kArticleJson = "article.json";

// One file an article names: an image's or an attachment's.
struct NamedFile {
  std::string field;  // "images[0].file"
  const std::string* fileName;
  const ContentRef* content;
};

std::vector<NamedFile> namedFiles(const Article& article) {
  std::vector<NamedFile> files;
  for (std::size_t i = 0; i < article.images.size(); ++i) {
    const Image& image = article.images[i];
    files.push_back({"images[" + std::to_string(i) + "].file", &image.fileName, &image.content});
  }
  for (std::size_t i = 0; i < article.attachments.size(); ++i) {
    const Attachment& attachment = article.attachments[i];
    files.push_back(
        {"attachments[" + std::to_string(i) + "].file", &attachment.fileName, &attachment.content});
  }
  return files;
}

[[noreturn]] void failIo(const fs::path& path, const std::string& what, const std::error_code& ec) {
  throw Error(ErrorCode::kIOError, path.string(), std::nullopt, what + ": " + ec.message());
}

// The status of something that must exist: Error(kNotFound) saying what was expected when
// nothing is there, Error(kIOError) when it cannot be inspected.
fs::file_status existingStatus(const fs::path& path, const std::string& expected) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    throw Error(ErrorCode::kNotFound, path.string(), std::nullopt,
                "does not exist; expected " + expected);
  }
  if (ec) failIo(path, "cannot inspect", ec);
  return status;
}

std::string inQuotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

// True when `path` lies strictly below `base`, comparing whole components (both canonical).
bool isBelow(const fs::path& base, const fs::path& path) {
  return path != base &&
         std::mismatch(base.begin(), base.end(), path.begin(), path.end()).first == base.end();
}

// True when joining fileName to any folder yields a path inside that folder, by the name alone.
bool staysInside(const std::string& fileName) {
  const fs::path normal = fs::path(fileName).lexically_normal();
  return normal.is_relative() && !normal.empty() && normal != "." && *normal.begin() != "..";
}

// True when fileName, below dir, is a regular file reached through no symbolic link and no "."
// or ".." component: such a file lies inside dir by its name alone, and nothing needs resolving.
// False only means that the full check must decide.
bool isPlainFileBelow(const fs::path& dir, const std::string& fileName) {
  if (fileName.empty() || fileName.front() == '/') return false;
  const std::string path = (dir / fileName).native();
  struct stat st {};
  for (std::size_t begin = path.size() - fileName.size();;) {
    const std::size_t slash = path.find('/', begin);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    const std::string_view component(path.data() + begin, end - begin);
    if (component.empty() || component == "." || component == "..") return false;
    // lstat, not stat: a link on the way must be resolved by the full check.
    if (::lstat(path.substr(0, end).c_str(), &st) != 0) return false;
    if (slash == std::string::npos) return S_ISREG(st.st_mode);
    if (!S_ISDIR(st.st_mode)) return false;
    begin = slash + 1;
  }
}

bool isArticleFolder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kArticleJson, ec);
}

// --- Loading ---------------------------------------------------------------------------------

// The text of article.json. Reading is tried first, and the file inspected only when that fails,
// to tell a missing article.json from one that cannot be read: a stat for every folder costs a
// path lookup that nearly always finds the file.
std::string readArticleJson(const fs::path& jsonPath) {
  try {
    return internal::readTextFile(jsonPath);
  } catch (const Error&) {
    existingStatus(jsonPath, "an article folder holding article.json");
    throw;
  }
}

// An entry found below an article folder: its '/'-separated name and its type as readdir()
// gives it (DT_DIR, DT_REG, DT_LNK, ...), never following a link.
struct FolderEntry {
  std::string name;
  unsigned char type;
};

// Appends the entries below `path` to `out`, each named as `prefix` and its '/'-separated name,
// with the types readdir() gives (an lstat only where the file system gives none): one
// directory read and no per-entry path work. Symbolic links are listed, never followed. False
// when anything fails; the caller then takes the path-based ways, which report the failure.
bool listEntriesBelow(const std::string& path, const std::string& prefix,
                      std::vector<FolderEntry>& out) {
  const std::unique_ptr<DIR, int (*)(DIR*)> listing(::opendir(path.c_str()), ::closedir);
  if (!listing) return false;
  errno = 0;
  while (const dirent* entry = ::readdir(listing.get())) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(::dirfd(listing.get()), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        return false;
      }
      type = IFTODT(st.st_mode);
    }
    std::string relative = prefix;
    relative += name;
    if (type == DT_DIR && !listEntriesBelow(path + "/" + std::string(name), relative + "/", out)) {
      return false;
    }
    out.push_back({std::move(relative), type});
    errno = 0;  // readdir() reports its failures through errno alone
  }
  return errno == 0;
}

// Everything below dir, sorted by name, or nothing when it could not all be listed.
std::optional<std::vector<FolderEntry>> listFolder(const fs::path& dir) {
  std::vector<FolderEntry> entries;
  if (!listEntriesBelow(dir.native(), "", entries)) return std::nullopt;
  std::sort(entries.begin(), entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
  return entries;
}

// True when the listing shows fileName as a regular file reached through folders alone, no link
// and no "." or ".." on the way: such a file lies inside the folder by its name, as
// checkFileInside would find, without a system call of its own.
bool isListedPlainFile(const std::vector<FolderEntry>& entries, const std::string& fileName) {
  for (std::size_t begin = 0;;) {
    const std::size_t slash = std::min(fileName.find('/', begin), fileName.size());
    const std::string_view component(fileName.data() + begin, slash - begin);
    if (component.empty() || component == "." || component == "..") return false;
    const std::string_view prefix(fileName.data(), slash);
    const auto found = std::lower_bound(
        entries.begin(), entries.end(), prefix,
        [](const FolderEntry& entry, std::string_view name) { return entry.name < name; });
    if (found == entries.end() || found->name != prefix) return false;
    if (slash == fileName.size()) return found->type == DT_REG;
    if (found->type != DT_DIR) return false;
    begin = slash + 1;
  }
}

// The non-folder entries below dir, by std::filesystem, which says why when dir cannot be
// listed.
std::vector<std::string> listFilesOrFail(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) failIo(dir, "cannot list", ec);
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) failIo(dir, "cannot list", ec);
    const fs::file_status status = it->symlink_status(ec);
    if (ec) failIo(it->path(), "cannot inspect", ec);
    if (fs::is_directory(status)) continue;
    files.push_back(it->path().lexically_relative(dir).generic_string());
  }
  if (ec) failIo(dir, "cannot list", ec);
  return files;
}

// Every non-folder entry below dir that article.json does not name, as sorted relative
// '/'-separated names, from `listed` when it could be made. Symbolic links are listed, never
// followed.
std::vector<std::string> unreferencedFiles(const fs::path& dir, const Article& article,
                                           std::optional<std::vector<FolderEntry>> listed) {
  std::set<std::string> named{std::string(kArticleJson)};
  for (const NamedFile& file : namedFiles(article)) named.insert(*file.fileName);
  std::vector<std::string> unreferenced;
  if (!listed) {
    for (std::string& file : listFilesOrFail(dir)) {
      if (named.count(file) == 0) unreferenced.push_back(std::move(file));
    }
    std::sort(unreferenced.begin(), unreferenced.end());
    return unreferenced;
  }
  for (FolderEntry& entry : *listed) {
    if (entry.type != DT_DIR && named.count(entry.name) == 0) {
      unreferenced.push_back(std::move(entry.name));
    }
  }
  return unreferenced;
}

// Article folders and ninjs documents below dir. A file is listed only when it is regular after
// following links; a folder is entered only when it is not a link.
void collectArticleTree(const fs::path& dir, internal::ArticleTree& found) {
  std::error_code ec;
  std::vector<fs::path> children;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    // Symbolic links to folders are not followed: they could loop or leave the tree.
    const fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) {
      children.push_back(it->path());
    } else if (isNinjsDocumentName(it->path().filename().string()) &&
               fs::is_regular_file(it->status(ec))) {
      found.ninjsDocuments.push_back(it->path());
    }
    ec.clear();  // a dangling link is not an error of the walk
  }
  if (ec) failIo(dir, "cannot list", ec);
  std::sort(children.begin(), children.end());
  for (const fs::path& child : children) {
    if (isArticleFolder(child)) {
      found.articleFolders.push_back(child);
    } else {
      collectArticleTree(child, found);
    }
  }
}

// --- Writing ---------------------------------------------------------------------------------

// The files to write, each name once. Two entries may share a file (an image that is also an
// attachment) only when they share its content.
std::vector<NamedFile> filesToWrite(const Article& article, const std::string& source) {
  std::map<std::string_view, const NamedFile*> byName;
  std::vector<NamedFile> all = namedFiles(article);
  std::vector<NamedFile> unique;
  for (const NamedFile& file : all) {
    const auto [it, added] = byName.emplace(*file.fileName, &file);
    if (added) {
      unique.push_back(file);
    } else if (it->second->content->digest != file.content->digest) {
      throw Error(ErrorCode::kCorruption, source, std::nullopt,
                  it->second->field + " and " + file.field + " both name " +
                      inQuotes(*file.fileName) +
                      " with different content; expected one content per file");
    }
  }
  // "a" and "a/b" cannot both be written: "a" cannot be a file and a folder at once.
  for (const NamedFile& file : unique) {
    const std::string& name = *file.fileName;
    for (std::size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
      const auto clash = byName.find(std::string_view(name).substr(0, slash));
      if (clash != byName.end()) {
        throw Error(ErrorCode::kCorruption, source, std::nullopt,
                    file.field + ": " + inQuotes(name) + " lies inside " + clash->second->field +
                        ", a file; expected names that do not need a file to be a folder");
      }
    }
  }
  return unique;
}

}  // namespace

namespace internal {

const fs::path& FileFolder::real() {
  if (real_.empty()) {
    std::error_code ec;
    real_ = fs::canonical(dir_, ec);
    if (ec) failIo(dir_, "cannot resolve", ec);
  }
  return real_;
}

// A named file must be a regular file that resolves to a place inside the folder: a symbolic link
// inside the folder is fine, one that leads out of it would pack a file the folder does not hold.
void checkFileInside(FileFolder& folder, const std::string& fileName, const std::string& field,
                     const std::string& source, std::string_view folderName) {
  if (isPlainFileBelow(folder.dir(), fileName)) return;
  const fs::path& dir = folder.dir();
  const fs::path& realDir = folder.real();
  const fs::path path = dir / fileName;
  const std::string subject = field + ": " + inQuotes(fileName);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    throw Error(ErrorCode::kNotFound, source, std::nullopt,
                subject + " does not exist; expected a file in " + dir.string());
  }
  if (ec) failIo(path, "cannot inspect", ec);
  if (!fs::is_regular_file(status)) {
    throw Error(ErrorCode::kInvalidArgument, source, std::nullopt,
                subject + " is not a regular file; expected a file in " + dir.string());
  }
  const fs::path real = fs::canonical(path, ec);
  if (ec) failIo(path, "cannot resolve", ec);
  if (!isBelow(realDir, real)) {
    throw Error(ErrorCode::kInvalidArgument, source, std::nullopt,
                subject + " leads outside " + std::string(folderName) + " (to " + real.string() +
                    "); expected a file inside " + dir.string());
  }
}

Article readArticleForExtract(const Bundle& bundle, std::size_t index) {
  Article article = bundle.article(index);
  try {
    validateArticle(article, bundle.name());
  } catch (const Error& error) {
    // The bundle's writer validated it: an invalid stored article means damaged or forged bytes.
    throw inArticle(Error(ErrorCode::kCorruption, bundle.name(), std::nullopt, error.reason()),
                    article.uri);
  }
  internal::makeNamesPortable(article);
  for (const NamedFile& file : namedFiles(article)) {
    // validateArticle has ruled out "..", absolute names and empty components; this is the
    // last line of defence should those rules ever loosen.
    if (!staysInside(*file.fileName)) {
      throw inArticle(Error(ErrorCode::kCorruption, bundle.name(), std::nullopt,
                            file.field + ": " + inQuotes(*file.fileName) +
                                " leads outside the folder; expected a name inside it"),
                      article.uri);
    }
  }
  return article;
}

std::vector<std::pair<std::string, ContentRef>> extractFiles(const Article& article,
                                                             const std::string& source) {
  std::vector<std::pair<std::string, ContentRef>> out;
  for (const NamedFile& file : filesToWrite(article, source)) {
    out.emplace_back(*file.fileName, *file.content);
  }
  return out;
}

}  // namespace internal

ArticleFolder loadArticleFolder(const fs::path& dir) { return loadArticleFolder(dir, false); }

ArticleFolder loadArticleFolder(const fs::path& dir, bool allowUnknownKeys) {
  const fs::path jsonPath = dir / kArticleJson;
  const std::string source = jsonPath.string();
  const std::string json = readArticleJson(jsonPath);
  std::vector<std::string> unknownKeys;
  ArticleFolder folder{dir,
                       parseArticleJson(json, source, allowUnknownKeys ? &unknownKeys : nullptr),
                       {},
                       std::move(unknownKeys),
                       json.size()};
  // The folder is listed first (a failure only means the slower checks run) so that the files
  // named can be checked against the listing rather than looked up again.
  std::optional<std::vector<FolderEntry>> listed = listFolder(dir);
  internal::FileFolder files(dir);
  for (const NamedFile& file : namedFiles(folder.article)) {
    if (listed && isListedPlainFile(*listed, *file.fileName)) continue;
    internal::checkFileInside(files, *file.fileName, file.field, source, "the article folder");
  }
  folder.unreferencedFiles = unreferencedFiles(dir, folder.article, std::move(listed));
  return folder;
}

std::vector<fs::path> findArticleFolders(const fs::path& root) {
  std::vector<fs::path> found = internal::findArticleTree(root).articleFolders;
  if (found.empty()) {
    throw Error(ErrorCode::kInvalidArgument, root.string(), std::nullopt,
                "holds no article folder; expected folders holding article.json");
  }
  return found;
}

namespace internal {

ArticleTree findArticleTree(const fs::path& root) {
  const fs::file_status status = existingStatus(root, "an article folder or a folder of them");
  if (isArticleFolder(root)) return {{root}, {}};
  if (!fs::is_directory(status)) {
    throw Error(ErrorCode::kInvalidArgument, root.string(), std::nullopt,
                "is not a folder; expected an article folder or a folder of them");
  }
  ArticleTree found;
  collectArticleTree(root, found);
  std::sort(found.articleFolders.begin(), found.articleFolders.end());
  std::sort(found.ninjsDocuments.begin(), found.ninjsDocuments.end());
  return found;
}

}  // namespace internal

Article addArticleFolder(BundleWriter& writer, const ArticleFolder& folder) {
  Article article = folder.article;
  // A file named twice (an image that is also an attachment) is read once.
  std::map<std::string, ContentRef> stored;
  auto store = [&](const std::string& fileName, const std::string& mediatype) {
    auto found = stored.find(fileName);
    if (found == stored.end()) {
      found =
          stored.emplace(fileName, writer.addContentFile(folder.dir / fileName, mediatype)).first;
    }
    return found->second;
  };
  for (Image& image : article.images) image.content = store(image.fileName, image.mediatype);
  for (Attachment& attachment : article.attachments) {
    attachment.content = store(attachment.fileName, attachment.mediatype);
  }
  writer.addArticle(article);
  return article;
}

void writeArticleFolder(const Bundle& bundle, std::size_t index, const fs::path& dir,
                        bool overwrite) {
  std::error_code ec;
  // The article folder itself must not be a link: writing through it could land anywhere.
  if (fs::is_symlink(fs::symlink_status(dir, ec))) {
    throw Error(ErrorCode::kIOError, dir.string(), std::nullopt,
                "is a symbolic link; refusing to write through or over it");
  }
  const Article article = internal::readArticleForExtract(bundle, index);
  const std::unique_ptr<internal::ExtractSink> sink = internal::openExtractSink(dir, overwrite);
  sink->write(bundle, internal::makeFolderLayout(bundle.name())->article(article, ""));
  sink->commit();
}

namespace internal {
namespace {

class FolderLayout : public ExtractLayout {
 public:
  explicit FolderLayout(std::string source) : source_(std::move(source)) {}

  std::vector<ExtractEntry> article(const Article& article, const std::string& folder) override {
    const std::string prefix = folder.empty() ? "" : folder + "/";
    std::vector<ExtractEntry> entries;
    for (const NamedFile& file : filesToWrite(article, source_)) {
      entries.push_back({prefix + *file.fileName, *file.content});
    }
    entries.push_back({prefix + std::string(kArticleJson), formatArticleJson(article)});
    return entries;
  }

 private:
  std::string source_;
};

}  // namespace

std::unique_ptr<ExtractLayout> makeFolderLayout(const std::string& source) {
  return std::make_unique<FolderLayout>(source);
}

}  // namespace internal

}  // namespace archive_news
