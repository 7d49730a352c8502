// HTTP binding of the audit log viewer.
#pragma once

#include "db/database.hpp"
#include "http/api.hpp"

namespace zhdj::audit {
void register_routes(http::Api& api, db::Database& db);
}
