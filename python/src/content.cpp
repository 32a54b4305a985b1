// Images and attachments: as one bytes object, or as a stream for newsarc.ContentReader.
//
// read() allocates the bytes object at its final size and has the library write into it: a
// content stored raw is copied once from the mapping, a compressed one decompressed piece by piece
// straight into it; the digest is checked before the object is returned. No other copy of the
// whole content is made, and the GIL is released while it is made.
#include <archive_news/error.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core.h"

namespace newsarc_python {

namespace {

using archive_news::Error;
using archive_news::ErrorCode;

// The size the library will produce, refused past ReaderOptions::maxContentSize as
// Bundle::read(content) refuses it: the bytes object is allocated before any byte is read.
void checkLimit(const OpenBundle& open, const archive_news::ContentRef& content) {
  if (content.size > open.options.maxContentSize) {
    throw Error(ErrorCode::kLimitExceeded, open.bundle.name(), content.extent.offset,
                "content of " + std::to_string(content.size) +
                    " bytes is larger than max_content_size (" +
                    std::to_string(open.options.maxContentSize) + ")");
  }
}

// Content stored raw, in place, or std::nullopt for compressed content. A Content is a Python
// object a caller may have altered: the bytes found must be as many as its size says, or every
// copy below would read past them.
std::optional<std::span<const std::uint8_t>> storedBytes(const OpenBundle& open,
                                                         const archive_news::ContentRef& content) {
  const auto stored = open.bundle.storedBytes(content);
  if (stored && stored->size() != content.size) {
    throw Error(ErrorCode::kCorruption, open.bundle.name(), content.extent.offset,
                "content stored raw in " + std::to_string(stored->size()) +
                    " bytes; its size says " + std::to_string(content.size));
  }
  return stored;
}

// Writes the content into `out` (content.size bytes). Runs without the GIL.
void readInto(const OpenBundle& open, const archive_news::ContentRef& content, char* out) {
  if (const auto stored = storedBytes(open, content)) {
    std::memcpy(out, stored->data(), stored->size());
    return;
  }
  std::uint64_t done = 0;
  open.bundle.read(content, [&](std::span<const std::uint8_t> piece) {
    if (piece.size() > content.size - done) {
      throw Error(
          ErrorCode::kCorruption, open.bundle.name(), content.extent.offset,
          "content decodes past its recorded size of " + std::to_string(content.size) + " bytes");
    }
    std::memcpy(out + done, piece.data(), piece.size());
    done += piece.size();
  });
  if (done != content.size) {
    throw Error(ErrorCode::kCorruption, open.bundle.name(), content.extent.offset,
                "content decodes to " + std::to_string(done) + " bytes; expected " +
                    std::to_string(content.size));
  }
}

py::bytes readContent(const BundleHandle& handle, py::handle contentObject) {
  const auto open = handle.get();
  const archive_news::ContentRef content = contentRef(contentObject);
  checkLimit(*open, content);
  auto bytes = py::reinterpret_steal<py::bytes>(
      PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(content.size)));
  if (!bytes) throw py::error_already_set();
  char* out = PyBytes_AS_STRING(bytes.ptr());
  {
    py::gil_scoped_release release;
    readInto(*open, content, out);
  }
  return bytes;
}

// A content's bytes by position, for newsarc.ContentReader. Content stored raw is read in place
// from the mapping (its digest checked once, when the stream is made); compressed content has no
// random access in the format (one zstd frame), so it is decoded whole into a bytes object on the
// first read, within max_content_size.
class ContentStream {
 public:
  ContentStream(const BundleHandle& handle, py::handle contentObject)
      : open_(handle.get()), content_(contentRef(contentObject)) {
    py::gil_scoped_release release;
    stored_ = storedBytes(*open_, content_);
  }

  std::uint64_t size() const { return content_.size; }

  // Copies up to len(buffer) bytes from `position` into the writable buffer; returns how many.
  std::size_t readAt(std::uint64_t position, const py::buffer& buffer) {
    py::buffer_info target = buffer.request(true);
    const std::span<const std::uint8_t> all = bytes();  // checked, also when empty
    if (position >= all.size()) return 0;
    const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(
        static_cast<std::uint64_t>(target.size * target.itemsize), all.size() - position));
    std::memcpy(target.ptr, all.data() + position, count);
    return count;
  }

 private:
  std::span<const std::uint8_t> bytes() {
    if (stored_) return *stored_;
    if (!decoded_) {
      checkLimit(*open_, content_);
      auto whole = py::reinterpret_steal<py::bytes>(
          PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(content_.size)));
      if (!whole) throw py::error_already_set();
      char* out = PyBytes_AS_STRING(whole.ptr());
      {
        py::gil_scoped_release release;
        readInto(*open_, content_, out);
      }
      decoded_ = std::move(whole);
    }
    return {reinterpret_cast<const std::uint8_t*>(PyBytes_AS_STRING(decoded_->ptr())),
            static_cast<std::size_t>(content_.size)};
  }

  std::shared_ptr<const OpenBundle> open_;
  archive_news::ContentRef content_;
  std::optional<std::span<const std::uint8_t>> stored_;
  std::optional<py::bytes> decoded_;
};

archive_news::Digest digestOf(py::handle value, const char* name) {
  if (!PyBytes_Check(value.ptr())) {
    throw Error(ErrorCode::kInvalidArgument, std::string("Content.") + name + " is not bytes");
  }
  const std::string bytes = py::cast<std::string>(value);
  archive_news::Digest digest{};
  if (bytes.size() != digest.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                std::string("Content.") + name + " is not a 32-byte SHA-256 digest");
  }
  std::memcpy(digest.data(), bytes.data(), digest.size());
  return digest;
}

}  // namespace

archive_news::ContentRef contentRef(py::handle c) {
  archive_news::ContentRef ref;
  ref.digest = digestOf(c.attr("digest"), "digest");
  ref.size = py::cast<std::uint64_t>(c.attr("size"));
  ref.extent.offset = py::cast<std::uint64_t>(c.attr("offset"));
  ref.extent.storedSize = py::cast<std::uint64_t>(c.attr("stored_size"));
  ref.extent.compressed = py::cast<bool>(c.attr("compressed"));
  ref.extent.storedDigest = digestOf(c.attr("stored_digest"), "stored_digest");
  return ref;
}

void registerContent(py::module_& m) {
  m.def("read", &readContent, py::arg("bundle"), py::arg("content"),
        "The content's bytes, checked against its digest.");
  py::class_<ContentStream>(m, "ContentStream", "A content's bytes by position.")
      .def(py::init<const BundleHandle&, py::handle>())
      .def_property_readonly("size", &ContentStream::size)
      .def("read_at", &ContentStream::readAt, py::arg("position"), py::arg("buffer"));
}

}  // namespace newsarc_python
