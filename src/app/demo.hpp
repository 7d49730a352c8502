// A realistic demo university: 校党委, ~20 college committees and general branches, teacher,
// undergraduate and graduate branches with party groups, committees with terms, and N members
// with plausible generated Chinese names. The same generator feeds the benchmarks.
#pragma once

#include <string>
#include <vector>

#include "app/platform.hpp"

namespace zhdj::app {

struct DemoLogin {
  std::string login;
  std::string role;   // Chinese description
  std::string scope;  // the org it holds
};

inline constexpr const char* kDemoPassword = "Zhdj@2026demo";

// Fills an empty database. Returns false (and changes nothing) if orgs already exist.
bool load_demo(Platform& platform, int members, unsigned seed = 20261124);
// Organizational life for the demo: backdates the org tree by `months`, records the meetings of
// the last `months` months for every branch and party group (about one obligation in ten left
// undone, so compliance has something to show), and schedules the demo branch's next 主题党日
// (published, tomorrow afternoon) and 支部党员大会 (a draft). Returns meetings created.
int load_demo_meetings(Platform& platform, int months, unsigned seed = 20261124);
// Member development for the demo: the case of every activist, development target and
// probationary member (probation begun within 11 months), the steps behind them dated by the
// rules. Returns cases created (none when some exist already).
int load_demo_development(Platform& platform, unsigned seed = 20261124);
// The demo logins that exist in the database.
std::vector<DemoLogin> demo_logins(Platform& platform);

}  // namespace zhdj::app
