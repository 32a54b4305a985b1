// The head, policy and style sheet of newsarc's HTML pages.
#include "toolkit/render/html_page.h"

#include <archive_news/render.h>

#include "toolkit/render/html_text.h"

namespace archive_news {
namespace {

// The browser itself holds the page to what it promises: no script runs and nothing is loaded
// but images and style from where the page lies, even should article text ever slip through
// unescaped. "file:" beside 'self' because browsers differ on whether 'self' covers a page
// opened from disk.
constexpr std::string_view kPolicy =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "img-src 'self' file:; style-src 'self' file: 'unsafe-inline'; base-uri 'none'\">\n";

// Local fonts only (a page must not fetch any); a serif for reading, sans-serif for labels; light
// and dark; images never wider than the column.
constexpr std::string_view kStyleSheet = R"css(/* newsarc: pages of archived articles */
:root {
  color-scheme: light dark;
  --text: #1f2023; --muted: #5d6068; --rule: #dcdbd6; --page: #fcfcfa; --panel: #f0efea;
  --accent: #1d4f91;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "Noto Serif",
    "DejaVu Serif", "Noto Serif CJK KR", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans",
    "DejaVu Sans", "Noto Sans CJK KR", sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e7e5e0; --muted: #a6a9b0; --rule: #3b3c40; --page: #16171a; --panel: #24252a;
    --accent: #8fb6f2;
  }
}
* { box-sizing: border-box; }
html { background: var(--page); color: var(--text); -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 44rem; padding: 1.5rem 1.25rem 4rem;
  font: 1.125rem/1.65 var(--serif); overflow-wrap: break-word;
}
nav, header .section, .pubstatus, .bylines, .dateline, figcaption, .facts, .record, .site-meta,
.index .meta, .month { font-family: var(--sans); }
a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: .15em; }
nav { font-size: .9rem; margin-bottom: 2rem; }
nav a { text-decoration: none; }
header { border-bottom: 1px solid var(--rule); padding-bottom: 1.1rem; margin-bottom: 1.75rem; }
.section {
  margin: 0; font-size: .78rem; font-weight: 600; letter-spacing: .08em; text-transform: uppercase;
  color: var(--accent);
}
h1 { font-size: 2.3rem; line-height: 1.15; margin: .3em 0 .5em; letter-spacing: -.01em; }
h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.8em 0 .5em; }
h2 { font-size: 1.45rem; }
h3 { font-size: 1.2rem; }
.subheadline { font-size: 1.2rem; line-height: 1.4; color: var(--muted); margin: 0 0 .45em; }
.pubstatus {
  font-size: .9rem; margin: 0 0 1rem; padding: .5rem .75rem; background: var(--panel);
  border-left: 4px solid #b3261e;
}
.bylines, .dateline { font-size: .9rem; margin: .25em 0; color: var(--muted); }
.bylines { margin-top: 1.2rem; color: var(--text); }
.bylines .name { font-weight: 600; }
.body p { margin: 0 0 1.15em; }
figure { margin: 2.2rem 0; }
figure.image img {
  display: block; max-width: 100%; height: auto; margin: 0 auto; background: var(--panel);
}
figcaption {
  font-size: .86rem; line-height: 1.45; color: var(--muted); margin-top: .65rem;
  padding-left: .75rem; border-left: 3px solid var(--rule);
}
figcaption .caption { color: var(--text); }
figcaption .alt { font-style: italic; }
.credits { font-size: .74rem; letter-spacing: .05em; text-transform: uppercase; }
figure.quote { padding-left: 1.25rem; border-left: 4px solid var(--accent); }
blockquote { margin: 0; font-size: 1.25rem; line-height: 1.45; font-style: italic; }
blockquote p { margin: 0; }
figure.quote figcaption { border: 0; padding: 0; }
.attachment a, .attachments a { font-weight: 600; }
.facts { font-size: .8rem; color: var(--muted); }
section.images, section.attachments {
  margin-top: 2.5rem; border-top: 1px solid var(--rule);
}
.attachments ul { padding-left: 1.2rem; }
.attachments li { margin-bottom: .7rem; }
.description { font-size: .95rem; }
.record {
  margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); font-size: .85rem;
  color: var(--muted);
}
.record p { margin: 0 0 .6rem; }
.record .rights { color: var(--text); }
.record dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; }
.record dt { font-weight: 600; }
.record dd { margin: 0; min-width: 0; }
.keywords { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem; }
.keywords li { background: var(--panel); border-radius: 1rem; padding: 0 .65rem; }
code { font-size: .92em; overflow-wrap: anywhere; }
.site-meta { color: var(--muted); font-size: .9rem; margin: 0; }
.month {
  font-size: .8rem; font-weight: 600; letter-spacing: .08em; text-transform: uppercase;
  color: var(--muted); border-bottom: 1px solid var(--rule); padding-bottom: .35rem;
  margin: 2.5rem 0 1.2rem;
}
ol.articles { list-style: none; margin: 0; padding: 0; }
ol.articles li { margin: 0 0 1.6rem; }
ol.articles h3 { font-size: 1.3rem; margin: .15rem 0 .25rem; }
ol.articles h3 a { color: var(--text); text-decoration: none; }
ol.articles h3 a:hover, ol.articles h3 a:focus { text-decoration: underline; }
ol.articles .subheadline { font-size: 1rem; margin: 0 0 .2rem; }
ol.articles .bylines { margin: 0; font-weight: normal; }
.index .meta { font-size: .8rem; color: var(--muted); margin: 0; }
@media (max-width: 34rem) {
  h1 { font-size: 1.8rem; }
  .record dl { grid-template-columns: 1fr; }
}
@media print {
  nav { display: none; }
  html { background: none; }
  a { color: inherit; }
  figure { break-inside: avoid; }
}
)css";

}  // namespace

std::string articleHtmlStyleSheet() { return std::string(kStyleSheet); }

namespace internal {

std::string pageStart(std::string_view title, const std::string& styleSheetHref) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += kPolicy;
  out += "<title>" + escapeHtml(title) + "</title>\n";
  if (styleSheetHref.empty()) {
    out += "<style>\n" + std::string(kStyleSheet) + "</style>\n";
  } else {
    out += "<link rel=\"stylesheet\" href=\"" + escapeHtml(styleSheetHref) + "\">\n";
  }
  return out + "</head>\n<body>\n";
}

std::string pageEnd() { return "</body>\n</html>\n"; }

}  // namespace internal
}  // namespace archive_news
