// HTTP routes of the member registry (docs/api.md "Member registry").
#pragma once

#include "http/api.hpp"

namespace zhdj::members {

class Service;
class EventService;
class TransferService;
class RosterService;

struct Services {
  Service& registry;
  EventService& events;
  TransferService& transfers;
  RosterService& roster;
};

void register_routes(http::Api& api, Services s);

}  // namespace zhdj::members
