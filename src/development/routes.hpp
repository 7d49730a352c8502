// HTTP routes of member development (/api/v1/development/...).
#pragma once

#include "development/service.hpp"
#include "http/api.hpp"

namespace zhdj::development {

void register_routes(http::Api& api, Service& service);

}  // namespace zhdj::development
