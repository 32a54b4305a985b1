#include "core/verify/bundle_verifier.h"

#include <archive_news/error.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/common/sha256.h"
#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/read/range_mirror.h"
#include "core/read/tail_reader.h"
#include "core/signature/cms.h"
#include "core/verify/article_proof.h"
#include "core/verify/coverage.h"
#include "core/verify/extent_pass.h"
#include "core/verify/index_pass.h"
#include "core/verify/record_check.h"
#include "core/verify/report.h"
#include "core/verify/signature_report.h"
#include "core/verify/timestamp_report.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

// Where the timestamps' digest lies in the footer (container.h's table).
constexpr std::uint64_t kTimestampsDigestField = 112;

// readTail's steps one by one, so that each failure is reported under its own check; std::nullopt
// after the first failure, since nothing after it can be trusted.
// `withHeader`: report the header's check (once a bundle; the earlier states of a chain share
// the newest's header).
std::optional<Tail> readTailChecked(std::span<const std::uint8_t> file, const std::string& name,
                                    const ReaderOptions& options, Report& r,
                                    bool withHeader = true) {
  Tail tail;
  const char* step = "header";
  try {
    fetchTailBytes(file, /*withHeader=*/true);
    tail.header = internal::decodeHeader(file, name);
    if (withHeader) {
      r.pass("header", "header", 0,
             "magic and format version 2." + std::to_string(tail.header.minor));
    }
    step = "footer";
    tail.footer = internal::decodeFooter(file, tail.header, name);
    const Footer& f = tail.footer;
    fetchSections(file, f, options);
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
    tail.timestampBytes = file.subspan(f.timestampsOffset, f.timestampsSize);
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
    // Bytes that could not be fetched (a remote file) say nothing of the bundle: not a check.
    if (e.code() == ErrorCode::kIOError) throw;
    r.fail(step, step, e.offset(), e.reason());
    return std::nullopt;
  }
}

SignatureFindings findSignatures(const Tail& tail, const std::string& name,
                                 const ReaderOptions& options, const TrustAnchors* anchors) {
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
  // An X.509 record's details (who, how, the chain) for its line of the report.
  found.cms.resize(found.signatures.size());
  for (std::size_t i = 0; i < found.signatures.size(); ++i) {
    if (found.signatures[i].algorithm != SignatureAlgorithm::kCmsX509) continue;
    found.cms[i] = checkCms(found.signatures[i].cms, tail.sealBytes, anchors);
  }
  return found;
}

// `options`'s keys: those required of this state (the newest verified); none for earlier ones.
// Returns the signatures, or std::nullopt when the section cannot be read.
std::optional<std::vector<Signature>> checkSignatureSection(const Tail& tail,
                                                            const std::string& name,
                                                            const BundleVerifyOptions& options,
                                                            const ReaderOptions& readerOptions,
                                                            Report& r) {
  const SignatureFindings found = findSignatures(tail, name, readerOptions, options.anchors.get());
  const std::uint64_t at = tail.footer.signaturesOffset;
  if (!found.unreadable) {
    r.pass("signature-section", "signature section", at,
           "sha256 as the footer says, canonical, " + std::to_string(found.signatures.size()) +
               " signatures");
  }
  reportSignatures(found, {options.trustedKeys, options.keyring, options.anchors.get()},
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
    if (options.anchors) {
      r.fail("trusted-ca", "CA roots", at,
             "no readable signature; expected one by a certificate that chains to them");
    }
    return std::nullopt;
  }
  return found.signatures;
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
    if (e.code() == ErrorCode::kIOError) throw;  // not fetched: not a finding
    r.fail("extent-digest", "dictionary", e.offset(), e.reason());
  }
}

// One state of the chain: its tail and the prefix of the file that is its whole bundle.
struct State {
  Tail tail;
  std::uint64_t end = 0;  // E(k): the end of its footer
};

std::string stateLabel(std::uint32_t sequence) {
  return "state " + std::to_string(sequence) + ": ";
}

// The link from `later` (state k) to `earlier` (the state its previousSeal names), each rule of
// spec/FORMAT.md 11.6 ("chain"). Reported under state k's label.
bool checkLink(const State& later, const State& earlier, Report& r) {
  const Seal& seal = later.tail.seal;
  const SealRef& link = *seal.previousSeal;
  const std::uint64_t at = later.tail.footer.sealOffset;
  const Tail& before = earlier.tail;
  std::string why;
  const Digest digest = sha256(before.sealBytes);
  if (before.footer.sealOffset != link.offset) {
    why = "previousSeal at " + std::to_string(link.offset) +
          "; that state's footer puts its seal at " + std::to_string(before.footer.sealOffset);
  } else if (before.footer.sealSize != link.size) {
    why = "previousSeal of " + std::to_string(link.size) + " bytes; that seal has " +
          std::to_string(before.footer.sealSize);
  } else if (digest != link.digest) {
    why = "previousSeal sha256 " + hex(link.digest) + "; that seal has sha256 " + hex(digest);
  } else if (earlier.end - before.footer.sealOffset != link.tailSize) {
    why = "previousSeal tail of " + std::to_string(link.tailSize) +
          " bytes; that state's tail has " + std::to_string(earlier.end - before.footer.sealOffset);
  } else if (std::uint64_t{before.seal.sequence} + 1 != seal.sequence) {
    why = "sequence " + std::to_string(seal.sequence) + " after a state of sequence " +
          std::to_string(before.seal.sequence) + "; expected one more";
  } else if (before.seal.bundleId != seal.bundleId) {
    why = "bundle " + seal.bundleId + "; the state before is bundle " + before.seal.bundleId;
  } else if (before.seal.dictionary != seal.dictionary) {
    why = "dictionary reference differs from the state before's; expected the first state's";
  }
  if (!why.empty()) {
    r.fail("chain", "previous seal", at, why);
    return false;
  }
  r.pass("chain", "previous seal", at,
         "state " + std::to_string(before.seal.sequence) + ": seal at " +
             std::to_string(link.offset) + " (" + std::to_string(link.size) + " bytes, sha256 " +
             hex(link.digest) + "), tail of " + std::to_string(link.tailSize) +
             " bytes; same bundle and dictionary");
  return true;
}

// Walks back from the newest state (already read and reported) through each previousSeal: every
// earlier tail and its signatures checked and each link ("chain"). Returns the states oldest
// first, or std::nullopt after a failure (nothing older can then be trusted).
std::optional<std::vector<State>> readChain(std::span<const std::uint8_t> file,
                                            const std::string& name, State newest,
                                            const ReaderOptions& readerOptions, Report& r) {
  std::vector<State> states;
  states.push_back(std::move(newest));
  // Each step moves the end strictly back (below the later seal), and the sequence falls by one
  // a step: bounded by the newest's sequence, whatever the offsets claim.
  const std::uint32_t newestSequence = states.front().tail.seal.sequence;
  for (std::uint64_t steps = 0; states.back().tail.seal.previousSeal; ++steps) {
    const State& later = states.back();
    const std::uint32_t k = later.tail.seal.sequence;
    r.setState(k == newestSequence ? "" : stateLabel(k));
    const SealRef& link = *later.tail.seal.previousSeal;
    const std::uint64_t sealAt = later.tail.footer.sealOffset;
    // decodeSeal: 32 <= link.offset < the later seal.
    if (steps >= newestSequence || link.tailSize > sealAt - link.offset) {
      r.fail("chain", "previous seal", sealAt,
             steps >= newestSequence
                 ? "more states than the newest's sequence " + std::to_string(newestSequence)
                 : "previousSeal tail of " + std::to_string(link.tailSize) + " bytes from " +
                       std::to_string(link.offset) + " passes this state's seal at " +
                       std::to_string(sealAt));
      return std::nullopt;
    }
    State earlier;
    earlier.end = link.offset + link.tailSize;
    r.setState(stateLabel(k - 1));
    std::optional<Tail> tail =
        readTailChecked(file.first(earlier.end), name, readerOptions, r, false);
    if (!tail) return std::nullopt;
    earlier.tail = std::move(*tail);
    checkSignatureSection(earlier.tail, name, {}, readerOptions, r);
    r.setState(k == newestSequence ? "" : stateLabel(k));
    if (!checkLink(later, earlier, r)) return std::nullopt;
    states.push_back(std::move(earlier));
  }
  r.setState("");
  std::reverse(states.begin(), states.end());
  return states;
}

// One state's data: state 0's whole data region, or an appended state's delta (its extents,
// pages and the history of its index against the state before). `contents`: the content facts
// of the states before, extended by this one's.
void checkState(std::span<const std::uint8_t> file, const State& state, const State* previous,
                const std::string& name, RecordContext& context,
                std::vector<ContentFacts>& contents) {
  Report& r = context.report;
  const Tail& tail = state.tail;
  const std::uint64_t begin = previous ? previous->tail.footer.sealOffset : kHeaderSize;
  Coverage coverage(file, begin, tail.footer.sealOffset, r);
  ExtentFindings table =
      checkExtentTable(context.extents, tail, previous ? &previous->tail.seal : nullptr,
                       context.options, coverage, r, *context.progress, std::move(contents));
  coverage.endOfExtents();
  if (table.complete) {
    checkTableCounts(table, tail.seal, r);
    context.contents = &table.contents;
  } else {
    context.contents = nullptr;
    r.fail("content-digest", "every content reference", std::nullopt,
           "not checked against the extent table, which could not be read");
  }
  bool walked = false;
  if (previous) {
    const ExtentReader before(file, name, kHeaderSize, begin, context.options);
    walked =
        checkIndexDelta(context, tail, table, coverage, previous->tail, before) && table.complete;
  } else {
    walked = checkIndex(context, tail, table, coverage) && table.complete;
  }
  // After a broken walk, coverage and counts were checked only in part: no line claims more.
  auto closeIfWalked = [&](const std::string& check, const std::string& item,
                           const std::string& detail) {
    if (walked || r.failures(check) > 0) r.close(check, item, detail);
  };
  closeIfWalked("coverage", "data region",
                previous ? "every byte from " + std::to_string(begin) +
                               " (the previous seal) to the seal in exactly one extent or page, "
                               "or zero padding"
                         : "every byte from 32 to the seal in exactly one extent or page, or "
                           "zero padding");
  closeIfWalked("counts", "seal", "the seal's counts are what the walks found");
  contents = std::move(table.contents);
}

// The state `sequence` of the chain ending the file: the prefix that is its bundle, found by
// walking back (each tail read, nothing reported); std::nullopt after a failure, reported.
std::optional<std::uint64_t> findState(std::span<const std::uint8_t> file, const std::string& name,
                                       std::uint32_t sequence, const ReaderOptions& readerOptions,
                                       Report& r) {
  std::uint64_t end = file.size();
  for (;;) {
    VerifyReport scratch;
    Report quiet(scratch);
    const std::optional<Tail> tail = readTailChecked(file.first(end), name, readerOptions, quiet);
    if (!tail) {
      // The failure, as it would be reported for this state's own file.
      for (const Check& check : scratch.failures()) r.record(check);
      return std::nullopt;
    }
    const Seal& seal = tail->seal;
    if (seal.sequence == sequence) return end;
    if (seal.sequence < sequence || !seal.previousSeal ||
        seal.previousSeal->tailSize > tail->footer.sealOffset - seal.previousSeal->offset) {
      r.fail("chain", "state " + std::to_string(sequence), tail->footer.sealOffset,
             seal.sequence < sequence
                 ? "no such state: the state at " + std::to_string(tail->footer.sealOffset) +
                       " has sequence " + std::to_string(seal.sequence)
                 : "the chain of previous seals breaks at the state of sequence " +
                       std::to_string(seal.sequence));
      return std::nullopt;
    }
    end = seal.previousSeal->offset + seal.previousSeal->tailSize;
  }
}

}  // namespace

VerifyReport verifyBundle(std::span<const std::uint8_t> file, const std::string& name,
                          const BundleVerifyOptions& options, const ReaderOptions& readerOptions) {
  if (options.state) {
    VerifyReport report;
    report.file = name;
    Report r(report);
    const std::optional<std::uint64_t> end =
        findState(file, name, *options.state, readerOptions, r);
    if (!end) return report;
    BundleVerifyOptions rest = options;
    rest.state.reset();
    return verifyBundle(file.first(*end), name, rest, readerOptions);
  }
  VerifyReport report;
  report.file = name;
  Report r(report);
  std::optional<Tail> tail = readTailChecked(file, name, readerOptions, r);
  if (!tail) return report;
  const std::optional<std::vector<Signature>> signatures =
      checkSignatureSection(*tail, name, options, readerOptions, r);
  checkTimestamps(*tail, name, signatures, options, readerOptions, r, report);
  if (options.quick) return report;  // the tail alone: constant work
  // Every byte is read from here on: a remote file is fetched whole, in one request, rather
  // than block by block as the passes reach it.
  if (options.articles.empty()) ensureBytes(file, 0, file.size());

  const ExtentReader extents(file, name, kHeaderSize, tail->footer.sealOffset, readerOptions);
  std::optional<DecompressionDictionary> dictionary;
  loadDictionary(extents, *tail, r, dictionary);
  Decompressor decompressor;
  if (!options.articles.empty()) {
    RecordContext context{extents,      readerOptions, dictionary ? &*dictionary : nullptr,
                          decompressor, nullptr,       r};
    proveArticles(context, *tail, options.articles);
    return report;
  }
  const std::optional<std::vector<State>> states =
      readChain(file, name, State{std::move(*tail), file.size()}, readerOptions, r);
  if (!states) return report;
  std::uint64_t total = 0;
  for (const State& state : *states) total += state.tail.seal.storedBytes;
  VerifyProgress progress(options.progress, total);
  std::vector<ContentFacts> contents;
  for (std::size_t k = 0; k < states->size(); ++k) {
    const State& state = (*states)[k];
    const bool newest = k + 1 == states->size();
    r.setState(newest ? "" : stateLabel(state.tail.seal.sequence));
    const ExtentReader stateExtents(file, name, kHeaderSize, state.tail.footer.sealOffset,
                                    readerOptions);
    RecordContext context{stateExtents, readerOptions, dictionary ? &*dictionary : nullptr,
                          decompressor, nullptr,       r};
    context.progress = &progress;
    checkState(file, state, k == 0 ? nullptr : &(*states)[k - 1], name, context, contents);
  }
  r.setState("");
  progress.finish();
  return report;
}

}  // namespace archive_news::internal
