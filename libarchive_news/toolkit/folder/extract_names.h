// The names extract writes: article folders named from ids, and the article's file names made
// portable. The rules are normative (spec/FORMAT.md, 16.4), so that another implementation
// names every file the same; each function below implements one paragraph of that section.
#ifndef ARCHIVE_NEWS_TOOLKIT_FOLDER_EXTRACT_NAMES_H_
#define ARCHIVE_NEWS_TOOLKIT_FOLDER_EXTRACT_NAMES_H_

#include <archive_news/article.h>

#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal {

// The key two names collide under on a file system that ignores case: each code point mapped by
// Unicode's simple lowercase mapping (towlower() in a UTF-8 locale; ASCII only where the system
// has none); bytes that are not UTF-8 stay as they are.
std::string caseFoldedName(std::string_view name);

// One '/'-separated component as every common file system stores it: each of : * ? " < > |
// becomes '_'; a trailing '.' or ' ' gets a '_' after it; a Windows device name gets a leading
// '_' (isWindowsDeviceName()).
std::string portableComponent(std::string_view component);

// Windows reserves these names in every folder, whatever follows the first '.': CON, PRN, AUX,
// NUL, CONIN$, CONOUT$, COM0-COM9, LPT0-LPT9 and COM/LPT with a superscript digit 1, 2 or 3, in
// any ASCII case, with any trailing spaces before the first '.' ("con .jpg" is CON).
bool isWindowsDeviceName(std::string_view component);

// Every component of a '/'-separated name made portable (portableComponent()).
std::string portableFileName(std::string_view name);

// "photo.jpg" as the nth of its name: "photo-2.jpg" ("notes-2" without an extension; the
// extension is what follows the last '.' of the last component, when that '.' is not its first
// character).
std::string numberedFileName(const std::string& name, int n);

// Renames the article's image and attachment files, in article.json too: each name made portable,
// then, in order (images, then attachments), a name whose case-folded form is taken by an earlier
// name of the article, by article.json or item.ninjs.json, gets "-2", "-3", ... (the first free
// one). One stored name always becomes one written name.
void makeNamesPortable(Article& article);

// Folder names for the articles with these ids, in this order: folderNameForId() of each, and a
// name whose case-folded form an earlier one took gets "-2", "-3", ... appended (the first free).
std::vector<std::string> uniqueFolderNames(const std::vector<std::string>& ids);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_FOLDER_EXTRACT_NAMES_H_
