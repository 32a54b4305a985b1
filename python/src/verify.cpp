// Verification (archive_news/verifier.h): an open bundle, a file or a bytes object, with the
// options of newsarc.Bundle.verify, into a newsarc.VerifyReport of named checks.
#include <archive_news/public_key.h>
#include <archive_news/remote.h>
#include <archive_news/verifier.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core.h"

namespace newsarc_python {

namespace {

std::vector<archive_news::PublicKey> publicKeys(const py::list& texts, const char* what) {
  std::vector<archive_news::PublicKey> keys;
  for (const auto& item : texts) {
    keys.push_back(archive_news::parsePublicKey(utf8Of(item), what));
  }
  return keys;
}

std::vector<std::string> strings(const py::list& list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(utf8Of(item));
  return out;
}

// The options newsarc/_verify.py gathers: public keys as minisign texts, roots as PEM texts.
archive_news::VerifyOptions verifyOptions(const py::dict& o) {
  archive_news::VerifyOptions options;
  options.trustedKeys = publicKeys(o["keys"], "a trusted key");
  options.keyring = publicKeys(o["keyring"], "a keyring key");
  options.tsaRoots = strings(o["tsa_roots"]);
  options.caRoots = strings(o["ca_roots"]);
  options.articles = strings(o["articles"]);
  options.quick = py::cast<bool>(o["quick"]);
  if (!o["now"].is_none()) options.now = py::cast<std::int64_t>(o["now"]);
  if (!o["state"].is_none()) options.state = py::cast<std::uint32_t>(o["state"]);
  return options;
}

py::object optionalInt(const auto& value) {
  return value ? py::object(py::int_(*value)) : py::none();
}

py::object reportOf(const archive_news::VerifyReport& report) {
  py::list checks, timestamps;
  for (const auto& c : report.checks) {
    checks.append(pythonType("Check")(text(c.name), c.passed, text(c.item), optionalInt(c.offset),
                                      text(c.detail)));
  }
  for (const auto& t : report.timestamps) {
    timestamps.append(pythonType("TimestampFinding")(
        t.index, text(t.tsa), t.time, text(t.timeText), text(t.hash), text(t.serial),
        text(t.policy), t.signatures, t.timestamps, t.intact, t.trusted, t.proven,
        optionalInt(t.validUntil), optionalInt(t.renewedBy)));
  }
  return pythonType("VerifyReport")(text(report.file), report.ok(), checks, timestamps,
                                    optionalInt(report.provenTime));
}

py::object verifyBundle(const BundleHandle& handle, const py::dict& o) {
  const auto open = handle.get();
  const archive_news::VerifyOptions options = verifyOptions(o);
  std::optional<archive_news::VerifyReport> report;
  {
    py::gil_scoped_release release;
    report.emplace(archive_news::verify(open->bundle, options));
  }
  return reportOf(*report);
}

py::object verifyUrl(const std::string& url, const py::dict& o, const py::dict& limits) {
  const archive_news::VerifyOptions options = verifyOptions(o);
  const archive_news::ReaderOptions reader = readerOptions(limits);
  std::optional<archive_news::VerifyReport> report;
  {
    py::gil_scoped_release release;
    report.emplace(
        archive_news::verifySource(archive_news::HttpRangeSource::open(url), options, reader));
  }
  return reportOf(*report);
}

py::object verifyPath(const std::string& path, const py::dict& o, const py::dict& limits) {
  const archive_news::VerifyOptions options = verifyOptions(o);
  const archive_news::ReaderOptions reader = readerOptions(limits);
  std::optional<archive_news::VerifyReport> report;
  {
    py::gil_scoped_release release;
    report.emplace(archive_news::verifyFile(std::filesystem::path(path), options, reader));
  }
  return reportOf(*report);
}

py::object verifyBytes(const py::bytes& data, const std::string& name, const py::dict& o,
                       const py::dict& limits) {
  const archive_news::VerifyOptions options = verifyOptions(o);
  const archive_news::ReaderOptions reader = readerOptions(limits);
  char* pointer = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(data.ptr(), &pointer, &size) != 0) throw py::error_already_set();
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(pointer),
                                            static_cast<std::size_t>(size));
  std::optional<archive_news::VerifyReport> report;
  {
    py::gil_scoped_release release;
    report.emplace(archive_news::verifyMemory(bytes, name, options, reader));
  }
  return reportOf(*report);
}

}  // namespace

void registerVerify(py::module_& m) {
  m.def("verify_bundle", &verifyBundle, py::arg("bundle"), py::arg("options"));
  m.def("verify_url", &verifyUrl, py::arg("url"), py::arg("options"), py::arg("limits"));
  m.def("verify_path", &verifyPath, py::arg("path"), py::arg("options"), py::arg("limits"));
  m.def("verify_bytes", &verifyBytes, py::arg("data"), py::arg("name"), py::arg("options"),
        py::arg("limits"));
}

}  // namespace newsarc_python
