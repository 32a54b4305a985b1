# Stock tools on what newsarc writes: minisign checks the exported seal and signature, capnp
# decodes the seal with the embedded schema (and the committed test vector's seal to the committed
# JSON), the seal is the footer's bytes, and minisign's own keys sign bundles.
source "$(dirname "$0")/lib.sh"
SEED="$SRC/samples/seed-article"
command -v minisign >/dev/null || { fail "stock minisign is not installed"; finish; }
command -v capnp >/dev/null || { fail "stock capnp is not installed"; finish; }

# cut_seal BUNDLE OUT: the seal's bytes, cut with stock od and dd at the offset and size the
# footer's first two fields give (FORMAT.md 8).
cut_seal() {
  local footer offset size
  footer=$(($(stat -c %s "$1") - 192))
  offset=$(od -An -t u8 -j "$footer" -N 8 "$1" | tr -d ' ')
  size=$(od -An -t u8 -j $((footer + 8)) -N 8 "$1" | tr -d ' ')
  dd if="$1" of="$2" bs=1 skip="$offset" count="$size" status=none
}

expect 0 "$NEWSARC" keygen -p pub.key -s sec.key --no-password
expect 0 "$NEWSARC" pack "$SEED" -o seed.newsarc --sign sec.key --quiet
expect 0 "$NEWSARC" seal seed.newsarc -o proof
for f in seal.bin schema.capnp signature-0.minisig signature-0.pub; do
  [ -s "proof/$f" ] || fail "seal did not write $f"
done
contains out "check:  minisign -Vm proof/seal.bin -x proof/signature-0.minisig -p YOUR-TRUSTED-KEY.pub"
contains out "decode: capnp convert binary:json proof/schema.capnp Seal < proof/seal.bin"
# The seal is a few hundred bytes whatever the bundle's size; the format allows 4 KiB.
[ "$(stat -c %s proof/seal.bin)" -le 4096 ] || fail "seal.bin is larger than 4 KiB"
# Exporting again: refused, unless --force.
expect 5 "$NEWSARC" seal seed.newsarc -o proof
one_error_line
contains err "proof/seal.bin: already exists; refusing to replace it (--force replaces it)"
expect 0 "$NEWSARC" seal seed.newsarc -o proof --force
# The exported seal is the footer's seal, byte for byte.
cut_seal seed.newsarc cut.bin
same cut.bin proof/seal.bin

# A key made by newsarc keygen verifies with stock minisign.
expect 0 minisign -Vm proof/seal.bin -x proof/signature-0.minisig -p pub.key
contains out "Signature and comment signature verified"
contains out "bundle:urn:uuid:"
# ... and any change of seal.bin makes it fail.
size=$(stat -c %s proof/seal.bin)
for at in 0 1 $((size / 2)) $((size - 1)); do
  cp proof/seal.bin changed.bin
  printf '\x5a' | dd of=changed.bin bs=1 seek="$at" conv=notrunc status=none
  cmp -s changed.bin proof/seal.bin && printf '\xa5' | dd of=changed.bin bs=1 seek="$at" conv=notrunc status=none
  expect 1 minisign -Vm changed.bin -x proof/signature-0.minisig -p pub.key
done

# Stock capnp decodes the seal with the schema the bundle carries: the bundle's id, its counts,
# and the roots of its two trees (the index and the extent table), each with its digest.
expect 0 capnp convert binary:json proof/schema.capnp Seal <proof/seal.bin
contains out '"formatMajor": 2'
contains out '"digestAlgorithm": "sha256"'
bundle_id=$(sed -n 's/.*bundle:\(urn:uuid:[^[:space:]]*\).*/\1/p' proof/signature-0.minisig | head -1)
[ -n "$bundle_id" ] || fail "signature-0.minisig names no bundle id"
contains out "\"bundleId\": \"$bundle_id\""
contains out '"contentCount": "4"'
contains out '"index": {'
contains out '"extents": {'
contains out '"storedDigest": ['
same proof/schema.capnp "$SRC/format/newsarc.capnp"

# A key made by stock minisign (unencrypted) signs a bundle; newsarc and minisign both accept.
expect 0 minisign -G -W -p mini.pub -s mini.key
expect 0 "$NEWSARC" pack "$SEED" -o mini.newsarc --sign mini.key --quiet
expect 0 "$NEWSARC" verify mini.newsarc --key mini.pub
expect 0 "$NEWSARC" seal mini.newsarc -o miniproof
expect 0 minisign -Vm miniproof/seal.bin -x miniproof/signature-0.minisig -p mini.pub

# An encrypted stock minisign key, its password from NEWSARC_PASSWORD_FILE.
printf 'correct horse\ncorrect horse\n' | minisign -G -p enc.pub -s enc.key >/dev/null 2>&1 ||
  fail "minisign -G with a password on stdin failed"
printf 'correct horse\n' >password.txt
expect 0 env NEWSARC_PASSWORD_FILE=password.txt "$NEWSARC" pack "$SEED" -o enc.newsarc --sign enc.key --quiet
expect 0 "$NEWSARC" verify enc.newsarc --key enc.pub
printf 'wrong\n' >wrong.txt
expect 4 env NEWSARC_PASSWORD_FILE=wrong.txt "$NEWSARC" pack "$SEED" -o enc2.newsarc --sign enc.key
one_error_line

# The committed test vector's seal decodes to the committed JSON, with newsarc's export and with
# stock tools alone, and its signature verifies with stock minisign.
expect 0 "$NEWSARC" seal "$SRC/spec/vectors/vector.newsarc" -o vec
expect 0 capnp convert binary:json vec/schema.capnp Seal <vec/seal.bin
same "$OUTPUT/out" "$SRC/spec/vectors/seal.json"
cut_seal "$SRC/spec/vectors/vector.newsarc" vec-cut.bin
expect 0 capnp convert binary:json "$SRC/format/newsarc.capnp" Seal <vec-cut.bin
same "$OUTPUT/out" "$SRC/spec/vectors/seal.json"
expect 0 minisign -Vm vec/seal.bin -x vec/signature-0.minisig -p "$SRC/spec/vectors/vector-key.pub"
contains out "Signature and comment signature verified"

finish
