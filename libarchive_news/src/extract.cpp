// Article folders out of a bundle, into a folder or a tar/zip archive.
#include <archive.h>
#include <archive_entry.h>
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/extract.h>

#include <ctime>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "article_files.h"
#include "file_io.h"

namespace archive_news {
namespace {

namespace fs = std::filesystem;

bool endsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(),
                                                      suffix.data(), suffix.size()) == 0;
}

std::vector<std::string> folderNames(const Bundle& bundle,
                                     const std::vector<std::size_t>& indices) {
  std::vector<std::string> names;
  // Two ids may give one folder name, or two that differ only in case: one folder on a
  // case-insensitive file system (Windows, macOS).
  std::set<std::string> used;  // lower-cased
  auto lower = [](std::string name) {
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    return name;
  };
  for (const std::size_t index : indices) {
    if (index >= bundle.articleCount()) {
      throw Error(ErrorCode::kNotFound, bundle.name(), std::nullopt,
                  "no article " + std::to_string(index));
    }
    const std::string base = folderNameForId(bundle.summary(index).id);
    std::string name = base;
    for (int n = 2; !used.insert(lower(name)).second; ++n) name = base + "-" + std::to_string(n);
    names.push_back(name);
  }
  return names;
}

// A libarchive writer whose bytes go to an AtomicFile.
class ArchiveOut {
 public:
  ArchiveOut(const fs::path& target, ExtractTarget kind, bool overwrite)
      : file_(target, overwrite), archive_(archive_write_new()), label_(target.string()) {
    if (archive_ == nullptr)
      throw Error(ErrorCode::kIOError, label_, std::nullopt, "out of memory");
    try {
      open(kind);
    } catch (...) {
      archive_write_free(archive_);  // no destructor runs for a constructor that throws
      throw;
    }
  }
  ~ArchiveOut() { archive_write_free(archive_); }
  ArchiveOut(const ArchiveOut&) = delete;
  ArchiveOut& operator=(const ArchiveOut&) = delete;

  void begin(const std::string& name, std::uint64_t size) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                        &archive_entry_free);
    archive_entry_set_pathname_utf8(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
    check(archive_write_header(archive_, entry.get()), name + ": cannot write the entry");
  }

  void data(std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
      const la_ssize_t put = archive_write_data(archive_, bytes.data(), bytes.size());
      if (put <= 0) check(ARCHIVE_FATAL, "cannot write");
      bytes = bytes.subspan(static_cast<std::size_t>(put));
    }
  }

  void commit() {
    check(archive_write_close(archive_), "cannot finish");
    file_.commit();
  }

 private:
  void open(ExtractTarget kind) {
    if (kind == ExtractTarget::kZip) {
      check(archive_write_set_format_zip(archive_), "cannot set up zip");
    } else {
      // pax: UTF-8 names of any length, exact sizes; every tar reader of the last 20 years reads
      // it.
      check(archive_write_set_format_pax_restricted(archive_), "cannot set up tar");
      if (kind == ExtractTarget::kTarGz) check(archive_write_add_filter_gzip(archive_), "gzip");
      if (kind == ExtractTarget::kTarZst) check(archive_write_add_filter_zstd(archive_), "zstd");
    }
    check(archive_write_set_bytes_in_last_block(archive_, 1), "cannot set up the archive");
    check(archive_write_open2(archive_, this, nullptr, &ArchiveOut::onWrite, nullptr, nullptr),
          "cannot open");
  }

  static la_ssize_t onWrite(archive*, void* self, const void* buffer, size_t length) {
    auto* out = static_cast<ArchiveOut*>(self);
    try {
      out->file_.write(
          std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(buffer), length));
    } catch (const Error& e) {
      out->writeError_ = e.reason();
      return -1;
    }
    return static_cast<la_ssize_t>(length);
  }

  void check(int status, const std::string& what) {
    if (status >= ARCHIVE_WARN) return;
    if (!writeError_.empty()) throw Error(ErrorCode::kIOError, label_, std::nullopt, writeError_);
    const char* reason = archive_error_string(archive_);
    throw Error(ErrorCode::kIOError, label_, std::nullopt,
                what + ": " + (reason != nullptr ? reason : "unknown error"));
  }

  internal::AtomicFile file_;
  archive* archive_;
  std::string label_;
  std::string writeError_;
};

}  // namespace

ExtractTarget extractTargetFor(const fs::path& target) {
  const std::string name = target.filename().string();
  if (endsWith(name, ".tar")) return ExtractTarget::kTar;
  if (endsWith(name, ".tar.gz") || endsWith(name, ".tgz")) return ExtractTarget::kTarGz;
  if (endsWith(name, ".tar.zst") || endsWith(name, ".tzst")) return ExtractTarget::kTarZst;
  if (endsWith(name, ".zip")) return ExtractTarget::kZip;
  return ExtractTarget::kFolder;
}

void extractArticles(const Bundle& bundle, const std::vector<std::size_t>& indices,
                     const fs::path& target, const ExtractOptions& options) {
  const std::vector<std::string> names = folderNames(bundle, indices);
  const ExtractTarget kind = extractTargetFor(target);
  std::uint64_t bytes = 0;
  auto progress = [&](std::size_t done) {
    if (options.progress) options.progress(done, indices.size(), bytes);
  };
  if (kind == ExtractTarget::kFolder) {
    std::error_code ec;
    const bool existed = fs::exists(fs::symlink_status(target, ec));
    fs::create_directories(target, ec);
    if (ec) {
      throw Error(ErrorCode::kIOError, target.string(), std::nullopt,
                  "cannot create folder: " + ec.message());
    }
    try {
      for (std::size_t i = 0; i < indices.size(); ++i) {
        internal::writeArticleFolderDeferred(bundle, indices[i], target / names[i],
                                             options.overwrite);
        bytes += bundle.summary(indices[i]).contentSize;
        progress(i + 1);
      }
    } catch (...) {
      // A failed article removes what it wrote; a target folder made for nothing goes too.
      if (!existed) fs::remove(target, ec);
      throw;
    }
    internal::syncFileSystem(target);  // one flush for every file, not one per file
    return;
  }
  ArchiveOut out(target, kind, options.overwrite);
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const Article article = internal::readArticleForExtract(bundle, indices[i]);
    for (const auto& [fileName, content] : internal::extractFiles(article, bundle.name())) {
      out.begin(names[i] + "/" + fileName, content.size);
      bundle.read(content, [&out](std::span<const std::uint8_t> piece) { out.data(piece); });
      bytes += content.size;
    }
    const std::string json = formatArticleJson(article);
    out.begin(names[i] + "/article.json", json.size());
    out.data({reinterpret_cast<const std::uint8_t*>(json.data()), json.size()});
    bytes += json.size();
    progress(i + 1);
  }
  out.commit();
}

}  // namespace archive_news
