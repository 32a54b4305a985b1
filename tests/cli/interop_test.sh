# Stock tools on what newsarc writes: minisign checks the exported manifest and signature,
# capnp decodes the manifest with the embedded schema, and minisign's own keys sign bundles.
source "$(dirname "$0")/lib.sh"
SEED="$SRC/samples/seed-article"
command -v minisign >/dev/null || { fail "stock minisign is not installed"; finish; }
command -v capnp >/dev/null || { fail "stock capnp is not installed"; finish; }

expect 0 "$NEWSARC" keygen -p pub.key -s sec.key --no-password
expect 0 "$NEWSARC" pack "$SEED" -o seed.newsarc --sign sec.key --quiet
expect 0 "$NEWSARC" manifest seed.newsarc -o proof
for f in manifest.bin schema.capnp signature-0.minisig signature-0.pub; do
  [ -s "proof/$f" ] || fail "manifest did not write $f"
done

# A key made by newsarc keygen verifies with stock minisign.
expect 0 minisign -Vm proof/manifest.bin -x proof/signature-0.minisig -p pub.key
contains out "Signature and comment signature verified"
contains out "bundle:urn:uuid:"
# ... and any change of manifest.bin makes it fail.
size=$(stat -c %s proof/manifest.bin)
for at in 0 1 $((size / 2)) $((size - 1)); do
  cp proof/manifest.bin changed.bin
  printf '\x5a' | dd of=changed.bin bs=1 seek="$at" conv=notrunc status=none
  cmp -s changed.bin proof/manifest.bin && printf '\xa5' | dd of=changed.bin bs=1 seek="$at" conv=notrunc status=none
  expect 1 minisign -Vm changed.bin -x proof/signature-0.minisig -p pub.key
done

# Stock capnp decodes the manifest with the schema the bundle carries.
expect 0 capnp convert binary:json proof/schema.capnp Manifest <proof/manifest.bin
contains out '"formatMajor": 1'
contains out '"id": "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance"'
contains out '"digestAlgorithm": "sha256"'
same proof/schema.capnp "$SRC/format/newsarc.capnp"

# A key made by stock minisign (unencrypted) signs a bundle; newsarc and minisign both accept.
expect 0 minisign -G -W -p mini.pub -s mini.key
expect 0 "$NEWSARC" pack "$SEED" -o mini.newsarc --sign mini.key --quiet
expect 0 "$NEWSARC" verify mini.newsarc --key mini.pub
expect 0 "$NEWSARC" manifest mini.newsarc -o miniproof
expect 0 minisign -Vm miniproof/manifest.bin -x miniproof/signature-0.minisig -p mini.pub

# An encrypted stock minisign key, its password from NEWSARC_PASSWORD_FILE.
printf 'correct horse\ncorrect horse\n' | minisign -G -p enc.pub -s enc.key >/dev/null 2>&1 ||
  fail "minisign -G with a password on stdin failed"
printf 'correct horse\n' >password.txt
expect 0 env NEWSARC_PASSWORD_FILE=password.txt "$NEWSARC" pack "$SEED" -o enc.newsarc --sign enc.key --quiet
expect 0 "$NEWSARC" verify enc.newsarc --key enc.pub
printf 'wrong\n' >wrong.txt
expect 4 env NEWSARC_PASSWORD_FILE=wrong.txt "$NEWSARC" pack "$SEED" -o enc2.newsarc --sign enc.key
one_error_line

# The committed test vector's manifest decodes to the committed JSON.
expect 0 "$NEWSARC" manifest "$SRC/spec/vectors/vector.newsarc" -o vec
expect 0 capnp convert binary:json vec/schema.capnp Manifest <vec/manifest.bin
same "$OUTPUT/out" "$SRC/spec/vectors/manifest.json"
expect 0 minisign -Vm vec/manifest.bin -x vec/signature-0.minisig -p "$SRC/spec/vectors/vector-key.pub"

finish
