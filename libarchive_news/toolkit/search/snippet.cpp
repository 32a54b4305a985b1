#include "toolkit/search/snippet.h"

#include <string_view>

#include "toolkit/search/text_folding.h"

namespace archive_news::internal {
namespace {

// Markers Xapian's escaped answer cannot hold otherwise: every '<' of the text comes as "&lt;".
constexpr std::string_view kStart = "<m>";
constexpr std::string_view kEnd = "</m>";
constexpr std::string_view kOmit = "<o>";

struct Decoded {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
  bool cutBefore = false;
  bool cutAfter = false;
};

// The entities Xapian writes for '&', '<', '>' and quotes; nullopt for anything else.
std::optional<char> entity(std::string_view s, std::size_t& length) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
      {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
  for (const auto& [name, c] : kEntities) {
    if (s.starts_with(name)) {
      length = name.size();
      return c;
    }
  }
  return std::nullopt;
}

std::optional<Decoded> decode(std::string_view html) {
  Decoded d;
  if (html.starts_with(kOmit)) {
    d.cutBefore = true;
    html.remove_prefix(kOmit.size());
  }
  if (html.ends_with(kOmit)) {
    d.cutAfter = true;
    html.remove_suffix(kOmit.size());
  }
  std::size_t open = 0;
  bool inside = false;
  for (std::size_t i = 0; i < html.size();) {
    const std::string_view rest = html.substr(i);
    std::size_t length = 0;
    if (rest.starts_with(kStart) && !inside) {
      open = d.text.size();
      inside = true;
      i += kStart.size();
    } else if (rest.starts_with(kEnd) && inside) {
      // Adjacent matches (the n-grams of one CJK word) make one range.
      if (!d.highlights.empty() && d.highlights.back().second == open) {
        d.highlights.back().second = d.text.size();
      } else if (d.text.size() > open) {
        d.highlights.emplace_back(open, d.text.size());
      }
      inside = false;
      i += kEnd.size();
    } else if (html[i] == '&') {
      const std::optional<char> c = entity(rest, length);
      if (!c) return std::nullopt;
      d.text.push_back(*c);
      i += length;
    } else if (html[i] == '<') {
      return std::nullopt;
    } else {
      d.text.push_back(html[i++]);
    }
  }
  if (inside) return std::nullopt;
  return d;
}

// The first `bytes` of `text`, cut at a character boundary.
Decoded beginning(const std::string& text, std::size_t bytes) {
  std::size_t end = std::min(bytes, text.size());
  while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return {text.substr(0, end), {}, false, end < text.size()};
}

}  // namespace

void makeSnippet(const Xapian::MSet& matches, const std::vector<const std::string*>& texts,
                 std::size_t bytes, SearchHit& hit) {
  if (texts.empty()) return;
  const Xapian::Stem stemmer = accentFoldingStemmer();
  std::optional<Decoded> best;
  for (const std::string* text : texts) {
    const std::string html =
        matches.snippet(*text, bytes, stemmer,
                        Xapian::MSet::SNIPPET_CJK_NGRAM | Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH,
                        std::string(kStart), std::string(kEnd), std::string(kOmit));
    std::optional<Decoded> decoded = decode(html);
    // The snippet must be the article's own bytes: anything else is dropped, never shown.
    if (!decoded || decoded->highlights.empty() || decoded->text.size() > bytes + bytes / 2 ||
        text->find(decoded->text) == std::string::npos) {
      continue;
    }
    if (!best || decoded->highlights.size() > best->highlights.size()) best = std::move(decoded);
  }
  if (!best) best = beginning(*texts.front(), bytes);
  hit.snippet = std::move(best->text);
  hit.highlights = std::move(best->highlights);
  hit.snippetCutBefore = best->cutBefore;
  hit.snippetCutAfter = best->cutAfter;
}

}  // namespace archive_news::internal
