// The fuzzer's second input form: a package written as text, each part a line "==> name" followed
// by its content. Mutations of this form reach the XML directly; a mutated zip mostly fails its
// CRC check before any XML is parsed.
#pragma once

#include <string>
#include <string_view>

#include "support/xlsx_samples.hpp"

namespace zhdj::xlsx::samples {

inline constexpr std::string_view kPartMarker = "==> ";

inline std::string parts_to_text(const Parts& parts) {
  std::string text;
  for (const auto& [name, content] : parts) {
    text.append(kPartMarker).append(name).append("\n").append(content).append("\n");
  }
  return text;
}

// The inverse of parts_to_text; text before the first marker and parts without a name are ignored.
inline Parts parts_from_text(std::string_view text) {
  Parts parts;
  std::size_t at =
      text.starts_with(kPartMarker) ? 0 : text.find(std::string("\n").append(kPartMarker));
  if (at != 0 && at != std::string_view::npos) ++at;  // to the marker after the newline
  while (at != std::string_view::npos) {
    const std::size_t name_begin = at + kPartMarker.size();
    std::size_t next = text.find(std::string("\n").append(kPartMarker), name_begin);
    std::string_view part =
        text.substr(name_begin, next == std::string_view::npos ? next : next - name_begin);
    const std::size_t newline = part.find('\n');
    std::string_view name = part.substr(0, newline);
    std::string_view content =
        newline == std::string_view::npos ? std::string_view{} : part.substr(newline + 1);
    if (!name.empty()) parts.emplace_back(std::string(name), std::string(content));
    at = next == std::string_view::npos ? next : next + 1;
  }
  return parts;
}

}  // namespace zhdj::xlsx::samples
