// What the files of the extension newsarc._core share. The extension returns instances of the
// classes of the pure-Python layer (newsarc/_model.py, _verify.py), which it is given once at
// import (_register_types), so that a result is built once, in C++, with no Python round trip per
// field; and it raises the exception classes of newsarc/_errors.py (_register_errors).
#ifndef NEWSARC_PYTHON_CORE_H_
#define NEWSARC_PYTHON_CORE_H_

#include <archive_news/reader.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace newsarc_python {

namespace py = pybind11;

// A Python class of the pure-Python layer, by its name in the dictionary given to
// _register_types. Throws RuntimeError when the package did not register it (a bug).
py::handle pythonType(const char* name);

// A str from UTF-8 text, decoded strictly: the library keeps texts byte for byte, and a text that
// is not UTF-8 (which the reader refuses before) is thrown as Error(kCorruption), never replaced.
py::object text(std::string_view utf8);
py::object optionalText(const std::optional<std::string>& utf8);
// The same as a new reference for the hot path of listing; nullptr with a Python error set.
PyObject* newText(std::string_view utf8);

// The UTF-8 bytes of a str argument.
std::string utf8Of(py::handle text);

// An open bundle with what it reads from: `buffer`, the bytes object of a bundle opened from
// memory, and `base`, the bundle a state was opened from (Bundle::atState needs it alive). Shared
// by the Python Bundle and by what it hands out (content streams, states), so that closing the
// Python object never unmaps bytes still in use. A call copies the pointer with the GIL held,
// releases the GIL for the work and drops its copy once the GIL is back: the last owner of
// `buffer` always holds the GIL.
struct OpenBundle {
  std::shared_ptr<const OpenBundle> base;
  py::object buffer;
  archive_news::ReaderOptions options;
  archive_news::Bundle bundle;
};

// The Python side's handle: close() drops `open`.
struct BundleHandle {
  std::shared_ptr<const OpenBundle> open;
  // The open bundle; ValueError once closed, as for a closed file.
  std::shared_ptr<const OpenBundle> get() const;
};

// archive_news::ContentRef of a newsarc.Content (its digest, size and extent attributes).
archive_news::ContentRef contentRef(py::handle content);
// ReaderOptions from the keyword limits of newsarc.open (None: the default).
archive_news::ReaderOptions readerOptions(const py::dict& limits);
// A newsarc.ArticleSummary (a tuple subclass), built in place; nullptr with a Python error set.
PyObject* newSummary(PyTypeObject* type, const archive_news::ArticleSummary& summary);

// Registration of each concept's bindings, one file each.
void registerErrors(py::module_& m);
void registerTypes(py::module_& m);
void registerBundle(py::module_& m);
void registerListing(py::module_& m);
void registerArticle(py::module_& m);
void registerContent(py::module_& m);
void registerVerify(py::module_& m);
void registerKeys(py::module_& m);
void registerWriter(py::module_& m);
void registerFolder(py::module_& m);
void registerSearch(py::module_& m);

}  // namespace newsarc_python

#endif  // NEWSARC_PYTHON_CORE_H_
