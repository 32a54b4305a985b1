#!/usr/bin/python3
"""The corpus of bench/search_bench.py: N text-only news articles, written twice from the same
generated text, so that newsarc and ZIM index the same words:

  DEST/articles.tar    article folders (articles/NNNNNNN/article.json) in one uncompressed tar,
                       which `newsarc pack` reads in place: a million articles need no million
                       folders on the disk for newsarc
  DEST/zim/            one HTML page per article (zim/a/NNNN/NNNNNNN.html, 1,000 a folder), a
                       welcome page and a 48x48 PNG: what zimwriterfs packs
  DEST/queries.tsv     100 queries (a fixed, seeded mix; see QUERY_MIX): class, the newsarc
                       query, the same for libzim ("-" where ZIM has no equivalent)
  DEST/corpus.json     counts: articles, text bytes (UTF-8 of headline, subheadlines, body,
                       bylines, keywords; the articles have no images, so no captions), tar and
                       HTML bytes, seconds taken

  search_corpus.py N DEST [--seed 7] [--jobs 2]

The text: English-like prose of words drawn with Zipf weights (exponent 1.1) from a vocabulary of
30,000 (200 common English words, then made-up words, 3% of them with accents: é, ü, ñ, ç, ø),
sentences of 5 to 28 words, bodies log-normal around 3.5 KB of text (a news story of 500 to 700
words); one article in ten is in Korean, from a vocabulary of 4,000 Hangul words, and the
English ones name Korean places (서울, 부산) now and then; bylines from 120 names (Korean,
accented and English); a publication date 2000-2025. It is generated, not real text: a real
archive has a larger vocabulary (names, numbers, typos), so its index would be somewhat larger.
Deterministic: the same seed gives the same articles, whatever --jobs (each block of 1,000
articles is seeded by its number), and a larger N only adds articles after them. Standard
library only; two processes write about 1,000 articles a second on an idle 2-core machine (5,000
in 5 s; 1,000,000 took 33 minutes beside other builds).
"""
import argparse
import bisect
import html
import io
import itertools
import json
import math
import multiprocessing
import os
import random
import struct
import sys
import tarfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus  # noqa: E402  (the common words and syllables of the other corpora)

BLOCK = 1000
# The commonest English words (make_corpus.py's prose), then words of news; syllables for the rest.
COMMON = make_corpus.COMMON + ("minister government police city council court market company "
                               "report week president officials percent million election health "
                               "school water").split()
SYLLABLES = make_corpus.SYLLABLES
ACCENTED = {"e": "é", "u": "ü", "n": "ñ", "c": "ç", "o": "ø", "a": "á", "i": "í"}
# Hangul syllables in common use: initial, medial and final jamo indexes (U+AC00 + (L*21+V)*28+T).
HANGUL_L = [0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18]
HANGUL_V = [0, 4, 8, 13, 18, 20, 1, 6, 12, 17]
HANGUL_T = [0, 0, 0, 4, 8, 16, 21, 1]
KOREAN_PLACES = ["서울", "부산", "제주", "인천", "대구", "광주", "양주", "속초"]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eun-ji", "Femi", "Gita", "Hugo", "Inés", "Jae-won", "Kofi",
         "Lena", "José", "Zoë", "Björn", "Çağla", "Min-jun", "Seo-yeon", "Noor", "Olu"]
LAST = ["Kim", "Lee", "Park", "Okafor", "Silva", "Novak", "Haddad", "Berg", "Tanaka", "Moreau",
        "Müller", "Álvarez", "Nguyễn", "Søndergaard", "Choi"]
KOREAN_NAMES = ["김민지", "이서연", "박지훈", "최유진", "정하늘", "강도윤"]
CITIES = ["Seoul", "Busan", "Geneva", "Lagos", "Lima", "Oslo", "São Paulo", "Québec", "Zürich"]
SECTIONS = ["World", "Politics", "Business", "Science", "Sport", "Culture", "Region", "Opinion"]

# The query mix: (class, how many). search_bench.py reports each class's latency too.
QUERY_MIX = [("common", 20), ("rare", 20), ("and", 20), ("phrase", 10), ("byline", 10),
             ("date", 10), ("korean", 10)]


def vocabulary(seed):
    r = random.Random(seed)
    words, seen = list(COMMON), set(COMMON)
    while len(words) < 30000:
        w = "".join(r.choice(SYLLABLES) for _ in range(r.choice((1, 2, 2, 3, 3, 3, 4))))
        if r.random() < 0.03:
            k = r.randrange(len(w))
            if w[k] in ACCENTED:
                w = w[:k] + ACCENTED[w[k]] + w[k + 1:]
        if w not in seen and len(w) > 1:
            seen.add(w)
            words.append(w)
    korean, seen = [], set()
    while len(korean) < 4000:
        w = "".join(chr(0xAC00 + (r.choice(HANGUL_L) * 21 + r.choice(HANGUL_V)) * 28 +
                        r.choice(HANGUL_T)) for _ in range(r.choice((2, 2, 2, 3, 3, 4))))
        if w not in seen:
            seen.add(w)
            korean.append(w)
    return words, korean


def cumulative(n, exponent):
    acc, out = 0.0, []
    for k in range(n):
        acc += 1.0 / (k + 1) ** exponent
        out.append(acc)
    return out


class Text:
    def __init__(self, seed):
        self.words, self.korean = vocabulary(seed)
        self.cw = cumulative(len(self.words), 1.1)
        self.ck = cumulative(len(self.korean), 1.0)
        self.rank = {w: k for k, w in enumerate(self.words)}

    def sentences(self, r, target, korean):
        """Sentences of about `target` bytes in all."""
        out, size = [], 0
        pool, cw = (self.korean, self.ck) if korean else (self.words, self.cw)
        while size < target:
            n = r.randint(4, 16) if korean else r.randint(5, 28)
            words = r.choices(pool, cum_weights=cw, k=n)
            if not korean:
                if n > 10 and r.random() < 0.35:
                    words[r.randrange(3, n - 3)] += ","
                if r.random() < 0.12:
                    words[r.randrange(1, n)] = str(r.randrange(2, 2000))
                if r.random() < 0.04:
                    words[r.randrange(1, n)] = r.choice(KOREAN_PLACES)
            s = " ".join(words)
            s = s[0].upper() + s[1:] + "."
            out.append(s)
            size += len(s.encode()) + 1
        return out


def article(text, r, i):
    korean = r.random() < 0.1
    year, month, day = 2000 + r.randrange(26), 1 + r.randrange(12), 1 + r.randrange(28)
    date = "%04d-%02d-%02dT%02d:%02d:00Z" % (year, month, day, r.randrange(24), r.randrange(60))
    headline = text.sentences(r, 40, korean)[0].rstrip(".")
    subheadlines = [s.rstrip(".") for s in text.sentences(r, 80, korean)[:r.choice((0, 1, 1, 2))]]
    names = []
    for _ in range(r.choice((1, 1, 1, 1, 2, 2, 3))):
        names.append(r.choice(KOREAN_NAMES) if korean else
                     "%s %s" % (r.choice(FIRST), r.choice(LAST)))
    target = int(min(12000, max(800, r.lognormvariate(math.log(3500), 0.5))))
    body, paragraph = [], []
    for s in text.sentences(r, target, korean):
        paragraph.append(s)
        if len(paragraph) >= r.choice((1, 2, 3, 3, 4)):
            body.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        body.append(" ".join(paragraph))
    keywords = sorted({w.strip(",.") for w in headline.lower().split() if len(w) > 5})[:4]
    doc = {"uri": "urn:newsarc:searchbench:%s:%07d" % (date[:10], i), "headline": headline,
           "subheadlines": subheadlines,
           "bylines": [{"name": n, "role": "Staff Reporter"} for n in names],
           "firstcreated": date, "language": "ko" if korean else "en",
           "located": r.choice(CITIES), "section": r.choice(SECTIONS), "body": body,
           "keywords": keywords}
    if not subheadlines:
        del doc["subheadlines"]
    text_bytes = sum(len(s.encode()) for s in [headline] + subheadlines + names + body + keywords)
    return doc, text_bytes


def page(doc):
    e = html.escape
    parts = ["<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s</title>"
             "</head><body><article><h1>%s</h1>" % (doc["language"], e(doc["headline"]),
                                                    e(doc["headline"]))]
    parts += ["<h2>%s</h2>" % e(s) for s in doc.get("subheadlines", [])]
    parts.append("<p class=\"byline\">%s</p><p class=\"date\">%s</p>" % (
        e(", ".join(b["name"] for b in doc["bylines"])), doc["firstcreated"][:10]))
    parts += ["<p>%s</p>" % e(p) for p in doc["body"]]
    parts.append("<p class=\"keywords\">%s</p></article></body></html>\n" %
                 e(", ".join(doc["keywords"])))
    return "".join(parts).encode()


def page_path(i):
    return "a/%04d/%07d.html" % (i // BLOCK, i)


def make_block(job):
    """Articles [first, last): their tar members (bytes), HTML pages written to the disk, and a
    sample of their words for the queries."""
    seed, first, last, zim_dir, step = job  # zim_dir None: no HTML pages
    text = TEXT
    r = random.Random("%d:%d" % (seed, first // BLOCK))
    tar, text_bytes, html_bytes = io.BytesIO(), 0, 0
    if zim_dir:
        os.makedirs(os.path.join(zim_dir, os.path.dirname(page_path(first))), exist_ok=True)
    samples = {"common": [], "rare": [], "phrase": [], "byline": [], "date": [], "korean": []}
    for i in range(first, last):
        doc, n = article(text, r, i)
        text_bytes += n
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        info = tarfile.TarInfo("articles/%07d/article.json" % i)
        info.size, info.mtime, info.mode = len(data), 1700000000, 0o644
        tar.write(info.tobuf(format=tarfile.USTAR_FORMAT))
        tar.write(data)
        tar.write(b"\0" * (-len(data) % 512))
        if zim_dir:
            body = page(doc)
            html_bytes += len(body)
            with open(os.path.join(zim_dir, page_path(i)), "wb") as f:
                f.write(body)
        if i % step == 0:
            # Words of this article's text, for queries that find something at any N, drawn with
            # a generator of their own: the articles do not depend on which are sampled.
            q = random.Random("%d:%d:query" % (seed, i))
            if doc["language"] == "ko":
                samples["korean"].append(q.choice(doc["body"][0].split()).strip(",."))
            else:
                words = [w.strip(",.").lower() for w in " ".join(doc["body"]).split()]
                words = [w for w in words if w in text.rank and w not in COMMON[:200]]
                if words:
                    samples["common"].append(min(words, key=text.rank.get))
                    samples["rare"].append(max(words, key=text.rank.get))
                p = q.choice(doc["body"]).rstrip(".").split()
                if len(p) >= 3:
                    k = q.randrange(len(p) - 2)
                    phrase = [w.strip(",.") for w in p[k:k + 3]]
                    if all(phrase):
                        samples["phrase"].append(" ".join(phrase))
                samples["byline"].append(doc["bylines"][0]["name"].split()[-1])
            samples["date"].append(doc["firstcreated"][:10])
    return first, tar.getvalue(), text_bytes, html_bytes, samples


TEXT = None


def init(seed):
    global TEXT
    TEXT = Text(seed)


def png48():
    """A 48x48 grey PNG (zimwriterfs --illustration), made with zlib."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + bytes([0x60, 0x70, 0x80]) * 48 for _ in range(48))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 48, 48, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def write_welcome(zim_dir, n):
    """The welcome page (links to the first 100 articles) and the illustration."""
    os.makedirs(zim_dir, exist_ok=True)
    with open(os.path.join(zim_dir, "illustration.png"), "wb") as f:
        f.write(png48())
    with open(os.path.join(zim_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>search bench</title>"
                "</head><body><h1>search bench: %d articles</h1><ul>%s</ul></body></html>\n" % (
                    n, "".join("<li><a href=\"%s\">%d</a></li>" % (page_path(i), i)
                               for i in range(min(n, 100)))))


def queries(samples, seed):
    """The fixed mix of QUERY_MIX from the samples: (class, newsarc query, zim query)."""
    r = random.Random(seed)
    common = sorted(set(samples["common"]))
    rare = sorted(set(samples["rare"]))
    out = []
    for kind, count in QUERY_MIX:
        for _ in range(count):
            if kind == "common":
                w = r.choice(common)
                out.append((kind, w, w))
            elif kind == "rare":
                w = r.choice(rare)
                out.append((kind, w, w))
            elif kind == "and":
                a, b = r.choice(common), r.choice(common + rare)
                out.append((kind, "%s AND %s" % (a, b), "%s AND %s" % (a, b)))
            elif kind == "phrase":
                p = '"%s"' % r.choice(samples["phrase"])
                out.append((kind, p, p))
            elif kind == "byline":
                name = r.choice(sorted(set(samples["byline"]))).lower()
                out.append((kind, "byline:%s" % name, name))
            elif kind == "date":
                d = r.choice(samples["date"])
                month = d[:7]
                q = "date:%s-01..%s-28" % (month, month)
                if r.random() < 0.5:
                    q = "%s %s" % (r.choice(common), q)
                out.append((kind, q, "-"))
            elif kind == "korean":
                w = r.choice(sorted(set(samples["korean"])))
                out.append((kind, w, w))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("articles", type=int)
    ap.add_argument("dest")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-html", action="store_true", help="no zim/ (when ZIM is left out)")
    args = ap.parse_args()
    start = time.time()
    os.makedirs(args.dest, exist_ok=True)
    zim_dir = None if args.no_html else os.path.join(args.dest, "zim")
    if zim_dir:
        write_welcome(zim_dir, args.articles)
    # About 500 articles give words for the queries, whatever N.
    step = max(1, args.articles // 500)
    jobs = [(args.seed, first, min(first + BLOCK, args.articles), zim_dir, step)
            for first in range(0, args.articles, BLOCK)]
    samples = {}
    text_bytes = html_bytes = 0
    tar_path = os.path.join(args.dest, "articles.tar")
    with open(tar_path + ".tmp", "wb") as tar, \
            multiprocessing.Pool(args.jobs, initializer=init, initargs=(args.seed,)) as pool:
        for _, members, t, h, s in pool.imap(make_block, jobs, chunksize=1):
            tar.write(members)
            text_bytes += t
            html_bytes += h
            for k, v in s.items():
                samples.setdefault(k, []).extend(v)
        tar.write(b"\0" * 1024)
    os.replace(tar_path + ".tmp", tar_path)
    with open(os.path.join(args.dest, "queries.tsv"), "w", encoding="utf-8") as f:
        for row in queries(samples, args.seed):
            f.write("\t".join(row) + "\n")
    meta = {"articles": args.articles, "seed": args.seed, "html": not args.no_html,
            "text_bytes": text_bytes, "html_bytes": html_bytes,
            "tar_bytes": os.path.getsize(tar_path), "seconds": round(time.time() - start, 1)}
    with open(os.path.join(args.dest, "corpus.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta))


if __name__ == "__main__":
    sys.exit(main())
