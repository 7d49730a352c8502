#include "http/types.hpp"

namespace zhdj::http {

std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::string Request::cookie(std::string_view name) const {
  std::string all = header("cookie");
  std::string_view rest = all;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
  }
  return {};
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response Response::json(const Json& body, int status) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response Response::attachment(std::string body, std::string content_type,
                              std::string_view file_name, std::string_view ascii_name) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  // RFC 6266 / 5987: a UTF-8 file name for browsers, an ASCII fallback for others.
  std::string encoded;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char ch : file_name) {
    encoded += '%';
    encoded += kHex[ch >> 4];
    encoded += kHex[ch & 15];
  }
  r.headers.emplace_back(
      "Content-Disposition",
      "attachment; filename=\"" + std::string(ascii_name) + "\"; filename*=UTF-8''" + encoded);
  return r;
}

Response Response::error(int status, std::string_view code, std::string_view message,
                         std::string_view field) {
  Json e = {{"code", code}, {"message", message}};
  e["field"] = field.empty() ? Json(nullptr) : Json(field);
  return json({{"error", e}}, status);
}

std::string url_decode(std::string_view in, bool query) {
  std::string out;
  out.reserve(in.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (query && c == '+') ? ' ' : c;
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string key = url_decode(part.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? "" : url_decode(part.substr(eq + 1), true);
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

}  // namespace zhdj::http
