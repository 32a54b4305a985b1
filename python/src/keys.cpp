// Minisign keys (archive_news/public_key.h, secret_key.h): public keys travel as their text, the
// form verify takes; a secret key stays a C++ object (newsarc.SecretKey holds one), its bytes in
// the library's locked and wiped memory, never in a Python object.
#include <archive_news/error.h>
#include <archive_news/keys.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core.h"

namespace newsarc_python {

namespace {

using archive_news::SecretKey;

// The password of an encrypted key: None when the key is not expected to be encrypted (asking is
// then an error), else a str, or a callable returning one, called only if the key is encrypted.
// The provider holds `password` borrowed, since the library may copy it without the GIL: the
// caller's reference keeps it alive for the call.
archive_news::PasswordProvider passwordProvider(const py::object& password) {
  PyObject* borrowed = password.ptr();
  return [borrowed]() -> std::string {
    py::gil_scoped_acquire acquire;
    const auto value = py::reinterpret_borrow<py::object>(borrowed);
    if (value.is_none()) {
      throw archive_news::Error(archive_news::ErrorCode::kInvalidArgument,
                                "the secret key is encrypted and no password was given");
    }
    return utf8Of(PyCallable_Check(borrowed) ? value() : value);
  };
}

std::shared_ptr<SecretKey> loadSecret(const std::string& path, const py::object& password) {
  const auto provider = passwordProvider(password);
  py::gil_scoped_release release;  // scrypt takes about a second
  return std::make_shared<SecretKey>(archive_news::loadSecretKey(path, provider));
}

std::shared_ptr<SecretKey> parseSecret(const std::string& text, const std::string& source,
                                       const py::object& password) {
  const auto provider = passwordProvider(password);
  py::gil_scoped_release release;
  return std::make_shared<SecretKey>(archive_news::parseSecretKey(text, source, provider));
}

py::tuple generate() {
  archive_news::KeyPair pair = archive_news::generateKeyPair();
  return py::make_tuple(archive_news::formatPublicKey(pair.publicKey),
                        std::make_shared<SecretKey>(std::move(pair.secretKey)));
}

// (key id in hex, the public key file's text) of a minisign public key text or file.
py::tuple describePublic(const archive_news::PublicKey& key) {
  return py::make_tuple(archive_news::keyIdToHex(key.keyId), archive_news::formatPublicKey(key));
}

}  // namespace

void registerKeys(py::module_& m) {
  py::class_<SecretKey, std::shared_ptr<SecretKey>>(m, "SecretKeyHandle", "A minisign secret key.")
      .def_property_readonly("key_id",
                             [](const SecretKey& k) { return archive_news::keyIdToHex(k.keyId()); })
      .def("public_key_text",
           [](const SecretKey& k) { return archive_news::formatPublicKey(k.publicKey()); })
      .def(
          "save",
          [](const SecretKey& k, const std::string& path, std::optional<std::string> password,
             bool overwrite) {
            py::gil_scoped_release release;
            archive_news::saveSecretKey(path, k, password, overwrite);
          },
          py::arg("path"), py::arg("password"), py::arg("overwrite"))
      .def(
          "text",
          [](const SecretKey& k, std::optional<std::string> password) {
            py::gil_scoped_release release;
            return archive_news::formatSecretKey(k, password);
          },
          py::arg("password"));
  m.def("generate_keypair", &generate);
  m.def("load_secret_key", &loadSecret, py::arg("path"), py::arg("password"));
  m.def("parse_secret_key", &parseSecret, py::arg("text"), py::arg("source"), py::arg("password"));
  m.def(
      "parse_public_key",
      [](const std::string& text, const std::string& source) {
        return describePublic(archive_news::parsePublicKey(text, source));
      },
      py::arg("text"), py::arg("source"));
  m.def(
      "load_public_key",
      [](const std::string& path) { return describePublic(archive_news::loadPublicKey(path)); },
      py::arg("path"));
  m.def(
      "save_public_key",
      [](const std::string& text, const std::string& path, bool overwrite) {
        archive_news::savePublicKey(path, archive_news::parsePublicKey(text, "the public key"),
                                    overwrite);
      },
      py::arg("text"), py::arg("path"), py::arg("overwrite"));
}

}  // namespace newsarc_python
