/* curl_easy_setopt and curl_easy_getinfo for the statically linked newsarc, which loads libcurl
   on first use (libcurl_on_demand.cpp, which finds the real functions). They are variadic, and a
   variadic call cannot be forwarded as it is: the one argument after the option is read with the
   type the option's number gives (<curl/curl.h>: the CURLOPTTYPE_* ranges for options,
   CURLINFO_TYPEMASK for information) and passed on with that type. In C, as libcurl itself
   defines them: C++ may not va_start after a parameter of enum type. Compiled with -fexceptions:
   the first call may throw archive_news::Error (libcurl cannot be loaded) through here. The names
   are in parentheses: <curl/curl.h> makes them macros in C, to check the arguments of calls. */
#include <curl/curl.h>
#include <stdarg.h>

typedef CURLcode (*CurlEasySetopt)(CURL* curl, CURLoption option, ...);
typedef CURLcode (*CurlEasyGetinfo)(CURL* curl, CURLINFO info, ...);
CurlEasySetopt archive_news_real_curl_easy_setopt(void);
CurlEasyGetinfo archive_news_real_curl_easy_getinfo(void);

/* A function pointer of any type, as the FUNCTIONPOINT options take one. */
typedef void (*AnyFunction)(void);

/* CURLOPTTYPE_LONG (and VALUES): long. OBJECTPOINT (and STRINGPOINT, SLISTPOINT, CBPOINT): a
   data pointer. FUNCTIONPOINT: a function pointer. OFF_T: curl_off_t. BLOB: struct curl_blob*.
   Any other number is no option: CURLE_UNKNOWN_OPTION, as libcurl answers. */
CURLcode(curl_easy_setopt)(CURL* curl, CURLoption option, ...) {
  const CurlEasySetopt real = archive_news_real_curl_easy_setopt();
  const int number = (int)option;
  CURLcode result = CURLE_UNKNOWN_OPTION;
  va_list arguments;
  va_start(arguments, option);
  if (number >= CURLOPTTYPE_LONG && number < CURLOPTTYPE_OBJECTPOINT) {
    result = real(curl, option, va_arg(arguments, long));
  } else if (number >= CURLOPTTYPE_OBJECTPOINT && number < CURLOPTTYPE_FUNCTIONPOINT) {
    result = real(curl, option, va_arg(arguments, void*));
  } else if (number >= CURLOPTTYPE_FUNCTIONPOINT && number < CURLOPTTYPE_OFF_T) {
    result = real(curl, option, va_arg(arguments, AnyFunction));
  } else if (number >= CURLOPTTYPE_OFF_T && number < CURLOPTTYPE_BLOB) {
    result = real(curl, option, va_arg(arguments, curl_off_t));
  } else if (number >= CURLOPTTYPE_BLOB && number < CURLOPTTYPE_BLOB + 10000) {
    result = real(curl, option, va_arg(arguments, struct curl_blob*));
  }
  va_end(arguments);
  return result;
}

/* Every type of information is returned through a pointer (to a long, a char*, a double, a
   curl_slist*, a curl_socket_t, a curl_off_t): the argument is read and passed on as one. */
CURLcode(curl_easy_getinfo)(CURL* curl, CURLINFO info, ...) {
  const CurlEasyGetinfo real = archive_news_real_curl_easy_getinfo();
  CURLcode result = CURLE_BAD_FUNCTION_ARGUMENT;
  va_list arguments;
  va_start(arguments, info);
  switch ((int)info & CURLINFO_TYPEMASK) {
    case CURLINFO_STRING:
    case CURLINFO_LONG:
    case CURLINFO_DOUBLE:
    case CURLINFO_SLIST: /* and CURLINFO_PTR, the same number */
    case CURLINFO_SOCKET:
    case CURLINFO_OFF_T:
      result = real(curl, info, va_arg(arguments, void*));
      break;
    default:
      break;
  }
  va_end(arguments);
  return result;
}
