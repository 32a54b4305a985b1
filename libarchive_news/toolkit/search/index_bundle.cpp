// newsarc index: a bundle packed without an index gets one as an append, a state that changes
// no article, so that every earlier byte and signature stays as it was.
#include <archive_news/error.h>
#include <archive_news/search.h>

namespace archive_news {

IndexBundleResult indexBundle(const std::filesystem::path& path,
                              const std::vector<std::pair<const SecretKey*, std::string>>& keys,
                              const WriterOptions& options,
                              const SearchIndexOptions& indexOptions) {
  const Bundle bundle = Bundle::open(path);
  BundleWriter writer = BundleWriter::append(path, options);
  for (const auto& [key, signer] : keys) writer.addSigner(*key, signer);
  std::unique_ptr<ArticleIndexer> indexer = makeSearchIndexer(indexOptions);
  const std::size_t count = bundle.articleCount();
  for (std::size_t i = 0; i < count; ++i) {
    indexer->add(bundle.article(i), bundle.summary(i).state);
  }
  writer.setIndexer(std::move(indexer));
  writer.finish();
  const Bundle indexed = Bundle::open(path);
  const std::optional<SearchIndexInfo> index = indexed.searchIndex();
  return {count, index ? index->size : 0, indexed.info().state};
}

}  // namespace archive_news
