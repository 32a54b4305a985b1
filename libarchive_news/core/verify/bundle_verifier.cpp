#include "core/verify/bundle_verifier.h"

#include <archive_news/error.h>

#include <optional>

#include "core/common/sha256.h"
#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/read/tail_reader.h"
#include "core/verify/article_proof.h"
#include "core/verify/coverage.h"
#include "core/verify/extent_pass.h"
#include "core/verify/index_pass.h"
#include "core/verify/record_check.h"
#include "core/verify/report.h"
#include "core/verify/signature_report.h"

namespace archive_news::internal {
namespace {

// Where the timestamps' digest lies in the footer (container.h's table).
constexpr std::uint64_t kTimestampsDigestField = 112;

// readTail's steps one by one, so that each failure is reported under its own check; std::nullopt
// after the first failure, since nothing after it can be trusted.
std::optional<Tail> readTailChecked(std::span<const std::uint8_t> file, const std::string& name,
                                    const ReaderOptions& options, Report& r) {
  Tail tail;
  const char* step = "header";
  try {
    tail.header = internal::decodeHeader(file, name);
    r.pass("header", "header", 0,
           "magic and format version 2." + std::to_string(tail.header.minor));
    step = "footer";
    tail.footer = internal::decodeFooter(file, tail.header, name);
    const Footer& f = tail.footer;
    const std::uint64_t footerAt = file.size() - kFooterSize;
    const Digest timestamps = sha256(file.subspan(f.timestampsOffset, f.timestampsSize));
    if (timestamps != f.timestampsDigest) {
      throw Error(ErrorCode::kCorruption, name, footerAt + kTimestampsDigestField,
                  "timestamp section has sha256 " + hex(timestamps) + "; the footer says " +
                      hex(f.timestampsDigest));
    }
    r.pass("footer", "footer", footerAt,
           "seal at " + std::to_string(f.sealOffset) + " (" + std::to_string(f.sealSize) +
               " bytes), signatures at " + std::to_string(f.signaturesOffset) + " (" +
               std::to_string(f.signaturesSize) + " bytes), file of " +
               std::to_string(file.size()) + " bytes");
    step = "seal-digest";
    tail.sealBytes = file.subspan(f.sealOffset, f.sealSize);
    tail.signatureBytes = file.subspan(f.signaturesOffset, f.signaturesSize);
    const Digest seal = sha256(tail.sealBytes);
    if (seal != f.sealDigest) {
      throw Error(ErrorCode::kCorruption, name, f.sealOffset,
                  "seal has sha256 " + hex(seal) + "; the footer says " + hex(f.sealDigest));
    }
    r.pass("seal-digest", "seal", f.sealOffset, "sha256 " + hex(seal));
    step = "seal";
    tail.seal = decodeSeal(tail.sealBytes, SealPlace{name, f.sealOffset, tail.header}, options);
    r.pass("seal", "seal", f.sealOffset,
           "bundle " + tail.seal.bundleId + " of " + std::to_string(tail.seal.index.count) +
               " articles, created " + tail.seal.created);
    return tail;
  } catch (const Error& e) {
    r.fail(step, step, e.offset(), e.reason());
    return std::nullopt;
  }
}

SignatureFindings findSignatures(const Tail& tail, const std::string& name,
                                 const ReaderOptions& options) {
  SignatureFindings found;
  try {
    if (tail.footer.signaturesSize > options.maxSignatureSectionSize) {
      throw Error(ErrorCode::kLimitExceeded, name, tail.footer.signaturesOffset,
                  "signature section of " + std::to_string(tail.footer.signaturesSize) +
                      " bytes exceeds the limit of " +
                      std::to_string(options.maxSignatureSectionSize));
    }
    found.signatures = readSignatures(tail, name, options);
  } catch (const Error& e) {
    found.unreadable = e;
    return found;
  }
  found.checks = checkSignatures(found.signatures, tail.sealBytes);
  return found;
}

void checkSignatureSection(const Tail& tail, const std::string& name,
                           const BundleVerifyOptions& options, const ReaderOptions& readerOptions,
                           Report& r) {
  const SignatureFindings found = findSignatures(tail, name, readerOptions);
  const std::uint64_t at = tail.footer.signaturesOffset;
  if (!found.unreadable) {
    r.pass("signature-section", "signature section", at,
           "sha256 as the footer says, canonical, " + std::to_string(found.signatures.size()) +
               " signatures");
  }
  reportSignatures(found, options.trustedKeys, options.keyring,
                   {"seal", at, "signature-section", "signature"}, r);
  if (found.unreadable) {
    // Nothing was signed as far as this verifier can tell: the keys it must find are missing.
    for (const PublicKey& key : options.trustedKeys) {
      r.fail("trusted-key", "key " + keyIdToHex(key.keyId), at,
             "no readable signature; expected one by this key");
    }
    if (!options.keyring.empty()) {
      r.fail("keyring", "keyring", at, "no readable signature; expected one by a key of it");
    }
  }
}

// The dictionary the clusters need, its digest checked once; null when the bundle has none or
// it is damaged (each cluster that needs it then fails).
void loadDictionary(const ExtentReader& extents, const Tail& tail, Report& r,
                    std::optional<DecompressionDictionary>& dictionary) {
  if (!tail.seal.dictionary) return;
  const ExtentRef& extent = *tail.seal.dictionary;
  if (extent.rawSize > kMaxDictionarySize) {
    r.fail("extent-digest", "dictionary", extent.offset,
           "dictionary of " + std::to_string(extent.rawSize) + " bytes exceeds the limit of " +
               std::to_string(kMaxDictionarySize) + " bytes a reader loads");
    return;
  }
  try {
    dictionary.emplace(extents.checked(extent, "dictionary"));
  } catch (const Error& e) {
    r.fail("extent-digest", "dictionary", e.offset(), e.reason());
  }
}

void checkData(std::span<const std::uint8_t> file, const ExtentReader& extents, const Tail& tail,
               RecordContext& context, Report& r) {
  Coverage coverage(file, tail.footer.sealOffset, r);
  const ExtentFindings table =
      checkExtentTable(extents, tail, context.options, coverage, r, *context.progress);
  coverage.endOfExtents();
  if (table.complete) {
    checkTableCounts(table, tail.seal, r);
    context.contents = &table.contents;
  } else {
    r.fail("content-digest", "every content reference", std::nullopt,
           "not checked against the extent table, which could not be read");
  }
  const bool walked = checkIndex(context, tail, table, coverage) && table.complete;
  // After a broken walk, coverage and counts were checked only in part: no line claims more.
  auto closeIfWalked = [&](const std::string& check, const std::string& item,
                           const std::string& detail) {
    if (walked || r.failures(check) > 0) r.close(check, item, detail);
  };
  closeIfWalked("coverage", "data region",
                "every byte from 32 to the seal in exactly one extent or page, or zero padding");
  closeIfWalked("counts", "seal", "the seal's counts are what the walks found");
}

}  // namespace

VerifyReport verifyBundle(std::span<const std::uint8_t> file, const std::string& name,
                          const BundleVerifyOptions& options, const ReaderOptions& readerOptions) {
  VerifyReport report;
  report.file = name;
  Report r(report);
  const std::optional<Tail> tail = readTailChecked(file, name, readerOptions, r);
  if (!tail) return report;
  checkSignatureSection(*tail, name, options, readerOptions, r);
  if (options.quick) return report;  // the tail alone: constant work

  const ExtentReader extents(file, name, kHeaderSize, tail->footer.sealOffset, readerOptions);
  std::optional<DecompressionDictionary> dictionary;
  loadDictionary(extents, *tail, r, dictionary);
  Decompressor decompressor;
  RecordContext context{extents,      readerOptions, dictionary ? &*dictionary : nullptr,
                        decompressor, nullptr,       r};
  if (!options.articles.empty()) {
    proveArticles(context, *tail, options.articles);
    return report;
  }
  VerifyProgress progress(options.progress, tail->seal.storedBytes);
  context.progress = &progress;
  checkData(file, extents, *tail, context, r);
  progress.finish();
  return report;
}

}  // namespace archive_news::internal
