// Chinese messages of the member registry.
#pragma once

namespace zhdj::members::msg {
inline constexpr const char* kIdLength = "公民身份号码应为 18 位";
inline constexpr const char* kIdCharacters = "公民身份号码应为 17 位数字加 1 位数字或 X";
inline constexpr const char* kIdBirthDate = "公民身份号码中的出生日期无效";
inline constexpr const char* kIdCheckDigit = "公民身份号码校验位不正确，请核对";
inline constexpr const char* kIdBirthMismatch = "出生日期与公民身份号码不一致（号码中为 {}）";
inline constexpr const char* kIdGenderMismatch = "性别与公民身份号码不一致（号码中为{}）";
inline constexpr const char* kApplicantUnder18 =
    "未满 18 周岁，不能登记为入党申请人（{} 年满 18 周岁）";
inline constexpr const char* kPhoneFormat = "联系电话应为 11 位手机号或带区号的固定电话";
inline constexpr const char* kUnknownCode = "“{}”不是有效的{}，可选：{}";
inline constexpr const char* kDateFormat = "日期无法识别，请写成 2021-07-01 的形式";
inline constexpr const char* kDateInFuture = "日期不能晚于今天";
inline constexpr const char* kTooLong = "内容过长（最多 {} 个字）";
inline constexpr const char* kFlagFormat = "请填写“是”或“否”";
inline constexpr const char* kNameRequired = "请填写姓名";
inline constexpr const char* kCategoryRequired = "请选择人员类别";
inline constexpr const char* kJoinedRequired = "党员须填写入党日期";
inline constexpr const char* kFullBeforeJoined = "转正日期不能早于入党日期";
inline constexpr const char* kJoinedBeforeBirth = "入党日期应在年满 18 周岁之后";
inline constexpr const char* kNotEditable = "“{}”不能在这里修改";
inline constexpr const char* kUnknownField = "未知字段：{}";
inline constexpr const char* kDuplicateId = "该公民身份号码已登记（{}，{}）";
inline constexpr const char* kDuplicateStudentNo = "该学号/工号已登记（{}，{}）";
inline constexpr const char* kStale = "该记录已被他人修改，请刷新后重试";
inline constexpr const char* kVersionRequired = "缺少记录版本号（version），请刷新后重试";
inline constexpr const char* kNotABranch = "人员只能登记在党支部或党小组下";
inline constexpr const char* kNoChanges = "没有需要修改的内容";
inline constexpr const char* kReasonRequired = "请填写理由";
inline constexpr const char* kNoOwnRecord = "您的账号没有关联党员档案";
inline constexpr const char* kCorrectionDecided = "该申请已处理";
inline constexpr const char* kCorrectionPending = "您已有一条待处理的更正申请，请等待支部处理";
inline constexpr const char* kBadFilter = "筛选条件无效：{}";
inline constexpr const char* kAgeRange = "年龄范围应在 0 到 150 之间";
inline constexpr const char* kCorrectionTitle = "档案更正申请已{}";
inline constexpr const char* kCorrectionNew = "{} 提交了档案更正申请";
inline constexpr const char* kLoginTakenForMember = "登录名 {} 已被占用";

// Status events
inline constexpr const char* kUnknownEvent = "未知的事件类型";
inline constexpr const char* kEventNotAllowed = "当前状态为“{}”，不能登记“{}”";
inline constexpr const char* kEventMembersOnly = "“{}”只适用于党员（正式或预备）";
inline constexpr const char* kEventProbationaryOnly = "只有预备党员可以取消预备党员资格";
inline constexpr const char* kEventLostReasonRequired = "请选择失联原因";
inline constexpr const char* kEventNotLost = "该党员未登记失联";
inline constexpr const char* kEventAlreadyLost = "该党员已登记失联";
inline constexpr const char* kSuspensionTooEarly =
    "失联满 6 个月方可停止党籍（失联日期 {}，最早可于 {} 停止党籍）";
inline constexpr const char* kWatchTerm = "留党察看期限应为 1 年或 2 年（12 或 24 个月）";
inline constexpr const char* kUnderWatch = "该党员正在留党察看期内（至 {}），不能再次给予留党察看";
inline constexpr const char* kDeciderRequired = "请填写决定机关";
inline constexpr const char* kEventBeforeLast = "事件日期不能早于上一事件（{}）";
inline constexpr const char* kEventDateFuture = "事件日期不能晚于今天";
inline constexpr const char* kUseTransfer = "转入、转出请通过组织关系转接办理";
inline constexpr const char* kAlreadyMobile = "该党员已登记为流动党员";
inline constexpr const char* kNotMobile = "该党员未登记为流动党员";
inline constexpr const char* kDestinationRequired = "请填写外出流向";

// Alerts
inline constexpr const char* kAlertSuspensionDue = "{} 失联已满 6 个月（自 {}），应按规定停止党籍";
inline constexpr const char* kAlertRemovalDue = "{} 停止党籍已满 2 年仍无法联系，应按规定予以除名";
inline constexpr const char* kAlertGraduateKept =
    "{} 毕业已超过 2 年（{} 毕业），组织关系仍在学校，应及时转出";
inline constexpr const char* kAlertLetterExpired =
    "{} 的组织关系介绍信（{}）已过有效期（{}），尚未收到回执";
inline constexpr const char* kAlertWatchEnds = "{} 的留党察看期将于 {} 届满";

// Transfers
inline constexpr const char* kTransferDirection = "转接类型应为 internal、outgoing 或 incoming";
inline constexpr const char* kTransferSameOrg = "转入组织与当前所在组织相同";
inline constexpr const char* kTransferPending = "该人员已有进行中的组织关系转接";
inline constexpr const char* kTransferNotActive = "只有状态正常的人员可以转接组织关系";
inline constexpr const char* kTransferState = "该转接当前为“{}”，不能执行此操作";
inline constexpr const char* kTransferTarget = "请选择接收的党支部";
inline constexpr const char* kTransferDestination = "请填写接收的党组织名称";
inline constexpr const char* kTransferLetterOnly = "只有转出校外的转接有介绍信";
inline constexpr const char* kTransferReceiptDate = "回执日期不能早于介绍信开具日期";
inline constexpr const char* kTransferLetterNo = "请填写介绍信编号";
inline constexpr const char* kTransferRequestedTitle = "{} 的组织关系转接申请待审批";
inline constexpr const char* kTransferApprovedTitle = "{} 的组织关系转接待接收";
inline constexpr const char* kTransferDoneTitle = "{} 的组织关系转接已完成";
inline constexpr const char* kTransferRejectedTitle = "{} 的组织关系转接被退回";
}  // namespace zhdj::members::msg
namespace zhdj::members::msg {
inline constexpr const char* kDuplicateIdElsewhere =
    "该公民身份号码已在其他组织登记，请联系上级组织核实或办理组织关系转接";
inline constexpr const char* kDuplicateStudentNoElsewhere = "该学号/工号已在其他组织登记";
inline constexpr const char* kFieldMustBeText = "应为文本";
inline constexpr const char* kChangesRequired = "请填写需要更正的内容";
inline constexpr const char* kCategoryNotCorrectable =
    "人员类别的变化由发展党员流程或组织决定，不能申请更正";
inline constexpr const char* kExpelledRecently =
    "该人员于 {} 被开除党籍，5 年内不得重新入党（{} 后方可）";
}  // namespace zhdj::members::msg
namespace zhdj::members::msg {
inline constexpr const char* kImportNoSheet = "文件中没有可见的工作表";
inline constexpr const char* kImportNoHeader =
    "未找到表头：请使用下载的模板，或确保表头包含“姓名”等列名";
inline constexpr const char* kImportEmpty = "文件中没有人员数据";
inline constexpr const char* kImportTooMany = "一次最多导入 50000 行";
inline constexpr const char* kImportNoOrg = "未找到名为“{}”的党支部（须在所选组织之下）";
inline constexpr const char* kImportAmbiguousOrg =
    "所选组织下有多个名为“{}”的党支部，请在所选组织中选择具体支部后导入";
inline constexpr const char* kImportOrgRequired = "请填写所在党支部，或选择一个党支部后导入";
inline constexpr const char* kImportMoveByTransfer =
    "此人目前在“{}”，调整所在支部请办理组织关系转接";
inline constexpr const char* kImportDuplicateRow = "与第 {} 行是同一人（{}相同）";
inline constexpr const char* kImportNumberId =
    "公民身份号码被 Excel 存成了数字，末几位已丢失，请将该列设为文本后重新填写";
inline constexpr const char* kImportNotVisible = "此人已在其他组织登记，请联系上级组织核实";
inline constexpr const char* kImportBatchGone = "导入批次不存在或已过期，请重新上传";
inline constexpr const char* kImportBatchApplied = "该批次已导入，不能重复确认";
inline constexpr const char* kImportHasErrors = "文件中有 {} 行错误，请修改后重新上传";
inline constexpr const char* kImportChanged = "预览后数据已被修改（第 {} 行），请重新上传预览";
inline constexpr const char* kImportFileRequired = "请上传 .xlsx 文件";
inline constexpr const char* kExportColumns = "请选择要导出的列";
inline constexpr const char* kExportTooMany = "一次最多导出 50000 人，请缩小筛选范围";
}  // namespace zhdj::members::msg
