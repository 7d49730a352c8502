// Walks every API route with an account of each administration level against objects outside
// that account's subtree: nothing there can be read or changed, the denial is 403 or 404, and
// no table changes. A new route fails this test until it is added to the table below.
#include <chrono>

#include "harness.hpp"

using namespace zhdj::testing;

namespace {

struct Target {
  std::int64_t org_id;             // a branch outside the caller's subtree
  std::int64_t grant_id;           // a grant at that branch
  std::int64_t notification;       // someone else's notification
  std::string marker;              // a name that must never appear in the caller's answers
  std::int64_t member_id = 0;      // a member of that branch
  std::int64_t dues_base_id = 0;   // a pending dues base declaration of that member
  std::int64_t transfer_id = 0;    // a transfer from that branch
  std::int64_t correction_id = 0;  // a correction request of that member
  std::int64_t university_id = 0;  // the root org above that branch
  std::int64_t meeting_id = 0;     // a published meeting of that branch, the member attending
  std::int64_t vote_id = 0;        // an open vote in it
  std::int64_t file_id = 0;        // an attachment of its minutes
  std::int64_t dev_member_id = 0;  // an applicant of that branch with an open development case
  std::int64_t dev_case_id = 0;    // that case
  std::int64_t extra_step_id = 0;  // an extra development step of that university
  std::int64_t dev_file_id = 0;    // a material of that case's first step
};

enum class Expect { denied, no_leak, skip };

struct Probe {
  Expect expect;
  std::string method, path;
  Json body;
};

using ProbeFn = std::function<Probe(const Target&)>;

std::string s(std::int64_t v) {
  return std::to_string(v);
}

// This month where the university is, so probes stay valid whenever the suite runs.
std::string current_month() {
  return zhdj::format_year_month(
      zhdj::year_month_of(zhdj::civil_date(zhdj::SystemClock{}.now(), "Asia/Shanghai")));
}

const std::map<std::string, ProbeFn>& probes() {
  static const std::map<std::string, ProbeFn> table = {
      // Public or about the caller only: nothing of anyone else's to reach.
      {"POST /api/v1/auth/login", [](const Target&) { return Probe{Expect::skip}; }},
      {"POST /api/v1/auth/totp", [](const Target&) { return Probe{Expect::skip}; }},
      {"GET /api/v1/auth/totp/enroll", [](const Target&) { return Probe{Expect::skip}; }},
      {"POST /api/v1/auth/totp/enroll", [](const Target&) { return Probe{Expect::skip}; }},
      {"POST /api/v1/auth/password", [](const Target&) { return Probe{Expect::skip}; }},
      {"POST /api/v1/auth/logout", [](const Target&) { return Probe{Expect::skip}; }},
      {"GET /api/v1/notifications/stream",
       [](const Target&) { return Probe{Expect::skip}; }},  // notify_test
      {"GET /api/v1/auth/session",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/auth/session"};
       }},
      {"GET /healthz",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/healthz"};
       }},
      {"GET /metrics",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/metrics"};
       }},
      {"GET /api/v1/roles",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/roles"};
       }},
      // Lists: filtered by scope in SQL.
      {"GET /api/v1/orgs",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/orgs"};
       }},
      {"GET /api/v1/grants",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/grants?org_id=" + s(t.org_id)};
       }},
      {"GET /api/v1/accounts",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/accounts?q="};
       }},
      {"GET /api/v1/audit",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/audit?limit=200"};
       }},
      {"GET /api/v1/notifications",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/notifications"};
       }},
      {"GET /api/v1/notifications/unread-count",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/notifications/unread-count"};
       }},
      // Objects outside the subtree.
      {"GET /api/v1/orgs/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/orgs/" + s(t.org_id)};
       }},
      {"POST /api/v1/orgs",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/orgs",
                      {{"parent_id", t.org_id}, {"kind", "party_group"}, {"name", "越权小组"}}};
       }},
      {"PATCH /api/v1/orgs/{id}",
       [](const Target& t) {
         return Probe{
             Expect::denied, "PATCH", "/api/v1/orgs/" + s(t.org_id), {{"name", "越权改名"}}};
       }},
      {"POST /api/v1/orgs/{id}/move",
       [](const Target& t) {
         return Probe{
             Expect::denied, "POST", "/api/v1/orgs/" + s(t.org_id) + "/move", {{"parent_id", 1}}};
       }},
      {"DELETE /api/v1/orgs/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "DELETE", "/api/v1/orgs/" + s(t.org_id)};
       }},
      {"GET /api/v1/orgs/{id}/warnings",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/orgs/" + s(t.org_id) + "/warnings"};
       }},
      {"GET /api/v1/orgs/{id}/members",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/orgs/" + s(t.org_id) + "/members"};
       }},
      {"GET /api/v1/orgs/{id}/committees",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/orgs/" + s(t.org_id) + "/committees"};
       }},
      {"POST /api/v1/orgs/{id}/committees",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/orgs/" + s(t.org_id) + "/committees",
                      {{"term_start", "2030-01-01"}, {"posts", Json::array()}}};
       }},
      {"POST /api/v1/grants",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/grants",
                      {{"login", "demo-member"}, {"role", "member"}, {"org_id", t.org_id}}};
       }},
      {"DELETE /api/v1/grants/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "DELETE", "/api/v1/grants/" + s(t.grant_id)};
       }},
      {"POST /api/v1/notifications/{id}/read",
       [](const Target& t) {
         return Probe{Expect::denied, "POST",
                      "/api/v1/notifications/" + s(t.notification) + "/read"};
       }},
      {"POST /api/v1/notifications/read-all",
       [](const Target&) {
         return Probe{Expect::no_leak, "POST", "/api/v1/notifications/read-all"};
       }},
      // Member registry.
      {"GET /api/v1/members/codes",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/members/codes"};
       }},
      {"GET /api/v1/members",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members?org_id=" + s(t.org_id)};
       }},
      {"POST /api/v1/members",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/members",
                      {{"org_id", t.org_id}, {"name", "越权登记"}, {"category", "applicant"}}};
       }},
      {"GET /api/v1/members/stats",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members/stats?org_id=" + s(t.org_id)};
       }},
      {"GET /api/v1/members/alerts",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members/alerts?org_id=" + s(t.org_id)};
       }},
      {"GET /api/v1/members/corrections",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/members/corrections?status=all"};
       }},
      {"POST /api/v1/members/corrections/{id}/approve",
       [](const Target& t) {
         return Probe{Expect::denied, "POST",
                      "/api/v1/members/corrections/" + s(t.correction_id) + "/approve"};
       }},
      {"POST /api/v1/members/corrections/{id}/reject",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/members/corrections/" + s(t.correction_id) + "/reject",
                      {{"reason", "越权"}}};
       }},
      {"GET /api/v1/members/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members/" + s(t.member_id)};
       }},
      {"PATCH /api/v1/members/{id}",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PATCH",
                      "/api/v1/members/" + s(t.member_id),
                      {{"version", 1}, {"job", "越权修改"}}};
       }},
      {"GET /api/v1/members/{id}/history",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members/" + s(t.member_id) + "/history"};
       }},
      {"POST /api/v1/members/{id}/reveal",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/members/" + s(t.member_id) + "/reveal"};
       }},
      {"GET /api/v1/members/{id}/access-log",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members/" + s(t.member_id) + "/access-log"};
       }},
      {"GET /api/v1/members/{id}/events",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members/" + s(t.member_id) + "/events"};
       }},
      {"POST /api/v1/members/{id}/events",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/members/" + s(t.member_id) + "/events",
                      {{"kind", "warning"}, {"occurred_on", "2026-01-05"}, {"decided_by", "越权"}}};
       }},
      {"GET /api/v1/members/import/template",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/members/import/template"};
       }},
      {"POST /api/v1/members/import",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/members/import?org_id=" + s(t.org_id),
                      Json("not an xlsx file")};
       }},
      // A batch belongs to the account that uploaded it (roster_test).
      {"POST /api/v1/members/import/{batch}/confirm",
       [](const Target&) {
         return Probe{Expect::denied, "POST", "/api/v1/members/import/not-a-batch/confirm"};
       }},
      {"POST /api/v1/members/export",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/members/export",
                      {{"filters", {{"org_id", t.org_id}}}, {"columns", {"name"}}}};
       }},
      {"GET /api/v1/members/stats/export",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/members/stats/export?org_id=" + s(t.org_id)};
       }},
      {"GET /api/v1/me/record",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/me/record"};
       }},
      {"GET /api/v1/me/corrections",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/me/corrections"};
       }},
      // Only about the caller's own record (registry_test covers it).
      {"POST /api/v1/me/corrections", [](const Target&) { return Probe{Expect::skip}; }},
      {"GET /api/v1/transfers",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/transfers?box=all"};
       }},
      // Branch names of the caller's own university, by design (registry_test checks that
      // another university's branches are not listed).
      {"GET /api/v1/transfers/targets", [](const Target&) { return Probe{Expect::skip}; }},
      {"POST /api/v1/transfers",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/transfers",
                      {{"direction", "outgoing"},
                       {"member_id", t.member_id},
                       {"outside_unit", "越权单位"},
                       {"reason", "越权"}}};
       }},
      {"GET /api/v1/transfers/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/transfers/" + s(t.transfer_id)};
       }},
      {"POST /api/v1/transfers/{id}/approve",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/transfers/" + s(t.transfer_id) + "/approve"};
       }},
      {"POST /api/v1/transfers/{id}/confirm",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/transfers/" + s(t.transfer_id) + "/confirm"};
       }},
      {"POST /api/v1/transfers/{id}/reject",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/transfers/" + s(t.transfer_id) + "/reject",
                      {{"reason", "越权"}}};
       }},
      {"POST /api/v1/transfers/{id}/cancel",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/transfers/" + s(t.transfer_id) + "/cancel"};
       }},
      {"POST /api/v1/transfers/{id}/receipt",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/transfers/" + s(t.transfer_id) + "/receipt",
                      {{"received_on", "2026-01-05"}}};
       }},
      {"GET /api/v1/transfers/{id}/letter",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/transfers/" + s(t.transfer_id) + "/letter"};
       }},
      {"GET /api/v1/transfers/{id}/letter.pdf",
       [](const Target& t) {
         return Probe{Expect::denied, "GET",
                      "/api/v1/transfers/" + s(t.transfer_id) + "/letter.pdf"};
       }},
      // Organizational life.
      // The dues calculator: a pure function of its input, open to anyone.
      {"POST /api/v1/dues/quote",
       [](const Target&) {
         return Probe{Expect::no_leak, "POST", "/api/v1/dues/quote",
                      Json{{"kind", "in_service"}, {"monthly_base_fen", 480000}}};
       }},
      {"POST /api/v1/dues/bases",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/dues/bases",
                      Json{{"member_id", t.member_id},
                           {"kind", "in_service"},
                           {"monthly_base_fen", 480000},
                           {"effective_month", current_month()}}};
       }},
      {"GET /api/v1/dues/bases",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/dues/bases?member_id=" + s(t.member_id)};
       }},
      {"GET /api/v1/dues/bases/pending",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/dues/bases/pending?org_id=" + s(t.org_id)};
       }},
      {"POST /api/v1/dues/bills/generate",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/dues/bills/generate",
                      Json{{"org_id", t.org_id}, {"month", current_month()}}};
       }},
      {"GET /api/v1/dues/bills",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/dues/bills?member_id=" + s(t.member_id)};
       }},
      {"POST /api/v1/dues/bases/{id}/decide",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/dues/bases/" + s(t.dues_base_id) + "/decide",
                      Json{{"approve", true}}};
       }},
      {"GET /api/v1/meetings/types",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/meetings/types"};
       }},
      {"PUT /api/v1/meetings/policies/{type}",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PUT",
                      "/api/v1/meetings/policies/theme_day",
                      {{"frequency", "year"}, {"org_id", t.university_id}}};
       }},
      {"GET /api/v1/meetings/candidates",
       [](const Target& t) {
         return Probe{
             Expect::denied, "GET",
             "/api/v1/meetings/candidates?org_id=" + s(t.org_id) + "&type=general_assembly"};
       }},
      {"GET /api/v1/meetings",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/meetings"};
       }},
      {"POST /api/v1/meetings",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings",
                      {{"org_id", t.org_id},
                       {"type", "theme_day"},
                       {"starts_at", "2030-01-05T02:00:00Z"},
                       {"ends_at", "2030-01-05T04:00:00Z"},
                       {"place", "越权会场"},
                       {"host_member_id", t.member_id}}};
       }},
      {"GET /api/v1/meetings/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/meetings/" + s(t.meeting_id)};
       }},
      {"PATCH /api/v1/meetings/{id}",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PATCH",
                      "/api/v1/meetings/" + s(t.meeting_id),
                      {{"version", 1}, {"title", "越权修改"}}};
       }},
      {"POST /api/v1/meetings/{id}/publish",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/meetings/" + s(t.meeting_id) + "/publish"};
       }},
      {"POST /api/v1/meetings/{id}/cancel",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/cancel",
                      {{"reason", "越权"}}};
       }},
      {"PUT /api/v1/meetings/{id}/attendees",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PUT",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/attendees",
                      {{"member_ids", {t.member_id}}}};
       }},
      {"POST /api/v1/meetings/{id}/leave",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/leave",
                      {{"reason", "越权"}}};
       }},
      {"POST /api/v1/meetings/{id}/leave/{member}",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/leave/" + s(t.member_id),
                      {{"approve", true}}};
       }},
      {"GET /api/v1/meetings/{id}/checkin-display",
       [](const Target& t) {
         return Probe{
             Expect::denied, "GET",
             "/api/v1/meetings/" + s(t.meeting_id) + "/checkin-display?origin=http://localhost"};
       }},
      {"POST /api/v1/meetings/{id}/checkin",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/checkin",
                      {{"code", "000000"}}};
       }},
      {"POST /api/v1/meetings/{id}/attendance/{member}",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/attendance/" + s(t.member_id),
                      {{"present", false}}};
       }},
      {"POST /api/v1/meetings/{id}/presence",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/meetings/" + s(t.meeting_id) + "/presence"};
       }},
      {"PUT /api/v1/meetings/{id}/minutes",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PUT",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/minutes",
                      {{"content", "越权记录"}}};
       }},
      {"POST /api/v1/meetings/{id}/minutes/approve",
       [](const Target& t) {
         return Probe{Expect::denied, "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/minutes/approve"};
       }},
      {"POST /api/v1/meetings/{id}/amendments",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/amendments",
                      {{"field", "content"}, {"value", "越权"}, {"reason", "越权"}}};
       }},
      // A file belongs to its uploader until attached; this one is refused for its type.
      {"POST /api/v1/files",
       [](const Target&) {
         return Probe{Expect::no_leak, "POST", "/api/v1/files", Json("not a file")};
       }},
      {"GET /api/v1/meetings/{id}/files/{file}",
       [](const Target& t) {
         return Probe{Expect::denied, "GET",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/files/" + s(t.file_id)};
       }},
      {"POST /api/v1/meetings/{id}/votes",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/votes",
                      {{"kind", "general"}, {"title", "越权"}, {"options", {"是", "否"}}}};
       }},
      {"GET /api/v1/meetings/{id}/votes",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/meetings/" + s(t.meeting_id) + "/votes"};
       }},
      {"GET /api/v1/votes/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/votes/" + s(t.vote_id)};
       }},
      {"POST /api/v1/votes/{id}/opinions",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/votes/" + s(t.vote_id) + "/opinions",
                      {{"member_id", t.member_id}, {"choice", "yes"}}};
       }},
      {"POST /api/v1/votes/{id}/open",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/votes/" + s(t.vote_id) + "/open"};
       }},
      {"POST /api/v1/votes/{id}/close",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/votes/" + s(t.vote_id) + "/close"};
       }},
      {"POST /api/v1/votes/{id}/ballot",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/votes/" + s(t.vote_id) + "/ballot",
                      {{"choice", "o1"}}};
       }},
      {"POST /api/v1/meetings/{id}/appraisal",
       [](const Target& t) {
         return Probe{Expect::denied, "POST", "/api/v1/meetings/" + s(t.meeting_id) + "/appraisal"};
       }},
      {"GET /api/v1/meetings/{id}/appraisal",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/meetings/" + s(t.meeting_id) + "/appraisal"};
       }},
      {"PUT /api/v1/meetings/{id}/appraisal/self",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PUT",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/appraisal/self",
                      {{"text", "越权"}}};
       }},
      {"POST /api/v1/meetings/{id}/appraisal/peer",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/appraisal/peer",
                      {{"grades", {{s(t.member_id), "excellent"}}}}};
       }},
      {"POST /api/v1/meetings/{id}/appraisal/advance",
       [](const Target& t) {
         return Probe{Expect::denied, "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/appraisal/advance"};
       }},
      {"PUT /api/v1/meetings/{id}/appraisal/grades",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PUT",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/appraisal/grades",
                      {{"grades", {{s(t.member_id), "excellent"}}}}};
       }},
      {"POST /api/v1/meetings/{id}/appraisal/close",
       [](const Target& t) {
         return Probe{Expect::denied, "POST",
                      "/api/v1/meetings/" + s(t.meeting_id) + "/appraisal/close"};
       }},
      {"GET /api/v1/compliance",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/compliance?org_id=" + s(t.org_id)};
       }},
      // Member development: cases by their person's org, settings by their university.
      {"GET /api/v1/development/catalogue",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/development/catalogue"};
       }},
      {"GET /api/v1/development/cases",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/development/cases?org_id=" + s(t.org_id)};
       }},
      {"POST /api/v1/development/cases",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/development/cases",
                      {{"member_id", t.dev_member_id}, {"applied_on", "2026-01-05"}}};
       }},
      {"GET /api/v1/development/cases/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/development/cases/" + s(t.dev_case_id)};
       }},
      {"GET /api/v1/development/cases/{id}/files/{file}",
       [](const Target& t) {
         return Probe{
             Expect::denied, "GET",
             "/api/v1/development/cases/" + s(t.dev_case_id) + "/files/" + s(t.dev_file_id)};
       }},
      {"PATCH /api/v1/development/cases/{id}",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PATCH",
                      "/api/v1/development/cases/" + s(t.dev_case_id),
                      {{"leaves_on", "2030-07-01"}}};
       }},
      {"POST /api/v1/development/cases/{id}/steps",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/development/cases/" + s(t.dev_case_id) + "/steps",
                      {{"step", "application_talk"}, {"done_on", "2026-01-06"}}};
       }},
      {"POST /api/v1/development/cases/{id}/publicity",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/development/cases/" + s(t.dev_case_id) + "/publicity",
                      {{"step", "target"}, {"starts_on", "2026-01-06"}}};
       }},
      {"POST /api/v1/development/cases/{id}/cancel",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/development/cases/" + s(t.dev_case_id) + "/cancel",
                      {{"reason", "越权"}, {"on", "2026-01-06"}}};
       }},
      {"GET /api/v1/development/todo",
       [](const Target& t) {
         return Probe{Expect::denied, "GET", "/api/v1/development/todo?org_id=" + s(t.org_id)};
       }},
      {"GET /api/v1/development/mine",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/development/mine"};
       }},
      {"PUT /api/v1/development/settings/rule-version",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PUT",
                      "/api/v1/development/settings/rule-version",
                      {{"rule_version", "2014"}, {"org_id", t.university_id}}};
       }},
      {"POST /api/v1/development/settings/extra-steps",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "POST",
                      "/api/v1/development/settings/extra-steps",
                      {{"name", "越权步骤"}, {"after", 5}, {"org_id", t.university_id}}};
       }},
      {"DELETE /api/v1/development/settings/extra-steps/{id}",
       [](const Target& t) {
         return Probe{Expect::denied, "DELETE",
                      "/api/v1/development/settings/extra-steps/" + s(t.extra_step_id)};
       }},
      // The calendar of the caller's own university (below: another's cannot be changed).
      {"GET /api/v1/development/calendar",
       [](const Target&) {
         return Probe{Expect::no_leak, "GET", "/api/v1/development/calendar"};
       }},
      {"PUT /api/v1/development/calendar",
       [](const Target& t) {
         return Probe{Expect::denied,
                      "PUT",
                      "/api/v1/development/calendar",
                      {{"year", 2030},
                       {"days", {{{"day", "2030-10-01"}, {"kind", "holiday"}}}},
                       {"org_id", t.university_id}}};
       }},
  };
  return table;
}

// A pending transfer and a pending correction of the target's member.
void add_registry_objects(zhdj::db::Tx& tx, Target& t, const std::string& path,
                          std::int64_t account) {
  t.transfer_id = tx.insert(
      "INSERT INTO transfers (direction, status, member_id, member_name, from_org_id, from_path, "
      "outside_unit, reason, requested_by, requested_at) VALUES ('outgoing', 'requested', ?, "
      "'某党员', ?, ?, '校外单位', '工作调动', ?, 0) RETURNING id",
      {t.member_id, t.org_id, path, account});
  t.correction_id = tx.insert(
      "INSERT INTO member_corrections (member_id, requested_by, changes, summary, reason, status, "
      "created_at) VALUES (?, ?, ?, '{}', '更正', 'pending', 0) RETURNING id",
      {t.member_id, account, zhdj::db::Blob{1, 2, 3}});
}

// A published meeting of the target's branch happening now, its member attending (present), an
// open named vote, an appraisal and a PDF attached to its minutes.
void add_meeting_objects(zhdj::db::Tx& tx, Target& t, std::int64_t account) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  t.meeting_id = tx.insert(
      "INSERT INTO meetings (org_id, type, title, status, starts_at, ends_at, start_date, place, "
      "host_member_id, recorder_member_id, checkin_before_min, checkin_after_min, "
      "checkin_secret, remind_at, minutes_status, created_by, created_at, updated_at, "
      "published_at) VALUES (?, 'appraisal', '越权会议', 'published', ?, ?, ?, '会议室', ?, ?, "
      "30, 30, ?, 0, 'draft', ?, 0, 0, 0) RETURNING id",
      {t.org_id, now - 600000, now + 3600000, zhdj::format_date(zhdj::civil_date(now, "UTC")),
       t.member_id, t.member_id, zhdj::db::Blob(32, 7), account});
  tx.exec(
      "INSERT INTO meeting_attendees (meeting_id, member_id, present, method, checked_in_at) "
      "VALUES (?, ?, 1, 'manual', ?)",
      {t.meeting_id, t.member_id, now});
  tx.exec(
      "INSERT INTO meeting_minutes (meeting_id, content, decisions, criticisms, recorded_by, "
      "updated_at) VALUES (?, '记录', '[]', '[]', ?, 0)",
      {t.meeting_id, account});
  t.vote_id = tx.insert(
      "INSERT INTO votes (meeting_id, kind, title, secret, options, status, created_by, "
      "created_at, opened_at, eligible_count, present_count) VALUES (?, 'general', '越权表决', "
      "0, ?, 'open', ?, 0, 0, 1, 1) RETURNING id",
      {t.meeting_id, R"([{"code":"o1","label":"同意"},{"code":"o2","label":"反对"}])", account});
  tx.exec("INSERT INTO vote_voters (vote_id, member_id, present) VALUES (?, ?, 1)",
          {t.vote_id, t.member_id});
  tx.exec(
      "INSERT INTO appraisals (meeting_id, status, created_by, created_at) VALUES (?, 'open', ?, "
      "0)",
      {t.meeting_id, account});
  tx.exec("INSERT INTO appraisal_subjects (meeting_id, member_id) VALUES (?, ?)",
          {t.meeting_id, t.member_id});
  std::string pdf = "%PDF-1.4 越权";
  t.file_id = tx.insert(
      "INSERT INTO files (name, mime, size, sha256, content, uploaded_by, uploaded_at) VALUES "
      "('记录.pdf', 'application/pdf', ?, 'x', ?, ?, 0) RETURNING id",
      {static_cast<std::int64_t>(pdf.size()), zhdj::db::Blob(pdf.begin(), pdf.end()), account});
  tx.exec("INSERT INTO meeting_attachments (meeting_id, file_id) VALUES (?, ?)",
          {t.meeting_id, t.file_id});
}

// An applicant of the target's branch with an open development case (step 1 recorded), and an
// extra development step of its university.
void add_development_objects(zhdj::db::Tx& tx, Target& t, std::int64_t account) {
  t.dev_member_id = tx.insert(
      "INSERT INTO members (org_id, name, category, birth_date, created_at) VALUES (?, "
      "'某申请人', 'applicant', '2000-01-01', 0) RETURNING id",
      {t.org_id});
  t.dev_case_id = tx.insert(
      "INSERT INTO dev_cases (member_id, university_id, rule_version, status, last_number, "
      "created_by, created_at) VALUES (?, ?, '2026', 'active', 1, ?, 0) RETURNING id",
      {t.dev_member_id, t.university_id, account});
  auto step = tx.insert(
      "INSERT INTO dev_steps (case_id, step, number, done_on, org_id, rule_version, recorded_by, "
      "recorded_at) VALUES (?, 'application', 1, '2026-01-05', ?, '2026', ?, 0) RETURNING id",
      {t.dev_case_id, t.org_id, account});
  std::string pdf = "%PDF-1.4 申请书";
  t.dev_file_id = tx.insert(
      "INSERT INTO files (name, mime, size, sha256, content, uploaded_by, uploaded_at) VALUES "
      "('申请书.pdf', 'application/pdf', ?, 'x', ?, ?, 0) RETURNING id",
      {static_cast<std::int64_t>(pdf.size()), zhdj::db::Blob(pdf.begin(), pdf.end()), account});
  tx.exec("INSERT INTO dev_step_files (step_id, file_id) VALUES (?, ?)", {step, t.dev_file_id});
  t.extra_step_id = tx.insert(
      "INSERT INTO dev_extra_steps (university_id, name, after_number, created_by, created_at) "
      "VALUES (?, '某校步骤', 5, ?, 0) RETURNING id",
      {t.university_id, account});
}

// Everything a denied request could have changed.
std::string digest(TestUniversity& u) {
  std::string out;
  u.db().read([&](zhdj::db::Tx& tx) {
    for (const char* sql :
         {"SELECT id, parent_id, name, path FROM orgs ORDER BY id",
          "SELECT id, account_id, role, org_id FROM role_grants ORDER BY id",
          "SELECT id, org_id, term_start, term_end, ended_on FROM committees ORDER BY id",
          "SELECT committee_id, member_id, post FROM committee_posts ORDER BY committee_id, "
          "member_id",
          "SELECT id, org_id, name, category, status, version, job FROM members ORDER BY id",
          "SELECT COUNT(*) FROM member_changes",
          "SELECT COUNT(*) FROM sensitive_access",
          "SELECT COUNT(*) FROM member_events",
          "SELECT id, status, member_id FROM transfers ORDER BY id",
          "SELECT id, status FROM member_corrections ORDER BY id",
          "SELECT COUNT(*) FROM import_batches",
          "SELECT org_id, type, frequency FROM meeting_policies ORDER BY org_id, type",
          "SELECT id, org_id, status, version, title, minutes_status, present_count, held "
          "FROM meetings ORDER BY id",
          "SELECT meeting_id, member_id, present, method, leave, online_ms, checkin_failures "
          "FROM meeting_attendees ORDER BY meeting_id, member_id",
          "SELECT meeting_id, content, approved_at FROM meeting_minutes ORDER BY meeting_id",
          "SELECT COUNT(*) FROM meeting_amendments",
          "SELECT COUNT(*) FROM files",
          "SELECT meeting_id, file_id FROM meeting_attachments ORDER BY meeting_id, file_id",
          "SELECT id, status, result FROM votes ORDER BY id",
          "SELECT vote_id, member_id, voted, choice, written_choice FROM vote_voters ORDER BY "
          "vote_id, member_id",
          "SELECT COUNT(*) FROM vote_ballots",
          "SELECT meeting_id, status FROM appraisals ORDER BY meeting_id",
          "SELECT meeting_id, member_id, self_assessment, peer_done, grade FROM "
          "appraisal_subjects ORDER BY meeting_id, member_id",
          "SELECT COUNT(*) FROM appraisal_ballots",
          "SELECT id, account_id, read_at FROM notifications WHERE account_id NOT IN "
          "(SELECT id FROM accounts WHERE login LIKE 'demo-%') ORDER BY id",
          "SELECT id, status, last_number, version, COALESCE(leaves_on, ''), "
          "COALESCE(cancel_reason, '') FROM dev_cases ORDER BY id",
          "SELECT COUNT(*) FROM dev_steps",
          "SELECT COUNT(*) FROM dev_publicities",
          "SELECT university_id, rule_version FROM dev_settings ORDER BY university_id",
          "SELECT id, active FROM dev_extra_steps ORDER BY id",
          "SELECT COUNT(*) FROM dev_calendar"})
      for (const auto& r : tx.query(sql)) {
        for (size_t i = 0; i < r.size(); ++i) out += r.str(i) + "|";
        out += "\n";
      }
  });
  return out;
}

// A pending dues base declaration of the target member.
void add_dues_objects(zhdj::db::Tx& tx, Target& t, std::int64_t account) {
  t.dues_base_id = tx.insert(
      "INSERT INTO dues_bases (member_id, kind, monthly_base_fen, effective_month, status, "
      "declared_by, declared_at) VALUES (?, 'in_service', 480000, '2026-11', 'pending', ?, 0) "
      "RETURNING id",
      {t.member_id, account});
}

// A second university beside the demo one, with an admin, a member, a grant and a notification.
Target foreign_university(TestUniversity& u) {
  Target t;
  u.db().write([&](zhdj::db::Tx& tx) {
    auto root = tx.insert(
        "INSERT INTO orgs (kind, name, path, depth, created_at, updated_at) VALUES "
        "('university_committee', '外校党委', 'x', 0, 0, 0) RETURNING id");
    tx.exec("UPDATE orgs SET path = ? WHERE id = ?", {"/" + s(root) + "/", root});
    auto branch = tx.insert(
        "INSERT INTO orgs (parent_id, kind, name, path, depth, created_at, updated_at) VALUES "
        "(?, 'branch', '外校第一党支部', 'y', 1, 0, 0) RETURNING id",
        {root});
    tx.exec("UPDATE orgs SET path = ? WHERE id = ?",
            {"/" + s(root) + "/" + s(branch) + "/", branch});
    auto account = tx.insert(
        "INSERT INTO accounts (login, name, password_hash, must_change_password, created_at) "
        "VALUES ('foreign-person', '外校党员', NULL, 0, 0) RETURNING id");
    t.member_id = tx.insert(
        "INSERT INTO members (org_id, account_id, name, category, created_at) VALUES (?, ?, "
        "'外校党员', 'full', 0) RETURNING id",
        {branch, account});
    t.grant_id = tx.insert(
        "INSERT INTO role_grants (account_id, role, org_id, granted_at) VALUES (?, 'branch_admin', "
        "?, 0) "
        "RETURNING id",
        {account, branch});
    t.notification = tx.insert(
        "INSERT INTO notifications (account_id, kind, title, body, link, created_at) "
        "VALUES (?, 'test', '外校通知', '', '/', 0) RETURNING id",
        {account});
    t.org_id = branch;
    t.university_id = root;
    std::string path = "/" + s(root) + "/" + s(branch) + "/";
    add_registry_objects(tx, t, path, account);
    add_meeting_objects(tx, t, account);
    add_dues_objects(tx, t, account);
    add_development_objects(tx, t, account);
  });
  t.marker = "外校";
  return t;
}

// A branch of the demo university outside `login`'s subtree.
Target demo_target(TestUniversity& u, const std::string& branch_name, std::int64_t notification) {
  Target t;
  t.org_id = u.org_id(branch_name);
  t.grant_id = u.scalar("SELECT MIN(id) FROM role_grants WHERE org_id = ?", {t.org_id});
  t.notification = notification;
  t.marker = branch_name;
  t.member_id = u.scalar("SELECT MIN(id) FROM members WHERE org_id = ?", {t.org_id});
  auto account = u.scalar("SELECT account_id FROM members WHERE id = ?", {t.member_id});
  auto path = u.db().read_result([&](zhdj::db::Tx& tx) {
    return tx.query_one("SELECT path FROM orgs WHERE id = ?", {t.org_id})->str(0);
  });
  t.university_id =
      u.scalar("SELECT id FROM orgs WHERE parent_id IS NULL AND name = '示范大学党委'");
  u.db().write([&](zhdj::db::Tx& tx) {
    add_registry_objects(tx, t, path, account);
    add_meeting_objects(tx, t, account);
    add_dues_objects(tx, t, account);
    add_development_objects(tx, t, account);
  });
  return t;
}

void walk(TestUniversity& u, const std::string& login, const Target& t) {
  SCOPED_TRACE(login);
  Client c(u);
  c.login(login);
  auto before = digest(u);
  for (const auto& route : u.platform().api().router().routes()) {
    std::string key = route.method + " " + route.pattern;
    auto it = probes().find(key);
    ASSERT_NE(it, probes().end()) << "route not covered by the permission walk: " << key;
    Probe p = it->second(t);
    if (p.expect == Expect::skip) continue;
    auto r = c.request(p.method, p.path, p.body.is_null() ? "" : p.body.dump());
    if (p.expect == Expect::denied) {
      EXPECT_TRUE(r.status == 403 || r.status == 404)
          << key << " as " << login << " → " << r.status << " " << r.body;
    } else {
      EXPECT_LT(r.status, 500) << key;
    }
    EXPECT_EQ(r.body.find(t.marker), std::string::npos)
        << key << " leaked " << t.marker << ": " << r.body.substr(0, 300);
  }
  EXPECT_EQ(digest(u), before) << "a denied request changed data (" << login << ")";
}

}  // namespace

TEST(PermissionWalk, EveryLevelIsConfinedToItsSubtree) {
  TestUniversity u(120);
  auto foreign = foreign_university(u);
  // Someone else's notification inside the demo university.
  auto other_note = u.db().write_result([&](zhdj::db::Tx& tx) {
    auto account = tx.query_one("SELECT id FROM accounts WHERE login = 'demo-auditor'")->i64(0);
    return tx.insert(
        "INSERT INTO notifications (account_id, kind, title, body, link, created_at) "
        "VALUES (?, 'test', '审计员的通知', '', '/', 0) RETURNING id",
        {account});
  });
  walk(u, "demo-school", foreign);
  walk(u, "demo-auditor", foreign);
  walk(u, "demo-college", demo_target(u, "机械工程学院本科生第一党支部", other_note));
  walk(u, "demo-branch", demo_target(u, "计算机科学与技术学院本科生第二党支部", other_note));
  walk(u, "demo-member", demo_target(u, "计算机科学与技术学院本科生第二党支部", other_note));
}
