#include "meetings/votes.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "http/api.hpp"
#include "meetings/messages.hpp"
#include "members/directory.hpp"

namespace zhdj::meetings {

using audit::actor_of;
using nlohmann::json;
namespace input = http::input;

namespace {

struct Vote {
  std::int64_t id = 0, meeting_id = 0;
  std::string kind, title;
  bool secret = false;
  json options;
  std::optional<std::int64_t> candidate_id;
  std::string candidate_name, status, rule_version;
  int eligible = 0, present = 0;
  std::optional<std::string> result;
  std::optional<Instant> opened_at, closed_at;
};

Vote load_vote(db::Tx& tx, std::int64_t id) {
  auto r = tx.query_one(
      "SELECT v.id, v.meeting_id, v.kind, v.title, v.secret, v.options, v.candidate_member_id, "
      "p.name, v.status, v.rule_version, v.eligible_count, v.present_count, v.result, "
      "v.opened_at, v.closed_at FROM votes v LEFT JOIN members p ON p.id = v.candidate_member_id "
      "WHERE v.id = ?",
      {id});
  if (!r) throw errors::not_found(zhdj::msg::kNotFound);
  Vote v;
  v.id = r->i64(0);
  v.meeting_id = r->i64(1);
  v.kind = r->str(2);
  v.title = r->str(3);
  v.secret = r->i64(4) != 0;
  v.options = json::parse(r->str(5));
  v.candidate_id = r->opt_i64(6);
  v.candidate_name = r->opt_str(7).value_or("");
  v.status = r->str(8);
  v.rule_version = r->opt_str(9).value_or("");
  v.eligible = static_cast<int>(r->i64(10));
  v.present = static_cast<int>(r->i64(11));
  v.result = r->opt_str(12);
  v.opened_at = r->opt_i64(13);
  v.closed_at = r->opt_i64(14);
  return v;
}

bool is_assembly(const std::string& kind) {
  return kind == "admission" || kind == "conversion";
}

const char* kind_name(const std::string& kind) {
  if (kind == "admission") return "接收预备党员";
  if (kind == "conversion") return "预备党员转正";
  return "一般表决";
}

const char* vote_status_name(const std::string& s) {
  if (s == "draft") return "未开始";
  if (s == "open") return "表决中";
  return "已结束";
}

json assembly_options() {
  json out = json::array();
  for (Choice c : {Choice::yes, Choice::no, Choice::abstain})
    out.push_back({{"code", choice_code(c)}, {"label", choice_name(c)}});
  return out;
}

bool has_option(const json& options, const std::string& code) {
  for (const auto& o : options)
    if (o["code"] == code) return true;
  return false;
}

// The attendees of a meeting who have voting rights today, with whether they are present.
std::map<std::int64_t, bool> voters_of(db::Tx& tx, std::int64_t meeting_id, Date today) {
  std::map<std::int64_t, bool> present;
  for (const auto& r : tx.query(
           "SELECT member_id, present FROM meeting_attendees WHERE meeting_id = ?", {meeting_id}))
    present[r.i64(0)] = r.i64(1) != 0;
  std::vector<std::int64_t> ids;
  for (const auto& [id, _] : present) ids.push_back(id);
  std::map<std::int64_t, bool> out;
  for (const auto& p : members::directory::people(tx, ids))
    if (has_voting_rights(p.category, p.status, p.watch_until, today))
      out[p.member_id] = present[p.member_id];
  return out;
}

std::string summary_of(const AssemblyVoteResult& r) {
  return fmt::format(fmt::runtime(vmsg::kSummary), r.eligible, r.present, r.quorum_needed,
                     r.quorum_met ? vmsg::kQuorumMet : vmsg::kQuorumNotMet, r.yes, r.no, r.abstain,
                     r.written, r.pass_needed, r.passed ? vmsg::kPassed : vmsg::kNotPassed,
                     r.rule_version);
}

json assembly_json(const AssemblyVoteResult& r) {
  return {
      {"eligible", r.eligible},       {"present", r.present}, {"quorum_needed", r.quorum_needed},
      {"pass_needed", r.pass_needed}, {"yes", r.yes},         {"no", r.no},
      {"abstain", r.abstain},         {"written", r.written}, {"not_voted", r.not_voted},
      {"quorum_met", r.quorum_met},   {"passed", r.passed},   {"rule_version", r.rule_version},
      {"summary", summary_of(r)}};
}

AssemblyVoteResult assembly_from_json(const json& j) {
  AssemblyVoteResult r;
  r.eligible = j.at("eligible");
  r.present = j.at("present");
  r.quorum_needed = j.at("quorum_needed");
  r.pass_needed = j.at("pass_needed");
  r.yes = j.at("yes");
  r.no = j.at("no");
  r.abstain = j.at("abstain");
  r.written = j.at("written");
  r.not_voted = j.at("not_voted");
  r.quorum_met = j.at("quorum_met");
  r.passed = j.at("passed");
  r.rule_version = j.at("rule_version");
  return r;
}

void audit_vote(db::Tx& tx, const auth::Principal& who, const store::Meeting& m, const Vote& v,
                const std::string& action, json changes, Instant now) {
  audit::record(tx, actor_of(who),
                {action, "vote", std::to_string(v.id), m.org_path, std::move(changes)}, now);
}

}  // namespace

json VoteService::vote_json(db::Tx& tx, const auth::Principal& who, std::int64_t vote_id) {
  Vote v = load_vote(tx, vote_id);
  auto counts = tx.query_one(
      "SELECT COUNT(*), COALESCE(SUM(voted), 0), "
      "COALESCE(SUM(CASE WHEN written_choice IS NULL THEN 0 ELSE 1 END), 0), "
      "COALESCE(SUM(present), 0) FROM vote_voters WHERE vote_id = ?",
      {v.id});
  json my = {{"may_vote", false}, {"voted", false}};
  if (who.member_id)
    if (auto r = tx.query_one(
            "SELECT present, voted FROM vote_voters WHERE vote_id = ? AND member_id = ?",
            {v.id, *who.member_id})) {
      my["voted"] = r->i64(1) != 0;
      my["may_vote"] = v.status == "open" && r->i64(0) != 0 && r->i64(1) == 0;
    }
  bool opened = v.status != "draft";
  return {{"id", v.id},
          {"meeting_id", v.meeting_id},
          {"kind", v.kind},
          {"kind_name", kind_name(v.kind)},
          {"title", v.title},
          {"secret", v.secret},
          {"options", v.options},
          {"candidate", v.candidate_id
                            ? json{{"member_id", *v.candidate_id}, {"name", v.candidate_name}}
                            : json(nullptr)},
          {"status", v.status},
          {"status_name", vote_status_name(v.status)},
          {"eligible", opened ? v.eligible : static_cast<int>(counts->i64(0))},
          {"present", opened ? v.present : 0},
          {"voted", counts->i64(1)},
          {"written", counts->i64(2)},
          {"rule_version", v.rule_version.empty() ? json(nullptr) : json(v.rule_version)},
          {"my", my},
          // Tallies exist only once the vote is closed.
          {"result", v.result ? json::parse(*v.result) : json(nullptr)}};
}

json VoteService::create(const auth::Principal& who, std::int64_t meeting_id, const json& b) {
  std::string kind = input::required_string(b, "kind", 20);
  if (kind != "general" && !is_assembly(kind)) throw errors::validation("kind", vmsg::kBadKind);
  Instant now = meetings_.clock().now();
  Date today = meetings_.today();
  auto ids = meetings_.db().write_result([&](db::Tx& tx) {
    auto [m, roles] = meetings_.visible(tx, who, meeting_id);
    if (!roles.may_host()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    if (m.locked()) throw errors::conflict(msg::kLocked);
    struct New {
      std::string title;
      json options;
      bool secret;
      std::optional<std::int64_t> candidate;
    };
    std::vector<New> votes;
    if (kind == "general") {
      std::string title = input::required_string(b, "title", 100);
      if (!b.contains("options") || !b["options"].is_array())
        throw errors::validation("options", vmsg::kOptions);
      json options = json::array();
      std::set<std::string> labels;
      for (const auto& o : b["options"]) {
        json wrap = {{"options", o}};
        if (!o.is_string()) throw errors::validation("options", vmsg::kOptions);
        auto label = input::required_string(wrap, "options", 50);
        if (!labels.insert(label).second) throw errors::validation("options", vmsg::kOptionTwice);
        options.push_back({{"code", fmt::format("o{}", options.size() + 1)}, {"label", label}});
      }
      if (options.size() < 2 || options.size() > 10)
        throw errors::validation("options", vmsg::kOptions);
      bool secret = b.contains("secret") && b["secret"].is_boolean() && b["secret"].get<bool>();
      votes.push_back({title, options, secret, std::nullopt});
    } else {
      if (m.type != Type::general_assembly) throw errors::conflict(vmsg::kAssemblyOnly);
      if (!b.contains("candidate_member_ids") || !b["candidate_member_ids"].is_array() ||
          b["candidate_member_ids"].empty())
        throw errors::validation("candidate_member_ids", vmsg::kCandidates);
      std::set<std::int64_t> seen;
      for (const auto& c : b["candidate_member_ids"]) {
        if (!c.is_number_integer())
          throw errors::validation("candidate_member_ids", vmsg::kCandidates);
        auto p = members::directory::person(tx, c.get<std::int64_t>());
        if (!p || !auth::is_under(p->org_path, m.org_path))
          throw errors::validation("candidate_member_ids", vmsg::kCandidateNotInBranch);
        const char* needed = kind == "admission" ? "development_target" : "probationary";
        if (p->category != needed || p->status != "active")
          throw errors::validation(
              "candidate_member_ids",
              fmt::format(fmt::runtime(kind == "admission" ? vmsg::kCandidateNotTarget
                                                           : vmsg::kCandidateNotProbationary),
                          p->name));
        if (!seen.insert(p->member_id).second) continue;
        auto dup = tx.query_one(
            "SELECT 1 FROM votes WHERE meeting_id = ? AND kind = ? AND candidate_member_id = ?",
            {m.id, kind, p->member_id});
        if (dup) throw errors::conflict(fmt::format(fmt::runtime(vmsg::kCandidateTwice), p->name));
        // Rule 2026: admission and conversion are decided by secret ballot.
        votes.push_back({fmt::format(fmt::runtime(kind == "admission" ? vmsg::kTitleAdmission
                                                                      : vmsg::kTitleConversion),
                                     p->name),
                         assembly_options(), true, p->member_id});
      }
      if (votes.size() > 20) throw errors::validation("candidate_member_ids", vmsg::kCandidates);
    }
    auto voters = voters_of(tx, m.id, today);
    std::vector<std::int64_t> created;
    for (const auto& n : votes) {
      auto id = tx.insert(
          "INSERT INTO votes (meeting_id, kind, title, secret, options, candidate_member_id, "
          "status, rule_version, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, "
          "?, ?) RETURNING id",
          {m.id, kind, n.title, n.secret, n.options.dump(), n.candidate,
           is_assembly(kind) ? db::Value(kVoteRuleVersion) : db::Value(), who.account_id, now});
      for (const auto& [member, present] : voters)
        tx.exec("INSERT INTO vote_voters (vote_id, member_id, present) VALUES (?, ?, 0)",
                {id, member});
      Vote v = load_vote(tx, id);
      audit_vote(tx, who, m, v, "vote.create",
                 {{"kind", kind}, {"title", n.title}, {"secret", n.secret}}, now);
      created.push_back(id);
    }
    return created;
  });
  return meetings_.db().read_result([&](db::Tx& tx) {
    json items = json::array();
    for (auto id : ids) items.push_back(vote_json(tx, who, id));
    return json{{"items", items}};
  });
}

json VoteService::list(const auth::Principal& who, std::int64_t meeting_id) {
  return meetings_.db().read_result([&](db::Tx& tx) {
    meetings_.visible(tx, who, meeting_id);
    json items = json::array();
    for (const auto& r :
         tx.query("SELECT id FROM votes WHERE meeting_id = ? ORDER BY id", {meeting_id}))
      items.push_back(vote_json(tx, who, r.i64(0)));
    return json{{"items", items}};
  });
}

json VoteService::get(const auth::Principal& who, std::int64_t vote_id) {
  return meetings_.db().read_result([&](db::Tx& tx) {
    Vote v = load_vote(tx, vote_id);
    meetings_.visible(tx, who, v.meeting_id);
    return vote_json(tx, who, vote_id);
  });
}

json VoteService::opinion(const auth::Principal& who, std::int64_t vote_id, const json& b) {
  std::int64_t member = input::required_int(b, "member_id");
  auto choice = parse_choice(input::required_string(b, "choice", 10));
  if (!choice) throw errors::validation("choice", vmsg::kBadChoice);
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    Vote v = load_vote(tx, vote_id);
    auto [m, roles] = meetings_.visible(tx, who, v.meeting_id);
    if (!roles.may_record()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (!is_assembly(v.kind)) throw errors::conflict(vmsg::kOpinionOnlyAssembly);
    if (v.status != "draft") throw errors::conflict(vmsg::kOpinionBeforeOpen);
    auto row = tx.query_one("SELECT 1 FROM vote_voters WHERE vote_id = ? AND member_id = ?",
                            {v.id, member});
    if (!row) throw errors::validation("member_id", vmsg::kOpinionNotVoter);
    auto present =
        tx.query_one("SELECT present FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?",
                     {m.id, member});
    if (present && present->i64(0) != 0)
      throw errors::validation("member_id", vmsg::kOpinionPresent);
    tx.exec("UPDATE vote_voters SET written_choice = ? WHERE vote_id = ? AND member_id = ?",
            {choice_code(*choice), v.id, member});
    // A written opinion is signed: recording who said what is the point of it.
    audit_vote(tx, who, m, v, "vote.opinion",
               {{"member_id", member}, {"choice", choice_code(*choice)}}, now);
  });
  return get(who, vote_id);
}

json VoteService::open(const auth::Principal& who, std::int64_t vote_id) {
  Instant now = meetings_.clock().now();
  Date today = meetings_.today();
  meetings_.db().write([&](db::Tx& tx) {
    Vote v = load_vote(tx, vote_id);
    auto [m, roles] = meetings_.visible(tx, who, v.meeting_id);
    if (!roles.may_host()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (m.status != "published") throw errors::conflict(msg::kNotPublished);
    if (m.locked()) throw errors::conflict(msg::kLocked);
    if (v.status != "draft") throw errors::conflict(vmsg::kNotDraft);
    // N and who is present are fixed now; written opinions of those now present lapse (they
    // vote in person).
    std::map<std::int64_t, std::string> written;
    for (const auto& r :
         tx.query("SELECT member_id, written_choice FROM vote_voters WHERE vote_id = ? AND "
                  "written_choice IS NOT NULL",
                  {v.id}))
      written[r.i64(0)] = r.str(1);
    tx.exec("DELETE FROM vote_voters WHERE vote_id = ?", {v.id});
    auto voters = voters_of(tx, m.id, today);
    int present = 0;
    for (const auto& [member, here] : voters) {
      present += here ? 1 : 0;
      auto w = written.find(member);
      tx.exec(
          "INSERT INTO vote_voters (vote_id, member_id, present, written_choice) VALUES (?, ?, ?, "
          "?)",
          {v.id, member, here, !here && w != written.end() ? db::Value(w->second) : db::Value()});
    }
    if (present == 0) throw errors::conflict(vmsg::kNobodyPresent);
    tx.exec(
        "UPDATE votes SET status = 'open', eligible_count = ?, present_count = ?, opened_at = ? "
        "WHERE id = ?",
        {static_cast<int>(voters.size()), present, now, v.id});
    audit_vote(tx, who, m, v, "vote.open", {{"eligible", voters.size()}, {"present", present}},
               now);
  });
  return get(who, vote_id);
}

json VoteService::ballot(const auth::Principal& who, std::int64_t vote_id, const json& b) {
  std::string choice = input::required_string(b, "choice", 10);
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    Vote v = load_vote(tx, vote_id);
    auto [m, roles] = meetings_.visible(tx, who, v.meeting_id);
    if (v.status != "open")
      throw errors::conflict(v.status == "draft" ? vmsg::kNotOpenYet : vmsg::kClosed);
    if (!has_option(v.options, choice)) throw errors::validation("choice", vmsg::kBadChoice);
    if (!who.member_id) throw errors::forbidden(vmsg::kNotVoter);
    auto row =
        tx.query_one("SELECT present, voted FROM vote_voters WHERE vote_id = ? AND member_id = ?",
                     {v.id, *who.member_id});
    if (!row || row->i64(0) == 0) throw errors::forbidden(vmsg::kNotVoter);
    // The conditional update makes "once per voter" hold under concurrent requests.
    auto claimed = tx.query(
        v.secret ? "UPDATE vote_voters SET voted = 1 WHERE vote_id = ? AND member_id = ? AND "
                   "present = 1 AND voted = 0 RETURNING member_id"
                 : "UPDATE vote_voters SET voted = 1, choice = ? WHERE vote_id = ? AND "
                   "member_id = ? AND present = 1 AND voted = 0 RETURNING member_id",
        v.secret ? db::Params{v.id, *who.member_id} : db::Params{choice, v.id, *who.member_id});
    if (claimed.empty()) throw errors::conflict(vmsg::kAlreadyVoted);
    if (v.secret) {
      // A random key and the choice: no voter, no time, no sequence.
      tx.exec("INSERT INTO vote_ballots (vote_id, ballot_key, choice) VALUES (?, ?, ?)",
              {v.id, crypto::to_hex(crypto::random_bytes(16).data(), 16), choice});
      audit_vote(tx, who, m, v, "vote.ballot", json::object(), now);
    } else {
      audit_vote(tx, who, m, v, "vote.ballot", {{"choice", choice}}, now);
    }
  });
  return {{"voted", true}};
}

json VoteService::close(const auth::Principal& who, std::int64_t vote_id) {
  Instant now = meetings_.clock().now();
  meetings_.db().write([&](db::Tx& tx) {
    Vote v = load_vote(tx, vote_id);
    auto [m, roles] = meetings_.visible(tx, who, v.meeting_id);
    if (!roles.may_host()) throw errors::forbidden(zhdj::msg::kForbidden);
    if (v.status != "open") throw errors::conflict(vmsg::kNotOpen);
    std::map<std::string, int> ballots, written;
    for (const auto& r : tx.query(
             v.secret
                 ? "SELECT choice, COUNT(*) FROM vote_ballots WHERE vote_id = ? GROUP BY choice"
                 : "SELECT choice, COUNT(*) FROM vote_voters WHERE vote_id = ? AND voted = 1 "
                   "GROUP BY choice",
             {v.id}))
      ballots[r.str(0)] = static_cast<int>(r.i64(1));
    for (const auto& r :
         tx.query("SELECT written_choice, COUNT(*) FROM vote_voters WHERE vote_id = ? AND "
                  "written_choice IS NOT NULL GROUP BY written_choice",
                  {v.id}))
      written[r.str(0)] = static_cast<int>(r.i64(1));
    json counts = json::array();
    int voted = 0;
    for (const auto& o : v.options) {
      std::string code = o["code"];
      counts.push_back(
          {{"code", code}, {"label", o["label"]}, {"count", ballots[code] + written[code]}});
      voted += ballots[code];
    }
    json result = {{"counts", counts}, {"voted", voted}, {"eligible", v.eligible}};
    if (is_assembly(v.kind)) {
      AssemblyVoteInput in{v.eligible,         v.present,      ballots["yes"], ballots["no"],
                           ballots["abstain"], written["yes"], written["no"],  written["abstain"]};
      // Named, not a temporary: items() of a temporary would dangle inside the loop (C++20).
      json assembly = assembly_json(decide_assembly_vote(in));
      for (auto& [k, val] : assembly.items()) result[k] = val;
    }
    tx.exec("UPDATE votes SET status = 'closed', result = ?, closed_at = ? WHERE id = ?",
            {result.dump(), now, v.id});
    if (v.secret) {
      // Rewrite the ballots in key order so the stored order carries no trace of casting order.
      auto rows = tx.query(
          "SELECT ballot_key, choice FROM vote_ballots WHERE vote_id = ? ORDER BY ballot_key",
          {v.id});
      tx.exec("DELETE FROM vote_ballots WHERE vote_id = ?", {v.id});
      for (const auto& r : rows)
        tx.exec("INSERT INTO vote_ballots (vote_id, ballot_key, choice) VALUES (?, ?, ?)",
                {v.id, r.str(0), r.str(1)});
    }
    audit_vote(tx, who, m, v, "vote.close", {{"result", result}}, now);
  });
  return get(who, vote_id);
}

std::optional<AssemblyVoteOutcome> VoteService::assembly_outcome(db::Tx& tx, std::int64_t vote_id) {
  auto r = tx.query_one(
      "SELECT v.id, v.meeting_id, v.kind, v.candidate_member_id, m.start_date, v.closed_at, "
      "v.result FROM votes v JOIN meetings m ON m.id = v.meeting_id WHERE v.id = ? AND "
      "v.status = 'closed' AND v.kind IN ('admission', 'conversion')",
      {vote_id});
  if (!r) return std::nullopt;
  AssemblyVoteOutcome o;
  o.vote_id = r->i64(0);
  o.meeting_id = r->i64(1);
  o.kind = r->str(2);
  o.candidate_member_id = r->i64(3);
  o.meeting_date = *parse_date(r->str(4));
  o.closed_at = r->i64(5);
  o.result = assembly_from_json(json::parse(r->str(6)));
  return o;
}

std::vector<AssemblyVoteOutcome> VoteService::outcomes_for(db::Tx& tx, std::int64_t member_id) {
  std::vector<AssemblyVoteOutcome> out;
  for (const auto& r :
       tx.query("SELECT id FROM votes WHERE candidate_member_id = ? AND status = 'closed' ORDER BY "
                "closed_at, id",
                {member_id}))
    if (auto o = assembly_outcome(tx, r.i64(0))) out.push_back(*o);
  return out;
}

}  // namespace zhdj::meetings
