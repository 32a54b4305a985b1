// The C API (archive_news.h), reading side: errors, opening, metadata, articles, content and
// verification, over the C++ API. Every entry point catches everything: no exception crosses.
#include <archive_news/archive_news.h>
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/version.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>

#include "capi/article_fields.h"
#include "capi/c_api_internal.h"
#include "util/hex.h"

namespace archive_news::capi {
namespace {

thread_local std::string lastError;

// Thrown out of a read callback that asked to stop, recognised by the flag rather than the type
// because the reader may wrap what a sink throws.
struct CallbackStopped {};

}  // namespace

an_status fail(an_status status, const std::string& message) {
  try {
    lastError = message;
  } catch (...) {
    lastError.clear();
  }
  return status;
}

an_status leftOut(const char* function) {
  return fail(AN_ERR_UNSUPPORTED, std::string(function) + ": not in this reader-only build");
}

an_status guarded(const char* function, void (*body)(void*), void* context) {
  try {
    body(context);
    return AN_OK;
  } catch (const Error& e) {
    return fail(static_cast<an_status>(e.code()), e.what());
  } catch (const std::bad_alloc&) {
    return fail(AN_ERR_NO_MEMORY, std::string(function) + ": out of memory");
  } catch (const std::exception& e) {
    return fail(AN_ERR_INTERNAL, std::string(function) + ": " + e.what());
  } catch (...) {
    return fail(AN_ERR_INTERNAL, std::string(function) + ": unknown exception");
  }
}

namespace {

// NULL for an absent optional; the pointer and length of the text otherwise.
const char* text(const std::string* value, size_t* len) {
  if (len) *len = value ? value->size() : 0;
  return value ? value->c_str() : nullptr;
}
const char* text(const std::optional<std::string>& value, size_t* len) {
  return text(value ? &*value : nullptr, len);
}
const char* text(const FieldSlot<const Article>& slot, size_t* len) {
  if (slot.required) return text(slot.required, len);
  return slot.optional ? text(*slot.optional, len) : nullptr;
}
template <typename T>
const T* item(const std::vector<T>& list, size_t index) {
  return index < list.size() ? &list[index] : nullptr;
}

ReaderOptions readerOptions(const an_limits* limits) {
  ReaderOptions options;
  if (!limits) return options;
  for (uint32_t r : limits->reserved) {
    if (r != 0) throw Error(ErrorCode::kInvalidArgument, "an_limits: reserved fields must be 0");
  }
  options.maxClusterSize = limits->max_cluster_size;
  options.maxRecordSize = limits->max_record_size;
  options.maxSignatureSectionSize = limits->max_signature_section_size;
  options.maxContentSize = limits->max_content_size;
  options.traversalFactor = limits->traversal_factor;
  options.nestingLimit = static_cast<int>(limits->nesting_limit);
  options.maxWindowLog = limits->max_window_log;
  return options;
}

// The signatures and what the getters show of each, read once.
void loadSignatures(an_bundle& handle) {
  handle.signatures = handle.bundle->signatures();
  for (const Signature& s : handle.signatures) {
    const bool ed25519 = s.algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed;
    handle.signatureKeyIds.push_back(ed25519 ? std::optional(keyIdToHex(s.keyId)) : std::nullopt);
    const std::optional<CertificateSummary> signer = cmsSigner(s);
    handle.signatureSubjects.push_back(signer ? std::optional(signer->subject) : std::nullopt);
  }
}

an_bundle* wrap(Bundle bundle, const ReaderOptions& options) {
  auto handle = std::make_unique<an_bundle>();
  handle->maxContentSize = options.maxContentSize;
  handle->bundle = std::make_shared<const Bundle>(std::move(bundle));
  handle->info = handle->bundle->info();
  loadSignatures(*handle);
  return handle.release();
}

an_status invalid(const char* function, const char* what) {
  return fail(AN_ERR_INVALID_ARGUMENT, std::string(function) + ": " + what);
}

const ContentRef* contentOf(const Article& article, an_content_kind kind, size_t index) {
  if (kind == AN_CONTENT_IMAGE) {
    return index < article.images.size() ? &article.images[index].content : nullptr;
  }
  if (kind == AN_CONTENT_ATTACHMENT) {
    return index < article.attachments.size() ? &article.attachments[index].content : nullptr;
  }
  return nullptr;
}

std::vector<PublicKey> trustedKeys(const char* function, const char* const* keys, size_t count) {
  std::vector<PublicKey> parsed;
  for (size_t i = 0; i < count; ++i) {
    if (!keys[i]) {
      throw Error(ErrorCode::kInvalidArgument,
                  std::string(function) + ": trusted key " + std::to_string(i) + " is NULL");
    }
    parsed.push_back(parsePublicKey(keys[i], "trusted key " + std::to_string(i)));
  }
  return parsed;
}

an_status missingContent(const an_article* article, an_content_kind kind, size_t index) {
  return fail(AN_ERR_NOT_FOUND, article->article.uri + ": no " +
                                    (kind == AN_CONTENT_IMAGE ? "image " : "attachment ") +
                                    std::to_string(index));
}

}  // namespace
}  // namespace archive_news::capi

using namespace archive_news;
using archive_news::capi::fail;
using archive_news::capi::guard;
using archive_news::capi::invalid;

extern "C" {

const char* an_last_error(void) { return capi::lastError.c_str(); }

const char* an_status_name(an_status status) {
  switch (status) {
    case AN_OK:
      return "ok";
    case AN_ERR_CORRUPTION:
      return "corruption";
    case AN_ERR_BAD_SIGNATURE:
      return "bad signature";
    case AN_ERR_UNSUPPORTED:
      return "unsupported";
    case AN_ERR_INVALID_ARGUMENT:
      return "invalid argument";
    case AN_ERR_IO:
      return "I/O error";
    case AN_ERR_NOT_FOUND:
      return "not found";
    case AN_ERR_LIMIT_EXCEEDED:
      return "limit exceeded";
    case AN_ERR_NO_MEMORY:
      return "out of memory";
    case AN_ERR_BUFFER_TOO_SMALL:
      return "buffer too small";
    case AN_ERR_CALLBACK:
      return "stopped by callback";
    case AN_ERR_INTERNAL:
      return "internal error";
  }
  return "unknown";
}

const char* an_version(void) { return ARCHIVE_NEWS_VERSION_STRING; }

uint32_t an_version_number(void) {
  return ARCHIVE_NEWS_VERSION_MAJOR * 10000 + ARCHIVE_NEWS_VERSION_MINOR * 100 +
         ARCHIVE_NEWS_VERSION_PATCH;
}

void an_free(void* memory) { std::free(memory); }

void an_limits_default(an_limits* limits) {
  if (!limits) return;
  ReaderOptions d;
  *limits = an_limits{};
  limits->max_cluster_size = d.maxClusterSize;
  limits->max_record_size = d.maxRecordSize;
  limits->max_signature_section_size = d.maxSignatureSectionSize;
  limits->max_content_size = d.maxContentSize;
  limits->traversal_factor = d.traversalFactor;
  limits->nesting_limit = static_cast<uint32_t>(d.nestingLimit);
  limits->max_window_log = d.maxWindowLog;
}

an_status an_open(const char* path, const an_limits* limits, an_bundle** out) {
  if (!path || !out) return invalid("an_open", "path and out must not be NULL");
  return guard("an_open", [&] {
    const ReaderOptions options = capi::readerOptions(limits);
    *out = capi::wrap(Bundle::open(path, options), options);
  });
}

an_status an_open_memory(const void* data, size_t size, const char* name, const an_limits* limits,
                         an_bundle** out) {
  if ((!data && size != 0) || !out) {
    return invalid("an_open_memory", "data and out must not be NULL");
  }
  return guard("an_open_memory", [&] {
    std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data), size);
    const ReaderOptions options = capi::readerOptions(limits);
    *out = capi::wrap(Bundle::fromMemory(bytes, name ? name : "(memory)", options), options);
  });
}

void an_bundle_close(an_bundle* bundle) { delete bundle; }

const char* an_bundle_text(const an_bundle* bundle, an_bundle_field field, size_t index,
                           size_t* len) {
  using capi::item;
  using capi::text;
  if (len) *len = 0;
  if (!bundle) return nullptr;
  const BundleInfo& info = bundle->info;
  bool plain = index == 0;
  switch (field) {
    case AN_BUNDLE_NAME:
      return plain ? text(&bundle->bundle->name(), len) : nullptr;
    case AN_BUNDLE_ID:
      return plain ? text(&info.bundleId, len) : nullptr;
    case AN_BUNDLE_TITLE:
      return plain ? text(info.title, len) : nullptr;
    case AN_BUNDLE_DESCRIPTION:
      return plain ? text(info.description, len) : nullptr;
    case AN_BUNDLE_CREATOR_TOOL:
      return plain ? text(&info.creatorTool, len) : nullptr;
    case AN_BUNDLE_CREATED:
      return plain ? text(&info.created, len) : nullptr;
    case AN_BUNDLE_DIGEST_ALGORITHM:
      return plain ? text(&info.digestAlgorithm, len) : nullptr;
    case AN_BUNDLE_EXTRA_KEY: {
      const KeyValue* kv = item(info.extra, index);
      return text(kv ? &kv->key : nullptr, len);
    }
    case AN_BUNDLE_EXTRA_VALUE: {
      const KeyValue* kv = item(info.extra, index);
      return text(kv ? &kv->value : nullptr, len);
    }
    case AN_BUNDLE_SIGNATURE_KEY_ID: {
      const std::optional<std::string>* id = item(bundle->signatureKeyIds, index);
      return text(id != nullptr && *id ? &**id : nullptr, len);
    }
    case AN_BUNDLE_SIGNATURE_SUBJECT: {
      const std::optional<std::string>* subject = item(bundle->signatureSubjects, index);
      return text(subject != nullptr && *subject ? &**subject : nullptr, len);
    }
    case AN_BUNDLE_SIGNATURE_TRUSTED_COMMENT: {
      const Signature* s = item(bundle->signatures, index);
      return text(s ? &s->trustedComment : nullptr, len);
    }
  }
  return nullptr;
}

uint64_t an_bundle_number_of(const an_bundle* bundle, an_bundle_number field) {
  if (!bundle) return 0;
  const BundleInfo& info = bundle->info;
  switch (field) {
    case AN_BUNDLE_FORMAT_MAJOR:
      return info.formatMajor;
    case AN_BUNDLE_FORMAT_MINOR:
      return info.formatMinor;
    case AN_BUNDLE_ARTICLE_COUNT:
      return info.articleCount;
    case AN_BUNDLE_CONTENT_COUNT:
      return info.contentCount;
    case AN_BUNDLE_CLUSTER_COUNT:
      return info.clusterCount;
    case AN_BUNDLE_RAW_BYTES:
      return info.rawBytes;
    case AN_BUNDLE_STORED_BYTES:
      return info.storedBytes;
    case AN_BUNDLE_FILE_SIZE:
      return info.fileSize;
    case AN_BUNDLE_EXTRA_COUNT:
      return info.extra.size();
    case AN_BUNDLE_SIGNATURE_COUNT:
      return bundle->signatures.size();
    case AN_BUNDLE_STATE:
      return info.state;
  }
  return 0;
}

size_t an_article_count(const an_bundle* bundle) {
  return bundle ? static_cast<size_t>(bundle->info.articleCount) : 0;
}

an_status an_find(const an_bundle* bundle, const char* id, size_t* index) {
  if (!bundle || !id || !index) return invalid("an_find", "arguments must not be NULL");
  std::optional<std::size_t> found;
  an_status status = guard("an_find", [&] { found = bundle->bundle->find(id); });
  if (status != AN_OK) return status;
  if (!found) return fail(AN_ERR_NOT_FOUND, bundle->bundle->name() + ": no article " + id);
  *index = *found;
  return AN_OK;
}

an_status an_entry_get(const an_bundle* bundle, size_t index, an_entry** out) {
  if (!bundle || !out) return invalid("an_entry_get", "bundle and out must not be NULL");
  if (index >= bundle->info.articleCount) {
    return fail(AN_ERR_NOT_FOUND, bundle->bundle->name() + ": no article " + std::to_string(index) +
                                      " (" + std::to_string(bundle->info.articleCount) +
                                      " articles)");
  }
  return guard("an_entry_get", [&] {
    auto entry = std::make_unique<an_entry>();
    entry->bundle = bundle->bundle;
    entry->summary = bundle->bundle->summary(index);
    *out = entry.release();
  });
}

void an_entry_free(an_entry* entry) { delete entry; }

an_status an_entry_list(const an_bundle* bundle, size_t first, an_entry_fn callback, void* user) {
  if (!bundle || !callback) {
    return invalid("an_entry_list", "bundle and callback must not be NULL");
  }
  if (first > bundle->info.articleCount) {
    return fail(AN_ERR_NOT_FOUND, bundle->bundle->name() + ": no article " + std::to_string(first) +
                                      " (" + std::to_string(bundle->info.articleCount) +
                                      " articles)");
  }
  if (first == bundle->info.articleCount) return AN_OK;
  return guard("an_entry_list", [&] {
    // One entry lent to every call, its summary replaced each time; the callback's exceptions
    // cannot exist (it is C), so only the reader's faults leave through the guard.
    an_entry entry;
    entry.bundle = bundle->bundle;
    size_t index = first;
    bundle->bundle->forEachArticle(first, [&](const ArticleSummary& summary) {
      entry.summary = summary;
      return callback(user, index++, &entry) == 0;
    });
  });
}

const char* an_entry_text(const an_entry* entry, an_field field, size_t index, size_t* len) {
  using capi::text;
  if (len) *len = 0;
  if (!entry) return nullptr;
  const ArticleSummary& s = entry->summary;
  if (field == AN_FIELD_BYLINE_NAME) return text(capi::item(s.bylines, index), len);
  if (index != 0) return nullptr;
  switch (field) {
    case AN_FIELD_URI:
      return text(&s.id, len);
    case AN_FIELD_HEADLINE:
      return text(&s.headline, len);
    case AN_FIELD_FIRSTCREATED:
      return text(s.firstcreated, len);
    case AN_FIELD_VERSIONCREATED:
      return text(s.versioncreated, len);
    case AN_FIELD_PUBSTATUS:
      return text(s.pubstatus, len);
    default:
      return nullptr;
  }
}

uint64_t an_entry_number_of(const an_entry* entry, an_entry_number field) {
  if (!entry) return 0;
  switch (field) {
    case AN_ENTRY_BYLINE_COUNT:
      return entry->summary.bylines.size();
    case AN_ENTRY_IMAGE_COUNT:
      return entry->summary.imageCount;
    case AN_ENTRY_ATTACHMENT_COUNT:
      return entry->summary.attachmentCount;
    case AN_ENTRY_CONTENT_SIZE:
      return entry->summary.contentSize;
    case AN_ENTRY_HEADLINE_CUT:
      return entry->summary.headlineCut ? 1 : 0;
    case AN_ENTRY_VERSION:
      return entry->summary.version;
    case AN_ENTRY_STATE:
      return entry->summary.state;
  }
  return 0;
}

// archive_news::hasSearchIndex() is the toolkit's; this is the same walk over the core's states,
// so that a reader-only build answers too.
an_status an_bundle_has_search_index(const an_bundle* bundle, int* has) {
  if (!bundle || !has) {
    return invalid("an_bundle_has_search_index", "bundle and has must not be NULL");
  }
  return guard("an_bundle_has_search_index", [&] {
    bool found = bundle->bundle->searchIndex().has_value();
    for (std::uint32_t state = bundle->info.state; !found && state-- > 0;) {
      found = bundle->bundle->atState(state).searchIndex().has_value();
    }
    *has = found ? 1 : 0;
  });
}

an_status an_bundle_open_state(const an_bundle* bundle, uint32_t sequence, an_bundle** out) {
  if (!bundle || !out) return invalid("an_bundle_open_state", "bundle and out must not be NULL");
  return guard("an_bundle_open_state", [&] {
    // The state reads the parent's mapping or buffer: the handle's Bundle keeps the parent alive.
    struct State {
      std::shared_ptr<const Bundle> parent;
      Bundle state;
    };
    auto held = std::make_shared<State>(State{bundle->bundle, bundle->bundle->atState(sequence)});
    auto handle = std::make_unique<an_bundle>();
    handle->maxContentSize = bundle->maxContentSize;
    handle->bundle = std::shared_ptr<const Bundle>(held, &held->state);
    handle->info = handle->bundle->info();
    capi::loadSignatures(*handle);
    *out = handle.release();
  });
}

an_status an_history_get(const an_bundle* bundle, an_history** out) {
  if (!bundle || !out) return invalid("an_history_get", "bundle and out must not be NULL");
  return guard("an_history_get", [&] {
    auto history = std::make_unique<an_history>();
    history->states = bundle->bundle->history();
    for (const BundleState& state : history->states) {
      history->sealDigests.push_back(internal::hex(state.sealDigest));
      history->created.push_back(state.created);
    }
    *out = history.release();
  });
}

void an_history_free(an_history* history) { delete history; }

size_t an_history_count(const an_history* history) { return history ? history->states.size() : 0; }

const char* an_history_text(const an_history* history, size_t index, an_state_field field,
                            size_t* len) {
  if (len) *len = 0;
  if (!history || index >= history->states.size()) return nullptr;
  switch (field) {
    case AN_STATE_CREATED:
      return capi::text(&history->created[index], len);
    case AN_STATE_SEAL_DIGEST:
      return capi::text(&history->sealDigests[index], len);
    default:
      return nullptr;
  }
}

uint64_t an_history_number(const an_history* history, size_t index, an_state_field field) {
  if (!history || index >= history->states.size()) return 0;
  const BundleState& state = history->states[index];
  switch (field) {
    case AN_STATE_SEQUENCE:
      return state.sequence;
    case AN_STATE_FILE_SIZE:
      return state.fileSize;
    case AN_STATE_ARTICLE_COUNT:
      return state.articleCount;
    case AN_STATE_SIGNATURE_COUNT:
      return state.signatures.size();
    default:
      return 0;
  }
}

an_status an_article_get(const an_bundle* bundle, size_t index, an_article** out) {
  if (!bundle || !out) return invalid("an_article_get", "bundle and out must not be NULL");
  return guard("an_article_get", [&] {
    auto article = std::make_unique<an_article>();
    article->bundle = bundle->bundle;
    article->maxContentSize = bundle->maxContentSize;
    article->article = bundle->bundle->article(index);
    *out = article.release();
  });
}

void an_article_free(an_article* article) { delete article; }

const char* an_article_text(const an_article* handle, an_field field, size_t index, size_t* len) {
  if (len) *len = 0;
  const capi::ArticleField* row = capi::articleField(field);
  if (!handle || !row) return nullptr;
  return capi::text(row->read(handle->article, index), len);
}

size_t an_article_list_size(const an_article* handle, an_list list) {
  if (!handle) return 0;
  const Article& a = handle->article;
  switch (list) {
    case AN_LIST_SUBHEADLINES:
      return a.subheadlines.size();
    case AN_LIST_KEYWORDS:
      return a.keywords.size();
    case AN_LIST_BYLINES:
      return a.bylines.size();
    case AN_LIST_BODY:
      return a.body.size();
    case AN_LIST_IMAGES:
      return a.images.size();
    case AN_LIST_ATTACHMENTS:
      return a.attachments.size();
    case AN_LIST_EXTRA:
      return a.extra.size();
  }
  return 0;
}

an_block_kind an_article_block_kind(const an_article* handle, size_t index) {
  if (!handle || index >= handle->article.body.size()) return AN_BLOCK_NONE;
  // The variant's alternatives are in the order of an_block_kind's values from 1.
  return static_cast<an_block_kind>(handle->article.body[index].index() + 1);
}

uint64_t an_article_number(const an_article* handle, an_number field, size_t index) {
  if (!handle) return 0;
  const Article& a = handle->article;
  const Block* block = capi::item(a.body, index);
  const Image* image = capi::item(a.images, index);
  switch (field) {
    case AN_NUMBER_BLOCK_LEVEL: {
      const Heading* h = block ? std::get_if<Heading>(block) : nullptr;
      return h ? h->level : 0;
    }
    case AN_NUMBER_BLOCK_REF: {
      if (!block) return 0;
      if (const auto* i = std::get_if<ImageBlock>(block)) return i->image;
      if (const auto* t = std::get_if<AttachmentBlock>(block)) return t->attachment;
      return 0;
    }
    case AN_NUMBER_IMAGE_WIDTH:
      return image ? image->width : 0;
    case AN_NUMBER_IMAGE_HEIGHT:
      return image ? image->height : 0;
    case AN_NUMBER_IMAGE_SIZE:
      return image ? image->content.size : 0;
    case AN_NUMBER_ATTACHMENT_SIZE: {
      const Attachment* t = capi::item(a.attachments, index);
      return t ? t->content.size : 0;
    }
  }
  return 0;
}

an_status an_article_read(const an_article* article, an_content_kind kind, size_t index,
                          void* buffer, size_t capacity, size_t* size) {
  if (!article || !size || (!buffer && capacity != 0)) {
    return invalid("an_article_read", "article and size must not be NULL");
  }
  if (!article->bundle) return invalid("an_article_read", "the article was not read from a bundle");
  const ContentRef* content = capi::contentOf(article->article, kind, index);
  if (!content) return capi::missingContent(article, kind, index);
  *size = static_cast<size_t>(content->size);
  if (content->size > article->maxContentSize) {
    return fail(AN_ERR_LIMIT_EXCEEDED,
                "an_article_read: content of " + std::to_string(content->size) +
                    " bytes exceeds an_limits.max_content_size (" +
                    std::to_string(article->maxContentSize) + "); read it as a stream");
  }
  if (content->size > capacity) {
    return fail(AN_ERR_BUFFER_TOO_SMALL,
                "an_article_read: content of " + std::to_string(content->size) +
                    " bytes; the buffer holds " + std::to_string(capacity));
  }
  return guard("an_article_read", [&] {
    auto* out = static_cast<std::uint8_t*>(buffer);
    std::size_t done = 0;
    article->bundle->read(*content, [&](std::span<const std::uint8_t> piece) {
      // The reader never produces more than the recorded size; this guards the caller's buffer
      // all the same.
      if (piece.size() > capacity - done) {
        throw Error(ErrorCode::kCorruption, "content larger than its recorded size");
      }
      if (!piece.empty()) std::memcpy(out + done, piece.data(), piece.size());
      done += piece.size();
    });
  });
}

an_status an_article_read_stream(const an_article* article, an_content_kind kind, size_t index,
                                 an_read_fn callback, void* user) {
  if (!article || !callback) {
    return invalid("an_article_read_stream", "article and callback must not be NULL");
  }
  if (!article->bundle) {
    return invalid("an_article_read_stream", "the article was not read from a bundle");
  }
  const ContentRef* content = capi::contentOf(article->article, kind, index);
  if (!content) return capi::missingContent(article, kind, index);
  bool stopped = false;
  an_status status = guard("an_article_read_stream", [&] {
    try {
      article->bundle->read(*content, [&](std::span<const std::uint8_t> piece) {
        if (callback(user, piece.data(), piece.size()) != 0) {
          stopped = true;
          throw capi::CallbackStopped{};
        }
      });
    } catch (const capi::CallbackStopped&) {
    }
  });
  if (stopped)
    return fail(AN_ERR_CALLBACK, "an_article_read_stream: the callback stopped the read");
  return status;
}

an_status an_verify(const an_bundle* bundle, const char* const* trusted_keys, size_t key_count,
                    unsigned flags, an_report** out) {
  if (!bundle || !out || (!trusted_keys && key_count != 0)) {
    return invalid("an_verify", "bundle, out and trusted_keys must not be NULL");
  }
  return guard("an_verify", [&] {
    VerifyOptions options;
    options.trustedKeys = capi::trustedKeys("an_verify", trusted_keys, key_count);
    options.quick = (flags & AN_VERIFY_QUICK) != 0;
    auto report = std::make_unique<an_report>();
    report->report = verify(*bundle->bundle, options);
    *out = report.release();
  });
}

an_status an_verify_articles(const an_bundle* bundle, const char* const* trusted_keys,
                             size_t key_count, const char* const* ids, size_t id_count,
                             an_report** out) {
  if (!bundle || !out || (!trusted_keys && key_count != 0) || !ids) {
    return invalid("an_verify_articles", "bundle, out, trusted_keys and ids must not be NULL");
  }
  // No ids would mean the whole bundle to VerifyOptions: an_verify() is for that.
  if (id_count == 0) return invalid("an_verify_articles", "no article ids given");
  return guard("an_verify_articles", [&] {
    VerifyOptions options;
    options.trustedKeys = capi::trustedKeys("an_verify_articles", trusted_keys, key_count);
    for (size_t i = 0; i < id_count; ++i) {
      if (!ids[i]) {
        throw Error(ErrorCode::kInvalidArgument,
                    "an_verify_articles: id " + std::to_string(i) + " is NULL");
      }
      options.articles.emplace_back(ids[i]);
    }
    auto report = std::make_unique<an_report>();
    report->report = verify(*bundle->bundle, options);
    *out = report.release();
  });
}

void an_report_free(an_report* report) { delete report; }

int an_report_ok(const an_report* report) { return report && report->report.ok() ? 1 : 0; }

size_t an_report_check_count(const an_report* report) {
  return report ? report->report.checks.size() : 0;
}

const char* an_report_check_text(const an_report* report, size_t index, an_check_field field,
                                 size_t* len) {
  if (len) *len = 0;
  if (!report) return nullptr;
  const Check* check = capi::item(report->report.checks, index);
  if (!check) return nullptr;
  switch (field) {
    case AN_CHECK_NAME:
      return capi::text(&check->name, len);
    case AN_CHECK_ITEM:
      return capi::text(&check->item, len);
    case AN_CHECK_DETAIL:
      return capi::text(&check->detail, len);
  }
  return nullptr;
}

int an_report_check_passed(const an_report* report, size_t index) {
  if (!report) return 0;
  const Check* check = capi::item(report->report.checks, index);
  return check && check->passed ? 1 : 0;
}

int an_report_check_offset(const an_report* report, size_t index, uint64_t* offset) {
  if (!report) return 0;
  const Check* check = capi::item(report->report.checks, index);
  if (!check || !check->offset) return 0;
  if (offset) *offset = *check->offset;
  return 1;
}

}  // extern "C"
