// Format 2 bundles for tests, made by the assembler (core/write/bundle_assembler.h): tiny
// articles with images (some shared), signed or not, with the inputs kept to compare with.
#ifndef NEWSARC_TESTS_SUPPORT_FORMAT2_BUNDLE_H_
#define NEWSARC_TESTS_SUPPORT_FORMAT2_BUNDLE_H_

#include <archive_news/article.h>
#include <archive_news/secret_key.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "core/write/bundle_assembler.h"

namespace newsarc_test {

using Bytes = std::vector<std::uint8_t>;

struct Format2Bundle {
  Bytes file;
  std::vector<archive_news::Article> articles;  // in the order added
  std::map<archive_news::Digest, Bytes> contents;
};

// Article i of a run: a random id prefix, a headline of seven words, a byline, 0 to 3
// paragraphs.
archive_news::Article tinyArticle(int i, std::mt19937& random);

// `count` tiny articles, every third with an image (five distinct images in all), signed by
// `key` unless null.
Format2Bundle makeFormat2Bundle(int count, const archive_news::KeyPair* key,
                                archive_news::internal::AssemblerOptions options = {});

// Options with clusters of `target` raw bytes, for bundles of several clusters.
archive_news::internal::AssemblerOptions withClusters(std::size_t target);

}  // namespace newsarc_test

#endif  // NEWSARC_TESTS_SUPPORT_FORMAT2_BUNDLE_H_
