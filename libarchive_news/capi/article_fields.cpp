// The table of article_fields.h: each an_field with the Article member it reads and writes.
#include "capi/article_fields.h"

#include <array>
#include <variant>

namespace archive_news::capi {
namespace {

template <typename A>
FieldSlot<A> missing(FieldMiss why) {
  FieldSlot<A> slot;
  slot.miss = why;
  return slot;
}

// The slot of one member: required when it is a std::string, optional otherwise.
template <typename A, typename Text>
FieldSlot<A> slotOf(Text& text) {
  FieldSlot<A> slot;
  if constexpr (std::is_same_v<std::remove_const_t<Text>, std::string>) {
    slot.required = &text;
  } else {
    slot.optional = &text;
  }
  return slot;
}

template <typename Member>
struct MemberOf;
template <typename Owner_, typename Text>
struct MemberOf<Text Owner_::*> {
  using Owner = Owner_;
  static constexpr bool required = std::is_same_v<Text, std::string>;
};

// How the setter names a list's items in "no <item> <index>", and whether it refuses a NULL
// required value before it looks the item up. The order differs by list because the setter this
// table replaced evaluated `item(index) = requiredText(value)` (the value first) for some lists
// and looked the item up first for others; callers see which error comes, so it is kept.
struct ListRules {
  const char* item;
  bool nullFirst;
};
template <auto List>
constexpr ListRules kRulesOf{nullptr, false};  // none: each list has its own, below
// One list a line.
// clang-format off
template <> constexpr ListRules kRulesOf<&Article::subheadlines>{"list item", true};
template <> constexpr ListRules kRulesOf<&Article::keywords>{"list item", true};
template <> constexpr ListRules kRulesOf<&Article::bylines>{"byline", true};
template <> constexpr ListRules kRulesOf<&Article::body>{"body block", false};
template <> constexpr ListRules kRulesOf<&Article::images>{"image", false};
template <> constexpr ListRules kRulesOf<&Article::attachments>{"attachment", false};
template <> constexpr ListRules kRulesOf<&Article::extra>{"extra pair", true};
// clang-format on
template <auto List>
constexpr ListRules listRules() {
  static_assert(kRulesOf<List>.item != nullptr, "a list of the table without its kRulesOf");
  return kRulesOf<List>;
}

// A field of the article itself, at index 0 only. The setter checks the index before the value.
template <auto Member>
struct Plain {
  static constexpr ListRules rules{nullptr, false};
  static constexpr bool required = MemberOf<decltype(Member)>::required;
  template <typename A>
  static FieldSlot<A> find(A& article, std::size_t index) {
    if (index != 0) return missing<A>(FieldMiss::kNotApplicable);
    return slotOf<A>(article.*Member);
  }
};

// An item of a list of texts. Writing at the list's size appends, so that a caller builds the
// list with an_article_set_text alone.
template <auto List>
struct TextItem {
  static constexpr ListRules rules = listRules<List>();
  static constexpr bool required = true;
  template <typename A>
  static FieldSlot<A> find(A& article, std::size_t index) {
    auto& list = article.*List;
    if constexpr (!std::is_const_v<A>) {
      if (index == list.size()) list.emplace_back();
    }
    if (index >= list.size()) return missing<A>(FieldMiss::kNoItem);
    return slotOf<A>(list[index]);
  }
};

// A member of an item of a list (a byline, an image, an attachment, an extra pair).
template <auto List, auto Member>
struct ItemMember {
  static constexpr ListRules rules = listRules<List>();
  static constexpr bool required = MemberOf<decltype(Member)>::required;
  template <typename A>
  static FieldSlot<A> find(A& article, std::size_t index) {
    auto& list = article.*List;
    if (index >= list.size()) return missing<A>(FieldMiss::kNoItem);
    return slotOf<A>(list[index].*Member);
  }
};

// A member of the kinds of body block that have it (`Members`, one a kind); blocks of other kinds
// do not apply.
template <auto... Members>
struct BlockMember {
  static constexpr ListRules rules = listRules<&Article::body>();
  static constexpr bool required = (MemberOf<decltype(Members)>::required && ...);
  static_assert(required || !(MemberOf<decltype(Members)>::required || ...),
                "the kinds' members are all required or all optional");
  template <typename A>
  static FieldSlot<A> find(A& article, std::size_t index) {
    if (index >= article.body.size()) return missing<A>(FieldMiss::kNoItem);
    FieldSlot<A> slot = missing<A>(FieldMiss::kNotApplicable);
    (void)(fromKind<Members>(article.body[index], slot) || ...);
    return slot;
  }
  template <auto Member, typename B, typename A>
  static bool fromKind(B& block, FieldSlot<A>& slot) {
    auto* kind = std::get_if<typename MemberOf<decltype(Member)>::Owner>(&block);
    if (kind) slot = slotOf<A>(kind->*Member);
    return kind != nullptr;
  }
};

template <typename Where>
constexpr ArticleField row(an_field field) {
  return {field, Where::rules.item, Where::rules.nullFirst && Where::required,
          &Where::template find<const Article>, &Where::template find<Article>};
}

// Every an_field. The kind of row says how the index is read (Plain: 0 only; the others: the
// item of a list), the member's type whether a value is required (std::string) or optional (NULL
// removes it). Values that name no field have no row.
constexpr std::array kFields = {
    row<Plain<&Article::uri>>(AN_FIELD_URI),
    row<Plain<&Article::url>>(AN_FIELD_URL),
    row<Plain<&Article::headline>>(AN_FIELD_HEADLINE),
    row<Plain<&Article::section>>(AN_FIELD_SECTION),
    row<Plain<&Article::publisher>>(AN_FIELD_PUBLISHER),
    row<Plain<&Article::firstcreated>>(AN_FIELD_FIRSTCREATED),
    row<Plain<&Article::versioncreated>>(AN_FIELD_VERSIONCREATED),
    row<Plain<&Article::language>>(AN_FIELD_LANGUAGE),
    row<Plain<&Article::located>>(AN_FIELD_LOCATED),
    row<Plain<&Article::copyrightnotice>>(AN_FIELD_COPYRIGHTNOTICE),
    row<Plain<&Article::usageterms>>(AN_FIELD_USAGETERMS),
    row<Plain<&Article::pubstatus>>(AN_FIELD_PUBSTATUS),
    row<TextItem<&Article::subheadlines>>(AN_FIELD_SUBHEADLINE),
    row<TextItem<&Article::keywords>>(AN_FIELD_KEYWORD),
    row<ItemMember<&Article::bylines, &Byline::name>>(AN_FIELD_BYLINE_NAME),
    row<ItemMember<&Article::bylines, &Byline::email>>(AN_FIELD_BYLINE_EMAIL),
    row<ItemMember<&Article::bylines, &Byline::role>>(AN_FIELD_BYLINE_ROLE),
    row<BlockMember<&Paragraph::text, &Heading::text, &Quote::text>>(AN_FIELD_BLOCK_TEXT),
    row<BlockMember<&Quote::attribution>>(AN_FIELD_BLOCK_ATTRIBUTION),
    row<ItemMember<&Article::images, &Image::name>>(AN_FIELD_IMAGE_NAME),
    row<ItemMember<&Article::images, &Image::fileName>>(AN_FIELD_IMAGE_FILE_NAME),
    row<ItemMember<&Article::images, &Image::mediatype>>(AN_FIELD_IMAGE_MEDIATYPE),
    row<ItemMember<&Article::images, &Image::caption>>(AN_FIELD_IMAGE_CAPTION),
    row<ItemMember<&Article::images, &Image::credit>>(AN_FIELD_IMAGE_CREDIT),
    row<ItemMember<&Article::images, &Image::byline>>(AN_FIELD_IMAGE_BYLINE),
    row<ItemMember<&Article::images, &Image::alt>>(AN_FIELD_IMAGE_ALT),
    row<ItemMember<&Article::attachments, &Attachment::name>>(AN_FIELD_ATTACHMENT_NAME),
    row<ItemMember<&Article::attachments, &Attachment::fileName>>(AN_FIELD_ATTACHMENT_FILE_NAME),
    row<ItemMember<&Article::attachments, &Attachment::mediatype>>(AN_FIELD_ATTACHMENT_MEDIATYPE),
    row<ItemMember<&Article::attachments, &Attachment::description>>(
        AN_FIELD_ATTACHMENT_DESCRIPTION),
    row<ItemMember<&Article::extra, &KeyValue::key>>(AN_FIELD_EXTRA_KEY),
    row<ItemMember<&Article::extra, &KeyValue::value>>(AN_FIELD_EXTRA_VALUE),
};

}  // namespace

const ArticleField* articleField(an_field field) {
  for (const ArticleField& row : kFields) {
    if (row.field == field) return &row;
  }
  return nullptr;
}

}  // namespace archive_news::capi
