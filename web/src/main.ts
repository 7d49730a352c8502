import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { api } from './api/client'
import { i18n, t } from './i18n'
import { router } from './router'
import { useNotificationStore } from './stores/notifications'
import { useSessionStore } from './stores/session'
import 'element-plus/theme-chalk/base.css'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n).use(router)

// A 401 anywhere means the session is gone: back to the login page, then return here.
api.hooks.onUnauthenticated = () => {
  const session = useSessionStore(pinia)
  const wasLoggedIn = session.loggedIn
  session.clear()
  useNotificationStore(pinia).stop()
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    void router.push({ name: 'login', query: wasLoggedIn ? { redirect: current.fullPath, expired: '1' } : { redirect: current.fullPath } })
  }
}
// A 403 saying the login flow is unfinished (TOTP, password change): re-read the step and go there.
api.hooks.onStepRequired = () => {
  const session = useSessionStore(pinia)
  void session.load().finally(() => {
    if (router.currentRoute.value.name !== 'login') void router.push({ name: 'login' })
  })
}

router.afterEach((to) => {
  document.title = to.meta.title ? `${t(to.meta.title)} · ${t('app.title')}` : t('app.title')
})

app.mount('#app')
