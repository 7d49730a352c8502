// Chinese messages of organizational life.
#pragma once

namespace zhdj::meetings::msg {
// Scheduling
inline constexpr const char* kBadType = "请选择有效的会议类型";
inline constexpr const char* kBadStatus = "会议状态无效";
inline constexpr const char* kBadFrequency = "频次应为：不要求、每月、每季度或每年";
inline constexpr const char* kBadTime = "时间格式无效，请重新选择";
inline constexpr const char* kBadUrl = "线上会议链接应以 http:// 或 https:// 开头，且不含空格";
inline constexpr const char* kBadWindow = "签到时间范围应在 0 到 240 分钟之间";
inline constexpr const char* kNotUniversity = "组织生活频次由学校党委统一设定，请选择学校党委";
inline constexpr const char* kBadRange = "结束日期不能早于开始日期";
inline constexpr const char* kRangeTooLong = "一次最多查询 100 天内的会议";
inline constexpr const char* kEndBeforeStart = "结束时间应晚于开始时间";
inline constexpr const char* kTooLong = "会议时长不能超过 7 天";
inline constexpr const char* kPlaceOrLink = "请填写会议地点或线上会议链接（至少一项）";
inline constexpr const char* kHostRequired = "请选择主持人";
inline constexpr const char* kPersonNotInOrg = "所选人员不在本组织中";
inline constexpr const char* kAttendeeNotInOrg = "参会人员中有不属于本组织的人员";
inline constexpr const char* kNoAttendees = "请至少选择一名参会人员";
inline constexpr const char* kTalkPair = "谈心谈话须为两人：主持人和谈话对象";
inline constexpr const char* kTalkHost = "谈心谈话的主持人应为谈话双方之一";
inline constexpr const char* kGroupOnly = "党小组会只能由党小组召开";
inline constexpr const char* kBranchOnly = "该类会议由党支部（或党总支）召开";
inline constexpr const char* kNoCommittee = "该支部尚未设立支部委员会，请先在组织管理中登记委员";
inline constexpr const char* kIdListRequired = "请提供人员编号列表";
inline constexpr const char* kTooMany = "最多 {} 项";
inline constexpr const char* kVersionRequired = "缺少版本号（version），请刷新后重试";
inline constexpr const char* kStale = "会议已被他人修改，请刷新后重试";
inline constexpr const char* kAttendeesAfterStart = "会议开始后不能再调整参会人员";
inline constexpr const char* kNotDraft = "只有草稿状态的会议可以发布";
inline constexpr const char* kNotPublished = "会议尚未发布或已取消";
inline constexpr const char* kCancelled = "会议已取消";
inline constexpr const char* kLocked = "会议记录已审批，会议已锁定；如需更正请提交修正";
inline constexpr const char* kCancelAfterMinutes = "已有会议记录的会议不能取消";
inline constexpr const char* kOnline = "线上";
// Leave
inline constexpr const char* kNotAttendee = "您不在本次会议的参会名单中";
inline constexpr const char* kLeaveAfterStart = "会议已开始，不能再请假";
inline constexpr const char* kAlreadyPresent = "您已签到，无需请假";
inline constexpr const char* kLeaveApprovedAlready = "您的请假已获批准";
inline constexpr const char* kApproveFlag = "请说明批准或不批准（approve 为 true 或 false）";
inline constexpr const char* kNoLeaveRequest = "该人员没有待审批的请假申请";
// Check-in
inline constexpr const char* kBadOrigin = "页面地址无效";
inline constexpr const char* kCodeRequired = "请扫描大屏二维码，或输入 6 位签到码";
inline constexpr const char* kCheckinNotYet = "签到尚未开始，{} 起可以签到";
inline constexpr const char* kCheckinClosed = "签到已结束，如确实参会请联系记录人补签";
inline constexpr const char* kTokenExpired = "二维码已过期，请扫描大屏上最新的二维码";
inline constexpr const char* kCodeWrong = "签到码不正确或已过期，请核对大屏上的签到码";
inline constexpr const char* kTooManyCodeFailures =
    "签到码错误次数过多，请扫描二维码或联系记录人签到";
inline constexpr const char* kPresentFlag = "请说明是否到会（present 为 true 或 false）";
inline constexpr const char* kNotOnline = "本次会议没有线上参会方式";
// Minutes
inline constexpr const char* kMinutesLocked = "会议记录已审批锁定，如需修改请提交修正";
inline constexpr const char* kMinutesBeforeStart = "会议开始后才能填写会议记录";
inline constexpr const char* kNoMinutes = "尚未填写会议记录";
inline constexpr const char* kAmendOnlyLocked = "会议记录尚未审批，可直接修改";
inline constexpr const char* kAmendField =
    "修正项应为：会议内容、决定事项、批评与自我批评、附件或出席情况";
inline constexpr const char* kAttendanceValue = "出席情况修正应写明参会人员和是否到会";
inline constexpr const char* kDecisions = "决定事项应为文字列表";
inline constexpr const char* kCriticisms = "批评与自我批评应为按人填写的列表";
inline constexpr const char* kCriticismsOnlyLifeMeeting = "只有组织生活会记录批评与自我批评";
inline constexpr const char* kCriticismPerson = "批评与自我批评只能为参会人员填写";
inline constexpr const char* kCriticismTwice = "同一人的批评与自我批评只能填写一条";
// Files
inline constexpr const char* kFileType = "只能上传 PDF、PNG 或 JPEG 文件";
inline constexpr const char* kFileEmpty = "文件为空";
inline constexpr const char* kFileTooLarge = "文件不能超过 20 MB";
inline constexpr const char* kFileMismatch = "文件内容与文件类型不符";
inline constexpr const char* kFileName = "文件名无效";
inline constexpr const char* kFileUnknown = "附件不存在或不是您上传的";
// Notices
inline constexpr const char* kNoticePublished = "会议通知：{}";
inline constexpr const char* kNoticeChanged = "会议变更：{}";
inline constexpr const char* kNoticeCancelled = "会议取消：{}";
inline constexpr const char* kNoticeReminder = "明日会议提醒：{}";
inline constexpr const char* kNoticeWhen = "时间：{}，地点：{}";
inline constexpr const char* kNoticeLeave = "{} 申请请假：{}";
inline constexpr const char* kNoticeLeaveApproved = "请假已批准：{}";
inline constexpr const char* kNoticeLeaveRejected = "请假未获批准：{}";
}  // namespace zhdj::meetings::msg

// Votes and appraisal.
namespace zhdj::meetings::vmsg {
inline constexpr const char* kSummary =
    "应到会有表决权的正式党员 {} 名，实到 {} 名（须超过半数，即至少 {} 名），{}；赞成 {} 票，反对 "
    "{} 票，"
    "弃权 {} 票（含书面意见 {} 份）；赞成票须超过应到会有表决权正式党员的半数（至少 {} 票），{}。"
    "（表决规则 {} 版）";
inline constexpr const char* kQuorumMet = "到会人数符合规定";
inline constexpr const char* kQuorumNotMet = "到会人数不足，不能进行表决";
inline constexpr const char* kPassed = "表决通过";
inline constexpr const char* kNotPassed = "表决未通过";
inline constexpr const char* kBadKind = "表决类型应为一般表决、接收预备党员或预备党员转正";
inline constexpr const char* kOptions = "请填写 2 到 10 个选项";
inline constexpr const char* kOptionTwice = "选项不能重复";
inline constexpr const char* kAssemblyOnly = "接收预备党员和预备党员转正须在支部党员大会上表决";
inline constexpr const char* kCandidates = "请选择表决对象（每次最多 20 人）";
inline constexpr const char* kCandidateNotInBranch = "表决对象不在本支部";
inline constexpr const char* kCandidateNotTarget = "{} 不是发展对象，不能表决接收为预备党员";
inline constexpr const char* kCandidateNotProbationary = "{} 不是预备党员，不能表决转正";
inline constexpr const char* kCandidateTwice = "本次会议已对 {} 进行过同类表决";
inline constexpr const char* kTitleAdmission = "关于接收{}同志为中共预备党员的表决";
inline constexpr const char* kTitleConversion = "关于{}同志按期转为中共正式党员的表决";
inline constexpr const char* kBadChoice = "请选择有效的选项";
inline constexpr const char* kOpinionOnlyAssembly =
    "书面意见只用于接收预备党员和预备党员转正的表决";
inline constexpr const char* kOpinionBeforeOpen = "书面意见须在表决开始前登记";
inline constexpr const char* kOpinionNotVoter = "该人员不是本次会议有表决权的正式党员";
inline constexpr const char* kOpinionPresent = "该人员已到会，应当场表决，不能以书面意见代替";
inline constexpr const char* kNotDraft = "表决已开始或已结束";
inline constexpr const char* kNobodyPresent = "尚无有表决权的正式党员签到，不能开始表决";
inline constexpr const char* kNotOpenYet = "表决尚未开始";
inline constexpr const char* kClosed = "表决已结束";
inline constexpr const char* kNotOpen = "表决不在进行中";
inline constexpr const char* kNotVoter =
    "您在本次表决中没有表决权（须为到会的正式党员，且不在留党察看期内）";
inline constexpr const char* kAlreadyVoted = "您已投票，每人只能投一次";
// Appraisal
inline constexpr const char* kNotAppraisalMeeting = "只有民主评议党员会议可以开展评议";
inline constexpr const char* kAppraisalExists = "本次会议已开展民主评议";
inline constexpr const char* kNoAppraisal = "本次会议尚未开展民主评议";
inline constexpr const char* kNoSubjects = "参会人员中没有党员，无法开展民主评议";
inline constexpr const char* kNotSubject = "您不是本次民主评议的参评党员";
inline constexpr const char* kAppraisalNotOpen = "民主评议已进入评定阶段，不能再提交自评或互评";
inline constexpr const char* kAppraisalNotGrading = "民主评议不在评定阶段";
inline constexpr const char* kSelfRequired = "请填写个人总结（自评）";
inline constexpr const char* kPeerDone = "您已提交互评，每人只能提交一次";
inline constexpr const char* kPeerIncomplete = "请为除本人以外的每一位参评党员评定等次";
inline constexpr const char* kBadGrade = "等次应为：优秀、合格、基本合格或不合格";
inline constexpr const char* kGradeNotSubject = "所评对象不是本次民主评议的参评党员";
inline constexpr const char* kExcellentCap =
    "优秀等次一般不超过参评党员的三分之一：{} 人参评，最多 {} 人评为优秀（当前 {} 人）";
inline constexpr const char* kUngraded = "还有 {} 人未评定等次";
inline constexpr const char* kAppraisalClosed = "民主评议已结束";
}  // namespace zhdj::meetings::vmsg
