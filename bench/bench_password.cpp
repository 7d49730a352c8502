// argon2id (libsodium crypto_pwhash, through zhdj::auth::PasswordHasher) at the default cost:
// ops (t) = 2, memory (m) = 19 MiB, parallelism 1 — the OWASP floor that zhdj ships with.
// Run with 1 and 2 concurrent callers on a hasher pool of as many threads.
//
// Report: items_per_second = hashes (or verifications) per second over all threads;
// ms_per_hash = wall time of one hash as a caller sees it (average over threads).
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>

#include "auth/password.hpp"
#include "common/crypto.hpp"

namespace {

using zhdj::auth::HashCost;
using zhdj::auth::PasswordHasher;

std::unique_ptr<PasswordHasher> g_hasher;
std::string g_stored;
const std::string kPassword = "Zhdj@2026demo";

void setup(benchmark::State& state) {
  zhdj::crypto::init();
  g_hasher = std::make_unique<PasswordHasher>(state.threads(), HashCost{});
  g_stored = g_hasher->hash(kPassword);
}

template <class F>
void timed_loop(benchmark::State& state, F&& op) {
  // Timed per call (not around the loop), so that waiting at the start barrier for thread 0's
  // setup is not counted.
  std::chrono::duration<double, std::milli> busy{0};
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    op();
    busy += std::chrono::steady_clock::now() - start;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["ms_per_hash"] = benchmark::Counter(
      busy.count() / static_cast<double>(state.iterations()), benchmark::Counter::kAvgThreads);
}

void BM_Argon2idHash(benchmark::State& state) {
  if (state.thread_index() == 0) setup(state);
  timed_loop(state, [] { benchmark::DoNotOptimize(g_hasher->hash(kPassword)); });
  if (state.thread_index() == 0) g_hasher.reset();
}

void BM_Argon2idVerify(benchmark::State& state) {
  if (state.thread_index() == 0) setup(state);
  timed_loop(state, [] {
    if (!g_hasher->verify(kPassword, g_stored)) std::abort();
  });
  if (state.thread_index() == 0) g_hasher.reset();
}

}  // namespace

BENCHMARK(BM_Argon2idHash)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_Argon2idVerify)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);

BENCHMARK_MAIN();
