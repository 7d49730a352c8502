#include "members/store.hpp"

#include "auth/grants.hpp"

#include "common/text.hpp"

namespace zhdj::members::store {

namespace {

// Columns of the plain (not sensitive, not org) fields, in fields() order.
const std::vector<const Field*>& plain_fields() {
  static const std::vector<const Field*> out = [] {
    std::vector<const Field*> v;
    for (const auto& f : fields())
      if (!is_sensitive(f) && f.type != FieldType::org) v.push_back(&f);
    return v;
  }();
  return out;
}

const std::string& select_sql() {
  static const std::string sql = [] {
    std::string s =
        "SELECT m.id, m.org_id, o.path, o.name, o.kind, m.account_id, m.version, m.created_at, "
        "m.watch_until, m.status_since, m.id_enc, m.id_index, m.id_mask, m.phone_enc, "
        "m.phone_mask, m.address_enc, m.address_mask";
    for (const auto* f : plain_fields()) s += std::string(", m.") + f->key;
    return s + " FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = ?";
  }();
  return sql;
}

db::Value column_value(const Field& f, const std::string& v) {
  if (v.empty()) {
    if (f.type == FieldType::flag) return 0;
    return nullptr;
  }
  if (f.type == FieldType::flag) return v == "1" ? 1 : 0;
  return v;
}

std::string text_of(const db::Row& r, size_t i, const Field& f) {
  if (r.is_null(i)) return {};
  if (f.type == FieldType::flag) return r.i64(i) ? "1" : "0";
  return r.str(i);
}

void history(db::Tx& tx, std::int64_t member, const std::string& field, const std::string& old_v,
             const std::string& new_v, std::optional<std::int64_t> actor, const std::string& source,
             Instant now) {
  tx.exec(
      "INSERT INTO member_changes (member_id, field, old_value, new_value, source, changed_by, "
      "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {member, field, old_v.empty() ? db::Value() : db::Value(old_v),
       new_v.empty() ? db::Value() : db::Value(new_v), source, actor, now});
}

// SET fragments and parameters for one sensitive field.
void seal_into(const crypto::FieldKey& key, const Field& f, const std::string& v,
               std::vector<std::string>& sets, db::Params& params) {
  std::string prefix = f.type == FieldType::id_number ? "id"
                       : f.type == FieldType::phone   ? "phone"
                                                      : "address";
  sets.push_back(prefix + "_enc = ?");
  params.push_back(v.empty() ? db::Value() : db::Value(db::Blob(key.encrypt(v))));
  if (f.type != FieldType::address) {
    sets.push_back(prefix + "_index = ?");
    params.push_back(v.empty() ? db::Value() : db::Value(key.blind_index(prefix, v)));
  }
  sets.push_back(prefix + "_mask = ?");
  params.push_back(v.empty() ? db::Value() : db::Value(masked(f, v)));
}

void name_columns(const std::string& name, std::vector<std::string>& sets, db::Params& params) {
  auto py = text::pinyin(name);
  sets.push_back("name_pinyin = ?");
  params.push_back(py.full);
  sets.push_back("name_initials = ?");
  params.push_back(py.initials);
  sets.push_back("name_sort = ?");
  params.push_back(text::collation_key(name));
}

}  // namespace

std::optional<Record> load(db::Tx& tx, const crypto::FieldKey& key, std::int64_t id, bool decrypt) {
  auto r = tx.query_one(select_sql(), {id});
  if (!r) return std::nullopt;
  Record rec;
  rec.id = r->i64(0);
  rec.org_id = r->i64(1);
  rec.org_path = r->str(2);
  rec.org_name = r->str(3);
  rec.org_kind = r->str(4);
  rec.account_id = r->opt_i64(5);
  rec.version = r->i64(6);
  rec.created_at = r->i64(7);
  rec.watch_until = r->opt_str(8).value_or("");
  rec.status_since = r->opt_str(9).value_or("");
  rec.id_index = r->opt_str(11).value_or("");
  auto sensitive = [&](size_t enc, size_t mask) -> std::string {
    if (r->is_null(enc)) return {};
    return decrypt ? key.decrypt(r->blob(enc)) : r->opt_str(mask).value_or("");
  };
  rec.values["id_number"] = sensitive(10, 12);
  rec.values["phone"] = sensitive(13, 14);
  rec.values["address"] = sensitive(15, 16);
  rec.values["org"] = rec.org_name;
  size_t i = 17;
  for (const auto* f : plain_fields()) rec.values[f->key] = text_of(*r, i++, *f);
  return rec;
}

std::optional<std::int64_t> find_by_id_number(db::Tx& tx, const crypto::FieldKey& key,
                                              const std::string& id_number) {
  for (const auto& index : key.blind_indexes("id", id_number))
    if (auto r = tx.query_one("SELECT id FROM members WHERE id_index = ?", {index}))
      return r->i64(0);
  return std::nullopt;
}

std::optional<std::int64_t> find_by_student_no(db::Tx& tx, const std::string& student_no) {
  if (student_no.empty()) return std::nullopt;
  if (auto r = tx.query_one("SELECT id FROM members WHERE student_no = ?", {student_no}))
    return r->i64(0);
  return std::nullopt;
}

std::int64_t insert(db::Tx& tx, const crypto::FieldKey& key, std::int64_t org_id,
                    const Values& values, std::optional<std::int64_t> account_id,
                    std::optional<std::int64_t> actor, const std::string& source, Instant now) {
  std::vector<std::string> cols{"org_id", "account_id", "created_at", "updated_at"};
  db::Params params{org_id, account_id, now, now};
  auto get = [&](const char* k) {
    auto it = values.find(k);
    return it == values.end() ? std::string() : it->second;
  };
  for (const auto& f : fields()) {
    if (f.type == FieldType::org) continue;
    std::string v = get(f.key);
    if (is_sensitive(f)) {
      std::vector<std::string> sets;
      seal_into(key, f, v, sets, params);
      for (auto& s : sets) cols.push_back(s.substr(0, s.find(' ')));
    } else {
      cols.push_back(f.key);
      params.push_back(column_value(f, v));
    }
  }
  if (get("status").empty()) {
    // "status" is in the plain fields: replace its NULL by the default.
    for (size_t i = 0; i < cols.size(); ++i)
      if (cols[i] == "status") params[i] = "active";
  }
  {
    std::vector<std::string> sets;
    name_columns(get("name"), sets, params);
    for (auto& s : sets) cols.push_back(s.substr(0, s.find(' ')));
  }
  std::string sql = "INSERT INTO members (";
  std::string marks;
  for (size_t i = 0; i < cols.size(); ++i) {
    sql += (i ? ", " : "") + cols[i];
    marks += i ? ", ?" : "?";
  }
  sql += ") VALUES (" + marks + ") RETURNING id";
  auto id = tx.insert(sql, params);
  // One history row for the creation: the record itself holds the first values.
  history(tx, id, "record", {}, {}, actor, source, now);
  return id;
}

std::vector<std::string> update(db::Tx& tx, const crypto::FieldKey& key, const Record& current,
                                const Values& changes, std::optional<std::int64_t> actor,
                                const std::string& source, Instant now) {
  std::vector<std::string> sets;
  db::Params params;
  std::vector<std::string> changed;
  for (const auto& [k, v] : changes) {
    const Field* f = find_field(k);
    if (!f || f->type == FieldType::org) continue;
    auto it = current.values.find(k);
    std::string old = it == current.values.end() ? std::string() : it->second;
    if (old == v) continue;
    changed.push_back(k);
    if (is_sensitive(*f)) {
      seal_into(key, *f, v, sets, params);
    } else {
      sets.push_back(std::string(f->key) + " = ?");
      params.push_back(column_value(*f, v));
      if (k == "name") name_columns(v, sets, params);
    }
    history(tx, current.id, k, masked(*f, old), masked(*f, v), actor, source, now);
  }
  if (changed.empty()) return changed;
  sets.push_back("version = version + 1");
  sets.push_back("updated_at = ?");
  params.push_back(now);
  std::string sql = "UPDATE members SET ";
  for (size_t i = 0; i < sets.size(); ++i) sql += (i ? ", " : "") + sets[i];
  sql += " WHERE id = ?";
  params.push_back(current.id);
  tx.exec(sql, params);
  return changed;
}

void set_columns(db::Tx& tx, std::int64_t member_id, const Values& before, const Values& after,
                 std::optional<std::int64_t> actor, const std::string& source, Instant now) {
  std::vector<std::string> sets;
  db::Params params;
  for (const auto& [k, v] : after) {
    auto it = before.find(k);
    std::string old = it == before.end() ? std::string() : it->second;
    if (old == v) continue;
    const Field* f = find_field(k);
    sets.push_back(k + " = ?");
    if (f) {
      params.push_back(column_value(*f, v));
      history(tx, member_id, k, old, v, actor, source, now);
    } else {
      params.push_back(v.empty() ? db::Value() : db::Value(v));  // watch_until, status_since
    }
  }
  if (sets.empty()) return;
  std::string sql = "UPDATE members SET version = version + 1, updated_at = ?";
  db::Params all{now};
  for (size_t i = 0; i < sets.size(); ++i) {
    sql += ", " + sets[i];
    all.push_back(params[i]);
  }
  sql += " WHERE id = ?";
  all.push_back(member_id);
  tx.exec(sql, all);
}

void log_access(db::Tx& tx, std::int64_t member_id, std::int64_t account_id,
                const std::string& purpose, const std::string& fields, Instant now) {
  tx.exec(
      "INSERT INTO sensitive_access (member_id, account_id, purpose, fields, at) VALUES (?, ?, "
      "?, ?, ?)",
      {member_id, account_id, purpose, fields, now});
}

std::vector<std::int64_t> managers_of(db::Tx& tx, const std::string& org_path) {
  return auth::administrators_of(tx, "members.manage", org_path, 2);
}

}  // namespace zhdj::members::store
