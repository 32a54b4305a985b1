// libarchive and names that are not ASCII.
//
// libarchive keeps every entry name in the charset of the calling thread's locale as well as in
// UTF-8, and converts names through that charset. newsarc never calls setlocale(), so the locale
// is "C" (ASCII) whatever LANG says, and there a UTF-8 name has no form of its own: libarchive
// 3.6's pax writer then formats the missing name into its error message (strlen(NULL): SIGSEGV,
// libarchive issue #2233), its zip writer stores the bytes without the UTF-8 flag (readers take
// them for CP437), and its zip reader cannot give back a name marked UTF-8. Every libarchive call
// that writes, reads or converts a name therefore runs inside a Utf8NamesScope: a UTF-8 LC_CTYPE
// on the calling thread only (uselocale(): the process locale and other threads are untouched), in
// which a UTF-8 name converts to itself.
#ifndef ARCHIVE_NEWS_TOOLKIT_COMMON_ARCHIVE_LOCALE_H_
#define ARCHIVE_NEWS_TOOLKIT_COMMON_ARCHIVE_LOCALE_H_

#include <locale.h>

namespace archive_news::internal {

// A UTF-8 LC_CTYPE locale, made once; nullptr when the system has none (glibc 2.35 and later
// always have C.UTF-8, built in).
inline locale_t utf8Locale() {
  static const locale_t locale = [] {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8"}) {
      if (const locale_t found = newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(nullptr))) {
        return found;
      }
    }
    return static_cast<locale_t>(nullptr);
  }();
  return locale;
}

// The calling thread's locale is utf8Locale() while this lives (unchanged where there is none).
class Utf8NamesScope {
 public:
  Utf8NamesScope() : previous_(utf8Locale() != nullptr ? uselocale(utf8Locale()) : nullptr) {}
  ~Utf8NamesScope() {
    if (previous_ != nullptr) uselocale(previous_);
  }
  Utf8NamesScope(const Utf8NamesScope&) = delete;
  Utf8NamesScope& operator=(const Utf8NamesScope&) = delete;

 private:
  locale_t previous_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_COMMON_ARCHIVE_LOCALE_H_
