// render.h: text, Markdown and HTML show every part of an article, each image at its place, and
// never let article text act as markup.
#include <archive_news/render.h>
#include <doctest/doctest.h>

#include <string>

#include "test_support.h"
#include "toolkit/render/html_text.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

// The article of smallArticle() with content sizes filled in as a reader returns them.
Article harbour() {
  Article a = smallArticle("urn:test:harbour").article;
  a.subheadlines = {"Ferries run again"};
  a.located = "Busan";
  a.copyrightnotice = "© Example News";
  a.usageterms = "Archive use only";
  a.attachments[0].content.size = 1234;
  return a;
}

// True when each text occurs in `page`, in this order.
bool inOrder(const std::string& page, std::initializer_list<std::string> texts) {
  std::size_t at = 0;
  for (const std::string& text : texts) {
    at = page.find(text, at);
    if (at == std::string::npos) return false;
    at += text.size();
  }
  return true;
}

}  // namespace

TEST_CASE("text shows every part, the image's caption and credit between its paragraphs") {
  const std::string text = renderArticleText(harbour());
  CHECK(text.starts_with("Harbour reopens after storm\n  Ferries run again\n"));
  CHECK(text.find("By Kim Min-ji (reporter) <minji@example.org>\n") != std::string::npos);
  CHECK(text.find("2024-03-01T09:30:00+09:00, Busan\n") != std::string::npos);
  CHECK(inOrder(text, {"The harbour reopened on Friday.",
                       "[image: photo.jpg] The harbour at dawn. (Example/Agency)",
                       "Ferries resumed at noon."}));
  CHECK(inOrder(text, {"Attachments:\n", "  notice.txt (text/plain; charset=utf-8): Port notice\n",
                       "© Example News"}));
}

TEST_CASE("the publication status: a Status line, and a notice above a withheld headline") {
  Article a = harbour();
  CHECK(renderArticleText(a).find("Status:") == std::string::npos);
  CHECK(renderArticleHtml(a).find("class=\"pubstatus\"") == std::string::npos);
  a.pubstatus = "usable";
  CHECK(renderArticleText(a).find("\nStatus: usable\n") != std::string::npos);
  CHECK(renderArticleHtml(a).find("class=\"pubstatus\"") == std::string::npos);  // no notice
  CHECK(renderArticleHtml(a).find("<dt>Status</dt><dd>usable</dd>") != std::string::npos);
  a.pubstatus = "withheld";
  const std::string text = renderArticleText(a);
  CHECK(inOrder(text, {"2024-03-01T09:30:00+09:00, Busan\n", "Status: withheld\n",
                       "The harbour reopened on Friday."}));
  CHECK(renderArticleMarkdown(a).find("\nStatus: withheld\n") != std::string::npos);
  std::string page = renderArticleHtml(a);
  CHECK(inOrder(page, {"<header>\n<p class=\"pubstatus\" role=\"note\"><strong>Withheld</strong>",
                       "<h1>Harbour reopens after storm</h1>"}));
  a.pubstatus = "canceled";
  page = renderArticleHtml(a);
  CHECK(page.find("<strong>Canceled</strong>: the source withdrew this article.") !=
        std::string::npos);
  CHECK(page.find("<dt>Status</dt><dd>canceled</dd>") != std::string::npos);
}

TEST_CASE("Markdown escapes article text and links files by URL-safe names") {
  Article a = harbour();
  a.headline = "*Not* [a](link) <b>#1</b>";
  a.images[0].fileName = "my photo (1).jpg";
  const std::string md = renderArticleMarkdown(a);
  CHECK(md.starts_with("# \\*Not\\* \\[a\\](link) \\<b\\>\\#1\\</b\\>\n"));
  CHECK(inOrder(
      md, {"The harbour reopened on Friday.", "![Boats in a harbour](my%20photo%20%281%29.jpg)",
           "*The harbour at dawn. (Example/Agency)*", "Ferries resumed at noon."}));
  CHECK(md.find("- [notice.txt](notice.txt) (text/plain; charset=utf-8): Port notice") !=
        std::string::npos);
}

TEST_CASE("HTML escapes text and attributes and never carries markup of the article's") {
  Article a = harbour();
  a.headline = "<script>alert(\"x\")</script> & 'q'";
  a.images[0].alt = "a \"quoted\" <alt>";
  a.body.emplace_back(Paragraph{std::string("line one\nline two \x01")});
  const std::string page = renderArticleHtml(a);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"
                  "</title>") != std::string::npos);
  CHECK(page.find("<h1>&lt;script&gt;") != std::string::npos);
  CHECK(page.find("alt=\"a &quot;quoted&quot; &lt;alt&gt;\"") != std::string::npos);
  CHECK(page.find("<p>line one<br>\nline two &#xFFFD;</p>") != std::string::npos);
  CHECK(page.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(page.find("http://") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
}

TEST_CASE("HTML places each image with caption, credit, byline and alt and lists attachments") {
  Article a = harbour();
  a.images[0].fileName = "photos/bild #1 100%?.jpg";
  a.images[0].byline = "Lee Photographer";
  Image unplaced = a.images[0];
  unplaced.name = "second";
  unplaced.fileName = "사진.png";
  unplaced.caption.reset();
  unplaced.alt = "Only an alt text";
  a.images.push_back(unplaced);
  HtmlPageOptions options;
  options.filesPrefix = "files/";
  const std::string page = renderArticleHtml(a, options);
  CHECK(inOrder(page, {"<p>The harbour reopened on Friday.</p>", "<figure class=\"image\">",
                       "<img src=\"files/photos/bild%20%231%20100%25%3F.jpg\" "
                       "alt=\"Boats in a harbour\" width=\"4\" height=\"3\">",
                       "<span class=\"caption\">The harbour at dawn.</span>",
                       "<span class=\"byline\">Lee Photographer</span> / "
                       "<span class=\"credit\">Example/Agency</span>",
                       "<p>Ferries resumed at noon.</p>"}));
  // An image the body does not place follows it; without a caption its alt text is shown.
  CHECK(inOrder(
      page, {"Ferries resumed at noon.", "<h2>Images</h2>", "src=\"files/%EC%82%AC%EC%A7%84.png\"",
             "<span class=\"alt\">Only an alt text</span>"}));
  CHECK(inOrder(page, {"<h2>Attachments</h2>",
                       "<a href=\"files/notice.txt\" download=\"notice.txt\">notice.txt</a>",
                       "text/plain; charset=utf-8, 1.2 KB", "Port notice"}));
  CHECK(inOrder(page, {"<footer class=\"record\">", "© Example News", "Archive use only",
                       "<code>urn:test:harbour</code>"}));
}

TEST_CASE("HTML blocks: headings below the headline, quotes, attachment links, dates") {
  Article a = harbour();
  a.body = {Heading{1, "Top"}, Heading{4, "Deep"}, Quote{"We sail.", "A captain"},
            AttachmentBlock{0}};
  a.versioncreated = "2024-03-02T01:00:00Z";
  const std::string page = renderArticleHtml(a);
  CHECK(page.find("<h2>Top</h2>") != std::string::npos);
  CHECK(page.find("<h4>Deep</h4>") != std::string::npos);
  CHECK(page.find("<blockquote><p>We sail.</p></blockquote>\n<figcaption>— A captain") !=
        std::string::npos);
  CHECK(page.find("<p class=\"attachment\"><a href=\"notice.txt\" download=\"notice.txt\">Port "
                  "notice</a>") != std::string::npos);
  CHECK(page.find("<time datetime=\"2024-03-01T09:30:00+09:00\">2024-03-01 09:30 +09:00</time>, "
                  "updated <time datetime=\"2024-03-02T01:00:00Z\">2024-03-02 01:00 UTC</time>") !=
        std::string::npos);
}

TEST_CASE("HTML links a file a browser would run (HTML, SVG, XML, no extension) as text") {
  Article a = harbour();
  const Attachment notice = a.attachments[0];
  a.attachments.clear();
  for (const char* name : {"page.html", "Page.HTML.txt", "x.svg", "data.xml", "README",
                           "docs/report.pdf", "clip.MP4", "x.svg.txt", "chart.svg"}) {
    a.attachments.push_back(notice);
    a.attachments.back().fileName = name;
  }
  a.images[0].fileName = "chart.svg";  // an <img> runs no script: the SVG keeps its name
  Image page = a.images[0];
  page.fileName = "frame.htm";
  a.images.push_back(page);
  const std::vector<HtmlFile> files = htmlFiles(a);
  std::vector<std::string> names;
  for (const HtmlFile& file : files) names.push_back(file.htmlName);
  // Kept: the inert names, "Page.HTML.txt" and "x.svg.txt" among them; then ".txt" added, or
  // "-2.txt" where the article has that name already (case ignored).
  CHECK(names == std::vector<std::string>{"chart.svg", "frame.htm.txt", "page.html-2.txt",
                                          "Page.HTML.txt", "x.svg-2.txt", "data.xml.txt",
                                          "README.txt", "docs/report.pdf", "clip.MP4", "x.svg.txt",
                                          "chart.svg.txt"});
  CHECK(files[0].image);
  CHECK_FALSE(files[2].image);
  const std::string html = renderArticleHtml(a);
  CHECK(html.find("<img src=\"chart.svg\"") != std::string::npos);
  CHECK(html.find("<img src=\"frame.htm.txt\"") != std::string::npos);
  CHECK(html.find("<a href=\"page.html-2.txt\" download=\"page.html\">page.html</a>") !=
        std::string::npos);
  CHECK(html.find("<a href=\"docs/report.pdf\" download=\"report.pdf\">") != std::string::npos);
  CHECK(html.find("<a href=\"chart.svg.txt\" download=\"chart.svg\">") != std::string::npos);
  CHECK(html.find("href=\"page.html\"") == std::string::npos);
  CHECK(html.find("href=\"x.svg\"") == std::string::npos);
  CHECK(html.find("href=\"chart.svg\"") == std::string::npos);
}

TEST_CASE("HTML links only web URLs, links a style sheet or inlines it, and links the index") {
  Article a = harbour();
  a.url = "javascript:alert(1)";
  std::string page = renderArticleHtml(a);
  CHECK(page.find("<dd>javascript:alert(1)</dd>") != std::string::npos);
  CHECK(page.find("href=\"javascript") == std::string::npos);
  CHECK(page.find("<style>") != std::string::npos);
  CHECK(page.find("<nav>") == std::string::npos);
  a.url = "https://news.example/a?b=1&c=2";
  HtmlPageOptions options;
  options.styleSheetHref = "../../style.css";
  options.indexHref = "../../index.html";
  page = renderArticleHtml(a, options);
  CHECK(page.find("<a href=\"https://news.example/a?b=1&amp;c=2\" rel=\"noreferrer\">") !=
        std::string::npos);
  CHECK(page.find("<link rel=\"stylesheet\" href=\"../../style.css\">") != std::string::npos);
  CHECK(page.find("<style>") == std::string::npos);
  CHECK(page.find("<nav><a href=\"../../index.html\">") != std::string::npos);
  CHECK(articleHtmlStyleSheet().find("max-width: 100%") != std::string::npos);
}

TEST_CASE("HTML helpers: escaping, URL paths and times") {
  using namespace archive_news::internal;
  CHECK(escapeHtml("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  CHECK(urlPath("a b/c#d%e?f:g.jpg") == "a%20b/c%23d%25e%3Ff%3Ag.jpg");
  CHECK(urlPath("é") == "%C3%A9");
  CHECK(isWebUrl("HTTPS://x.example"));
  CHECK_FALSE(isWebUrl("javascript:alert(1)"));
  CHECK_FALSE(isWebUrl("http://"));
  CHECK(displayTime("2019-06-30") == "2019-06-30");
  CHECK(displayTime("2024-03-01T12:10:30.5-05:00") == "2024-03-01 12:10:30 -05:00");
  CHECK(utcSeconds("1970-01-02") == 86400);
  CHECK(utcSeconds("1970-01-01T09:00:00+09:00") == 0);
  CHECK(utcSeconds("1970-01-01T00:00:00-01:00") == 3600);
  CHECK_FALSE(utcSeconds("2019-02-30").has_value());
  CHECK_FALSE(utcSeconds("yesterday").has_value());
}
