#include "org/model.hpp"

#include <array>
#include <utility>

namespace zhdj::org {

namespace {
constexpr std::array<std::pair<const char*, const char*>, 5> kKinds = {{
    {"university_committee", "校党委"},
    {"college_committee", "院(系)党委"},
    {"general_branch", "党总支"},
    {"branch", "党支部"},
    {"party_group", "党小组"},
}};
constexpr std::array<std::pair<const char*, const char*>, 6> kPosts = {{
    {"secretary", "书记"},
    {"deputy_secretary", "副书记"},
    {"organization", "组织委员"},
    {"propaganda", "宣传委员"},
    {"discipline", "纪检委员"},
    {"member", "委员"},
}};
}  // namespace

std::optional<Kind> parse_kind(const std::string& code) {
  for (size_t i = 0; i < kKinds.size(); ++i)
    if (code == kKinds[i].first) return static_cast<Kind>(i);
  return std::nullopt;
}
const char* kind_code(Kind k) {
  return kKinds[static_cast<size_t>(k)].first;
}
const char* kind_name(Kind k) {
  return kKinds[static_cast<size_t>(k)].second;
}

std::optional<Post> parse_post(const std::string& code) {
  for (size_t i = 0; i < kPosts.size(); ++i)
    if (code == kPosts[i].first) return static_cast<Post>(i);
  return std::nullopt;
}
const char* post_code(Post p) {
  return kPosts[static_cast<size_t>(p)].first;
}
const char* post_name(Post p) {
  return kPosts[static_cast<size_t>(p)].second;
}

}  // namespace zhdj::org
