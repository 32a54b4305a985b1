/* Lists the articles of a bundle and its states (each append adds one), then prints one article
 * in full, with the headline of its previous version when it has one, through the C API.
 *
 *   list_bundle BUNDLE [ARTICLE_ID]
 *
 * Without ARTICLE_ID it prints the first article. Exit status: 0 on success, 1 on an error (the
 * library's message on stderr), 2 for a usage error, 3 when the id is not in the bundle. */
#include <archive_news/archive_news.h>
#include <stdio.h>

static int fail(const char* what, an_status status) {
  fprintf(stderr, "list_bundle: %s: %s: %s\n", what, an_status_name(status), an_last_error());
  return status == AN_ERR_NOT_FOUND ? 3 : 1;
}

/* An optional text field: printed only when the article has it. */
static void print_field(const an_article* article, const char* label, an_field field) {
  const char* text = an_article_text(article, field, 0, NULL);
  if (text) printf("%s: %s\n", label, text);
}

static void print_article(const an_article* a) {
  size_t i, n;
  printf("\n%s\n", an_article_text(a, AN_FIELD_HEADLINE, 0, NULL));
  for (i = 0, n = an_article_list_size(a, AN_LIST_SUBHEADLINES); i < n; ++i) {
    printf("  %s\n", an_article_text(a, AN_FIELD_SUBHEADLINE, i, NULL));
  }
  for (i = 0, n = an_article_list_size(a, AN_LIST_BYLINES); i < n; ++i) {
    const char* email = an_article_text(a, AN_FIELD_BYLINE_EMAIL, i, NULL);
    printf("By %s%s%s%s\n", an_article_text(a, AN_FIELD_BYLINE_NAME, i, NULL), email ? " <" : "",
           email ? email : "", email ? ">" : "");
  }
  print_field(a, "id", AN_FIELD_URI);
  print_field(a, "first created", AN_FIELD_FIRSTCREATED);
  print_field(a, "version created", AN_FIELD_VERSIONCREATED);
  print_field(a, "publisher", AN_FIELD_PUBLISHER);
  print_field(a, "section", AN_FIELD_SECTION);
  printf("\n");
  /* The body in order; image and attachment blocks name the item they place. */
  for (i = 0, n = an_article_list_size(a, AN_LIST_BODY); i < n; ++i) {
    size_t ref = (size_t)an_article_number(a, AN_NUMBER_BLOCK_REF, i);
    const char* caption;
    switch (an_article_block_kind(a, i)) {
      case AN_BLOCK_HEADING:
        printf("## %s\n\n", an_article_text(a, AN_FIELD_BLOCK_TEXT, i, NULL));
        break;
      case AN_BLOCK_QUOTE:
        printf("> %s\n", an_article_text(a, AN_FIELD_BLOCK_TEXT, i, NULL));
        if (an_article_text(a, AN_FIELD_BLOCK_ATTRIBUTION, i, NULL)) {
          printf("> -- %s\n", an_article_text(a, AN_FIELD_BLOCK_ATTRIBUTION, i, NULL));
        }
        printf("\n");
        break;
      case AN_BLOCK_IMAGE:
        caption = an_article_text(a, AN_FIELD_IMAGE_CAPTION, ref, NULL);
        printf("[image %s, %s, %llu bytes%s%s]\n\n",
               an_article_text(a, AN_FIELD_IMAGE_NAME, ref, NULL),
               an_article_text(a, AN_FIELD_IMAGE_MEDIATYPE, ref, NULL),
               (unsigned long long)an_article_number(a, AN_NUMBER_IMAGE_SIZE, ref),
               caption ? ": " : "", caption ? caption : "");
        break;
      case AN_BLOCK_ATTACHMENT:
        printf("[attachment %s]\n\n", an_article_text(a, AN_FIELD_ATTACHMENT_NAME, ref, NULL));
        break;
      default:
        printf("%s\n\n", an_article_text(a, AN_FIELD_BLOCK_TEXT, i, NULL));
        break;
    }
  }
  for (i = 0, n = an_article_list_size(a, AN_LIST_ATTACHMENTS); i < n; ++i) {
    const char* description = an_article_text(a, AN_FIELD_ATTACHMENT_DESCRIPTION, i, NULL);
    printf("attachment %s (%s, %llu bytes)%s%s\n",
           an_article_text(a, AN_FIELD_ATTACHMENT_FILE_NAME, i, NULL),
           an_article_text(a, AN_FIELD_ATTACHMENT_MEDIATYPE, i, NULL),
           (unsigned long long)an_article_number(a, AN_NUMBER_ATTACHMENT_SIZE, i),
           description ? ": " : "", description ? description : "");
  }
}

/* One line of the list: an_entry_list lends the entry for this call only. */
static int print_entry(void* user, size_t index, const an_entry* entry) {
  const char* date = an_entry_text(entry, AN_FIELD_FIRSTCREATED, 0, NULL);
  const char* byline = an_entry_text(entry, AN_FIELD_BYLINE_NAME, 0, NULL);
  (void)user;
  (void)index;
  printf("%s  %s  %s%s%s%s\n", an_entry_text(entry, AN_FIELD_URI, 0, NULL), date ? date : "-",
         an_entry_text(entry, AN_FIELD_HEADLINE, 0, NULL),
         an_entry_number_of(entry, AN_ENTRY_HEADLINE_CUT) ? "..." : "", byline ? "  -- " : "",
         byline ? byline : "");
  return 0; /* go on */
}

/* The states of the bundle, the first (as packed) first. */
static int print_history(const an_bundle* bundle) {
  an_history* history = NULL;
  size_t i, n;
  an_status status = an_history_get(bundle, &history);
  if (status != AN_OK) return fail("history", status);
  for (i = 0, n = an_history_count(history); i < n; ++i) {
    printf("state %llu: created %s, %llu bytes, %llu articles, seal sha256 %s\n",
           (unsigned long long)an_history_number(history, i, AN_STATE_SEQUENCE),
           an_history_text(history, i, AN_STATE_CREATED, NULL),
           (unsigned long long)an_history_number(history, i, AN_STATE_FILE_SIZE),
           (unsigned long long)an_history_number(history, i, AN_STATE_ARTICLE_COUNT),
           an_history_text(history, i, AN_STATE_SEAL_DIGEST, NULL));
  }
  an_history_free(history);
  return 0;
}

/* An article's previous version is the current one of the state before the one that wrote its
 * current version: open that state (no copy: the first bytes of the same file) and find the id. */
static void print_previous_version(const an_bundle* bundle, size_t index) {
  an_entry* entry = NULL;
  an_entry* old = NULL;
  an_bundle* earlier = NULL;
  size_t at = 0;
  uint64_t version, state;
  if (an_entry_get(bundle, index, &entry) != AN_OK) return;
  version = an_entry_number_of(entry, AN_ENTRY_VERSION);
  state = an_entry_number_of(entry, AN_ENTRY_STATE);
  if (version > 1 && state > 0 &&
      an_bundle_open_state(bundle, (uint32_t)(state - 1), &earlier) == AN_OK &&
      an_find(earlier, an_entry_text(entry, AN_FIELD_URI, 0, NULL), &at) == AN_OK &&
      an_entry_get(earlier, at, &old) == AN_OK) {
    printf("version %llu, written by state %llu; version %llu was: %s\n",
           (unsigned long long)version, (unsigned long long)state,
           (unsigned long long)an_entry_number_of(old, AN_ENTRY_VERSION),
           an_entry_text(old, AN_FIELD_HEADLINE, 0, NULL));
  }
  an_entry_free(old);
  an_bundle_close(earlier);
  an_entry_free(entry);
}

int main(int argc, char** argv) {
  an_bundle* bundle = NULL;
  an_article* article = NULL;
  an_status status;
  size_t count, chosen = 0;
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: list_bundle BUNDLE [ARTICLE_ID]\n");
    return 2;
  }
  status = an_open(argv[1], NULL, &bundle);
  if (status != AN_OK) return fail("open", status);

  /* The list comes from the bundle's index alone, each index page read once: no article record
   * is read. */
  count = an_article_count(bundle);
  status = an_entry_list(bundle, 0, print_entry, NULL);
  if (status != AN_OK) {
    an_bundle_close(bundle);
    return fail("list", status);
  }
  printf("%zu articles\n", count);
  if (print_history(bundle) != 0) {
    an_bundle_close(bundle);
    return 1;
  }

  if (argc == 3) {
    status = an_find(bundle, argv[2], &chosen);
    if (status != AN_OK) {
      an_bundle_close(bundle);
      return fail(argv[2], status);
    }
  }
  if (count > 0) {
    print_previous_version(bundle, chosen);
    status = an_article_get(bundle, chosen, &article);
    an_bundle_close(bundle); /* the article stays valid on its own */
    if (status != AN_OK) return fail("article", status);
    print_article(article);
    an_article_free(article);
  } else {
    an_bundle_close(bundle);
  }
  return 0;
}
