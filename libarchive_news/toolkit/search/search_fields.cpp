#include "toolkit/search/search_fields.h"

#include <openssl/sha.h>

#include <cstdio>
#include <variant>

#include "toolkit/search/text_folding.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

constexpr std::size_t kMaxIdInTerm = 200;
// Positions left between two fields, so that a phrase never spans them.
constexpr Xapian::termpos kFieldGap = 100;

std::string_view prefixOf(std::string_view field) {
  for (const SearchField& f : kSearchFields) {
    if (f.name == field) return f.prefix;
  }
  return {};
}

// Each text of the article with the field that names it (empty: the body, no field of its own).
template <typename Visit>
void forEachText(const Article& article, Visit&& visit) {
  visit("headline", article.headline);
  for (const std::string& text : article.subheadlines) visit("subheadline", text);
  for (const Block& block : article.body) {
    if (const auto* p = std::get_if<Paragraph>(&block)) visit("", p->text);
    if (const auto* h = std::get_if<Heading>(&block)) visit("", h->text);
    if (const auto* q = std::get_if<Quote>(&block)) {
      visit("", q->text);
      if (q->attribution) visit("", *q->attribution);
    }
  }
  for (const Image& image : article.images) {
    for (const auto* text : {&image.caption, &image.alt, &image.credit, &image.byline}) {
      if (*text) visit(text == &image.caption || text == &image.alt ? "caption" : "", **text);
    }
  }
  for (const Attachment& attachment : article.attachments) {
    if (attachment.description) visit("caption", *attachment.description);
  }
  for (const Byline& byline : article.bylines) visit("byline", byline.name);
  for (const std::string& keyword : article.keywords) visit("keyword", keyword);
  if (article.section) visit("section", *article.section);
}

}  // namespace

std::string idTerm(std::string_view id) {
  if (id.size() <= kMaxIdInTerm) return std::string(kIdPrefix) + std::string(id);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(id.data()), id.size(), digest);
  return std::string(kIdPrefix) + hex(digest);
}

std::optional<std::string> dateValue(const std::optional<std::string>& time) {
  if (!time) return std::nullopt;
  const std::optional<Rfc3339Time> parsed = parseRfc3339Time(*time);
  if (!parsed) return std::nullopt;
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02d%02d", parsed->year, parsed->month, parsed->day);
  return std::string(text);
}

std::string dateTerm(std::string_view year, std::string_view month, std::string_view day) {
  std::string term = std::string(kDatePrefix) + std::string(year);
  if (!month.empty()) term += "-" + std::string(month);
  if (!day.empty()) term += "-" + std::string(day);
  return term;
}

Xapian::TermGenerator makeTermGenerator() {
  Xapian::TermGenerator terms;
  terms.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  terms.set_stemmer(accentFoldingStemmer());
  terms.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  return terms;
}

Xapian::Document makeSearchDocument(const Article& article, Xapian::TermGenerator& terms,
                                    bool positions) {
  Xapian::Document document;
  document.set_data(article.uri);
  document.add_boolean_term(idTerm(article.uri));
  const std::optional<std::string> date =
      dateValue(article.firstcreated ? article.firstcreated : article.versioncreated);
  if (date) {
    document.add_value(kDateSlot, *date);
    const std::string_view day(*date);
    document.add_boolean_term(dateTerm(day.substr(0, 4)));
    document.add_boolean_term(dateTerm(day.substr(0, 4), day.substr(4, 2)));
    document.add_boolean_term(dateTerm(day.substr(0, 4), day.substr(4, 2), day.substr(6, 2)));
  }
  terms.set_document(document);
  forEachText(article, [&](std::string_view field, const std::string& text) {
    const auto index = [&](const std::string& prefix) {
      if (positions) {
        terms.index_text(text, 1, prefix);
        terms.increase_termpos(kFieldGap);
      } else {
        terms.index_text_without_positions(text, 1, prefix);
      }
    };
    index("");
    if (!field.empty()) index(std::string(prefixOf(field)));
  });
  return document;
}

std::size_t textSize(const Article& article) {
  std::size_t size = 0;
  forEachText(article, [&](std::string_view, const std::string& text) { size += text.size(); });
  return size;
}

std::vector<const std::string*> snippetTexts(const Article& article) {
  // The body first: a snippet repeating the headline shown above it says nothing new.
  std::vector<const std::string*> texts;
  forEachText(article, [&](std::string_view field, const std::string& text) {
    if (field.empty() || field == "subheadline" || field == "caption") texts.push_back(&text);
  });
  texts.push_back(&article.headline);
  return texts;
}

}  // namespace archive_news::internal
