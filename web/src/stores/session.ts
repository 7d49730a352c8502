import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/client'
import { Api } from '../api/endpoints'
import type { Account, NextStep, Session, SessionGrant } from '../api/types'

/**
 * Capability names the UI gates on. docs/api.md names org.read, org.manage, roles.read and
 * audit.read; the others are the server's names from migrations/0001_foundation.sql. The UI only
 * hides what cannot work: the server checks every call at the target org.
 */
export const CAP = {
  orgRead: 'org.read',
  orgManage: 'org.manage',
  committeeManage: 'committee.manage',
  rolesRead: 'roles.read',
  rolesGrant: 'roles.grant',
  rolesGrantAdmin: 'roles.grant_admin',
  auditRead: 'audit.read',
  membersRead: 'members.read',
  membersManage: 'members.manage',
  membersReadSensitive: 'members.read_sensitive',
  meetingsRead: 'meetings.read',
  meetingsManage: 'meetings.manage',
  developmentRead: 'development.read',
  developmentManage: 'development.manage',
  developmentApprove: 'development.approve',
  duesRead: 'dues.read',
  duesManage: 'dues.manage',
} as const

/** Who is logged in and what they may do, from GET /auth/session. */
export const useSessionStore = defineStore('session', () => {
  const account = ref<Account | null>(null)
  const next = ref<NextStep | null>(null)
  const grants = ref<SessionGrant[]>([])
  const capabilities = ref<string[]>([])
  const adminLevel = ref<Session['admin_level']>(null)
  /** The caller's own registry record (我的档案), when there is one. */
  const memberId = ref<number | null>(null)
  /** True once we asked the server (whatever it said). */
  const checked = ref(false)

  const loggedIn = computed(() => account.value !== null && next.value === 'ok')

  function can(cap: string): boolean {
    return capabilities.value.includes(cap)
  }

  function apply(s: Session): void {
    account.value = s.account
    next.value = s.next
    grants.value = s.grants ?? []
    capabilities.value = s.capabilities ?? []
    adminLevel.value = s.admin_level ?? null
    memberId.value = s.member_id ?? null
    api.setCsrfToken(s.csrf_token)
    checked.value = true
  }

  function clear(): void {
    account.value = null
    next.value = null
    grants.value = []
    capabilities.value = []
    adminLevel.value = null
    memberId.value = null
    api.setCsrfToken('')
    checked.value = true
  }

  /** Asks the server who we are; false when there is no session. */
  async function load(): Promise<boolean> {
    try {
      apply(await Api.auth.session(true))
      return true
    } catch (err) {
      if ((err as { status?: number }).status === 401) {
        clear()
        return false
      }
      throw err
    }
  }

  /** Records the step the login flow is at (the answer of login / totp / password calls). */
  function setStep(step: NextStep, who?: Account): void {
    next.value = step
    if (who) account.value = who
  }

  async function logout(): Promise<void> {
    try {
      await Api.auth.logout()
    } finally {
      clear()
    }
  }

  return { account, next, grants, capabilities, adminLevel, memberId, checked, loggedIn, can, apply, clear, load, setStep, logout }
})
