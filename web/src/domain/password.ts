// Client-side check of the password policy (docs/api.md): the server decides, this only saves a
// round trip. Answers an i18n key describing the first problem, or null.

export const MIN_PASSWORD_LENGTH = 10

export function passwordProblem(
  pw: string,
  ctx: { confirm?: string; old?: string; login?: string | null; name?: string | null },
): string | null {
  if (!pw) return 'password.newRequired'
  if ([...pw].length < MIN_PASSWORD_LENGTH) return 'password.tooShort'
  const lower = pw.toLowerCase()
  for (const who of [ctx.login, ctx.name]) {
    if (who && who.length >= 2 && lower.includes(who.toLowerCase())) return 'password.containsName'
  }
  if (ctx.old && pw === ctx.old) return 'password.same'
  if (ctx.confirm !== undefined && pw !== ctx.confirm) return 'password.mismatch'
  return null
}
