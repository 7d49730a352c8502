// Chinese messages shown to users, kept in one catalogue so wording stays consistent and
// translators find them in one place. Area-specific messages live in the area's messages.hpp.
#pragma once

namespace zhdj::msg {
inline constexpr const char* kInvalidJson = "请求内容不是有效的 JSON";
inline constexpr const char* kBodyNotObject = "请求内容必须是 JSON 对象";
inline constexpr const char* kBodyTooLarge = "请求内容过大";
inline constexpr const char* kHeadersTooLarge = "请求头过大";
inline constexpr const char* kRouteNotFound = "请求的接口不存在";
inline constexpr const char* kMethodNotAllowed = "该接口不支持此请求方法";
inline constexpr const char* kInternal = "服务器内部错误，请稍后重试";
inline constexpr const char* kUnavailable = "服务暂时不可用";
inline constexpr const char* kRateLimited = "请求过于频繁，请稍后再试";
inline constexpr const char* kNotLoggedIn = "请先登录";
inline constexpr const char* kSessionExpired = "登录已过期，请重新登录";
inline constexpr const char* kCsrf = "安全校验失败，请刷新页面后重试";
inline constexpr const char* kMfaRequired = "请先完成两步验证";
inline constexpr const char* kPasswordChangeRequired = "首次登录请先修改密码";
inline constexpr const char* kForbidden = "您没有权限执行此操作";
inline constexpr const char* kNotFound = "请求的对象不存在或您无权查看";
inline constexpr const char* kRequired = "此项为必填项";
inline constexpr const char* kMustBeInteger = "必须是整数";
inline constexpr const char* kMustBeString = "必须是文本";
inline constexpr const char* kMustBeDate = "日期格式应为 YYYY-MM-DD";
inline constexpr const char* kBadPeriod =
    "统计期间应写成 2026-11（月）、2026-Q4（季度）或 2026（年）";
inline constexpr const char* kBadCursor = "分页参数无效";
inline constexpr const char* kBadLimit = "每页条数应在 1 到 200 之间";
}  // namespace zhdj::msg
