#include "members/codes.hpp"

#include <array>

namespace zhdj::members {

namespace {
constexpr std::array<Code, 5> kCategory{{{"full", "正式党员"},
                                         {"probationary", "预备党员"},
                                         {"applicant", "入党申请人"},
                                         {"activist", "入党积极分子"},
                                         {"development_target", "发展对象"}}};
constexpr std::array<Code, 8> kStatus{{{"active", "正常"},
                                       {"suspended", "停止党籍"},
                                       {"transferred_out", "已转出"},
                                       {"withdrawn", "出党"},
                                       {"removed", "除名"},
                                       {"expelled", "开除党籍"},
                                       {"deceased", "死亡"},
                                       {"cancelled", "取消预备党员资格"}}};
constexpr std::array<Code, 2> kGender{{{"male", "男"}, {"female", "女"}}};
constexpr std::array<Code, 4> kIdentity{{{"staff", "教职工"},
                                         {"undergraduate", "本科生"},
                                         {"graduate", "研究生"},
                                         {"retired", "离退休"}}};
constexpr std::array<Code, 7> kEducation{{{"doctor", "博士研究生"},
                                          {"master", "硕士研究生"},
                                          {"bachelor", "大学本科"},
                                          {"associate", "大学专科"},
                                          {"secondary", "中专"},
                                          {"high_school", "高中"},
                                          {"junior", "初中及以下"}}};
constexpr std::array<Code, 56> kEthnicity{{{"汉族", "汉族"},
                                           {"蒙古族", "蒙古族"},
                                           {"回族", "回族"},
                                           {"藏族", "藏族"},
                                           {"维吾尔族", "维吾尔族"},
                                           {"苗族", "苗族"},
                                           {"彝族", "彝族"},
                                           {"壮族", "壮族"},
                                           {"布依族", "布依族"},
                                           {"朝鲜族", "朝鲜族"},
                                           {"满族", "满族"},
                                           {"侗族", "侗族"},
                                           {"瑶族", "瑶族"},
                                           {"白族", "白族"},
                                           {"土家族", "土家族"},
                                           {"哈尼族", "哈尼族"},
                                           {"哈萨克族", "哈萨克族"},
                                           {"傣族", "傣族"},
                                           {"黎族", "黎族"},
                                           {"傈僳族", "傈僳族"},
                                           {"佤族", "佤族"},
                                           {"畲族", "畲族"},
                                           {"高山族", "高山族"},
                                           {"拉祜族", "拉祜族"},
                                           {"水族", "水族"},
                                           {"东乡族", "东乡族"},
                                           {"纳西族", "纳西族"},
                                           {"景颇族", "景颇族"},
                                           {"柯尔克孜族", "柯尔克孜族"},
                                           {"土族", "土族"},
                                           {"达斡尔族", "达斡尔族"},
                                           {"仫佬族", "仫佬族"},
                                           {"羌族", "羌族"},
                                           {"布朗族", "布朗族"},
                                           {"撒拉族", "撒拉族"},
                                           {"毛南族", "毛南族"},
                                           {"仡佬族", "仡佬族"},
                                           {"锡伯族", "锡伯族"},
                                           {"阿昌族", "阿昌族"},
                                           {"普米族", "普米族"},
                                           {"塔吉克族", "塔吉克族"},
                                           {"怒族", "怒族"},
                                           {"乌孜别克族", "乌孜别克族"},
                                           {"俄罗斯族", "俄罗斯族"},
                                           {"鄂温克族", "鄂温克族"},
                                           {"德昂族", "德昂族"},
                                           {"保安族", "保安族"},
                                           {"裕固族", "裕固族"},
                                           {"京族", "京族"},
                                           {"塔塔尔族", "塔塔尔族"},
                                           {"独龙族", "独龙族"},
                                           {"鄂伦春族", "鄂伦春族"},
                                           {"赫哲族", "赫哲族"},
                                           {"门巴族", "门巴族"},
                                           {"珞巴族", "珞巴族"},
                                           {"基诺族", "基诺族"}}};
constexpr std::array<Code, 7> kLostReason{{{"migrant_work", "外出务工经商"},
                                           {"restructuring", "单位改制或破产"},
                                           {"graduate_unknown", "毕业后去向不明"},
                                           {"job_change", "工作单位改变"},
                                           {"abroad", "出国(境)"},
                                           {"moved", "居住地改变"},
                                           {"other", "其他"}}};
constexpr std::array<Code, 17> kEventKind{{{"transfer_in", "转入"},
                                           {"transfer_out", "转出"},
                                           {"lost_contact", "失联"},
                                           {"contact_restored", "恢复联系"},
                                           {"suspension", "停止党籍"},
                                           {"restoration", "恢复党籍"},
                                           {"withdrawal", "出党"},
                                           {"removal", "除名"},
                                           {"cancel_probation", "取消预备党员资格"},
                                           {"death", "死亡"},
                                           {"warning", "警告"},
                                           {"serious_warning", "严重警告"},
                                           {"dismissal", "撤销党内职务"},
                                           {"probation_watch", "留党察看"},
                                           {"expulsion", "开除党籍"},
                                           {"mobile_out", "外出流动"},
                                           {"mobile_back", "流动返回"}}};
constexpr std::array<Code, 5> kTransferStatus{{{"requested", "待转出支部审批"},
                                               {"approved", "待接收"},
                                               {"completed", "已完成"},
                                               {"rejected", "已退回"},
                                               {"cancelled", "已撤回"}}};
}  // namespace

namespace codes {
const CodeTable category{kCategory};
const CodeTable status{kStatus};
const CodeTable gender{kGender};
const CodeTable identity{kIdentity};
const CodeTable education{kEducation};
const CodeTable ethnicity{kEthnicity};
const CodeTable lost_reason{kLostReason};
const CodeTable event_kind{kEventKind};
const CodeTable transfer_status{kTransferStatus};
}  // namespace codes

std::string name_of(CodeTable table, std::string_view code) {
  for (const auto& c : table)
    if (code == c.code) return c.name;
  return std::string(code);
}

std::optional<std::string> code_of(CodeTable table, std::string_view code_or_name) {
  for (const auto& c : table)
    if (code_or_name == c.code || code_or_name == c.name) return std::string(c.code);
  return std::nullopt;
}

bool is_code(CodeTable table, std::string_view code) {
  for (const auto& c : table)
    if (code == c.code) return true;
  return false;
}

}  // namespace zhdj::members
