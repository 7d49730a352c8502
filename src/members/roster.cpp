#include "members/roster.hpp"

namespace zhdj::members {

void register_roster_routes(http::Api& api, RosterService& roster) {}

}  // namespace zhdj::members
