/* The C API, compiled as C99, run by ctest (and again under ASan/UBSan by scripts/sanitize.sh).
 *
 *   capi_test full SAMPLES_DIR WORK_DIR    writes bundles with the C writer, reads them back
 *   capi_test reader BUNDLE SAMPLES_DIR    a reader-only build: reads and verifies BUNDLE (made
 *                                          by a full build from SAMPLES_DIR/seed-article) and
 *                                          checks that writing is refused
 *   capi_test history BUNDLE               the states of BUNDLE, made by history_test.sh: urn:h:a
 *                                          packed ("A1"), appended as "A2" with urn:h:b ("B1"),
 *                                          then as "A3"
 */
#include <archive_news/archive_news.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

#define CHECK_OK(call)                                                                       \
  do {                                                                                       \
    an_status s_ = (call);                                                                   \
    if (s_ != AN_OK) {                                                                       \
      fprintf(stderr, "%s:%d: %s: %s (%s)\n", __FILE__, __LINE__, #call, an_status_name(s_), \
              an_last_error());                                                              \
      ++failures;                                                                            \
    }                                                                                        \
  } while (0)

#define CHECK_STR(actual, expected) CHECK((actual) != NULL && strcmp((actual), (expected)) == 0)

static const char* kSeedId = "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance";
static const char* kSeedHeadline =
    "Republic of Korea-U.S. alliance to evolve into comprehensive strategic alliance";

/* The whole file in a malloc'ed buffer, or NULL. */
static unsigned char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  unsigned char* data = NULL;
  long n;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
      free(data);
      data = NULL;
    }
    *size = (size_t)n;
  }
  fclose(f);
  return data;
}

static char* join(const char* dir, const char* name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char* path = malloc(n);
  if (path) snprintf(path, n, "%s/%s", dir, name);
  return path;
}

struct sink {
  unsigned char* data;
  size_t size;
  size_t capacity;
  size_t calls;
  size_t stop_after; /* 0: never stop */
};

static int collect(void* user, const void* data, size_t size) {
  struct sink* s = user;
  ++s->calls;
  if (s->stop_after && s->calls >= s->stop_after) return 1;
  if (s->size + size > s->capacity) return 2;
  memcpy(s->data + s->size, data, size);
  s->size += size;
  return 0;
}

/* What an_entry_list gave: the positions and ids seen, and when to stop. */
struct listing {
  size_t calls;
  size_t stop_after; /* 0: never stop */
  size_t indexes[16];
  char ids[16][128];
};

static int list_entry(void* user, size_t index, const an_entry* entry) {
  struct listing* l = user;
  const char* id = an_entry_text(entry, AN_FIELD_URI, 0, NULL);
  if (l->calls < 16) {
    l->indexes[l->calls] = index;
    snprintf(l->ids[l->calls], sizeof l->ids[0], "%s", id ? id : "(null)");
  }
  ++l->calls;
  return l->stop_after && l->calls >= l->stop_after ? 1 : 0;
}

/* an_entry_list against an_entry_get: the same entries at the same positions, from any first
 * position, stopped early on request. */
static void check_listing(const an_bundle* bundle) {
  size_t count = an_article_count(bundle), first, i;
  struct listing l;
  CHECK(count > 0 && count <= 16);
  for (first = 0; first <= count; ++first) {
    memset(&l, 0, sizeof l);
    CHECK_OK(an_entry_list(bundle, first, list_entry, &l));
    CHECK(l.calls == count - first);
    for (i = 0; i < l.calls && i < 16; ++i) {
      an_entry* entry = NULL;
      CHECK(l.indexes[i] == first + i);
      CHECK_OK(an_entry_get(bundle, first + i, &entry));
      CHECK_STR(an_entry_text(entry, AN_FIELD_URI, 0, NULL), l.ids[i]);
      an_entry_free(entry);
    }
  }
  memset(&l, 0, sizeof l);
  l.stop_after = 1;
  CHECK_OK(an_entry_list(bundle, 0, list_entry, &l)); /* stopping is not an error */
  CHECK(l.calls == 1);
  CHECK(an_entry_list(bundle, count + 1, list_entry, &l) == AN_ERR_NOT_FOUND);
  CHECK(an_entry_list(bundle, 0, NULL, &l) == AN_ERR_INVALID_ARGUMENT);
  CHECK(an_entry_list(NULL, 0, list_entry, &l) == AN_ERR_INVALID_ARGUMENT);
}

/* Checks the seed article as packed from samples/seed-article. */
static void check_seed_article(const an_bundle* bundle, const char* samples) {
  size_t index = 99, len = 0, size = 0, i;
  an_article* article = NULL;
  an_entry* entry = NULL;
  char* image_path = join(samples, "seed-article/alliance1.jpg");
  size_t file_size = 0;
  unsigned char* file = read_file(image_path, &file_size);
  CHECK(file != NULL);

  CHECK_OK(an_find(bundle, kSeedId, &index));
  CHECK(an_find(bundle, "urn:no-such-article", &index) == AN_ERR_NOT_FOUND);
  CHECK(strlen(an_last_error()) > 0);

  CHECK_OK(an_entry_get(bundle, index, &entry));
  CHECK_STR(an_entry_text(entry, AN_FIELD_HEADLINE, 0, NULL), kSeedHeadline);
  CHECK_STR(an_entry_text(entry, AN_FIELD_BYLINE_NAME, 0, NULL), "Joo-Hyeong, Lee");
  CHECK(an_entry_text(entry, AN_FIELD_BYLINE_NAME, 1, &len) == NULL && len == 0);
  CHECK_STR(an_entry_text(entry, AN_FIELD_FIRSTCREATED, 0, NULL), "2019-06-30");
  CHECK(an_entry_text(entry, AN_FIELD_SECTION, 0, NULL) == NULL);
  CHECK(an_entry_text(entry, AN_FIELD_PUBSTATUS, 0, NULL) == NULL); /* the seed states none */
  CHECK(an_entry_number_of(entry, AN_ENTRY_IMAGE_COUNT) == 2);
  CHECK(an_entry_number_of(entry, AN_ENTRY_ATTACHMENT_COUNT) == 2);
  CHECK(an_entry_number_of(entry, AN_ENTRY_BYLINE_COUNT) == 1);
  CHECK(an_entry_number_of(entry, AN_ENTRY_HEADLINE_CUT) == 0);
  an_entry_free(entry);
  check_listing(bundle);
  CHECK(an_entry_get(bundle, 1000, &entry) == AN_ERR_NOT_FOUND);

  CHECK_OK(an_article_get(bundle, index, &article));
  CHECK_STR(an_article_text(article, AN_FIELD_URI, 0, NULL), kSeedId);
  CHECK_STR(an_article_text(article, AN_FIELD_HEADLINE, 0, &len), kSeedHeadline);
  CHECK(len == strlen(kSeedHeadline));
  CHECK_STR(an_article_text(article, AN_FIELD_PUBLISHER, 0, NULL), "The Korea Defense Daily");
  CHECK_STR(an_article_text(article, AN_FIELD_COPYRIGHTNOTICE, 0, NULL),
            "Copyright \xe2\x93\x92 The Korea Defense Daily, All rights reserved");
  CHECK(an_article_text(article, AN_FIELD_URL, 1, NULL) == NULL);
  CHECK(an_article_text(article, AN_FIELD_VERSIONCREATED, 0, NULL) == NULL);
  CHECK(an_article_list_size(article, AN_LIST_SUBHEADLINES) == 4);
  CHECK_STR(an_article_text(article, AN_FIELD_SUBHEADLINE, 0, NULL),
            "President Moon Jae-in holds summit with U.S. President Trump;");
  CHECK(an_article_text(article, AN_FIELD_SUBHEADLINE, 4, NULL) == NULL);
  CHECK(an_article_list_size(article, AN_LIST_KEYWORDS) == 4);
  CHECK_STR(an_article_text(article, AN_FIELD_KEYWORD, 1, NULL), "summit");
  CHECK(an_article_list_size(article, AN_LIST_BYLINES) == 1);
  CHECK_STR(an_article_text(article, AN_FIELD_BYLINE_NAME, 0, NULL), "Joo-Hyeong, Lee");
  CHECK_STR(an_article_text(article, AN_FIELD_BYLINE_EMAIL, 0, NULL), "Jataka@dema.mil.kr");
  CHECK_STR(an_article_text(article, AN_FIELD_BYLINE_ROLE, 0, NULL), "reporter");
  CHECK(an_article_list_size(article, AN_LIST_EXTRA) == 2);
  CHECK_STR(an_article_text(article, AN_FIELD_EXTRA_KEY, 0, NULL), "byline-as-published");
  CHECK(an_article_list_size(article, AN_LIST_IMAGES) == 2);
  CHECK_STR(an_article_text(article, AN_FIELD_IMAGE_NAME, 1, NULL), "alliance2");
  CHECK_STR(an_article_text(article, AN_FIELD_IMAGE_FILE_NAME, 0, NULL), "alliance1.jpg");
  CHECK_STR(an_article_text(article, AN_FIELD_IMAGE_MEDIATYPE, 0, NULL), "image/jpeg");
  CHECK(an_article_text(article, AN_FIELD_IMAGE_CAPTION, 0, NULL) == NULL);
  CHECK(an_article_list_size(article, AN_LIST_ATTACHMENTS) == 2);
  CHECK_STR(an_article_text(article, AN_FIELD_ATTACHMENT_MEDIATYPE, 1, NULL),
            "text/plain; charset=utf-8");
  CHECK(an_article_number(article, AN_NUMBER_IMAGE_SIZE, 0) == file_size);

  /* The body in order: the first image block is preceded only by text blocks, and every image
   * block names an existing image. */
  {
    size_t blocks = an_article_list_size(article, AN_LIST_BODY), images_placed = 0;
    CHECK(blocks > 5);
    for (i = 0; i < blocks; ++i) {
      an_block_kind kind = an_article_block_kind(article, i);
      CHECK(kind >= AN_BLOCK_PARAGRAPH && kind <= AN_BLOCK_ATTACHMENT);
      if (kind == AN_BLOCK_IMAGE) {
        CHECK(an_article_number(article, AN_NUMBER_BLOCK_REF, i) == images_placed);
        CHECK(an_article_text(article, AN_FIELD_BLOCK_TEXT, i, NULL) == NULL);
        ++images_placed;
      } else if (kind == AN_BLOCK_PARAGRAPH) {
        CHECK(an_article_text(article, AN_FIELD_BLOCK_TEXT, i, &len) != NULL && len > 0);
      }
    }
    CHECK(images_placed == 2);
    CHECK(an_article_block_kind(article, blocks) == AN_BLOCK_NONE);
  }

  /* Content into a buffer: ask the size, refuse a short buffer, then read. */
  CHECK(an_article_read(article, AN_CONTENT_IMAGE, 0, NULL, 0, &size) == AN_ERR_BUFFER_TOO_SMALL);
  CHECK(size == file_size);
  {
    unsigned char* buffer = malloc(size);
    CHECK(an_article_read(article, AN_CONTENT_IMAGE, 0, buffer, size - 1, &size) ==
          AN_ERR_BUFFER_TOO_SMALL);
    CHECK_OK(an_article_read(article, AN_CONTENT_IMAGE, 0, buffer, size, &size));
    CHECK(file && size == file_size && memcmp(buffer, file, size) == 0);
    free(buffer);
  }
  CHECK(an_article_read(article, AN_CONTENT_IMAGE, 2, NULL, 0, &size) == AN_ERR_NOT_FOUND);
  CHECK(an_article_read(article, AN_CONTENT_IMAGE, 0, NULL, 0, NULL) == AN_ERR_INVALID_ARGUMENT);

  /* Content through a callback, whole and stopped early. */
  {
    struct sink s;
    memset(&s, 0, sizeof s);
    s.capacity = file_size;
    s.data = malloc(file_size);
    CHECK_OK(an_article_read_stream(article, AN_CONTENT_IMAGE, 0, collect, &s));
    CHECK(file && s.size == file_size && memcmp(s.data, file, file_size) == 0);
    s.size = 0;
    s.calls = 0;
    s.stop_after = 1;
    CHECK(an_article_read_stream(article, AN_CONTENT_IMAGE, 0, collect, &s) == AN_ERR_CALLBACK);
    free(s.data);
  }
  {
    /* An attachment read as text through the callback. */
    char* original_path = join(samples, "seed-article/original.txt");
    size_t original_size = 0;
    unsigned char* original = read_file(original_path, &original_size);
    struct sink s;
    memset(&s, 0, sizeof s);
    s.capacity = original_size;
    s.data = malloc(original_size + 1);
    CHECK_OK(an_article_read_stream(article, AN_CONTENT_ATTACHMENT, 1, collect, &s));
    CHECK(original && s.size == original_size && memcmp(s.data, original, s.size) == 0);
    free(s.data);
    free(original);
    free(original_path);
  }

  /* An article outlives its bundle's handle: tested by the caller closing first. */
  an_article_free(article);
  free(file);
  free(image_path);
}

static void check_verify(const an_bundle* bundle, const char* public_key, int expect_ok) {
  an_report* report = NULL;
  size_t i, n, trusted = 0;
  const char* keys[1];
  keys[0] = public_key;
  CHECK_OK(an_verify(bundle, keys, 1, 0, &report));
  CHECK(an_report_ok(report) == expect_ok);
  n = an_report_check_count(report);
  CHECK(n > 5);
  for (i = 0; i < n; ++i) {
    const char* name = an_report_check_text(report, i, AN_CHECK_NAME, NULL);
    CHECK(name != NULL && an_report_check_text(report, i, AN_CHECK_DETAIL, NULL) != NULL);
    if (name && strcmp(name, "trusted-key") == 0) {
      ++trusted;
      CHECK(an_report_check_passed(report, i) == expect_ok);
    }
  }
  CHECK(trusted == 1);
  CHECK(an_report_check_text(report, n, AN_CHECK_NAME, NULL) == NULL);
  CHECK(an_report_check_passed(report, n) == 0);
  an_report_free(report);

  /* The seed article proved alone: the signatures, then its own pages, cluster and content. */
  {
    const char* ids[2];
    size_t articles = 0;
    ids[0] = kSeedId;
    ids[1] = "urn:no-such-article";
    CHECK_OK(an_verify_articles(bundle, keys, 1, ids, 1, &report));
    CHECK(an_report_ok(report) == expect_ok);
    n = an_report_check_count(report);
    for (i = 0; i < n; ++i) {
      const char* name = an_report_check_text(report, i, AN_CHECK_NAME, NULL);
      if (name && strcmp(name, "article") == 0) {
        ++articles;
        CHECK(an_report_check_passed(report, i));
        CHECK_STR(an_report_check_text(report, i, AN_CHECK_ITEM, NULL), kSeedId);
      }
    }
    CHECK(articles == 1);
    an_report_free(report);
    /* An id the bundle does not hold is a failed "article" check, not an error. */
    CHECK_OK(an_verify_articles(bundle, NULL, 0, ids, 2, &report));
    CHECK(an_report_ok(report) == 0);
    n = an_report_check_count(report);
    articles = 0;
    for (i = 0; i < n; ++i) {
      const char* name = an_report_check_text(report, i, AN_CHECK_NAME, NULL);
      const char* item = an_report_check_text(report, i, AN_CHECK_ITEM, NULL);
      if (name && item && strcmp(name, "article") == 0) {
        ++articles;
        CHECK(an_report_check_passed(report, i) == (strcmp(item, kSeedId) == 0));
      }
    }
    CHECK(articles == 2);
    an_report_free(report);
    CHECK(an_verify_articles(bundle, NULL, 0, ids, 0, &report) == AN_ERR_INVALID_ARGUMENT);
    CHECK(an_verify_articles(bundle, NULL, 0, NULL, 1, &report) == AN_ERR_INVALID_ARGUMENT);
    ids[1] = NULL;
    CHECK(an_verify_articles(bundle, NULL, 0, ids, 2, &report) == AN_ERR_INVALID_ARGUMENT);
  }

  keys[0] = "not a key";
  CHECK(an_verify(bundle, keys, 1, 0, &report) == AN_ERR_INVALID_ARGUMENT);
  CHECK(an_verify_articles(bundle, keys, 1, &kSeedId, 1, &report) == AN_ERR_INVALID_ARGUMENT);
  CHECK_OK(an_verify(bundle, NULL, 0, AN_VERIFY_QUICK, &report));
  CHECK(an_report_ok(report));
  an_report_free(report);
}

/* Handles and getters given NULL or nonsense: no crash, a miss or an error. */
static void check_null_safety(void) {
  an_bundle* bundle = NULL;
  size_t len = 7, index = 0;
  an_limits limits;
  an_bundle_close(NULL);
  an_entry_free(NULL);
  an_article_free(NULL);
  an_report_free(NULL);
  an_writer_free(NULL);
  an_searcher_free(NULL);
  an_search_results_free(NULL);
  an_free(NULL);
  CHECK(an_search_results_count(NULL) == 0 && an_search_results_matches(NULL) == 0);
  CHECK(an_search_hit_text(NULL, 0, AN_HIT_ID, 0, &len) == NULL && len == 0);
  CHECK(an_search_hit_number(NULL, 0, AN_HIT_POSITION) == 0);
  CHECK(an_search_hit_highlight(NULL, 0, 0, &len, &index) == 0);
  an_search_options_default(NULL);
  CHECK(an_bundle_text(NULL, AN_BUNDLE_ID, 0, &len) == NULL && len == 0);
  CHECK(an_article_text(NULL, AN_FIELD_HEADLINE, 0, NULL) == NULL);
  CHECK(an_article_count(NULL) == 0);
  CHECK(an_report_ok(NULL) == 0);
  CHECK(an_find(NULL, "x", &index) == AN_ERR_INVALID_ARGUMENT);
  CHECK(an_open(NULL, NULL, &bundle) == AN_ERR_INVALID_ARGUMENT);
  CHECK(an_open("/nonexistent/x.newsarc", NULL, &bundle) == AN_ERR_IO);
  CHECK(strstr(an_last_error(), "/nonexistent/x.newsarc") != NULL);
  CHECK(bundle == NULL);
  CHECK(an_open_memory("garbage", 7, "garbage", NULL, &bundle) == AN_ERR_CORRUPTION);
  an_limits_default(&limits);
  CHECK(limits.max_cluster_size == 16u << 20 && limits.max_record_size == 16u << 20);
  CHECK(limits.max_signature_section_size == 1u << 20 && limits.max_content_size == 1u << 30);
  CHECK(limits.traversal_factor == 8 && limits.nesting_limit == 64 && limits.max_window_log == 27);
  limits.reserved[0] = 1;
  CHECK(an_open_memory("garbage", 7, NULL, &limits, &bundle) == AN_ERR_INVALID_ARGUMENT);
  CHECK_STR(an_status_name(AN_ERR_NOT_FOUND), "not found");
  CHECK_STR(an_status_name((an_status)1234), "unknown");
  CHECK(an_version_number() > 0 && strchr(an_version(), '.') != NULL);
}

/* A small bundle of `count` built articles "urn:capi:small:N" with the given cluster size and a
 * headline of `headline_bytes` bytes for article 0, each with one image. */
static an_status write_small(const char* path, size_t count, uint32_t cluster_size,
                             size_t headline_bytes) {
  static const unsigned char image[] = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
  an_writer_options options;
  an_writer* writer = NULL;
  an_status status;
  size_t i;
  memset(&options, 0, sizeof options);
  options.flags = AN_WRITE_OVERWRITE;
  options.cluster_size = cluster_size;
  status = an_writer_create(path, &options, &writer);
  if (status != AN_OK) return status;
  for (i = 0; i < count && status == AN_OK; ++i) {
    char uri[64], text[64];
    an_article* a = NULL;
    snprintf(uri, sizeof uri, "urn:capi:small:%zu", i);
    snprintf(text, sizeof text, "Headline %zu", i);
    CHECK_OK(an_article_new(uri, &a));
    if (i == 0 && headline_bytes > 0) {
      char* long_text = malloc(headline_bytes + 1);
      memset(long_text, 'h', headline_bytes);
      long_text[headline_bytes] = '\0';
      CHECK_OK(an_article_set_text(a, AN_FIELD_HEADLINE, 0, long_text));
      free(long_text);
    } else {
      CHECK_OK(an_article_set_text(a, AN_FIELD_HEADLINE, 0, text));
    }
    CHECK_OK(an_writer_add_content(writer, a, AN_CONTENT_IMAGE, "i.gif", "image/gif", image,
                                   sizeof image, NULL));
    CHECK_OK(an_article_add_block(a, AN_BLOCK_PARAGRAPH, text, 0, 0));
    status = an_writer_add_article(writer, a);
    an_article_free(a);
  }
  if (status == AN_OK) status = an_writer_finish(writer);
  an_writer_free(writer);
  return status;
}

/* Format 2's writer options and limits through the C API: cluster_size, a duplicate uri found at
 * finish, the index's cut headlines, max_content_size. */
static void check_format2_writing(const char* work) {
  char* path = join(work, "small.newsarc");
  an_bundle* bundle = NULL;
  an_writer* writer = NULL;
  an_writer_options options;

  /* One byte per cluster: every record closes its cluster. */
  CHECK_OK(write_small(path, 3, 1, 0));
  CHECK_OK(an_open(path, NULL, &bundle));
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_CLUSTER_COUNT) == 3);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_CONTENT_COUNT) == 1); /* the same image, once */
  an_bundle_close(bundle);
  bundle = NULL;
  CHECK_OK(write_small(path, 3, 0, 0)); /* the default gathers all three */
  CHECK_OK(an_open(path, NULL, &bundle));
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_CLUSTER_COUNT) == 1);
  an_bundle_close(bundle);
  bundle = NULL;
  memset(&options, 0, sizeof options);
  options.flags = AN_WRITE_OVERWRITE;
  options.cluster_size = (8u << 20) + 1; /* past the largest cluster a writer may close */
  CHECK(an_writer_create(path, &options, &writer) == AN_ERR_INVALID_ARGUMENT);
  CHECK(writer == NULL);

  /* A headline past the index's 1024 bytes: the entry has it cut, the article whole. */
  CHECK_OK(write_small(path, 2, 0, 3000));
  CHECK_OK(an_open(path, NULL, &bundle));
  if (bundle) {
    an_entry* entry = NULL;
    an_article* article = NULL;
    size_t len = 0, size = 0;
    an_limits limits;
    unsigned char buffer[64];
    CHECK_OK(an_entry_get(bundle, 0, &entry));
    CHECK(an_entry_number_of(entry, AN_ENTRY_HEADLINE_CUT) == 1);
    CHECK(an_entry_text(entry, AN_FIELD_HEADLINE, 0, &len) != NULL && len > 0 && len <= 1024);
    an_entry_free(entry);
    CHECK_OK(an_entry_get(bundle, 1, &entry));
    CHECK(an_entry_number_of(entry, AN_ENTRY_HEADLINE_CUT) == 0);
    an_entry_free(entry);
    CHECK_OK(an_article_get(bundle, 0, &article));
    CHECK(an_article_text(article, AN_FIELD_HEADLINE, 0, &len) != NULL && len == 3000);
    an_article_free(article);
    an_bundle_close(bundle);

    /* max_content_size: an_article_read refuses larger content, size query included; the
     * stream reads it. */
    an_limits_default(&limits);
    limits.max_content_size = 4;
    CHECK_OK(an_open(path, &limits, &bundle));
    CHECK_OK(an_article_get(bundle, 0, &article));
    an_bundle_close(bundle);
    CHECK(an_article_read(article, AN_CONTENT_IMAGE, 0, NULL, 0, &size) == AN_ERR_LIMIT_EXCEEDED);
    CHECK(size == 10 && strstr(an_last_error(), "max_content_size") != NULL);
    CHECK(an_article_read(article, AN_CONTENT_IMAGE, 0, buffer, sizeof buffer, &size) ==
          AN_ERR_LIMIT_EXCEEDED);
    {
      struct sink s;
      memset(&s, 0, sizeof s);
      s.capacity = sizeof buffer;
      s.data = buffer;
      CHECK_OK(an_article_read_stream(article, AN_CONTENT_IMAGE, 0, collect, &s));
      CHECK(s.size == 10 && memcmp(buffer, "GIF89a", 6) == 0);
    }
    an_article_free(article);
  }

  /* A uri added twice is found at finish: it fails naming the uri, and no bundle appears. */
  remove(path);
  memset(&options, 0, sizeof options);
  CHECK_OK(an_writer_create(path, &options, &writer));
  {
    an_article* a = NULL;
    CHECK_OK(an_article_new("urn:capi:twice", &a));
    CHECK_OK(an_article_set_text(a, AN_FIELD_HEADLINE, 0, "Twice"));
    CHECK_OK(an_writer_add_article(writer, a));
    CHECK_OK(an_writer_add_article(writer, a));
    an_article_free(a);
  }
  CHECK(an_writer_finish(writer) == AN_ERR_INVALID_ARGUMENT);
  CHECK(strstr(an_last_error(), "urn:capi:twice") != NULL);
  an_writer_free(writer);
  CHECK(an_open(path, NULL, &bundle) == AN_ERR_IO);
  free(path);
}

/* AN_WRITE_REPRODUCIBLE: the same bytes every time, signatures included, whatever `jobs`. */
static void check_reproducible(const char* work, const char* seed_dir, const char* secret_key) {
  const char* names[2] = {"repro1.newsarc", "repro2.newsarc"};
  unsigned char* bytes[2] = {NULL, NULL};
  size_t sizes[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    char* path = join(work, names[i]);
    an_writer_options options;
    an_writer* writer = NULL;
    memset(&options, 0, sizeof options);
    options.flags = AN_WRITE_OVERWRITE | AN_WRITE_REPRODUCIBLE;
    options.jobs = i == 0 ? 1 : 3;
    CHECK_OK(an_writer_create(path, &options, &writer));
    CHECK_OK(an_writer_add_folder(writer, seed_dir));
    CHECK_OK(an_writer_add_signer(writer, secret_key, NULL, "capi test"));
    CHECK_OK(an_writer_finish(writer));
    an_writer_free(writer);
    bytes[i] = read_file(path, &sizes[i]);
    free(path);
  }
  CHECK(bytes[0] && bytes[1] && sizes[0] == sizes[1] && memcmp(bytes[0], bytes[1], sizes[0]) == 0);
  free(bytes[0]);
  free(bytes[1]);
}

/* Adds an article of one paragraph, with a date and a byline (NULL for none). */
static void add_text_article(an_writer* writer, const char* uri, const char* headline,
                             const char* paragraph, const char* date, const char* byline) {
  an_article* article = NULL;
  CHECK_OK(an_article_new(uri, &article));
  if (!article) return;
  CHECK_OK(an_article_set_text(article, AN_FIELD_HEADLINE, 0, headline));
  CHECK_OK(an_article_set_text(article, AN_FIELD_FIRSTCREATED, 0, date));
  CHECK_OK(an_article_add_block(article, AN_BLOCK_PARAGRAPH, paragraph, 0, 0));
  if (byline) CHECK_OK(an_article_add_byline(article, byline));
  CHECK_OK(an_writer_add_article(writer, article));
  an_article_free(article);
}

/* 1 when `size` bytes at `text` are well-formed UTF-8 (no overlong forms or surrogates), and no
 * sequence is cut at either end. */
static int valid_utf8(const char* text, size_t size) {
  const unsigned char* b = (const unsigned char*)text;
  size_t i = 0;
  while (i < size) {
    unsigned c = b[i];
    size_t n, k;
    unsigned min, cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1, min = 0x80, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2, min = 0x800, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3, min = 0x10000, cp = c & 0x07;
    } else {
      return 0;
    }
    if (i + n >= size) return 0;
    for (k = 1; k <= n; ++k) {
      if ((b[i + k] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (b[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    i += n + 1;
  }
  return 1;
}

/* Hit `hit`'s snippet is valid UTF-8 of at most `max` bytes, its highlights are in order and in
 * range, and there is one, the first being `word` (NULL: neither checked). */
static void check_snippet(const an_search_results* results, size_t hit, size_t max,
                          const char* word) {
  size_t len = 0, start = 0, end = 0, last = 0, i;
  const char* snippet = an_search_hit_text(results, hit, AN_HIT_SNIPPET, 0, &len);
  size_t count = (size_t)an_search_hit_number(results, hit, AN_HIT_HIGHLIGHT_COUNT);
  CHECK(snippet != NULL && len > 0 && len <= max && strlen(snippet) == len);
  if (!snippet) return;
  CHECK(valid_utf8(snippet, len));
  CHECK(word == NULL || count > 0);
  for (i = 0; i < count; ++i) {
    CHECK(an_search_hit_highlight(results, hit, i, &start, &end) == 1);
    CHECK(start >= last && start < end && end <= len);
    CHECK(valid_utf8(snippet + start, end - start)); /* cut at character boundaries */
    last = end;
  }
  CHECK(an_search_hit_highlight(results, hit, count, &start, &end) == 0);
  if (word && count > 0 && an_search_hit_highlight(results, hit, 0, &start, &end)) {
    CHECK(end - start == strlen(word) && memcmp(snippet + start, word, end - start) == 0);
  }
}

/* The ids of the hits of `query`, joined by spaces, into `out`. */
static an_status search_ids(const an_searcher* searcher, const char* query,
                            const an_search_options* options, char* out, size_t size) {
  an_search_results* results = NULL;
  size_t i;
  an_status status = an_search(searcher, query, options, &results);
  out[0] = '\0';
  if (status != AN_OK) return status;
  for (i = 0; i < an_search_results_count(results); ++i) {
    size_t used = strlen(out);
    snprintf(out + used, size - used, "%s%s", i ? " " : "",
             an_search_hit_text(results, i, AN_HIT_ID, 0, NULL));
  }
  an_search_results_free(results);
  return AN_OK;
}

/* Full-text search: a bundle packed with AN_WRITE_SEARCH_INDEX, one without an index, and the
 * same one indexed afterwards by an_index_bundle. */
static void check_search(const char* work, const char* secret_key) {
  char* indexed_path = join(work, "search.newsarc");
  char* plain_path = join(work, "search-plain.newsarc");
  an_writer_options options;
  an_search_options search_options;
  an_writer* writer = NULL;
  an_bundle* indexed = NULL;
  an_bundle* plain = NULL;
  an_bundle* both[2];
  an_searcher* searcher = NULL;
  an_search_results* results = NULL;
  char ids[256];
  size_t ferry = 0, len = 0;
  int has = -1;
  uint32_t state = 0;

  memset(&options, 0, sizeof options);
  options.flags = AN_WRITE_OVERWRITE | AN_WRITE_SEARCH_INDEX;
  CHECK_OK(an_writer_create(indexed_path, &options, &writer));
  if (!writer) return;
  add_text_article(writer, "urn:search:ferry", "부산–제주 여객선 운항 재개",
                   "부산과 제주를 잇는 여객선이 1일 정오부터 운항을 재개했다.", "2024-03-01",
                   "김민지");
  add_text_article(writer, "urn:search:cafe", "Un café crème à Montréal",
                   "Le Café Étoile a rouvert ses portes après l'été.", "2019-06-30", "Zoë Kim");
  add_text_article(writer, "urn:search:harbour", "Harbour at dawn",
                   "Fishing boats leave before sunrise; the cafe opens later.", "2020-02-29", NULL);
  CHECK_OK(an_writer_finish(writer));
  an_writer_free(writer);

  options.flags = AN_WRITE_OVERWRITE;
  CHECK_OK(an_writer_create(plain_path, &options, &writer));
  if (!writer) return;
  add_text_article(writer, "urn:search:plain", "Ferry timetable", "Ferries to Jeju leave at noon.",
                   "2024-03-02", NULL);
  CHECK_OK(an_writer_finish(writer));
  an_writer_free(writer);

  CHECK_OK(an_open(indexed_path, NULL, &indexed));
  CHECK_OK(an_open(plain_path, NULL, &plain));
  if (!indexed || !plain) return;
  CHECK_OK(an_bundle_has_search_index(indexed, &has));
  CHECK(has == 1);
  CHECK_OK(an_bundle_has_search_index(plain, &has));
  CHECK(has == 0);
  CHECK(an_bundle_has_search_index(NULL, &has) == AN_ERR_INVALID_ARGUMENT);
  CHECK_OK(an_find(indexed, "urn:search:ferry", &ferry));

  /* A bundle without an index: AN_ERR_NOT_FOUND naming it, and no handle. */
  both[0] = indexed;
  both[1] = plain;
  CHECK(an_searcher_open((const an_bundle* const*)both, 2, &searcher) == AN_ERR_NOT_FOUND);
  CHECK(searcher == NULL);
  CHECK(strstr(an_last_error(), "search-plain.newsarc") != NULL);
  CHECK(an_searcher_open((const an_bundle* const*)both, 0, &searcher) == AN_ERR_INVALID_ARGUMENT);
  both[1] = NULL;
  CHECK(an_searcher_open((const an_bundle* const*)both, 2, &searcher) == AN_ERR_INVALID_ARGUMENT);

  CHECK_OK(an_searcher_open((const an_bundle* const*)both, 1, &searcher));
  an_bundle_close(indexed); /* the searcher keeps what it needs */
  if (!searcher) return;

  /* A Korean word, found inside longer text, its highlight exactly the word. */
  CHECK_OK(an_search(searcher, "여객선", NULL, &results));
  CHECK(an_search_results_count(results) == 1);
  CHECK(an_search_results_matches(results) == 1);
  CHECK_STR(an_search_hit_text(results, 0, AN_HIT_ID, 0, NULL), "urn:search:ferry");
  CHECK_STR(an_search_hit_text(results, 0, AN_HIT_HEADLINE, 0, NULL), "부산–제주 여객선 운항 재개");
  CHECK_STR(an_search_hit_text(results, 0, AN_HIT_DATE, 0, NULL), "2024-03-01");
  CHECK(an_search_hit_number(results, 0, AN_HIT_BYLINE_COUNT) == 1);
  CHECK_STR(an_search_hit_text(results, 0, AN_HIT_BYLINE, 0, NULL), "김민지");
  CHECK(an_search_hit_text(results, 0, AN_HIT_BYLINE, 1, &len) == NULL && len == 0);
  CHECK(an_search_hit_text(results, 0, AN_HIT_ID, 1, NULL) == NULL);
  CHECK(an_search_hit_number(results, 0, AN_HIT_BUNDLE) == 0);
  CHECK(an_search_hit_number(results, 0, AN_HIT_POSITION) == ferry);
  CHECK(an_search_hit_number(results, 0, AN_HIT_PERCENT) >= 1 &&
        an_search_hit_number(results, 0, AN_HIT_PERCENT) <= 100);
  check_snippet(results, 0, 240, "여객선");
  CHECK(an_search_hit_text(results, 1, AN_HIT_ID, 0, &len) == NULL && len == 0);
  CHECK(an_search_hit_number(results, 1, AN_HIT_PERCENT) == 0);
  an_search_results_free(results);

  /* Accents and case folded both ways, and the word highlighted as the text writes it. */
  CHECK_OK(an_search(searcher, "montreal", NULL, &results));
  CHECK(an_search_results_count(results) == 1);
  CHECK_STR(an_search_hit_text(results, 0, AN_HIT_ID, 0, NULL), "urn:search:cafe");
  CHECK_STR(an_search_hit_text(results, 0, AN_HIT_BYLINE, 0, NULL), "Zoë Kim");
  check_snippet(results, 0, 240, "Montréal");
  an_search_results_free(results);
  /* A word after accented text: the highlight is a byte range of the text as written. */
  CHECK_OK(an_search(searcher, "rouvert", NULL, &results));
  CHECK(an_search_results_count(results) == 1);
  check_snippet(results, 0, 240, "rouvert");
  an_search_results_free(results);
  CHECK_OK(search_ids(searcher, "CAFÉ", NULL, ids, sizeof ids));
  CHECK(strstr(ids, "urn:search:cafe") != NULL && strstr(ids, "urn:search:harbour") != NULL);

  /* Orders, pages, fields and date ranges. */
  an_search_options_default(&search_options);
  CHECK(search_options.limit == 10 && search_options.snippet_bytes == 240);
  search_options.order = AN_ORDER_NEWEST;
  CHECK_OK(search_ids(searcher, "cafe", &search_options, ids, sizeof ids));
  CHECK_STR(ids, "urn:search:harbour urn:search:cafe");
  search_options.order = AN_ORDER_OLDEST;
  CHECK_OK(search_ids(searcher, "cafe", &search_options, ids, sizeof ids));
  CHECK_STR(ids, "urn:search:cafe urn:search:harbour");
  search_options.offset = 1;
  search_options.limit = 1;
  CHECK_OK(search_ids(searcher, "cafe", &search_options, ids, sizeof ids));
  CHECK_STR(ids, "urn:search:harbour");
  search_options.offset = 0;
  search_options.limit = 10;
  search_options.order = AN_ORDER_RELEVANCE;
  CHECK_OK(search_ids(searcher, "headline:cafe", &search_options, ids, sizeof ids));
  CHECK_STR(ids, "urn:search:cafe");
  CHECK_OK(search_ids(searcher, "cafe date:2020..2020", &search_options, ids, sizeof ids));
  CHECK_STR(ids, "urn:search:harbour");
  CHECK_OK(search_ids(searcher, "서울", &search_options, ids, sizeof ids));
  CHECK_STR(ids, "");

  /* No snippet asked for: no text, no highlights. */
  search_options.snippet_bytes = 0;
  CHECK_OK(an_search(searcher, "여객선", &search_options, &results));
  CHECK(an_search_results_count(results) == 1);
  CHECK_STR(an_search_hit_text(results, 0, AN_HIT_SNIPPET, 0, NULL), "");
  CHECK(an_search_hit_number(results, 0, AN_HIT_HIGHLIGHT_COUNT) == 0);
  an_search_results_free(results);
  /* A short snippet is cut at a character boundary. */
  search_options.snippet_bytes = 20;
  CHECK_OK(an_search(searcher, "재개했다", &search_options, &results));
  CHECK(an_search_results_count(results) == 1);
  if (an_search_results_count(results) == 1) {
    size_t cut = 0;
    const char* snippet = an_search_hit_text(results, 0, AN_HIT_SNIPPET, 0, &cut);
    CHECK(snippet != NULL && cut <= 20 && valid_utf8(snippet, cut));
  }
  an_search_results_free(results);

  /* Bad queries and options. */
  results = NULL;
  CHECK(an_search(searcher, "cafe AND (", NULL, &results) == AN_ERR_INVALID_ARGUMENT);
  CHECK(results == NULL && strstr(an_last_error(), "query") != NULL);
  CHECK(an_search(searcher, "date:2019-13..2020", NULL, &results) == AN_ERR_INVALID_ARGUMENT);
  an_search_options_default(&search_options);
  search_options.order = 7;
  CHECK(an_search(searcher, "cafe", &search_options, &results) == AN_ERR_INVALID_ARGUMENT);
  an_search_options_default(&search_options);
  search_options.reserved[0] = 1;
  CHECK(an_search(searcher, "cafe", &search_options, &results) == AN_ERR_INVALID_ARGUMENT);
  CHECK(an_search(NULL, "cafe", NULL, &results) == AN_ERR_INVALID_ARGUMENT);
  CHECK(an_search(searcher, NULL, NULL, &results) == AN_ERR_INVALID_ARGUMENT);
  CHECK(results == NULL);
  an_searcher_free(searcher);
  searcher = NULL;

  /* A byte of the index damaged (in a copy in memory): the index no longer matches the digest
   * its seal holds, and the searcher refuses it. The index is a Xapian glass database, stored
   * raw, which begins with its magic. */
  {
    static const char kMagic[] = "Xapian Glass";
    size_t size = 0, at;
    unsigned char* bytes = read_file(indexed_path, &size);
    an_bundle* damaged = NULL;
    const an_bundle* one[1];
    CHECK(bytes != NULL);
    for (at = 0;
         bytes && at + sizeof kMagic <= size && memcmp(bytes + at, kMagic, sizeof kMagic - 1) != 0;
         ++at) {
    }
    CHECK(bytes && at + sizeof kMagic + 64 <= size);
    if (bytes && at + sizeof kMagic + 64 <= size) {
      CHECK_OK(an_open_memory(bytes, size, "intact", NULL, &damaged));
      one[0] = damaged;
      CHECK_OK(an_searcher_open(one, 1, &searcher)); /* a copy of the index, in memory */
      an_searcher_free(searcher);
      searcher = NULL;
      an_bundle_close(damaged);
      bytes[at + sizeof kMagic + 32] ^= 0x20;
      CHECK_OK(an_open_memory(bytes, size, "damaged", NULL, &damaged));
      one[0] = damaged;
      CHECK(an_searcher_open(one, 1, &searcher) == AN_ERR_CORRUPTION && searcher == NULL);
      CHECK(strstr(an_last_error(), "damaged") != NULL);
      an_bundle_close(damaged);
    }
    free(bytes);
  }

  /* The bundle without an index gets one as a new state, signed; then it is searched with the
   * first, hits telling the bundles apart. */
  an_bundle_close(plain);
  CHECK(an_index_bundle(plain_path, "not a key", NULL, NULL, &state) == AN_ERR_INVALID_ARGUMENT);
  CHECK_OK(an_index_bundle(plain_path, secret_key, NULL, "capi test", &state));
  CHECK(state == 1);
  CHECK(an_index_bundle(NULL, NULL, NULL, NULL, NULL) == AN_ERR_INVALID_ARGUMENT);
  CHECK_OK(an_open(plain_path, NULL, &plain));
  CHECK_OK(an_open(indexed_path, NULL, &indexed));
  if (plain && indexed) {
    CHECK_OK(an_bundle_has_search_index(plain, &has));
    CHECK(has == 1);
    CHECK(an_bundle_number_of(plain, AN_BUNDLE_SIGNATURE_COUNT) == 1);
    both[0] = indexed;
    both[1] = plain;
    CHECK_OK(an_searcher_open((const an_bundle* const*)both, 2, &searcher));
    CHECK_OK(an_search(searcher, "ferry OR 여객선", NULL, &results));
    CHECK(an_search_results_count(results) == 2);
    CHECK(an_search_results_matches(results) == 2);
    {
      size_t i, seen_plain = 0, seen_ferry = 0;
      for (i = 0; i < an_search_results_count(results); ++i) {
        const char* id = an_search_hit_text(results, i, AN_HIT_ID, 0, NULL);
        uint64_t which = an_search_hit_number(results, i, AN_HIT_BUNDLE);
        if (id && strcmp(id, "urn:search:plain") == 0 && which == 1) ++seen_plain;
        if (id && strcmp(id, "urn:search:ferry") == 0 && which == 0) ++seen_ferry;
      }
      CHECK(seen_plain == 1 && seen_ferry == 1);
    }
    an_search_results_free(results);
    an_searcher_free(searcher);
  }
  an_bundle_close(plain);
  an_bundle_close(indexed);
  free(indexed_path);
  free(plain_path);
}

static int run_full(const char* samples, const char* work) {
  char *public_key = NULL, *secret_key = NULL, *other_public = NULL, *other_secret = NULL;
  char* bundle_path = join(work, "capi.newsarc");
  char* seed_dir = join(samples, "seed-article");
  an_writer_options options;
  an_writer* writer = NULL;
  an_article* built = NULL;
  an_bundle* bundle = NULL;
  size_t image = 9, index = 0;
  static const unsigned char pixel[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2};

  CHECK_OK(an_keypair_generate(NULL, &public_key, &secret_key));
  CHECK_OK(an_keypair_generate(NULL, &other_public, &other_secret));
  CHECK(public_key && strstr(public_key, "untrusted comment:") == public_key);

  memset(&options, 0, sizeof options);
  options.title = "C API test";
  options.created = "2026-11-28T12:00:00Z";
  options.flags = AN_WRITE_OVERWRITE;
  CHECK_OK(an_writer_create(bundle_path, &options, &writer));
  CHECK_OK(an_writer_add_folder(writer, seed_dir));
  CHECK(an_writer_add_folder(writer, "/nonexistent-folder") != AN_OK);

  /* An article built field by field, with Hangul, an image and every block kind. */
  CHECK_OK(an_article_new("urn:capi:built", &built));
  CHECK_OK(an_article_set_text(built, AN_FIELD_HEADLINE, 0, "부산–제주 여객선"));
  CHECK_OK(an_article_set_text(built, AN_FIELD_LANGUAGE, 0, "ko"));
  CHECK_OK(an_article_set_text(built, AN_FIELD_FIRSTCREATED, 0, "2024-03-01T09:00:00+09:00"));
  CHECK_OK(an_article_set_text(built, AN_FIELD_SUBHEADLINE, 0, "first"));
  CHECK_OK(an_article_set_text(built, AN_FIELD_SUBHEADLINE, 1, "second"));
  CHECK(an_article_set_text(built, AN_FIELD_SUBHEADLINE, 5, "gap") == AN_ERR_NOT_FOUND);
  CHECK_OK(an_article_add_byline(built, "김민지"));
  CHECK_OK(an_article_set_text(built, AN_FIELD_BYLINE_ROLE, 0, "reporter"));
  CHECK(an_article_set_text(built, AN_FIELD_BYLINE_ROLE, 1, "x") == AN_ERR_NOT_FOUND);
  CHECK_OK(an_writer_add_content(writer, built, AN_CONTENT_IMAGE, "pixel.png", "image/png", pixel,
                                 sizeof pixel, &image));
  CHECK(image == 0);
  CHECK_OK(an_article_set_text(built, AN_FIELD_IMAGE_CAPTION, 0, "A pixel"));
  CHECK_OK(an_article_set_image_size(built, 0, 1, 1));
  CHECK_OK(an_article_add_block(built, AN_BLOCK_HEADING, "Heading", 2, 0));
  CHECK_OK(an_article_add_block(built, AN_BLOCK_PARAGRAPH, "Text\xc2\xa0with NBSP", 0, 0));
  CHECK_OK(an_article_add_block(built, AN_BLOCK_QUOTE, "Quoted", 0, 0));
  CHECK_OK(an_article_set_text(built, AN_FIELD_BLOCK_ATTRIBUTION, 2, "Someone"));
  CHECK(an_article_set_text(built, AN_FIELD_BLOCK_ATTRIBUTION, 0, "x") == AN_ERR_INVALID_ARGUMENT);
  CHECK_OK(an_article_add_block(built, AN_BLOCK_IMAGE, NULL, 0, 0));
  CHECK(an_article_add_block(built, AN_BLOCK_HEADING, "Bad", 9, 0) == AN_ERR_INVALID_ARGUMENT);
  CHECK_OK(an_article_add_extra(built, "k", "v"));
  CHECK_OK(an_writer_add_article(writer, built));
  an_article_free(built);

  /* An invalid article is refused with a message naming the problem. */
  CHECK_OK(an_article_new("urn:capi:invalid", &built));
  CHECK_OK(an_article_add_block(built, AN_BLOCK_IMAGE, NULL, 0, 7));
  CHECK(an_writer_add_article(writer, built) == AN_ERR_INVALID_ARGUMENT);
  an_article_free(built);

  CHECK(an_writer_add_signer(writer, "not a key", NULL, NULL) == AN_ERR_INVALID_ARGUMENT);
  CHECK_OK(an_writer_add_signer(writer, secret_key, NULL, "capi test"));
  CHECK_OK(an_writer_finish(writer));
  CHECK(an_writer_finish(writer) == AN_ERR_INVALID_ARGUMENT);
  an_writer_free(writer);

  /* An existing file is refused without AN_WRITE_OVERWRITE. */
  options.flags = 0;
  writer = NULL;
  CHECK(an_writer_create(bundle_path, &options, &writer) == AN_ERR_IO);
  CHECK(writer == NULL);

  /* Read back from the path. */
  CHECK_OK(an_open(bundle_path, NULL, &bundle));
  if (!bundle) return 1;
  CHECK(an_article_count(bundle) == 2);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_ARTICLE_COUNT) == 2);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_FORMAT_MAJOR) == 2);
  /* The seed's two images and two attachments, and the pixel; both records in one cluster. */
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_CONTENT_COUNT) == 5);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_CLUSTER_COUNT) == 1);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_RAW_BYTES) > 0);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_STORED_BYTES) > 0);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_FILE_SIZE) > 0);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_SIGNATURE_COUNT) == 1);
  CHECK_STR(an_bundle_text(bundle, AN_BUNDLE_TITLE, 0, NULL), "C API test");
  CHECK_STR(an_bundle_text(bundle, AN_BUNDLE_CREATED, 0, NULL), "2026-11-28T12:00:00Z");
  CHECK(an_bundle_text(bundle, AN_BUNDLE_DESCRIPTION, 0, NULL) == NULL);
  CHECK(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_TRUSTED_COMMENT, 0, NULL) != NULL);
  CHECK(strstr(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_TRUSTED_COMMENT, 0, NULL), "capi test") !=
        NULL);
  check_seed_article(bundle, samples);
  check_verify(bundle, public_key, 1);
  check_verify(bundle, other_public, 0);

  CHECK_OK(an_find(bundle, "urn:capi:built", &index));
  CHECK_OK(an_article_get(bundle, index, &built));
  an_bundle_close(bundle); /* the article keeps what it needs */
  CHECK_STR(an_article_text(built, AN_FIELD_HEADLINE, 0, NULL), "부산–제주 여객선");
  CHECK_STR(an_article_text(built, AN_FIELD_SUBHEADLINE, 1, NULL), "second");
  CHECK_STR(an_article_text(built, AN_FIELD_BYLINE_ROLE, 0, NULL), "reporter");
  CHECK(an_article_text(built, AN_FIELD_BYLINE_EMAIL, 0, NULL) == NULL);
  CHECK_STR(an_article_text(built, AN_FIELD_IMAGE_CAPTION, 0, NULL), "A pixel");
  CHECK(an_article_number(built, AN_NUMBER_IMAGE_WIDTH, 0) == 1);
  CHECK(an_article_block_kind(built, 0) == AN_BLOCK_HEADING);
  CHECK(an_article_number(built, AN_NUMBER_BLOCK_LEVEL, 0) == 2);
  CHECK_STR(an_article_text(built, AN_FIELD_BLOCK_TEXT, 1, NULL), "Text\xc2\xa0with NBSP");
  CHECK_STR(an_article_text(built, AN_FIELD_BLOCK_ATTRIBUTION, 2, NULL), "Someone");
  CHECK(an_article_block_kind(built, 3) == AN_BLOCK_IMAGE);
  CHECK_STR(an_article_text(built, AN_FIELD_EXTRA_VALUE, 0, NULL), "v");
  CHECK(an_article_set_text(built, AN_FIELD_HEADLINE, 0, "x") == AN_ERR_INVALID_ARGUMENT);
  {
    unsigned char buffer[sizeof pixel];
    size_t size = 0;
    CHECK_OK(an_article_read(built, AN_CONTENT_IMAGE, 0, buffer, sizeof buffer, &size));
    CHECK(size == sizeof pixel && memcmp(buffer, pixel, size) == 0);
  }
  an_article_free(built);

  /* From memory; then a byte of the seed's first image damaged fails verification, of the whole
   * bundle and of the seed article alone, but not of the other article proved alone. */
  {
    size_t size = 0, image_size = 0, at;
    unsigned char* bytes = read_file(bundle_path, &size);
    char* image_path = join(seed_dir, "alliance1.jpg");
    unsigned char* image_bytes = read_file(image_path, &image_size);
    an_report* report = NULL;
    CHECK(bytes != NULL && image_bytes != NULL && image_size > 64);
    CHECK_OK(an_open_memory(bytes, size, "in memory", NULL, &bundle));
    CHECK_STR(an_bundle_text(bundle, AN_BUNDLE_NAME, 0, NULL), "in memory");
    check_seed_article(bundle, samples);
    an_bundle_close(bundle);

    /* A JPEG is stored as it is (zstd would not shrink it): its extent is its bytes. */
    for (at = 0; at + 64 <= size && memcmp(bytes + at, image_bytes, 64) != 0; ++at) {
    }
    CHECK(at + 64 <= size);
    if (at + 64 <= size) bytes[at + 32] ^= 0x40;
    free(image_bytes);
    free(image_path);
    CHECK_OK(an_open_memory(bytes, size, "damaged", NULL, &bundle));
    CHECK_OK(an_verify(bundle, NULL, 0, 0, &report));
    CHECK(an_report_ok(report) == 0);
    an_report_free(report);
    {
      const char* seed[1];
      const char* other[1];
      seed[0] = kSeedId;
      other[0] = "urn:capi:built";
      CHECK_OK(an_verify_articles(bundle, NULL, 0, seed, 1, &report));
      CHECK(an_report_ok(report) == 0);
      an_report_free(report);
      CHECK_OK(an_verify_articles(bundle, NULL, 0, other, 1, &report));
      CHECK(an_report_ok(report) == 1);
      an_report_free(report);
    }
    /* The quick check reads the tail alone, whose digests the damage does not reach. */
    CHECK_OK(an_verify(bundle, NULL, 0, AN_VERIFY_QUICK, &report));
    CHECK(an_report_ok(report) == 1);
    an_report_free(report);
    an_bundle_close(bundle);

    /* A truncated copy does not open. */
    CHECK(an_open_memory(bytes, size / 2, "truncated", NULL, &bundle) == AN_ERR_CORRUPTION);
    free(bytes);
  }

  check_reproducible(work, seed_dir, secret_key);
  check_format2_writing(work);
  check_search(work, secret_key);
  an_free(public_key);
  an_free(secret_key);
  an_free(other_public);
  an_free(other_secret);
  free(bundle_path);
  free(seed_dir);
  return 0;
}

static int run_reader(const char* bundle_path, const char* samples) {
  an_bundle* bundle = NULL;
  an_writer* writer = NULL;
  an_article* article = NULL;
  char *pub = NULL, *sec = NULL;
  CHECK(an_writer_create("/tmp/never.newsarc", NULL, &writer) == AN_ERR_UNSUPPORTED);
  CHECK(an_article_new("urn:x", &article) == AN_ERR_UNSUPPORTED);
  CHECK(an_keypair_generate(NULL, &pub, &sec) == AN_ERR_UNSUPPORTED);
  CHECK(an_index_bundle(bundle_path, NULL, NULL, NULL, NULL) == AN_ERR_UNSUPPORTED);
  CHECK_OK(an_open(bundle_path, NULL, &bundle));
  if (!bundle) return 1;
  {
    an_searcher* searcher = NULL;
    an_search_results* results = NULL;
    const an_bundle* bundles[1];
    int has = -1;
    bundles[0] = bundle;
    CHECK_OK(an_bundle_has_search_index(bundle, &has));
    CHECK(has == 0);
    CHECK(an_searcher_open(bundles, 1, &searcher) == AN_ERR_UNSUPPORTED && searcher == NULL);
    CHECK(an_search(searcher, "x", NULL, &results) == AN_ERR_UNSUPPORTED && results == NULL);
    CHECK(an_search_results_count(results) == 0);
    an_searcher_free(searcher);
    an_search_results_free(results);
  }
  check_seed_article(bundle, samples);
  {
    an_report* report = NULL;
    CHECK_OK(an_verify(bundle, NULL, 0, 0, &report));
    CHECK(an_report_ok(report));
    an_report_free(report);
    CHECK_OK(an_verify_articles(bundle, NULL, 0, &kSeedId, 1, &report));
    CHECK(an_report_ok(report));
    an_report_free(report);
  }
  an_bundle_close(bundle);
  return 0;
}

/* The headline of article `id` in `bundle`, through its entry, into `out`; "" when missing. */
static void entry_headline(const an_bundle* bundle, const char* id, char* out, size_t size,
                           uint64_t* version, uint64_t* state) {
  size_t index = 0;
  an_entry* entry = NULL;
  out[0] = '\0';
  if (an_find(bundle, id, &index) != AN_OK || an_entry_get(bundle, index, &entry) != AN_OK) return;
  snprintf(out, size, "%s", an_entry_text(entry, AN_FIELD_HEADLINE, 0, NULL));
  *version = an_entry_number_of(entry, AN_ENTRY_VERSION);
  *state = an_entry_number_of(entry, AN_ENTRY_STATE);
  an_entry_free(entry);
}

static int run_history(const char* path) {
  an_bundle* bundle = NULL;
  an_bundle* first = NULL;
  an_bundle* middle = NULL;
  an_bundle* none = NULL;
  an_history* history = NULL;
  char headline[64];
  uint64_t version = 0, state = 0;
  size_t i, len = 0;
  CHECK_OK(an_open(path, NULL, &bundle));
  if (!bundle) return 1;
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_STATE) == 2);
  CHECK(an_article_count(bundle) == 2);

  CHECK_OK(an_history_get(bundle, &history));
  CHECK(an_history_count(history) == 3);
  for (i = 0; i < an_history_count(history); ++i) {
    const char* digest = an_history_text(history, i, AN_STATE_SEAL_DIGEST, &len);
    CHECK(an_history_number(history, i, AN_STATE_SEQUENCE) == i);
    CHECK(digest != NULL && len == 64 && strspn(digest, "0123456789abcdef") == 64);
    CHECK(an_history_text(history, i, AN_STATE_CREATED, NULL) != NULL);
    CHECK(an_history_number(history, i, AN_STATE_SIGNATURE_COUNT) == 0);
    if (i > 0) {
      CHECK(an_history_number(history, i, AN_STATE_FILE_SIZE) >
            an_history_number(history, i - 1, AN_STATE_FILE_SIZE));
    }
  }
  CHECK(an_history_number(history, 0, AN_STATE_ARTICLE_COUNT) == 1);
  CHECK(an_history_number(history, 1, AN_STATE_ARTICLE_COUNT) == 2);
  CHECK(an_history_number(history, 2, AN_STATE_ARTICLE_COUNT) == 2);
  CHECK(an_history_number(history, 2, AN_STATE_FILE_SIZE) ==
        an_bundle_number_of(bundle, AN_BUNDLE_FILE_SIZE));
  CHECK(an_history_text(history, 3, AN_STATE_CREATED, &len) == NULL && len == 0);
  CHECK(an_history_number(history, 3, AN_STATE_SEQUENCE) == 0);
  CHECK(an_history_text(history, 0, AN_STATE_FILE_SIZE, NULL) == NULL);

  /* The newest version, and the earlier ones through the states that wrote them. */
  entry_headline(bundle, "urn:h:a", headline, sizeof headline, &version, &state);
  CHECK(strcmp(headline, "A3") == 0 && version == 3 && state == 2);
  entry_headline(bundle, "urn:h:b", headline, sizeof headline, &version, &state);
  CHECK(strcmp(headline, "B1") == 0 && version == 1 && state == 1);

  CHECK_OK(an_bundle_open_state(bundle, 1, &middle));
  CHECK_OK(an_bundle_open_state(bundle, 0, &first));
  CHECK(an_bundle_open_state(bundle, 3, &none) == AN_ERR_NOT_FOUND && none == NULL);
  CHECK(an_bundle_open_state(NULL, 0, &none) == AN_ERR_INVALID_ARGUMENT);
  /* A state outlives the handle it was opened from. */
  an_bundle_close(bundle);
  if (middle) {
    CHECK(an_bundle_number_of(middle, AN_BUNDLE_STATE) == 1);
    CHECK(an_bundle_number_of(middle, AN_BUNDLE_FILE_SIZE) ==
          an_history_number(history, 1, AN_STATE_FILE_SIZE));
    entry_headline(middle, "urn:h:a", headline, sizeof headline, &version, &state);
    CHECK(strcmp(headline, "A2") == 0 && version == 2 && state == 1);
  }
  if (first) {
    an_article* article = NULL;
    size_t index = 0, size = 0;
    CHECK(an_bundle_number_of(first, AN_BUNDLE_STATE) == 0);
    CHECK(an_article_count(first) == 1);
    CHECK(an_find(first, "urn:h:b", &index) == AN_ERR_NOT_FOUND);
    CHECK_OK(an_find(first, "urn:h:a", &index));
    CHECK_OK(an_article_get(first, index, &article));
    CHECK_STR(an_article_text(article, AN_FIELD_HEADLINE, 0, NULL), "A1");
    /* The image the later versions kept, read through the first state. */
    CHECK(an_article_read(article, AN_CONTENT_IMAGE, 0, NULL, 0, &size) == AN_ERR_BUFFER_TOO_SMALL);
    CHECK(size > 0);
    an_article_free(article);
    entry_headline(first, "urn:h:a", headline, sizeof headline, &version, &state);
    CHECK(version == 1 && state == 0);
  }
  an_bundle_close(middle);
  an_bundle_close(first);
  an_history_free(history);
  return 0;
}

int main(int argc, char** argv) {
  check_null_safety();
  if (argc == 4 && strcmp(argv[1], "full") == 0) {
    run_full(argv[2], argv[3]);
  } else if (argc == 4 && strcmp(argv[1], "reader") == 0) {
    run_reader(argv[2], argv[3]);
  } else if (argc == 3 && strcmp(argv[1], "history") == 0) {
    run_history(argv[2]);
  } else {
    fprintf(stderr,
            "usage: capi_test full SAMPLES_DIR WORK_DIR | reader BUNDLE SAMPLES_DIR | history "
            "BUNDLE\n");
    return 2;
  }
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("capi_test: all checks passed\n");
  return 0;
}
