// The page of an error: what went wrong, in a page of the site, so that the way home stays.
#include <archive_news/browse.h>

#include "toolkit/render/html_text.h"
#include "toolkit/serve/site_frame.h"

namespace archive_news {
namespace {

std::string_view reasonOf(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 416:
      return "Range not satisfiable";
    case 500:
      return "Internal error";
    default:
      return "Error";
  }
}

}  // namespace

std::string renderStatusPage(int status, std::string_view message) {
  const std::string heading = std::to_string(status) + " " + std::string(reasonOf(status));
  return internal::siteStart(heading) + "<h1>" + internal::escapeHtml(heading) +
         "</h1>\n<p class=\"error\">" + internal::escapeHtml(message) + "</p>\n" +
         internal::siteEnd();
}

}  // namespace archive_news
