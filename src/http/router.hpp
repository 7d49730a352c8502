// Maps (method, path) to a handler. Patterns are literal segments and `{name}` captures:
// "/api/v1/orgs/{id}/move". Unknown paths → NotFound; known path, other method → MethodNotAllowed.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/types.hpp"

namespace zhdj::http {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<Response(Request&, const PathParams&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  enum class Outcome { found, not_found, method_not_allowed };
  struct Match {
    Outcome outcome = Outcome::not_found;
    const Route* route = nullptr;
    PathParams params;
  };
  Match match(const std::string& method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(const std::string& path);

}  // namespace zhdj::http
