#include "members/roster.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "common/text.hpp"
#include "members/codes.hpp"
#include "members/messages.hpp"
#include "members/personal.hpp"
#include "members/store.hpp"
#include "xlsx/reader.hpp"
#include "xlsx/writer.hpp"

namespace zhdj::members {

using audit::actor_of;

namespace {

constexpr size_t kMaxRows = 50000;
constexpr Instant kBatchLifetimeMs = 24LL * 3600 * 1000;

// The columns of the template and of a full export, in the order of DOMAIN.md §2.
std::vector<const Field*> template_fields() {
  std::vector<const Field*> out;
  for (const auto& f : fields())
    if (f.editable || f.type == FieldType::org) out.push_back(&f);
  return out;
}

xlsx::Column column_for(const Field& f) {
  xlsx::Column c;
  c.header = f.label;
  c.width = f.type == FieldType::id_number ? 22 : f.type == FieldType::address ? 30 : 14;
  if (f.codes)
    for (const auto& code : *f.codes) c.choices.push_back(code.name);
  if (f.type == FieldType::flag) c.choices = {"是", "否"};
  c.text_format = f.type == FieldType::id_number || f.type == FieldType::phone ||
                  f.key == std::string_view("student_no") || f.type == FieldType::date;
  return c;
}

std::string column_letter(size_t col) {
  std::string s;
  for (size_t n = col + 1; n > 0; n = (n - 1) / 26)
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

struct Row {
  size_t excel_row = 0;
  std::string action;  // new, update, unchanged, error
  std::int64_t member_id = 0;
  std::int64_t version = 0;
  std::int64_t org_id = 0;
  Values values;  // new: all fields; update: the changed fields (with derived ones)
  std::vector<std::string> changed;
  nlohmann::json errors = nlohmann::json::array();
};

}  // namespace

std::string RosterService::template_xlsx() {
  xlsx::Writer w;
  std::vector<xlsx::Column> cols;
  for (const auto* f : template_fields()) cols.push_back(column_for(*f));
  w.add_sheet("党员花名册", cols);  // headers and drop-down lists only
  w.set_properties({"党员花名册导入模板", "智慧党建", "智慧党建", "",
                    "每行一人。日期可写 2021-07-01、2021.07.01、2021年7月1日 或 20210701；"
                    "公民身份号码、联系电话、学号请按文本填写。"});
  return w.finish();
}

nlohmann::json RosterService::preview(const auth::Principal& who, std::int64_t org_id,
                                      const std::string& bytes) {
  // Who may import here is checked before the file is even opened.
  registry_.db().read([&](db::Tx& tx) {
    auto target = tx.query_one("SELECT path FROM orgs WHERE id = ?", {org_id});
    if (!target) throw errors::not_found(zhdj::msg::kNotFound);
    who.require("members.manage", target->str(0));
  });
  if (bytes.empty()) throw errors::validation("file", msg::kImportFileRequired);
  xlsx::Workbook book;
  try {
    book = xlsx::read(bytes);
  } catch (const xlsx::Error& e) {
    throw errors::validation("file", e.what());
  }
  const xlsx::Sheet* sheet = book.first_visible_sheet();
  if (!sheet) throw errors::validation("file", msg::kImportNoSheet);
  // The header: among the first rows, the one naming most known columns (the later one on a
  // tie: a two-row merged header reads the same in both rows).
  size_t header_row = 0, best = 0;
  for (size_t r = 0; r < std::min<size_t>(sheet->rows.size(), 10); ++r) {
    size_t n = 0;
    bool has_name = false;
    for (const auto& cell : sheet->rows[r])
      if (const Field* f = find_field_by_header(cell.text)) {
        ++n;
        has_name = has_name || f->key == std::string_view("name");
      }
    if (has_name && n >= best && n >= 2) best = n, header_row = r;
  }
  if (best == 0) throw errors::validation("file", msg::kImportNoHeader);
  std::map<size_t, const Field*> columns;
  std::set<std::string> seen_fields;
  for (size_t c = 0; c < sheet->rows[header_row].size(); ++c)
    if (const Field* f = find_field_by_header(sheet->rows[header_row][c].text))
      if ((f->editable || f->type == FieldType::org) && seen_fields.insert(f->key).second)
        columns[c] = f;
  if (sheet->rows.size() - header_row - 1 > kMaxRows)
    throw errors::validation("file", msg::kImportTooMany);

  const Date today = registry_.today();
  const Instant now = registry_.clock().now();
  const auto& key = registry_.key();
  std::vector<Row> rows;
  std::string target_path;
  registry_.db().read([&](db::Tx& tx) {
    auto target = tx.query_one("SELECT path, kind FROM orgs WHERE id = ?", {org_id});
    if (!target) throw errors::not_found(zhdj::msg::kNotFound);
    who.require("members.manage", target->str(0));
    target_path = target->str(0);
    const bool target_holds = target->str(1) == "branch" || target->str(1) == "party_group";
    // Branch names under the target, for the 所在党支部 column.
    std::multimap<std::string, std::int64_t> orgs_by_name;
    std::map<std::int64_t, std::string> org_names;
    for (const auto& r : tx.query(
             "SELECT id, name FROM orgs WHERE kind IN ('branch', 'party_group') AND path >= ? AND "
             "path < ?",
             {target_path, auth::path_upper_bound(target_path)})) {
      orgs_by_name.emplace(r.str(1), r.i64(0));
      org_names[r.i64(0)] = r.str(1);
    }
    std::map<std::string, size_t> ids_in_file, numbers_in_file;
    for (size_t r = header_row + 1; r < sheet->rows.size(); ++r) {
      const auto& cells = sheet->rows[r];
      bool blank = true;
      for (const auto& [c, f] : columns)
        if (c < cells.size() && !text::normalize(cells[c].text).empty()) blank = false;
      if (blank) continue;
      Row row;
      row.excel_row = r + 1;
      auto error = [&](size_t c, const Field* f, std::string message) {
        row.errors.push_back(
            {{"column", column_letter(c) + "（" + std::string(f ? f->label : "") + "）"},
             {"field", f ? f->key : ""},
             {"message", std::move(message)}});
      };
      Values v;
      std::string org_name;
      size_t org_col = 0;
      for (const auto& [c, f] : columns) {
        const xlsx::Cell& cell = sheet->cell(r, c);
        std::string raw = cell.text;
        if (cell.kind == xlsx::CellKind::number) {
          if (f->type == FieldType::date) {
            try {
              if (auto d = xlsx::serial_to_date(std::stod(raw), book.date1904))
                raw = format_date(*d);
            } catch (const std::exception&) {
            }
          } else if (f->type == FieldType::id_number &&
                     (raw.find('E') != std::string::npos || raw.find('e') != std::string::npos)) {
            error(c, f, msg::kImportNumberId);
            continue;
          } else if (raw.size() > 2 && raw.compare(raw.size() - 2, 2, ".0") == 0) {
            raw.resize(raw.size() - 2);
          }
        }
        if (f->type == FieldType::org) {
          org_name = text::normalize(raw);
          org_col = c;
          continue;
        }
        std::string problem;
        auto value = canonical(*f, raw, today, &problem);
        if (!value)
          error(c, f, problem);
        else
          v[f->key] = *value;
      }
      // Which branch.
      if (!org_name.empty()) {
        auto [lo, hi] = orgs_by_name.equal_range(org_name);
        if (lo == hi)
          error(org_col, find_field("org"), fmt::format(fmt::runtime(msg::kImportNoOrg), org_name));
        else if (std::next(lo) != hi)
          error(org_col, find_field("org"),
                fmt::format(fmt::runtime(msg::kImportAmbiguousOrg), org_name));
        else
          row.org_id = lo->second;
      } else if (target_holds) {
        row.org_id = org_id;
      }
      // Same person twice in the file.
      auto dup = [&](std::map<std::string, size_t>& seen, const std::string& value,
                     const char* field, const char* label) {
        if (value.empty()) return;
        auto [it, fresh] = seen.emplace(value, row.excel_row);
        if (!fresh)
          row.errors.push_back({{"column", label},
                                {"field", field},
                                {"message", fmt::format(fmt::runtime(msg::kImportDuplicateRow),
                                                        it->second, label)}});
      };
      dup(ids_in_file, v["id_number"], "id_number", "公民身份号码");
      dup(numbers_in_file, v["student_no"], "student_no", "学号/工号");
      // New or existing (by ID number, then 学号/工号).
      std::optional<std::int64_t> existing;
      if (!v["id_number"].empty()) existing = store::find_by_id_number(tx, key, v["id_number"]);
      if (!existing) existing = store::find_by_student_no(tx, v["student_no"]);
      if (existing) {
        auto current = store::load(tx, key, *existing, true);
        if (!who.can("members.manage", current->org_path)) {
          row.errors.push_back(
              {{"column", ""}, {"field", "id_number"}, {"message", msg::kImportNotVisible}});
        } else {
          if (row.org_id && row.org_id != current->org_id)
            error(org_col, find_field("org"),
                  fmt::format(fmt::runtime(msg::kImportMoveByTransfer), current->org_name));
          row.member_id = current->id;
          row.version = current->version;
          row.org_id = current->org_id;
          Values merged = current->values;
          for (const auto& [k, val] : v)
            if (!val.empty()) merged[k] = val;  // empty cells keep what is recorded
          for (const auto& e : check_record(merged, today))
            row.errors.push_back({{"column", ""}, {"field", e.field}, {"message", e.message}});
          for (const auto& [k, val] : merged) {
            const Field* f = find_field(k);
            if (!f || !f->editable || val == current->values[k]) continue;
            row.values[k] = val;
            row.changed.push_back(f->label);
          }
          row.action = row.changed.empty() ? "unchanged" : "update";
        }
      } else {
        if (!row.org_id && row.errors.empty())
          row.errors.push_back(
              {{"column", ""}, {"field", "org"}, {"message", msg::kImportOrgRequired}});
        for (const auto& e : check_record(v, today))
          row.errors.push_back({{"column", ""}, {"field", e.field}, {"message", e.message}});
        row.values = v;
        row.action = "new";
      }
      if (!row.errors.empty()) row.action = "error";
      rows.push_back(std::move(row));
    }
  });
  if (rows.empty()) throw errors::validation("file", msg::kImportEmpty);

  nlohmann::json counts{{"new", 0}, {"update", 0}, {"unchanged", 0}, {"error", 0}};
  nlohmann::json out_rows = nlohmann::json::array();
  nlohmann::json sealed = nlohmann::json::array();
  for (const auto& r : rows) {
    counts[r.action] = counts[r.action].get<int>() + 1;
    auto name_it = r.values.find("name");
    out_rows.push_back(
        {{"row", r.excel_row},
         {"action", r.action},
         {"name", name_it == r.values.end() ? "" : name_it->second},
         {"member_id", r.member_id ? nlohmann::json(r.member_id) : nlohmann::json(nullptr)},
         {"changes", r.changed},
         {"errors", r.errors}});
    if (r.action == "new" || r.action == "update")
      sealed.push_back({{"row", r.excel_row},
                        {"action", r.action},
                        {"member_id", r.member_id},
                        {"version", r.version},
                        {"org_id", r.org_id},
                        {"values", r.values}});
  }
  // Names of people already on file are shown for updates too.
  std::string token = crypto::random_token(24);
  std::string sha = crypto::sha256_hex(bytes);
  registry_.db().write([&](db::Tx& tx) {
    tx.exec("DELETE FROM import_batches WHERE created_at < ?", {now - kBatchLifetimeMs});
    tx.exec(
        "INSERT INTO import_batches (token, account_id, org_id, file_sha256, payload, row_count, "
        "error_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {token, who.account_id, org_id, sha, db::Blob(key.encrypt(sealed.dump())),
         static_cast<std::int64_t>(rows.size()), counts["error"].get<std::int64_t>(), now});
  });
  nlohmann::json ignored = nlohmann::json::array();
  for (size_t c = 0; c < sheet->rows[header_row].size(); ++c)
    if (!columns.count(c) && !text::normalize(sheet->rows[header_row][c].text).empty())
      ignored.push_back(text::normalize(sheet->rows[header_row][c].text));
  return {{"batch", token},
          {"sheet", sheet->name},
          {"header_row", header_row + 1},
          {"ignored_columns", ignored},
          {"counts", counts},
          {"rows", out_rows}};
}

nlohmann::json RosterService::confirm(const auth::Principal& who, const std::string& token) {
  const Instant now = registry_.clock().now();
  const auto& key = registry_.key();
  return registry_.db().write_result([&](db::Tx& tx) {
    auto b = tx.query_one(
        "SELECT id, org_id, payload, applied_at, created_at, file_sha256, row_count FROM "
        "import_batches WHERE "
        "token = ? AND account_id = ?",
        {token, who.account_id});
    if (!b || b->i64(4) < now - kBatchLifetimeMs) throw errors::not_found(msg::kImportBatchGone);
    if (!b->is_null(3)) throw errors::conflict(msg::kImportBatchApplied);
    auto org = tx.query_one("SELECT path FROM orgs WHERE id = ?", {b->i64(1)});
    who.require("members.manage", org->str(0));
    auto rows = nlohmann::json::parse(key.decrypt(b->blob(2)));
    // A file with errors is not applied at all.
    auto error_rows =
        tx.query_one("SELECT error_count FROM import_batches WHERE id = ?", {b->i64(0)})->i64(0);
    if (error_rows > 0)
      throw errors::validation("file",
                               fmt::format(fmt::runtime(msg::kImportHasErrors), error_rows));
    int created = 0, updated = 0, unchanged = 0;
    nlohmann::json credentials = nlohmann::json::array();
    for (const auto& r : rows) {
      Values v;
      for (const auto& [k, val] : r["values"].items()) v[k] = val.get<std::string>();
      auto changed_since = [&] {
        return errors::conflict(
            fmt::format(fmt::runtime(msg::kImportChanged), r["row"].get<int>()));
      };
      if (r["action"] == "new") {
        if ((!v["id_number"].empty() && store::find_by_id_number(tx, key, v["id_number"])) ||
            store::find_by_student_no(tx, v["student_no"]))
          throw changed_since();
        auto org_id = r["org_id"].get<std::int64_t>();
        auto id = store::insert(tx, key, org_id, v, std::nullopt, who.account_id, "import", now);
        auto c = Service::create_account(tx, id, v["name"], v["student_no"], org_id, now);
        credentials.push_back(
            {{"name", v["name"]}, {"login", c.login}, {"initial_password", c.initial_password}});
        ++created;
      } else {
        auto current = store::load(tx, key, r["member_id"].get<std::int64_t>(), true);
        if (!current || current->version != r["version"].get<std::int64_t>()) throw changed_since();
        store::update(tx, key, *current, v, who.account_id, "import", now);
        ++updated;
      }
    }
    tx.exec("UPDATE import_batches SET applied_at = ?, payload = ? WHERE id = ?",
            {now, db::Blob(key.encrypt("[]")), b->i64(0)});
    audit::record(tx, actor_of(who),
                  {"member.import",
                   "import",
                   std::to_string(b->i64(0)),
                   org->str(0),
                   {{"file_sha256", b->str(5)}, {"created", created}, {"updated", updated}}},
                  now);
    unchanged = static_cast<int>(b->i64(6)) - created - updated;
    return nlohmann::json{{"created", created},
                          {"updated", updated},
                          {"unchanged", unchanged},
                          {"credentials", credentials}};
  });
}

std::string RosterService::export_xlsx(const auth::Principal& who, const ListQuery& q_in,
                                       const std::vector<std::string>& keys) {
  if (keys.empty() || keys.size() > 40) throw errors::validation("columns", msg::kExportColumns);
  std::vector<const Field*> cols;
  bool sensitive = false;
  for (const auto& k : keys) {
    const Field* f = find_field(k);
    if (!f) throw errors::validation("columns", fmt::format(fmt::runtime(msg::kUnknownField), k));
    cols.push_back(f);
    sensitive = sensitive || is_sensitive(*f);
  }
  const Instant now = registry_.clock().now();
  const auto& key = registry_.key();
  xlsx::Writer w;
  std::vector<xlsx::Column> xcols;
  for (const auto* f : cols) {
    auto c = column_for(*f);
    c.choices.clear();
    xcols.push_back(c);
  }
  auto& sheet = w.add_sheet("党员花名册", xcols);
  std::string mark = audit::export_mark(who, now);
  registry_.db().write([&](db::Tx& tx) {
    ListQuery q = q_in;
    // Unmasked personal data only where the exporter holds members.read_sensitive.
    Filter f = registry_.filter(tx, who, q);
    auto ids = tx.query("SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id WHERE " +
                            f.where + " ORDER BY m.name_sort, m.id",
                        f.params);
    if (ids.size() > kMaxRows) throw errors::validation("filters", msg::kExportTooMany);
    std::int64_t revealed = 0;
    for (const auto& idrow : ids) {
      auto id = idrow.i64(0);
      auto rec = store::load(tx, key, id, false);
      bool full = sensitive && who.can("members.read_sensitive", rec->org_path);
      if (full) {
        rec = store::load(tx, key, id, true);
        store::log_access(tx, id, who.account_id, "export", "id_number,phone,address", now);
        ++revealed;
      }
      std::vector<std::string> cells;
      for (const auto* c : cols) cells.push_back(display(*c, rec->values[c->key]));
      sheet.add_row(cells);
    }
    audit::record(tx, actor_of(who),
                  {"member.export",
                   "export",
                   "",
                   "/",
                   {{"rows", ids.size()}, {"columns", keys}, {"unmasked_rows", revealed}}},
                  now);
  });
  w.set_properties({"党员花名册", "智慧党建导出", who.name + "（" + who.login + "）", "", mark});
  w.set_header_footer(mark, mark + "  第 &P 页 / 共 &N 页");
  return w.finish();
}

std::string RosterService::stats_xlsx(const auth::Principal& who,
                                      std::optional<std::int64_t> org_id) {
  auto s = registry_.stats(who, org_id);
  const Instant now = registry_.clock().now();
  xlsx::Writer w;
  static const std::pair<const char*, const char*> kDims[] = {
      {"category", "人员类别"}, {"gender", "性别"}, {"ethnicity", "民族"}, {"education", "学历"},
      {"identity", "身份"},     {"age", "年龄"},    {"party_age", "党龄"}};
  auto& sheet = w.add_sheet("党员构成", {{"维度", 12}, {"分组", 16}, {"人数", 10}});
  for (const auto& [k, label] : kDims)
    for (const auto& g : s[k])
      sheet.add_row(
          {label, g["name"].get<std::string>(), std::to_string(g["count"].get<std::int64_t>())});
  sheet.add_row({"合计", "", std::to_string(s["total"].get<std::int64_t>())});
  std::string mark = audit::export_mark(who, now);
  w.set_properties({"党员构成统计", "截至 " + s["as_of"].get<std::string>(), who.name, "", mark});
  w.set_header_footer(mark, mark);
  registry_.db().write([&](db::Tx& tx) {
    audit::record(tx, actor_of(who),
                  {"member.stats_export",
                   "export",
                   "",
                   "/",
                   {{"org_id", org_id ? nlohmann::json(*org_id) : nlohmann::json(nullptr)}}},
                  now);
  });
  return w.finish();
}

void register_roster_routes(http::Api& api, RosterService& roster) {
  using http::Call;
  using http::Response;
  namespace input = http::input;
  static constexpr const char* kXlsx =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  auto file = [](std::string body, const std::string& name) {
    return Response::attachment(std::move(body), kXlsx, name, "roster.xlsx");
  };
  api.get("/api/v1/members/import/template", [&roster, file](Call&) {
    return file(roster.template_xlsx(), "党员花名册导入模板.xlsx");
  });
  api.post("/api/v1/members/import", [&roster](Call& c) {
    auto org = input::query_number(c, "org_id");
    if (!org) throw errors::validation("org_id", zhdj::msg::kRequired);
    return Response::json(roster.preview(c.who(), *org, c.request().body));
  });
  api.post("/api/v1/members/import/{batch}/confirm", [&roster](Call& c) {
    return Response::json(roster.confirm(c.who(), c.param("batch")));
  });
  api.post("/api/v1/members/export", [&roster, file](Call& c) {
    const auto& b = c.body();
    ListQuery q;
    if (b.contains("filters") && b["filters"].is_object()) q = list_query_from_json(b["filters"]);
    std::vector<std::string> columns;
    if (b.contains("columns") && b["columns"].is_array())
      for (const auto& k : b["columns"])
        if (k.is_string()) columns.push_back(k.get<std::string>());
    return file(roster.export_xlsx(c.who(), q, columns), "党员花名册.xlsx");
  });
  api.get("/api/v1/members/stats/export", [&roster, file](Call& c) {
    return file(roster.stats_xlsx(c.who(), input::query_number(c, "org_id")), "党员构成统计.xlsx");
  });
}

}  // namespace zhdj::members
