// What the C API's handles hold, and the one place exceptions become an an_status. Shared by
// c_api.cpp (reading, verifying) and c_api_writer.cpp (writing, keys).
#ifndef ARCHIVE_NEWS_CAPI_C_API_INTERNAL_H_
#define ARCHIVE_NEWS_CAPI_C_API_INTERNAL_H_

#include <archive_news/archive_news.h>
#include <archive_news/article.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

// Handles keep a shared_ptr to the Bundle so that a language with a garbage collector may release
// them in any order.
struct an_bundle {
  std::shared_ptr<const archive_news::Bundle> bundle;
  archive_news::BundleInfo info;  // read once at open, so getters can hand out stable pointers
  std::vector<archive_news::Signature> signatures;
  // Of each signature: the key id of an Ed25519 record, the certificate subject an X.509 one
  // claims; unset for the other kind.
  std::vector<std::optional<std::string>> signatureKeyIds;
  std::vector<std::optional<std::string>> signatureSubjects;
  std::uint64_t maxContentSize = 0;  // an_limits.max_content_size, for an_article_read
};

struct an_entry {
  std::shared_ptr<const archive_news::Bundle> bundle;
  archive_news::ArticleSummary summary;
};

struct an_article {
  std::shared_ptr<const archive_news::Bundle> bundle;  // null for an article being built
  archive_news::Article article;
  std::uint64_t maxContentSize = 0;  // its bundle's, for an_article_read
};

struct an_history {
  std::vector<archive_news::BundleState> states;
  std::vector<std::string> created;      // each state's, kept for stable pointers
  std::vector<std::string> sealDigests;  // hex
};

struct an_report {
  archive_news::VerifyReport report;
};

namespace archive_news::capi {

// Records the message for an_last_error() and returns `status`.
an_status fail(an_status status, const std::string& message);

// AN_ERR_UNSUPPORTED for `function`, which a reader-only build keeps as a symbol but leaves out.
an_status leftOut(const char* function);

// Runs `body`, turning every exception into a status and a message; AN_OK when it returns.
an_status guarded(const char* function, void (*body)(void*), void* context);

template <typename Body>
an_status guard(const char* function, Body&& body) {
  using Plain = std::remove_reference_t<Body>;
  return guarded(
      function, [](void* context) { (*static_cast<Plain*>(context))(); }, &body);
}

}  // namespace archive_news::capi

#endif  // ARCHIVE_NEWS_CAPI_C_API_INTERNAL_H_
