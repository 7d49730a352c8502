// Who may open a page (pure, so it can be tested without a browser). The server checks again.
import type { RouteMeta } from 'vue-router'

export interface Access {
  can(cap: string): boolean
  memberId: number | null
}

/** Whether the session may open a page with this meta (capability, or an own record where the page allows it). */
export function routeAllowed(meta: Pick<RouteMeta, 'cap' | 'member' | 'orMember'>, session: Access): boolean {
  if (meta.cap && !session.can(meta.cap) && !(meta.orMember && session.memberId != null)) return false
  if (meta.member && session.memberId == null) return false
  return true
}
