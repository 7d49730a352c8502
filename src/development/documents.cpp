// Printable documents of a development case, built from the record (doc::Document), rendered as
// an HTML print view or a PDF by src/doc.
#include <fmt/format.h>

#include "audit/actor.hpp"
#include "audit/audit.hpp"
#include "common/error.hpp"
#include "common/messages.hpp"
#include "development/messages.hpp"
#include "development/service.hpp"
#include "development/store.hpp"
#include "doc/html.hpp"
#include "doc/pdf.hpp"
#include "members/codes.hpp"
#include "org/directory.hpp"

namespace zhdj::development {

using nlohmann::json;

namespace {

std::string cn_date(Date d) {
  return fmt::format("{}年{:02d}月{:02d}日", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}
std::string cn_month(Date d) {
  return fmt::format("{}年{:02d}月", static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
}

const store::StepRow* latest(const store::Case& c, const std::string& code) {
  const store::StepRow* out = nullptr;
  for (const auto& s : c.steps)
    if (s.step == code && !s.superseded) out = &s;
  return out;
}

// The serial of a document kept in its step's data, allocated from the yearly counter on first
// print ("2026-0007").
std::string serial_of(db::Tx& tx, const store::StepRow& s, const char* counter) {
  if (s.data.contains("serial") && s.data["serial"].is_string())
    return s.data["serial"].get<std::string>();
  int year = static_cast<int>(s.done_on.year());
  tx.exec(
      "INSERT INTO serials (name, year, next_value) VALUES (?, ?, 1) ON CONFLICT (name, year) DO "
      "NOTHING",
      {counter, year});
  auto n = tx.query_one(
                 "UPDATE serials SET next_value = next_value + 1 WHERE name = ? AND year = ? "
                 "RETURNING next_value - 1",
                 {counter, year})
               ->i64(0);
  std::string serial = fmt::format("{}-{:04d}", year, n);
  json data = s.data;
  data["serial"] = serial;
  tx.exec("UPDATE dev_steps SET data = ? WHERE id = ?", {data.dump(), s.id});
  return serial;
}

[[noreturn]] void not_yet() {
  throw errors::conflict(msg::kDocumentNotYet, "kind");
}

}  // namespace

std::string Service::document(const auth::Principal& who, std::int64_t case_id,
                              const std::string& kind, bool pdf) {
  if (kind != "publicity" && kind != "cover" && kind != "approval" && kind != "filing" &&
      kind != "conversion")
    throw errors::validation("kind", msg::kDocumentKind);
  const Instant now = clock_.now();
  doc::Document d = db_.write_result([&](db::Tx& tx) {
    auto c = store::load(tx, case_id);
    if (!c || (who.member_id != c->member_id && !who.can("development.read", c->org_path)))
      throw errors::not_found(zhdj::msg::kNotFound);
    auto person = tx.query_one(
        "SELECT gender, ethnicity, education, department, birth_date FROM members WHERE id = ?",
        {c->member_id});
    auto code_name = [&](const members::CodeTable& t, size_t i) {
      return person->is_null(i) || person->str(i).empty() ? std::string("—")
                                                          : members::name_of(t, person->str(i));
    };
    // The branch and its higher committee, for salutations and signatures.
    std::string branch = c->org_name;
    for (auto n = org::directory::find(tx, c->org_id); n;
         n = n->org.parent_id ? org::directory::find(tx, *n->org.parent_id) : std::nullopt)
      if (n->org.kind == org::Kind::branch) {
        branch = n->org.name;
        break;
      }
    auto step_date = [&](const char* code) -> std::optional<Date> {
      if (auto s = latest(*c, code)) return s->done_on;
      return std::nullopt;
    };
    auto line_date = [&](const char* code) {
      auto x = step_date(code);
      return x ? cn_date(*x) : std::string("—");
    };
    doc::Document out;
    out.author = "中共" + branch;
    out.subject = c->name + " 发展党员";
    out.created = now;
    if (kind == "publicity") {
      const store::PublicityRow* p = nullptr;
      for (const auto& x : c->publicities)
        if (x.step == "target") p = &x;
      if (!p) not_yet();
      auto birth = c->birth_date ? cn_month(*c->birth_date) : std::string("—");
      std::string body = fmt::format(
          "经党支部研究，拟确定{}同志为发展对象。{}同志，{}，{}，{}出生，{}学历，{}。该同志于{}"
          "递交入党申请书，于{}被确定为入党积极分子。",
          c->name, c->name, code_name(members::codes::gender, 0),
          code_name(members::codes::ethnicity, 1), birth, code_name(members::codes::education, 2),
          person->is_null(3) || person->str(3).empty() ? c->org_name : person->str(3),
          line_date("application"), line_date("activist"));
      out.title = "关于拟确定" + c->name + "同志为发展对象的公示";
      out.parts.push_back(doc::Part{
          out.title,
          "编号：" + p->serial,
          {doc::Paragraph{body},
           doc::Paragraph{fmt::format("公示时间：{}至{}（{}个工作日）。", cn_date(p->starts_on),
                                      cn_date(p->ends_on), p->working_days)},
           doc::Paragraph{p->content.empty()
                              ? "公示期间，党员和群众如有意见，可通过来信、来电、来访等方式向党支部"
                                "反映。反映情况应实事求是，以个人名义反映的请署真实姓名。"
                              : p->content},
           doc::Spacer{1}, doc::Signature{{"中共" + branch + "委员会", cn_date(p->starts_on)}}},
          false});
    } else if (kind == "cover") {
      auto form = latest(*c, "application_form");
      if (!form) not_yet();
      std::string introducers;
      if (auto s = latest(*c, "introducers"))
        for (const auto& i : s->data.value("introducers", json::array()))
          introducers += (introducers.empty() ? "" : "、") + i.value("name", "");
      out.title = "入党志愿书";
      out.parts.push_back(
          doc::Part{"中国共产党入党志愿书",
                    "编号：" + form->data.value("form_serial", ""),
                    {doc::Field{"姓名：", c->name}, doc::Field{"所在党支部：", branch},
                     doc::Field{"入党介绍人：", introducers.empty() ? "—" : introducers},
                     doc::Field{"递交入党申请书时间：", line_date("application")},
                     doc::Field{"确定为入党积极分子时间：", line_date("activist")},
                     doc::Field{"确定为发展对象时间：", line_date("target")},
                     doc::Field{"填写日期：", cn_date(form->done_on)}},
                    false});
    } else if (kind == "approval" || kind == "conversion") {
      bool conversion = kind == "conversion";
      auto s = latest(*c, conversion ? "conversion_approval" : "admission_approval");
      if (!s || (!conversion && s->data.value("outcome", "") != "approve")) not_yet();
      if (conversion && c->conversion_outcome != "convert") not_yet();
      std::string serial = serial_of(tx, *s, conversion ? "dev_conversion" : "dev_approval");
      auto vote = step_date("admission_vote");
      std::string body;
      if (!conversion) {
        Date end = add_years(*vote, 1);
        body = fmt::format(
            "你支部关于接收{}同志为中共预备党员的请示收悉。经研究，同意接收{}"
            "同志为中共预备党员，预备期一年，自{}（支部党员大会通过之日）起至{}止。",
            c->name, c->name, cn_date(*vote), cn_date(end));
        out.title = "关于同意接收" + c->name + "同志为中共预备党员的批复";
      } else {
        Date end = add_months(*vote, 12 + c->extension_months);
        body = fmt::format(
            "你支部关于{}同志转为中共正式党员的请示收悉。经研究，同意{}同志{}"
            "转为中共正式党员，党龄自{}算起。",
            c->name, c->name, c->extension_months > 0 ? "在延长预备期满后" : "按期", cn_date(end));
        out.title = "关于同意" + c->name + "同志转为中共正式党员的批复";
      }
      out.author = "中共" + s->org_name;
      out.parts.push_back(
          doc::Part{out.title,
                    "编号：" + serial,
                    {doc::Paragraph{"中共" + branch + "：", false}, doc::Paragraph{body},
                     doc::Paragraph{"此复。"}, doc::Spacer{1},
                     doc::Signature{{"中共" + s->org_name + "（盖章）", cn_date(s->done_on)}}},
                    false});
    } else {  // filing: the development target's 备案报告
      auto s = latest(*c, "target");
      auto filed = latest(*c, "target_filing");
      if (!s) not_yet();
      std::string serial = serial_of(tx, *s, "dev_filing");
      std::string higher = filed ? filed->org_name : "上级党委";
      out.title = "关于确定" + c->name + "同志为发展对象的备案报告";
      out.parts.push_back(doc::Part{
          out.title,
          "编号：" + serial,
          {doc::Paragraph{"中共" + higher + "：", false},
           doc::Paragraph{fmt::format(
               "{}同志于{}递交入党申请书，{}被确定为入党积极分子，经过一年以上的培养教育和考察，"
               "支部委员会于{}讨论同意确定其为发展对象，现报请备案。",
               c->name, line_date("application"), line_date("activist"), cn_date(s->done_on))},
           doc::Spacer{1}, doc::Signature{{"中共" + branch + "委员会", cn_date(s->done_on)}}},
          false});
    }
    audit::record(tx, audit::actor_of(who),
                  {"development.document",
                   "dev_case",
                   std::to_string(case_id),
                   c->org_path,
                   {{"kind", kind}, {"pdf", pdf}}},
                  now);
    return out;
  });
  return pdf ? doc::render_pdf(d) : doc::render_html(d);
}

}  // namespace zhdj::development
