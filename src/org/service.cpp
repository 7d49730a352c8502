#include "org/service.hpp"

#include <fmt/format.h>

#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "org/messages.hpp"
#include "org/rules.hpp"
#include "org/store.hpp"

namespace zhdj::org {

using audit::actor_of;

namespace {

// Changing a node itself (rename, move, dissolve) is decided one level up: the caller needs
// org.manage at a strict ancestor, so a branch admin cannot rename or dissolve their own branch.
void require_manage_node(const auth::Principal& who, const Org& o) {
  who.require("org.read", o.path);
  for (const auto& g : who.grants)
    if (g.has("org.manage") && auth::is_under(o.path, g.org_path) && g.org_path != o.path) return;
  throw errors::forbidden(zhdj::msg::kForbidden);
}

const char* severity_code(Severity s) {
  return s == Severity::overdue ? "overdue" : "warning";
}

}  // namespace

nlohmann::json org_json(const Org& o) {
  return {{"id", o.id},
          {"parent_id", o.parent_id ? nlohmann::json(*o.parent_id) : nlohmann::json(nullptr)},
          {"kind", kind_code(o.kind)},
          {"kind_name", kind_name(o.kind)},
          {"name", o.name},
          {"path", o.path},
          {"depth", o.depth},
          {"approval_delegated", o.approval_delegated}};
}

nlohmann::json warning_json(const Warning& w) {
  return {{"org_id", w.org_id},
          {"org_name", w.org_name},
          {"code", w.code},
          {"severity", severity_code(w.severity)},
          {"message", w.message},
          {"due_on", w.due_on ? nlohmann::json(format_date(*w.due_on)) : nlohmann::json(nullptr)}};
}

nlohmann::json committee_json(const CommitteeTerm& t) {
  nlohmann::json posts = nlohmann::json::array();
  for (const auto& p : t.posts)
    posts.push_back({{"post", post_code(p.post)},
                     {"post_name", post_name(p.post)},
                     {"member_id", p.member_id},
                     {"member_name", p.member_name}});
  return {
      {"id", t.id},
      {"org_id", t.org_id},
      {"term_start", format_date(t.term_start)},
      {"term_end", format_date(t.term_end)},
      {"ended_on", t.ended_on ? nlohmann::json(format_date(*t.ended_on)) : nlohmann::json(nullptr)},
      {"status", t.ended_on ? "ended" : "current"},
      {"posts", posts}};
}

Org Service::require(db::Tx& tx, const auth::Principal& who, std::int64_t id,
                     std::string_view capability) {
  auto o = store::find(tx, id);
  if (!o) throw errors::not_found(zhdj::msg::kNotFound);
  who.require(capability, o->path);
  return *o;
}

nlohmann::json Service::list(const auth::Principal& who) {
  auto scope = auth::scope_filter(who, "org.read", "o.path");
  // Rows first, JSON after: the reader connection goes back to the pool sooner.
  auto rows = db_.read_result([&](db::Tx& tx) {
    return tx.query(
        "SELECT o.id, o.parent_id, o.kind, o.name, o.path, o.depth, "
        "(SELECT COUNT(*) FROM members m WHERE m.org_id = o.id AND m.status IN ('active', "
        "'suspended')), "
        "(SELECT COUNT(*) FROM members m WHERE m.org_id = o.id AND m.category = 'full' AND "
        "m.status = 'active') "
        "FROM orgs o WHERE " +
            scope.sql + " ORDER BY o.path",
        scope.params);
  });
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) {
    auto kind = parse_kind(r.str(2)).value_or(Kind::branch);
    items.push_back(
        {{"id", r.i64(0)},
         {"parent_id", r.is_null(1) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(1))},
         {"kind", kind_code(kind)},
         {"kind_name", kind_name(kind)},
         {"name", r.str(3)},
         {"path", r.str(4)},
         {"depth", r.i64(5)},
         {"member_count", r.i64(6)},
         {"full_member_count", r.i64(7)}});
  }
  return {{"items", items}};
}

nlohmann::json Service::get(const auth::Principal& who, std::int64_t id) {
  nlohmann::json out;
  db_.read([&](db::Tx& tx) {
    Org o = require(tx, who, id, "org.read");
    out = org_json(o);
    auto counts = store::counts_under(tx, o.path);
    out["full_member_count"] = counts.full_members;
    out["member_count"] = counts.all_members;
    nlohmann::json children = nlohmann::json::array();
    for (const auto& r :
         tx.query("SELECT id, parent_id, kind, name, path, depth, approval_delegated FROM orgs "
                  "WHERE parent_id = ? ORDER BY name",
                  {o.id})) {
      Org c{r.i64(0),     r.opt_i64(1), parse_kind(r.str(2)).value_or(Kind::branch),
            r.str(3),     r.str(4),     static_cast<int>(r.i64(5)),
            r.i64(6) != 0};
      children.push_back(org_json(c));
    }
    out["children"] = children;
    auto committee = store::current_committee(tx, o.id);
    out["committee"] = committee ? committee_json(*committee) : nlohmann::json(nullptr);
    nlohmann::json warnings = nlohmann::json::array();
    for (const auto& w : warnings_under(tx, who, o, true)) warnings.push_back(warning_json(w));
    out["warnings"] = warnings;
    out["can_manage"] = who.can("org.manage", o.path);
    out["can_manage_committee"] = who.can("committee.manage", o.path);
  });
  return out;
}

Org Service::create(const auth::Principal& who, std::int64_t parent_id,
                    const std::string& kind_text, const std::string& name) {
  auto kind = parse_kind(kind_text);
  if (!kind) throw errors::validation("kind", msg::kUnknownKind);
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    Org parent = require(tx, who, parent_id, "org.manage");
    if (!rules::may_contain(parent.kind, *kind))
      throw errors::validation("kind", fmt::format(fmt::runtime(msg::kNotAllowedUnder),
                                                   kind_name(parent.kind), kind_name(*kind)));
    if (tx.query_one("SELECT 1 FROM orgs WHERE parent_id = ? AND name = ?", {parent.id, name}))
      throw errors::conflict(msg::kNameTaken, "name");
    Org o = store::insert(tx, parent.id, parent.path, parent.depth + 1, *kind, name, now);
    audit::record(tx, actor_of(who),
                  {"org.create",
                   "org",
                   std::to_string(o.id),
                   o.path,
                   {{"name", name}, {"kind", kind_code(*kind)}, {"parent_id", parent.id}}},
                  now);
    return o;
  });
}

Org Service::rename(const auth::Principal& who, std::int64_t id, const std::string& name) {
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto o = store::find(tx, id);
    if (!o) throw errors::not_found(zhdj::msg::kNotFound);
    require_manage_node(who, *o);
    if (o->name == name) return *o;
    if (tx.query_one("SELECT 1 FROM orgs WHERE parent_id = ? AND name = ? AND id <> ?",
                     {o->parent_id, name, o->id}))
      throw errors::conflict(msg::kNameTaken, "name");
    store::rename(tx, id, name, now);
    audit::record(tx, actor_of(who),
                  {"org.rename",
                   "org",
                   std::to_string(id),
                   o->path,
                   {{"name", {{"before", o->name}, {"after", name}}}}},
                  now);
    o->name = name;
    return *o;
  });
}

Org Service::set_approval_delegated(const auth::Principal& who, std::int64_t id, bool delegated) {
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto o = store::find(tx, id);
    if (!o) throw errors::not_found(zhdj::msg::kNotFound);
    require_manage_node(who, *o);
    std::string root = "/" + o->path.substr(1, o->path.find('/', 1));
    if (!who.can("org.manage", root)) throw errors::forbidden(zhdj::msg::kForbidden);
    if (o->kind != Kind::college_committee)
      throw errors::validation("approval_delegated", msg::kDelegationCollegeOnly);
    if (o->approval_delegated == delegated) return *o;
    tx.exec("UPDATE orgs SET approval_delegated = ? WHERE id = ?", {delegated ? 1 : 0, id});
    audit::record(
        tx, actor_of(who),
        {"org.approval_delegation",
         "org",
         std::to_string(id),
         o->path,
         {{"approval_delegated", {{"before", o->approval_delegated}, {"after", delegated}}}}},
        now);
    o->approval_delegated = delegated;
    return *o;
  });
}

Org Service::move(const auth::Principal& who, std::int64_t id, std::int64_t new_parent_id) {
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto o = store::find(tx, id);
    if (!o) throw errors::not_found(zhdj::msg::kNotFound);
    require_manage_node(who, *o);
    Org target = require(tx, who, new_parent_id, "org.manage");
    if (auth::is_under(target.path, o->path))
      throw errors::validation("parent_id", msg::kMoveIntoItself);
    if (o->parent_id && *o->parent_id == target.id)
      throw errors::validation("parent_id", msg::kMoveSameParent);
    if (!rules::may_contain(target.kind, o->kind))
      throw errors::validation(
          "parent_id", fmt::format(fmt::runtime(msg::kNotAllowedUnder), kind_name(target.kind),
                                   kind_name(o->kind)));
    if (tx.query_one("SELECT 1 FROM orgs WHERE parent_id = ? AND name = ?", {target.id, o->name}))
      throw errors::conflict(msg::kNameTaken, "parent_id");
    store::move_subtree(tx, *o, target, now);
    Org moved = *store::find(tx, id);
    audit::record(
        tx, actor_of(who),
        {"org.move",
         "org",
         std::to_string(id),
         moved.path,
         {{"parent_id",
           {{"before", o->parent_id ? nlohmann::json(*o->parent_id) : nlohmann::json(nullptr)},
            {"after", target.id}}},
          {"path", {{"before", o->path}, {"after", moved.path}}}}},
        now);
    return moved;
  });
}

void Service::dissolve(const auth::Principal& who, std::int64_t id) {
  const Instant now = clock_.now();
  db_.write([&](db::Tx& tx) {
    auto o = store::find(tx, id);
    if (!o) throw errors::not_found(zhdj::msg::kNotFound);
    if (!o->parent_id) {
      who.require("org.read", o->path);
      throw errors::conflict(msg::kRootDissolve);
    }
    require_manage_node(who, *o);
    if (store::has_children(tx, id)) throw errors::conflict(msg::kHasChildren);
    if (store::members_under(tx, o->path) > 0) throw errors::conflict(msg::kHasMembers);
    if (store::grants_at(tx, id) > 0) throw errors::conflict(msg::kHasGrants);
    store::remove(tx, id);
    audit::record(tx, actor_of(who),
                  {"org.dissolve",
                   "org",
                   std::to_string(id),
                   o->path,
                   {{"name", {{"before", o->name}, {"after", nullptr}}}}},
                  now);
  });
}

std::vector<Warning> Service::warnings_under(db::Tx& tx, const auth::Principal& who, const Org& top,
                                             bool only_top) {
  const Date today_date = today();
  std::vector<Warning> out;
  auto scope = auth::scope_filter(who, "org.read", "b.path");
  db::Params params = {top.path, auth::path_upper_bound(top.path)};
  params.insert(params.end(), scope.params.begin(), scope.params.end());

  std::string only;
  if (only_top) {
    only = " AND b.id = ?";
    params.push_back(top.id);
  }
  // Branch sizes: members anywhere under each branch (its party groups included), counted in one
  // pass. Paths hold only digits and '/', so every descendant's path sorts below path || '~'.
  auto rows = tx.query(
      "SELECT b.id, b.name, "
      "COALESCE(SUM(CASE WHEN m.category = 'full' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN m.category IN ('full', 'probationary') THEN 1 ELSE 0 END), 0), "
      "(SELECT COUNT(*) FROM committees c WHERE c.org_id = b.id AND c.ended_on IS NULL) "
      "FROM orgs b LEFT JOIN orgs x ON x.path >= b.path AND x.path < b.path || '~' "
      "LEFT JOIN members m ON m.org_id = x.id AND m.status = 'active' "
      "WHERE b.kind = 'branch' AND b.path >= ? AND b.path < ? AND " +
          scope.sql + only + " GROUP BY b.id, b.name, b.path ORDER BY b.path",
      params);
  for (const auto& r : rows) {
    BranchCounts counts{static_cast<int>(r.i64(2)), static_cast<int>(r.i64(3))};
    for (auto w : rules::branch_size_warnings(counts, r.i64(4) > 0)) {
      w.org_id = r.i64(0);
      w.org_name = r.str(1);
      out.push_back(std::move(w));
    }
  }
  // Committee terms ending within 90 days or overdue.
  auto terms = tx.query(
      "SELECT c.id, c.org_id, c.term_start, c.term_end, b.name FROM committees c "
      "JOIN orgs b ON b.id = c.org_id WHERE c.ended_on IS NULL AND b.path >= ? AND b.path < ? "
      "AND " +
          scope.sql + only + " ORDER BY c.term_end",
      params);
  for (const auto& r : terms) {
    CommitteeTerm t;
    t.id = r.i64(0);
    t.org_id = r.i64(1);
    t.term_start = *parse_date(r.str(2));
    t.term_end = *parse_date(r.str(3));
    if (auto w = rules::term_warning(t, today_date)) {
      w->org_name = r.str(4);
      out.push_back(std::move(*w));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Warning& a, const Warning& b) {
    return a.severity == Severity::overdue && b.severity != Severity::overdue;
  });
  return out;
}

std::vector<Warning> Service::warnings(const auth::Principal& who, std::int64_t id) {
  return db_.read_result([&](db::Tx& tx) {
    Org o = require(tx, who, id, "org.read");
    return warnings_under(tx, who, o, false);
  });
}

nlohmann::json Service::committees(const auth::Principal& who, std::int64_t id) {
  return db_.read_result([&](db::Tx& tx) {
    Org o = require(tx, who, id, "org.read");
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : store::committees(tx, o.id)) items.push_back(committee_json(t));
    return nlohmann::json{{"items", items}};
  });
}

CommitteeTerm Service::create_committee(const auth::Principal& who, std::int64_t id,
                                        const NewCommittee& input) {
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    Org o = require(tx, who, id, "committee.manage");
    if (o.kind != Kind::branch) throw errors::validation("org_id", msg::kCommitteeOnlyBranch);
    CommitteeTerm term;
    term.org_id = o.id;
    term.term_start = input.term_start;
    term.term_end = input.term_end.value_or(rules::default_term_end(input.term_start));
    if (days_between(term.term_start, term.term_end) <= 0)
      throw errors::validation("term_end", msg::kTermEndBeforeStart);
    if (auto current = store::current_committee(tx, o.id);
        current && days_between(current->term_start, term.term_start) <= 0)
      throw errors::validation("term_start", msg::kTermStartNotAfter);
    if (input.posts.empty()) throw errors::validation("posts", msg::kPostsRequired);
    std::set<std::int64_t> seen;
    for (const auto& [code, member_id] : input.posts) {
      auto post = parse_post(code);
      if (!post) throw errors::validation("posts", msg::kUnknownPost);
      if (!seen.insert(member_id).second)
        throw errors::validation("posts", msg::kDuplicatePostMember);
      auto m = tx.query_one(
          "SELECT m.name FROM members m JOIN orgs x ON x.id = m.org_id "
          "WHERE m.id = ? AND m.category = 'full' AND m.status = 'active' AND x.path >= ? AND "
          "x.path < ?",
          {member_id, o.path, auth::path_upper_bound(o.path)});
      if (!m) throw errors::validation("posts", msg::kPostMember);
      term.posts.push_back({*post, member_id, m->str(0)});
    }
    if (auto problem = rules::check_committee(store::counts_under(tx, o.path), term.posts))
      throw errors::validation("posts", *problem);
    term.id = store::insert_committee(tx, term, now);
    audit::record(tx, actor_of(who),
                  {"committee.create",
                   "committee",
                   std::to_string(term.id),
                   o.path,
                   {{"term", committee_json(term)}}},
                  now);
    return term;
  });
}

nlohmann::json Service::members(const auth::Principal& who, std::int64_t id,
                                std::optional<std::int64_t> after_id, int limit) {
  return db_.read_result([&](db::Tx& tx) {
    Org o = require(tx, who, id, "members.read");
    auto rows = tx.query(
        "SELECT m.id, m.name, m.category, a.login, x.name FROM members m "
        "JOIN orgs x ON x.id = m.org_id LEFT JOIN accounts a ON a.id = m.account_id "
        "WHERE x.path >= ? AND x.path < ? AND m.status IN ('active', 'suspended') AND m.id > ? "
        "ORDER BY m.id LIMIT ?",
        {o.path, auth::path_upper_bound(o.path), after_id.value_or(0), limit + 1});
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i) {
      const auto& r = rows[i];
      items.push_back(
          {{"id", r.i64(0)},
           {"name", r.str(1)},
           {"category", r.str(2)},
           {"account_login", r.is_null(3) ? nlohmann::json(nullptr) : nlohmann::json(r.str(3))},
           {"org_name", r.str(4)}});
    }
    nlohmann::json next = rows.size() > static_cast<size_t>(limit)
                              ? nlohmann::json(std::to_string(rows[limit - 1].i64(0)))
                              : nlohmann::json(nullptr);
    return nlohmann::json{{"items", items}, {"next_cursor", next}};
  });
}

}  // namespace zhdj::org
