// Article summaries, the hot path of iterating a bundle: a batch of newsarc.ArticleSummary a
// call, each built in place as tuple_subtype_new builds a tuple subclass (tp_alloc, then its
// items), so that a million summaries cost a million small allocations and no Python code.
#include <archive_news/error.h>

#include <cstddef>
#include <string>

#include "core.h"

namespace newsarc_python {

namespace {

// The order of newsarc.ArticleSummary's fields (newsarc/_model.py).
enum SummaryField : Py_ssize_t {
  kId,
  kHeadline,
  kHeadlineCut,
  kFirstcreated,
  kVersioncreated,
  kBylines,
  kImageCount,
  kAttachmentCount,
  kContentSize,
  kVersion,
  kState,
  kPubstatus,
  kSummaryFields,
};

PyObject* newOptionalText(const std::optional<std::string>& utf8) {
  if (!utf8) Py_RETURN_NONE;
  return newText(*utf8);
}

PyObject* newBylines(const std::vector<std::string>& bylines) {
  PyObject* tuple = PyTuple_New(static_cast<Py_ssize_t>(bylines.size()));
  if (tuple == nullptr) return nullptr;
  for (std::size_t i = 0; i < bylines.size(); ++i) {
    PyObject* name = newText(bylines[i]);
    if (name == nullptr) {
      Py_DECREF(tuple);
      return nullptr;
    }
    PyTuple_SET_ITEM(tuple, static_cast<Py_ssize_t>(i), name);
  }
  return tuple;
}

// Sets items of a freshly allocated tuple; false when one could not be made (its slot stays
// NULL, which tuple deallocation accepts).
bool setItem(PyObject* tuple, Py_ssize_t index, PyObject* value) {
  if (value == nullptr) return false;
  PyTuple_SET_ITEM(tuple, index, value);
  return true;
}

py::list summaries(const BundleHandle& handle, std::size_t first, std::size_t limit) {
  const auto open = handle.get();
  auto* type = reinterpret_cast<PyTypeObject*>(pythonType("ArticleSummary").ptr());
  py::list out;
  bool failed = false;
  std::size_t count = 0;
  // No exception may cross forEachArticle from here: a failure stops the walk and is raised after.
  open->bundle.forEachArticle(first, [&](const archive_news::ArticleSummary& summary) {
    PyObject* item = newSummary(type, summary);
    if (item == nullptr || PyList_Append(out.ptr(), item) != 0) {
      Py_XDECREF(item);
      failed = true;
      return false;
    }
    Py_DECREF(item);
    return ++count < limit;
  });
  if (failed) {
    if (PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
      PyErr_Clear();
      throw archive_news::Error(archive_news::ErrorCode::kCorruption, open->bundle.name(),
                                std::nullopt, "a text of the index is not valid UTF-8");
    }
    throw py::error_already_set();
  }
  return out;
}

}  // namespace

PyObject* newSummary(PyTypeObject* type, const archive_news::ArticleSummary& s) {
  PyObject* item = type->tp_alloc(type, kSummaryFields);
  if (item == nullptr) return nullptr;
  const bool made = setItem(item, kId, newText(s.id)) &&
                    setItem(item, kHeadline, newText(s.headline)) &&
                    setItem(item, kHeadlineCut, PyBool_FromLong(s.headlineCut)) &&
                    setItem(item, kFirstcreated, newOptionalText(s.firstcreated)) &&
                    setItem(item, kVersioncreated, newOptionalText(s.versioncreated)) &&
                    setItem(item, kBylines, newBylines(s.bylines)) &&
                    setItem(item, kImageCount, PyLong_FromUnsignedLong(s.imageCount)) &&
                    setItem(item, kAttachmentCount, PyLong_FromUnsignedLong(s.attachmentCount)) &&
                    setItem(item, kContentSize, PyLong_FromUnsignedLongLong(s.contentSize)) &&
                    setItem(item, kVersion, PyLong_FromUnsignedLong(s.version)) &&
                    setItem(item, kState, PyLong_FromUnsignedLong(s.state)) &&
                    setItem(item, kPubstatus, newOptionalText(s.pubstatus));
  if (!made) {
    Py_DECREF(item);
    return nullptr;
  }
  return item;
}

void registerListing(py::module_& m) {
  m.def("summaries", &summaries, py::arg("bundle"), py::arg("first"), py::arg("limit"),
        "Up to `limit` ArticleSummary from position `first`, in id order.");
}

}  // namespace newsarc_python
