// HTTP binding of party dues (docs/api.md "Party dues").
#pragma once

#include "http/api.hpp"

namespace zhdj::dues {

void register_routes(http::Api& api);

}  // namespace zhdj::dues
