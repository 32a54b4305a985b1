#include "core/common/info_message.h"

#include <archive_news/error.h>
#include <capnp/message.h>

#include <set>

#include "core/common/canonical_message.h"
#include "core/common/capnp_text.h"
#include "newsarc.capnp.h"
#include "util/utf8.h"

namespace archive_news::internal {
namespace {

// What is wrong with the fields, or nothing.
std::optional<std::string> infoProblem(const InfoFields& info) {
  std::vector<std::pair<const std::string*, std::string>> texts = {
      {&info.creatorTool, "creator tool"}};
  if (info.title) texts.emplace_back(&*info.title, "title");
  if (info.description) texts.emplace_back(&*info.description, "description");
  std::set<std::string_view> keys;
  for (const KeyValue& kv : info.extra) {
    texts.emplace_back(&kv.key, "extra key");
    texts.emplace_back(&kv.value, "extra value of '" + kv.key + "'");
    if (!keys.insert(kv.key).second) return "extra key '" + kv.key + "' is used twice";
  }
  for (const auto& [text, what] : texts) {
    const std::size_t bad = invalidTextOffset(*text);
    if (bad != kValidText) {
      return what + ": byte " + std::to_string(bad) + " is not valid UTF-8 text without NUL";
    }
  }
  return std::nullopt;
}

std::optional<std::string> optionalText(bool present, capnp::Text::Reader text) {
  if (!present) return std::nullopt;
  return toString(text);
}

}  // namespace

std::vector<std::uint8_t> encodeInfo(const InfoFields& info) {
  if (auto problem = infoProblem(info)) throw Error(ErrorCode::kInvalidArgument, *problem);
  capnp::MallocMessageBuilder message;
  auto out = message.initRoot<schema::BundleInfo>();
  if (info.title) out.setTitle(toText(*info.title));
  if (info.description) out.setDescription(toText(*info.description));
  out.setCreatorTool(toText(info.creatorTool));
  auto extra = out.initExtra(static_cast<unsigned>(info.extra.size()));
  for (unsigned i = 0; i < info.extra.size(); ++i) {
    extra[i].setKey(toText(info.extra[i].key));
    extra[i].setValue(toText(info.extra[i].value));
  }
  return canonicalMessage(out.asReader());
}

InfoFields decodeInfo(std::span<const std::uint8_t> bytes, const std::string& name,
                      std::uint64_t offset, const ReaderOptions& options) {
  CanonicalMessageView view(bytes, name, offset, options, "bundle information");
  InfoFields info = guardCapnp(name, offset, "bundle information", [&] {
    const auto in = view.root<schema::BundleInfo>();
    InfoFields fields;
    fields.title = optionalText(in.hasTitle(), in.getTitle());
    fields.description = optionalText(in.hasDescription(), in.getDescription());
    fields.creatorTool = toString(in.getCreatorTool());
    for (auto kv : in.getExtra())
      fields.extra.push_back({toString(kv.getKey()), toString(kv.getValue())});
    return fields;
  });
  if (auto problem = infoProblem(info)) {
    throw Error(ErrorCode::kCorruption, name, offset, "bundle information: " + *problem);
  }
  return info;
}

}  // namespace archive_news::internal
