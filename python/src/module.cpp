// The extension module newsarc._core: the C++ API of libarchive_news as the pure-Python package
// newsarc uses it. Not for direct use: its names and signatures follow the package's needs.
#include <archive_news/version.h>

#include "core.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "The compiled half of newsarc; use the newsarc package, not this module.";
  m.attr("library_version") = ARCHIVE_NEWS_VERSION_STRING;
  newsarc_python::registerErrors(m);
  newsarc_python::registerTypes(m);
  newsarc_python::registerBundle(m);
  newsarc_python::registerListing(m);
  newsarc_python::registerArticle(m);
  newsarc_python::registerContent(m);
  newsarc_python::registerVerify(m);
  newsarc_python::registerKeys(m);
  newsarc_python::registerWriter(m);
  newsarc_python::registerFolder(m);
  newsarc_python::registerSearch(m);
}
