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
inline constexpr const char* kYearlyOnly =
    "本校党费基数每年核定一次，新基数从 1 月起执行，起算月份应写成 {}-01 的形式";
inline constexpr const char* kReassess =
    "请选择基数核定方式：monthly（按月随工资调整）或 yearly（每年一次）";
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
// Fields.
inline constexpr const char* kMonthField = "月份应写成 2026-11 的形式";
inline constexpr const char* kMonths =
    "月份应为 [\"2026-10\", \"2026-11\"] 形式的列表（最多 36 个月）";
inline constexpr const char* kFenInteger = "金额应为以分为单位的整数，例如 48 元写 4800";
inline constexpr const char* kFenRange = "金额应在 {} 元至 {} 元之间";
inline constexpr const char* kFlag = "应为 true 或 false";
inline constexpr const char* kYear = "年份应写成 2026 的形式";
// Reliefs.
inline constexpr const char* kReliefKind = "请选择减缴（reduction）或免缴（exemption）";
inline constexpr const char* kReliefAmount =
    "减缴请填写每月应缴金额（以分为单位的正整数）；免缴不填";
inline constexpr const char* kReliefFromRange = "减免起始月份不能早于 {}";
inline constexpr const char* kReliefToBeforeFrom = "减免截止月份不能早于起始月份";
inline constexpr const char* kReliefTooLong = "一次申请的减免期限不能超过 {} 个月";
inline constexpr const char* kReliefOverlap = "该党员在这段时间已有待审批或已批准的减免申请";
inline constexpr const char* kReliefBranchOnly = "此步骤须由党员所在党支部的管理员作出决定";
inline constexpr const char* kReliefHigherOnly = "此步骤须由党支部的上级党组织管理员审批";
inline constexpr const char* kReliefOwn = "不能决定本人的减免申请";
inline constexpr const char* kReliefExemption = "免缴";
inline constexpr const char* kReliefReduction = "减缴";
inline constexpr const char* kReliefReducedTo = "每月减为 {} 元";
inline constexpr const char* kReliefSamePerson = "支部决定与上级审批不能由同一人完成";
inline constexpr const char* kNoticeReliefBranch = "党费减免申请待支部决定：{}";
inline constexpr const char* kNoticeReliefHigher = "党费减免申请待上级审批：{}";
inline constexpr const char* kNoticeReliefBody = "{} 至 {}，{}";
inline constexpr const char* kNoticeReliefApproved = "党费减免申请已批准";
inline constexpr const char* kNoticeReliefApprovedBody = "{} 至 {} 的党费按批准的减免标准缴纳";
inline constexpr const char* kNoticeReliefRejected = "党费减免申请未获批准";
// Payments.
inline constexpr const char* kPayerRequired = "请选择缴费党员";
inline constexpr const char* kPaymentKind = "请选择缴纳党费（dues）或自愿多交党费（extra）";
inline constexpr const char* kPaymentMethod = "请选择缴费方式：现金（cash）或转账（transfer）";
inline constexpr const char* kAmountRequired = "请填写缴费金额（以分为单位的整数）";
inline constexpr const char* kPaidOnRange = "缴费日期应在 {} 至 {} 之间";
inline constexpr const char* kExtraNotAllocated = "自愿多交党费不计入月度账单，请勿选择月份";
inline constexpr const char* kAdvanceNeedsConsent =
    "预缴以后月份的党费须经支部同意（advance 为 true）";
inline constexpr const char* kAdvanceBeyondQuarter = "预缴最多到本季度末（{}）";
inline constexpr const char* kMonthNotOwed = "{} 该党员无需缴纳党费";
inline constexpr const char* kMonthNoBase = "{} 尚无已批准的党费基数，无法生成账单";
inline constexpr const char* kMonthNoBill = "{} 没有账单";
inline constexpr const char* kNothingDue = "所选月份没有待缴的党费";
inline constexpr const char* kAmountTooLarge =
    "金额超过所选月份应缴的 {} 元；多出的部分请作为自愿多交党费另行登记";
inline constexpr const char* kBackPayment = "补缴 {} 的党费已超过 {} 个月，须填写特殊情况说明";
inline constexpr const char* kNoticePaid = "党费缴纳已登记";
inline constexpr const char* kNoticePaidBody = "{} 缴纳党费 {} 元（{}）";
inline constexpr const char* kNoticeExtraBody = "{} 自愿多交党费 {} 元";
// Statements.
inline constexpr const char* kFileRequired = "请上传财务对账单（.xlsx 或 .csv 文件）";
inline constexpr const char* kFileNameTooLong = "文件名过长";
inline constexpr const char* kNoStatementHeader =
    "未找到表头：需要“金额”列，以及“姓名”或“学号/工号”列";
inline constexpr const char* kNoStatementRows = "文件中没有缴费记录";
inline constexpr const char* kStatementTooLong = "文件行数过多（每次最多 50000 行）";
inline constexpr const char* kBadRows = "文件中有 {} 行数据有误，未导入任何记录。";
inline constexpr const char* kBadRow = "第 {} 行：{}";
inline constexpr const char* kRowNoPayer = "缺少姓名和学号/工号";
inline constexpr const char* kRowTooLong = "内容过长";
inline constexpr const char* kRowNoAmount = "缺少金额";
inline constexpr const char* kRowBadAmount = "金额“{}”不是有效的金额（以元为单位，最多两位小数）";
inline constexpr const char* kRowZeroAmount = "金额应大于 0";
inline constexpr const char* kRowBadDate = "日期“{}”无法识别";
inline constexpr const char* kRowFutureDate = "日期 {} 晚于今天";
inline constexpr const char* kDuplicateFile = "该文件已于 {} 由{}导入（{}），不能重复导入";
inline constexpr const char* kUnmatchedStatus =
    "状态应为 open（待处理）、assigned、dismissed 或 all";
inline constexpr const char* kRowNotOpen = "该记录已处理";
// Arrears.
inline constexpr const char* kNoticeLapse = "连续 6 个月未缴纳党费，请支部研究：{}";
inline constexpr const char* kNoticeLapseBody =
    "自 {} 起已连续 {} 个月未缴纳党费，欠缴 {} 元。按规定，无正当理由连续 6 个月不交纳党费的，"
    "视为自行脱党，请支部了解情况后研究处理。";
}  // namespace zhdj::dues::msg
