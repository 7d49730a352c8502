// Chinese messages of member development.
#pragma once

namespace zhdj::development::msg {
inline constexpr const char* kMemberRequired = "请选择递交入党申请书的人员";
inline constexpr const char* kNotApplicant =
    "只有在册的入党申请人可以开始发展程序，请先在党员信息中登记（人员类别选“入党申请人”）";
inline constexpr const char* kCaseOpen = "该同志已有进行中的发展程序";
inline constexpr const char* kRuleVersion = "规则版本应为 2014 或 2026";
inline constexpr const char* kRuleVersionChoice =
    "发展党员工作规则版本由学校党委组织部门统一设置，不能为个别发展对象另选";
inline constexpr const char* kStepRequired = "请选择要办理的步骤";
inline constexpr const char* kStepUnknown = "未知的步骤";
inline constexpr const char* kDateRequired = "请填写办理日期（如 2026-03-10）";
inline constexpr const char* kLateReason = "{}。请填写逾期情况说明（late_reason）";
inline constexpr const char* kDecidedBy =
    "请说明由支部委员会还是支部党员大会（未设支部委员会时）讨论决定（committee 或 assembly）";
inline constexpr const char* kPeopleList = "请选择人员（党员编号列表）";
inline constexpr const char* kPersonUnknown = "所选人员不存在";
inline constexpr const char* kConclusion = "请填写政治审查结论";
inline constexpr const char* kFormSerial = "请填写入党志愿书编号";
inline constexpr const char* kFormSerialTaken = "入党志愿书编号 {} 已被使用";
inline constexpr const char* kVoteRequired = "请选择该同志在支部党员大会上的表决（vote_id）";
inline constexpr const char* kVoteNotFound = "没有找到已结束的支部党员大会表决";
inline constexpr const char* kVoteWrongPerson = "该表决不是关于本人的";
inline constexpr const char* kVoteWrongKind = "应选择{}表决";
inline constexpr const char* kVoteFailed = "支部党员大会表决未通过：{}";
inline constexpr const char* kTalker = "请填写谈话人";
inline constexpr const char* kOutcome = "请选择结果";
inline constexpr const char* kConversionOutcome =
    "请选择支部党员大会的决议：按期转正（convert）、延长预备期（extend）或取消预备党员资格（cancel"
    "）";
inline constexpr const char* kReviewComments = "请填写考察意见";
inline constexpr const char* kOrgNotAncestor = "办理组织应是该同志所在党支部的上级党委";
inline constexpr const char* kGeneralBranchOnly =
    "党总支只能讨论，不能审批或受理备案，应报上级党委";
inline constexpr const char* kNotDelegated = "该院系党委未获授权审批发展党员，应由校党委审批";
inline constexpr const char* kNoHigher = "没有找到该党支部的上级党委";
inline constexpr const char* kOrgDepartmentOnly = "报组织部门备案应由校党委组织部门办理";
inline constexpr const char* kNotUniversity = "请选择校党委（学校的最上级组织）";
inline constexpr const char* kFiles = "材料应为已上传文件的编号列表（最多 20 个）";
inline constexpr const char* kFileUnknown = "材料文件不存在：{}";
inline constexpr const char* kGroup = "党小组应是该党支部下的党小组";
inline constexpr const char* kPublicityStep = "该步骤不需要公示";
inline constexpr const char* kPublicityDone = "该步骤已办理，不能再发布公示";
inline constexpr const char* kPublicityBefore = "公示不能早于上一步的日期（{}）";
inline constexpr const char* kCancelReason = "请填写终止发展程序的原因";
inline constexpr const char* kNotActive = "该发展程序已结束";
inline constexpr const char* kStale = "记录已被他人更新，请刷新后重试";
inline constexpr const char* kExtraName = "请填写步骤名称（不超过 50 字）";
inline constexpr const char* kExtraAfter = "请选择该步骤排在第几步之后（1 至 24）";
inline constexpr const char* kExtraPublicity = "公示天数应为 0 至 30 个工作日";
inline constexpr const char* kYear = "年份应为 2000 至 2100 之间的整数";
inline constexpr const char* kCalendarDays = "请提供日期列表 days：[{day, kind, name}]";
inline constexpr const char* kCalendarDay = "日期 {} 不对：应写成 2026-10-01 的形式并属于 {} 年";
inline constexpr const char* kCalendarKind = "日期类型应为 holiday（节假日）或 workday（调休上班）";
inline constexpr const char* kCalendarName = "节假日名称应为不超过 30 字的文字";
inline constexpr const char* kDocumentKind = "未知的文书类型";
inline constexpr const char* kDocumentNotYet = "该文书所需的步骤尚未办理";
inline constexpr const char* kNoticeReminder = "发展党员提醒：{} {}";
inline constexpr const char* kNoticeReminderBody = "{}，期限 {}";
inline constexpr const char* kNoticeOverdue = "发展党员逾期：{} {}";
inline constexpr const char* kNoticeStep = "发展党员进度：{}";
}  // namespace zhdj::development::msg
