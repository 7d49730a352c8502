// HTTP binding of the organization tree.
#pragma once

#include "http/api.hpp"
#include "org/service.hpp"

namespace zhdj::org {
void register_routes(http::Api& api, Service& orgs);
}
