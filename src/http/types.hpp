// HTTP request and response as the application sees them. Nothing here includes Beast:
// only server.cpp does, so handlers compile fast.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace zhdj::http {

using Json = nlohmann::json;

struct Request {
  std::string method;                        // "GET", "POST", ...
  std::string target;                        // as received: path and query
  std::string path;                          // percent-decoded path without the query
  std::map<std::string, std::string> query;  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_ip;
  std::string request_id;

  // The first header with this (lower-case) name, or "".
  std::string header(std::string_view name) const;
  std::string cookie(std::string_view name) const;
  std::optional<std::string> query_param(const std::string& name) const;
};

// A stream of Server-Sent Events. The server writes the response head, then asks poll()
// for text whenever the waker it installed is called, and at least every heartbeat.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Runs on a worker thread (may use the database). Returns SSE text to send (possibly
  // empty), or nullopt to end the stream.
  virtual std::optional<std::string> poll() = 0;
  // The server installs a wake-up function before the first poll; callable from any thread.
  virtual void set_waker(std::function<void()> wake) = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::shared_ptr<EventStream> stream;  // set: an SSE response; body is ignored
  std::string route = "unmatched";      // route pattern, for metrics

  static Response json(const Json& body, int status = 200);
  // A file to save: `file_name` (UTF-8) for browsers, `ascii_name` for older clients.
  static Response attachment(std::string body, std::string content_type, std::string_view file_name,
                             std::string_view ascii_name);
  static Response error(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});
};

// Percent-decoding of a URL component ('+' as space only in queries).
std::string url_decode(std::string_view in, bool query);
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace zhdj::http
