// Passwords: the policy (pure) and argon2id hashing on a small, bounded pool of threads.
//
// argon2id cost (libsodium crypto_pwhash): memory 19 MiB and 2 passes by default — the OWASP
// floor (m=19 MiB, t=2, p=1). One hash takes ~25–40 ms on one core here (bench/
// docs/performance.md). Hashing runs on its own pool of `threads` workers so that a burst of
// logins cannot take every request worker or all memory (threads × 19 MiB at most).
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>

namespace zhdj::auth {

struct HashCost {
  unsigned long long ops = 2;                      // argon2 passes (t)
  std::size_t memory_bytes = 19ull * 1024 * 1024;  // m
};

// Returns a Chinese message explaining why the password is refused, or nullopt if it is fine:
// at least 10 characters, not containing the account name, not a common password.
std::optional<std::string> check_password_policy(const std::string& password,
                                                 const std::string& login);

class PasswordHasher {
 public:
  PasswordHasher(int threads, HashCost cost);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Blocking calls that run on the hashing pool.
  std::string hash(const std::string& password);
  bool verify(const std::string& password, const std::string& stored_hash);
  // A hash of a random password, verified against when the account does not exist, so that
  // response times do not reveal which account names exist.
  const std::string& decoy_hash() const { return decoy_; }

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
  HashCost cost_;
  std::string decoy_;
};

}  // namespace zhdj::auth
