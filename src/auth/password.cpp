#include "auth/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <vector>

#include "auth/messages.hpp"
#include "common/crypto.hpp"

namespace zhdj::auth {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

size_t utf8_length(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Passwords that guessing attacks try first: the most common ones in published leak
// statistics, Chinese keyboard and pinyin favourites, and this platform's own name.
const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> list = {
      "1234567890",    "12345678910",  "123456789a",   "a123456789",   "1234567890a",
      "0123456789",    "9876543210",   "1111111111",   "0000000000",   "1122334455",
      "1234512345",    "123123123123", "qwertyuiop",   "qwerty1234",   "qwertyuiop1",
      "1qaz2wsx3edc",  "1q2w3e4r5t",   "1qazxsw23edc", "zaq12wsxcde3", "asdfghjkl1",
      "asdfghjkl;",    "zxcvbnm123",   "password12",   "password123",  "password1234",
      "passw0rd123",   "p@ssw0rd123",  "iloveyou12",   "iloveyou123",  "woaini1314",
      "woaini520",     "5201314520",   "5201314abc",   "woaini123456", "abcd123456",
      "abc1234567",    "abcdefghij",   "aaaaaaaaaa",   "admin12345",   "admin123456",
      "administrator", "root123456",   "welcome123",   "changeme123",  "letmein123",
      "monkey1234",    "dragon1234",   "football12",   "baseball12",   "superman12",
      "sunshine12",    "princess12",   "qazwsxedcr",   "1234qwerty",   "qwer123456",
      "q1w2e3r4t5",    "a1b2c3d4e5",   "zhang123456",  "wang123456",   "li123456789",
      "liu123456789",  "chen123456",   "zhdj123456",   "zhdj2026zhdj", "dangjian123",
      "dangjian2026",  "dangyuan123",  "gongchandang", "zhonghua123",  "zhongguo123",
      "china123456",   "beijing123",   "shanghai123",  "123456abcd",   "123456qwer",
      "123456789q",    "147258369a",   "1472583690",   "1357924680",   "2468013579",
      "11223344556",   "12341234aa",   "88888888aa",   "66666666aa"};
  return list;
}

}  // namespace

std::optional<std::string> check_password_policy(const std::string& password,
                                                 const std::string& login) {
  if (utf8_length(password) < 10) return std::string(msg::kPasswordTooShort);
  if (!login.empty() && lower(password).find(lower(login)) != std::string::npos)
    return std::string(msg::kPasswordContainsLogin);
  if (common_passwords().count(lower(password))) return std::string(msg::kPasswordTooCommon);
  return std::nullopt;
}

struct PasswordHasher::Pool {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::function<void()>> jobs;
  bool stopping = false;
  std::vector<std::thread> threads;

  explicit Pool(int n) {
    for (int i = 0; i < std::max(1, n); ++i)
      threads.emplace_back([this] {
        for (;;) {
          std::function<void()> job;
          {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return stopping || !jobs.empty(); });
            if (jobs.empty()) return;
            job = std::move(jobs.front());
            jobs.pop_front();
          }
          job();
        }
      });
  }
  ~Pool() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    cv.notify_all();
    for (auto& t : threads) t.join();
  }
  template <class R>
  R run(std::function<R()> fn) {
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
    auto result = task->get_future();
    {
      std::lock_guard lock(mutex);
      jobs.emplace_back([task] { (*task)(); });
    }
    cv.notify_one();
    return result.get();
  }
};

PasswordHasher::PasswordHasher(int threads, HashCost cost)
    : pool_(std::make_unique<Pool>(threads)), cost_(cost) {
  decoy_ = hash(crypto::random_token(24));
}

PasswordHasher::~PasswordHasher() = default;

std::string PasswordHasher::hash(const std::string& password) {
  return pool_->run<std::string>([&] {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.ops, cost_.memory_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
      throw std::runtime_error("argon2id hashing ran out of memory");
    return std::string(out);
  });
}

bool PasswordHasher::verify(const std::string& password, const std::string& stored_hash) {
  // A one-time initial password (accounts created by a roster import): long, random and
  // usable only until the forced change, so a SHA-256 of it is enough and costs no pool time.
  constexpr std::string_view kInitial = "$zhdj-initial$";
  if (stored_hash.compare(0, kInitial.size(), kInitial) == 0)
    return crypto::equal_constant_time(crypto::sha256_hex(password),
                                       std::string_view(stored_hash).substr(kInitial.size()));
  return pool_->run<bool>([&] {
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
  });
}

}  // namespace zhdj::auth
