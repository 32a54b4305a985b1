"""Verification: the right key passes, a wrong one and a changed byte fail by name."""

from __future__ import annotations

import newsarc

ID = "urn:newsarc:test:2024-03-01:전체"


def test_the_signing_key_verifies(bundle_path, keys):
    with newsarc.open(bundle_path) as bundle:
        report = bundle.verify(keys=[keys.public])
    assert report.ok and bool(report) and report.failures == []
    names = [check.name for check in report.checks]
    for name in ("header", "footer", "seal", "signature", "trusted-key", "cluster", "coverage"):
        assert name in names
    assert report.file == str(bundle_path) and report.proven_time is None


def test_a_key_file_quick_and_one_article(bundle_path, keys, tmp_path):
    keys.public.save(tmp_path / "archive.pub")
    with newsarc.open(bundle_path) as bundle:
        quick = bundle.verify(tmp_path / "archive.pub", quick=True)
        proof = bundle.verify(newsarc.PublicKey.load(tmp_path / "archive.pub"), articles=[ID])
    assert quick.ok and "cluster" not in [c.name for c in quick.checks]
    assert proof.ok and [c.item for c in proof.checks if c.name == "article"] == [ID]


def test_another_key_fails_trusted_key(bundle_path):
    stranger = newsarc.generate_keypair().public
    with newsarc.open(bundle_path) as bundle:
        report = bundle.verify(keys=[stranger])
    assert not report.ok
    assert [check.name for check in report.failures] == ["trusted-key"]
    assert stranger.key_id in report.failures[0].item + report.failures[0].detail


def test_a_changed_byte_fails_or_raises_corruption(bundle_path, keys, photo):
    data = bytearray(bundle_path.read_bytes())
    with newsarc.open(bundle_path) as bundle:
        offset = bundle.article(ID).images[0].content.offset
    data[offset + 100] ^= 0x01
    report = newsarc.verify(bytes(data), keys=[keys.public], name="changed")
    assert not report.ok
    assert ("extent-digest", offset) in [(f.name, f.offset) for f in report.failures]
    with newsarc.Bundle.from_bytes(data) as changed:
        image = changed.article(ID).images[0]
        try:
            changed.read(image)
            raise AssertionError("a changed image was read")
        except newsarc.Corruption as error:
            assert error.code == newsarc.ErrorCode.CORRUPTION
            assert error.offset == offset


def test_a_bundle_that_does_not_open_still_gets_a_report(bundle_path, keys):
    data = bundle_path.read_bytes()
    report = newsarc.verify(data[:-10], keys=[keys.public])
    assert not report.ok and report.failures[0].name in ("footer", "header")
    report = newsarc.verify(bundle_path, keys=[keys.public])
    assert report.ok
