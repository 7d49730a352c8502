// Pure rules about the organization tree (no I/O), shared by the views and unit-tested.
import type { CommitteePost, Org, OrgKind, WarningSeverity } from '../api/types'

export const ORG_KINDS: readonly OrgKind[] = [
  'university_committee', // 校党委
  'college_committee', // 院(系)党委
  'general_branch', // 党总支
  'branch', // 党支部
  'party_group', // 党小组
]

// 中国共产党基层组织工作条例: a committee may set up general branches and branches directly;
// a general branch sets up branches; a branch may divide into party groups.
const CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  university_committee: ['college_committee', 'general_branch', 'branch'],
  college_committee: ['general_branch', 'branch'],
  general_branch: ['branch'],
  branch: ['party_group'],
  party_group: [],
}

/** Kinds that may be created directly under an org of `parent` kind. */
export function allowedChildKinds(parent: OrgKind): readonly OrgKind[] {
  return CHILD_KINDS[parent] ?? []
}

export function canContain(parent: OrgKind, child: OrgKind): boolean {
  return allowedChildKinds(parent).includes(child)
}

export const COMMITTEE_POSTS: readonly CommitteePost[] = [
  'secretary', // 书记
  'deputy_secretary', // 副书记
  'organization', // 组织委员
  'propaganda', // 宣传委员
  'discipline', // 纪检委员
  'member', // 委员
]

/** Element Plus tag/alert type for a warning: overdue items are errors, the rest warnings. */
export function severityType(severity: WarningSeverity): 'warning' | 'error' {
  return severity === 'overdue' ? 'error' : 'warning'
}

/** Admin roles must match the node's level (docs/api.md, Roles and grants). */
const ADMIN_ROLE_KINDS: Record<string, readonly OrgKind[]> = {
  university_admin: ['university_committee'],
  college_admin: ['college_committee', 'general_branch'],
  branch_admin: ['branch'],
}

export function roleAllowedAt(role: string, kind: OrgKind): boolean {
  const kinds = ADMIN_ROLE_KINDS[role]
  return kinds ? kinds.includes(kind) : true
}

/** Ids along a materialized path `/1/7/42/`, root first. */
export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(Number)
    .filter((n) => Number.isFinite(n))
}

/** True when `org` lies in the subtree rooted at `ancestor` (itself included). */
export function isWithin(org: Pick<Org, 'path'>, ancestor: Pick<Org, 'path'>): boolean {
  return org.path.startsWith(ancestor.path)
}

export interface OrgTreeNode extends Org {
  children: OrgTreeNode[]
}

/**
 * Builds a forest from a path-ordered list. An org whose parent is not in the list (the caller's
 * grant starts below the root) becomes a root of its own.
 */
export function buildForest(orgs: readonly Org[]): OrgTreeNode[] {
  const byId = new Map<number, OrgTreeNode>()
  for (const o of orgs) byId.set(o.id, { ...o, children: [] })
  const roots: OrgTreeNode[] = []
  for (const o of orgs) {
    const node = byId.get(o.id)!
    const parent = o.parent_id != null ? byId.get(o.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

/** Names of the readable orgs along a path, for a breadcrumb; unknown ancestors are skipped. */
export function pathNames(path: string, byId: ReadonlyMap<number, Pick<Org, 'name'>>): string[] {
  return pathIds(path)
    .map((id) => byId.get(id)?.name)
    .filter((n): n is string => !!n)
}

/**
 * Orgs that may become the new parent of `org`: not itself, not inside its own subtree, and of a
 * kind that can contain it.
 */
export function moveTargets(org: Org, all: readonly Org[]): Org[] {
  return all.filter((p) => p.id !== org.id && !isWithin(p, org) && canContain(p.kind, org.kind) && p.id !== org.parent_id)
}

// A Party organization's name ends with its kind (计算机学院党委, …第一党支部); children usually
// repeat the parent's name without that ending.
const KIND_ENDINGS = ['党委', '党总支', '党支部', '党小组', '委员会']

/**
 * A child's name without the part it shares with its parent ("计算机科学与技术学院本科生第一党支部"
 * under "计算机科学与技术学院党委" → "本科生第一党支部"), for chart labels where every full name
 * would be cut to the same first characters. The full name when nothing is shared or too little is left.
 */
export function shortChildName(child: string, parent: string): string {
  const ending = KIND_ENDINGS.find((e) => parent.endsWith(e))
  // The parent's whole name (…第一党支部第一党小组), else its name without the kind (…学院本科生…).
  for (const stem of [parent, ending ? parent.slice(0, -ending.length) : '']) {
    if (stem.length < 2 || !child.startsWith(stem)) continue
    const rest = child.slice(stem.length)
    if (rest.length >= 2 && !KIND_ENDINGS.includes(rest)) return rest
  }
  return child
}
