// Payments of party dues (党费缴纳): recorded by an administrator (cash or transfer), or made
// from a finance-office statement (statement.hpp). A dues payment is allocated to bills — one
// payment may cover several months, oldest first or the months chosen — and may pay ahead to
// the end of the current quarter with the branch's consent; paying a month more than 6 months
// before the payment needs an audited override. A voluntary extra payment is not allocated; from
// 1000 yuan it is marked special (特殊党费).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "dues/rules.hpp"
#include "dues/service.hpp"
#include "members/directory.hpp"

namespace zhdj::dues {

// What to pay, as read from a request (amount and date may come from a statement row instead).
struct PaymentRequest {
  std::string kind = "dues";  // dues, extra
  std::string method;         // cash, transfer, import
  std::int64_t amount_fen = 0;
  Date paid_on{};
  std::vector<YearMonth> months;  // empty: the oldest outstanding first
  bool advance = false;           // the branch consented to paying ahead
  std::string override_reason;    // back-payment beyond 6 months
  std::string note;
  std::optional<std::int64_t> import_id;
};

class PaymentService {
 public:
  explicit PaymentService(Service& dues) : dues_(dues) {}

  // POST /dues/payments: dues.manage at the member's org.
  nlohmann::json record(const auth::Principal& who, const nlohmann::json& body);
  // A member's payments (their own, or dues.read), or those made under an org in a period.
  nlohmann::json list(const auth::Principal& who, std::optional<std::int64_t> member_id,
                      std::optional<std::int64_t> org_id, const std::string& period);

  // Reads kind, months, advance and override_reason (shared by record and by assigning an
  // unmatched statement row); 400 naming the field.
  static PaymentRequest read_allocation_fields(const nlohmann::json& body);
  // In the caller's transaction: generates the bills needed, allocates, checks the back-payment
  // rule, writes the payment, audits and notifies. Returns the payment's id.
  std::int64_t pay(db::Tx& tx, const auth::Principal& who, const members::directory::Person& payer,
                   const PaymentRequest& request, Instant now);
  // Writes a dues payment whose allocations are already decided (a matched statement row).
  std::int64_t insert(db::Tx& tx, const auth::Principal& who,
                      const members::directory::Person& payer, const PaymentRequest& request,
                      const std::vector<Allocation>& allocations, Instant now);
  // Payments as JSON, in the order of `ids`.
  static nlohmann::json payments_json(db::Tx& tx, const std::vector<std::int64_t>& ids);

 private:
  Service& dues_;
};

}  // namespace zhdj::dues
