// Well-formed UTF-8: checking and repairing bytes from outside (uploaded files, statements).
// No dependencies, so the xlsx reader's fuzz build links it alone.
#pragma once

#include <string>
#include <string_view>

namespace zhdj::text {

// Whether the bytes are well-formed UTF-8 (no stray bytes, overlong forms, surrogates or code
// points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);
// Replaces what is not UTF-8 (as above) with U+FFFD, so the text can go anywhere UTF-8 is
// required (JSON, the database).
void make_valid_utf8(std::string& text);

}  // namespace zhdj::text
