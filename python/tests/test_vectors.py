"""The repository's test vectors (spec/vectors/): timestamps, X.509 signatures and history as the
package reports them, checked against what spec/vectors/README.md says they hold."""

from __future__ import annotations

import datetime as dt

import newsarc
from conftest import SOURCE

VECTORS = SOURCE / "spec" / "vectors"
KEY = VECTORS / "vector-key.pub"


def as_of() -> int:
    text = (VECTORS / "timestamp" / "as-of").read_text().strip()
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def test_timestamps_and_their_proof():
    with newsarc.open(VECTORS / "vector-timestamped.newsarc") as bundle:
        first, renewal = bundle.timestamps
        assert (first.hash, first.signatures, first.timestamps) == ("sha256", 0, 0)
        assert (renewal.hash, renewal.signatures, renewal.timestamps) == ("sha384", 1, 1)
        assert first.tsa and first.time_text and len(first.token) > 100
        report = bundle.verify(KEY, tsa_roots=[VECTORS / "timestamp" / "tsa-root.pem"],
                               now=as_of())
        untrusted = bundle.verify(KEY, now=as_of())
    assert report.ok, report
    assert all(t.intact and t.trusted and t.proven for t in report.timestamps)
    assert report.proven_time == min(t.time for t in report.timestamps)
    assert report.proven_at == dt.datetime.fromtimestamp(report.proven_time, dt.timezone.utc)
    assert not any(t.trusted for t in untrusted.timestamps) and untrusted.proven_time is None


def test_x509_signatures_name_their_certificates():
    with newsarc.open(VECTORS / "vector-x509.newsarc") as bundle:
        algorithms = [s.algorithm for s in bundle.signatures]
        subjects = [s.certificate.subject for s in bundle.signatures if s.certificate]
        report = bundle.verify(KEY, ca_roots=[VECTORS / "x509" / "root.pem"], now=as_of())
        wrong = bundle.verify(ca_roots=[VECTORS / "timestamp" / "tsa-root.pem"], now=as_of())
    assert algorithms == ["ed25519", "x509", "x509"]
    assert subjects == ["CN=Vector Publisher P-256,O=Example News",
                        "CN=Vector Publisher Ed25519,O=Example News"]
    assert report.ok, report
    assert [c.name for c in wrong.failures] == ["trusted-ca"]


def test_history_vector():
    with newsarc.open(VECTORS / "vector-history.newsarc") as bundle:
        states = bundle.history()
        assert [s.sequence for s in states] == [0, 1, 2]
        assert [s.created for s in states] == ["2024-03-01T12:00:00Z", "2024-03-02T12:00:00Z",
                                              "2024-03-03T12:00:00Z"]
        assert states[-1].file_size == bundle.info.file_size
        for state in states:
            with bundle.at_state(state.sequence) as earlier:
                assert len(earlier) == state.article_count
                assert earlier.verify(KEY).ok
