// Votes (表决) held in a meeting: named or secret; admission (接收预备党员) and conversion
// (预备党员转正) votes of a 支部党员大会 under the rule of DOMAIN.md §3, one per candidate.
//
// Secret ballots: vote_voters says who may vote and who has voted, never how and never when;
// vote_ballots holds each ballot under a random key with its choice and nothing else. On SQLite
// that table is stored in key order; when the vote closes the ballots are rewritten in key order
// (PostgreSQL keeps heap order), so the order of stored rows says nothing about who voted when.
// The audit log records that a member voted, never the choice of a secret ballot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "meetings/rules.hpp"
#include "meetings/service.hpp"

namespace zhdj::meetings {

// A closed admission or conversion vote, as the development pipeline consumes it.
struct AssemblyVoteOutcome {
  std::int64_t vote_id = 0;
  std::int64_t meeting_id = 0;
  std::string kind;  // admission, conversion
  std::int64_t candidate_member_id = 0;
  Date meeting_date;  // the assembly's date (probation counts from it)
  Instant closed_at = 0;
  AssemblyVoteResult result;
};

class VoteService {
 public:
  explicit VoteService(Service& meetings) : meetings_(meetings) {}

  nlohmann::json create(const auth::Principal& who, std::int64_t meeting_id,
                        const nlohmann::json& body);
  nlohmann::json list(const auth::Principal& who, std::int64_t meeting_id);
  nlohmann::json get(const auth::Principal& who, std::int64_t vote_id);
  nlohmann::json opinion(const auth::Principal& who, std::int64_t vote_id,
                         const nlohmann::json& body);
  nlohmann::json open(const auth::Principal& who, std::int64_t vote_id);
  nlohmann::json close(const auth::Principal& who, std::int64_t vote_id);
  nlohmann::json ballot(const auth::Principal& who, std::int64_t vote_id,
                        const nlohmann::json& body);

  // The result of a closed admission/conversion vote (nullopt: no such closed vote).
  static std::optional<AssemblyVoteOutcome> assembly_outcome(db::Tx& tx, std::int64_t vote_id);
  // Closed admission/conversion votes about a person, oldest first.
  static std::vector<AssemblyVoteOutcome> outcomes_for(db::Tx& tx, std::int64_t member_id);

 private:
  nlohmann::json vote_json(db::Tx& tx, const auth::Principal& who, std::int64_t vote_id);
  Service& meetings_;
};

}  // namespace zhdj::meetings
