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
}  // namespace zhdj::dues::msg
