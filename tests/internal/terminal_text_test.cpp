// Hostile text never reaches a terminal (issue 13): terminalSafe() escapes controls, C1, bidi
// marks and invalid UTF-8; the renderings, Error::what() and the tool's reports go through it.
// The width functions count East Asian wide characters as two columns whatever the locale.
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/render.h>
#include <archive_news/terminal_text.h>
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <string>

#include "core/sign/signer.h"
#include "signature_section_edit.h"
#include "test_support.h"

namespace an = archive_news;
using an::terminalSafe;

TEST_CASE("terminalSafe: controls, DEL, C1, bidi and separators are escaped, exactly") {
  CHECK(terminalSafe("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(terminalSafe("one\ntwo\tthree\rfour") == "one\\ntwo\\tthree\\rfour");
  CHECK(terminalSafe(std::string("nul\0byte", 8)) == "nul\\x00byte");
  CHECK(terminalSafe("bell\x07 del\x7f") == "bell\\x07 del\\x7f");
  CHECK(terminalSafe("\xc2\x9b"
                     "31m") == "\\u009b31m");    // C1 CSI
  CHECK(terminalSafe("\xc2\x85") == "\\u0085");  // NEL
  CHECK(terminalSafe("abc\u202edef") == "abc\\u202edef");
  CHECK(terminalSafe("\u2066x\u2069\u200e\u200f\u061c") == "\\u2066x\\u2069\\u200e\\u200f\\u061c");
  CHECK(terminalSafe("\u202a\u202b\u202c\u202d") == "\\u202a\\u202b\\u202c\\u202d");
  CHECK(terminalSafe("line\u2028para\u2029") == "line\\u2028para\\u2029");
}

TEST_CASE("terminalSafe: each byte of invalid UTF-8 is \\xHH and valid text is kept") {
  CHECK(terminalSafe("\xff") == "\\xff");
  CHECK(terminalSafe("a\xc3") == "a\\xc3");                           // cut short
  CHECK(terminalSafe("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
  CHECK(terminalSafe("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a surrogate
  CHECK(terminalSafe("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  CHECK(terminalSafe("\x80x") == "\\x80x");                           // a lone continuation byte
  const std::string fine = "부산–제주 여객선 🌼 café e\u0301 C:\\path \u00a0 \u200d";
  CHECK(terminalSafe(fine) == fine);
}

TEST_CASE("terminalSafe: idempotent, one line, no byte below 0x20") {
  static constexpr char kHostile[] = "x\x1b]0;t\x07\n\x9b\xff\0\u202e";
  const std::string hostile(kHostile, sizeof kHostile - 1);
  const std::string once = terminalSafe(hostile);
  CHECK(terminalSafe(once) == once);
  for (const char c : once) CHECK(static_cast<unsigned char>(c) >= 0x20);
  CHECK(once.find('\x7f') == std::string::npos);
}

TEST_CASE("displayWidth: wide CJK and emoji take two columns, combining marks none") {
  CHECK(an::displayWidth("abc") == 3);
  CHECK(an::displayWidth("한국") == 4);
  CHECK(an::displayWidth("漢字かな") == 8);
  CHECK(an::displayWidth("ＡＢ") == 4);  // fullwidth
  CHECK(an::displayWidth("🌼") == 2);
  CHECK(an::displayWidth("e\u0301") == 1);
  CHECK(an::displayWidth("—…é") == 3);
}

TEST_CASE("fitToWidth: cut by columns, never inside a character, with an ellipsis") {
  CHECK(an::fitToWidth("short", 10) == "short");
  CHECK(an::fitToWidth("abcdefgh", 5) == "abcd…");
  CHECK(an::fitToWidth("한국어뉴스", 6) == "한국…");  // 4 columns + ellipsis; a third would be 7
  CHECK(an::displayWidth(an::fitToWidth("한국어뉴스", 6)) <= 6);
  CHECK(an::fitToWidth("한국어뉴스", 5) == "한국…");
}

TEST_CASE("wrapToWidth: at spaces, by columns, and a long word is broken") {
  using Lines = std::vector<std::string>;
  CHECK(an::wrapToWidth("one two three four", 9) == Lines{"one two", "three", "four"});
  CHECK(an::wrapToWidth("한국 한국 한국", 9) == Lines{"한국 한국", "한국"});
  CHECK(an::wrapToWidth("abcdefghij", 4) == Lines{"abcd", "efgh", "ij"});
  CHECK(an::wrapToWidth("no wrap at all", 0) == Lines{"no wrap at all"});
  for (const std::string& line : an::wrapToWidth("漢字漢字漢字 x 漢字漢字 yy zzz", 7)) {
    CHECK(an::displayWidth(line) <= 7);
  }
}

TEST_CASE("Error::what() is terminal-safe while file() and reason() keep the exact bytes") {
  const an::Error e(an::ErrorCode::kNotFound, "b\x1b[2J.newsarc", 12, "no id 'x\ny\u202e'");
  CHECK(std::string(e.what()) == "b\\x1b[2J.newsarc: offset 12: no id 'x\\ny\\u202e'");
  CHECK(e.file() == "b\x1b[2J.newsarc");
  CHECK(e.reason() == "no id 'x\ny\u202e'");
}

namespace {

// An article whose every text is hostile; the renderers take it as it is (no validation), so NUL
// and invalid UTF-8 are here too, as a damaged bundle could give them.
an::Article hostileArticle() {
  an::Article a;
  a.uri = "urn:x:1";
  a.headline = "Head\x1b[2J\nFake row \u202eevil\xff";
  a.subheadlines = {std::string("sub\0nul", 7)};
  a.bylines = {{"By\x1b[8mhidden", std::nullopt, std::nullopt}};
  a.body = {an::Paragraph{"para\x1b]0;title\x07 text\n- item"}, an::Quote{"q\x9b", "who\r"},
            an::Heading{2, "h\x1b"}};
  a.copyrightnotice = "(c)\x1b[0m";
  return a;
}

}  // namespace

TEST_CASE("renderArticleText: every text terminal-safe, exact bytes") {
  CHECK(an::renderArticleText(hostileArticle()) ==
        "Head\\x1b[2J\\nFake row \\u202eevil\\xff\n"
        "  sub\\x00nul\n"
        "\n"
        "By By\\x1b[8mhidden\n"
        "\n"
        "para\\x1b]0;title\\x07 text\\n- item\n"
        "\n"
        "  \"q\\x9b\" — who\\r\n"
        "\n"
        "h\\x1b\n"
        "----\n"
        "\n"
        "(c)\\x1b[0m\n");
}

TEST_CASE("renderArticleMarkdown: control characters inert, no markup or block from text") {
  const std::string md = an::renderArticleMarkdown(hostileArticle());
  CHECK(md.rfind("# Head\\\\x1b\\[2J\\\\nFake row \\\\u202eevil\\\\xff\n\n", 0) == 0);
  CHECK(md.find('\x1b') == std::string::npos);
  CHECK(md.find('\0') == std::string::npos);
  CHECK(md.find("para\\\\x1b\\]0;title\\\\x07 text\\\\n- item\n") != std::string::npos);
  an::Article list;
  list.headline = "x";
  list.body = {an::Paragraph{"- not a list"}, an::Paragraph{"1. not ordered"},
               an::Paragraph{"=== no"}, an::Paragraph{"a &amp; b"}};
  const std::string blocks = an::renderArticleMarkdown(list);
  CHECK(blocks.find("\n\\- not a list\n") != std::string::npos);
  CHECK(blocks.find("\n1\\. not ordered\n") != std::string::npos);
  CHECK(blocks.find("\n\\=== no\n") != std::string::npos);
  CHECK(blocks.find("a \\&amp; b") != std::string::npos);
}

TEST_CASE("renderArticleText: paragraphs wrap to the width given, by columns") {
  an::Article a;
  a.headline = "h";
  a.body = {an::Paragraph{"one two three four five 한국어 여섯"}};
  an::TextRenderOptions options;
  options.width = 10;
  CHECK(an::renderArticleText(a, options) == "h\n\n\none two\nthree four\nfive\n한국어\n여섯\n");
  CHECK(an::renderArticleText(a).find("one two three four five 한국어 여섯\n") !=
        std::string::npos);
}

namespace {

// Output of a shell command line, exactly.
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    out.append(buffer.data(), n);
  }
  ::pclose(pipe);
  return out;
}

// A bundle signed by `key` with a trusted comment of the signer's choosing: what an attacker
// who signs with a key of their own can put in front of `verify` and `info`. newsarc's writer
// refuses such a comment, so the signature section is written here.
void writeSignedWithComment(const std::filesystem::path& path, const an::SecretKey& key,
                            const std::string& comment) {
  const newsarc_test::Bytes plain =
      newsarc_test::buildBundle({newsarc_test::smallArticle("urn:t:1")});
  const an::Bundle bundle = an::Bundle::fromMemory(plain, "plain");
  const std::vector<an::Signature> signatures = {
      an::internal::signMessage(key, bundle.sealBytes(), comment)};
  const newsarc_test::Bytes out = newsarc_test::withSignatureSection(plain, signatures);
  newsarc_test::writeFileBytes(path, out);
}

}  // namespace

TEST_CASE("verify and info: a crafted trusted comment cannot fake an ok line or hide FAILs") {
  const newsarc_test::TempDir dir;
  const an::KeyPair attacker = an::generateKeyPair();
  const an::KeyPair archive = an::generateKeyPair();
  // Back to column 1, erase the line, print a fake verdict, then SGR 8: all that follows hidden.
  const std::string comment =
      "x\x1b[1G\x1b[2Kok    trusted-key: key 0: a valid signature\x0b\x1b[8m";
  const std::filesystem::path bundle = dir.path() / "b.newsarc";
  writeSignedWithComment(bundle, attacker.secretKey, comment);
  an::savePublicKey(dir.path() / "archive.pub", archive.publicKey);
  const std::string base = std::string(NEWSARC_BINARY) + " ";
  const std::string verify = run(base + "verify " + bundle.string() + " --key " +
                                 (dir.path() / "archive.pub").string() + " 2>/dev/null");
  const std::string shown =
      "trusted comment: x\\x1b[1G\\x1b[2Kok    trusted-key: key 0: a valid signature"
      "\\x0b\\x1b[8m\n";
  CHECK(verify.find(shown) != std::string::npos);
  CHECK(verify.find('\x1b') == std::string::npos);
  CHECK(verify.find("\nFAIL  trusted-key: key " + an::keyIdToHex(archive.publicKey.keyId)) !=
        std::string::npos);
  const std::string info = run(base + "info " + bundle.string() + " 2>/dev/null");
  CHECK(info.find("signature:   key " + an::keyIdToHex(attacker.publicKey.keyId) +
                  " (not checked; run 'newsarc verify'), claims trusted comment: " +
                  "x\\x1b[1G\\x1b[2Kok    trusted-key: key 0: a valid signature\\x0b\\x1b[8m\n") !=
        std::string::npos);
  CHECK(info.find('\x1b') == std::string::npos);
}
