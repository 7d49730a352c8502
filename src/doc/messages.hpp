// Chinese text that the document renderers themselves print (not the documents' own content).
#pragma once

namespace zhdj::doc::msg {
// Shown above the HTML print view on screen, hidden on paper. No print button: the server's CSP
// forbids inline scripts.
inline constexpr const char* kPrintHint =
    "请使用浏览器的打印功能（Ctrl+P，Mac 上为 ⌘+P）打印本页，纸张选择 A4 纵向。";
}  // namespace zhdj::doc::msg
