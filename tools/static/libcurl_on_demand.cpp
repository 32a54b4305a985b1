// libcurl, loaded on first use, for the statically linked newsarc (CMakeLists.txt, "The tool").
//
// Only timestamping (archive_news/tsa_client.h) talks to a server, and libcurl brings a TLS
// library, HTTP/2, SSH, LDAP, Kerberos and more with it: linked normally, every run of newsarc
// would map them. As with libarchive (libarchive_on_demand.cpp), these definitions of the curl
// functions the library calls take the place of libcurl's at link time; the first call opens the
// shared libcurl and each forwards to the real function. The parameter lists are checked against
// <curl/curl.h> by the compiler.
//
// curl_easy_setopt and curl_easy_getinfo are variadic, and a variadic call cannot be forwarded
// as it is: the one argument after the option is read with the type the option's number range
// gives (<curl/curl.h>: CURLOPTTYPE_* for options, CURLINFO_TYPEMASK for information) and passed
// on with that type.
#include <archive_news/error.h>
#include <curl/curl.h>
#include <dlfcn.h>

#include <cstdarg>
#include <string>

#ifndef LIBCURL_SONAME
#error "LIBCURL_SONAME names the shared libcurl to load (CMakeLists.txt sets it)"
#endif

namespace {

void* libcurl() {
  static void* const handle = [] {
    void* h = ::dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* why = ::dlerror();
      throw archive_news::Error(archive_news::ErrorCode::kIOError, LIBCURL_SONAME, std::nullopt,
                                std::string("cannot be loaded (") + (why ? why : "unknown error") +
                                    "); timestamps from a time-stamping authority need it");
    }
    return h;
  }();
  return handle;
}

template <typename Fn>
Fn* resolve(const char* name) {
  void* symbol = ::dlsym(libcurl(), name);
  if (symbol == nullptr) {
    throw archive_news::Error(archive_news::ErrorCode::kIOError, LIBCURL_SONAME, std::nullopt,
                              std::string("has no function ") + name);
  }
  return reinterpret_cast<Fn*>(symbol);
}

// A function pointer of any type, as curl_easy_setopt's FUNCTIONPOINT options take one.
using AnyFunction = void (*)();

}  // namespace

// Defines `name` with these parameters to call the real `name` with these arguments.
#define FORWARD(result, name, parameters, arguments)                    \
  extern "C" result name parameters {                                   \
    static decltype(name)* const real = resolve<decltype(name)>(#name); \
    return real arguments;                                              \
  }

FORWARD(CURLcode, curl_global_init, (long flags), (flags))
FORWARD(CURL*, curl_easy_init, (void), ())
FORWARD(CURLcode, curl_easy_perform, (CURL * curl), (curl))
FORWARD(void, curl_easy_cleanup, (CURL * curl), (curl))
FORWARD(const char*, curl_easy_strerror, (CURLcode code), (code))
FORWARD(struct curl_slist*, curl_slist_append, (struct curl_slist * list, const char* string),
        (list, string))
FORWARD(void, curl_slist_free_all, (struct curl_slist * list), (list))

// CURLOPTTYPE_LONG (and VALUES): long. OBJECTPOINT (and STRINGPOINT, SLISTPOINT, CBPOINT): a data
// pointer. FUNCTIONPOINT: a function pointer. OFF_T: curl_off_t. BLOB: struct curl_blob*.
extern "C" CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  static decltype(curl_easy_setopt)* const real =
      resolve<decltype(curl_easy_setopt)>("curl_easy_setopt");
  const int number = static_cast<int>(option);
  std::va_list arguments;
  va_start(arguments, option);
  CURLcode result = CURLE_UNKNOWN_OPTION;
  if (number >= CURLOPTTYPE_LONG && number < CURLOPTTYPE_OBJECTPOINT) {
    const long value = va_arg(arguments, long);
    result = real(curl, option, value);
  } else if (number >= CURLOPTTYPE_OBJECTPOINT && number < CURLOPTTYPE_FUNCTIONPOINT) {
    void* const value = va_arg(arguments, void*);
    result = real(curl, option, value);
  } else if (number >= CURLOPTTYPE_FUNCTIONPOINT && number < CURLOPTTYPE_OFF_T) {
    const AnyFunction value = va_arg(arguments, AnyFunction);
    result = real(curl, option, value);
  } else if (number >= CURLOPTTYPE_OFF_T && number < CURLOPTTYPE_BLOB) {
    const curl_off_t value = va_arg(arguments, curl_off_t);
    result = real(curl, option, value);
  } else if (number >= CURLOPTTYPE_BLOB && number < CURLOPTTYPE_BLOB + 10000) {
    struct curl_blob* const value = va_arg(arguments, struct curl_blob*);
    result = real(curl, option, value);
  }
  va_end(arguments);
  return result;
}

// Every type of information is returned through a pointer (to a long, a char*, a double, a
// curl_slist*, a curl_socket_t, a curl_off_t): the argument is read and passed on as one.
extern "C" CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  static decltype(curl_easy_getinfo)* const real =
      resolve<decltype(curl_easy_getinfo)>("curl_easy_getinfo");
  std::va_list arguments;
  va_start(arguments, info);
  CURLcode result = CURLE_UNKNOWN_OPTION;
  switch (static_cast<int>(info) & CURLINFO_TYPEMASK) {
    case CURLINFO_STRING:
    case CURLINFO_LONG:
    case CURLINFO_DOUBLE:
    case CURLINFO_SLIST:  // and CURLINFO_PTR, the same number
    case CURLINFO_SOCKET:
    case CURLINFO_OFF_T: {
      void* const where = va_arg(arguments, void*);
      result = real(curl, info, where);
      break;
    }
    default:
      result = CURLE_BAD_FUNCTION_ARGUMENT;
      break;
  }
  va_end(arguments);
  return result;
}
