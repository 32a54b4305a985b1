# Draft schema of format 2's new messages (docs/design/format-2.md). Not built into anything yet:
# when format 2 lands, format/newsarc.capnp is rewritten with these structs and the unchanged
# article structs (Byline, Block, Heading, Quote, KeyValue ...), which this draft imports from
# format 1 rather than copying. Check that it compiles:
#
#   capnp compile -I format -o- docs/design/format-2.capnp > /dev/null
#
# Every message is canonical and single-segment (format-2.md, section 2). Sizes are bytes,
# offsets count from the file's first byte, digests are SHA-256 (32 bytes).

@0xbf2b6e5f8f136a36;

using V1 = import "/newsarc.capnp";

# ---------------------------------------------------------------------------------------------
# References

struct ExtentRef {
  # Where a stored extent is and how to check and decode it.

  offset @0 :UInt64;
  # A multiple of 8, inside the data region.

  storedSize @1 :UInt64;
  rawSize @2 :UInt64;
  # Equal to storedSize when compression is none.

  compression @3 :V1.Compression;

  withDictionary @4 :Bool;
  # Compressed with the bundle's dictionary (Seal.dictionary); false when compression is none.

  storedDigest @5 :Data;
  # SHA-256 of the stored bytes: checked before anything is decompressed.
}

struct TreeRef {
  root @0 :ExtentRef;
  depth @1 :UInt8;
  # 1: the root is a leaf.
}

struct SealRef {
  offset @0 :UInt64;
  size @1 :UInt32;
  digest @2 :Data;
}

# ---------------------------------------------------------------------------------------------
# The seal: the only message signatures cover (at most 4 KiB).

struct Seal {
  formatMajor @0 :UInt16;
  # 2.

  formatMinor @1 :UInt16;

  digestAlgorithm @2 :V1.DigestAlgorithm;
  # sha256.

  bundleId @3 :Text;
  # At most 256 bytes, printable (it goes into the trusted comment).

  created @4 :Text;
  # YYYY-MM-DDThh:mm:ssZ.

  sequence @5 :UInt32;
  # 0 for the first state; the n-th append writes n (issue 16).

  previousSeal @6 :SealRef;
  # Null when sequence is 0.

  articleCount @7 :UInt64;
  contentCount @8 :UInt64;
  clusterCount @9 :UInt64;

  index @10 :TreeRef;
  # The article index (IndexInnerPage / IndexLeafPage).

  extents @11 :TreeRef;
  # The extent table (ExtentPage): every data extent in file order.

  dictionary @12 :ExtentRef;
  # Null when the records are compressed without one.

  schema @13 :ExtentRef;
  # This schema's text.

  info @14 :ExtentRef;
  # A BundleInfo message.
}

struct BundleInfo {
  # What describes the bundle but need not be in the seal: unbounded, so kept out of it.
  title @0 :Text;
  description @1 :Text;
  creatorTool @2 :Text;
  extra @3 :List(V1.KeyValue);
}

# ---------------------------------------------------------------------------------------------
# The article index: a B+-tree of pages of at most 64 KiB raw, sorted by id (memcmp order).
# A text column is one Data holding the values one after the other and a List(UInt16) of their
# lengths: value i is data[sum of lengths before i, + length i), and the lengths sum to the data's
# size exactly. Lengths, not end offsets: every value is at most 1 KiB, and small repeating
# numbers compress to about a fifth of what steadily growing offsets do (docs/design/format-2.md,
# section 8). A column of optional values has a List(Bool) saying which are present; an absent
# value is empty in the data.

struct IndexInnerPage {
  level @0 :UInt8;
  # 1 for the parents of leaves, and so on up to the root.

  firstIds @1 :Data;
  firstIdLengths @2 :List(UInt16);
  # The first id under each child, in strictly increasing order.

  children @3 :List(ExtentRef);

  articleCounts @4 :List(UInt64);
  # Articles under each child, for positional access.
}

struct IndexLeafPage {
  ids @0 :Data;
  idLengths @1 :List(UInt16);
  # Strictly increasing. An id is at most 1 KiB.

  headlines @2 :Data;
  headlineLengths @3 :List(UInt16);
  headlineCut @4 :List(Bool);
  # True where the copy is the headline's first bytes, cut to at most 1 KiB at a UTF-8
  # character boundary; the record holds the headline whole.

  firstcreated @5 :Data;
  firstcreatedLengths @6 :List(UInt16);
  firstcreatedPresent @7 :List(Bool);

  versioncreated @8 :Data;
  versioncreatedLengths @9 :List(UInt16);
  versioncreatedPresent @10 :List(Bool);

  bylineNames @11 :Data;
  bylineNameLengths @12 :List(UInt16);
  bylineCounts @13 :List(UInt8);
  # The names of each entry's first 16 bylines, each cut to at most 256 bytes at a character
  # boundary, entry after entry: entry i has bylineCounts[i] of them.

  imageCounts @14 :List(UInt32);
  attachmentCounts @15 :List(UInt32);

  contentSizes @16 :List(UInt64);
  # Raw bytes of the record and of each image and attachment, counted once per reference.

  clusters @17 :List(ExtentRef);
  # The clusters holding this page's records, each once, in strictly increasing offset order,
  # each used by at least one run.

  # Where the entries' records are, as runs: a run is consecutive entries whose records are
  # consecutive in one cluster. Records are clustered in id order, so a leaf's entries are
  # mostly one or two runs, where a cluster index and a record number per entry cost about 2.5
  # compressed bytes an entry. The three lists have one value a run, the runs cover the entries
  # in order. A writer makes as few runs as it can (a new run only where the cluster changes or
  # the record number does not follow); a reader accepts any valid list, e.g. runs alternating
  # between an old and a new cluster after an append.
  runClusters @18 :List(UInt16);
  # The index in clusters of the run's cluster.

  runLengths @19 :List(UInt32);
  # The run's entries, at least 1; the lengths sum to the page's entries.

  runFirstRecords @20 :List(UInt32);
  # The record number in its cluster (0: the first message) of the run's first entry; the run's
  # k-th entry is record runFirstRecords + k, at most 2^32 - 1.
}

# ---------------------------------------------------------------------------------------------
# The extent table: every extent of the data region but the table's own pages and the index's,
# in file order, so that a verifier checks coverage and every digest in one streaming pass.

enum ExtentKind {
  content @0;
  cluster @1;
  dictionary @2;
  schema @3;
  info @4;
  previousTail @5;
  # Seal, signatures, timestamps and footer of an earlier state (issue 16).
}

struct ExtentPage {
  level @0 :UInt8;
  # 0: a leaf, whose entries are extents; above: children are pages.

  offsets @1 :List(UInt64);
  # Leaf: each extent's offset. Inner: each child's first extent offset.

  storedSizes @2 :List(UInt64);
  kinds @3 :List(ExtentKind);
  storedDigests @4 :Data;
  # Leaf: 32 bytes an extent, one after the other.

  children @5 :List(ExtentRef);
  # Inner pages only.
}

# ---------------------------------------------------------------------------------------------
# Records: an Article as in format 1 but for where content is. Clusters hold records one after
# the other, each a canonical single-segment message.

struct ContentRef {
  extent @0 :ExtentRef;

  digest @1 :Data;
  # SHA-256 of the raw bytes: the content's address, shared by every article using the same bytes.
}

struct TimestampSet {
  # Hook for issue 17: RFC 3161 tokens whose message imprint is SHA-256(seal bytes). Empty in 2.0.
  tokens @0 :List(Data);
}
