#include "harness.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace zhdj::testing;

namespace {
// Reads an SSE stream until `want` notification events arrived or `timeout` passed.
std::vector<Json> read_events(TestUniversity& u, const std::string& cookie,
                              const std::string& last_event_id, size_t want,
                              std::chrono::seconds timeout,
                              const std::function<void()>& after_connect = {}) {
  std::vector<Json> events;
  httplib::Client cli("127.0.0.1", u.port());
  cli.set_read_timeout(timeout.count(), 0);
  httplib::Headers headers{{"Cookie", "zhdj_session=" + cookie}};
  if (!last_event_id.empty()) headers.emplace("Last-Event-ID", last_event_id);
  std::string buffer;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool connected = false;
  cli.Get("/api/v1/notifications/stream", headers, [&](const char* data, size_t n) {
    buffer.append(data, n);
    if (!connected) {
      connected = true;
      if (after_connect) std::thread(after_connect).detach();
    }
    size_t end;
    while ((end = buffer.find("\n\n")) != std::string::npos) {
      std::string block = buffer.substr(0, end);
      buffer.erase(0, end + 2);
      if (block.find("event: notification") == std::string::npos) continue;
      auto pos = block.find("data: ");
      events.push_back(Json::parse(block.substr(pos + 6)));
    }
    return events.size() < want && std::chrono::steady_clock::now() < deadline;
  });
  return events;
}
}  // namespace

TEST(Notifications, GrantArrivesLiveOnTheOpenStream) {
  TestUniversity u;
  Client member(u);
  member.login("demo-member");
  Client admin(u);
  admin.login("demo-school");
  auto branch = u.org_id("计算机科学与技术学院本科生第一党支部");
  auto started = std::chrono::steady_clock::now();
  auto events = read_events(u, member.cookie(), "", 1, std::chrono::seconds(10), [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    admin.post("/api/v1/grants",
               {{"login", "demo-member"}, {"role", "branch_admin"}, {"org_id", branch}});
  });
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["kind"], "grant.created");
  EXPECT_EQ(events[0]["title"], "您获得了新的角色");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
}

TEST(Notifications, ReconnectWithLastEventIdLosesNothing) {
  TestUniversity u;
  Client member(u);
  member.login("demo-member");
  auto account = u.scalar("SELECT id FROM accounts WHERE login = 'demo-member'");
  auto send = [&](const std::string& title) {
    u.db().write([&](zhdj::db::Tx& tx) {
      u.platform().notifications().send(tx, {account}, {"test", title, "", "/"});
    });
  };
  send("第一条");
  auto first_id = u.scalar("SELECT MAX(id) FROM notifications");
  send("第二条");  // sent while the tab was disconnected
  send("第三条");
  auto events =
      read_events(u, member.cookie(), std::to_string(first_id), 2, std::chrono::seconds(5));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["title"], "第二条");
  EXPECT_EQ(events[1]["title"], "第三条");
}

TEST(Notifications, UnreadCountsAndMarkingRead) {
  TestUniversity u;
  Client member(u);
  member.login("demo-member");
  auto account = u.scalar("SELECT id FROM accounts WHERE login = 'demo-member'");
  u.db().write([&](zhdj::db::Tx& tx) {
    for (int i = 0; i < 3; ++i)
      u.platform().notifications().send(tx, {account}, {"test", "通知", "", "/"});
  });
  EXPECT_EQ(member.get("/api/v1/notifications/unread-count").json["unread"], 3);
  auto list = member.get("/api/v1/notifications");
  auto id = list.json["items"][0]["id"].get<std::int64_t>();
  EXPECT_EQ(member.post("/api/v1/notifications/" + std::to_string(id) + "/read").status, 200);
  EXPECT_EQ(member.get("/api/v1/notifications/unread-count").json["unread"], 2);
  EXPECT_EQ(member.post("/api/v1/notifications/read-all").status, 200);
  EXPECT_EQ(member.get("/api/v1/notifications/unread-count").json["unread"], 0);
  // Someone else's notification does not exist for this caller.
  Client other(u);
  other.login("demo-branch");
  EXPECT_EQ(other.post("/api/v1/notifications/" + std::to_string(id) + "/read").status, 404);
}

TEST(Notifications, StreamsThatComeAndGoLeaveTheServerHealthy) {
  // Regression: a poll closure destroyed twice (a GCC coroutine temporary) crashed the server a
  // few heartbeats after clients left.
  TestUniversity u;
  Client member(u);
  member.login("demo-member");
  for (int i = 0; i < 5; ++i) {
    read_events(u, member.cookie(), "", 1, std::chrono::seconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // > the 1 s test heartbeat
  }
  EXPECT_EQ(member.get("/healthz").status, 200);
  EXPECT_EQ(member.get("/api/v1/notifications/unread-count").status, 200);
}
