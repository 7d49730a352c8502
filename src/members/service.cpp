#include "members/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/text.hpp"
#include "members/messages.hpp"
#include "members/personal.hpp"
#include "members/store.hpp"

namespace zhdj::members {

using audit::actor_of;

namespace {

bool may_hold_members(const std::string& kind) {
  return kind == "branch" || kind == "party_group";
}

int party_age(const Values& v, Date today) {
  auto full = parse_date(v.count("full_on") ? v.at("full_on") : "");
  if (!full) {
    auto joined = parse_date(v.count("joined_on") ? v.at("joined_on") : "");
    if (!joined) return 0;
    full = add_years(*joined, 1);
  }
  return std::max(0, age_on(*full, today));
}

std::string value_of(const Values& v, const char* k) {
  auto it = v.find(k);
  return it == v.end() ? std::string() : it->second;
}

nlohmann::json record_json(const store::Record& r, Date today) {
  nlohmann::json out{{"id", r.id},
                     {"org_id", r.org_id},
                     {"org_name", r.org_name},
                     {"org_path", r.org_path},
                     {"version", r.version},
                     {"has_account", r.account_id.has_value()},
                     {"watch_until", r.watch_until.empty() ? nlohmann::json(nullptr)
                                                           : nlohmann::json(r.watch_until)},
                     {"status_since", r.status_since.empty() ? nlohmann::json(nullptr)
                                                             : nlohmann::json(r.status_since)}};
  for (const auto& f : fields()) {
    if (f.type == FieldType::org) continue;
    std::string v = value_of(r.values, f.key);
    if (f.type == FieldType::flag)
      out[f.key] = v == "1";
    else
      out[f.key] = v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
    if (f.type == FieldType::code)
      out[std::string(f.key) + "_name"] =
          v.empty() ? nlohmann::json(nullptr) : nlohmann::json(display(f, v));
  }
  std::string status = value_of(r.values, "status");
  out["party_status"] = status == "active"      ? "正常"
                        : status == "suspended" ? "停止"
                                                : name_of(codes::status, status);
  auto birth = parse_date(value_of(r.values, "birth_date"));
  out["age"] = birth ? nlohmann::json(age_on(*birth, today)) : nlohmann::json(nullptr);
  std::string category = value_of(r.values, "category");
  out["party_age"] =
      category == "full" ? nlohmann::json(party_age(r.values, today)) : nlohmann::json(nullptr);
  auto watch = parse_date(r.watch_until);
  bool under_watch = watch && std::chrono::sys_days(today) < std::chrono::sys_days(*watch);
  out["under_watch"] = under_watch;
  out["can_vote"] = category == "full" && status == "active" && !under_watch;
  return out;
}

store::Record require_record(db::Tx& tx, const crypto::FieldKey& key, const auth::Principal& who,
                             std::int64_t id, std::string_view capability, bool decrypt = false) {
  auto r = store::load(tx, key, id, decrypt);
  if (!r) throw errors::not_found(zhdj::msg::kNotFound);
  who.require(capability, r->org_path);
  return *r;
}

std::string like_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Refuses a second record for the same person (by ID number or 学号/工号), naming the other
// record only when the caller may see it.
void check_unique(db::Tx& tx, const crypto::FieldKey& key, const auth::Principal& who,
                  const Values& v, std::optional<std::int64_t> self) {
  auto other_name = [&](std::int64_t id, const char* visible_msg, const char* hidden_msg,
                        const char* field) {
    auto r = tx.query_one(
        "SELECT m.name, o.name, o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = "
        "?",
        {id});
    if (r && who.can("members.read", r->str(2)))
      throw errors::conflict(fmt::format(fmt::runtime(visible_msg), r->str(0), r->str(1)), field);
    throw errors::conflict(hidden_msg, field);
  };
  std::string id_number = value_of(v, "id_number");
  if (!id_number.empty())
    if (auto other = store::find_by_id_number(tx, key, id_number); other && other != self)
      other_name(*other, msg::kDuplicateId, msg::kDuplicateIdElsewhere, "id_number");
  std::string student_no = value_of(v, "student_no");
  if (auto other = store::find_by_student_no(tx, student_no); other && other != self)
    other_name(*other, msg::kDuplicateStudentNo, msg::kDuplicateStudentNoElsewhere, "student_no");
}

void throw_first(const std::vector<FieldError>& errors) {
  if (!errors.empty()) throw errors::validation(errors.front().field, errors.front().message);
}

// Readable, unambiguous characters for one-time passwords (no 0/O, 1/l/I).
std::string initial_password() {
  static constexpr char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  auto bytes = crypto::random_bytes(12);
  std::string out;
  for (auto b : bytes) out += alphabet[b % (sizeof alphabet - 1)];
  return out;
}

}  // namespace

Credential Service::create_account(db::Tx& tx, std::int64_t member_id, const std::string& name,
                                   const std::string& student_no, std::int64_t org_id,
                                   Instant now) {
  std::string login = student_no.empty() ? "m" + std::to_string(member_id) : student_no;
  if (tx.query_one("SELECT 1 FROM accounts WHERE login = ?", {login}))
    login = "m" + std::to_string(member_id);
  if (tx.query_one("SELECT 1 FROM accounts WHERE login = ?", {login}))
    throw errors::conflict(fmt::format(fmt::runtime(msg::kLoginTakenForMember), login));
  std::string password = initial_password();
  // A random one-time password needs no slow hash: it is long and random, and it must be
  // changed at first login (see auth::PasswordHasher::verify).
  auto account = tx.insert(
      "INSERT INTO accounts (login, name, password_hash, must_change_password, created_at) "
      "VALUES (?, ?, ?, 1, ?) RETURNING id",
      {login, name, "$zhdj-initial$" + crypto::sha256_hex(password), now});
  tx.exec("UPDATE members SET account_id = ? WHERE id = ?", {account, member_id});
  tx.exec(
      "INSERT INTO role_grants (account_id, role, org_id, granted_at) VALUES (?, 'member', ?, ?)",
      {account, org_id, now});
  return {member_id, name, login, password};
}

Values Service::parse_changes(const nlohmann::json& body, Date today, bool for_correction) {
  Values out;
  for (const auto& [k, v] : body.items()) {
    if (k == "version" || k == "org_id" || k == "create_account" || k == "reason") continue;
    const Field* f = find_field(k);
    if (!f) throw errors::validation(k, fmt::format(fmt::runtime(msg::kUnknownField), k));
    if (!f->editable)
      throw errors::validation(k, fmt::format(fmt::runtime(msg::kNotEditable), f->label));
    if (for_correction && k == "category")
      throw errors::validation(k, msg::kCategoryNotCorrectable);
    std::string raw;
    if (v.is_string())
      raw = v.get<std::string>();
    else if (v.is_boolean())
      raw = v.get<bool>() ? "1" : "0";
    else if (!v.is_null())
      throw errors::validation(k, msg::kFieldMustBeText);
    std::string problem;
    auto c = canonical(*f, raw, today, &problem);
    if (!c) throw errors::validation(k, problem);
    out[k] = *c;
  }
  return out;
}

Filter Service::filter(db::Tx& tx, const auth::Principal& who, const ListQuery& q,
                       std::string_view capability) {
  auto scope = auth::scope_filter(who, capability, "o.path");
  Filter f{scope.sql, scope.params};
  auto add = [&](const std::string& cond, std::initializer_list<db::Value> ps) {
    f.where += " AND " + cond;
    for (const auto& p : ps) f.params.push_back(p);
  };
  auto bad = [](const char* what) {
    return errors::validation(what, fmt::format(fmt::runtime(msg::kBadFilter), what));
  };
  if (q.org_id) {
    auto r = tx.query_one("SELECT path FROM orgs WHERE id = ?", {*q.org_id});
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    who.require(capability, r->str(0));
    add("o.path >= ? AND o.path < ?", {r->str(0), auth::path_upper_bound(r->str(0))});
  }
  if (!q.categories.empty()) {
    std::string in;
    for (const auto& c : q.categories) {
      if (!is_code(codes::category, c)) throw bad("category");
      in += in.empty() ? "?" : ", ?";
      f.params.push_back(c);
    }
    f.where += " AND m.category IN (" + in + ")";
  }
  if (q.status == "current") {
    f.where += " AND m.status IN ('active', 'suspended')";
  } else if (q.status != "all") {
    if (!is_code(codes::status, q.status)) throw bad("status");
    add("m.status = ?", {q.status});
  }
  auto code_filter = [&](const std::string& v, const CodeTable& t, const char* column) {
    if (v.empty()) return;
    if (!is_code(t, v)) throw bad(column);
    add(std::string("m.") + column + " = ?", {v});
  };
  code_filter(q.gender, codes::gender, "gender");
  code_filter(q.ethnicity, codes::ethnicity, "ethnicity");
  code_filter(q.education, codes::education, "education");
  code_filter(q.identity, codes::identity, "identity");
  Date t = today();
  if ((q.age_min && (*q.age_min < 0 || *q.age_min > 150)) ||
      (q.age_max && (*q.age_max < 0 || *q.age_max > 150)))
    throw errors::validation("age", msg::kAgeRange);
  // age ≥ a  ⇔  born on or before today − a years; age ≤ b  ⇔  born after today − (b+1) years.
  if (q.age_min) add("m.birth_date <= ?", {format_date(add_years(t, -*q.age_min))});
  if (q.age_max) add("m.birth_date > ?", {format_date(add_years(t, -(*q.age_max + 1)))});
  if (q.joined_from) add("m.joined_on >= ?", {format_date(*q.joined_from)});
  if (q.joined_to) add("m.joined_on <= ?", {format_date(*q.joined_to)});
  if (q.lost_contact) add("m.lost_contact = ?", {*q.lost_contact ? 1 : 0});
  if (q.mobile) add("m.mobile = ?", {*q.mobile ? 1 : 0});
  std::string s = text::normalize(q.q);
  if (!s.empty()) {
    if (text::length(s) > 30) throw bad("q");
    bool letters = std::all_of(s.begin(), s.end(),
                               [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    bool has_digit = std::any_of(
        s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    // Prefixes as ranges, so the (C-collated) indexes serve them in both databases.
    auto upper = [](std::string prefix) {
      prefix.back() = static_cast<char>(prefix.back() + 1);
      return prefix;
    };
    if (letters) {
      std::string lower;
      for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      add("((m.name_initials >= ? AND m.name_initials < ?) OR (m.name_pinyin >= ? AND "
          "m.name_pinyin < ?))",
          {lower, upper(lower), lower, upper(lower)});
    } else if (has_digit && text::is_ascii_alnum(s)) {
      add("m.student_no >= ? AND m.student_no < ?", {s, upper(s)});
    } else {
      add("m.name LIKE ? ESCAPE '\\'", {"%" + like_escape(s) + "%"});
    }
  }
  return f;
}

nlohmann::json Service::list(const auth::Principal& who, const ListQuery& q) {
  static const std::map<std::string, std::string> kSortColumns{
      {"name", "m.name_sort"},
      {"birth_date", "COALESCE(m.birth_date, '')"},
      {"joined_on", "COALESCE(m.joined_on, '')"},
      {"full_on", "COALESCE(m.full_on, '')"},
      {"created", "m.created_at"}};
  auto sort = kSortColumns.find(q.sort);
  if (sort == kSortColumns.end())
    throw errors::validation("sort", fmt::format(fmt::runtime(msg::kBadFilter), "sort"));
  const std::string& col = sort->second;
  const bool numeric = q.sort == "created";
  const Date t = today();
  std::vector<db::Row> rows;
  std::optional<std::int64_t> total;
  db_.read([&](db::Tx& tx) {
    Filter f = filter(tx, who, q);
    std::string where = f.where;
    db::Params params = f.params;
    // The total comes with the first page only: counting costs a pass over the whole scope.
    if (q.cursor.empty())
      total = tx.query_one(
                    "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id "
                    "WHERE " +
                        where,
                    params)
                  ->i64(0);
    if (!q.cursor.empty()) {
      // "<sort value>~<id>"; sort values are hex keys, dates or numbers.
      auto tilde = q.cursor.rfind('~');
      std::int64_t after_id = 0;
      std::string value = tilde == std::string::npos ? "" : q.cursor.substr(0, tilde);
      bool ok = tilde != std::string::npos && value.size() <= 2000 &&
                std::all_of(value.begin(), value.end(), [](char c) {
                  return std::isxdigit(static_cast<unsigned char>(c)) || c == '-';
                });
      try {
        if (ok) after_id = std::stoll(q.cursor.substr(tilde + 1));
      } catch (const std::exception&) {
        ok = false;
      }
      if (!ok) throw errors::validation("cursor", zhdj::msg::kBadCursor);
      // A row-value comparison: both databases seek the (sort, id) index to the cursor.
      const char* op = q.desc ? "<" : ">";
      where += fmt::format(" AND ({0}, m.id) {1} (?, ?)", col, op);
      db::Value v =
          numeric ? db::Value(static_cast<std::int64_t>(std::stoll(value.empty() ? "0" : value)))
                  : db::Value(value);
      params.push_back(v);
      params.push_back(after_id);
    }
    const char* dir = q.desc ? "DESC" : "ASC";
    params.push_back(q.limit + 1);
    rows = tx.query(
        "SELECT m.id, m.name, m.gender, m.category, m.status, m.identity, m.ethnicity, "
        "m.education, m.birth_date, m.joined_on, m.full_on, m.student_no, m.department, "
        "m.class_name, m.id_mask, m.phone_mask, m.lost_contact, m.mobile, m.org_id, o.name, " +
            // Members first (CROSS JOIN fixes SQLite's join order): the page is read in index
            // order and the scan stops after limit + 1 rows instead of sorting the whole scope.
            col + " FROM members m CROSS JOIN orgs o WHERE o.id = m.org_id AND " + where +
            fmt::format(" ORDER BY {0} {1}, m.id {1} LIMIT ?", col, dir),
        params);
  });
  nlohmann::json items = nlohmann::json::array();
  std::string next;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < q.limit; ++i) {
    const auto& r = rows[i];
    auto opt = [&](size_t k) {
      return r.is_null(k) ? nlohmann::json(nullptr) : nlohmann::json(r.str(k));
    };
    auto birth = r.is_null(8) ? std::nullopt : parse_date(r.str(8));
    items.push_back(
        {{"id", r.i64(0)},
         {"name", r.str(1)},
         {"gender", opt(2)},
         {"gender_name", r.is_null(2) ? nlohmann::json(nullptr)
                                      : nlohmann::json(name_of(codes::gender, r.str(2)))},
         {"category", r.str(3)},
         {"category_name", name_of(codes::category, r.str(3))},
         {"status", r.str(4)},
         {"status_name", name_of(codes::status, r.str(4))},
         {"identity", opt(5)},
         {"identity_name", r.is_null(5) ? nlohmann::json(nullptr)
                                        : nlohmann::json(name_of(codes::identity, r.str(5)))},
         {"ethnicity", opt(6)},
         {"education", opt(7)},
         {"education_name", r.is_null(7) ? nlohmann::json(nullptr)
                                         : nlohmann::json(name_of(codes::education, r.str(7)))},
         {"birth_date", opt(8)},
         {"age", birth ? nlohmann::json(age_on(*birth, t)) : nlohmann::json(nullptr)},
         {"joined_on", opt(9)},
         {"full_on", opt(10)},
         {"student_no", opt(11)},
         {"department", opt(12)},
         {"class_name", opt(13)},
         {"id_number", opt(14)},
         {"phone", opt(15)},
         {"lost_contact", r.i64(16) != 0},
         {"mobile", r.i64(17) != 0},
         {"org_id", r.i64(18)},
         {"org_name", r.str(19)}});
    if (static_cast<int>(i) == q.limit - 1 && static_cast<int>(rows.size()) > q.limit)
      next = (numeric ? std::to_string(r.i64(20)) : r.str(20)) + "~" + std::to_string(r.i64(0));
  }
  return {{"items", items},
          {"total", total ? nlohmann::json(*total) : nlohmann::json(nullptr)},
          {"next_cursor", next.empty() ? nlohmann::json(nullptr) : nlohmann::json(next)}};
}

nlohmann::json Service::get(const auth::Principal& who, std::int64_t id) {
  const Date t = today();
  return db_.read_result([&](db::Tx& tx) {
    auto r = store::load(tx, key_, id, false);
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    bool self = who.member_id && *who.member_id == id;
    if (!self) who.require("members.read", r->org_path);
    auto out = record_json(*r, t);
    out["can_manage"] = who.can("members.manage", r->org_path);
    out["can_reveal"] = self || who.can("members.read_sensitive", r->org_path);
    return out;
  });
}

nlohmann::json Service::create(const auth::Principal& who, const nlohmann::json& body) {
  if (!body.contains("org_id") || !body["org_id"].is_number_integer())
    throw errors::validation("org_id", zhdj::msg::kRequired);
  const std::int64_t org_id = body["org_id"].get<std::int64_t>();
  const bool with_account = body.value("create_account", false);
  const Date t = today();
  Values v = parse_changes(body, t, false);
  throw_first(check_record(v, t));
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto org = tx.query_one("SELECT path, kind FROM orgs WHERE id = ?", {org_id});
    if (!org) throw errors::not_found(zhdj::msg::kNotFound);
    who.require("members.manage", org->str(0));
    if (!may_hold_members(org->str(1))) throw errors::validation("org_id", msg::kNotABranch);
    check_unique(tx, key_, who, v, std::nullopt);
    auto id = store::insert(tx, key_, org_id, v, std::nullopt, who.account_id, "create", now);
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& [k, val] : v)
      if (const Field* f = find_field(k); f && !val.empty()) changes[k] = masked(*f, val);
    audit::record(tx, actor_of(who),
                  {"member.create", "member", std::to_string(id), org->str(0), changes}, now);
    nlohmann::json out = record_json(*store::load(tx, key_, id, false), t);
    if (with_account) {
      auto c = create_account(tx, id, v["name"], v["student_no"], org_id, now);
      audit::record(tx, actor_of(who),
                    {"account.create", "account", c.login, org->str(0), {{"member_id", id}}}, now);
      out["credential"] = {{"login", c.login}, {"initial_password", c.initial_password}};
    }
    return out;
  });
}

nlohmann::json Service::update(const auth::Principal& who, std::int64_t id,
                               const nlohmann::json& body) {
  if (!body.contains("version") || !body["version"].is_number_integer())
    throw errors::validation("version", msg::kVersionRequired);
  const std::int64_t version = body["version"].get<std::int64_t>();
  const Date t = today();
  Values changes = parse_changes(body, t, false);
  if (changes.empty()) throw errors::validation("", msg::kNoChanges);
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto current = require_record(tx, key_, who, id, "members.manage", true);
    if (current.version != version) throw errors::conflict(msg::kStale, "version");
    Values merged = current.values;
    for (const auto& [k, v] : changes) merged[k] = v;
    throw_first(check_record(merged, t));
    check_unique(tx, key_, who, merged, id);
    // Derived birth date / sex are written too when the ID number filled them in.
    Values to_write = changes;
    to_write["birth_date"] = merged["birth_date"];
    to_write["gender"] = merged["gender"];
    auto changed = store::update(tx, key_, current, to_write, who.account_id, "edit", now);
    nlohmann::json diff = nlohmann::json::object();
    for (const auto& k : changed) {
      const Field* f = find_field(k);
      diff[k] = {{"before", masked(*f, current.values[k])}, {"after", masked(*f, to_write[k])}};
    }
    if (!changed.empty())
      audit::record(tx, actor_of(who),
                    {"member.update", "member", std::to_string(id), current.org_path, diff}, now);
    auto out = record_json(*store::load(tx, key_, id, false), t);
    out["changed"] = changed;
    return out;
  });
}

nlohmann::json Service::history(const auth::Principal& who, std::int64_t id) {
  return db_.read_result([&](db::Tx& tx) {
    auto r = store::load(tx, key_, id, false);
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    if (!(who.member_id && *who.member_id == id)) who.require("members.read", r->org_path);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row :
         tx.query("SELECT c.id, c.field, c.old_value, c.new_value, c.source, c.changed_at, a.name "
                  "FROM member_changes c LEFT JOIN accounts a ON a.id = c.changed_by "
                  "WHERE c.member_id = ? ORDER BY c.id DESC LIMIT 500",
                  {id})) {
      const Field* f = find_field(row.str(1));
      auto shown = [&](size_t k) {
        if (row.is_null(k)) return nlohmann::json(nullptr);
        return nlohmann::json(f ? display(*f, row.str(k)) : row.str(k));
      };
      items.push_back(
          {{"id", row.i64(0)},
           {"field", row.str(1)},
           {"field_label", f                        ? f->label
                           : row.str(1) == "record" ? "建立档案"
                                                    : row.str(1)},
           {"old_value", shown(2)},
           {"new_value", shown(3)},
           {"source", row.str(4)},
           {"changed_at", format_instant(row.i64(5))},
           {"changed_by", row.is_null(6) ? nlohmann::json("系统") : nlohmann::json(row.str(6))}});
    }
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json Service::reveal(const auth::Principal& who, std::int64_t id) {
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto r = store::load(tx, key_, id, true);
    if (!r) throw errors::not_found(zhdj::msg::kNotFound);
    bool self = who.member_id && *who.member_id == id;
    if (!self) {
      who.require("members.read", r->org_path);
      who.require("members.read_sensitive", r->org_path);
    }
    store::log_access(tx, id, who.account_id, "reveal", "id_number,phone,address", now);
    audit::record(tx, actor_of(who),
                  {"member.reveal",
                   "member",
                   std::to_string(id),
                   r->org_path,
                   {{"fields", {"id_number", "phone", "address"}}}},
                  now);
    auto opt = [&](const char* k) {
      auto v = value_of(r->values, k);
      return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
    };
    return nlohmann::json{
        {"id_number", opt("id_number")}, {"phone", opt("phone")}, {"address", opt("address")}};
  });
}

namespace {
nlohmann::json access_items(db::Tx& tx, std::int64_t member_id) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : tx.query(
           "SELECT s.id, s.purpose, s.fields, s.at, a.name, a.login, s.account_id, m.account_id "
           "FROM sensitive_access s JOIN accounts a ON a.id = s.account_id "
           "JOIN members m ON m.id = s.member_id WHERE s.member_id = ? ORDER BY s.id DESC "
           "LIMIT 500",
           {member_id})) {
    bool self = !r.is_null(7) && r.i64(6) == r.i64(7);
    items.push_back({{"id", r.i64(0)},
                     {"purpose", r.str(1)},
                     {"purpose_name", r.str(1) == "export" ? "导出" : "查看完整信息"},
                     {"fields", r.str(2)},
                     {"at", format_instant(r.i64(3))},
                     {"accessor", self ? std::string("本人") : r.str(4)},
                     {"accessor_login", r.str(5)}});
  }
  return items;
}
}  // namespace

nlohmann::json Service::access_log(const auth::Principal& who, std::int64_t id) {
  return db_.read_result([&](db::Tx& tx) {
    auto r = require_record(tx, key_, who, id, "members.read");
    return nlohmann::json{{"items", access_items(tx, id)}};
  });
}

nlohmann::json Service::my_record(const auth::Principal& who) {
  if (!who.member_id) throw errors::not_found(msg::kNoOwnRecord);
  const Date t = today();
  return db_.read_result([&](db::Tx& tx) {
    auto r = store::load(tx, key_, *who.member_id, false);
    if (!r) throw errors::not_found(msg::kNoOwnRecord);
    auto out = record_json(*r, t);
    out["access_log"] = access_items(tx, r->id);
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e :
         tx.query("SELECT kind, occurred_on, decided_by, document_no FROM member_events WHERE "
                  "member_id = ? ORDER BY occurred_on DESC, id DESC",
                  {r->id}))
      events.push_back({{"kind", e.str(0)},
                        {"kind_name", name_of(codes::event_kind, e.str(0))},
                        {"occurred_on", e.str(1)},
                        {"decided_by", e.str(2)},
                        {"document_no", e.opt_str(3).value_or("")}});
    out["events"] = events;
    return out;
  });
}

namespace {
nlohmann::json correction_json(const db::Row& r) {
  return {
      {"id", r.i64(0)},
      {"member_id", r.i64(1)},
      {"member_name", r.str(2)},
      {"org_name", r.str(3)},
      {"changes", nlohmann::json::parse(r.str(4))},
      {"reason", r.str(5)},
      {"status", r.str(6)},
      {"decision_reason", r.opt_str(7) ? nlohmann::json(*r.opt_str(7)) : nlohmann::json(nullptr)},
      {"created_at", format_instant(r.i64(8))},
      {"decided_at",
       r.is_null(9) ? nlohmann::json(nullptr) : nlohmann::json(format_instant(r.i64(9)))}};
}
constexpr const char* kCorrectionSelect =
    "SELECT c.id, c.member_id, m.name, o.name, c.summary, c.reason, c.status, c.decision_reason, "
    "c.created_at, c.decided_at FROM member_corrections c JOIN members m ON m.id = c.member_id "
    "JOIN orgs o ON o.id = m.org_id ";
}  // namespace

nlohmann::json Service::request_correction(const auth::Principal& who, const nlohmann::json& body) {
  if (!who.member_id) throw errors::not_found(msg::kNoOwnRecord);
  if (!body.contains("changes") || !body["changes"].is_object() || body["changes"].empty())
    throw errors::validation("changes", msg::kChangesRequired);
  std::string reason = body.contains("reason") && body["reason"].is_string()
                           ? text::normalize(body["reason"].get<std::string>())
                           : "";
  if (reason.empty()) throw errors::validation("reason", msg::kReasonRequired);
  if (text::length(reason) > 500)
    throw errors::validation("reason", fmt::format(fmt::runtime(msg::kTooLong), 500));
  const Date t = today();
  Values changes = parse_changes(body["changes"], t, true);
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto r = store::load(tx, key_, *who.member_id, true);
    if (!r) throw errors::not_found(msg::kNoOwnRecord);
    if (tx.query_one("SELECT 1 FROM member_corrections WHERE member_id = ? AND status = 'pending'",
                     {r->id}))
      throw errors::conflict(msg::kCorrectionPending);
    Values merged = r->values;
    for (const auto& [k, v] : changes) merged[k] = v;
    throw_first(check_record(merged, t));
    nlohmann::json sealed = nlohmann::json::object(), summary = nlohmann::json::object();
    for (const auto& [k, v] : changes) {
      const Field* f = find_field(k);
      sealed[k] = v;
      summary[k] = {{"label", f->label},
                    {"before", display(*f, masked(*f, r->values[k]))},
                    {"after", display(*f, masked(*f, v))}};
    }
    auto id = tx.insert(
        "INSERT INTO member_corrections (member_id, requested_by, changes, summary, reason, "
        "status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
        {r->id, who.account_id, db::Blob(key_.encrypt(sealed.dump())), summary.dump(), reason,
         now});
    audit::record(
        tx, actor_of(who),
        {"member.correction_request", "member", std::to_string(r->id), r->org_path, summary}, now);
    // Tell the branch's administrators.
    auto admins = store::managers_of(tx, r->org_path);
    if (!admins.empty())
      notices_.send(
          tx, admins,
          {"member.correction", fmt::format(fmt::runtime(msg::kCorrectionNew), r->values["name"]),
           reason, "/registry/corrections"});
    auto row = tx.query_one(std::string(kCorrectionSelect) + "WHERE c.id = ?", {id});
    return correction_json(*row);
  });
}

nlohmann::json Service::my_corrections(const auth::Principal& who) {
  if (!who.member_id) throw errors::not_found(msg::kNoOwnRecord);
  return db_.read_result([&](db::Tx& tx) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : tx.query(
             std::string(kCorrectionSelect) + "WHERE c.member_id = ? ORDER BY c.id DESC LIMIT 100",
             {*who.member_id}))
      items.push_back(correction_json(r));
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json Service::corrections(const auth::Principal& who, const std::string& status) {
  if (status != "pending" && status != "approved" && status != "rejected" && status != "all")
    throw errors::validation("status", fmt::format(fmt::runtime(msg::kBadFilter), "status"));
  auto scope = auth::scope_filter(who, "members.manage", "o.path");
  return db_.read_result([&](db::Tx& tx) {
    db::Params params = scope.params;
    std::string where = "WHERE " + scope.sql;
    if (status != "all") {
      where += " AND c.status = ?";
      params.push_back(status);
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r :
         tx.query(std::string(kCorrectionSelect) + where + " ORDER BY c.id DESC LIMIT 200", params))
      items.push_back(correction_json(r));
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json Service::decide_correction(const auth::Principal& who, std::int64_t id, bool approve,
                                          const std::string& reason_in) {
  std::string reason = text::normalize(reason_in);
  if (!approve && reason.empty()) throw errors::validation("reason", msg::kReasonRequired);
  if (text::length(reason) > 500)
    throw errors::validation("reason", fmt::format(fmt::runtime(msg::kTooLong), 500));
  const Date t = today();
  const Instant now = clock_.now();
  return db_.write_result([&](db::Tx& tx) {
    auto c = tx.query_one(
        "SELECT member_id, changes, status, requested_by FROM member_corrections WHERE id = ?",
        {id});
    if (!c) throw errors::not_found(zhdj::msg::kNotFound);
    auto current = require_record(tx, key_, who, c->i64(0), "members.manage", true);
    if (c->str(2) != "pending") throw errors::conflict(msg::kCorrectionDecided);
    if (approve) {
      auto sealed = nlohmann::json::parse(key_.decrypt(c->blob(1)));
      Values changes;
      for (const auto& [k, v] : sealed.items()) changes[k] = v.get<std::string>();
      Values merged = current.values;
      for (const auto& [k, v] : changes) merged[k] = v;
      throw_first(check_record(merged, t));
      check_unique(tx, key_, who, merged, current.id);
      changes["birth_date"] = merged["birth_date"];
      changes["gender"] = merged["gender"];
      store::update(tx, key_, current, changes, who.account_id, "correction", now);
    }
    tx.exec(
        "UPDATE member_corrections SET status = ?, decided_by = ?, decided_at = ?, "
        "decision_reason = ? WHERE id = ?",
        {approve ? "approved" : "rejected", who.account_id, now,
         reason.empty() ? db::Value() : db::Value(reason), id});
    audit::record(tx, actor_of(who),
                  {approve ? "member.correction_approve" : "member.correction_reject",
                   "member",
                   std::to_string(current.id),
                   current.org_path,
                   {{"correction_id", id}, {"reason", reason}}},
                  now);
    notices_.send(tx, {c->i64(3)},
                  {"member.correction_decided",
                   fmt::format(fmt::runtime(msg::kCorrectionTitle), approve ? "通过" : "退回"),
                   reason, "/me"});
    auto row = tx.query_one(std::string(kCorrectionSelect) + "WHERE c.id = ?", {id});
    return correction_json(*row);
  });
}

nlohmann::json Service::stats(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  ListQuery q;
  q.org_id = org_id;
  const Date t = today();
  return db_.read_result([&](db::Tx& tx) {
    Filter f = filter(tx, who, q);
    // One pass for the five coded dimensions: group by all of them (a few hundred groups at
    // most), then add the groups up per dimension here.
    static const std::pair<const char*, const CodeTable*> kDims[] = {
        {"category", &codes::category},
        {"gender", &codes::gender},
        {"ethnicity", &codes::ethnicity},
        {"education", &codes::education},
        {"identity", &codes::identity}};
    std::vector<std::map<std::string, std::int64_t>> tallies(std::size(kDims));
    for (const auto& r : tx.query(
             "SELECT m.category, m.gender, m.ethnicity, m.education, m.identity, COUNT(*) FROM "
             "members m JOIN orgs o ON o.id = m.org_id WHERE " +
                 f.where + " GROUP BY m.category, m.gender, m.ethnicity, m.education, m.identity",
             f.params))
      for (size_t d = 0; d < std::size(kDims); ++d)
        tallies[d][r.opt_str(d).value_or("")] += r.i64(5);
    nlohmann::json out = nlohmann::json::object();
    for (size_t d = 0; d < std::size(kDims); ++d) {
      std::vector<std::pair<std::string, std::int64_t>> groups(tallies[d].begin(),
                                                               tallies[d].end());
      std::stable_sort(groups.begin(), groups.end(),
                       [](const auto& x, const auto& y) { return x.second > y.second; });
      nlohmann::json list = nlohmann::json::array();
      for (const auto& [code, count] : groups)
        list.push_back(
            {{"code", code},
             {"name", code.empty() ? std::string("未填写") : name_of(*kDims[d].second, code)},
             {"count", count}});
      out[kDims[d].first] = list;
    }
    // Age and party-age bands are computed here from dates (no stored ages to go stale).
    struct Band {
      const char* name;
      int lo, hi;
    };
    static const Band kAge[] = {{"25岁及以下", 0, 25}, {"26-35岁", 26, 35},
                                {"36-45岁", 36, 45},   {"46-55岁", 46, 55},
                                {"56-60岁", 56, 60},   {"61岁及以上", 61, 200}};
    static const Band kPartyAge[] = {{"不满5年", 0, 4},   {"5-9年", 5, 9},
                                     {"10-19年", 10, 19}, {"20-29年", 20, 29},
                                     {"30-49年", 30, 49}, {"50年及以上", 50, 200}};
    // One pass in SQL: each band is a range of birth (or conversion) dates computed here.
    // Age ≥ k ⇔ born on or before today − k years. Party age counts from 转正日期, or entry + 1
    // year when that is not recorded.
    auto born_by = [&](int k) { return format_date(add_years(t, -k)); };
    std::string sql =
        "SELECT COUNT(*), SUM(CASE WHEN m.category = 'full' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN m.birth_date IS NULL THEN 1 ELSE 0 END)";
    db::Params params;
    for (const auto& band : kAge) {
      sql += ", SUM(CASE WHEN m.birth_date <= ? AND m.birth_date > ? THEN 1 ELSE 0 END)";
      params.push_back(born_by(band.lo));
      params.push_back(born_by(band.hi + 1));
    }
    const std::string party_ge =
        "(CASE WHEN m.full_on IS NOT NULL THEN m.full_on <= ? ELSE m.joined_on <= ? END)";
    for (const auto& band : kPartyAge) {
      sql += ", SUM(CASE WHEN m.category = 'full' AND " + party_ge + " AND NOT " + party_ge +
             " THEN 1 ELSE 0 END)";
      params.push_back(born_by(band.lo));
      params.push_back(born_by(band.lo + 1));
      params.push_back(born_by(band.hi + 1));
      params.push_back(born_by(band.hi + 2));
    }
    params.insert(params.end(), f.params.begin(), f.params.end());
    auto r = tx.query_one(sql + " FROM members m JOIN orgs o ON o.id = m.org_id WHERE " + f.where,
                          params);
    auto at = [&](size_t i) { return r->is_null(i) ? std::int64_t{0} : r->i64(i); };
    std::int64_t total = at(0), full = at(1), age_unknown = at(2);
    std::vector<std::int64_t> ages, party;
    for (size_t i = 0; i < std::size(kAge); ++i) ages.push_back(at(3 + i));
    for (size_t i = 0; i < std::size(kPartyAge); ++i) party.push_back(at(3 + std::size(kAge) + i));
    auto bands = [](const Band* b, size_t n, const std::vector<std::int64_t>& counts) {
      nlohmann::json out = nlohmann::json::array();
      for (size_t i = 0; i < n; ++i) out.push_back({{"name", b[i].name}, {"count", counts[i]}});
      return out;
    };
    out["age"] = bands(kAge, std::size(kAge), ages);
    if (age_unknown) out["age"].push_back({{"name", "未填写"}, {"count", age_unknown}});
    out["party_age"] = bands(kPartyAge, std::size(kPartyAge), party);
    out["total"] = total;
    out["full_members"] = full;
    out["as_of"] = format_date(t);
    return out;
  });
}

nlohmann::json Service::alerts(const auth::Principal& who, std::optional<std::int64_t> org_id) {
  ListQuery q;
  q.org_id = org_id;
  q.status = "all";
  const Date t = today();
  return db_.read_result([&](db::Tx& tx) {
    Filter f = filter(tx, who, q);
    nlohmann::json items = nlohmann::json::array();
    auto push = [&](const char* code, const char* severity, const db::Row& r, std::string message,
                    const std::string& due) {
      items.push_back({{"code", code},
                       {"severity", severity},
                       {"member_id", r.i64(0)},
                       {"member_name", r.str(1)},
                       {"org_id", r.i64(2)},
                       {"org_name", r.str(3)},
                       {"message", std::move(message)},
                       {"due_on", due}});
    };
    const std::string base =
        "SELECT m.id, m.name, m.org_id, o.name, {} FROM members m JOIN orgs o ON o.id = m.org_id "
        "WHERE " +
        f.where + " AND ";
    auto run = [&](const std::string& select, const std::string& cond, db::Params extra) {
      db::Params p = f.params;
      for (auto& e : extra) p.push_back(std::move(e));
      return tx.query(
          fmt::format(fmt::runtime(base), select) + cond + " ORDER BY m.name_sort, m.id LIMIT 500",
          p);
    };
    // Unreachable for 6 months: suspension is due (DOMAIN.md §2).
    std::string six_months_ago = format_date(add_months(t, -6));
    for (const auto& r :
         run("m.lost_since", "m.status = 'active' AND m.lost_contact = 1 AND m.lost_since <= ?",
             {six_months_ago}))
      push("suspension_due", "overdue", r,
           fmt::format(fmt::runtime(msg::kAlertSuspensionDue), r.str(1), r.str(4)),
           format_date(add_months(*parse_date(r.str(4)), 6)));
    // Suspended for 2 years and still unreachable: removal is due.
    for (const auto& r :
         run("m.status_since",
             "m.status = 'suspended' AND m.lost_contact = 1 AND m.status_since <= ?",
             {format_date(add_years(t, -2))}))
      push("removal_due", "overdue", r, fmt::format(fmt::runtime(msg::kAlertRemovalDue), r.str(1)),
           format_date(add_years(*parse_date(r.str(4)), 2)));
    // Graduates may keep their relationship here for at most 2 years (DOMAIN.md §7).
    for (const auto& r :
         run("m.graduation_on",
             "m.status = 'active' AND m.identity IN ('undergraduate', 'graduate') AND "
             "m.graduation_on <= ?",
             {format_date(add_years(t, -2))}))
      push("graduate_kept", "warning", r,
           fmt::format(fmt::runtime(msg::kAlertGraduateKept), r.str(1), r.str(4)),
           format_date(add_years(*parse_date(r.str(4)), 2)));
    // 留党察看 ending within 30 days: voting rights return by themselves; worth knowing.
    for (const auto& r : run("m.watch_until", "m.watch_until > ? AND m.watch_until <= ?",
                             {format_date(t), format_date(add_days(t, 30))}))
      push("watch_ends", "info", r,
           fmt::format(fmt::runtime(msg::kAlertWatchEnds), r.str(1), r.str(4)), r.str(4));
    // Introduction letters past their validity without a return receipt.
    auto scope = auth::scope_filter(who, "members.read", "t.from_path");
    db::Params p = scope.params;
    p.push_back(format_date(t));
    for (const auto& r : tx.query(
             "SELECT t.member_id, t.member_name, t.from_org_id, o.name, t.letter_year, "
             "t.letter_no, "
             "t.letter_valid_until FROM transfers t JOIN orgs o ON o.id = t.from_org_id WHERE " +
                 scope.sql +
                 " AND t.direction = 'outgoing' AND t.status = 'approved' AND t.letter_valid_until "
                 "< ? "
                 "ORDER BY t.id",
             p)) {
      std::string serial = fmt::format("{}-{:04d}", r.i64(4), r.i64(5));
      items.push_back({{"code", "letter_expired"},
                       {"severity", "warning"},
                       {"member_id", r.i64(0)},
                       {"member_name", r.str(1)},
                       {"org_id", r.i64(2)},
                       {"org_name", r.str(3)},
                       {"message", fmt::format(fmt::runtime(msg::kAlertLetterExpired), r.str(1),
                                               serial, r.str(6))},
                       {"due_on", r.str(6)}});
    }
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json Service::code_tables() {
  auto table = [](const CodeTable& t) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : t) out.push_back({{"code", c.code}, {"name", c.name}});
    return out;
  };
  nlohmann::json fs = nlohmann::json::array();
  static const char* kTypes[] = {"text",      "code",  "date",    "flag",
                                 "id_number", "phone", "address", "org"};
  for (const auto& f : fields()) {
    nlohmann::json j{{"key", f.key},
                     {"label", f.label},
                     {"type", kTypes[static_cast<int>(f.type)]},
                     {"editable", f.editable},
                     {"sensitive", is_sensitive(f)}};
    if (f.codes) j["choices"] = table(*f.codes);
    fs.push_back(j);
  }
  return {{"fields", fs},
          {"category", table(codes::category)},
          {"status", table(codes::status)},
          {"gender", table(codes::gender)},
          {"identity", table(codes::identity)},
          {"education", table(codes::education)},
          {"ethnicity", table(codes::ethnicity)},
          {"lost_reason", table(codes::lost_reason)},
          {"event_kind", table(codes::event_kind)},
          {"transfer_status", table(codes::transfer_status)}};
}

}  // namespace zhdj::members
