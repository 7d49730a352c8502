#include "dues/routes.hpp"

#include "common/error.hpp"
#include "dues/messages.hpp"
#include "dues/payments.hpp"
#include "dues/reliefs.hpp"
#include "dues/reports.hpp"
#include "dues/rules.hpp"
#include "dues/statement.hpp"

namespace zhdj::dues {

namespace {

// {"kind", "monthly_base_fen"} → the quote; every mistake is a 400 naming its field.
nlohmann::json quote_of(const nlohmann::json& b) {
  if (!b.contains("kind") || !b["kind"].is_string()) throw errors::validation("kind", msg::kKind);
  auto kind = parse_kind(b["kind"].get<std::string>());
  if (!kind) throw errors::validation("kind", msg::kKind);
  bool fixed = *kind != MemberKind::in_service && *kind != MemberKind::retired;
  std::int64_t base = 0;
  if (b.contains("monthly_base_fen") && !b["monthly_base_fen"].is_null()) {
    const auto& v = b["monthly_base_fen"];
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxBaseFen))
      throw errors::validation("monthly_base_fen", msg::kBaseTooLarge);
    if (v.is_number_float() && v.get<double>() > static_cast<double>(kMaxBaseFen))
      throw errors::validation("monthly_base_fen", msg::kBaseTooLarge);
    if (!v.is_number_integer()) throw errors::validation("monthly_base_fen", msg::kBaseInteger);
    base = v.get<std::int64_t>();
    if (base < 0) throw errors::validation("monthly_base_fen", msg::kBaseNegative);
    if (base > kMaxBaseFen) throw errors::validation("monthly_base_fen", msg::kBaseTooLarge);
  } else if (!fixed) {
    throw errors::validation("monthly_base_fen", msg::kBaseRequired);
  }
  Policy policy;
  Quote q = quote(*kind, base, policy);
  return {{"kind", kind_code(*kind)},
          {"kind_name", kind_name(*kind)},
          {"monthly_base_fen", fixed ? nlohmann::json(nullptr) : nlohmann::json(base)},
          {"amount_fen", q.amount_fen},
          {"amount_yuan", format_yuan(q.amount_fen)},
          {"rate", q.rate},
          {"fixed", q.fixed},
          {"policy", policy.version}};
}

}  // namespace

void register_routes(http::Api& api, Service& dues) {
  namespace input = http::input;
  api.post("/api/v1/dues/bases", [&dues](http::Call& c) {
    return http::Response::json(dues.declare(c.who(), c.body()), 201);
  });
  api.get("/api/v1/dues/bases", [&dues](http::Call& c) {
    return http::Response::json(dues.bases(c.who(), input::query_number(c, "member_id")));
  });
  api.get("/api/v1/dues/bases/pending", [&dues](http::Call& c) {
    return http::Response::json(dues.pending(c.who(), input::query_number(c, "org_id")));
  });
  api.post("/api/v1/dues/bills/generate", [&dues](http::Call& c) {
    return http::Response::json(dues.generate_bills(c.who(), c.body()));
  });
  api.get("/api/v1/dues/settings", [&dues](http::Call& c) {
    return http::Response::json(dues.settings(c.who(), input::query_number(c, "org_id")));
  });
  api.put("/api/v1/dues/settings", [&dues](http::Call& c) {
    return http::Response::json(dues.set_settings(c.who(), c.body()));
  });
  api.get("/api/v1/dues/bills", [&dues](http::Call& c) {
    if (auto org_id = input::query_number(c, "org_id"))
      return http::Response::json(dues.org_bills(c.who(), *org_id, c.query("month").value_or("")));
    return http::Response::json(dues.bills(c.who(), input::query_number(c, "member_id")));
  });
  api.post("/api/v1/dues/bases/{id}/decide", [&dues](http::Call& c) {
    return http::Response::json(dues.decide(c.who(), c.id("id"), c.body()));
  });
  // Hardship reliefs.
  api.post("/api/v1/dues/reliefs", [&dues](http::Call& c) {
    return http::Response::json(dues.reliefs().request(c.who(), c.body()), 201);
  });
  api.get("/api/v1/dues/reliefs", [&dues](http::Call& c) {
    return http::Response::json(dues.reliefs().list(c.who(), input::query_number(c, "member_id")));
  });
  api.get("/api/v1/dues/reliefs/pending", [&dues](http::Call& c) {
    return http::Response::json(dues.reliefs().pending(c.who(), input::query_number(c, "org_id")));
  });
  api.post("/api/v1/dues/reliefs/{id}/decide", [&dues](http::Call& c) {
    return http::Response::json(dues.reliefs().decide(c.who(), c.id("id"), c.body()));
  });
  // Payments and finance-office statements.
  api.post("/api/v1/dues/payments", [&dues](http::Call& c) {
    return http::Response::json(dues.payments().record(c.who(), c.body()), 201);
  });
  api.get("/api/v1/dues/payments", [&dues](http::Call& c) {
    return http::Response::json(dues.payments().list(c.who(), input::query_number(c, "member_id"),
                                                     input::query_number(c, "org_id"),
                                                     c.query("period").value_or("")));
  });
  api.post("/api/v1/dues/payments/import", [&dues](http::Call& c) {
    return http::Response::json(
        dues.statements().import(c.who(), input::query_number(c, "org_id"),
                                 c.query("file_name").value_or(""), c.request().body),
        201);
  });
  api.get("/api/v1/dues/imports", [&dues](http::Call& c) {
    return http::Response::json(
        dues.statements().imports(c.who(), input::query_number(c, "org_id")));
  });
  api.get("/api/v1/dues/unmatched", [&dues](http::Call& c) {
    return http::Response::json(dues.statements().unmatched(
        c.who(), input::query_number(c, "org_id"), c.query("status").value_or("")));
  });
  api.post("/api/v1/dues/unmatched/{id}/assign", [&dues](http::Call& c) {
    return http::Response::json(dues.statements().assign(c.who(), c.id("id"), c.body()));
  });
  api.post("/api/v1/dues/unmatched/{id}/dismiss", [&dues](http::Call& c) {
    return http::Response::json(dues.statements().dismiss(c.who(), c.id("id"), c.body()));
  });
  // What it adds up to.
  api.get("/api/v1/dues/arrears", [&dues](http::Call& c) {
    return http::Response::json(dues.reports().arrears(c.who(), input::query_number(c, "org_id")));
  });
  api.get("/api/v1/dues/report", [&dues](http::Call& c) {
    return http::Response::json(dues.reports().report(c.who(), input::query_number(c, "org_id"),
                                                      c.query("period").value_or("")));
  });
  api.get("/api/v1/dues/report/export", [&dues](http::Call& c) {
    auto file = dues.reports().export_xlsx(c.who(), input::query_number(c, "org_id"),
                                           c.query("period").value_or(""));
    return http::Response::attachment(
        std::move(file.bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file.name, file.ascii_name);
  });
  api.get("/api/v1/dues/mine", [&dues](http::Call& c) {
    return http::Response::json(dues.reports().mine(c.who(), c.query("year").value_or("")));
  });
  // A calculator anyone may use: a pure function of its input, nothing stored or read.
  api.post(
      "/api/v1/dues/quote", [](http::Call& c) { return http::Response::json(quote_of(c.body())); },
      http::Access::open);
}

}  // namespace zhdj::dues
