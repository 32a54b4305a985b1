// A format 2 bundle with its signature section replaced, as adding a signature rewrites it
// (FORMAT.md 13.3): the bytes up to the section kept, the new section, the timestamp section as
// it was and the footer made to agree. For tests that need signatures the writer would not make.
#ifndef NEWSARC_TESTS_INTERNAL_SIGNATURE_SECTION_EDIT_H_
#define NEWSARC_TESTS_INTERNAL_SIGNATURE_SECTION_EDIT_H_

#include <archive_news/signature.h>

#include <cstdint>
#include <span>
#include <vector>

#include "core/common/container.h"
#include "core/write/capnp_encode.h"
#include "core/write/tail_writer.h"

namespace newsarc_test {

inline std::vector<std::uint8_t> withSignatureSection(
    std::span<const std::uint8_t> bundle, const std::vector<archive_news::Signature>& signatures) {
  const archive_news::internal::Header header =
      archive_news::internal::decodeHeader(bundle, "bundle");
  archive_news::internal::Footer footer =
      archive_news::internal::decodeFooter(bundle, header, "bundle");
  const std::vector<std::uint8_t> section = archive_news::internal::encodeSignatureSet(signatures);
  std::vector<std::uint8_t> out(
      bundle.begin(), bundle.begin() + static_cast<std::ptrdiff_t>(footer.signaturesOffset));
  out.insert(out.end(), section.begin(), section.end());
  const auto timestamps = bundle.subspan(footer.timestampsOffset, footer.timestampsSize);
  out.insert(out.end(), timestamps.begin(), timestamps.end());
  archive_news::internal::placeSignatureSection(footer, section);
  const auto encoded = archive_news::internal::encodeFooter(footer);
  out.insert(out.end(), encoded.begin(), encoded.end());
  return out;
}

}  // namespace newsarc_test

#endif  // NEWSARC_TESTS_INTERNAL_SIGNATURE_SECTION_EDIT_H_
