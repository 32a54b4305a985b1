// The classes of the pure-Python layer the extension builds its results from, and the conversion
// of texts between the library's UTF-8 and str.
#include <archive_news/error.h>

#include <map>
#include <stdexcept>
#include <string>

#include "core.h"

namespace newsarc_python {

namespace {

// Strong references, held for the life of the interpreter: the classes live as long as the
// package, and releasing them at exit would run after the interpreter is gone.
std::map<std::string, PyObject*, std::less<>>& registry() {
  static std::map<std::string, PyObject*, std::less<>> types;
  return types;
}

void registerPythonTypes(const py::dict& types) {
  for (const auto& [name, type] : types) {
    registry()[py::cast<std::string>(name)] =
        py::reinterpret_borrow<py::object>(type).release().ptr();
  }
}

}  // namespace

py::handle pythonType(const char* name) {
  const auto found = registry().find(std::string_view(name));
  if (found == registry().end()) {
    throw std::runtime_error(std::string("newsarc._core: type not registered: ") + name);
  }
  return found->second;
}

PyObject* newText(std::string_view utf8) {
  return PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), nullptr);
}

py::object text(std::string_view utf8) {
  PyObject* result = newText(utf8);
  if (result == nullptr) {
    PyErr_Clear();
    throw archive_news::Error(archive_news::ErrorCode::kCorruption,
                              "a text of the bundle is not valid UTF-8");
  }
  return py::reinterpret_steal<py::object>(result);
}

py::object optionalText(const std::optional<std::string>& utf8) {
  return utf8 ? py::object(text(*utf8)) : py::none();
}

std::string utf8Of(py::handle value) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return std::string(data, static_cast<std::size_t>(size));
}

void registerTypes(py::module_& m) {
  m.def("_register_types", &registerPythonTypes, py::arg("types"),
        "Gives the extension the classes of the pure-Python layer, by name.");
}

}  // namespace newsarc_python
