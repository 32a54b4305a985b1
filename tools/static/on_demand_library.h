// A shared library loaded on first use, for the statically linked newsarc (CMakeLists.txt, "The
// tool"): what libarchive_on_demand.cpp and libcurl_on_demand.cpp share. Each defines the
// library's functions it forwards with FORWARD, and a resolve<Fn>(name) that finds them.
#ifndef NEWSARC_TOOLS_STATIC_ON_DEMAND_LIBRARY_H_
#define NEWSARC_TOOLS_STATIC_ON_DEMAND_LIBRARY_H_

#include <archive_news/error.h>
#include <dlfcn.h>

#include <string>

namespace newsarc_static {

// Opens `soname`; Error(kIOError) naming it, why it cannot be loaded and `neededFor` (what the
// user asked that needs it) when it cannot.
inline void* openLibrary(const char* soname, const char* neededFor) {
  void* handle = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    throw archive_news::Error(
        archive_news::ErrorCode::kIOError, soname, std::nullopt,
        std::string("cannot be loaded (") + (why ? why : "unknown error") + "); " + neededFor);
  }
  return handle;
}

template <typename Fn>
Fn* findFunction(void* library, const char* soname, const char* name) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr) {
    throw archive_news::Error(archive_news::ErrorCode::kIOError, soname, std::nullopt,
                              std::string("has no function ") + name);
  }
  return reinterpret_cast<Fn*>(symbol);
}

}  // namespace newsarc_static

// Defines `name` with these parameters to call the real `name`, found by resolve() on first use,
// with these arguments.
#define FORWARD(result, name, parameters, arguments)                    \
  extern "C" result name parameters {                                   \
    static decltype(name)* const real = resolve<decltype(name)>(#name); \
    return real arguments;                                              \
  }

#endif  // NEWSARC_TOOLS_STATIC_ON_DEMAND_LIBRARY_H_
