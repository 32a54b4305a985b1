// Article folders (archive_news/article_folder.h): finding them under a root, as `newsarc pack`
// does, and writing one article of a bundle as one, as `newsarc extract` does.
#include <archive_news/article_folder.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core.h"

namespace newsarc_python {

namespace {

std::vector<std::string> findFolders(const std::string& root) {
  std::vector<std::string> out;
  for (const auto& dir : archive_news::findArticleFolders(root)) out.push_back(dir.string());
  return out;
}

void extractArticle(const BundleHandle& handle, std::size_t index, const std::string& dir,
                    bool overwrite) {
  const auto open = handle.get();
  py::gil_scoped_release release;
  archive_news::writeArticleFolder(open->bundle, index, dir, overwrite);
}

}  // namespace

void registerFolder(py::module_& m) {
  m.def("find_article_folders", &findFolders, py::arg("root"));
  m.def("extract_article", &extractArticle, py::arg("bundle"), py::arg("index"), py::arg("dir"),
        py::arg("overwrite"));
}

}  // namespace newsarc_python
