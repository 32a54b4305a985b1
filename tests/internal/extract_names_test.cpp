// extract_names.h: each naming rule of spec/FORMAT.md 16.4, one check (or more) per rule.
#include "toolkit/folder/extract_names.h"

#include <archive_news/article_folder.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace archive_news;
using namespace archive_news::internal;

TEST_SUITE("extract names") {
  TEST_CASE("folderNameForId keeps letters of every script and replaces runs of the rest") {
    CHECK(folderNameForId("urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance") ==
          "urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance");
    CHECK(folderNameForId("urn:m:한국") == "urn_m_한국");
    CHECK(folderNameForId("urn:m:日本") == "urn_m_日本");
    CHECK(folderNameForId("urn:m:café-📰") == "urn_m_café-📰");
    CHECK(folderNameForId("a \xea\xb5\xad\xeb\xb0\xa9 b") == "a_국방_b");
    // Every ASCII byte but letters, digits, '.', '-' and '_' is replaced: : / \ * ? " < > | space.
    CHECK(folderNameForId("a:/\\*?\"<>| %+b") == "a_b");
    // Controls, invisible and direction-changing code points, and bytes that are not UTF-8.
    CHECK(folderNameForId("a\x01\x7f"
                          "b") == "a_b");
    CHECK(folderNameForId("a\xc2\x85"
                          "b") == "a_b");  // C1 control NEL
    CHECK(folderNameForId("a\xe2\x80\xae"
                          "b") == "a_b");  // right-to-left override
    CHECK(folderNameForId("a\xe2\x80\x8b\xef\xbb\xbf"
                          "b") == "a_b");  // zero width space, BOM
    CHECK(folderNameForId("a\xe3\x80\x80"
                          "b") == "a_b");  // ideographic space
    CHECK(folderNameForId("a\xff\xfe"
                          "b") == "a_b");  // not UTF-8
    CHECK(folderNameForId("a\xed\xa0\x80"
                          "b") == "a_b");  // a surrogate
  }

  TEST_CASE("folderNameForId cuts at 120 bytes, never inside a code point") {
    CHECK(folderNameForId(std::string(300, 'x')) == std::string(120, 'x'));
    std::string hangul;
    for (int i = 0; i < 50; ++i) hangul += "한";  // 3 bytes each
    CHECK(folderNameForId(hangul).size() == 120);
    CHECK(folderNameForId("x" + hangul).size() == 118);  // 1 + 39 * 3: the 40th does not fit
  }

  TEST_CASE("folderNameForId never gives '.', '..', a trailing dot or a device name") {
    CHECK(folderNameForId("") == "_");
    CHECK(folderNameForId(".") == "_");
    CHECK(folderNameForId("..") == "__");
    CHECK(folderNameForId("/") == "_");
    CHECK(folderNameForId("a.") == "a._");
    CHECK(folderNameForId("CON") == "_CON");
    CHECK(folderNameForId("lpt1.txt") == "_lpt1.txt");
    CHECK(folderNameForId("nul.tar.gz") == "_nul.tar.gz");
    CHECK(folderNameForId("CONIN$") == "CONIN_");  // '$' replaced: no longer a device name
  }

  TEST_CASE("isWindowsDeviceName: every reserved name, any case, any extension") {
    for (const char* name : {"con", "PRN", "Aux", "nul", "CONIN$", "conout$", "com0", "COM9",
                             "lpt0", "LPT9", "COM\xc2\xb9", "com\xc2\xb2", "LPT\xc2\xb3", "con.jpg",
                             "con .jpg", "con  .tar.gz", "CON.", "con..x"}) {
      CAPTURE(name);
      CHECK(isWindowsDeviceName(name));
    }
    for (const char* name : {"cons", "icon", "com10", "lpt", "com\xc2\xb4", "comx", "_con", "con_",
                             "conin", "a.con", " con"}) {
      CAPTURE(name);
      CHECK_FALSE(isWindowsDeviceName(name));
    }
  }

  TEST_CASE("portableFileName replaces : * ? \" < > |, mends trailing dots and spaces, devices") {
    CHECK(portableFileName("photo.jpg") == "photo.jpg");
    CHECK(portableFileName("a:b*c?d\"e<f>g|h.jpg") == "a_b_c_d_e_f_g_h.jpg");
    CHECK(portableFileName("notes.") == "notes._");
    CHECK(portableFileName("notes ") == "notes _");
    CHECK(portableFileName("con.jpg") == "_con.jpg");
    CHECK(portableFileName("con .jpg") == "_con .jpg");
    CHECK(portableFileName("COM\xc2\xb9.jpg") == "_COM\xc2\xb9.jpg");
    CHECK(portableFileName("CONIN$") == "_CONIN$");
    CHECK(portableFileName("con.") == "_con._");
    CHECK(portableFileName("aux/com1.txt") == "_aux/_com1.txt");
    CHECK(portableFileName("dir./x.") == "dir._/x._");
    CHECK(portableFileName("한국/사진.jpg") == "한국/사진.jpg");
  }

  TEST_CASE("numberedFileName puts -N before the last extension of the last component") {
    CHECK(numberedFileName("photo.jpg", 2) == "photo-2.jpg");
    CHECK(numberedFileName("a.tar.gz", 3) == "a.tar-3.gz");
    CHECK(numberedFileName("notes", 2) == "notes-2");
    CHECK(numberedFileName(".hidden", 2) == ".hidden-2");
    CHECK(numberedFileName("d.x/notes", 2) == "d.x/notes-2");
  }

  TEST_CASE("caseFoldedName folds the case of every script") {
    CHECK(caseFoldedName("ARTICLE.JSON") == "article.json");
    CHECK(caseFoldedName("ÉTÉ") == "été");
    CHECK(caseFoldedName("ΣΟΦΙΑ") == "σοφια");
    CHECK(caseFoldedName("한국") == "한국");
    CHECK(caseFoldedName("a\xff") == "a\xff");
  }

  TEST_CASE("makeNamesPortable: article.json in any case, case-only twins, renamed names") {
    Article a;
    auto image = [](std::string name) {
      Image i;
      i.fileName = std::move(name);
      return i;
    };
    a.images = {image("ARTICLE.JSON"), image("Item.Ninjs.Json"), image("Photo.jpg"),
                image("photo.jpg"),    image("con.jpg"),         image("_con.jpg"),
                image("Été.png"),      image("été.png")};
    Attachment same;
    same.fileName = "Photo.jpg";  // the same stored name: the same written name
    a.attachments = {same};
    makeNamesPortable(a);
    std::vector<std::string> names;
    for (const Image& i : a.images) names.push_back(i.fileName);
    CHECK(names == std::vector<std::string>{"ARTICLE-2.JSON", "Item.Ninjs-2.Json", "Photo.jpg",
                                            "photo-2.jpg", "_con-2.jpg", "_con.jpg", "Été.png",
                                            "été-2.png"});
    CHECK(a.attachments[0].fileName == "Photo.jpg");
  }

  TEST_CASE("uniqueFolderNames: -N after the name, first free, case folded, in the order given") {
    CHECK(uniqueFolderNames({"urn:a:b", "urn:a/b", "urn:A:B", "urn_a_b-2"}) ==
          std::vector<std::string>{"urn_a_b", "urn_a_b-2", "urn_A_B-3", "urn_a_b-2-2"});
    CHECK(uniqueFolderNames({"urn:m:한국", "urn:m:日本"}) ==
          std::vector<std::string>{"urn_m_한국", "urn_m_日本"});
    CHECK(uniqueFolderNames({"x:Été", "x:été"}) == std::vector<std::string>{"x_Été", "x_été-2"});
  }
}
