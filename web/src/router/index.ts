import { createRouter, createWebHashHistory, type RouteLocationRaw } from 'vue-router'
import { routeAllowed } from './access'
import { CAP, useSessionStore } from '../stores/session'

export { routeAllowed }

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** Capability the caller needs (from GET /auth/session). */
    cap?: string
    /** i18n key of the page title. */
    title?: string
    /** Only for accounts that have a registry record of their own (我的档案). */
    member?: boolean
    /** With `cap`: an account with a registry record of its own may come too (its own branch). */
    orMember?: boolean
  }
}

// Hash history: the SPA works from any static file server without a fallback rule.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
    // Full-screen pages without the side menu: the meeting room's projector, and the page the
    // check-in QR code opens on a phone (the guard sends a visitor to log in and back).
    { path: '/meetings/:id(\\d+)/screen', name: 'meeting-screen', component: () => import('../views/meetings/CheckinScreenView.vue'), meta: { title: 'checkin.screenTitle' } },
    { path: '/checkin/:id(\\d+)', name: 'checkin', component: () => import('../views/meetings/CheckinView.vue'), meta: { title: 'checkin.pageTitle' } },
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
        { path: 'registry', name: 'registry', component: () => import('../views/registry/RegistryView.vue'), meta: { cap: CAP.membersRead, title: 'menu.registry' } },
        { path: 'registry/new', name: 'member-new', component: () => import('../views/registry/MemberNewView.vue'), meta: { cap: CAP.membersManage, title: 'memberNew.title' } },
        { path: 'registry/import', name: 'member-import', component: () => import('../views/registry/ImportView.vue'), meta: { cap: CAP.membersManage, title: 'import.title' } },
        { path: 'registry/members/:id(\\d+)', name: 'member', component: () => import('../views/registry/MemberDetailView.vue'), meta: { cap: CAP.membersRead, title: 'member.title' } },
        { path: 'registry/stats', name: 'member-stats', component: () => import('../views/registry/StatsView.vue'), meta: { cap: CAP.membersRead, title: 'stats.title' } },
        { path: 'registry/corrections', name: 'corrections', component: () => import('../views/registry/CorrectionsView.vue'), meta: { cap: CAP.membersManage, title: 'correction.title' } },
        { path: 'registry/transfers', name: 'transfers', component: () => import('../views/registry/TransfersView.vue'), meta: { cap: CAP.membersRead, title: 'menu.transfers' } },
        // A member follows a notification about their own transfer here too: the server decides.
        { path: 'registry/transfers/:id(\\d+)', name: 'transfer', component: () => import('../views/registry/TransferDetailView.vue'), meta: { title: 'transfer.title' } },
        // 组织生活: everyone logged in sees their own meetings; the server decides per meeting.
        { path: 'meetings', name: 'meetings', component: () => import('../views/meetings/CalendarView.vue'), meta: { title: 'menu.meetings' } },
        { path: 'meetings/new', name: 'meeting-new', component: () => import('../views/meetings/MeetingEditView.vue'), meta: { cap: CAP.meetingsManage, title: 'meetingEdit.newTitle' } },
        { path: 'meetings/compliance', name: 'compliance', component: () => import('../views/meetings/ComplianceView.vue'), meta: { cap: CAP.meetingsRead, orMember: true, title: 'compliance.title' } },
        { path: 'meetings/:id(\\d+)', name: 'meeting', component: () => import('../views/meetings/MeetingDetailView.vue'), meta: { title: 'meeting.title' } },
        { path: 'meetings/:id(\\d+)/edit', name: 'meeting-edit', component: () => import('../views/meetings/MeetingEditView.vue'), meta: { cap: CAP.meetingsManage, title: 'meetingEdit.editTitle' } },
        { path: 'meetings/:id(\\d+)/minutes', name: 'meeting-minutes', component: () => import('../views/meetings/MinutesView.vue'), meta: { title: 'minutes.title' } },
        // 发展党员: the board, to-do list, statistics and settings need development.read; a case page
        // is also the person's own (notifications link it), so the server decides there.
        { path: 'development', name: 'development', component: () => import('../views/development/BoardView.vue'), meta: { cap: CAP.developmentRead, title: 'dev.title' } },
        { path: 'development/todo', name: 'development-todo', component: () => import('../views/development/TodoView.vue'), meta: { cap: CAP.developmentRead, title: 'dev.todo.title' } },
        { path: 'development/funnel', name: 'development-funnel', component: () => import('../views/development/FunnelView.vue'), meta: { cap: CAP.developmentRead, title: 'dev.funnel.title' } },
        { path: 'development/settings', name: 'development-settings', component: () => import('../views/development/SettingsView.vue'), meta: { cap: CAP.developmentApprove, title: 'dev.settings.title' } },
        { path: 'development/cases/:id(\\d+)', name: 'development-case', component: () => import('../views/development/CaseView.vue'), meta: { title: 'dev.caseTitle' } },
        { path: 'development/mine', name: 'development-mine', component: () => import('../views/development/MineView.vue'), meta: { member: true, title: 'dev.mine.title' } },
        { path: 'me', name: 'me', component: () => import('../views/MyRecordView.vue'), meta: { member: true, title: 'menu.myRecord' } },
        // 党费计算器: for everyone logged in (the quote itself is open, POST /dues/quote).
        { path: 'dues/calculator', name: 'dues-calculator', component: () => import('../views/dues/DuesCalculatorView.vue'), meta: { title: 'menu.duesCalculator' } },
        // 我的党费: the member's own bills, payments, base and yearly statement (phone first).
        { path: 'dues/mine', name: 'dues-mine', component: () => import('../views/dues/MyDuesView.vue'), meta: { member: true, title: 'menu.myDues' } },
        // 党费管理 for the administrators of a branch and above; the report and arrears also for auditors.
        { path: 'dues/bills', name: 'dues-bills', component: () => import('../views/dues/BillsView.vue'), meta: { cap: CAP.duesManage, title: 'menu.duesAdmin' } },
        { path: 'dues/import', name: 'dues-import', component: () => import('../views/dues/StatementImportView.vue'), meta: { cap: CAP.duesManage, title: 'duesPay.import.title' } },
        { path: 'dues/requests', name: 'dues-requests', component: () => import('../views/dues/RequestsView.vue'), meta: { cap: CAP.duesManage, title: 'duesPay.nav.requests' } },
        // Notifications about declarations and reliefs link to /dues/bases and /dues/reliefs: the
        // deciders go to what waits for them, the member to their own page.
        { path: 'dues/bases', redirect: () => duesRequestsOrMine() },
        { path: 'dues/reliefs', redirect: () => duesRequestsOrMine() },
        { path: 'dues/arrears', name: 'dues-arrears', component: () => import('../views/dues/ArrearsView.vue'), meta: { cap: CAP.duesRead, title: 'duesPay.nav.arrears' } },
        { path: 'dues/report', name: 'dues-report', component: () => import('../views/dues/ReportView.vue'), meta: { cap: CAP.duesRead, title: 'menu.duesReport' } },
        { path: 'profile', name: 'profile', component: () => import('../views/ProfileView.vue'), meta: { title: 'menu.profile' } },
        { path: 'password', name: 'password', component: () => import('../views/PasswordView.vue'), meta: { title: 'menu.password' } },
        { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: 'error.notFound' } },
      ],
    },
  ],
})

/** Where a logged-in user lands: the org tree when they may read it, else their own record or page. */
export function homeRoute(): RouteLocationRaw {
  const session = useSessionStore()
  if (session.can(CAP.orgRead)) return { name: 'orgs' }
  return session.memberId != null ? { name: 'me' } : { name: 'profile' }
}

function duesRequestsOrMine(): RouteLocationRaw {
  return useSessionStore().can(CAP.duesManage) ? { name: 'dues-requests' } : { name: 'dues-mine' }
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
  if (!routeAllowed(to.meta, session)) return homeRoute()
  return true
})
