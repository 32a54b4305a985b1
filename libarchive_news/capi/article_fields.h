// The text fields of the C API's articles (an_field) as one table: for each field, the member of
// the Article model it stands for and how an_article_set_text checks its arguments. The getter
// (an_article_text) and the setter (an_article_set_text) are lookups in this table, so that the
// two can never disagree on where a field lives.
#ifndef ARCHIVE_NEWS_CAPI_ARTICLE_FIELDS_H_
#define ARCHIVE_NEWS_CAPI_ARTICLE_FIELDS_H_

#include <archive_news/archive_news.h>
#include <archive_news/article.h>

#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>

namespace archive_news::capi {

// Why a field has no text in an article: the item does not exist (the setter's AN_ERR_NOT_FOUND),
// or it exists without this field, as a plain field at an index other than 0 or the text of an
// image block (the setter's "does not apply to this item").
enum class FieldMiss { kNone, kNoItem, kNotApplicable };

// Where a field's text is in one article: a required text or an optional one, const when the
// article is. Both null when `miss` says why.
template <typename A>
struct FieldSlot {
  template <typename T>
  using Like = std::conditional_t<std::is_const_v<A>, const T, T>;
  Like<std::string>* required = nullptr;
  Like<std::optional<std::string>>* optional = nullptr;
  FieldMiss miss = FieldMiss::kNone;
};

struct ArticleField {
  an_field field;
  const char* item;  // the item in the setter's "no <item> <index>"; nullptr for plain fields
  // The setter refuses a NULL value for this required field before it looks the item up, so that
  // NULL at a missing index is "value is required", not "no <item>" (see article_fields.cpp).
  bool nullRefusedFirst;
  FieldSlot<const Article> (*read)(const Article& article, std::size_t index);
  // The same, for writing; a list of plain texts grows by one when `index` is its size.
  FieldSlot<Article> (*write)(Article& article, std::size_t index);
};

// The row of `field`; nullptr for a value that names no field.
const ArticleField* articleField(an_field field);

}  // namespace archive_news::capi

#endif  // ARCHIVE_NEWS_CAPI_ARTICLE_FIELDS_H_
