# X.509 signatures (spec/FORMAT.md 7.3.1) as a publisher makes and a reader checks them: a test
# PKI made with stock openssl (a root, an intermediate, leaves with P-256 and Ed25519 keys, an
# expired leaf, an unrelated root, a password-protected key), `newsarc sign --cert`, `verify
# --ca` naming the subject, stock `openssl cms -verify` of the exported record, the manual RFC
# 8419 check of an Ed25519 record with OpenSSL 3.0's tools, tampering, and minisign and X.509
# signatures side by side.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { echo "SKIP: no openssl"; exit 0; }

# --- The test PKI ------------------------------------------------------------------------------
cat >leaf.ext <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
cat >ca.ext <<'EOF'
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
# issue NAME SUBJECT ISSUER EXTFILE: NAME.pem for NAME.key, signed by ISSUER.pem/ISSUER.key.
issue() {
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days 30 \
    -extfile "$4" -out "$1.pem" 2>/dev/null
}
root_ca() {  # root_ca NAME SUBJECT
  ec_key "$1.key"
  openssl req -x509 -new -key "$1.key" -subj "$2" -days 3650 -out "$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>/dev/null
}
root_ca root "/O=newsarc tests/CN=Test Root CA"
root_ca other "/O=Elsewhere/CN=Unrelated Root CA"
ec_key intermediate.key
issue intermediate "/O=newsarc tests/CN=Test Intermediate CA" root ca.ext
ec_key p256.key
issue p256 "/O=Example News/CN=Example News P-256" intermediate leaf.ext
openssl genpkey -algorithm ED25519 -out ed.key 2>/dev/null
issue ed "/O=Example News/CN=Example News Ed25519" intermediate leaf.ext
ec_key stranger.key
issue stranger "/O=Elsewhere/CN=Other News" other leaf.ext
# Expired: `openssl ca` sets dates in the past (OpenSSL 3.0's x509 cannot).
mkdir -p ca/new
: >ca/index.txt
echo 1000 >ca/serial
cat >ca.cnf <<'EOF'
[ca]
default_ca = test
[test]
dir = ca
database = ca/index.txt
new_certs_dir = ca/new
serial = ca/serial
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
EOF
ec_key expired.key
openssl req -new -key expired.key -subj "/O=Example News/CN=Example News expired" \
  -out expired.csr 2>/dev/null
openssl ca -batch -config ca.cnf -cert intermediate.pem -keyfile intermediate.key \
  -startdate 20200101000000Z -enddate 20200102000000Z -extfile leaf.ext -in expired.csr \
  -out expired.pem 2>/dev/null
# The P-256 key under a password.
openssl pkcs8 -topk8 -v2 aes-256-cbc -in p256.key -passout pass:correct-horse -out locked.key
for f in root.pem intermediate.pem p256.pem ed.pem stranger.pem expired.pem locked.key; do
  [ -s "$f" ] && pass || fail "the test PKI lacks $f"
done

expect 0 "$NEWSARC" keygen -p mini.pub -s mini.key --no-password
pack() { expect 0 "$NEWSARC" pack "$SRC/samples" -o "$1" --quiet; }

# --- P-256 through the intermediate -----------------------------------------------------------
pack p.newsarc
expect 0 "$NEWSARC" sign p.newsarc --cert p256.pem --cert-key p256.key --chain intermediate.pem
contains out "signed p.newsarc with X.509 certificate CN=Example News P-256,O=Example News"
expect 0 "$NEWSARC" verify p.newsarc --ca root.pem
contains out "ok    signature: signature 0 (X.509 CN=Example News P-256,O=Example News): valid X.509 signature of the seal (CMS, ECDSA with SHA-256) by CN=Example News P-256,O=Example News, issued by CN=Test Intermediate CA,O=newsarc tests"
contains out "; chains to CN=Test Root CA,O=newsarc tests"
contains out "ok    trusted-ca: CA roots (1 certificate): signature 0 by CN=Example News P-256,O=Example News is valid and its certificate chains to CN=Test Root CA,O=newsarc tests"
contains out "p.newsarc: verified: intact, and signed by the trusted signers required; signature 0 by CN=Example News P-256"
expect 0 "$NEWSARC" verify p.newsarc --ca root.pem --json
contains out '"name": "trusted-ca"'
# Without --ca: intact, the origin not checked, the signer named.
expect 0 "$NEWSARC" verify p.newsarc --quick
contains out "chain not checked (no CA roots given)"
contains out "p.newsarc: intact, signed by X.509 CN=Example News P-256,O=Example News; origin NOT checked: no signer is trusted (give --key, --keyring or --ca)"
# info, log: the certificate as the record claims it, not checked; no key id.
expect 0 "$NEWSARC" info p.newsarc
contains out "signature:   X.509 CN=Example News P-256,O=Example News (not checked; run 'newsarc verify'), claims issuer: CN=Test Intermediate CA,O=newsarc tests, certificate valid 20"
lacks out "key 0000000000000000"
expect 0 "$NEWSARC" info p.newsarc --json
contains out '"subject": "CN=Example News P-256,O=Example News"'
lacks out '"keyId"'
expect 0 "$NEWSARC" log p.newsarc
contains out "  signed:    X.509 CN=Example News P-256,O=Example News, valid"

# Stock openssl checks the exported record against the exported seal and the root.
expect 0 "$NEWSARC" seal p.newsarc -o proof
contains out "wrote proof/signature-0.p7s (CMS, X.509 CN=Example News P-256,O=Example News)"
contains out "check:  openssl cms -verify -binary -inform DER -in proof/signature-0.p7s -content proof/seal.bin -CAfile YOUR-TRUSTED-ROOT.pem -purpose any -out /dev/null"
expect 0 openssl cms -verify -binary -inform DER -in proof/signature-0.p7s \
  -content proof/seal.bin -CAfile root.pem -purpose any -out /dev/null
contains err "Verification successful"
expect 4 openssl cms -verify -binary -inform DER -in proof/signature-0.p7s \
  -content proof/seal.bin -CAfile other.pem -purpose any -out /dev/null
printf 'x' >>proof/seal.bin
expect 4 openssl cms -verify -binary -inform DER -in proof/signature-0.p7s \
  -content proof/seal.bin -CAfile root.pem -purpose any -out /dev/null

# --- Ed25519 (RFC 8419) ------------------------------------------------------------------------
pack e.newsarc
expect 0 "$NEWSARC" sign e.newsarc --cert ed.pem --cert-key ed.key --chain intermediate.pem
expect 0 "$NEWSARC" verify e.newsarc --ca root.pem
contains out "valid X.509 signature of the seal (CMS, Ed25519 (RFC 8419)) by CN=Example News Ed25519,O=Example News"
contains out "; chains to CN=Test Root CA,O=newsarc tests"
# OpenSSL 3.0 cannot check it (3.5 can); by hand, with its tools (spec/FORMAT.md 12.4): the
# signed attributes re-tagged as a SET, the Ed25519 signature (the record's last 64 bytes), the
# messageDigest = SHA-512 of the seal, and the chain of the certificate.
expect 0 "$NEWSARC" seal e.newsarc -o eproof
openssl asn1parse -inform DER -in eproof/signature-0.p7s >e.asn1
line=$(grep 'cont \[ 0 \]' e.asn1 | tail -n 1)
at=$(echo "$line" | sed 's/^ *\([0-9]*\):.*/\1/')
hl=$(echo "$line" | sed 's/.*hl= *\([0-9]*\).*/\1/')
len=$(echo "$line" | sed 's/.* l= *\([0-9]*\).*/\1/')
dd if=eproof/signature-0.p7s of=attrs.der bs=1 skip="$at" count=$((hl + len)) status=none
[ "$(head -c 1 attrs.der | od -An -tx1 | tr -d ' ')" = a0 ] && pass || fail "signedAttrs not at $at"
printf '\x31' | dd of=attrs.der bs=1 conv=notrunc status=none
tail -c 64 eproof/signature-0.p7s >ed.sig
openssl x509 -in ed.pem -pubkey -noout >ed.pub.pem
expect 0 openssl pkeyutl -verify -pubin -inkey ed.pub.pem -rawin -in attrs.der -sigfile ed.sig
contains out "Signature Verified Successfully"
digest=$(openssl dgst -sha512 -binary eproof/seal.bin | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
grep -q "HEX DUMP\]:$digest" e.asn1 && pass || fail "no messageDigest of SHA-512(seal) in the record"
grep -q "ED25519" e.asn1 && pass || fail "the record names no id-Ed25519"
openssl pkcs7 -inform DER -in eproof/signature-0.p7s -print_certs -out carried.pem
expect 0 openssl verify -CAfile root.pem -untrusted carried.pem -purpose any ed.pem
# A changed attribute byte breaks the manual check too.
printf '\x00' | dd of=attrs.der bs=1 seek=$((hl + 5)) conv=notrunc status=none
expect 1 openssl pkeyutl -verify -pubin -inkey ed.pub.pem -rawin -in attrs.der -sigfile ed.sig

# --- Failures ---------------------------------------------------------------------------------
# Another CA: the signature is valid, the origin is not established: exit 4, the reason named.
expect 4 "$NEWSARC" verify p.newsarc --ca other.pem
one_error_line
contains err "newsarc: error: p.newsarc: trusted-ca: CA roots (1 certificate) at offset "
contains err "certificate does not chain: unable to get local issuer certificate"
contains out "does NOT chain to the CA roots given: unable to get local issuer certificate"
# Several --ca files: any root of any file.
expect 0 "$NEWSARC" verify p.newsarc --ca other.pem --ca root.pem --quick
# The chain left out when signing: the root alone cannot reach the leaf.
pack n.newsarc
expect 0 "$NEWSARC" sign n.newsarc --cert p256.pem --cert-key p256.key
expect 4 "$NEWSARC" verify n.newsarc --ca root.pem
contains err "unable to get local issuer certificate"
# Expired.
pack x.newsarc
expect 0 "$NEWSARC" sign x.newsarc --cert expired.pem --cert-key expired.key --chain intermediate.pem
expect 4 "$NEWSARC" verify x.newsarc --ca root.pem
contains err "certificate has expired (certificate O=Example News,CN=Example News expired, depth 0)"
# A certificate of another publisher.
pack s.newsarc
expect 0 "$NEWSARC" sign s.newsarc --cert stranger.pem --cert-key stranger.key
expect 0 "$NEWSARC" verify s.newsarc --ca other.pem --quick
expect 4 "$NEWSARC" verify s.newsarc --ca root.pem --quick
# A --ca file that is not one.
expect 6 "$NEWSARC" verify p.newsarc --ca p256.key
one_error_line
contains err "newsarc: error: p256.key: no PEM certificate"
expect 5 "$NEWSARC" verify p.newsarc --ca missing.pem

# show and extract take --ca as they take --key: nothing shown or written without the chain.
id=urn:newsarc:samples:2023-10-14:seoraksan-foliage
expect 0 "$NEWSARC" show p.newsarc "$id" --ca root.pem
expect 4 "$NEWSARC" show p.newsarc "$id" --ca other.pem
contains err "trusted-ca"
contains err "refusing to"
[ ! -s "$OUTPUT/out" ] && pass || fail "show printed the article of an untrusted signer"
expect 4 "$NEWSARC" extract p.newsarc -o out-untrusted --ca other.pem
[ ! -e out-untrusted ] && pass || fail "extract wrote for an untrusted signer"
expect 0 "$NEWSARC" extract p.newsarc -o out-trusted --ca root.pem --quiet

# A tampered record. Its section no longer has the footer's digest: damage (exit 3).
cp p.newsarc t.newsarc
size=$(stat -c %s t.newsarc)
F=$((size - 192))
u64() { od -An -t u8 -j "$1" -N 8 t.newsarc | tr -d ' '; }
G=$(u64 $((F + 16)))
S=$(u64 $((F + 24)))
cms_end=$(python3 -c "import sys; f=open('t.newsarc','rb').read(); c=open('proof/signature-0.p7s','rb').read(); print(f.find(c, $G) + len(c))")
printf '\x01' | dd of=t.newsarc bs=1 seek=$((cms_end - 1)) conv=notrunc status=none
expect 3 "$NEWSARC" verify t.newsarc --ca root.pem
contains err "signature section has SHA-256"
# With the footer's digest made to agree, the record itself fails: exit 4.
digest=$(dd if=t.newsarc bs=1 skip="$G" count="$S" status=none | sha256sum | cut -c1-64)
printf "$(echo "$digest" | sed 's/../\\x&/g')" | dd of=t.newsarc bs=1 seek=$((F + 80)) conv=notrunc status=none
expect 4 "$NEWSARC" verify t.newsarc --ca root.pem
contains out "FAIL  signature: signature 0 (X.509 CN=Example News P-256,O=Example News)"
contains err "the signature does not verify over the seal"
# ... and a bundle with a broken signature is not signed again.
expect 4 "$NEWSARC" sign t.newsarc --key mini.key
contains err "existing signature 0 does not verify; refusing to add another"

# --- minisign and X.509 together; each addition keeps the others valid ------------------------
expect 0 "$NEWSARC" pack "$SRC/samples" -o both.newsarc --sign mini.key --comment "Desk" --quiet
expect 0 "$NEWSARC" sign both.newsarc --cert p256.pem --cert-key p256.key --chain intermediate.pem
expect 0 "$NEWSARC" sign both.newsarc --cert ed.pem --cert-key ed.key --chain intermediate.pem
expect 0 "$NEWSARC" verify both.newsarc --key mini.pub --ca root.pem
contains out "ok    signature: signature 0 (key "
contains out "ok    signature: signature 1 (X.509 CN=Example News P-256"
contains out "ok    signature: signature 2 (X.509 CN=Example News Ed25519"
contains out "ok    trusted-key: key "
contains out "ok    trusted-ca: "
# A key trusted by --key is no CA's certificate, and a CA vouches for no minisign key.
expect 4 "$NEWSARC" verify p.newsarc --key mini.pub
contains err "trusted-key"
pack m.newsarc
expect 0 "$NEWSARC" sign m.newsarc --key mini.key
expect 4 "$NEWSARC" verify m.newsarc --ca root.pem
contains err "no X.509 signature; expected a valid one whose certificate chains to these roots"
expect 0 "$NEWSARC" seal both.newsarc -o both-proof
[ -s both-proof/signature-0.minisig ] && [ -s both-proof/signature-1.p7s ] &&
  [ -s both-proof/signature-2.p7s ] && pass || fail "seal did not export every signature"
contains out "check:  minisign -Vm both-proof/seal.bin -x both-proof/signature-0.minisig"
contains out "check:  openssl cms -verify -binary -inform DER -in both-proof/signature-1.p7s"

# --- Keys and arguments -----------------------------------------------------------------------
pack k.newsarc
# An encrypted key: the password from NEWSARC_PASSWORD_FILE, as for minisign keys.
echo wrong >wrong.txt
echo correct-horse >right.txt
expect 4 env NEWSARC_PASSWORD_FILE=wrong.txt "$NEWSARC" sign k.newsarc --cert p256.pem --cert-key locked.key
one_error_line
contains err "cannot decrypt the private key: wrong password?"
expect 0 env NEWSARC_PASSWORD_FILE=right.txt "$NEWSARC" sign k.newsarc --cert p256.pem --cert-key locked.key --chain intermediate.pem
expect 0 "$NEWSARC" verify k.newsarc --ca root.pem --quick
# A key that is not the certificate's: nothing written.
cp k.newsarc before.newsarc
expect 6 "$NEWSARC" sign k.newsarc --cert p256.pem --cert-key ed.key
one_error_line
contains err "the private key is not the certificate's"
same before.newsarc k.newsarc
# --key and --cert exclude each other; --cert needs --cert-key; one of them is needed.
expect 2 "$NEWSARC" sign k.newsarc --key mini.key --cert p256.pem --cert-key p256.key
expect 2 "$NEWSARC" sign k.newsarc --cert p256.pem
expect 2 "$NEWSARC" sign k.newsarc --chain intermediate.pem
expect 2 "$NEWSARC" sign k.newsarc
contains err "give --key KEY, or --cert CERT and --cert-key KEY"
expect 6 "$NEWSARC" sign k.newsarc --cert p256.key --cert-key p256.key
contains err "expected a PEM certificate"

finish
