// Full-text search (archive_news/search.h): a Searcher over open bundles, whose hits become
// newsarc.SearchHit objects with their snippet's highlights in str indices; whether a bundle has
// an index; newsarc index as a function.
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/search.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core.h"

namespace newsarc_python {

namespace {

using archive_news::Error;
using archive_news::ErrorCode;

// The Python side's searcher: the open bundles it reads stay alive with it, also when the Python
// Bundle objects are closed.
class SearcherHandle {
 public:
  explicit SearcherHandle(const std::vector<BundleHandle>& handles) {
    for (const BundleHandle& handle : handles) bundles_.push_back(handle.get());
    std::vector<const archive_news::Bundle*> plain;
    for (const auto& open : bundles_) plain.push_back(&open->bundle);
    py::gil_scoped_release release;  // checks each index against its digest
    searcher_.emplace(std::move(plain));
  }

  // (matches, [SearchHit, ...])
  py::tuple search(const std::string& query, std::size_t offset, std::size_t limit,
                   const std::string& order, std::size_t snippetBytes) const {
    archive_news::SearchOptions options;
    options.offset = offset;
    options.limit = limit;
    options.snippetBytes = snippetBytes;
    if (order == "relevance") {
      options.order = archive_news::SearchOptions::Order::kRelevance;
    } else if (order == "newest") {
      options.order = archive_news::SearchOptions::Order::kNewest;
    } else if (order == "oldest") {
      options.order = archive_news::SearchOptions::Order::kOldest;
    } else {
      throw Error(ErrorCode::kInvalidArgument,
                  "order: '" + order + "'; expected 'relevance', 'newest' or 'oldest'");
    }
    archive_news::SearchResults results;
    {
      py::gil_scoped_release release;
      results = searcher_->search(query, options);
    }
    const py::handle type = pythonType("SearchHit");
    py::list hits;
    for (const archive_news::SearchHit& hit : results.hits) hits.append(hitOf(type, hit));
    return py::make_tuple(results.matches, hits);
  }

  std::vector<std::uint32_t> indexedStates() const { return searcher_->indexedStates(); }

 private:
  static py::object hitOf(py::handle type, const archive_news::SearchHit& hit) {
    py::list bylines;
    for (const std::string& name : hit.bylines) bylines.append(text(name));
    py::list highlights;
    for (const auto& [begin, end] : hit.highlights) {
      highlights.append(
          py::make_tuple(characters(hit.snippet, begin), characters(hit.snippet, end)));
    }
    return type(text(hit.id), hit.bundle, hit.position, text(hit.headline), optionalText(hit.date),
                bylines, hit.percent, text(hit.snippet), highlights, hit.snippetCutBefore,
                hit.snippetCutAfter);
  }

  // The index in a str of UTF-8 `utf8` of the character that starts at byte `offset` (the
  // length for the end): the characters before it, counted by their first bytes.
  static std::size_t characters(const std::string& utf8, std::size_t offset) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < offset && i < utf8.size(); ++i) {
      if ((static_cast<unsigned char>(utf8[i]) & 0xc0) != 0x80) ++count;
    }
    return count;
  }

  std::vector<std::shared_ptr<const OpenBundle>> bundles_;
  std::optional<archive_news::Searcher> searcher_;
};

bool hasSearchIndex(const BundleHandle& handle) {
  const auto open = handle.get();
  py::gil_scoped_release release;
  return archive_news::hasSearchIndex(open->bundle);
}

// (articles, index bytes, state)
py::tuple indexBundle(
    const std::string& path,
    const std::vector<std::pair<std::shared_ptr<archive_news::SecretKey>, std::string>>& signers) {
  std::vector<std::pair<const archive_news::SecretKey*, std::string>> keys;
  for (const auto& [key, signer] : signers) keys.emplace_back(key.get(), signer);
  archive_news::IndexBundleResult result;
  {
    py::gil_scoped_release release;
    result = archive_news::indexBundle(std::filesystem::path(path), keys);
  }
  return py::make_tuple(result.articles, result.indexBytes, result.state);
}

}  // namespace

void registerSearch(py::module_& m) {
  py::class_<SearcherHandle>(m, "SearcherHandle", "A full-text searcher over open bundles.")
      .def(py::init<const std::vector<BundleHandle>&>(), py::arg("bundles"))
      .def("search", &SearcherHandle::search, py::arg("query"), py::arg("offset"), py::arg("limit"),
           py::arg("order"), py::arg("snippet_bytes"))
      .def("indexed_states", &SearcherHandle::indexedStates);
  m.def("has_search_index", &hasSearchIndex, py::arg("bundle"));
  m.def("index_bundle", &indexBundle, py::arg("path"), py::arg("signers"));
}

}  // namespace newsarc_python
