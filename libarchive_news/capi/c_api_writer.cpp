// The C API (archive_news.h), writing side: key pairs, writers, articles built field by field.
// A reader-only build compiles the same entry points as stubs, so the C ABI is the same in both.
#include <archive_news/archive_news.h>
#include <archive_news/error.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "capi/article_fields.h"
#include "capi/c_api_internal.h"

#ifndef ARCHIVE_NEWS_READER_ONLY
#include <archive_news/article_folder.h>
#include <archive_news/keys.h>
#include <archive_news/search.h>
#include <archive_news/writer.h>

#include <optional>
#include <span>
#include <utility>
#include <variant>
#include <vector>

struct an_writer {
  std::optional<archive_news::BundleWriter> writer;  // empty once finished
};

namespace archive_news::capi {
namespace {

char* copyToMalloc(const std::string& text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (!copy) throw std::bad_alloc();
  std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

an_status invalid(const char* function, const char* what) {
  return fail(AN_ERR_INVALID_ARGUMENT, std::string(function) + ": " + what);
}

[[noreturn]] void notFound(const std::string& what) { throw Error(ErrorCode::kNotFound, what); }

[[noreturn]] void wrongField(an_field field) {
  throw Error(ErrorCode::kInvalidArgument, "an_article_set_text: field " +
                                               std::to_string(static_cast<int>(field)) +
                                               " does not apply to this item");
}

std::optional<std::string> optionalText(const char* value) {
  return value ? std::optional<std::string>(value) : std::nullopt;
}

void refuseNull(const char* value) {
  if (!value) throw Error(ErrorCode::kInvalidArgument, "an_article_set_text: value is required");
}

// The checks and their order are the table's (article_fields.h); each refusal is the one
// callers have always seen.
void setText(Article& a, an_field field, size_t index, const char* value) {
  const ArticleField* row = articleField(field);
  if (!row) wrongField(field);
  if (row->nullRefusedFirst) refuseNull(value);
  // Copied before the slot is found: finding it may append an item, which a failed copy (out of
  // memory) must not leave behind empty.
  std::optional<std::string> text = optionalText(value);
  FieldSlot<Article> slot = row->write(a, index);
  if (slot.miss == FieldMiss::kNoItem) {
    notFound(std::string("an_article_set_text: no ") + row->item + " " + std::to_string(index));
  }
  if (slot.miss == FieldMiss::kNotApplicable) wrongField(field);
  if (slot.required) {
    refuseNull(value);
    *slot.required = std::move(*text);
  } else {
    *slot.optional = std::move(text);
  }
}

// A minisign secret key from the text of its file, decrypted with `password` when encrypted.
SecretKey secretKeyOf(const char* secretKey, const char* password) {
  return parseSecretKey(secretKey, "secret key", [&]() -> std::string {
    if (!password) {
      throw Error(ErrorCode::kInvalidArgument,
                  "secret key: the key is encrypted and no password was given");
    }
    return password;
  });
}

// Articles read from a bundle are shared between threads and must stay as read.
bool editable(const an_article* article) { return article && !article->bundle; }

}  // namespace
}  // namespace archive_news::capi

using namespace archive_news;
using archive_news::capi::guard;
using archive_news::capi::invalid;

extern "C" {

an_status an_keypair_generate(const char* password, char** public_key, char** secret_key) {
  if (!public_key || !secret_key) {
    return invalid("an_keypair_generate", "public_key and secret_key must not be NULL");
  }
  return guard("an_keypair_generate", [&] {
    KeyPair pair = generateKeyPair();
    std::string pub = formatPublicKey(pair.publicKey);
    std::string sec = formatSecretKey(pair.secretKey, capi::optionalText(password));
    char* p = capi::copyToMalloc(pub);
    char* s = nullptr;
    try {
      s = capi::copyToMalloc(sec);
    } catch (...) {
      std::free(p);
      throw;
    }
    *public_key = p;
    *secret_key = s;
  });
}

an_status an_writer_create(const char* path, const an_writer_options* options, an_writer** out) {
  if (!path || !out) return invalid("an_writer_create", "path and out must not be NULL");
  return guard("an_writer_create", [&] {
    WriterOptions o;
    bool overwrite = false;
    bool searchIndex = false;
    if (options) {
      for (uint32_t r : options->reserved) {
        if (r != 0) {
          throw Error(ErrorCode::kInvalidArgument, "an_writer_options: reserved fields must be 0");
        }
      }
      o.bundleId = capi::optionalText(options->bundle_id);
      o.title = capi::optionalText(options->title);
      o.description = capi::optionalText(options->description);
      o.created = capi::optionalText(options->created);
      o.creatorTool = capi::optionalText(options->creator_tool);
      if (options->compression_level != 0) o.compressionLevel = options->compression_level;
      o.trainDictionary = (options->flags & AN_WRITE_NO_DICTIONARY) == 0;
      o.reproducible = (options->flags & AN_WRITE_REPRODUCIBLE) != 0;
      o.jobs = options->jobs;
      if (options->cluster_size != 0) o.clusterSize = options->cluster_size;
      overwrite = (options->flags & AN_WRITE_OVERWRITE) != 0;
      searchIndex = (options->flags & AN_WRITE_SEARCH_INDEX) != 0;
    }
    auto writer = std::make_unique<an_writer>();
    writer->writer.emplace(BundleWriter::create(path, std::move(o), overwrite));
    if (searchIndex) writer->writer->setIndexer(makeSearchIndexer());
    *out = writer.release();
  });
}

void an_writer_free(an_writer* writer) { delete writer; }

an_status an_writer_add_folder(an_writer* writer, const char* dir) {
  if (!writer || !dir) return invalid("an_writer_add_folder", "writer and dir must not be NULL");
  if (!writer->writer) return invalid("an_writer_add_folder", "the writer is finished");
  return guard("an_writer_add_folder",
               [&] { addArticleFolder(*writer->writer, loadArticleFolder(dir)); });
}

an_status an_article_new(const char* uri, an_article** out) {
  if (!uri || !out) return invalid("an_article_new", "uri and out must not be NULL");
  return guard("an_article_new", [&] {
    auto article = std::make_unique<an_article>();
    article->article.uri = uri;
    *out = article.release();
  });
}

an_status an_article_set_text(an_article* article, an_field field, size_t index,
                              const char* value) {
  if (!capi::editable(article)) {
    return invalid("an_article_set_text", "not an article made by an_article_new");
  }
  return guard("an_article_set_text",
               [&] { capi::setText(article->article, field, index, value); });
}

an_status an_article_add_byline(an_article* article, const char* name) {
  if (!capi::editable(article) || !name) {
    return invalid("an_article_add_byline", "an article made by an_article_new and a name needed");
  }
  return guard("an_article_add_byline", [&] {
    article->article.bylines.push_back(Byline{name, std::nullopt, std::nullopt});
  });
}

an_status an_article_add_block(an_article* article, an_block_kind kind, const char* text,
                               unsigned level, uint32_t ref) {
  if (!capi::editable(article)) {
    return invalid("an_article_add_block", "not an article made by an_article_new");
  }
  bool needsText = kind == AN_BLOCK_PARAGRAPH || kind == AN_BLOCK_HEADING || kind == AN_BLOCK_QUOTE;
  if (needsText && !text) return invalid("an_article_add_block", "text must not be NULL");
  if (kind == AN_BLOCK_HEADING && (level < 1 || level > 6)) {
    return invalid("an_article_add_block", "a heading's level is 1 to 6");
  }
  return guard("an_article_add_block", [&] {
    auto& body = article->article.body;
    switch (kind) {
      case AN_BLOCK_PARAGRAPH:
        body.emplace_back(Paragraph{text});
        return;
      case AN_BLOCK_HEADING:
        body.emplace_back(Heading{static_cast<std::uint8_t>(level), text});
        return;
      case AN_BLOCK_QUOTE:
        body.emplace_back(Quote{text, std::nullopt});
        return;
      case AN_BLOCK_IMAGE:
        body.emplace_back(ImageBlock{ref});
        return;
      case AN_BLOCK_ATTACHMENT:
        body.emplace_back(AttachmentBlock{ref});
        return;
      case AN_BLOCK_NONE:
        break;
    }
    throw Error(ErrorCode::kInvalidArgument, "an_article_add_block: unknown block kind");
  });
}

an_status an_article_add_extra(an_article* article, const char* key, const char* value) {
  if (!capi::editable(article) || !key || !value) {
    return invalid("an_article_add_extra", "an article made by an_article_new, key and value");
  }
  return guard("an_article_add_extra", [&] {
    article->article.extra.push_back(KeyValue{key, value});
  });
}

an_status an_article_set_image_size(an_article* article, size_t index, uint32_t width,
                                    uint32_t height) {
  if (!capi::editable(article)) {
    return invalid("an_article_set_image_size", "not an article made by an_article_new");
  }
  if (index >= article->article.images.size()) {
    return capi::fail(AN_ERR_NOT_FOUND,
                      "an_article_set_image_size: no image " + std::to_string(index));
  }
  article->article.images[index].width = width;
  article->article.images[index].height = height;
  return AN_OK;
}

an_status an_writer_add_content(an_writer* writer, an_article* article, an_content_kind kind,
                                const char* name, const char* mediatype, const void* data,
                                size_t size, size_t* index) {
  if (!writer || !capi::editable(article) || !name || !mediatype || (!data && size != 0)) {
    return invalid("an_writer_add_content", "writer, built article, name, mediatype, data");
  }
  if (!writer->writer) return invalid("an_writer_add_content", "the writer is finished");
  if (kind != AN_CONTENT_IMAGE && kind != AN_CONTENT_ATTACHMENT) {
    return invalid("an_writer_add_content", "unknown content kind");
  }
  return guard("an_writer_add_content", [&] {
    std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data), size);
    ContentRef ref = writer->writer->addContent(bytes, mediatype);
    Article& a = article->article;
    if (kind == AN_CONTENT_IMAGE) {
      Image image;
      image.name = image.fileName = name;
      image.mediatype = mediatype;
      image.content = ref;
      a.images.push_back(std::move(image));
      if (index) *index = a.images.size() - 1;
    } else {
      Attachment attachment;
      attachment.name = attachment.fileName = name;
      attachment.mediatype = mediatype;
      attachment.content = ref;
      a.attachments.push_back(std::move(attachment));
      if (index) *index = a.attachments.size() - 1;
    }
  });
}

an_status an_writer_add_article(an_writer* writer, const an_article* article) {
  if (!writer || !article) return invalid("an_writer_add_article", "arguments must not be NULL");
  if (!writer->writer) return invalid("an_writer_add_article", "the writer is finished");
  return guard("an_writer_add_article", [&] { writer->writer->addArticle(article->article); });
}

an_status an_writer_add_signer(an_writer* writer, const char* secret_key, const char* password,
                               const char* signer) {
  if (!writer || !secret_key) {
    return invalid("an_writer_add_signer", "writer and secret_key must not be NULL");
  }
  if (!writer->writer) return invalid("an_writer_add_signer", "the writer is finished");
  return guard("an_writer_add_signer", [&] {
    writer->writer->addSigner(capi::secretKeyOf(secret_key, password), signer ? signer : "");
  });
}

an_status an_writer_finish(an_writer* writer) {
  if (!writer) return invalid("an_writer_finish", "writer must not be NULL");
  if (!writer->writer) return invalid("an_writer_finish", "the writer is finished already");
  an_status status = guard("an_writer_finish", [&] { writer->writer->finish(); });
  writer->writer.reset();
  return status;
}

an_status an_index_bundle(const char* path, const char* secret_key, const char* password,
                          const char* signer, uint32_t* state) {
  if (!path) return invalid("an_index_bundle", "path must not be NULL");
  return guard("an_index_bundle", [&] {
    std::optional<SecretKey> key;
    std::vector<std::pair<const SecretKey*, std::string>> keys;
    if (secret_key) {
      key.emplace(capi::secretKeyOf(secret_key, password));
      keys.emplace_back(&*key, signer ? signer : "");
    }
    const IndexBundleResult result = indexBundle(path, keys);
    if (state) *state = result.state;
  });
}

}  // extern "C"

#else  // ARCHIVE_NEWS_READER_ONLY

struct an_writer {};

using archive_news::capi::leftOut;

extern "C" {

an_status an_keypair_generate(const char*, char**, char**) {
  return leftOut("an_keypair_generate");
}
an_status an_writer_create(const char*, const an_writer_options*, an_writer**) {
  return leftOut("an_writer_create");
}
void an_writer_free(an_writer* writer) { delete writer; }
an_status an_writer_add_folder(an_writer*, const char*) { return leftOut("an_writer_add_folder"); }
an_status an_article_new(const char*, an_article**) { return leftOut("an_article_new"); }
an_status an_article_set_text(an_article*, an_field, size_t, const char*) {
  return leftOut("an_article_set_text");
}
an_status an_article_add_byline(an_article*, const char*) {
  return leftOut("an_article_add_byline");
}
an_status an_article_add_block(an_article*, an_block_kind, const char*, unsigned, uint32_t) {
  return leftOut("an_article_add_block");
}
an_status an_article_add_extra(an_article*, const char*, const char*) {
  return leftOut("an_article_add_extra");
}
an_status an_article_set_image_size(an_article*, size_t, uint32_t, uint32_t) {
  return leftOut("an_article_set_image_size");
}
an_status an_writer_add_content(an_writer*, an_article*, an_content_kind, const char*, const char*,
                                const void*, size_t, size_t*) {
  return leftOut("an_writer_add_content");
}
an_status an_writer_add_article(an_writer*, const an_article*) {
  return leftOut("an_writer_add_article");
}
an_status an_writer_add_signer(an_writer*, const char*, const char*, const char*) {
  return leftOut("an_writer_add_signer");
}
an_status an_writer_finish(an_writer*) { return leftOut("an_writer_finish"); }
an_status an_index_bundle(const char*, const char*, const char*, const char*, uint32_t*) {
  return leftOut("an_index_bundle");
}

}  // extern "C"

#endif  // ARCHIVE_NEWS_READER_ONLY
