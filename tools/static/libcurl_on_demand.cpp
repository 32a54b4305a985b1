// libcurl, loaded on first use, for the statically linked newsarc (CMakeLists.txt, "The tool").
//
// Only timestamping (archive_news/tsa_client.h) talks to a server, and libcurl brings a TLS
// library, HTTP/2, SSH, LDAP, Kerberos and more with it: linked normally, every run of newsarc
// would map them. As with libarchive (libarchive_on_demand.cpp), these definitions of the curl
// functions the library calls take the place of libcurl's at link time; the first call opens the
// shared libcurl and each forwards to the real function. The parameter lists are checked against
// <curl/curl.h> by the compiler.
//
// curl_easy_setopt and curl_easy_getinfo are variadic: libcurl_varargs.c forwards them, in C, as
// libcurl defines them (C++ may not va_start after a parameter of enum type such as CURLoption).
#include <curl/curl.h>

#include "on_demand_library.h"

#ifndef LIBCURL_SONAME
#error "LIBCURL_SONAME names the shared libcurl to load (CMakeLists.txt sets it)"
#endif

namespace {

void* libcurl() {
  static void* const handle = newsarc_static::openLibrary(
      LIBCURL_SONAME, "timestamps from a time-stamping authority need it");
  return handle;
}

template <typename Fn>
Fn* resolve(const char* name) {
  return newsarc_static::findFunction<Fn>(libcurl(), LIBCURL_SONAME, name);
}

}  // namespace

FORWARD(CURLcode, curl_global_init, (long flags), (flags))
FORWARD(CURL*, curl_easy_init, (void), ())
FORWARD(CURLcode, curl_easy_perform, (CURL * curl), (curl))
FORWARD(void, curl_easy_cleanup, (CURL * curl), (curl))
FORWARD(void, curl_easy_reset, (CURL * curl), (curl))
FORWARD(const char*, curl_easy_strerror, (CURLcode code), (code))
FORWARD(struct curl_slist*, curl_slist_append, (struct curl_slist * list, const char* string),
        (list, string))
FORWARD(void, curl_slist_free_all, (struct curl_slist * list), (list))

// The real variadic functions, for libcurl_varargs.c (which forwards calls of them).
extern "C" {
using CurlEasySetopt = decltype(curl_easy_setopt)*;
using CurlEasyGetinfo = decltype(curl_easy_getinfo)*;
CurlEasySetopt archive_news_real_curl_easy_setopt(void) {
  static const CurlEasySetopt real = resolve<decltype(curl_easy_setopt)>("curl_easy_setopt");
  return real;
}
CurlEasyGetinfo archive_news_real_curl_easy_getinfo(void) {
  static const CurlEasyGetinfo real = resolve<decltype(curl_easy_getinfo)>("curl_easy_getinfo");
  return real;
}
}
