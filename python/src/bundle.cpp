// Opening and closing a bundle, and what it says of itself: its information, signatures,
// timestamps and states. Listing is listing.cpp, articles article.cpp, content content.cpp.
#include <archive_news/public_key.h>
#include <archive_news/remote.h>
#include <archive_news/signature.h>
#include <archive_news/timestamp.h>

#include <filesystem>
#include <string>
#include <utility>

#include "core.h"

namespace newsarc_python {

std::shared_ptr<const OpenBundle> BundleHandle::get() const {
  if (!open) throw py::value_error("I/O operation on a closed bundle");
  return open;
}

namespace {

py::bytes bytesOf(const void* data, std::size_t size) {
  return py::bytes(static_cast<const char*>(data), size);
}

std::string hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

py::dict pairs(const std::vector<archive_news::KeyValue>& extra) {
  py::dict out;
  for (const auto& pair : extra) out[text(pair.key)] = text(pair.value);
  return out;
}

BundleHandle openFile(const std::string& path, const py::dict& limits) {
  const archive_news::ReaderOptions options = readerOptions(limits);
  std::optional<archive_news::Bundle> bundle;
  {
    py::gil_scoped_release release;
    bundle.emplace(archive_news::Bundle::open(std::filesystem::path(path), options));
  }
  return BundleHandle{std::make_shared<const OpenBundle>(
      OpenBundle{nullptr, py::none(), options, std::move(*bundle)})};
}

// An http:// or https:// URL, read with HTTP range requests (archive_news/remote.h).
BundleHandle openUrl(const std::string& url, const py::dict& limits) {
  const archive_news::ReaderOptions options = readerOptions(limits);
  std::optional<archive_news::Bundle> bundle;
  {
    py::gil_scoped_release release;
    bundle.emplace(archive_news::openRemote(url, {}, options));
  }
  return BundleHandle{std::make_shared<const OpenBundle>(
      OpenBundle{nullptr, py::none(), options, std::move(*bundle)})};
}

// `data` is a bytes object: immutable, so the bundle may read it without a copy for its life.
BundleHandle openBytes(const py::bytes& data, const std::string& name, const py::dict& limits) {
  const archive_news::ReaderOptions options = readerOptions(limits);
  char* pointer = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(data.ptr(), &pointer, &size) != 0) throw py::error_already_set();
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(pointer),
                                            static_cast<std::size_t>(size));
  std::optional<archive_news::Bundle> bundle;
  {
    py::gil_scoped_release release;
    bundle.emplace(archive_news::Bundle::fromMemory(bytes, name, options));
  }
  return BundleHandle{
      std::make_shared<const OpenBundle>(OpenBundle{nullptr, data, options, std::move(*bundle)})};
}

BundleHandle atState(const BundleHandle& handle, std::uint32_t sequence) {
  const auto open = handle.get();
  std::optional<archive_news::Bundle> state;
  {
    py::gil_scoped_release release;
    state.emplace(open->bundle.atState(sequence));
  }
  return BundleHandle{std::make_shared<const OpenBundle>(
      OpenBundle{open, py::none(), open->options, std::move(*state)})};
}

py::object info(const BundleHandle& handle) {
  const archive_news::BundleInfo i = handle.get()->bundle.info();
  return pythonType("BundleInfo")(text(i.bundleId), optionalText(i.title),
                                  optionalText(i.description), text(i.creatorTool), text(i.created),
                                  i.formatMajor, i.formatMinor, text(i.digestAlgorithm),
                                  i.articleCount, i.contentCount, i.clusterCount, i.rawBytes,
                                  i.storedBytes, i.fileSize, pairs(i.extra), i.state);
}

py::object signatureOf(const archive_news::Signature& s) {
  using archive_news::SignatureAlgorithm;
  py::object keyId = py::none();
  py::object comment = py::none();
  py::object certificate = py::none();
  std::string algorithm = "unknown";
  if (s.algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed) {
    algorithm = "ed25519";
    keyId = py::str(archive_news::keyIdToHex(s.keyId));
    comment = text(s.trustedComment);
  } else if (s.algorithm == SignatureAlgorithm::kCmsX509) {
    algorithm = "x509";
    if (const auto signer = archive_news::cmsSigner(s)) {
      certificate = pythonType("Certificate")(text(signer->subject), text(signer->issuer),
                                              text(signer->notBefore), text(signer->notAfter));
    }
  }
  return pythonType("Signature")(algorithm, keyId, comment, certificate);
}

py::list signatures(const std::vector<archive_news::Signature>& list) {
  py::list out;
  for (const auto& signature : list) out.append(signatureOf(signature));
  return out;
}

py::list timestamps(const BundleHandle& handle) {
  py::list out;
  std::uint32_t index = 0;
  for (const auto& t : handle.get()->bundle.timestamps()) {
    const auto claims = archive_news::timestampClaims(t);
    out.append(pythonType("Timestamp")(index++, claims ? py::object(text(claims->tsa)) : py::none(),
                                       claims ? py::object(py::int_(claims->time)) : py::none(),
                                       claims ? py::object(text(claims->timeText)) : py::none(),
                                       claims ? py::object(text(claims->hash)) : py::none(),
                                       t.signatures, t.timestamps,
                                       bytesOf(t.token.data(), t.token.size())));
  }
  return out;
}

py::list history(const BundleHandle& handle) {
  const auto open = handle.get();
  std::vector<archive_news::BundleState> states;
  {
    py::gil_scoped_release release;
    states = open->bundle.history();
  }
  py::list out;
  for (const auto& s : states) {
    out.append(pythonType("State")(s.sequence, text(s.created), s.fileSize, s.articleCount,
                                   hex(s.sealDigest), signatures(s.signatures)));
  }
  return out;
}

py::list versions(const BundleHandle& handle, const std::string& id) {
  auto* type = reinterpret_cast<PyTypeObject*>(pythonType("ArticleSummary").ptr());
  py::list out;
  for (const auto& summary : handle.get()->bundle.versions(id)) {
    PyObject* item = newSummary(type, summary);
    if (item == nullptr) throw py::error_already_set();
    out.append(py::reinterpret_steal<py::object>(item));
  }
  return out;
}

py::object summaryAt(const BundleHandle& handle, std::size_t index) {
  auto* type = reinterpret_cast<PyTypeObject*>(pythonType("ArticleSummary").ptr());
  PyObject* item = newSummary(type, handle.get()->bundle.summary(index));
  if (item == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(item);
}

}  // namespace

archive_news::ReaderOptions readerOptions(const py::dict& limits) {
  archive_news::ReaderOptions o;
  auto take = [&](const char* name, auto& field) {
    if (limits.contains(name) && !limits[name].is_none()) {
      field = py::cast<std::remove_reference_t<decltype(field)>>(limits[name]);
    }
  };
  take("max_signature_section_size", o.maxSignatureSectionSize);
  take("max_timestamp_section_size", o.maxTimestampSectionSize);
  take("max_content_size", o.maxContentSize);
  take("max_record_size", o.maxRecordSize);
  take("max_cluster_size", o.maxClusterSize);
  take("traversal_factor", o.traversalFactor);
  take("nesting_limit", o.nestingLimit);
  take("max_window_log", o.maxWindowLog);
  return o;
}

void registerBundle(py::module_& m) {
  py::class_<BundleHandle>(m, "BundleHandle", "An open bundle (newsarc.Bundle holds one).")
      .def_property_readonly("closed", [](const BundleHandle& h) { return !h.open; })
      .def("close", [](BundleHandle& h) { h.open.reset(); })
      .def_property_readonly("name", [](const BundleHandle& h) { return h.get()->bundle.name(); })
      .def("count", [](const BundleHandle& h) { return h.get()->bundle.articleCount(); })
      .def("find",
           [](const BundleHandle& h, const std::string& id) { return h.get()->bundle.find(id); })
      .def("summary", &summaryAt)
      .def("info", &info)
      .def("signatures",
           [](const BundleHandle& h) { return signatures(h.get()->bundle.signatures()); })
      .def("timestamps", &timestamps)
      .def("history", &history)
      .def("versions", &versions)
      .def("at_state", &atState)
      .def("seal_bytes",
           [](const BundleHandle& h) {
             const auto seal = h.get()->bundle.sealBytes();
             return bytesOf(seal.data(), seal.size());
           })
      .def("schema_text", [](const BundleHandle& h) { return h.get()->bundle.schemaText(); });
  m.def("open_file", &openFile, py::arg("path"), py::arg("limits"));
  m.def("open_url", &openUrl, py::arg("url"), py::arg("limits"));
  m.def(
      "is_remote_url", [](const std::string& text) { return archive_news::isRemoteUrl(text); },
      py::arg("text"));
  m.def("open_bytes", &openBytes, py::arg("data"), py::arg("name"), py::arg("limits"));
}

}  // namespace newsarc_python
