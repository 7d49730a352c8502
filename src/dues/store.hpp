// The dues area's own storage, shared by its use cases: the bases and reliefs in force, a
// member's bills with what has been paid of each (the ledger), billing one member for one month,
// re-assessing unpaid bills, and whose dues the caller may see or manage. Runs inside the
// caller's transaction; permission answers are 404 (not visible) or 403 (visible, not allowed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "db/database.hpp"
#include "dues/rules.hpp"
#include "members/directory.hpp"
#include "org/model.hpp"

namespace zhdj::dues::store {

using members::directory::Person;

// The end of a month range that has none: "from this month on".
inline constexpr const char* kLastMonth = "9999-12";

// Whose dues the caller may read: their own, or anyone's where they hold dues.read.
Person readable_person(db::Tx& tx, const auth::Principal& who, std::int64_t member_id);
// Someone whose dues the caller manages (dues.manage at their org).
Person managed_person(db::Tx& tx, const auth::Principal& who, std::int64_t member_id);
// 409 unless the person pays dues (a party member in good standing).
void require_payer(const Person& p);
// The org `org_id` (the caller must hold `capability` there), or without one the top of the
// caller's scope for it (404 when they hold it nowhere).
org::Org scoped_org(db::Tx& tx, const auth::Principal& who, std::optional<std::int64_t> org_id,
                    std::string_view capability);
// The SQL condition of a list in the caller's scope for `capability` on `o.path`, narrowed to
// the subtree of `org_id` when given (where the caller must hold it).
auth::ScopeFilter list_scope(db::Tx& tx, const auth::Principal& who, std::string_view capability,
                             std::optional<std::int64_t> org_id);
// The 党支部 a person belongs to: the nearest org of kind branch at or above their org (their
// own org when there is none).
std::string branch_path_of(db::Tx& tx, const std::string& org_path);

std::vector<DeclaredBase> approved_bases(db::Tx& tx, std::int64_t member_id);
std::vector<Relief> approved_reliefs(db::Tx& tx, std::int64_t member_id);
// The member's bills with the payments allocated to each, oldest first.
std::vector<BillState> ledger(db::Tx& tx, std::int64_t member_id);

void insert_bill(db::Tx& tx, std::int64_t member_id, std::int64_t org_id, const std::string& month,
                 const Assessment& a, const Policy& policy, Instant now);

// Bills one person for one month exactly as bill generation does, if they owe and have no bill.
enum class Billed { created, existing, not_owed, no_base };
Billed bill_member(db::Tx& tx, const Person& p, const std::string& month, Instant now);

// Recomputes the member's bills in [from_month, to_month] that have no payment allocated from
// the bases and reliefs approved now; returns the bills whose amount, base or relief changed.
struct Change {
  std::string month;
  std::int64_t before_fen = 0;
  std::int64_t after_fen = 0;
};
std::vector<Change> reassess(db::Tx& tx, std::int64_t member_id, const std::string& from_month,
                             const std::string& to_month, Instant now);
nlohmann::json changes_json(const std::vector<Change>& changes);

// Sets j[name + "_fen"] and j[name + "_yuan"].
void put_money(nlohmann::json& j, const std::string& name, std::int64_t fen);

}  // namespace zhdj::dues::store
