// The only translation unit that includes Beast (it is slow to compile).
#include <utility>  // must precede Asio on Boost 1.74

#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "common/crypto.hpp"
#include "common/messages.hpp"
#include "http/rate_limit.hpp"

namespace zhdj::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Strand = asio::any_io_executor;  // a strand, type-erased

namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Runs fn on the worker pool and resumes the calling coroutine on its own executor.
//
// Call it as a statement of its own and co_await the named result:
//     auto op = offload<R>(pool, fn);
//     R r = co_await std::move(op);
// GCC 12 can destroy a temporary that has a non-trivial destructor twice when it lives in the
// same full-expression as a co_await (a lambda holding a shared_ptr became a use-after-free),
// so no such temporary may appear in a co_await expression anywhere in this file.
template <class R>
auto offload(asio::thread_pool& pool, std::function<R()> fn) {
  auto initiation = [&pool, fn = std::move(fn)](auto handler) mutable {
    asio::post(pool, [fn = std::move(fn), handler = std::move(handler)]() mutable {
      std::exception_ptr error;
      R result{};
      try {
        result = fn();
      } catch (...) {
        error = std::current_exception();
      }
      auto ex = asio::get_associated_executor(handler);
      asio::post(ex, [handler = std::move(handler), error, result = std::move(result)]() mutable {
        handler(error, std::move(result));
      });
    });
  };
  return asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr, R)>(
      std::move(initiation), asio::use_awaitable);
}

// Sent with every response (written straight into Beast's header block, no copies per request).
constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
     "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
};

// Unique per process and cheap: a random prefix chosen at start, then a counter.
std::string request_id() {
  static const std::string prefix = crypto::random_token(6);
  static std::atomic<std::uint64_t> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

Request to_request(const bhttp::request<bhttp::string_body>& in, const std::string& ip) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  auto q = r.target.find('?');
  r.path = url_decode(std::string_view(r.target).substr(0, q), false);
  if (q != std::string::npos) r.query = parse_query(std::string_view(r.target).substr(q + 1));
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = in.body();
  r.remote_ip = ip;
  r.request_id = request_id();
  return r;
}

}  // namespace

struct Server::Impl {
  // What stop() needs to reach inside a connection coroutine; touched only on its strand.
  struct Connection {
    Strand strand;
    beast::tcp_stream* stream = nullptr;
    bool idle = true;
    explicit Connection(Strand s) : strand(std::move(s)) {}
  };
  // Shared with an EventStream's waker, which may be called after the connection is gone.
  struct Wake {
    Strand strand;
    asio::steady_timer timer;
    std::atomic<bool> pending{false};
    explicit Wake(Strand s) : strand(s), timer(s) {}
  };

  ServerOptions options;
  App app;
  const StaticFiles* static_files;
  Metrics* metrics;
  asio::io_context io;
  asio::thread_pool workers;
  asio::thread_pool slow_workers;
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io};
  RateLimiter ip_limiter;
  std::vector<std::thread> threads;
  std::mutex conn_mutex;
  std::set<std::shared_ptr<Connection>> connections;
  std::set<std::shared_ptr<Wake>> wakes;
  std::atomic<bool> stopping{false};
  std::atomic<std::int64_t> streams{0};
  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool done = false;
  bool started = false;

  Impl(ServerOptions o, App a, const StaticFiles* s, Metrics* m)
      : options(std::move(o)),
        app(std::move(a)),
        static_files(s),
        metrics(m),
        workers(static_cast<size_t>(std::max(1, options.workers))),
        slow_workers(static_cast<size_t>(std::max(1, options.slow_workers))),
        ip_limiter(options.ip_rate_per_second, options.ip_burst) {}

  awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      auto strand = asio::make_strand(io);  // named: see offload()
      tcp::socket socket =
          co_await acceptor.async_accept(strand, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (stopping) co_return;
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      auto conn = std::make_shared<Connection>(Strand(socket.get_executor()));
      {
        std::lock_guard lock(conn_mutex);
        connections.insert(conn);
      }
      asio::co_spawn(conn->strand, serve_connection(std::move(socket), conn), asio::detached);
    }
  }

  Response dispatch(Request& req) {
    if (static_files && !req.path.starts_with("/api/") && req.path != "/healthz" &&
        req.path != "/metrics") {
      if (auto r = static_files->serve(req)) return *r;
    }
    return app(req);
  }

  awaitable<void> write_response(beast::tcp_stream& stream, Response& res, bool keep_alive,
                                 bool head, beast::error_code& ec) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    out.set(bhttp::field::server, "zhdj");
    out.set(bhttp::field::content_type, res.content_type);
    for (const auto& [k, v] : kSecurityHeaders)
      out.insert(beast::string_view(k.data(), k.size()), beast::string_view(v.data(), v.size()));
    for (const auto& [k, v] : res.headers) out.insert(k, v);
    out.keep_alive(keep_alive);
    if (head) {
      out.content_length(res.body.size());
    } else {
      out.body() = std::move(res.body);
      out.prepare_payload();
    }
    if (head) {
      bhttp::response_serializer<bhttp::string_body> sr{out};
      co_await bhttp::async_write_header(stream, sr, asio::redirect_error(use_awaitable, ec));
    } else {
      co_await bhttp::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
    }
  }

  awaitable<void> serve_connection(tcp::socket socket, std::shared_ptr<Connection> conn) {
    std::string ip;
    {
      beast::error_code ec;
      auto ep = socket.remote_endpoint(ec);
      ip = ec ? "unknown" : ep.address().to_string();
    }
    beast::tcp_stream stream(std::move(socket));
    conn->stream = &stream;
    beast::flat_buffer buffer;
    for (;;) {
      conn->idle = true;
      if (stopping) break;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      // The parser checks Content-Length against its limit while reading the header, so it
      // starts with the larger upload limit; ordinary requests get theirs once the target is known.
      parser.body_limit(std::max(options.body_limit, options.upload_limit));
      stream.expires_after(std::chrono::seconds(60));
      beast::error_code ec;
      co_await bhttp::async_read_header(stream, buffer, parser,
                                        asio::redirect_error(use_awaitable, ec));
      conn->idle = false;
      if (!ec) {
        std::string_view target(parser.get().target().data(), parser.get().target().size());
        if (options.is_upload && options.is_upload(target)) {
          stream.expires_after(std::chrono::seconds(300));  // file uploads (roster imports)
        } else {
          auto length = parser.content_length();
          if (length && *length > options.body_limit)
            ec = bhttp::error::body_limit;
          else
            parser.body_limit(options.body_limit);
        }
        if (!ec)
          co_await bhttp::async_read(stream, buffer, parser,
                                     asio::redirect_error(use_awaitable, ec));
      }
      if (ec == bhttp::error::header_limit || ec == bhttp::error::body_limit) {
        bool header = ec == bhttp::error::header_limit;
        Response r = header ? Response::error(431, "headers_too_large", msg::kHeadersTooLarge)
                            : Response::error(413, "body_too_large", msg::kBodyTooLarge);
        r.route = "rejected";
        metrics->observe(r.route, r.status, 0);
        beast::error_code wec;
        co_await write_response(stream, r, false, false, wec);
        // Lingering close: drain what the client is still sending (briefly, boundedly), so it
        // reads our answer instead of a connection reset.
        stream.socket().shutdown(tcp::socket::shutdown_send, wec);
        stream.expires_after(std::chrono::seconds(2));
        std::array<char, 16384> sink;
        for (size_t drained = 0; drained < 8 * options.body_limit;) {
          beast::error_code rec;
          size_t n = co_await stream.async_read_some(asio::buffer(sink),
                                                     asio::redirect_error(use_awaitable, rec));
          if (rec) break;
          drained += n;
        }
        break;
      }
      if (ec) break;  // closed, timed out, or garbage: nothing to answer
      stream.expires_never();

      auto started_at = std::chrono::steady_clock::now();
      const auto& msg = parser.get();
      Request req = to_request(msg, ip);
      // Behind a trusted reverse proxy the client address comes from X-Real-IP.
      if (options.trust_proxy) {
        if (auto real = req.header("x-real-ip"); !real.empty()) req.remote_ip = real;
      }
      bool keep_alive = msg.keep_alive() && !stopping;
      Response res;
      // The per-address limit guards the API. The web app's files come from memory and a room
      // of phones behind one campus NAT opening the check-in page must not exhaust it.
      bool limited = req.path.rfind("/api/", 0) == 0;
      if (limited && !ip_limiter.allow(req.remote_ip, steady_ms())) {
        res = Response::error(429, "rate_limited", msg::kRateLimited);
        res.route = "rate_limited";
      } else {
        try {
          auto& pool = options.slow && options.slow(req) ? slow_workers : workers;
          auto op = offload<Response>(pool, [this, &req] { return dispatch(req); });
          res = co_await std::move(op);
        } catch (const std::exception& e) {
          spdlog::error("request {} {} failed: {}", req.method, req.path, e.what());
          res = Response::error(500, "internal", msg::kInternal);
        }
      }
      res.headers.emplace_back("X-Request-Id", req.request_id);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
      metrics->observe(res.route, res.status, seconds);

      if (res.stream) {
        co_await serve_events(stream, res);
        break;
      }
      beast::error_code wec;
      co_await write_response(stream, res, keep_alive, req.method == "HEAD", wec);
      if (wec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.socket().close(ignored);
    conn->stream = nullptr;
    {
      std::lock_guard lock(conn_mutex);
      connections.erase(conn);
    }
  }

  // Server-Sent Events: the head, then whatever poll() returns each time the stream is woken,
  // with a comment line as heartbeat so proxies keep the connection open.
  awaitable<void> serve_events(beast::tcp_stream& stream, Response& res) {
    ++streams;
    auto wake = std::make_shared<Wake>(Strand(stream.get_executor()));
    {
      std::lock_guard lock(conn_mutex);
      wakes.insert(wake);
    }
    std::weak_ptr<Wake> weak = wake;
    res.stream->set_waker([weak] {
      if (auto w = weak.lock()) {
        w->pending = true;
        asio::post(w->strand, [w] { w->timer.cancel(); });
      }
    });
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
        "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: close\r\n";
    for (const auto& [k, v] : res.headers) head += k + ": " + v + "\r\n";
    head += "\r\n";
    beast::error_code ec;
    co_await asio::async_write(stream.socket(), asio::buffer(head),
                               asio::redirect_error(use_awaitable, ec));
    auto stream_source = res.stream;
    while (!ec && !stopping) {
      wake->pending = false;
      std::optional<std::string> text;
      try {
        auto op = offload<std::optional<std::string>>(
            workers, [stream_source] { return stream_source->poll(); });
        text = co_await std::move(op);
      } catch (const std::exception& e) {
        spdlog::warn("event stream poll failed: {}", e.what());
        text = std::nullopt;
      }
      if (!text) break;
      std::string out = text->empty() ? std::string(": keep-alive\n\n") : *text;
      co_await asio::async_write(stream.socket(), asio::buffer(out),
                                 asio::redirect_error(use_awaitable, ec));
      if (ec || stopping) break;
      if (!wake->pending) {
        wake->timer.expires_after(std::chrono::seconds(options.sse_heartbeat_seconds));
        beast::error_code wait_ec;
        co_await wake->timer.async_wait(asio::redirect_error(use_awaitable, wait_ec));
      }
    }
    {
      std::lock_guard lock(conn_mutex);
      wakes.erase(wake);
    }
    --streams;
  }

  void close_idle_connections() {
    std::lock_guard lock(conn_mutex);
    for (const auto& conn : connections) {
      asio::post(conn->strand, [conn] {
        if (conn->idle && conn->stream) conn->stream->socket().cancel();
      });
    }
    for (const auto& w : wakes) {
      asio::post(w->strand, [w] { w->timer.cancel(); });
    }
  }
};

Server::Server(ServerOptions options, App app, const StaticFiles* static_files, Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(app), static_files, metrics)) {}

Server::~Server() {
  stop();
}

void Server::start() {
  auto& d = *impl_;
  tcp::endpoint endpoint(asio::ip::make_address(d.options.address), d.options.port);
  d.acceptor.open(endpoint.protocol());
  d.acceptor.set_option(asio::socket_base::reuse_address(true));
  d.acceptor.bind(endpoint);
  d.acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(d.io, d.accept_loop(), asio::detached);
  int n = d.options.io_threads > 0
              ? d.options.io_threads
              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  d.started = true;
  for (int i = 0; i < n; ++i) d.threads.emplace_back([&d] { d.io.run(); });
}

std::uint16_t Server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

std::int64_t Server::open_streams() const {
  return impl_->streams.load();
}

void Server::stop_on_signals() {
  auto& d = *impl_;
  d.signals.add(SIGTERM);
  d.signals.add(SIGINT);
  d.signals.async_wait([this](const beast::error_code& ec, int) {
    if (!ec) std::thread([this] { stop(); }).detach();
  });
}

void Server::stop() {
  auto& d = *impl_;
  if (!d.started) return;
  if (d.stopping.exchange(true)) {
    wait();
    return;
  }
  asio::post(d.io, [&d] {
    beast::error_code ec;
    d.acceptor.close(ec);
    d.signals.cancel(ec);
  });
  // Idle keep-alive connections are closed; busy ones finish their request and then close.
  for (int i = 0; i < 1200; ++i) {  // up to 30 s for requests in flight
    d.close_idle_connections();
    {
      std::lock_guard lock(d.conn_mutex);
      if (d.connections.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  d.io.stop();
  for (auto& t : d.threads)
    if (t.joinable()) t.join();
  d.workers.join();
  d.slow_workers.join();
  {
    std::lock_guard lock(d.done_mutex);
    d.done = true;
  }
  d.done_cv.notify_all();
}

void Server::wait() {
  auto& d = *impl_;
  std::unique_lock lock(d.done_mutex);
  d.done_cv.wait(lock, [&] { return d.done; });
}

}  // namespace zhdj::http
