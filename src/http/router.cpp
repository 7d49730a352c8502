#include "http/router.hpp"

#include <stdexcept>

namespace zhdj::http {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern)
      throw std::logic_error("route registered twice: " + method + " " + pattern);
  auto segments = split_path(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match result;
  auto parts = split_path(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    PathParams params;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = route.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}')
        params[seg.substr(1, seg.size() - 2)] = parts[i];
      else
        ok = seg == parts[i];
    }
    if (!ok) continue;
    bool method_ok = route.method == method || (method == "HEAD" && route.method == "GET");
    if (method_ok) {
      result.outcome = Outcome::found;
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    result.outcome = Outcome::method_not_allowed;
  }
  return result;
}

}  // namespace zhdj::http
