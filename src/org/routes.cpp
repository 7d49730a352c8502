#include "org/routes.hpp"

#include "common/error.hpp"

namespace zhdj::org {

void register_routes(http::Api& api, Service& orgs) {
  using http::Call;
  using http::Response;
  namespace input = http::input;

  api.get("/api/v1/orgs", [&orgs](Call& c) { return Response::json(orgs.list(c.who())); });

  api.get("/api/v1/orgs/{id}",
          [&orgs](Call& c) { return Response::json(orgs.get(c.who(), c.id("id"))); });

  api.post("/api/v1/orgs", [&orgs](Call& c) {
    const auto& b = c.body();
    auto o =
        orgs.create(c.who(), input::required_int(b, "parent_id"),
                    input::required_string(b, "kind", 40), input::required_string(b, "name", 60));
    return Response::json(org_json(o), 201);
  });

  api.patch("/api/v1/orgs/{id}", [&orgs](Call& c) {
    auto o = orgs.rename(c.who(), c.id("id"), input::required_string(c.body(), "name", 60));
    return Response::json(org_json(o));
  });

  api.put("/api/v1/orgs/{id}/approval-delegation", [&orgs](Call& c) {
    const auto& b = c.body();
    if (!b.contains("approval_delegated") || !b["approval_delegated"].is_boolean())
      throw errors::validation("approval_delegated", "请说明是否授权（true 或 false）");
    return Response::json(org_json(
        orgs.set_approval_delegated(c.who(), c.id("id"), b["approval_delegated"].get<bool>())));
  });

  api.post("/api/v1/orgs/{id}/move", [&orgs](Call& c) {
    auto o = orgs.move(c.who(), c.id("id"), input::required_int(c.body(), "parent_id"));
    return Response::json(org_json(o));
  });

  api.del("/api/v1/orgs/{id}", [&orgs](Call& c) {
    orgs.dissolve(c.who(), c.id("id"));
    return Response::json({{"ok", true}});
  });

  api.get("/api/v1/orgs/{id}/warnings", [&orgs](Call& c) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& w : orgs.warnings(c.who(), c.id("id"))) items.push_back(warning_json(w));
    return Response::json({{"items", items}});
  });

  api.get("/api/v1/orgs/{id}/members", [&orgs](Call& c) {
    return Response::json(
        orgs.members(c.who(), c.id("id"), input::query_number(c, "cursor"), input::limit(c)));
  });

  api.get("/api/v1/orgs/{id}/committees",
          [&orgs](Call& c) { return Response::json(orgs.committees(c.who(), c.id("id"))); });

  api.post("/api/v1/orgs/{id}/committees", [&orgs](Call& c) {
    const auto& b = c.body();
    NewCommittee in;
    in.term_start = input::required_date(b, "term_start");
    in.term_end = input::optional_date(b, "term_end");
    if (b.contains("posts")) {
      if (!b["posts"].is_array() || b["posts"].size() > 20)
        throw errors::validation("posts", "职务列表格式无效");
      for (const auto& p : b["posts"]) {
        if (!p.is_object()) throw errors::validation("posts", "职务列表格式无效");
        in.posts.emplace_back(input::required_string(p, "post", 40),
                              input::required_int(p, "member_id"));
      }
    }
    auto term = orgs.create_committee(c.who(), c.id("id"), in);
    return Response::json(committee_json(term), 201);
  });
}

}  // namespace zhdj::org
