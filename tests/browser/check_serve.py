#!/usr/bin/env python3
"""Browses a running `newsarc serve` in headless Chromium as a reader would, and reports what a
reader would find broken.

Drives chromedriver through the W3C WebDriver HTTP API (webdriver.py, standard library only):
  - the home page links the month pages; a month page links the article;
  - the article page shows every image (complete, naturalWidth > 0) and links its attachments;
  - each search typed into the form (no script: a plain GET form) lists the article it must find,
    its snippet with a <mark>;
  - clicking an attachment's link downloads it, with the bytes of the file it was packed from;
  - on every page: no <script>, UTF-8, no console error or warning, and nothing requested but
    URLs of the server itself (Chromium's network log);
and saves a screenshot of the article page and of the search results.

Prints one "problem:" line per defect and a summary; exits 1 when there is any problem, 2 when
the browser cannot be driven.

Usage: check_serve.py URL --month YYYY-MM --article ID [--find WORDS ID]...
         [--attachment FILE] [--screenshot-article PNG] [--screenshot-search PNG]
(IDs of articles of the first bundle served; the screenshot of the last search's results.)
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
import urllib.parse

from webdriver import CHROMEDRIVER, CHROMIUM, DriverError, WebDriver, requested_urls

PAGE_FACTS = """
return {
  url: location.href,
  readyState: document.readyState,
  charset: document.characterSet,
  title: document.title,
  scripts: document.getElementsByTagName('script').length,
  images: Array.from(document.images).map(i => [i.src, i.complete, i.naturalWidth]),
  links: Array.from(document.querySelectorAll('a[href]'))
      .map(a => [a.href, a.textContent, a.getAttribute('download')]),
  marks: Array.from(document.querySelectorAll('mark')).map(m => m.textContent),
  hits: Array.from(document.querySelectorAll('ol.articles li')).map(li => [
      li.querySelector('h3 a') ? li.querySelector('h3 a').href : null,
      li.querySelectorAll('.snippet mark').length]),
};
"""


class Browse:
    def __init__(self, base, driver):
        self.base = base
        self.driver = driver
        self.problems = []
        self.pages = 0
        self.requests = 0
        self.hits = 0

    def problem(self, what):
        self.problems.append(f"problem: {what}")

    def look(self, name, expected_error=None):
        """The facts of the page now open, after the checks every page must pass; a console
        error naming `expected_error` (the URL of a page that must be a 404) is no problem."""
        facts = self.driver.run(PAGE_FACTS)
        self.pages += 1
        if facts["readyState"] != "complete":
            self.problem(f"{name}: still {facts['readyState']} after loading")
        if facts["charset"] != "UTF-8":
            self.problem(f"{name}: document is {facts['charset']}, expected UTF-8")
        if facts["scripts"]:
            self.problem(f"{name}: {facts['scripts']} <script> elements, expected none")
        for src, complete, width in facts["images"]:
            if not complete or width == 0:
                self.problem(f"{name}: broken image {src}")
        self.check_logs(name, expected_error)
        return facts

    def check_logs(self, name, expected_error=None):
        for entry in self.driver.logs("browser"):
            if expected_error and expected_error in entry["message"]:
                continue
            if entry["level"] in ("SEVERE", "WARNING"):
                self.problem(f"{name}: console {entry['level'].lower()}: {entry['message']}")
        for url in requested_urls(self.driver.logs("performance")):
            self.requests += 1
            if not url.startswith(self.base):
                self.problem(f"{name}: requested {url}, expected only {self.base} URLs")

    def open(self, url, name, expected_error=None):
        self.driver.open(url)
        return self.look(name, expected_error)

    def link_to(self, facts, name, part):
        """The first link of the page whose URL holds `part`; None (a problem) when none does."""
        for href, _, _ in facts["links"]:
            if part in href:
                return href
        self.problem(f"{name}: no link to {part}")
        return None

    def run(self, args, downloads):
        article_part = "/article/0/" + urllib.parse.quote(args.article, safe="") + "/"
        home = self.open(self.base, "home page")
        month_url = self.link_to(home, "home page", f"/month/{args.month}")
        if month_url:
            month = self.open(month_url, "month page")
            self.link_to(month, "month page", article_part)
        article = self.open(self.base.rstrip("/") + article_part, "article page")
        if not article["images"]:
            self.problem("article page: no image")
        if args.screenshot_article:
            with open(args.screenshot_article, "wb") as f:
                f.write(self.driver.screenshot())
        if args.attachment:
            self.download(article, args.attachment, downloads)
        for words, wanted in args.find or []:
            self.search(words, wanted, args.screenshot_search)
        missing = self.open(self.base + "no/such/page", "a missing page",
                            self.base + "no/such/page")
        if "404" not in missing["title"]:
            self.problem(f"a missing page: title {missing['title']!r}, expected a 404 page")

    def download(self, article, expected_file, downloads):
        name = os.path.basename(expected_file)
        links = [href for href, _, download in article["links"]
                 if download == name and "/files/" in href]
        if not links:
            self.problem(f"article page: no download link for {name}")
            return
        self.driver.click(f'a[download="{name}"]')
        saved = os.path.join(downloads, name)
        with open(expected_file, "rb") as f:
            expected = f.read()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if os.path.exists(saved) and os.path.getsize(saved) == len(expected):
                break
            time.sleep(0.1)
        if not os.path.exists(saved):
            self.problem(f"clicking the link to {name} saved nothing in {downloads}: "
                         f"{sorted(os.listdir(downloads))}")
        else:
            with open(saved, "rb") as f:
                if f.read() != expected:
                    self.problem(f"the download of {name} differs from {expected_file}")
        self.check_logs("the download")

    def search(self, words, wanted, screenshot):
        """Types the words into the home page's form and sends it, as a reader would."""
        self.open(self.base, "home page")
        self.driver.type_into('input[name="q"]', words)
        self.driver.click('form.search button')
        time.sleep(0.3)
        results = self.look("search results")
        expected = "q=" + urllib.parse.quote_plus(words)
        if expected not in results["url"]:
            self.problem(f"search results: at {results['url']}, expected a URL with {expected}")
        article_part = "/article/0/" + urllib.parse.quote(wanted, safe="") + "/"
        hits = [marks for href, marks in results["hits"] if href and article_part in href]
        if not hits:
            self.problem(f"search results: {wanted} is not a hit of {words!r}")
        elif hits[0] == 0:
            self.problem(f"search results: the hit {wanted} of {words!r} has no <mark>")
        if screenshot:
            with open(screenshot, "wb") as f:
                f.write(self.driver.screenshot())
        self.hits += len(results["hits"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--month", required=True)
    parser.add_argument("--article", required=True, help="the id of an article of bundle 0")
    parser.add_argument("--find", nargs=2, action="append", metavar=("WORDS", "ID"),
                        help="a search, and the id of an article it must find")
    parser.add_argument("--attachment", help="the file of one of its attachments, to download")
    parser.add_argument("--screenshot-article")
    parser.add_argument("--screenshot-search")
    args = parser.parse_args()
    for program in (CHROMIUM, CHROMEDRIVER):
        if not os.access(program, os.X_OK):
            print(f"check_serve: {program} is missing; run scripts/install-deps.sh", file=sys.stderr)
            return 2
    work = tempfile.mkdtemp(prefix="newsarc-browser.")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    driver = None
    browse = None
    try:
        driver = WebDriver(work)
        driver.allow_downloads(downloads)
        browse = Browse(args.url, driver)
        browse.run(args, downloads)
    except DriverError as e:
        print(f"check_serve: cannot drive the browser: {e}", file=sys.stderr)
        return 2
    finally:
        if driver:
            driver.close()
        shutil.rmtree(work, ignore_errors=True)
    for line in browse.problems:
        print(line)
    print(f"{args.url}: {browse.pages} pages, {browse.hits} hits, "
          f"{browse.requests} requests; {len(browse.problems)} problems")
    return 1 if browse.problems else 0


if __name__ == "__main__":
    sys.exit(main())
