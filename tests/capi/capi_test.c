/* The C API, compiled as C99, run by ctest (and again under ASan/UBSan by scripts/sanitize.sh).
 *
 *   capi_test full SAMPLES_DIR WORK_DIR    writes bundles with the C writer, reads them back
 *   capi_test reader BUNDLE SAMPLES_DIR    a reader-only build: reads and verifies BUNDLE (made
 *                                          by a full build from SAMPLES_DIR/seed-article) and
 *                                          checks that writing is refused
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
  CHECK(an_entry_number_of(entry, AN_ENTRY_IMAGE_COUNT) == 2);
  CHECK(an_entry_number_of(entry, AN_ENTRY_ATTACHMENT_COUNT) == 2);
  CHECK(an_entry_number_of(entry, AN_ENTRY_BYLINE_COUNT) == 1);
  an_entry_free(entry);
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

  keys[0] = "not a key";
  CHECK(an_verify(bundle, keys, 1, 0, &report) == AN_ERR_INVALID_ARGUMENT);
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
  an_free(NULL);
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
  CHECK(limits.max_blob_size > 0 && limits.nesting_limit == 64);
  limits.reserved[0] = 1;
  CHECK(an_open_memory("garbage", 7, NULL, &limits, &bundle) == AN_ERR_INVALID_ARGUMENT);
  CHECK_STR(an_status_name(AN_ERR_NOT_FOUND), "not found");
  CHECK_STR(an_status_name((an_status)1234), "unknown");
  CHECK(an_version_number() > 0 && strchr(an_version(), '.') != NULL);
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
  CHECK(an_writer_add_article(writer, built) == AN_ERR_INVALID_ARGUMENT); /* duplicate uri */
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
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_FORMAT_MAJOR) == 1);
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

  /* From memory; then every byte of a copy's blob area damaged in turn fails verification. */
  {
    size_t size = 0;
    unsigned char* bytes = read_file(bundle_path, &size);
    an_report* report = NULL;
    CHECK(bytes != NULL);
    CHECK_OK(an_open_memory(bytes, size, "in memory", NULL, &bundle));
    CHECK_STR(an_bundle_text(bundle, AN_BUNDLE_NAME, 0, NULL), "in memory");
    check_seed_article(bundle, samples);
    an_bundle_close(bundle);

    bytes[200] ^= 0x40; /* inside the first blob */
    CHECK_OK(an_open_memory(bytes, size, "damaged", NULL, &bundle));
    CHECK_OK(an_verify(bundle, NULL, 0, 0, &report));
    CHECK(an_report_ok(report) == 0);
    an_report_free(report);
    an_bundle_close(bundle);

    /* A truncated copy does not open. */
    CHECK(an_open_memory(bytes, size / 2, "truncated", NULL, &bundle) == AN_ERR_CORRUPTION);
    free(bytes);
  }

  check_reproducible(work, seed_dir, secret_key);
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
  CHECK_OK(an_open(bundle_path, NULL, &bundle));
  if (!bundle) return 1;
  check_seed_article(bundle, samples);
  {
    an_report* report = NULL;
    CHECK_OK(an_verify(bundle, NULL, 0, 0, &report));
    CHECK(an_report_ok(report));
    an_report_free(report);
  }
  an_bundle_close(bundle);
  return 0;
}

int main(int argc, char** argv) {
  check_null_safety();
  if (argc == 4 && strcmp(argv[1], "full") == 0) {
    run_full(argv[2], argv[3]);
  } else if (argc == 4 && strcmp(argv[1], "reader") == 0) {
    run_reader(argv[2], argv[3]);
  } else {
    fprintf(stderr, "usage: capi_test full SAMPLES_DIR WORK_DIR | reader BUNDLE SAMPLES_DIR\n");
    return 2;
  }
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("capi_test: all checks passed\n");
  return 0;
}
