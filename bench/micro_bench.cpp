// In-process microbenchmarks of the hot paths: open, find by id, read one article (its index
// pages and its cluster), read one image (a content extent), SHA-256, compressing a cluster of
// article records with and without a dictionary trained on records (as the writer does), and the
// external sort of the writer's records and index entries.
// Run: build/micro_bench (Google Benchmark flags apply, e.g. --benchmark_repetitions=5).
#include <archive_news/reader.h>
#include <archive_news/writer.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <random>

#include "core/common/sha256.h"
#include "core/write/compression.h"
#include "core/write/external_sort.h"

namespace {

using namespace archive_news;
using Bytes = std::vector<std::uint8_t>;

class MemorySink : public ByteSink {
 public:
  explicit MemorySink(Bytes& out) : out_(out) {}
  void write(std::span<const std::uint8_t> bytes) override {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
  }
  void close() override {}

 private:
  Bytes& out_;
};

std::string sentence(std::mt19937& random) {
  static const char* kWords[] = {"harbour", "council", "budget", "ferry", "storm",    "minister",
                                 "said",    "on",      "the",    "of",    "reopened", "city"};
  std::string out;
  for (int i = 0; i < 14; ++i) out += std::string(kWords[random() % 12]) + " ";
  return out + "today.";
}

// A bundle of `count` text articles with one 200 KB image each, built once per size.
const Bytes& bundleOf(int count) {
  static std::map<int, Bytes> cache;
  Bytes& bytes = cache[count];
  if (!bytes.empty()) return bytes;
  std::mt19937 random(42);
  BundleWriter writer(std::make_unique<MemorySink>(bytes), WriterOptions{});
  Bytes image(200000);
  for (int i = 0; i < count; ++i) {
    Article a;
    a.uri = "urn:bench:" + std::to_string(i);
    a.headline = sentence(random);
    a.bylines = {{"Reporter " + std::to_string(i % 50), std::nullopt, std::nullopt}};
    for (int p = 0; p < 12; ++p) a.body.push_back(Paragraph{sentence(random) + sentence(random)});
    if (i % 100 == 0) {
      for (auto& b : image) b = static_cast<std::uint8_t>(random());
      image[0] = 0xff, image[1] = 0xd8, image[2] = 0xff;
      a.images = {{"photo",
                   "photo.jpg",
                   "image/jpeg",
                   {},
                   {},
                   {},
                   {},
                   0,
                   0,
                   writer.addContent(image, "image/jpeg")}};
      a.body.push_back(ImageBlock{0});
    }
    writer.addArticle(a);
  }
  writer.finish();
  return bytes;
}

void BM_Open(benchmark::State& state) {
  const Bytes& bytes = bundleOf(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(Bundle::fromMemory(bytes, "bench").articleCount());
}
BENCHMARK(BM_Open)->Arg(100)->Arg(10000);

void BM_FindById(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  Bundle bundle = Bundle::fromMemory(bundleOf(count), "bench");
  int i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(bundle.find("urn:bench:" + std::to_string(i++ % count)));
  }
}
BENCHMARK(BM_FindById)->Arg(100)->Arg(10000);

void BM_ReadArticle(benchmark::State& state) {
  Bundle bundle = Bundle::fromMemory(bundleOf(10000), "bench");
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(bundle.article(i++ % 10000).headline.size());
}
BENCHMARK(BM_ReadArticle);

void BM_ReadContent(benchmark::State& state) {
  Bundle bundle = Bundle::fromMemory(bundleOf(100), "bench");
  ContentRef image = bundle.article(std::size_t{0}).images.at(0).content;
  for (auto _ : state) benchmark::DoNotOptimize(bundle.read(image).size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * image.size));
}
BENCHMARK(BM_ReadContent);

void BM_Sha256(benchmark::State& state) {
  Bytes data(static_cast<std::size_t>(state.range(0)), 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(internal::sha256(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Sha256)->Arg(4096)->Arg(1 << 20);

// One cluster of article records (about 1.8 KB of text each) compressed at the writer's level,
// with and without a dictionary trained on other records as the writer trains it (sample bytes /
// 32, 4 to 64 KiB): a small cluster gains most from the dictionary, a large one finds its own
// repeats. Cluster sizes 16 KiB and 256 KiB (the writer's default, WriterOptions::clusterSize).
void BM_CompressCluster(benchmark::State& state) {
  const std::size_t clusterBytes = static_cast<std::size_t>(state.range(0)) << 10;
  std::mt19937 random(7);
  const auto record = [&] {
    std::string text;
    for (int p = 0; p < 20; ++p) text += sentence(random);
    return Bytes(text.begin(), text.end());
  };
  std::vector<Bytes> samples;
  std::size_t sampleBytes = 0;
  while (sampleBytes < (1u << 20)) {
    samples.push_back(record());
    sampleBytes += samples.back().size();
  }
  std::vector<Bytes> clusters(8);
  for (Bytes& cluster : clusters) {
    while (cluster.size() < clusterBytes) {
      const Bytes r = record();
      cluster.insert(cluster.end(), r.begin(), r.end());
    }
  }
  internal::Compressor compressor(3);
  std::unique_ptr<internal::CompressionDictionary> dictionary;
  if (state.range(1) == 1) {
    const std::size_t maxSize = std::clamp<std::size_t>(sampleBytes / 32, 4 << 10, 64 << 10);
    dictionary = std::make_unique<internal::CompressionDictionary>(
        *internal::trainDictionary(samples, maxSize), compressor.level());
  }
  std::size_t i = 0;
  std::size_t in = 0;
  std::size_t out = 0;
  for (auto _ : state) {
    const Bytes& raw = clusters[i++ % clusters.size()];
    Bytes frame = compressor.compress(raw, dictionary.get());
    in += raw.size();
    out += frame.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(in));
  state.counters["ratio"] = static_cast<double>(in) / static_cast<double>(out);
}
BENCHMARK(BM_CompressCluster)
    ->ArgsProduct({{16, 256}, {0, 1}})
    ->ArgNames({"cluster_KiB", "dictionary"});

// The external sort at the writer's scale: 1,000,000 entries of 200 bytes (a random 24-byte id
// and a 176-byte entry) through the 8 MiB default budget, in the default temporary folder.
void BM_ExternalSort(benchmark::State& state) {
  constexpr std::size_t kRecords = 1000000;
  const Bytes value(176, 0x5a);
  std::uint64_t spilled = 0;
  std::uint64_t runBytes = 0;
  std::uint64_t bufferBytes = 0;
  for (auto _ : state) {
    internal::ExternalSorter sorter;
    std::mt19937_64 random(42);
    char key[25];
    for (std::size_t i = 0; i < kRecords; ++i) {
      std::snprintf(key, sizeof key, "urn:news:%015llu",
                    static_cast<unsigned long long>(random() % 1000000000000000ull));
      sorter.add({key, 24}, value);
    }
    sorter.finish();
    internal::ExternalSorter::Record record;
    std::size_t count = 0;
    while (sorter.next(record)) ++count;
    benchmark::DoNotOptimize(count);
    spilled = sorter.runsWritten();
    runBytes = sorter.peakRunBytes();
    bufferBytes = sorter.peakBufferBytes();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRecords));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecords * 200));
  state.counters["runs"] = static_cast<double>(spilled);
  state.counters["run_MiB"] = static_cast<double>(runBytes) / (1 << 20);
  state.counters["buffers_MiB"] = static_cast<double>(bufferBytes) / (1 << 20);
}
BENCHMARK(BM_ExternalSort)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
