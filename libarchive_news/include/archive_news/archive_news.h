/*
 * archive_news.h: the C API of libarchive_news, for C programs and for any language with a C
 * foreign-function interface (Python ctypes, Go cgo, Rust, ...). Plain C99; it includes nothing
 * but <stddef.h>, <stdint.h> and the export macro. docs/LIBRARY.md is the guide; examples/ shows
 * it at work.
 *
 * Conventions
 * - Names: every symbol, type and macro starts with `an_` / `AN_`, in snake_case (C style, unlike
 *   the camelCase of the C++ API this wraps).
 * - Handles are opaque pointers: an_bundle (an open bundle), an_entry (one line of the article
 *   index), an_article (one decoded or hand-built article), an_report (a verification report),
 *   an_writer (a bundle being written), an_searcher (full-text search over bundles) and
 *   an_search_results (one search's hits). Each is created by one function and released by one
 *   function (an_bundle_close, an_entry_free, an_article_free, an_report_free, an_writer_free,
 *   an_searcher_free, an_search_results_free); every release function accepts NULL. The one
 * exception is the entry an_entry_list() lends to its callback for the length of the call.
 * - Errors: every function that can fail returns an an_status, AN_OK (0) on success, and stores
 *   its result through out-parameters only on success. After a failure, an_last_error() gives a
 *   one-line message ("<file>: offset <n>: <reason>") on the calling thread. Functions that cannot
 *   fail (getters) return NULL or 0 for a missing value instead, as each documents.
 * - Memory: strings returned by getters (`const char *`) belong to the handle they came from and
 *   stay valid until that handle is released; they are UTF-8 and NUL-terminated, and when the
 *   text may hold a NUL byte the `len` out-parameter (may be NULL) gives the exact length. The
 *   only memory the caller frees with an_free() is what an_keypair_generate() returns. Caller
 *   buffers passed in are only read during the call, except an_open_memory()'s bytes (see there).
 * - Lifetimes: an an_entry, an_article or an_report keeps what it needs of its bundle alive, so
 *   it stays usable after an_bundle_close().
 * - Threads: an_bundle, an_entry, an_article (as read from a bundle) and an_report are immutable;
 *   any number of threads may use the same handle at once. An an_writer, and an an_article being
 *   built, must be used by one thread at a time. an_last_error() is per thread.
 * - No C++ exception ever leaves a function of this header.
 * - Reader-only builds (ARCHIVE_NEWS_READER_ONLY) keep every function; the writer functions,
 *   an_keypair_generate(), an_searcher_open(), an_search() and an_index_bundle() then return
 *   AN_ERR_UNSUPPORTED (an_bundle_has_search_index() still answers).
 */
#ifndef ARCHIVE_NEWS_ARCHIVE_NEWS_H_
#define ARCHIVE_NEWS_ARCHIVE_NEWS_H_

#include <archive_news/export.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AN_API ARCHIVE_NEWS_EXPORT

/* A C caller may pass any int where an enum is expected. In C++ an enum without a fixed underlying
 * type may not hold values past its enumerators' range (undefined behaviour, which UBSan reports),
 * so the library, compiled as C++, sees each enum as an int: the same size and passing as in C. */
#ifdef __cplusplus
#define AN_ENUM_INT : int
#else
#define AN_ENUM_INT
#endif

/* ---- Status and errors --------------------------------------------------------------------- */

/* Pinned: values never change meaning. 1 to 7 equal the C++ archive_news::ErrorCode values. */
typedef enum an_status AN_ENUM_INT {
  AN_OK = 0,
  AN_ERR_CORRUPTION = 1,       /* the bytes break a rule of the format (spec/FORMAT.md) */
  AN_ERR_BAD_SIGNATURE = 2,    /* a signature, key or password does not verify */
  AN_ERR_UNSUPPORTED = 3,      /* unknown format version, or left out of this build */
  AN_ERR_INVALID_ARGUMENT = 4, /* the caller's input (NULL handle, bad field, invalid article) */
  AN_ERR_IO = 5,               /* the operating system refused a read, write, map or rename */
  AN_ERR_NOT_FOUND = 6,        /* no article with that id, index out of range, missing file */
  AN_ERR_LIMIT_EXCEEDED = 7,   /* the input exceeds an an_limits limit */
  AN_ERR_NO_MEMORY = 8,        /* an allocation failed */
  AN_ERR_BUFFER_TOO_SMALL = 9, /* the caller's buffer is smaller than the content */
  AN_ERR_CALLBACK = 10,        /* the caller's read callback asked to stop */
  AN_ERR_INTERNAL = 11         /* a bug in the library; the message says more */
} an_status;

/* The message of the most recent failed call on this thread, "" when none failed yet. Valid until
 * the next failing call on this thread. Successful calls leave it unchanged. */
AN_API const char* an_last_error(void);

/* A short fixed name for a status ("ok", "corruption", ...); "unknown" for other values. */
AN_API const char* an_status_name(an_status status);

/* The library version as "MAJOR.MINOR.PATCH", and as MAJOR * 10000 + MINOR * 100 + PATCH. */
AN_API const char* an_version(void);
AN_API uint32_t an_version_number(void);

/* Frees memory the library allocated for the caller (an_keypair_generate's strings). NULL is
 * ignored. */
AN_API void an_free(void* memory);

/* ---- Opening a bundle ---------------------------------------------------------------------- */

typedef struct an_bundle an_bundle;

/* Limits against hostile input (the C++ ReaderOptions). Fill with an_limits_default() and lower
 * what needs lowering; `reserved` must stay zero (room for later limits without a new ABI). */
typedef struct an_limits {
  uint64_t max_cluster_size;           /* largest raw cluster of article records; 16 MiB */
  uint64_t max_record_size;            /* largest raw article record; 16 MiB */
  uint64_t max_signature_section_size; /* largest signature section; 1 MiB */
  /* Largest image or attachment an_article_read() reads whole into a buffer; 1 GiB. Content of
   * any size reads through an_article_read_stream(). */
  uint64_t max_content_size;
  uint32_t traversal_factor; /* Cap'n Proto traversal budget, x message size; 8 */
  uint32_t nesting_limit;    /* Cap'n Proto nesting depth; 64 */
  uint32_t max_window_log;   /* largest zstd window, log2 bytes; 27 */
  uint32_t reserved[7];
} an_limits;

/* Fills `limits` with the defaults. */
AN_API void an_limits_default(an_limits* limits);

/* Opens the bundle at `path` (memory-mapped; reads only the header, the footer, the seal, the
 * signature section and the dictionary, so it takes the same time for any size of bundle).
 * `limits` may be NULL for the defaults. Success: AN_OK and *out holds a new handle. Errors:
 * AN_ERR_IO (cannot read), AN_ERR_CORRUPTION (not a well-formed bundle), AN_ERR_UNSUPPORTED
 * (unknown major version), AN_ERR_LIMIT_EXCEEDED, AN_ERR_INVALID_ARGUMENT (NULL path or out,
 * non-zero reserved limits). */
AN_API an_status an_open(const char* path, const an_limits* limits, an_bundle** out);

/* The same over the caller's `size` bytes at `data`, which must stay allocated and unchanged until
 * the bundle and every entry, article and report made from it are released. `name` (may be NULL)
 * stands for the file in messages. Errors as an_open, without AN_ERR_IO. */
AN_API an_status an_open_memory(const void* data, size_t size, const char* name,
                                const an_limits* limits, an_bundle** out);

/* Releases the handle. Entries, articles and reports made from it stay valid. NULL is ignored. */
AN_API void an_bundle_close(an_bundle* bundle);

/* ---- Bundle metadata ----------------------------------------------------------------------- */

typedef enum an_bundle_field AN_ENUM_INT {
  AN_BUNDLE_NAME = 0,         /* the path, or an_open_memory's name */
  AN_BUNDLE_ID = 1,           /* bundleId, e.g. "urn:uuid:..." */
  AN_BUNDLE_TITLE = 2,        /* optional */
  AN_BUNDLE_DESCRIPTION = 3,  /* optional */
  AN_BUNDLE_CREATOR_TOOL = 4, /* e.g. "newsarc 0.1.0" */
  AN_BUNDLE_CREATED = 5,      /* RFC 3339 UTC */
  AN_BUNDLE_DIGEST_ALGORITHM = 6,
  AN_BUNDLE_EXTRA_KEY = 7,   /* indexed, 0 .. AN_BUNDLE_EXTRA_COUNT - 1 */
  AN_BUNDLE_EXTRA_VALUE = 8, /* indexed */
  /* indexed: an Ed25519 signature's key id as minisign prints it; NULL for an X.509 one */
  AN_BUNDLE_SIGNATURE_KEY_ID = 9,
  AN_BUNDLE_SIGNATURE_TRUSTED_COMMENT = 10, /* indexed: the signed comment; "" for X.509 */
  /* indexed: the subject (RFC 2253) of the certificate an X.509 signature (spec/FORMAT.md 7.3.1)
   * carries, as the record claims it, unchecked (an_verify checks it); NULL for an Ed25519 one */
  AN_BUNDLE_SIGNATURE_SUBJECT = 11
} an_bundle_field;

/* A text field of the bundle. `index` selects the item of indexed fields and must be 0 otherwise.
 * Success: the text (len set when not NULL). Miss: NULL (an absent optional, an index out of
 * range, an unknown field, a NULL bundle); *len is then 0. */
AN_API const char* an_bundle_text(const an_bundle* bundle, an_bundle_field field, size_t index,
                                  size_t* len);

typedef enum an_bundle_number AN_ENUM_INT {
  AN_BUNDLE_FORMAT_MAJOR = 0,
  AN_BUNDLE_FORMAT_MINOR = 1,
  AN_BUNDLE_ARTICLE_COUNT = 2,
  AN_BUNDLE_CONTENT_COUNT = 3, /* distinct images and attachments */
  AN_BUNDLE_RAW_BYTES = 4,     /* raw bytes of every extent but the pages */
  AN_BUNDLE_STORED_BYTES = 5,  /* stored bytes of the same */
  AN_BUNDLE_FILE_SIZE = 6,
  AN_BUNDLE_EXTRA_COUNT = 7,
  AN_BUNDLE_SIGNATURE_COUNT = 8,
  AN_BUNDLE_CLUSTER_COUNT = 9, /* clusters of article records */
  /* This state's sequence (spec/FORMAT.md section 15): 0 for a bundle never appended to, n after
   * n appends; the bundle has states 0 .. AN_BUNDLE_STATE. The counts of contents and clusters and
   * the byte counts above are this state's own: what its append added. */
  AN_BUNDLE_STATE = 10
} an_bundle_number;

/* A number of the bundle; 0 for an unknown field or a NULL bundle. */
AN_API uint64_t an_bundle_number_of(const an_bundle* bundle, an_bundle_number field);

/* ---- Articles: listing and finding --------------------------------------------------------- */

/* The number of articles. Articles are numbered 0 .. count - 1 in ascending id order. 0 for NULL.
 */
AN_API size_t an_article_count(const an_bundle* bundle);

/* The index of the article whose id is `id`: one descent of the bundle's index, a few pages.
 * Success: AN_OK and *index set. Miss: AN_ERR_NOT_FOUND. Errors: AN_ERR_CORRUPTION (a damaged
 * index page), AN_ERR_INVALID_ARGUMENT for NULL arguments. */
AN_API an_status an_find(const an_bundle* bundle, const char* id, size_t* index);

/* ---- Entries: an article as the bundle's index lists it, without reading its record --------- */

typedef struct an_entry an_entry;

/* The index entry of article `index`: one descent of the index (its depth + 1 pages, each up to
 * 64 KiB to decompress and check). To list many articles use an_entry_list(), which reads each
 * page once. Success: AN_OK and *out a new handle. Miss: AN_ERR_NOT_FOUND for an index out of
 * range. Errors: AN_ERR_CORRUPTION, AN_ERR_LIMIT_EXCEEDED, AN_ERR_INVALID_ARGUMENT. */
AN_API an_status an_entry_get(const an_bundle* bundle, size_t index, an_entry** out);
AN_API void an_entry_free(an_entry* entry);

/* Called by an_entry_list() with each article's position and entry. `entry` is lent for the call
 * only: it and its strings are gone when the callback returns, and an_entry_free() must not be
 * called on it. Return 0 to go on, anything else to stop. */
typedef int (*an_entry_fn)(void* user, size_t index, const an_entry* entry);

/* Calls `callback` with the entries of articles `first`, first + 1, ... in id order until the
 * last article or until the callback returns non-zero: listing or paging through any number of
 * articles, holding one index page a level. `first` equal to the article count calls nothing.
 * Success: AN_OK, also when the callback stopped. Miss: AN_ERR_NOT_FOUND for `first` past the
 * count. Errors: AN_ERR_CORRUPTION or AN_ERR_LIMIT_EXCEEDED for a damaged index page, reported
 * when reached, after the entries before it were given; AN_ERR_INVALID_ARGUMENT. */
AN_API an_status an_entry_list(const an_bundle* bundle, size_t first, an_entry_fn callback,
                               void* user);

/* ---- Articles: every field ----------------------------------------------------------------- */

/* Text fields of an article. "Indexed" fields take an item index (of a list, a byline, a body
 * block, an image, an attachment or an extra pair); the others take 0. */
typedef enum an_field AN_ENUM_INT {
  AN_FIELD_URI = 0, /* the article id */
  AN_FIELD_URL = 1,
  AN_FIELD_HEADLINE = 2,
  AN_FIELD_SECTION = 3,
  AN_FIELD_PUBLISHER = 4,
  AN_FIELD_FIRSTCREATED = 5,   /* as the source wrote it: RFC 3339 date-time or date */
  AN_FIELD_VERSIONCREATED = 6, /* likewise */
  AN_FIELD_LANGUAGE = 7,
  AN_FIELD_LOCATED = 8,
  AN_FIELD_COPYRIGHTNOTICE = 9,
  AN_FIELD_USAGETERMS = 10,
  AN_FIELD_PUBSTATUS = 11,   /* "usable", "withheld" or "canceled"; absent when not stated */
  AN_FIELD_SUBHEADLINE = 20, /* indexed, AN_LIST_SUBHEADLINES */
  AN_FIELD_KEYWORD = 21,     /* indexed, AN_LIST_KEYWORDS */
  AN_FIELD_BYLINE_NAME = 30, /* indexed, AN_LIST_BYLINES */
  AN_FIELD_BYLINE_EMAIL = 31,
  AN_FIELD_BYLINE_ROLE = 32,
  AN_FIELD_BLOCK_TEXT = 40,        /* indexed, AN_LIST_BODY: paragraph, heading or quote text */
  AN_FIELD_BLOCK_ATTRIBUTION = 41, /* indexed: a quote's attribution */
  AN_FIELD_IMAGE_NAME = 50,        /* indexed, AN_LIST_IMAGES */
  AN_FIELD_IMAGE_FILE_NAME = 51,
  AN_FIELD_IMAGE_MEDIATYPE = 52,
  AN_FIELD_IMAGE_CAPTION = 53,
  AN_FIELD_IMAGE_CREDIT = 54,
  AN_FIELD_IMAGE_BYLINE = 55,
  AN_FIELD_IMAGE_ALT = 56,
  AN_FIELD_ATTACHMENT_NAME = 60, /* indexed, AN_LIST_ATTACHMENTS */
  AN_FIELD_ATTACHMENT_FILE_NAME = 61,
  AN_FIELD_ATTACHMENT_MEDIATYPE = 62,
  AN_FIELD_ATTACHMENT_DESCRIPTION = 63,
  AN_FIELD_EXTRA_KEY = 70, /* indexed, AN_LIST_EXTRA */
  AN_FIELD_EXTRA_VALUE = 71
} an_field;

typedef enum an_list AN_ENUM_INT {
  AN_LIST_SUBHEADLINES = 0,
  AN_LIST_KEYWORDS = 1,
  AN_LIST_BYLINES = 2,
  AN_LIST_BODY = 3,
  AN_LIST_IMAGES = 4,
  AN_LIST_ATTACHMENTS = 5,
  AN_LIST_EXTRA = 6
} an_list;

typedef enum an_block_kind AN_ENUM_INT {
  AN_BLOCK_NONE = 0, /* returned for an index out of range */
  AN_BLOCK_PARAGRAPH = 1,
  AN_BLOCK_HEADING = 2,
  AN_BLOCK_QUOTE = 3,
  AN_BLOCK_IMAGE = 4,     /* places image number AN_NUMBER_BLOCK_REF */
  AN_BLOCK_ATTACHMENT = 5 /* places attachment number AN_NUMBER_BLOCK_REF */
} an_block_kind;

typedef enum an_number AN_ENUM_INT {
  AN_NUMBER_BLOCK_LEVEL = 0,  /* indexed by body block: a heading's level, 1 to 6 */
  AN_NUMBER_BLOCK_REF = 1,    /* indexed by body block: the image or attachment it places */
  AN_NUMBER_IMAGE_WIDTH = 2,  /* indexed by image: pixels as the source stated, 0 if not */
  AN_NUMBER_IMAGE_HEIGHT = 3, /* likewise */
  AN_NUMBER_IMAGE_SIZE = 4,   /* indexed by image: bytes of its content */
  AN_NUMBER_ATTACHMENT_SIZE = 5
} an_number;

typedef struct an_article an_article;

/* Reads and decodes article `index` (see an_find). Success: AN_OK and *out a new handle. Miss:
 * AN_ERR_NOT_FOUND for an index out of range. Errors: AN_ERR_CORRUPTION, AN_ERR_LIMIT_EXCEEDED,
 * AN_ERR_INVALID_ARGUMENT. */
AN_API an_status an_article_get(const an_bundle* bundle, size_t index, an_article** out);

/* Releases an article (read or built). NULL is ignored. */
AN_API void an_article_free(an_article* article);

/* A text field; see an_field. Success: the text (with *len). Miss: NULL and *len 0, for an absent
 * optional field, an index out of range, a field the item does not have (the text of an image
 * block) or an unknown field. An empty string means present and empty. */
AN_API const char* an_article_text(const an_article* article, an_field field, size_t index,
                                   size_t* len);

/* The length of a list; 0 for an unknown list or NULL. */
AN_API size_t an_article_list_size(const an_article* article, an_list list);

/* The kind of body block `index`; AN_BLOCK_NONE when out of range or NULL. */
AN_API an_block_kind an_article_block_kind(const an_article* article, size_t index);

/* A number field; see an_number. 0 when out of range, unknown, or not applicable. */
AN_API uint64_t an_article_number(const an_article* article, an_number field, size_t index);

/* The same for an index entry: AN_FIELD_URI, AN_FIELD_HEADLINE, AN_FIELD_FIRSTCREATED,
 * AN_FIELD_VERSIONCREATED, AN_FIELD_PUBSTATUS and AN_FIELD_BYLINE_NAME (indexed) are available;
 * other fields miss.
 * The index keeps a headline of at most 1024 bytes (AN_ENTRY_HEADLINE_CUT says when it was cut)
 * and at most 16 byline names of at most 256 bytes each, cut at a character boundary; the
 * article (an_article_get) has them whole. */
AN_API const char* an_entry_text(const an_entry* entry, an_field field, size_t index, size_t* len);

typedef enum an_entry_number AN_ENUM_INT {
  AN_ENTRY_BYLINE_COUNT = 0, /* bylines the index keeps, at most 16 */
  AN_ENTRY_IMAGE_COUNT = 1,
  AN_ENTRY_ATTACHMENT_COUNT = 2,
  AN_ENTRY_CONTENT_SIZE = 3, /* raw bytes of the record, images and attachments */
  AN_ENTRY_HEADLINE_CUT = 4, /* 1 when the entry's headline is shorter than the article's */
  AN_ENTRY_VERSION = 5,      /* records this id has had up to this state: 1 for the first */
  AN_ENTRY_STATE = 6         /* the state that wrote this version (an_bundle_open_state) */
} an_entry_number;

/* A number of an index entry; 0 for an unknown field or NULL. */
AN_API uint64_t an_entry_number_of(const an_entry* entry, an_entry_number field);

/* ---- History: the states of an appended bundle -------------------------------------------- */

/* An append adds a state after the last one, changing no byte before it: state k is the file's
 * first bytes as that append left them, a whole bundle of its own with its own signatures. An
 * article's earlier version v (< AN_ENTRY_VERSION) is the current one of the state before the one
 * that wrote version v + 1: open AN_ENTRY_STATE - 1 and find the id there, until the version
 * matches. */

/* The bundle as state `sequence` (0 .. AN_BUNDLE_STATE) left it, over the first bytes of
 * `bundle`'s file or memory: no copy is made. The new handle keeps what it needs of `bundle`
 * alive, so either may be closed first (an_open_memory's bytes must still outlive both).
 * Success: AN_OK and *out a new handle. Miss: AN_ERR_NOT_FOUND for a state the bundle does not
 * have. Errors: AN_ERR_CORRUPTION (a link between two states that does not hold, a damaged
 * earlier tail), AN_ERR_LIMIT_EXCEEDED, AN_ERR_INVALID_ARGUMENT (NULL arguments). */
AN_API an_status an_bundle_open_state(const an_bundle* bundle, uint32_t sequence, an_bundle** out);

typedef struct an_history an_history;

/* Every state of the bundle up to its own, the first (0) first: reads each state's tail and
 * signature section, nothing else. Success: AN_OK and *out a new handle. Errors:
 * AN_ERR_CORRUPTION (a link between two states that does not hold), AN_ERR_LIMIT_EXCEEDED,
 * AN_ERR_INVALID_ARGUMENT (NULL arguments). */
AN_API an_status an_history_get(const an_bundle* bundle, an_history** out);
AN_API void an_history_free(an_history* history);

/* The number of states (AN_BUNDLE_STATE + 1); 0 for NULL. State i of the history has sequence i. */
AN_API size_t an_history_count(const an_history* history);

typedef enum an_state_field AN_ENUM_INT {
  AN_STATE_CREATED = 0,        /* RFC 3339 UTC, from its seal */
  AN_STATE_SEAL_DIGEST = 1,    /* SHA-256 of its seal's bytes, 64 lower-case hex digits */
  AN_STATE_SEQUENCE = 2,       /* a number */
  AN_STATE_FILE_SIZE = 3,      /* a number: the bytes of the file that are this state */
  AN_STATE_ARTICLE_COUNT = 4,  /* a number */
  AN_STATE_SIGNATURE_COUNT = 5 /* a number: the signatures of this state's seal (not checked) */
} an_state_field;

/* A text field of state `index`; NULL for an index out of range, a number field or NULL. */
AN_API const char* an_history_text(const an_history* history, size_t index, an_state_field field,
                                   size_t* len);

/* A number field of state `index`; 0 for an index out of range, a text field or NULL. */
AN_API uint64_t an_history_number(const an_history* history, size_t index, an_state_field field);

/* ---- Images and attachments: the bytes ----------------------------------------------------- */

typedef enum an_content_kind AN_ENUM_INT {
  AN_CONTENT_IMAGE = 0,
  AN_CONTENT_ATTACHMENT = 1
} an_content_kind;

/* Copies the bytes of image or attachment `index` of an article read from a bundle into `buffer`
 * (`capacity` bytes), decompressed and checked against their SHA-256 digest. *size (required)
 * receives the content's size whenever the item exists, so a call with a NULL buffer and
 * capacity 0 asks for the size (it returns AN_ERR_BUFFER_TOO_SMALL, or AN_OK for empty content).
 * Success: AN_OK. Miss: AN_ERR_NOT_FOUND (no such image or attachment). Errors:
 * AN_ERR_LIMIT_EXCEEDED (larger than an_limits.max_content_size, checked before the capacity, so
 * a size query answers it too; nothing copied),
 * AN_ERR_BUFFER_TOO_SMALL (nothing copied), AN_ERR_CORRUPTION (the stored bytes do not decode to
 * the recorded size and digest; the buffer then holds unchecked bytes), AN_ERR_INVALID_ARGUMENT (a
 * NULL argument, an article not read from a bundle). */
AN_API an_status an_article_read(const an_article* article, an_content_kind kind, size_t index,
                                 void* buffer, size_t capacity, size_t* size);

/* Called with consecutive pieces of content (at most a few hundred KiB each). Return 0 to go on,
 * anything else to stop. */
typedef int (*an_read_fn)(void* user, const void* data, size_t size);

/* The same through a callback, for content of any size with bounded memory. The digest is checked
 * after the last piece: until the call returns AN_OK the bytes are unchecked, so a callback that
 * must not act on bad bytes keeps them aside until then. Success: AN_OK. Miss: AN_ERR_NOT_FOUND.
 * Errors: AN_ERR_CALLBACK (the callback returned non-zero), AN_ERR_CORRUPTION,
 * AN_ERR_INVALID_ARGUMENT. */
AN_API an_status an_article_read_stream(const an_article* article, an_content_kind kind,
                                        size_t index, an_read_fn callback, void* user);

/* ---- Verification -------------------------------------------------------------------------- */

typedef struct an_report an_report;

/* an_verify flags. */
/* The tail only, in constant time: header, footer, seal and signatures. The signatures then vouch
 * for the digests the seal holds, which are not checked against the data region (pages,
 * clusters, content extents); each later read of content still checks its own digest. */
#define AN_VERIFY_QUICK 1u

/* Runs every check of spec/FORMAT.md "Verification" on the bundle: the tail, the signatures, and
 * a walk of the whole data region (extent-table and index pages, clusters, records, content
 * extents, coverage, counts). `trusted_keys` is an array of `key_count` minisign public keys,
 * each the text of a .pub file or its base64 line; each must have made a valid signature (check
 * "trusted-key"). A defect of the bundle is a failed check, not an error. Success: AN_OK and
 * *out a new report (see an_report_ok). Errors: AN_ERR_INVALID_ARGUMENT (a NULL argument, a key
 * that is not a minisign public key; the message names it), AN_ERR_IO. */
AN_API an_status an_verify(const an_bundle* bundle, const char* const* trusted_keys,
                           size_t key_count, unsigned flags, an_report** out);

/* Proves the articles whose ids are `ids` (`id_count` of them, at least one) alone: the tail and
 * the signatures as an_verify() checks them, then for each id its path of index pages from the
 * seal down to its entry, its cluster and record, and its images and attachments, in time
 * independent of the bundle's size; the rest of the bundle is not read. Each id gets a check
 * "article", failed for an id the bundle does not hold. `trusted_keys` as for an_verify().
 * Success: AN_OK and *out a new report. Errors: AN_ERR_INVALID_ARGUMENT (a NULL argument or id,
 * no ids, a key that is not a minisign public key), AN_ERR_IO. */
AN_API an_status an_verify_articles(const an_bundle* bundle, const char* const* trusted_keys,
                                    size_t key_count, const char* const* ids, size_t id_count,
                                    an_report** out);

AN_API void an_report_free(an_report* report);

/* 1 when every check passed, else 0 (also for NULL). */
AN_API int an_report_ok(const an_report* report);

/* The number of checks; 0 for NULL. The names are spec/FORMAT.md's (section 11): header, footer,
 * seal-digest, seal, signature-section, signature, trusted-key, keyring, extent-table-page,
 * extent-digest, index-page, cluster, record, content-digest, coverage, counts, article. */
AN_API size_t an_report_check_count(const an_report* report);

typedef enum an_check_field AN_ENUM_INT {
  AN_CHECK_NAME = 0,  /* "header", "seal", "signature", "trusted-key", "cluster", "article", ... */
  AN_CHECK_ITEM = 1,  /* what it concerns: "cluster at 4096", "signature 0 (key ...)" */
  AN_CHECK_DETAIL = 2 /* what was found and, on failure, what was expected */
} an_check_field;

/* A text of check `index`; NULL when out of range or unknown. */
AN_API const char* an_report_check_text(const an_report* report, size_t index, an_check_field field,
                                        size_t* len);

/* 1 when check `index` passed, 0 when it failed or is out of range. */
AN_API int an_report_check_passed(const an_report* report, size_t index);

/* The file offset check `index` concerns. Success: 1 and *offset set. Miss: 0 when the check
 * concerns no single place or is out of range. */
AN_API int an_report_check_offset(const an_report* report, size_t index, uint64_t* offset);

/* ---- Keys ---------------------------------------------------------------------------------- */

/* A new Ed25519 key pair in minisign's formats: *public_key the text of a .pub file, *secret_key
 * the text of a secret key file, encrypted with `password` (scrypt; slow on purpose) or, with a
 * NULL password, unencrypted. Free both with an_free(). Success: AN_OK. Errors:
 * AN_ERR_INVALID_ARGUMENT, AN_ERR_NO_MEMORY, AN_ERR_UNSUPPORTED in reader-only builds. */
AN_API an_status an_keypair_generate(const char* password, char** public_key, char** secret_key);

/* ---- Writing a bundle ---------------------------------------------------------------------- */

typedef struct an_writer an_writer;

/* Writer options; zero-initialise (`an_writer_options o = {0};`), then set what you need. NULL
 * strings and zero numbers take the defaults. `reserved` must stay zero. */
typedef struct an_writer_options {
  const char* bundle_id;    /* default: a random "urn:uuid:" */
  const char* title;        /* default: none */
  const char* description;  /* default: none */
  const char* created;      /* RFC 3339 UTC date-time; default: now */
  const char* creator_tool; /* default: "newsarc <version>" */
  int compression_level;    /* zstd level 1 to 19 for content, clusters and pages; 0 means 3 */
  unsigned flags;           /* AN_WRITE_* */
  uint32_t jobs;            /* threads that hash and compress content and clusters; 0: per core */
  /* Raw bytes of article records gathered into one cluster before it is compressed, 1 byte to
   * 8 MiB; 0 means 256 KiB. Larger clusters compress better; smaller ones read faster, since a
   * reader decompresses a whole cluster to read one article. */
  uint32_t cluster_size;
  uint32_t reserved[4];
} an_writer_options;

#define AN_WRITE_OVERWRITE 1u     /* replace an existing file at the path */
#define AN_WRITE_NO_DICTIONARY 2u /* do not train a zstd dictionary for the clusters */
/* The same input gives the same bytes: `created` defaults to 1970-01-01T00:00:00Z and
 * `bundle_id` to one derived from the content (WriterOptions::reproducible in writer.h). */
#define AN_WRITE_REPRODUCIBLE 4u
/* Store a full-text index of the articles in the bundle (newsarc pack --index; spec/FORMAT.md
 * 5.10), for an_searcher_open(). The articles are indexed while they are added, on a thread of
 * its own, in a temporary database in $TMPDIR. */
#define AN_WRITE_SEARCH_INDEX 8u

/* Starts a bundle at `path`, written to a temporary file beside it and renamed into place by
 * an_writer_finish(), so no partial bundle ever appears at `path`. `options` may be NULL.
 * Success: AN_OK and *out a new writer. Errors: AN_ERR_IO (an existing file without
 * AN_WRITE_OVERWRITE, a folder that cannot be written), AN_ERR_INVALID_ARGUMENT. */
AN_API an_status an_writer_create(const char* path, const an_writer_options* options,
                                  an_writer** out);

/* Releases a writer; an unfinished bundle is abandoned and its temporary file removed. */
AN_API void an_writer_free(an_writer* writer);

/* Packs an article folder (article.json and the files it names; spec/ARTICLE-JSON.md). Success:
 * AN_OK. Errors: AN_ERR_INVALID_ARGUMENT (invalid article.json), AN_ERR_NOT_FOUND (no
 * article.json, or a file it names is missing), AN_ERR_IO. A uri already added is found by
 * an_writer_finish(). */
AN_API an_status an_writer_add_folder(an_writer* writer, const char* dir);

/* A new empty article with this uri, for an_writer_add_article(). Fill it with
 * an_article_set_text(), an_article_add_*() and an_writer_add_content(). Success: AN_OK and *out
 * a new handle. Errors: AN_ERR_INVALID_ARGUMENT, AN_ERR_UNSUPPORTED in reader-only builds. */
AN_API an_status an_article_new(const char* uri, an_article** out);

/* Sets a text field of an article being built. Plain fields (AN_FIELD_URI .. PUBSTATUS) take
 * index 0; `value` NULL removes an optional field. AN_FIELD_SUBHEADLINE and AN_FIELD_KEYWORD
 * replace item `index`, or append when `index` equals the list's size. Item fields (byline, block,
 * image, attachment, extra) set the field of an existing item. Success: AN_OK. Errors:
 * AN_ERR_NOT_FOUND (no such item), AN_ERR_INVALID_ARGUMENT (a field the item does not have, NULL
 * for a required field, an article read from a bundle). Text is checked when the article is
 * added, not here. */
AN_API an_status an_article_set_text(an_article* article, an_field field, size_t index,
                                     const char* value);

/* Appends a byline. Success: AN_OK (set email and role with an_article_set_text). Errors:
 * AN_ERR_INVALID_ARGUMENT. */
AN_API an_status an_article_add_byline(an_article* article, const char* name);

/* Appends a body block: paragraph, heading (with `level` 1 to 6) or quote with `text`; or an image
 * or attachment block placing item `ref`. Arguments a kind does not use are ignored. Success:
 * AN_OK. Errors: AN_ERR_INVALID_ARGUMENT. */
AN_API an_status an_article_add_block(an_article* article, an_block_kind kind, const char* text,
                                      unsigned level, uint32_t ref);

/* Appends an extra key/value pair (keys unique). Success: AN_OK. Errors: AN_ERR_INVALID_ARGUMENT.
 */
AN_API an_status an_article_add_extra(an_article* article, const char* key, const char* value);

/* Sets the stated pixel size of image `index`. Success: AN_OK. Miss: AN_ERR_NOT_FOUND. */
AN_API an_status an_article_set_image_size(an_article* article, size_t index, uint32_t width,
                                           uint32_t height);

/* Stores `size` bytes as the content of a new image or attachment of `article` named `name`
 * (unique within the article; also its file name on extract) of media type `mediatype`, and
 * returns its index through `index` (may be NULL). The same bytes are stored once per bundle.
 * Success: AN_OK. Errors: AN_ERR_INVALID_ARGUMENT, AN_ERR_IO. */
AN_API an_status an_writer_add_content(an_writer* writer, an_article* article, an_content_kind kind,
                                       const char* name, const char* mediatype, const void* data,
                                       size_t size, size_t* index);

/* Adds a built article; its content must come from this writer. Success: AN_OK. Errors:
 * AN_ERR_INVALID_ARGUMENT (an invalid article; the message names the field). A uri already added
 * is found by an_writer_finish(), which then fails. */
AN_API an_status an_writer_add_article(an_writer* writer, const an_article* article);

/* Signs the bundle at finish with a minisign secret key given as the text of its file, decrypted
 * with `password` when it is encrypted (NULL otherwise). `signer` (may be NULL) goes into the
 * trusted comment. Success: AN_OK. Errors: AN_ERR_BAD_SIGNATURE (wrong password),
 * AN_ERR_INVALID_ARGUMENT (not a minisign secret key, or encrypted and no password). */
AN_API an_status an_writer_add_signer(an_writer* writer, const char* secret_key,
                                      const char* password, const char* signer);

/* Writes the last cluster, the information extent, the extent-table and index pages, the seal,
 * the signatures of the seal and the footer, and renames the file into place. The writer is
 * spent afterwards either way; release it with an_writer_free(). Success: AN_OK. Errors:
 * AN_ERR_IO, AN_ERR_INVALID_ARGUMENT (two articles with the same uri, named in the message;
 * called twice); no file then appears at the path. */
AN_API an_status an_writer_finish(an_writer* writer);

/* ---- Full-text search ---------------------------------------------------------------------- */

/* Bundles packed with AN_WRITE_SEARCH_INDEX (newsarc pack --index) or indexed afterwards
 * (an_index_bundle, newsarc index) carry a full-text index. Queries are in Xapian's query
 * language (docs/SEARCH.md): words, "phrases", AND/OR/NOT, -word, word*, field prefixes
 * (headline:, subheadline:, body:, byline:, caption:, keyword:, id:) and date ranges
 * (date:2019-06-01..2019-06-30, date:2019..2020). Case and accents are folded; Korean, Japanese
 * and Chinese words are found without a dictionary. */

typedef struct an_searcher an_searcher;
typedef struct an_search_results an_search_results;

/* Whether the bundle's current state, or an earlier one, holds a search index. Success: AN_OK and
 * *has 1 or 0. Errors: AN_ERR_CORRUPTION (an earlier state that does not link),
 * AN_ERR_INVALID_ARGUMENT (NULL arguments). Available in reader-only builds. */
AN_API an_status an_bundle_has_search_index(const an_bundle* bundle, int* has);

/* A searcher over `count` (at least one) bundles, ranking the hits of all together. Each bundle's
 * index is checked against the digest its seal holds before it is read; a remote or in-memory
 * bundle's index is copied whole. The searcher keeps what it needs of the bundles alive, so they
 * may be closed first. Success: AN_OK and *out a new handle. Miss: AN_ERR_NOT_FOUND (a bundle
 * without a search index; the message names it). Errors: AN_ERR_CORRUPTION (an index that does
 * not match its digest or cannot be read), AN_ERR_UNSUPPORTED (an index of an unknown engine; a
 * reader-only build), AN_ERR_IO, AN_ERR_INVALID_ARGUMENT (NULL arguments, no bundles). */
AN_API an_status an_searcher_open(const an_bundle* const* bundles, size_t count, an_searcher** out);

/* Releases a searcher. Results made from it stay valid. NULL is ignored. */
AN_API void an_searcher_free(an_searcher* searcher);

typedef enum an_search_order AN_ENUM_INT {
  AN_ORDER_RELEVANCE = 0, /* best first */
  AN_ORDER_NEWEST = 1,    /* by date (firstcreated, else versioncreated), newest first */
  AN_ORDER_OLDEST = 2
} an_search_order;

/* Search options. Fill with an_search_options_default() and change what you need (0 is a
 * meaningful limit and snippet size); `reserved` must stay zero. */
typedef struct an_search_options {
  size_t offset;          /* hits to skip, for pages of results; 0 */
  size_t limit;           /* hits to return at most; 10 */
  uint32_t order;         /* an an_search_order; AN_ORDER_RELEVANCE */
  uint32_t snippet_bytes; /* longest snippet in bytes; 240. 0: no snippet, no record read */
  uint32_t reserved[6];
} an_search_options;

/* Fills `options` with the defaults. */
AN_API void an_search_options_default(an_search_options* options);

/* Runs `query` (UTF-8, NUL-terminated). `options` may be NULL for the defaults. Searches on one
 * searcher from several threads run one at a time. Success: AN_OK and *out a new handle, also
 * when nothing matches. Errors: AN_ERR_INVALID_ARGUMENT (a query that does not parse, with the
 * reason; NULL arguments; an unknown order; non-zero reserved fields), AN_ERR_CORRUPTION (a
 * damaged index or article), AN_ERR_UNSUPPORTED in reader-only builds. */
AN_API an_status an_search(const an_searcher* searcher, const char* query,
                           const an_search_options* options, an_search_results** out);

/* Releases results. NULL is ignored. */
AN_API void an_search_results_free(an_search_results* results);

/* The number of hits returned (at most the limit); 0 for NULL. Hits are numbered 0 .. count - 1
 * in the order asked for. */
AN_API size_t an_search_results_count(const an_search_results* results);

/* Articles that match in all, across the bundles: estimated, exact when few; 0 for NULL. */
AN_API uint64_t an_search_results_matches(const an_search_results* results);

typedef enum an_hit_field AN_ENUM_INT {
  AN_HIT_ID = 0,       /* the article's uri */
  AN_HIT_HEADLINE = 1, /* whole when a snippet was asked for, else as the index entry keeps it */
  AN_HIT_DATE = 2,     /* firstcreated, else versioncreated, as written; absent when neither is */
  /* A piece of the article's text around the best matches, its bytes as stored, cut at character
   * boundaries; at most snippet_bytes long; "" when no snippet was asked for. */
  AN_HIT_SNIPPET = 3,
  AN_HIT_BYLINE = 4 /* indexed, 0 .. AN_HIT_BYLINE_COUNT - 1: the byline names of the entry */
} an_hit_field;

/* A text of hit `hit`; `index` selects the byline of AN_HIT_BYLINE and must be 0 otherwise.
 * Success: the text (len set when not NULL). Miss: NULL and *len 0 (an absent date, a hit or
 * index out of range, an unknown field, NULL). */
AN_API const char* an_search_hit_text(const an_search_results* results, size_t hit,
                                      an_hit_field field, size_t index, size_t* len);

typedef enum an_hit_number AN_ENUM_INT {
  AN_HIT_BUNDLE = 0,          /* which bundle: its place in an_searcher_open's array */
  AN_HIT_POSITION = 1,        /* the article's index in that bundle (an_article_get) */
  AN_HIT_PERCENT = 2,         /* relevance against the best hit, 1 to 100 */
  AN_HIT_BYLINE_COUNT = 3,    /* byline names, for AN_HIT_BYLINE */
  AN_HIT_HIGHLIGHT_COUNT = 4, /* ranges of the snippet that match, for an_search_hit_highlight */
  AN_HIT_CUT_BEFORE = 5,      /* 1 when text of the article precedes the snippet */
  AN_HIT_CUT_AFTER = 6        /* 1 when text of the article follows the snippet */
} an_hit_number;

/* A number of hit `hit`; 0 for a hit out of range, an unknown field or NULL. */
AN_API uint64_t an_search_hit_number(const an_search_results* results, size_t hit,
                                     an_hit_number field);

/* Highlight `index` of hit `hit`: the byte range [*start, *end) of its snippet that matches the
 * query. Ranges are in order and do not overlap. Success: 1 and both set. Miss: 0 (out of range,
 * NULL). */
AN_API int an_search_hit_highlight(const an_search_results* results, size_t hit, size_t index,
                                   size_t* start, size_t* end);

/* newsarc index: appends to the bundle at `path` a state that changes no article and holds an
 * index of every article of its current state, signed with `secret_key` (the text of a minisign
 * secret key file, decrypted with `password` when encrypted; NULL for no signature) and `signer`
 * (may be NULL) as an_writer_add_signer() takes them. *state (may be NULL) receives the new
 * state's sequence. Success: AN_OK. Errors: AN_ERR_IO, AN_ERR_CORRUPTION, AN_ERR_BAD_SIGNATURE,
 * AN_ERR_INVALID_ARGUMENT, AN_ERR_UNSUPPORTED in reader-only builds. */
AN_API an_status an_index_bundle(const char* path, const char* secret_key, const char* password,
                                 const char* signer, uint32_t* state);

#ifdef __cplusplus
}
#endif

#endif /* ARCHIVE_NEWS_ARCHIVE_NEWS_H_ */
