// Symbol visibility: the library is built with hidden visibility, and only what is marked
// ARCHIVE_NEWS_EXPORT is part of its ABI.
#ifndef ARCHIVE_NEWS_EXPORT_H_
#define ARCHIVE_NEWS_EXPORT_H_

#if defined(ARCHIVE_NEWS_STATIC)
#define ARCHIVE_NEWS_EXPORT
#elif defined(_WIN32)
#if defined(ARCHIVE_NEWS_BUILDING)
#define ARCHIVE_NEWS_EXPORT __declspec(dllexport)
#else
#define ARCHIVE_NEWS_EXPORT __declspec(dllimport)
#endif
#else
#define ARCHIVE_NEWS_EXPORT __attribute__((visibility("default")))
#endif

#endif  // ARCHIVE_NEWS_EXPORT_H_
