import { createRouter, createWebHashHistory, type RouteLocationRaw } from 'vue-router'
import { CAP, useSessionStore } from '../stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** Capability the caller needs (from GET /auth/session). */
    cap?: string
    /** i18n key of the page title. */
    title?: string
  }
}

// Hash history: the SPA works from any static file server without a fallback rule.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
    {
      path: '/',
      component: () => import('../layouts/AppLayout.vue'),
      children: [
        { path: '', name: 'home', redirect: () => homeRoute() },
        // Links in notifications name an org as /orgs/{id}.
        { path: 'orgs/:id(\\d+)', redirect: (to) => ({ name: 'orgs', query: { id: String(to.params.id) } }) },
        { path: 'orgs', name: 'orgs', component: () => import('../views/OrgView.vue'), meta: { cap: CAP.orgRead, title: 'menu.org' } },
        { path: 'grants', name: 'grants', component: () => import('../views/GrantsView.vue'), meta: { cap: CAP.rolesRead, title: 'menu.grants' } },
        { path: 'audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { cap: CAP.auditRead, title: 'menu.audit' } },
        { path: 'profile', name: 'profile', component: () => import('../views/ProfileView.vue'), meta: { title: 'menu.profile' } },
        { path: 'password', name: 'password', component: () => import('../views/PasswordView.vue'), meta: { title: 'menu.password' } },
        { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: 'error.notFound' } },
      ],
    },
  ],
})

/** Where a logged-in user lands: the org tree when they may read it, else their own page. */
export function homeRoute(): RouteLocationRaw {
  const session = useSessionStore()
  return session.can(CAP.orgRead) ? { name: 'orgs' } : { name: 'profile' }
}

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.checked) {
    try {
      await session.load()
    } catch {
      /* server unreachable: the login page will say so when the user tries */
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.loggedIn) return homeRoute()
    return true
  }
  if (!session.loggedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (to.meta.cap && !session.can(to.meta.cap)) return homeRoute()
  return true
})
