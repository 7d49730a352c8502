import { describe, expect, it } from 'vitest'
import type { Org, OrgKind } from '../src/api/types'
import {
  ORG_KINDS,
  shortChildName,
  allowedChildKinds,
  buildForest,
  canContain,
  isWithin,
  moveTargets,
  pathIds,
  pathNames,
  roleAllowedAt,
  severityType,
} from '../src/domain/org'

function org(id: number, parent_id: number | null, kind: OrgKind, path: string, name = `org${id}`): Org {
  return { id, parent_id, kind, name, path, depth: pathIds(path).length - 1, member_count: 0, full_member_count: 0 }
}

describe('allowedChildKinds', () => {
  it('follows the party-organization hierarchy', () => {
    expect(allowedChildKinds('university_committee')).toEqual(['college_committee', 'general_branch', 'branch'])
    expect(allowedChildKinds('college_committee')).toEqual(['general_branch', 'branch'])
    expect(allowedChildKinds('general_branch')).toEqual(['branch'])
    expect(allowedChildKinds('branch')).toEqual(['party_group'])
    expect(allowedChildKinds('party_group')).toEqual([])
  })

  it('never lets a kind contain itself or a higher kind', () => {
    for (const parent of ORG_KINDS) {
      for (const child of allowedChildKinds(parent)) {
        expect(ORG_KINDS.indexOf(child)).toBeGreaterThan(ORG_KINDS.indexOf(parent))
      }
    }
    expect(canContain('branch', 'branch')).toBe(false)
    expect(canContain('college_committee', 'university_committee')).toBe(false)
    expect(canContain('university_committee', 'party_group')).toBe(false)
  })
})

describe('roleAllowedAt', () => {
  it('matches admin roles to the node level', () => {
    expect(roleAllowedAt('university_admin', 'university_committee')).toBe(true)
    expect(roleAllowedAt('university_admin', 'college_committee')).toBe(false)
    expect(roleAllowedAt('college_admin', 'college_committee')).toBe(true)
    expect(roleAllowedAt('college_admin', 'general_branch')).toBe(true)
    expect(roleAllowedAt('college_admin', 'branch')).toBe(false)
    expect(roleAllowedAt('branch_admin', 'branch')).toBe(true)
    expect(roleAllowedAt('branch_admin', 'party_group')).toBe(false)
  })
  it('lets non-admin roles be granted anywhere', () => {
    for (const kind of ORG_KINDS) {
      expect(roleAllowedAt('auditor', kind)).toBe(true)
      expect(roleAllowedAt('member', kind)).toBe(true)
    }
  })
})

describe('tree helpers', () => {
  const list = [
    org(1, null, 'university_committee', '/1/', '校党委'),
    org(2, 1, 'college_committee', '/1/2/', '计算机学院党委'),
    org(3, 2, 'branch', '/1/2/3/', '本科生第一党支部'),
    org(4, 1, 'college_committee', '/1/4/', '数学学院党委'),
    org(5, 2, 'general_branch', '/1/2/5/', '研究生党总支'),
    org(12, 1, 'branch', '/1/12/', '机关党支部'),
  ]

  it('parses materialized paths', () => {
    expect(pathIds('/1/7/42/')).toEqual([1, 7, 42])
    expect(pathIds('/')).toEqual([])
  })

  it('tests subtree membership by path prefix', () => {
    expect(isWithin(list[2], list[1])).toBe(true)
    expect(isWithin(list[1], list[1])).toBe(true)
    expect(isWithin(list[3], list[1])).toBe(false)
    // '/1/12/' must not count as under '/1/1/' — paths end with a slash for that reason
    expect(isWithin({ path: '/1/12/' }, { path: '/1/1/' })).toBe(false)
  })

  it('builds a forest, making orphans (grant below the root) into roots', () => {
    const forest = buildForest(list)
    expect(forest.map((n) => n.id)).toEqual([1])
    expect(forest[0].children.map((n) => n.id)).toEqual([2, 4, 12])
    expect(forest[0].children[0].children.map((n) => n.id)).toEqual([3, 5])
    const scoped = buildForest(list.filter((o) => isWithin(o, list[1])))
    expect(scoped.map((n) => n.id)).toEqual([2])
  })

  it('names the readable ancestors for a breadcrumb', () => {
    const byId = new Map(list.map((o) => [o.id, o]))
    expect(pathNames('/1/2/3/', byId)).toEqual(['校党委', '计算机学院党委', '本科生第一党支部'])
    const scoped = new Map([[2, list[1]], [3, list[2]]])
    expect(pathNames('/1/2/3/', scoped)).toEqual(['计算机学院党委', '本科生第一党支部'])
  })

  it('offers as move targets only orgs that can contain the org and lie outside it', () => {
    expect(moveTargets(list[2], list).map((o) => o.id)).toEqual([1, 4, 5])
    expect(moveTargets(list[1], list).map((o) => o.id)).toEqual([])
  })
})

describe('severityType', () => {
  it('shows overdue as error and the rest as warning', () => {
    expect(severityType('overdue')).toBe('error')
    expect(severityType('warning')).toBe('warning')
  })
})

describe('shortChildName', () => {
  it('drops what a child repeats of its parent’s name', () => {
    expect(shortChildName('计算机科学与技术学院本科生第一党支部', '计算机科学与技术学院党委')).toBe('本科生第一党支部')
    expect(shortChildName('计算机科学与技术学院党委', '示范大学党委')).toBe('计算机科学与技术学院党委')
    expect(shortChildName('示范大学机关第一党支部', '示范大学党委')).toBe('机关第一党支部')
    expect(shortChildName('数学学院第一党支部第一党小组', '数学学院第一党支部')).toBe('第一党小组')
    expect(shortChildName('数学学院第一党小组', '数学学院第一党支部')).toBe('数学学院第一党小组')
    expect(shortChildName('外语学院党委', '外语学院')).toBe('外语学院党委')
    expect(shortChildName('外语学院党', '外语学院党委')).toBe('外语学院党')
  })
})
