// Party dues through the API: the public calculator (POST /api/v1/dues/quote).
#include "harness.hpp"

using namespace zhdj::testing;

namespace {
Reply quote(Client& c, const Json& body) {
  return c.request("POST", "/api/v1/dues/quote", body.dump(), false,
                   {{"Content-Type", "application/json"}});
}
}  // namespace

TEST(DuesQuote, AnyoneGetsTheOfficialAmountInFen) {
  TestUniversity u;
  Client anonymous(u);  // no login, no CSRF token: the calculator is public
  auto r = quote(anonymous, {{"kind", "in_service"}, {"monthly_base_fen", 480000}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["amount_fen"], 4800);
  EXPECT_EQ(r.json["amount_yuan"], "48.00");
  EXPECT_EQ(r.json["rate"], "1%");
  EXPECT_EQ(r.json["policy"], "2008");
  EXPECT_EQ(
      quote(anonymous, {{"kind", "in_service"}, {"monthly_base_fen", 300001}}).json["amount_fen"],
      3000);
  EXPECT_EQ(
      quote(anonymous, {{"kind", "retired"}, {"monthly_base_fen", 600000}}).json["amount_fen"],
      6000);
  auto student = quote(anonymous, {{"kind", "student"}});
  EXPECT_EQ(student.status, 200) << student.body;
  EXPECT_EQ(student.json["amount_fen"], 20);
  EXPECT_EQ(student.json["fixed"], true);

  Client member(u);
  member.login("demo-member");
  auto mine =
      member.post("/api/v1/dues/quote", {{"kind", "retired"}, {"monthly_base_fen", 500000}});
  EXPECT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["amount_fen"], 2500);
}

TEST(DuesQuote, BadInputIsRefusedInChineseNamingTheField) {
  TestUniversity u;
  Client c(u);
  auto audit = u.audit_count();
  struct Case {
    Json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"kind", "teacher"}, {"monthly_base_fen", 100}}, "kind"},
      {{{"monthly_base_fen", 100}}, "kind"},
      {{{"kind", 3}, {"monthly_base_fen", 100}}, "kind"},
      {{{"kind", "in_service"}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", -1}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 4800.5}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", "480000"}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 100000001}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 1e30}}, "monthly_base_fen"},
      {{{"kind", "in_service"}, {"monthly_base_fen", 18446744073709551615ULL}}, "monthly_base_fen"},
      {{{"kind", "student"}, {"monthly_base_fen", -5}}, "monthly_base_fen"},
  };
  for (const auto& k : cases) {
    auto r = quote(c, k.body);
    EXPECT_EQ(r.status, 400) << k.body.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], k.field) << k.body.dump();
    std::string message = r.json["error"]["message"];
    EXPECT_GE(message.size(), 6u);
    EXPECT_EQ(message.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << message;
  }
  auto not_object = c.request("POST", "/api/v1/dues/quote", "[1,2]", false,
                              {{"Content-Type", "application/json"}});
  EXPECT_EQ(not_object.status, 400);
  EXPECT_EQ(u.audit_count(), audit);  // a quote writes nothing
}
