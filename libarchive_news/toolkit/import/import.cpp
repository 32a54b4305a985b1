// Importing article folders, folder trees and archives of them into a bundle.
//
// Archives are read twice, in place: a first pass parses every article.json and lists every
// entry, so that a missing file or bad JSON is refused before anything is written; a second pass
// reads each article.json again and streams the named entries one at a time into the writer,
// queueing each article once its text and files are in. Reading twice costs a second
// decompression but keeps memory bounded whatever the order of the entries (tar writers put
// article.json anywhere among its files): the survey keeps of each article its id and file
// names, not its text (keeping the texts took 13 GB for a tar of a million articles), and only
// the articles whose files are still to come are held whole. A stream on standard input cannot be
// read twice, so it is first copied, still compressed, to an unnamed temporary file. Entries are
// streamed into the writer (BundleWriter::queueContentStream), so memory does not grow with an
// entry's size.
#include <archive.h>
#include <archive_entry.h>
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/import.h>
#include <archive_news/ninjs.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "toolkit/common/archive_locale.h"
#include "toolkit/folder/article_files.h"
#include "util/file_io.h"
#include "util/worker_pool.h"

namespace archive_news {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kArticleJson = "article.json";
constexpr std::uint64_t kMaxJsonBytes = std::uint64_t{1} << 28;
constexpr std::size_t kReadBlock = 1 << 16;

[[noreturn]] void failErrno(const std::string& file, const std::string& what) {
  throw Error(ErrorCode::kIOError, file, std::nullopt, what + ": " + std::strerror(errno));
}

// Standard input copied to an unnamed temporary file, so that it can be read twice.
int spoolStandardInput() {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/newsarc-stdin-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) failErrno(pattern, "cannot create a temporary file for standard input");
  ::unlink(pattern.c_str());  // unnamed: gone when closed, whatever happens
  std::vector<char> buffer(kReadBlock);
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      failErrno("standard input", "cannot read");
    }
    for (ssize_t done = 0; done < got;) {
      const ssize_t put = ::write(fd, buffer.data() + done, static_cast<std::size_t>(got - done));
      if (put < 0) {
        if (errno == EINTR) continue;
        ::close(fd);
        failErrno(pattern, "cannot write the copy of standard input");
      }
      done += put;
    }
  }
  return fd;
}

// A name inside an archive, cleaned: "./a//b/" is "a/b". std::nullopt for a name with a ".."
// component, which no article folder can hold.
std::optional<std::string> cleanEntryName(std::string_view name) {
  std::string out;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view part = name.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") return std::nullopt;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string parentOf(const std::string& name) {
  const std::size_t slash = name.rfind('/');
  return slash == std::string::npos ? std::string() : name.substr(0, slash);
}

std::string joinName(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "/" + name;
}

// One pass over an archive with libarchive: tar (any flavour, any compression) or zip.
class ArchivePass {
 public:
  ArchivePass(int fd, std::string label)
      : label_(std::move(label)),
        owned_(archive_read_new(), &archive_read_free),
        archive_(owned_.get()) {
    if (archive_ == nullptr)
      throw Error(ErrorCode::kIOError, label_, std::nullopt, "out of memory");
    if (::lseek(fd, 0, SEEK_SET) < 0) failErrno(label_, "cannot seek");
    archive_read_support_filter_all(archive_);
    archive_read_support_format_tar(archive_);
    archive_read_support_format_gnutar(archive_);
    archive_read_support_format_zip(archive_);
    archive_read_support_format_empty(archive_);
    if (archive_read_open_fd(archive_, fd, kReadBlock) != ARCHIVE_OK) fail("cannot open");
  }
  ArchivePass(const ArchivePass&) = delete;
  ArchivePass& operator=(const ArchivePass&) = delete;

  // The next entry, or nullptr at the end.
  archive_entry* next() {
    archive_entry* entry = nullptr;
    const internal::Utf8NamesScope utf8;  // names that are not ASCII (archive_locale.h)
    const int status = archive_read_next_header(archive_, &entry);
    if (status == ARCHIVE_EOF) return nullptr;
    if (status < ARCHIVE_WARN) fail("cannot read the next entry");
    return entry;
  }

  // The current entry's bytes, whole.
  std::vector<std::uint8_t> readData(const std::string& entryName, std::uint64_t limit) {
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint8_t> block(kReadBlock);
    for (;;) {
      const la_ssize_t got = archive_read_data(archive_, block.data(), block.size());
      if (got == 0) break;
      if (got < 0) fail(entryName + ": cannot read the entry");
      if (bytes.size() + static_cast<std::uint64_t>(got) > limit) {
        throw Error(ErrorCode::kInvalidArgument, label_ + ":" + entryName, std::nullopt,
                    "is larger than " + std::to_string(limit) + " bytes");
      }
      bytes.insert(bytes.end(), block.begin(), block.begin() + got);
    }
    return bytes;
  }

  // Up to buffer.size() bytes of the current entry; 0 at its end.
  std::size_t readSome(const std::string& entryName, std::span<std::uint8_t> buffer) {
    const la_ssize_t got = archive_read_data(archive_, buffer.data(), buffer.size());
    if (got < 0) fail(entryName + ": cannot read the entry");
    return static_cast<std::size_t>(got);
  }

  const std::string& label() const { return label_; }

  [[noreturn]] void fail(const std::string& what) {
    const char* reason = archive_error_string(archive_);
    throw Error(ErrorCode::kInvalidArgument, label_, std::nullopt,
                what + ": " + (reason != nullptr ? reason : "unknown error") +
                    "; expected an undamaged tar or zip archive");
  }

 private:
  std::string label_;
  // Owned from the first moment: the constructor may throw, and then no destructor runs.
  std::unique_ptr<archive, decltype(&archive_read_free)> owned_;
  archive* archive_;
};

std::string entryName(archive_entry* entry) {
  const internal::Utf8NamesScope utf8;
  const char* name = archive_entry_pathname_utf8(entry);
  if (name == nullptr) name = archive_entry_pathname(entry);
  return name == nullptr ? std::string() : std::string(name);
}

bool isRegularEntry(archive_entry* entry) {
  return archive_entry_filetype(entry) == AE_IFREG && archive_entry_hardlink(entry) == nullptr;
}

// The files an article names, each file name once, with the media type of its first naming.
std::vector<std::pair<std::string, std::string>> uniqueFiles(const Article& article) {
  std::vector<std::pair<std::string, std::string>> files;
  std::set<std::string> seen;
  for (const Image& image : article.images) {
    if (seen.insert(image.fileName).second) files.emplace_back(image.fileName, image.mediatype);
  }
  for (const Attachment& attachment : article.attachments) {
    if (seen.insert(attachment.fileName).second) {
      files.emplace_back(attachment.fileName, attachment.mediatype);
    }
  }
  return files;
}

// Queues the article with the content queued for each of its file names.
void queueArticle(BundleWriter& writer, Article article,
                  const std::map<std::string, ContentTicket>& queued) {
  std::vector<ContentTicket> images;
  std::vector<ContentTicket> attachments;
  for (const Image& image : article.images) images.push_back(queued.at(image.fileName));
  for (const Attachment& attachment : article.attachments) {
    attachments.push_back(queued.at(attachment.fileName));
  }
  writer.queueArticle(std::move(article), images, attachments);
}

// What an input is, from its name and, for files, its type.
enum class InputKind {
  kFolder,   // an article folder, its article.json, or a folder tree of them and ninjs documents
  kNinjs,    // a ninjs document: a file whose name ends in ".json" (but article.json)
  kArchive,  // a tar, tar.gz, tar.zst, tar.xz, tar.bz2 or zip file
  kStdin,    // ImportOptions::standardInputName: a tar stream on standard input
};

InputKind inputKind(const std::string& input, const ImportOptions& options) {
  if (!options.standardInputName.empty() && input == options.standardInputName) {
    return InputKind::kStdin;
  }
  std::error_code ec;
  if (fs::is_directory(input, ec)) return InputKind::kFolder;
  // article.json stands for its folder; any other JSON file is a ninjs document.
  const std::string name = fs::path(input).filename().string();
  if (name == kArticleJson) return InputKind::kFolder;
  if (name.ends_with(".json")) return InputKind::kNinjs;
  if (fs::exists(input, ec)) return InputKind::kArchive;
  // A missing path: its name says what was meant; findArticleTree reports it missing.
  return InputKind::kFolder;
}

class Importer {
 public:
  Importer(BundleWriter& writer, const ImportOptions& options)
      : writer_(writer), options_(options) {}

  ImportResult run(const std::vector<std::string>& inputs) {
    // Survey everything first: bad input is refused before any packing starts.
    for (const std::string& input : inputs) {
      Input item;
      item.name = input;
      item.kind = inputKind(input, options_);
      if (item.kind == InputKind::kFolder) {
        surveyTree(item);
      } else if (item.kind == InputKind::kNinjs) {
        surveyNinjs(item, input);
      } else {
        if (item.kind == InputKind::kStdin) {
          item.name = "standard input";
          item.fd = std::make_shared<internal::FileDescriptor>(spoolStandardInput());
        } else {
          const int fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
          if (fd < 0) failErrno(input, "cannot open");
          item.fd = std::make_shared<internal::FileDescriptor>(fd);
        }
        surveyArchive(item);
        total_ += item.articles.size();
      }
      inputs_.push_back(std::move(item));
    }
    for (Input& input : inputs_) {
      if (input.kind == InputKind::kFolder || input.kind == InputKind::kNinjs) {
        packFolders(input);
        for (const Document& document : input.documents) packDocument(document);
      } else {
        packArchive(input);
      }
    }
    return result_;
  }

 private:
  // What the survey keeps of an article.json or a ninjs document in an archive: its articles'
  // ids and files, or why it does not parse (which counts only outside article folders).
  struct SurveyedText {
    std::exception_ptr error;
    std::uint64_t textBytes = 0;
    std::vector<std::string> unknownKeys;  // of an article.json, kept as extras
    NinjsDocument document;                // of a ninjs document, without its articles
    std::vector<std::string> uris;
    std::vector<std::vector<std::pair<std::string, std::string>>> files;  // uniqueFiles()
  };
  struct ArchiveArticle {
    std::string source;     // "archive:prefix/article.json"
    std::string item;       // "[1]: " for the second item of a ninjs document's array
    std::string textEntry;  // the entry its text is read from: article.json, a ninjs document
    std::size_t itemIndex = 0;
    bool ninjs = false;
    std::string uri;
    std::vector<std::pair<std::string, std::string>> files;  // uniqueFiles() at the survey
    // From the second read of its text until it is queued; a pointer, as an empty Article
    // would cost its 600-odd bytes for each of a million articles surveyed.
    std::unique_ptr<Article> article;
    std::map<std::string, ContentTicket> queued;
    std::size_t remaining = 0;  // files not yet queued
    bool done = false;
    std::uint64_t textBytes = 0;  // of article.json, or for the first item, its ninjs document
  };
  // A file an archive article needs: which article, which of its file names, which media type.
  struct Need {
    std::size_t article;
    std::string fileName;
    std::string mediatype;
  };
  struct Document {
    fs::path path;
    NinjsDocument ninjs;
    std::uint64_t textBytes = 0;
  };
  struct Input {
    std::string name;
    InputKind kind = InputKind::kFolder;
    std::vector<fs::path> folders;
    std::vector<Document> documents;
    std::shared_ptr<internal::FileDescriptor> fd;
    std::vector<ArchiveArticle> articles;
    std::map<std::string, std::vector<Need>> needs;  // by entry name: one entry may serve many
    std::map<std::string, std::vector<std::size_t>> texts;  // text entry name: its articles
  };

  void note(const std::string& text) const {
    if (options_.note) options_.note(text);
  }

  // Something of the input that no article holds: counted and noted, or refused when strict.
  void leaveOut(const std::string& source, const std::string& what) {
    if (options_.strict) {
      throw Error(ErrorCode::kInvalidArgument, source, std::nullopt,
                  what + "; expected nothing to be left out (strict)");
    }
    ++result_.leftOut;
    note("left out: " + source + ": " + what);
  }

  // Each id once in a bundle: the second article with an id is refused naming where the first
  // came from, which the writer alone could not say. (One entry per article: the writer's id
  // index grows as much.)
  void claimUri(const std::string& uri, const std::string& where) {
    const auto [first, added] = uriSources_.try_emplace(uri, where);
    if (added) return;
    throw Error(ErrorCode::kInvalidArgument, where, std::nullopt,
                "uri: '" + uri + "' is also the uri of " + first->second +
                    "; expected each article id once in a bundle");
  }

  // "feed.json" for a document of one item, "feed.json item [2]" for one of several.
  static std::string itemName(const std::string& source, std::size_t i, std::size_t count) {
    return count > 1 ? source + " item [" + std::to_string(i) + "]" : source;
  }

  void noteKeptKeys(const std::string& source, const std::vector<std::string>& keys) const {
    for (const std::string& key : keys) {
      note(source + ": " + key + ": unknown key, kept as extra \"json:" + key + "\"");
    }
  }

  // `textBytes`: the bytes of article text (article.json, or a ninjs document's share) read for
  // it, so that progress moves for articles without images too.
  void packed(Article article, const std::map<std::string, ContentTicket>& queued,
              std::uint64_t textBytes) {
    queueArticle(writer_, std::move(article), queued);
    ++result_.articles;
    textBytes_ += textBytes;
    if (options_.progress) {
      options_.progress(result_.articles, total_, result_.contentBytes + textBytes_);
    }
  }

  // --- Folders -------------------------------------------------------------------------------

  ArticleFolder loadFolder(const fs::path& dir) const {
    return loadArticleFolder(dir, options_.allowUnknownKeys);
  }

  // The folder's files are read, hashed and compressed by the writer's threads.
  void addFolder(ArticleFolder folder) {
    const std::string source = (folder.dir / kArticleJson).string();
    const std::string uri = folder.article.uri;  // the article itself moves to the writer
    claimUri(uri, source);
    noteKeptKeys(source, folder.unknownKeys);
    for (const std::string& file : folder.unreferencedFiles) {
      leaveOut((folder.dir / file).string(), "article.json does not name it");
    }
    std::map<std::string, ContentTicket> queued;
    try {
      writer_.reuseContentOf(uri);
      for (const auto& [fileName, mediatype] : uniqueFiles(folder.article)) {
        const ContentTicket ticket = writer_.queueContentFile(folder.dir / fileName, mediatype);
        queued.emplace(fileName, ticket);
        result_.contentBytes += ticket.size;
      }
      packed(std::move(folder.article), queued, folder.jsonSize);
    } catch (const Error& e) {
      if (!e.file().empty() && e.file() != uri) throw;  // a file's own error
      throw Error(e.code(), source, std::nullopt, e.reason());
    }
  }

  // Folders are parsed by `jobs` threads ahead of the writer, which takes them in order, so the
  // bundle is the same whatever the number of jobs. The threads are made once: a thread for each
  // folder cost more than parsing its article.json (bench/RESULTS.md).
  void packFolders(const Input& input) {
    const unsigned jobs = std::max(1u, options_.jobs);
    if (jobs == 1) {
      for (const fs::path& dir : input.folders) addFolder(loadFolder(dir));
      return;
    }
    internal::WorkerPool parsers(jobs);
    const std::size_t window = 4 * std::size_t{jobs};
    std::deque<std::future<ArticleFolder>> ahead;
    std::size_t next = 0;
    while (next < input.folders.size() || !ahead.empty()) {
      while (next < input.folders.size() && ahead.size() < window) {
        const fs::path dir = input.folders[next++];
        ahead.push_back(parsers.submit([this, dir] { return loadFolder(dir); }));
      }
      ArticleFolder folder = ahead.front().get();
      ahead.pop_front();
      addFolder(std::move(folder));
    }
  }

  // --- Folder trees and ninjs documents ------------------------------------------------------

  // A folder tree: its article folders and its ninjs documents, each document parsed and its
  // files checked now. "x/article.json" given as a file stands for its folder.
  void surveyTree(Input& input) {
    fs::path root = input.name;
    std::error_code ec;
    if (root.filename() == kArticleJson && fs::is_regular_file(root, ec)) {
      root = root.parent_path().empty() ? fs::path(".") : root.parent_path();
    }
    internal::ArticleTree tree = internal::findArticleTree(root);
    if (tree.articleFolders.empty() && tree.ninjsDocuments.empty()) {
      throw Error(ErrorCode::kInvalidArgument, input.name, std::nullopt,
                  "holds no article folder or ninjs document; expected folders holding "
                  "article.json, or *.ninjs.json documents");
    }
    input.folders = std::move(tree.articleFolders);
    total_ += input.folders.size();
    for (const fs::path& path : tree.ninjsDocuments) addDocument(input, path);
  }

  void surveyNinjs(Input& input, const fs::path& path) { addDocument(input, path); }

  void addDocument(Input& input, const fs::path& path) {
    std::error_code ignored;  // the size is for progress only
    const std::uintmax_t size = fs::file_size(path, ignored);
    Document document{path, loadNinjsDocument(path, options_.allowUnknownKeys),
                      size == static_cast<std::uintmax_t>(-1) ? 0 : size};
    noteDocument(path.string(), document.ninjs);
    const std::size_t count = document.ninjs.articles.size();
    for (std::size_t i = 0; i < count; ++i) {
      claimUri(document.ninjs.articles[i].uri, itemName(path.string(), i, count));
    }
    total_ += document.ninjs.articles.size();
    input.documents.push_back(std::move(document));
  }

  void noteDocument(const std::string& source, const NinjsDocument& document) {
    for (const std::string& key : document.unknownKeys) {
      leaveOut(source, key + ": a property ninjs 2.x does not define (unknown key)");
    }
    for (const std::string& what : document.leftOut) leaveOut(source, what);
    for (const std::string& text : document.notes) note(source + ": " + text);
  }

  // The writer's threads read, hash and compress each file: a document may hold many items, and
  // memory stays bounded by the writer's queue. A file that several items share is queued once.
  void packDocument(const Document& document) {
    const std::string source = document.path.string();
    const fs::path dir = document.path.parent_path();
    std::map<std::string, ContentTicket> queued;
    for (std::size_t i = 0; i < document.ninjs.articles.size(); ++i) {
      Article article = document.ninjs.articles[i];
      try {
        writer_.reuseContentOf(article.uri);
        for (const auto& [fileName, mediatype] : uniqueFiles(article)) {
          if (queued.count(fileName) > 0) continue;
          const ContentTicket ticket = writer_.queueContentFile(dir / fileName, mediatype);
          result_.contentBytes += ticket.size;
          queued.emplace(fileName, ticket);
        }
        packed(std::move(article), queued, i == 0 ? document.textBytes : 0);
      } catch (const Error& e) {
        const std::string item =
            document.ninjs.articles.size() > 1 ? "[" + std::to_string(i) + "]: " : "";
        throw Error(e.code(), source, std::nullopt, item + e.reason());
      }
    }
  }

  // --- Archives ------------------------------------------------------------------------------

  void surveyArchive(Input& input) {
    std::map<std::string, SurveyedText> folders;    // article.json by folder prefix
    std::map<std::string, SurveyedText> documents;  // ninjs documents by entry name
    std::map<std::string, bool> entries;            // every file entry: is it a regular file?
    {
      ArchivePass pass(input.fd->get(), input.name);
      while (archive_entry* entry = pass.next()) {
        if (archive_entry_filetype(entry) == AE_IFDIR) continue;
        const std::string raw = entryName(entry);
        const std::optional<std::string> name = cleanEntryName(raw);
        if (!name || name->empty()) {
          leaveOut(input.name + ":" + raw, "a name that leads outside the archive");
          continue;
        }
        const bool regular = isRegularEntry(entry);
        if (!entries.emplace(*name, regular).second) {
          throw Error(ErrorCode::kInvalidArgument, input.name + ":" + *name, std::nullopt,
                      "appears twice in the archive; expected each name once");
        }
        if (!regular) continue;
        const std::string base = name->substr(name->rfind('/') + 1);
        if (base == kArticleJson || isNinjsDocumentName(base)) {
          const std::vector<std::uint8_t> bytes = pass.readData(*name, kMaxJsonBytes);
          const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
          const bool ninjs = base != kArticleJson;
          (ninjs ? documents[*name] : folders[parentOf(*name)]) =
              surveyText(input.name + ":" + *name, text, ninjs);
        }
      }
    }
    // Inside an article folder, folders are not article folders of their own and ninjs documents
    // are just files, as on disk.
    auto insideArticleFolder = [&folders](std::string up) {
      while (!up.empty()) {
        up = parentOf(up);
        if (folders.count(up) > 0) return true;
      }
      return false;
    };
    for (const auto& [prefix, text] : folders) {
      if (!insideArticleFolder(prefix)) surveyArchiveFolder(input, prefix, text, entries);
    }
    for (const auto& [name, text] : documents) {
      if (!insideArticleFolder(name)) surveyArchiveDocument(input, name, text, entries);
    }
    if (input.articles.empty()) {
      throw Error(ErrorCode::kInvalidArgument, input.name, std::nullopt,
                  "holds no article folder or ninjs document; expected folders holding "
                  "article.json, or *.ninjs.json documents");
    }
  }

  // The text parsed once, for what the survey keeps of it; a parse error is kept for later, as
  // the text may turn out to be inside an article folder, where it is just a file.
  SurveyedText surveyText(const std::string& source, std::string_view text, bool ninjs) const {
    SurveyedText surveyed;
    surveyed.textBytes = text.size();
    try {
      std::vector<Article> articles;
      if (ninjs) {
        surveyed.document = parseNinjs(text, source, options_.allowUnknownKeys);
        articles = std::move(surveyed.document.articles);
        surveyed.document.articles.clear();
      } else {
        articles.push_back(parseArticleJson(
            text, source, options_.allowUnknownKeys ? &surveyed.unknownKeys : nullptr));
      }
      for (const Article& article : articles) {
        surveyed.uris.push_back(article.uri);
        surveyed.files.push_back(uniqueFiles(article));
      }
    } catch (const Error&) {
      surveyed.error = std::current_exception();
    }
    return surveyed;
  }

  void surveyArchiveFolder(Input& input, const std::string& prefix, const SurveyedText& text,
                           const std::map<std::string, bool>& entries) {
    if (text.error) std::rethrow_exception(text.error);
    ArchiveArticle item;
    item.textEntry = joinName(prefix, std::string(kArticleJson));
    item.source = input.name + ":" + item.textEntry;
    item.textBytes = text.textBytes;
    item.uri = text.uris.front();
    item.files = text.files.front();
    claimUri(item.uri, item.source);
    noteKeptKeys(item.source, text.unknownKeys);
    std::set<std::string> named{std::string(kArticleJson)};
    for (const auto& [fileName, mediatype] : item.files) named.insert(fileName);
    requireEntries(input, item, {}, entries);
    const std::string below = prefix.empty() ? std::string() : prefix + "/";
    for (auto it = entries.lower_bound(below); it != entries.end(); ++it) {
      if (!it->first.starts_with(below)) break;
      if (named.count(it->first.substr(below.size())) == 0) {
        leaveOut(input.name + ":" + it->first, "article.json does not name it");
      }
    }
    addArchiveArticle(input, std::move(item));
  }

  void surveyArchiveDocument(Input& input, const std::string& name, const SurveyedText& text,
                             const std::map<std::string, bool>& entries) {
    if (text.error) std::rethrow_exception(text.error);
    const std::string source = input.name + ":" + name;
    noteDocument(source, text.document);
    const std::size_t count = text.uris.size();
    std::vector<std::map<std::string, std::string>> fields(count);
    for (const NinjsFile& file : text.document.files) {
      fields[file.article].emplace(file.fileName, file.field);  // by article, then file name
    }
    for (std::size_t i = 0; i < count; ++i) {
      ArchiveArticle item;
      item.source = source;
      item.textEntry = name;
      item.itemIndex = i;
      item.ninjs = true;
      item.item = count > 1 ? "[" + std::to_string(i) + "]: " : "";
      item.uri = text.uris[i];
      item.files = text.files[i];
      claimUri(item.uri, itemName(source, i, count));
      item.textBytes = i == 0 ? text.textBytes : 0;
      requireEntries(input, item, fields[i], entries);
      addArchiveArticle(input, std::move(item));
    }
  }

  void addArchiveArticle(Input& input, ArchiveArticle item) {
    input.texts[item.textEntry].push_back(input.articles.size());
    input.articles.push_back(std::move(item));
  }

  // Each file the article names must be a regular entry below its prefix; the entry is then
  // needed by this article. `fields` names where each file is named, when the format says.
  void requireEntries(Input& input, ArchiveArticle& item,
                      const std::map<std::string, std::string>& fields,
                      const std::map<std::string, bool>& entries) {
    const std::size_t index = input.articles.size();
    for (const auto& [fileName, mediatype] : item.files) {
      const auto field = fields.find(fileName);
      const std::string subject =
          (field == fields.end() ? "" : field->second + ": ") + "\"" + fileName + "\"";
      const std::string entry = joinName(parentOf(item.textEntry), fileName);  // its folder
      const auto found = entries.find(entry);
      if (found == entries.end()) {
        throw Error(ErrorCode::kNotFound, item.source, std::nullopt,
                    subject + " does not exist; expected " + entry + " in " + input.name);
      }
      if (!found->second) {
        throw Error(ErrorCode::kInvalidArgument, item.source, std::nullopt,
                    subject + " is not a regular file in " + input.name +
                        "; expected a file, not a link or a device");
      }
      input.needs[entry].push_back(Need{index, fileName, mediatype});
      ++item.remaining;
    }
  }

  // The articles of a text entry, parsed again in the second pass: each must still be the one
  // surveyed (its id and files), or the archive changed between the two reads.
  void rereadText(Input& input, const std::vector<std::size_t>& articles,
                  const std::vector<std::uint8_t>& bytes) const {
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const ArchiveArticle& first = input.articles[articles.front()];
    std::vector<Article> parsed;
    if (first.ninjs) {
      parsed = parseNinjs(text, first.source, options_.allowUnknownKeys).articles;
    } else {
      std::vector<std::string> keptKeys;  // noted at the survey
      parsed.push_back(
          parseArticleJson(text, first.source, options_.allowUnknownKeys ? &keptKeys : nullptr));
    }
    for (std::size_t index : articles) {
      ArchiveArticle& item = input.articles[index];
      if (item.itemIndex >= parsed.size() || parsed[item.itemIndex].uri != item.uri ||
          uniqueFiles(parsed[item.itemIndex]) != item.files) {
        throw Error(ErrorCode::kIOError, item.source, std::nullopt,
                    item.item + "changed in the archive between two reads");
      }
      item.article = std::make_unique<Article>(std::move(parsed[item.itemIndex]));
    }
  }

  void finishIfComplete(ArchiveArticle& item) {
    if (item.done || !item.article || item.remaining != 0) return;
    try {
      packed(std::move(*item.article), item.queued, item.textBytes);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::kIOError) throw;  // a failed write names the bundle already
      throw Error(e.code(), item.source, std::nullopt, item.item + e.reason());
    }
    item.article.reset();  // the text is no longer needed
    item.queued.clear();
    item.done = true;
  }

  void packArchive(Input& input) {
    // Entries come in the archive's order, not by article: every article's earlier version is
    // known before the first entry is queued.
    for (const ArchiveArticle& item : input.articles) writer_.reuseContentOf(item.uri);
    ArchivePass pass(input.fd->get(), input.name);
    while (archive_entry* entry = pass.next()) {
      if (!isRegularEntry(entry)) continue;
      const std::optional<std::string> name = cleanEntryName(entryName(entry));
      if (!name) continue;
      const auto text = input.texts.find(*name);
      const auto needs = input.needs.find(*name);
      std::vector<std::uint8_t> bytes;
      if (text != input.texts.end()) {
        bytes = pass.readData(*name, kMaxJsonBytes);
        rereadText(input, text->second, bytes);
      }
      if (needs != input.needs.end()) {
        const ContentTicket ticket = queueEntry(pass, *name, needs->second.front().mediatype,
                                                text != input.texts.end(), bytes);
        result_.contentBytes += ticket.size;
        for (const Need& need : needs->second) {
          ArchiveArticle& item = input.articles[need.article];
          item.queued.emplace(need.fileName, ticket);
          --item.remaining;
          finishIfComplete(item);
        }
      }
      if (text != input.texts.end()) {
        for (std::size_t index : text->second) finishIfComplete(input.articles[index]);
      }
    }
    for (const ArchiveArticle& item : input.articles) {
      if (!item.done) {
        throw Error(ErrorCode::kIOError, item.source, std::nullopt,
                    "a named file vanished from the archive between two reads");
      }
    }
  }

  // The current entry queued as content, streamed: an entry of any size costs the writer's
  // bounded memory, not its size. One entry may serve several articles (ninjs items of one
  // document): queued once. An entry already read whole as a text (a ninjs document that an
  // item of another names as its file) is queued from those bytes.
  ContentTicket queueEntry(ArchivePass& pass, const std::string& name, const std::string& mediatype,
                           bool alreadyRead, const std::vector<std::uint8_t>& bytes) {
    const std::string label = pass.label() + ":" + name;
    if (!alreadyRead) {
      return writer_.queueContentStream(
          [&](std::span<std::uint8_t> buffer) { return pass.readSome(name, buffer); }, mediatype,
          label);
    }
    std::size_t at = 0;
    return writer_.queueContentStream(
        [&](std::span<std::uint8_t> buffer) {
          const std::size_t n = std::min(buffer.size(), bytes.size() - at);
          std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), n, buffer.begin());
          at += n;
          return n;
        },
        mediatype, label);
  }

  BundleWriter& writer_;
  const ImportOptions& options_;
  std::vector<Input> inputs_;
  std::size_t total_ = 0;
  std::uint64_t textBytes_ = 0;
  // Where each id came from. A std::map: a hash table keyed by input could be made to collide.
  std::map<std::string, std::string> uriSources_;
  ImportResult result_;
};

}  // namespace

ImportResult importArticles(BundleWriter& writer, const std::vector<std::string>& inputs,
                            const ImportOptions& options) {
  if (inputs.empty()) throw Error(ErrorCode::kInvalidArgument, "no input; expected at least one");
  return Importer(writer, options).run(inputs);
}

}  // namespace archive_news
