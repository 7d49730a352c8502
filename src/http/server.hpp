// The HTTP/1.1 server: Boost.Beast on N I/O threads with C++20 coroutines, a strand per
// connection, keep-alive, size limits, per-IP rate limit, the SPA's static files, and SSE.
// Application handlers run on a separate worker pool, so blocking database work never
// stalls an I/O thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/metrics.hpp"
#include "http/static_files.hpp"
#include "http/types.hpp"

namespace zhdj::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  int io_threads = 0;         // 0: one per core
  int workers = 8;            // threads that run handlers (and wait on the database)
  size_t header_limit = 16 * 1024;
  size_t body_limit = 1024 * 1024;
  // Requests whose target `is_upload` accepts (file uploads) may carry up to upload_limit.
  std::function<bool(std::string_view target)> is_upload;
  size_t upload_limit = 32 * 1024 * 1024;
  double ip_rate_per_second = 50;  // <= 0 disables
  double ip_burst = 200;
  int sse_heartbeat_seconds = 15;
  bool trust_proxy = false;  // take the client address from X-Real-IP (behind nginx)
  // Requests for which `slow` is true (password hashing) run on their own pool of
  // `slow_workers` threads, so they cannot occupy every worker.
  std::function<bool(const Request&)> slow;
  int slow_workers = 4;
};

class Server {
 public:
  // `app` handles every request that is not a static file; it runs on a worker thread.
  using App = std::function<Response(Request&)>;

  Server(ServerOptions options, App app, const StaticFiles* static_files, Metrics* metrics);
  ~Server();

  // Binds and starts the threads; returns at once.
  void start();
  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Stops accepting, closes idle keep-alive connections, lets requests in flight finish,
  // then returns. Safe to call from any thread, more than once.
  void stop();
  // Blocks until stop() has completed (e.g. from a signal).
  void wait();
  // Installs SIGTERM/SIGINT handling that calls stop().
  void stop_on_signals();

  std::int64_t open_streams() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhdj::http
