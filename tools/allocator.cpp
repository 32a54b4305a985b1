// The one tuning of glibc's allocator newsarc makes, for its memory and speed with large blocks;
// it costs nothing at start-up. tests/cli/extract_zip_alloc_test.sh guards it.
#include <malloc.h>

#include "cli.h"

namespace newsarc {

void tuneAllocator() {
#ifdef __GLIBC__
  // Blocks of 1 MiB and more (read buffers, compressed frames) are mapped and unmapped each time.
  // Otherwise glibc raises that threshold at the first such free and serves later blocks from
  // per-thread heaps that keep their peak: pack's peak memory (5,000 articles) was 67-69 MiB,
  // and is 55-58 MiB, no slower. At 128 KiB it was 49 MiB, but pack took 10% longer.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // A fixed threshold also fixes the trim threshold at 128 KiB (glibc would have raised it to
  // twice the mmap threshold): every free of a block of 128 KiB to 1 MiB at the heap's top then
  // gave memory back with brk(), and the next malloc took it again. The zip writer's deflate
  // state, made and freed for each entry, cost 2 brk() and a TLB flush an entry: extract of
  // 20,000 small articles to .zip took 26 s, and takes 1.3 s (.tar.zst: 1.2 s).
  mallopt(M_TRIM_THRESHOLD, 2 << 20);
#endif
}

}  // namespace newsarc
