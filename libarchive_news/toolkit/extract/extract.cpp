// Extracting articles: each article read and checked once, laid out by its format, written by
// the target's sink.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/extract.h>

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "toolkit/extract/extract_sink.h"
#include "toolkit/folder/article_files.h"
#include "toolkit/folder/extract_names.h"
#include "util/worker_pool.h"

namespace archive_news {
namespace {

namespace fs = std::filesystem;

bool endsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(),
                                                      suffix.data(), suffix.size()) == 0;
}

// The folder names of the articles at `indices`, in that order. Names are given in index
// order (ascending index), whatever the order asked for, so that one selection always gets the
// same names (FORMAT.md 16.4).
std::vector<std::string> folderNames(const Bundle& bundle,
                                     const std::vector<std::size_t>& indices) {
  std::vector<std::size_t> order(indices.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return indices[a] < indices[b]; });
  std::vector<std::string> ids;
  for (const std::size_t i : order) {
    if (indices[i] >= bundle.articleCount()) {
      throw Error(ErrorCode::kNotFound, bundle.name(), std::nullopt,
                  "no article " + std::to_string(indices[i]));
    }
    ids.push_back(bundle.summary(indices[i]).id);
  }
  const std::vector<std::string> sorted = internal::uniqueFolderNames(ids);
  std::vector<std::string> names(indices.size());
  for (std::size_t k = 0; k < order.size(); ++k) names[order[k]] = sorted[k];
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

// One article made ready to write, or (with keepGoing) the damage that leaves it out.
struct Prepared {
  std::vector<internal::ExtractEntry> entries;
  std::optional<Error> damage;
};

using ContentKey = std::tuple<std::uint64_t, Digest, std::uint64_t>;
ContentKey contentKey(const ContentRef& content) {
  return {content.extent.offset, content.digest, content.size};
}

// Damage of the bundle, which leaves one article out; anything else (a target that cannot be
// written) stops the extract.
bool isDamage(const Error& error) {
  return error.code() == ErrorCode::kCorruption || error.code() == ErrorCode::kLimitExceeded;
}

// Bundle::storedBytes, its error naming the file (`path`, as written).
std::optional<std::span<const std::uint8_t>> checkStored(const Bundle& bundle,
                                                         const ContentRef& content,
                                                         const std::string& path) {
  try {
    return bundle.storedBytes(content);
  } catch (const Error& error) {
    throw Error(error.code(), error.file(), error.offset(), path + ": " + error.reason());
  }
}

// Checks every image and attachment of the article against its digest: stored ones are kept in
// `verified`, compressed ones decoded once (and again when written). Error(kCorruption) naming
// the file as the article names it.
void checkAllContent(const Bundle& bundle, const Article& article,
                     std::map<ContentKey, std::span<const std::uint8_t>>& verified) {
  auto check = [&](const std::string& fileName, const ContentRef& content) {
    if (verified.contains(contentKey(content))) return;
    try {
      if (const auto bytes = bundle.storedBytes(content)) {
        verified.emplace(contentKey(content), *bytes);
      } else {
        bundle.read(content, [](std::span<const std::uint8_t>) {});
      }
    } catch (const Error& error) {
      throw Error(error.code(), error.file(), error.offset(), fileName + ": " + error.reason());
    }
  };
  for (const Image& image : article.images) check(image.fileName, image.content);
  for (const Attachment& attachment : article.attachments) {
    check(attachment.fileName, attachment.content);
  }
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

ExtractResult extractArticles(const Bundle& bundle, const std::vector<std::size_t>& indices,
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
  std::map<ContentKey, std::span<const std::uint8_t>> verified;
  auto prepare = [&](std::size_t i) -> Prepared {
    const std::string id = bundle.summary(indices[i]).id;
    try {
      const Article article = internal::readArticleForExtract(bundle, indices[i]);
      // With keepGoing every content is checked before the layout sees the article, so that
      // a damaged one leaves nothing of the article behind, not even a line of the HTML index.
      if (options.keepGoing) checkAllContent(bundle, article, verified);
      std::vector<internal::ExtractEntry> entries = layout->article(article, names[i]);
      for (internal::ExtractEntry& entry : entries) {
        const auto* content = std::get_if<ContentRef>(&entry.data);
        if (content == nullptr) continue;
        const auto known = verified.find(contentKey(*content));
        if (known != verified.end()) {
          entry.data = known->second;
          continue;
        }
        const auto bytes = checkStored(bundle, *content, entry.path);
        if (!bytes) continue;  // compressed: decoded and checked as it is written
        entry.data = verified.emplace(contentKey(*content), *bytes).first->second;
      }
      return {std::move(entries), std::nullopt};
    } catch (const Error& error) {
      if (!isDamage(error)) throw;
      Error named = inArticle(error, id);
      if (!options.keepGoing) throw named;
      return {{}, std::move(named)};
    }
  };
  // One thread for the whole extract, not one an article; none for a single article, whose
  // wait for a new thread would only add to the time of `extract ID`.
  internal::WorkerPool ahead(indices.size() > 1 ? 1 : 0);
  ExtractResult result;
  std::uint64_t bytes = 0;
  std::future<Prepared> next;
  if (!indices.empty()) next = ahead.submit([&prepare] { return prepare(0); });
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const Prepared prepared = next.get();
    if (i + 1 < indices.size()) next = ahead.submit([&prepare, i] { return prepare(i + 1); });
    if (prepared.damage) {
      ++result.damaged;
      if (options.damaged) options.damaged(*prepared.damage);
    } else {
      try {
        sink->write(bundle, prepared.entries);
      } catch (const Error& error) {
        if (!isDamage(error)) throw;
        throw inArticle(error, bundle.summary(indices[i]).id);
      }
      ++result.extracted;
      bytes += totalSize(prepared.entries);
    }
    if (options.progress) options.progress(i + 1, indices.size(), bytes);
  }
  sink->write(bundle, layout->finish());
  sink->commit();
  return result;
}

}  // namespace archive_news
