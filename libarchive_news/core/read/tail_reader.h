// Opening a format 2 bundle: the header, the footer and the seal, checked against the footer's
// digest, and where the signature section is. A fixed amount of work and of bytes read whatever
// the bundle's size: this is all `verify --quick` and opening need before the index.
#ifndef ARCHIVE_NEWS_CORE_READ_TAIL_READER_H_
#define ARCHIVE_NEWS_CORE_READ_TAIL_READER_H_

#include <archive_news/reader.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/common/seal.h"

namespace archive_news::internal {

struct Tail {
  Header header;
  Footer footer;
  Seal seal;
  std::span<const std::uint8_t> sealBytes;       // what every signature signs
  std::span<const std::uint8_t> signatureBytes;  // the signature section, digest not yet checked
  std::span<const std::uint8_t> timestampBytes;  // the timestamp section, digest checked
};

// Throws Error(kCorruption), kUnsupported or kLimitExceeded naming the file and the offset:
// anything decodeHeader, decodeFooter or decodeSeal refuses, and a seal or timestamp section
// whose bytes do not have the footer's digest. The signature and timestamp sections' sizes are
// held to ReaderOptions::maxSignatureSectionSize and maxTimestampSectionSize.
// For a file that is fetched as it is read (a RangeMirror's span; nothing to do for others):
// fetchTailBytes brings in the last 64 KiB (the footer, the tail and, for most bundles, the index
// root: one request, spec/FORMAT.md section 3) and, `withHeader`, the header; fetchSections, once
// the footer is decoded, the seal, the signature and the timestamp sections, no more than their
// limits allow.
void fetchTailBytes(std::span<const std::uint8_t> file, bool withHeader);
void fetchSections(std::span<const std::uint8_t> file, const Footer& footer,
                   const ReaderOptions& options);

// Over a network (a RangeMirror's span) the header is checked only when it came with the tail
// (files of up to 128 KiB); otherwise the footer's version stands for it, and the request it
// would cost is saved (spec/FORMAT.md 10.8). The verifier always checks it.
Tail readTail(std::span<const std::uint8_t> file, const std::string& name,
              const ReaderOptions& options);

// The signatures, after checking the section against the footer's digest: one canonical
// SignatureSet message. Throws Error(kCorruption) naming the section's offset.
std::vector<Signature> readSignatures(const Tail& tail, const std::string& name,
                                      const ReaderOptions& options);

// The timestamps: none for an empty section, else one canonical TimestampSet message. Throws
// Error(kCorruption) naming the section's offset.
std::vector<Timestamp> readTimestamps(const Tail& tail, const std::string& name,
                                      const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_TAIL_READER_H_
