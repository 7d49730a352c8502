// Chinese messages of the accounts and sessions area.
#pragma once

namespace zhdj::auth::msg {
inline constexpr const char* kPasswordTooShort = "密码至少需要 10 个字符";
inline constexpr const char* kPasswordContainsLogin = "密码不能包含账号";
inline constexpr const char* kPasswordTooCommon = "密码过于常见，请换一个更难猜的密码";
inline constexpr const char* kPasswordSame = "新密码不能与旧密码相同";
inline constexpr const char* kWrongOldPassword = "原密码不正确";
inline constexpr const char* kBadCredentials = "账号或密码错误";
inline constexpr const char* kLocked = "登录失败次数过多，请在 {} 秒后重试";
inline constexpr const char* kDisabled = "账号已停用，请联系管理员";
inline constexpr const char* kTotpWrong = "验证码不正确或已使用";
inline constexpr const char* kTotpFormat = "验证码应为 6 位数字";
inline constexpr const char* kWrongStage = "当前登录步骤不需要此操作";
inline constexpr const char* kLoginRequired = "请输入账号";
inline constexpr const char* kPasswordRequired = "请输入密码";
inline constexpr const char* kLoginFormat =
    "账号只能包含字母、数字、下划线、点和短横线，长度 2 到 40";
inline constexpr const char* kLoginTaken = "该账号已存在";
inline constexpr const char* kNameRequired = "请输入姓名";
}  // namespace zhdj::auth::msg
