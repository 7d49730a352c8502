// The built single-page app, loaded into memory at start. Text assets are gzip'd once;
// hashed assets under /assets/ are cached for a year, index.html is revalidated every time.
// Paths without a file extension fall back to index.html (client-side routes).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "http/types.hpp"

namespace zhdj::http {

class StaticFiles {
 public:
  // An empty or missing directory serves nothing (the API still works).
  explicit StaticFiles(const std::string& root);
  std::optional<Response> serve(const Request& req) const;
  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string gzip;  // empty if not worth compressing
    std::string content_type;
    std::string etag;
    std::string cache_control;
  };
  Response respond(const File& f, const Request& req) const;
  std::unordered_map<std::string, File> files_;
};

std::string gzip_compress(const std::string& data);

}  // namespace zhdj::http
