#include "members/routes.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/messages.hpp"
#include "members/events.hpp"
#include "members/messages.hpp"
#include "members/roster.hpp"
#include "members/service.hpp"
#include "members/transfers.hpp"

namespace zhdj::members {

namespace {

using http::Call;
using http::Response;
namespace input = http::input;

}  // namespace

namespace {
using Getter = std::function<std::optional<std::string>(const char*)>;

ListQuery parse_list_query(const Getter& get) {
  auto text_of = [&](const char* name, size_t max = 60) {
    auto v = get(name);
    if (!v) return std::string();
    if (v->size() > max * 4)
      throw errors::validation(name, fmt::format(fmt::runtime(msg::kBadFilter), name));
    return *v;
  };
  auto number = [&](const char* name) -> std::optional<std::int64_t> {
    auto v = get(name);
    if (!v || v->empty()) return std::nullopt;
    if (v->size() > 18 || v->find_first_not_of("0123456789") != std::string::npos)
      throw errors::validation(name, zhdj::msg::kMustBeInteger);
    return std::stoll(*v);
  };
  auto small = [&](const char* name) -> std::optional<int> {
    auto v = number(name);
    if (!v) return std::nullopt;
    if (*v > 1000) throw errors::validation(name, msg::kAgeRange);
    return static_cast<int>(*v);
  };
  auto flag = [&](const char* name) -> std::optional<bool> {
    auto v = get(name);
    if (!v || v->empty()) return std::nullopt;
    if (*v == "1" || *v == "true") return true;
    if (*v == "0" || *v == "false") return false;
    throw errors::validation(name, fmt::format(fmt::runtime(msg::kBadFilter), name));
  };
  auto date = [&](const char* name) -> std::optional<Date> {
    auto v = get(name);
    if (!v || v->empty()) return std::nullopt;
    auto d = parse_date(*v);
    if (!d) throw errors::validation(name, zhdj::msg::kMustBeDate);
    return d;
  };
  ListQuery q;
  q.org_id = number("org_id");
  std::string cats = text_of("category", 200);
  for (size_t start = 0; !cats.empty() && start <= cats.size();) {
    size_t comma = cats.find(',', start);
    std::string one =
        cats.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!one.empty()) q.categories.push_back(one);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (auto s = get("status"); s && !s->empty()) q.status = *s;
  q.gender = text_of("gender");
  q.ethnicity = text_of("ethnicity");
  q.education = text_of("education");
  q.identity = text_of("identity");
  q.age_min = small("age_min");
  q.age_max = small("age_max");
  q.joined_from = date("joined_from");
  q.joined_to = date("joined_to");
  q.lost_contact = flag("lost_contact");
  q.mobile = flag("mobile");
  q.q = text_of("q", 30);
  if (auto s = get("sort"); s && !s->empty()) q.sort = *s;
  if (auto d = get("order"); d && *d == "desc") q.desc = true;
  q.cursor = text_of("cursor", 1000);
  return q;
}
}  // namespace

// The list filters from a query string.
ListQuery list_query(const Call& c) {
  auto q = parse_list_query([&](const char* name) { return c.query(name); });
  q.limit = input::limit(c);
  return q;
}

// The same filters from a JSON object (the export's body).
ListQuery list_query_from_json(const nlohmann::json& j) {
  return parse_list_query([&](const char* name) -> std::optional<std::string> {
    if (!j.contains(name) || j[name].is_null()) return std::nullopt;
    if (j[name].is_string()) return j[name].get<std::string>();
    if (j[name].is_number_integer()) return std::to_string(j[name].get<std::int64_t>());
    if (j[name].is_boolean()) return j[name].get<bool>() ? "1" : "0";
    if (j[name].is_array()) {
      std::string joined;
      for (const auto& v : j[name])
        if (v.is_string()) joined += (joined.empty() ? "" : ",") + v.get<std::string>();
      return joined;
    }
    throw errors::validation(name, fmt::format(fmt::runtime(msg::kBadFilter), name));
  });
}

void register_routes(http::Api& api, Services s) {
  auto& reg = s.registry;
  api.get("/api/v1/members/codes", [](Call&) { return Response::json(Service::code_tables()); });
  api.get("/api/v1/members",
          [&reg](Call& c) { return Response::json(reg.list(c.who(), list_query(c))); });
  api.post("/api/v1/members",
           [&reg](Call& c) { return Response::json(reg.create(c.who(), c.body()), 201); });
  api.get("/api/v1/members/stats", [&reg](Call& c) {
    return Response::json(reg.stats(c.who(), input::query_number(c, "org_id")));
  });
  api.get("/api/v1/members/alerts", [&reg](Call& c) {
    return Response::json(reg.alerts(c.who(), input::query_number(c, "org_id")));
  });
  api.get("/api/v1/members/corrections", [&reg](Call& c) {
    auto status = c.query("status");
    return Response::json(
        reg.corrections(c.who(), status && !status->empty() ? *status : "pending"));
  });
  api.post("/api/v1/members/corrections/{id}/approve", [&reg](Call& c) {
    auto reason =
        c.request().body.empty() ? std::nullopt : input::optional_string(c.body(), "reason", 500);
    return Response::json(reg.decide_correction(c.who(), c.id("id"), true, reason.value_or("")));
  });
  api.post("/api/v1/members/corrections/{id}/reject", [&reg](Call& c) {
    auto reason =
        c.request().body.empty() ? std::nullopt : input::optional_string(c.body(), "reason", 500);
    return Response::json(reg.decide_correction(c.who(), c.id("id"), false, reason.value_or("")));
  });
  api.get("/api/v1/members/{id}",
          [&reg](Call& c) { return Response::json(reg.get(c.who(), c.id("id"))); });
  api.patch("/api/v1/members/{id}",
            [&reg](Call& c) { return Response::json(reg.update(c.who(), c.id("id"), c.body())); });
  api.get("/api/v1/members/{id}/history",
          [&reg](Call& c) { return Response::json(reg.history(c.who(), c.id("id"))); });
  api.post("/api/v1/members/{id}/reveal",
           [&reg](Call& c) { return Response::json(reg.reveal(c.who(), c.id("id"))); });
  api.get("/api/v1/members/{id}/access-log",
          [&reg](Call& c) { return Response::json(reg.access_log(c.who(), c.id("id"))); });

  api.get("/api/v1/me/record", [&reg](Call& c) { return Response::json(reg.my_record(c.who())); });
  api.get("/api/v1/me/corrections",
          [&reg](Call& c) { return Response::json(reg.my_corrections(c.who())); });
  api.post("/api/v1/me/corrections", [&reg](Call& c) {
    return Response::json(reg.request_correction(c.who(), c.body()), 201);
  });

  register_event_routes(api, s.events);
  register_transfer_routes(api, s.transfers);
  register_roster_routes(api, s.roster);
}

}  // namespace zhdj::members
