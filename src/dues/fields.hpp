// Reading the dues area's request fields — months, amounts in fen, flags — with Chinese
// validation errors (400) naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/time.hpp"

namespace zhdj::dues::fields {

// "YYYY-MM".
YearMonth required_month(const nlohmann::json& body, const char* field);
// An integer number of fen in [min_fen, max_fen]; nullopt when absent or null.
std::optional<std::int64_t> optional_fen(const nlohmann::json& body, const char* field,
                                         std::int64_t min_fen, std::int64_t max_fen);
// true / false; false when absent.
bool optional_flag(const nlohmann::json& body, const char* field);
// ["YYYY-MM", …] without repeats, sorted; empty when absent.
std::vector<YearMonth> optional_months(const nlohmann::json& body, const char* field);

}  // namespace zhdj::dues::fields
