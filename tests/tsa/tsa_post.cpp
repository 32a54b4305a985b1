// postTimestampQuery (archive_news/tsa_client.h) as a command, for tsa_client_test.sh:
//   tsa_post URL QUERY_FILE REPLY_FILE [--timeout-ms N] [--attempts N] [--max-size N]
//            [--ca-file FILE] [--threads N]
// Posts the bytes of QUERY_FILE (a DER TimeStampReq) to URL and writes the answer to REPLY_FILE.
// With --threads N, N threads post it at once and each must succeed (the first one's answer is
// written).
// Exit 0 on success; 1 with "tsa_post: CODE: MESSAGE" on stderr when postTimestampQuery throws
// (CODE is errorCodeName of the error's code); 2 on a usage error. Only for tests: not installed.
#include <archive_news/error.h>
#include <archive_news/tsa_client.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

int usage(const std::string& why) {
  std::cerr << "tsa_post: " << why
            << "\nusage: tsa_post URL QUERY_FILE REPLY_FILE [--timeout-ms N] [--attempts N] "
               "[--max-size N] [--ca-file FILE] [--threads N]\n";
  return 2;
}

bool number(const char* text, long long& out) {
  char* end = nullptr;
  out = std::strtoll(text, &end, 10);
  return end != text && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage("expected URL, QUERY_FILE and REPLY_FILE");
  archive_news::TsaClientOptions options;
  long long threads = 1;
  for (int i = 4; i < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return usage(std::string(flag) + " needs a value");
    long long value = 0;
    if (flag == "--ca-file") {
      options.caFile = argv[i + 1];
    } else if (!number(argv[i + 1], value) || value < 0) {
      return usage(std::string(flag) + ": expected a whole number, not '" + argv[i + 1] + "'");
    } else if (flag == "--timeout-ms") {
      options.timeout = std::chrono::milliseconds(value);
    } else if (flag == "--attempts") {
      options.attempts = static_cast<int>(value);
    } else if (flag == "--max-size") {
      options.maxResponseSize = static_cast<std::size_t>(value);
    } else if (flag == "--threads" && value >= 1 && value <= 64) {
      threads = value;
    } else {
      return usage("unknown option " + std::string(flag));
    }
  }

  std::ifstream in(argv[2], std::ios::binary);
  if (!in) return usage(std::string("cannot read ") + argv[2]);
  const std::vector<std::uint8_t> query((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  // Each thread's answer, or its error's message.
  std::vector<std::vector<std::uint8_t>> replies(static_cast<std::size_t>(threads));
  std::vector<std::string> errors(replies.size());
  auto post = [&](std::size_t i) {
    try {
      replies[i] = archive_news::postTimestampQuery(argv[1], query, options);
    } catch (const archive_news::Error& error) {
      errors[i] = std::string(archive_news::errorCodeName(error.code())) + ": " + error.what();
    }
  };
  if (threads == 1) {
    post(0);
  } else {
    std::vector<std::thread> running;
    for (std::size_t i = 0; i < replies.size(); ++i) running.emplace_back(post, i);
    for (std::thread& thread : running) thread.join();
  }
  for (const std::string& error : errors) {
    if (!error.empty()) {
      std::cerr << "tsa_post: " << error << "\n";
      return 1;
    }
  }
  const std::vector<std::uint8_t>& reply = replies.front();
  std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(reply.data()),
            static_cast<std::streamsize>(reply.size()));
  out.close();
  if (!out) {
    std::cerr << "tsa_post: cannot write " << argv[3] << "\n";
    return 1;
  }
  return 0;
}
