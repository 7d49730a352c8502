// Transfers of organizational relationship (组织关系转接, DOMAIN.md §7).
//   internal:  requested (member or sending branch) → approved (sending branch) → completed
//              (receiving org confirms; only then does the person move).
//   outgoing:  requested → approved (sending branch; an introduction letter with a serial
//              number unique per year and a validity is issued) → completed (return receipt).
//   incoming:  requested (the receiving branch registers the letter) → completed (confirmed).
// Either side may reject with a reason while it is their turn; the requester may cancel.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "http/api.hpp"

namespace zhdj::members {

class Service;

class TransferService {
 public:
  TransferService(Service& registry, int letter_validity_months = 3)
      : registry_(registry), letter_validity_months_(letter_validity_months) {}

  nlohmann::json request(const auth::Principal& who, const nlohmann::json& body);
  nlohmann::json approve(const auth::Principal& who, std::int64_t id);
  nlohmann::json confirm(const auth::Principal& who, std::int64_t id);
  nlohmann::json reject(const auth::Principal& who, std::int64_t id, const std::string& reason);
  nlohmann::json cancel(const auth::Principal& who, std::int64_t id);
  nlohmann::json receipt(const auth::Principal& who, std::int64_t id, Date received_on);
  nlohmann::json get(const auth::Principal& who, std::int64_t id);
  nlohmann::json list(const auth::Principal& who, const std::string& box,
                      const std::string& status);
  // Branches a transfer can go to (names only; any logged-in person may pick one).
  nlohmann::json targets(const auth::Principal& who, const std::string& q);
  // The introduction letter as an HTML print view or a PDF.
  std::string letter(const auth::Principal& who, std::int64_t id, bool pdf);

 private:
  Service& registry_;
  int letter_validity_months_;
};

void register_transfer_routes(http::Api& api, TransferService& transfers);

}  // namespace zhdj::members
