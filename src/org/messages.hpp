// Chinese messages of the organization area.
#pragma once

namespace zhdj::org::msg {
inline constexpr const char* kUnknownKind = "组织类型无效";
inline constexpr const char* kNotAllowedUnder = "{}下不能设立{}";
inline constexpr const char* kRootKind = "顶级组织必须是校党委";
inline constexpr const char* kNameTaken = "上级组织下已有同名组织";
inline constexpr const char* kMoveIntoItself = "不能把组织移动到它自己或它的下级组织之下";
inline constexpr const char* kMoveSameParent = "该组织已在所选上级组织之下";
inline constexpr const char* kHasChildren = "该组织还有下级组织，不能撤销";
inline constexpr const char* kHasMembers = "该组织还有党员或发展对象，不能撤销";
inline constexpr const char* kHasGrants = "该组织还有授权的管理员或成员角色，请先收回授权";
inline constexpr const char* kRootDissolve = "不能撤销顶级组织";
inline constexpr const char* kCommitteeOnlyBranch = "只有党支部设立支部委员会";
inline constexpr const char* kUnknownPost = "职务无效";
inline constexpr const char* kPostMember = "委员必须是本支部的正式党员";
inline constexpr const char* kTermEndBeforeStart = "任期结束日期必须晚于开始日期";
inline constexpr const char* kTermStartNotAfter = "新一届任期的开始日期必须晚于上一届";
inline constexpr const char* kDuplicatePostMember = "同一名党员不能在一届委员会中担任两个职务";
inline constexpr const char* kPostsRequired = "请至少设置一名书记";
inline constexpr const char* kDelegationCollegeOnly =
    "只有院（系）党委可以获授权审批发展党员；党总支和党支部不能审批";
}  // namespace zhdj::org::msg
