// Chinese messages of party dues.
#pragma once

namespace zhdj::dues::msg {
inline constexpr const char* kKind =
    "请选择党员类别：在职、离退休、学生、下岗失业、领取最低生活保障金或农民";
inline constexpr const char* kBaseRequired = "请填写月工资收入基数（以分为单位的整数）";
inline constexpr const char* kBaseInteger =
    "月工资收入基数应为以分为单位的整数，例如 4800 元写 480000";
inline constexpr const char* kBaseNegative = "月工资收入基数不能为负数";
inline constexpr const char* kBaseTooLarge = "月工资收入基数过大（每月不超过 100 万元），请核对";
inline constexpr const char* kMemberRequired = "请选择申报党费基数的党员";
inline constexpr const char* kNotPartyMember = "只有在册的正式党员和预备党员缴纳党费";
inline constexpr const char* kMonthFormat = "起算月份应写成 2026-11 的形式";
inline constexpr const char* kMonthRange = "起算月份应在 {} 至 {} 之间";
inline constexpr const char* kPendingExists = "已有一份待审批的党费基数申报，请等待支部审批";
inline constexpr const char* kNotPending = "该申报已处理";
inline constexpr const char* kApproveFlag = "请说明批准或不批准（approve 为 true 或 false）";
inline constexpr const char* kRejectReason = "不批准时请写明理由";
inline constexpr const char* kNoticeDeclared = "党费基数申报待审批：{}";
inline constexpr const char* kNoticeDeclaredBody = "{} 起月工资收入基数 {} 元，每月党费 {} 元";
inline constexpr const char* kNoticeApproved = "党费基数申报已批准";
inline constexpr const char* kNoticeRejected = "党费基数申报未获批准";
inline constexpr const char* kNoticeApprovedBody = "{} 起每月党费 {} 元";
inline constexpr const char* kOrgRequired = "请选择组织";
inline constexpr const char* kBillMonthRange = "只能生成 {} 至 {} 的账单";
}  // namespace zhdj::dues::msg
