// HTTP binding of party dues (docs/api.md "Party dues").
#pragma once

#include "dues/service.hpp"
#include "http/api.hpp"

namespace zhdj::dues {

void register_routes(http::Api& api, Service& dues);

}  // namespace zhdj::dues
