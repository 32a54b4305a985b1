// A bundle of N tiny text-only articles, for the scale check of bench/bench.py (--scale): list,
// find by id and verify at 10,000 and 1,000,000 articles. Written straight through the library,
// so a million articles need no million folders. Reproducible: the same N gives the same bytes.
//
//   build/make_scale_bundle 1000000 /tmp/scale-1m.newsarc
//   prints the id of the middle article (for find-by-id) on stdout.
//   build/make_scale_bundle --format2 1000000 /tmp/scale-1m.f2
//   the same articles in format 2, through its assembler, until the writer writes format 2.
#include <archive_news/writer.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "core/write/bundle_assembler.h"
#include "core/write/file_sink.h"

namespace {

using namespace archive_news;

const char* const kWords[] = {"harbour", "council", "budget", "ferry",  "storm",    "minister",
                              "said",    "on",      "the",    "of",     "reopened", "city",
                              "vote",    "school",  "river",  "bridge", "market",   "winter",
                              "police",  "farmers", "new",    "report", "after",    "plans"};

std::string words(std::mt19937& random, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    out += kWords[random() % std::size(kWords)];
  }
  return out;
}

// "urn:newsarc:scale:0000042": ids sort in the order they are made.
std::string idOf(std::size_t n) {
  char text[48];
  std::snprintf(text, sizeof text, "urn:newsarc:scale:%09zu", n);
  return text;
}

Article tinyArticle(std::size_t n, std::mt19937& random) {
  Article a;
  a.uri = idOf(n);
  a.headline = words(random, 8);
  a.bylines = {{"Reporter " + std::to_string(n % 500), std::nullopt, std::nullopt}};
  char date[32];
  std::snprintf(date, sizeof date, "20%02zu-%02zu-%02zuT%02zu:00:00Z", 10 + n % 15, 1 + n % 12,
                1 + n % 28, n % 24);
  a.firstcreated = date;
  a.language = "en";
  for (int p = 0; p < 3; ++p) a.body.push_back(Paragraph{words(random, 40) + "."});
  return a;
}

void writeFormat1(std::size_t count, const char* path) {
  WriterOptions options;
  options.reproducible = true;
  options.title = "scale check: " + std::to_string(count) + " tiny articles";
  BundleWriter writer = BundleWriter::create(path, options, true);
  std::mt19937 random(42);
  for (std::size_t n = 0; n < count; ++n) writer.addArticle(tinyArticle(n, random));
  writer.finish();
}

void writeFormat2(std::size_t count, const char* path) {
  std::unique_ptr<ByteSink> sink = internal::makeFileSink(path, true);
  internal::BundleAssembler assembler(*sink, {});
  std::mt19937 random(42);
  for (std::size_t n = 0; n < count; ++n) assembler.addArticle(tinyArticle(n, random));
  internal::InfoFields info;
  info.title = "scale check: " + std::to_string(count) + " tiny articles";
  info.creatorTool = "make_scale_bundle";
  assembler.finish({"urn:newsarc:scale:" + std::to_string(count), "1970-01-01T00:00:00Z"}, info, {},
                   0);
  sink->close();
}

}  // namespace

int main(int argc, char** argv) {
  const bool format2 = argc == 4 && std::string(argv[1]) == "--format2";
  if (format2) ++argv, --argc;
  if (argc != 3) {
    std::cerr << "usage: make_scale_bundle [--format2] COUNT OUTPUT\n";
    return 2;
  }
  const std::size_t count = std::strtoull(argv[1], nullptr, 10);
  if (count == 0) {
    std::cerr << "make_scale_bundle: COUNT must be a positive number\n";
    return 2;
  }
  try {
    format2 ? writeFormat2(count, argv[2]) : writeFormat1(count, argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "make_scale_bundle: " << e.what() << "\n";
    return 1;
  }
  std::cout << idOf(count / 2) << "\n";
  return 0;
}
