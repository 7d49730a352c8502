#include "meetings/appraisal.hpp"

#include <fmt/format.h>

#include <map>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "http/api.hpp"
#include "meetings/messages.hpp"
#include "members/codes.hpp"

namespace zhdj::meetings {

using audit::actor_of;
using nlohmann::json;
namespace input = http::input;

namespace {

const char* appraisal_status_name(const std::string& s) {
  if (s == "open") return "自评互评";
  if (s == "grading") return "支部评定";
  return "已结束";
}

std::string status_of(db::Tx& tx, std::int64_t meeting_id) {
  auto r = tx.query_one("SELECT status FROM appraisals WHERE meeting_id = ?", {meeting_id});
  if (!r) throw errors::not_found(vmsg::kNoAppraisal);
  return r->str(0);
}

// {"<member_id>": "<grade>"} → member id → grade, each checked.
std::map<std::int64_t, Grade> grades_of(const json& b) {
  if (!b.contains("grades") || !b["grades"].is_object())
    throw errors::validation("grades", vmsg::kBadGrade);
  std::map<std::int64_t, Grade> out;
  for (const auto& [k, v] : b["grades"].items()) {
    std::int64_t id = 0;
    if (k.empty() || k.size() > 18 || k.find_first_not_of("0123456789") != std::string::npos)
      throw errors::validation("grades", vmsg::kGradeNotSubject);
    id = std::stoll(k);
    auto g = v.is_string() ? parse_grade(v.get<std::string>()) : std::nullopt;
    if (!g) throw errors::validation("grades", vmsg::kBadGrade);
    out[id] = *g;
  }
  return out;
}

void audit_appraisal(db::Tx& tx, const auth::Principal& who, const store::Meeting& m,
                     const std::string& action, json changes, Instant now) {
  audit::record(tx, actor_of(who),
                {action, "appraisal", std::to_string(m.id), m.org_path, std::move(changes)}, now);
}

}  // namespace

json AppraisalService::get(const auth::Principal& who, std::int64_t meeting_id) {
  return meetings_.db().read_result([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    std::string status = status_of(tx, m.id);
    bool leaders = roles.may_host();
    std::map<std::int64_t, std::map<std::string, int>> peer;
    if (status != "open" && leaders)
      for (const auto& r :
           tx.query("SELECT subject_member_id, grade, COUNT(*) FROM appraisal_ballots WHERE "
                    "meeting_id = ? GROUP BY subject_member_id, grade",
                    {m.id}))
        peer[r.i64(0)][r.str(1)] = static_cast<int>(r.i64(2));
    json subjects = json::array();
    int done = 0, total = 0;
    json my = {
        {"subject", false}, {"self_submitted", false}, {"rater", false}, {"peer_done", false}};
    for (const auto& r : tx.query(
             "SELECT s.member_id, p.name, s.self_assessment, s.peer_done, s.grade FROM "
             "appraisal_subjects s JOIN members p ON p.id = s.member_id WHERE s.meeting_id = ? "
             "ORDER BY p.name_sort, p.id",
             {m.id})) {
      ++total;
      done += r.i64(3) != 0 ? 1 : 0;
      bool me = who.member_id == r.i64(0);
      if (me)
        my = {{"subject", true},
              {"self_submitted", !r.is_null(2)},
              {"rater", true},
              {"peer_done", r.i64(3) != 0}};
      json peer_j = nullptr;
      if (status != "open" && leaders) {
        peer_j = json::object();
        for (Grade g :
             {Grade::excellent, Grade::qualified, Grade::basically_qualified, Grade::unqualified})
          peer_j[grade_code(g)] = peer[r.i64(0)][grade_code(g)];
      }
      // Grades are the branch's until the appraisal closes; then everyone sees them.
      bool show_grade = leaders || status == "closed";
      auto grade = r.opt_str(4);
      subjects.push_back(
          {{"member_id", r.i64(0)},
           {"name", r.str(1)},
           {"self_assessment", r.opt_str(2).value_or("")},
           {"self_submitted", !r.is_null(2)},
           {"peer", peer_j},
           {"grade", show_grade && grade ? json(*grade) : json(nullptr)},
           {"grade_name",
            show_grade && grade ? json(grade_name(*parse_grade(*grade))) : json(nullptr)}});
    }
    return json{{"meeting_id", m.id},
                {"status", status},
                {"status_name", appraisal_status_name(status)},
                {"excellent_cap", excellent_cap(total)},
                {"raters_total", total},
                {"raters_done", done},
                {"subjects", subjects},
                {"my", my}};
  });
}

json AppraisalService::create(const auth::Principal& who, std::int64_t meeting_id) {
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.type != Type::appraisal) throw errors::conflict(vmsg::kNotAppraisalMeeting);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    if (tx.query_one("SELECT 1 FROM appraisals WHERE meeting_id = ?", {m.id}))
      throw errors::conflict(vmsg::kAppraisalExists);
    std::vector<std::int64_t> subjects;
    for (const auto& a : store::attendees(tx, m.id))
      if (members::is_party_member(a.category)) subjects.push_back(a.member_id);
    if (subjects.empty()) throw errors::conflict(vmsg::kNoSubjects);
    tx.exec(
        "INSERT INTO appraisals (meeting_id, status, created_by, created_at) VALUES (?, 'open', ?, "
        "?)",
        {m.id, who.account_id, now});
    for (auto s : subjects)
      tx.exec("INSERT INTO appraisal_subjects (meeting_id, member_id) VALUES (?, ?)", {m.id, s});
    audit_appraisal(tx, who, m, "appraisal.create", {{"subjects", subjects.size()}}, now);
  });
  return get(who, meeting_id);
}

json AppraisalService::self_assessment(const auth::Principal& who, std::int64_t meeting_id,
                                       const json& body) {
  auto text = input::optional_string(body, "text", 5000).value_or("");
  if (text.empty()) throw errors::validation("text", vmsg::kSelfRequired);
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    if (status_of(tx, m.id) != "open") throw errors::conflict(vmsg::kAppraisalNotOpen);
    if (!who.member_id) throw errors::forbidden(vmsg::kNotSubject);
    auto changed = tx.query(
        "UPDATE appraisal_subjects SET self_assessment = ? WHERE meeting_id = ? AND member_id = ? "
        "RETURNING member_id",
        {text, m.id, *who.member_id});
    if (changed.empty()) throw errors::forbidden(vmsg::kNotSubject);
    audit_appraisal(tx, who, m, "appraisal.self", {{"member_id", *who.member_id}}, now);
  });
  return get(who, meeting_id);
}

json AppraisalService::peer(const auth::Principal& who, std::int64_t meeting_id, const json& body) {
  auto grades = grades_of(body);
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    if (status_of(tx, m.id) != "open") throw errors::conflict(vmsg::kAppraisalNotOpen);
    if (!who.member_id) throw errors::forbidden(vmsg::kNotSubject);
    std::set<std::int64_t> others;
    bool subject = false;
    for (const auto& r :
         tx.query("SELECT member_id FROM appraisal_subjects WHERE meeting_id = ?", {m.id})) {
      if (r.i64(0) == *who.member_id)
        subject = true;
      else
        others.insert(r.i64(0));
    }
    if (!subject) throw errors::forbidden(vmsg::kNotSubject);
    for (const auto& [id, g] : grades)
      if (!others.count(id)) throw errors::validation("grades", vmsg::kGradeNotSubject);
    if (grades.size() != others.size()) throw errors::validation("grades", vmsg::kPeerIncomplete);
    auto claimed = tx.query(
        "UPDATE appraisal_subjects SET peer_done = 1 WHERE meeting_id = ? AND member_id = ? AND "
        "peer_done = 0 RETURNING member_id",
        {m.id, *who.member_id});
    if (claimed.empty()) throw errors::conflict(vmsg::kPeerDone);
    // Secret like a ballot: a random key, whom it is about and the grade.
    for (const auto& [id, g] : grades)
      tx.exec(
          "INSERT INTO appraisal_ballots (meeting_id, ballot_key, subject_member_id, grade) "
          "VALUES (?, ?, ?, ?)",
          {m.id, crypto::to_hex(crypto::random_bytes(16).data(), 16), id, grade_code(g)});
    audit_appraisal(tx, who, m, "appraisal.peer", json::object(), now);
  });
  return get(who, meeting_id);
}

json AppraisalService::advance(const auth::Principal& who, std::int64_t meeting_id) {
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    if (status_of(tx, m.id) != "open") throw errors::conflict(vmsg::kAppraisalNotOpen);
    tx.exec("UPDATE appraisals SET status = 'grading' WHERE meeting_id = ?", {m.id});
    // Rewritten in key order, as secret ballots are when a vote closes.
    auto rows = tx.query(
        "SELECT ballot_key, subject_member_id, grade FROM appraisal_ballots WHERE meeting_id = ? "
        "ORDER BY ballot_key",
        {m.id});
    tx.exec("DELETE FROM appraisal_ballots WHERE meeting_id = ?", {m.id});
    for (const auto& r : rows)
      tx.exec(
          "INSERT INTO appraisal_ballots (meeting_id, ballot_key, subject_member_id, grade) "
          "VALUES (?, ?, ?, ?)",
          {m.id, r.str(0), r.i64(1), r.str(2)});
    audit_appraisal(tx, who, m, "appraisal.advance", json::object(), now);
  });
  return get(who, meeting_id);
}

namespace {
// The 优秀 cap over the grades as they stand in `tx`.
void check_cap(db::Tx& tx, std::int64_t meeting_id) {
  auto r = tx.query_one(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN grade = 'excellent' THEN 1 ELSE 0 END), 0) "
      "FROM appraisal_subjects WHERE meeting_id = ?",
      {meeting_id});
  int n = static_cast<int>(r->i64(0)), excellent = static_cast<int>(r->i64(1));
  if (excellent > excellent_cap(n))
    throw errors::conflict(
        fmt::format(fmt::runtime(vmsg::kExcellentCap), n, excellent_cap(n), excellent), "grades");
}
}  // namespace

json AppraisalService::grade(const auth::Principal& who, std::int64_t meeting_id,
                             const json& body) {
  auto grades = grades_of(body);
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    if (status_of(tx, m.id) != "grading") throw errors::conflict(vmsg::kAppraisalNotGrading);
    json changes = json::object();
    for (const auto& [id, g] : grades) {
      auto before = tx.query_one(
          "SELECT grade FROM appraisal_subjects WHERE meeting_id = ? AND member_id = ?",
          {m.id, id});
      if (!before) throw errors::validation("grades", vmsg::kGradeNotSubject);
      tx.exec("UPDATE appraisal_subjects SET grade = ? WHERE meeting_id = ? AND member_id = ?",
              {grade_code(g), m.id, id});
      changes[std::to_string(id)] = {
          {"before", before->opt_str(0) ? json(*before->opt_str(0)) : json(nullptr)},
          {"after", grade_code(g)}};
    }
    check_cap(tx, m.id);
    audit_appraisal(tx, who, m, "appraisal.grade", changes, now);
  });
  return get(who, meeting_id);
}

json AppraisalService::close(const auth::Principal& who, std::int64_t meeting_id) {
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    if (!roles.manage) throw errors::forbidden(zhdj::msg::kForbidden);
    if (status_of(tx, m.id) != "grading") throw errors::conflict(vmsg::kAppraisalNotGrading);
    auto missing = tx.query_one(
        "SELECT COUNT(*) FROM appraisal_subjects WHERE meeting_id = ? AND grade IS NULL", {m.id});
    if (missing->i64(0) > 0)
      throw errors::conflict(fmt::format(fmt::runtime(vmsg::kUngraded), missing->i64(0)));
    check_cap(tx, m.id);
    tx.exec("UPDATE appraisals SET status = 'closed', closed_at = ? WHERE meeting_id = ?",
            {now, m.id});
    audit_appraisal(tx, who, m, "appraisal.close", json::object(), now);
  });
  return get(who, meeting_id);
}

}  // namespace zhdj::meetings
