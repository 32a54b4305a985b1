#include <archive_news/error.h>
#include <archive_news/verifier.h>

#include <algorithm>
#include <ctime>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>

#include "core/read/bundle_impl.h"
#include "core/read/range_mirror.h"
#include "core/signature/cms.h"
#include "core/signature/timestamp_token.h"
#include "core/verify/bundle_verifier.h"
#include "util/file_io.h"

namespace archive_news {
namespace {

internal::BundleVerifyOptions verifyOptionsOf(const VerifyOptions& options) {
  internal::BundleVerifyOptions o;
  o.trustedKeys = options.trustedKeys;
  o.keyring = options.keyring;
  if (!options.tsaRoots.empty()) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < options.tsaRoots.size(); ++i) {
      names.push_back("TSA root text " + std::to_string(i));
    }
    o.tsaRoots = std::make_shared<const internal::TsaRoots>(options.tsaRoots, names);
  }
  o.now = options.now ? *options.now : static_cast<std::int64_t>(std::time(nullptr));
  if (!options.caRoots.empty()) {
    o.anchors = std::make_shared<const internal::TrustAnchors>(options.caRoots);
  }
  o.quick = options.quick;
  o.articles = options.articles;
  o.state = options.state;
  o.progress = options.progress;
  return o;
}

}  // namespace

bool VerifyReport::ok() const {
  return std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed; });
}

std::vector<Check> VerifyReport::failures() const {
  std::vector<Check> out;
  std::copy_if(checks.begin(), checks.end(), std::back_inserter(out),
               [](const Check& c) { return !c.passed; });
  return out;
}

std::size_t countCaCertificates(std::string_view pem) {
  return internal::countPemCertificates(pem);
}

VerifyReport verify(const Bundle& bundle, const VerifyOptions& options) {
  const Bundle::Impl& impl = internal::BundleAccess::of(bundle);
  return internal::verifyBundle(impl.file, impl.name, verifyOptionsOf(options), impl.options);
}

// The file is verified from its bytes, not through an open Bundle, so that a bundle that does
// not even open still gets a report naming the first check it fails and where.
VerifyReport verifyFile(const std::filesystem::path& path, const VerifyOptions& options,
                        const ReaderOptions& readerOptions) {
  const internal::MappedFile mapping(path);
  return internal::verifyBundle(mapping.bytes(), path.string(), verifyOptionsOf(options),
                                readerOptions);
}

VerifyReport verifyMemory(std::span<const std::uint8_t> bytes, const std::string& name,
                          const VerifyOptions& options, const ReaderOptions& readerOptions) {
  return internal::verifyBundle(bytes, name, verifyOptionsOf(options), readerOptions);
}

VerifyReport verifySource(std::shared_ptr<const RangeSource> source, const VerifyOptions& options,
                          const ReaderOptions& readerOptions) {
  const internal::RangeMirror mirror(std::move(source));
  return internal::verifyBundle(mirror.bytes(), mirror.name(), verifyOptionsOf(options),
                                readerOptions);
}

}  // namespace archive_news
