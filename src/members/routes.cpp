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

std::string query_text(const Call& c, const char* name, size_t max = 60) {
  auto v = c.query(name);
  if (!v) return {};
  if (v->size() > max * 4)
    throw errors::validation(name, fmt::format(fmt::runtime(msg::kBadFilter), name));
  return *v;
}

std::optional<int> query_small(const Call& c, const char* name) {
  auto v = input::query_number(c, name);
  if (!v) return std::nullopt;
  if (*v > 1000) throw errors::validation(name, msg::kAgeRange);
  return static_cast<int>(*v);
}

std::optional<bool> query_flag(const Call& c, const char* name) {
  auto v = c.query(name);
  if (!v || v->empty()) return std::nullopt;
  if (*v == "1" || *v == "true") return true;
  if (*v == "0" || *v == "false") return false;
  throw errors::validation(name, fmt::format(fmt::runtime(msg::kBadFilter), name));
}

std::optional<Date> query_date(const Call& c, const char* name) {
  auto v = c.query(name);
  if (!v || v->empty()) return std::nullopt;
  auto d = parse_date(*v);
  if (!d) throw errors::validation(name, zhdj::msg::kMustBeDate);
  return d;
}

}  // namespace

// The list filters from a query string (also used by the export, from a JSON body).
ListQuery list_query(const Call& c) {
  ListQuery q;
  q.org_id = input::query_number(c, "org_id");
  std::string cats = query_text(c, "category", 200);
  for (size_t start = 0; !cats.empty() && start <= cats.size();) {
    size_t comma = cats.find(',', start);
    std::string one =
        cats.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!one.empty()) q.categories.push_back(one);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (auto s = c.query("status"); s && !s->empty()) q.status = *s;
  q.gender = query_text(c, "gender");
  q.ethnicity = query_text(c, "ethnicity");
  q.education = query_text(c, "education");
  q.identity = query_text(c, "identity");
  q.age_min = query_small(c, "age_min");
  q.age_max = query_small(c, "age_max");
  q.joined_from = query_date(c, "joined_from");
  q.joined_to = query_date(c, "joined_to");
  q.lost_contact = query_flag(c, "lost_contact");
  q.mobile = query_flag(c, "mobile");
  q.q = query_text(c, "q", 30);
  if (auto s = c.query("sort"); s && !s->empty()) q.sort = *s;
  if (auto d = c.query("order"); d && *d == "desc") q.desc = true;
  q.cursor = query_text(c, "cursor", 1000);
  q.limit = input::limit(c);
  return q;
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
