#!/usr/bin/env python3
"""Writes a corpus of article folders for the HTML export tests, made from nothing but the
repository's samples and generated images.

Every article differs: its id (some ids map to one folder name, so extract adds "-2"), its date
(date alone, UTC, offsets east and west of Greenwich, or none), its images (each a PNG of its own
colours, some the samples' photographs), its text (Hangul, Arabic, emoji, and text that looks like
markup: "<script>", "&amp;", quotes) and its file names (spaces, '#', '%', '?', ';', Hangul, a
subfolder, a Windows device name, and an attachment named index.html).

Usage: make_corpus.py SAMPLES_DIR OUT_DIR COUNT
"""
import json
import os
import shutil
import struct
import sys
import zlib

HEADLINES = [
    "Harbour reopens after the storm",
    "<script>alert('headline')</script> & \"quotes\" <b>not bold</b>",
    "부산–제주 여객선 운항 재개",
    "Rates & prices: 5 < 7 > 3, 'single' and \"double\"",
    "افتتاح المكتبة الجديدة في المدينة",
    "Emoji survive 📰🗞️ and so do non‑breaking\u00a0spaces",
    "Council votes &amp; entities stay text: &lt;b&gt;",
]

IMAGE_NAMES = [
    "photo {i}.png",
    "bild #{i} 100%.png",
    "사진 {i}.png",
    "sub dir/a?b {i}.png",
    "con.png",
    "semi;colon&amp {i}.png",
]


def png(width, height, top, bottom):
    """A PNG of a vertical gradient between two RGB colours."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = bytearray()
    for y in range(height):
        colour = bytes(round(a + (b - a) * y / max(height - 1, 1)) for a, b in zip(top, bottom))
        rows += b"\x00" + colour * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


def date_of(i):
    """Dates spread over ten years in every form RFC 3339 allows; every 13th article undated."""
    if i % 13 == 5:
        return None
    year, month, day = 2015 + i % 10, 1 + (i * 7) % 12, 1 + (i * 11) % 28
    day_text = f"{year:04d}-{month:02d}-{day:02d}"
    forms = [day_text, f"{day_text}T{i % 24:02d}:{i % 60:02d}:00Z",
             f"{day_text}T08:30:15+09:00", f"{day_text}T23:05:00-05:00",
             f"{day_text}T12:00:00.250+01:00"]
    return forms[i % len(forms)]


def uri_of(i, date):
    """Ids of several shapes; every 17th collides with the one before in its folder name."""
    if i % 17 == 1:
        return f"urn:newsarc:corpus/story-{i - 1}"
    if i % 5 == 3:
        return f"https://news.example/{(date or 'undated')[:10]}/story?id={i}#top"
    return f"urn:newsarc:corpus:story-{i}"


def image_files(i, folder, samples):
    """The article's images: generated PNGs (unique bytes) and now and then a sample photo."""
    images = []
    for k in range(i % 4):
        name = IMAGE_NAMES[(i + k) % len(IMAGE_NAMES)].format(i=i)
        if k == 2:
            name = f"sample {i}.jpg"
            shutil.copyfile(os.path.join(samples, "busan-ferries", "ferry.jpg"),
                            os.path.join(folder, name))
        else:
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            top = ((i * 37) % 256, (i * 91 + k * 50) % 256, (i * 53) % 256)
            with open(path, "wb") as f:
                f.write(png(320 + 40 * k, 180, top, (255 - top[0], 240, 230 - k * 60)))
        image = {"name": f"image{k}", "file": name,
                 "mediatype": "image/jpeg" if name.endswith(".jpg") else "image/png"}
        if k % 2 == 0:
            image["caption"] = f"Caption {i}.{k} with <em>markup</em> & \"quotes\""
            image["credit"] = "newsarc corpus"
        if k != 1:
            image["alt"] = f"Generated picture {i}.{k}"
        if i % 3 == 0:
            image["byline"] = "Kim Photographer"
        images.append(image)
    return images


def attachment_files(i, folder):
    attachments = []
    if i % 3 == 0:
        name = f"notes {i}; draft #1.txt"
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(f"Notes for story {i}\n")
        attachments.append({"name": "notes", "file": name, "mediatype": "text/plain",
                            "description": "Reporter's notes <raw>"})
    if i % 7 == 0:
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
            f.write("<!DOCTYPE html><title>attachment</title><p>An attached page.</p>\n")
        attachments.append({"name": "page", "file": "index.html", "mediatype": "text/html"})
    return attachments


def article(i, folder, samples):
    date = date_of(i)
    images = image_files(i, folder, samples)
    attachments = attachment_files(i, folder)
    body = [f"Paragraph one of story {i}. It mentions <tags>, & ampersands and \"quotes\"."]
    if i % 4 == 0:
        body.append({"heading": f"Part {i % 3 + 1}", "level": 1 + i % 3})
    for k, image in enumerate(images):
        if k != 1 or i % 8 != 1:  # now and then an image the body does not place
            body.append({"image": image["name"]})
        body.append(f"Paragraph after image {k}.\nA second line in the same paragraph.")
    if i % 5 == 0:
        body.append({"quote": "We will be back tomorrow.", "attribution": "A ferry captain"})
    if attachments:
        body.append({"attachment": attachments[0]["name"]})
    result = {
        "uri": uri_of(i, date),
        "headline": f"{HEADLINES[i % len(HEADLINES)]} ({i})",
        "subheadlines": [f"Subheadline of story {i}"] if i % 2 == 0 else [],
        "bylines": [{"name": f"Reporter {i % 9}", "role": "reporter",
                     "email": f"reporter{i % 9}@news.example"}] if i % 6 else [],
        "language": ["en", "ko", "ar", "de"][i % 4],
        "located": "Busan" if i % 2 else "Seoul",
        "section": "Local & Regional" if i % 2 else "World",
        "keywords": ["corpus", f"story {i}"],
        "copyrightnotice": "Copyright © newsarc tests",
        "usageterms": "For testing only",
        "url": "javascript:alert('url')" if i % 11 == 0 else f"https://news.example/{i}",
        "body": body,
        "images": images,
        "attachments": attachments,
    }
    if date:
        result["firstcreated"] = date
        if i % 9 == 0:
            result["versioncreated"] = date
    return result


def main():
    samples, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(count):
        folder = os.path.join(out, f"a{i:04d}")
        os.makedirs(folder)
        with open(os.path.join(folder, "article.json"), "w", encoding="utf-8") as f:
            json.dump(article(i, folder, samples), f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
