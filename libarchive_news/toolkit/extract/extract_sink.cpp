// Extract sinks: a folder written without ever following a link, or a tar or zip archive written
// with libarchive to a temporary file that is renamed into place when complete.
#include "toolkit/extract/extract_sink.h"

#include <archive.h>
#include <archive_entry.h>
#include <archive_news/error.h>

#include <ctime>
#include <functional>
#include <iterator>
#include <set>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include "toolkit/common/archive_locale.h"
#include "util/file_io.h"

namespace archive_news::internal {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void failIo(const fs::path& path, const std::string& what, const std::error_code& ec) {
  throw Error(ErrorCode::kIOError, path.string(), std::nullopt, what + ": " + ec.message());
}

// Bundle::read() of an entry's content, a damage found naming the entry's path.
void readContent(const Bundle& bundle, const ExtractEntry& entry,
                 const std::function<void(std::span<const std::uint8_t>)>& sink) {
  try {
    bundle.read(std::get<ContentRef>(entry.data), sink);
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kIOError) throw;  // the target's, not the bundle's
    throw Error(error.code(), error.file(), error.offset(), entry.path + ": " + error.reason());
  }
}

std::span<const std::uint8_t> asBytes(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
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

// The files and folders one write() created, removed again unless kept: an extract that fails
// halfway through an article (a full disk, damaged content) leaves no partial article folder
// behind. Files it replaced under `overwrite` stay replaced.
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
  void addIfNew(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec))) add(path);
  }
  void keep() { paths_.clear(); }

 private:
  std::vector<fs::path> paths_;  // in creation order: a folder before what it holds
};

// Makes the folders of dir/fileName one by one, re-checking each is a real folder so that a link
// slipped in since checkTarget() is not followed. kNew when the file's own folder was made in
// this call or is one of `made` (folders made for the same article).
Folder makeFolders(const fs::path& dir, const std::string& fileName, CreatedPaths& created,
                   std::set<fs::path>& made) {
  fs::path current = dir;
  const fs::path parent = fs::path(fileName).parent_path();
  std::error_code ec;
  bool fresh = false;
  for (const fs::path& part : parent) {
    current /= part;
    fresh = fs::create_directory(current, ec);
    if (fresh) {
      created.add(current);
      made.insert(current);
    }
    if (ec) failIo(current, "cannot create folder", ec);
    if (!fs::is_directory(fs::symlink_status(current, ec))) {
      throw Error(ErrorCode::kIOError, current.string(), std::nullopt,
                  "is not a folder; refusing to write through it");
    }
  }
  return fresh || made.contains(current) ? Folder::kNew : Folder::kMayHoldStale;
}

class FolderSink : public ExtractSink {
 public:
  FolderSink(fs::path target, bool overwrite) : target_(std::move(target)), overwrite_(overwrite) {
    std::error_code ec;
    made_ = !fs::exists(fs::symlink_status(target_, ec));
    fs::create_directories(target_, ec);
    if (ec) failIo(target_, "cannot create folder", ec);
  }
  // A target folder made for an extract that failed goes again, when nothing else is in it.
  ~FolderSink() override {
    std::error_code ec;
    if (made_ && !committed_) fs::remove(target_, ec);
  }
  FolderSink(const FolderSink&) = delete;
  FolderSink& operator=(const FolderSink&) = delete;

  void write(const Bundle& bundle, const std::vector<ExtractEntry>& entries) override {
    for (const ExtractEntry& entry : entries) checkTarget(target_, entry.path, overwrite_);
    CreatedPaths created;
    std::set<fs::path> made;
    for (const ExtractEntry& entry : entries) {
      const Folder folder = makeFolders(target_, entry.path, created, made);
      const fs::path path = target_ / entry.path;
      created.addIfNew(path);
      if (const auto* text = std::get_if<std::string>(&entry.data)) {
        writeFileAtomically(path, asBytes(*text), overwrite_, 0644, Durability::kDeferred, folder);
        continue;
      }
      if (const auto* verified = std::get_if<std::span<const std::uint8_t>>(&entry.data)) {
        writeFileAtomically(path, *verified, overwrite_, 0644, Durability::kDeferred, folder);
        continue;
      }
      // Streamed: memory stays bounded for large attachments, and an uncommitted file is
      // removed when read() finds the content corrupt.
      AtomicFile file(path, overwrite_, 0644, Durability::kDeferred, folder);
      readContent(bundle, entry,
                  [&file](std::span<const std::uint8_t> piece) { file.write(piece); });
      file.commit();
    }
    created.keep();
  }

  // One flush for every file, not one per file.
  void commit() override {
    syncFileSystem(target_);
    committed_ = true;
  }

 private:
  fs::path target_;
  bool overwrite_;
  bool made_ = false;
  bool committed_ = false;
};

// A libarchive writer whose bytes go to an AtomicFile.
class ArchiveSink : public ExtractSink {
 public:
  ArchiveSink(const fs::path& target, ExtractTarget kind, bool overwrite)
      : file_(target, overwrite), archive_(newArchive()), label_(target.string()) {
    if (archive_ == nullptr)
      throw Error(ErrorCode::kIOError, label_, std::nullopt, "out of memory");
    try {
      open(kind);
    } catch (...) {
      const Utf8NamesScope utf8;
      archive_write_free(archive_);  // no destructor runs for a constructor that throws
      throw;
    }
  }
  ~ArchiveSink() override {
    const Utf8NamesScope utf8;
    archive_write_free(archive_);
  }
  ArchiveSink(const ArchiveSink&) = delete;
  ArchiveSink& operator=(const ArchiveSink&) = delete;

  void write(const Bundle& bundle, const std::vector<ExtractEntry>& entries) override {
    const Utf8NamesScope utf8;
    for (const ExtractEntry& entry : entries) {
      begin(entry.path, entry.size());
      if (const auto* text = std::get_if<std::string>(&entry.data)) {
        data(asBytes(*text));
      } else if (const auto* verified = std::get_if<std::span<const std::uint8_t>>(&entry.data)) {
        data(*verified);
      } else {
        readContent(bundle, entry, [this](std::span<const std::uint8_t> piece) { data(piece); });
      }
    }
  }

  void commit() override {
    const Utf8NamesScope utf8;
    check(archive_write_close(archive_), "cannot finish");
    file_.commit();
  }

 private:
  static archive* newArchive() {
    const Utf8NamesScope utf8;
    return archive_write_new();
  }

  void open(ExtractTarget kind) {
    const Utf8NamesScope utf8;
    if (kind == ExtractTarget::kZip) {
      check(archive_write_set_format_zip(archive_), "cannot set up zip");
      // Names as UTF-8 with the zip's UTF-8 flag (bit 11) set, whatever the locale.
      check(archive_write_set_format_option(archive_, "zip", "hdrcharset", "UTF-8"),
            "cannot set up zip names");
    } else {
      // pax: UTF-8 names of any length, exact sizes; every tar reader of the last 20 years reads
      // it.
      check(archive_write_set_format_pax_restricted(archive_), "cannot set up tar");
      if (kind == ExtractTarget::kTarGz) check(archive_write_add_filter_gzip(archive_), "gzip");
      if (kind == ExtractTarget::kTarZst) check(archive_write_add_filter_zstd(archive_), "zstd");
    }
    check(archive_write_set_bytes_in_last_block(archive_, 1), "cannot set up the archive");
    check(archive_write_open2(archive_, this, nullptr, &ArchiveSink::onWrite, nullptr, nullptr),
          "cannot open");
  }

  void begin(const std::string& name, std::uint64_t size) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                        &archive_entry_free);
    archive_entry_set_pathname_utf8(entry.get(), name.c_str());
    // Without a form in the locale's charset libarchive would crash (archive_locale.h): only where
    // the system has no UTF-8 locale at all.
    if (archive_entry_pathname(entry.get()) == nullptr) {
      throw Error(ErrorCode::kIOError, label_, std::nullopt,
                  name +
                      ": cannot store this name: libarchive needs a UTF-8 locale (C.UTF-8) for "
                      "names that are not ASCII, and the system has none");
    }
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

  static la_ssize_t onWrite(archive*, void* self, const void* buffer, size_t length) {
    auto* out = static_cast<ArchiveSink*>(self);
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

  AtomicFile file_;
  archive* archive_;
  std::string label_;
  std::string writeError_;
};

}  // namespace

std::uint64_t ExtractEntry::size() const {
  if (const auto* text = std::get_if<std::string>(&data)) return text->size();
  if (const auto* verified = std::get_if<std::span<const std::uint8_t>>(&data)) {
    return verified->size();
  }
  return std::get<ContentRef>(data).size;
}

std::unique_ptr<ExtractSink> openExtractSink(const fs::path& target, bool overwrite) {
  const ExtractTarget kind = extractTargetFor(target);
  if (kind == ExtractTarget::kFolder) return std::make_unique<FolderSink>(target, overwrite);
  return std::make_unique<ArchiveSink>(target, kind, overwrite);
}

}  // namespace archive_news::internal
