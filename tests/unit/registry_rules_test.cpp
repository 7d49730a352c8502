// Pure rules of the member registry: ID numbers (GB 11643), phones and masks, ages, Chinese
// text handling (normalisation, pinyin, collation, everyday dates), status-event rules and
// the field-key ring.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "members/events.hpp"
#include "members/fields.hpp"
#include "members/personal.hpp"

using namespace zhdj;
using namespace zhdj::members;

namespace {
Date d(const char* s) {
  return *parse_date(s);
}
const Date kToday = d("2026-11-24");
}  // namespace

TEST(IdNumber, AcceptsTheStandardExampleAndDerivesBirthAndSex) {
  std::string problem;
  auto id = parse_id_number("11010519491231002X", kToday, &problem);
  ASSERT_TRUE(id) << problem;
  EXPECT_EQ(format_date(id->birth_date), "1949-12-31");
  EXPECT_FALSE(id->male);  // 17th digit 2
  auto lower = parse_id_number("11010519491231002x", kToday, &problem);
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->number, "11010519491231002X");
}

TEST(IdNumber, RefusesEveryKindOfMistakeWithAChineseReason) {
  std::string problem;
  EXPECT_FALSE(parse_id_number("110105194912310021", kToday, &problem));  // check char X
  EXPECT_NE(problem.find("校验位"), std::string::npos);
  EXPECT_FALSE(parse_id_number("1101051949123100", kToday, &problem));
  EXPECT_NE(problem.find("18 位"), std::string::npos);
  EXPECT_FALSE(parse_id_number("1101051949123100AX", kToday, &problem));
  EXPECT_NE(problem.find("数字"), std::string::npos);
  EXPECT_FALSE(parse_id_number("110105194902300027", kToday, &problem));  // 02-30
  EXPECT_NE(problem.find("出生日期"), std::string::npos);
  EXPECT_FALSE(parse_id_number("110105202712310021", kToday, &problem));  // born in the future
  EXPECT_NE(problem.find("出生日期"), std::string::npos);
}

TEST(PersonalData, MasksKeepOnlyWhatIdentifiesNothing) {
  EXPECT_EQ(mask_id_number("110101199003071234"), "110101********1234");
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_address("北京市海淀区学院路1号"), "北京市海淀区****");
  EXPECT_EQ(mask_address("北京"), "北京");
  EXPECT_EQ(parse_phone(" 138 1234 5678 "), "13812345678");
  EXPECT_EQ(parse_phone("010-62751234"), "010-62751234");
  EXPECT_EQ(parse_phone("0755-8888888-123"), "0755-8888888-123");
  EXPECT_FALSE(parse_phone("12345"));
  EXPECT_FALSE(parse_phone("2381234567x"));
}

TEST(PersonalData, AgeCountsWholeYearsAndLeapDayBirthdays) {
  EXPECT_EQ(age_on(d("2008-11-24"), kToday), 18);
  EXPECT_EQ(age_on(d("2008-11-25"), kToday), 17);
  EXPECT_EQ(age_on(d("2008-02-29"), d("2026-02-28")), 17);
  EXPECT_EQ(age_on(d("2008-02-29"), d("2026-03-01")), 18);
  EXPECT_EQ(age_on(d("2008-02-29"), d("2028-02-29")), 20);
}

TEST(ChineseText, NormalisesPastedInputButKeepsChinesePunctuation) {
  EXPECT_EQ(text::normalize("\xE3\x80\x80 １２３ＡＢ\t"), "123AB");
  EXPECT_EQ(text::normalize("材料不全，请补充"), "材料不全，请补充");
  // Characters whose UTF-8 ends in a byte that is a blank elsewhere (0xA0, 0x85) stay whole.
  EXPECT_EQ(text::normalize(" 王忠 "), "王忠");
  EXPECT_EQ(text::normalize("张习"), "张习");
  EXPECT_EQ(text::normalize("\xC2\xA0李\xC2\xA0"), "李");
  EXPECT_EQ(text::length("张三abc"), 5u);
}

TEST(ChineseText, PinyinAndInitialsForSearch) {
  auto p = text::pinyin("张三");
  EXPECT_EQ(p.full, "zhangsan");
  EXPECT_EQ(p.initials, "zs");
  EXPECT_EQ(text::pinyin("欧阳娜娜").initials, "oynn");
  EXPECT_EQ(text::pinyin("单田芳").full.substr(0, 4), "shan");  // a family name read as a name
}

TEST(ChineseText, CollationSortsNamesInPinyinOrder) {
  auto a = text::collation_key("阿美"), b = text::collation_key("白云"),
       z = text::collation_key("张三"), z2 = text::collation_key("张伟");
  EXPECT_LT(a, b);
  EXPECT_LT(b, z);
  EXPECT_LT(z, z2);  // san < wei
}

TEST(ChineseText, DatesAsPeopleWriteThem) {
  for (const char* s : {"2021-07-01", "2021-7-1", "2021.07.01", "2021/7/1", "2021年7月1日",
                        "20210701", "２０２１．０７．０１", " 2021年07月01日 "})
    EXPECT_EQ(text::parse_loose_date(s).value_or(d("1900-01-01")), d("2021-07-01")) << s;
  for (const char* s : {"2021-02-30", "07/01/2021", "2021年7月", "下周一", "2021-07-01下午", ""})
    EXPECT_FALSE(text::parse_loose_date(s)) << s;
}

TEST(RecordCheck, FillsBirthAndSexFromTheIdAndRefusesMinorsAsApplicants) {
  Values v{{"name", "张三"}, {"category", "applicant"}, {"id_number", "11010519491231002X"}};
  EXPECT_TRUE(check_record(v, kToday).empty());
  EXPECT_EQ(v["birth_date"], "1949-12-31");
  EXPECT_EQ(v["gender"], "female");
  Values minor{{"name", "李四"}, {"category", "applicant"}, {"birth_date", "2008-11-25"}};
  auto errors = check_record(minor, kToday);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "birth_date");
  EXPECT_NE(errors[0].message.find("2026-11-25"), std::string::npos);
  Values member{{"name", "王五"},
                {"category", "full"},
                {"joined_on", "2020-07-01"},
                {"full_on", "2019-07-01"}};
  errors = check_record(member, kToday);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "full_on");
}

namespace {
MemberState active_member() {
  MemberState s;
  s.category = "full";
  s.status = "active";
  return s;
}
EventInput event(const char* kind, const char* on) {
  EventInput e;
  e.kind = kind;
  e.occurred_on = d(on);
  e.decided_by = "支部委员会";
  return e;
}
int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.status();
  }
  return 0;
}
}  // namespace

TEST(StatusEvents, SuspensionComesOnlyAfterSixCalendarMonthsUnreachable) {
  auto s = active_member();
  s.lost_contact = true;
  s.lost_since = d("2026-03-31");
  // Six calendar months from 03-31 is 09-30 (clamped), not 180 days.
  EXPECT_EQ(status_of([&] { apply_event(s, event("suspension", "2026-09-29"), kToday); }), 409);
  auto out = apply_event(s, event("suspension", "2026-09-30"), kToday);
  EXPECT_EQ(out.changes["status"], "suspended");
  s.lost_contact = false;
  EXPECT_EQ(status_of([&] { apply_event(s, event("suspension", "2026-10-30"), kToday); }), 409);
}

TEST(StatusEvents, ImpossibleSequencesAreRefused) {
  auto s = active_member();
  s.status = "expelled";
  for (const char* k : {"restoration", "death", "warning", "withdrawal", "lost_contact"})
    EXPECT_EQ(status_of([&] { apply_event(s, event(k, "2026-10-01"), kToday); }), 409) << k;
  s = active_member();
  EXPECT_EQ(status_of([&] { apply_event(s, event("restoration", "2026-10-01"), kToday); }), 409);
  EXPECT_EQ(status_of([&] { apply_event(s, event("cancel_probation", "2026-10-01"), kToday); }),
            409);
  EXPECT_EQ(status_of([&] { apply_event(s, event("transfer_out", "2026-10-01"), kToday); }), 400);
  s.last_event_on = d("2026-10-02");
  EXPECT_EQ(status_of([&] { apply_event(s, event("warning", "2026-10-01"), kToday); }), 400);
  auto applicant = active_member();
  applicant.category = "applicant";
  EXPECT_EQ(status_of([&] { apply_event(applicant, event("expulsion", "2026-10-01"), kToday); }),
            409);
  s = active_member();
  s.category = "probationary";
  EXPECT_EQ(apply_event(s, event("cancel_probation", "2026-10-01"), kToday).changes["status"],
            "cancelled");
}

TEST(StatusEvents, ProbationWatchLastsOneOrTwoCalendarYears) {
  auto s = active_member();
  auto e = event("probation_watch", "2024-02-29");
  e.term_months = 24;
  auto out = apply_event(s, e, kToday);
  EXPECT_EQ(format_date(*out.ends_on), "2026-02-28");
  e.term_months = 6;
  EXPECT_EQ(status_of([&] { apply_event(s, e, kToday); }), 400);
  s.watch_until = d("2027-01-01");
  e.term_months = 12;
  EXPECT_EQ(status_of([&] { apply_event(s, e, kToday); }), 409);
}

TEST(FieldKeyRing, ValuesSurviveARotationAndTamperingIsDetected) {
  auto dir = std::filesystem::temp_directory_path() / ("zhdj-keys-" + crypto::random_token(6));
  std::filesystem::create_directories(dir);
  auto path = (dir / "field.key").string();
  crypto::init();
  auto ring = crypto::FieldKey::load_or_create(path);
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto sealed = ring.encrypt("110101199003071234");
  EXPECT_EQ(crypto::FieldKey::key_id_of(sealed), 1u);
  auto index = ring.blind_index("id", "110101199003071234");
  EXPECT_EQ(index, crypto::FieldKey::load(path).blind_index("id", "110101199003071234"));
  EXPECT_NE(index, ring.blind_index("phone", "110101199003071234"));
  auto both = ring.with_new_key();
  EXPECT_EQ(both.decrypt(sealed), "110101199003071234");
  EXPECT_EQ(both.blind_indexes("id", "110101199003071234").back(), index);
  auto resealed = both.encrypt("110101199003071234");
  EXPECT_EQ(crypto::FieldKey::key_id_of(resealed), 2u);
  EXPECT_THROW(both.current_only().decrypt(sealed), std::runtime_error);
  resealed[5] ^= 1;
  EXPECT_THROW(both.decrypt(resealed), std::runtime_error);
  auto relabelled = both.encrypt("x");
  relabelled[0] = 1;  // the key id is authenticated
  EXPECT_THROW(both.decrypt(relabelled), std::runtime_error);
  std::filesystem::remove_all(dir);
}
