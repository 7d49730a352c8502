#include "auth/principal.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "common/messages.hpp"

namespace zhdj::auth {

std::string path_upper_bound(std::string_view prefix) {
  std::string out(prefix);
  if (!out.empty()) out.back() = static_cast<char>(out.back() + 1);
  return out;
}

bool is_under(std::string_view path, std::string_view ancestor_path) {
  return !ancestor_path.empty() && path.substr(0, ancestor_path.size()) == ancestor_path;
}

bool Principal::can(std::string_view capability, std::string_view org_path) const {
  for (const auto& g : grants)
    if (g.has(capability) && is_under(org_path, g.org_path)) return true;
  return false;
}

void Principal::require(std::string_view capability, std::string_view org_path) const {
  if (can(capability, org_path)) return;
  // Do not reveal that something exists outside the caller's view.
  if (!can("org.read", org_path)) throw errors::not_found(msg::kNotFound);
  throw errors::forbidden(msg::kForbidden);
}

bool Principal::has_anywhere(std::string_view capability) const {
  return std::any_of(grants.begin(), grants.end(),
                     [&](const Grant& g) { return g.has(capability); });
}

std::vector<std::string> Principal::scope(std::string_view capability) const {
  std::vector<std::string> paths;
  for (const auto& g : grants)
    if (g.has(capability)) paths.push_back(g.org_path);
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> out;
  for (const auto& p : paths)
    if (out.empty() || !is_under(p, out.back())) out.push_back(p);
  return out;
}

std::set<std::string> Principal::capabilities() const {
  std::set<std::string> out;
  for (const auto& g : grants) out.insert(g.capabilities->begin(), g.capabilities->end());
  return out;
}

std::optional<int> Principal::admin_level() const {
  std::optional<int> best;
  for (const auto& g : grants)
    if (g.admin_level && (!best || *g.admin_level < *best)) best = g.admin_level;
  return best;
}

ScopeFilter scope_filter(const Principal& who, std::string_view capability,
                         std::string_view column) {
  ScopeFilter f;
  auto paths = who.scope(capability);
  if (paths.empty()) {
    f.sql = "1 = 0";
    return f;
  }
  f.sql = "(";
  for (size_t i = 0; i < paths.size(); ++i) {
    if (i) f.sql += " OR ";
    f.sql += "(" + std::string(column) + " >= ? AND " + std::string(column) + " < ?)";
    f.params.emplace_back(paths[i]);
    f.params.emplace_back(path_upper_bound(paths[i]));
  }
  f.sql += ")";
  return f;
}

}  // namespace zhdj::auth
