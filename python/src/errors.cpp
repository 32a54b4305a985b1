// archive_news::Error raised as the newsarc exception of its code (newsarc/_errors.py), with its
// code, file, offset and reason as attributes and what() as its message.
#include <archive_news/error.h>

#include <exception>

#include "core.h"

namespace newsarc_python {

namespace {

// The class given by _register_errors; held for the life of the interpreter (types.cpp says why).
PyObject*& errorFactory() {
  static PyObject* factory = nullptr;
  return factory;
}

void raise(const archive_news::Error& error) {
  if (errorFactory() == nullptr) {
    PyErr_SetString(PyExc_RuntimeError, error.what());
    return;
  }
  py::object offset = error.offset() ? py::object(py::int_(*error.offset())) : py::none();
  // file() and reason() keep the exact bytes, which need not be UTF-8 (a file name): decoded
  // with surrogateescape as os.fsdecode does; what() is always valid UTF-8.
  auto lossless = [](const std::string& bytes) {
    return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(
        bytes.data(), static_cast<Py_ssize_t>(bytes.size()), "surrogateescape"));
  };
  py::object exception = py::reinterpret_borrow<py::object>(errorFactory())(
      static_cast<int>(error.code()), error.what(), lossless(error.file()), offset,
      lossless(error.reason()));
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
}

}  // namespace

void registerErrors(py::module_& m) {
  m.def(
      "_register_errors", [](py::object factory) { errorFactory() = factory.release().ptr(); },
      py::arg("factory"),
      "Gives the extension the function that makes the newsarc exception of an error code.");
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const archive_news::Error& error) {
      try {
        raise(error);
      } catch (py::error_already_set& failure) {
        failure.restore();
      }
    }
  });
}

}  // namespace newsarc_python
