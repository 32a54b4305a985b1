// HttpRangeSource's own failures, where no HTTP server is needed to cause them: a server that
// accepts the connection and never answers times out with a clear error; a URL that is not http
// or https is refused before any network I/O. (The server behaviours are tested against nginx
// and range_server.py in tests/cli/remote_test.sh and python/tests/test_remote.py.)
#include <archive_news/error.h>
#include <archive_news/remote.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

// A socket listening on 127.0.0.1 that nobody accepts from: the kernel completes connections
// into its backlog, so a client connects, sends its request and waits.
class SilentServer {
 public:
  SilentServer() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(fd_, 4) == 0);
    socklen_t size = sizeof address;
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { close(fd_); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/b.newsarc"; }

 private:
  int fd_;
  int port_ = 0;
};

}  // namespace

TEST_CASE("http range source: a server that never answers times out, attempt after attempt") {
  const SilentServer server;
  RemoteOptions options;
  options.timeout = std::chrono::milliseconds(1000);
  options.attempts = 2;
  const auto started = std::chrono::steady_clock::now();
  try {
    (void)HttpRangeSource::open(server.url(), options);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kIOError);
    CHECK(e.file() == server.url());
    const std::string what = e.what();
    CHECK(what.find("(after 2 attempts)") != std::string::npos);
    CHECK((what.find("imeout") != std::string::npos || what.find("imed out") != std::string::npos));
  }
  // Two stalls of about a second each and one pause: bounded, not the default 30 s.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
}

TEST_CASE("http range source: only http and https URLs, refused before any network I/O") {
  CHECK(isRemoteUrl("http://a.example/b.newsarc"));
  CHECK(isRemoteUrl("HTTPS://a.example/b.newsarc"));
  CHECK_FALSE(isRemoteUrl("ftp://a.example/b.newsarc"));
  CHECK_FALSE(isRemoteUrl("b.newsarc"));
  CHECK_FALSE(isRemoteUrl("./http://b.newsarc"));
  CHECK(codeOf([] { (void)HttpRangeSource::open("file:///etc/passwd"); }) ==
        ErrorCode::kInvalidArgument);
  CHECK(codeOf([] { (void)openRemote("gopher://a.example/b"); }) == ErrorCode::kInvalidArgument);
}
