#include "development/routes.hpp"

#include <fmt/format.h>

namespace zhdj::development {

void register_routes(http::Api& api, Service& d) {
  using http::Call;
  using http::Response;
  namespace input = http::input;
  api.get("/api/v1/development/catalogue", [&d](Call& c) {
    return Response::json(d.catalogue(c.who(), input::query_number(c, "org_id")));
  });
  api.get("/api/v1/development/cases", [&d](Call& c) {
    return Response::json(
        d.list(c.who(), input::query_number(c, "org_id"), c.query("status").value_or("")));
  });
  api.post("/api/v1/development/cases",
           [&d](Call& c) { return Response::json(d.start(c.who(), c.body()), 201); });
  api.get("/api/v1/development/cases/{id}",
          [&d](Call& c) { return Response::json(d.get(c.who(), c.id("id"))); });
  api.get("/api/v1/development/cases/{id}/files/{file}",
          [&d](Call& c) { return d.file(c.who(), c.id("id"), c.id("file")); });
  api.patch("/api/v1/development/cases/{id}",
            [&d](Call& c) { return Response::json(d.update(c.who(), c.id("id"), c.body())); });
  api.post("/api/v1/development/cases/{id}/steps",
           [&d](Call& c) { return Response::json(d.record(c.who(), c.id("id"), c.body()), 201); });
  api.post("/api/v1/development/cases/{id}/publicity", [&d](Call& c) {
    return Response::json(d.publicity(c.who(), c.id("id"), c.body()), 201);
  });
  api.post("/api/v1/development/cases/{id}/cancel",
           [&d](Call& c) { return Response::json(d.cancel(c.who(), c.id("id"), c.body())); });
  api.get("/api/v1/development/cases/{id}/documents/{kind}", [&d](Call& c) {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = d.document(c.who(), c.id("id"), c.param("kind"), false);
    return r;
  });
  api.get("/api/v1/development/cases/{id}/documents/{kind}/pdf", [&d](Call& c) {
    Response r;
    r.content_type = "application/pdf";
    r.body = d.document(c.who(), c.id("id"), c.param("kind"), true);
    return r;
  });
  api.get("/api/v1/development/funnel", [&d](Call& c) {
    return Response::json(
        d.funnel(c.who(), input::query_number(c, "org_id"), input::query_number(c, "year")));
  });
  api.get("/api/v1/development/funnel.xlsx", [&d](Call& c) {
    auto year = input::query_number(c, "year");
    return Response::attachment(
        d.funnel_xlsx(c.who(), input::query_number(c, "org_id"), year),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        fmt::format("发展党员统计-{}.xlsx", year ? std::to_string(*year) : "本年"),
        "development-funnel.xlsx");
  });
  api.get("/api/v1/development/todo", [&d](Call& c) {
    return Response::json(d.todo(c.who(), input::query_number(c, "org_id")));
  });
  api.get("/api/v1/development/mine", [&d](Call& c) { return Response::json(d.mine(c.who())); });
  api.put("/api/v1/development/settings/rule-version",
          [&d](Call& c) { return Response::json(d.set_rule_version(c.who(), c.body())); });
  api.post("/api/v1/development/settings/extra-steps",
           [&d](Call& c) { return Response::json(d.add_extra_step(c.who(), c.body()), 201); });
  api.del("/api/v1/development/settings/extra-steps/{id}",
          [&d](Call& c) { return Response::json(d.remove_extra_step(c.who(), c.id("id"))); });
  api.get("/api/v1/development/calendar", [&d](Call& c) {
    return Response::json(
        d.calendar(c.who(), input::query_number(c, "year"), input::query_number(c, "org_id")));
  });
  api.put("/api/v1/development/calendar",
          [&d](Call& c) { return Response::json(d.set_calendar(c.who(), c.body())); });
}

}  // namespace zhdj::development
