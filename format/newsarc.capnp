# newsarc bundle format, major version 1: the schema of every Cap'n Proto message in a bundle.
#
# A bundle (spec/FORMAT.md) holds three kinds of Cap'n Proto message, each in the standard
# (unpacked) serialization with its segment table:
#   - one Manifest: the bundle's index and its signed root;
#   - one SignatureSet: the signatures over the manifest's exact bytes;
#   - one Article per article record blob (stored raw or as one zstd frame).
# The bundle carries this file's exact text as a blob, so `capnp convert binary:json` decodes any of
# them with nothing else. This file imports nothing and carries no language annotations on purpose:
# the C++ build adds its namespace annotation to a generated copy.
#
# Conventions for every field below:
#   - Text is well-formed UTF-8 without U+0000 (NUL), which C-string consumers would cut short;
#     stored byte for byte as the source gave it: never trimmed, never normalised.
#   - A Text or Data field that was absent in the source is a null pointer (has<Field>() is false);
#     an empty string that was present is an empty Text. Readers keep the difference.
#   - Times are Text exactly as the source wrote them: an RFC 3339 date-time ("2019-06-30T09:00:00+09:00")
#     or an RFC 3339 full-date alone ("2019-06-30"). No time or zone is ever invented.
#   - Sizes and offsets are bytes; offsets count from the first byte of the file.
#   - Blob indexes point into Manifest.blobs; 0xffffffff means "none" where a field allows it.
#   - Field names follow IPTC ninjs 2.x where ninjs has the concept (firstcreated, versioncreated,
#     located, copyrightnotice, usageterms, ...).
#
# Evolution rules (spec/FORMAT.md, "Versions and evolution"):
#   - A minor version may only add fields at the end of a struct (new ordinals), new enumerants and
#     new union members. Readers of an older minor version ignore fields they do not know, and
#     never guess at a value they do not know in a field they must act on:
#       - an unknown DigestAlgorithm makes the bundle unsupported;
#       - an unknown Compression makes that blob unsupported (it cannot be read);
#       - an unknown Block union member makes that article unsupported (never dropped or misread);
#       - a Signature of an unknown SignatureAlgorithm is not checked and never counts for a
#         trusted key; the footer's digest of the signature section still covers its bytes.
#   - Nothing is ever renamed to a different meaning, renumbered, retyped or removed in major
#     version 1; a change of a field's meaning or of the container layout is a new major version.

@0xca8e666a92b96f11;

# ---------------------------------------------------------------------------------------------
# Manifest: the root of trust. Its exact bytes are what signatures sign.

struct Manifest {
  formatMajor @0 :UInt16;
  # Major version of the bundle format: 1. Must equal the header's and the footer's.

  formatMinor @1 :UInt16;
  # Minor version of the bundle format the writer followed: 0. Must equal the header's and the
  # footer's. A reader accepts any minor version of a major version it knows.

  bundleId @2 :Text;
  # Identifier of this bundle, unique among bundles: "urn:uuid:" and a random (version 4) UUID
  # unless the writer's caller chose another. Not empty, no control character (below 0x20, 0x7F):
  # signatures name it in their trusted comment.

  title @3 :Text;
  # Human title of the bundle ("The Korea Defense Daily, June 2019"). Absent: none given.

  description @4 :Text;
  # Longer human description of what the bundle holds. Absent: none given.

  creatorTool @5 :Text;
  # The program and version that wrote the bundle ("newsarc 0.1.0").

  created @6 :Text;
  # When the bundle was written, in UTC to the second: exactly "YYYY-MM-DDThh:mm:ssZ".

  digestAlgorithm @7 :DigestAlgorithm;
  # The algorithm of every digest in this manifest and in the footer.

  articles @8 :List(ArticleEntry);
  # One entry per article, sorted by id in ascending order of the id's bytes (memcmp order, shorter
  # first on a common prefix); ids are unique. Sorted so a reader finds an id by binary search.

  blobs @9 :List(Blob);
  # Every stored blob, in the order of their bytes in the file (strictly increasing offsets).

  schemaBlob @10 :UInt32;
  # Index in blobs of the text of this schema file (media type "text/x-capnp; charset=utf-8").

  extra @11 :List(KeyValue);
  # Open metadata about the bundle as a whole (collection, operator, ...), in the writer's order.
  # Keys are unique.
}

enum DigestAlgorithm {
  unspecified @0;
  # Never written. A reader rejects it.

  sha256 @1;
  # SHA-256 (FIPS 180-4); digests are 32 bytes.
}

struct ArticleEntry {
  # What a reader needs to list articles and find one by id without touching its record.

  id @0 :Text;
  # The article's stable identifier: its uri. Unique within the bundle.

  headline @1 :Text;
  # Copy of Article.headline.

  firstcreated @2 :Text;
  # Copy of Article.firstcreated. Absent when the article has none.

  versioncreated @3 :Text;
  # Copy of Article.versioncreated. Absent when the article has none.

  bylines @4 :List(Text);
  # Copies of the names in Article.bylines, in order.

  imageCount @5 :UInt32;
  # Number of Article.images.

  attachmentCount @6 :UInt32;
  # Number of Article.attachments.

  record @7 :UInt32;
  # Index in Manifest.blobs of the blob holding this article's Article message.

  contentSize @8 :UInt64;
  # Raw bytes of the article: its record plus each of its images and attachments, counted once per
  # reference even when content is shared with other articles.
}

struct Blob {
  # One stored run of bytes. Blobs are content-addressed: digest names the raw content, and no two
  # blobs of a bundle have the same digest.

  digest @0 :Data;
  # Digest of the raw (uncompressed) content, with Manifest.digestAlgorithm.

  offset @1 :UInt64;
  # Where the stored bytes start in the file. The first blob starts at 32 (after the header); each
  # next blob starts at the end of the previous one rounded up to a multiple of 8.

  storedSize @2 :UInt64;
  # Number of bytes stored in the file.

  rawSize @3 :UInt64;
  # Number of bytes of content once decompressed. Equals storedSize when compression is none.

  compression @4 :Compression;
  # How the stored bytes encode the content.

  dictionary @5 :UInt32 = 0xffffffff;
  # Index in blobs of the zstd dictionary the frame was compressed with; 0xffffffff for none.

  storedDigest @6 :Data;
  # Digest of the stored bytes when compression is not none, so that every stored byte is covered
  # even where a different frame would decode to the same content. Absent when compression is none.

  mediaType @7 :Text;
  # IANA media type of the raw content ("image/jpeg", "application/pdf", ...).

  kind @8 :BlobKind;
  # What the blob is for.
}

enum Compression {
  # A value a reader does not know makes that blob unsupported for it, never guessed at.

  none @0;
  # The stored bytes are the content.

  zstd @1;
  # The stored bytes are exactly one zstd frame (RFC 8878) whose header declares the content size
  # (= rawSize) and, when dictionary is set, that dictionary's id.
}

enum BlobKind {
  content @0;
  # An image or attachment of one or more articles.

  articleRecord @1;
  # An Article message (standard serialization).

  schema @2;
  # The text of this schema file.

  dictionary @3;
  # A zstd dictionary (RFC 8878 section 5), stored raw.
}

struct KeyValue {
  key @0 :Text;
  value @1 :Text;
}

# ---------------------------------------------------------------------------------------------
# Article: one news item, stored as its own blob so it can be read alone.

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

struct ContentRef {
  blob @0 :UInt32;
  # Index in Manifest.blobs of the blob holding the bytes.

  digest @1 :Data;
  # Digest of the raw bytes (32 bytes; any other length is corruption); equals
  # Manifest.blobs[blob].digest.

  size @2 :UInt64;
  # Raw size in bytes; equals Manifest.blobs[blob].rawSize.
}

# ---------------------------------------------------------------------------------------------
# Signatures: written after the manifest, replaceable without touching anything before them.

struct SignatureSet {
  signatures @0 :List(Signature);
  # In the order they were added.
}

struct Signature {
  algorithm @0 :SignatureAlgorithm;

  keyId @1 :Data;
  # The signing key's 8-byte minisign key id, in the byte order of minisign's files.

  publicKey @2 :Data;
  # The signer's 32-byte Ed25519 public key, so a verifier can check the signature without the key
  # file. Trust comes only from comparing it with a key obtained elsewhere.

  signature @3 :Data;
  # 64-byte Ed25519 signature of BLAKE2b-512(exact manifest bytes) (minisign's prehashed "ED").

  trustedComment @4 :Text;
  # Signed text: "timestamp:<unix seconds>\tbundle:<bundleId>\tsigner:<free text>", one line of at
  # most 8173 bytes (what minisign reads back).

  globalSignature @5 :Data;
  # 64-byte Ed25519 signature of signature || trustedComment (minisign's global signature).
}

enum SignatureAlgorithm {
  unspecified @0;
  # Never written. A verifier treats it as an unknown algorithm: not checked, never trusted.

  ed25519Blake2bPrehashed @1;
  # minisign "ED": Ed25519 over the BLAKE2b-512 digest of the message.
}
