// A bundle of N tiny text-only articles, for the scale rows of bench/bench.py (--scale, --goals):
// list, find by id and verify at 10,000 to 10,000,000 articles, and the writer's peak memory at
// that scale. Written through the public BundleWriter (what a program using the library runs,
// and what `newsarc pack` runs under its folder reading), so a million articles need no million
// folders. Reproducible: the same N gives the same bytes.
//
//   build/make_scale_bundle 1000000 /tmp/scale-1m.newsarc
//   prints the id of the middle article (for find-by-id) on stdout.
//
// With --append, one append to such a bundle (the append rows of bench.py): COUNT articles
// spread evenly over the bundle's ids, every other one a new version of an article it holds and
// the others new ids between them; prints the seconds the append took and the bytes it wrote.
//
//   build/make_scale_bundle --append 100 1000000 /tmp/copy-of-scale-1m.newsarc [ROUND]
#include <archive_news/writer.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <string_view>

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

// "urn:newsarc:scale:000000042": ids sort in the order they are made.
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

void write(std::size_t count, const char* path) {
  WriterOptions options;
  options.reproducible = true;
  options.title = "scale check: " + std::to_string(count) + " tiny articles";
  options.creatorTool = "make_scale_bundle";
  BundleWriter writer = BundleWriter::create(path, options, /*overwrite=*/true);
  std::mt19937 random(42);
  for (std::size_t n = 0; n < count; ++n) writer.addArticle(tinyArticle(n, random));
  writer.finish();
}

// Article i of `count` spread over `base`: at even i a new version of article i / 2 * step of the
// bundle (while there are that many), else a new id between the bundle's ("...:000000042.R.i").
// ROUND keeps the new ids of successive rounds apart.
void append(std::size_t count, std::size_t base, const char* path, std::size_t round) {
  const auto before = std::filesystem::file_size(path);
  const auto start = std::chrono::steady_clock::now();
  WriterOptions options;
  options.reproducible = true;
  BundleWriter writer = BundleWriter::append(path, options);
  std::mt19937 random(static_cast<std::uint32_t>(7 + round));
  const std::size_t versions = std::min(base, (count + 1) / 2);
  const std::size_t step = std::max<std::size_t>(1, base / std::max<std::size_t>(1, versions));
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t slot = i / 2;
    const bool version = i % 2 == 0 && slot < versions;
    Article a = tinyArticle((slot * step + round) % base, random);
    if (!version) a.uri += "." + std::to_string(round) + "." + std::to_string(i);
    a.headline = "update " + std::to_string(round) + ": " + a.headline;
    writer.addArticle(a);
  }
  writer.finish();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::cout << took.count() << " " << std::filesystem::file_size(path) - before << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && std::string_view(argv[1]) == "--append") {
    try {
      append(std::strtoull(argv[2], nullptr, 10), std::strtoull(argv[3], nullptr, 10), argv[4],
             argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 0);
    } catch (const std::exception& e) {
      std::cerr << "make_scale_bundle: " << e.what() << "\n";
      return 1;
    }
    return 0;
  }
  if (argc != 3) {
    std::cerr << "usage: make_scale_bundle COUNT OUTPUT\n";
    return 2;
  }
  const std::size_t count = std::strtoull(argv[1], nullptr, 10);
  if (count == 0) {
    std::cerr << "make_scale_bundle: COUNT must be a positive number\n";
    return 2;
  }
  try {
    write(count, argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "make_scale_bundle: " << e.what() << "\n";
    return 1;
  }
  std::cout << idOf(count / 2) << "\n";
  return 0;
}
