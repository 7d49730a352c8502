// Chinese messages of the Excel module: what xlsx::Error says to the user.
#pragma once

namespace zhdj::xlsx::msg {
inline constexpr const char* kNotXlsx = "文件不是有效的 Excel (.xlsx) 文件";
inline constexpr const char* kLegacyOrEncrypted =
    "文件是旧版 Excel (.xls) 格式或设置了打开密码，请在 Excel 中另存为 .xlsx 后再导入";
inline constexpr const char* kTooLarge = "文件过大";
inline constexpr const char* kCorrupt = "工作表内容损坏";
inline constexpr const char* kTooManyRows = "表格行数超过限制";
inline constexpr const char* kTooManyColumns = "表格列数超过限制";
inline constexpr const char* kTooManyCells = "表格内容过多";
inline constexpr const char* kSheetName =
    "工作表名称无效：不能为空、重复、超过 31 个字，或含有 []:*?/\\";
inline constexpr const char* kCellTooLong = "单元格内容超过 32767 个字";
inline constexpr const char* kHeaderFooterTooLong = "页眉或页脚文字过长";
inline constexpr const char* kWriteFailed = "生成 Excel 文件失败";
}  // namespace zhdj::xlsx::msg
