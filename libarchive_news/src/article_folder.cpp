// Article folders: article.json plus the files it names. Loading checks that every named file is
// really inside the folder; writing checks every name again on the way out, because a bundle is
// untrusted input and a name like "../../.bashrc" must never reach the file system.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "article_files.h"
#include "file_io.h"

namespace archive_news {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kArticleJson = "article.json";
constexpr std::size_t kMaxFolderNameBytes = 120;

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

bool isArticleFolder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kArticleJson, ec);
}

// --- Loading ---------------------------------------------------------------------------------

// A named file must be a regular file that resolves to a place inside the folder: a symbolic link
// inside the folder is fine, one that leads out of it would pack a file the folder does not hold.
void checkNamedFile(const fs::path& dir, const fs::path& realDir, const NamedFile& file,
                    const std::string& source) {
  const fs::path path = dir / *file.fileName;
  const std::string subject = file.field + ": " + inQuotes(*file.fileName);
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
                subject + " leads outside the article folder (to " + real.string() +
                    "); expected a file inside " + dir.string());
  }
}

// Every non-folder entry below dir that article.json does not name, as sorted relative
// '/'-separated names. Symbolic links are listed, never followed.
std::vector<std::string> unreferencedFiles(const fs::path& dir, const Article& article) {
  std::set<std::string> named{std::string(kArticleJson)};
  for (const NamedFile& file : namedFiles(article)) named.insert(*file.fileName);
  std::vector<std::string> unreferenced;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) failIo(dir, "cannot list", ec);
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) failIo(dir, "cannot list", ec);
    const fs::file_status status = it->symlink_status(ec);
    if (ec) failIo(it->path(), "cannot inspect", ec);
    if (fs::is_directory(status)) continue;
    std::string relative = it->path().lexically_relative(dir).generic_string();
    if (named.count(relative) == 0) unreferenced.push_back(std::move(relative));
  }
  if (ec) failIo(dir, "cannot list", ec);
  std::sort(unreferenced.begin(), unreferenced.end());
  return unreferenced;
}

void collectArticleFolders(const fs::path& dir, std::vector<fs::path>& found) {
  std::error_code ec;
  std::vector<fs::path> children;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    // Symbolic links to folders are not followed: they could loop or leave the tree.
    const fs::file_status status = it->symlink_status(ec);
    if (!ec && fs::is_directory(status)) children.push_back(it->path());
  }
  if (ec) failIo(dir, "cannot list", ec);
  std::sort(children.begin(), children.end());
  for (const fs::path& child : children) {
    if (isArticleFolder(child)) {
      found.push_back(child);
    } else {
      collectArticleFolders(child, found);
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

// Refuses a target whose folders are not plain folders (a symbolic link there could lead
// anywhere) or that exists already without `overwrite`. Missing folders are fine: they are made.
void checkTarget(const fs::path& dir, const std::string& fileName, bool overwrite) {
  fs::path current = dir;
  const fs::path relative(fileName);
  std::error_code ec;
  for (auto part = relative.begin(); part != relative.end(); ++part) {
    current /= *part;
    const fs::file_status status = fs::symlink_status(current, ec);
    if (status.type() == fs::file_type::not_found) return;
    if (ec) failIo(current, "cannot inspect", ec);
    const bool last = std::next(part) == relative.end();
    if (fs::is_symlink(status)) {
      if (last && overwrite) return;  // rename() replaces the link itself, never its target
      throw Error(ErrorCode::kIOError, current.string(), std::nullopt,
                  "is a symbolic link; refusing to write through or over it");
    }
    if (!last && !fs::is_directory(status)) {
      throw Error(ErrorCode::kIOError, current.string(), std::nullopt,
                  "exists and is not a folder; expected a folder to write into");
    }
    if (last && (fs::is_directory(status) || !overwrite)) {
      throw Error(ErrorCode::kIOError, current.string(), std::nullopt,
                  "already exists; refusing to replace it");
    }
  }
}

// The files and folders one article's extract created, removed again unless kept: an extract
// that fails halfway (a full disk, a damaged blob) leaves no partial article folder behind. Files
// it replaced under `overwrite` stay replaced.
class CreatedPaths {
 public:
  CreatedPaths() = default;
  CreatedPaths(const CreatedPaths&) = delete;
  CreatedPaths& operator=(const CreatedPaths&) = delete;
  ~CreatedPaths() {
    std::error_code ec;
    for (auto it = paths_.rbegin(); it != paths_.rend(); ++it) fs::remove(*it, ec);
  }
  void add(fs::path path) { paths_.push_back(std::move(path)); }
  void keep() { paths_.clear(); }

 private:
  std::vector<fs::path> paths_;  // in creation order: a folder before what it holds
};

// Makes the folders of dir/fileName one by one, re-checking each is a real folder so that a link
// slipped in since checkTarget() is not followed.
void makeFolders(const fs::path& dir, const std::string& fileName, CreatedPaths& created) {
  fs::path current = dir;
  const fs::path parent = fs::path(fileName).parent_path();
  std::error_code ec;
  for (const fs::path& part : parent) {
    current /= part;
    if (fs::create_directory(current, ec)) created.add(current);
    if (ec) failIo(current, "cannot create folder", ec);
    if (!fs::is_directory(fs::symlink_status(current, ec))) {
      throw Error(ErrorCode::kIOError, current.string(), std::nullopt,
                  "is not a folder; refusing to write through it");
    }
  }
}

void writeContent(const Bundle& bundle, const fs::path& target, const ContentRef& content,
                  bool overwrite) {
  // Streamed: memory stays bounded for large attachments, and an uncommitted file is removed
  // when read() finds the content corrupt.
  internal::AtomicFile file(target, overwrite, 0644, internal::Durability::kDeferred);
  bundle.read(content, [&file](std::span<const std::uint8_t> piece) { file.write(piece); });
  file.commit();
}

// Windows reserves these names in every folder, whatever the extension ("con.txt" too).
bool isDeviceName(std::string_view component) {
  static constexpr std::string_view kDevices[] = {"con", "prn", "aux", "nul"};
  std::string stem(component.substr(0, component.find('.')));
  for (char& c : stem) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const std::string_view device : kDevices) {
    if (stem == device) return true;
  }
  return stem.size() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")) &&
         stem[3] >= '0' && stem[3] <= '9';
}

// A file name every common file system stores as itself: components that are device names get
// a leading '_', and a trailing '.' or ' ' (which Windows drops) gets a '_' after it.
std::string portableFileName(const std::string& name) {
  std::string out;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    std::string part = name.substr(start, end - start);
    if (isDeviceName(part)) part = "_" + part;
    if (!part.empty() && (part.back() == '.' || part.back() == ' ')) part += '_';
    out += (out.empty() && start == 0 ? "" : "/") + part;
    start = end + 1;
  }
  return out;
}

std::string asciiLower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  return text;
}

// "photo.jpg" as the nth of its name: "photo-2.jpg" ("notes-2" without an extension).
std::string numberedFileName(const std::string& name, int n) {
  const std::size_t base = name.rfind('/') + 1;  // npos + 1 == 0
  const std::size_t dot = name.rfind('.');
  const std::string suffix = "-" + std::to_string(n);
  if (dot == std::string::npos || dot <= base) return name + suffix;
  return name.substr(0, dot) + suffix + name.substr(dot);
}

// Names a file system would not store as written are renamed, in article.json too, so that the
// folder stays consistent; so is a name that differs from an earlier one only in ASCII case,
// which a case-insensitive file system (Windows, macOS) would store as the same file. A new name
// never collides with a name that was kept.
void makeNamesPortable(Article& article) {
  std::set<std::string> taken;     // every name as stored, and every new name
  std::set<std::string> inFolder;  // the names written so far, ASCII lower-cased
  for (const NamedFile& file : namedFiles(article)) taken.insert(*file.fileName);
  std::map<std::string, std::string> written;  // stored name -> name written
  auto rename = [&](std::string& fileName) {
    auto found = written.find(fileName);
    if (found == written.end()) {
      const std::string portable = portableFileName(fileName);
      std::string candidate = portable;
      for (int n = 2; (candidate != fileName && taken.count(candidate) > 0) ||
                      inFolder.count(asciiLower(candidate)) > 0;
           ++n) {
        candidate = numberedFileName(portable, n);
      }
      taken.insert(candidate);
      inFolder.insert(asciiLower(candidate));
      found = written.emplace(fileName, candidate).first;
    }
    fileName = found->second;
  };
  for (Image& image : article.images) rename(image.fileName);
  for (Attachment& attachment : article.attachments) rename(attachment.fileName);
}

}  // namespace

namespace internal {

Article readArticleForExtract(const Bundle& bundle, std::size_t index) {
  Article article = bundle.article(index);
  try {
    validateArticle(article, bundle.name());
  } catch (const Error& error) {
    // The bundle's writer validated it: an invalid stored article means damaged or forged bytes.
    throw Error(ErrorCode::kCorruption, bundle.name(), std::nullopt,
                "article " + std::to_string(index) + ": " + error.reason());
  }
  makeNamesPortable(article);
  for (const NamedFile& file : namedFiles(article)) {
    // validateArticle has ruled out "..", absolute names and empty components; this is the
    // last line of defence should those rules ever loosen.
    if (!staysInside(*file.fileName)) {
      throw Error(ErrorCode::kCorruption, bundle.name(), std::nullopt,
                  "article " + std::to_string(index) + ": " + file.field + ": " +
                      inQuotes(*file.fileName) +
                      " leads outside the folder; expected a name inside it");
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
  std::error_code ec;
  const fs::file_status status = fs::status(jsonPath, ec);
  if (status.type() == fs::file_type::not_found) {
    throw Error(ErrorCode::kNotFound, jsonPath.string(), std::nullopt,
                "does not exist; expected an article folder holding article.json");
  }
  if (ec) failIo(jsonPath, "cannot inspect", ec);
  const std::string source = jsonPath.string();
  std::vector<std::string> unknownKeys;
  ArticleFolder folder{dir,
                       parseArticleJson(internal::readTextFile(jsonPath), source,
                                        allowUnknownKeys ? &unknownKeys : nullptr),
                       {},
                       std::move(unknownKeys)};
  const fs::path realDir = fs::canonical(dir, ec);
  if (ec) failIo(dir, "cannot resolve", ec);
  for (const NamedFile& file : namedFiles(folder.article)) {
    checkNamedFile(dir, realDir, file, source);
  }
  folder.unreferencedFiles = unreferencedFiles(dir, folder.article);
  return folder;
}

std::vector<fs::path> findArticleFolders(const fs::path& root) {
  std::error_code ec;
  const fs::file_status status = fs::status(root, ec);
  if (status.type() == fs::file_type::not_found) {
    throw Error(ErrorCode::kNotFound, root.string(), std::nullopt,
                "does not exist; expected an article folder or a folder of them");
  }
  if (ec) failIo(root, "cannot inspect", ec);
  if (isArticleFolder(root)) return {root};
  if (!fs::is_directory(status)) {
    throw Error(ErrorCode::kInvalidArgument, root.string(), std::nullopt,
                "is not a folder; expected an article folder or a folder of them");
  }
  std::vector<fs::path> found;
  collectArticleFolders(root, found);
  if (found.empty()) {
    throw Error(ErrorCode::kInvalidArgument, root.string(), std::nullopt,
                "holds no article folder; expected folders holding article.json");
  }
  std::sort(found.begin(), found.end());
  return found;
}

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
  internal::writeArticleFolderDeferred(bundle, index, dir, overwrite);
  internal::syncFileSystem(dir);
}

namespace internal {

void writeArticleFolderDeferred(const Bundle& bundle, std::size_t index, const fs::path& dir,
                                bool overwrite) {
  const Article article = internal::readArticleForExtract(bundle, index);
  const std::vector<NamedFile> files = filesToWrite(article, bundle.name());
  std::error_code ec;
  // The article folder itself must not be a link that a bundle's earlier extract did not make:
  // writing through it could land anywhere.
  if (fs::is_symlink(fs::symlink_status(dir, ec))) {
    throw Error(ErrorCode::kIOError, dir.string(), std::nullopt,
                "is a symbolic link; refusing to write through or over it");
  }
  CreatedPaths created;
  std::vector<fs::path> missing;  // dir and those of its parents that do not exist yet
  for (fs::path p = dir; !p.empty() && !fs::exists(fs::symlink_status(p, ec));
       p = p.parent_path()) {
    missing.push_back(p);
  }
  fs::create_directories(dir, ec);
  if (ec) failIo(dir, "cannot create folder", ec);
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) created.add(*it);
  // Every refusal comes before the first write, so a refused extract leaves nothing half done.
  for (const NamedFile& file : files) checkTarget(dir, *file.fileName, overwrite);
  checkTarget(dir, std::string(kArticleJson), overwrite);
  auto addIfNew = [&created](const fs::path& path) {
    std::error_code missing;
    if (!fs::exists(fs::symlink_status(path, missing))) created.add(path);
  };
  for (const NamedFile& file : files) {
    makeFolders(dir, *file.fileName, created);
    addIfNew(dir / *file.fileName);
    writeContent(bundle, dir / *file.fileName, *file.content, overwrite);
  }
  const std::string json = formatArticleJson(article);
  addIfNew(dir / kArticleJson);
  internal::writeFileAtomically(dir / kArticleJson,
                                {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()},
                                overwrite, 0644, internal::Durability::kDeferred);
  created.keep();
}

}  // namespace internal

std::string folderNameForId(std::string_view id) {
  std::string name;
  bool inRun = false;  // inside a run of replaced bytes, already written as one '_'
  for (const char c : id) {
    const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    if (kept) {
      name += c;
    } else if (!inRun) {
      name += '_';
    }
    inRun = !kept;
  }
  if (name.size() > kMaxFolderNameBytes) name.resize(kMaxFolderNameBytes);
  // "", "." and ".." name no folder of their own.
  if (name.find_first_not_of('.') == std::string::npos)
    name.assign(std::max<std::size_t>(name.size(), 1), '_');
  return name;
}

}  // namespace archive_news
