// Finance-office statements (财务对账单): an .xlsx or CSV of payments received, imported once
// (refused a second time by the SHA-256 of the file). Each row is matched to a party member
// under the chosen org (学号/工号 exactly, or 姓名 when unique there) and to that member's oldest
// outstanding bills (the amount must pay one or several whole months); matched rows become
// payments, the others wait in the unmatched list to be assigned or dismissed by hand.
// docs/api.md "Finance-office statements" lists the columns and header spellings accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "common/time.hpp"
#include "dues/payments.hpp"
#include "dues/service.hpp"

namespace zhdj::dues {

// One data row of a statement, checked.
struct StatementRow {
  std::size_t row = 0;  // the spreadsheet's row number (1-based, header included)
  std::string name;
  std::string number;  // 学号/工号
  std::int64_t amount_fen = 0;
  Date paid_on{};
  std::string memo;
};

struct Statement {
  std::string format;  // xlsx, csv
  std::vector<StatementRow> rows;
};

// Reads a statement file. Throws ApiError 400 (field "file") when it cannot be read, has no
// header row or no data, or any row's amount or date is bad — the message names each bad row.
// Rows without a date are dated `today`; dates after `today` are bad.
Statement parse_statement(std::string_view bytes, Date today);

class StatementImport {
 public:
  StatementImport(Service& dues, PaymentService& payments) : dues_(dues), payments_(payments) {}

  // Imports a statement for the party members under `org_id` (dues.manage there; default the
  // top of the caller's scope). 409 when the same file was imported before.
  nlohmann::json import(const auth::Principal& who, std::optional<std::int64_t> org_id,
                        const std::string& file_name, const std::string& bytes);
  nlohmann::json imports(const auth::Principal& who, std::optional<std::int64_t> org_id);
  nlohmann::json unmatched(const auth::Principal& who, std::optional<std::int64_t> org_id,
                           const std::string& status);
  // The row's amount and date become a payment of the member, allocated as a recorded payment is.
  nlohmann::json assign(const auth::Principal& who, std::int64_t row_id,
                        const nlohmann::json& body);
  nlohmann::json dismiss(const auth::Principal& who, std::int64_t row_id,
                         const nlohmann::json& body);

 private:
  Service& dues_;
  PaymentService& payments_;
};

}  // namespace zhdj::dues
