# newsarc bundle format, major version 2: the schema of every Cap'n Proto message in a bundle.
#
# A bundle holds these Cap'n Proto messages, each a canonical single-segment message (one
# segment, no far pointers, objects in pre-order, data and pointer sections without trailing
# zero words) in the standard serialization with its 8-byte segment table:
#   - one Seal: what signatures sign;
#   - one SignatureSet and, when the bundle has timestamps, one TimestampSet;
#   - index pages (IndexInnerPage, IndexLeafPage) and extent-table pages (ExtentPage), each stored
#     raw or as one zstd frame;
#   - one BundleInfo;
#   - Article records, one after the other inside clusters (one zstd frame each).
# The bundle carries this file's exact text, so `capnp convert binary:json` decodes any of them
# with nothing else. It imports nothing and carries no language annotations on purpose.
#
# Conventions for every field below:
#   - Text is well-formed UTF-8 without U+0000 (NUL); stored byte for byte as the source gave it:
#     never trimmed, never normalised.
#   - A Text or Data field that was absent in the source is a null pointer; an empty string that
#     was present is an empty Text. Readers keep the difference.
#   - Times are Text exactly as the source wrote them: an RFC 3339 date-time or full-date.
#   - Sizes and offsets are bytes; offsets count from the first byte of the file. Digests are
#     SHA-256, 32 bytes.
#   - Field names follow IPTC ninjs 2.x where ninjs has the concept.
#
# Evolution: a minor version may only add fields at the end of a struct, new enumerants and new
# union members; a reader never guesses at a value it does not know in a field it must act on
# (an unknown Compression makes that extent unsupported, an unknown Block member makes the
# article unsupported, a Signature of an unknown algorithm is never trusted).

@0xd4c1b0f0a9e3c257;

# ---------------------------------------------------------------------------------------------
# References

enum Compression {
  none @0;
  # The stored bytes are the raw bytes.

  zstd @1;
  # The stored bytes are exactly one zstd frame (RFC 8878) declaring its content size (= rawSize)
  # and, when withDictionary is set, the id of the bundle's dictionary.
}

struct ExtentRef {
  # Where a stored extent is, how to check it and how to decode it.

  offset @0 :UInt64;
  # A multiple of 8, inside the data region.

  storedSize @1 :UInt64;
  # Bytes in the file; not zero.

  rawSize @2 :UInt64;
  # Bytes once decoded; equal to storedSize when compression is none.

  compression @3 :Compression;

  withDictionary @4 :Bool;
  # Compressed with the bundle's dictionary (Seal.dictionary). False when compression is none.

  storedDigest @5 :Data;
  # SHA-256 of the stored bytes, checked before anything is decompressed.
}

struct TreeRef {
  # The root of a tree of pages.

  root @0 :ExtentRef;

  depth @1 :UInt8;
  # Pages on the way from the root to a leaf, both counted: 1 when the root is a leaf.

  count @2 :UInt64;
  # Entries in the leaves: articles in the index, extents in the extent table.
}

struct SealRef {
  # The seal of the state this one appends to (spec/FORMAT.md section 15).

  offset @0 :UInt64;
  # Where that seal starts: the footer's sealOffset of that state.

  size @1 :UInt32;
  # Its bytes: that footer's sealSize.

  digest @2 :Data;
  # SHA-256 of its bytes.

  tailSize @3 :UInt64;
  # Bytes from that seal's first byte to the end of that state's footer: that state is the file's
  # first offset + tailSize bytes.
}

# ---------------------------------------------------------------------------------------------
# The seal: the only message signatures cover. At most 4 KiB.

enum DigestAlgorithm {
  unspecified @0;
  sha256 @1;
}

struct Seal {
  formatMajor @0 :UInt16;
  # 2. Equal to the header's and the footer's.

  formatMinor @1 :UInt16;
  # 0. Equal to the header's and the footer's.

  digestAlgorithm @2 :DigestAlgorithm;
  # sha256.

  bundleId @3 :Text;
  # At most 256 bytes, no control character: signatures name it in their trusted comment.

  created @4 :Text;
  # When this state of the bundle was written, UTC to the second: "YYYY-MM-DDThh:mm:ssZ".

  sequence @5 :UInt32;
  # 0 for a bundle's first state; n for its n-th append.

  previousSeal @6 :SealRef;
  # The seal of the state this one appends to. Null when sequence is 0.

  contentCount @7 :UInt64;
  # Extents of kind content.

  clusterCount @8 :UInt64;
  # Extents of kind cluster.

  rawBytes @9 :UInt64;
  # Sum of the raw sizes of the extent table's extents.

  storedBytes @10 :UInt64;
  # Sum of their stored sizes.

  index @11 :TreeRef;
  # The article index (IndexInnerPage, IndexLeafPage); its count is the number of articles.

  extents @12 :TreeRef;
  # The extent table (ExtentPage); its count is the number of extents it lists.

  dictionary @13 :ExtentRef;
  # The zstd dictionary the clusters were compressed with, stored raw. Null: none.

  schema @14 :ExtentRef;
  # The text of this schema file.

  info @15 :ExtentRef;
  # A BundleInfo message.

  searchIndex @16 :SearchIndexRef;
  # A full-text index of this state's articles (spec/FORMAT.md 5.10). Null: none. Each state
  # names its own; a reader may ignore it.
}

struct SearchIndexRef {
  # A full-text index stored as one extent of kind searchIndex, raw.

  extent @0 :ExtentRef;

  engine @1 :Text;
  # What reads it: "xapian-glass-1.4", a Xapian 1.4 glass database compacted into one file.

  documents @2 :UInt64;
  # Articles it holds: this state's, all of them.
}

struct BundleInfo {
  # What describes the bundle but need not be signed directly (the seal covers its digest).

  title @0 :Text;
  description @1 :Text;
  creatorTool @2 :Text;
  extra @3 :List(KeyValue);
  # Keys are unique.
}

struct KeyValue {
  key @0 :Text;
  value @1 :Text;
}

# ---------------------------------------------------------------------------------------------
# The article index: a B+-tree of pages of at most 64 KiB raw, sorted by id in memcmp order.
#
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

  pubstatus @21 :List(UInt8);
  # The record's pubstatus: 0 absent, 1 "usable", 2 "withheld", 3 "canceled".

  versions @22 :List(UInt32);
  # Records this id has had in the bundle's states, from its first state to this one, this
  # record included: 1 for an article's first version.

  states @23 :List(UInt32);
  # The sequence of the state that wrote this record (whose extent table lists its cluster).
}

# ---------------------------------------------------------------------------------------------
# The extent table: every extent of the data region but its own pages and the index's, in file
# order, so that a verifier checks coverage and every digest in one streaming pass.

enum ExtentKind {
  content @0;
  # An image or attachment: raw, or one zstd frame without dictionary.

  cluster @1;
  # Article records: one zstd frame, with the dictionary when the bundle has one.

  dictionary @2;
  schema @3;
  info @4;

  previousTail @5;
  # The seal, signature and timestamp sections and footer of the state an append follows: the
  # first extent an appended state lists (spec/FORMAT.md section 15).

  searchIndex @6;
  # A full-text index of the state's articles, raw: the one Seal.searchIndex names.
}

struct ExtentPage {
  level @0 :UInt8;
  # 0: a leaf, whose entries are extents. 1 and up: an inner page, whose entries are pages.

  offsets @1 :List(UInt64);
  # Leaf: each extent's offset, strictly increasing. Inner: the first extent offset under each
  # child.

  storedSizes @2 :List(UInt64);
  # Leaf only.

  rawSizes @3 :List(UInt64);
  # Leaf only.

  kinds @4 :List(ExtentKind);
  # Leaf only.

  storedDigests @5 :Data;
  # Leaf only: 32 bytes an extent, one after the other.

  children @6 :List(ExtentRef);
  # Inner only.

  extentCounts @7 :List(UInt64);
  # Inner only: extents under each child.
}

# ---------------------------------------------------------------------------------------------
# Article records. A cluster decompresses to records one after the other, each a canonical
# single-segment message whose root is an Article.

struct ContentRef {
  extent @0 :ExtentRef;
  # Where the bytes are: an extent of kind content.

  digest @1 :Data;
  # SHA-256 of the raw bytes: the content's address, the same for every article that uses them.
}

struct Article {
  uri @0 :Text;
  # Stable, globally unique identifier of the article (ninjs uri). Required.

  url @1 :Text;
  # Where the article was published on the web. Absent: unknown.

  headline @2 :Text;
  # The main headline, as published. Required (may be empty).

  subheadlines @3 :List(Text);
  # Further headlines below the main one, in order. Empty list: none.

  section @4 :Text;
  # The publication's section ("News Zone / Recent News"). Absent: unknown.

  publisher @5 :Text;
  # The publishing organisation. Absent: unknown.

  bylines @6 :List(Byline);
  # The people credited with the article, in the order published.

  firstcreated @7 :Text;
  # When the article was first created or published (ninjs firstcreated; see time conventions).

  versioncreated @8 :Text;
  # When this version of the article was created (ninjs versioncreated). Absent: unknown.

  language @9 :Text;
  # BCP 47 language tag of the article's text ("en", "ko", "pt-BR"). Absent: unknown.

  located @10 :Text;
  # Dateline: where the story was reported from (ninjs located). Absent: none.

  keywords @11 :List(Text);
  # Keywords, in the source's order.

  copyrightnotice @12 :Text;
  # Copyright notice as published (ninjs copyrightnotice). Absent: none stated.

  usageterms @13 :Text;
  # Terms of use of the article (ninjs usageterms). Absent: none stated.

  body @14 :List(Block);
  # The body text as an ordered list of blocks. Empty list: the article has no body text.

  images @15 :List(Image);
  # The article's images. Body blocks refer to them by index.

  attachments @16 :List(Attachment);
  # Files attached to the article (PDF, CSV, ...). Body blocks may refer to them by index.

  extra @17 :List(KeyValue);
  # Open metadata the fields above do not hold, in the source's order. Keys are unique.

  pubstatus @18 :Text;
  # The publication status of this version (ninjs pubstatus): "usable", "withheld" or "canceled".
  # Absent: not stated (usable). A withheld or canceled article stays in the bundle's history.
}

struct Byline {
  name @0 :Text;
  # The person's or organisation's name as published. Required.

  email @1 :Text;
  # Contact address as published. Absent: none.

  role @2 :Text;
  # Role ("reporter", "photographer", ...). Absent: none.
}

struct Block {
  # One block of body text, or the place where an image or attachment stands in the text. A union
  # member a reader does not know makes the whole article unsupported for it: dropping the block
  # would silently shorten the text.
  union {
    paragraph @0 :Text;
    # A paragraph of running text.

    heading @1 :Heading;
    # A heading inside the body.

    quote @2 :Quote;
    # A block quotation.

    image @3 :UInt32;
    # The image Article.images[index] stands here.

    attachment @4 :UInt32;
    # A reference to Article.attachments[index] stands here.
  }
}

struct Heading {
  level @0 :UInt8;
  # 1 (most important) to 6, as in HTML. The source's level, unchanged.

  text @1 :Text;
}

struct Quote {
  text @0 :Text;
  # The quoted text.

  attribution @1 :Text;
  # Who is quoted. Absent: not stated.
}

struct Image {
  name @0 :Text;
  # The image's name within the article, used by the source to place it in the body. Unique among
  # the article's images.

  fileName @1 :Text;
  # The file name the image had in the source ("alliance1.jpg"); extract writes it under this name.
  # Within an article one file name names one content (images and attachments that share it have
  # equal content digests and sizes), and no file name is a folder of another ("a" and "a/b").

  mediatype @2 :Text;
  # IANA media type ("image/jpeg").

  caption @3 :Text;
  # Caption as published (ninjs description_text). Absent: none.

  credit @4 :Text;
  # Credit line as published ("Jane Doe/Agency"). Absent: none.

  byline @5 :Text;
  # The photographer or artist. Absent: none stated separately from the credit.

  alt @6 :Text;
  # Alternative text for readers who cannot see the image. Absent: none.

  width @7 :UInt32;
  # Width in pixels as stated by the source; 0: not stated.

  height @8 :UInt32;
  # Height in pixels as stated by the source; 0: not stated.

  content @9 :ContentRef;
  # The image's bytes.
}

struct Attachment {
  name @0 :Text;
  # The attachment's name within the article. Unique among the article's attachments.

  fileName @1 :Text;
  # The file name the attachment had in the source; extract writes it under this name. Same rules
  # as Image.fileName.

  mediatype @2 :Text;
  # IANA media type ("application/pdf", "text/csv; charset=utf-8").

  description @3 :Text;
  # What the attachment is, as published. Absent: none.

  content @4 :ContentRef;
  # The attachment's bytes.
}

# ---------------------------------------------------------------------------------------------
# Signatures and timestamps: after the seal, covered by the footer's digests.

struct SignatureSet {
  signatures @0 :List(Signature);
}

struct Signature {
  algorithm @0 :SignatureAlgorithm;
  keyId @1 :Data;
  publicKey @2 :Data;
  signature @3 :Data;
  # Ed25519 over BLAKE2b-512 of the seal's exact bytes (minisign's prehashed "ED").
  trustedComment @4 :Text;
  globalSignature @5 :Data;
  cms @6 :Data;
  # Algorithm cmsX509: a DER CMS ContentInfo of type SignedData (RFC 5652) whose detached content
  # is the seal's exact bytes, signed by an X.509 certificate it carries with its chain.
}

enum SignatureAlgorithm {
  unspecified @0;
  ed25519Blake2bPrehashed @1;
  cmsX509 @2;
}

struct TimestampSet {
  # RFC 3161 time-stamp tokens over the seal, and over signatures and earlier tokens (FORMAT.md
  # 7.4): proofs that these bytes existed at a time, by authorities other than the signers.
  timestamps @0 :List(Timestamp);
}

struct Timestamp {
  token @0 :Data;
  # A DER TimeStampToken (RFC 3161 2.4.2: a CMS ContentInfo, SignedData over a TSTInfo).

  signatures @1 :UInt32;
  # How many signature records it covers, from the first.

  timestamps @2 :UInt32;
  # How many earlier timestamps of this set it covers, from the first: a renewal (RFC 4998).
  # With both counts 0 the token's message imprint is the hash of the seal's bytes.
}
