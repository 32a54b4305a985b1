#!/usr/bin/env python3
"""Opens an HTML export of newsarc in headless Chromium and reports everything a reader would
find broken.

Drives chromedriver through the W3C WebDriver HTTP API (standard library only). Opens index.html
and every article page (articles/*/index.html) over file:// and checks, on each page:
  - every <img> loaded (complete, naturalWidth > 0);
  - every link to a local file leads to a file that exists;
  - the browser's console holds no error or warning (a missing resource or a blocked one shows
    up there);
  - the browser requested nothing but file:// URLs (from Chromium's network log);
  - no <script> element exists and the document is UTF-8;
  - every link to a file of an article has a download attribute, and opening the file by its
    URL (with --click: clicking the link, too) shows it inertly: no HTML, SVG or XML document,
    no script that ran;
and, across the site, that the index links every article page and that each page's <title>,
<h1> and index link text agree. With --headlines, the index's link texts must be exactly these
headlines (JSON Lines with a "headline" key, as `newsarc list --json` writes): text survives
escaping unchanged.

Prints one "problem:" line per defect and a summary; exits 1 when there is any problem, 2 when
the browser cannot be driven.

Usage: check_site.py SITE_DIR [--headlines FILE] [--click]
"""
import argparse
import collections
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.parse

from webdriver import CHROMEDRIVER, CHROMIUM, DriverError, WebDriver, requested_urls

PAGE_FACTS = """
const heading = document.querySelector('h1');
return {
  readyState: document.readyState,
  charset: document.characterSet,
  title: document.title,
  h1: heading ? heading.textContent : null,
  scripts: document.scripts.length,
  images: Array.from(document.images).map(i => [i.src, i.complete, i.naturalWidth]),
  links: Array.from(document.querySelectorAll('a[href]'))
      .map(a => [a.href, a.textContent, a.getAttribute('download')]),
  resources: Array.from(document.querySelectorAll('[src], link[href]'))
      .map(e => e.src || e.href),
};
"""


# What a file linked from a page turned into once opened: a document that can run script is a
# problem. The hostile test files' scripts set window.newsarcRan (and the title), so that a
# script that ran is seen even where the type would not tell.
OPENED_FACTS = """
return {
  url: location.href,
  type: document.contentType,
  title: document.title,
  scripts: document.getElementsByTagName('script').length,
  ran: typeof window.newsarcRan !== 'undefined',
};
"""
ACTIVE_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml",
                "application/xml", "text/xsl", "multipart/related", "message/rfc822"}


def file_path(url):
    """The local path a file:// URL names, fragment and query left out."""
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path)


def collapse_whitespace(text):
    return re.sub(r"[ \t\n\f\r]+", " ", text).strip(" \t\n\f\r")


class Checker:
    def __init__(self, site, driver, click=False):
        self.site = os.path.realpath(site)
        self.driver = driver
        self.click = click
        self.problems = []
        self.counts = collections.Counter()

    def problem(self, page, what):
        self.problems.append(f"problem: {os.path.relpath(page, self.site)}: {what}")

    def check_page(self, path):
        """Opens one page; returns its facts for the site-wide checks."""
        self.driver.open("file://" + urllib.parse.quote(path))
        facts = self.driver.run(PAGE_FACTS)
        self.counts["pages"] += 1
        if facts["readyState"] != "complete":
            self.problem(path, f"still {facts['readyState']} after loading")
        if facts["charset"] != "UTF-8":
            self.problem(path, f"document is {facts['charset']}, expected UTF-8")
        if facts["scripts"]:
            self.problem(path, f"{facts['scripts']} <script> elements, expected none")
        for src, complete, width in facts["images"]:
            self.counts["images"] += 1
            if not complete or width == 0:
                self.problem(path, f"broken image {urllib.parse.unquote(src)}")
        for href, _, _ in facts["links"]:
            if href.startswith("file:"):
                self.counts["local links"] += 1
                if not os.path.exists(file_path(href)):
                    self.problem(path, f"link to a missing file {file_path(href)}")
            else:
                self.counts["other links"] += 1
        for url in facts["resources"]:
            if not url.startswith("file:"):
                self.problem(path, f"resource outside the site: {url}")
        for entry in self.driver.logs("browser"):
            if entry["level"] in ("SEVERE", "WARNING"):
                self.problem(path, f"console {entry['level'].lower()}: {entry['message']}")
        for url in requested_urls(self.driver.logs("performance")):
            self.counts["requests"] += 1
            if not url.startswith("file://"):
                self.problem(path, f"requested {url}, expected only file:// URLs")
        self.check_file_links(path, facts)
        return facts

    def is_site_page(self, href):
        return href.startswith("file:") and file_path(href).endswith("/index.html")

    def check_opened(self, page, how, name):
        """The state after opening a linked file: no document that runs or could run script."""
        opened = self.driver.run(OPENED_FACTS)
        if opened["ran"] or opened["title"] == "newsarc-script-ran":
            self.problem(page, f"{how} {name} ran its script")
        elif opened["type"] in ACTIVE_TYPES and not self.is_site_page(opened["url"]):
            self.problem(page, f"{how} {name} opens it as {opened['type']}, which can run script")
        if opened["scripts"] and not self.is_site_page(opened["url"]):
            self.problem(page, f"{how} {name} opens a document with {opened['scripts']} scripts")

    def check_file_links(self, page, facts):
        """Every link to a file of an article (not a page of the site): a download, and opening
        it, by its URL or by a click, shows it inertly."""
        files = [(href, download) for href, _, download in facts["links"]
                 if href.startswith("file:") and not self.is_site_page(href)]
        opened = set()  # a file linked twice (in the body and the list) is opened once
        names = [os.path.relpath(file_path(href), os.path.dirname(page)) for href, _ in files]
        for (href, download), name in zip(files, names):
            self.counts["file links"] += 1
            if not download:
                self.problem(page, f"the link to {name} has no download attribute")
            if href in opened or not os.path.exists(file_path(href)):
                continue  # a missing file is reported; the browser would show its error page
            opened.add(href)
            self.driver.open(href)
            self.check_opened(page, "opening", name)
        if files:
            self.driver.open("file://" + urllib.parse.quote(page))
        if self.click and files:
            selector = "a[href]:not([href$='index.html'])"
            self.driver.click_all(
                selector, lambda i: self.check_opened(page, "clicking the link to", names[i]))
        self.driver.logs("browser")
        self.driver.logs("performance")

    def check_site(self, headlines):
        index = os.path.join(self.site, "index.html")
        articles_dir = os.path.join(self.site, "articles")
        pages = sorted(
            os.path.join(articles_dir, name, "index.html")
            for name in (os.listdir(articles_dir) if os.path.isdir(articles_dir) else []))
        facts = self.check_page(index)
        linked = {}
        for href, text, _ in facts["links"]:
            path = file_path(href)
            if href.startswith("file:") and os.path.dirname(os.path.dirname(path)) == articles_dir:
                linked[path] = text
        for page in pages:
            if page not in linked:
                self.problem(index, f"does not link {os.path.relpath(page, self.site)}")
        for page in sorted(set(linked) - set(pages)):
            self.problem(index, f"links {page}, which is not an article page")
        if headlines is not None:
            got = collections.Counter(linked.values())
            for headline in sorted((headlines - got).elements()):
                self.problem(index, f"no link reads {headline!r}")
            for text in sorted((got - headlines).elements()):
                self.problem(index, f"a link reads {text!r}, which is no article's headline")
        for page in pages:
            page_facts = self.check_page(page)
            expected = linked.get(page)
            # document.title strips and collapses ASCII whitespace; the heading keeps it.
            if expected and (page_facts["title"] != collapse_whitespace(expected) or
                             page_facts["h1"] != expected):
                self.problem(page, f"title {page_facts['title']!r} and heading "
                             f"{page_facts['h1']!r} differ from the index's {expected!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("--headlines")
    parser.add_argument("--click", action="store_true",
                        help="also click every link to a file, as a user would (slower)")
    args = parser.parse_args()
    headlines = None
    if args.headlines:
        with open(args.headlines, encoding="utf-8") as f:
            headlines = collections.Counter(json.loads(line)["headline"] for line in f if line.strip())
    for program in (CHROMIUM, CHROMEDRIVER):
        if not os.access(program, os.X_OK):
            print(f"check_site: {program} is missing; run scripts/install-deps.sh", file=sys.stderr)
            return 2
    work = tempfile.mkdtemp(prefix="newsarc-browser.")
    driver = None
    try:
        driver = WebDriver(work)
        checker = Checker(args.site, driver, args.click)
        checker.check_site(headlines)
    except DriverError as e:
        print(f"check_site: cannot drive the browser: {e}", file=sys.stderr)
        return 2
    finally:
        if driver:
            driver.close()
        shutil.rmtree(work, ignore_errors=True)
    for line in checker.problems:
        print(line)
    counts = ", ".join(f"{checker.counts[what]} {what}" for what in
                       ("pages", "images", "local links", "file links", "other links", "requests"))
    print(f"{args.site}: {counts}; {len(checker.problems)} problems")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main())
