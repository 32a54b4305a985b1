// The timestamp checks of a verification report (spec/FORMAT.md 11.7): the section
// ("timestamp-section"), each token's integrity and what it covers ("timestamp",
// "timestamp-token", "timestamp-imprint"), its TSA's trust and the renewal chain
// ("timestamp-tsa"), and what the proven timestamps prove ("timestamp-proof").
#ifndef ARCHIVE_NEWS_CORE_VERIFY_TIMESTAMP_REPORT_H_
#define ARCHIVE_NEWS_CORE_VERIFY_TIMESTAMP_REPORT_H_

#include <archive_news/reader.h>
#include <archive_news/signature.h>
#include <archive_news/verifier.h>

#include <optional>
#include <string>
#include <vector>

#include "core/read/tail_reader.h"
#include "core/verify/bundle_verifier.h"
#include "core/verify/report.h"

namespace archive_news::internal {

// `signatures`: the state's signature records, or std::nullopt when the section could not be
// read (a token covering records then cannot be checked). Fills report.timestamps and
// report.provenTime.
void checkTimestamps(const Tail& tail, const std::string& name,
                     const std::optional<std::vector<Signature>>& signatures,
                     const BundleVerifyOptions& options, const ReaderOptions& readerOptions,
                     Report& r, VerifyReport& report);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_TIMESTAMP_REPORT_H_
