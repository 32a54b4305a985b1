// Extracting articles: each article read and checked once, laid out by its format, written by
// the target's sink.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/extract.h>

#include <future>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "article_files.h"
#include "extract_sink.h"
#include "worker_pool.h"

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

std::unique_ptr<internal::ExtractLayout> makeLayout(ExtractFormat format, const Bundle& bundle) {
  switch (format) {
    case ExtractFormat::kFolder:
      return internal::makeFolderLayout(bundle.name());
    case ExtractFormat::kHtml:
      return internal::makeHtmlLayout(bundle);
    case ExtractFormat::kNinjs:
      return internal::makeNinjsLayout(bundle.name());
  }
  throw Error(ErrorCode::kInvalidArgument, bundle.name(), std::nullopt, "unknown extract format");
}

std::uint64_t totalSize(const std::vector<internal::ExtractEntry>& entries) {
  std::uint64_t bytes = 0;
  for (const internal::ExtractEntry& entry : entries) bytes += entry.size();
  return bytes;
}

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
  const std::unique_ptr<internal::ExtractLayout> layout = makeLayout(options.format, bundle);
  const std::unique_ptr<internal::ExtractSink> sink =
      internal::openExtractSink(target, options.overwrite);
  // An article is read, laid out and its content checked on another thread while the one
  // before is written: the hashing (a third of the time of an extract of mostly raw images)
  // then overlaps the file system's work instead of adding to it. One at a time, in order,
  // so the layout sees the articles as before and a failure stops the extract at that article.
  // Each reference checked once: an image many articles share is hashed for the first.
  std::map<std::tuple<std::uint32_t, Digest, std::uint64_t>, std::span<const std::uint8_t>>
      verified;
  auto prepare = [&](std::size_t i) {
    const Article article = internal::readArticleForExtract(bundle, indices[i]);
    std::vector<internal::ExtractEntry> entries = layout->article(article, names[i]);
    for (internal::ExtractEntry& entry : entries) {
      const auto* content = std::get_if<ContentRef>(&entry.data);
      if (content == nullptr) continue;
      const auto key = std::make_tuple(content->blob, content->digest, content->size);
      auto known = verified.find(key);
      if (known == verified.end()) {
        const auto bytes = internal::verifiedStoredContent(bundle, *content);
        if (!bytes) continue;  // compressed: decoded and checked as it is written
        known = verified.emplace(key, *bytes).first;
      }
      entry.data = known->second;
    }
    return entries;
  };
  // One thread for the whole extract, not one an article; none for a single article, whose
  // wait for a new thread would only add to the time of `extract ID`.
  internal::WorkerPool ahead(indices.size() > 1 ? 1 : 0);
  std::uint64_t bytes = 0;
  std::future<std::vector<internal::ExtractEntry>> next;
  if (!indices.empty()) next = ahead.submit([&prepare] { return prepare(0); });
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const std::vector<internal::ExtractEntry> entries = next.get();
    if (i + 1 < indices.size()) next = ahead.submit([&prepare, i] { return prepare(i + 1); });
    sink->write(bundle, entries);
    bytes += totalSize(entries);
    if (options.progress) options.progress(i + 1, indices.size(), bytes);
  }
  sink->write(bundle, layout->finish());
  sink->commit();
}

}  // namespace archive_news
