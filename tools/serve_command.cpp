// newsarc serve: a local web site to browse bundles, read their articles with their images and
// download their attachments, until SIGINT or SIGTERM.
#include <netdb.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>
#include <thread>

#include "cli.h"
#include "serve_site.h"

namespace newsarc {
namespace {

struct ServeOptions {
  std::vector<std::string> bundles;
  int port = 8080;
  std::string bind = "127.0.0.1";  // this machine only, unless asked
};

// Why `host`:`port` cannot be listened on, asked of the system directly: httplib only says that
// it failed. "Address already in use", "Cannot assign requested address", a name that does not
// resolve.
std::string whyNotListening(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const int resolved = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (resolved != 0) return gai_strerror(resolved);
  std::string why = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) {
      why = std::strerror(errno);
      continue;
    }
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // as httplib binds
    const bool bound = bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1) == 0;
    why = bound ? "the address was taken meanwhile" : std::strerror(errno);
    close(fd);
    if (bound) break;
  }
  freeaddrinfo(found);
  return why;
}

// "http://127.0.0.1:8080/", "http://[::1]:8080/".
std::string urlOf(const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
}

// SIGINT and SIGTERM stop the server from a thread of their own (sigwait): server.stop() is not
// safe in a signal handler. Blocked before httplib starts its threads, so that they inherit it.
class StopOnSignal {
 public:
  explicit StopOnSignal(httplib::Server& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    waiter_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&signals_, &signal);
      server.stop();
    });
  }
  // When the server stopped by itself, the waiting thread is woken by a signal of our own.
  ~StopOnSignal() {
    if (waiter_.joinable()) {
      pthread_kill(waiter_.native_handle(), SIGTERM);
      waiter_.join();
    }
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  sigset_t signals_{};
  std::thread waiter_;
};

int runServe(const ServeOptions& o) {
  const ServedSite site(o.bundles);
  for (const auto& [name, why] : site.unreadableIndexes()) {
    std::cerr << "newsarc: warning: " << shown(name)
              << ": the search index cannot be read, its articles are not searched: "
              << archive_news::terminalSafe(why) << std::endl;
  }
  httplib::Server server;
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second server on a port
  // in use starts quietly and shares its connections instead of failing.
  server.set_socket_options([](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  site.install(server);
  const int port = o.port == 0 ? server.bind_to_any_port(o.bind)
                               : (server.bind_to_port(o.bind, o.port) ? o.port : -1);
  if (port < 0) {
    throw archive_news::Error(archive_news::ErrorCode::kIOError,
                              "cannot listen on " + o.bind + ":" + std::to_string(o.port) + ": " +
                                  whyNotListening(o.bind, o.port) +
                                  " (--port picks another port; --port 0 a free one)");
  }
  std::cout << "serving " << site.articleCount() << " articles of " << site.bundleCount()
            << (site.bundleCount() == 1 ? " bundle" : " bundles") << " at " << urlOf(o.bind, port)
            << " (Ctrl-C stops)" << std::endl;
  {
    StopOnSignal stop(server);
    server.listen_after_bind();
  }
  std::cout << "stopped" << std::endl;
  return kExitOk;
}

}  // namespace

Command addServeCommand(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* sub = app.add_subcommand(
      "serve", "Browse bundles in a web browser: by date, articles with their images, search");
  sub->add_option("BUNDLE", o->bundles, "The bundles (paths or http(s) URLs)")->required();
  sub->add_option("-p,--port", o->port, "The port to listen on (0: a free one; default 8080)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--bind", o->bind,
                  "The address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 or "
                  ":: to all)");
  sub->footer(
      "Example:\n  newsarc serve 2019-06.newsarc 2019-07.newsarc\n"
      "  newsarc serve archive.newsarc --port 0   (a free port; the URL is printed)\n"
      "Prints 'serving N articles of M bundles at URL' once listening; stops on SIGINT or\n"
      "SIGTERM. Pages hold no script and load nothing from elsewhere; search needs bundles\n"
      "packed with --index (or 'newsarc index').");
  return {sub, [o] { return runServe(*o); }};
}

}  // namespace newsarc
