// Reading CSV files as Excel and WPS save them: UTF-8 with or without a byte order mark, or, when
// the bytes are not UTF-8, GB18030 (GBK) as saved on Chinese Windows. Fields are separated by
// commas, tabs or semicolons (whichever the first line uses most) and quoted as in RFC 4180
// ("a ""quoted"" field", line breaks inside quotes). The result is a Sheet of text cells, so an
// import reads .xlsx and .csv the same way.
#pragma once

#include <string_view>

#include "xlsx/reader.hpp"

namespace zhdj::xlsx {

// Throws xlsx::Error (a Chinese message) for a file over `limits` (bytes, rows, columns, cells).
Sheet read_csv(std::string_view bytes, const Limits& limits = {});

}  // namespace zhdj::xlsx
