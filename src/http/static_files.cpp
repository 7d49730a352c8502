#include "http/static_files.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.hpp"

namespace zhdj::http {
namespace fs = std::filesystem;

namespace {
std::string content_type_for(const std::string& ext) {
  static const std::unordered_map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}
bool compressible(const std::string& type) {
  return type.starts_with("text/") || type.starts_with("application/json") ||
         type == "image/svg+xml" || type.starts_with("application/manifest");
}
}  // namespace

std::string gzip_compress(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty() || !fs::is_directory(root)) return;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    File f;
    f.body = ss.str();
    f.content_type = content_type_for(entry.path().extension().string());
    if (compressible(f.content_type) && f.body.size() > 512) {
      std::string gz = gzip_compress(f.body);
      if (!gz.empty() && gz.size() < f.body.size()) f.gzip = std::move(gz);
    }
    f.etag = "\"" + crypto::sha256_hex(f.body).substr(0, 32) + "\"";
    std::string rel = "/" + fs::relative(entry.path(), root).generic_string();
    f.cache_control =
        rel.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    files_.emplace(rel, std::move(f));
  }
}

Response StaticFiles::respond(const File& f, const Request& req) const {
  Response r;
  r.route = "static";
  r.content_type = f.content_type;
  r.headers.emplace_back("Cache-Control", f.cache_control);
  r.headers.emplace_back("ETag", f.etag);
  if (!f.gzip.empty()) r.headers.emplace_back("Vary", "Accept-Encoding");
  if (req.header("if-none-match") == f.etag) {
    r.status = 304;
    return r;
  }
  if (!f.gzip.empty() && req.header("accept-encoding").find("gzip") != std::string::npos) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = f.gzip;
  } else {
    r.body = f.body;
  }
  return r;
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  std::string path = req.path == "/" ? "/index.html" : req.path;
  if (path.find("..") != std::string::npos) return std::nullopt;
  if (auto it = files_.find(path); it != files_.end()) return respond(it->second, req);
  // A client-side route (no extension in the last segment) gets the app shell.
  auto last = path.substr(path.rfind('/') + 1);
  if (last.find('.') == std::string::npos) {
    if (auto it = files_.find("/index.html"); it != files_.end()) return respond(it->second, req);
  }
  return std::nullopt;
}

}  // namespace zhdj::http
