#include "meetings/routes.hpp"

#include "common/error.hpp"
#include "common/messages.hpp"

namespace zhdj::meetings {

using http::Call;
using http::Response;
namespace input = http::input;

void register_routes(http::Api& api, Services s) {
  auto& m = s.meetings;
  auto& v = s.votes;
  auto& a = s.appraisals;
  auto& c = s.compliance;

  api.get("/api/v1/meetings/types",
          [&m](Call& call) { return Response::json(m.types(call.who())); });
  api.put("/api/v1/meetings/policies/{type}", [&m](Call& call) {
    return Response::json(m.set_policy(call.who(), call.param("type"), call.body()));
  });
  api.get("/api/v1/meetings/candidates", [&m](Call& call) {
    auto org = input::query_number(call, "org_id");
    if (!org) throw errors::validation("org_id", zhdj::msg::kRequired);
    return Response::json(m.candidates(call.who(), *org, call.query("type").value_or("")));
  });
  api.get("/api/v1/meetings", [&m](Call& call) {
    ListQuery q;
    auto date = [&](const char* name) -> std::optional<Date> {
      auto t = call.query(name);
      if (!t || t->empty()) return std::nullopt;
      auto d = parse_date(*t);
      if (!d) throw errors::validation(name, zhdj::msg::kMustBeDate);
      return d;
    };
    q.from = date("from");
    q.to = date("to");
    q.org_id = input::query_number(call, "org_id");
    q.type = call.query("type").value_or("");
    q.status = call.query("status").value_or("");
    q.mine = call.query("mine").value_or("") == "1";
    return Response::json(m.list(call.who(), q));
  });
  api.post("/api/v1/meetings",
           [&m](Call& call) { return Response::json(m.create(call.who(), call.body()), 201); });
  api.get("/api/v1/meetings/{id}",
          [&m](Call& call) { return Response::json(m.get(call.who(), call.id("id"))); });
  api.patch("/api/v1/meetings/{id}", [&m](Call& call) {
    return Response::json(m.update(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/publish",
           [&m](Call& call) { return Response::json(m.publish(call.who(), call.id("id"))); });
  api.post("/api/v1/meetings/{id}/cancel", [&m](Call& call) {
    return Response::json(m.cancel(call.who(), call.id("id"), call.body()));
  });
  api.put("/api/v1/meetings/{id}/attendees", [&m](Call& call) {
    return Response::json(m.set_attendees(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/leave", [&m](Call& call) {
    return Response::json(m.request_leave(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/leave/{member}", [&m](Call& call) {
    return Response::json(
        m.decide_leave(call.who(), call.id("id"), call.id("member"), call.body()));
  });
  api.get("/api/v1/meetings/{id}/checkin-display", [&m](Call& call) {
    return Response::json(
        m.checkin_display(call.who(), call.id("id"), call.query("origin").value_or("")));
  });
  api.post("/api/v1/meetings/{id}/checkin", [&m](Call& call) {
    return Response::json(m.checkin(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/attendance/{member}", [&m](Call& call) {
    return Response::json(m.mark(call.who(), call.id("id"), call.id("member"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/presence",
           [&m](Call& call) { return Response::json(m.presence(call.who(), call.id("id"))); });
  api.put("/api/v1/meetings/{id}/minutes", [&m](Call& call) {
    return Response::json(m.save_minutes(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/minutes/approve", [&m](Call& call) {
    return Response::json(m.approve_minutes(call.who(), call.id("id")));
  });
  api.post("/api/v1/meetings/{id}/amendments", [&m](Call& call) {
    return Response::json(m.amend(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/files", [&m](Call& call) {
    auto& req = call.request();
    return Response::json(
        m.upload(call.who(), req.header("content-type"), req.header("x-file-name"), req.body), 201);
  });
  api.get("/api/v1/meetings/{id}/files/{file}",
          [&m](Call& call) { return m.attachment(call.who(), call.id("id"), call.id("file")); });

  // Votes
  api.post("/api/v1/meetings/{id}/votes", [&v](Call& call) {
    return Response::json(v.create(call.who(), call.id("id"), call.body()), 201);
  });
  api.get("/api/v1/meetings/{id}/votes",
          [&v](Call& call) { return Response::json(v.list(call.who(), call.id("id"))); });
  api.get("/api/v1/votes/{id}",
          [&v](Call& call) { return Response::json(v.get(call.who(), call.id("id"))); });
  api.post("/api/v1/votes/{id}/opinions", [&v](Call& call) {
    return Response::json(v.opinion(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/votes/{id}/open",
           [&v](Call& call) { return Response::json(v.open(call.who(), call.id("id"))); });
  api.post("/api/v1/votes/{id}/close",
           [&v](Call& call) { return Response::json(v.close(call.who(), call.id("id"))); });
  api.post("/api/v1/votes/{id}/ballot", [&v](Call& call) {
    return Response::json(v.ballot(call.who(), call.id("id"), call.body()));
  });

  // Democratic appraisal
  api.post("/api/v1/meetings/{id}/appraisal",
           [&a](Call& call) { return Response::json(a.create(call.who(), call.id("id")), 201); });
  api.get("/api/v1/meetings/{id}/appraisal",
          [&a](Call& call) { return Response::json(a.get(call.who(), call.id("id"))); });
  api.put("/api/v1/meetings/{id}/appraisal/self", [&a](Call& call) {
    return Response::json(a.self_assessment(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/appraisal/peer", [&a](Call& call) {
    return Response::json(a.peer(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/appraisal/advance",
           [&a](Call& call) { return Response::json(a.advance(call.who(), call.id("id"))); });
  api.put("/api/v1/meetings/{id}/appraisal/grades", [&a](Call& call) {
    return Response::json(a.grade(call.who(), call.id("id"), call.body()));
  });
  api.post("/api/v1/meetings/{id}/appraisal/close",
           [&a](Call& call) { return Response::json(a.close(call.who(), call.id("id"))); });

  // Compliance
  api.get("/api/v1/compliance", [&c](Call& call) {
    return Response::json(c.report(call.who(), input::query_number(call, "org_id"),
                                   call.query("period").value_or("")));
  });
}

}  // namespace zhdj::meetings
