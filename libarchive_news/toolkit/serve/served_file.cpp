// The headers an image or attachment is sent with: never more than the bundle's words allow, and
// nothing a header could be split or a page run by.
#include <archive_news/browse.h>

namespace archive_news {
namespace {

constexpr std::string_view kOctetStream = "application/octet-stream";

// RFC 6838's restricted-name characters.
bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
}

bool isPlainMediaType(std::string_view mediatype) {
  const std::size_t slash = mediatype.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == mediatype.size() ||
      mediatype.size() > 255) {
    return false;
  }
  for (std::size_t i = 0; i < mediatype.size(); ++i) {
    if (i != slash && !isNameChar(mediatype[i])) return false;
  }
  return true;
}

}  // namespace

std::string servedMediaType(std::string_view mediatype, bool image) {
  if (!isPlainMediaType(mediatype) || (image && !mediatype.starts_with("image/"))) {
    return std::string(kOctetStream);
  }
  return std::string(mediatype);
}

std::string attachmentDisposition(std::string_view fileName) {
  const std::string_view base = fileName.substr(fileName.rfind('/') + 1);
  std::string ascii;
  for (const char c : base) {
    const auto byte = static_cast<unsigned char>(c);
    ascii += (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') ? '_' : c;
  }
  if (ascii.empty()) ascii = "file";
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncode(base);
}

}  // namespace archive_news
