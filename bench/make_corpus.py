#!/usr/bin/python3
"""Article folders for bench.py --goals, made without ../shared: the same folders are given to
newsarc, tar+zstd and zip. Deterministic: the same arguments give the same bytes.

  make_corpus.py tiny N DEST          N folders of a tiny article.json (about 145 bytes: id, short
                                      headline, date, one short paragraph), like the articles of
                                      make_scale_bundle
  make_corpus.py text N DEST          N folders of a text-only article.json of about 6.6 KB of
                                      prose (a generated English-like text, see below)
  make_corpus.py text-only CORPUS DEST  a copy of a gen_corpus.py corpus (../shared/bench, an
                                      optional manual mode) without its images and attachments:
                                      new article.json files, nothing else

Each writes DEST/articles/<name>/article.json. The generated prose is words drawn from a fixed
vocabulary of 2,500 English-like words with Zipf frequencies (exponent 1.25), in sentences of 6
to 30 words; a third of the sentences repeat one of the first 5,000 and 30% of the paragraphs
one of the first 2,000, so that repeats are spread over the whole corpus, in whatever order
tar reads the folders. It compresses about as gen_corpus.py's articles without their images do:
tar+zstd -3 takes 5,000 of them to 24% of their size and newsarc (format 1) to 44%, against 24%
and 46% for the gen_corpus text of the format 2 issue (format 2, 256 KiB clusters: 34%). It is not real text: compare tools on it,
not with other corpora. Standard library only.
"""
import argparse
import bisect
import json
import math
import os
import random
import shutil
import sys

COMMON = ("the of and to a in that is was he for it with as his on be at by had are but from or "
          "have an they which one were her all she there would their we him been has when who will "
          "more no if out so said what up its about into than them can only other new some could "
          "time these two may then do first any my now such like our over man me even most made "
          "after also did many before must through back years where much your way well down "
          "should because each just those people how too little state good very make world still "
          "own see men work long get here between both life being under never day same another "
          "know while last might us great old year off come since against go came right used take "
          "three").split()
TINY_WORDS = ("harbour council budget ferry storm minister said on the city vote school river "
              "bridge market winter police farmers new report after plans").split()
SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge go ha he hi ho la le "
             "li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su "
             "ta te ti to tu va ve vi vo wa we wi ya yo za an en in on un ar er ir or ur al el il "
             "ol st tr pr gr str nd nt rs ck sh th ng").split()
SECTIONS = ["World", "Politics", "Business", "Science", "Sport", "Culture", "Region", "Opinion"]
CITIES = ["Seoul", "Busan", "Geneva", "Lagos", "Lima", "Oslo", "Perth", "Quebec", "Tallinn"]
PUBLISHERS = [("The Daily Ledger", "ledger.example"), ("Harbour Times", "harbour.example"),
              ("Northern Courier", "courier.example"), ("Civic Post", "civicpost.example")]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eun", "Femi", "Gita", "Hugo", "Ines", "Jae", "Kofi", "Lena"]
LAST = ["Kim", "Lee", "Park", "Okafor", "Silva", "Novak", "Haddad", "Berg", "Tanaka", "Moreau"]


class Prose:
    """English-like text: common words first, then made-up words, drawn with Zipf weights."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        made = set()
        words = list(COMMON)
        while len(words) < 2500:
            w = "".join(self.r.choice(SYLLABLES) for _ in range(self.r.choice((1, 2, 2, 3, 3, 4))))
            if w not in made and w not in COMMON:
                made.add(w)
                words.append(w)
        self.words = words
        self.pool = []
        self.paragraph_pool = []
        weights = [1.0 / (k + 1) ** 1.25 for k in range(len(words))]
        total = sum(weights)
        self.cumulative = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cumulative.append(acc)

    def word(self):
        k = bisect.bisect_left(self.cumulative, self.r.random())
        return self.words[min(k, len(self.words) - 1)]

    def sentence(self):
        # Some sentences come back (quotes, boilerplate, agency copy): one of the first few
        # thousand, so that the repeats are spread over the whole corpus, whatever its order.
        if len(self.pool) >= 5000 and self.r.random() < 0.35:
            return self.r.choice(self.pool)
        n = self.r.randint(6, 30)
        words = [self.word() for _ in range(n)]
        if n > 10 and self.r.random() < 0.35:
            words[self.r.randrange(3, n - 3)] += ","
        if self.r.random() < 0.15:
            words[self.r.randrange(1, n)] = str(self.r.randrange(2, 2000))
        text = " ".join(words)
        text = text[0].upper() + text[1:] + "."
        if len(self.pool) < 5000:
            self.pool.append(text)
        return text

    def paragraphs(self, target):
        out, size = [], 0
        while size < target:
            # Whole paragraphs come back too (agency copy, background repeated by later stories).
            if len(self.paragraph_pool) >= 2000 and self.r.random() < 0.3:
                p = self.r.choice(self.paragraph_pool)
            else:
                p = " ".join(self.sentence() for _ in range(self.r.choice((1, 2, 2, 3, 3, 4))))
                if len(self.paragraph_pool) < 2000:
                    self.paragraph_pool.append(p)
            out.append(p)
            size += len(p) + 1
        return out


def write_json(path, doc, indent):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=indent,
                  separators=(",", ": ") if indent else (",", ":"))
        f.write("\n")


def tiny(n, dest):
    """Tiny articles as make_scale_bundle makes them, shorter: about 145 bytes each."""
    r = random.Random(42)
    for i in range(n):
        doc = {"uri": "urn:newsarc:tiny:%09d" % i,
               "headline": " ".join(r.choice(TINY_WORDS) for _ in range(3)),
               "firstcreated": "20%02d-%02d-%02dT%02d:00:00Z" % (10 + i % 15, 1 + i % 12,
                                                                1 + i % 28, i % 24),
               "body": [" ".join(r.choice(TINY_WORDS) for _ in range(5)) + "."]}
        write_json(os.path.join(dest, "articles", "%09d" % i, "article.json"), doc, None)


def text(n, dest):
    """Text-only articles shaped as gen_corpus.py's (its keys, sizes log-normal around 4.8 KB of
    body), with generated prose: about 6.6 KB of article.json each."""
    prose = Prose(4242)
    r = prose.r
    for i in range(n):
        pub = r.choice(PUBLISHERS)
        year, month, day = 2015 + r.randrange(10), 1 + r.randrange(12), 1 + r.randrange(28)
        date = "%04d-%02d-%02dT%02d:%02d:00Z" % (year, month, day, r.randrange(24), r.randrange(60))
        headline = prose.sentence().rstrip(".")
        bylines = []
        for _ in range(r.choice((1, 1, 1, 1, 2, 2, 3))):
            name = "%s %s" % (r.choice(FIRST), r.choice(LAST))
            bylines.append({"name": name, "email": "%s@%s" % (name.lower().replace(" ", "."),
                                                              pub[1]),
                            "role": r.choice(["Staff Reporter", "Correspondent", "Editor"])})
        target = int(min(11000, max(1700, r.lognormvariate(math.log(4800), 0.5))))
        doc = {"uri": "urn:newsml:%s:%s:%06d" % (pub[1], date[:10], i), "type": "text",
               "version": "1", "pubstatus": "usable", "headline": headline,
               "subheadline": "\n".join(prose.sentence().rstrip(".")
                                        for _ in range(r.choice((0, 1, 1, 2)))),
               "bylines": bylines, "versioncreated": date, "firstcreated": date,
               "language": "en", "located": r.choice(CITIES), "publisher": pub[0],
               "copyrightholder": pub[0],
               "copyrightnotice": "Copyright %d %s. All rights reserved." % (year, pub[0]),
               "body": prose.paragraphs(target), "section": r.choice(SECTIONS),
               "keywords": sorted({w.strip(",.") for w in headline.lower().split()
                                   if len(w) > 6})[:5]}
        write_json(os.path.join(dest, "articles", "%06d" % i, "article.json"), doc, 2)


def text_only(corpus, dest):
    """A gen_corpus.py corpus without images and attachments: article.json rewritten, the body's
    blocks that place an image or attachment removed, no other file copied."""
    src = os.path.join(corpus, "articles")
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name, "article.json")
        if not os.path.isfile(path):
            continue
        doc = json.load(open(path, encoding="utf-8"))
        for key in ("images", "attachments"):
            doc.pop(key, None)
        if isinstance(doc.get("associations"), dict):
            doc["associations"].pop("images", None)
            if not doc["associations"]:
                del doc["associations"]
        if isinstance(doc.get("body"), list):
            doc["body"] = [b for b in doc["body"]
                           if not (isinstance(b, dict) and ("image" in b or "attachment" in b))]
        write_json(os.path.join(dest, "articles", name, "article.json"), doc, 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("kind", choices=["tiny", "text", "text-only"])
    ap.add_argument("source", help="N (tiny, text) or a gen_corpus.py corpus (text-only)")
    ap.add_argument("dest")
    args = ap.parse_args()
    if os.path.exists(args.dest):
        shutil.rmtree(args.dest)
    if args.kind == "text-only":
        if not os.path.isdir(os.path.join(args.source, "articles")):
            sys.exit("make_corpus: %s holds no articles/" % args.source)
        text_only(args.source, args.dest)
    else:
        n = int(args.source)
        (tiny if args.kind == "tiny" else text)(n, args.dest)


if __name__ == "__main__":
    main()
