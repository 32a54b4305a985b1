# RFC 3161 timestamps with a real TSA: `openssl ts -reply` behind HTTP on 127.0.0.1
# (tests/support/tsa), its test PKI made here. Asking a TSA, storing a reply made elsewhere,
# exporting for stock `openssl ts -verify`, and what verify --tsa-ca says of a wrong CA, a token
# over another seal, a tampered token, an expired TSA certificate and a renewal across it.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/support/tsa/tsa.sh"
trap 'stop_tsa; rm -rf "$WORK" "$OUTPUT"' EXIT

# The `short` TSA's certificate ends SHORT seconds after the PKI is made: long enough to get its
# tokens, short enough to wait for.
SHORT=12
bash "$SRC/tests/support/tsa/make_test_pki.sh" pki "$SHORT"
made=$(date +%s)
start_tsa pki
ROOT=pki/root.pem

expect 0 "$NEWSARC" keygen -p a.pub -s a.key --no-password
expect 0 "$NEWSARC" pack "$SRC/samples" -o s.newsarc --sign a.key --quiet
cp s.newsarc plain.newsarc
cp s.newsarc renewed.newsarc
cp s.newsarc expired.newsarc
expect 0 "$NEWSARC" pack "$SRC/samples" -o other.newsarc --quiet

# Tokens by the short-lived TSA first, while its certificate is valid.
expect 0 "$NEWSARC" timestamp expired.newsarc --tsa "$TSA_URL/short"
expect 0 "$NEWSARC" timestamp renewed.newsarc --tsa "$TSA_URL/short"
# The renewal: over the seal, the signature and token 0, with another TSA and a longer hash.
expect 0 "$NEWSARC" timestamp renewed.newsarc --renew --hash sha384 --tsa "$TSA_URL/b"
contains out "timestamp 1 from $TSA_URL/b: over the seal, 1 signature(s), 1 earlier timestamp(s)"

# Asking a TSA: the signed bytes stay as they were.
expect 0 "$NEWSARC" seal s.newsarc -o before
expect 0 "$NEWSARC" timestamp s.newsarc --tsa "$TSA_URL/a"
contains out "timestamp 0 from $TSA_URL/a: over the seal, 1 signature(s) (token of "
expect 0 "$NEWSARC" seal s.newsarc -o after
same before/seal.bin after/seal.bin
same before/signature-0.minisig after/signature-0.minisig
expect 0 "$NEWSARC" verify s.newsarc --key a.pub --tsa-ca "$ROOT"
contains out "ok    timestamp-section: timestamp section:"
contains out "ok    timestamp: timestamp 0 (TSA CN=newsarc test TSA a"
contains out "over the seal and signature 0 (sha256), signed by the certificate it carries; its TSA chains to a trusted root"
contains out "ok    timestamp-proof: seal: the seal, and every byte it covers, existed by "
contains out "signature 0 existed by"
contains out "s.newsarc: verified: intact, and signed by the trusted keys required; existed by "
# The configured trust store: NEWSARC_TSA_CA.
expect 0 env NEWSARC_TSA_CA="pki/other-root.pem:$ROOT" "$NEWSARC" verify s.newsarc --key a.pub
contains out "existed by"
expect 0 "$NEWSARC" verify s.newsarc --tsa-ca "$ROOT" --json
contains out '"proven": true'
contains out '"provenTime": "'
contains out '"tsa": "CN=newsarc test TSA a'
# Without --tsa-ca: intact, the TSA not checked, and nothing claimed of the time.
expect 0 "$NEWSARC" verify s.newsarc --key a.pub
contains out "its TSA is not checked (give --tsa-ca with the TSA's root)"
lacks out "existed by"
expect 0 "$NEWSARC" verify s.newsarc --quick --tsa-ca "$ROOT"
contains out "ok    timestamp: timestamp 0"

# Signing again keeps the timestamps: they cover the first signature, the new one comes last.
cp s.newsarc resigned.newsarc
expect 0 "$NEWSARC" keygen -p b.pub -s b.key --no-password
expect 0 "$NEWSARC" sign resigned.newsarc --key b.key
expect 0 "$NEWSARC" verify resigned.newsarc --key a.pub --key b.pub --tsa-ca "$ROOT"
contains out "ok    timestamp: timestamp 0 (TSA CN=newsarc test TSA a"
contains out "existed by"

# A timestamp covers an X.509 signature record too (its CMS bytes). The test TSA's certificate
# serves as a publisher's here: its key usage allows signing.
cp plain.newsarc x509.newsarc
expect 0 "$NEWSARC" sign x509.newsarc --cert pki/a.pem --cert-key pki/a.key
expect 0 "$NEWSARC" timestamp x509.newsarc --tsa "$TSA_URL/b"
contains out "over the seal, 2 signature(s)"
expect 0 "$NEWSARC" verify x509.newsarc --key a.pub --ca "$ROOT" --tsa-ca "$ROOT"
contains out "over the seal and signatures 0-1 (sha256)"
contains out "signature 1 existed by"

# info lists what each token claims, unchecked.
expect 0 "$NEWSARC" info s.newsarc
contains out "timestamp:   0, claims TSA CN=newsarc test TSA a, time 20"
contains out "(sha256), over the seal, 1 signature(s) (not checked; run 'newsarc verify --tsa-ca')"
expect 0 "$NEWSARC" info s.newsarc --json
contains out '"checked": false'
contains out '"tsa": "CN=newsarc test TSA a'
expect 0 "$NEWSARC" info plain.newsarc
lacks out "timestamp:"

# A second TSA's token beside the first.
expect 0 "$NEWSARC" timestamp s.newsarc --seal-only --tsa "$TSA_URL/b"
contains out "timestamp 1 from $TSA_URL/b: over the seal (token of "
expect 0 "$NEWSARC" verify s.newsarc --tsa-ca "$ROOT"
contains out "ok    timestamp: timestamp 1 (TSA CN=newsarc test TSA b"

# The wrong CA: every TSA fails (exit 8: only timestamps failed).
expect 8 "$NEWSARC" verify s.newsarc --key a.pub --tsa-ca pki/other-root.pem
contains out "FAIL  timestamp-tsa: timestamp 0 (TSA CN=newsarc test TSA a"
contains out "unable to get local issuer certificate"
contains err "newsarc: error: s.newsarc: timestamp-tsa: timestamp 0"
one_error_line
# A TSA of another root (the rogue) is not trusted through root.pem.
cp plain.newsarc rogue.newsarc
expect 0 "$NEWSARC" timestamp rogue.newsarc --tsa "$TSA_URL/rogue"
expect 8 "$NEWSARC" verify rogue.newsarc --tsa-ca "$ROOT"
contains out "FAIL  timestamp-tsa: timestamp 0 (TSA CN=newsarc test TSA rogue"
expect 0 "$NEWSARC" verify rogue.newsarc --tsa-ca pki/other-root.pem
# No timestamp while a TSA is required.
expect 8 "$NEWSARC" verify plain.newsarc --tsa-ca "$ROOT"
contains out "the bundle has no timestamp; expected one by a trusted TSA"
expect 6 "$NEWSARC" verify s.newsarc --tsa-ca a.pub
contains err "holds no PEM certificate"

# openssl interop, both ways: the request out, openssl's reply in.
expect 0 "$NEWSARC" timestamp other.newsarc --request-out q.tsq
contains out "-byte TimeStampReq, sha256, over the seal)"
expect 0 openssl ts -query -in q.tsq -text
contains out "Nonce: 0x"
contains out "Certificate required: yes"
openssl ts -reply -queryfile q.tsq -config pki/tsa.cnf -section a -out other.tsr 2>/dev/null
# A reply for other.newsarc is refused by s.newsarc: it is over another seal.
expect 8 "$NEWSARC" timestamp s.newsarc --tsr other.tsr
contains err "it was made for other bytes"
one_error_line
expect 0 "$NEWSARC" timestamp other.newsarc --tsr other.tsr
contains out "timestamp 0 from other.tsr: over the seal (token of "
expect 8 "$NEWSARC" timestamp other.newsarc --tsr other.tsr
contains err "this token is already timestamp 0"
# A query made by openssl over the exported seal, answered, stored: it covers the seal alone.
expect 0 "$NEWSARC" seal plain.newsarc -o plainseal
openssl ts -query -data plainseal/seal.bin -sha512 -cert -out q2.tsq 2>/dev/null
openssl ts -reply -queryfile q2.tsq -config pki/tsa.cnf -section b -out plain.tsr 2>/dev/null
openssl ts -reply -in plain.tsr -token_out -out plain.tst 2>/dev/null
expect 0 "$NEWSARC" timestamp plain.newsarc --tsr plain.tst
contains out "over the seal (token of "
expect 0 "$NEWSARC" verify plain.newsarc --key a.pub --tsa-ca "$ROOT"
contains out "over the seal (sha512)"
# A refusal by the TSA (a reply whose status is not granted) is reported with its words.
printf '0\x0f0\x0d\x02\x01\x02\x30\x08\x0c\x06denied' >refused.tsr
expect 8 "$NEWSARC" timestamp plain.newsarc --tsr refused.tsr
contains err "the TSA refused the request (PKIStatus 2): denied"
printf 'not a reply' >garbage.tsr
expect 8 "$NEWSARC" timestamp plain.newsarc --tsr garbage.tsr
contains err "is neither a DER TimeStampResp nor a TimeStampToken"

# Stock openssl checks an exported token against the data it covers.
expect 0 "$NEWSARC" seal s.newsarc -o proof
contains out "timestamp-0.tst (RFC 3161 token) and timestamp-0.data"
expect 0 openssl ts -verify -token_in -in proof/timestamp-0.tst -data proof/timestamp-0.data \
  -CAfile "$ROOT"
contains out "Verification: OK"
expect 0 openssl ts -verify -token_in -in proof/timestamp-1.tst -data proof/seal.bin \
  -CAfile "$ROOT"
expect 1 openssl ts -verify -token_in -in proof/timestamp-0.tst -data proof/timestamp-0.data \
  -CAfile pki/other-root.pem

# A tampered token whose section digest was made to match: the token's signature fails (exit 8).
# Without the new digest the footer catches it (exit 3).
tamper() {  # tamper IN OUT FIX_DIGEST: flips the last byte of token 0's signature
  python3 - "$1" "$2" "$3" <<'PY'
import hashlib, struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
f = len(data) - 192
t_off, t_size = struct.unpack_from('<QQ', data, f + 32)
section = data[t_off:t_off + t_size]
# Token 0's DER starts with 30 82 after the message's pointers; its signature ends it.
start = section.find(b'\x30\x82')
length = struct.unpack('>H', bytes(section[start + 2:start + 4]))[0]
data[t_off + start + 4 + length - 1] ^= 0x01
if sys.argv[3] == '1':
    data[f + 112:f + 144] = hashlib.sha256(bytes(data[t_off:t_off + t_size])).digest()
open(sys.argv[2], 'wb').write(data)
PY
}
tamper s.newsarc tampered.newsarc 1
expect 8 "$NEWSARC" verify tampered.newsarc --key a.pub --tsa-ca "$ROOT"
contains out "FAIL  timestamp-token: timestamp 0"
contains out "the TSA's signature does not verify"
contains out "ok    timestamp: timestamp 1"
# Reading the signed content is not blocked by a damaged token: it is outside what signatures cover.
expect 0 "$NEWSARC" list tampered.newsarc
expect 0 "$NEWSARC" extract tampered.newsarc -o tampered-out --key a.pub --quiet
tamper s.newsarc broken.newsarc 0
expect 3 "$NEWSARC" verify broken.newsarc --key a.pub
contains err "timestamp section has sha256"

# Judged as of a time past the TSA certificates' end (a year): nothing is proven any more.
expect 8 "$NEWSARC" verify s.newsarc --tsa-ca "$ROOT" --as-of 2099-01-01T00:00:00Z
contains out "and no later timestamp renews it"
expect 6 "$NEWSARC" verify s.newsarc --tsa-ca "$ROOT" --as-of yesterday
contains err "is not a UTC time; expected YYYY-MM-DDThh:mm:ssZ"

# The short TSA's certificate expires; wait for it.
left=$((made + SHORT + 2 - $(date +%s)))
if [ "$left" -gt 0 ]; then sleep "$left"; fi
expect 8 "$NEWSARC" verify expired.newsarc --key a.pub --tsa-ca "$ROOT"
contains out "FAIL  timestamp-tsa: timestamp 0 (TSA CN=newsarc test TSA short"
contains out "and no later timestamp renews it; expected a renewal (newsarc timestamp --renew) made before then"
# A renewal made after the end comes too late for token 0.
expect 0 "$NEWSARC" timestamp expired.newsarc --renew --tsa "$TSA_URL/a"
expect 8 "$NEWSARC" verify expired.newsarc --tsa-ca "$ROOT"
contains out "FAIL  timestamp-tsa: timestamp 0"
contains out "ok    timestamp: timestamp 1"
# The renewal made in time carries token 0 past its certificate's end.
expect 0 "$NEWSARC" verify renewed.newsarc --key a.pub --tsa-ca "$ROOT"
contains out "ok    timestamp: timestamp 0 (TSA CN=newsarc test TSA short"
contains out "renewed by timestamp 1 of "
contains out "over the seal, signature 0 and timestamp 0 (sha384)"
expect 0 "$NEWSARC" verify renewed.newsarc --tsa-ca "$ROOT" --json
contains out '"renewedBy": 1'
# A token made after the TSA certificate's end: openssl signs it; verify refuses it.
cp plain.newsarc late.newsarc
expect 0 "$NEWSARC" timestamp late.newsarc --tsa "$TSA_URL/short"
expect 8 "$NEWSARC" verify late.newsarc --tsa-ca "$ROOT"
contains out "certificate has expired"

# Usage: one source of tokens at a time, and at least one.
expect 2 "$NEWSARC" timestamp s.newsarc
expect 2 "$NEWSARC" timestamp s.newsarc --tsa "$TSA_URL/a" --tsr other.tsr
expect 6 "$NEWSARC" timestamp s.newsarc --hash md5 --tsa "$TSA_URL/a"
expect 5 "$NEWSARC" timestamp s.newsarc --tsa http://127.0.0.1:1/ --attempts 1
contains err "127.0.0.1:1"
expect 6 "$NEWSARC" timestamp s.newsarc --tsa ftp://127.0.0.1/a

finish
